//! Instants are kept in UTC; statutory days and everything shown are in Europe/London.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

pub type Instant = DateTime<Utc>;

/// The app's idea of "now": the real clock, or the fixed instant in `IMHA_NOW` so that
/// tests, snapshots and golden files are stable.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Instant),
}

impl Clock {
    /// Reads `IMHA_NOW` (RFC 3339). A malformed value is an error, never silently ignored.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("IMHA_NOW") {
            Ok(v) if !v.trim().is_empty() => parse_instant(&v)
                .map(Clock::Fixed)
                .map_err(|e| format!("IMHA_NOW: {e}")),
            _ => Ok(Clock::System),
        }
    }

    pub fn now(&self) -> Instant {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// Parses an RFC 3339 instant such as `2026-10-01T14:00:00+01:00`.
pub fn parse_instant(s: &str) -> Result<Instant, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "'{}' is not a date and time like 2026-10-01T14:00:00+01:00",
                crate::text::sanitize(s.trim())
            )
        })
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        format!(
            "'{}' is not a date like 2026-03-14 (year-month-day)",
            crate::text::sanitize(s.trim())
        )
    })
}

/// Parses what an advocate types for a time: `YYYY-MM-DD HH:MM` in London time, or RFC 3339.
pub fn parse_local_or_rfc3339(s: &str) -> Result<Instant, String> {
    let t = s.trim();
    if let Ok(i) = parse_instant(t) {
        return Ok(i);
    }
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").map_err(|_| {
        format!(
            "'{}' is not a time like 2026-03-14 09:30",
            crate::text::sanitize(t)
        )
    })?;
    London
        .from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| format!("{t} does not exist in London (the clocks went forward)"))
}

/// The London calendar day an instant falls on.
pub fn london_day(t: Instant) -> NaiveDate {
    t.with_timezone(&London).date_naive()
}

/// RFC 3339 with the Europe/London offset, as used in exports.
pub fn rfc3339_london(t: Instant) -> String {
    t.with_timezone(&London)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `Wed 25 Nov 2026 14:32` in London time.
pub fn show_instant(t: Instant) -> String {
    t.with_timezone(&London)
        .format("%a %-d %b %Y %H:%M")
        .to_string()
}

/// `14:32` in London time.
pub fn show_time(t: Instant) -> String {
    t.with_timezone(&London).format("%H:%M").to_string()
}

/// `25 Nov 2026`.
pub fn show_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `Wed 25 Nov`: a short date with the weekday, for due dates.
pub fn show_day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// Age in whole years on a day.
pub fn age_on(dob: NaiveDate, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = day.year() - dob.year();
    if (day.month(), day.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// Milliseconds since the epoch, as instants are stored.
pub fn to_millis(t: Instant) -> i64 {
    t.timestamp_millis()
}

pub fn from_millis(ms: i64) -> Instant {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admission_at_0030_on_the_night_clocks_go_back_is_that_local_day() {
        // 25 Oct 2026: clocks go back at 02:00 BST. 00:30 BST = 23:30 UTC on the 24th.
        let t = parse_instant("2026-10-25T00:30:00+01:00").unwrap();
        assert_eq!(
            london_day(t),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
    }

    #[test]
    fn local_time_typed_in_summer_is_bst() {
        let t = parse_local_or_rfc3339("2026-07-01 09:30").unwrap();
        assert_eq!(rfc3339_london(t), "2026-07-01T09:30:00+01:00");
    }

    #[test]
    fn age_counts_birthdays() {
        let dob = NaiveDate::from_ymd_opt(2009, 3, 1).unwrap();
        assert_eq!(
            age_on(dob, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
            16
        );
        assert_eq!(
            age_on(dob, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            17
        );
    }
}
