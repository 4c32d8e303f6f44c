//! The forms an advocate fills in, and how each becomes a write once checked.

use super::form::{Field, Form};
use super::{FormKind, Write};
use crate::domain::time::{Instant, london_day, parse_date, parse_local_or_rfc3339};
use crate::domain::{
    ConcernCategory, ConcernStatus, ContactKind, EndReason, Form as InfoForm, Forms, InfoGiven,
    LegalEventKind, NewConcern, NewConcernEvent, NewEpisode, NewInfoGiven, NewPatient, NewSession,
    RecordsAccess, ReferrerType, Source, Understanding,
};
use crate::domain::{MAX_CONCERN_TEXT, MAX_NAME, MAX_NOTE, MAX_WARD};

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| label(*x).to_string()).collect()
}

fn local(t: Instant) -> String {
    t.with_timezone(&chrono_tz::Europe::London)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn start_session(patient: &str, ward: &str) -> Form {
    Form::new(
        "Start a session",
        format!("With {patient}"),
        vec![
            Field::text("Ward", ward, MAX_WARD, "Where the contact happens"),
            Field::choice(
                "Kind of contact",
                labels(ContactKind::ALL, ContactKind::label),
                0,
                "Left/Right to change",
            ),
            Field::toggle(
                "Instructed advocacy",
                true,
                "No = non-instructed (the patient cannot instruct you today)",
            ),
            Field::toggle(
                "Seen in private",
                true,
                "s.130B(3)(a): the IMHA may see the patient in private",
            ),
            Field::toggle(
                "Patient declined help",
                false,
                "s.130B(6): nothing requires the patient to accept help",
            ),
        ],
    )
}

pub fn record_info(patient: &str, title: &str, now: Instant, previous: Option<&InfoGiven>) -> Form {
    let forms = previous
        .map(|p| p.forms)
        .unwrap_or_else(Forms::spoken_and_written);
    let understanding = previous
        .and_then(|p| {
            Understanding::ALL
                .iter()
                .position(|u| *u == p.understanding)
        })
        .unwrap_or(0);
    let title_line = if previous.is_some() {
        "Correct an entry"
    } else {
        "Record information given"
    };
    Form::new(
        title_line,
        format!("{title} — {patient}"),
        vec![
            Field::choice(
                "Understanding",
                labels(Understanding::ALL, Understanding::label),
                understanding,
                "Left/Right to change; Enter saves",
            ),
            Field::set(
                "Forms",
                labels(InfoForm::ALL, InfoForm::label),
                InfoForm::ALL.iter().map(|f| forms.contains(*f)).collect(),
                "Left/Right to move, Space to tick; s.132 asks for spoken and written",
            ),
            Field::text(
                "Given at",
                &local(previous.map(|p| p.given_at).unwrap_or(now)),
                16,
                "When it was explained: YYYY-MM-DD HH:MM (London time)",
            ),
            Field::text(
                "Note",
                previous.map(|p| p.note.as_str()).unwrap_or(""),
                MAX_NOTE,
                "Optional",
            ),
        ],
    )
    .focus_on("Understanding")
}

pub fn add_concern(patient: &str) -> Form {
    Form::new(
        "Add a concern",
        format!("What {patient} wants taken up"),
        vec![
            Field::choice(
                "Category",
                labels(ConcernCategory::ALL, ConcernCategory::label),
                0,
                "Left/Right to change",
            ),
            Field::text(
                "Patient's words",
                "",
                MAX_CONCERN_TEXT,
                "In their own words",
            ),
            Field::text("What they want to happen", "", MAX_CONCERN_TEXT, "Optional"),
            Field::text(
                "Action agreed",
                "",
                MAX_CONCERN_TEXT,
                "Optional: what you will do",
            ),
            Field::text("Follow-up date", "", 10, "Optional: YYYY-MM-DD"),
        ],
    )
}

pub fn update_concern(patient: &str, current: ConcernStatus, action: &str) -> Form {
    let idx = ConcernStatus::ALL
        .iter()
        .position(|s| *s == current)
        .unwrap_or(0);
    Form::new(
        "Update a concern",
        format!("For {patient}"),
        vec![
            Field::choice(
                "Status",
                labels(ConcernStatus::ALL, ConcernStatus::label),
                idx,
                "Left/Right to change",
            ),
            Field::text("Action agreed", action, MAX_CONCERN_TEXT, "What was agreed"),
            Field::text("Follow-up date", "", 10, "Optional: YYYY-MM-DD"),
            Field::text("Outcome", "", MAX_CONCERN_TEXT, "Needed to close a concern"),
            Field::text("Note", "", MAX_CONCERN_TEXT, "Optional"),
        ],
    )
}

pub fn add_patient(ward: &str) -> Form {
    Form::new(
        "Add a patient",
        "Only what advocacy needs.",
        vec![
            Field::text("Name", "", MAX_NAME, "Full name"),
            Field::text("Preferred name", "", MAX_NAME, "Optional"),
            Field::text("Date of birth", "", 10, "YYYY-MM-DD"),
            Field::text("NHS number", "", 12, "Optional: 10 digits"),
            Field::text("Ward", ward, MAX_WARD, ""),
            Field::text("Interpreter language", "", 40, "Optional"),
        ],
    )
}

pub fn add_section(patient: &str, now: Instant) -> Form {
    Form::new(
        "Record a section",
        format!("For {patient}. A current section is ended as replaced."),
        vec![
            Field::text(
                "Section",
                "",
                10,
                "For example 2, 3, 5(2), 17A, 37/41, informal",
            ),
            Field::text("Started", &local(now), 16, "YYYY-MM-DD HH:MM (London time)"),
            Field::choice(
                "Source",
                labels(Source::ALL, Source::label),
                0,
                "Where you got this",
            ),
        ],
    )
}

pub fn add_event(patient: &str, now: Instant) -> Form {
    Form::new(
        "Record a legal event",
        format!(
            "For {patient}: facts the dates depend on (leave, medication, certificates, tribunal...)"
        ),
        vec![
            Field::choice(
                "Event",
                labels(LegalEventKind::ALL, LegalEventKind::label),
                0,
                "Left/Right to change",
            ),
            Field::text("When", &local(now), 16, "YYYY-MM-DD HH:MM (London time)"),
            Field::text("Note", "", MAX_NOTE, "Optional"),
        ],
    )
}

pub fn import_census() -> Form {
    Form::new(
        "Import a ward census",
        "A CSV file with the columns name,date_of_birth,nhs_number,ward,section,section_start,source. A file with any bad row is refused whole.",
        vec![Field::text("File", "", 400, "The path to the CSV file")],
    )
}

pub fn add_referral(patient: &str, now: Instant) -> Form {
    Form::new(
        "Record a referral",
        format!(
            "Who asked for an IMHA for {patient}. The eligibility check (s.130C) is shown when it is saved."
        ),
        vec![
            Field::text(
                "Referrer",
                "",
                100,
                "Their role or name, as the service records it",
            ),
            Field::choice(
                "Type",
                labels(ReferrerType::ALL, ReferrerType::label),
                0,
                "Left/Right to change",
            ),
            Field::choice(
                "Access to records",
                labels(RecordsAccess::ALL, RecordsAccess::label),
                0,
                "s.130B(4)",
            ),
            Field::text("When", &local(now), 16, "YYYY-MM-DD HH:MM (London time)"),
        ],
    )
}

pub fn verify_section(patient: &str) -> Form {
    Form::new(
        "Mark the section as checked now",
        format!("For {patient}"),
        vec![Field::choice(
            "Source",
            labels(Source::ALL, Source::label),
            0,
            "Where you checked it",
        )],
    )
}

pub fn end_section(patient: &str, now: Instant) -> Form {
    Form::new(
        "End the current section",
        format!("For {patient}"),
        vec![
            Field::choice(
                "Reason",
                labels(EndReason::ALL, EndReason::label),
                0,
                "Left/Right to change",
            ),
            Field::text("Ended", &local(now), 16, "YYYY-MM-DD HH:MM (London time)"),
        ],
    )
}

pub fn move_patient(patient: &str, ward: &str) -> Form {
    Form::new(
        "Move to another ward",
        format!("{patient} is on {ward}"),
        vec![Field::text(
            "New ward",
            "",
            MAX_WARD,
            "The move is kept in the history",
        )],
    )
}

fn optional_date(s: &str) -> Result<Option<chrono::NaiveDate>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(s).map(Some)
    }
}

