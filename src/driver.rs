//! Carries out the effects `update` asks for, against the store, and feeds the results
//! back into `update` until nothing is left to do. Used by the terminal loop and by the
//! headless tests alike.

use crate::app::{Action, Effect, Loaded, Saved, State, Write, update};
use crate::store::{Store, StoreError};

pub struct Driver {
    pub state: State,
    pub store: Store,
}

impl Driver {
    /// Starts the app on a store: loads the advocates and the patient count.
    pub fn new(store: Store, now: crate::domain::time::Instant) -> Self {
        let mut d = Driver {
            state: State::new(now),
            store,
        };
        d.run_effects(vec![Effect::LoadStartup]);
        d
    }

    /// Applies an action and everything that follows from it.
    pub fn dispatch(&mut self, action: Action) {
        let effects = update(&mut self.state, action);
        self.run_effects(effects);
    }

    fn run_effects(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        while let Some(e) = queue.pop_front() {
            if let Some(result) = self.execute(e) {
                queue.extend(update(&mut self.state, result));
            }
        }
    }

    fn execute(&mut self, e: Effect) -> Option<Action> {
        let now = self.state.now;
        if let Effect::Quit = e {
            return None;
        }
        let result: Result<Action, StoreError> = (|| {
            Ok(match e {
                Effect::Quit => unreachable!("handled above"),
                Effect::LoadStartup => Action::Loaded(Loaded::Startup {
                    advocates: self.store.advocates()?,
                    patient_count: self.store.patient_count()?,
                }),
                Effect::LoadPatients => Action::Loaded(Loaded::Patients(self.store.overviews()?)),
                Effect::LoadRecord(id) => {
                    Action::Loaded(Loaded::Record(Box::new(self.store.record(id)?)))
                }
                Effect::LoadOpenSessions(a) => {
                    Action::Loaded(Loaded::OpenSessions(self.store.open_sessions(&a)?))
                }
                Effect::LoadSummary(s) => {
                    let session = self.store.session(s.id)?;
                    Action::Loaded(Loaded::Summary(
                        session,
                        Box::new(self.store.record(s.patient_id)?),
                    ))
                }
                Effect::CreateAdvocate {
                    login,
                    display_name,
                } => Action::Saved(Saved::Advocate(self.store.add_advocate(
                    &login,
                    &display_name,
                    now,
                )?)),
                Effect::LoadDemo(_) => {
                    Action::Saved(Saved::Demo(crate::demo::load(&mut self.store, now)?))
                }
                Effect::Write(a, w) => Action::Saved(self.write(&a, w)?),
            })
        })();
        match result {
            Ok(a) => Some(a),
            Err(err) => Some(Action::Failed(err.to_string())),
        }
    }

    fn write(&mut self, a: &crate::domain::Advocate, w: Write) -> Result<Saved, StoreError> {
        let now = self.state.now;
        let s = &mut self.store;
        Ok(match w {
            Write::StartSession(n) => Saved::SessionStarted(s.start_session(&n, a, now)?),
            Write::EndSession { id, ended_at } => {
                Saved::SessionEnded(s.end_session(id, ended_at, now)?)
            }
            Write::RecordInfo(n) => Saved::Info(s.record_info(&n, a, now)?),
            Write::AddConcern(n) => Saved::Concern(s.add_concern(&n, a, now)?),
            Write::UpdateConcern(n) => Saved::Concern(s.add_concern_event(&n, a, now)?),
            Write::AddPatient(n) => Saved::Patient(s.add_patient(&n, a, now)?),
            Write::AddEpisode(n) => Saved::Episode(s.add_episode(&n, a, now)?),
            Write::VerifyEpisode(e, src) => {
                s.verify_episode(&e, src, a, now)?;
                Saved::Change(format!("section checked with {}", src.label()))
            }
            Write::EndEpisode {
                patient_id,
                at,
                reason,
            } => {
                s.end_episode(patient_id, at, reason, now)?;
                Saved::Change(format!("section ended ({})", reason.label()))
            }
            Write::AddEvent {
                patient_id,
                kind,
                at,
                note,
            } => {
                let e = s.add_legal_event(patient_id, kind, at, &note, a, now)?;
                Saved::Change(format!("{} recorded", e.kind.label()))
            }
            Write::MovePatient { id, ward } => {
                s.move_patient(id, &ward, a, now)?;
                Saved::Change("patient moved".into())
            }
            Write::Archive { id } => {
                s.set_archived(id, true, a, now)?;
                Saved::Change("patient archived (hidden from the list, nothing deleted)".into())
            }
        })
    }
}
