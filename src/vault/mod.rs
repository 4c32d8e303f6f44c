//! Key slots, beside the database in `imha.keys` (0600): one random data key encrypts the
//! database (SQLCipher); each advocate's passphrase unwraps it (argon2id, then
//! ChaCha20-Poly1305), like LUKS key slots. Adding, removing or changing a passphrase never
//! re-encrypts the database. The file also holds the failed sign-in counters and the audit
//! chain's head, which must be readable before the database can be opened.

mod crypto;
mod file;

pub use crypto::{DataKey, Secret, derive, open as open_sealed, seal};
pub use file::{AuditHead, KdfParams, KeyFile, Slot};

use std::path::{Path, PathBuf};

/// The login name of the recovery slot; no advocate can take it (logins are lower-case
/// letters, digits, `.`, `-`, `_`).
pub const RECOVERY: &str = "#recovery";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("That login name or passphrase is not right. Try again.")]
    WrongPassphrase,
    #[error("{0}")]
    Io(String),
    #[error(
        "The key file {0} is damaged: restore it from a backup (the database cannot be opened without it)"
    )]
    Damaged(PathBuf),
    #[error("{0}")]
    Refused(String),
}

pub type Result<T> = std::result::Result<T, VaultError>;

/// The key file for a data directory.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("imha.keys")
}
