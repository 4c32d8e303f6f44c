//! Who is at the keyboard: the first administrator's setup, signing in, the idle lock and
//! unlocking. A locked screen holds no patient data: the advocate's view is sealed away
//! (encrypted by the driver) and only the same advocate gets it back.

use super::form::{Field, Form};
use super::{Action, Dialog, Effect, MessageKind, Pane, Screen, State, say};
use crate::domain::Advocate;
use crate::domain::time::Instant;
use serde::{Deserialize, Serialize};

/// Seconds of warning before the idle lock.
pub const LOCK_WARNING_SECS: i64 = 30;

/// An advocate's view, held sealed while the screen is locked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Draft {
    pub dialog: Option<Dialog>,
    pub query: String,
    pub searching: bool,
    pub ward_filter: Option<String>,
    pub focus: Pane,
    pub cursors: [usize; 4],
    pub detail_scroll: u16,
    pub selected: Option<i64>,
    pub session: Option<crate::domain::Session>,
}

pub fn setup_form() -> Form {
    Form::new(
        "Set up imha: the first administrator",
        "Each advocate signs in with their own name and passphrase. The data is encrypted with them.",
        vec![
            Field::text("Login name", "", 32, "Lower-case letters, digits, '.', '-' or '_', for example j.smith"),
            Field::text("Display name", "", 80, "Your name as colleagues know it"),
            Field::secret("Passphrase", "At least 8 characters: a few words you will remember are best"),
            Field::secret("Repeat passphrase", "The same again, to be sure"),
        ],
    )
    .with_footer("Enter creates the account · Tab/Up/Down move between fields")
}

pub fn sign_in_form(login: &str) -> Form {
    let f = Form::new(
        "Sign in",
        "Your own login name and passphrase. Nobody else's.",
        vec![
            Field::text("Login name", login, 32, ""),
            Field::secret("Passphrase", "Typed characters show as dots"),
        ],
    );
    let f = f.with_footer("Enter signs in · Tab moves between the fields");
    if login.is_empty() {
        f
    } else {
        f.focus_on("Passphrase")
    }
}

/// The setup screen: create the first administrator.
pub fn setup(state: &mut State, action: Action) -> Vec<Effect> {
    let f = &mut state.welcome;
    if f.edit(&action) || !matches!(action, Action::Submit) {
        return vec![];
    }
    let pass = f.take_secret("Passphrase");
    let again = f.take_secret("Repeat passphrase");
    if pass != again {
        f.error = Some("The two passphrases differ: type them again".into());
        f.focus = 2;
        return vec![];
    }
    vec![Effect::Setup {
        login: f.text("Login name"),
        display_name: f.text("Display name"),
        passphrase: pass,
    }]
}

/// The sign-in screen, and the lock screen (the same form).
pub fn sign_in(state: &mut State, action: Action) -> Vec<Effect> {
    let f = &mut state.sign_in;
    if f.edit(&action) || !matches!(action, Action::Submit) {
        return vec![];
    }
    let login = f.text("Login name");
    let passphrase = f.take_secret("Passphrase");
    f.error = None;
    vec![if state.locked {
        Effect::Unlock { login, passphrase }
    } else {
        Effect::SignIn { login, passphrase }
    }]
}

/// The recovery key is shown once; Enter goes on.
pub fn recovery(state: &mut State, action: Action) -> Vec<Effect> {
    if matches!(action, Action::Submit | Action::Confirm) {
        state.screen = if state.demo_offer {
            Screen::OfferDemo
        } else {
            Screen::Main
        };
        return vec![Effect::LoadPatients];
    }
    vec![]
}

/// After a successful sign-in.
pub fn signed_in(state: &mut State, a: Advocate, patient_count: i64) -> Vec<Effect> {
    state.sign_in = sign_in_form("");
    state.advocate = Some(a.clone());
    state.demo_offer = patient_count == 0;
    state.last_activity = state.now;
    state.screen = if state.demo_offer {
        Screen::OfferDemo
    } else {
        Screen::Main
    };
    say(
        state,
        MessageKind::Info,
        format!("Signed in as {} ({})", a.display_name, a.login),
    );
    vec![Effect::LoadPatients, Effect::LoadOpenSessions(a)]
}

