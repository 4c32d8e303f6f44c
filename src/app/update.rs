//! `update`: the one place state changes. No I/O; effects are returned as data.

use super::patients::{MAX_QUERY, PatientRow, sort_by_urgency, visible};
use super::{
    Action, ConfirmKind, Dialog, Effect, FormKind, Loaded, MessageKind, Pane, Saved, Screen,
    Selected, State,
};
use super::{access, forms, say};
use crate::domain::time::{show_instant, show_time};
use crate::law::{checklist_for, due_items};

pub(super) const PAGE: usize = 10;

/// Applies one action to the state and returns what must happen next.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick(now) => return access::tick(state, now),
        Action::Now(now) => {
            access::activity(state, now);
            return vec![];
        }
        Action::Lock => return access::lock(state),
        Action::Loaded(l) => return loaded(state, l),
        Action::Saved(s) => return saved(state, s),
        Action::Failed(msg) => {
            if state.locked || state.screen == Screen::SignIn {
                state.sign_in.error = Some(msg);
                return vec![];
            }
            if let Some(Dialog::Form(_, f)) = &mut state.dialog {
                f.error = Some(format!("Not saved: {msg}"));
            } else if state.screen == Screen::Setup {
                // Back to the field at fault (the passphrases were cleared when sent).
                state.welcome.focus = if msg.contains("passphrase") {
                    2
                } else if msg.contains("Display") {
                    1
                } else {
                    0
                };
                state.welcome.error = Some(msg.clone());
            }
            say(state, MessageKind::Error, format!("Not saved: {msg}"));
            return vec![];
        }
        Action::ForceQuit => return ask_quit(state, true),
        _ => {}
    }
    if state.locked {
        return access::sign_in(state, action);
    }
    // Help and other dialogs work on every screen: F1 is never a dead key.
    if state.dialog.is_some() {
        return super::dialogs::dialog(state, action);
    }
    if matches!(action, Action::Help) && state.screen != Screen::Main {
        state.dialog = Some(Dialog::Help {
            filter: String::new(),
            cursor: 0,
            behind: None,
        });
        return vec![];
    }
    match state.screen.clone() {
        Screen::Starting => vec![],
        Screen::Setup => access::setup(state, action),
        Screen::SignIn => access::sign_in(state, action),
        Screen::Recovery(_) => access::recovery(state, action),
        Screen::OfferDemo => offer_demo(state, action),
        Screen::Main => {
            if state.searching {
                search(state, action)
            } else {
                main(state, action)
            }
        }
    }
}

/// Asks a question over the current dialog; "no" goes back to it unchanged.
pub(super) fn ask(state: &mut State, kind: ConfirmKind, question: impl Into<String>) {
    let behind = state.dialog.take().map(Box::new);
    state.dialog = Some(Dialog::Confirm {
        kind,
        question: question.into(),
        behind,
    });
}

fn ask_quit(state: &mut State, forced: bool) -> Vec<Effect> {
    if matches!(
        state.dialog,
        Some(Dialog::Confirm {
            kind: ConfirmKind::Quit,
            ..
        })
    ) {
        return vec![];
    }
    if state.has_unsaved_text() {
        ask(
            state,
            ConfirmKind::Quit,
            "A form holds text that is not saved. Quit and lose it?",
        );
        return vec![];
    }
    if !forced && state.session.is_some() {
        ask(
            state,
            ConfirmKind::Quit,
            "A session is in progress. Quit anyway? It stays open and can be ended next time.",
        );
        return vec![];
    }
    state.quit = true;
    vec![Effect::Quit]
}

