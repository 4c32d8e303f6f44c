//! The fuzz targets' invariants (`imha::checks`) under proptest, with fixed case counts so CI
//! time is bounded, and the inputs kept in `tests/fuzz_regressions/` (one folder per target)
//! replayed: any input a fuzzer ever broke them with, and hand-picked edge cases (escape
//! sequences, invalid UTF-8, deep nesting, errors inside multi-byte text, leap days).

use imha::checks;
use proptest::prelude::*;

/// Bytes that look like a census file: a header of real and made-up columns, then rows of
/// fields drawn from plausible and hostile values.
fn census_like() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("Ada Testperson".to_string()),
        Just("1980-02-29".to_string()),
        Just("999 000 0018".to_string()),
        Just("9990000018".to_string()),
        Just("Willow Ward".to_string()),
        Just("3".to_string()),
        Just("s.37/41".to_string()),
        Just("2026-11-20T09:00:00Z".to_string()),
        Just("papers".to_string()),
        Just("\"quoted, with comma\"".to_string()),
        Just("\u{1b}[2J".to_string()),
        "\\PC{0,12}",
    ];
    let header = prop_oneof![
        Just(imha::census::COLUMNS.join(",")),
        Just(imha::census::COLUMNS.join(",").to_uppercase()),
        Just("\u{feff}name,ward".to_string()),
        "[a-z_,]{0,40}",
    ];
    (
        header,
        prop::collection::vec(prop::collection::vec(field, 0..9), 0..6),
    )
        .prop_map(|(h, rows)| {
            let mut s = h;
            for r in rows {
                s.push_str("\r\n");
                s.push_str(&r.join(","));
            }
            s.into_bytes()
        })
}

/// Bytes that look like TOML: tables, keys and values from the keymap and theme formats.
fn toml_like() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just("[global]".to_string()),
        Just("[[global]]".to_string()),
        Just("[styles]".to_string()),
        Just("[symbols]".to_string()),
        Just("name = \"mine\"".to_string()),
        Just("inherits = \"default\"".to_string()),
        Just("global = [{ keys = [\"x\"], action = \"quit\", desc = \"q\" }]".to_string()),
        Just("form = [{ keys = [\"Ctrl-q\"], action = \"next_field\", desc = \"q\" }]".to_string()),
        Just("any = [{ keys = [\"F1\"], action = \"lock\", desc = \"\" }]".to_string()),
        Just("title = { fg = \"#ff00ff\", modifiers = [\"bold\"] }".to_string()),
        Just("error = { fg = \"nonsense\" }".to_string()),
        Just("focus = \"\u{1b}[31m\"".to_string()),
        "[a-z_]{1,8} = \"[^\"]{0,10}\"",
        "\\PC{0,20}",
    ];
    prop::collection::vec(line, 0..8).prop_map(|l| l.join("\n").into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn census_importer_any_bytes(data in prop::collection::vec(any::<u8>(), 0..400)) {
        checks::census(&data);
    }

    #[test]
    fn census_importer_census_like_files(data in census_like()) {
        checks::census(&data);
    }

    #[test]
    fn sanitiser_any_bytes(data in prop::collection::vec(any::<u8>(), 0..200)) {
        checks::sanitize(&data);
    }

    #[test]
    fn sanitiser_any_text(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z]{0,40}") {
        checks::sanitize(s.as_bytes());
    }

    #[test]
    fn keymap_parser_any_bytes(data in prop::collection::vec(any::<u8>(), 0..200)) {
        checks::keymap(&data);
    }

    #[test]
    fn keymap_parser_toml_like(data in toml_like()) {
        checks::keymap(&data);
    }

    #[test]
    fn theme_parser_any_bytes(data in prop::collection::vec(any::<u8>(), 0..200)) {
        checks::theme(&data);
    }

    #[test]
    fn theme_parser_toml_like(data in toml_like()) {
        checks::theme(&data);
    }

    #[test]
    fn date_rules_any_bytes(data in prop::collection::vec(any::<u8>(), 0..40)) {
        checks::dates(&data);
    }
}

/// Every input kept in `tests/fuzz_regressions/<target>/` still passes its target's checks.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 5] = [
        ("census", checks::census),
        ("sanitize", checks::sanitize),
        ("keymap", checks::keymap),
        ("theme", checks::theme),
        ("dates", checks::dates),
    ];
    let mut ran = 0;
    for (name, check) in targets {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for f in dir {
            let path = f.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            ran += 1;
        }
    }
    assert!(
        ran > 0,
        "no regression inputs were found under {}",
        root.display()
    );
}
