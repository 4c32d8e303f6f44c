//! Referrals: who asked for an IMHA, when, whether the patient qualifies (s.130C) and the
//! IMHA's access to records (s.130B(4)). Append-only.

use super::episodes::not_in_future;
use super::{Result, Store, StoreError, instant, ms, next_id, parse_col, text_ref};
use crate::domain::time::{Instant, age_on, london_day};
use crate::domain::{Advocate, Invalid, RecordsAccess, Referral, ReferrerType};
use rusqlite::params;

impl Store {
    /// Records a referral. `accepted` is the service's list of referrer types (empty: any);
    /// the nearest relative, the responsible clinician and an AMHP are always accepted.
    #[allow(clippy::too_many_arguments)]
    pub fn add_referral(
        &mut self,
        patient_id: i64,
        referred_at: Instant,
        referrer: &str,
        kind: ReferrerType,
        records_access: RecordsAccess,
        accepted: &[String],
        by: &Advocate,
        now: Instant,
    ) -> Result<Referral> {
        not_in_future("The referral date", referred_at, now)?;
        let referrer =
            crate::text::clean_input("Referrer", referrer, 100, true).map_err(Invalid::from)?;
        if !kind.always_accepted()
            && !accepted.is_empty()
            && !accepted.iter().any(|a| a == kind.as_str())
        {
            return Err(StoreError::Invalid(Invalid::msg(format!(
                "This service takes referrals only from: {}. A request from {} cannot be accepted: ask the ward staff, the mental health trust or the local authority to refer (the nearest relative, the responsible clinician or an AMHP can always ask an IMHA to visit)",
                accepted.join(", "),
                kind.label()
            ))));
        }
        let p = self.patient(patient_id)?;
        let eps = self.episodes(patient_id)?;
        let today = london_day(now);
        let (eligible, reason) = match crate::law::checklist::current_episode(&eps)
            .and_then(|e| crate::law::status(&e.section).ok())
        {
            Some(st) => {
                let e =
                    crate::law::eligibility(st, None, Some(age_on(p.date_of_birth, today)), today);
                (e.eligible, format!("{} ({})", e.reason, e.provision))
            }
            None => (
                false,
                "No section is recorded: record the patient's status to check eligibility (s.130C)"
                    .into(),
            ),
        };
        let id = self.write(|tx| {
            let id = next_id(tx, "referrals")?;
            tx.execute(
                "INSERT INTO referrals (patient_id, referred_at, id, referrer, referrer_type, eligible, eligibility_reason, records_access, recorded_at, advocate_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![patient_id, ms(referred_at), id, referrer, kind.as_str(), eligible as i64, reason, records_access.as_str(), ms(now), by.id],
            )?;
            super::audit::append(tx, now, &by.login, "referral_recorded", Some(patient_id), &format!("referral {id} {}", kind.as_str()))?;
            Ok(id)
        })?;
        Ok(Referral {
            id,
            patient_id,
            referred_at,
            referrer,
            referrer_type: kind,
            eligible,
            eligibility_reason: reason,
            records_access,
            advocate: by.login.clone(),
        })
    }

    /// Every referral, oldest first (for reports).
    pub fn referrals(&self) -> Result<Vec<Referral>> {
        let mut st = self.conn.prepare(
            "SELECT r.id, r.patient_id, r.referred_at, r.referrer, r.referrer_type, r.eligible, r.eligibility_reason, r.records_access, a.login
               FROM referrals r JOIN advocates a ON a.id = r.advocate_id ORDER BY r.referred_at, r.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(Referral {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                referred_at: instant(r.get(2)?),
                referrer: r.get(3)?,
                referrer_type: parse_col(text_ref(r, 4)?, ReferrerType::parse)?,
                eligible: r.get::<_, i64>(5)? != 0,
                eligibility_reason: r.get(6)?,
                records_access: parse_col(text_ref(r, 7)?, RecordsAccess::parse)?,
                advocate: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
