//! The one error type of this crate, worded so the person reading it knows what to do.

use std::path::PathBuf;

/// Everything that can go wrong in Parasol's cryptography.
///
/// No message ever contains key material, plaintext or an identifier.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// A tag list's signature is missing, malformed, or not made by the pinned key.
    #[error("the tag list's signature does not verify: it was changed on the way or signed by another key; do not trust it, and tell a peer worker")]
    TagListSignature,
    /// A blinded element sent for evaluation had the wrong length.
    #[error("the blinded element is not 32 bytes (it is {len}); send exactly the 32 bytes that blinding produced")]
    BlindedElementLength {
        /// The length that was received.
        len: usize,
    },
    /// A blinded element was 32 bytes but not a valid ristretto255 point.
    #[error("the blinded element is not a valid ristretto255 point; blind the identifier again and resend")]
    BlindedElementInvalid,
    /// An evaluated element returned by the server had the wrong length.
    #[error("the server's evaluated element is not 32 bytes (it is {len}); the server may be running an incompatible version")]
    EvaluatedElementLength {
        /// The length that was received.
        len: usize,
    },
    /// An evaluated element was 32 bytes but not a valid ristretto255 point.
    #[error("the server's evaluated element is not a valid ristretto255 point; the server may be running an incompatible version")]
    EvaluatedElementInvalid,
    /// The OPRF input was rejected (RFC 9497 limits inputs to 65535 bytes).
    #[error("the identifier cannot be evaluated: it must be at most 65535 bytes long")]
    OprfInput,
    /// Stored or supplied OPRF key bytes are not a usable ristretto255 scalar.
    #[error("the OPRF key is not valid: it must be 32 bytes encoding a canonical, non-zero ristretto255 scalar")]
    OprfKeyInvalid,
    /// RFC 9497 DeriveKeyPair failed (the seed and info are too long, or no key could be derived).
    #[error("could not derive an OPRF key from the seed: the seed and key info together must be under 65532 bytes")]
    OprfKeyDerivation,
    /// Sealed (encrypted) bytes are shorter than the smallest valid ciphertext.
    #[error("the encrypted value is {len} bytes, shorter than any valid encrypted value ({min}); it is damaged or was never encrypted")]
    SealedTooShort {
        /// The length that was received.
        len: usize,
        /// The shortest valid length.
        min: usize,
    },
    /// Sealed bytes start with a format version this build does not know.
    #[error("the encrypted value has format version {version}, but this build of Parasol reads only version 1; upgrade Parasol or check the data is not damaged")]
    UnknownSealVersion {
        /// The version byte that was found.
        version: u8,
    },
    /// Authenticated decryption of a field failed.
    #[error("could not decrypt: wrong organisation key, wrong context (associated data), or damaged data")]
    Decrypt,
    /// Decrypted bytes were expected to be text but are not UTF-8.
    #[error("the decrypted value is not UTF-8 text; it was stored as bytes, not text")]
    NotUtf8,
    /// Unwrapping an organisation key with the master key failed.
    #[error("could not unwrap the organisation's {which} key: wrong master key or damaged data")]
    Unwrap {
        /// Which key failed ("data" or "OPRF").
        which: &'static str,
    },
    /// A master key given as text is not base64.
    #[error("the master key is not valid base64; it should be the 44-character text that `to_base64` or the key file holds")]
    MasterKeyBase64,
    /// A master key decoded to the wrong number of bytes.
    #[error(
        "the master key decodes to {len} bytes; it must be 32 bytes (44 characters of base64)"
    )]
    MasterKeyLength {
        /// The decoded length.
        len: usize,
    },
    /// The `PARASOL_MASTER_KEY` environment variable is set but unusable.
    #[error("the PARASOL_MASTER_KEY environment variable is set but unusable: {reason}; unset it to use the key file instead")]
    EnvKey {
        /// Why it is unusable (never contains the value).
        reason: String,
    },
    /// No key file exists where one was expected.
    #[error("there is no key file at {}; restore it from your backup, or set PARASOL_MASTER_KEY", path.display())]
    KeyFileMissing {
        /// Where the key file was expected.
        path: PathBuf,
    },
    /// The key file is readable or writable by group or others.
    #[error("the key file {} has mode {mode:04o}; it must be 0600 (run `chmod 600 {}`)", path.display(), path.display())]
    KeyFileMode {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The key file exists but is not a regular file.
    #[error("the key file {} is not a regular file", path.display())]
    KeyFileNotRegular {
        /// The key file.
        path: PathBuf,
    },
    /// The key file's contents are not a master key.
    #[error("the key file {} is damaged: {reason}; restore it from your backup", path.display())]
    KeyFileDamaged {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it (never contains key material).
        reason: String,
    },
    /// Reading or writing the key file failed at the operating-system level.
    #[error("could not {action} the key file {}: {source}", path.display())]
    KeyFileIo {
        /// What was being attempted ("read", "create", ...).
        action: &'static str,
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
