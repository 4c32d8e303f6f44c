//! Calendar arithmetic on Europe/London days: month periods (R-DATE-2) and working days
//! for closed-office deadlines (R-DATE-4).

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// The day with the same day-number `months` later, and whether that day exists. When it
/// does not (a start on the 29th-31st into a shorter month), chrono clamps to the month's
/// last day and `false` says the result needs a human check (R-DATE-2 edge case).
pub fn add_months_day(start: NaiveDate, months: u32) -> (NaiveDate, bool) {
    let d = start
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    (d, d.day() == start.day())
}

/// Is the tribunal office open on this day? `None` outside the compiled-in bank holiday range.
pub fn is_working_day(d: NaiveDate) -> Option<bool> {
    let meta = &super::law().meta;
    if d.year() < meta.bank_holidays_from || d.year() > meta.bank_holidays_to {
        return None;
    }
    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    Some(!weekend && !meta.bank_holidays.contains(&d))
}

/// The day itself if the office is open, else the next day it is. `None` when the answer
/// depends on bank holidays outside the compiled-in range.
pub fn next_working_day(d: NaiveDate) -> Option<NaiveDate> {
    let mut day = d;
    for _ in 0..14 {
        if is_working_day(day)? {
            return Some(day);
        }
        day = day.succ_opt()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn r_date_2_same_day_number_months_later() {
        assert_eq!(add_months_day(d("2025-01-15"), 6), (d("2025-07-15"), true));
        assert_eq!(add_months_day(d("2025-08-31"), 6), (d("2026-02-28"), false));
        assert_eq!(add_months_day(d("2023-08-29"), 6), (d("2024-02-29"), true));
    }

    #[test]
    fn r_date_4_weekend_and_bank_holiday_move_to_next_working_day() {
        // Sun 16 Mar 2025 -> Mon 17 Mar 2025.
        assert_eq!(next_working_day(d("2025-03-16")), Some(d("2025-03-17")));
        // Good Friday 3 Apr 2026 -> Tue 7 Apr 2026 (Easter Monday 6 Apr is closed too).
        assert_eq!(next_working_day(d("2026-04-03")), Some(d("2026-04-07")));
        // Christmas 2026: Fri 25 Dec, weekend, Mon 28 Dec substitute Boxing Day -> Tue 29 Dec.
        assert_eq!(next_working_day(d("2026-12-25")), Some(d("2026-12-29")));
        assert_eq!(next_working_day(d("2035-01-06")), None);
    }
}