fn loaded(state: &mut State, l: Loaded) -> Vec<Effect> {
    match l {
        Loaded::Accounts(list) => {
            state.dialog = Some(Dialog::Accounts { list, cursor: 0 });
            vec![]
        }
        Loaded::Startup { setup_needed } => {
            state.screen = if setup_needed {
                Screen::Setup
            } else {
                Screen::SignIn
            };
            vec![]
        }
        Loaded::SignedIn {
            advocate,
            patient_count,
        } => access::signed_in(state, advocate, patient_count),
        Loaded::Unlocked { advocate, draft } => access::unlocked(state, advocate, draft),
        Loaded::Patients(list) => {
            let keep = state.highlighted_row().map(|r| r.id);
            let mut rows: Vec<PatientRow> = list
                .iter()
                .map(|o| PatientRow::from_overview(o, state.now))
                .collect();
            sort_by_urgency(&mut rows);
            state.rows = rows;
            if state.screen == Screen::Main && state.rows.is_empty() && list.is_empty() {
                // Nothing to show yet; the demo may be offered by the caller.
            }
            refilter(state, keep);
            select_effects(state)
        }
        Loaded::Patient(id, overview) => {
            let keep = state.highlighted_row().map(|r| r.id);
            state.rows.retain(|r| r.id != id);
            if let Some(o) = overview {
                state.rows.push(PatientRow::from_overview(&o, state.now));
            }
            sort_by_urgency(&mut state.rows);
            refilter(state, keep);
            select_effects(state)
        }
        Loaded::Record(r) => {
            // The record is on screen: after two seconds it counts as viewed (audit).
            if state.viewing.is_none_or(|(id, _)| id != r.patient.id)
                && state
                    .selected
                    .as_ref()
                    .is_none_or(|s| s.record.patient.id != r.patient.id)
            {
                state.viewing = Some((r.patient.id, state.now));
            }
            if state
                .selected
                .as_ref()
                .is_none_or(|s| s.record.patient.id != r.patient.id)
            {
                state.detail_scroll = 0;
            }
            let checklist = checklist_for(&r.episodes, &r.events, &r.info);
            let due = due_items(
                &r.episodes,
                &r.events,
                &r.info,
                r.patient.date_of_birth,
                state.now,
            );
            let today = crate::domain::time::london_day(state.now);
            let key_dates = crate::law::checklist::current_episode(&r.episodes)
                .and_then(|e| crate::law::history::context(&r.episodes, &r.events, e))
                .map(|ctx| {
                    crate::law::history::episode_dates(
                        &ctx,
                        &r.events,
                        r.patient.date_of_birth,
                        today,
                    )
                })
                .unwrap_or_default();
            let eligibility = crate::law::checklist::current_episode(&r.episodes)
                .and_then(|e| crate::law::status(&e.section).ok())
                .map(|st| {
                    let age = crate::domain::time::age_on(r.patient.date_of_birth, today);
                    crate::law::eligibility(st, None, Some(age), today)
                });
            state.selected = Some(Selected {
                record: *r,
                key_dates,
                eligibility,
                checklist,
                due,
            });
            for p in [Pane::Sections, Pane::Checklist, Pane::Concerns] {
                let n = state.pane_len(p);
                let c = &mut state.cursors[p.number() - 1];
                *c = (*c).min(n.saturating_sub(1));
            }
            vec![]
        }
        Loaded::OpenSessions(list) => {
            if !list.is_empty() {
                state.dialog = Some(Dialog::OpenSessions(list));
            }
            vec![]
        }
        Loaded::Summary(session, record) => {
            state.dialog = Some(Dialog::Summary {
                title: super::summary::title(&record),
                lines: super::summary::lines(&session, &record),
                scroll: 0,
            });
            vec![]
        }
    }
}

