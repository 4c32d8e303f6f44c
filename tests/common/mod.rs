//! Shared test helpers: a headless app on a temporary data directory, keys pressed by the
//! name of their action in the default keymap, and text typed as keys.
#![allow(dead_code)]

pub mod pty;

use imha::app::Action;
use imha::domain::time::{Instant, parse_instant};
use imha::driver::Driver;
use imha::keymap::Keymap;

/// The first administrator's passphrase in tests.
pub const PASS: &str = "correct horse battery";

/// The fixed "now" every test uses (a Wednesday in winter, GMT).
pub const NOW: &str = "2026-11-25T10:00:00Z";

pub fn now() -> Instant {
    parse_instant(NOW).unwrap()
}

/// Cheap argon2 settings: key derivation is slow by design, and tests run it often.
pub fn cheap_kdf() -> imha::vault::KdfParams {
    imha::vault::KdfParams {
        m_cost: 64,
        t_cost: 1,
        p_cost: 1,
    }
}

pub fn driver(dir: &std::path::Path) -> Driver {
    let mut d = Driver::new(dir, now());
    d.kdf = cheap_kdf();
    d
}

pub struct Harness {
    pub driver: Driver,
    pub keymap: Keymap,
    pub dir: tempfile::TempDir,
}

impl Harness {
    /// A new app on an empty temporary data directory.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let driver = driver(dir.path());
        Harness {
            driver,
            keymap: Keymap::default_keymap(),
            dir,
        }
    }

    /// The same data directory opened again, as after a restart.
    pub fn reopen(&mut self) {
        self.driver = driver(self.dir.path());
    }

    /// An app with the demo ward loaded and administrator j.smith signed in at the main screen.
    pub fn with_demo() -> Self {
        let mut h = Harness::new();
        h.type_text("j.smith");
        h.press("next_field");
        h.type_text("Jo Smith");
        h.press("next_field");
        h.type_text(PASS);
        h.press("next_field");
        h.type_text(PASS);
        h.press("submit");
        assert!(
            matches!(h.driver.state.screen, imha::app::Screen::Recovery(_)),
            "{:?}",
            h.driver.state.welcome.error
        );
        h.press("submit"); // past the recovery key
        h.press("confirm"); // load the demo ward
        assert_eq!(h.driver.state.screen, imha::app::Screen::Main);
        h
    }

    /// Signs in on the sign-in (or lock) screen.
    pub fn sign_in(&mut self, login: &str, pass: &str) {
        self.type_text(login);
        self.press("next_field");
        self.type_text(pass);
        self.press("submit");
    }

    /// Presses the key bound to `action` in the current context, as the terminal would.
    pub fn press(&mut self, action: &str) {
        let ctx = self.driver.state.context();
        let key = self
            .keymap
            .key_for(action, ctx)
            .unwrap_or_else(|| panic!("no key for {action} in {ctx}"));
        let a = self
            .keymap
            .resolve(&key, ctx)
            .expect("a bound key resolves");
        self.driver.dispatch(a);
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            let key = imha::keymap::parse_key(&c.to_string()).unwrap();
            let ctx = self.driver.state.context();
            if let Some(a) = self.keymap.resolve(&key, ctx) {
                self.driver.dispatch(a);
            }
        }
    }

    pub fn dispatch(&mut self, a: Action) {
        self.driver.dispatch(a);
    }

    /// Searches for a patient and leaves them highlighted.
    pub fn select(&mut self, name: &str) {
        self.press("search");
        self.type_text(name);
        self.press("submit");
        let sel = self
            .driver
            .state
            .selected
            .as_ref()
            .expect("a patient is selected");
        assert_eq!(sel.record.patient.name, name);
    }

    pub fn message(&self) -> String {
        self.driver
            .state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}
