//! The full-screen terminal: setup and restore, a panic hook that prints no patient data,
//! and the tokio event loop (keys, paste, a once-a-minute clock tick).

use crate::app::Action;
use crate::domain::time::Clock;
use crate::driver::Driver;
use crate::ui::{self, Themes, View};
use futures::StreamExt;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};
use std::io;
use std::time::Duration;

/// Replaces the panic message with one that carries no data: a panic payload could hold
/// anything. ratatui's own hook (installed after this) restores the terminal first.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "imha stopped because of an internal error ({at}). Everything shown as saved is in the database. \
             Please report this; no patient data is printed here."
        );
    }));
}

pub fn run(driver: Driver, clock: Clock, themes: Themes) -> io::Result<()> {
    install_panic_hook();
    let mut terminal = ratatui::init();
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = rt.block_on(event_loop(&mut terminal, driver, clock, &themes));
    // Nothing is left on the alternate screen when it is left.
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        Clear(ClearType::All),
        Clear(ClearType::Purge)
    );
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut driver: Driver,
    clock: Clock,
    themes: &Themes,
) -> io::Result<()> {
    let keymap = driver.state.keymap.clone();
    let mut theme = themes.get(&driver.state.theme).0;
    let mut events = EventStream::new();
    // Once a second: the idle lock, the two-second view audit, other terminals' writes.
    // The screen is drawn again only when what it shows may have changed.
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    let mut dirty = true;
    loop {
        if dirty {
            if theme.name != driver.state.theme {
                theme = themes.get(&driver.state.theme).0;
            }
            let view = View {
                theme: &theme,
                keymap: &keymap,
            };
            terminal.draw(|f| ui::draw(f, &driver.state, &view))?;
            dirty = false;
        }
        // Debug builds only: lets the crash test prove the terminal is restored and the
        // panic message carries no patient data (this one deliberately holds a name).
        #[cfg(debug_assertions)]
        if std::env::var_os("IMHA_TEST_PANIC").is_some() && driver.state.rows.len() > 1 {
            panic!("test panic while showing {}", driver.state.rows[0].name);
        }
        if driver.state.quit {
            return Ok(());
        }
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind == KeyEventKind::Press => {
                    // Any key counts as activity (and cancels the lock warning).
                    driver.dispatch(Action::Now(clock.now()));
                    if let Some(action) = keymap.resolve(&k, driver.state.context()) {
                        driver.dispatch(action);
                    }
                    dirty = true;
                }
                Some(Ok(Event::Paste(s))) => {
                    driver.dispatch(Action::Now(clock.now()));
                    driver.dispatch(Action::Paste(s));
                    dirty = true;
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                // The terminal went away (closed window, SIGHUP): everything saved is saved.
                Some(Err(_)) | None => return Ok(()),
            },
            _ = tick.tick() => {
                let before = driver.state.fingerprint();
                driver.dispatch(Action::Tick(clock.now()));
                dirty = driver.state.fingerprint() != before;
            }
        }
    }
}
