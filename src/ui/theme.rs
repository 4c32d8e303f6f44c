//! Themes: named style roles and symbols from `themes/*.toml`, compiled in and overridable
//! from `<config dir>/themes/`. Panes ask for a role ("overdue", "selection"), never for a
//! colour. A theme may inherit from another; one with an error is reported with its line
//! and the default is used.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

/// The built-in themes, in the order the app offers them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
    ("colour-safe", include_str!("../../themes/colour-safe.toml")),
    ("light", include_str!("../../themes/light.toml")),
];

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    pub fg: Option<String>,
    pub bg: Option<String>,
    #[serde(default)]
    pub modifiers: Vec<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    pub name: String,
    #[serde(default)]
    pub inherits: Option<String>,
    #[serde(default)]
    pub styles: BTreeMap<String, StyleSpec>,
    #[serde(default)]
    pub symbols: BTreeMap<String, String>,
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

/// Parses a theme file, naming the line of any error.
pub fn parse_file(text: &str) -> Result<ThemeFile, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        match line {
            Some(l) => format!("line {l}: {}", e.message()),
            None => e.message().to_string(),
        }
    })
}

fn build(files: &[&ThemeFile], no_color: bool) -> Result<Theme, String> {
    let mut styles = HashMap::new();
    let mut symbols = HashMap::new();
    // Oldest ancestor first, so children override.
    for f in files.iter().rev() {
        for (role, spec) in &f.styles {
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
            styles.insert(role.clone(), s);
        }
        for (k, v) in &f.symbols {
            symbols.insert(k.clone(), v.clone());
        }
    }
    Ok(Theme {
        name: files.first().map(|f| f.name.clone()).unwrap_or_default(),
        styles,
        symbols,
    })
}

/// Every theme available: the built-in ones, and any in `<config dir>/themes/`.
pub struct Themes {
    files: BTreeMap<String, ThemeFile>,
    order: Vec<String>,
    no_color: bool,
}

impl Themes {
    /// Loads the themes; problems are returned in words (the default is then used).
    pub fn load(config_dir: Option<&Path>, no_color: bool) -> (Themes, Vec<String>) {
        let mut warnings = Vec::new();
        let mut files = BTreeMap::new();
        let mut order = Vec::new();
        for (name, text) in BUILT_IN {
            if let Ok(f) = parse_file(text) {
                files.insert(name.to_string(), f);
                order.push(name.to_string());
            }
        }
        if let Some(dir) = config_dir.map(|d| d.join("themes"))
            && let Ok(entries) = std::fs::read_dir(&dir)
        {
            let mut paths: Vec<_> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for p in paths {
                let shown = p.display().to_string();
                match std::fs::read_to_string(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| parse_file(&t))
                {
                    Ok(f) => {
                        let name = f.name.clone();
                        if !order.contains(&name) {
                            order.push(name.clone());
                        }
                        files.insert(name, f);
                    }
                    Err(e) => warnings.push(format!("Theme {shown}: {e}; it was not loaded")),
                }
            }
        }
        let themes = Themes {
            files,
            order,
            no_color,
        };
        for name in themes.order.clone() {
            if let Err(e) = themes.resolve(&name) {
                warnings.push(format!("Theme {name}: {e}"));
            }
        }
        (themes, warnings)
    }

    pub fn names(&self) -> &[String] {
        &self.order
    }

    fn resolve(&self, name: &str) -> Result<Theme, String> {
        let mut chain = Vec::new();
        let mut next = Some(name.to_string());
        while let Some(n) = next {
            if chain.len() > 8 || chain.iter().any(|f: &&ThemeFile| f.name == n) {
                return Err(format!("inherits in a loop through '{n}'"));
            }
            let f = self
                .files
                .get(&n)
                .ok_or_else(|| format!("there is no theme '{n}'"))?;
            next = f.inherits.clone();
            chain.push(f);
        }
        build(&chain, self.no_color && name != "monochrome")
    }

    /// The named theme, or the default with a warning in words.
    pub fn get(&self, name: &str) -> (Theme, Option<String>) {
        match self.resolve(name) {
            Ok(t) => (t, None),
            Err(e) => (
                Theme::default_theme(self.no_color),
                Some(format!(
                    "Theme {name}: {e}; using the default theme (themes: {})",
                    self.order.join(", ")
                )),
            ),
        }
    }
}

impl Theme {
    pub fn parse(text: &str, no_color: bool) -> Result<Theme, String> {
        let f = parse_file(text)?;
        build(&[&f], no_color)
    }

    /// The built-in default; without colour when `NO_COLOR` is set.
    pub fn default_theme(no_color: bool) -> Theme {
        Theme::parse(BUILT_IN[0].1, no_color)
            .expect("the default theme is checked by ui::theme::tests")
    }

