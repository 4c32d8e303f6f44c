//! The Act as data (`sections.toml`, compiled in) and pure rules over it: key dates,
//! eligibility, the checklist a patient's status calls for, and what is due.
//! Knows nothing of screens or SQL.

mod calendar;
pub mod checklist;
mod dates;
pub mod history;

pub use calendar::{add_months_day, is_working_day, next_working_day};
pub use checklist::{DueItem, ItemStatus, Urgency, checklist_for, due_items};
pub use dates::{KeyDate, When, key_dates, key_dates_with, three_month_date};

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
pub struct Law {
    pub meta: Meta,
    #[serde(rename = "item")]
    pub items: Vec<ItemDef>,
    #[serde(rename = "section")]
    pub sections: Vec<Status>,
    pub three_month_rule: ThreeMonthRule,
}

#[derive(Debug, Deserialize)]
pub struct Meta {
    pub regime: String,
    pub verified: chrono::NaiveDate,
    pub verified_source: String,
    pub bank_holidays_from: i32,
    pub bank_holidays_to: i32,
    pub bank_holidays: Vec<chrono::NaiveDate>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Due again whenever a new legal provision starts (s.132(1)).
    Provision,
    /// Due again when detention in a (new) hospital starts (s.132(2)).
    Hospital,
}

#[derive(Debug, Deserialize)]
pub struct ItemDef {
    pub key: String,
    pub title: String,
    pub provision: String,
    pub trigger: Trigger,
    pub explain: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Part4 {
    Yes,
    No,
    Part4a,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Hours,
    Days,
    Months,
    None,
    UntilRelease,
}

#[derive(Debug, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    #[serde(default)]
    pub length: u32,
    #[serde(default)]
    pub renewals: Vec<u32>,
    pub provision: String,
    #[serde(default)]
    pub renewal_window_months: u32,
    #[serde(default)]
    pub renewal_window_provision: String,
    #[serde(default)]
    pub uncertain: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TribunalWindow {
    pub who: String,
    #[serde(default)]
    pub opens_days: Option<u32>,
    #[serde(default)]
    pub closes_days: Option<u32>,
    #[serde(default)]
    pub opens_months: Option<u32>,
    #[serde(default)]
    pub closes_months: Option<u32>,
    #[serde(default)]
    pub closed_day: bool,
    pub provision: String,
    /// The first day (of the episode start) this window applies to; law changes are data.
    #[serde(default)]
    pub from: Option<chrono::NaiveDate>,
    /// The day from which it no longer applies.
    #[serde(default)]
    pub until: Option<chrono::NaiveDate>,
    /// A fact that must hold for this window (for example `dol_conditions`); windows without
    /// one apply when no conditional window does.
    #[serde(default)]
    pub condition: Option<String>,
}

impl TribunalWindow {
    fn in_force(&self, day: chrono::NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.until.is_none_or(|u| day < u)
    }
}

/// A change to a status's period that applies to episodes starting on or after `from`.
#[derive(Debug, Deserialize)]
pub struct PeriodChange {
    pub from: chrono::NaiveDate,
    pub period: Period,
}

/// A change to IMHA eligibility from a date (for example a commencement order).
#[derive(Debug, Deserialize)]
pub struct EligibilityChange {
    pub from: chrono::NaiveDate,
    pub eligible: bool,
    pub reason: String,
    pub provision: String,
}

#[derive(Debug, Deserialize)]
pub struct ManagersReference {
    pub after_months: u32,
    pub provision: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub uncertain: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ThreeMonthRule {
    pub months: u32,
    pub provision: String,
    pub uncertain: Option<String>,
}

/// One legal status a patient can have, as the data file describes it.
#[derive(Debug, Deserialize)]
pub struct Status {
    pub code: String,
    pub name: String,
    pub purpose: String,
    pub liable_to_detention: bool,
    pub restricted: bool,
    pub part: u8,
    pub part4: Part4,
    pub nearest_relative: String,
    pub managers_discharge: bool,
    pub imha_eligible: bool,
    pub imha_reason: String,
    pub imha_provision: String,
    pub rights: Vec<String>,
    pub checklist: Vec<String>,
    pub period: Period,
    #[serde(default)]
    pub tribunal: Vec<TribunalWindow>,
    #[serde(default)]
    pub managers_reference: Option<ManagersReference>,
    /// Every checklist item is due again when an episode of this status starts, not only
    /// those tied to the provision (R-INFO-8: CTO recall).
    #[serde(default)]
    pub items_due_again_on_start: bool,
    #[serde(default)]
    pub period_changes: Vec<PeriodChange>,
    #[serde(default)]
    pub imha_changes: Vec<EligibilityChange>,
}

impl Status {
    /// The period that applies to an episode starting on `day`.
    pub fn period_on(&self, day: chrono::NaiveDate) -> &Period {
        self.period_changes
            .iter()
            .filter(|c| c.from <= day)
            .max_by_key(|c| c.from)
            .map(|c| &c.period)
            .unwrap_or(&self.period)
    }

