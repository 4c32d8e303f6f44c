use super::{Result, Store, StoreError, instant, ms, next_id, parse_col, text_ref};
use crate::domain::time::Instant;
use crate::domain::{
    Advocate, EndReason, Episode, LatestInfo, LegalEvent, NewPatient, NhsNumber, Patient,
    PatientOverview, PatientRef, Source,
};
use rusqlite::{OptionalExtension, Row, params};
use std::collections::HashMap;

const PATIENT_COLS: &str =
    "id, name, preferred_name, date_of_birth, nhs_number, ward, interpreter, archived";

fn patient_row(r: &Row) -> rusqlite::Result<Patient> {
    let dob: String = r.get(3)?;
    let nhs: Option<String> = r.get(4)?;
    Ok(Patient {
        id: r.get(0)?,
        name: r.get(1)?,
        preferred_name: r.get(2)?,
        date_of_birth: chrono::NaiveDate::parse_from_str(&dob, "%Y-%m-%d").unwrap_or_default(),
        nhs_number: nhs.and_then(|n| NhsNumber::parse(&n).ok()),
        ward: r.get(5)?,
        interpreter: r.get(6)?,
        archived: r.get::<_, i64>(7)? != 0,
    })
}

impl Store {
    pub fn add_patient(&mut self, p: &NewPatient, by: &Advocate, now: Instant) -> Result<Patient> {
        if let Some(n) = &p.nhs_number
            && self.find_patient(&PatientRef::Nhs(n.clone())).is_ok()
        {
            return Err(StoreError::Invalid(crate::domain::Invalid::msg(
                "A patient with that NHS number is already recorded: search for them with / (or 'imha patient list')",
            )));
        }
        let id = self.write(|tx| insert_patient(tx, p, by, now))?;
        self.patient(id)
    }

