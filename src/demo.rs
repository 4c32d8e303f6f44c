//! A fictional demo ward: twelve made-up patients on two wards, with a realistic mix of
//! sections and history, dated relative to now. NHS numbers come from the range the NHS
//! reserves for testing (999...) and pass the modulus-11 check.

use crate::domain::time::Instant;
use crate::domain::{
    Advocate, ConcernCategory, ConcernStatus, ContactKind, Form, Forms, LegalEventKind, NewConcern,
    NewConcernEvent, NewEpisode, NewInfoGiven, NewPatient, NewSession, Source, Understanding,
};
use crate::store::{Store, StoreError};
use chrono::Duration;

/// The login of the fictional colleague who wrote the demo ward's history.
pub const COLLEAGUE: &str = "demo.colleague";

struct Demo<'a> {
    store: &'a mut Store,
    now: Instant,
    colleague: Advocate,
}

fn ago(now: Instant, days: i64, hours: i64) -> Instant {
    now - Duration::days(days) - Duration::hours(hours)
}

impl Demo<'_> {
    fn patient(
        &mut self,
        name: &str,
        pref: Option<&str>,
        dob: &str,
        nhs: &str,
        ward: &str,
        interp: Option<&str>,
    ) -> Result<i64, StoreError> {
        let dob = chrono::NaiveDate::parse_from_str(dob, "%Y-%m-%d")
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let p = NewPatient::new(
            name,
            pref,
            dob,
            Some(nhs),
            ward,
            interp,
            crate::domain::time::london_day(self.now),
        )?;
        Ok(self.store.add_patient(&p, &self.colleague, self.now)?.id)
    }

    fn section(
        &mut self,
        pid: i64,
        code: &str,
        start: Instant,
        source: Source,
    ) -> Result<(), StoreError> {
        let e = NewEpisode {
            patient_id: pid,
            section: code.into(),
            started_at: start,
            source,
        };
        self.store.add_episode(&e, &self.colleague, self.now)?;
        Ok(())
    }

    fn event(&mut self, pid: i64, kind: LegalEventKind, at: Instant) -> Result<(), StoreError> {
        self.store
            .add_legal_event(pid, kind, at, "", &self.colleague, self.now)?;
        Ok(())
    }

    /// A past session by the colleague, with items explained and optionally a concern.
    fn visit(
        &mut self,
        pid: i64,
        ward: &str,
        at: Instant,
        items: &[(&str, Understanding)],
        concern: Option<(ConcernCategory, &str, &str, &str)>,
    ) -> Result<(), StoreError> {
        let s = self.store.start_session(
            &NewSession {
                patient_id: pid,
                ward: ward.into(),
                kind: ContactKind::WardVisit,
                instructed: true,
                in_private: true,
                declined: false,
                started_at: at,
            },
            &self.colleague,
            self.now,
        )?;
        for (i, (item, u)) in items.iter().enumerate() {
            let n = NewInfoGiven {
                patient_id: pid,
                session_id: Some(s.id),
                item: (*item).into(),
                given_at: at + Duration::minutes(5 + 3 * i as i64),
                forms: if *u == Understanding::Declined {
                    Forms::empty().with(Form::Written)
                } else {
                    Forms::spoken_and_written()
                },
                understanding: *u,
                note: String::new(),
                corrects: None,
            };
            self.store.record_info(&n, &self.colleague, self.now)?;
        }
        if let Some((category, words, want, action)) = concern {
            let c = NewConcern {
                patient_id: pid,
                session_id: Some(s.id),
                category,
                text: words.into(),
                desired_outcome: want.into(),
                action_agreed: action.into(),
                follow_up: Some(crate::domain::time::london_day(self.now) + Duration::days(7)),
            };
            self.store.add_concern(&c, &self.colleague, self.now)?;
        }
        self.store
            .end_session(s.id, Some(at + Duration::minutes(40)), self.now)?;
        Ok(())
    }
}

const ALL_S132: &[&str] = &[
    "rights_under_act",
    "parts_of_act",
    "treatment",
    "treatment_reasons",
    "others_rights",
    "section_and_effect",
    "tribunal_rights",
    "discharge_routes",
    "consent_to_treatment",
    "nr_tribunal_after_barring",
    "code_of_practice",
    "cqc",
    "correspondence",
    "imha_right",
];

