use super::{View, pane_block, window_start};
use crate::app::{Pane, State};
use crate::domain::time::{london_day, show_date, show_time};
use crate::law::ItemStatus;
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Where an item stands, in words, with the theme role and symbol to show it.
pub fn item_words(
    i: &ItemStatus,
    now: crate::domain::time::Instant,
) -> (&'static str, &'static str, String) {
    match &i.last {
        None => ("overdue", "never", "NEVER EXPLAINED".into()),
        Some(l) => {
            let when = if london_day(l.given_at) == london_day(now) {
                format!("today {}", show_time(l.given_at))
            } else {
                format!(
                    "{} {}",
                    show_date(london_day(l.given_at)),
                    show_time(l.given_at)
                )
            };
            let detail = format!(
                "{when} by {}, {}, {}{}",
                sanitize(&l.advocate),
                l.forms.words(),
                l.understanding.label(),
                if l.corrects.is_some() {
                    " (corrected)"
                } else {
                    ""
                }
            );
            if !i.current {
                (
                    "due",
                    "never",
                    format!("NOT SINCE THE SECTION CHANGED (last {detail})"),
                )
            } else if i.needs_another_try() {
                (
                    "due",
                    "another_try",
                    format!("ANOTHER TRY DUE: given {detail}"),
                )
            } else if i.needs_written_or_spoken() {
                (
                    "due",
                    "due",
                    format!("SPOKEN AND WRITTEN BOTH DUE (s.132(3)): given {detail}"),
                )
            } else {
                ("saved", "given", format!("GIVEN {detail}"))
            }
        }
    }
}

/// Pane 3: what the patient must be helped to understand, and where each item stands.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &View) -> Option<Position> {
    let t = view.theme;
    let extra = state
        .selected
        .as_ref()
        .map(|s| {
            format!(
                ": {} of {} due",
                s.checklist.iter().filter(|i| i.is_due()).count(),
                s.checklist.len()
            )
        })
        .unwrap_or_default();
    let block = pane_block(Pane::Checklist, state, view, &extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(sel) = &state.selected else {
        frame.render_widget(Paragraph::new("Choose a patient in pane 1."), inner);
        return Some(Position::new(inner.x, inner.y));
    };
    if sel.checklist.is_empty() {
        frame.render_widget(
            Paragraph::new("No current section, so no checklist. Record a section in pane 2."),
            inner,
        );
        return Some(Position::new(inner.x, inner.y));
    }
    let cursor = state.cursor(Pane::Checklist).min(sel.checklist.len() - 1);
    let mut details: Vec<Line<'static>> = Vec::new();
    if let Some(item) = sel.checklist.get(cursor) {
        let (role, _, words) = item_words(item, state.now);
        details.push(Line::styled(words, t.style(role)));
        if let Some(def) = crate::law::item(item.key) {
            details.push(Line::raw(def.explain.clone()));
        }
        if let Some(l) = &item.last
            && !l.note.is_empty()
        {
            details.push(Line::raw(format!("Note: {}", sanitize(&l.note))));
        }
    }
    let inner = super::with_details(frame, inner, details, view);
    let inner = match &sel.eligibility {
        Some(e) if !e.eligible => {
            let [note, rest] = ratatui::layout::Layout::vertical([
                ratatui::layout::Constraint::Length(1),
                ratatui::layout::Constraint::Min(0),
            ])
            .areas(inner);
            frame.render_widget(
                Line::styled(
                    truncate(
                        &format!("NOT IMHA-ELIGIBLE ({}): shown for reference", e.provision),
                        inner.width as usize,
                    ),
                    t.style("check"),
                ),
                note,
            );
            rest
        }
        _ => inner,
    };
    let width = inner.width as usize;
    let start = window_start(cursor, inner.height as usize, 2);
    let mut lines = Vec::new();
    for (n, item) in sel.checklist.iter().enumerate().skip(start) {
        let selected = n == cursor;
        let (marker, style) = super::row_look(view, selected);
        lines.push(Line::styled(
            truncate(
                &format!("{marker}{} — {}", item.title, item.provision),
                width,
            ),
            style,
        ));
        let (role, sym, words) = item_words(item, state.now);
        lines.push(Line::from(Span::styled(
            truncate(&format!("    {} {words}", t.symbol(sym)), width),
            t.style(role),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(Position::new(
        inner.x,
        inner.y + ((cursor - start) * 2) as u16,
    ))
}