    pub fn patient(&self, id: i64) -> Result<Patient> {
        self.conn
            .query_row(
                &format!("SELECT {PATIENT_COLS} FROM patients WHERE id = ?1"),
                [id],
                patient_row,
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "There is no patient P{id}: see 'imha patient list'"
                ))
            })
    }

    pub fn find_patient(&self, r: &PatientRef) -> Result<Patient> {
        match r {
            PatientRef::Id(id) => self.patient(*id),
            PatientRef::Nhs(n) => self
                .conn
                .query_row(
                    &format!("SELECT {PATIENT_COLS} FROM patients WHERE nhs_number = ?1"),
                    [n.as_str()],
                    patient_row,
                )
                .optional()?
                .ok_or_else(|| {
                    StoreError::NotFound(
                        "No patient has that NHS number: see 'imha patient list'".into(),
                    )
                }),
        }
    }

    pub fn patients(&self, include_archived: bool) -> Result<Vec<Patient>> {
        let sql = format!(
            "SELECT {PATIENT_COLS} FROM patients {} ORDER BY name, id",
            if include_archived {
                ""
            } else {
                "WHERE archived = 0"
            }
        );
        let mut st = self.conn.prepare(&sql)?;
        Ok(st
            .query_map([], patient_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn patient_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM patients", [], |r| r.get(0))?)
    }

    /// Writes a name without any checks, as another tool or a damaged import might have:
    /// used by tests to prove that whatever is stored is drawn harmlessly.
    pub fn raw_set_name_for_tests(&mut self, id: i64, name: &str) {
        let _ = self.conn.execute(
            "UPDATE patients SET name = ?1 WHERE id = ?2",
            params![name, id],
        );
    }

    /// Moves a patient to another ward; the move is kept in the patient's history.
    pub fn move_patient(&mut self, id: i64, ward: &str, by: &Advocate, now: Instant) -> Result<()> {
        let ward = crate::text::clean_input("Ward", ward, crate::domain::MAX_WARD, true)
            .map_err(crate::domain::Invalid::from)?;
        self.write(|tx| insert_move(tx, id, &ward, by, now))
    }

    /// Hides a patient from the list. Nothing is deleted; `archived = false` restores them.
    pub fn set_archived(
        &mut self,
        id: i64,
        archived: bool,
        by: &Advocate,
        now: Instant,
    ) -> Result<()> {
        self.write(|tx| {
            let eid = next_id(tx, "patient_events")?;
            let kind = if archived { "archived" } else { "restored" };
            tx.execute(
                "INSERT INTO patient_events (patient_id, at, id, kind, value, advocate_id) VALUES (?1, ?2, ?3, ?4, '', ?5)",
                params![id, ms(now), eid, kind, by.id],
            )?;
            tx.execute("UPDATE patients SET archived = ?1 WHERE id = ?2", params![archived as i64, id])?;
            super::audit::append(tx, now, &by.login, if archived { "patient_archived" } else { "patient_restored" }, Some(id), "")?;
            Ok(())
        })
    }

    /// Every listed patient with the history the "most pressing" rules read, in four
    /// queries however many patients there are. Of the information given, only each item's
    /// latest entry is read (`info_latest`): the rules read nothing else of it.
    pub fn overviews(&self) -> Result<Vec<PatientOverview>> {
        let patients = self.patients(false)?;
        let mut episodes: HashMap<i64, Vec<Episode>> = HashMap::new();
        for e in self.all_episodes()? {
            episodes.entry(e.patient_id).or_default().push(e);
        }
        let mut events: HashMap<i64, Vec<LegalEvent>> = HashMap::new();
        for e in self.legal_events_where("1 = 1", [])? {
            events.entry(e.patient_id).or_default().push(e);
        }
        let mut info: HashMap<i64, Vec<LatestInfo>> = HashMap::new();
        for i in self.latest_info()? {
            info.entry(i.patient_id).or_default().push(i);
        }
        Ok(patients
            .into_iter()
            .map(|p| PatientOverview {
                episodes: episodes.remove(&p.id).unwrap_or_default(),
                events: events.remove(&p.id).unwrap_or_default(),
                info: info.remove(&p.id).unwrap_or_default(),
                patient: p,
            })
            .collect())
    }

    /// One patient's overview, as `overviews` gives it, after something was saved for them:
    /// the list is brought up to date without reading every patient again. None when the
    /// patient is no longer listed (archived).
    pub fn overview(&self, id: i64) -> Result<Option<PatientOverview>> {
        let patient = self.patient(id)?;
        if patient.archived {
            return Ok(None);
        }
        Ok(Some(PatientOverview {
            episodes: self.episodes(id)?,
            events: self.legal_events(id)?,
            info: self.latest_info_of(id)?,
            patient,
        }))
    }
}

/// Inserts a patient inside the caller's transaction, with its audit row.
pub(super) fn insert_patient(
    tx: &rusqlite::Transaction,
    p: &NewPatient,
    by: &Advocate,
    now: Instant,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO patients (name, preferred_name, date_of_birth, nhs_number, ward, interpreter, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            p.name,
            p.preferred_name,
            p.date_of_birth.format("%Y-%m-%d").to_string(),
            p.nhs_number.as_ref().map(NhsNumber::as_str),
            p.ward,
            p.interpreter,
            ms(now),
            by.id
        ],
    )?;
    let id = tx.last_insert_rowid();
    super::audit::append(tx, now, &by.login, "patient_added", Some(id), "")?;
    Ok(id)
}

/// Moves a patient to another ward inside the caller's transaction, keeping the history.
pub(super) fn insert_move(
    tx: &rusqlite::Transaction,
    id: i64,
    ward: &str,
    by: &Advocate,
    now: Instant,
) -> Result<()> {
    let eid = next_id(tx, "patient_events")?;
    tx.execute(
        "INSERT INTO patient_events (patient_id, at, id, kind, value, advocate_id) VALUES (?1, ?2, ?3, 'moved_ward', ?4, ?5)",
        params![id, ms(now), eid, ward, by.id],
    )?;
    tx.execute(
        "UPDATE patients SET ward = ?1 WHERE id = ?2",
        params![ward, id],
    )?;
    super::audit::append(tx, now, &by.login, "patient_moved", Some(id), "")?;
    Ok(())
}

pub(super) fn episode_row(r: &Row) -> rusqlite::Result<Episode> {
    let started_at = instant(r.get(2)?);
    let source = parse_col(text_ref(r, 4)?, Source::parse)?;
    let check_at: Option<i64> = r.get(7)?;
    let check_source: Option<String> = r.get(8)?;
    let end_reason: Option<String> = r.get(6)?;
    Ok(Episode {
        id: r.get(0)?,
        patient_id: r.get(1)?,
        section: r.get(3)?,
        started_at,
        ended_at: r.get::<_, Option<i64>>(5)?.map(instant),
        end_reason: end_reason.as_deref().and_then(EndReason::parse),
        source,
        verified_at: check_at.map(instant).unwrap_or(instant(r.get(9)?)),
        verified_source: check_source
            .as_deref()
            .and_then(Source::parse)
            .unwrap_or(source),
    })
}