fn saved(state: &mut State, s: Saved) -> Vec<Effect> {
    let mut effects = vec![match s.patient_id() {
        Some(id) => Effect::LoadPatient(id),
        None => Effect::LoadPatients,
    }];
    let close_form = |state: &mut State| {
        if matches!(state.dialog, Some(Dialog::Form(..))) {
            state.dialog = None;
        }
    };
    match s {
        Saved::SetUp { advocate, recovery } => {
            state.message = None;
            state.welcome = access::setup_form();
            state.advocate = Some(advocate);
            state.demo_offer = true;
            state.last_activity = state.now;
            state.screen = Screen::Recovery(recovery);
            return vec![];
        }
        Saved::Demo(n) => {
            state.screen = Screen::Main;
            say(
                state,
                MessageKind::Saved,
                format!("Demo ward loaded: {n} fictional patients"),
            );
        }
        Saved::SessionStarted(s) => {
            close_form(state);
            say(
                state,
                MessageKind::Saved,
                format!(
                    "Saved {}: session started. Work through the panes; e ends it.",
                    show_time(s.started_at)
                ),
            );
            state.session = Some(s);
        }
        Saved::SessionEnded(s) => {
            if state.session.as_ref().is_some_and(|x| x.id == s.id) {
                state.session = None;
            }
            if let Some(Dialog::OpenSessions(list)) = &mut state.dialog {
                list.retain(|x| x.id != s.id);
                if list.is_empty() {
                    state.dialog = None;
                }
            }
            say(
                state,
                MessageKind::Saved,
                "Saved: session ended".to_string(),
            );
            effects.push(Effect::LoadSummary(s));
        }
        Saved::Info(i) => {
            close_form(state);
            // On to the next item: recording the next one is then two keys away.
            if state.focus == Pane::Checklist && i.corrects.is_none() {
                let n = state.pane_len(Pane::Checklist);
                let c = &mut state.cursors[Pane::Checklist.number() - 1];
                *c = (*c + 1).min(n.saturating_sub(1));
            }
            let title = crate::law::item(&i.item)
                .map(|d| d.title.clone())
                .unwrap_or(i.item.clone());
            say(
                state,
                MessageKind::Saved,
                format!(
                    "Saved {}: {} — {}, {}{}{}",
                    show_time(i.recorded_at),
                    title,
                    i.forms.words(),
                    i.understanding.label(),
                    if i.corrects.is_some() {
                        " (correction)"
                    } else {
                        ""
                    },
                    if state
                        .session
                        .as_ref()
                        .is_some_and(|s| i.session_id != Some(s.id))
                    {
                        " — recorded outside the session"
                    } else {
                        ""
                    }
                ),
            );
        }
        Saved::Concern(c) => {
            close_form(state);
            say(
                state,
                MessageKind::Saved,
                format!(
                    "Saved: concern about {} ({})",
                    c.category.label(),
                    c.status.label()
                ),
            );
        }
        Saved::Patient(p) => {
            close_form(state);
            state.query.clear();
            state.ward_filter = None;
            say(
                state,
                MessageKind::Saved,
                format!("Saved: patient added as {}", p.reference()),
            );
            state.pending_select = Some(p.id);
        }
        Saved::Episode(e) => {
            close_form(state);
            let name = crate::law::status(&e.section)
                .map(|s| s.short())
                .unwrap_or(e.section.clone());
            say(
                state,
                MessageKind::Saved,
                format!("Saved: {name} recorded from {}", show_instant(e.started_at)),
            );
        }
        Saved::Account(what, list) => {
            state.dialog = Some(Dialog::Accounts { list, cursor: 0 });
            say(state, MessageKind::Saved, format!("Saved: {what}"));
            return vec![];
        }
        Saved::Change(what) => {
            close_form(state);
            say(state, MessageKind::Saved, format!("Saved: {what}"));
        }
    }
    effects
}

fn offer_demo(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm | Action::Submit => {
            if let Some(a) = state.advocate.clone() {
                return vec![Effect::LoadDemo(a)];
            }
        }
        Action::Deny | Action::Back => {
            state.screen = Screen::Main;
            say(
                state,
                MessageKind::Info,
                "Starting with an empty list: press n to add a patient",
            );
        }
        _ => {}
    }
    vec![]
}

pub(super) fn refilter(state: &mut State, keep: Option<i64>) {
    state.visible = visible(
        &state.rows,
        state.ward_filter.as_deref(),
        &state.query,
        None,
    );
    let pos = keep.and_then(|id| state.visible.iter().position(|i| state.rows[*i].id == id));
    let pending = state.pending_select.take();
    let pending_pos =
        pending.and_then(|id| state.visible.iter().position(|i| state.rows[*i].id == id));
    let c = pending_pos.or(pos).unwrap_or(0);
    state.cursors[0] = c.min(state.visible.len().saturating_sub(1));
}

