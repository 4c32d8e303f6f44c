//! Carries out the effects `update` asks for — against the key file and the store — and
//! feeds the results back into `update` until nothing is left to do. Used by the terminal
//! loop and by the headless tests alike.

use crate::app::access::Draft;
use crate::app::{AccountChange, Action, Effect, Loaded, Saved, State, Write, update};
use crate::auth::{self, AuthError, Opened};
use crate::domain::Advocate;
use crate::domain::time::Instant;
use crate::store::{Store, StoreError};
use crate::vault::{DataKey, KdfParams};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A locked advocate's view, encrypted under the data key.
struct Sealed {
    bytes: Vec<u8>,
    nonce: [u8; 12],
}

pub struct Driver {
    pub state: State,
    dir: PathBuf,
    store: Option<Store>,
    key: Option<DataKey>,
    sealed: HashMap<String, Sealed>,
    data_version: i64,
    /// Key derivation settings for a new key file (tests use cheap ones).
    pub kdf: KdfParams,
}

impl Driver {
    /// Starts the app on a data directory: setup if there are no accounts yet, else sign-in.
    pub fn new(dir: &Path, now: Instant) -> Self {
        let mut d = Driver {
            state: State::new(now),
            dir: dir.to_path_buf(),
            store: None,
            key: None,
            sealed: HashMap::new(),
            data_version: 0,
            kdf: KdfParams::from_env(),
        };
        d.run_effects(vec![Effect::LoadStartup]);
        d
    }

    /// Settings from the command line and config.toml, and any problems with them, which
    /// are shown in words on the first screen.
    pub fn configure(
        &mut self,
        lock_after_secs: i64,
        keymap: crate::keymap::Keymap,
        theme: String,
        theme_names: Vec<String>,
        accepted_referrers: Vec<String>,
        warnings: Vec<String>,
    ) {
        let s = &mut self.state;
        s.lock_after_secs = lock_after_secs;
        s.keymap = std::sync::Arc::new(keymap);
        s.theme = theme;
        s.theme_names = theme_names;
        s.accepted_referrers = accepted_referrers;
        if !warnings.is_empty() {
            s.message = Some(crate::app::Message {
                kind: crate::app::MessageKind::Error,
                text: warnings.join(" · "),
            });
        }
    }

