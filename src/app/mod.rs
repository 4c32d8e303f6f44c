//! The app's state and the one function that changes it, `update`. Update does no I/O: it
//! returns effects as data, and the driver carries them out and feeds the results back.

mod action;
pub mod form;
mod forms;
pub mod patients;
mod update;

pub use action::{Action, Effect, Loaded, Saved, Write};
pub use form::Form;
pub use patients::PatientRow;
pub use update::update;

use crate::domain::time::Instant;
use crate::domain::{Advocate, PatientRecord, Session};
use crate::law::{DueItem, ItemStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// First run: what imha is, and who is using it.
    Welcome,
    /// Choose which advocate is using the app.
    ChooseAdvocate {
        cursor: usize,
    },
    /// Empty database: offer the fictional demo ward.
    OfferDemo,
    Main,
}

/// What a form is for, and what submitting it does.
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmKind {
    EndSession,
    Quit,
    Archive { patient_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Form(FormKind, Form),
    Confirm {
        kind: ConfirmKind,
        question: String,
    },
    /// After ending a session: everything recorded in it.
    Summary {
        title: String,
        lines: Vec<String>,
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
    },
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
    pub checklist: Vec<ItemStatus>,
    pub due: Vec<DueItem>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub now: Instant,
    pub screen: Screen,
    pub advocates: Vec<Advocate>,
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
}

impl State {
    pub fn new(now: Instant) -> Self {
        State {
            now,
            screen: Screen::Starting,
            advocates: Vec::new(),
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
            welcome: forms::new_advocate(),
            demo_offer: false,
            pending_select: None,
            detail_scroll: 0,
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

    /// The row under the cursor in the patient list.
    pub fn highlighted_row(&self) -> Option<&PatientRow> {
        self.visible
            .get(self.cursor(Pane::Patients))
            .and_then(|i| self.rows.get(*i))
    }

    /// The keymap context keys are looked up in now.
    pub fn context(&self) -> &'static str {
        match (&self.screen, &self.dialog) {
            (Screen::Welcome, _) => "form",
            (Screen::ChooseAdvocate { .. }, _) => "list",
            (Screen::OfferDemo, _) => "confirm",
            (Screen::Starting, _) => "confirm",
            (Screen::Main, Some(Dialog::Form(..))) => "form",
            (Screen::Main, Some(Dialog::Confirm { .. })) => "confirm",
            (Screen::Main, Some(Dialog::Summary { .. })) => "summary",
            (Screen::Main, Some(Dialog::OpenSessions(_))) => "open_sessions",
            (Screen::Main, Some(Dialog::WardFilter { .. })) => "list",
            (Screen::Main, Some(Dialog::Help { .. })) => "help",
            (Screen::Main, None) if self.searching => "search",
            (Screen::Main, None) => self.focus.context(),
        }
    }

    /// Does a form hold text that would be lost?
    pub fn has_unsaved_text(&self) -> bool {
        matches!(&self.dialog, Some(Dialog::Form(_, f)) if f.touched)
            || (self.screen == Screen::Welcome && self.welcome.touched)
    }
}
