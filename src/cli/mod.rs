//! The command line: global options, and the commands scripts use (same binary as the app).

mod commands;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use commands::run_command;

#[derive(Debug, Parser)]
#[command(
    name = "imha",
    version,
    about = "A terminal record for Independent Mental Health Advocates (England)"
)]
pub struct Cli {
    /// Where the records live (the database is DIR/imha.db).
    #[arg(long, global = true, env = "IMHA_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Where config.toml lives.
    #[arg(long, global = true, env = "IMHA_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// The advocate login that commands record as (needed when there is more than one).
    #[arg(long, global = true, env = "IMHA_USER", value_name = "LOGIN")]
    pub user: Option<String>,
    /// Plain mode for screen readers and braille: no full screen, each change one line of text.
    #[arg(long, global = true)]
    pub plain: bool,
    /// The app's theme: default, high-contrast, monochrome, colour-safe, light, or your own.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Read passphrases from standard input, one a line (instead of asking at the terminal).
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List or add patients.
    #[command(subcommand)]
    Patient(PatientCmd),
    /// Record a section (an episode) for a patient.
    #[command(subcommand)]
    Section(SectionCmd),
    /// Record a legal event (first medication, certificates, tribunal, leave, ...).
    #[command(subcommand)]
    Event(EventCmd),
    /// Export a patient's whole record, or one session's.
    Export {
        #[arg(
            long,
            value_name = "REF",
            required_unless_present = "session",
            conflicts_with = "session"
        )]
        patient: Option<String>,
        /// One session (its id, as in the patient's export).
        #[arg(long, value_name = "ID")]
        session: Option<i64>,
        #[arg(long, value_enum)]
        format: Format,
        /// Write to FILE (created 0600) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The patient's own summary: short, plain sentences to print and give them.
    Summary {
        #[arg(long, value_name = "REF")]
        patient: String,
        /// Write to FILE (created 0600) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Load the fictional demo ward into an empty database.
    Demo,
    /// Add, disable or list advocates, or set a passphrase.
    #[command(subcommand)]
    User(UserCmd),
    /// Record a referral (who asked for an IMHA); the eligibility check (s.130C) is shown.
    #[command(subcommand)]
    Referral(ReferralCmd),
    /// The commissioner's report: counts only, small counts shown as <5.
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(long, value_name = "WARD")]
        ward: Option<String>,
        #[arg(long, value_enum)]
        format: ReportFormat,
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Erase a closed case after the retention period (administrators; UK GDPR).
    Erase {
        #[arg(long, value_name = "REF")]
        patient: String,
    },
    /// Import records from a file.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Write a consistent encrypted copy of the database.
    Backup {
        /// Where to write the copy (a new file; keep imha.keys with it).
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Check or read the audit log.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Key dates for a new episode of a status (no database needed).
    Dates {
        #[arg(long)]
        section: String,
        #[arg(long, value_name = "RFC3339")]
        start: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        release_date: Option<String>,
        /// Conditionally discharged with conditions amounting to a deprivation of liberty
        /// (MHA 2025 s.32, from 18 Feb 2026).
        #[arg(long)]
        dol_conditions: bool,
        #[arg(long)]
        json: bool,
    },
    /// IMHA eligibility for a status, s.130C (no database needed).
    Eligible {
        #[arg(long)]
        section: String,
        #[arg(long, value_enum)]
        considering: Option<Considering>,
        #[arg(long)]
        age: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Print the key table (Markdown), generated from the keymap.
    Keys,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Considering {
    S57,
    Ect,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum SourceArg {
    Papers,
    MhaOffice,
    WardStaff,
    Patient,
}

#[derive(Debug, Subcommand)]
pub enum PatientCmd {
    /// Fuzzy search over name, preferred name, NHS number and ward, best match first.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// List patients (REF, name, date of birth, NHS number, ward, section).
    List {
        #[arg(long)]
        json: bool,
        /// Include archived patients.
        #[arg(long)]
        all: bool,
    },
    /// Add a patient; prints the new REF.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        dob: String,
        #[arg(long)]
        ward: String,
        #[arg(long)]
        preferred_name: Option<String>,
        #[arg(long, value_name = "DIGITS")]
        nhs_number: Option<String>,
        #[arg(long, value_name = "LANGUAGE")]
        interpreter: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SectionCmd {
    Add {
        #[arg(long, value_name = "REF")]
        patient: String,
        #[arg(long, value_name = "CODE")]
        section: String,
        #[arg(long, value_name = "RFC3339")]
        start: String,
        #[arg(long, value_enum)]
        source: SourceArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventCmd {
    Add {
        #[arg(long, value_name = "REF")]
        patient: String,
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "RFC3339")]
        at: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Add an advocate (on an empty data directory: the first administrator, no sign-in).
    Add {
        login: String,
        #[arg(long)]
        display_name: Option<String>,
        /// Make them an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Disable an advocate: their passphrase stops working; their entries stay theirs.
    Disable { login: String },
    /// Set an advocate's passphrase (your own, or anyone's as an administrator; with
    /// --recovery, using the recovery key instead of a sign-in).
    Passwd {
        login: String,
        #[arg(long)]
        recovery: bool,
    },
    /// List advocates.
    List,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum ReferralCmd {
    Add {
        #[arg(long, value_name = "REF")]
        patient: String,
        /// Who referred (their role or name, as the service records it).
        #[arg(long)]
        referrer: String,
        /// patient, nearest_relative, responsible_clinician, amhp, ward_staff, carer, solicitor,
        /// local_authority, mental_health_trust, other
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// not_asked, consent_given, consent_refused, holder_agreed, holder_refused (s.130B(4))
        #[arg(long, value_name = "ACCESS", default_value = "not_asked")]
        records_access: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// A ward census CSV with the columns name,date_of_birth,nhs_number,ward,section,section_start,source.
    /// A file with any bad row is refused whole; importing the same file again changes nothing.
    Census { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check the whole audit chain; say where it was changed, if it was.
    Verify,
    /// Who viewed or changed a patient's record, and when.
    Show {
        #[arg(long, value_name = "REF")]
        patient: String,
    },
}

/// Opens the full-screen app on the data directory; returns the exit code.
pub fn run_app(cli: &Cli, clock: crate::domain::time::Clock) -> i32 {
    let dir = match commands::data_dir(cli) {
        Ok(d) => d,
        Err(f) => {
            eprintln!("imha: {}", f.message);
            return f.code;
        }
    };
    if let Err(m) = crate::config::ensure_data_dir(&dir) {
        eprintln!("imha: {m}");
        return 1;
    }
    let config = match crate::config::load_config(
        cli.config_dir
            .clone()
            .or_else(crate::config::default_config_dir)
            .as_deref(),
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imha: config.toml: {e}");
            return 2;
        }
    };
    let config_dir = cli
        .config_dir
        .clone()
        .or_else(crate::config::default_config_dir);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (themes, mut warnings) = crate::ui::Themes::load(config_dir.as_deref(), no_color);
    let wanted = cli
        .theme
        .clone()
        .or(config.theme.clone())
        .unwrap_or_else(|| {
            if no_color {
                "monochrome".into()
            } else {
                "default".into()
            }
        });
    let (theme, problem) = themes.get(&wanted);
    warnings.extend(problem);
    let (keymap, keymap_warnings) = match config_dir.as_ref().map(|d| d.join("keymap.toml")) {
        Some(p) if p.exists() => match std::fs::read_to_string(&p) {
            Ok(text) => crate::keymap::Keymap::with_overrides(&text),
            Err(e) => (
                crate::keymap::Keymap::default_keymap(),
                vec![format!("Cannot read {}: {e}", p.display())],
            ),
        },
        _ => (crate::keymap::Keymap::default_keymap(), Vec::new()),
    };
    warnings.extend(keymap_warnings);
    let mut driver = crate::driver::Driver::new(&dir, clock.now());
    driver.configure(
        config.lock_after_secs(),
        keymap,
        theme.name.clone(),
        themes.names().to_vec(),
        config.service.accepted_referrers.clone(),
        warnings,
    );
    let result = if cli.plain || config.plain.unwrap_or(false) {
        crate::plain::run(driver, clock)
    } else {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
            eprintln!(
                "imha: the app needs a terminal. Run it in a terminal window, use --plain, or a command (imha --help)."
            );
            return 2;
        }
        crate::tui::run(driver, clock, themes)
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("imha: terminal error: {e}");
            1
        }
    }
}