/// Loads the record of the highlighted patient if it is not the one shown.
pub(super) fn select_effects(state: &mut State) -> Vec<Effect> {
    match state.highlighted_row().map(|r| r.id) {
        Some(id) => vec![Effect::LoadRecord(id)],
        None => {
            state.selected = None;
            vec![]
        }
    }
}

fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    let pane = state.focus;
    let n = state.pane_len(pane);
    let i = pane.number() - 1;
    let cur = state.cursors[i] as isize;
    let next = (cur + delta).clamp(0, n.saturating_sub(1) as isize) as usize;
    let changed = next != state.cursors[i];
    state.cursors[i] = next;
    if pane == Pane::Sections && changed {
        state.detail_scroll = 0;
    }
    if pane == Pane::Patients && changed {
        return select_effects(state);
    }
    vec![]
}

fn too_long_query(state: &mut State) -> Vec<Effect> {
    say(
        state,
        MessageKind::Error,
        format!("A search is at most {MAX_QUERY} characters; the rest was not typed"),
    );
    vec![]
}

fn search(state: &mut State, action: Action) -> Vec<Effect> {
    let keep = state.highlighted_row().map(|r| r.id);
    match action {
        Action::Input(c) => {
            if c.is_control() {
                return vec![];
            }
            if state.query.chars().count() >= MAX_QUERY {
                return too_long_query(state);
            }
            let prev = state.visible.clone();
            state.query.push(c);
            state.visible = visible(
                &state.rows,
                state.ward_filter.as_deref(),
                &state.query,
                Some(&prev),
            );
            state.cursors[0] = 0;
            return select_effects(state);
        }
        Action::Paste(s) => {
            let room = MAX_QUERY.saturating_sub(state.query.chars().count());
            let pasted: Vec<char> = s.chars().filter(|c| !c.is_control()).collect();
            state.query.extend(pasted.iter().take(room));
            refilter(state, keep);
            if pasted.len() > room {
                too_long_query(state);
            }
            state.cursors[0] = 0;
            return select_effects(state);
        }
        Action::Backspace => {
            state.query.pop();
            refilter(state, keep);
            return select_effects(state);
        }
        Action::Up => return move_cursor(state, -1),
        Action::Down => return move_cursor(state, 1),
        Action::Submit => state.searching = false,
        Action::Back => {
            state.searching = false;
            state.query.clear();
            refilter(state, keep);
            return select_effects(state);
        }
        _ => {}
    }
    vec![]
}

fn patient_name(state: &State) -> String {
    state
        .selected
        .as_ref()
        .map(|s| s.record.patient.name.clone())
        .unwrap_or_default()
}

fn needs_patient(state: &mut State) -> Option<i64> {
    let id = state.selected.as_ref().map(|s| s.record.patient.id);
    if id.is_none() {
        say(state, MessageKind::Error, "Choose a patient first (pane 1)");
    }
    id
}

pub(super) fn open_form(state: &mut State, kind: FormKind, mut form: super::Form) {
    // Say so when an entry will not belong to the session in progress.
    let pid = match &kind {
        FormKind::RecordInfo { patient_id, .. } | FormKind::AddConcern { patient_id } => {
            Some(*patient_id)
        }
        _ => None,
    };
    if let (Some(pid), Some(s)) = (pid, &state.session)
        && pid != s.patient_id
    {
        let with = state
            .session_patient_name()
            .unwrap_or_else(|| format!("P{}", s.patient_id));
        form.context = format!(
            "{} (NOT part of the session in progress, which is with {with})",
            form.context
        );
    }
    state.dialog = Some(Dialog::Form(kind, form));
}

