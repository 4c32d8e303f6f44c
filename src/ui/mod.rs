//! Drawing: a function of the state and the theme. Reads state, never changes it.
//! Every string from the database or the keyboard passes through `text::sanitize` here.

mod checklist;
mod concerns;
mod dialogs;
mod patients;
mod screens;
mod sections;
pub mod theme;

pub use checklist::item_words;
pub use theme::{Theme, Themes};

use crate::app::{Message, MessageKind, Mode, Pane, Screen, State};
use crate::keymap::Keymap;
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

/// The smallest window imha draws in; below it, it says how large the window must be.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this size up the four panes show together.
pub const GRID_WIDTH: u16 = 100;
pub const GRID_HEIGHT: u16 = 30;

/// What a draw needs besides the state.
pub struct View<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
}

pub fn draw(frame: &mut Frame, state: &State, view: &View) {
    let area = frame.area();
    // The theme's own background under everything, so themes that set one (light,
    // high contrast) paint the whole screen, not only the styled spans.
    frame.render_widget(Block::new().style(view.theme.style("text")), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "imha needs a window at least {MIN_WIDTH} columns wide and {MIN_HEIGHT} rows high; this one is {} by {}. Make the window larger.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        frame.set_cursor_position(Position::new(0, 0));
        return;
    }
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if state.locked {
        // Nothing but the lock screen: no names, no dialogs, no messages.
        frame.render_widget(
            Paragraph::new(Line::styled(" imha · LOCKED", view.theme.style("title"))),
            header,
        );
        frame.render_widget(
            Paragraph::new(Line::styled(
                " Screen locked · sign in to continue",
                view.theme.style("status_bar"),
            )),
            status,
        );
        let cursor = screens::draw_sign_in(frame, body, state, view, "imha is locked");
        frame.set_cursor_position(cursor.unwrap_or(Position::new(body.x, body.y)));
        return;
    }
    draw_header(frame, header, state, view);
    draw_status(frame, status, hints, state, view);
    let cursor = match &state.screen {
        Screen::Main => draw_main(frame, body, state, view),
        other => screens::draw(frame, body, other, state, view),
    };
    let cursor = match &state.dialog {
        Some(d) => dialogs::draw(frame, body, d, state, view).or(cursor),
        None => cursor,
    };
    // Screen readers and braille displays follow the terminal cursor: put it on the focus.
    frame.set_cursor_position(cursor.unwrap_or(Position::new(status.x, status.y)));
}