    /// The patient's tribunal window that applies to an episode starting on `day`, given
    /// the conditions that hold (for example `dol_conditions`).
    pub fn tribunal_on(
        &self,
        day: chrono::NaiveDate,
        conditions: &[&str],
    ) -> Option<&TribunalWindow> {
        let live = || {
            self.tribunal
                .iter()
                .filter(|w| w.who == "patient" && w.in_force(day))
        };
        live()
            .find(|w| {
                w.condition
                    .as_deref()
                    .is_some_and(|c| conditions.contains(&c))
            })
            .or_else(|| live().find(|w| w.condition.is_none()))
    }

    /// `s.3`, `s.17A`, `informal`: how the status is written on screen.
    pub fn short(&self) -> String {
        match self.code.as_str() {
            "informal" => "informal".into(),
            "CD" => "cond. discharge".into(),
            c => format!("s.{c}"),
        }
    }
}

const SECTIONS_TOML: &str = include_str!("sections.toml");

/// The law data, parsed once. The data file is compiled in and checked by a test, so a
/// parse failure here is a build defect.
pub fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| parse_law(SECTIONS_TOML).expect("sections.toml is validated by law::tests"))
}

pub fn parse_law(text: &str) -> Result<Law, String> {
    let law: Law = toml::from_str(text).map_err(|e| e.to_string())?;
    validate(&law)?;
    Ok(law)
}

fn validate(law: &Law) -> Result<(), String> {
    for s in &law.sections {
        for key in &s.checklist {
            if !law.items.iter().any(|i| &i.key == key) {
                return Err(format!("section {}: unknown checklist item {key}", s.code));
            }
        }
        match s.period.kind {
            PeriodKind::Hours | PeriodKind::Days | PeriodKind::Months if s.period.length == 0 => {
                return Err(format!("section {}: period needs a length", s.code));
            }
            _ => {}
        }
        for w in &s.tribunal {
            let days = w.opens_days.is_some() && w.closes_days.is_some();
            let months = w.opens_months.is_some() && w.closes_months.is_some();
            if days == months {
                return Err(format!(
                    "section {}: a tribunal window is in days or in months",
                    s.code
                ));
            }
        }
    }
    Ok(())
}

