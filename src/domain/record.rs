use super::{Concern, Episode, InfoGiven, LatestInfo, LegalEvent, Patient, Session};

/// Everything recorded about one patient.
#[derive(Clone)]
pub struct PatientRecord {
    pub patient: Patient,
    pub episodes: Vec<Episode>,
    pub events: Vec<LegalEvent>,
    pub sessions: Vec<Session>,
    pub info: Vec<InfoGiven>,
    pub concerns: Vec<Concern>,
}

/// What the patient list needs for one patient: who they are and enough history to say
/// what is most pressing.
#[derive(Clone)]
pub struct PatientOverview {
    pub patient: Patient,
    pub episodes: Vec<Episode>,
    pub events: Vec<LegalEvent>,
    /// Only each checklist item's latest entry that no later entry corrects: all that the
    /// checklist and the "most pressing" rules read of the information given.
    pub info: Vec<LatestInfo>,
}

impl std::fmt::Debug for PatientOverview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PatientOverview {{ id: {}, .. }}", self.patient.id)
    }
}

impl std::fmt::Debug for PatientRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PatientRecord {{ id: {}, .. }}", self.patient.id)
    }
}
