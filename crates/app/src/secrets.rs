//! Invite codes, session tokens and passphrases: shown once, stored only as hashes.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine;
use parasol_core::FieldError;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const INVITE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A single-use invite code, e.g. `K7QF-2MXP-9RTA-W4HD` (about 79 bits).
#[derive(Clone, PartialEq, Eq)]
pub struct InviteCode(String);

impl InviteCode {
    /// A fresh random code.
    pub fn generate() -> Self {
        let mut rng = rand::rngs::OsRng;
        let groups: Vec<String> = (0..4)
            .map(|_| {
                (0..4)
                    .map(|_| {
                        let i = (rng.next_u32() as usize) % INVITE_ALPHABET.len();
                        INVITE_ALPHABET[i] as char
                    })
                    .collect()
            })
            .collect();
        InviteCode(groups.join("-"))
    }

    /// Reads a code as typed: case, spaces and dashes do not matter.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let cleaned: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        let ok = cleaned.len() == 16 && cleaned.bytes().all(|b| INVITE_ALPHABET.contains(&b));
        if !ok {
            return Err(FieldError::new(
                "invite",
                input,
                "the 16-character invite code you were given, e.g. K7QF-2MXP-9RTA-W4HD",
            ));
        }
        let groups: Vec<&str> = (0..4).map(|i| &cleaned[i * 4..i * 4 + 4]).collect();
        Ok(InviteCode(groups.join("-")))
    }

    /// The code to hand to the new member.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.replace('-', "").as_bytes()).to_vec()
    }
}

impl std::fmt::Debug for InviteCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InviteCode([redacted])")
    }
}

/// A session token: 32 random bytes, base64url. The store keeps its SHA-256.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    /// A fresh random token.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SessionToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token as presented by a client; anything malformed is simply not a session.
    pub fn from_presented(token: &str) -> Option<Self> {
        let t = token.trim();
        let ok = t.len() == 43
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| SessionToken(t.to_string()))
    }

    /// The token to give the client.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken([redacted])")
    }
}

/// Checks a new passphrase's length: 8 to 200 characters.
pub(crate) fn check_new_passphrase(passphrase: &str) -> Result<(), FieldError> {
    let n = passphrase.chars().count();
    if !(8..=200).contains(&n) {
        return Err(FieldError::new(
            "passphrase",
            "",
            "a passphrase of at least 8 characters; a few unrelated words are easy to remember",
        ));
    }
    Ok(())
}

/// argon2id with the crate's recommended parameters, off the async threads.
pub(crate) async fn hash_passphrase(passphrase: &str) -> AppResult<String> {
    let passphrase = passphrase.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(passphrase.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("passphrase hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Whether `passphrase` matches the stored argon2 hash, off the async threads.
pub(crate) async fn verify_passphrase(passphrase: &str, stored: &str) -> bool {
    let passphrase = passphrase.to_string();
    let stored = stored.to_string();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|hash| {
                Argon2::default()
                    .verify_password(passphrase.as_bytes(), &hash)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_codes_read_back_however_they_are_typed() {
        let code = InviteCode::generate();
        let typed = code.as_str().to_lowercase().replace('-', " ");
        let read = InviteCode::parse(&typed).unwrap();
        assert_eq!(read, code);
        assert_eq!(read.hash(), code.hash());
    }

    #[test]
    fn a_mistyped_invite_code_is_refused() {
        assert!(InviteCode::parse("K7QF-2MXP-9RTA").is_err());
        assert!(InviteCode::parse("K7QF-2MXP-9RTA-W4H0").is_err());
    }

    #[test]
    fn session_tokens_round_trip_and_reject_junk() {
        let t = SessionToken::generate();
        assert_eq!(SessionToken::from_presented(t.as_str()), Some(t));
        assert_eq!(SessionToken::from_presented("junk"), None);
    }

    #[tokio::test]
    async fn passphrases_verify_only_themselves() {
        let h = hash_passphrase("correct horse battery").await.unwrap();
        assert!(verify_passphrase("correct horse battery", &h).await);
        assert!(!verify_passphrase("wrong horse battery", &h).await);
        assert!(!verify_passphrase("anything", "not a hash").await);
    }
}
