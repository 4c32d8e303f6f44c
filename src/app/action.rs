//! What can happen (actions, from keys or from the store) and what update asks for (effects).

use super::Pane;
use crate::domain::time::Instant;
use crate::domain::{
    Advocate, Concern, EndReason, Episode, InfoGiven, LegalEventKind, NewConcern, NewConcernEvent,
    NewEpisode, NewInfoGiven, NewPatient, NewSession, Patient, PatientOverview, PatientRecord,
    Session, Source,
};

/// Everything that can change the state. Key actions have names in the keymap.
#[derive(Debug, Clone)]
pub enum Action {
    Quit,
    ForceQuit,
    /// Lock the screen now.
    Lock,
    /// Advocates' accounts: add, disable, set a passphrase.
    Accounts,
    Disable,
    SetPassphrase,
    AddAdvocate,
    /// Use the next theme.
    NextTheme,
    ImportCensus,
    AddReferral,
    Help,
    Search,
    WardFilter,
    NextPane,
    PrevPane,
    FocusPane(Pane),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Activate,
    StartSession,
    EndSession,
    AddConcern,
    AddPatient,
    AddSection,
    VerifySection,
    AddEvent,
    EndSection,
    MovePatient,
    ArchivePatient,
    CorrectEntry,
    Back,
    NextField,
    PrevField,
    ChangeNext,
    ChangePrev,
    Submit,
    Backspace,
    Confirm,
    Deny,
    /// A character typed into a field or the search box.
    Input(char),
    /// Text pasted: inserted as text, never run as commands.
    Paste(String),
    /// The clock moved on (once a minute): due items are worked out again.
    Tick(Instant),
    /// The time now, set before each key so entries carry the right time.
    Now(Instant),
    Loaded(Loaded),
    Saved(Saved),
    /// The store refused or failed: the message is for the advocate.
    Failed(String),
}

