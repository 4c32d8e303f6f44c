//! The screen, drawn headless to a TestBackend: insta snapshots at 80x24 and 120x40, the
//! cursor on the focused row, nothing readable only by colour, hostile text drawn inert.

mod common;
use common::Harness;
use imha::ui::{Theme, View, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(
    h: &Harness,
    w: u16,
    hgt: u16,
) -> (String, ratatui::layout::Position, ratatui::buffer::Buffer) {
    let theme = Theme::default_theme(true);
    let view = View {
        theme: &theme,
        keymap: &h.keymap,
    };
    let mut t = Terminal::new(TestBackend::new(w, hgt)).unwrap();
    t.draw(|f| draw(f, &h.driver.state, &view)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer().clone();
    let mut s = String::new();
    for y in 0..hgt {
        for x in 0..w {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    (s, pos, buf)
}

#[test]
fn main_screen_120x40() {
    let h = Harness::with_demo();
    let (s, _, _) = render(&h, 120, 40);
    insta::assert_snapshot!(s);
}

#[test]
fn main_screen_80x24_shows_one_pane_with_tabs() {
    let h = Harness::with_demo();
    let (s, _, _) = render(&h, 80, 24);
    assert!(s.contains("[1 Patients]"));
    insta::assert_snapshot!(s);
}

#[test]
fn record_form_and_session_in_progress_120x40() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("start_session");
    h.press("submit");
    h.press("focus_checklist");
    h.press("activate");
    let (s, _, _) = render(&h, 120, 40);
    assert!(s.contains("SESSION IN PROGRESS"));
    insta::assert_snapshot!(s);
}

#[test]
fn welcome_screen_80x24() {
    let h = Harness::new();
    let (s, _, _) = render(&h, 80, 24);
    insta::assert_snapshot!(s);
}

#[test]
fn too_small_a_window_says_how_large_it_must_be() {
    let h = Harness::with_demo();
    let (s, _, _) = render(&h, 40, 10);
    assert!(s.contains("at least 60 columns"), "{s}");
}

#[test]
fn the_cursor_sits_on_the_focused_row_in_each_pane() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    for (pane, marker_text) in [
        ("focus_patients", "Alex Marsh"),
        ("focus_sections", "s.2: NOW"),
        ("focus_checklist", "Their rights under the Act"),
    ] {
        h.press(pane);
        let (s, pos, _) = render(&h, 120, 40);
        let line = s.lines().nth(pos.y as usize).unwrap();
        assert!(line.contains(marker_text), "{pane}: cursor line {:?}", line);
        assert!(
            line.contains('▶'),
            "{pane}: focused row has a marker: {line}"
        );
    }
}

#[test]
fn focus_and_status_are_written_in_words_not_only_colour() {
    let h = Harness::with_demo();
    let (s, _, buf) = render(&h, 120, 40);
    assert!(s.contains("1 Patients (focused)"));
    assert!(s.contains("Pane 1 Patients · browsing · no session"));
    assert!(s.contains("OVERDUE") || s.contains("SOON"));
    assert!(s.contains("GIVEN 16 Sep 2026"));
    // Under NO_COLOR the theme sets no colour at all.
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn hostile_names_are_drawn_as_inert_text() {
    let mut h = Harness::with_demo();
    let a = h.driver.store().advocates().unwrap()[0].clone();
    // Stored directly, as an import or another tool might have written them.
    for (i, name) in [
        "Eve \u{1b}[2J\u{1b}[H",
        "Mal \u{1b}]52;c;SGVsbG8=\u{7}",
        "Rtl \u{202E}evil",
        "日本語の名前テスト",
        "Zalgo Z\u{0351}\u{0352}\u{0353}",
    ]
    .iter()
    .enumerate()
    {
        let np = imha::domain::NewPatient::new(
            "placeholder",
            None,
            "1990-01-01".parse().unwrap(),
            None,
            "Oak",
            None,
            "2026-11-25".parse().unwrap(),
        )
        .unwrap();
        let p = h
            .driver
            .store()
            .add_patient(&np, &a, common::now())
            .unwrap();
        h.driver.store().raw_set_name_for_tests(p.id, name);
        let _ = i;
    }
    // A minute later the list is read again.
    h.dispatch(imha::app::Action::Tick(
        common::now() + chrono::Duration::seconds(61),
    ));
    h.press("ward_filter");
    h.press("down");
    h.press("down");
    h.press("submit");
    let (s, _, buf) = render(&h, 120, 40);
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "a control character reached the screen"
        );
        assert!(!cell.symbol().contains('\u{202E}'));
    }
    assert!(s.contains("Eve ^[[2J^[[H"), "{s}");
    assert!(s.contains("<U+202E>"));
}

#[test]
fn the_locked_screen_shows_no_patient_data() {
    let mut h = Harness::with_demo();
    h.select("Alex Marsh");
    h.press("add_concern");
    h.press("next_field");
    h.type_text("about my leave");
    h.dispatch(imha::app::Action::Lock);
    let (s, _, _) = render(&h, 120, 40);
    for leak in ["Alex", "Marsh", "Willow", "leave", "999", "s.2"] {
        assert!(!s.contains(leak), "{leak} is on the locked screen:\n{s}");
    }
    assert!(s.contains("imha is locked"));
    insta::assert_snapshot!(s);
}

fn render_with(h: &Harness, theme: &Theme, w: u16, hgt: u16) -> (String, ratatui::buffer::Buffer) {
    let view = View {
        theme,
        keymap: &h.keymap,
    };
    let mut t = Terminal::new(TestBackend::new(w, hgt)).unwrap();
    t.draw(|f| draw(f, &h.driver.state, &view)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut s = String::new();
    for y in 0..hgt {
        for x in 0..w {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    (s, buf)
}

#[test]
fn the_main_screen_in_every_theme() {
    let h = Harness::with_demo();
    let (themes, warnings) = imha::ui::Themes::load(None, false);
    assert!(warnings.is_empty());
    for name in themes.names() {
        let (theme, _) = themes.get(name);
        let (s, buf) = render_with(&h, &theme, 120, 40);
        // The focused pane's border carries the theme's focused-border style.
        let corner = &buf[(0u16, 1u16)];
        assert_eq!(
            corner.fg,
            theme
                .style("focused_border")
                .fg
                .unwrap_or(ratatui::style::Color::Reset),
            "{name}"
        );
        assert!(s.contains("(focused)"), "{name}: focus in words too");
        insta::assert_snapshot!(format!("theme_{name}"), s);
    }
}

#[test]
fn the_cursor_sits_on_the_focused_concern() {
    let mut h = Harness::with_demo();
    h.select("Bea Okoro");
    h.press("focus_concerns");
    let (s, pos, _) = render(&h, 120, 40);
    let line = s.lines().nth(pos.y as usize).unwrap();
    assert!(line.contains("▶ OPEN"), "{line}");
}
