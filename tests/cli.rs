//! The commands scripts rely on: names, flags, JSON fields and exit codes, signed in with
//! `--user` and `--passphrase-stdin`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-25T10:00:00Z";
const PASS: &str = "correct horse battery";

fn run(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(args)
        .env("IMHA_DATA_DIR", dir)
        .env("IMHA_CONFIG_DIR", dir.join("config"))
        .env("IMHA_NOW", NOW)
        .env("IMHA_KDF_M_COST", "64")
        .env("IMHA_KDF_T_COST", "1")
        .env_remove("IMHA_USER")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits before reading: that is not an error here.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Runs a command signed in as j.smith.
fn imha(dir: &std::path::Path, args: &[&str]) -> Output {
    let mut all = vec!["--user", "j.smith", "--passphrase-stdin"];
    all.extend_from_slice(args);
    run(dir, &all, &format!("{PASS}\n{PASS}-new\n"))
}

/// A data directory with j.smith as its first administrator.
fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let o = run(
        d.path(),
        &[
            "user",
            "add",
            "j.smith",
            "--display-name",
            "Jo Smith",
            "--passphrase-stdin",
        ],
        &format!("{PASS}\n"),
    );
    let out = ok(&o);
    assert!(out.contains("Recovery key"), "{out}");
    d
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn add_list_section_and_export_json() {
    let d = setup();
    let dir = d.path();
    let r = ok(&imha(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "Ann Test",
            "--dob",
            "1990-01-02",
            "--ward",
            "Oak",
            "--nhs-number",
            "999 001 0005",
        ],
    ));
    assert_eq!(r.trim(), "P1");
    ok(&imha(
        dir,
        &[
            "section",
            "add",
            "--patient",
            "P1",
            "--section",
            "s.2",
            "--start",
            "2026-11-20T09:30:00Z",
            "--source",
            "mha_office",
        ],
    ));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&imha(dir, &["patient", "list", "--json"]))).unwrap();
    let p = &list[0];
    assert_eq!(p["id"], "P1");
    assert_eq!(p["name"], "Ann Test");
    assert_eq!(p["date_of_birth"], "1990-01-02");
    assert_eq!(p["nhs_number"], "9990010005");
    assert_eq!(p["ward"], "Oak");
    assert_eq!(p["section"], "2");
    // The NHS number works as a REF too.
    let j: serde_json::Value = serde_json::from_str(&ok(&imha(
        dir,
        &["export", "--patient", "9990010005", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(j["schema"], 1);
    assert_eq!(j["patient"]["id"], "P1");
    assert_eq!(j["episodes"][0]["section"], "2");
    assert_eq!(j["episodes"][0]["started_at"], "2026-11-20T09:30:00+00:00");
    assert!(j["sessions"].as_array().unwrap().is_empty());
    // The export is in the audit log.
    let audit = ok(&imha(dir, &["audit", "show", "--patient", "P1"]));
    assert!(
        audit.contains("exported\tjson to standard output"),
        "{audit}"
    );
    assert!(audit.contains("section_recorded"), "{audit}");
    assert!(!audit.contains("Ann Test"), "the audit log holds no names");
}

#[test]
fn bad_refs_and_bad_input_exit_2_and_change_nothing() {
    let d = setup();
    let dir = d.path();
    for r in ["bob", "9990010006", "P"] {
        let o = imha(dir, &["export", "--patient", r, "--format", "json"]);
        assert_eq!(o.status.code(), Some(2), "{r}: {}", err(&o));
    }
    let o = imha(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "X",
            "--dob",
            "2030-01-01",
            "--ward",
            "Oak",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("future"));
    let o = imha(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "X",
            "--dob",
            "1990-13-01",
            "--ward",
            "Oak",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = imha(
        dir,
        &[
            "patient",
            "add",
            "--name",
            "X",
            "--dob",
            "1990-01-01",
            "--ward",
            "Oak",
            "--nhs-number",
            "9990010006",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("check digit"));
    let long = "n".repeat(500);
    let o = imha(
        dir,
        &[
            "patient",
            "add",
            "--name",
            &long,
            "--dob",
            "1990-01-01",
            "--ward",
            "Oak",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("too long"));
    let o = imha(
        dir,
        &[
            "section",
            "add",
            "--patient",
            "P1",
            "--section",
            "99",
            "--start",
            NOW,
            "--source",
            "papers",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("not a status"));
    assert_eq!(ok(&imha(dir, &["patient", "list", "--json"])).trim(), "[]");
}

#[test]
fn demo_loads_once_and_then_refuses_with_exit_1() {
    let d = setup();
    ok(&imha(d.path(), &["demo"]));
    let o = imha(d.path(), &["demo"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already holds patients"));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&imha(d.path(), &["patient", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 12);
    for p in list.as_array().unwrap() {
        assert!(p["nhs_number"].as_str().unwrap().starts_with("999"));
    }
}

#[test]
fn data_dir_is_0700_key_file_0600_and_exports_0600_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    assert_eq!(
        std::fs::metadata(dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for f in ["imha.db", "imha.keys"] {
        assert_eq!(
            std::fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o077,
            0,
            "{f} is private"
        );
    }
    let out = dir.join("export").join("p2.md");
    std::fs::create_dir(dir.join("export")).unwrap();
    let args = [
        "export",
        "--patient",
        "P2",
        "--format",
        "markdown",
        "--output",
        out.to_str().unwrap(),
    ];
    ok(&imha(dir, &args));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("# Advocacy record: Bea Okoro (P2)"));
    let again = imha(dir, &args);
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("already exists"));
    let mut forced = args.to_vec();
    forced.push("--force");
    ok(&imha(dir, &forced));
}

#[test]
fn a_file_that_is_not_an_imha_database_is_refused_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("imha.db"), b"hello".repeat(1000)).unwrap();
    let o = run(
        d.path(),
        &["user", "add", "j.smith", "--passphrase-stdin"],
        &format!("{PASS}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no key file"), "{}", err(&o));
    assert_eq!(
        std::fs::read(d.path().join("imha.db")).unwrap(),
        b"hello".repeat(1000)
    );
}

#[test]
fn records_need_a_sign_in_and_a_wrong_passphrase_is_refused() {
    let d = setup();
    let o = run(d.path(), &["patient", "list"], "");
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("--user"));
    let o = run(
        d.path(),
        &["--user", "j.smith", "--passphrase-stdin", "patient", "list"],
        "wrong passphrase\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not right"), "{}", err(&o));
    assert!(
        !err(&o).to_lowercase().contains("sqlcipher"),
        "SQLCipher's own log is silenced"
    );
    // The failed attempt is written to the audit log at the next sign-in.
    ok(&imha(d.path(), &["patient", "list"]));
    let o = imha(d.path(), &["audit", "verify"]);
    assert!(ok(&o).contains("intact"));
}

#[test]
fn administrators_add_disable_and_reset_advocates() {
    let d = setup();
    let dir = d.path();
    ok(&imha(
        dir,
        &["user", "add", "a.jones", "--display-name", "Ash Jones"],
    ));
    // a.jones's passphrase is the second line given above.
    let jones = |args: &[&str], stdin: &str| {
        let mut all = vec!["--user", "a.jones", "--passphrase-stdin"];
        all.extend_from_slice(args);
        run(dir, &all, stdin)
    };
    ok(&jones(&["patient", "list"], &format!("{PASS}-new\n")));
    // Not an administrator.
    let o = jones(
        &["user", "add", "x.y"],
        &format!("{PASS}-new\nanother passphrase\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("administrator"));
    ok(&imha(dir, &["user", "disable", "a.jones"]));
    let o = jones(&["patient", "list"], &format!("{PASS}-new\n"));
    assert_eq!(
        o.status.code(),
        Some(1),
        "a disabled advocate cannot sign in"
    );
    // A reset re-enables with a new passphrase (the second line).
    ok(&imha(dir, &["user", "passwd", "a.jones"]));
    ok(&jones(&["patient", "list"], &format!("{PASS}-new\n")));
}

#[test]
fn backup_writes_an_encrypted_copy_that_opens_with_the_key_file() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    let copy = dir.join("copy.db");
    ok(&imha(dir, &["backup", "--output", copy.to_str().unwrap()]));
    let bytes = std::fs::read(&copy).unwrap();
    assert!(!bytes.windows(10).any(|w| w == b"Alex Marsh"));
    assert!(!imha::store::is_plaintext(&copy));
    // Restore: the copy beside the key file opens.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored.path().join("imha.db")).unwrap();
    std::fs::copy(dir.join("imha.keys"), restored.path().join("imha.keys")).unwrap();
    let list: serde_json::Value =
        serde_json::from_str(&ok(&imha(restored.path(), &["patient", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 12);
}

#[test]
fn two_processes_writing_at_once_both_land() {
    let d = setup();
    let dir = d.path().to_path_buf();
    ok(&imha(
        &dir,
        &[
            "patient",
            "add",
            "--name",
            "Two Writers",
            "--dob",
            "1990-01-01",
            "--ward",
            "Oak",
        ],
    ));
    ok(&imha(
        &dir,
        &[
            "section",
            "add",
            "--patient",
            "P1",
            "--section",
            "3",
            "--start",
            "2026-11-01T00:00:00Z",
            "--source",
            "papers",
        ],
    ));
    let spawn = |n: usize| {
        let dir = dir.clone();
        std::thread::spawn(move || {
            for i in 0..5 {
                let at = format!("2026-11-2{}T0{}:00:00Z", 4 + n, i);
                ok(&imha(
                    &dir,
                    &[
                        "event",
                        "add",
                        "--patient",
                        "P1",
                        "--kind",
                        "leave_granted",
                        "--at",
                        &at,
                    ],
                ));
            }
        })
    };
    let (a, b) = (spawn(0), spawn(1));
    a.join().unwrap();
    b.join().unwrap();
    let j: serde_json::Value = serde_json::from_str(&ok(&imha(
        &dir,
        &["export", "--patient", "P1", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(j["legal_events"].as_array().unwrap().len(), 10);
    assert!(ok(&imha(&dir, &["audit", "verify"])).contains("intact"));
}

#[test]
fn dates_and_eligible_need_no_database_or_sign_in() {
    let d = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args([
            "dates",
            "--section",
            "3",
            "--start",
            "2026-10-01T14:00:00+01:00",
            "--json",
        ])
        .env("IMHA_DATA_DIR", d.path().join("never-created"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let ends = v
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "ends")
        .unwrap();
    assert_eq!(ends["date"], "2027-03-31");
    assert_eq!(ends["status"], "firm");
    assert!(!d.path().join("never-created").exists());
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["eligible", "--section", "5(2)", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["eligible"], false);
    assert_eq!(v["provision"], "s.130C(2)(a)");
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["eligible", "--section", "informal", "--considering", "ect"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "ECT needs an age");
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args([
            "eligible",
            "--section",
            "informal",
            "--considering",
            "s57",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["eligible"], true);
    assert_eq!(v["provision"], "s.130C(3)(a)");
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["eligible", "--section", "3", "--considering", "s57"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "--considering goes with informal");
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["dates", "--section", "47/49", "--start", NOW])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--release-date"));
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = imha::keymap::Keymap::default_keymap().markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap: paste the output of `imha keys` between the key-table markers"
    );
}

#[test]
fn the_recovery_key_sets_a_passphrase_when_nobody_can_sign_in() {
    let d = tempfile::tempdir().unwrap();
    let o = run(
        d.path(),
        &["user", "add", "j.smith", "--passphrase-stdin"],
        &format!("{PASS}\n"),
    );
    let out = ok(&o);
    let key = out
        .lines()
        .find_map(|l| l.split(": ").nth(1).filter(|k| k.contains('-')))
        .expect("recovery key printed")
        .to_string();
    let o = run(
        d.path(),
        &[
            "user",
            "passwd",
            "j.smith",
            "--recovery",
            "--passphrase-stdin",
        ],
        &format!("{key}\nbrand new passphrase\n"),
    );
    ok(&o);
    let o = run(
        d.path(),
        &["--user", "j.smith", "--passphrase-stdin", "patient", "list"],
        "brand new passphrase\n",
    );
    ok(&o);
    let o = run(
        d.path(),
        &[
            "user",
            "passwd",
            "j.smith",
            "--recovery",
            "--passphrase-stdin",
        ],
        "not-the-key\nwhatever passphrase\n",
    );
    assert_eq!(o.status.code(), Some(1));
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn census_import_adds_then_a_second_import_changes_nothing() {
    let d = setup();
    let dir = d.path();
    let out = ok(&imha(
        dir,
        &["import", "census", &fixture("census_good.csv")],
    ));
    assert!(
        out.contains("Added 2 patient(s); changed 0; 0 in conflict"),
        "{out}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&imha(dir, &["patient", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let again = ok(&imha(
        dir,
        &["import", "census", &fixture("census_good.csv")],
    ));
    assert!(
        again.contains("Added 0 patient(s); changed 0; 0 in conflict (not applied); 2 unchanged"),
        "{again}"
    );
    // A new section is a new episode; a different start for the same section is a conflict.
    let changed = dir.join("changed.csv");
    std::fs::write(
        &changed,
        "name,date_of_birth,nhs_number,ward,section,section_start,source\n\
         Nia Census,1985-02-03,9990029180,Elm Ward,3,2026-11-05T10:00:00Z,papers\n\
         Owen Census,1979-07-08,,Oak Ward,3,2026-11-24T09:00:00Z,ward_staff\n",
    )
    .unwrap();
    let out = ok(&imha(dir, &["import", "census", changed.to_str().unwrap()]));
    assert!(out.contains("moved from Oak Ward to Elm Ward"), "{out}");
    assert!(out.contains("new section s.3"), "{out}");
    assert!(out.contains("1 in conflict"), "{out}");
    let j: serde_json::Value = serde_json::from_str(&ok(&imha(
        dir,
        &["export", "--patient", "P2", "--format", "json"],
    )))
    .unwrap();
    let eps = j["episodes"].as_array().unwrap();
    assert_eq!(eps.len(), 2, "history kept: s.2 then s.3");
    assert_eq!(eps[0]["end_reason"], "replaced");
}

#[test]
fn a_census_with_bad_rows_is_refused_whole_with_line_numbers() {
    let d = setup();
    let dir = d.path();
    let o = imha(dir, &["import", "census", &fixture("census_bad.csv")]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    for line in 3..=11 {
        assert!(
            e.contains(&format!("line {line}:")),
            "line {line} not reported: {e}"
        );
    }
    assert!(!e.contains("line 2:"), "the good row is fine: {e}");
    assert_eq!(
        ok(&imha(dir, &["patient", "list", "--json"])).trim(),
        "[]",
        "nothing imported"
    );
    let missing = dir.join("missing.csv");
    std::fs::write(&missing, "name,ward\nX,Oak\n").unwrap();
    let o = imha(dir, &["import", "census", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("line 1: the header has no column 'date_of_birth'"));
}

#[test]
fn one_session_exports_on_its_own() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    let whole: serde_json::Value = serde_json::from_str(&ok(&imha(
        dir,
        &["export", "--patient", "P2", "--format", "json"],
    )))
    .unwrap();
    let sid = whole["sessions"][0]["id"].as_i64().unwrap();
    let one: serde_json::Value = serde_json::from_str(&ok(&imha(
        dir,
        &["export", "--session", &sid.to_string(), "--format", "json"],
    )))
    .unwrap();
    assert_eq!(one["schema"], 1);
    assert_eq!(one["patient"]["id"], "P2");
    assert_eq!(one["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(one["sessions"][0]["id"], sid);
    assert!(
        one["concerns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["session_id"] == sid)
    );
    let md = ok(&imha(
        dir,
        &[
            "export",
            "--session",
            &sid.to_string(),
            "--format",
            "markdown",
        ],
    ));
    assert!(md.contains(&format!("### Session {sid}")));
    let o = imha(dir, &["export", "--session", "999", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let audit = ok(&imha(dir, &["audit", "show", "--patient", "P2"]));
    assert!(audit.contains(&format!("session {sid}")), "{audit}");
}

#[test]
fn the_patients_summary_is_plain_short_and_has_no_internal_notes() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(dir.join("config/config.toml"), "[service]\nname = \"Fictional Advocacy\"\ncontact = \"Call 0100 000 0000 (a made-up number).\"\n").unwrap();
    let s = ok(&imha(dir, &["summary", "--patient", "P2"]));
    assert!(s.contains("This is for Bea."), "{s}");
    assert!(s.contains("The last day to ask the tribunal is"), "{s}");
    assert!(
        s.contains("Help her apply to the tribunal and contact a solicitor."),
        "{s}"
    );
    assert!(s.contains("Fictional Advocacy"), "{s}");
    assert!(
        !s.contains("s.66") && !s.contains("s.132"),
        "no citations: {s}"
    );
    // Readability: every sentence is short.
    for sentence in s
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty() && !x.starts_with('#'))
    {
        assert!(
            sentence.split_whitespace().count() <= 20,
            "too long: {sentence}"
        );
    }
    let audit = ok(&imha(dir, &["audit", "show", "--patient", "P2"]));
    assert!(audit.contains("summary_written"), "{audit}");
}

#[test]
fn referrals_follow_the_service_rules_and_record_eligibility() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(
        dir.join("config/config.toml"),
        "[service]\nname = \"Fictional Advocacy\"\naccepted_referrers = [\"local_authority\", \"mental_health_trust\"]\n",
    )
    .unwrap();
    // A self-referral is refused with a way to be referred; nothing is recorded.
    let o = imha(
        dir,
        &[
            "referral",
            "add",
            "--patient",
            "P1",
            "--referrer",
            "the patient",
            "--type",
            "patient",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("ask the ward staff, the mental health trust or the local authority"),
        "{}",
        err(&o)
    );
    // The nearest relative is always accepted (s.130B(5)).
    let out = ok(&imha(
        dir,
        &[
            "referral",
            "add",
            "--patient",
            "P1",
            "--referrer",
            "mother",
            "--type",
            "nearest_relative",
        ],
    ));
    assert!(
        out.contains("must respond") && out.contains("Eligible"),
        "{out}"
    );
    // A non-qualifying patient (s.5(2), Dana Whitfield, P4) is recorded as such, with the reason.
    let out = ok(&imha(
        dir,
        &[
            "referral",
            "add",
            "--patient",
            "P4",
            "--referrer",
            "Trust",
            "--type",
            "mental_health_trust",
            "--records-access",
            "consent_given",
        ],
    ));
    assert!(
        out.contains("NOT eligible") && out.contains("s.130C(2)(a)"),
        "{out}"
    );
    let o = imha(
        dir,
        &[
            "referral",
            "add",
            "--patient",
            "P4",
            "--referrer",
            "x",
            "--type",
            "friend",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_commissioner_report_matches_its_golden_files_and_holds_no_names() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    ok(&imha(
        dir,
        &[
            "referral",
            "add",
            "--patient",
            "P1",
            "--referrer",
            "ward",
            "--type",
            "ward_staff",
            "--at",
            "2026-11-23T10:00:00Z",
        ],
    ));
    let csv = ok(&imha(
        dir,
        &[
            "report",
            "--from",
            "2026-08-01",
            "--to",
            "2026-11-25",
            "--format",
            "csv",
        ],
    ));
    let md = ok(&imha(
        dir,
        &[
            "report",
            "--from",
            "2026-08-01",
            "--to",
            "2026-11-25",
            "--format",
            "markdown",
        ],
    ));
    for (name, text) in [("report_demo.csv", &csv), ("report_demo.md", &md)] {
        let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("IMHA_UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, text).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            text, &want,
            "{name} differs from its golden file (IMHA_UPDATE_GOLDEN=1 rewrites it)"
        );
    }
    for name in ["Alex", "Marsh", "Okoro", "999"] {
        assert!(
            !csv.contains(name) && !md.contains(name),
            "{name} in the report"
        );
    }
    assert!(csv.starts_with("measure,group,count\n"));
    assert!(csv.contains("<5"), "small counts suppressed: {csv}");
    let audit = ok(&imha(dir, &["audit", "verify"]));
    assert!(audit.contains("intact"));
}

#[test]
fn exports_and_the_summary_match_their_golden_files() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    for (name, args) in [
        (
            "export_p2.json",
            vec!["export", "--patient", "P2", "--format", "json"],
        ),
        (
            "export_p2.md",
            vec!["export", "--patient", "P2", "--format", "markdown"],
        ),
        ("summary_p2.md", vec!["summary", "--patient", "P2"]),
    ] {
        let text = ok(&imha(dir, &args));
        let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("IMHA_UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            text,
            std::fs::read_to_string(&path).unwrap_or_default(),
            "{name} differs (IMHA_UPDATE_GOLDEN=1 rewrites it)"
        );
    }
}

#[test]
fn writing_into_a_folder_others_can_read_warns() {
    use std::os::unix::fs::PermissionsExt;
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    let open_dir = dir.join("shared");
    std::fs::create_dir(&open_dir).unwrap();
    std::fs::set_permissions(&open_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = open_dir.join("p1.json");
    let o = imha(
        dir,
        &[
            "export",
            "--patient",
            "P1",
            "--format",
            "json",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    assert!(
        err(&o).contains("can be read by other users"),
        "{}",
        err(&o)
    );
}

#[test]
fn patient_search_finds_by_name_nhs_number_and_ward() {
    let d = setup();
    let dir = d.path();
    ok(&imha(dir, &["demo"]));
    let out = ok(&imha(dir, &["patient", "search", "okoro"]));
    assert!(out.starts_with("P2\tBea Okoro"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&ok(&imha(
        dir,
        &["patient", "search", "999 001 1370", "--json"],
    )))
    .unwrap();
    assert_eq!(v[0]["id"], "P2");
    let out = ok(&imha(dir, &["patient", "search", "zzzzqqq"]));
    assert!(out.is_empty());
}
