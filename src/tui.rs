//! The full-screen terminal: setup and restore, a panic hook that prints no patient data,
//! and the tokio event loop (keys, paste, a once-a-second tick, SIGHUP and SIGTERM).

use crate::app::Action;
use crate::domain::time::Clock;
use crate::driver::Driver;
use crate::ui::{self, Themes, View};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};
use std::io;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

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

/// Reads terminal events on their own thread. crossterm's reader is built with `use-dev-tty`
/// (poll(2), level-triggered): its default mio reader is edge-triggered and returns before
/// the terminal is drained, so after a burst of more than 2,047 bytes the next key sat unread
/// until another key arrived. A blocking `read` on one thread hands over every event that is
/// already parsed without a system call, where `EventStream` starts a thread per wait.
fn read_events() -> mpsc::UnboundedReceiver<io::Result<Event>> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                return;
            }
        }
    });
    rx
}

/// One terminal event through the keymap to `update`. Returns whether the screen may have
/// changed.
fn handle(driver: &mut Driver, keymap: &crate::keymap::Keymap, clock: &Clock, ev: Event) -> bool {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            // Any key counts as activity (and cancels the lock warning).
            driver.dispatch(Action::Now(clock.now()));
            if let Some(action) = keymap.resolve(&k, driver.state.context()) {
                driver.dispatch(action);
            }
            true
        }
        Event::Paste(s) => {
            driver.dispatch(Action::Now(clock.now()));
            driver.dispatch(Action::Paste(s));
            true
        }
        Event::Resize(..) => true,
        _ => false,
    }
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut driver: Driver,
    clock: Clock,
    themes: &Themes,
) -> io::Result<()> {
    let keymap = driver.state.keymap.clone();
    let mut theme = themes.get(&driver.state.theme).0;
    let mut events = read_events();
    let mut batch = Vec::new();
    // A closed terminal window (SIGHUP) or a shutdown (SIGTERM) ends the program the way
    // quitting does: the terminal is restored and cleared. Everything saved is already
    // committed; a session in progress stays open and is offered at the next sign-in.
    let mut hangup = signal(SignalKind::hangup())?;
    let mut terminate = signal(SignalKind::terminate())?;
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
            // Events that arrived together (a paste without bracketing, a held key, a burst
            // from a slow link) are all handled before the next frame is drawn.
            n = events.recv_many(&mut batch, 4096) => {
                // The terminal went away (closed window): everything saved is saved.
                if n == 0 {
                    return Ok(());
                }
                for ev in batch.drain(..) {
                    let Ok(ev) = ev else { return Ok(()) };
                    dirty |= handle(&mut driver, &keymap, &clock, ev);
                    if driver.state.quit {
                        break;
                    }
                }
            },
            _ = hangup.recv() => return Ok(()),
            _ = terminate.recv() => return Ok(()),
            _ = tick.tick() => {
                let before = driver.state.fingerprint();
                driver.dispatch(Action::Tick(clock.now()));
                dirty = driver.state.fingerprint() != before;
            }
        }
    }
}
