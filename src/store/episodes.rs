use super::patients::episode_row;
use super::{Result, Store, StoreError, instant, ms, next_id, parse_col, text_ref};
use crate::domain::time::Instant;
use crate::domain::{
    Advocate, EndReason, Episode, Invalid, LegalEvent, LegalEventKind, NewEpisode, Source,
};
use rusqlite::{Params, params};

const EPISODE_SQL: &str =
    "SELECT e.id, e.patient_id, e.started_at, e.section, e.source, e.ended_at, e.end_reason,
        c.at, c.source, e.recorded_at
   FROM episodes e
   LEFT JOIN (SELECT episode_id, MAX(at) AS at, source FROM episode_checks GROUP BY episode_id) c
     ON c.episode_id = e.id";

/// A start time may be a little ahead of this machine's clock (another terminal's clock),
/// but never more.
const FUTURE_GRACE_MINUTES: i64 = 5;

pub(crate) fn not_in_future(
    what: &str,
    t: Instant,
    now: Instant,
) -> std::result::Result<(), Invalid> {
    if t > now + chrono::Duration::minutes(FUTURE_GRACE_MINUTES) {
        return Err(Invalid::msg(format!(
            "{what} is in the future: check the date and time"
        )));
    }
    Ok(())
}

/// Inserts an episode inside the caller's transaction: a current one is ended as replaced
/// at the new start. `e.section` is a canonical status code.
pub(super) fn insert_episode(
    tx: &rusqlite::Transaction,
    e: &NewEpisode,
    by: &Advocate,
    now: Instant,
) -> Result<i64> {
    tx.execute(
        "UPDATE episodes SET ended_at = ?1, end_reason = 'replaced' WHERE patient_id = ?2 AND ended_at IS NULL",
        params![ms(e.started_at), e.patient_id],
    )?;
    let id = next_id(tx, "episodes")?;
    tx.execute(
        "INSERT INTO episodes (patient_id, started_at, id, section, source, recorded_at, advocate_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.patient_id, ms(e.started_at), id, e.section, e.source.as_str(), ms(now), by.id],
    )?;
    super::audit::append(
        tx,
        now,
        &by.login,
        "section_recorded",
        Some(e.patient_id),
        &format!("episode {id} s.{}", e.section),
    )?;
    Ok(id)
}

impl Store {
    pub fn episodes(&self, patient_id: i64) -> Result<Vec<Episode>> {
        let mut st = self.conn.prepare(&format!(
            "{EPISODE_SQL} WHERE e.patient_id = ?1 ORDER BY e.started_at, e.id"
        ))?;
        Ok(st
            .query_map([patient_id], episode_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn all_episodes(&self) -> Result<Vec<Episode>> {
        let mut st = self.conn.prepare(&format!(
            "{EPISODE_SQL} ORDER BY e.patient_id, e.started_at"
        ))?;
        Ok(st
            .query_map([], episode_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Records a new episode. A current episode that started earlier is ended as
    /// "replaced" at the new start (a conversion such as s.2 to s.3).
    pub fn add_episode(&mut self, e: &NewEpisode, by: &Advocate, now: Instant) -> Result<Episode> {
        let code = crate::law::status(&e.section)
            .map_err(Invalid::msg)?
            .code
            .clone();
        not_in_future("The section start", e.started_at, now)?;
        let existing = self.episodes(e.patient_id)?;
        if let Some(cur) = existing.iter().find(|x| x.is_current())
            && cur.started_at > e.started_at
        {
            return Err(StoreError::Invalid(Invalid::msg(
                "That start is before the start of the current section: record sections in the order they happened",
            )));
        }
        self.patient(e.patient_id)?;
        let e = NewEpisode {
            section: code,
            ..e.clone()
        };
        let id = self.write(|tx| insert_episode(tx, &e, by, now))?;
        self.episodes(e.patient_id)?
            .into_iter()
            .find(|x| x.id == id)
            .ok_or_else(|| StoreError::Other("episode vanished after commit".into()))
    }

    /// Ends the patient's current episode (discharge, lapse, ...).
    pub fn end_episode(
        &mut self,
        patient_id: i64,
        at: Instant,
        reason: EndReason,
        by: &Advocate,
        now: Instant,
    ) -> Result<()> {
        not_in_future("The end", at, now)?;
        let n = self.write(|tx| {
            let n = tx.execute(
                "UPDATE episodes SET ended_at = ?1, end_reason = ?2 WHERE patient_id = ?3 AND ended_at IS NULL AND started_at <= ?1",
                params![ms(at), reason.as_str(), patient_id],
            )?;
            if n > 0 {
                super::audit::append(tx, now, &by.login, "section_ended", Some(patient_id), reason.as_str())?;
            }
            Ok(n)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound(
                "There is no current section that started before that time".into(),
            ));
        }
        Ok(())
    }

    /// Records that the advocate checked an episode against a source just now.
    pub fn verify_episode(
        &mut self,
        episode: &Episode,
        source: Source,
        by: &Advocate,
        now: Instant,
    ) -> Result<()> {
        self.write(|tx| {
            let id = next_id(tx, "episode_checks")?;
            tx.execute(
                "INSERT INTO episode_checks (patient_id, at, id, episode_id, source, advocate_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![episode.patient_id, ms(now), id, episode.id, source.as_str(), by.id],
            )?;
            super::audit::append(tx, now, &by.login, "section_checked", Some(episode.patient_id), source.as_str())?;
            Ok(())
        })
    }

    pub fn add_legal_event(
        &mut self,
        patient_id: i64,
        kind: LegalEventKind,
        at: Instant,
        note: &str,
        by: &Advocate,
        now: Instant,
    ) -> Result<LegalEvent> {
        not_in_future("The event time", at, now)?;
        let note = crate::text::clean_input("Note", note, crate::domain::MAX_NOTE, false)
            .map_err(Invalid::from)?;
        if let Some(first) = self.episodes(patient_id)?.first()
            && at < first.started_at
        {
            return Err(StoreError::Invalid(Invalid::msg(
                "That is before the first section recorded for this patient: record the earlier section first",
            )));
        }
        self.patient(patient_id)?;
        let id = self.write(|tx| {
            let id = next_id(tx, "legal_events")?;
            tx.execute(
                "INSERT INTO legal_events (patient_id, at, id, kind, note, recorded_at, advocate_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![patient_id, ms(at), id, kind.as_str(), note, ms(now), by.id],
            )?;
            super::audit::append(tx, now, &by.login, "event_recorded", Some(patient_id), &format!("event {id} {}", kind.as_str()))?;
            Ok(id)
        })?;
        Ok(LegalEvent {
            id,
            patient_id,
            kind,
            at,
            note,
            advocate: by.login.clone(),
            recorded_at: now,
        })
    }

    pub fn legal_events(&self, patient_id: i64) -> Result<Vec<LegalEvent>> {
        self.legal_events_where("l.patient_id = ?1", [patient_id])
    }

    pub(super) fn legal_events_where(
        &self,
        filter: &str,
        p: impl Params,
    ) -> Result<Vec<LegalEvent>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT l.id, l.patient_id, l.kind, l.at, l.note, a.login, l.recorded_at
               FROM legal_events l JOIN advocates a ON a.id = l.advocate_id
              WHERE {filter} ORDER BY l.patient_id, l.at, l.id"
        ))?;
        let rows = st.query_map(p, |r| {
            Ok(LegalEvent {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                kind: parse_col(text_ref(r, 2)?, LegalEventKind::parse)?,
                at: instant(r.get(3)?),
                note: r.get(4)?,
                advocate: r.get(5)?,
                recorded_at: instant(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
