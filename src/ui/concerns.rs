use super::{View, pane_block, window_start};
use crate::app::{Pane, State};
use crate::domain::time::show_day;
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Pane 4: what the patient wants taken up, the action agreed, and how it ended.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &View) -> Option<Position> {
    let t = view.theme;
    let extra = state
        .selected
        .as_ref()
        .map(|s| {
            format!(
                ": {} open",
                s.record
                    .concerns
                    .iter()
                    .filter(|c| !c.status.is_closed())
                    .count()
            )
        })
        .unwrap_or_default();
    let block = pane_block(Pane::Concerns, state, view, &extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(sel) = &state.selected else {
        frame.render_widget(Paragraph::new("Choose a patient in pane 1."), inner);
        return Some(Position::new(inner.x, inner.y));
    };
    let concerns = &sel.record.concerns;
    if concerns.is_empty() {
        frame.render_widget(
            Paragraph::new("No concerns raised. Press a to add what the patient wants taken up."),
            inner,
        );
        return Some(Position::new(inner.x, inner.y));
    }
    let cursor = state.cursor(Pane::Concerns).min(concerns.len() - 1);
    let mut details: Vec<Line<'static>> = Vec::new();
    if let Some(c) = concerns.get(cursor) {
        details.push(Line::raw(format!(
            "In their words: \"{}\"",
            sanitize(&c.text)
        )));
        if !c.desired_outcome.is_empty() {
            details.push(Line::raw(format!(
                "Wants: {}",
                sanitize(&c.desired_outcome)
            )));
        }
        for h in &c.history {
            let mut s = format!(
                "{} {}: {}",
                crate::domain::time::show_instant(h.at),
                sanitize(&h.advocate),
                h.status.label()
            );
            for (label, v) in [
                ("action", &h.action_agreed),
                ("outcome", &h.outcome),
                ("note", &h.note),
            ] {
                if !v.is_empty() {
                    s.push_str(&format!("; {label}: {}", sanitize(v)));
                }
            }
            if let Some(d) = h.follow_up {
                s.push_str(&format!("; follow up {}", show_day(d)));
            }
            details.push(Line::raw(s));
        }
    }
    let inner = super::with_details(frame, inner, details, view);
    let width = inner.width as usize;
    let start = window_start(cursor, inner.height as usize, 3);
    let mut lines = Vec::new();
    for (n, c) in concerns.iter().enumerate().skip(start) {
        let selected = n == cursor;
        let (marker, style) = super::row_look(view, selected);
        let role = if c.status.is_closed() { "muted" } else { "due" };
        lines.push(Line::styled(
            truncate(
                &format!(
                    "{marker}{} · {}: \"{}\"",
                    c.status.label().to_uppercase(),
                    c.category.label(),
                    sanitize(&c.text)
                ),
                width,
            ),
            style.patch(t.style(role)),
        ));
        let action = if c.action_agreed.is_empty() {
            "no action agreed yet".into()
        } else {
            format!("action: {}", sanitize(&c.action_agreed))
        };
        let follow = c
            .follow_up
            .map(|d| format!(" · follow up {}", show_day(d)))
            .unwrap_or_default();
        lines.push(Line::raw(truncate(&format!("    {action}{follow}"), width)));
        let outcome = if c.outcome.is_empty() {
            format!("    wants: {}", sanitize(&c.desired_outcome))
        } else {
            format!("    outcome: {}", sanitize(&c.outcome))
        };
        lines.push(Line::styled(truncate(&outcome, width), t.style("muted")));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    Some(Position::new(
        inner.x,
        inner.y + ((cursor - start) * 3) as u16,
    ))
}