impl Action {
    /// Names used in the keymap file, with the action each stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        Some(match name {
            "quit" => Action::Quit,
            "force_quit" => Action::ForceQuit,
            "lock" => Action::Lock,
            "accounts" => Action::Accounts,
            "disable" => Action::Disable,
            "set_passphrase" => Action::SetPassphrase,
            "add_advocate" => Action::AddAdvocate,
            "next_theme" => Action::NextTheme,
            "import_census" => Action::ImportCensus,
            "add_referral" => Action::AddReferral,
            "help" => Action::Help,
            "search" => Action::Search,
            "ward_filter" => Action::WardFilter,
            "next_pane" => Action::NextPane,
            "prev_pane" => Action::PrevPane,
            "focus_patients" => Action::FocusPane(Pane::Patients),
            "focus_sections" => Action::FocusPane(Pane::Sections),
            "focus_checklist" => Action::FocusPane(Pane::Checklist),
            "focus_concerns" => Action::FocusPane(Pane::Concerns),
            "up" => Action::Up,
            "down" => Action::Down,
            "page_up" => Action::PageUp,
            "page_down" => Action::PageDown,
            "home" => Action::Home,
            "end" => Action::End,
            "activate" => Action::Activate,
            "start_session" => Action::StartSession,
            "end_session" => Action::EndSession,
            "add_concern" => Action::AddConcern,
            "add_patient" => Action::AddPatient,
            "add_section" => Action::AddSection,
            "verify_section" => Action::VerifySection,
            "add_event" => Action::AddEvent,
            "end_section" => Action::EndSection,
            "move_patient" => Action::MovePatient,
            "archive_patient" => Action::ArchivePatient,
            "correct_entry" => Action::CorrectEntry,
            "back" => Action::Back,
            "next_field" => Action::NextField,
            "prev_field" => Action::PrevField,
            "change_next" => Action::ChangeNext,
            "change_prev" => Action::ChangePrev,
            "submit" => Action::Submit,
            "backspace" => Action::Backspace,
            "confirm" => Action::Confirm,
            "deny" => Action::Deny,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub enum Loaded {
    /// What the data directory needs first: setup (no accounts yet) or a sign-in.
    Startup {
        setup_needed: bool,
    },
    SignedIn {
        advocate: Advocate,
        patient_count: i64,
    },
    Unlocked {
        advocate: Advocate,
        draft: Option<Box<super::access::Draft>>,
    },
    Patients(Vec<PatientOverview>),
    /// One patient's overview; None when they are no longer listed.
    Patient(i64, Option<Box<PatientOverview>>),
    Record(Box<PatientRecord>),
    OpenSessions(Vec<Session>),
    Summary(Session, Box<PatientRecord>),
    Accounts(Vec<Advocate>),
}

#[derive(Debug, Clone)]
pub enum Saved {
    /// The first administrator was created; the recovery key is shown once.
    SetUp {
        advocate: Advocate,
        recovery: crate::vault::Secret,
    },
    Demo(usize),
    SessionStarted(Session),
    SessionEnded(Session),
    Info(InfoGiven),
    Concern(Concern),
    Patient(Patient),
    Episode(Episode),
    /// Verified, ended, moved or archived: the record is reloaded.
    Change(String),
    /// An account was added, disabled or given a passphrase.
    Account(String, Vec<Advocate>),
}

impl Saved {
    /// The one listed patient the save was for, if it was for one.
    pub fn patient_id(&self) -> Option<i64> {
        match self {
            Saved::SessionStarted(s) | Saved::SessionEnded(s) => Some(s.patient_id),
            Saved::Info(i) => Some(i.patient_id),
            Saved::Concern(c) => Some(c.patient_id),
            Saved::Patient(p) => Some(p.id),
            Saved::Episode(e) => Some(e.patient_id),
            Saved::SetUp { .. } | Saved::Demo(_) | Saved::Change(_) | Saved::Account(..) => None,
        }
    }
}

/// A write, carried out by the store in one committed transaction.
#[derive(Debug, Clone)]
pub enum Write {
    StartSession(NewSession),
    EndSession {
        id: i64,
        ended_at: Option<Instant>,
    },
    RecordInfo(NewInfoGiven),
    AddConcern(NewConcern),
    UpdateConcern(NewConcernEvent),
    AddPatient(NewPatient),
    AddEpisode(NewEpisode),
    VerifyEpisode(Episode, Source),
    EndEpisode {
        patient_id: i64,
        at: Instant,
        reason: EndReason,
    },
    AddEvent {
        patient_id: i64,
        kind: LegalEventKind,
        at: Instant,
        note: String,
    },
    MovePatient {
        id: i64,
        ward: String,
    },
    Archive {
        id: i64,
    },
    /// A census file to read, check whole and apply.
    ImportCensus {
        path: String,
    },
    AddReferral {
        patient_id: i64,
        referrer: String,
        kind: crate::domain::ReferrerType,
        access: crate::domain::RecordsAccess,
        at: Instant,
        accepted: Vec<String>,
    },
}

/// What update asks the outside world to do. Update itself does no I/O.
#[derive(Debug, Clone)]
pub enum Effect {
    LoadStartup,
    LoadPatients,
    /// One patient's row, after something was saved for them: the list is brought up to date
    /// without reading every patient again.
    LoadPatient(i64),
    LoadRecord(i64),
    LoadOpenSessions(Advocate),
    LoadSummary(Session),
    Setup {
        login: String,
        display_name: String,
        passphrase: crate::vault::Secret,
    },
    SignIn {
        login: String,
        passphrase: crate::vault::Secret,
    },
    Unlock {
        login: String,
        passphrase: crate::vault::Secret,
    },
    /// Seal this view for the advocate who is locking the screen.
    Lock(Box<super::access::Draft>),
    /// The record on screen counts as viewed.
    AuditView(i64),
    /// Has another terminal written? Reload if so.
    CheckExternal,
    LoadAccounts,
    Account(AccountChange),
    LoadDemo(Advocate),
    Write(Advocate, Write),
    Quit,
}

/// A change to advocates' accounts, made through the key file and the store together.
#[derive(Debug, Clone)]
pub enum AccountChange {
    Add {
        login: String,
        display_name: String,
        admin: bool,
        passphrase: crate::vault::Secret,
    },
    Disable {
        login: String,
    },
    SetPassphrase {
        login: String,
        passphrase: crate::vault::Secret,
    },
}
