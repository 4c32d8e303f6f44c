use super::text_enum;
use super::time::Instant;

text_enum!(ContactKind {
    WardVisit = "ward_visit": "ward visit",
    Phone = "phone": "phone call",
    WardRound = "ward_round": "ward round",
    Hearing = "hearing": "tribunal or managers' hearing",
    Other = "other": "other contact",
});

/// One contact between an advocate and a patient.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub id: i64,
    pub patient_id: i64,
    pub advocate: String,
    pub ward: String,
    pub kind: ContactKind,
    pub instructed: bool,
    pub in_private: bool,
    /// The patient declined help this time (s.130B(6): nothing requires them to accept it).
    pub declined: bool,
    pub started_at: Instant,
    pub ended_at: Option<Instant>,
    /// When the end was recorded. A session left open by a crash is closed with
    /// `ended_at` empty: its real end time is not known and is never invented.
    pub closed_at: Option<Instant>,
}

impl Session {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub patient_id: i64,
    pub ward: String,
    pub kind: ContactKind,
    pub instructed: bool,
    pub in_private: bool,
    pub declined: bool,
    pub started_at: Instant,
}