fn draw_header(frame: &mut Frame, area: Rect, state: &State, view: &View) {
    let who = match &state.advocate {
        Some(a) => format!(
            "advocate: {} ({})",
            sanitize(&a.display_name),
            sanitize(&a.login)
        ),
        None => "no advocate chosen".into(),
    };
    let ward = state
        .ward_filter
        .as_deref()
        .map(sanitize)
        .unwrap_or_else(|| "all wards".into());
    let line = Line::from(vec![
        Span::styled(" imha ", view.theme.style("title")),
        Span::raw(format!(
            "· {who} · {ward} · {}",
            crate::domain::time::show_instant(state.now)
        )),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_status(frame: &mut Frame, status: Rect, hints: Rect, state: &State, view: &View) {
    let t = view.theme;
    let mode = match state.mode() {
        Mode::Browsing => "browsing",
        Mode::Searching => "searching",
        Mode::Dialog => "dialog open",
    };
    let session = match &state.session {
        Some(s) => format!(
            "SESSION IN PROGRESS with {} since {}",
            state
                .session_patient_name()
                .map(|n| sanitize(&n))
                .unwrap_or_else(|| format!("P{}", s.patient_id)),
            crate::domain::time::show_time(s.started_at)
        ),
        None => "no session".into(),
    };
    let focus = if matches!(state.screen, Screen::SignIn) {
        "Signing in".to_string()
    } else if state.screen == Screen::Main {
        format!("Pane {} {}", state.focus.number(), state.focus.title())
    } else {
        "Setting up".into()
    };
    let mut spans = vec![Span::styled(
        format!(" {focus} · {mode} · {session} "),
        t.style("status_bar"),
    )];
    if let Some(Message { kind, text }) = &state.message {
        let (role, sym) = match kind {
            MessageKind::Saved => ("saved", t.symbol("saved")),
            MessageKind::Error => ("error", t.symbol("error")),
            MessageKind::Info => ("text", ""),
        };
        spans.push(Span::styled(
            format!(" {sym} {}", sanitize(text)),
            t.style(role),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), status);
    let ctx = state.context();
    // Help first: it is the way to every other key.
    let mut bindings = view.keymap.bindings(ctx);
    bindings.sort_by_key(|(_, _, a)| a != "help");
    let hint: Vec<String> = bindings
        .into_iter()
        .filter(|(_, _, a)| {
            !matches!(
                a.as_str(),
                "up" | "down"
                    | "page_up"
                    | "page_down"
                    | "home"
                    | "end"
                    | "focus_sections"
                    | "focus_checklist"
                    | "focus_concerns"
                    | "prev_pane"
                    | "force_quit"
            )
        })
        .take(9)
        .map(|(k, d, a)| {
            format!(
                "{} {}",
                k.split(" / ").next().unwrap_or(&k),
                short_desc(&a, &d)
            )
        })
        .collect();
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", hint.join("  ")),
            t.style("muted"),
        )),
        hints,
    );
}

/// A hint's words: the first few words of the description.
fn short_desc(action: &str, desc: &str) -> String {
    match action {
        "focus_patients" => "1-4 panes".into(),
        _ => desc
            .split([',', '(', ':'])
            .next()
            .unwrap_or(desc)
            .trim()
            .to_lowercase(),
    }
}

/// A pane's frame: numbered title in words, a focus marker and a thicker border when focused.
pub(crate) fn pane_block<'a>(pane: Pane, state: &State, view: &View, extra: &str) -> Block<'a> {
    let focused = state.focus == pane && state.dialog.is_none();
    let marker = if focused {
        format!("{} ", view.theme.symbol("focus"))
    } else {
        String::new()
    };
    let title = format!(
        " {marker}{} {}{}{} ",
        pane.number(),
        pane.title(),
        if focused { " (focused)" } else { "" },
        extra
    );
    let (style, kind) = if focused {
        (view.theme.style("focused_border"), BorderType::Thick)
    } else {
        (view.theme.style("border"), BorderType::Plain)
    };
    Block::bordered()
        .border_type(kind)
        .border_style(style)
        .title(Line::styled(title, style))
}

fn draw_main(frame: &mut Frame, area: Rect, state: &State, view: &View) -> Option<Position> {
    if area.width >= GRID_WIDTH && area.height + 3 >= GRID_HEIGHT {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
        let [p1, p2] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        let [p3, p4] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(bottom);
        let c = [
            patients::draw(frame, p1, state, view),
            sections::draw(frame, p2, state, view),
            checklist::draw(frame, p3, state, view),
            concerns::draw(frame, p4, state, view),
        ];
        c[state.focus.number() - 1]
    } else {
        // Narrow windows: a tab line and the focused pane alone.
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let spans: Vec<Span> = Pane::ALL
            .iter()
            .map(|p| {
                let label = format!(" {} {} ", p.number(), p.title());
                if *p == state.focus {
                    Span::styled(format!("[{}]", label.trim()), view.theme.style("selection"))
                } else {
                    Span::raw(label)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
        match state.focus {
            Pane::Patients => patients::draw(frame, rest, state, view),
            Pane::Sections => sections::draw(frame, rest, state, view),
            Pane::Checklist => checklist::draw(frame, rest, state, view),
            Pane::Concerns => concerns::draw(frame, rest, state, view),
        }
    }
}

/// Splits a pane's inside into the list and, below it, a details box that shows the focused
/// row in full (wrapped), so nothing is readable only in a cut-off line. Returns the list area.
pub(crate) fn with_details(
    frame: &mut Frame,
    inner: Rect,
    details: Vec<Line<'static>>,
    view: &View,
) -> Rect {
    if details.is_empty() || inner.height < 8 {
        return inner;
    }
    // Lines as wrapped to the pane's width, plus the rule above them.
    let w = inner.width.max(1) as usize;
    let wrapped: usize = details.iter().map(|l| l.width().div_ceil(w).max(1)).sum();
    let h = (wrapped as u16 + 1).min(inner.height / 2).max(2);
    let [list, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(h)]).areas(inner);
    let block = Block::new()
        .borders(ratatui::widgets::Borders::TOP)
        .border_style(view.theme.style("border"))
        .title(Line::styled(" Details ", view.theme.style("muted")));
    let text_area = block.inner(detail);
    frame.render_widget(block, detail);
    frame.render_widget(
        Paragraph::new(details).wrap(ratatui::widgets::Wrap { trim: true }),
        text_area,
    );
    list
}

/// The focus marker and style for a row: selected rows are marked in text, not only colour.
pub(crate) fn row_look(view: &View, selected: bool) -> (String, ratatui::style::Style) {
    if selected {
        (
            format!("{} ", view.theme.symbol("focus")),
            view.theme.style("selection"),
        )
    } else {
        ("  ".into(), view.theme.style("text"))
    }
}

/// The first row of `list` to draw so that `cursor` is visible in `height` rows of
/// `per_item` lines each.
pub(crate) fn window_start(cursor: usize, height: usize, per_item: usize) -> usize {
    let fit = (height / per_item.max(1)).max(1);
    if cursor < fit { 0 } else { cursor + 1 - fit }
}