    /// The open database. Only after sign-in; tests use it to check what was stored.
    pub fn store(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("the database is open once an advocate has signed in")
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

    fn advocate(&self) -> String {
        self.state
            .advocate
            .as_ref()
            .map(|a| a.login.clone())
            .unwrap_or_default()
    }

    fn opened(&mut self, o: Opened) -> Result<Advocate, AuthError> {
        let Opened {
            store,
            advocate,
            key,
            ..
        } = o;
        self.data_version = store.data_version().unwrap_or(0);
        self.store = Some(store);
        self.key = Some(key);
        Ok(advocate)
    }

    fn execute(&mut self, e: Effect) -> Option<Action> {
        let now = self.state.now;
        let result: Result<Option<Action>, String> = match e {
            Effect::Quit => return None,
            Effect::LoadStartup => {
                let setup_needed = auth::setup_state(&self.dir) == auth::Setup::NeedsFirstAdmin;
                Ok(Some(Action::Loaded(Loaded::Startup { setup_needed })))
            }
            Effect::Setup {
                login,
                display_name,
                passphrase,
            } => {
                let kdf = self.kdf.clone();
                auth::create_first_admin_with(
                    &self.dir,
                    &login,
                    &display_name,
                    passphrase.expose(),
                    kdf,
                    now,
                )
                .and_then(|(o, recovery)| {
                    let advocate = self.opened(o)?;
                    Ok(Some(Action::Saved(Saved::SetUp {
                        advocate,
                        recovery: crate::vault::Secret::new(recovery.to_string()),
                    })))
                })
                .map_err(|e| e.to_string())
            }
            Effect::SignIn { login, passphrase } => {
                auth::sign_in(&self.dir, &login, passphrase.expose(), now)
                    .and_then(|o| {
                        let advocate = self.opened(o)?;
                        let patient_count = self.store().patient_count()?;
                        Ok(Some(Action::Loaded(Loaded::SignedIn {
                            advocate,
                            patient_count,
                        })))
                    })
                    .map_err(|e| e.to_string())
            }
            Effect::Unlock { login, passphrase } => self.unlock(&login, passphrase.expose(), now),
            Effect::Lock(draft) => self.lock(*draft, now),
            other => match self.store.as_mut() {
                None => Err("Sign in first".into()),
                Some(_) => self.with_store(other, now).map_err(|e| e.to_string()),
            },
        };
        match result {
            Ok(a) => a,
            Err(msg) => Some(Action::Failed(msg)),
        }
    }

    fn unlock(
        &mut self,
        login: &str,
        passphrase: &str,
        now: Instant,
    ) -> Result<Option<Action>, String> {
        let mut run = || -> Result<Action, AuthError> {
            auth::check_passphrase(&self.dir, login, passphrase, now)?;
            let store = self
                .store
                .as_mut()
                .ok_or_else(|| AuthError::Refused("Sign in first".into()))?;
            let advocate = match store.advocate_by_login(login)? {
                Some(a) if !a.disabled => a,
                _ => {
                    return Err(AuthError::Refused(
                        "That account cannot sign in: ask an administrator".into(),
                    ));
                }
            };
            let same = self
                .state
                .advocate
                .as_ref()
                .is_some_and(|a| a.login == login);
            store.audit(
                login,
                if same { "unlocked" } else { "signed_in" },
                None,
                "",
                now,
            )?;
            auth::sync_head(&self.dir, store)?;
            let draft = match (self.sealed.remove(login), &self.key) {
                (Some(s), Some(key)) => {
                    let plain = crate::vault::open_sealed(key, &s.bytes, &s.nonce)?;
                    serde_json::from_slice::<Draft>(&plain).ok().map(Box::new)
                }
                _ => None,
            };
            Ok(Action::Loaded(Loaded::Unlocked { advocate, draft }))
        };
        run().map(Some).map_err(|e| e.to_string())
    }

    fn lock(&mut self, draft: Draft, now: Instant) -> Result<Option<Action>, String> {
        let login = self.advocate();
        if let Some(key) = &self.key {
            let plain =
                zeroize::Zeroizing::new(serde_json::to_vec(&draft).map_err(|e| e.to_string())?);
            let (bytes, nonce) = crate::vault::seal(key, &plain).map_err(|e| e.to_string())?;
            self.sealed.insert(login.clone(), Sealed { bytes, nonce });
        }
        drop(draft);
        if let Some(store) = self.store.as_mut() {
            store
                .audit(&login, "locked", None, "", now)
                .map_err(|e| e.to_string())?;
            auth::sync_head(&self.dir, store).map_err(|e| e.to_string())?;
        }
        Ok(None)
    }

    fn with_store(&mut self, e: Effect, now: Instant) -> Result<Option<Action>, AuthError> {
        let login = self.advocate();
        let dir = self.dir.clone();
        let store = self
            .store
            .as_mut()
            .ok_or_else(|| AuthError::Refused("Sign in first".into()))?;
        let action = match e {
            Effect::LoadPatients => Action::Loaded(Loaded::Patients(store.overviews()?)),
            Effect::LoadPatient(id) => {
                Action::Loaded(Loaded::Patient(id, store.overview(id)?.map(Box::new)))
            }
            Effect::LoadRecord(id) => Action::Loaded(Loaded::Record(Box::new(store.record(id)?))),
            Effect::LoadOpenSessions(a) => {
                Action::Loaded(Loaded::OpenSessions(store.open_sessions(&a)?))
            }
            Effect::LoadSummary(s) => {
                let session = store.session(s.id)?;
                Action::Loaded(Loaded::Summary(
                    session,
                    Box::new(store.record(s.patient_id)?),
                ))
            }
            Effect::LoadAccounts => Action::Loaded(Loaded::Accounts(visible_accounts(store)?)),
            Effect::Account(change) => {
                let key = self
                    .key
                    .clone()
                    .ok_or_else(|| AuthError::Refused("Sign in first".into()))?;
                let me = self
                    .state
                    .advocate
                    .clone()
                    .ok_or_else(|| AuthError::Refused("Sign in first".into()))?;
                let mut actor = auth::Actor {
                    dir: &dir,
                    store,
                    key: &key,
                    advocate: &me,
                };
                let what = match change {
                    AccountChange::Add {
                        login,
                        display_name,
                        admin,
                        passphrase,
                    } => {
                        auth::add_user(
                            &mut actor,
                            &login,
                            &display_name,
                            admin,
                            passphrase.expose(),
                            now,
                        )?;
                        format!("advocate {login} added")
                    }
                    AccountChange::Disable { login } => {
                        auth::disable_user(&mut actor, &login, now)?;
                        format!("{login} disabled")
                    }
                    AccountChange::SetPassphrase { login, passphrase } => {
                        let was_disabled = actor
                            .store
                            .advocate_by_login(&login)?
                            .is_some_and(|a| a.disabled);
                        auth::set_passphrase(&mut actor, &login, passphrase.expose(), now)?;
                        if was_disabled {
                            format!("passphrase set for {login}; the account is enabled again")
                        } else {
                            format!("passphrase set for {login}")
                        }
                    }
                };
                Action::Saved(Saved::Account(what, visible_accounts(actor.store)?))
            }
            Effect::AuditView(pid) => {
                if store.audit_view(&login, pid, now)? {
                    auth::sync_head(&dir, store)?;
                }
                return Ok(None);
            }
            Effect::CheckExternal => {
                let v = store.data_version()?;
                if v == self.data_version {
                    return Ok(None);
                }
                self.data_version = v;
                let mut reload = vec![Action::Loaded(Loaded::Patients(store.overviews()?))];
                if let Some(id) = self.state.selected.as_ref().map(|s| s.record.patient.id) {
                    reload.push(Action::Loaded(Loaded::Record(Box::new(store.record(id)?))));
                }
                for a in reload {
                    let more = update(&mut self.state, a);
                    self.run_effects(more);
                }
                return Ok(None);
            }
            Effect::LoadDemo(_) => {
                let n = crate::demo::load(store, now)?;
                auth::sync_head(&dir, store)?;
                Action::Saved(Saved::Demo(n))
            }
            Effect::Write(a, w) => {
                let saved = write(store, &a, w, now)?;
                auth::sync_head(&dir, store)?;
                // Our own write is not news from another terminal.
                self.data_version = store.data_version()?;
                Action::Saved(saved)
            }
            Effect::Quit
            | Effect::LoadStartup
            | Effect::Setup { .. }
            | Effect::SignIn { .. }
            | Effect::Unlock { .. }
            | Effect::Lock(_) => return Ok(None),
        };
        Ok(Some(action))
    }
}

/// The accounts an advocate can see: everyone but the demo ward's fictional colleague.
fn visible_accounts(store: &Store) -> Result<Vec<Advocate>, StoreError> {
    Ok(store
        .advocates()?
        .into_iter()
        .filter(|a| a.login != crate::demo::COLLEAGUE)
        .collect())
}

fn write(s: &mut Store, a: &Advocate, w: Write, now: Instant) -> Result<Saved, StoreError> {
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
            s.end_episode(patient_id, at, reason, a, now)?;
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
        Write::ImportCensus { path } => {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                StoreError::Invalid(crate::domain::Invalid::msg(format!(
                    "Cannot read {path}: {e} (a census is a UTF-8 CSV file)"
                )))
            })?;
            let rows = crate::census::parse(&text, now).map_err(|errors| {
                StoreError::Invalid(crate::domain::Invalid::msg(format!(
                    "The census was not imported; nothing changed. Fix: {}",
                    errors.join("; ")
                )))
            })?;
            let r = s.import_census(&rows, a, now)?;
            Saved::Change(format!(
                "census imported: {} added, {} changed, {} in conflict (not applied), {} unchanged, {} not in the census",
                r.added.len(),
                r.changed.len(),
                r.conflicts.len(),
                r.unchanged,
                r.left_alone.len()
            ))
        }
        Write::AddReferral {
            patient_id,
            referrer,
            kind,
            access,
            at,
            accepted,
        } => {
            let f = s.add_referral(patient_id, at, &referrer, kind, access, &accepted, a, now)?;
            Saved::Change(format!(
                "referral from {} recorded. {}: {}",
                f.referrer_type.label(),
                if f.eligible {
                    "Eligible"
                } else {
                    "NOT eligible"
                },
                f.eligibility_reason
            ))
        }
        Write::Archive { id } => {
            s.set_archived(id, true, a, now)?;
            Saved::Change("patient archived (hidden from the list, nothing deleted)".into())
        }
    })
}
