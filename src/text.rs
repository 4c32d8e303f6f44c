//! Making untrusted text safe for the terminal, and checking text typed by advocates.
//!
//! Every string that reaches the screen passes through [`sanitize`]: control characters
//! (including ESC, so no escape sequence can be sent to the terminal) are shown as visible,
//! inert text such as `^[` or `<U+202E>`; nothing is dropped silently.

use unicode_width::UnicodeWidthStr;

/// Characters that change how text is laid out or read without being visible:
/// bidirectional overrides and isolates, which can make a name display reversed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Returns text that is safe to draw: control characters become caret or code-point
/// notation, so a name containing `ESC [ 2 J` shows as `^[[2J` and clears nothing.
pub fn sanitize(input: &str) -> String {
    if !input.chars().any(needs_escape) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        if !needs_escape(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            out.push('^');
            out.push((b'@' + c as u8) as char);
        } else if c == '\u{7f}' {
            out.push_str("^?");
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Width in terminal cells of already-sanitised text.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Why a piece of typed text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field}: nothing was typed; type at least one letter")]
    Empty { field: &'static str },
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
}

/// Cleans text an advocate typed or a script passed: control characters other than line
/// breaks and tabs are removed (they have no meaning in a record), surrounding space is
/// trimmed, and the length is checked in characters.
pub fn clean_input(
    field: &'static str,
    raw: &str,
    max: usize,
    required: bool,
) -> Result<String, TextError> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !needs_escape(*c))
        .collect();
    let trimmed = cleaned.trim().to_string();
    let len = trimmed.chars().count();
    if required && len == 0 {
        return Err(TextError::Empty { field });
    }
    if len > max {
        return Err(TextError::TooLong { field, len, max });
    }
    Ok(trimmed)
}

/// Cuts sanitised text to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        let s = sanitize("Ann\u{1b}[2J\u{1b}]52;c;SGVsbG8=\u{7}");
        assert!(!s.contains('\u{1b}'));
        assert!(!s.contains('\u{7}'));
        assert_eq!(s, "Ann^[[2J^[]52;c;SGVsbG8=^G");
    }

    #[test]
    fn bidi_override_is_shown_not_obeyed() {
        assert_eq!(sanitize("ab\u{202E}cd"), "ab<U+202E>cd");
    }

    #[test]
    fn c1_controls_are_escaped() {
        assert_eq!(sanitize("a\u{9b}2J"), "a<U+009B>2J");
    }

    #[test]
    fn clean_input_strips_controls_and_checks_length() {
        assert_eq!(clean_input("Name", " A\u{1b}B ", 10, true).unwrap(), "AB");
        assert!(matches!(
            clean_input("Name", "   ", 10, true),
            Err(TextError::Empty { .. })
        ));
        assert!(matches!(
            clean_input("Name", "abcdef", 5, true),
            Err(TextError::TooLong { .. })
        ));
        assert_eq!(clean_input("Note", "", 5, false).unwrap(), "");
    }

    #[test]
    fn truncate_respects_wide_characters() {
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("short", 10), "short");
    }
}
