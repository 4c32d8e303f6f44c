use super::{
    AuditCmd, Cli, Command, Considering, EventCmd, Format, ImportCmd, PatientCmd, ReferralCmd,
    ReportFormat, SectionCmd, SourceArg, UserCmd,
};
use crate::domain::time::{Clock, Instant, london_day, parse_date, parse_instant, rfc3339_london};
use crate::domain::{
    Advocate, LegalEventKind, NewEpisode, NewPatient, PatientRef, RecordsAccess, ReferrerType,
    Source,
};
use crate::law::{self, When};
use crate::store::{AuditCheck, Store, StoreError};
use crate::vault::Secret;
use serde_json::json;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A command's failure: the exit code (2 bad input, 1 refused or failed) and a message.
pub struct Failure {
    pub code: i32,
    pub message: String,
}

fn bad(msg: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: msg.into(),
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = matches!(e, StoreError::Invalid(_))
            .then_some(2)
            .unwrap_or(1);
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

impl From<crate::domain::Invalid> for Failure {
    fn from(e: crate::domain::Invalid) -> Self {
        bad(e.to_string())
    }
}

pub fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    cli.data_dir
        .clone()
        .or_else(crate::config::default_data_dir)
        .ok_or_else(|| bad("No data directory: pass --data-dir DIR or set IMHA_DATA_DIR"))
}

impl From<crate::auth::AuthError> for Failure {
    fn from(e: crate::auth::AuthError) -> Self {
        match e {
            crate::auth::AuthError::Store(s) => s.into(),
            other => Failure {
                code: 1,
                message: other.to_string(),
            },
        }
    }
}

impl From<crate::vault::VaultError> for Failure {
    fn from(e: crate::vault::VaultError) -> Self {
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

/// Where passphrases come from: the terminal (not echoed), or standard input one a line.
pub struct Passes {
    stdin: bool,
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Passes {
    pub fn new(stdin: bool) -> Self {
        Passes { stdin, lines: None }
    }

    fn next(&mut self, prompt: &str) -> Result<Secret, Failure> {
        if self.stdin {
            use std::io::BufRead;
            let lines = self
                .lines
                .get_or_insert_with(|| std::io::stdin().lock().lines());
            return match lines.next() {
                Some(Ok(l)) => Ok(Secret::new(l.trim_end_matches(['\r', '\n']).to_string())),
                _ => Err(bad(format!("--passphrase-stdin: no line for {prompt}"))),
            };
        }
        rpassword::prompt_password(format!("{prompt}: "))
            .map(Secret::new)
            .map_err(|_| bad("No terminal to ask for the passphrase: use --passphrase-stdin"))
    }
}

/// A signed-in command: the audit head is written to the key file when it ends.
pub struct Signed(pub crate::auth::Opened);

impl Drop for Signed {
    fn drop(&mut self) {
        let _ = crate::auth::sync_head(&self.0.dir, &self.0.store);
    }
}

impl Signed {
    fn parts(&mut self) -> (&mut Store, Advocate) {
        (&mut self.0.store, self.0.advocate.clone())
    }
}

fn prepared_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    let dir = data_dir(cli)?;
    crate::config::ensure_data_dir(&dir).map_err(|m| Failure {
        code: 1,
        message: m,
    })?;
    Ok(dir)
}

/// Signs in with `--user` and a passphrase.
pub fn sign_in(cli: &Cli, now: Instant, passes: &mut Passes) -> Result<Signed, Failure> {
    let dir = prepared_dir(cli)?;
    if crate::auth::setup_state(&dir) == crate::auth::Setup::NeedsFirstAdmin {
        return Err(Failure {
            code: 1,
            message: "There are no accounts here yet: run 'imha user add LOGIN' to create the first administrator, or open the app".into(),
        });
    }
    let login = cli
        .user
        .clone()
        .ok_or_else(|| bad("Say who you are with --user LOGIN (and your passphrase)"))?;
    let pass = passes.next(&format!("Passphrase for {login}"))?;
    Ok(Signed(crate::auth::sign_in(
        &dir,
        &login,
        pass.expose(),
        now,
    )?))
}

/// Reads a snake_case value from a fixed list, or says which values there are.
fn choice<T>(
    what: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    choices: String,
) -> Result<T, Failure> {
    parse(value).ok_or_else(|| {
        bad(format!(
            "Unknown {what} '{}'. Use one of: {choices}",
            crate::text::sanitize(value)
        ))
    })
}

/// config.toml from `--config-dir` (or the platform's config dir).
fn config(cli: &Cli) -> Result<crate::config::Config, Failure> {
    let dir = cli
        .config_dir
        .clone()
        .or_else(crate::config::default_config_dir);
    crate::config::load_config(dir.as_deref()).map_err(|e| bad(format!("config.toml: {e}")))
}

fn patient_ref(s: &str) -> Result<PatientRef, Failure> {
    Ok(PatientRef::parse(s)?)
}

fn instant_arg(what: &str, s: &str) -> Result<Instant, Failure> {
    parse_instant(s).map_err(|e| bad(format!("{what}: {e}")))
}

/// Writes output to stdout, or to a new 0600 file that is never overwritten without --force.
pub fn write_output(output: Option<&Path>, force: bool, text: &str) -> Result<(), Failure> {
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| Failure {
                    code: 1,
                    message: e.to_string(),
                })
        }
        Some(path) => {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            // The file is 0600, but a folder others can read or write still says who has files
            // there, and lets them be replaced: say so.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if let Ok(m) = std::fs::metadata(dir)
                && m.permissions().mode() & 0o007 != 0
            {
                eprintln!(
                    "imha: warning: {} can be read by other users of this computer; the file itself is readable only by you. A private folder is safer.",
                    dir.display()
                );
            }
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).mode(0o600);
            if force {
                opts.create(true).truncate(true)
            } else {
                opts.create_new(true)
            };
            let mut f = opts.open(path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    bad(format!(
                        "{} already exists: choose another name or add --force to overwrite it",
                        path.display()
                    ))
                } else {
                    Failure {
                        code: 1,
                        message: format!("Cannot write {}: {e}", path.display()),
                    }
                }
            })?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| Failure {
                    code: 1,
                    message: format!("Cannot write {}: {e}", path.display()),
                })
        }
    }
}

