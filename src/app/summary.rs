//! The summary shown when a session ends: everything recorded in it, with times.

use crate::domain::time::{Instant, london_day, show_instant, show_time};
use crate::domain::{PatientRecord, Session};

pub fn title(r: &PatientRecord) -> String {
    format!("Session summary: {}", r.patient.name)
}

/// Was an entry recorded during this session by its advocate?
fn during(s: &Session, advocate: &str, recorded_at: Instant) -> bool {
    let end = s.ended_at.or(s.closed_at).unwrap_or(Instant::MAX_UTC);
    advocate == s.advocate && recorded_at >= s.started_at && recorded_at <= end
}

/// `14:32`, or `Fri 20 Nov 2026 14:32` when it was not the day the session started.
fn when(s: &Session, t: Instant) -> String {
    if london_day(t) == london_day(s.started_at) {
        show_time(t)
    } else {
        show_instant(t)
    }
}

pub fn lines(s: &Session, r: &PatientRecord) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{} on {}, {}, {}{}",
            s.kind.label(),
            s.ward,
            if s.instructed {
                "instructed"
            } else {
                "non-instructed"
            },
            if s.in_private {
                "seen in private"
            } else {
                "not seen in private"
            },
            if s.declined {
                ", the patient declined help"
            } else {
                ""
            }
        ),
        format!(
            "Started {}; {}",
            show_instant(s.started_at),
            match s.ended_at {
                Some(t) => format!("ended {}", show_instant(t)),
                None => "end time not known (left open)".into(),
            }
        ),
    ];
    let info: Vec<_> = r
        .info
        .iter()
        .filter(|i| i.session_id == Some(s.id))
        .collect();
    let fresh = info.iter().filter(|i| i.corrects.is_none()).count();
    lines.push(String::new());
    lines.push(format!(
        "Information given ({fresh}{}):",
        match info.len() - fresh {
            0 => String::new(),
            n => format!(", and {n} correction{}", if n == 1 { "" } else { "s" }),
        }
    ));
    for i in &info {
        let title = crate::law::item(&i.item)
            .map(|d| d.title.as_str())
            .unwrap_or(&i.item);
        lines.push(format!(
            "  {} {} — {}, {}{}{}",
            when(s, i.given_at),
            title,
            i.forms.words(),
            i.understanding.label(),
            i.corrects
                .map(|c| format!(" (corrects entry {c})"))
                .unwrap_or_default(),
            if i.note.is_empty() {
                String::new()
            } else {
                format!(". Note: {}", i.note)
            }
        ));
    }
    let concerns: Vec<_> = r
        .concerns
        .iter()
        .filter(|c| c.session_id == Some(s.id))
        .collect();
    lines.push(String::new());
    lines.push(format!("Concerns raised ({}):", concerns.len()));
    for c in &concerns {
        lines.push(format!(
            "  {} {}: \"{}\"",
            when(s, c.raised_at),
            c.category.label(),
            c.text
        ));
        if !c.desired_outcome.is_empty() {
            lines.push(format!("     wants: {}", c.desired_outcome));
        }
        if !c.action_agreed.is_empty() {
            lines.push(format!(
                "     action agreed: {}{}",
                c.action_agreed,
                c.follow_up
                    .map(|d| format!(", follow up {d}"))
                    .unwrap_or_default()
            ));
        }
    }
    let updates: Vec<_> = r
        .concerns
        .iter()
        .flat_map(|c| c.history.iter().skip(1).map(move |h| (c, h)))
        .filter(|(_, h)| during(s, &h.advocate, h.at))
        .collect();
    if !updates.is_empty() {
        lines.push(String::new());
        lines.push(format!("Concerns updated ({}):", updates.len()));
        for (c, h) in updates {
            lines.push(format!(
                "  {} {}: now {}{}",
                when(s, h.at),
                c.category.label(),
                h.status.label(),
                if h.outcome.is_empty() {
                    String::new()
                } else {
                    format!(", outcome: {}", h.outcome)
                }
            ));
        }
    }
    let events: Vec<_> = r
        .events
        .iter()
        .filter(|e| during(s, &e.advocate, e.recorded_at))
        .collect();
    if !events.is_empty() {
        lines.push(String::new());
        lines.push(format!("Legal events recorded ({}):", events.len()));
        for e in events {
            lines.push(format!("  {} {}", show_instant(e.at), e.kind.label()));
        }
    }
    lines
}