    pub fn style(&self, role: &str) -> Style {
        self.styles.get(role).copied().unwrap_or_default()
    }

    pub fn symbol(&self, name: &str) -> &str {
        self.symbols.get(name).map(String::as_str).unwrap_or("*")
    }
}

/// The xterm default palette for the 16 named colours, as sRGB.
fn xterm_rgb(c: Color) -> Option<(u8, u8, u8)> {
    Some(match c {
        Color::Black => (0, 0, 0),
        Color::Red => (0xcd, 0, 0),
        Color::Green => (0, 0xcd, 0),
        Color::Yellow => (0xcd, 0xcd, 0),
        Color::Blue => (0, 0, 0xee),
        Color::Magenta => (0xcd, 0, 0xcd),
        Color::Cyan => (0, 0xcd, 0xcd),
        Color::Gray => (0xe5, 0xe5, 0xe5),
        Color::DarkGray => (0x7f, 0x7f, 0x7f),
        Color::LightRed => (0xff, 0, 0),
        Color::LightGreen => (0, 0xff, 0),
        Color::LightYellow => (0xff, 0xff, 0),
        Color::LightBlue => (0x5c, 0x5c, 0xff),
        Color::LightMagenta => (0xff, 0, 0xff),
        Color::LightCyan => (0, 0xff, 0xff),
        Color::White => (0xff, 0xff, 0xff),
        Color::Rgb(r, g, b) => (r, g, b),
        _ => return None,
    })
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The WCAG contrast ratio of two colours (1 to 21), or `None` when either is the
/// terminal's own default (which the theme does not control).
pub fn contrast(fg: Color, bg: Color) -> Option<f64> {
    let (a, b) = (luminance(xterm_rgb(fg)?), luminance(xterm_rgb(bg)?));
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_with_every_role_and_symbol() {
        let (themes, warnings) = Themes::load(None, false);
        assert!(warnings.is_empty(), "{warnings:?}");
        for name in themes.names() {
            let (t, w) = themes.get(name);
            assert!(w.is_none(), "{w:?}");
            for role in [
                "focused_border",
                "selection",
                "due",
                "overdue",
                "saved",
                "error",
                "match",
                "check",
                "status_bar",
            ] {
                assert!(t.styles.contains_key(role), "{name}: {role}");
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
                assert!(t.symbols.contains_key(s), "{name}: {s}");
            }
        }
    }

    #[test]
    fn wcag_contrast_of_every_pair_a_theme_defines() {
        let (themes, _) = Themes::load(None, false);
        for name in themes.names().iter().filter(|n| *n != "monochrome") {
            let (t, _) = themes.get(name);
            let need = if name == "high-contrast" { 7.0 } else { 4.5 };
            for (role, style) in &t.styles {
                if let (Some(fg), Some(bg)) = (style.fg, style.bg)
                    && let Some(ratio) = contrast(fg, bg)
                {
                    assert!(
                        ratio >= need,
                        "{name}.{role}: {ratio:.2}:1 is under {need}:1"
                    );
                }
            }
        }
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(Color::Black, Color::White).unwrap() - 21.0).abs() < 0.01);
        assert!(contrast(Color::Reset, Color::White).is_none());
    }

    #[test]
    fn monochrome_and_no_color_use_no_colour_at_all() {
        let (themes, _) = Themes::load(None, true);
        for name in themes.names() {
            let (t, _) = themes.get(name);
            for s in t.styles.values() {
                assert!(s.fg.is_none() && s.bg.is_none(), "{name}");
            }
        }
    }

    #[test]
    fn colour_safe_has_no_red_or_green() {
        let f = parse_file(
            BUILT_IN
                .iter()
                .find(|(n, _)| *n == "colour-safe")
                .unwrap()
                .1,
        )
        .unwrap();
        for (role, s) in &f.styles {
            for c in [&s.fg, &s.bg].into_iter().flatten() {
                assert!(!c.contains("red") && !c.contains("green"), "{role}: {c}");
            }
        }
    }

    #[test]
    fn a_broken_user_theme_is_reported_with_its_line_and_the_default_is_used() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("themes")).unwrap();
        std::fs::write(
            d.path().join("themes/mine.toml"),
            "name = \"mine\"\n[styles]\ntext = { fg = 3 }\n",
        )
        .unwrap();
        std::fs::write(
            d.path().join("themes/child.toml"),
            "name = \"child\"\ninherits = \"nothing\"\n",
        )
        .unwrap();
        let (themes, warnings) = Themes::load(Some(d.path()), false);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("mine.toml") && w.contains("line 3")),
            "{warnings:?}"
        );
        let (t, w) = themes.get("child");
        assert_eq!(t.name, "default");
        assert!(w.unwrap().contains("no theme 'nothing'"));
    }
}
