//! Dates that run across a patient's history: conversions (s.4 to s.2, s.5(2) to s.2/s.3,
//! s.2 to s.3), CTO recall and revocation, renewals, the s.58 three-month clock and the s.68
//! references, all from the episodes and the legal events ledger.

use super::calendar::add_months_day;
use super::dates::{KeyDate, When, key_dates, month_period_end, three_month_date};
use super::{Part4, PeriodKind, Status, status};
use crate::domain::time::{Instant, age_on, london_day};
use crate::domain::{EndReason, Episode, LegalEvent, LegalEventKind};
use chrono::{Duration, NaiveDate};

/// An episode read with its history.
#[derive(Debug, Clone)]
pub struct EpisodeContext<'a> {
    pub episode: &'a Episode,
    /// All the patient's episodes.
    pub all: &'a [Episode],
    pub status: &'static Status,
    /// When the period of this status counts from: the s.4 start for an s.2 converted from
    /// s.4 (s.4(4)); the original CTO start for a CTO resumed after recall (s.17E).
    pub period_start: Instant,
    /// The start of the current continuous period of liability to detention (episodes
    /// joined by conversions; a CTO and its recall and revocation count, s.62A).
    pub chain_start: Instant,
    /// Renewals recorded since the period started (s.20, s.20A).
    pub renewals: u32,
}

/// The episodes joined to `ep` by conversions, oldest first, ending with `ep`.
fn chain<'a>(episodes: &'a [Episode], ep: &'a Episode) -> Vec<&'a Episode> {
    let mut sorted: Vec<&Episode> = episodes.iter().collect();
    sorted.sort_by_key(|e| (e.started_at, e.id));
    let Some(mut i) = sorted.iter().position(|e| e.id == ep.id) else {
        return vec![ep];
    };
    let mut out = vec![ep];
    while i > 0 && sorted[i - 1].end_reason == Some(EndReason::Replaced) {
        i -= 1;
        out.push(sorted[i]);
    }
    out.reverse();
    out
}

pub fn context<'a>(
    episodes: &'a [Episode],
    events: &[LegalEvent],
    ep: &'a Episode,
) -> Option<EpisodeContext<'a>> {
    let st = status(&ep.section).ok()?;
    let links = chain(episodes, ep);
    let chain_start = links.first().map_or(ep.started_at, |e| e.started_at);
    let prev = links.len().checked_sub(2).map(|i| links[i]);
    let period_start = match (st.code.as_str(), prev.map(|p| p.section.as_str())) {
        // R-S4-2: an s.2 that follows s.4 is treated as starting when the s.4 began.
        ("2", Some("4")) => prev.map_or(ep.started_at, |p| p.started_at),
        // A CTO resumed after a recall (s.17E) keeps its original periods.
        ("17A", Some("17E")) => links
            .iter()
            .rev()
            .skip(1)
            .take_while(|e| e.section == "17A" || e.section == "17E")
            .filter(|e| e.section == "17A")
            .map(|e| e.started_at)
            .min()
            .unwrap_or(ep.started_at),
        _ => ep.started_at,
    };
    let renewals = events
        .iter()
        .filter(|e| {
            e.kind == LegalEventKind::Renewal
                && e.at >= period_start
                && ep.ended_at.is_none_or(|end| e.at <= end)
        })
        .count() as u32;
    Some(EpisodeContext {
        episode: ep,
        all: episodes,
        status: st,
        period_start,
        chain_start,
        renewals,
    })
}

/// Months from the start to the end of period `n` (0 = the first period).
fn months_to_end(length: u32, renewals: &[u32], n: u32) -> u32 {
    let mut total = length;
    for i in 0..n as usize {
        total += renewals
            .get(i)
            .or(renewals.last())
            .copied()
            .unwrap_or(length);
    }
    total
}

fn last_event(events: &[LegalEvent], kind: LegalEventKind, since: Instant) -> Option<&LegalEvent> {
    events
        .iter()
        .filter(|e| e.kind == kind && e.at >= since)
        .max_by_key(|e| (e.at, e.id))
}

