//! Keys inside dialogs: forms, questions, the summary, open sessions, the ward list, help
//! and accounts; and what a confirmed question or a submitted form turns into.

use super::update::{PAGE, ask, current_episode, refilter, select_effects, update};
use super::{Action, ConfirmKind, Dialog, Effect, FormKind, MessageKind, State, Write, forms, say};
use crate::domain::time::show_instant;
use crate::domain::{Session, Source};

pub(super) fn dialog(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(d) = state.dialog.take() else {
        return vec![];
    };
    match d {
        Dialog::Form(kind, mut form) => {
            match action {
                Action::Back if form.touched => {
                    state.dialog = Some(Dialog::Form(kind, form));
                    ask(
                        state,
                        ConfirmKind::Discard,
                        "Close the form and lose what you typed?",
                    );
                    return vec![];
                }
                Action::Back => return vec![],
                a if form.edit(&a) => {}
                Action::Help => {
                    state.dialog = Some(Dialog::Help {
                        filter: String::new(),
                        cursor: 0,
                        behind: Some(Box::new(Dialog::Form(kind, form))),
                    });
                    return vec![];
                }
                Action::Submit => return submit(state, kind, form),
                _ => {}
            }
            state.dialog = Some(Dialog::Form(kind, form));
        }
        Dialog::Confirm {
            kind,
            question,
            behind,
        } => match action {
            Action::Confirm | Action::Submit => return confirmed(state, kind),
            Action::Deny | Action::Back => state.dialog = behind.map(|b| *b),
            Action::Help => {
                let d = Dialog::Confirm {
                    kind,
                    question,
                    behind,
                };
                state.dialog = Some(Dialog::Help {
                    filter: String::new(),
                    cursor: 0,
                    behind: Some(Box::new(d)),
                });
            }
            _ => {
                state.dialog = Some(Dialog::Confirm {
                    kind,
                    question,
                    behind,
                })
            }
        },
        Dialog::Summary {
            title,
            lines,
            scroll,
        } => {
            let max = lines.len().saturating_sub(1) as u16;
            let scroll = match action {
                Action::Back | Action::Submit | Action::Confirm => return vec![],
                Action::Up => scroll.saturating_sub(1),
                Action::Down => (scroll + 1).min(max),
                Action::PageUp => scroll.saturating_sub(PAGE as u16),
                Action::PageDown => (scroll + PAGE as u16).min(max),
                Action::Home => 0,
                Action::End => max,
                _ => scroll,
            };
            state.dialog = Some(Dialog::Summary {
                title,
                lines,
                scroll,
            });
        }
        Dialog::OpenSessions(list) => {
            let first = list.first().cloned();
            match (action, first, state.advocate.clone()) {
                (Action::Submit, Some(s), _) => {
                    // Resume it: it becomes the session in progress.
                    let rest: Vec<Session> = list.into_iter().skip(1).collect();
                    say(
                        state,
                        MessageKind::Info,
                        format!("Resumed the session started {}", show_instant(s.started_at)),
                    );
                    state.session = Some(s);
                    if !rest.is_empty() {
                        state.dialog = Some(Dialog::OpenSessions(rest));
                    }
                }
                (Action::EndSession | Action::Confirm, Some(s), Some(a)) => {
                    state.dialog = Some(Dialog::OpenSessions(list));
                    return vec![Effect::Write(
                        a,
                        Write::EndSession {
                            id: s.id,
                            ended_at: None,
                        },
                    )];
                }
                (Action::Back, _, _) => {}
                _ => state.dialog = Some(Dialog::OpenSessions(list)),
            }
        }
        Dialog::Accounts { list, cursor } => {
            return super::accounts::keys(state, action, list, cursor);
        }
        Dialog::WardFilter { wards, cursor } => match action {
            Action::Up => {
                state.dialog = Some(Dialog::WardFilter {
                    cursor: cursor.saturating_sub(1),
                    wards,
                })
            }
            Action::Down => {
                let c = (cursor + 1).min(wards.len().saturating_sub(1));
                state.dialog = Some(Dialog::WardFilter { wards, cursor: c });
            }
            Action::Submit | Action::Activate => {
                state.ward_filter = if cursor == 0 {
                    None
                } else {
                    wards.get(cursor).cloned()
                };
                let keep = state.highlighted_row().map(|r| r.id);
                refilter(state, keep);
                return select_effects(state);
            }
            Action::Back => {}
            _ => state.dialog = Some(Dialog::WardFilter { wards, cursor }),
        },
        Dialog::Help {
            mut filter,
            cursor,
            behind,
        } => match action {
            Action::Back | Action::Help => state.dialog = behind.map(|b| *b),
            Action::Input(c) => {
                filter.push(c);
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor: 0,
                    behind,
                });
            }
            Action::Backspace => {
                filter.pop();
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor: 0,
                    behind,
                });
            }
            Action::Up => {
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor: cursor.saturating_sub(1),
                    behind,
                })
            }
            Action::Down => {
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor: cursor + 1,
                    behind,
                })
            }
            Action::Submit => {
                // Runs the chosen binding, as if its key had been pressed where help was opened.
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor,
                    behind,
                });
                let chosen = state.help_selection();
                if let Some(Dialog::Help { behind, .. }) = state.dialog.take() {
                    state.dialog = behind.map(|b| *b);
                }
                if let Some(a) = chosen.and_then(|name| Action::from_name(&name)) {
                    return update(state, a);
                }
            }
            _ => {
                state.dialog = Some(Dialog::Help {
                    filter,
                    cursor,
                    behind,
                })
            }
        },
    }
    vec![]
}

