//! The app's state and the one function that changes it, `update`. Update does no I/O: it
//! returns effects as data, and the driver carries them out and feeds the results back.

pub mod access;
mod accounts;
mod action;
mod dialogs;
pub mod form;
mod forms;
pub mod patients;
mod summary;
mod update;

pub use action::{AccountChange, Action, Effect, Loaded, Saved, Write};
pub use form::Form;
pub use patients::PatientRow;
pub use update::update;

use crate::domain::time::Instant;
use crate::domain::{Advocate, PatientRecord, Session};
use crate::law::{DueItem, ItemStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Pane {
    Patients,
    Sections,
    Checklist,
    Concerns,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Patients,
        Pane::Sections,
        Pane::Checklist,
        Pane::Concerns,
    ];
    pub fn number(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1
    }
    pub fn title(self) -> &'static str {
        match self {
            Pane::Patients => "Patients",
            Pane::Sections => "Sections",
            Pane::Checklist => "Information checklist",
            Pane::Concerns => "Concerns",
        }
    }
    /// The keymap context for this pane.
    pub fn context(self) -> &'static str {
        match self {
            Pane::Patients => "patients",
            Pane::Sections => "sections",
            Pane::Checklist => "checklist",
            Pane::Concerns => "concerns",
        }
    }
    fn index(self) -> usize {
        self.number() - 1
    }
}

/// What fills the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Waiting for the first load.
    Starting,
    /// First run: what imha is, and the first administrator.
    Setup,
    /// The recovery key, shown once after setup.
    Recovery(crate::vault::Secret),
    /// Who is using the terminal: login name and passphrase.
    SignIn,
    /// Empty database: offer the fictional demo ward.
    OfferDemo,
    Main,
}