/// Every key date for an episode, read with the patient's history.
pub fn episode_dates(
    ctx: &EpisodeContext,
    events: &[LegalEvent],
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> Vec<KeyDate> {
    let st = ctx.status;
    let day = london_day(ctx.period_start);
    let mut out = key_dates(st, ctx.period_start, None);
    if st.managers_reference.is_some() {
        out.retain(|k| k.key != "managers_reference_due");
    }
    if ctx.period_start != ctx.episode.started_at
        && let Some(k) = out.iter_mut().find(|k| k.key == "ends")
    {
        k.label = format!("{} (counted from the earlier start)", k.label);
    }
    // Renewals: the current period and its tribunal window (s.20, s.66(1)(f)).
    let p = st.period_on(day);
    if p.kind == PeriodKind::Months && ctx.renewals > 0 {
        let n = ctx.renewals;
        let (end, clamp) = month_period_end(day, months_to_end(p.length, &p.renewals, n));
        let (prev_end, _) = month_period_end(day, months_to_end(p.length, &p.renewals, n - 1));
        out.push(KeyDate {
            key: "current_period_ends",
            label: format!("Renewal period {n} ends unless renewed again"),
            provision: p.provision.clone(),
            when: When::Day(end),
            check: p.uncertain.clone().or(clamp.clone()),
        });
        if st.tribunal_on(day, &[]).is_some() {
            out.retain(|k| k.key != "tribunal_opens" && k.key != "tribunal_closes");
            out.push(KeyDate {
                key: "tribunal_opens",
                label: format!("First day to apply to the tribunal in renewal period {n}"),
                provision: "s.66(1)(f)".into(),
                when: When::Day(prev_end + Duration::days(1)),
                check: None,
            });
            out.push(KeyDate {
                key: "tribunal_closes",
                label: format!("Last day to apply to the tribunal in renewal period {n}"),
                provision: "s.66(1)(f)".into(),
                when: When::Day(end),
                check: clamp,
            });
        }
    }
    // An application made in the current window: say so on the deadline.
    if let (Some(o), Some(c)) = (
        out.iter()
            .find(|k| k.key == "tribunal_opens")
            .map(|k| k.day()),
        out.iter()
            .find(|k| k.key == "tribunal_closes")
            .map(|k| k.day()),
    ) && tribunal_used(events, o, c)
        && let Some(k) = out.iter_mut().find(|k| k.key == "tribunal_closes")
    {
        k.label = format!("{} (an application was made in this window)", k.label);
    }
    // s.68(2),(3): the six months run from the admission that began the chain (s.2 then
    // s.3); an application made other than under s.2 (s.68(3)(a)) means no reference.
    let applied_outside_s2 = || {
        let (from, until) = (
            ctx.chain_start,
            add_months_day(london_day(ctx.chain_start), 6).0,
        );
        let s2_until = chain(ctx.all, ctx.episode)
            .iter()
            .filter(|e| e.section == "2")
            .filter_map(|e| e.ended_at)
            .max()
            .unwrap_or(from);
        let made = events
            .iter()
            .filter(|e| {
                e.kind == LegalEventKind::TribunalApplied
                    && e.at >= s2_until.max(from)
                    && london_day(e.at) < until
            })
            .count();
        let withdrawn = events
            .iter()
            .filter(|e| {
                e.kind == LegalEventKind::TribunalWithdrawn
                    && e.at >= s2_until.max(from)
                    && london_day(e.at) < until
            })
            .count();
        made > withdrawn
    };
    if let Some(r) = &st.managers_reference
        && !applied_outside_s2()
    {
        out.retain(|k| k.key != "managers_reference_due");
        let (due, exact) = add_months_day(london_day(ctx.chain_start), r.after_months);
        out.push(KeyDate {
            key: "managers_reference_due",
            label: "Hospital managers must refer to the tribunal if no application was made".into(),
            provision: r.provision.clone(),
            when: When::Day(due),
            check: r
                .uncertain
                .clone()
                .or((!exact).then(|| "R-DATE-2 month end: confirm the day".into())),
        });
    }
    // s.68(6) / s.71(2): no tribunal for 3 years (1 year if under 18).
    if st.liable_to_detention
        && st.part >= 2
        && !matches!(
            st.code.as_str(),
            "4" | "5(2)" | "5(4)" | "135" | "136" | "35" | "36" | "38"
        )
    {
        let since = last_event(events, LegalEventKind::TribunalHeard, ctx.chain_start)
            .map_or(ctx.chain_start, |e| e.at);
        let under18 = age_on(date_of_birth, today) < 18;
        let months = if under18 && !st.restricted { 12 } else { 36 };
        let (due, _) = add_months_day(london_day(since), months);
        out.push(KeyDate {
            key: if st.restricted {
                "sos_reference_due"
            } else {
                "managers_reference_3_years"
            },
            label: if st.restricted {
                "Secretary of State must refer if no tribunal has considered the case for 3 years"
                    .into()
            } else {
                format!(
                    "Hospital managers must refer if no tribunal has considered the case for {}",
                    if months == 12 { "a year" } else { "3 years" }
                )
            },
            provision: if st.restricted {
                "s.71(2)".into()
            } else {
                "s.68(6)".into()
            },
            when: When::Day(due),
            check: under18
                .then(|| "R-REF-6: whether the age is taken on this day needs legal review".into()),
        });
    }
    // s.58(1)(b): the three months run from the first medication in the chain (s.62A for CTOs).
    let first = events
        .iter()
        .filter(|e| e.kind == LegalEventKind::FirstMedication && e.at >= ctx.chain_start)
        .map(|e| e.at)
        .min();
    if let Some(t0) = first {
        match st.part4 {
            Part4::Yes => out.push(three_month_date(t0)),
            Part4::Part4a => {
                // R-TX-4: the later of one month after the CTO and the three-month date.
                let mut k = three_month_date(t0);
                let (cto_month, _) = add_months_day(london_day(ctx.period_start), 1);
                let d = k.day().max(cto_month);
                k.key = "cto_certificate_needed";
                k.label =
                    "Medication needs a CTO11 or CTO12 certificate from about this day".into();
                k.provision = "s.64B, s.64C, s.62A".into();
                k.when = When::Day(d);
                k.check = Some(
                    "R-TX-4: the Part 4A first-month rule's exact conditions need legal review"
                        .into(),
                );
                out.push(k);
            }
            Part4::No => {}
        }
    }
    // s.29(4): an s.2 is extended while a displacement application is decided.
    if st.code == "2"
        && last_event(events, LegalEventKind::S29Application, ctx.period_start).is_some()
    {
        for k in out.iter_mut().filter(|k| k.key == "ends") {
            k.check = Some("Extended while the s.29 application to displace the nearest relative is decided (s.29(4)); check with the MHA office".into());
        }
    }
    // s.25: nearest relative's discharge notice takes effect after 72 hours unless barred.
    if let Some(n) = last_event(events, LegalEventKind::NrDischargeNotice, ctx.chain_start) {
        let barred = last_event(events, LegalEventKind::NrBarringReport, n.at).is_some();
        if !barred && st.nearest_relative.contains("discharge") {
            out.push(KeyDate {
                key: "nr_discharge_effective",
                label: "Nearest relative's discharge takes effect unless the RC bars it".into(),
                provision: "s.25(1)".into(),
                when: When::At(n.at + Duration::hours(72)),
                check: None,
            });
        }
    }
    if let Some(b) = last_event(events, LegalEventKind::NrBarringReport, ctx.chain_start) {
        let bday = london_day(b.at);
        let (until, _) = month_period_end(bday, 6);
        out.push(KeyDate {
            key: "nr_barred_until",
            label: "Nearest relative may not order discharge again until after".into(),
            provision: "s.25(1)(b)".into(),
            when: When::Day(until),
            check: None,
        });
        if matches!(st.code.as_str(), "3" | "17A" | "17F") {
            out.push(KeyDate {
                key: "nr_tribunal_closes",
                label: "Last day for the nearest relative to apply to the tribunal after the barring report".into(),
                provision: "s.66(1)(g),(2)(d)".into(),
                when: When::Day(bday + Duration::days(27)),
                check: Some("The 28 days begin on the day the nearest relative is told of the report: counted here from the report".into()),
            });
        }
    }
    out.sort_by_key(|k| k.day());
    out
}

/// Has the patient used their tribunal right in the window that holds `day`? A withdrawn
/// application counts as never made (s.77(2)).
pub fn tribunal_used(events: &[LegalEvent], opens: NaiveDate, closes: NaiveDate) -> bool {
    let in_window = |e: &&LegalEvent| {
        let d = london_day(e.at);
        d >= opens && d <= closes
    };
    let applied = events
        .iter()
        .filter(|e| e.kind == LegalEventKind::TribunalApplied)
        .filter(in_window)
        .count();
    let withdrawn = events
        .iter()
        .filter(|e| e.kind == LegalEventKind::TribunalWithdrawn)
        .filter(in_window)
        .count();
    applied > withdrawn
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Source;
    use crate::domain::time::parse_instant;

    fn t(s: &str) -> Instant {
        parse_instant(s).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
    fn ev(kind: LegalEventKind, at: &str) -> LegalEvent {
        LegalEvent {
            id: 1,
            patient_id: 1,
            kind,
            at: t(at),
            note: String::new(),
            advocate: "x".into(),
            recorded_at: t(at),
        }
    }
    fn get<'a>(v: &'a [KeyDate], key: &str) -> &'a KeyDate {
        v.iter()
            .find(|k| k.key == key)
            .unwrap_or_else(|| panic!("no {key} in {v:?}"))
    }
    const DOB: &str = "1980-01-01";

    #[test]
    fn s4_4_converted_s2_counts_from_the_s4_start() {
        let eps = vec![
            ep(
                1,
                "4",
                "2025-06-01T10:00:00+01:00",
                Some("2025-06-02T09:00:00+01:00"),
            ),
            ep(2, "2", "2025-06-02T09:00:00+01:00", None),
        ];
        let ctx = context(&eps, &[], &eps[1]).unwrap();
        let v = episode_dates(&ctx, &[], d(DOB), d("2025-06-03"));
        assert_eq!(get(&v, "ends").when, When::Day(d("2025-06-28")));
    }

    #[test]
    fn s68_s2_then_s3_reference_counts_from_the_s2_admission() {
        let eps = vec![
            ep(1, "2", "2025-01-01T12:00:00Z", Some("2025-01-20T12:00:00Z")),
            ep(2, "3", "2025-01-20T12:00:00Z", None),
        ];
        let ctx = context(&eps, &[], &eps[1]).unwrap();
        let v = episode_dates(&ctx, &[], d(DOB), d("2025-02-01"));
        assert_eq!(
            get(&v, "managers_reference_due").when,
            When::Day(d("2025-07-01"))
        );
    }

    #[test]
    fn s68_3_an_application_under_s3_stops_the_reference_but_one_under_s2_does_not() {
        let eps = vec![
            ep(1, "2", "2025-01-01T12:00:00Z", Some("2025-01-20T12:00:00Z")),
            ep(2, "3", "2025-01-20T12:00:00Z", None),
        ];
        let during_s2 = vec![ev(LegalEventKind::TribunalApplied, "2025-01-05T12:00:00Z")];
        let ctx = context(&eps, &during_s2, &eps[1]).unwrap();
        let v = episode_dates(&ctx, &during_s2, d(DOB), d("2025-02-01"));
        assert!(
            v.iter().any(|k| k.key == "managers_reference_due"),
            "s.68(3)(a): an s.2 application does not count"
        );
        let during_s3 = vec![ev(LegalEventKind::TribunalApplied, "2025-02-05T12:00:00Z")];
        let v = episode_dates(&ctx, &during_s3, d(DOB), d("2025-02-06"));
        assert!(v.iter().all(|k| k.key != "managers_reference_due"));
    }

    #[test]
    fn s58_three_month_clock_runs_across_a_section_change() {
        let eps = vec![
            ep(1, "2", "2025-01-01T12:00:00Z", Some("2025-01-20T12:00:00Z")),
            ep(2, "3", "2025-01-20T12:00:00Z", None),
        ];
        let events = vec![ev(LegalEventKind::FirstMedication, "2025-01-03T09:00:00Z")];
        let ctx = context(&eps, &events, &eps[1]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-02-01"));
        assert_eq!(
            get(&v, "s58_certificate_needed").when,
            When::Day(d("2025-04-03"))
        );
    }

    #[test]
    fn s58_medication_before_a_break_in_detention_does_not_count() {
        let mut first = ep(1, "3", "2024-01-01T12:00:00Z", Some("2024-06-01T12:00:00Z"));
        first.end_reason = Some(EndReason::Discharged);
        let eps = vec![first, ep(2, "3", "2025-01-20T12:00:00Z", None)];
        let events = vec![ev(LegalEventKind::FirstMedication, "2024-01-03T09:00:00Z")];
        let ctx = context(&eps, &events, &eps[1]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-02-01"));
        assert!(v.iter().all(|k| k.key != "s58_certificate_needed"));
    }

    #[test]
    fn s20_second_renewal_moves_the_current_period_and_tribunal_window() {
        let eps = vec![ep(1, "3", "2025-01-15T10:00:00Z", None)];
        let events = vec![
            ev(LegalEventKind::Renewal, "2025-07-01T10:00:00Z"),
            ev(LegalEventKind::Renewal, "2026-01-05T10:00:00Z"),
        ];
        let ctx = context(&eps, &events, &eps[0]).unwrap();
        assert_eq!(ctx.renewals, 2);
        let v = episode_dates(&ctx, &events, d(DOB), d("2026-02-01"));
        assert_eq!(
            get(&v, "current_period_ends").when,
            When::Day(d("2027-01-14"))
        );
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2026-01-15")));
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2027-01-14")));
    }

    #[test]
    fn s17e_cto_resumed_after_recall_keeps_its_periods() {
        let eps = vec![
            ep(
                1,
                "17A",
                "2025-11-15T12:00:00Z",
                Some("2026-01-10T12:00:00Z"),
            ),
            ep(
                2,
                "17E",
                "2026-01-10T12:00:00Z",
                Some("2026-01-12T12:00:00Z"),
            ),
            ep(3, "17A", "2026-01-12T12:00:00Z", None),
        ];
        let ctx = context(&eps, &[], &eps[2]).unwrap();
        let v = episode_dates(&ctx, &[], d(DOB), d("2026-01-13"));
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-05-14")));
    }

    #[test]
    fn s17f_revocation_starts_a_fresh_six_months() {
        let eps = vec![
            ep(
                1,
                "17A",
                "2025-06-01T12:00:00Z",
                Some("2025-11-13T12:00:00Z"),
            ),
            ep(
                2,
                "17E",
                "2025-11-13T12:00:00Z",
                Some("2025-11-15T12:00:00Z"),
            ),
            ep(3, "17F", "2025-11-15T12:00:00Z", None),
        ];
        let ctx = context(&eps, &[], &eps[2]).unwrap();
        let v = episode_dates(&ctx, &[], d(DOB), d("2025-11-16"));
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-05-14")));
    }

    #[test]
    fn s68_6_under_18_reference_after_one_year() {
        let eps = vec![ep(1, "3", "2025-03-01T12:00:00Z", None)];
        let events = vec![ev(LegalEventKind::TribunalHeard, "2025-04-01T12:00:00Z")];
        let ctx = context(&eps, &events, &eps[0]).unwrap();
        let v = episode_dates(&ctx, &events, d("2009-06-01"), d("2025-05-01"));
        assert_eq!(
            get(&v, "managers_reference_3_years").when,
            When::Day(d("2026-04-01"))
        );
        let v = episode_dates(&ctx, &events, d("1990-06-01"), d("2025-05-01"));
        assert_eq!(
            get(&v, "managers_reference_3_years").when,
            When::Day(d("2028-04-01"))
        );
    }

    #[test]
    fn s66_1_g_nearest_relative_28_days_after_barring_report() {
        let eps = vec![ep(1, "3", "2025-03-01T12:00:00Z", None)];
        let events = vec![ev(
            LegalEventKind::NrBarringReport,
            "2025-05-05T12:00:00+01:00",
        )];
        let ctx = context(&eps, &events, &eps[0]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-05-06"));
        assert_eq!(
            get(&v, "nr_tribunal_closes").when,
            When::Day(d("2025-06-01"))
        );
        assert_eq!(get(&v, "nr_barred_until").when, When::Day(d("2025-11-04")));
    }

    #[test]
    fn s25_discharge_notice_takes_effect_after_72_hours_unless_barred() {
        let eps = vec![ep(1, "2", "2025-03-01T12:00:00Z", None)];
        let events = vec![ev(
            LegalEventKind::NrDischargeNotice,
            "2025-03-05T12:00:00Z",
        )];
        let ctx = context(&eps, &events, &eps[0]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-03-06"));
        assert_eq!(
            get(&v, "nr_discharge_effective").when,
            When::At(t("2025-03-08T12:00:00Z"))
        );
        let mut barred = events.clone();
        barred.push(ev(LegalEventKind::NrBarringReport, "2025-03-06T12:00:00Z"));
        let v = episode_dates(&ctx, &barred, d(DOB), d("2025-03-06"));
        assert!(v.iter().all(|k| k.key != "nr_discharge_effective"));
    }

    #[test]
    fn s29_4_pending_displacement_makes_the_s2_end_a_check() {
        let eps = vec![ep(1, "2", "2025-03-01T12:00:00Z", None)];
        let events = vec![ev(LegalEventKind::S29Application, "2025-03-20T12:00:00Z")];
        let ctx = context(&eps, &events, &eps[0]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-03-21"));
        assert!(
            get(&v, "ends")
                .check
                .as_deref()
                .unwrap_or("")
                .contains("s.29(4)")
        );
    }

    #[test]
    fn s77_2_withdrawn_application_restores_the_right() {
        let applied = ev(LegalEventKind::TribunalApplied, "2025-03-05T12:00:00Z");
        let withdrawn = ev(LegalEventKind::TribunalWithdrawn, "2025-03-07T12:00:00Z");
        assert!(tribunal_used(
            std::slice::from_ref(&applied),
            d("2025-03-01"),
            d("2025-03-14")
        ));
        assert!(!tribunal_used(
            &[applied, withdrawn],
            d("2025-03-01"),
            d("2025-03-14")
        ));
    }

    #[test]
    fn s64b_cto_certificate_is_the_later_of_one_month_and_three_months() {
        let eps = vec![
            ep(1, "3", "2025-01-01T12:00:00Z", Some("2025-03-20T12:00:00Z")),
            ep(2, "17A", "2025-03-20T12:00:00Z", None),
        ];
        let events = vec![ev(LegalEventKind::FirstMedication, "2025-01-02T12:00:00Z")];
        let ctx = context(&eps, &events, &eps[1]).unwrap();
        let v = episode_dates(&ctx, &events, d(DOB), d("2025-03-21"));
        let k = get(&v, "cto_certificate_needed");
        assert_eq!(k.when, When::Day(d("2025-04-20")));
        assert!(k.check.is_some());
    }
}
