//! The one place that touches the database. Returns domain types, never SQL rows.
//! Every write runs in its own `BEGIN IMMEDIATE` transaction and returns only after it
//! committed (WAL, `synchronous=FULL`), so what the screen shows as saved survives a kill.

mod advocates;
mod audit;
mod census;
mod concerns;
mod episodes;
mod patients;
mod record;
mod referrals;
mod retention;
pub mod seed;
mod sessions;

pub use audit::{AuditCheck, AuditEntry};

use crate::domain::Invalid;
use crate::vault::DataKey;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// "IMHA" in ASCII: marks a SQLite file as an imha database.
pub const APPLICATION_ID: i32 = 0x494D_4841;
pub const SCHEMA_VERSION: i32 = 4;
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
];

/// Why the store could not do what was asked. Messages say what to do, and never carry
/// patient data.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The database is busy: another imha is writing to it. Wait a moment and try again.")]
    Busy,
    #[error(
        "The database is read-only: check that the data directory and imha.db can be written. Nothing was saved."
    )]
    ReadOnly,
    #[error("The disk or database is full: nothing was saved. Free some space and try again.")]
    Full,
    #[error(
        "{0} is not an imha database. Nothing was changed: choose another --data-dir, or move the file away."
    )]
    NotImha(PathBuf),
    #[error(
        "This database was written by a newer imha (schema {0}, this one knows {SCHEMA_VERSION}). Nothing was changed: update imha."
    )]
    NewerSchema(i32),
    #[error("The database file is damaged ({0}). Nothing was changed: restore it from a backup.")]
    Corrupt(String),
    #[error(
        "{0} is not an imha database, or the key file beside it belongs to another database. Nothing was changed."
    )]
    WrongKey(PathBuf),
    #[error("{0} is not encrypted yet: sign in to encrypt it")]
    Plaintext(PathBuf),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("Database error: {0}")]
    Other(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return StoreError::Busy,
                ErrorCode::ReadOnly => return StoreError::ReadOnly,
                ErrorCode::DiskFull => return StoreError::Full,
                ErrorCode::DatabaseCorrupt => {
                    return StoreError::Corrupt("SQLite reports corruption".into());
                }
                ErrorCode::NotADatabase => {
                    return StoreError::Corrupt("not a database file".into());
                }
                _ => {}
            }
        }
        StoreError::Other(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the encrypted database at `path` with the data key and
    /// brings its schema up to date. A plaintext file is refused: see `encrypt_plaintext`.
    pub fn open(path: &Path, key: &DataKey) -> Result<Store> {
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if existed && is_plaintext(path) {
            return Err(StoreError::Plaintext(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, key)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.prepare(existed).map_err(|e| match e {
            StoreError::NotImha(p) => StoreError::WrongKey(p),
            other => other,
        })?;
        Ok(store)
    }

    /// Encrypts a plaintext imha database (from before encryption) in place: a keyed copy is
    /// made with `sqlcipher_export`, renamed over the original, and the plaintext WAL and
    /// shared-memory files are removed.
    pub fn encrypt_plaintext(path: &Path, key: &DataKey) -> Result<()> {
        let conn = Connection::open(path)?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| StoreError::NotImha(path.to_path_buf()))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotImha(path.to_path_buf()));
        }
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let tmp = path.with_extension("db.encrypting");
        let _ = std::fs::remove_file(&tmp);
        let target = tmp.to_string_lossy().into_owned();
        conn.execute(
            "ATTACH DATABASE ?1 AS enc KEY ?2",
            params![target, key.sqlcipher_pragma_value().as_str()],
        )?;
        conn.query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA enc.user_version = {version}; PRAGMA enc.application_id = {APPLICATION_ID}; DETACH DATABASE enc;"
        ))?;
        drop(conn);
        std::fs::rename(&tmp, path).map_err(|e| StoreError::Other(e.to_string()))?;
        for ext in ["db-wal", "db-shm"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
        Ok(())
    }

    /// Refuses a plaintext file that is not an imha database (before anything is created).
    pub fn check_plaintext_is_imha(path: &Path) -> Result<()> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| StoreError::NotImha(path.to_path_buf()))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotImha(path.to_path_buf()));
        }
        Ok(())
    }

    /// A consistent encrypted copy of the database (SQLite's online backup), keyed like it.
    pub fn backup_to(&self, dest: &Path, key: &DataKey) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(crate::domain::Invalid::msg(format!(
                "{} already exists: choose another name",
                dest.display()
            ))));
        }
        let mut out = Connection::open(dest)?;
        apply_key(&out, key)?;
        let b = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        b.run_to_completion(256, Duration::from_millis(0), None)?;
        drop(b);
        out.execute_batch("PRAGMA journal_mode=DELETE")?;
        Ok(())
    }

    /// Changes whenever another connection (another terminal) commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.prepare(false)?;
        Ok(store)
    }

    fn not_imha(&self) -> StoreError {
        StoreError::NotImha(self.path.clone().unwrap_or_default())
    }

    fn prepare(&mut self, existed: bool) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(3))?;
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match StoreError::from(e) {
                StoreError::Corrupt(_) | StoreError::Other(_) => self.not_imha(),
                other => other,
            })?;
        let version: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0 || (existed && version != 0)) {
            return Err(self.not_imha());
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema(version));
        }
        if self.path.is_some() {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Other(format!(
                    "could not switch to WAL journal (got {mode})"
                )));
            }
        }
        self.conn
            .execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        if version < SCHEMA_VERSION {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
                tx.execute_batch(sql)?;
                tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            }
            tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction and commits. The result is returned only
    /// after the commit succeeded.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let v = f(&tx)?;
        tx.commit()?;
        Ok(v)
    }

    /// Makes this connection refuse writes (`PRAGMA query_only`), as a read-only database
    /// would: used by tests, since CI runs as root and file permissions stop nothing.
    pub fn set_query_only_for_tests(&mut self) {
        let _ = self.conn.execute_batch("PRAGMA query_only = ON");
    }

    /// Caps the file at its current size plus a little (`PRAGMA max_page_count`), as a full
    /// disk would: CI runs as root, so a real full disk cannot be arranged there.
    pub fn limit_pages_for_tests(&mut self) {
        let pages: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap_or(0);
        let _ = self.conn.query_row(
            &format!("PRAGMA max_page_count = {}", pages + 8),
            [],
            |_| Ok(()),
        );
    }

    /// Writes a plaintext copy (for tests of the migration from unencrypted databases).
    pub fn vacuum_into_for_tests(&self, dest: &Path) {
        let _ = self
            .conn
            .execute("VACUUM INTO ?1", [dest.to_string_lossy()]);
    }

    /// Checks the whole file (`PRAGMA integrity_check`).
    pub fn integrity_ok(&self) -> Result<bool> {
        let r: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }
}

/// The next id of a WITHOUT ROWID ledger table, read inside the write transaction.
fn next_id(tx: &rusqlite::Transaction, table: &str) -> Result<i64> {
    Ok(tx.query_row(
        &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Keys a connection with the raw data key (no key derivation inside SQLCipher) and keeps
/// SQLCipher's own log off stderr, where it would draw over the screen.
fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key.sqlcipher_pragma_value().as_str()
    ))?;
    Ok(())
}

/// Does the file start with SQLite's plaintext header (so it is not encrypted)?
pub fn is_plaintext(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

fn ms(t: crate::domain::time::Instant) -> i64 {
    crate::domain::time::to_millis(t)
}

fn instant(v: i64) -> crate::domain::time::Instant {
    crate::domain::time::from_millis(v)
}

/// Reads a snake_case enum column, refusing values this binary does not know.
/// A text column read in place, without copying it into a `String`.
fn text_ref<'a>(r: &'a rusqlite::Row, i: usize) -> rusqlite::Result<&'a str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse_col<T>(v: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(v).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown value {v}").into(),
        )
    })
}
