//! The patient list: one row per patient with their most pressing due item, sorted by
//! urgency, narrowed by the ward filter and the fuzzy search.

use crate::domain::PatientOverview;
use crate::domain::time::Instant;
use crate::law::{DueItem, due_items};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// The longest search: longer than any name, NHS number and ward together, short enough that
/// a pasted page of text cannot stall the search.
pub const MAX_QUERY: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientRow {
    pub id: i64,
    pub name: String,
    pub preferred_name: Option<String>,
    pub nhs_number: Option<String>,
    pub ward: String,
    /// `s.3`, or `None` with no current section.
    pub section: Option<String>,
    pub due: Option<DueItem>,
    /// What the fuzzy search runs over: name, preferred name, NHS number, ward.
    pub haystack: String,
}

impl PatientRow {
    pub fn from_overview(o: &PatientOverview, now: Instant) -> Self {
        let p = &o.patient;
        let section = crate::law::checklist::current_episode(&o.episodes)
            .and_then(|e| crate::law::status(&e.section).ok())
            .map(|s| s.short());
        let due = due_items(&o.episodes, &o.events, &o.info, p.date_of_birth, now)
            .into_iter()
            .next();
        let nhs = p.nhs_number.as_ref().map(|n| n.as_str().to_string());
        let haystack = format!(
            "{} {} {} {} {}",
            p.name,
            p.preferred_name.as_deref().unwrap_or(""),
            nhs.as_deref().unwrap_or(""),
            p.nhs_number
                .as_ref()
                .map(|n| n.spaced())
                .unwrap_or_default(),
            p.ward
        );
        PatientRow {
            id: p.id,
            name: p.name.clone(),
            preferred_name: p.preferred_name.clone(),
            nhs_number: nhs,
            ward: p.ward.clone(),
            section,
            due,
            haystack,
        }
    }
}

/// Sorts rows by what is most pressing: overdue first, then soonest, then by name.
pub fn sort_by_urgency(rows: &mut [PatientRow]) {
    rows.sort_by(|a, b| {
        let ka = a.due.as_ref().map(|d| (d.urgency, d.days));
        let kb = b.due.as_ref().map(|d| (d.urgency, d.days));
        match (ka, kb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.name.cmp(&b.name))
    });
}

/// Indices of the rows to show: in the ward (if filtered) and matching the query (if any),
/// best match first; with no query, in urgency order. `previous` holds the last result
/// when the query only grew, so only those rows are searched again.
pub fn visible(
    rows: &[PatientRow],
    ward: Option<&str>,
    query: &str,
    previous: Option<&[usize]>,
) -> Vec<usize> {
    let in_ward = |r: &PatientRow| ward.is_none_or(|w| r.ward == w);
    if query.trim().is_empty() {
        return rows
            .iter()
            .enumerate()
            .filter(|(_, r)| in_ward(r))
            .map(|(i, _)| i)
            .collect();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let candidates: Box<dyn Iterator<Item = usize>> = match previous {
        Some(p) => Box::new(p.iter().copied()),
        None => Box::new(0..rows.len()),
    };
    let mut scored: Vec<(i64, usize)> = candidates
        .filter(|i| in_ward(&rows[*i]))
        .filter_map(|i| {
            matcher
                .fuzzy_match(&rows[i].haystack, query.trim())
                .map(|s| (s, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Character positions in the row's name that the query matched, for highlighting. Only
/// called for rows on screen.
pub fn name_matches(row: &PatientRow, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let n = row.name.chars().count();
    SkimMatcherV2::default()
        .ignore_case()
        .fuzzy_indices(&row.haystack, query.trim())
        .map(|(_, idx)| idx.into_iter().filter(|i| *i < n).collect())
        .unwrap_or_default()
}
