//! The information checklist a patient's status calls for (s.130B, s.132, s.132A, s.130D),
//! and what is due: items not explained since the provision began, items not understood,
//! windows about to close, powers about to end.

use super::dates::{KeyDate, When};
use super::{Trigger, item, status};
use crate::domain::time::{Instant, london_day, show_day, show_instant};
use crate::domain::{
    EndReason, Episode, Forms, InfoGiven, LatestInfo, LegalEvent, LegalEventKind, Understanding,
};
use std::collections::HashSet;

/// How pressing something is; lower sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Soon,
    Due,
    Later,
}

impl Urgency {
    pub fn word(self) -> &'static str {
        match self {
            Urgency::Overdue => "OVERDUE",
            Urgency::Soon => "SOON",
            Urgency::Due => "DUE",
            Urgency::Later => "LATER",
        }
    }
}

/// An entry as the checklist rules read it: a whole `InfoGiven` (a patient's record), or
/// the lean `LatestInfo` the patient list carries for each item.
pub trait Entry: Clone {
    fn id(&self) -> i64;
    fn item(&self) -> &str;
    fn given_at(&self) -> Instant;
    /// The entry this one corrects, if it is a correction.
    fn corrects(&self) -> Option<i64>;
    fn forms(&self) -> Forms;
    fn understanding(&self) -> Understanding;
}

impl Entry for InfoGiven {
    fn id(&self) -> i64 {
        self.id
    }
    fn item(&self) -> &str {
        &self.item
    }
    fn given_at(&self) -> Instant {
        self.given_at
    }
    fn corrects(&self) -> Option<i64> {
        self.corrects
    }
    fn forms(&self) -> Forms {
        self.forms
    }
    fn understanding(&self) -> Understanding {
        self.understanding
    }
}

impl Entry for LatestInfo {
    fn id(&self) -> i64 {
        self.id
    }
    fn item(&self) -> &str {
        self.item
    }
    fn given_at(&self) -> Instant {
        self.given_at
    }
    /// Never a correction that matters here: no later entry corrects the latest one.
    fn corrects(&self) -> Option<i64> {
        None
    }
    fn forms(&self) -> Forms {
        self.forms
    }
    fn understanding(&self) -> Understanding {
        self.understanding
    }
}

/// Where one checklist item stands for a patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus<E = InfoGiven> {
    /// Borrowed from the compiled-in law: the patient list builds these for every patient.
    pub key: &'static str,
    pub title: &'static str,
    pub provision: &'static str,
    /// The latest entry that has not been corrected, if any.
    pub last: Option<E>,
    /// The latest entry counts for the current provision (given since it began).
    pub current: bool,
}

impl<E: Entry> ItemStatus<E> {
    /// Given since the provision began but not (fully) understood: another try is due.
    pub fn needs_another_try(&self) -> bool {
        self.current
            && self
                .last
                .as_ref()
                .is_some_and(|l| l.understanding().needs_another_try())
    }
    /// Given since the provision began, but not both spoken and written (s.132(3)).
    pub fn needs_written_or_spoken(&self) -> bool {
        self.current
            && self.last.as_ref().is_some_and(|l| {
                !(l.forms().contains(crate::domain::Form::Spoken)
                    && l.forms().contains(crate::domain::Form::Written))
                    && l.understanding() != Understanding::Declined
            })
    }

    pub fn is_due(&self) -> bool {
        !self.current || self.needs_another_try() || self.needs_written_or_spoken()
    }
}

/// The current episode: the latest that has not ended.
pub fn current_episode(episodes: &[Episode]) -> Option<&Episode> {
    episodes
        .iter()
        .filter(|e| e.is_current())
        .max_by_key(|e| e.started_at)
}

/// The start of the current run of episodes joined by conversions ("replaced"), i.e. the
/// current period of liability to detention in this hospital, moved on by any transfer.
fn hospital_start(episodes: &[Episode], events: &[LegalEvent], current: &Episode) -> Instant {
    let mut start = current.started_at;
    let mut sorted: Vec<&Episode> = episodes.iter().collect();
    sorted.sort_by_key(|e| e.started_at);
    let mut idx = sorted.iter().position(|e| e.id == current.id).unwrap_or(0);
    while idx > 0 {
        let prev = sorted[idx - 1];
        if prev.end_reason == Some(EndReason::Replaced) {
            start = prev.started_at;
            idx -= 1;
        } else {
            break;
        }
    }
    events
        .iter()
        .filter(|e| e.kind == LegalEventKind::TransferHospital && e.at > start)
        .map(|e| e.at)
        .max()
        .unwrap_or(start)
}