fn main(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return ask_quit(state, false),
        Action::Accounts => return vec![Effect::LoadAccounts],
        Action::ImportCensus => open_form(state, FormKind::ImportCensus, forms::import_census()),
        Action::AddReferral => {
            if let Some(id) = needs_patient(state) {
                let f = forms::add_referral(&patient_name(state), state.now);
                open_form(state, FormKind::AddReferral { patient_id: id }, f);
            }
        }
        Action::NextTheme => {
            let names = &state.theme_names;
            let i = names
                .iter()
                .position(|n| *n == state.theme)
                .map_or(0, |i| (i + 1) % names.len().max(1));
            state.theme = names.get(i).cloned().unwrap_or_else(|| "default".into());
            let msg = format!(
                "Theme: {} (T changes it; 'theme' in config.toml keeps it)",
                state.theme
            );
            say(state, MessageKind::Info, msg);
        }
        Action::Help => {
            state.dialog = Some(Dialog::Help {
                filter: String::new(),
                cursor: 0,
                behind: None,
            })
        }
        Action::Search => {
            state.focus = Pane::Patients;
            state.searching = true;
        }
        Action::WardFilter => {
            let mut wards: Vec<String> = state.rows.iter().map(|r| r.ward.clone()).collect();
            wards.sort();
            wards.dedup();
            wards.insert(0, "All wards".into());
            let cursor = state
                .ward_filter
                .as_ref()
                .and_then(|w| wards.iter().position(|x| x == w))
                .unwrap_or(0);
            state.dialog = Some(Dialog::WardFilter { wards, cursor });
        }
        Action::NextPane => state.focus = Pane::ALL[state.focus.number() % 4],
        Action::PrevPane => state.focus = Pane::ALL[(state.focus.number() + 2) % 4],
        Action::FocusPane(p) => state.focus = p,
        Action::Up => return move_cursor(state, -1),
        Action::Down => return move_cursor(state, 1),
        Action::PageUp if state.focus == Pane::Sections => {
            state.detail_scroll = state.detail_scroll.saturating_sub(PAGE as u16)
        }
        Action::PageDown if state.focus == Pane::Sections => {
            state.detail_scroll = state.detail_scroll.saturating_add(PAGE as u16)
        }
        Action::PageUp => return move_cursor(state, -(PAGE as isize)),
        Action::PageDown => return move_cursor(state, PAGE as isize),
        Action::Home => return move_cursor(state, -(isize::MAX / 2)),
        Action::End => return move_cursor(state, isize::MAX / 2),
        Action::Activate => return activate(state),
        Action::StartSession => {
            if let Some(s) = &state.session {
                let msg = format!(
                    "A session started {} is in progress: press e to end it first",
                    show_time(s.started_at)
                );
                say(state, MessageKind::Error, msg);
            } else if let Some(id) = needs_patient(state) {
                let ward = state
                    .selected
                    .as_ref()
                    .map(|s| s.record.patient.ward.clone())
                    .unwrap_or_default();
                let mut f = forms::start_session(&patient_name(state), &ward);
                if let Some(e) = state
                    .selected
                    .as_ref()
                    .and_then(|s| s.eligibility.as_ref())
                    .filter(|e| !e.eligible)
                {
                    f.context = format!(
                        "{}. Note: NOT eligible for an IMHA now: {} ({})",
                        f.context, e.reason, e.provision
                    );
                }
                open_form(state, FormKind::StartSession { patient_id: id }, f);
            }
        }
        Action::EndSession => {
            if state.session.is_some() {
                ask(
                    state,
                    ConfirmKind::EndSession,
                    "End the session now? A summary of what was recorded follows.",
                );
            } else {
                say(
                    state,
                    MessageKind::Error,
                    "No session is in progress: press s to start one",
                );
            }
        }
        Action::AddConcern => {
            if let Some(id) = needs_patient(state) {
                open_form(
                    state,
                    FormKind::AddConcern { patient_id: id },
                    forms::add_concern(&patient_name(state)),
                );
            }
        }
        Action::AddPatient => {
            let ward = state.ward_filter.clone().unwrap_or_default();
            open_form(state, FormKind::AddPatient, forms::add_patient(&ward));
        }
        Action::AddSection => {
            if let Some(id) = needs_patient(state) {
                open_form(
                    state,
                    FormKind::AddSection { patient_id: id },
                    forms::add_section(&patient_name(state), state.now),
                );
            }
        }
        Action::VerifySection => {
            if let Some(id) = needs_patient(state) {
                if current_episode(state).is_none() {
                    say(
                        state,
                        MessageKind::Error,
                        "There is no current section to check: press n in pane 2 to record one",
                    );
                } else {
                    open_form(
                        state,
                        FormKind::VerifySection { patient_id: id },
                        forms::verify_section(&patient_name(state)),
                    );
                }
            }
        }
        Action::AddEvent => {
            if let Some(id) = needs_patient(state) {
                let f = forms::add_event(&patient_name(state), state.now);
                open_form(state, FormKind::AddEvent { patient_id: id }, f);
            }
        }
        Action::EndSection => {
            if let Some(id) = needs_patient(state) {
                if current_episode(state).is_none() {
                    say(
                        state,
                        MessageKind::Error,
                        "There is no current section to end",
                    );
                } else {
                    open_form(
                        state,
                        FormKind::EndSection { patient_id: id },
                        forms::end_section(&patient_name(state), state.now),
                    );
                }
            }
        }
        Action::MovePatient => {
            if let Some(id) = needs_patient(state) {
                let ward = state
                    .selected
                    .as_ref()
                    .map(|s| s.record.patient.ward.clone())
                    .unwrap_or_default();
                open_form(
                    state,
                    FormKind::MovePatient { patient_id: id },
                    forms::move_patient(&patient_name(state), &ward),
                );
            }
        }
        Action::ArchivePatient => {
            if let Some(id) = needs_patient(state) {
                ask(
                    state,
                    ConfirmKind::Archive { patient_id: id },
                    "Archive this patient? They are hidden from the list; nothing is deleted.",
                );
            }
        }
        Action::CorrectEntry => {
            if state.focus != Pane::Checklist {
                say(
                    state,
                    MessageKind::Error,
                    "Corrections are made in the information checklist (pane 3)",
                );
            } else if let Some(sel) = &state.selected
                && let Some(item) = sel.checklist.get(state.cursor(Pane::Checklist))
            {
                match &item.last {
                    Some(last) => {
                        let kind = FormKind::RecordInfo {
                            patient_id: sel.record.patient.id,
                            item: item.key.to_string(),
                            corrects: Some(last.id),
                        };
                        let f = forms::record_info(
                            &sel.record.patient.name,
                            item.title,
                            state.now,
                            Some(last),
                        );
                        open_form(state, kind, f);
                    }
                    None => say(
                        state,
                        MessageKind::Error,
                        "Nothing has been recorded for this item yet",
                    ),
                }
            }
        }
        Action::Back => state.message = None,
        _ => {}
    }
    vec![]
}