/// Loads the demo ward. Refuses on a database that already holds patients.
pub fn load(store: &mut Store, now: Instant) -> Result<usize, StoreError> {
    if store.patient_count()? > 0 {
        return Err(StoreError::Invalid(crate::domain::Invalid::msg(
            "This database already holds patients: the demo ward is only loaded into an empty one",
        )));
    }
    let colleague = match store.advocate_by_login(COLLEAGUE)? {
        Some(a) => a,
        None => store.add_advocate(
            COLLEAGUE,
            "Sam Demo (fictional colleague)",
            false,
            None,
            now,
        )?,
    };
    let mut d = Demo {
        store,
        now,
        colleague,
    };
    let u = Understanding::Understood;
    let w = "Willow Ward";
    let c = "Cedar Ward";

    let p = d.patient(
        "Alex Marsh",
        Some("Lex"),
        "1991-04-12",
        "9990010005",
        w,
        None,
    )?;
    d.section(p, "2", ago(now, 2, 3), Source::Papers)?;

    let p = d.patient("Bea Okoro", None, "1984-09-30", "9990011370", w, None)?;
    d.section(p, "2", ago(now, 10, 5), Source::MhaOffice)?;
    d.visit(
        p,
        w,
        ago(now, 9, 2),
        &[
            ("section_and_effect", u),
            ("imha_right", u),
            ("rights_under_act", u),
        ],
        Some((
            ConcernCategory::Hearing,
            "I want to appeal. Nobody has told me how.",
            "A tribunal hearing as soon as possible",
            "Help her apply to the tribunal and contact a solicitor",
        )),
    )?;

    let p = d.patient("Callum Reyes", None, "1978-01-22", "9990012741", w, None)?;
    d.section(p, "2", ago(now, 100, 0), Source::Papers)?;
    d.event(p, LegalEventKind::FirstMedication, ago(now, 98, 0))?;
    d.section(p, "3", ago(now, 75, 0), Source::MhaOffice)?;
    d.visit(
        p,
        w,
        ago(now, 70, 0),
        &ALL_S132.iter().map(|k| (*k, u)).collect::<Vec<_>>(),
        None,
    )?;

    let p = d.patient("Dana Whitfield", None, "1999-06-05", "9990014116", w, None)?;
    d.section(p, "5(2)", ago(now, 0, 20), Source::WardStaff)?;

    let p = d.patient(
        "Eitan Brooks",
        Some("Eli"),
        "1965-11-02",
        "9990015481",
        w,
        None,
    )?;
    d.section(
        p,
        "3",
        now - chrono::Months::new(6) + Duration::days(9),
        Source::Papers,
    )?;
    d.visit(
        p,
        w,
        ago(now, 150, 0),
        &ALL_S132.iter().map(|k| (*k, u)).collect::<Vec<_>>(),
        Some((
            ConcernCategory::Leave,
            "I would like escorted leave to see my daughter.",
            "Leave at weekends",
            "Raise at ward round on Thursday",
        )),
    )?;

    let p = d.patient(
        "Farah Nasser",
        None,
        "1988-03-17",
        "9990016852",
        w,
        Some("Arabic"),
    )?;
    d.section(p, "17A", ago(now, 60, 0), Source::MhaOffice)?;
    d.section(p, "17E", ago(now, 1, 6), Source::WardStaff)?;

    let p = d.patient("Gus Lindqvist", None, "1972-08-09", "9990018227", c, None)?;
    d.section(p, "37/41", ago(now, 240, 0), Source::Papers)?;
    d.visit(
        p,
        c,
        ago(now, 30, 0),
        &[
            ("tribunal_rights", Understanding::Partly),
            ("section_and_effect", u),
        ],
        None,
    )?;

    let p = d.patient("Hana Ito", None, "1995-12-24", "9990019592", c, None)?;
    d.section(p, "37", ago(now, 95, 0), Source::Papers)?;
    d.event(p, LegalEventKind::FirstMedication, ago(now, 94, 0))?;
    d.event(p, LegalEventKind::CertificateT2, ago(now, 5, 0))?;

    let p = d.patient("Ivo Petrov", None, "2001-02-14", "9990020965", c, None)?;
    d.section(p, "4", ago(now, 0, 10), Source::WardStaff)?;

    let p = d.patient("Jo Kaplan", None, "2009-07-01", "9990023700", c, None)?;
    d.section(p, "informal", ago(now, 12, 0), Source::WardStaff)?;

    let p = d.patient("Kit Adeyemi", None, "1980-05-20", "9990026440", c, None)?;
    d.section(p, "3", ago(now, 40, 0), Source::Papers)?;
    d.visit(
        p,
        c,
        ago(now, 38, 0),
        &ALL_S132.iter().map(|k| (*k, u)).collect::<Vec<_>>(),
        Some((
            ConcernCategory::CarePlanning,
            "My care plan does not mention my diabetes.",
            "Physical health in the care plan",
            "Ask the named nurse to review the care plan",
        )),
    )?;
    let concern = d.store.concerns(p)?.first().map(|c| c.id).unwrap_or(0);
    d.store.add_concern_event(
        &NewConcernEvent {
            concern_id: concern,
            patient_id: p,
            status: ConcernStatus::Resolved,
            action_agreed: "Asked the named nurse to review the care plan".into(),
            follow_up: None,
            outcome: "Care plan updated to include diabetes care".into(),
            note: String::new(),
        },
        &d.colleague,
        now,
    )?;

    let p = d.patient("Lou Fairbairn", None, "1993-10-10", "9990027811", c, None)?;
    d.section(p, "2", ago(now, 6, 0), Source::MhaOffice)?;
    d.visit(
        p,
        c,
        ago(now, 5, 0),
        &[
            ("section_and_effect", Understanding::NotYet),
            ("tribunal_rights", Understanding::Partly),
        ],
        None,
    )?;

    Ok(12)
}