/// Turns a filled-in form into a write, or says what is wrong.
pub fn to_write(
    kind: &FormKind,
    f: &Form,
    now: Instant,
    session_id: Option<i64>,
) -> Result<Write, String> {
    Ok(match kind {
        FormKind::NewAdvocate => return Err("not a write".into()),
        FormKind::StartSession { patient_id } => Write::StartSession(NewSession {
            patient_id: *patient_id,
            ward: f.text("Ward"),
            kind: ContactKind::ALL[f.index("Kind of contact")],
            instructed: f.flag("Instructed advocacy"),
            in_private: f.flag("Seen in private"),
            declined: f.flag("Patient declined help"),
            started_at: now,
        }),
        FormKind::RecordInfo {
            patient_id,
            item,
            corrects,
        } => {
            let forms = InfoForm::ALL
                .iter()
                .zip(f.chosen("Forms"))
                .filter(|(_, c)| *c)
                .fold(Forms::empty(), |acc, (x, _)| acc.with(*x));
            Write::RecordInfo(NewInfoGiven {
                patient_id: *patient_id,
                session_id,
                item: item.clone(),
                given_at: parse_local_or_rfc3339(&f.text("Given at"))?,
                forms,
                understanding: Understanding::ALL[f.index("Understanding")],
                note: f.text("Note"),
                corrects: *corrects,
            })
        }
        FormKind::AddConcern { patient_id } => Write::AddConcern(NewConcern {
            patient_id: *patient_id,
            session_id,
            category: ConcernCategory::ALL[f.index("Category")],
            text: f.text("Patient's words"),
            desired_outcome: f.text("What they want to happen"),
            action_agreed: f.text("Action agreed"),
            follow_up: optional_date(&f.text("Follow-up date"))?,
        }),
        FormKind::UpdateConcern {
            patient_id,
            concern_id,
        } => Write::UpdateConcern(NewConcernEvent {
            concern_id: *concern_id,
            patient_id: *patient_id,
            status: ConcernStatus::ALL[f.index("Status")],
            action_agreed: f.text("Action agreed"),
            follow_up: optional_date(&f.text("Follow-up date"))?,
            outcome: f.text("Outcome"),
            note: f.text("Note"),
        }),
        FormKind::AddPatient => {
            let p = NewPatient::new(
                &f.text("Name"),
                Some(&f.text("Preferred name")),
                parse_date(&f.text("Date of birth"))?,
                Some(&f.text("NHS number")),
                &f.text("Ward"),
                Some(&f.text("Interpreter language")),
                london_day(now),
            )
            .map_err(|e| e.to_string())?;
            Write::AddPatient(p)
        }
        FormKind::AddSection { patient_id } => {
            let code = crate::law::status(&f.text("Section"))?.code.clone();
            Write::AddEpisode(NewEpisode {
                patient_id: *patient_id,
                section: code,
                started_at: parse_local_or_rfc3339(&f.text("Started"))?,
                source: Source::ALL[f.index("Source")],
            })
        }
        FormKind::ImportCensus => Write::ImportCensus {
            path: f.text("File"),
        },
        FormKind::AddReferral { patient_id } => Write::AddReferral {
            patient_id: *patient_id,
            referrer: f.text("Referrer"),
            kind: ReferrerType::ALL[f.index("Type")],
            access: RecordsAccess::ALL[f.index("Access to records")],
            at: parse_local_or_rfc3339(&f.text("When"))?,
            accepted: Vec::new(),
        },
        FormKind::VerifySection { .. } | FormKind::AddAdvocate | FormKind::SetPassphrase { .. } => {
            return Err("handled by update".into());
        }
        FormKind::AddEvent { patient_id } => Write::AddEvent {
            patient_id: *patient_id,
            kind: LegalEventKind::ALL[f.index("Event")],
            at: parse_local_or_rfc3339(&f.text("When"))?,
            note: f.text("Note"),
        },
        FormKind::EndSection { patient_id } => Write::EndEpisode {
            patient_id: *patient_id,
            at: parse_local_or_rfc3339(&f.text("Ended"))?,
            reason: EndReason::ALL[f.index("Reason")],
        },
        FormKind::MovePatient { patient_id } => Write::MovePatient {
            id: *patient_id,
            ward: f.text("New ward"),
        },
    })
}
