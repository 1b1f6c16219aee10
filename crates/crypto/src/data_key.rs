//! An organisation's data key: encrypts narratives, descriptions and contact details at rest.

use rand::rngs::OsRng;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};

use crate::seal::{self, OpenError, MIN_SEALED_LEN};
use crate::CryptoError;

/// A 32-byte XChaCha20-Poly1305 key for encrypting fields, one per organisation.
///
/// Sealed output is `1 || nonce (24 bytes, random) || ciphertext || tag (16 bytes)`. The
/// associated data (`aad`) is not stored; pass the same bytes to decrypt. Name the table,
/// column and row in it (for example `b"report:narrative:<report id>"`) so a ciphertext
/// copied into another field or row fails to decrypt instead of being shown there.
///
/// `Debug` prints `DataKey([redacted])`; the key is zeroized on drop.
pub struct DataKey(SecretBox<[u8; 32]>);

impl DataKey {
    /// A new random data key from the operating system's generator.
    pub fn generate() -> DataKey {
        DataKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            OsRng.fill_bytes(key)
        }))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        let bytes: &[u8; 32] = bytes.try_into().ok()?;
        Some(DataKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            key.copy_from_slice(bytes)
        })))
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }

    /// Encrypts `plaintext`, binding it to `aad`. Each call uses a fresh random nonce, so
    /// equal plaintexts give different outputs.
    ///
    /// # Panics
    /// Only for a plaintext over 256 GiB (the cipher's limit).
    pub fn encrypt(&self, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        seal::seal(self.expose(), plaintext, aad)
    }

    /// Decrypts what [`DataKey::encrypt`] produced with this key and the same `aad`.
    ///
    /// Fails, without panicking, on a wrong key, wrong `aad`, and on tampered, truncated
    /// or arbitrary bytes.
    pub fn decrypt(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        seal::open(self.expose(), sealed, aad).map_err(|err| match err {
            OpenError::TooShort(len) => CryptoError::SealedTooShort {
                len,
                min: MIN_SEALED_LEN,
            },
            OpenError::UnknownVersion(version) => CryptoError::UnknownSealVersion { version },
            OpenError::Authentication => CryptoError::Decrypt,
        })
    }

    /// Encrypts text; the counterpart of [`DataKey::decrypt_string`].
    pub fn encrypt_str(&self, plaintext: &str, aad: &[u8]) -> Vec<u8> {
        self.encrypt(plaintext.as_bytes(), aad)
    }

    /// Decrypts what [`DataKey::encrypt_str`] produced, checking the result is UTF-8.
    pub fn decrypt_string(&self, sealed: &[u8], aad: &[u8]) -> Result<String, CryptoError> {
        String::from_utf8(self.decrypt(sealed, aad)?).map_err(|_| CryptoError::NotUtf8)
    }
}

// Cloning is allowed so an organisation's keys can be cached per request handler; every
// copy is zeroized on drop.
impl Clone for DataKey {
    fn clone(&self) -> Self {
        DataKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            key.copy_from_slice(self.expose())
        }))
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn debug_does_not_show_the_key() {
        let key = DataKey::generate();
        let shown = format!("{key:?} {:#?}", key.clone());
        let bytes = key.expose();
        assert!(!shown.contains(&hex::encode(bytes)));
        assert!(!shown.contains(&hex::encode_upper(bytes)));
        assert!(!shown.contains(&base64::engine::general_purpose::STANDARD.encode(bytes)));
        assert!(!shown.contains(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)));
        assert!(shown.contains("DataKey([redacted])"));
    }

    #[test]
    fn from_bytes_takes_exactly_32_bytes() {
        assert!(DataKey::from_bytes(&[7u8; 31]).is_none());
        assert!(DataKey::from_bytes(&[7u8; 33]).is_none());
        let key = DataKey::from_bytes(&[7u8; 32]).expect("32 bytes is a key");
        assert_eq!(key.expose(), &[7u8; 32]);
    }
}
