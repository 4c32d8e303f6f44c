use super::{View, pane_block, window_start};
use crate::app::patients::name_matches;
use crate::app::{Pane, State};
use crate::law::Urgency;
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Pane 1: the patient list, two lines a patient, the most pressing thing due in words.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &View) -> Option<Position> {
    let t = view.theme;
    let extra = format!(
        ": {} of {}{}",
        state.visible.len(),
        state.rows.len(),
        state
            .ward_filter
            .as_deref()
            .map(|w| format!(", {}", sanitize(w)))
            .unwrap_or_default()
    );
    let block = pane_block(Pane::Patients, state, view, &extra);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    let mut list_top = inner.y;
    if state.searching || !state.query.is_empty() {
        let label = if state.searching {
            "Search (typing): "
        } else {
            "Search: "
        };
        lines.push(Line::from(vec![
            Span::styled(label, t.style("title")),
            Span::raw(sanitize(&state.query)),
        ]));
        list_top += 1;
    }
    if state.visible.is_empty() {
        lines.push(Line::raw(if state.rows.is_empty() {
            "No patients yet. Press n to add one."
        } else {
            "No patient matches. Esc clears the search; w changes the ward."
        }));
        frame.render_widget(Paragraph::new(lines), inner);
        return Some(Position::new(inner.x, inner.y));
    }
    let details: Vec<Line<'static>> = match &state.selected {
        Some(sel)
            if state
                .highlighted_row()
                .is_some_and(|r| r.id == sel.record.patient.id) =>
        {
            if sel.due.is_empty() {
                vec![Line::raw("Nothing is due for this patient.")]
            } else {
                sel.due
                    .iter()
                    .map(|d| Line::raw(format!("{}: {}", d.urgency.word(), d.words())))
                    .collect()
            }
        }
        _ => Vec::new(),
    };
    let inner = super::with_details(frame, inner, details, view);
    let width = inner.width as usize;
    let cursor = state.cursor(Pane::Patients);
    let height = (inner.height as usize).saturating_sub(lines.len());
    let start = window_start(cursor, height, 2);
    let mut cursor_pos = None;
    for (n, idx) in state
        .visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height / 2 + 1)
    {
        let row = &state.rows[*idx];
        let selected = n == cursor;
        let (marker, look) = super::row_look(view, selected);
        if selected {
            cursor_pos = Some(Position::new(inner.x, list_top + ((n - start) * 2) as u16));
        }
        let name = sanitize(&row.name);
        let matches = name_matches(row, &state.query);
        let mut spans = vec![Span::raw(marker)];
        let base = look;
        for (i, ch) in name.chars().enumerate() {
            let style = if matches.contains(&i) {
                base.patch(t.style("match"))
            } else {
                base
            };
            spans.push(Span::styled(ch.to_string(), style));
        }
        let pref = row
            .preferred_name
            .as_deref()
            .map(|p| format!(" ({})", sanitize(p)))
            .unwrap_or_default();
        let section = row.section.clone().unwrap_or_else(|| "no section".into());
        spans.push(Span::styled(
            truncate(
                &format!("{pref} · {section} · {}", sanitize(&row.ward)),
                width.saturating_sub(name.chars().count() + 2),
            ),
            base,
        ));
        lines.push(Line::from(spans));
        let due = match &row.due {
            Some(d) => {
                let (role, sym) = match d.urgency {
                    Urgency::Overdue => ("overdue", t.symbol("overdue")),
                    Urgency::Soon => ("due", t.symbol("due")),
                    _ => ("text", t.symbol("due")),
                };
                Span::styled(
                    truncate(
                        &format!("    {sym} {}: {}", d.urgency.word(), d.words()),
                        width,
                    ),
                    t.style(role),
                )
            }
            None if row.section.is_none() => Span::styled(
                "    ! no section recorded: record one in pane 2 (n)",
                t.style("due"),
            ),
            None => Span::styled("    nothing due", t.style("muted")),
        };
        lines.push(Line::from(due));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if state.searching {
        let x = inner.x + 18 + crate::text::width(&sanitize(&state.query)) as u16;
        return Some(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y,
        ));
    }
    cursor_pos
}
