//! Speed, measured (never asserted in tests): fuzzy search as a name is typed, and drawing a
//! full four-pane frame. Run with `cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use imha::app::PatientRow;
use imha::app::patients::visible;
use std::hint::black_box;

/// Fictional names (syllables put together, never real people), as in the load benchmark.
fn rows(n: usize) -> Vec<PatientRow> {
    (0..n)
        .map(|i| {
            let name = imha::store::seed::fictional_name(i);
            let ward = format!("Ward {}", i % 40);
            PatientRow {
                id: i as i64,
                haystack: format!("{name} {ward}"),
                name,
                preferred_name: None,
                nhs_number: None,
                ward,
                section: Some("s.3".into()),
                due: None,
            }
        })
        .collect()
}

fn search(c: &mut Criterion) {
    const TYPED: &str = "Bemonr";
    for n in [10_000usize, 100_000] {
        let rows = rows(n);
        // The same names, one a line with the ward, for an outside reference:
        // `fzf --filter Bemonr < target/bench-names-100000.txt` (see README, Performance).
        let names: String = rows.iter().map(|r| format!("{}\n", r.haystack)).collect();
        let _ = std::fs::write(format!("target/bench-names-{n}.txt"), names);
        c.bench_function(
            &format!("the whole 6-letter query at once, {n} patients"),
            |b| b.iter(|| black_box(visible(&rows, None, TYPED, None))),
        );
        c.bench_function(
            &format!("type a 6-letter name, keystroke by keystroke, {n} patients"),
            |b| {
                b.iter(|| {
                    let mut prev: Option<Vec<usize>> = None;
                    for len in 1..=TYPED.len() {
                        let v = visible(&rows, None, &TYPED[..len], prev.as_deref());
                        prev = Some(v);
                    }
                    black_box(prev)
                })
            },
        );
        // Each keystroke on its own, from the matches of the one before: the target is the
        // median of these six.
        let mut prev: Option<Vec<usize>> = None;
        for len in 1..=TYPED.len() {
            let q = &TYPED[..len];
            c.bench_function(&format!("keystroke {len} ({q:?}), {n} patients"), |b| {
                b.iter(|| black_box(visible(&rows, None, q, prev.as_deref())))
            });
            prev = Some(visible(&rows, None, q, prev.as_deref()));
        }
    }
}

fn render(c: &mut Criterion) {
    use ratatui::{Terminal, backend::TestBackend};
    let now = imha::domain::time::parse_instant("2026-11-25T10:00:00Z").unwrap();
    let mut state = imha::app::State::new(now);
    state.screen = imha::app::Screen::Main;
    state.rows = rows(10_000);
    state.visible = (0..state.rows.len()).collect();
    let theme = imha::ui::Theme::default_theme(false);
    let keymap = imha::keymap::Keymap::default_keymap();
    let view = imha::ui::View {
        theme: &theme,
        keymap: &keymap,
    };
    for (w, h) in [(200u16, 50u16), (80, 24)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(&format!("draw the main screen at {w}x{h}"), |b| {
            b.iter(|| {
                t.draw(|f| imha::ui::draw(f, black_box(&state), &view))
                    .unwrap()
                    .area
            })
        });
    }
}

criterion_group!(benches, search, render);
criterion_main!(benches);
