//! The ward census: a CSV file of who is on the ward under which section, checked row by row
//! before anything is stored. A file with any bad row is refused whole, with line numbers.

use crate::domain::time::{Instant, london_day, parse_date, parse_instant};
use crate::domain::{NewPatient, Source};
use std::fmt;

pub const COLUMNS: [&str; 7] = [
    "name",
    "date_of_birth",
    "nhs_number",
    "ward",
    "section",
    "section_start",
    "source",
];

/// One checked census row.
#[derive(Clone)]
pub struct CensusRow {
    pub line: usize,
    pub patient: NewPatient,
    /// Canonical status code.
    pub section: String,
    pub start: Instant,
    pub source: Source,
}

impl fmt::Debug for CensusRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CensusRow {{ line: {}, .. }}", self.line)
    }
}

/// Parses and checks a census file. Errors name the line (the header is line 1).
pub fn parse(text: &str, now: Instant) -> Result<Vec<CensusRow>, Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![format!("line 1: the header cannot be read: {e}")]),
    };
    let mut index = [0usize; 7];
    let mut errors = Vec::new();
    for (i, col) in COLUMNS.iter().enumerate() {
        match headers.iter().position(|h| h.eq_ignore_ascii_case(col)) {
            Some(p) => index[i] = p,
            None => errors.push(format!(
                "line 1: the header has no column '{col}' (it needs {})",
                COLUMNS.join(",")
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = london_day(now);
    let mut rows = Vec::new();
    let mut seen_nhs = std::collections::HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let get = |i: usize| record.get(index[i]).unwrap_or("").to_string();
        let mut bad =
            |msg: String| errors.push(format!("line {line}: {}", crate::text::sanitize(&msg)));
        let dob = match parse_date(&get(1)) {
            Ok(d) => d,
            Err(e) => {
                bad(format!("date_of_birth: {e}"));
                continue;
            }
        };
        let nhs = get(2);
        let patient = match NewPatient::new(&get(0), None, dob, Some(&nhs), &get(3), None, today) {
            Ok(p) => p,
            Err(e) => {
                bad(e.to_string());
                continue;
            }
        };
        let section = match crate::law::status(&get(4)) {
            Ok(s) => s.code.clone(),
            Err(e) => {
                bad(format!("section: {e}"));
                continue;
            }
        };
        let start = match parse_instant(&get(5)) {
            Ok(t) if t > now + chrono::Duration::minutes(5) => {
                bad("section_start is in the future".into());
                continue;
            }
            Ok(t) => t,
            Err(e) => {
                bad(format!("section_start: {e}"));
                continue;
            }
        };
        let Some(source) = Source::parse(&get(6)) else {
            bad(format!(
                "source '{}' is not one of {}",
                get(6),
                Source::choices()
            ));
            continue;
        };
        if let Some(n) = &patient.nhs_number
            && let Some(first) = seen_nhs.insert(n.as_str().to_string(), line)
        {
            bad(format!("the same NHS number is on line {first} too"));
            continue;
        }
        rows.push(CensusRow {
            line,
            patient,
            section,
            start,
            source,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// What an import did, in words for the advocate.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub conflicts: Vec<String>,
    pub unchanged: usize,
    pub left_alone: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Added {} patient(s); changed {}; {} in conflict (not applied); {} unchanged.",
            self.added.len(),
            self.changed.len(),
            self.conflicts.len(),
            self.unchanged
        )?;
        for (title, list) in [
            ("Added", &self.added),
            ("Changed", &self.changed),
            ("Conflicts, not applied", &self.conflicts),
            ("Not in the census, left alone", &self.left_alone),
        ] {
            if !list.is_empty() {
                writeln!(f, "{title}:")?;
                for l in list {
                    writeln!(f, "  {}", crate::text::sanitize(l))?;
                }
            }
        }
        Ok(())
    }
}
