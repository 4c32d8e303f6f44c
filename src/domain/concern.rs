use super::text_enum;
use super::time::Instant;
use chrono::NaiveDate;
use std::fmt;

text_enum!(ConcernCategory {
    CarePlanning = "care_planning": "care planning",
    Medication = "medication_and_treatment": "medication and treatment",
    Leave = "leave": "leave",
    Discharge = "discharge_and_aftercare": "discharge and aftercare",
    Hearing = "tribunal_or_managers_hearing": "tribunal or managers' hearing",
    AccessToServices = "access_to_services": "access to services",
    Complaints = "experience_of_care_and_complaints": "experience of care and complaints",
    Other = "other": "other",
});

text_enum!(ConcernStatus {
    Open = "open": "open",
    InProgress = "in_progress": "in progress",
    Resolved = "resolved": "resolved",
    PartlyResolved = "partly_resolved": "partly resolved",
    NotResolved = "not_resolved": "not resolved",
    Withdrawn = "withdrawn": "withdrawn by the patient",
});

impl ConcernStatus {
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ConcernStatus::Resolved
                | ConcernStatus::PartlyResolved
                | ConcernStatus::NotResolved
                | ConcernStatus::Withdrawn
        )
    }
}

pub const MAX_CONCERN_TEXT: usize = 2000;

/// What the patient wants taken up, with its history of actions and outcomes.
#[derive(Clone, PartialEq, Eq)]
pub struct Concern {
    pub id: i64,
    pub patient_id: i64,
    pub session_id: Option<i64>,
    pub raised_at: Instant,
    pub advocate: String,
    pub category: ConcernCategory,
    /// The patient's own words.
    pub text: String,
    pub desired_outcome: String,
    /// Current values, as of the latest event.
    pub action_agreed: String,
    pub follow_up: Option<NaiveDate>,
    pub status: ConcernStatus,
    pub outcome: String,
    pub history: Vec<ConcernEvent>,
}

impl fmt::Debug for Concern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Concern {{ id: {}, status: {:?}, .. }}",
            self.id, self.status
        )
    }
}

/// One change to a concern: a status, an action agreed, a follow-up date, an outcome.
#[derive(Clone, PartialEq, Eq)]
pub struct ConcernEvent {
    pub id: i64,
    pub at: Instant,
    pub advocate: String,
    pub status: ConcernStatus,
    pub action_agreed: String,
    pub follow_up: Option<NaiveDate>,
    pub outcome: String,
    pub note: String,
}

impl fmt::Debug for ConcernEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ConcernEvent {{ id: {}, status: {:?}, .. }}",
            self.id, self.status
        )
    }
}

#[derive(Clone)]
pub struct NewConcern {
    pub patient_id: i64,
    pub session_id: Option<i64>,
    pub category: ConcernCategory,
    pub text: String,
    pub desired_outcome: String,
    pub action_agreed: String,
    pub follow_up: Option<NaiveDate>,
}

#[derive(Clone)]
pub struct NewConcernEvent {
    pub concern_id: i64,
    pub patient_id: i64,
    pub status: ConcernStatus,
    pub action_agreed: String,
    pub follow_up: Option<NaiveDate>,
    pub outcome: String,
    pub note: String,
}

impl fmt::Debug for NewConcern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NewConcern {{ patient_id: {}, .. }}", self.patient_id)
    }
}

impl fmt::Debug for NewConcernEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NewConcernEvent {{ concern_id: {}, .. }}",
            self.concern_id
        )
    }
}
