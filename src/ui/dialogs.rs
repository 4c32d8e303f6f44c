use super::View;
use crate::app::form::{Form, Value};
use crate::app::{Dialog, State, help_entries};
use crate::domain::time::show_instant;
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// A box in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame_box(frame: &mut Frame, area: Rect, title: &str, view: &View) -> Rect {
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(view.theme.style("focused_border"))
        .title(Line::styled(
            format!(" {} {} ", view.theme.symbol("focus"), sanitize(title)),
            view.theme.style("title"),
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    d: &Dialog,
    state: &State,
    view: &View,
) -> Option<Position> {
    match d {
        Dialog::Form(_, f) => Some(draw_form(frame, area, f, view)),
        Dialog::Confirm { question, .. } => {
            let r = frame_box(frame, centered(area, 70, 6), "Please confirm", view);
            let lines = vec![
                Line::raw(question.clone()),
                Line::raw(""),
                Line::raw("y or Enter: yes    n or Esc: no"),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
            Some(Position::new(r.x, r.y))
        }
        Dialog::Summary {
            title,
            lines,
            scroll,
        } => {
            let height = (lines.len() as u16 + 5)
                .max(8)
                .min(area.height.saturating_sub(1));
            let r = frame_box(frame, centered(area, 100, height), title, view);
            let [body, foot] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(r);
            let out: Vec<Line> = lines.iter().map(|l| Line::raw(sanitize(l))).collect();
            frame.render_widget(
                Paragraph::new(out)
                    .wrap(Wrap { trim: false })
                    .scroll((*scroll, 0)),
                body,
            );
            frame.render_widget(
                Line::styled(
                    "Everything here is saved. Up/Down/PageUp/PageDown scroll; Enter or Esc closes.",
                    view.theme.style("saved"),
                ),
                foot,
            );
            Some(Position::new(r.x, r.y))
        }
        Dialog::OpenSessions(list) => {
            let r = frame_box(
                frame,
                centered(area, 80, 9),
                "A session was left open",
                view,
            );
            let s = &list[0];
            let lines = vec![
                Line::raw(format!(
                    "Your session with {} (P{}) started {} was never ended (the app or terminal closed).",
                    state
                        .rows
                        .iter()
                        .find(|r| r.id == s.patient_id)
                        .map(|r| sanitize(&r.name))
                        .unwrap_or_else(|| "an archived patient".into()),
                    s.patient_id,
                    show_instant(s.started_at)
                )),
                Line::raw(match list.len() - 1 {
                    0 => String::new(),
                    n => format!("{n} more left open after this one."),
                }),
                Line::raw(""),
                Line::raw(
                    "Enter: resume it    x: end it now without inventing an end time    Esc: leave it open",
                ),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
            Some(Position::new(r.x, r.y))
        }
        Dialog::Accounts { list, cursor } => {
            let r = frame_box(
                frame,
                centered(area, 80, list.len() as u16 + 6),
                "Advocates",
                view,
            );
            let mut lines: Vec<Line> = list
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let sel = i == *cursor;
                    let (m, look) = super::row_look(view, sel);
                    let text = format!(
                        "{m}{} ({}){}{}",
                        sanitize(&a.display_name),
                        sanitize(&a.login),
                        if a.admin { " · ADMINISTRATOR" } else { "" },
                        if a.disabled { " · DISABLED" } else { "" }
                    );
                    Line::styled(text, look)
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "n add · p set passphrase · d disable · Esc close",
                view.theme.style("muted"),
            ));
            frame.render_widget(Paragraph::new(lines), r);
            Some(Position::new(r.x, r.y + *cursor as u16))
        }
        Dialog::WardFilter { wards, cursor } => {
            let r = frame_box(
                frame,
                centered(area, 50, wards.len() as u16 + 4),
                "Show which ward?",
                view,
            );
            let lines: Vec<Line> = wards
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let sel = i == *cursor;
                    let (m, look) = super::row_look(view, sel);
                    Line::styled(format!("{m}{}", sanitize(w)), look)
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), r);
            Some(Position::new(r.x, r.y + *cursor as u16))
        }
        Dialog::Help { filter, cursor, .. } => {
            let shown = help_entries(view.keymap, state.help_context(), filter);
            let r = frame_box(
                frame,
                centered(area, 90, area.height.saturating_sub(2)),
                "Keys (type to filter, Enter runs, Esc closes)",
                view,
            );
            let cur = (*cursor).min(shown.len().saturating_sub(1));
            let mut lines = vec![Line::from(vec![
                Span::styled("Filter: ", view.theme.style("title")),
                Span::raw(sanitize(filter)),
            ])];
            let first = crate::ui::window_start(cur, r.height.saturating_sub(1) as usize, 1);
            for (i, (k, d, _)) in shown
                .iter()
                .enumerate()
                .skip(first)
                .take(r.height.saturating_sub(1) as usize)
            {
                let sel = i == cur;
                let (m, look) = super::row_look(view, sel);
                lines.push(Line::styled(
                    truncate(&format!("{m}{k:<22} {d}"), r.width as usize),
                    look,
                ));
            }
            frame.render_widget(Paragraph::new(lines), r);
            Some(Position::new(r.x, r.y + 1 + (cur - first) as u16))
        }
    }
}

