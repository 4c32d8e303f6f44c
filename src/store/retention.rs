//! Erasure after the retention period (UK GDPR): the one deletion imha performs. Only an
//! archived (closed) case with no activity for the retention period; the erasure itself is
//! audited with no personal data in the entry.

use super::{Result, Store, StoreError, instant};
use crate::domain::time::Instant;
use crate::domain::{Advocate, Invalid};
use chrono::Months;

/// The ledgers that hold a patient's history, each keyed by `patient_id`.
const TABLES: &[&str] = &[
    "info_given",
    "concern_events",
    "concerns",
    "legal_events",
    "episode_checks",
    "referrals",
    "patient_events",
];

impl Store {
    /// The last time anything was recorded for a patient.
    fn last_activity(&self, patient_id: i64) -> Result<Instant> {
        let mut latest: i64 = self.conn.query_row(
            "SELECT created_at FROM patients WHERE id = ?1",
            [patient_id],
            |r| r.get(0),
        )?;
        for (table, col) in [
            ("info_given", "recorded_at"),
            ("concern_events", "at"),
            ("legal_events", "recorded_at"),
            ("sessions", "started_at"),
            ("episodes", "recorded_at"),
            ("patient_events", "at"),
        ] {
            let v: Option<i64> = self.conn.query_row(
                &format!("SELECT MAX({col}) FROM {table} WHERE patient_id = ?1"),
                [patient_id],
                |r| r.get(0),
            )?;
            latest = latest.max(v.unwrap_or(0));
        }
        Ok(instant(latest))
    }

    /// Erases a closed case's record once the retention period has passed.
    pub fn erase_patient(
        &mut self,
        patient_id: i64,
        retention_years: u32,
        by: &Advocate,
        now: Instant,
    ) -> Result<()> {
        if !by.admin {
            return Err(StoreError::Invalid(Invalid::msg(
                "Only an administrator can erase a record",
            )));
        }
        let p = self.patient(patient_id)?;
        if !p.archived {
            return Err(StoreError::Invalid(Invalid::msg(
                "Only a closed case can be erased: archive the patient first",
            )));
        }
        let last = self.last_activity(patient_id)?;
        let until = last
            .checked_add_months(Months::new(retention_years * 12))
            .unwrap_or(last);
        if now < until {
            return Err(StoreError::Invalid(Invalid::msg(format!(
                "The retention period ({retention_years} years after the last entry) has not passed: it ends {}",
                crate::domain::time::show_instant(until)
            ))));
        }
        let schema_triggers: Vec<(String, String)> = {
            let mut st = self
                .conn
                .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        self.write(|tx| {
            // The append-only triggers stand aside for this one deletion, inside the same
            // transaction, and are put back before it commits.
            for (name, _) in &schema_triggers {
                tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
            }
            // The index of latest entries (schema v4) goes with the ledger it points into.
            tx.execute(
                "DELETE FROM info_latest WHERE patient_id = ?1",
                [patient_id],
            )?;
            for t in TABLES {
                tx.execute(
                    &format!("DELETE FROM {t} WHERE patient_id = ?1"),
                    [patient_id],
                )?;
            }
            tx.execute("DELETE FROM sessions WHERE patient_id = ?1", [patient_id])?;
            tx.execute("DELETE FROM episodes WHERE patient_id = ?1", [patient_id])?;
            tx.execute("DELETE FROM patients WHERE id = ?1", [patient_id])?;
            for (_, sql) in &schema_triggers {
                tx.execute_batch(sql)?;
            }
            super::audit::append(
                tx,
                now,
                &by.login,
                "record_erased",
                None,
                &format!("a closed case, after the retention period of {retention_years} years"),
            )
        })
    }
}
