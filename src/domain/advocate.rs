use super::Invalid;

/// A login name: lower-case letters, digits, `.`, `-` and `_`, 2 to 32 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Login(String);

impl Login {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
        if !(2..=32).contains(&s.len()) || !ok_chars {
            return Err(Invalid::msg(
                "A login name is 2 to 32 characters: lower-case letters, digits, '.', '-' or '_' (for example j.smith)",
            ));
        }
        Ok(Login(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An advocate who uses the app. Every session and entry records which one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Advocate {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// Administrators add, disable and reset advocates.
    pub admin: bool,
    /// A disabled advocate cannot sign in; their entries keep their name.
    pub disabled: bool,
}

pub const MAX_DISPLAY_NAME: usize = 80;

pub fn clean_display_name(raw: &str) -> Result<String, Invalid> {
    Ok(crate::text::clean_input(
        "Display name",
        raw,
        MAX_DISPLAY_NAME,
        true,
    )?)
}
