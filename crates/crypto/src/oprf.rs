//! An organisation's OPRF key (RFC 9497, OPRF mode, ristretto255-SHA512) and the tags it makes.

use hkdf::Hkdf;
use rand::rngs::OsRng;
use sha2::Sha256;
use voprf::{BlindedElement, OprfServer, Ristretto255};
use zeroize::{Zeroize, Zeroizing};

use crate::{CryptoError, Tag};

/// The HKDF `info` that turns an OPRF output into a tag. Changing it changes every tag.
const TAG_INFO: &[u8] = b"parasol tag v1";

/// Length of a serialized ristretto255 element or scalar.
const ELEMENT_LEN: usize = 32;

/// An organisation's key for RFC 9497 OPRF mode with ristretto255-SHA512.
///
/// The server evaluates identifiers with it directly when a report is filed
/// ([`OprfKey::evaluate`], [`OprfKey::tag`]) and blindly when a member screens
/// ([`OprfKey::blind_evaluate`]); both give the same output, so the tags match.
///
/// `Debug` prints `OprfKey([redacted])`; the scalar is zeroized on drop.
#[derive(Clone)]
pub struct OprfKey(OprfServer<Ristretto255>);

impl OprfKey {
    /// A new random key from the operating system's generator (RFC 9497 DeriveKeyPair over a
    /// random seed, as the `voprf` crate does it).
    pub fn generate() -> OprfKey {
        // voprf only fails here if DeriveKeyPair's 256 counter values all give zero,
        // which happens with probability about 2^-64000; try again rather than panic.
        loop {
            if let Ok(server) = OprfServer::<Ristretto255>::new(&mut OsRng) {
                return OprfKey(server);
            }
        }
    }

    /// RFC 9497 DeriveKeyPair: the key determined by `seed` and `info`.
    pub fn from_seed(seed: &[u8; 32], info: &[u8]) -> Result<OprfKey, CryptoError> {
        OprfServer::<Ristretto255>::new_from_seed(seed, info)
            .map(OprfKey)
            .map_err(|_| CryptoError::OprfKeyDerivation)
    }

    /// Reads a key written by [`OprfKey::to_bytes`]: a canonical, non-zero 32-byte scalar.
    pub fn from_bytes(sk: &[u8]) -> Result<OprfKey, CryptoError> {
        if sk.len() != ELEMENT_LEN {
            return Err(CryptoError::OprfKeyInvalid);
        }
        OprfServer::<Ristretto255>::new_with_key(sk)
            .map(OprfKey)
            .map_err(|_| CryptoError::OprfKeyInvalid)
    }

    /// The 32-byte secret scalar (RFC 9497 `skS`), zeroized when dropped.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut serialized = self.0.serialize();
        let bytes = Zeroizing::new(serialized.to_vec());
        serialized.as_mut_slice().zeroize();
        bytes
    }

    /// RFC 9497 Evaluate: the 64-byte OPRF output for `input`, computed with the key.
    ///
    /// Fails only for an input longer than 65535 bytes.
    pub fn evaluate(&self, input: &[u8]) -> Result<[u8; 64], CryptoError> {
        let output = self.0.evaluate(input).map_err(|_| CryptoError::OprfInput)?;
        Ok(output.into())
    }

    /// The tag of a normalised, type-prefixed identifier such as `phone:+447700900123`:
    /// [`tag_from_output`] of [`OprfKey::evaluate`].
    pub fn tag(&self, prefixed: &str) -> Result<Tag, CryptoError> {
        let mut output = self.evaluate(prefixed.as_bytes())?;
        let tag = tag_from_output(&output);
        output.zeroize();
        Ok(tag)
    }

    /// RFC 9497 BlindEvaluate, the server's step of private screening: a 32-byte blinded
    /// element in, a 32-byte evaluated element out. The server learns nothing about the
    /// identifier. Bytes that are not a valid, non-identity ristretto255 point are refused.
    pub fn blind_evaluate(&self, blinded: &[u8]) -> Result<[u8; 32], CryptoError> {
        if blinded.len() != ELEMENT_LEN {
            return Err(CryptoError::BlindedElementLength { len: blinded.len() });
        }
        let blinded = BlindedElement::<Ristretto255>::deserialize(blinded)
            .map_err(|_| CryptoError::BlindedElementInvalid)?;
        Ok(self.0.blind_evaluate(&blinded).serialize().into())
    }
}

impl std::fmt::Debug for OprfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OprfKey([redacted])")
    }
}

/// The tag for an OPRF output: HKDF-SHA256 with no salt, the output as input keying
/// material and `info = "parasol tag v1"`, truncated to its first 16 bytes.
///
/// The server (after [`OprfKey::evaluate`]) and the screening client (after
/// [`crate::client::finalize`]) both call this, so their tags agree.
pub fn tag_from_output(output: &[u8; 64]) -> Tag {
    let mut tag = [0u8; 16];
    Hkdf::<Sha256>::new(None, output)
        .expand(TAG_INFO, &mut tag)
        .expect("16 bytes is within HKDF-SHA256's output limit");
    Tag(tag)
}