/// Locks the screen: the view is taken out of the state and sealed by the driver.
pub fn lock(state: &mut State) -> Vec<Effect> {
    if state.locked || state.advocate.is_none() {
        return vec![];
    }
    let draft = Draft {
        dialog: state.dialog.take(),
        query: std::mem::take(&mut state.query),
        searching: std::mem::take(&mut state.searching),
        ward_filter: state.ward_filter.take(),
        focus: state.focus,
        cursors: state.cursors,
        detail_scroll: state.detail_scroll,
        selected: state.selected.take().map(|s| s.record.patient.id),
        session: state.session.take(),
    };
    let login = state
        .advocate
        .as_ref()
        .map(|a| a.login.clone())
        .unwrap_or_default();
    state.rows.clear();
    state.visible.clear();
    state.message = None;
    state.viewing = None;
    state.lock_warning = false;
    state.locked = true;
    // The login is not shown on the lock screen: it would say who was here.
    state.sign_in = sign_in_form("");
    let _ = login;
    vec![Effect::Lock(Box::new(draft))]
}

/// After unlocking: the same advocate gets their view back; another gets their own.
pub fn unlocked(state: &mut State, a: Advocate, draft: Option<Box<Draft>>) -> Vec<Effect> {
    let same = state.advocate.as_ref().is_some_and(|x| x.login == a.login);
    state.locked = false;
    state.sign_in = sign_in_form("");
    state.advocate = Some(a.clone());
    state.last_activity = state.now;
    state.screen = Screen::Main;
    state.focus = Pane::Patients;
    state.cursors = [0; 4];
    state.detail_scroll = 0;
    if let Some(d) = draft {
        state.dialog = d.dialog;
        state.query = d.query;
        state.searching = d.searching;
        state.ward_filter = d.ward_filter;
        state.focus = d.focus;
        state.cursors = d.cursors;
        state.detail_scroll = d.detail_scroll;
        state.session = d.session;
        state.pending_select = d.selected;
    }
    say(
        state,
        MessageKind::Info,
        if same {
            format!("Unlocked: welcome back, {}", a.display_name)
        } else {
            format!("Signed in as {} ({})", a.display_name, a.login)
        },
    );
    let mut effects = vec![Effect::LoadPatients];
    if !same {
        effects.push(Effect::LoadOpenSessions(a));
    }
    effects
}

/// The clock: the idle lock and its warning, the two-second view audit, other terminals'
/// writes, and (once a minute) what is due.
pub fn tick(state: &mut State, now: Instant) -> Vec<Effect> {
    let minute_changed = now.timestamp() / 60 != state.now.timestamp() / 60;
    state.now = now;
    let mut effects = Vec::new();
    if state.advocate.is_none() || state.locked {
        return effects;
    }
    let idle = (now - state.last_activity).num_seconds();
    if idle >= state.lock_after_secs {
        return lock(state);
    }
    let warn = idle >= state.lock_after_secs - LOCK_WARNING_SECS;
    if warn && !state.lock_warning {
        // Said once (not counted down), so a screen reader announces it once.
        state.lock_warning = true;
        say(
            state,
            MessageKind::Error,
            format!(
                "The screen locks in {LOCK_WARNING_SECS} seconds: press any key to stay signed in"
            ),
        );
    } else if !warn && state.lock_warning {
        state.lock_warning = false;
    }
    // A record shown for two seconds counts as viewed.
    if let Some((pid, since)) = state.viewing
        && (now - since).num_milliseconds() >= 2000
    {
        state.viewing = None;
        effects.push(Effect::AuditView(pid));
    }
    effects.push(Effect::CheckExternal);
    if minute_changed {
        effects.push(Effect::LoadPatients);
    }
    effects
}

/// A key was pressed: the advocate is here.
pub fn activity(state: &mut State, now: Instant) {
    state.now = now;
    state.last_activity = now;
    if state.lock_warning {
        state.lock_warning = false;
        state.message = None;
    }
}
