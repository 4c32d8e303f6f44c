//! The commissioner's report: counts only, no names or identifiers, counts from 1 to 4 shown as
//! "<5" so that no patient can be picked out.

use crate::domain::time::london_day;
use crate::domain::{PatientRecord, Referral};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One count: what is counted, the group within it, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub measure: &'static str,
    pub group: String,
    pub count: usize,
}

/// The value as published: "<5" for 1 to 4.
pub fn shown(n: usize) -> String {
    if (1..5).contains(&n) {
        "<5".into()
    } else {
        n.to_string()
    }
}

pub const MEASURES: &[(&str, &str)] = &[
    ("referrals", "referrals received, by who referred"),
    (
        "referrals_eligibility",
        "referrals by IMHA eligibility at intake (s.130C)",
    ),
    ("patients_supported", "patients with at least one session"),
    ("sessions", "sessions, by kind of contact"),
    (
        "referral_to_first_contact",
        "referrals, by days from referral to the first session",
    ),
    (
        "information_given",
        "information items given, by item and how well understood",
    ),
    ("concerns_raised", "concerns raised, by category"),
    (
        "concern_status",
        "concerns raised in the period, by where they stand now",
    ),
    (
        "rights_after_section_change",
        "new sections, by when rights were first explained after they began",
    ),
];

/// Counts for the days `from` to `to` inclusive (London days), for one ward or all.
pub fn counts(
    records: &[PatientRecord],
    referrals: &[Referral],
    from: NaiveDate,
    to: NaiveDate,
    ward: Option<&str>,
) -> Vec<Count> {
    let within = |t| {
        let d = london_day(t);
        d >= from && d <= to
    };
    let records: Vec<&PatientRecord> = records
        .iter()
        .filter(|r| ward.is_none_or(|w| r.patient.ward == w))
        .collect();
    let ids: std::collections::HashSet<i64> = records.iter().map(|r| r.patient.id).collect();
    let mut out: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let mut add = |m: &'static str, g: String| *out.entry((m, g)).or_default() += 1;
    for f in referrals
        .iter()
        .filter(|f| ids.contains(&f.patient_id) && within(f.referred_at))
    {
        add("referrals", f.referrer_type.as_str().into());
        add(
            "referrals_eligibility",
            if f.eligible {
                "eligible".into()
            } else {
                "not_eligible".into()
            },
        );
        let first = records
            .iter()
            .find(|r| r.patient.id == f.patient_id)
            .and_then(|r| {
                r.sessions
                    .iter()
                    .filter(|s| s.started_at >= f.referred_at)
                    .map(|s| s.started_at)
                    .min()
            });
        add(
            "referral_to_first_contact",
            match first.map(|t| (london_day(t) - london_day(f.referred_at)).num_days()) {
                None => "no_contact_yet".into(),
                Some(d) if d <= 2 => "0_to_2_days".into(),
                Some(d) if d <= 7 => "3_to_7_days".into(),
                Some(_) => "8_days_or_more".into(),
            },
        );
    }
    for r in &records {
        let sessions: Vec<_> = r.sessions.iter().filter(|s| within(s.started_at)).collect();
        if !sessions.is_empty() {
            add("patients_supported", "all".into());
        }
        for s in sessions {
            add("sessions", s.kind.as_str().into());
        }
        let corrected: std::collections::HashSet<i64> =
            r.info.iter().filter_map(|i| i.corrects).collect();
        for i in r
            .info
            .iter()
            .filter(|i| within(i.given_at) && !corrected.contains(&i.id))
        {
            add(
                "information_given",
                format!("{}/{}", i.item, i.understanding.as_str()),
            );
        }
        for c in r.concerns.iter().filter(|c| within(c.raised_at)) {
            add("concerns_raised", c.category.as_str().into());
            add("concern_status", c.status.as_str().into());
        }
        for e in r.episodes.iter().filter(|e| within(e.started_at)) {
            let eligible = crate::law::status(&e.section).is_ok_and(|s| s.imha_eligible);
            if !eligible {
                continue;
            }
            let first = r
                .info
                .iter()
                .filter(|i| {
                    matches!(i.item.as_str(), "section_and_effect" | "rights_under_act")
                        && i.given_at >= e.started_at
                })
                .map(|i| i.given_at)
                .min();
            add(
                "rights_after_section_change",
                match first.map(|t| (t - e.started_at).num_days()) {
                    None => "not_yet".into(),
                    Some(d) if d <= 7 => "within_7_days".into(),
                    Some(_) => "after_7_days".into(),
                },
            );
        }
    }
    out.into_iter()
        .map(|((measure, group), count)| Count {
            measure,
            group,
            count,
        })
        .collect()
}

pub fn csv(counts: &[Count]) -> String {
    let mut s = String::from("measure,group,count\n");
    for c in counts {
        s.push_str(&format!("{},{},{}\n", c.measure, c.group, shown(c.count)));
    }
    s
}

pub fn markdown(counts: &[Count], from: NaiveDate, to: NaiveDate, ward: Option<&str>) -> String {
    let mut s = format!(
        "# IMHA service report, {from} to {to}{}\n\nCounts only: no names or identifiers. Counts from 1 to 4 are shown as <5.\n",
        ward.map(|w| format!(", {}", crate::text::sanitize(w)))
            .unwrap_or_default()
    );
    for (m, title) in MEASURES {
        s.push_str(&format!("\n## {title}\n\n| group | count |\n|---|---|\n"));
        let rows: Vec<&Count> = counts.iter().filter(|c| c.measure == *m).collect();
        if rows.is_empty() {
            s.push_str("| none | 0 |\n");
        }
        for c in rows {
            s.push_str(&format!("| {} | {} |\n", c.group, shown(c.count)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed() {
        assert_eq!(shown(0), "0");
        assert_eq!(shown(1), "<5");
        assert_eq!(shown(4), "<5");
        assert_eq!(shown(5), "5");
    }
}
