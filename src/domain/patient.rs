use super::{Invalid, NhsNumber};
use crate::text::clean_input;
use chrono::NaiveDate;
use std::fmt;

pub const MAX_NAME: usize = 100;
pub const MAX_WARD: usize = 60;

/// A patient as the advocate knows them. `Debug` hides everything that identifies them,
/// so a panic or a log line can never carry a name.
#[derive(Clone, PartialEq, Eq)]
pub struct Patient {
    pub id: i64,
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub nhs_number: Option<NhsNumber>,
    pub ward: String,
    pub interpreter: Option<String>,
    pub archived: bool,
}

impl fmt::Debug for Patient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Patient {{ id: {}, .. }}", self.id)
    }
}

impl Patient {
    /// The REF printed by `imha patient list` and accepted by every command.
    pub fn reference(&self) -> String {
        format!("P{}", self.id)
    }
}

/// How scripts name a patient: `P12` (or `12`) as printed by `patient list`, or a
/// 10-digit NHS number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientRef {
    Id(i64),
    Nhs(NhsNumber),
}

impl PatientRef {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let digits_only = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ' ');
        if digits_only && s.chars().filter(|c| c.is_ascii_digit()).count() == 10 {
            return Ok(PatientRef::Nhs(NhsNumber::parse(s)?));
        }
        let num = s
            .strip_prefix('P')
            .or_else(|| s.strip_prefix('p'))
            .unwrap_or(s);
        match num.parse::<i64>() {
            Ok(n) if n > 0 && num.len() < 10 => Ok(PatientRef::Id(n)),
            _ => Err(Invalid::msg(format!(
                "'{}' is not a patient REF: use the id from 'imha patient list' (like P3) or a 10-digit NHS number",
                crate::text::sanitize(s)
            ))),
        }
    }
}

/// A patient about to be added, checked.
#[derive(Clone)]
pub struct NewPatient {
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub nhs_number: Option<NhsNumber>,
    pub ward: String,
    pub interpreter: Option<String>,
}

impl fmt::Debug for NewPatient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPatient { .. }")
    }
}

fn optional(field: &'static str, v: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match v {
        None => Ok(None),
        Some(s) => {
            let c = clean_input(field, s, max, false)?;
            Ok(if c.is_empty() { None } else { Some(c) })
        }
    }
}

impl NewPatient {
    pub fn new(
        name: &str,
        preferred_name: Option<&str>,
        date_of_birth: NaiveDate,
        nhs_number: Option<&str>,
        ward: &str,
        interpreter: Option<&str>,
        today: NaiveDate,
    ) -> Result<Self, Invalid> {
        let name = clean_input("Name", name, MAX_NAME, true)?;
        let ward = clean_input("Ward", ward, MAX_WARD, true)?;
        if date_of_birth > today {
            return Err(Invalid::msg(
                "The date of birth is in the future: check the year",
            ));
        }
        if date_of_birth < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() {
            return Err(Invalid::msg(
                "The date of birth is before 1900: check the year",
            ));
        }
        let nhs_number = match nhs_number.map(str::trim).filter(|s| !s.is_empty()) {
            Some(n) => Some(NhsNumber::parse(n)?),
            None => None,
        };
        Ok(NewPatient {
            name,
            preferred_name: optional("Preferred name", preferred_name, MAX_NAME)?,
            date_of_birth,
            nhs_number,
            ward,
            interpreter: optional("Interpreter language", interpreter, 40)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn refs_parse() {
        assert_eq!(PatientRef::parse("P12").unwrap(), PatientRef::Id(12));
        assert_eq!(PatientRef::parse("12").unwrap(), PatientRef::Id(12));
        assert!(matches!(
            PatientRef::parse("9990000018").unwrap(),
            PatientRef::Nhs(_)
        ));
        assert!(PatientRef::parse("bob").is_err());
        assert!(PatientRef::parse("9990000019").is_err());
    }

    #[test]
    fn future_birth_date_is_refused() {
        let r = NewPatient::new(
            "Ann Test",
            None,
            d("2030-01-01"),
            None,
            "Oak",
            None,
            d("2026-11-25"),
        );
        assert!(r.is_err());
    }

    #[test]
    fn debug_hides_the_name() {
        let p = NewPatient::new(
            "Ann Test",
            None,
            d("1990-01-01"),
            None,
            "Oak",
            None,
            d("2026-11-25"),
        )
        .unwrap();
        assert!(!format!("{p:?}").contains("Ann"));
    }
}
