//! The key that signs an organisation's tag list, so that a screening client notices a
//! list changed on the way (a proxy, a cache, a mirror) or served by another server.
//!
//! Ed25519 (`ed25519-dalek`). The signing key is derived from the organisation's OPRF key
//! with HKDF, so it needs no storage of its own and every app server derives the same one.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{CryptoError, OprfKey};

/// HKDF `info` for the signing key; changing it changes every organisation's public key.
const SIGNING_INFO: &[u8] = b"parasol tag list signing v1";

/// Signs tag lists. `Debug` prints `TagListKey([redacted])`; zeroized on drop.
#[derive(Clone)]
pub struct TagListKey(SigningKey);

impl TagListKey {
    /// The organisation's tag-list key, derived from its OPRF key.
    pub fn derive(oprf: &OprfKey) -> TagListKey {
        let scalar = oprf.to_bytes();
        let mut seed = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, &scalar)
            .expand(SIGNING_INFO, seed.as_mut_slice())
            .expect("32 bytes is within HKDF-SHA256's output limit");
        TagListKey(SigningKey::from_bytes(&seed))
    }

    /// The 32-byte Ed25519 public key clients pin.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// The 64-byte Ed25519 signature of `body`, the exact bytes sent.
    pub fn sign(&self, body: &[u8]) -> [u8; 64] {
        self.0.sign(body).to_bytes()
    }
}

impl std::fmt::Debug for TagListKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TagListKey([redacted])")
    }
}

/// Checks that `signature` is `public`'s signature of exactly `body`.
pub fn verify_tag_list(public: &[u8], body: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
    let public: [u8; 32] = public
        .try_into()
        .map_err(|_| CryptoError::TagListSignature)?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| CryptoError::TagListSignature)?;
    let signature = Signature::from_slice(signature).map_err(|_| CryptoError::TagListSignature)?;
    key.verify_strict(body, &signature)
        .map_err(|_| CryptoError::TagListSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> TagListKey {
        TagListKey::derive(&OprfKey::from_seed(&[seed; 32], b"test").unwrap())
    }

    #[test]
    fn a_signed_list_verifies_and_a_changed_one_does_not() {
        let key = key(1);
        let body = br#"{"entries":[]}"#;
        let signature = key.sign(body);
        assert!(verify_tag_list(&key.public(), body, &signature).is_ok());
        assert!(verify_tag_list(&key.public(), br#"{"entries":[1]}"#, &signature).is_err());
        let mut bent = signature;
        bent[0] ^= 1;
        assert!(verify_tag_list(&key.public(), body, &bent).is_err());
        assert!(verify_tag_list(&key.public(), body, &signature[..63]).is_err());
    }

    #[test]
    fn another_organisations_key_does_not_verify() {
        let body = b"list";
        assert!(verify_tag_list(&key(2).public(), body, &key(1).sign(body)).is_err());
    }

    #[test]
    fn the_key_is_the_same_on_every_server_and_hidden_in_debug() {
        assert_eq!(key(1).public(), key(1).public());
        assert_ne!(key(1).public(), key(2).public());
        assert_eq!(format!("{:?}", key(1)), "TagListKey([redacted])");
    }
}