/// Entries that no later entry corrects.
fn effective<E: Entry>(info: &[E]) -> Vec<&E> {
    let corrected: HashSet<i64> = info.iter().filter_map(|i| i.corrects()).collect();
    info.iter()
        .filter(|i| !corrected.contains(&i.id()))
        .collect()
}

/// The checklist for the patient's current status, each item with its latest entry.
pub fn checklist_for<E: Entry>(
    episodes: &[Episode],
    events: &[LegalEvent],
    info: &[E],
) -> Vec<ItemStatus<E>> {
    let Some(current) = current_episode(episodes) else {
        return Vec::new();
    };
    let Ok(st) = status(&current.section) else {
        return Vec::new();
    };
    let hospital = hospital_start(episodes, events, current);
    let live = effective(info);
    st.checklist
        .iter()
        .filter_map(|key| item(key))
        .map(|def| {
            let since = match def.trigger {
                Trigger::Provision => current.started_at,
                // R-INFO-8: on CTO recall every item is due again (CoP 4.9).
                Trigger::Hospital if st.items_due_again_on_start => current.started_at,
                Trigger::Hospital => hospital,
            };
            let last = live
                .iter()
                .filter(|i| i.item() == def.key)
                .max_by_key(|i| (i.given_at(), i.id()))
                .map(|i| (*i).clone());
            let current = last.as_ref().is_some_and(|l| l.given_at() >= since);
            ItemStatus {
                key: def.key.as_str(),
                title: def.title.as_str(),
                provision: def.provision.as_str(),
                last,
                current,
            }
        })
        .collect()
}

/// One thing due for a patient, in words with its provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub urgency: Urgency,
    /// Days until it falls (negative when past), for ordering within an urgency.
    pub days: i64,
    pub text: String,
    pub provision: String,
}

impl DueItem {
    pub fn words(&self) -> String {
        format!("{} — {}", self.text, self.provision)
    }
}

fn in_days(n: i64) -> String {
    match n {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n if n < 0 => format!("{} days ago", -n),
        n => format!("in {n} days"),
    }
}

