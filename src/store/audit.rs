//! The audit log: every view of a record, every entry, export, sign-in, failed sign-in,
//! lock and unlock, hash-chained. Each append reads the previous hash inside the writer's
//! `BEGIN IMMEDIATE` transaction, so two processes never fork the chain.

use super::{Result, Store, StoreError, instant, ms};
use crate::domain::time::Instant;
use crate::vault::AuditHead;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as shown by `imha audit show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Instant,
    pub advocate: String,
    pub action: String,
    pub patient_id: Option<i64>,
    pub detail: String,
}

/// What `imha audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    Intact {
        count: i64,
    },
    /// The first row whose hash does not follow from the rows before it.
    Broken {
        seq: i64,
        why: String,
    },
    /// Fewer rows than the head kept outside the database says were written.
    Truncated {
        found: i64,
        expected: i64,
    },
}

fn chain_hash(
    prev: &str,
    seq: i64,
    at: i64,
    advocate: &str,
    action: &str,
    patient: Option<i64>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let p = patient.map(|p| p.to_string()).unwrap_or_default();
    for part in [
        prev,
        &seq.to_string(),
        &at.to_string(),
        advocate,
        action,
        &p,
        detail,
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends one row inside the caller's transaction.
pub(super) fn append(
    tx: &rusqlite::Transaction,
    at: Instant,
    advocate: &str,
    action: &str,
    patient_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    let (seq, prev): (i64, String) = tx.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1, COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), ?1) FROM audit",
        [GENESIS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let hash = chain_hash(&prev, seq, ms(at), advocate, action, patient_id, detail);
    tx.execute(
        "INSERT INTO audit (seq, at, advocate, action, patient_id, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, ms(at), advocate, action, patient_id, detail, prev, hash],
    )?;
    Ok(())
}

impl Store {
    /// Records an event that is not itself an entry: sign-in, lock, export, ...
    pub fn audit(
        &mut self,
        advocate: &str,
        action: &str,
        patient_id: Option<i64>,
        detail: &str,
        at: Instant,
    ) -> Result<()> {
        self.write(|tx| append(tx, at, advocate, action, patient_id, detail))
    }

    /// Records that an advocate looked at a patient's record; repeated views by the same
    /// advocate within ten minutes count once. Returns whether a row was written.
    pub fn audit_view(&mut self, advocate: &str, patient_id: i64, at: Instant) -> Result<bool> {
        let since = ms(at) - 10 * 60 * 1000;
        self.write(|tx| {
            let recent: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM audit WHERE patient_id = ?1 AND advocate = ?2 AND action = 'viewed' AND at >= ?3)",
                params![patient_id, advocate, since],
                |r| r.get(0),
            )?;
            if recent {
                return Ok(false);
            }
            append(tx, at, advocate, "viewed", Some(patient_id), "")?;
            Ok(true)
        })
    }

    /// The newest row's sequence number and hash (the chain's head).
    pub fn audit_head(&self) -> Result<AuditHead> {
        let head: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(head
            .map(|(count, hash)| AuditHead { count, hash })
            .unwrap_or_default())
    }

    /// Walks the whole chain and compares its end with the head kept outside the database.
    pub fn verify_audit(&self, kept: &AuditHead) -> Result<AuditCheck> {
        let mut st = self
            .conn
            .prepare("SELECT seq, at, advocate, action, patient_id, detail, prev_hash, hash FROM audit ORDER BY seq")?;
        let mut rows = st.query([])?;
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut last_hash = String::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let at: i64 = r.get(1)?;
            let (advocate, action): (String, String) = (r.get(2)?, r.get(3)?);
            let patient: Option<i64> = r.get(4)?;
            let detail: String = r.get(5)?;
            let (prev_hash, hash): (String, String) = (r.get(6)?, r.get(7)?);
            if seq != expected_seq {
                return Ok(AuditCheck::Broken {
                    seq,
                    why: format!("row {expected_seq} is missing or the rows are out of order"),
                });
            }
            if prev_hash != prev {
                return Ok(AuditCheck::Broken {
                    seq,
                    why: "it does not follow from the row before it".into(),
                });
            }
            if chain_hash(&prev, seq, at, &advocate, &action, patient, &detail) != hash {
                return Ok(AuditCheck::Broken {
                    seq,
                    why: "its contents were changed after it was written".into(),
                });
            }
            prev = hash.clone();
            last_hash = hash;
            expected_seq += 1;
        }
        let count = expected_seq - 1;
        if count < kept.count {
            return Ok(AuditCheck::Truncated {
                found: count,
                expected: kept.count,
            });
        }
        if count == kept.count && count > 0 && last_hash != kept.hash {
            return Ok(AuditCheck::Broken {
                seq: count,
                why: "the last row differs from the head kept in the key file".into(),
            });
        }
        Ok(AuditCheck::Intact { count })
    }

    /// Who viewed or changed a patient's record, and when.
    pub fn audit_for_patient(&self, patient_id: i64) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare(
            "SELECT seq, at, advocate, action, patient_id, detail FROM audit WHERE patient_id = ?1 ORDER BY seq",
        )?;
        let rows = st.query_map([patient_id], |r| {
            Ok(AuditEntry {
                seq: r.get(0)?,
                at: instant(r.get(1)?),
                advocate: r.get(2)?,
                action: r.get(3)?,
                patient_id: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// For tests of tamper detection: writes around the triggers as an insider could.
    pub fn tamper_audit_for_tests(&mut self, sql: &str) -> Result<()> {
        self.conn
            .execute_batch(&format!(
                "DROP TRIGGER audit_append_only_u; DROP TRIGGER audit_append_only_d; {sql};"
            ))
            .map_err(|e| StoreError::Other(e.to_string()))
    }
}
