use super::text_enum;
use super::time::Instant;

text_enum!(Source {
    Papers = "papers": "papers seen",
    MhaOffice = "mha_office": "MHA office",
    WardStaff = "ward_staff": "ward staff",
    Patient = "patient": "the patient",
});

text_enum!(EndReason {
    Discharged = "discharged": "discharged",
    Lapsed = "lapsed": "section lapsed",
    Replaced = "replaced": "replaced by another section",
    Other = "other": "ended (other reason)",
});

/// A period under one legal status (a section, a CTO, informal...). Leave of absence is a
/// fact about an episode (a legal event), not an episode of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub id: i64,
    pub patient_id: i64,
    /// Canonical status code from the law data (`2`, `3`, `17A`, `37/41`, ...).
    pub section: String,
    pub started_at: Instant,
    pub ended_at: Option<Instant>,
    pub end_reason: Option<EndReason>,
    pub source: Source,
    /// When the advocate last checked this against a source.
    pub verified_at: Instant,
    pub verified_source: Source,
}

impl Episode {
    pub fn is_current(&self) -> bool {
        self.ended_at.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct NewEpisode {
    pub patient_id: i64,
    pub section: String,
    pub started_at: Instant,
    pub source: Source,
}

text_enum!(LegalEventKind {
    FirstMedication = "first_medication": "first medication for mental disorder in this period",
    CertificateT2 = "certificate_t2": "consent certificate T2 (s.58(3)(a))",
    CertificateT3 = "certificate_t3": "second opinion certificate T3 (s.58(3)(b))",
    CertificateT4 = "certificate_t4": "ECT certificate T4 (s.58A(3))",
    CertificateT5 = "certificate_t5": "ECT certificate T5 (s.58A(4))",
    CertificateT6 = "certificate_t6": "ECT certificate T6 (s.58A(5))",
    CertificateCto11 = "certificate_cto11": "CTO certificate CTO11 (s.64C(4))",
    CertificateCto12 = "certificate_cto12": "CTO certificate CTO12 (s.64C(4A))",
    CertificateWithdrawn = "certificate_withdrawn": "consent withdrawn or certificate no longer valid (s.60)",
    UrgentTreatment = "urgent_treatment": "urgent treatment under s.62",
    TribunalApplied = "tribunal_applied": "tribunal application made",
    TribunalWithdrawn = "tribunal_withdrawn": "tribunal application withdrawn (s.77(2))",
    TribunalHeard = "tribunal_heard": "tribunal hearing held",
    ManagersHearing = "managers_hearing": "hospital managers' hearing",
    NrDischargeNotice = "nr_discharge_notice": "nearest relative discharge notice (s.25)",
    NrBarringReport = "nr_barring_report": "barring report (s.25)",
    S29Application = "s29_application": "s.29 application to displace the nearest relative",
    CtoRecall = "cto_recall": "CTO recall to hospital (s.17E)",
    CtoRevoked = "cto_revoked": "CTO revoked (s.17F)",
    Renewal = "renewal": "detention or CTO renewed (s.20 / s.20A)",
    LeaveGranted = "leave_granted": "leave of absence granted (s.17)",
    LeaveEnded = "leave_ended": "leave of absence ended (s.17)",
    TransferHospital = "transfer_hospital": "moved to another hospital",
});

/// A fact the rules depend on, appended to the patient's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalEvent {
    pub id: i64,
    pub patient_id: i64,
    pub kind: LegalEventKind,
    pub at: Instant,
    pub note: String,
    pub advocate: String,
    pub recorded_at: Instant,
}