/// Everything due for a patient, most pressing first.
pub fn due_items<E: Entry>(
    episodes: &[Episode],
    events: &[LegalEvent],
    info: &[E],
    date_of_birth: chrono::NaiveDate,
    now: Instant,
) -> Vec<DueItem> {
    let mut out = Vec::new();
    let Some(current) = current_episode(episodes) else {
        return out;
    };
    let Some(ctx) = super::history::context(episodes, events, current) else {
        return out;
    };
    let st = ctx.status;
    let today = london_day(now);
    let dates = super::history::episode_dates(&ctx, events, date_of_birth, today);
    let find = |key: &str| dates.iter().find(|k| k.key == key);
    let days_to = |k: &KeyDate| (k.day() - today).num_days();

    // A tribunal window about to close unused (s.66, s.69, s.70; s.77(2) for withdrawals).
    if let (Some(opens), Some(closes)) = (find("tribunal_opens"), find("tribunal_closes"))
        && days_to(opens) <= 0
        && !super::history::tribunal_used(events, opens.day(), closes.day())
    {
        let n = days_to(closes);
        if (0..=7).contains(&n) {
            out.push(DueItem {
                urgency: if n <= 3 {
                    Urgency::Overdue
                } else {
                    Urgency::Soon
                },
                days: n,
                text: format!("tribunal application window closes {}", in_days(n)),
                provision: closes.provision.clone(),
            });
        }
    }
    // The end of the authority, or of the current renewal period (s.20, s.20A).
    if let Some(k) = find("current_period_ends").or_else(|| find("ends")) {
        match k.when {
            When::At(t) => {
                if t > now {
                    out.push(DueItem {
                        urgency: Urgency::Soon,
                        days: (london_day(t) - today).num_days(),
                        text: format!("{} power ends {}", st.short(), show_instant(t)),
                        provision: k.provision.clone(),
                    });
                }
            }
            When::Day(_) => {
                let n = days_to(k);
                if (0..=14).contains(&n) {
                    out.push(DueItem {
                        urgency: if n <= 3 {
                            Urgency::Overdue
                        } else {
                            Urgency::Soon
                        },
                        days: n,
                        text: format!(
                            "{} {} {} ({}){}",
                            st.short(),
                            if k.key == "ends" {
                                "ends"
                            } else {
                                "renewal period ends"
                            },
                            in_days(n),
                            show_day(k.day()),
                            if k.check.is_some() { ", CHECK" } else { "" }
                        ),
                        provision: k.provision.clone(),
                    });
                }
            }
        }
    }
    // s.58: the three-month date approaching without a T2 or T3 (or s.62 urgent treatment).
    if let Some(k) = find("s58_certificate_needed") {
        let certified = events.iter().any(|e| {
            matches!(
                e.kind,
                LegalEventKind::CertificateT2
                    | LegalEventKind::CertificateT3
                    | LegalEventKind::UrgentTreatment
            ) && e.at >= ctx.chain_start
        });
        let withdrawn = events
            .iter()
            .any(|e| e.kind == LegalEventKind::CertificateWithdrawn && e.at >= ctx.chain_start);
        let n = days_to(k);
        if (!certified || withdrawn) && n <= 14 {
            out.push(DueItem {
                urgency: if n <= 0 {
                    Urgency::Overdue
                } else {
                    Urgency::Soon
                },
                days: n,
                text: format!(
                    "three-month date {} with no {}T2/T3 recorded",
                    show_day(k.day()),
                    if withdrawn { "valid " } else { "" }
                ),
                provision: k.provision.clone(),
            });
        }
    }
    let list = checklist_for(episodes, events, info);
    // Only statuses that qualify for an IMHA (s.130C) put the advocate's checklist on the list.
    let eligible = super::eligibility(st, None, None, today).eligible;
    let never: Vec<&ItemStatus<E>> = list.iter().filter(|i| !i.current).collect();
    if eligible && !never.is_empty() {
        let days = (london_day(current.started_at) - today).num_days();
        let what = if never
            .iter()
            .any(|i| i.key == "section_and_effect" || i.key == "rights_under_act")
        {
            "rights".to_string()
        } else {
            format!(
                "{} item{}",
                never.len(),
                if never.len() == 1 { "" } else { "s" }
            )
        };
        out.push(DueItem {
            urgency: Urgency::Due,
            days,
            text: format!("{what} not yet explained since {} began", st.short()),
            provision: "s.132(1), s.130B".into(),
        });
    }
    if let Some(i) = list
        .iter()
        .find(|i| i.needs_another_try())
        .filter(|_| eligible)
    {
        let u = i
            .last
            .as_ref()
            .map(|l| l.understanding())
            .unwrap_or(Understanding::NotYet);
        out.push(DueItem {
            urgency: Urgency::Due,
            days: 0,
            text: format!(
                "another try due: {} ({})",
                i.title.to_lowercase(),
                u.label()
            ),
            provision: i.provision.to_string(),
        });
    }
    out.sort_by_key(|d| (d.urgency, d.days));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;
    use crate::domain::{Form, Forms, Source};

    fn t(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }
    fn ep(id: i64, code: &str, start: &str, end: Option<&str>) -> Episode {
        Episode {
            id,
            patient_id: 1,
            section: code.into(),
            started_at: t(start),
            ended_at: end.map(t),
            end_reason: end.map(|_| EndReason::Replaced),
            source: Source::Papers,
            verified_at: t(start),
            verified_source: Source::Papers,
        }
    }
    fn given(id: i64, item: &str, at: &str, forms: Forms, u: Understanding) -> InfoGiven {
        InfoGiven {
            id,
            patient_id: 1,
            session_id: None,
            item: item.into(),
            given_at: t(at),
            recorded_at: t(at),
            advocate: "a".into(),
            forms,
            understanding: u,
            note: String::new(),
            corrects: None,
        }
    }

    #[test]
    fn s132_1_items_are_due_again_when_the_section_changes() {
        let eps = vec![
            ep(1, "2", "2025-01-01T12:00:00Z", Some("2025-01-20T12:00:00Z")),
            ep(2, "3", "2025-01-20T12:00:00Z", None),
        ];
        let info = vec![
            given(
                1,
                "section_and_effect",
                "2025-01-02T12:00:00Z",
                Forms::spoken_and_written(),
                Understanding::Understood,
            ),
            given(
                2,
                "code_of_practice",
                "2025-01-02T12:00:00Z",
                Forms::spoken_and_written(),
                Understanding::Understood,
            ),
        ];
        let list = checklist_for(&eps, &[], &info);
        let get = |k: &str| list.iter().find(|i| i.key == k).unwrap();
        assert!(
            !get("section_and_effect").current,
            "a provision item is due again under s.3"
        );
        assert!(
            get("code_of_practice").current,
            "s.132(2) items hold for the same hospital"
        );
    }

    #[test]
    fn s132_2_items_are_due_again_after_a_transfer_to_another_hospital() {
        let eps = vec![ep(1, "3", "2025-01-01T12:00:00Z", None)];
        let info = vec![given(
            1,
            "code_of_practice",
            "2025-01-02T12:00:00Z",
            Forms::spoken_and_written(),
            Understanding::Understood,
        )];
        let events = vec![LegalEvent {
            id: 1,
            patient_id: 1,
            kind: LegalEventKind::TransferHospital,
            at: t("2025-02-01T12:00:00Z"),
            note: String::new(),
            advocate: "a".into(),
            recorded_at: t("2025-02-01T12:00:00Z"),
        }];
        let list = checklist_for(&eps, &events, &info);
        assert!(
            !list
                .iter()
                .find(|i| i.key == "code_of_practice")
                .unwrap()
                .current
        );
    }

    #[test]
    fn cop_4_9_every_item_is_due_again_on_cto_recall() {
        let eps = vec![
            ep(
                1,
                "17A",
                "2025-01-01T12:00:00Z",
                Some("2025-03-01T12:00:00Z"),
            ),
            ep(2, "17E", "2025-03-01T12:00:00Z", None),
        ];
        let info = vec![given(
            1,
            "consent_to_treatment",
            "2025-01-02T12:00:00Z",
            Forms::spoken_and_written(),
            Understanding::Understood,
        )];
        let list = checklist_for(&eps, &[], &info);
        assert!(
            !list
                .iter()
                .find(|i| i.key == "consent_to_treatment")
                .unwrap()
                .current
        );
    }

    #[test]
    fn s132_3_spoken_only_leaves_the_written_copy_due() {
        let eps = vec![ep(1, "3", "2025-01-01T12:00:00Z", None)];
        let info = vec![given(
            1,
            "tribunal_rights",
            "2025-01-02T12:00:00Z",
            Forms::empty().with(Form::Spoken),
            Understanding::Understood,
        )];
        let list = checklist_for(&eps, &[], &info);
        let i = list.iter().find(|i| i.key == "tribunal_rights").unwrap();
        assert!(i.current && i.needs_written_or_spoken() && i.is_due());
    }

    #[test]
    fn a_correction_replaces_the_entry_it_corrects() {
        let eps = vec![ep(1, "3", "2025-01-01T12:00:00Z", None)];
        let mut fix = given(
            2,
            "tribunal_rights",
            "2025-01-02T12:00:00Z",
            Forms::spoken_and_written(),
            Understanding::Partly,
        );
        fix.corrects = Some(1);
        let info = vec![
            given(
                1,
                "tribunal_rights",
                "2025-01-02T12:00:00Z",
                Forms::spoken_and_written(),
                Understanding::Understood,
            ),
            fix,
        ];
        let list = checklist_for(&eps, &[], &info);
        assert!(
            list.iter()
                .find(|i| i.key == "tribunal_rights")
                .unwrap()
                .needs_another_try()
        );
    }

    #[test]
    fn s130c_ineligible_statuses_put_no_checklist_on_the_list() {
        let eps = vec![ep(1, "5(2)", "2025-01-01T12:00:00Z", None)];
        let due = due_items::<InfoGiven>(
            &eps,
            &[],
            &[],
            chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
            t("2025-01-01T13:00:00Z"),
        );
        assert!(
            due.iter().all(|d| !d.text.contains("not yet explained")),
            "{due:?}"
        );
        assert!(due.iter().any(|d| d.text.contains("power ends")));
    }

    #[test]
    fn s66_tribunal_window_closing_unused_is_overdue_within_three_days() {
        let eps = vec![ep(1, "2", "2025-03-03T12:00:00Z", None)];
        let due = due_items::<InfoGiven>(
            &eps,
            &[],
            &[],
            chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
            t("2025-03-15T12:00:00Z"),
        );
        assert_eq!(due[0].urgency, Urgency::Overdue);
        assert_eq!(
            due[0].words(),
            "tribunal application window closes in 2 days — s.66(1)(a),(2)(a)"
        );
    }
}
