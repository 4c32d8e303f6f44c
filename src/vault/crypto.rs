use super::{KdfParams, Result, VaultError};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// A passphrase or other secret text: wiped from memory when dropped, never printed.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(s: String) -> Self {
        Secret(Zeroizing::new(s))
    }
    pub fn push(&mut self, c: char) {
        self.0.push(c);
    }
    pub fn pop(&mut self) {
        self.0.pop();
    }
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

/// A secret is never written anywhere: it serialises as nothing and comes back empty.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d)?;
        Ok(Secret::default())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}
impl Eq for Secret {}

/// The 256-bit key the database is encrypted with. Wiped when dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<hidden>)")
    }
}

impl DataKey {
    pub fn random() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; 32]);
        random_bytes(&mut k[..])?;
        Ok(DataKey(k))
    }
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// The SQLCipher raw-key form, `x'…'`: no passphrase derivation inside SQLCipher.
    pub fn sqlcipher_pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(&self.0[..])))
    }
    pub fn from_bytes(b: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = b.try_into().ok()?;
        Some(DataKey(Zeroizing::new(arr)))
    }
}

pub fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|e| VaultError::Io(format!("no random numbers from the system: {e}")))
}

/// Derives the key that wraps the data key from a passphrase (argon2id).
pub fn derive(passphrase: &str, salt: &[u8], kdf: &KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(kdf.m_cost, kdf.t_cost, kdf.p_cost, Some(32))
        .map_err(|e| VaultError::Io(format!("key derivation settings: {e}")))?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(passphrase.as_bytes(), salt, &mut out[..])
        .map_err(|e| VaultError::Io(format!("key derivation: {e}")))?;
    Ok(out)
}

/// Encrypts the data key under a key-encryption key; the login is bound in as associated data.
pub fn wrap(kek: &[u8; 32], nonce: &[u8; 12], login: &str, data: &DataKey) -> Result<Vec<u8>> {
    let c = ChaCha20Poly1305::new_from_slice(kek)
        .map_err(|_| VaultError::Io("bad key length".into()))?;
    c.encrypt(
        &Nonce::from(*nonce),
        Payload {
            msg: &data.bytes()[..],
            aad: login.as_bytes(),
        },
    )
    .map_err(|_| VaultError::Io("could not wrap the data key".into()))
}

pub fn unwrap(kek: &[u8; 32], nonce: &[u8; 12], login: &str, wrapped: &[u8]) -> Result<DataKey> {
    let c = ChaCha20Poly1305::new_from_slice(kek)
        .map_err(|_| VaultError::Io("bad key length".into()))?;
    let mut plain = c
        .decrypt(
            &Nonce::from(*nonce),
            Payload {
                msg: wrapped,
                aad: login.as_bytes(),
            },
        )
        .map_err(|_| VaultError::WrongPassphrase)?;
    let key = DataKey::from_bytes(&plain).ok_or(VaultError::WrongPassphrase);
    plain.zeroize();
    key
}

/// Encrypts any bytes (a locked advocate's draft) under the data key.
pub fn seal(key: &DataKey, plain: &[u8]) -> Result<(Vec<u8>, [u8; 12])> {
    let mut nonce = [0u8; 12];
    random_bytes(&mut nonce)?;
    let c = ChaCha20Poly1305::new_from_slice(key.bytes())
        .map_err(|_| VaultError::Io("bad key length".into()))?;
    let sealed = c
        .encrypt(&Nonce::from(nonce), plain)
        .map_err(|_| VaultError::Io("could not encrypt".into()))?;
    Ok((sealed, nonce))
}

pub fn open(key: &DataKey, sealed: &[u8], nonce: &[u8; 12]) -> Result<Zeroizing<Vec<u8>>> {
    let c = ChaCha20Poly1305::new_from_slice(key.bytes())
        .map_err(|_| VaultError::Io("bad key length".into()))?;
    c.decrypt(&Nonce::from(*nonce), sealed)
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Io("could not decrypt the held draft".into()))
}
