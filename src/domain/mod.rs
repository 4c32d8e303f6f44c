//! Plain types with validating constructors. Nothing here touches the screen or the database.

mod advocate;
mod concern;
mod episode;
mod info;
mod nhs;
mod patient;
mod record;
mod referral;
mod session;
pub mod time;

pub use advocate::{Advocate, Login, clean_display_name};
pub use concern::{
    Concern, ConcernCategory, ConcernEvent, ConcernStatus, MAX_CONCERN_TEXT, NewConcern,
    NewConcernEvent,
};
pub use episode::{EndReason, Episode, LegalEvent, LegalEventKind, NewEpisode, Source};
pub use info::{Form, Forms, InfoGiven, LatestInfo, MAX_NOTE, NewInfoGiven, Understanding};
pub use nhs::NhsNumber;
pub use patient::{MAX_NAME, MAX_WARD, NewPatient, Patient, PatientRef};
pub use record::{PatientOverview, PatientRecord};
pub use referral::{RecordsAccess, Referral, ReferrerType};
pub use session::{ContactKind, NewSession, Session};

/// Why a value was refused. Messages are meant for the advocate: they say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    #[error("{0}")]
    Other(String),
}

impl Invalid {
    pub fn msg(s: impl Into<String>) -> Self {
        Invalid::Other(s.into())
    }
}

/// Implements `as_str`, `parse`, `ALL` and `label` for a plain enum stored as snake_case text.
macro_rules! text_enum {
    ($name:ident { $($variant:ident = $key:literal : $label:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The snake_case value used in the database, exports and scripts.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
            /// Words for the screen.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($key => Some($name::$variant),)+ _ => None }
            }
            /// The snake_case values, comma separated, for error messages.
            pub fn choices() -> String {
                [$($key),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use text_enum;
