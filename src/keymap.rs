//! Keys as data: one embedded TOML table per context, every binding with a description.
//! `resolve` is a pure function of key and context; help and hints are made from here.

use crate::app::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;

const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// Contexts where typed characters are text, not commands.
const TEXT_CONTEXTS: &[&str] = &["form", "search", "help"];
/// Contexts that also take the `global` table.
const PANE_CONTEXTS: &[&str] = &["patients", "sections", "checklist", "concerns"];

#[derive(Debug, Clone, Deserialize)]
pub struct Binding {
    pub keys: Vec<String>,
    pub action: String,
    pub desc: String,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    contexts: BTreeMap<String, Vec<Binding>>,
}

/// A key as written in the keymap: `Ctrl-c`, `Tab`, `BackTab`, `Enter`, `F1`, `a`, `A`.
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    let (mods, name) = match s.strip_prefix("Ctrl-") {
        Some(rest) => (KeyModifiers::CONTROL, rest),
        None => (KeyModifiers::NONE, s),
    };
    let code = match name {
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Backspace" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().ok()?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some(KeyEvent::new(code, mods))
}

/// Compares keys the way a terminal reports them: Shift on a letter is in the letter.
fn same_key(a: &KeyEvent, b: &KeyEvent) -> bool {
    let norm = |m: KeyModifiers| m & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    a.code == b.code && norm(a.modifiers) == norm(b.modifiers)
}

impl Keymap {
    /// The embedded default keymap. It is checked by a test, so it always parses.
    pub fn default_keymap() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP).expect("the embedded keymap is checked by keymap::tests")
    }

    pub fn parse(text: &str) -> Result<Keymap, String> {
        let contexts: BTreeMap<String, Vec<Binding>> =
            toml::from_str(text).map_err(|e| e.to_string())?;
        for (ctx, list) in &contexts {
            for b in list {
                if Action::from_name(&b.action).is_none() {
                    return Err(format!("[{ctx}] unknown action '{}'", b.action));
                }
                for k in &b.keys {
                    if parse_key(k).is_none() {
                        return Err(format!("[{ctx}] unknown key '{k}'"));
                    }
                }
            }
        }
        Ok(Keymap { contexts })
    }

    fn table(&self, ctx: &str) -> &[Binding] {
        self.contexts.get(ctx).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The tables consulted in a context, most specific first.
    fn tables(&self, ctx: &str) -> Vec<&[Binding]> {
        let mut v = vec![self.table(ctx)];
        if PANE_CONTEXTS.contains(&ctx) {
            v.push(self.table("global"));
        }
        v.push(self.table("any"));
        v
    }

    /// What a key does in a context. In text contexts an unbound character is typed.
    pub fn resolve(&self, key: &KeyEvent, ctx: &str) -> Option<Action> {
        for table in self.tables(ctx) {
            for b in table {
                if b.keys
                    .iter()
                    .filter_map(|k| parse_key(k))
                    .any(|k| same_key(&k, key))
                {
                    return Action::from_name(&b.action);
                }
            }
        }
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && (TEXT_CONTEXTS.contains(&ctx) || ctx == "form")
        {
            return Some(Action::Input(c));
        }
        None
    }

    /// The key that runs an action in a context, for tests and hints.
    pub fn key_for(&self, action: &str, ctx: &str) -> Option<KeyEvent> {
        self.tables(ctx)
            .into_iter()
            .flatten()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .and_then(|k| parse_key(k))
    }

    /// The bindings in force in a context, as (keys, description, action), for help.
    pub fn bindings(&self, ctx: &str) -> Vec<(String, String, String)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for table in self.tables(ctx) {
            for b in table {
                if seen.insert(b.action.clone()) {
                    out.push((b.keys.join(" / "), b.desc.clone(), b.action.clone()));
                }
            }
        }
        out
    }

    /// The key table in the README: generated from the keymap, checked by a test.
    pub fn markdown_table(&self) -> String {
        let mut s = String::from("| where | keys | what it does |\n|---|---|---|\n");
        let order = [
            "any",
            "global",
            "patients",
            "sections",
            "checklist",
            "concerns",
            "search",
            "form",
            "confirm",
            "summary",
            "open_sessions",
            "list",
            "accounts",
            "help",
        ];
        for ctx in order {
            for b in self.table(ctx) {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect();
                s.push_str(&format!("| {ctx} | {} | {} |\n", keys.join(" "), b.desc));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_and_every_action_exists() {
        let k = Keymap::parse(DEFAULT_KEYMAP).unwrap();
        assert!(k.table("global").len() > 10);
    }

    #[test]
    fn resolve_uses_the_pane_table_before_global() {
        let k = Keymap::default_keymap();
        let n = parse_key("n").unwrap();
        assert!(matches!(
            k.resolve(&n, "patients"),
            Some(Action::AddPatient)
        ));
        assert!(matches!(
            k.resolve(&n, "sections"),
            Some(Action::AddSection)
        ));
        assert!(matches!(k.resolve(&n, "form"), Some(Action::Input('n'))));
        assert!(matches!(
            k.resolve(&parse_key("Ctrl-c").unwrap(), "form"),
            Some(Action::ForceQuit)
        ));
        assert!(k.resolve(&parse_key("z").unwrap(), "patients").is_none());
    }

    #[test]
    fn esc_never_quits() {
        let k = Keymap::default_keymap();
        let esc = parse_key("Esc").unwrap();
        for ctx in [
            "patients",
            "sections",
            "checklist",
            "concerns",
            "search",
            "form",
            "confirm",
            "summary",
            "help",
            "list",
        ] {
            let a = k.resolve(&esc, ctx);
            assert!(
                !matches!(a, Some(Action::Quit) | Some(Action::ForceQuit)),
                "{ctx}"
            );
        }
    }

    #[test]
    fn bad_keymap_is_reported_in_words() {
        assert!(
            Keymap::parse("[[global]]\nkeys=[\"x\"]\naction=\"fly\"\ndesc=\"\"")
                .unwrap_err()
                .contains("fly")
        );
        assert!(
            Keymap::parse("[[global]]\nkeys=[\"Hyper-x\"]\naction=\"quit\"\ndesc=\"\"")
                .unwrap_err()
                .contains("Hyper-x")
        );
    }
}