/// Finds a status by any accepted spelling: `3`, `s.3`, `S3`, `5(2)`, `5-2`, `17A`,
/// `37/41`, `CD`, `informal`.
pub fn status(code: &str) -> Result<&'static Status, String> {
    let canonical = canonical_code(code);
    law()
        .sections
        .iter()
        .find(|s| s.code.eq_ignore_ascii_case(&canonical))
        .ok_or_else(|| {
            format!(
                "'{}' is not a status imha knows. Use one of: {}",
                crate::text::sanitize(code.trim()),
                law()
                    .sections
                    .iter()
                    .map(|s| s.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

fn canonical_code(code: &str) -> String {
    let mut c = code.trim();
    for prefix in ["s.", "S.", "s", "S"] {
        if let Some(rest) = c.strip_prefix(prefix)
            && rest.starts_with(|ch: char| ch.is_ascii_digit())
        {
            c = rest;
            break;
        }
    }
    let c = c.trim().replace(' ', "");
    match c.as_str() {
        "5-2" => "5(2)".into(),
        "5-4" => "5(4)".into(),
        _ => c,
    }
}

pub fn item(key: &str) -> Option<&'static ItemDef> {
    law().items.iter().find(|i| i.key == key)
}

/// IMHA eligibility for a status (s.130C), with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Eligibility {
    pub eligible: bool,
    pub reason: String,
    pub provision: String,
}

/// What an informal patient is discussing with a doctor (s.130C(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Considering {
    S57,
    Ect,
}

/// IMHA eligibility on a day (s.130C). Under s.130C(2) from the status (the data's latest
/// change in force that day, if any); a patient who does not qualify that way qualifies
/// under s.130C(3) while discussing s.57 treatment, or ECT (s.58A) if under 18.
pub fn eligibility(
    status: &Status,
    considering: Option<Considering>,
    age: Option<i32>,
    on: chrono::NaiveDate,
) -> Eligibility {
    let base = match status
        .imha_changes
        .iter()
        .filter(|c| c.from <= on)
        .max_by_key(|c| c.from)
    {
        Some(c) => Eligibility {
            eligible: c.eligible,
            reason: c.reason.clone(),
            provision: c.provision.clone(),
        },
        None => Eligibility {
            eligible: status.imha_eligible,
            reason: status.imha_reason.clone(),
            provision: status.imha_provision.clone(),
        },
    };
    if base.eligible {
        return base;
    }
    let who = if status.code == "informal" {
        "An informal patient".to_string()
    } else {
        format!("A patient under {}", status.short())
    };
    match (considering, age) {
        (None, _) => base,
        (Some(Considering::S57), _) => Eligibility {
            eligible: true,
            reason: format!("{who} discussing s.57 treatment qualifies, at any age."),
            provision: "s.130C(3)(a)".into(),
        },
        (Some(Considering::Ect), Some(a)) if a < 18 => Eligibility {
            eligible: true,
            reason: format!("{who} aged {a} (under 18) discussing ECT (s.58A) qualifies."),
            provision: "s.130C(3)(b)".into(),
        },
        (Some(Considering::Ect), Some(a)) => Eligibility {
            eligible: false,
            reason: format!(
                "{who} qualifies for an ECT discussion only if under 18; this patient is {a}."
            ),
            provision: "s.130C(3)(b)".into(),
        },
        (Some(Considering::Ect), None) => Eligibility {
            eligible: false,
            reason:
                "Unknown without the patient's age: only under-18s qualify for an ECT discussion."
                    .into(),
            provision: "s.130C(3)(b)".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn sections_data_is_valid() {
        let law = parse_law(SECTIONS_TOML).unwrap();
        for code in [
            "2", "3", "4", "5(2)", "5(4)", "7", "17A", "17E", "17F", "35", "36", "37", "37/41",
            "38", "45A", "47", "47/49", "48", "48/49", "135", "136", "CD", "informal",
        ] {
            assert!(
                law.sections.iter().any(|s| s.code == code),
                "missing status {code}"
            );
        }
        assert!(law.meta.bank_holidays.len() >= 40);
    }

    #[test]
    fn status_codes_accept_prefixes_and_dashes() {
        assert_eq!(status("s.3").unwrap().code, "3");
        assert_eq!(status("S2").unwrap().code, "2");
        assert_eq!(status("5-2").unwrap().code, "5(2)");
        assert_eq!(status("s.37/41").unwrap().code, "37/41");
        assert_eq!(status("17a").unwrap().code, "17A");
        assert_eq!(status("informal").unwrap().code, "informal");
        assert!(status("99").is_err());
        assert!(status("").is_err());
    }

    #[test]
    fn s130c_short_term_powers_are_not_eligible() {
        for code in ["4", "5(2)", "5(4)", "135", "136"] {
            assert!(
                !eligibility(status(code).unwrap(), None, None, today()).eligible,
                "{code}"
            );
        }
        assert!(eligibility(status("35").unwrap(), None, None, today()).eligible);
        assert!(eligibility(status("CD").unwrap(), None, None, today()).eligible);
    }

    #[test]
    fn s130c3_any_non_qualifying_patient_discussing_s57_qualifies() {
        assert!(
            eligibility(
                status("136").unwrap(),
                Some(Considering::S57),
                None,
                today()
            )
            .eligible
        );
        assert!(!eligibility(status("136").unwrap(), None, None, today()).eligible);
        // Already qualifying under (2): the discussion changes nothing.
        assert_eq!(
            eligibility(
                status("3").unwrap(),
                Some(Considering::Ect),
                Some(40),
                today()
            )
            .provision,
            "s.130C(2)(a)"
        );
    }

    #[test]
    fn s130c3_informal_patients_considering_s57_or_ect_under_18() {
        let inf = status("informal").unwrap();
        assert!(!eligibility(inf, None, Some(30), today()).eligible);
        assert!(eligibility(inf, Some(Considering::S57), Some(30), today()).eligible);
        assert!(eligibility(inf, Some(Considering::Ect), Some(17), today()).eligible);
        assert!(!eligibility(inf, Some(Considering::Ect), Some(18), today()).eligible);
    }
}
