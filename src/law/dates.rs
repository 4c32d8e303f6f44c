//! Key dates of an episode, on Europe/London days, each naming the provision it comes from.

use super::calendar::{add_months_day, next_working_day};
use super::{PeriodKind, Status, law};
use crate::domain::time::{Instant, london_day};
use chrono::{Duration, Months, NaiveDate};

/// When a key date falls: a London calendar day, or an instant for hour-based powers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(Instant),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDate {
    /// Stable machine name: `ends`, `renewal_1_ends`, `tribunal_closes`, ...
    pub key: &'static str,
    pub label: String,
    pub provision: String,
    pub when: When,
    /// `Some(reason)` when the rule is uncertain: show "check", never a firm date.
    pub check: Option<String>,
}

impl KeyDate {
    /// The London day this date falls on (for an instant, the day it happens).
    pub fn day(&self) -> NaiveDate {
        match self.when {
            When::Day(d) => d,
            When::At(t) => london_day(t),
        }
    }
}

const CLAMPED: &str = "The start day does not exist in the month the period ends in (R-DATE-2): confirm the last day with the MHA office.";

fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

/// Last day of a period of `months` beginning with `start` (R-DATE-2), and a check reason
/// if the day-number does not exist in the target month.
pub(crate) fn month_period_end(start: NaiveDate, months: u32) -> (NaiveDate, Option<String>) {
    let (d, exact) = add_months_day(start, months);
    (day_before(d), (!exact).then(|| CLAMPED.to_string()))
}

/// Every key date for a new episode of `status` starting at `start`.
/// `release_date` is the earliest release date for s.45A and s.47/49.
pub fn key_dates(status: &Status, start: Instant, release_date: Option<NaiveDate>) -> Vec<KeyDate> {
    key_dates_with(status, start, release_date, &[])
}

/// As `key_dates`, with the conditions that hold (for example `dol_conditions` for a
/// conditionally discharged patient from 18 Feb 2026).
pub fn key_dates_with(
    status: &Status,
    start: Instant,
    release_date: Option<NaiveDate>,
    conditions: &[&str],
) -> Vec<KeyDate> {
    let mut out = Vec::new();
    let day = london_day(start);
    let p = status.period_on(day);
    let uncertain = p.uncertain.clone();
    match p.kind {
        PeriodKind::Hours => out.push(KeyDate {
            key: "ends",
            label: format!("{} power ends ({} hours)", status.short(), p.length),
            provision: p.provision.clone(),
            when: When::At(start + Duration::hours(i64::from(p.length))),
            check: uncertain.clone(),
        }),
        PeriodKind::Days => out.push(KeyDate {
            key: "ends",
            label: format!("{} ends (last day of {} days)", status.short(), p.length),
            provision: p.provision.clone(),
            when: When::Day(day + Duration::days(i64::from(p.length) - 1)),
            check: uncertain.clone(),
        }),
        PeriodKind::Months => {
            let (end, clamp) = month_period_end(day, p.length);
            out.push(KeyDate {
                key: "ends",
                label: format!("{} first period ends unless renewed", status.short()),
                provision: p.provision.clone(),
                when: When::Day(end),
                check: uncertain.clone().or(clamp.clone()),
            });
            if p.renewal_window_months > 0 {
                let opens = end
                    .checked_sub_months(Months::new(p.renewal_window_months))
                    .map(|d| d + Duration::days(1))
                    .unwrap_or(end);
                out.push(KeyDate {
                    key: "renewal_window_opens",
                    label: "Renewal examination window opens".into(),
                    provision: p.renewal_window_provision.clone(),
                    when: When::Day(opens),
                    check: uncertain.clone().or(clamp.clone()),
                });
            }
            let mut total = p.length;
            for (i, r) in p.renewals.iter().take(2).enumerate() {
                total += r;
                let (end, clamp) = month_period_end(day, total);
                out.push(KeyDate {
                    key: if i == 0 {
                        "renewal_1_ends"
                    } else {
                        "renewal_2_ends"
                    },
                    label: format!("If renewed: renewal period {} ({r} months) ends", i + 1),
                    provision: p.provision.clone(),
                    when: When::Day(end),
                    check: uncertain.clone().or(clamp),
                });
            }
        }
        PeriodKind::UntilRelease => {
            if let Some(r) = release_date {
                out.push(KeyDate {
                    key: "restrictions_end",
                    label: "Restrictions end at the earliest release date (then notional s.37)"
                        .into(),
                    provision: p.provision.clone(),
                    when: When::Day(r),
                    check: uncertain.clone(),
                });
            }
        }
        PeriodKind::None => {}
    }
    if let Some(w) = status.tribunal_on(day, conditions) {
        let (opens, closes, mut check) =
            match (w.opens_days, w.closes_days, w.opens_months, w.closes_months) {
                (Some(o), Some(c), _, _) => (
                    day + Duration::days(i64::from(o)),
                    day + Duration::days(i64::from(c) - 1),
                    None,
                ),
                (_, _, Some(o), Some(c)) => {
                    let (opens, exact) = add_months_day(day, o);
                    let (closes, clamp) = month_period_end(day, c);
                    (
                        opens,
                        closes,
                        clamp.or((!exact).then(|| CLAMPED.to_string())),
                    )
                }
                _ => (
                    day,
                    day,
                    Some("The tribunal window in the data is incomplete".into()),
                ),
            };
        let mut closes = closes;
        let mut label = "Last day to apply to the tribunal".to_string();
        if w.closed_day {
            match next_working_day(closes) {
                Some(d) if d != closes => {
                    label = format!(
                        "Last day to apply to the tribunal (day 14, {}, the office is closed: moved to the next working day, R (Modaresi) v SSH)",
                        crate::domain::time::show_day(closes)
                    );
                    closes = d;
                }
                Some(_) => {}
                None => {
                    check = Some(
                        "Bank holidays for that year are not compiled in: check whether the tribunal office is open."
                            .into(),
                    )
                }
            }
        }
        out.push(KeyDate {
            key: "tribunal_opens",
            label: "First day the patient may apply to the tribunal".into(),
            provision: w.provision.clone(),
            when: When::Day(opens),
            check: check.clone(),
        });
        out.push(KeyDate {
            key: "tribunal_closes",
            label,
            provision: w.provision.clone(),
            when: When::Day(closes),
            check,
        });
    }
    if let Some(r) = &status.managers_reference {
        let (due, exact) = add_months_day(day, r.after_months);
        out.push(KeyDate {
            key: "managers_reference_due",
            label: "Hospital managers must refer to the tribunal if no application was made".into(),
            provision: r.provision.clone(),
            when: When::Day(due),
            check: r
                .uncertain
                .clone()
                .or((!exact).then(|| CLAMPED.to_string())),
        });
    }
    out
}

