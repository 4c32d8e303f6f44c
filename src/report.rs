//! Exports of a patient's whole record: JSON (schema 1) and Markdown.

use crate::domain::time::{Instant, rfc3339_london, show_instant};
use crate::domain::{InfoGiven, PatientRecord};
use serde_json::{Value, json};

fn t(i: Instant) -> Value {
    Value::String(rfc3339_london(i))
}

fn info_json(i: &InfoGiven) -> Value {
    json!({
        "id": i.id,
        "item": i.item,
        "given_at": t(i.given_at),
        "recorded_at": t(i.recorded_at),
        "advocate": i.advocate,
        "forms": i.forms.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "understanding": i.understanding.as_str(),
        "note": i.note,
        "corrects": i.corrects,
    })
}

/// A record cut down to one session: that session, its entries and its concerns; the
/// sections and legal events stay, as the context the session happened in.
pub fn session_only(mut r: PatientRecord, session_id: i64) -> PatientRecord {
    r.sessions.retain(|s| s.id == session_id);
    r.info.retain(|i| i.session_id == Some(session_id));
    r.concerns.retain(|c| c.session_id == Some(session_id));
    r
}

/// The documented JSON export, schema 1.
pub fn json(r: &PatientRecord) -> Value {
    let p = &r.patient;
    json!({
        "schema": 1,
        "patient": {
            "id": p.reference(),
            "name": p.name,
            "preferred_name": p.preferred_name,
            "date_of_birth": p.date_of_birth.to_string(),
            "nhs_number": p.nhs_number.as_ref().map(|n| n.as_str()),
            "ward": p.ward,
            "interpreter": p.interpreter,
            "archived": p.archived,
        },
        "episodes": r.episodes.iter().map(|e| json!({
            "id": e.id,
            "section": e.section,
            "started_at": t(e.started_at),
            "ended_at": e.ended_at.map(t),
            "end_reason": e.end_reason.map(|x| x.as_str()),
            "source": e.source.as_str(),
            "verified_at": t(e.verified_at),
            "verified_source": e.verified_source.as_str(),
        })).collect::<Vec<_>>(),
        "legal_events": r.events.iter().map(|e| json!({
            "id": e.id,
            "kind": e.kind.as_str(),
            "at": t(e.at),
            "note": e.note,
            "advocate": e.advocate,
            "recorded_at": t(e.recorded_at),
        })).collect::<Vec<_>>(),
        "sessions": r.sessions.iter().map(|s| json!({
            "id": s.id,
            "started_at": t(s.started_at),
            "ended_at": s.ended_at.map(t),
            "closed_at": s.closed_at.map(t),
            "advocate": s.advocate,
            "ward": s.ward,
            "kind": s.kind.as_str(),
            "instructed": s.instructed,
            "in_private": s.in_private,
            "declined": s.declined,
            "info_given": r.info.iter().filter(|i| i.session_id == Some(s.id)).map(info_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "info_given_outside_sessions": r.info.iter().filter(|i| i.session_id.is_none()).map(info_json).collect::<Vec<_>>(),
        "concerns": r.concerns.iter().map(|c| json!({
            "id": c.id,
            "session_id": c.session_id,
            "raised_at": t(c.raised_at),
            "advocate": c.advocate,
            "category": c.category.as_str(),
            "text": c.text,
            "desired_outcome": c.desired_outcome,
            "action_agreed": c.action_agreed,
            "follow_up": c.follow_up.map(|d| d.to_string()),
            "status": c.status.as_str(),
            "outcome": c.outcome,
            "history": c.history.iter().map(|h| json!({
                "at": t(h.at),
                "advocate": h.advocate,
                "status": h.status.as_str(),
                "action_agreed": h.action_agreed,
                "follow_up": h.follow_up.map(|d| d.to_string()),
                "outcome": h.outcome,
                "note": h.note,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Escapes text for a Markdown table cell or line.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn item_title(key: &str) -> String {
    crate::law::item(key)
        .map(|i| i.title.clone())
        .unwrap_or_else(|| key.to_string())
}

pub fn markdown(r: &PatientRecord) -> String {
    let p = &r.patient;
    let mut s = format!("# Advocacy record: {} ({})\n\n", md(&p.name), p.reference());
    s.push_str(&format!(
        "- Date of birth: {}\n- NHS number: {}\n- Ward: {}\n\n",
        p.date_of_birth,
        p.nhs_number
            .as_ref()
            .map(|n| n.spaced())
            .unwrap_or_else(|| "not recorded".into()),
        md(&p.ward)
    ));
    s.push_str("## Sections\n\n| section | started | ended | source | last checked |\n|---|---|---|---|---|\n");
    for e in &r.episodes {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            e.section,
            show_instant(e.started_at),
            e.ended_at
                .map(|x| format!(
                    "{} ({})",
                    show_instant(x),
                    e.end_reason.map(|r| r.label()).unwrap_or("ended")
                ))
                .unwrap_or_else(|| "current".into()),
            e.source.label(),
            show_instant(e.verified_at)
        ));
    }
    s.push_str("\n## Legal events\n\n");
    if r.events.is_empty() {
        s.push_str("None recorded.\n");
    } else {
        s.push_str("| when | event | note | recorded by |\n|---|---|---|---|\n");
        for e in &r.events {
            s.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                show_instant(e.at),
                e.kind.label(),
                md(&e.note),
                e.advocate
            ));
        }
    }
    s.push_str("\n## Sessions\n");
    if r.sessions.is_empty() {
        s.push_str("\nNo sessions recorded.\n");
    }
    for ses in &r.sessions {
        s.push_str(&format!(
            "\n### Session {}: {} on {}\n\n- Advocate: {}\n- Started: {}\n- Ended: {}\n- {}; {}{}\n\n",
            ses.id,
            ses.kind.label(),
            md(&ses.ward),
            ses.advocate,
            show_instant(ses.started_at),
            match (ses.ended_at, ses.closed_at) {
                (Some(e), _) => show_instant(e),
                (None, Some(_)) => "not known (left open, closed later)".into(),
                (None, None) => "still open".into(),
            },
            if ses.instructed { "instructed" } else { "non-instructed" },
            if ses.in_private { "seen in private" } else { "not seen in private" },
            if ses.declined { "; the patient declined help" } else { "" }
        ));
        let info: Vec<&InfoGiven> = r
            .info
            .iter()
            .filter(|i| i.session_id == Some(ses.id))
            .collect();
        if info.is_empty() {
            s.push_str("No information recorded in this session.\n");
        } else {
            s.push_str("| # | information | given | recorded | forms | understanding | note |\n|---|---|---|---|---|---|---|\n");
            for i in info {
                s.push_str(&format!(
                    "| {}{} | {} | {} | {} | {} | {} | {} |\n",
                    i.id,
                    i.corrects
                        .map(|c| format!(" (corrects {c})"))
                        .unwrap_or_default(),
                    md(&item_title(&i.item)),
                    show_instant(i.given_at),
                    show_instant(i.recorded_at),
                    i.forms.words(),
                    i.understanding.label(),
                    md(&i.note)
                ));
            }
        }
    }
    s.push_str("\n## Concerns\n");
    if r.concerns.is_empty() {
        s.push_str("\nNone raised.\n");
    }
    for c in &r.concerns {
        s.push_str(&format!(
            "\n### {} ({})\n\n- Raised: {} by {}\n- In their words: {}\n- Wants: {}\n- Action agreed: {}\n- Follow-up: {}\n- Outcome: {}\n",
            c.category.label(),
            c.status.label(),
            show_instant(c.raised_at),
            c.advocate,
            md(&c.text),
            md(&c.desired_outcome),
            md(&c.action_agreed),
            c.follow_up.map(|d| d.to_string()).unwrap_or_else(|| "none".into()),
            md(&c.outcome)
        ));
        for h in &c.history {
            s.push_str(&format!(
                "  - {} {}: {} {}\n",
                show_instant(h.at),
                h.advocate,
                h.status.label(),
                md(&h.note)
            ));
        }
    }
    s
}
