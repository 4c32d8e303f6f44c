//! The patient's own summary: plain, short sentences, large-print friendly, for the advocate
//! to print and give the patient. No internal notes, no legal citations, no codes.

use crate::domain::time::{Instant, london_day, show_day, show_instant};
use crate::domain::{LegalEventKind, PatientRecord};
use crate::law::{When, history, status};

/// The advocacy service, from `[service]` in config.toml.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: Option<String>,
    pub contact: Option<String>,
    #[serde(default)]
    pub accepted_referrers: Vec<String>,
}

/// What an item of information is about, in the patient's words.
fn plain_item(key: &str) -> &'static str {
    match key {
        "rights_under_act" => "Your rights under the Mental Health Act.",
        "parts_of_act" => "The parts of the law that apply to you.",
        "treatment" => "The treatment you get, or might get.",
        "treatment_reasons" => "Why you get that treatment.",
        "others_rights" => "What your nearest relative and the hospital can do.",
        "section_and_effect" => "Your section and what it means.",
        "tribunal_rights" => "How to ask a tribunal to end your section.",
        "discharge_routes" => "Who can let you leave hospital.",
        "consent_to_treatment" => "When you can be treated without agreeing.",
        "nr_tribunal_after_barring" => "When your nearest relative can go to a tribunal.",
        "code_of_practice" => "The rules staff must follow.",
        "cqc" => "How to complain to the Care Quality Commission.",
        "correspondence" => "Your post and letters.",
        "imha_right" => "Your right to a free advocate.",
        "cto_effect" => "What your community treatment order means.",
        "cto_tribunal" => "How to ask a tribunal about your order.",
        _ => "Your rights.",
    }
}

pub fn patient_summary(r: &PatientRecord, service: &Service, now: Instant) -> String {
    let today = london_day(now);
    let p = &r.patient;
    let first = p.preferred_name.clone().unwrap_or_else(|| {
        p.name
            .split_whitespace()
            .next()
            .unwrap_or(&p.name)
            .to_string()
    });
    let mut out = String::from("# Your meeting with your advocate\n\n");
    out.push_str(&format!("This is for {first}.\n\n"));
    let last = r.sessions.iter().max_by_key(|s| s.started_at);
    out.push_str("## What we talked about\n\n");
    match last {
        Some(s) => {
            out.push_str(&format!(
                "We met on {}.\n\n",
                show_day(london_day(s.started_at))
            ));
            let mut said: Vec<&str> = r
                .info
                .iter()
                .filter(|i| i.session_id == Some(s.id))
                .map(|i| plain_item(&i.item))
                .collect();
            said.dedup();
            if said.is_empty() {
                out.push_str("- We talked about what you wanted.\n");
            }
            for line in said {
                out.push_str(&format!("- {line}\n"));
            }
        }
        None => out.push_str("We have not met yet.\n"),
    }
    let current = crate::law::checklist::current_episode(&r.episodes);
    out.push_str("\n## Your rights\n\n");
    let st = current.and_then(|e| status(&e.section).ok());
    match st {
        Some(st) => {
            if st.liable_to_detention {
                out.push_str(&format!(
                    "- You are kept in hospital under the Mental Health Act ({}).\n",
                    st.short()
                ));
            } else {
                out.push_str(&format!("- Your status is {}.\n", st.short()));
            }
            if !st.tribunal.is_empty() {
                out.push_str("- You can ask a tribunal to end your section.\n");
                out.push_str("- A solicitor can help you with this. It is free.\n");
            }
            if st.managers_discharge {
                out.push_str("- You can ask the hospital managers to let you go.\n");
            }
            if st.part == 2 && st.nearest_relative.contains("discharge") {
                out.push_str("- Your nearest relative can ask for you to leave hospital.\n");
            }
            if st.imha_eligible {
                out.push_str("- You can have help from an advocate. It is free.\n");
            }
            out.push_str("- You can complain about your care.\n");
        }
        None => out.push_str("- Ask your advocate about your rights.\n"),
    }
    out.push_str("\n## Dates that matter to you\n\n");
    let mut any = false;
    if let Some(e) = current
        && let Some(ctx) = history::context(&r.episodes, &r.events, e)
    {
        let dates = history::episode_dates(&ctx, &r.events, p.date_of_birth, today);
        let applied = r
            .events
            .iter()
            .any(|x| x.kind == LegalEventKind::TribunalApplied && x.at >= e.started_at);
        for k in dates.iter().filter(|k| k.day() >= today) {
            let day = match k.when {
                When::Day(d) => show_day(d),
                When::At(t) => show_instant(t),
            };
            let check = if k.check.is_some() {
                " Please check this date with the ward."
            } else {
                ""
            };
            let line = match k.key {
                "tribunal_closes" if !applied => {
                    format!("The last day to ask the tribunal is {day}.")
                }
                "ends" | "current_period_ends" => match k.when {
                    When::At(_) => format!("The power to keep you ends at {day}."),
                    When::Day(_) if ctx.status.period.renewals.is_empty() => {
                        format!("Your section ends on {day}.")
                    }
                    When::Day(_) => {
                        format!("Your section ends on {day}, unless a doctor renews it.")
                    }
                },
                "s58_certificate_needed" => {
                    format!("From about {day}, a doctor must check your medicine.")
                }
                _ => continue,
            };
            out.push_str(&format!("- {line}{check}\n"));
            any = true;
        }
    }
    if !any {
        out.push_str("- There are no dates coming up.\n");
    }
    out.push_str("\n## What your advocate will do next\n\n");
    let mut next = false;
    for c in r
        .concerns
        .iter()
        .filter(|c| !c.status.is_closed() && !c.action_agreed.is_empty())
    {
        let by = c
            .follow_up
            .map(|d| format!(" By {}.", show_day(d)))
            .unwrap_or_default();
        let action = c.action_agreed.trim_end_matches('.');
        out.push_str(&format!("- {action}.{by}\n"));
        next = true;
    }
    if !next {
        out.push_str("- Nothing is waiting. Tell your advocate if you want something done.\n");
    }
    out.push_str("\n## How to contact us\n\n");
    out.push_str(&format!(
        "- {}.\n",
        service
            .name
            .clone()
            .unwrap_or_else(|| "Your advocacy service".into())
            .trim_end_matches('.')
    ));
    out.push_str(&format!(
        "- {}\n",
        service
            .contact
            .clone()
            .unwrap_or_else(|| "Ask the ward staff to call your advocate.".into())
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_items_are_short_sentences() {
        for key in crate::law::law().items.iter().map(|i| i.key.as_str()) {
            let s = plain_item(key);
            assert!(s.split_whitespace().count() <= 12, "{s}");
        }
    }
}
