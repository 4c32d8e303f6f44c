//! Applying a checked census in one transaction: new patients and new sections are added,
//! history is never overwritten, and a different start for the same section is a conflict.

use super::episodes::insert_episode;
use super::patients::{insert_move, insert_patient};
use super::{Result, Store};
use crate::census::{CensusRow, Report};
use crate::domain::time::{Instant, show_instant};
use crate::domain::{Advocate, NewEpisode, PatientRef};

enum Step {
    Add(usize),
    Section(i64, usize),
    Move(i64, String),
}

impl Store {
    pub fn import_census(
        &mut self,
        rows: &[CensusRow],
        by: &Advocate,
        now: Instant,
    ) -> Result<Report> {
        let mut report = Report::default();
        let mut steps = Vec::new();
        let all = self.patients(true)?;
        let mut matched = std::collections::HashSet::new();
        for (i, row) in rows.iter().enumerate() {
            let p = &row.patient;
            let found = match &p.nhs_number {
                Some(n) => self.find_patient(&PatientRef::Nhs(n.clone())).ok(),
                None => all
                    .iter()
                    .find(|x| x.name == p.name && x.date_of_birth == p.date_of_birth)
                    .cloned(),
            };
            let Some(existing) = found else {
                steps.push(Step::Add(i));
                report
                    .added
                    .push(format!("line {}: {} (s.{})", row.line, p.name, row.section));
                continue;
            };
            matched.insert(existing.id);
            let mut changed = false;
            if existing.ward != p.ward {
                steps.push(Step::Move(existing.id, p.ward.clone()));
                report.changed.push(format!(
                    "{}: moved from {} to {}",
                    existing.reference(),
                    existing.ward,
                    p.ward
                ));
                changed = true;
            }
            let eps = self.episodes(existing.id)?;
            match crate::law::checklist::current_episode(&eps) {
                Some(cur) if cur.section == row.section => {
                    if (cur.started_at - row.start).num_seconds().abs() >= 60 {
                        report.conflicts.push(format!(
                            "line {}: {}: the census says s.{} from {}, the record says from {}",
                            row.line,
                            existing.reference(),
                            row.section,
                            show_instant(row.start),
                            show_instant(cur.started_at)
                        ));
                        continue;
                    }
                }
                Some(cur) if row.start <= cur.started_at => {
                    report.conflicts.push(format!(
                        "line {}: {}: the census says s.{} from {}, before the current s.{} began",
                        row.line,
                        existing.reference(),
                        row.section,
                        show_instant(row.start),
                        cur.section
                    ));
                    continue;
                }
                _ => {
                    steps.push(Step::Section(existing.id, i));
                    report.changed.push(format!(
                        "{}: new section s.{} from {}",
                        existing.reference(),
                        row.section,
                        show_instant(row.start)
                    ));
                    changed = true;
                }
            }
            if !changed {
                report.unchanged += 1;
            }
        }
        report.left_alone = all
            .iter()
            .filter(|p| !p.archived && !matched.contains(&p.id))
            .map(|p| format!("{} {}", p.reference(), p.name))
            .collect();
        let detail = format!(
            "census: {} added, {} changed, {} conflicts",
            report.added.len(),
            report.changed.len(),
            report.conflicts.len()
        );
        self.write(|tx| {
            for s in &steps {
                match s {
                    Step::Add(i) => {
                        let row = &rows[*i];
                        let id = insert_patient(tx, &row.patient, by, now)?;
                        let e = NewEpisode {
                            patient_id: id,
                            section: row.section.clone(),
                            started_at: row.start,
                            source: row.source,
                        };
                        insert_episode(tx, &e, by, now)?;
                    }
                    Step::Section(id, i) => {
                        let row = &rows[*i];
                        let e = NewEpisode {
                            patient_id: *id,
                            section: row.section.clone(),
                            started_at: row.start,
                            source: row.source,
                        };
                        insert_episode(tx, &e, by, now)?;
                    }
                    Step::Move(id, ward) => insert_move(tx, *id, ward, by, now)?,
                }
            }
            super::audit::append(tx, now, &by.login, "census_imported", None, &detail)
        })?;
        Ok(report)
    }
}
