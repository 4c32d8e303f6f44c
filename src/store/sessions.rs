use super::episodes::not_in_future;
use super::{Result, Store, StoreError, instant, ms, parse_col, text_ref};
use crate::domain::time::Instant;
use crate::domain::{Advocate, ContactKind, Invalid, NewSession, Session};
use rusqlite::{OptionalExtension, Params, params};

const SESSION_SQL: &str =
    "SELECT s.id, s.patient_id, a.login, s.ward, s.kind, s.instructed, s.in_private, s.declined,
        s.started_at, s.ended_at, s.closed_at
   FROM sessions s JOIN advocates a ON a.id = s.advocate_id";

fn session_row(r: &rusqlite::Row) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        patient_id: r.get(1)?,
        advocate: r.get(2)?,
        ward: r.get(3)?,
        kind: parse_col(text_ref(r, 4)?, ContactKind::parse)?,
        instructed: r.get::<_, i64>(5)? != 0,
        in_private: r.get::<_, i64>(6)? != 0,
        declined: r.get::<_, i64>(7)? != 0,
        started_at: instant(r.get(8)?),
        ended_at: r.get::<_, Option<i64>>(9)?.map(instant),
        closed_at: r.get::<_, Option<i64>>(10)?.map(instant),
    })
}

impl Store {
    pub fn start_session(
        &mut self,
        s: &NewSession,
        by: &Advocate,
        now: Instant,
    ) -> Result<Session> {
        not_in_future("The session start", s.started_at, now)?;
        let ward = crate::text::clean_input("Ward", &s.ward, crate::domain::MAX_WARD, true)
            .map_err(Invalid::from)?;
        self.patient(s.patient_id)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (patient_id, advocate_id, ward, kind, instructed, in_private, declined, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    s.patient_id,
                    by.id,
                    ward,
                    s.kind.as_str(),
                    s.instructed as i64,
                    s.in_private as i64,
                    s.declined as i64,
                    ms(s.started_at)
                ],
            )?;
            let id = tx.last_insert_rowid();
            super::audit::append(tx, now, &by.login, "session_started", Some(s.patient_id), &format!("session {id}"))?;
            Ok(id)
        })?;
        self.session(id)
    }

    pub fn session(&self, id: i64) -> Result<Session> {
        self.conn
            .query_row(&format!("{SESSION_SQL} WHERE s.id = ?1"), [id], session_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("There is no session {id}")))
    }

    /// Ends a session. `ended_at = None` closes a session whose real end is unknown (left
    /// open by a crash or a closed terminal) without inventing an end time.
    pub fn end_session(
        &mut self,
        id: i64,
        ended_at: Option<Instant>,
        now: Instant,
    ) -> Result<Session> {
        let s = self.session(id)?;
        if !s.is_open() {
            return Err(StoreError::Invalid(Invalid::msg(
                "That session has already ended",
            )));
        }
        if let Some(t) = ended_at {
            not_in_future("The end time", t, now)?;
            if t < s.started_at {
                return Err(StoreError::Invalid(Invalid::msg(
                    "A session cannot end before it started",
                )));
            }
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE sessions SET ended_at = ?1, closed_at = ?2 WHERE id = ?3 AND closed_at IS NULL",
                params![ended_at.map(ms), ms(now), id],
            )?;
            let detail = format!("session {id}{}", if ended_at.is_none() { ", end time unknown" } else { "" });
            super::audit::append(tx, now, &s.advocate, "session_ended", Some(s.patient_id), &detail)?;
            Ok(())
        })?;
        self.session(id)
    }

    pub fn sessions(&self, patient_id: i64) -> Result<Vec<Session>> {
        self.sessions_where("s.patient_id = ?1", [patient_id])
    }

    /// Sessions this advocate started and never ended (for example after a crash).
    pub fn open_sessions(&self, advocate: &Advocate) -> Result<Vec<Session>> {
        self.sessions_where("s.advocate_id = ?1 AND s.closed_at IS NULL", [advocate.id])
    }

    fn sessions_where(&self, filter: &str, p: impl Params) -> Result<Vec<Session>> {
        let mut st = self.conn.prepare(&format!(
            "{SESSION_SQL} WHERE {filter} ORDER BY s.started_at, s.id"
        ))?;
        Ok(st
            .query_map(p, session_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
}
