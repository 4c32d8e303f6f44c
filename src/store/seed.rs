//! Large fictional databases for the benchmarks (`benches/load.rs`): thousands of patients
//! and up to millions of entries, built in one transaction through the same inserts the app
//! makes, with their audit rows and the latest-entry index. Names are syllables put together,
//! NHS numbers come from the 999 range the NHS keeps for testing and pass the modulus-11
//! check. Not used by the app.

use super::{Result, Store, ms, next_id};
use crate::domain::time::{Instant, london_day};
use crate::domain::{Advocate, NewEpisode, NewPatient, NhsNumber, Source};
use chrono::Duration;
use rusqlite::params;

/// A fictional name for patient number `i`: never a real person.
pub fn fictional_name(i: usize) -> String {
    const A: [&str; 16] = [
        "Al", "Be", "Ca", "Do", "El", "Fi", "Go", "Ha", "Io", "Ju", "Ka", "Lo", "Mi", "No", "Or",
        "Pe",
    ];
    const B: [&str; 10] = [
        "ran", "lia", "mon", "vek", "tis", "dor", "sal", "quin", "ber", "lox",
    ];
    const C: [&str; 10] = [
        "Marsh", "Okoro", "Reyes", "Brook", "Nasser", "Ito", "Petrov", "Kaplan", "Adeyemi", "Fair",
    ];
    format!(
        "{}{} {}{}",
        A[i % 16],
        B[(i / 16) % 10],
        C[(i / 160) % 10],
        i / 1600
    )
}

/// The next NHS number of the test range (999…) after `prefix` (its first nine digits) that
/// has a valid check digit.
fn next_test_nhs(prefix: &mut u32) -> NhsNumber {
    loop {
        *prefix += 1;
        if let Some(n) = (0..10).find_map(|c| NhsNumber::parse(&format!("{prefix}{c}")).ok()) {
            return n;
        }
    }
}

impl Store {
    /// Adds `patients` fictional patients, each on s.3 from some day in the last two years,
    /// and `items` information entries: `heavy` of them for the first patient, the rest
    /// spread evenly over the others. Returns the first patient's id.
    #[doc(hidden)]
    pub fn seed_for_benchmarks(
        &mut self,
        patients: usize,
        items: usize,
        heavy: usize,
        by: &Advocate,
        now: Instant,
    ) -> Result<i64> {
        let keys: Vec<String> = crate::law::status("3")
            .map_err(super::StoreError::Other)?
            .checklist
            .clone();
        let today = london_day(now);
        let dob = today - Duration::days(365 * 40);
        self.write(|tx| {
            let mut ids = Vec::with_capacity(patients);
            let mut prefix = 999_000_000u32;
            for i in 0..patients {
                let nhs = next_test_nhs(&mut prefix);
                let p = NewPatient::new(
                    &fictional_name(i),
                    None,
                    dob,
                    Some(nhs.as_str()),
                    &format!("Ward {}", i % 40),
                    None,
                    today,
                )?;
                let id = super::patients::insert_patient(tx, &p, by, now)?;
                let start = now - Duration::days((i % 700) as i64 + 1);
                super::episodes::insert_episode(
                    tx,
                    &NewEpisode {
                        patient_id: id,
                        section: "3".into(),
                        started_at: start,
                        source: Source::Papers,
                    },
                    by,
                    now,
                )?;
                ids.push(id);
            }
            let first = ids.first().copied().unwrap_or(0);
            let mut insert = tx.prepare(
                "INSERT INTO info_given (patient_id, given_at, id, session_id, item, recorded_at, advocate_id, forms, understanding, note, corrects)
                 VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, 'spoken,written', 'understood', '', NULL)",
            )?;
            let mut latest = tx.prepare(
                "INSERT OR REPLACE INTO info_latest (patient_id, item, given_at, id, forms, understanding)
                 VALUES (?1, ?2, ?3, ?4, 'spoken,written', 'understood')",
            )?;
            let first_id = next_id(tx, "info_given")?;
            let others = ids.len().saturating_sub(1).max(1);
            for (n, id) in (0..items).zip(first_id..) {
                let pid = if n < heavy || ids.len() < 2 {
                    first
                } else {
                    ids[1 + (n - heavy) % others]
                };
                let item = &keys[n % keys.len()];
                // Entries for one patient come in time order, as they are given.
                let at = now - Duration::minutes((items - n) as i64);
                insert.execute(params![pid, ms(at), id, item, ms(at), by.id])?;
                latest.execute(params![pid, item, ms(at), id])?;
                super::audit::append(
                    tx,
                    at,
                    &by.login,
                    "information_recorded",
                    Some(pid),
                    &format!("entry {id} {item}"),
                )?;
            }
            Ok(first)
        })
    }
}
