use super::text_enum;
use super::time::Instant;

text_enum!(ReferrerType {
    Patient = "patient": "the patient",
    NearestRelative = "nearest_relative": "nearest relative",
    ResponsibleClinician = "responsible_clinician": "responsible clinician",
    Amhp = "amhp": "approved mental health professional",
    WardStaff = "ward_staff": "ward staff",
    Carer = "carer": "carer or family",
    Solicitor = "solicitor": "solicitor",
    LocalAuthority = "local_authority": "local authority social care",
    MentalHealthTrust = "mental_health_trust": "mental health trust",
    Other = "other": "other",
});

impl ReferrerType {
    /// The IMHA must respond to a request to visit from the nearest relative, the
    /// responsible clinician or an AMHP, whatever the service accepts (s.130B(5)).
    pub fn always_accepted(self) -> bool {
        matches!(
            self,
            ReferrerType::NearestRelative | ReferrerType::ResponsibleClinician | ReferrerType::Amhp
        )
    }
}

text_enum!(RecordsAccess {
    NotAsked = "not_asked": "not asked yet",
    ConsentGiven = "consent_given": "the patient consented",
    ConsentRefused = "consent_refused": "the patient refused",
    HolderAgreed = "holder_agreed": "lacks capacity: the record holder agreed",
    HolderRefused = "holder_refused": "lacks capacity: the record holder refused",
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    pub patient_id: i64,
    pub referred_at: Instant,
    pub referrer: String,
    pub referrer_type: ReferrerType,
    pub eligible: bool,
    pub eligibility_reason: String,
    pub records_access: RecordsAccess,
    pub advocate: String,
}
