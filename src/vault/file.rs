use super::crypto::{DataKey, derive, random_bytes, unwrap, wrap};
use super::{RECOVERY, Result, VaultError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Argon2id settings, kept with the slots so that tests can use cheap ones.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

impl KdfParams {
    /// OWASP's argon2id floor (19 MiB, 2 passes): about 50 ms here. `IMHA_KDF_M_COST` and
    /// `IMHA_KDF_T_COST` override it when a key file is created (tests use cheap values).
    pub fn from_env() -> KdfParams {
        let get = |k: &str, d: u32| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        KdfParams {
            m_cost: get("IMHA_KDF_M_COST", 19 * 1024).max(8),
            t_cost: get("IMHA_KDF_T_COST", 2).max(1),
            p_cost: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    pub login: String,
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    /// Milliseconds since the epoch of each failure not yet written to the audit log.
    pub pending: Vec<i64>,
    pub last_at: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditHead {
    pub count: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    pub version: u32,
    pub kdf: KdfParams,
    pub slots: Vec<Slot>,
    #[serde(default)]
    pub failures: BTreeMap<String, Failures>,
    #[serde(default)]
    pub audit_head: AuditHead,
    #[serde(skip)]
    path: PathBuf,
}

fn hex_decode<const N: usize>(s: &str) -> Option<[u8; N]> {
    hex::decode(s).ok()?.try_into().ok()
}

/// Seconds an advocate must wait before trying again after `count` failures in a row.
pub fn backoff_seconds(count: u32) -> i64 {
    if count < 3 {
        0
    } else {
        (1i64 << (count - 3).min(5)).min(30)
    }
}

impl KeyFile {
    pub fn exists(path: &Path) -> bool {
        path.exists()
    }

    pub fn load(path: &Path) -> Result<KeyFile> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| VaultError::Io(format!("Cannot read {}: {e}", path.display())))?;
        let mut k: KeyFile =
            serde_json::from_str(&text).map_err(|_| VaultError::Damaged(path.to_path_buf()))?;
        k.path = path.to_path_buf();
        Ok(k)
    }

    /// Writes the file atomically (a 0600 temporary file renamed over it).
    pub fn save(&self) -> Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let tmp = self.path.with_extension("keys.tmp");
        let text = serde_json::to_string_pretty(self).map_err(|e| VaultError::Io(e.to_string()))?;
        let io = |e: std::io::Error| {
            VaultError::Io(format!("Cannot write {}: {e}", self.path.display()))
        };
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)?;
        if let Some(dir) = self.path.parent()
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Runs `f` on the latest file under an exclusive lock, then saves it: two processes
    /// never lose each other's changes to counters, slots or the audit head.
    pub fn update<T>(path: &Path, f: impl FnOnce(&mut KeyFile) -> Result<T>) -> Result<T> {
        use std::os::unix::fs::OpenOptionsExt;
        let lock_path = path.with_extension("keys.lock");
        let lock = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| VaultError::Io(format!("Cannot lock {}: {e}", lock_path.display())))?;
        lock.lock()
            .map_err(|e| VaultError::Io(format!("Cannot lock {}: {e}", lock_path.display())))?;
        let mut k = KeyFile::load(path)?;
        let v = f(&mut k)?;
        k.save()?;
        drop(lock);
        Ok(v)
    }

    /// A new key file with a random data key, the first administrator's slot and a
    /// recovery slot. Returns the data key and the recovery key to show once.
    pub fn create(
        path: &Path,
        login: &str,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(KeyFile, DataKey, Zeroizing<String>)> {
        if path.exists() {
            return Err(VaultError::Refused("A key file already exists here".into()));
        }
        let key = DataKey::random()?;
        let mut k = KeyFile {
            version: 1,
            kdf,
            slots: Vec::new(),
            failures: BTreeMap::new(),
            audit_head: AuditHead::default(),
            path: path.to_path_buf(),
        };
        k.set_slot(login, passphrase, &key)?;
        let mut raw = Zeroizing::new([0u8; 20]);
        random_bytes(&mut raw[..])?;
        let hexed = Zeroizing::new(hex::encode(&raw[..]));
        let recovery: Zeroizing<String> = Zeroizing::new(
            hexed
                .as_bytes()
                .chunks(5)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-"),
        );
        k.set_slot(RECOVERY, &recovery, &key)?;
        k.save()?;
        Ok((k, key, recovery))
    }

    /// Adds or replaces a login's slot.
    pub fn set_slot(&mut self, login: &str, passphrase: &str, key: &DataKey) -> Result<()> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 12];
        random_bytes(&mut salt)?;
        random_bytes(&mut nonce)?;
        let kek = derive(passphrase, &salt, &self.kdf)?;
        let wrapped = wrap(&kek, &nonce, login, key)?;
        self.slots.retain(|s| s.login != login);
        self.slots.push(Slot {
            login: login.into(),
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: hex::encode(wrapped),
        });
        Ok(())
    }

    pub fn remove_slot(&mut self, login: &str) {
        self.slots.retain(|s| s.login != login);
    }

    pub fn has_slot(&self, login: &str) -> bool {
        self.slots.iter().any(|s| s.login == login)
    }

    /// Unwraps the data key with a login's passphrase. Wrong login and wrong passphrase
    /// give the same answer.
    pub fn unlock(&self, login: &str, passphrase: &str) -> Result<DataKey> {
        let Some(slot) = self.slots.iter().find(|s| s.login == login) else {
            // Spend the same time as a real attempt, so a missing login is not revealed.
            let _ = derive(passphrase, &[0u8; 16], &self.kdf);
            return Err(VaultError::WrongPassphrase);
        };
        let (Some(salt), Some(nonce)) =
            (hex::decode(&slot.salt).ok(), hex_decode::<12>(&slot.nonce))
        else {
            return Err(VaultError::Damaged(self.path.clone()));
        };
        let wrapped =
            hex::decode(&slot.wrapped).map_err(|_| VaultError::Damaged(self.path.clone()))?;
        let kek = derive(passphrase, &salt, &self.kdf)?;
        unwrap(&kek, &nonce, login, &wrapped)
    }

    /// Refuses while a login is in its back-off after repeated failures.
    pub fn check_backoff(&self, login: &str, now_ms: i64) -> Result<()> {
        if let Some(f) = self.failures.get(login) {
            let wait = backoff_seconds(f.count) * 1000 - (now_ms - f.last_at);
            if wait > 0 {
                return Err(VaultError::Refused(format!(
                    "Too many failed sign-ins for {login}: wait {} seconds and try again",
                    (wait + 999) / 1000
                )));
            }
        }
        Ok(())
    }

    pub fn record_failure(&mut self, login: &str, now_ms: i64) {
        let f = self.failures.entry(login.to_string()).or_default();
        f.count += 1;
        f.last_at = now_ms;
        f.pending.push(now_ms);
        f.pending.truncate(1000);
    }

    /// Clears a login's counter; returns the failures to write to the audit log.
    pub fn take_failures(&mut self, login: &str) -> Vec<i64> {
        self.failures
            .remove(login)
            .map(|f| f.pending)
            .unwrap_or_default()
    }

    pub fn set_audit_head(&mut self, head: AuditHead) {
        if head.count >= self.audit_head.count {
            self.audit_head = head;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            m_cost: 64,
            t_cost: 1,
            p_cost: 1,
        }
    }

    #[test]
    fn slots_unwrap_the_same_key_and_refuse_wrong_passphrases() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("imha.keys");
        let (mut k, key, recovery) =
            KeyFile::create(&p, "admin", "correct horse", cheap()).unwrap();
        assert_eq!(
            k.unlock("admin", "correct horse").unwrap().bytes(),
            key.bytes()
        );
        assert!(matches!(
            k.unlock("admin", "wrong"),
            Err(VaultError::WrongPassphrase)
        ));
        assert!(matches!(
            k.unlock("nobody", "x"),
            Err(VaultError::WrongPassphrase)
        ));
        assert_eq!(k.unlock(RECOVERY, &recovery).unwrap().bytes(), key.bytes());
        k.set_slot("j.smith", "another one", &key).unwrap();
        assert_eq!(
            k.unlock("j.smith", "another one").unwrap().bytes(),
            key.bytes()
        );
        k.set_slot("j.smith", "changed", &key).unwrap();
        assert!(k.unlock("j.smith", "another one").is_err());
        k.remove_slot("j.smith");
        assert!(k.unlock("j.smith", "changed").is_err());
        k.save().unwrap();
        let again = KeyFile::load(&p).unwrap();
        assert_eq!(
            again.unlock("admin", "correct horse").unwrap().bytes(),
            key.bytes()
        );
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn failed_sign_ins_are_counted_and_slowed() {
        let d = tempfile::tempdir().unwrap();
        let (mut k, _, _) = KeyFile::create(
            &d.path().join("imha.keys"),
            "admin",
            "pw-long-enough",
            cheap(),
        )
        .unwrap();
        for i in 0..3 {
            k.record_failure("admin", 1000 * i);
        }
        assert!(k.check_backoff("admin", 2500).is_err());
        assert!(k.check_backoff("admin", 2000 + 1000).is_ok());
        assert_eq!(k.take_failures("admin").len(), 3);
        assert!(k.check_backoff("admin", 2001).is_ok());
    }
}
