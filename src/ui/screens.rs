use super::View;
use super::dialogs::draw_form;
use crate::app::{Screen, State};
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

const ABOUT: &str = "imha is the record an Independent Mental Health Advocate keeps on the ward: which \
information under the Mental Health Act 1983 you helped a patient understand, when, in what form and how \
well it was understood, and what the patient asked you to take up. Every entry is saved the moment you \
confirm it. The dates it shows are computed from the Act as data: they name their provision and are not \
legal advice.";

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    screen: &Screen,
    state: &State,
    view: &View,
) -> Option<Position> {
    let t = view.theme;
    match screen {
        Screen::Starting => {
            frame.render_widget(Paragraph::new("Opening the database..."), area);
            Some(Position::new(area.x, area.y))
        }
        Screen::Welcome => {
            let [about, form] =
                Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(area);
            let lines = vec![
                Line::styled("Welcome to imha", t.style("heading")),
                Line::raw(ABOUT),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), about);
            Some(draw_form(frame, form, &state.welcome, view))
        }
        Screen::ChooseAdvocate { cursor } => {
            let mut lines = vec![
                Line::styled("Who is using imha?", t.style("heading")),
                Line::raw(""),
            ];
            let mut names: Vec<String> = state
                .advocates
                .iter()
                .map(|a| format!("{} ({})", sanitize(&a.display_name), sanitize(&a.login)))
                .collect();
            names.push("Someone new: add an advocate".into());
            for (i, n) in names.iter().enumerate() {
                let sel = i == *cursor;
                let m = if sel {
                    format!("{} ", t.symbol("focus"))
                } else {
                    "  ".into()
                };
                lines.push(Line::styled(
                    format!("{m}{n}"),
                    if sel {
                        t.style("selection")
                    } else {
                        t.style("text")
                    },
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Up/Down to choose, Enter to continue, Esc to quit.",
            ));
            frame.render_widget(Paragraph::new(lines), area);
            Some(Position::new(area.x, area.y + 2 + *cursor as u16))
        }
        Screen::OfferDemo => {
            let lines = vec![
                Line::styled("The database is empty", t.style("heading")),
                Line::raw(""),
                Line::raw(
                    "Load a fictional demo ward? It has twelve made-up patients on two wards (Willow and Cedar), with a mix of sections, sessions and concerns dated relative to today. No real person is in it.",
                ),
                Line::raw(""),
                Line::raw("y or Enter: load the demo ward    n or Esc: start with an empty list"),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
            Some(Position::new(area.x, area.y))
        }
        Screen::Main => None,
    }
}
