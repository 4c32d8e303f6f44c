//! Keys as data: one embedded TOML table per context, every binding with a description.
//! `resolve` is a pure function of key and context; help and hints are made from here.

use crate::app::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;

const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// Contexts where typed characters are text, not commands.
const TEXT_CONTEXTS: &[&str] = &["form", "sign_in", "search", "help"];
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

    /// The default keymap with an advocate's own bindings (`<config dir>/keymap.toml`, the
    /// same format) put first: they add to or override the defaults without copying them. A
    /// bad or conflicting binding is reported in words and skipped, never a crash.
    pub fn with_overrides(user: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default_keymap();
        let mut warnings = Vec::new();
        let parsed: BTreeMap<String, Vec<Binding>> = match toml::from_str(user) {
            Ok(p) => p,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| user[..s.start.min(user.len())].lines().count().max(1))
                    .unwrap_or(1);
                warnings.push(format!(
                    "keymap.toml line {line}: {}; your bindings were not used",
                    e.message()
                ));
                return (map, warnings);
            }
        };
        for (ctx, list) in parsed {
            if !map.contexts.contains_key(&ctx) {
                warnings.push(format!("keymap.toml: there is no [{ctx}] context; skipped"));
                continue;
            }
            let mut taken: Vec<KeyEvent> = Vec::new();
            let mut mine = Vec::new();
            for b in list {
                if Action::from_name(&b.action).is_none() {
                    warnings.push(format!(
                        "keymap.toml [{ctx}]: there is no action '{}'; skipped",
                        b.action
                    ));
                    continue;
                }
                let mut keys = Vec::new();
                for k in &b.keys {
                    match parse_key(k) {
                        None => warnings.push(format!("keymap.toml [{ctx}] {}: '{k}' is not a key imha knows; skipped", b.action)),
                        Some(ev) if taken.iter().any(|t| same_key(t, &ev)) => warnings.push(format!(
                            "keymap.toml [{ctx}] {}: '{k}' is already bound to another of your actions there; skipped",
                            b.action
                        )),
                        Some(ev) => {
                            taken.push(ev);
                            keys.push(k.clone());
                        }
                    }
                }
                if !keys.is_empty() {
                    mine.push(Binding { keys, ..b });
                }
            }
            let table = map.contexts.entry(ctx).or_default();
            // A default binding loses the keys the advocate took for something else.
            for d in table.iter_mut() {
                d.keys.retain(|k| {
                    parse_key(k).is_none_or(|ev| !taken.iter().any(|t| same_key(t, &ev)))
                });
            }
            table.retain(|d| !d.keys.is_empty());
            mine.append(table);
            *table = mine;
        }
        (map, warnings)
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
            "sign_in",
            "notice",
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
    fn user_bindings_override_and_add_without_copying_the_defaults() {
        let (k, warnings) = Keymap::with_overrides(
            "[[global]]\nkeys = [\"F5\"]\naction = \"search\"\ndesc = \"Search\"\n\n[[global]]\nkeys = [\"s\"]\naction = \"ward_filter\"\ndesc = \"Wards\"\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(matches!(
            k.resolve(&parse_key("F5").unwrap(), "patients"),
            Some(Action::Search)
        ));
        assert!(
            matches!(
                k.resolve(&parse_key("/").unwrap(), "patients"),
                Some(Action::Search)
            ),
            "defaults kept"
        );
        assert!(
            matches!(
                k.resolve(&parse_key("s").unwrap(), "patients"),
                Some(Action::WardFilter)
            ),
            "overridden"
        );
    }

    #[test]
    fn bad_and_conflicting_user_bindings_are_skipped_with_words() {
        let (k, warnings) = Keymap::with_overrides(
            "[[global]]\nkeys = [\"x\"]\naction = \"fly\"\ndesc = \"\"\n[[global]]\nkeys = [\"Hyper-q\", \"z\"]\naction = \"quit\"\ndesc = \"\"\n[[global]]\nkeys = [\"z\"]\naction = \"help\"\ndesc = \"\"\n[[nowhere]]\nkeys = [\"a\"]\naction = \"quit\"\ndesc = \"\"\n",
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(matches!(
            k.resolve(&parse_key("z").unwrap(), "patients"),
            Some(Action::Quit)
        ));
        let (_, w) = Keymap::with_overrides("[[global]\n");
        assert!(w[0].contains("line 1"), "{w:?}");
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
