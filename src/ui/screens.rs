use super::View;
use super::dialogs::draw_form;
use crate::app::{Screen, State};
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
        Screen::Setup => {
            let [about, form] =
                Layout::vertical([Constraint::Length(7), Constraint::Min(0)]).areas(area);
            let lines = vec![
                Line::styled("Welcome to imha", t.style("heading")),
                Line::raw(ABOUT),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), about);
            Some(draw_form(frame, form, &state.welcome, view))
        }
        Screen::Recovery(key) => {
            let lines = vec![
                Line::styled("Your recovery key", t.style("heading")),
                Line::raw(""),
                Line::raw(
                    "If every administrator forgets their passphrase, this key is the only way to open the records. It is shown once, now. Write it down and keep it somewhere safe and locked, away from this terminal.",
                ),
                Line::raw(""),
                Line::styled(format!("    {}", key.expose()), t.style("title")),
                Line::raw(""),
                Line::raw(
                    "Press Enter when it is stored safely. It leaves the screen and is not kept.",
                ),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
            Some(Position::new(area.x, area.y + 4))
        }
        Screen::SignIn => draw_sign_in(frame, area, state, view, "Sign in to imha"),
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

/// The sign-in form; also the whole of the lock screen, which shows no patient data.
pub fn draw_sign_in(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    view: &View,
    heading: &str,
) -> Option<Position> {
    let [top, form] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let lines = vec![
        Line::styled(heading.to_string(), view.theme.style("heading")),
        Line::raw("Each advocate signs in with their own login name and passphrase."),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    Some(draw_form(frame, form, &state.sign_in, view))
}
