//! Signing in on a data directory: the key file unwraps the data key, the store opens with
//! it, and sign-ins (and failed ones) go to the audit log. Also the first administrator's
//! setup and the administrators' account changes.

use crate::domain::Advocate;
use crate::domain::time::{Instant, to_millis};
use crate::store::{Store, StoreError, is_plaintext};
use crate::vault::{DataKey, KdfParams, KeyFile, RECOVERY, VaultError, key_path};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const MIN_PASSPHRASE: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(String),
}

pub type Result<T> = std::result::Result<T, AuthError>;

/// A signed-in advocate with the database open.
pub struct Opened {
    pub store: Store,
    pub advocate: Advocate,
    pub key: DataKey,
    pub dir: PathBuf,
}

/// What the data directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// No key file: the first administrator must be created (and any plaintext database
    /// from before encryption is encrypted then).
    NeedsFirstAdmin,
    Ready,
}

pub fn setup_state(dir: &Path) -> Setup {
    if key_path(dir).exists() {
        Setup::Ready
    } else {
        Setup::NeedsFirstAdmin
    }
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("imha.db")
}

pub fn check_new_passphrase(p: &str) -> Result<()> {
    if p.chars().count() < MIN_PASSPHRASE {
        return Err(AuthError::Refused(format!(
            "A passphrase needs at least {MIN_PASSPHRASE} characters: a few words you will remember are best"
        )));
    }
    Ok(())
}

/// Writes the audit chain's head to the key file, outside the database, so that cutting
/// rows off the end of the log is detected.
pub fn sync_head(dir: &Path, store: &Store) -> Result<()> {
    let head = store.audit_head()?;
    KeyFile::update(&key_path(dir), |k| {
        k.set_audit_head(head);
        Ok(())
    })?;
    Ok(())
}

/// Creates the first administrator on a data directory with no key file. Returns the open
/// database and the recovery key, to be shown once.
pub fn create_first_admin(
    dir: &Path,
    login: &str,
    display_name: &str,
    passphrase: &str,
    now: Instant,
) -> Result<(Opened, Zeroizing<String>)> {
    create_first_admin_with(
        dir,
        login,
        display_name,
        passphrase,
        KdfParams::from_env(),
        now,
    )
}

/// As `create_first_admin`, with the key derivation settings for the new key file.
pub fn create_first_admin_with(
    dir: &Path,
    login: &str,
    display_name: &str,
    passphrase: &str,
    kdf: KdfParams,
    now: Instant,
) -> Result<(Opened, Zeroizing<String>)> {
    crate::domain::Login::parse(login).map_err(|e| AuthError::Refused(e.to_string()))?;
    crate::domain::clean_display_name(display_name)
        .map_err(|e| AuthError::Refused(e.to_string()))?;
    check_new_passphrase(passphrase)?;
    if key_path(dir).exists() {
        return Err(AuthError::Refused(
            "This data directory already has accounts: sign in instead".into(),
        ));
    }
    let db = db_path(dir);
    let plaintext = db.exists() && is_plaintext(&db);
    if plaintext {
        // Refuse a file that is not ours before creating anything.
        Store::check_plaintext_is_imha(&db)?;
    } else if db.exists() && std::fs::metadata(&db).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(AuthError::Refused(format!(
            "{} exists but there is no key file beside it: restore imha.keys from the backup, or choose another --data-dir",
            db.display()
        )));
    }
    let (_, key, recovery) = KeyFile::create(&key_path(dir), login, passphrase, kdf)?;
    if plaintext {
        Store::encrypt_plaintext(&db, &key)?;
    }
    let mut store = Store::open(&db, &key)?;
    let advocate = match store.advocate_by_login(login)? {
        Some(a) => {
            store.set_admin(login, login, now)?;
            Advocate { admin: true, ..a }
        }
        None => store.add_advocate(login, display_name, true, None, now)?,
    };
    store.audit(
        login,
        "signed_in",
        None,
        if plaintext {
            "first administrator; database encrypted"
        } else {
            "first administrator"
        },
        now,
    )?;
    sync_head(dir, &store)?;
    Ok((
        Opened {
            store,
            advocate,
            key,
            dir: dir.to_path_buf(),
        },
        recovery,
    ))
}