fn source(s: SourceArg) -> Source {
    match s {
        SourceArg::Papers => Source::Papers,
        SourceArg::MhaOffice => Source::MhaOffice,
        SourceArg::WardStaff => Source::WardStaff,
        SourceArg::Patient => Source::Patient,
    }
}

/// Runs a command; returns the process exit code.
pub fn run_command(cli: &Cli, cmd: &Command, clock: Clock) -> i32 {
    let mut passes = Passes::new(cli.passphrase_stdin);
    match run(cli, cmd, clock.now(), &mut passes) {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("imha: {}", f.message);
            f.code
        }
    }
}

fn run(cli: &Cli, cmd: &Command, now: Instant, passes: &mut Passes) -> Result<(), Failure> {
    match cmd {
        Command::Dates {
            section,
            start,
            release_date,
            dol_conditions,
            json,
        } => dates(
            section,
            start,
            release_date.as_deref(),
            *dol_conditions,
            *json,
        ),
        Command::Eligible {
            section,
            considering,
            age,
            json,
        } => eligible(section, *considering, *age, *json, now),
        Command::Keys => write_output(
            None,
            false,
            &crate::keymap::Keymap::default_keymap().markdown_table(),
        ),
        Command::Demo => {
            let mut signed = sign_in(cli, now, passes)?;
            let (store, _) = signed.parts();
            let n = crate::demo::load(store, now).map_err(|e| Failure {
                code: 1,
                message: e.to_string(),
            })?;
            println!("Loaded the fictional demo ward: {n} patients.");
            Ok(())
        }
        Command::User(UserCmd::List) => {
            let mut signed = sign_in(cli, now, passes)?;
            let (store, _) = signed.parts();
            for a in store.advocates()? {
                println!(
                    "{}\t{}{}{}",
                    a.login,
                    crate::text::sanitize(&a.display_name),
                    if a.admin { "\tadministrator" } else { "" },
                    if a.disabled { "\tdisabled" } else { "" }
                );
            }
            Ok(())
        }
        Command::User(UserCmd::Add {
            login,
            display_name,
            admin,
        }) => {
            let display = display_name.clone().unwrap_or_else(|| login.clone());
            let dir = prepared_dir(cli)?;
            if crate::auth::setup_state(&dir) == crate::auth::Setup::NeedsFirstAdmin {
                let pass = passes.next(&format!("New passphrase for {login}"))?;
                let (o, recovery) =
                    crate::auth::create_first_admin(&dir, login, &display, pass.expose(), now)?;
                drop(Signed(o));
                println!("Added {login}, the first administrator.");
                println!(
                    "Recovery key (shown once; store it safely, away from this terminal): {}",
                    recovery.as_str()
                );
                return Ok(());
            }
            let mut signed = sign_in(cli, now, passes)?;
            let pass = passes.next(&format!("New passphrase for {login}"))?;
            let a = crate::auth::add_user(
                &mut signed.0.actor(),
                login,
                &display,
                *admin,
                pass.expose(),
                now,
            )?;
            println!(
                "Added advocate {}{}",
                a.login,
                if a.admin { " (administrator)" } else { "" }
            );
            Ok(())
        }
        Command::User(UserCmd::Disable { login }) => {
            let mut signed = sign_in(cli, now, passes)?;
            crate::auth::disable_user(&mut signed.0.actor(), login, now)?;
            println!(
                "Disabled {login}: their passphrase no longer opens imha; their entries keep their name."
            );
            Ok(())
        }
        Command::User(UserCmd::Passwd {
            login,
            recovery: true,
        }) => {
            let dir = prepared_dir(cli)?;
            let key = passes.next("Recovery key")?;
            let pass = passes.next(&format!("New passphrase for {login}"))?;
            crate::auth::recover(&dir, key.expose(), login, pass.expose(), now)?;
            println!("Passphrase set for {login} with the recovery key.");
            Ok(())
        }
        Command::User(UserCmd::Passwd {
            login,
            recovery: false,
        }) => {
            let mut signed = sign_in(cli, now, passes)?;
            let pass = passes.next(&format!("New passphrase for {login}"))?;
            crate::auth::set_passphrase(&mut signed.0.actor(), login, pass.expose(), now)?;
            println!("Passphrase set for {login}.");
            Ok(())
        }
        Command::Summary {
            patient,
            output,
            force,
        } => {
            let r = patient_ref(patient)?;
            let config = config(cli)?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            let text = crate::summary::patient_summary(&store.record(p.id)?, &config.service, now);
            let to = if output.is_some() {
                "to a file"
            } else {
                "to standard output"
            };
            store.audit(&by.login, "summary_written", Some(p.id), to, now)?;
            write_output(output.as_deref(), *force, &text)?;
            if let Some(path) = output {
                println!(
                    "Wrote {} ({} bytes, readable only by you)",
                    path.display(),
                    text.len()
                );
            }
            Ok(())
        }
        Command::Referral(ReferralCmd::Add {
            patient,
            referrer,
            kind,
            at,
            records_access,
        }) => {
            let r = patient_ref(patient)?;
            let kind = choice(
                "referrer type",
                kind,
                ReferrerType::parse,
                ReferrerType::choices(),
            )?;
            let access = choice(
                "records access",
                records_access,
                RecordsAccess::parse,
                RecordsAccess::choices(),
            )?;
            let at = match at {
                Some(a) => instant_arg("--at", a)?,
                None => now,
            };
            let config = config(cli)?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            let f = store
                .add_referral(
                    p.id,
                    at,
                    referrer,
                    kind,
                    access,
                    &config.service.accepted_referrers,
                    &by,
                    now,
                )
                .map_err(|e| match e {
                    StoreError::Invalid(i) => Failure {
                        code: 1,
                        message: i.to_string(),
                    },
                    other => other.into(),
                })?;
            println!(
                "Recorded referral {} for {} from {}. {}: {}{}",
                f.id,
                p.reference(),
                f.referrer_type.label(),
                if f.eligible {
                    "Eligible"
                } else {
                    "NOT eligible"
                },
                f.eligibility_reason,
                if kind.always_accepted() {
                    ". The IMHA must respond to this request to visit (s.130B(5))."
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Report {
            from,
            to,
            ward,
            format,
            output,
            force,
        } => {
            let from = parse_date(from).map_err(|e| bad(format!("--from: {e}")))?;
            let to = parse_date(to).map_err(|e| bad(format!("--to: {e}")))?;
            if to < from {
                return Err(bad("--to is before --from"));
            }
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let mut records = Vec::new();
            for p in store.patients(true)? {
                records.push(store.record(p.id)?);
            }
            let counts = crate::commissioner::counts(
                &records,
                &store.referrals()?,
                from,
                to,
                ward.as_deref(),
            );
            let text = match format {
                ReportFormat::Csv => crate::commissioner::csv(&counts),
                ReportFormat::Markdown => {
                    crate::commissioner::markdown(&counts, from, to, ward.as_deref())
                }
            };
            store.audit(
                &by.login,
                "report_written",
                None,
                &format!("{from} to {to}"),
                now,
            )?;
            write_output(output.as_deref(), *force, &text)
        }
        Command::Erase { patient } => {
            let r = patient_ref(patient)?;
            let config = config(cli)?;
            let years = config
                .retention_years
                .ok_or_else(|| Failure { code: 1, message: "Set retention_years in config.toml (the service's retention period) before erasing".into() })?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            store
                .erase_patient(p.id, years, &by, now)
                .map_err(|e| match e {
                    StoreError::Invalid(i) => Failure {
                        code: 1,
                        message: i.to_string(),
                    },
                    other => other.into(),
                })?;
            println!(
                "Erased {}'s record. The audit log keeps that a record was erased, and no personal data.",
                p.reference()
            );
            Ok(())
        }
        Command::Import(ImportCmd::Census { file }) => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                bad(format!(
                    "Cannot read {}: {e} (a census is a UTF-8 CSV file)",
                    file.display()
                ))
            })?;
            let rows = crate::census::parse(&text, now).map_err(|errors| {
                bad(format!(
                    "The census was not imported; nothing changed. Fix these lines:\n  {}",
                    errors.join("\n  ")
                ))
            })?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let report = store.import_census(&rows, &by, now)?;
            print!("{report}");
            Ok(())
        }
        Command::Backup { output } => {
            let mut signed = sign_in(cli, now, passes)?;
            let key = signed.0.key.clone();
            let (store, by) = signed.parts();
            store.backup_to(output, &key)?;
            store.audit(&by.login, "backup", None, "", now)?;
            println!(
                "Wrote an encrypted copy to {}. Keep imha.keys with it: it cannot be opened without it.",
                output.display()
            );
            Ok(())
        }
        Command::Audit(AuditCmd::Verify) => {
            let signed = sign_in(cli, now, passes)?;
            let kept =
                crate::vault::KeyFile::load(&crate::vault::key_path(&signed.0.dir))?.audit_head;
            match signed.0.store.verify_audit(&kept)? {
                AuditCheck::Intact { count } => {
                    println!(
                        "The audit log is intact: {count} entries, each following from the one before."
                    );
                    Ok(())
                }
                AuditCheck::Broken { seq, why } => Err(Failure {
                    code: 1,
                    message: format!("The audit log was changed at entry {seq}: {why}"),
                }),
                AuditCheck::Truncated { found, expected } => Err(Failure {
                    code: 1,
                    message: format!(
                        "The audit log was cut short: {found} entries, but {expected} were written (entries {}..={expected} are missing)",
                        found + 1
                    ),
                }),
            }
        }
        Command::Audit(AuditCmd::Show { patient }) => {
            let r = patient_ref(patient)?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            let rows = store.audit_for_patient(p.id)?;
            store.audit(&by.login, "audit_read", Some(p.id), "", now)?;
            println!("WHEN\tADVOCATE\tWHAT\tDETAIL");
            for e in rows {
                println!(
                    "{}\t{}\t{}\t{}",
                    rfc3339_london(e.at),
                    e.advocate,
                    e.action,
                    e.detail
                );
            }
            Ok(())
        }
        Command::Patient(PatientCmd::Search { query, json }) => {
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            store.audit(&by.login, "searched_patients", None, "", now)?;
            let rows: Vec<crate::app::PatientRow> = store
                .overviews()?
                .iter()
                .map(|o| crate::app::PatientRow::from_overview(o, now))
                .collect();
            let found = crate::app::patients::visible(&rows, None, query, None);
            if *json {
                let v: Vec<_> = found
                    .iter()
                    .map(|i| {
                        let r = &rows[*i];
                        json!({ "id": format!("P{}", r.id), "name": r.name, "nhs_number": r.nhs_number, "ward": r.ward, "section": r.section })
                    })
                    .collect();
                return write_output(
                    None,
                    false,
                    &format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()),
                );
            }
            let mut out = String::new();
            for i in found {
                let r = &rows[i];
                out.push_str(&format!(
                    "P{}\t{}\t{}\n",
                    r.id,
                    crate::text::sanitize(&r.name),
                    crate::text::sanitize(&r.ward)
                ));
            }
            write_output(None, false, &out)
        }
        Command::Patient(PatientCmd::List { json, all }) => {
            patient_list(cli, *json, *all, now, passes)
        }
        Command::Patient(PatientCmd::Add {
            name,
            dob,
            ward,
            preferred_name,
            nhs_number,
            interpreter,
        }) => {
            let dob = parse_date(dob).map_err(|e| bad(format!("--dob: {e}")))?;
            let p = NewPatient::new(
                name,
                preferred_name.as_deref(),
                dob,
                nhs_number.as_deref(),
                ward,
                interpreter.as_deref(),
                london_day(now),
            )?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.add_patient(&p, &by, now)?;
            println!("{}", p.reference());
            Ok(())
        }
        Command::Section(SectionCmd::Add {
            patient,
            section,
            start,
            source: src,
        }) => {
            let r = patient_ref(patient)?;
            let code = law::status(section).map_err(bad)?.code.clone();
            let start = instant_arg("--start", start)?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            let e = NewEpisode {
                patient_id: p.id,
                section: code,
                started_at: start,
                source: source(*src),
            };
            let e = store.add_episode(&e, &by, now)?;
            println!(
                "Recorded s.{} for {} from {}",
                e.section,
                p.reference(),
                rfc3339_london(e.started_at)
            );
            Ok(())
        }
        Command::Event(EventCmd::Add {
            patient,
            kind,
            at,
            note,
        }) => {
            let r = patient_ref(patient)?;
            let kind = choice(
                "event kind",
                kind,
                LegalEventKind::parse,
                LegalEventKind::choices(),
            )?;
            let at = instant_arg("--at", at)?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let p = store.find_patient(&r)?;
            let e =
                store.add_legal_event(p.id, kind, at, note.as_deref().unwrap_or(""), &by, now)?;
            println!(
                "Recorded {} for {} at {}",
                e.kind.as_str(),
                p.reference(),
                rfc3339_london(e.at)
            );
            Ok(())
        }
        Command::Export {
            patient,
            session,
            format,
            output,
            force,
        } => {
            let r = patient.as_deref().map(patient_ref).transpose()?;
            let mut signed = sign_in(cli, now, passes)?;
            let (store, by) = signed.parts();
            let (p, record) = match (r, session) {
                (Some(r), _) => {
                    let p = store.find_patient(&r)?;
                    let record = store.record(p.id)?;
                    (p, record)
                }
                (None, Some(id)) => {
                    let s = store.session(*id)?;
                    let p = store.patient(s.patient_id)?;
                    (
                        p,
                        crate::report::session_only(store.record(s.patient_id)?, *id),
                    )
                }
                (None, None) => return Err(bad("Say which: --patient REF or --session ID")),
            };
            let fmt = match format {
                Format::Json => "json",
                Format::Markdown => "markdown",
            };
            let to = if output.is_some() {
                "to a file"
            } else {
                "to standard output"
            };
            store.audit(
                &by.login,
                "exported",
                Some(p.id),
                &match session {
                    Some(id) => format!("{fmt} {to}, session {id}"),
                    None => format!("{fmt} {to}"),
                },
                now,
            )?;
            let text = match format {
                Format::Json => format!(
                    "{}\n",
                    serde_json::to_string_pretty(&crate::report::json(&record)).unwrap_or_default()
                ),
                Format::Markdown => crate::report::markdown(&record),
            };
            write_output(output.as_deref(), *force, &text)?;
            if let Some(path) = output {
                println!(
                    "Wrote {} ({} bytes, readable only by you)",
                    path.display(),
                    text.len()
                );
            }
            Ok(())
        }
    }
}

