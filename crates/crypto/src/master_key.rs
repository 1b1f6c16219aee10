//! The master key: wraps every organisation's keys and lives outside the database.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hkdf::Hkdf;
use rand::rngs::OsRng;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::CryptoError;

/// The 32-byte key that wraps each organisation's [`crate::OrgKeys`] for storage.
///
/// It comes from the key file ([`crate::keyfile`]) or the `PARASOL_MASTER_KEY` environment
/// variable, never from the database. `Debug` prints `MasterKey([redacted])`; the key is
/// zeroized on drop. It is deliberately not `Clone`: share one with `Arc` if needed.
pub struct MasterKey(SecretBox<[u8; 32]>);

impl MasterKey {
    /// A new random master key from the operating system's generator.
    pub fn generate() -> MasterKey {
        MasterKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            OsRng.fill_bytes(key)
        }))
    }

    /// Reads a master key from standard base64 (44 characters with padding), as held in
    /// `PARASOL_MASTER_KEY` or the key file. Surrounding whitespace is ignored.
    pub fn from_base64(s: &str) -> Result<MasterKey, CryptoError> {
        let decoded = Zeroizing::new(
            STANDARD
                .decode(s.trim())
                .map_err(|_| CryptoError::MasterKeyBase64)?,
        );
        let bytes: &[u8; 32] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::MasterKeyLength { len: decoded.len() })?;
        Ok(MasterKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            key.copy_from_slice(bytes)
        })))
    }

    /// The key as standard base64, for backups and for setting `PARASOL_MASTER_KEY`.
    ///
    /// **Warning:** whoever holds this text and a copy of the database can read everything
    /// the database protects. Never log it, never store it next to the database, and keep
    /// backups of it offline. The returned `String` is not zeroized; drop it promptly.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.expose_secret())
    }

    /// The key that encrypts backups (`parasol backup`), derived from the master key: a
    /// backup is as safe as the database, and restoring it needs the same key file.
    pub fn backup_key(&self) -> crate::DataKey {
        let mut okm = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, self.0.expose_secret())
            .expand(b"parasol backup v1", okm.as_mut())
            .expect("32 bytes is within HKDF-SHA256's output limit");
        crate::DataKey::from_bytes(okm.as_slice()).unwrap_or_else(crate::DataKey::generate)
    }

    // The master key is not used directly as a cipher key: a key derived for wrapping
    // keeps it free for other purposes later without two uses sharing one key.
    pub(crate) fn wrapping_key(&self) -> Zeroizing<[u8; 32]> {
        let mut okm = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, self.0.expose_secret())
            .expand(b"parasol key wrapping v1", okm.as_mut())
            .expect("32 bytes is within HKDF-SHA256's output limit");
        okm
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}
