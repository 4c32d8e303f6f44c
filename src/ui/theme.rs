//! Themes: named style roles and symbols from `themes/*.toml` (compiled in). Panes ask for a
//! role ("overdue", "selection"), never for a colour.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::HashMap;
use std::str::FromStr;

const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

#[derive(Debug, Deserialize, Default, Clone)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ThemeFile {
    name: String,
    styles: HashMap<String, StyleSpec>,
    symbols: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: HashMap<String, Style>,
    symbols: HashMap<String, String>,
}

fn modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        other => return Err(format!("unknown modifier '{other}'")),
    })
}

impl Theme {
    pub fn parse(text: &str, no_color: bool) -> Result<Theme, String> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut styles = HashMap::new();
        for (role, spec) in file.styles {
            let mut s = Style::default();
            if !no_color {
                if let Some(fg) = &spec.fg {
                    s = s.fg(Color::from_str(fg)
                        .map_err(|_| format!("{role}: unknown colour '{fg}'"))?);
                }
                if let Some(bg) = &spec.bg {
                    s = s.bg(Color::from_str(bg)
                        .map_err(|_| format!("{role}: unknown colour '{bg}'"))?);
                }
            }
            for m in &spec.modifiers {
                s = s.add_modifier(modifier(m).map_err(|e| format!("{role}: {e}"))?);
            }
            styles.insert(role, s);
        }
        Ok(Theme {
            name: file.name,
            styles,
            symbols: file.symbols,
        })
    }

    /// The built-in theme; without colour when `NO_COLOR` is set.
    pub fn default_theme(no_color: bool) -> Theme {
        Theme::parse(DEFAULT_THEME, no_color)
            .expect("the default theme is checked by ui::theme::tests")
    }

    pub fn style(&self, role: &str) -> Style {
        self.styles.get(role).copied().unwrap_or_default()
    }

    pub fn symbol(&self, name: &str) -> &str {
        self.symbols.get(name).map(String::as_str).unwrap_or("*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_parses_with_every_role() {
        let t = Theme::parse(DEFAULT_THEME, false).unwrap();
        for role in [
            "focused_border",
            "selection",
            "due",
            "overdue",
            "saved",
            "error",
            "match",
            "check",
        ] {
            assert!(t.styles.contains_key(role), "{role}");
        }
        for s in [
            "focus",
            "given",
            "never",
            "another_try",
            "overdue",
            "due",
            "check",
        ] {
            assert!(t.symbols.contains_key(s), "{s}");
        }
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let t = Theme::parse(DEFAULT_THEME, true).unwrap();
        assert_eq!(t.style("overdue").fg, None);
        assert!(t.style("overdue").add_modifier.contains(Modifier::BOLD));
    }
}
