use super::episodes::not_in_future;
use super::{Result, Store, StoreError, instant, ms, next_id, parse_col, text_ref};
use crate::domain::time::Instant;
use crate::domain::{
    Advocate, Forms, InfoGiven, Invalid, LatestInfo, MAX_NOTE, NewInfoGiven, PatientRecord,
    Understanding,
};
use rusqlite::{OptionalExtension, Params, params};

/// Sets `info_latest` for one patient and item from the latest entry no later entry corrects
/// (schema v4). Walks the `info_given_item` index backwards, so it reads a row or two.
const REFRESH_LATEST: &str =
    "INSERT OR REPLACE INTO info_latest (patient_id, item, given_at, id, forms, understanding)
     SELECT i.patient_id, i.item, i.given_at, i.id, i.forms, i.understanding
       FROM info_given i
      WHERE i.patient_id = ?1 AND i.item = ?2
        AND NOT EXISTS (SELECT 1 FROM info_given c WHERE c.corrects = i.id)
      ORDER BY i.given_at DESC, i.id DESC LIMIT 1";

impl Store {
    /// Records that an item of information was given. Returns the entry as committed.
    pub fn record_info(
        &mut self,
        n: &NewInfoGiven,
        by: &Advocate,
        now: Instant,
    ) -> Result<InfoGiven> {
        if crate::law::item(&n.item).is_none() {
            return Err(StoreError::Invalid(Invalid::msg(format!(
                "'{}' is not a checklist item",
                crate::text::sanitize(&n.item)
            ))));
        }
        not_in_future("The time the information was given", n.given_at, now)?;
        if n.forms.is_empty() {
            return Err(StoreError::Invalid(Invalid::msg(
                "Choose at least one form (spoken, written, easy read, interpreted, other)",
            )));
        }
        let note =
            crate::text::clean_input("Note", &n.note, MAX_NOTE, false).map_err(Invalid::from)?;
        if let Some(c) = n.corrects {
            let item: Option<String> = self
                .conn
                .query_row(
                    "SELECT item FROM info_given WHERE id = ?1 AND patient_id = ?2",
                    params![c, n.patient_id],
                    |r| r.get(0),
                )
                .optional()?;
            match item {
                None => {
                    return Err(StoreError::Invalid(Invalid::msg(
                        "The entry being corrected does not exist",
                    )));
                }
                // A correction replaces an entry for the same item; the latest-entry index
                // (schema v4) relies on it.
                Some(i) if i != n.item => {
                    return Err(StoreError::Invalid(Invalid::msg(
                        "A correction is for the same item as the entry it corrects",
                    )));
                }
                Some(_) => {}
            }
        }
        let id = self.write(|tx| {
            let id = next_id(tx, "info_given")?;
            tx.execute(
                "INSERT INTO info_given (patient_id, given_at, id, session_id, item, recorded_at, advocate_id, forms, understanding, note, corrects)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    n.patient_id,
                    ms(n.given_at),
                    id,
                    n.session_id,
                    n.item,
                    ms(now),
                    by.id,
                    n.forms.to_csv(),
                    n.understanding.as_str(),
                    note,
                    n.corrects
                ],
            )?;
            let detail = match n.corrects {
                Some(c) => format!("entry {id} {} corrects {c}", n.item),
                None => format!("entry {id} {}", n.item),
            };
            super::audit::append(tx, now, &by.login, "information_recorded", Some(n.patient_id), &detail)?;
            tx.execute(REFRESH_LATEST, params![n.patient_id, n.item])?;
            Ok(id)
        })?;
        Ok(InfoGiven {
            id,
            patient_id: n.patient_id,
            session_id: n.session_id,
            item: n.item.clone(),
            given_at: n.given_at,
            recorded_at: now,
            advocate: by.login.clone(),
            forms: n.forms,
            understanding: n.understanding,
            note,
            corrects: n.corrects,
        })
    }

    pub fn info(&self, patient_id: i64) -> Result<Vec<InfoGiven>> {
        self.info_where("i.patient_id = ?1", [patient_id])
    }

    /// Every patient's latest entry for each item that no later entry corrects: all the
    /// checklist and the "most pressing" rules read of the history.
    pub(super) fn latest_info(&self) -> Result<Vec<LatestInfo>> {
        self.latest_info_where("1 = 1", [])
    }

    /// As `latest_info`, for one patient.
    pub(super) fn latest_info_of(&self, patient_id: i64) -> Result<Vec<LatestInfo>> {
        self.latest_info_where("patient_id = ?1", [patient_id])
    }

    fn latest_info_where(&self, filter: &str, p: impl Params) -> Result<Vec<LatestInfo>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, patient_id, item, given_at, forms, understanding FROM info_latest WHERE {filter}"
        ))?;
        let rows = st.query_map(p, |r| {
            // Read in place: the list reads one row for each item of every patient.
            Ok(LatestInfo {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                item: parse_col(text_ref(r, 2)?, |k| {
                    crate::law::item(k).map(|d| d.key.as_str())
                })?,
                given_at: instant(r.get(3)?),
                forms: Forms::from_csv(text_ref(r, 4)?),
                understanding: parse_col(text_ref(r, 5)?, Understanding::parse)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn info_where(&self, filter: &str, p: impl Params) -> Result<Vec<InfoGiven>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT i.id, i.patient_id, i.session_id, i.item, i.given_at, i.recorded_at, a.login, i.forms,
                    i.understanding, i.note, i.corrects
               FROM info_given i JOIN advocates a ON a.id = i.advocate_id
              WHERE {filter} ORDER BY i.patient_id, i.given_at, i.id"
        ))?;
        let rows = st.query_map(p, |r| {
            Ok(InfoGiven {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                session_id: r.get(2)?,
                item: r.get(3)?,
                given_at: instant(r.get(4)?),
                recorded_at: instant(r.get(5)?),
                advocate: r.get(6)?,
                forms: Forms::from_csv(&r.get::<_, String>(7)?),
                understanding: parse_col(text_ref(r, 8)?, Understanding::parse)?,
                note: r.get(9)?,
                corrects: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The patient's whole record.
    pub fn record(&self, patient_id: i64) -> Result<PatientRecord> {
        Ok(PatientRecord {
            patient: self.patient(patient_id)?,
            episodes: self.episodes(patient_id)?,
            events: self.legal_events(patient_id)?,
            sessions: self.sessions(patient_id)?,
            info: self.info(patient_id)?,
            concerns: self.concerns(patient_id)?,
        })
    }
}
