//! Invariants that hold for any input whatever, as functions that panic when one is broken.
//! The cargo-fuzz targets in `fuzz/` feed them arbitrary bytes; `tests/fuzz_props.rs` runs
//! the same functions under proptest with fixed case counts in CI, and keeps every input a
//! fuzzer ever broke them with as a regression test.

use crate::domain::time::{Instant, london_day, parse_instant};
use crate::law::{KeyDate, When, key_dates_with, law};
use chrono::{Duration, TimeZone, Utc};

/// The fixed "now" the checks run at.
fn now() -> Instant {
    Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap()
}

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The ward census importer: never panics; what it accepts is well formed, and every refusal
/// names its line and can be shown without escaping the terminal.
pub fn census(data: &[u8]) {
    let now = now();
    match crate::census::parse(&text(data), now) {
        Ok(rows) => {
            let mut last = 1;
            let mut nhs = std::collections::HashSet::new();
            for r in &rows {
                assert!(r.line > last, "rows out of order");
                last = r.line;
                assert!(
                    crate::law::status(&r.section).is_ok(),
                    "unknown section kept"
                );
                assert!(r.start <= now + Duration::minutes(5), "a future start kept");
                assert!(!r.patient.name.trim().is_empty(), "an empty name kept");
                assert!(
                    !r.patient.name.chars().any(char::is_control),
                    "a control character kept"
                );
                if let Some(n) = &r.patient.nhs_number {
                    assert!(
                        nhs.insert(n.as_str().to_string()),
                        "a repeated NHS number kept"
                    );
                }
            }
        }
        Err(reasons) => {
            assert!(!reasons.is_empty(), "refused without a reason");
            for r in &reasons {
                assert!(r.starts_with("line "), "a reason without its line: {r:?}");
                assert!(
                    !r.chars().any(char::is_control),
                    "a control character in {r:?}"
                );
            }
        }
    }
}

/// The text sanitiser: nothing that reaches the terminal can be a control character or a
/// bidirectional override, clean text is left alone, and sanitising twice changes nothing.
pub fn sanitize(data: &[u8]) {
    let input = text(data);
    let out = crate::text::sanitize(&input);
    assert!(
        !out.chars().any(char::is_control),
        "a control character survived"
    );
    assert!(
        !out.chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "a bidi control survived"
    );
    assert_eq!(crate::text::sanitize(&out), out, "not idempotent");
    if !input.chars().any(char::is_control) && out.len() == input.len() {
        assert_eq!(out, input, "clean text was changed");
    }
    let _ = crate::text::width(&out);
}

/// The keymap parser, on its own and as an advocate's overrides: never panics, and whatever
/// the advocate writes, F1 and Ctrl-q are still bound in every context (overrides can rebind a
/// key, never leave one of these with nothing to do).
pub fn keymap(data: &[u8]) {
    use crate::keymap::{Keymap, parse_key};
    let t = text(data);
    if let Ok(k) = Keymap::parse(&t) {
        let _ = k.markdown_table();
    }
    let (k, _warnings) = Keymap::with_overrides(&t);
    for ctx in ["global", "form", "sign_in", "help"] {
        assert!(
            k.resolve(&parse_key("F1").unwrap(), ctx).is_some(),
            "F1 lost in {ctx}"
        );
        assert!(
            k.resolve(&parse_key("Ctrl-q").unwrap(), ctx).is_some(),
            "Ctrl-q lost in {ctx}"
        );
    }
    let _ = parse_key(&t);
}

/// The theme parser: never panics; a theme it accepts gives a style for every role.
pub fn theme(data: &[u8]) {
    let t = text(data);
    if let Ok(theme) = crate::ui::Theme::parse(&t, false) {
        for role in [
            "title",
            "selection",
            "match",
            "due",
            "overdue",
            "saved",
            "error",
        ] {
            let _ = theme.style(role);
        }
        let _ = theme.symbol("error");
    }
    let _ = crate::ui::theme::parse_file(&t);
}

/// The date rules, for any status, start and release date in 1990–2090: no panic, and no key
/// date before the start or tribunal window that closes before it opens. The text parsers
/// for dates and instants never panic on anything typed.
pub fn dates(data: &[u8]) {
    let mut b = [0u8; 12];
    for (i, x) in data.iter().take(12).enumerate() {
        b[i] = *x;
    }
    let sections = &law().sections;
    let st = &sections[b[0] as usize % sections.len()];
    let minutes = u32::from_le_bytes([b[1], b[2], b[3], b[4]]) % (100 * 366 * 24 * 60);
    let start =
        Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes.into());
    let release = (b[5] & 1 == 1)
        .then(|| london_day(start) + Duration::days(i64::from(u16::from_le_bytes([b[6], b[7]]))));
    let conditions: &[&str] = if b[8] & 1 == 1 {
        &["dol_conditions"]
    } else {
        &[]
    };
    let v = key_dates_with(st, start, release, conditions);
    check_key_dates(st.code.as_str(), start, &v);
    if data.len() > 12 {
        let t = text(&data[12..]);
        let _ = parse_instant(&t);
        let _ = crate::domain::time::parse_date(&t);
        let _ = crate::domain::time::parse_local_or_rfc3339(&t);
    }
}

/// What must hold of the key dates of any status from any start.
pub fn check_key_dates(code: &str, start: Instant, v: &[KeyDate]) {
    let day = london_day(start);
    for k in v {
        match k.when {
            When::At(t) => assert!(t > start, "{code} {} is not after the start", k.key),
            When::Day(d) => assert!(d >= day, "{code} {} {d} is before {day}", k.key),
        }
    }
    let get = |key: &str| v.iter().find(|k| k.key == key);
    if let (Some(o), Some(c)) = (get("tribunal_opens"), get("tribunal_closes")) {
        assert!(
            o.day() <= c.day(),
            "{code}: the tribunal window closes before it opens"
        );
    }
}