/// What a form is for, and what submitting it does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormKind {
    NewAdvocate,
    StartSession {
        patient_id: i64,
    },
    RecordInfo {
        patient_id: i64,
        item: String,
        corrects: Option<i64>,
    },
    AddConcern {
        patient_id: i64,
    },
    UpdateConcern {
        patient_id: i64,
        concern_id: i64,
    },
    AddPatient,
    AddSection {
        patient_id: i64,
    },
    AddEvent {
        patient_id: i64,
    },
    AddAdvocate,
    ImportCensus,
    AddReferral {
        patient_id: i64,
    },
    SetPassphrase {
        login: String,
    },
    VerifySection {
        patient_id: i64,
    },
    EndSection {
        patient_id: i64,
    },
    MovePatient {
        patient_id: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ConfirmKind {
    EndSession,
    Quit,
    /// Close a form that holds typed text.
    Discard,
    Disable {
        login: String,
    },
    Archive {
        patient_id: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Dialog {
    Form(FormKind, Form),
    Confirm {
        kind: ConfirmKind,
        question: String,
        /// The dialog the question was asked over; "no" goes back to it, text and all.
        behind: Option<Box<Dialog>>,
    },
    /// After ending a session: everything recorded in it.
    Summary {
        title: String,
        lines: Vec<String>,
        scroll: u16,
    },
    /// Sessions this advocate left open (a crash or closed terminal).
    OpenSessions(Vec<Session>),
    WardFilter {
        wards: Vec<String>,
        cursor: usize,
    },
    Help {
        filter: String,
        cursor: usize,
        /// The dialog help was opened over, and whose keys it lists.
        behind: Option<Box<Dialog>>,
    },
    /// Advocates' accounts (administrators change them; anyone their own passphrase).
    Accounts {
        list: Vec<crate::domain::Advocate>,
        cursor: usize,
    },
}

impl Dialog {
    /// The keymap context of this dialog.
    pub fn context(&self) -> &'static str {
        match self {
            Dialog::Form(..) => "form",
            Dialog::Confirm { .. } => "confirm",
            Dialog::Summary { .. } => "summary",
            Dialog::OpenSessions(_) => "open_sessions",
            Dialog::WardFilter { .. } => "list",
            Dialog::Help { .. } => "help",
            Dialog::Accounts { .. } => "accounts",
        }
    }
}

/// The mode, in words, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browsing,
    Searching,
    Dialog,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    Saved,
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// The selected patient's record, with what the rules derive from it.
#[derive(Debug, Clone)]
pub struct Selected {
    pub record: PatientRecord,
    /// Key dates of the current episode, read with the patient's history.
    pub key_dates: Vec<crate::law::KeyDate>,
    /// IMHA eligibility under the current status (s.130C), if there is one.
    pub eligibility: Option<crate::law::Eligibility>,
    pub checklist: Vec<ItemStatus>,
    pub due: Vec<DueItem>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub now: Instant,
    pub screen: Screen,
    pub advocate: Option<Advocate>,
    pub rows: Vec<PatientRow>,
    /// Indices into `rows` currently listed.
    pub visible: Vec<usize>,
    pub query: String,
    pub searching: bool,
    pub ward_filter: Option<String>,
    pub focus: Pane,
    pub cursors: [usize; 4],
    pub selected: Option<Selected>,
    pub session: Option<Session>,
    pub dialog: Option<Dialog>,
    pub message: Option<Message>,
    pub quit: bool,
    /// The welcome form (first run), kept outside `dialog` because it is a whole screen.
    pub welcome: Form,
    /// Offer the demo ward when the database holds no patients (first run).
    pub demo_offer: bool,
    /// A patient to highlight once the list reloads (one just added).
    pub pending_select: Option<i64>,
    /// How far the section details in pane 2 are scrolled (PageUp/PageDown there).
    pub detail_scroll: u16,
    /// The sign-in form (also the lock screen's).
    pub sign_in: Form,
    /// The screen is locked: nothing but the lock screen is drawn.
    pub locked: bool,
    /// The last key press, for the idle lock.
    pub last_activity: Instant,
    /// Idle seconds before the lock (config `lock_after_minutes`, default 5 minutes).
    pub lock_after_secs: i64,
    pub lock_warning: bool,
    /// The record on screen and since when, until it counts as viewed (two seconds).
    pub viewing: Option<(i64, Instant)>,
    /// The live keymap (defaults plus the advocate's own bindings): help lists and runs it.
    pub keymap: std::sync::Arc<crate::keymap::Keymap>,
    /// The theme in use, and the ones that can be chosen in the app.
    pub theme: String,
    pub theme_names: Vec<String>,
    /// The referrer types the service accepts (`[service]` in config.toml; empty: any).
    pub accepted_referrers: Vec<String>,
}

impl State {
    pub fn new(now: Instant) -> Self {
        State {
            now,
            screen: Screen::Starting,
            advocate: None,
            rows: Vec::new(),
            visible: Vec::new(),
            query: String::new(),
            searching: false,
            ward_filter: None,
            focus: Pane::Patients,
            cursors: [0; 4],
            selected: None,
            session: None,
            dialog: None,
            message: None,
            quit: false,
            welcome: access::setup_form(),
            demo_offer: false,
            pending_select: None,
            detail_scroll: 0,
            sign_in: access::sign_in_form(""),
            locked: false,
            last_activity: now,
            lock_after_secs: 300,
            lock_warning: false,
            viewing: None,
            keymap: std::sync::Arc::new(crate::keymap::Keymap::default_keymap()),
            theme: "default".into(),
            theme_names: vec!["default".into()],
            accepted_referrers: Vec::new(),
        }
    }

    pub fn mode(&self) -> Mode {
        if self.dialog.is_some() {
            Mode::Dialog
        } else if self.searching {
            Mode::Searching
        } else {
            Mode::Browsing
        }
    }

    pub fn cursor(&self, pane: Pane) -> usize {
        self.cursors[pane.index()]
    }

    /// How many rows a pane has.
    pub fn pane_len(&self, pane: Pane) -> usize {
        let sel = self.selected.as_ref();
        match pane {
            Pane::Patients => self.visible.len(),
            Pane::Sections => sel.map_or(0, |s| s.record.episodes.len()),
            Pane::Checklist => sel.map_or(0, |s| s.checklist.len()),
            Pane::Concerns => sel.map_or(0, |s| s.record.concerns.len()),
        }
    }

    /// The row under the cursor in the patient list.
    pub fn highlighted_row(&self) -> Option<&PatientRow> {
        self.visible
            .get(self.cursor(Pane::Patients))
            .and_then(|i| self.rows.get(*i))
    }

    /// The keymap context keys are looked up in now.
    pub fn context(&self) -> &'static str {
        match (&self.screen, &self.dialog) {
            _ if self.locked => "sign_in",
            (Screen::Setup | Screen::SignIn, _) => "sign_in",
            (Screen::Recovery(_), _) => "notice",
            (Screen::OfferDemo, _) => "confirm",
            (Screen::Starting, _) => "confirm",
            (Screen::Main, Some(d)) => d.context(),
            (Screen::Main, None) if self.searching => "search",
            (Screen::Main, None) => self.focus.context(),
        }
    }

    /// Changes whenever a clock tick changes what the screen shows: the lock, its warning
    /// and message, the minute, the list and record (reloaded after other terminals' writes).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.locked, self.lock_warning, self.now.timestamp() / 60).hash(&mut h);
        self.message.as_ref().map(|m| m.text.clone()).hash(&mut h);
        (self.rows.len(), self.rows.iter().map(|r| r.id).sum::<i64>()).hash(&mut h);
        self.rows
            .iter()
            .map(|r| r.due.as_ref().map(|d| d.words()))
            .collect::<Vec<_>>()
            .hash(&mut h);
        self.selected
            .as_ref()
            .map(|s| {
                (
                    s.record.info.len(),
                    s.record.concerns.len(),
                    s.record.events.len(),
                    s.record.episodes.len(),
                )
            })
            .hash(&mut h);
        h.finish()
    }

    /// The context whose keys the help overlay lists: what is behind it.
    pub fn help_context(&self) -> &'static str {
        match &self.dialog {
            Some(Dialog::Help {
                behind: Some(b), ..
            }) => b.context(),
            _ if self.screen != Screen::Main => match self.screen {
                Screen::OfferDemo => "confirm",
                Screen::Recovery(_) => "notice",
                _ => "sign_in",
            },
            _ if self.searching => "search",
            _ => self.focus.context(),
        }
    }

    /// Does a form hold text that would be lost?
    pub fn has_unsaved_text(&self) -> bool {
        fn touched(d: &Dialog) -> bool {
            match d {
                Dialog::Form(_, f) => f.touched,
                Dialog::Confirm {
                    behind: Some(b), ..
                }
                | Dialog::Help {
                    behind: Some(b), ..
                } => touched(b),
                _ => false,
            }
        }
        self.dialog.as_ref().is_some_and(touched)
            || (self.screen == Screen::Setup && self.welcome.touched)
    }

    /// The action name under the cursor in the help overlay, as the overlay lists them.
    pub fn help_selection(&self) -> Option<String> {
        let Some(Dialog::Help { filter, cursor, .. }) = &self.dialog else {
            return None;
        };
        let list = help_entries(&self.keymap, self.help_context(), filter);
        list.get((*cursor).min(list.len().saturating_sub(1)))
            .map(|(_, _, a)| a.clone())
    }

    /// The patient a session in progress is with, by name.
    pub fn session_patient_name(&self) -> Option<String> {
        let s = self.session.as_ref()?;
        self.rows
            .iter()
            .find(|r| r.id == s.patient_id)
            .map(|r| r.name.clone())
    }
}

pub(crate) fn say(state: &mut State, kind: MessageKind, text: impl Into<String>) {
    state.message = Some(Message {
        kind,
        text: text.into(),
    });
}

/// The bindings the help overlay lists for a context, filtered by what was typed:
/// (keys, description, action name).
pub fn help_entries(
    keymap: &crate::keymap::Keymap,
    ctx: &str,
    filter: &str,
) -> Vec<(String, String, String)> {
    let f = filter.to_lowercase();
    keymap
        .bindings(ctx)
        .into_iter()
        .filter(|(k, d, _)| {
            f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
        })
        .collect()
}