fn confirmed(state: &mut State, kind: ConfirmKind) -> Vec<Effect> {
    match kind {
        ConfirmKind::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
        ConfirmKind::Discard => vec![],
        ConfirmKind::Disable { login } => {
            vec![Effect::Account(super::AccountChange::Disable { login })]
        }
        ConfirmKind::EndSession => match (state.session.clone(), state.advocate.clone()) {
            (Some(s), Some(a)) => vec![Effect::Write(
                a,
                Write::EndSession {
                    id: s.id,
                    ended_at: Some(state.now),
                },
            )],
            _ => vec![],
        },
        ConfirmKind::Archive { patient_id } => match state.advocate.clone() {
            Some(a) => vec![Effect::Write(a, Write::Archive { id: patient_id })],
            None => vec![],
        },
    }
}

fn submit(state: &mut State, kind: FormKind, mut form: super::Form) -> Vec<Effect> {
    let Some(a) = state.advocate.clone() else {
        return vec![];
    };
    if matches!(kind, FormKind::AddAdvocate | FormKind::SetPassphrase { .. }) {
        return match super::accounts::to_change(&kind, &mut form) {
            Ok(change) => {
                state.dialog = Some(Dialog::Form(kind, form));
                vec![Effect::Account(change)]
            }
            Err(msg) => {
                form.error = Some(format!("Not saved: {msg}"));
                state.dialog = Some(Dialog::Form(kind, form));
                vec![]
            }
        };
    }
    let session_id = state.session.as_ref().and_then(|s| {
        let pid = match &kind {
            FormKind::RecordInfo { patient_id, .. } | FormKind::AddConcern { patient_id } => {
                Some(*patient_id)
            }
            _ => None,
        };
        (pid == Some(s.patient_id)).then_some(s.id)
    });
    // Times are typed to the minute, so the session is taken to start at its minute.
    let session_start = state
        .session
        .as_ref()
        .map(|s| s.started_at - chrono::Duration::seconds(60));
    let write = if let FormKind::VerifySection { .. } = kind {
        match current_episode(state) {
            Some(e) => Ok(Write::VerifyEpisode(
                e.clone(),
                Source::ALL[form.index("Source")],
            )),
            None => Err("There is no current section to check".to_string()),
        }
    } else {
        forms::to_write(&kind, &form, state.now, session_id)
    };
    // Information given before the session began is recorded outside it.
    let write = write.map(|w| match w {
        Write::RecordInfo(mut n) if session_start.is_some_and(|t| n.given_at < t) => {
            n.session_id = None;
            Write::RecordInfo(n)
        }
        other => other,
    });
    match write {
        Ok(w) => {
            // The service's referral rules travel with the referral.
            let w = match w {
                Write::AddReferral {
                    patient_id,
                    referrer,
                    kind: k,
                    access,
                    at,
                    ..
                } => Write::AddReferral {
                    patient_id,
                    referrer,
                    kind: k,
                    access,
                    at,
                    accepted: state.accepted_referrers.clone(),
                },
                other => other,
            };
            // The form stays open until the store says it committed.
            state.dialog = Some(Dialog::Form(kind, form));
            vec![Effect::Write(a, w)]
        }
        Err(msg) => {
            let mut form = form;
            form.error = Some(format!("Not saved: {msg}"));
            state.dialog = Some(Dialog::Form(kind, form));
            say(state, MessageKind::Error, format!("Not saved: {msg}"));
            vec![]
        }
    }
}
