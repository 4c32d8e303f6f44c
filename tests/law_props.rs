//! Properties of the date rules and the text sanitiser over many generated inputs
//! (fixed case counts, so CI time is bounded).

use chrono::{Duration, TimeZone, Utc};
use imha::law::{KeyDate, key_dates, law};
use proptest::prelude::*;

fn get<'a>(v: &'a [KeyDate], key: &str) -> Option<&'a KeyDate> {
    v.iter().find(|k| k.key == key)
}

fn start_strategy() -> impl Strategy<Value = chrono::DateTime<Utc>> {
    // 2000-01-01 to 2040-01-01, any minute.
    (0i64..(40 * 366 * 24 * 60))
        .prop_map(|m| Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(m))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_period_never_ends_before_it_starts_and_a_tribunal_window_opens_before_it_closes(start in start_strategy(), idx in 0usize..23) {
        let st = &law().sections[idx % law().sections.len()];
        let release = Some(imha::domain::time::london_day(start) + Duration::days(400));
        for r in [None, release] {
            imha::checks::check_key_dates(&st.code, start, &key_dates(st, start, r));
        }
    }

    #[test]
    fn a_renewal_period_starts_the_day_after_the_previous_ends(start in start_strategy()) {
        for code in ["3", "7", "17A", "37", "47"] {
            let st = imha::law::status(code).unwrap();
            let v = key_dates(st, start, None);
            let ends = get(&v, "ends").unwrap();
            let r1 = get(&v, "renewal_1_ends").unwrap();
            let r2 = get(&v, "renewal_2_ends").unwrap();
            prop_assert!(r1.day() > ends.day());
            prop_assert!(r2.day() > r1.day());
            if ends.check.is_none() && r1.check.is_none() {
                // Renewal 1 runs from the day after `ends` for 6 months (R-DATE-2).
                let (next_start, exact) = imha::law::add_months_day(ends.day() + Duration::days(1), 6);
                if exact {
                    prop_assert_eq!(next_start - Duration::days(1), r1.day());
                }
            }
        }
    }

    #[test]
    fn the_s2_deadline_is_never_on_a_closed_day(start in start_strategy()) {
        let v = key_dates(imha::law::status("2").unwrap(), start, None);
        let c = get(&v, "tribunal_closes").unwrap();
        if c.check.is_none() {
            prop_assert_eq!(imha::law::is_working_day(c.day()), Some(true));
        }
    }

    #[test]
    fn sanitised_text_holds_no_control_characters(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}a-z]{0,40}") {
        let out = imha::text::sanitize(&s);
        prop_assert!(!out.chars().any(|c| c.is_control()));
        prop_assert!(!out.contains('\u{202E}'), "bidi override survived");
    }
}
