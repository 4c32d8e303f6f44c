//! The commands scripts rely on: names, flags, JSON fields and exit codes.

use std::process::{Command, Output};

const NOW: &str = "2026-11-25T10:00:00Z";

fn imha(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(args)
        .env("IMHA_DATA_DIR", dir)
        .env("IMHA_CONFIG_DIR", dir.join("config"))
        .env("IMHA_NOW", NOW)
        .env_remove("IMHA_USER")
        .output()
        .unwrap()
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
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    ok(&imha(
        dir,
        &["user", "add", "j.smith", "--display-name", "Jo Smith"],
    ));
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
}

#[test]
fn bad_refs_and_bad_input_exit_2_and_change_nothing() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    ok(&imha(dir, &["user", "add", "j.smith"]));
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
    let d = tempfile::tempdir().unwrap();
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
fn data_dir_is_created_0700_and_exports_0600_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("records");
    let o = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(["--data-dir", data.to_str().unwrap(), "demo"])
        .env("IMHA_NOW", NOW)
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let out = d.path().join("p1.md");
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "export",
        "--patient",
        "P2",
        "--format",
        "markdown",
        "--output",
        out.to_str().unwrap(),
    ];
    ok(&Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(args)
        .env("IMHA_NOW", NOW)
        .output()
        .unwrap());
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("# Advocacy record: Bea Okoro (P2)"));
    let again = Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(args)
        .env("IMHA_NOW", NOW)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("already exists"));
    let mut forced = args.to_vec();
    forced.push("--force");
    ok(&Command::new(env!("CARGO_BIN_EXE_imha"))
        .args(forced)
        .env("IMHA_NOW", NOW)
        .output()
        .unwrap());
}

#[test]
fn a_file_that_is_not_an_imha_database_is_refused_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("imha.db"), b"hello".repeat(1000)).unwrap();
    let o = imha(d.path(), &["patient", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not an imha database"));
}

#[test]
fn dates_and_eligible_need_no_database() {
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
            "136",
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