pub(super) fn current_episode(state: &State) -> Option<&crate::domain::Episode> {
    state
        .selected
        .as_ref()
        .and_then(|s| crate::law::checklist::current_episode(&s.record.episodes))
}

fn activate(state: &mut State) -> Vec<Effect> {
    match state.focus {
        Pane::Patients => {
            if let Some(id) = state.selected.as_ref().map(|s| s.record.patient.id) {
                state.focus = Pane::Sections;
                // Opening a record with Enter counts as viewing it at once.
                state.viewing = None;
                return vec![Effect::AuditView(id)];
            }
        }
        Pane::Sections => return main(state, Action::VerifySection),
        Pane::Checklist => {
            if let Some(sel) = &state.selected
                && let Some(item) = sel.checklist.get(state.cursor(Pane::Checklist))
            {
                let kind = FormKind::RecordInfo {
                    patient_id: sel.record.patient.id,
                    item: item.key.to_string(),
                    corrects: None,
                };
                let f = forms::record_info(&sel.record.patient.name, item.title, state.now, None);
                open_form(state, kind, f);
            }
        }
        Pane::Concerns => {
            if let Some(sel) = &state.selected
                && let Some(c) = sel.record.concerns.get(state.cursor(Pane::Concerns))
            {
                let kind = FormKind::UpdateConcern {
                    patient_id: sel.record.patient.id,
                    concern_id: c.id,
                };
                let f = forms::update_concern(&sel.record.patient.name, c.status, &c.action_agreed);
                open_form(state, kind, f);
            } else {
                return main(state, Action::AddConcern);
            }
        }
    }
    vec![]
}
