use super::View;
use crate::app::form::{Form, Value};
use crate::app::{Dialog, State};
use crate::domain::time::show_instant;
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
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
        Dialog::Summary { title, lines } => {
            let r = frame_box(
                frame,
                centered(area, 90, (lines.len() as u16 + 4).max(8)),
                title,
                view,
            );
            let mut out: Vec<Line> = lines.iter().map(|l| Line::raw(sanitize(l))).collect();
            out.push(Line::raw(""));
            out.push(Line::styled(
                "Everything above is saved. Enter or Esc closes the summary.",
                view.theme.style("saved"),
            ));
            frame.render_widget(Paragraph::new(out).wrap(Wrap { trim: false }), r);
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
                    "Your session with patient P{} started {} was never ended (the app or terminal closed).",
                    s.patient_id,
                    show_instant(s.started_at)
                )),
                Line::raw(format!("{} more left open after this one.", list.len() - 1)),
                Line::raw(""),
                Line::raw(
                    "Enter: resume it    x: end it now without inventing an end time    Esc: leave it open",
                ),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
            Some(Position::new(r.x, r.y))
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
                    let m = if sel {
                        format!("{} ", view.theme.symbol("focus"))
                    } else {
                        "  ".into()
                    };
                    Line::styled(
                        format!("{m}{}", sanitize(w)),
                        if sel {
                            view.theme.style("selection")
                        } else {
                            view.theme.style("text")
                        },
                    )
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), r);
            Some(Position::new(r.x, r.y + *cursor as u16))
        }
        Dialog::Help { filter, cursor } => {
            let ctx = state.focus.context();
            let all = view.keymap.bindings(ctx);
            let f = filter.to_lowercase();
            let shown: Vec<_> = all
                .iter()
                .filter(|(k, d, _)| {
                    f.is_empty() || d.to_lowercase().contains(&f) || k.to_lowercase().contains(&f)
                })
                .collect();
            let r = frame_box(
                frame,
                centered(area, 90, area.height.saturating_sub(2)),
                "Keys (type to filter, Esc closes)",
                view,
            );
            let cur = (*cursor).min(shown.len().saturating_sub(1));
            let mut lines = vec![Line::from(vec![
                Span::styled("Filter: ", view.theme.style("title")),
                Span::raw(sanitize(filter)),
            ])];
            for (i, (k, d, _)) in shown.iter().enumerate() {
                let sel = i == cur;
                let m = if sel {
                    format!("{} ", view.theme.symbol("focus"))
                } else {
                    "  ".into()
                };
                lines.push(Line::styled(
                    truncate(&format!("{m}{k:<22} {d}"), r.width as usize),
                    if sel {
                        view.theme.style("selection")
                    } else {
                        view.theme.style("text")
                    },
                ));
            }
            frame.render_widget(Paragraph::new(lines), r);
            Some(Position::new(r.x, r.y + 1 + cur as u16))
        }
    }
}

/// Draws a form; returns where the cursor goes (the end of the focused field).
pub fn draw_form(frame: &mut Frame, area: Rect, f: &Form, view: &View) -> Position {
    let t = view.theme;
    let height = f.fields.len() as u16 + 8;
    let r = frame_box(frame, centered(area, 90, height), &f.title, view);
    let mut lines = vec![
        Line::styled(sanitize(&f.context), t.style("title")),
        Line::raw(""),
    ];
    let mut cursor = Position::new(r.x, r.y);
    let label_w = f.fields.iter().map(|x| x.label.len()).max().unwrap_or(10) + 2;
    for (i, field) in f.fields.iter().enumerate() {
        let focused = i == f.focus;
        let marker = if focused {
            format!("{} ", t.symbol("focus"))
        } else {
            "  ".into()
        };
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
            Value::Text { text, .. } => {
                let shown = sanitize(text);
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
        .map(|x| x.hint)
        .filter(|h| !h.is_empty())
    {
        lines.push(Line::styled(h.to_string(), t.style("muted")));
    }
    match &f.error {
        Some(e) => lines.push(Line::styled(
            format!("{} Not saved: {}", t.symbol("error"), sanitize(e)),
            t.style("error"),
        )),
        None => lines.push(Line::raw(
            "Enter saves · Tab/Up/Down move between fields · Esc cancels",
        )),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), r);
    cursor
}