/// The s.58 three-month date: from the first medication for mental disorder in the current
/// period of liability to detention, a T2 or T3 certificate is needed (s.58(1)(b)).
pub fn three_month_date(first_medication: Instant) -> KeyDate {
    let rule = &law().three_month_rule;
    let (d, _) = add_months_day(london_day(first_medication), rule.months);
    KeyDate {
        key: "s58_certificate_needed",
        label: "Medication needs a T2 or T3 certificate from about this day".into(),
        provision: rule.provision.clone(),
        when: When::Day(d),
        check: rule.uncertain.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_instant;
    use crate::law::status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn get<'a>(v: &'a [KeyDate], key: &str) -> &'a KeyDate {
        v.iter()
            .find(|k| k.key == key)
            .unwrap_or_else(|| panic!("no {key}"))
    }

    #[test]
    fn s2_ends_at_end_of_day_28() {
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2025-03-03T14:20:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2025-03-30")));
        assert!(get(&v, "ends").check.is_none());
    }

    #[test]
    fn s66_1_a_s2_tribunal_deadline_moves_off_a_sunday() {
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2025-03-03T14:20:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2025-03-03")));
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2025-03-17")));
    }

    #[test]
    fn s20_s3_periods_and_renewal_window() {
        let v = key_dates(
            status("3").unwrap(),
            parse_instant("2025-01-15T10:00:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2025-07-14")));
        assert_eq!(get(&v, "renewal_1_ends").when, When::Day(d("2026-01-14")));
        assert_eq!(get(&v, "renewal_2_ends").when, When::Day(d("2027-01-14")));
        assert_eq!(
            get(&v, "renewal_window_opens").when,
            When::Day(d("2025-05-15"))
        );
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2025-07-14")));
    }

    #[test]
    fn s4_ends_72_hours_after_admission() {
        let t = parse_instant("2025-06-03T10:00:00+01:00").unwrap();
        let v = key_dates(status("4").unwrap(), t, None);
        assert_eq!(
            get(&v, "ends").when,
            When::At(parse_instant("2025-06-06T10:00:00+01:00").unwrap())
        );
    }

    #[test]
    fn s5_2_hours_are_elapsed_hours_across_the_clock_change() {
        // Clocks go back at 02:00 on 25 Oct 2026: 72 elapsed hours end at 23:00 local, not 00:00.
        let t = parse_instant("2026-10-24T00:00:00+01:00").unwrap();
        let v = key_dates(status("5(2)").unwrap(), t, None);
        assert_eq!(
            get(&v, "ends").when,
            When::At(parse_instant("2026-10-26T23:00:00+00:00").unwrap())
        );
    }

    #[test]
    fn s69_s37_first_tribunal_window_is_months_6_to_12() {
        let v = key_dates(
            status("37").unwrap(),
            parse_instant("2025-02-10T12:00:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2025-08-10")));
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2026-02-09")));
        assert!(
            get(&v, "ends").check.is_some(),
            "s.37 renewal periods are marked uncertain"
        );
    }

    #[test]
    fn s70_restricted_window_and_no_end() {
        let v = key_dates(
            status("37/41").unwrap(),
            parse_instant("2024-03-01T12:00:00Z").unwrap(),
            None,
        );
        assert!(v.iter().all(|k| k.key != "ends"));
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2024-09-01")));
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2025-02-28")));
    }

    #[test]
    fn s68_managers_reference_after_six_months() {
        let v = key_dates(
            status("3").unwrap(),
            parse_instant("2025-01-01T12:00:00Z").unwrap(),
            None,
        );
        assert_eq!(
            get(&v, "managers_reference_due").when,
            When::Day(d("2025-07-01"))
        );
    }

    #[test]
    fn r_date_2_start_on_31st_is_a_check_not_a_firm_date() {
        let v = key_dates(
            status("3").unwrap(),
            parse_instant("2025-08-31T12:00:00+01:00").unwrap(),
            None,
        );
        assert!(get(&v, "ends").check.is_some());
    }

    #[test]
    fn s17c_cto_six_months() {
        let v = key_dates(
            status("17A").unwrap(),
            parse_instant("2025-11-15T12:00:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-05-14")));
    }

    #[test]
    fn mha2025_s75_conditional_discharge_with_dol_conditions_from_18_feb_2026() {
        let cd = status("CD").unwrap();
        let after = parse_instant("2026-03-02T12:00:00Z").unwrap();
        let v = key_dates_with(cd, after, None, &["dol_conditions"]);
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2026-09-02")));
        assert_eq!(get(&v, "tribunal_closes").when, When::Day(d("2027-03-01")));
        // Without DoL conditions, or before commencement, the 12 months to 2 years rule.
        let v = key_dates_with(cd, after, None, &[]);
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2027-03-02")));
        let before = parse_instant("2026-02-17T12:00:00Z").unwrap();
        let v = key_dates_with(cd, before, None, &["dol_conditions"]);
        assert_eq!(get(&v, "tribunal_opens").when, When::Day(d("2027-02-17")));
    }

    #[test]
    fn r_date_1_s2_admission_at_0030_on_the_night_clocks_go_back() {
        // 00:30 BST on 25 Oct 2026 is 23:30 UTC on the 24th: the admission day is the 25th.
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2026-10-25T00:30:00+01:00").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-11-21")));
    }

    #[test]
    fn r_date_1_s2_admission_just_before_midnight_in_spring() {
        // 23:59 GMT on 28 Mar 2026, the night the clocks go forward.
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2026-03-28T23:59:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-04-24")));
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2026-03-29T00:01:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2026-04-25")));
    }

    #[test]
    fn s20_leap_year_start_on_29_february_is_a_check() {
        let v = key_dates(
            status("3").unwrap(),
            parse_instant("2028-02-29T12:00:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2028-08-28")));
        let r2 = get(&v, "renewal_2_ends");
        assert!(r2.check.is_some(), "29 Feb 2029 does not exist");
    }

    #[test]
    fn s136_24_hours_and_s5_4_six_hours() {
        let t = parse_instant("2025-03-01T22:00:00Z").unwrap();
        let v = key_dates(status("136").unwrap(), t, None);
        assert_eq!(
            get(&v, "ends").when,
            When::At(parse_instant("2025-03-02T22:00:00Z").unwrap())
        );
        let v = key_dates(status("5(4)").unwrap(), t, None);
        assert_eq!(
            get(&v, "ends").when,
            When::At(parse_instant("2025-03-02T04:00:00Z").unwrap())
        );
    }

    #[test]
    fn s17e_recall_72_hours() {
        let t = parse_instant("2025-03-03T16:00:00Z").unwrap();
        let v = key_dates(status("17E").unwrap(), t, None);
        assert_eq!(
            get(&v, "ends").when,
            When::At(parse_instant("2025-03-06T16:00:00Z").unwrap())
        );
    }

    #[test]
    fn s35_remand_28_days_is_a_check() {
        let v = key_dates(
            status("35").unwrap(),
            parse_instant("2025-03-03T16:00:00Z").unwrap(),
            None,
        );
        assert_eq!(get(&v, "ends").when, When::Day(d("2025-03-30")));
        assert!(get(&v, "ends").check.is_some());
    }

    #[test]
    fn s47_49_restrictions_end_at_the_release_date() {
        let v = key_dates(
            status("47/49").unwrap(),
            parse_instant("2025-03-03T16:00:00Z").unwrap(),
            Some(d("2027-01-01")),
        );
        assert_eq!(get(&v, "restrictions_end").when, When::Day(d("2027-01-01")));
    }

    #[test]
    fn s66_1_a_bank_holiday_outside_the_compiled_range_is_a_check() {
        let v = key_dates(
            status("2").unwrap(),
            parse_instant("2031-03-03T12:00:00Z").unwrap(),
            None,
        );
        assert!(get(&v, "tribunal_closes").check.is_some());
    }

    #[test]
    fn s58_three_month_date_is_a_check() {
        let k = three_month_date(parse_instant("2025-02-05T09:00:00Z").unwrap());
        assert_eq!(k.when, When::Day(d("2025-05-05")));
        assert!(k.check.is_some());
    }
}