/// Checks a login's passphrase against the key file, counting failures and slowing
/// repeated ones. Returns the data key.
pub fn check_passphrase(
    dir: &Path,
    login: &str,
    passphrase: &str,
    now: Instant,
) -> Result<DataKey> {
    let path = key_path(dir);
    let keys = KeyFile::load(&path)?;
    keys.check_backoff(login, to_millis(now))?;
    match keys.unlock(login, passphrase) {
        Ok(k) => Ok(k),
        Err(VaultError::WrongPassphrase) => {
            KeyFile::update(&path, |k| {
                k.record_failure(login, to_millis(now));
                Ok(())
            })?;
            Err(VaultError::WrongPassphrase.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Signs an advocate in: unwraps the data key, opens the database, and writes the sign-in
/// and any failed attempts since the last one to the audit log.
pub fn sign_in(dir: &Path, login: &str, passphrase: &str, now: Instant) -> Result<Opened> {
    if login == RECOVERY {
        return Err(AuthError::Refused(
            "The recovery key opens the data with 'imha user passwd', not the app".into(),
        ));
    }
    let key = check_passphrase(dir, login, passphrase, now)?;
    let mut store = Store::open(&db_path(dir), &key)?;
    let advocate = match store.advocate_by_login(login)? {
        Some(a) if !a.disabled => a,
        Some(_) => {
            return Err(AuthError::Refused(format!(
                "The account {login} is disabled: ask an administrator"
            )));
        }
        None => return Err(VaultError::WrongPassphrase.into()),
    };
    let failures = KeyFile::update(&key_path(dir), |k| Ok(k.take_failures(login)))?;
    for at in failures {
        let when = crate::domain::time::rfc3339_london(crate::domain::time::from_millis(at));
        store.audit(
            login,
            "sign_in_failed",
            None,
            &format!("failed attempt at {when}"),
            now,
        )?;
    }
    store.audit(login, "signed_in", None, "", now)?;
    sync_head(dir, &store)?;
    Ok(Opened {
        store,
        advocate,
        key,
        dir: dir.to_path_buf(),
    })
}

/// Who is changing accounts, with the open database.
pub struct Actor<'a> {
    pub dir: &'a Path,
    pub store: &'a mut Store,
    pub key: &'a DataKey,
    pub advocate: &'a Advocate,
}

impl Opened {
    pub fn actor(&mut self) -> Actor<'_> {
        Actor {
            dir: &self.dir,
            store: &mut self.store,
            key: &self.key,
            advocate: &self.advocate,
        }
    }
}

/// An administrator adds an advocate with a passphrase.
pub fn add_user(
    a: &mut Actor,
    login: &str,
    display_name: &str,
    admin: bool,
    passphrase: &str,
    now: Instant,
) -> Result<Advocate> {
    require_admin(a)?;
    check_new_passphrase(passphrase)?;
    let added = a
        .store
        .add_advocate(login, display_name, admin, Some(&a.advocate.login), now)?;
    KeyFile::update(&key_path(a.dir), |k| k.set_slot(login, passphrase, a.key))?;
    sync_head(a.dir, a.store)?;
    Ok(added)
}

/// An administrator disables an advocate: their key slot is removed, so their passphrase
/// no longer opens anything; their entries keep their name.
pub fn disable_user(a: &mut Actor, login: &str, now: Instant) -> Result<()> {
    require_admin(a)?;
    if login == a.advocate.login {
        return Err(AuthError::Refused(
            "You cannot disable your own account".into(),
        ));
    }
    a.store.set_disabled(login, true, &a.advocate.login, now)?;
    KeyFile::update(&key_path(a.dir), |k| {
        k.remove_slot(login);
        Ok(())
    })?;
    sync_head(a.dir, a.store)?;
    Ok(())
}

/// Sets a passphrase: an advocate their own, an administrator anyone's (a reset, which
/// also re-enables a disabled account).
pub fn set_passphrase(a: &mut Actor, login: &str, passphrase: &str, now: Instant) -> Result<()> {
    if login != a.advocate.login {
        require_admin(a)?;
    }
    check_new_passphrase(passphrase)?;
    let target = a.store.advocate_by_login(login)?.ok_or_else(|| {
        AuthError::Refused(format!(
            "There is no advocate {}",
            crate::text::sanitize(login)
        ))
    })?;
    KeyFile::update(&key_path(a.dir), |k| k.set_slot(login, passphrase, a.key))?;
    if target.disabled {
        a.store.set_disabled(login, false, &a.advocate.login, now)?;
    }
    a.store
        .audit(&a.advocate.login, "passphrase_set", None, login, now)?;
    sync_head(a.dir, a.store)?;
    Ok(())
}

fn require_admin(a: &Actor) -> Result<()> {
    if a.advocate.admin {
        Ok(())
    } else {
        Err(AuthError::Refused(
            "Only an administrator can do that".into(),
        ))
    }
}

/// Sets a passphrase with the recovery key, when no administrator can sign in.
pub fn recover(
    dir: &Path,
    recovery_key: &str,
    login: &str,
    passphrase: &str,
    now: Instant,
) -> Result<()> {
    check_new_passphrase(passphrase)?;
    let key = check_passphrase(dir, RECOVERY, recovery_key.trim(), now)?;
    let mut store = Store::open(&db_path(dir), &key)?;
    if store.advocate_by_login(login)?.is_none() {
        return Err(AuthError::Refused(format!(
            "There is no advocate {}",
            crate::text::sanitize(login)
        )));
    }
    KeyFile::update(&key_path(dir), |k| k.set_slot(login, passphrase, &key))?;
    store.set_disabled(login, false, RECOVERY, now)?;
    store.audit(
        RECOVERY,
        "passphrase_set_with_recovery_key",
        None,
        login,
        now,
    )?;
    sync_head(dir, &store)?;
    Ok(())
}
