use super::text_enum;
use super::time::Instant;
use std::fmt;

text_enum!(Form {
    Spoken = "spoken": "spoken",
    Written = "written": "written",
    EasyRead = "easy_read": "easy read",
    Interpreted = "interpreted": "interpreted",
    Other = "other": "other",
});

text_enum!(Understanding {
    Understood = "understood": "understood",
    Partly = "partly": "partly understood",
    NotYet = "not_yet": "not yet understood",
    Declined = "declined": "declined to discuss",
});

impl Understanding {
    /// Items not fully understood stay flagged for another try.
    pub fn needs_another_try(self) -> bool {
        !matches!(self, Understanding::Understood)
    }
}

/// The set of forms information was given in. s.132(3) asks for spoken and written both.
#[derive(Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Forms(u8);

impl Forms {
    pub fn empty() -> Self {
        Forms(0)
    }
    /// The default for a new entry: spoken and written, as s.132(3) asks.
    pub fn spoken_and_written() -> Self {
        Forms::empty().with(Form::Spoken).with(Form::Written)
    }
    fn bit(f: Form) -> u8 {
        1 << (Form::ALL.iter().position(|x| *x == f).unwrap_or(0) as u8)
    }
    pub fn with(self, f: Form) -> Self {
        Forms(self.0 | Self::bit(f))
    }
    pub fn toggle(self, f: Form) -> Self {
        Forms(self.0 ^ Self::bit(f))
    }
    pub fn contains(self, f: Form) -> bool {
        self.0 & Self::bit(f) != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Form> {
        Form::ALL.iter().copied().filter(move |f| self.contains(*f))
    }
    /// `spoken,written`: how the set is stored.
    pub fn to_csv(self) -> String {
        self.iter().map(Form::as_str).collect::<Vec<_>>().join(",")
    }
    pub fn from_csv(s: &str) -> Self {
        s.split(',')
            .filter_map(Form::parse)
            .fold(Forms::empty(), Forms::with)
    }
    /// `spoken and written`: for the screen.
    pub fn words(self) -> String {
        let v: Vec<&str> = self.iter().map(Form::label).collect();
        match v.len() {
            0 => "no form recorded".into(),
            1 => v[0].into(),
            n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
        }
    }
}

impl fmt::Debug for Forms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Forms({})", self.to_csv())
    }
}

/// One record that an item of information was given. Append-only: a mistake is corrected
/// by a new entry whose `corrects` points at this one, and both stay in the history.
#[derive(Clone, PartialEq, Eq)]
pub struct InfoGiven {
    pub id: i64,
    pub patient_id: i64,
    pub session_id: Option<i64>,
    pub item: String,
    pub given_at: Instant,
    pub recorded_at: Instant,
    pub advocate: String,
    pub forms: Forms,
    pub understanding: Understanding,
    pub note: String,
    pub corrects: Option<i64>,
}

impl fmt::Debug for InfoGiven {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "InfoGiven {{ id: {}, item: {}, .. }}",
            self.id, self.item
        )
    }
}

/// What the patient list carries of each item's latest entry (the one no later entry
/// corrects): all the "most pressing" rules read, without the note or who gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestInfo {
    pub id: i64,
    pub patient_id: i64,
    /// The item's key, borrowed from the compiled-in law.
    pub item: &'static str,
    pub given_at: Instant,
    pub forms: Forms,
    pub understanding: Understanding,
}

#[derive(Clone)]
pub struct NewInfoGiven {
    pub patient_id: i64,
    pub session_id: Option<i64>,
    pub item: String,
    pub given_at: Instant,
    pub forms: Forms,
    pub understanding: Understanding,
    pub note: String,
    pub corrects: Option<i64>,
}

impl fmt::Debug for NewInfoGiven {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewInfoGiven {{ item: {}, .. }}", self.item)
    }
}

pub const MAX_NOTE: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip_and_words() {
        let f = Forms::spoken_and_written().with(Form::EasyRead);
        assert_eq!(f.to_csv(), "spoken,written,easy_read");
        assert_eq!(Forms::from_csv(&f.to_csv()), f);
        assert_eq!(f.words(), "spoken, written and easy read");
        assert!(!f.toggle(Form::Written).contains(Form::Written));
    }
}
