//! Plain mode (`imha --plain`): for screen readers and braille displays. No alternate
//! screen, no box drawing, no redraws: each change is printed as one line of text, tables are
//! read row by row in words, choices are numbered, and a whole session can be done by typing
//! lines. The same actions as the full-screen app, through the same `update`.

use crate::app::form::{Form, Value};
use crate::app::{Action, Dialog, Pane, Screen, State};
use crate::domain::time::{Clock, show_instant};
use crate::driver::Driver;
use crate::keymap::{Keymap, parse_key};
use crate::text::sanitize;
use std::io::{BufRead, Write};
use std::sync::mpsc;
use std::time::Duration;

/// Clears the screen and its scrollback, so nothing stays readable after a lock or exit.
const CLEAR_ALL: &str = "\x1b[H\x1b[2J\x1b[3J";

/// What was last said, so that only changes are printed.
#[derive(Default, PartialEq, Eq)]
struct Said {
    message: Option<String>,
    place: String,
    focus: String,
}

/// One line of output. `\r\n`, so that it reads right whether or not the terminal adds the
/// carriage return itself.
fn say(out: &mut impl Write, line: &str) {
    let _ = write!(out, "{}\r\n", sanitize(line));
}

/// One line in words for the row under the cursor in a pane.
fn row(state: &State, pane: Pane, i: usize) -> Option<String> {
    match pane {
        Pane::Patients => {
            let r = state.rows.get(*state.visible.get(i)?)?;
            Some(format!(
                "Patient {} of {}: {}{}, {}, {}. {}",
                i + 1,
                state.visible.len(),
                r.name,
                r.preferred_name
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default(),
                r.section
                    .clone()
                    .unwrap_or_else(|| "no section recorded".into()),
                r.ward,
                r.due
                    .as_ref()
                    .map(|d| format!("{}: {}", d.urgency.word(), d.words()))
                    .unwrap_or_else(|| "Nothing due".into())
            ))
        }
        Pane::Sections => {
            let sel = state.selected.as_ref()?;
            let mut eps: Vec<_> = sel.record.episodes.iter().collect();
            eps.sort_by_key(|e| std::cmp::Reverse(e.started_at));
            let e = eps.get(i)?;
            let mut s = format!(
                "Section {} of {}: s.{}, {}",
                i + 1,
                eps.len(),
                e.section,
                match e.ended_at {
                    None => format!("now, since {}", show_instant(e.started_at)),
                    Some(t) =>
                        format!("from {} to {}", show_instant(e.started_at), show_instant(t)),
                }
            );
            if e.is_current() {
                for k in &sel.key_dates {
                    let when = match k.when {
                        crate::law::When::Day(d) => crate::domain::time::show_day(d),
                        crate::law::When::At(t) => show_instant(t),
                    };
                    s.push_str(&format!(
                        ". {when}: {} ({}){}",
                        k.label,
                        k.provision,
                        if k.check.is_some() { ", CHECK" } else { "" }
                    ));
                }
            }
            Some(s)
        }
        Pane::Checklist => {
            let sel = state.selected.as_ref()?;
            let item = sel.checklist.get(i)?;
            let (_, _, words) = crate::ui::item_words(item, state.now);
            Some(format!(
                "Item {} of {}: {} ({}). {words}",
                i + 1,
                sel.checklist.len(),
                item.title,
                item.provision
            ))
        }
        Pane::Concerns => {
            let sel = state.selected.as_ref()?;
            let c = sel.record.concerns.get(i)?;
            Some(format!(
                "Concern {} of {}: {}, {}: \"{}\". {}",
                i + 1,
                sel.record.concerns.len(),
                c.status.label(),
                c.category.label(),
                c.text,
                if c.action_agreed.is_empty() {
                    "No action agreed yet".into()
                } else {
                    format!("Action: {}", c.action_agreed)
                }
            ))
        }
    }
}