fn patient_list(
    cli: &Cli,
    as_json: bool,
    all: bool,
    now: Instant,
    passes: &mut Passes,
) -> Result<(), Failure> {
    let mut signed = sign_in(cli, now, passes)?;
    let (store, by) = signed.parts();
    store.audit(&by.login, "listed_patients", None, "", now)?;
    let patients = store.patients(all)?;
    let mut rows = Vec::new();
    for p in patients {
        let eps = store.episodes(p.id)?;
        let section = law::checklist::current_episode(&eps).map(|e| e.section.clone());
        rows.push((p, section));
    }
    if as_json {
        let v: Vec<_> = rows
            .iter()
            .map(|(p, s)| {
                json!({
                    "id": p.reference(),
                    "name": p.name,
                    "preferred_name": p.preferred_name,
                    "date_of_birth": p.date_of_birth.to_string(),
                    "nhs_number": p.nhs_number.as_ref().map(|n| n.as_str()),
                    "ward": p.ward,
                    "section": s,
                    "archived": p.archived,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        return write_output(None, false, &format!("{text}\n"));
    }
    let mut out = String::from("REF\tNAME\tDATE OF BIRTH\tNHS NUMBER\tWARD\tSECTION\n");
    for (p, s) in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            p.reference(),
            crate::text::sanitize(&p.name),
            p.date_of_birth,
            p.nhs_number
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_else(|| "-".into()),
            crate::text::sanitize(&p.ward),
            s.unwrap_or_else(|| "-".into())
        ));
    }
    write_output(None, false, &out)
}

fn dates(
    section: &str,
    start: &str,
    release: Option<&str>,
    dol_conditions: bool,
    as_json: bool,
) -> Result<(), Failure> {
    let st = law::status(section).map_err(bad)?;
    let start = instant_arg("--start", start)?;
    if dol_conditions && st.code != "CD" {
        return Err(bad(
            "--dol-conditions applies only to --section CD (conditionally discharged)",
        ));
    }
    let needs_release = matches!(st.period.kind, law::PeriodKind::UntilRelease);
    let release = match (release, needs_release) {
        (Some(r), true) => Some(parse_date(r).map_err(|e| bad(format!("--release-date: {e}")))?),
        (None, true) => {
            return Err(bad(format!(
                "s.{} needs --release-date YYYY-MM-DD (the earliest release date)",
                st.code
            )));
        }
        (Some(_), false) => {
            return Err(bad(format!(
                "--release-date does not apply to s.{}",
                st.code
            )));
        }
        (None, false) => None,
    };
    let conditions: &[&str] = if dol_conditions {
        &["dol_conditions"]
    } else {
        &[]
    };
    let mut list = law::key_dates_with(st, start, release, conditions);
    list.sort_by_key(|k| k.day());
    if as_json {
        let v: Vec<_> = list
            .iter()
            .map(|k| {
                let mut o = json!({ "key": k.key, "label": k.label, "provision": k.provision,
                    "status": if k.check.is_some() { "check" } else { "firm" } });
                match k.when {
                    When::Day(d) => o["date"] = json!(d.to_string()),
                    When::At(t) => o["at"] = json!(rfc3339_london(t)),
                }
                if let Some(r) = &k.check {
                    o["reason"] = json!(r);
                }
                o
            })
            .collect();
        return write_output(
            None,
            false,
            &format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()),
        );
    }
    let mut out = format!("{} from {}\n", st.name, rfc3339_london(start));
    for k in list {
        let when = match k.when {
            When::Day(d) => d.to_string(),
            When::At(t) => rfc3339_london(t),
        };
        out.push_str(&format!("{when:<26} {} — {}", k.label, k.provision));
        if let Some(r) = k.check {
            out.push_str(&format!("  [CHECK: {r}]"));
        }
        out.push('\n');
    }
    write_output(None, false, &out)
}

fn eligible(
    section: &str,
    considering: Option<Considering>,
    age: Option<i32>,
    as_json: bool,
    now: Instant,
) -> Result<(), Failure> {
    let st = law::status(section).map_err(bad)?;
    if considering.is_some() && st.code != "informal" {
        return Err(bad(
            "--considering goes with --section informal: s.130C(3) covers a patient who does not qualify under s.130C(2); ask with --section informal for them",
        ));
    }
    if matches!(considering, Some(Considering::Ect)) && age.is_none() {
        return Err(bad(
            "--considering ect needs --age N: only under-18s qualify for an ECT discussion (s.130C(3)(b))",
        ));
    }
    let c = considering.map(|c| match c {
        Considering::S57 => law::Considering::S57,
        Considering::Ect => law::Considering::Ect,
    });
    let e = law::eligibility(st, c, age, london_day(now));
    if as_json {
        return write_output(
            None,
            false,
            &format!("{}\n", serde_json::to_string_pretty(&e).unwrap_or_default()),
        );
    }
    println!(
        "{}: {} ({})",
        if e.eligible {
            "Eligible"
        } else {
            "Not eligible"
        },
        e.reason,
        e.provision
    );
    Ok(())
}
