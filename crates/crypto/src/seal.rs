//! The sealed-bytes format shared by field encryption and key wrapping:
//! `version (1) || nonce (24) || XChaCha20-Poly1305 ciphertext and tag`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;

/// The only format version written and read.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// Version byte, nonce, and the authentication tag of an empty plaintext.
pub(crate) const MIN_SEALED_LEN: usize = 1 + NONCE_LEN + TAG_LEN;

/// Why opening failed, before it is given a caller-specific meaning.
pub(crate) enum OpenError {
    TooShort(usize),
    UnknownVersion(u8),
    Authentication,
}

// The version byte is bound into the associated data, so a future version cannot be
// passed off as this one (or the reverse) without failing authentication.
fn bound_aad(aad: &[u8]) -> Vec<u8> {
    let mut bound = Vec::with_capacity(1 + aad.len());
    bound.push(VERSION);
    bound.extend_from_slice(aad);
    bound
}

/// Encrypts `plaintext` under `key` with a fresh random nonce.
///
/// # Panics
/// Only if `plaintext` is larger than 256 GiB, the XChaCha20-Poly1305 limit; nothing in
/// Parasol holds a field that large in memory.
pub(crate) fn seal(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let aad = bound_aad(aad);
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .expect("XChaCha20-Poly1305 only refuses plaintexts over 256 GiB");
    let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    sealed.push(VERSION);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    sealed
}

/// Decrypts bytes made by [`seal`] with the same key and associated data.
pub(crate) fn open(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, OpenError> {
    if sealed.len() < MIN_SEALED_LEN {
        return Err(OpenError::TooShort(sealed.len()));
    }
    let (version, rest) = (sealed[0], &sealed[1..]);
    if version != VERSION {
        return Err(OpenError::UnknownVersion(version));
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(Key::from_slice(key));
    let aad = bound_aad(aad);
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| OpenError::Authentication)
}