/// Draws a form; returns where the cursor goes (the end of the focused field).
pub fn draw_form(frame: &mut Frame, area: Rect, f: &Form, view: &View) -> Position {
    let t = view.theme;
    let height = f.fields.len() as u16 + 9 + f.error.as_ref().map_or(0, |e| (e.len() / 80) as u16);
    let r = frame_box(frame, centered(area, 90, height), &f.title, view);
    let mut lines = vec![
        Line::styled(sanitize(&f.context), t.style("title")),
        Line::raw(""),
    ];
    let mut cursor = Position::new(r.x, r.y);
    let label_w = f.fields.iter().map(|x| x.label.len()).max().unwrap_or(10) + 2;
    for (i, field) in f.fields.iter().enumerate() {
        let focused = i == f.focus;
        let (marker, _) = super::row_look(view, focused);
        let label = format!("{marker}{:<w$}", format!("{}:", field.label), w = label_w);
        let mut spans = vec![Span::styled(
            label.clone(),
            if focused {
                t.style("title")
            } else {
                t.style("text")
            },
        )];
        let vstyle = if focused {
            t.style("field_focus")
        } else {
            t.style("text")
        };
        let value_x = r.x + crate::text::width(&label) as u16;
        match &field.value {
            Value::Text { .. } | Value::Secret { .. } => {
                let shown = match &field.value {
                    Value::Text { text, .. } => sanitize(text),
                    // A passphrase shows only how many characters were typed.
                    _ => field.words().chars().take(40).collect(),
                };
                let avail = (r.width as usize).saturating_sub(label.len() + 1);
                let tail: String = if crate::text::width(&shown) > avail {
                    let skip = shown
                        .chars()
                        .count()
                        .saturating_sub(avail.saturating_sub(1));
                    format!("…{}", shown.chars().skip(skip).collect::<String>())
                } else {
                    shown
                };
                if focused {
                    cursor = Position::new(
                        value_x + crate::text::width(&tail) as u16,
                        r.y + lines.len() as u16,
                    );
                }
                spans.push(Span::styled(format!("{tail} "), vstyle));
            }
            Value::Choice { options, index } => {
                spans.push(Span::styled(
                    format!("‹ {} ›", options.get(*index).cloned().unwrap_or_default()),
                    vstyle,
                ));
                if focused {
                    cursor = Position::new(value_x + 2, r.y + lines.len() as u16);
                }
            }
            Value::Toggle(b) => {
                spans.push(Span::styled(if *b { "[x] yes" } else { "[ ] no" }, vstyle));
                if focused {
                    cursor = Position::new(value_x + 1, r.y + lines.len() as u16);
                }
            }
            Value::Set {
                options,
                chosen,
                cursor: c,
            } => {
                let mut x = value_x;
                for (j, (o, on)) in options.iter().zip(chosen).enumerate() {
                    let text = format!("[{}] {o}  ", if *on { "x" } else { " " });
                    let style = if focused && j == *c {
                        t.style("field_focus")
                    } else {
                        t.style("text")
                    };
                    if focused && j == *c {
                        cursor = Position::new(x + 1, r.y + lines.len() as u16);
                    }
                    x += crate::text::width(&text) as u16;
                    spans.push(Span::styled(text, style));
                }
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some(h) = f
        .fields
        .get(f.focus)
        .map(|x| x.hint.clone())
        .filter(|h| !h.is_empty())
    {
        lines.push(Line::styled(h.to_string(), t.style("muted")));
    }
    match &f.error {
        Some(e) => lines.push(Line::styled(
            format!("{} {}", t.symbol("error"), sanitize(e)),
            t.style("error"),
        )),
        None => lines.push(Line::raw(f.footer.clone().unwrap_or_else(|| {
            "Enter saves · Tab/Up/Down move between fields · Esc cancels".into()
        }))),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), r);
    cursor
}
