use super::{Result, Store, StoreError, instant, ms, next_id, parse_col, text_ref};
use crate::domain::time::Instant;
use crate::domain::{
    Advocate, Concern, ConcernCategory, ConcernEvent, ConcernStatus, Invalid, NewConcern,
    NewConcernEvent,
};
use crate::text::clean_input;
use chrono::NaiveDate;
use rusqlite::params;

const MAX: usize = crate::domain::MAX_CONCERN_TEXT;

fn follow_up_ok(d: Option<NaiveDate>, now: Instant) -> std::result::Result<(), Invalid> {
    match d {
        Some(d) if d < crate::domain::time::london_day(now) => Err(Invalid::msg(
            "The follow-up date is in the past: follow-ups are for what happens next",
        )),
        _ => Ok(()),
    }
}

impl Store {
    /// Records a new concern with its first event (status open).
    pub fn add_concern(&mut self, c: &NewConcern, by: &Advocate, now: Instant) -> Result<Concern> {
        let text = clean_input("The patient's words", &c.text, MAX, true).map_err(Invalid::from)?;
        let desired = clean_input("What they want to happen", &c.desired_outcome, MAX, false)
            .map_err(Invalid::from)?;
        let action =
            clean_input("Action agreed", &c.action_agreed, MAX, false).map_err(Invalid::from)?;
        follow_up_ok(c.follow_up, now)?;
        self.patient(c.patient_id)?;
        let id = self.write(|tx| {
            let id = next_id(tx, "concerns")?;
            tx.execute(
                "INSERT INTO concerns (patient_id, raised_at, id, session_id, advocate_id, category, text, desired_outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![c.patient_id, ms(now), id, c.session_id, by.id, c.category.as_str(), text, desired],
            )?;
            let eid = next_id(tx, "concern_events")?;
            tx.execute(
                "INSERT INTO concern_events (patient_id, at, id, concern_id, advocate_id, status, action_agreed, follow_up, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, '', '')",
                params![c.patient_id, ms(now), eid, id, by.id, action, c.follow_up.map(|d| d.to_string())],
            )?;
            super::audit::append(tx, now, &by.login, "concern_raised", Some(c.patient_id), &format!("concern {id} {}", c.category.as_str()))?;
            Ok(id)
        })?;
        self.concern(c.patient_id, id)
    }

    /// Appends a change to a concern: status, action, follow-up, outcome.
    pub fn add_concern_event(
        &mut self,
        e: &NewConcernEvent,
        by: &Advocate,
        now: Instant,
    ) -> Result<Concern> {
        let action =
            clean_input("Action agreed", &e.action_agreed, MAX, false).map_err(Invalid::from)?;
        let outcome = clean_input("Outcome", &e.outcome, MAX, false).map_err(Invalid::from)?;
        let note = clean_input("Note", &e.note, MAX, false).map_err(Invalid::from)?;
        follow_up_ok(e.follow_up, now)?;
        if e.status.is_closed() && outcome.is_empty() {
            return Err(StoreError::Invalid(Invalid::msg(
                "Say what the outcome was before closing the concern",
            )));
        }
        self.concern(e.patient_id, e.concern_id)?;
        self.write(|tx| {
            let eid = next_id(tx, "concern_events")?;
            tx.execute(
                "INSERT INTO concern_events (patient_id, at, id, concern_id, advocate_id, status, action_agreed, follow_up, outcome, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    e.patient_id,
                    ms(now),
                    eid,
                    e.concern_id,
                    by.id,
                    e.status.as_str(),
                    action,
                    e.follow_up.map(|d| d.to_string()),
                    outcome,
                    note
                ],
            )?;
            let detail = format!("concern {} {}", e.concern_id, e.status.as_str());
            super::audit::append(tx, now, &by.login, "concern_updated", Some(e.patient_id), &detail)?;
            Ok(())
        })?;
        self.concern(e.patient_id, e.concern_id)
    }

    fn concern(&self, patient_id: i64, id: i64) -> Result<Concern> {
        self.concerns(patient_id)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| {
                StoreError::NotFound(format!("There is no concern {id} for this patient"))
            })
    }

    pub fn concerns(&self, patient_id: i64) -> Result<Vec<Concern>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.session_id, c.raised_at, a.login, c.category, c.text, c.desired_outcome
               FROM concerns c JOIN advocates a ON a.id = c.advocate_id
              WHERE c.patient_id = ?1 ORDER BY c.raised_at, c.id",
        )?;
        let mut concerns: Vec<Concern> = st
            .query_map([patient_id], |r| {
                Ok(Concern {
                    id: r.get(0)?,
                    patient_id,
                    session_id: r.get(1)?,
                    raised_at: instant(r.get(2)?),
                    advocate: r.get(3)?,
                    category: parse_col(text_ref(r, 4)?, ConcernCategory::parse)?,
                    text: r.get(5)?,
                    desired_outcome: r.get(6)?,
                    action_agreed: String::new(),
                    follow_up: None,
                    status: ConcernStatus::Open,
                    outcome: String::new(),
                    history: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare(
            "SELECT e.concern_id, e.id, e.at, a.login, e.status, e.action_agreed, e.follow_up, e.outcome, e.note
               FROM concern_events e JOIN advocates a ON a.id = e.advocate_id
              WHERE e.patient_id = ?1 ORDER BY e.at, e.id",
        )?;
        let events = st.query_map([patient_id], |r| {
            let fu: Option<String> = r.get(6)?;
            Ok((
                r.get::<_, i64>(0)?,
                ConcernEvent {
                    id: r.get(1)?,
                    at: instant(r.get(2)?),
                    advocate: r.get(3)?,
                    status: parse_col(text_ref(r, 4)?, ConcernStatus::parse)?,
                    action_agreed: r.get(5)?,
                    follow_up: fu.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
                    outcome: r.get(7)?,
                    note: r.get(8)?,
                },
            ))
        })?;
        for ev in events {
            let (cid, ev) = ev?;
            if let Some(c) = concerns.iter_mut().find(|c| c.id == cid) {
                c.status = ev.status;
                if !ev.action_agreed.is_empty() {
                    c.action_agreed = ev.action_agreed.clone();
                }
                if ev.follow_up.is_some() || ev.status.is_closed() {
                    c.follow_up = ev.follow_up;
                }
                if !ev.outcome.is_empty() {
                    c.outcome = ev.outcome.clone();
                }
                c.history.push(ev);
            }
        }
        Ok(concerns)
    }
}