/// The prompt for the focused field of a form, with numbered choices.
fn field_prompt(f: &Form) -> String {
    let Some(field) = f.fields.get(f.focus) else {
        return String::new();
    };
    let n = format!(
        "Field {} of {}, {}",
        f.focus + 1,
        f.fields.len(),
        field.label
    );
    match &field.value {
        Value::Text { text, .. } => format!(
            "{n}: {}. Type the text, or just Enter to keep it.",
            if text.is_empty() {
                "empty".into()
            } else {
                text.clone()
            }
        ),
        Value::Secret { .. } => format!("{n}: type it (it is not shown) and press Enter."),
        Value::Choice { options, index } => format!(
            "{n}: {}. Choose: {}. Or just Enter to keep it.",
            options[*index],
            options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{} {o}", i + 1))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Toggle(b) => format!(
            "{n}: {}. Type y or n, or just Enter to keep it.",
            if *b { "yes" } else { "no" }
        ),
        Value::Set {
            options, chosen, ..
        } => format!(
            "{n}: {}. Type the numbers to tick, for example 1 2: {}. Or just Enter to keep it.",
            field.words(),
            options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{} {o}{}", i + 1, if chosen[i] { " (ticked)" } else { "" }))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Where the advocate is, in words: the screen, the dialog, or the pane and row.
fn place(state: &State) -> (String, String) {
    if state.locked {
        return (
            "imha is locked. Sign in to continue.".into(),
            field_prompt(&state.sign_in),
        );
    }
    match (&state.screen, &state.dialog) {
        (Screen::Setup, _) => (
            "Set up imha: the first administrator.".into(),
            field_prompt(&state.welcome),
        ),
        (Screen::SignIn, _) => ("Sign in to imha.".into(), field_prompt(&state.sign_in)),
        (Screen::Recovery(k), _) => (
            format!(
                "Your recovery key, shown once: {}. Store it safely, then press Enter.",
                k.expose()
            ),
            String::new(),
        ),
        (Screen::OfferDemo, _) => (
            "The database is empty. Load the fictional demo ward? Type y or n.".into(),
            String::new(),
        ),
        (Screen::Starting, _) => ("Opening.".into(), String::new()),
        (Screen::Main, Some(Dialog::Form(_, f))) => {
            (format!("{}. {}.", f.title, f.context), field_prompt(f))
        }
        (Screen::Main, Some(Dialog::Confirm { question, .. })) => {
            (format!("{question} Type y or n."), String::new())
        }
        (Screen::Main, Some(Dialog::Summary { title, lines, .. })) => (
            // One line each: narrate says each line of this on its own.
            format!(
                "{title}.\n{}\nPress Enter to close.",
                lines
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            String::new(),
        ),
        (Screen::Main, Some(Dialog::OpenSessions(list))) => (
            format!(
                "A session started {} was never ended. Enter resumes it; x ends it without an end time.",
                list.first()
                    .map(|s| show_instant(s.started_at))
                    .unwrap_or_default()
            ),
            String::new(),
        ),
        (Screen::Main, Some(Dialog::WardFilter { wards, .. })) => (
            format!(
                "Show which ward? {}.",
                wards
                    .iter()
                    .enumerate()
                    .map(|(i, w)| format!("{} {w}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            String::new(),
        ),
        (Screen::Main, Some(Dialog::Accounts { list, .. })) => (
            format!(
                "Advocates: {}. n adds, p sets a passphrase, d disables.",
                list.iter()
                    .enumerate()
                    .map(|(i, a)| format!("{} {} ({})", i + 1, a.display_name, a.login))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            String::new(),
        ),
        (_, Some(Dialog::Help { filter, .. })) => (
            format!(
                "Keys: {}. Esc closes.",
                crate::app::help_entries(&state.keymap, state.help_context(), filter)
                    .iter()
                    .map(|(k, d, _)| format!("{k}: {d}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            String::new(),
        ),
        (Screen::Main, None) => {
            let p = state.focus;
            let session = match &state.session {
                Some(s) => format!(
                    " Session in progress with {} since {}.",
                    state
                        .session_patient_name()
                        .unwrap_or_else(|| format!("P{}", s.patient_id)),
                    crate::domain::time::show_time(s.started_at)
                ),
                None => String::new(),
            };
            let whose = match (&state.selected, p) {
                (Some(sel), Pane::Sections | Pane::Checklist | Pane::Concerns) => {
                    format!(" for {}", sel.record.patient.name)
                }
                _ => String::new(),
            };
            (
                format!(
                    "Pane {} of 4, {}{whose}: {} rows.{session}",
                    p.number(),
                    p.title(),
                    state.pane_len(p)
                ),
                row(state, p, state.cursor(p)).unwrap_or_else(|| "Nothing here.".into()),
            )
        }
    }
}

/// Prints what changed since the last time.
fn narrate(state: &State, said: &mut Said, out: &mut impl Write) {
    let message = state.message.as_ref().map(|m| m.text.clone());
    if message != said.message {
        if let Some(m) = &message {
            say(out, m);
        }
        said.message = message;
    }
    let (here, focus) = place(state);
    if here != said.place {
        for line in here.lines() {
            say(out, line);
        }
        said.place = here;
        said.focus = String::new();
    }
    if focus != said.focus {
        if !focus.is_empty() {
            say(out, &focus);
        }
        said.focus = focus;
    }
}

fn help(state: &State, out: &mut impl Write) {
    say(
        out,
        "Type a number to choose a row or option; 'list' reads the pane; 'pane 1' to 'pane 4' moves; '/ name' searches.",
    );
    for (k, d, _) in state.keymap.bindings(state.context()) {
        say(out, &format!("{k}: {d}"));
    }
}

/// Turns one typed line into actions.
fn interpret(line: &str, state: &State, keymap: &Keymap) -> Vec<Action> {
    let t = line.trim();
    let in_form = state.locked
        || matches!(state.screen, Screen::Setup | Screen::SignIn)
        || matches!(state.dialog, Some(Dialog::Form(..)));
    if in_form {
        let form = if state.locked || state.screen == Screen::SignIn {
            &state.sign_in
        } else if state.screen == Screen::Setup {
            &state.welcome
        } else if let Some(Dialog::Form(_, f)) = &state.dialog {
            f
        } else {
            return vec![];
        };
        // Words (and the keys a terminal sends as escape sequences) that move, not type.
        match t.to_lowercase().as_str() {
            "cancel" | "esc" | "\u{1b}" => return vec![Action::Back],
            "back" | "up" | "backtab" | "\u{1b}[a" | "\u{1b}[z" => return vec![Action::PrevField],
            "enter" => return interpret("", state, keymap),
            _ => {}
        }
        let line = &crate::text::clean_input("line", line, 100_000, false).unwrap_or_default();
        let last = form.focus + 1 == form.fields.len();
        let mut acts = Vec::new();
        if let Some(field) = form.fields.get(form.focus) {
            match &field.value {
                Value::Text { text, .. } if !line.is_empty() => {
                    acts.extend(std::iter::repeat_n(Action::Backspace, text.chars().count()));
                    acts.push(Action::Paste(line.to_string()));
                }
                Value::Secret { .. } => acts.push(Action::Paste(line.to_string())),
                Value::Choice { index, options } => {
                    if let Ok(n) = t.parse::<usize>()
                        && (1..=options.len()).contains(&n)
                    {
                        let steps = (n - 1 + options.len() - index) % options.len();
                        acts.extend(std::iter::repeat_n(Action::ChangeNext, steps));
                    }
                }
                Value::Toggle(b) if (t == "y" && !b) || (t == "n" && *b) => {
                    acts.push(Action::Input(' '))
                }
                Value::Set {
                    options,
                    chosen,
                    cursor,
                } => {
                    let want: Vec<usize> = t
                        .split([' ', ','])
                        .filter_map(|x| x.parse::<usize>().ok())
                        .collect();
                    if !want.is_empty() {
                        let mut c = *cursor;
                        for (i, on) in chosen.iter().enumerate().take(options.len()) {
                            if want.contains(&(i + 1)) != *on {
                                while c != i {
                                    acts.push(Action::ChangeNext);
                                    c = (c + 1) % options.len();
                                }
                                acts.push(Action::Input(' '));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        acts.push(if last {
            Action::Submit
        } else {
            Action::NextField
        });
        return acts;
    }
    if let Some(q) = t.strip_prefix('/') {
        let mut acts = vec![Action::Search];
        acts.push(Action::Paste(q.trim().to_string()));
        acts.push(Action::Submit);
        return acts;
    }
    if let Some(n) = t
        .strip_prefix("pane ")
        .and_then(|n| n.trim().parse::<usize>().ok())
    {
        return Pane::ALL
            .get(n.wrapping_sub(1))
            .map(|p| vec![Action::FocusPane(*p)])
            .unwrap_or_default();
    }
    if let Ok(n) = t.parse::<usize>() {
        return match &state.dialog {
            Some(Dialog::WardFilter { wards, .. }) if (1..=wards.len()).contains(&n) => {
                let mut a = vec![Action::Home];
                a.extend(std::iter::repeat_n(Action::Down, n - 1));
                a.push(Action::Submit);
                a
            }
            Some(Dialog::Accounts { .. }) | None => {
                let mut a = vec![Action::Home];
                a.extend(std::iter::repeat_n(Action::Down, n.saturating_sub(1)));
                a
            }
            _ => vec![],
        };
    }
    let key = if t.is_empty() { "Enter" } else { t };
    match parse_key(key).and_then(|k| keymap.resolve(&k, state.context())) {
        Some(a) => vec![a],
        None => vec![],
    }
}

/// Turns the terminal's echo off while a passphrase is typed (and back on after).
fn set_echo(on: bool) {
    // SAFETY: termios calls on standard input; a failure leaves the terminal as it was.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
            return;
        }
        if on {
            t.c_lflag |= libc::ECHO;
        } else {
            t.c_lflag &= !libc::ECHO;
        }
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
    }
}

fn secret_focused(state: &State) -> bool {
    let form = if state.locked || state.screen == Screen::SignIn {
        Some(&state.sign_in)
    } else if state.screen == Screen::Setup {
        Some(&state.welcome)
    } else if let Some(Dialog::Form(_, f)) = &state.dialog {
        Some(f)
    } else {
        None
    };
    form.and_then(|f| f.fields.get(f.focus))
        .is_some_and(|f| matches!(f.value, Value::Secret { .. }))
}

/// Set by Ctrl-c (SIGINT): quit the way Ctrl-q does, asking first if text would be lost.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_interrupt(_: libc::c_int) {
    STOP.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Set by SIGHUP (the terminal closed) or SIGTERM (shutdown): end as quitting does, with echo
/// back on and the screen and scrollback cleared. Everything saved is already committed.
static END: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_end(_: libc::c_int) {
    END.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The refusal the open form shows, if any.
fn form_error(state: &State) -> Option<String> {
    let form = if state.locked || state.screen == Screen::SignIn {
        &state.sign_in
    } else if state.screen == Screen::Setup {
        &state.welcome
    } else if let Some(Dialog::Form(_, f)) = &state.dialog {
        f
    } else {
        return None;
    };
    form.error.clone()
}

/// Runs imha in plain mode until the advocate quits or the input ends.
pub fn run(mut driver: Driver, clock: Clock) -> std::io::Result<()> {
    let keymap = driver.state.keymap.clone();
    // SAFETY: the handlers only store to an atomic.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_interrupt as *const () as libc::sighandler_t,
        );
        for sig in [libc::SIGHUP, libc::SIGTERM] {
            libc::signal(sig, on_end as *const () as libc::sighandler_t);
        }
    }
    let (tx, rx) = mpsc::channel::<Option<String>>();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            if tx.send(line.ok()).is_err() {
                return;
            }
        }
        let _ = tx.send(None);
    });
    let mut out = std::io::stdout();
    say(
        &mut out,
        "imha, plain mode. Type 'help' for the keys, 'list' to read the pane.",
    );
    let mut said = Said::default();
    let mut was_locked = false;
    let mut echo = true;
    loop {
        narrate(&driver.state, &mut said, &mut out);
        // The terminal's echo is off only while a passphrase is typed; changed only on a turn.
        if echo == secret_focused(&driver.state) {
            echo = !echo;
            set_echo(echo);
        }
        let _ = out.flush();
        if driver.state.quit {
            break;
        }
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(Some(line)) => {
                let warned = driver.state.lock_warning;
                driver.dispatch(Action::Now(clock.now()));
                if warned {
                    say(&mut out, "Still signed in: the lock was put off.");
                    continue;
                }
                match line.trim() {
                    "help" => help(&driver.state, &mut out),
                    "list"
                        if driver.state.dialog.is_none() && driver.state.screen == Screen::Main =>
                    {
                        let p = driver.state.focus;
                        for i in 0..driver.state.pane_len(p) {
                            if let Some(r) = row(&driver.state, p, i) {
                                say(&mut out, &r);
                            }
                        }
                    }
                    _ => {
                        for a in interpret(&line, &driver.state, &keymap) {
                            driver.dispatch(a);
                        }
                        // A refusal is said every time, even when it is the same as before,
                        // and then the field is asked for again.
                        if let Some(e) = form_error(&driver.state) {
                            say(&mut out, &e);
                            said.focus = String::new();
                        }
                    }
                }
            }
            Ok(None) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if END.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                if STOP.swap(false, std::sync::atomic::Ordering::SeqCst) {
                    driver.dispatch(Action::ForceQuit);
                } else {
                    driver.dispatch(Action::Tick(clock.now()));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if driver.state.locked && !was_locked {
            // Nothing stays readable on a locked terminal, scrollback included.
            let _ = write!(out, "{CLEAR_ALL}");
            said = Said::default();
        }
        was_locked = driver.state.locked;
    }
    set_echo(true);
    let _ = write!(out, "{CLEAR_ALL}");
    out.flush()
}
