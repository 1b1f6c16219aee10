//! An organisation's keys, and their wrapped form for the database.

use crate::seal::{self, OpenError};
use crate::{CryptoError, DataKey, MasterKey, OprfKey, TagListKey};

/// Associated data naming the data key, so a wrapped OPRF key cannot pass as a data key.
const DATA_KEY_AAD: &[u8] = b"parasol data key v1";
/// Associated data naming the OPRF key.
const OPRF_KEY_AAD: &[u8] = b"parasol oprf key v1";

/// An organisation's keys, unwrapped in memory. `Debug` shows neither key.
#[derive(Clone, Debug)]
pub struct OrgKeys {
    /// Makes the organisation's tags, and answers private screens.
    pub oprf: OprfKey,
    /// Encrypts the organisation's fields at rest.
    pub data: DataKey,
    /// Signs the tag list (derived from the OPRF key, never stored).
    pub tag_list: TagListKey,
}

/// An organisation's keys, each encrypted under the master key, as stored in the database.
///
/// Each field is `1 || nonce (24) || XChaCha20-Poly1305 ciphertext and tag`, under a key
/// derived from the master key, with associated data naming which key it is. Not secret
/// without the master key, so it may be logged in `Debug`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedKeys {
    /// The wrapped [`DataKey`] (73 bytes).
    pub data: Vec<u8>,
    /// The wrapped [`OprfKey`] scalar (73 bytes).
    pub oprf: Vec<u8>,
}

impl OrgKeys {
    /// New random keys for a new organisation.
    pub fn generate() -> OrgKeys {
        let oprf = OprfKey::generate();
        OrgKeys {
            tag_list: TagListKey::derive(&oprf),
            oprf,
            data: DataKey::generate(),
        }
    }

    /// Wraps both keys under `master` for storage in the database.
    pub fn wrap(&self, master: &MasterKey) -> WrappedKeys {
        let wrapping_key = master.wrapping_key();
        WrappedKeys {
            data: seal::seal(&wrapping_key, self.data.expose(), DATA_KEY_AAD),
            oprf: seal::seal(&wrapping_key, &self.oprf.to_bytes(), OPRF_KEY_AAD),
        }
    }

    /// Unwraps keys made by [`OrgKeys::wrap`]. Fails with a wrong master key, with damaged
    /// bytes, or if the two wrapped keys are swapped.
    pub fn unwrap(master: &MasterKey, wrapped: &WrappedKeys) -> Result<OrgKeys, CryptoError> {
        let wrapping_key = master.wrapping_key();
        let data = zeroize::Zeroizing::new(
            seal::open(&wrapping_key, &wrapped.data, DATA_KEY_AAD)
                .map_err(|err| unwrap_error(err, "data"))?,
        );
        let oprf = zeroize::Zeroizing::new(
            seal::open(&wrapping_key, &wrapped.oprf, OPRF_KEY_AAD)
                .map_err(|err| unwrap_error(err, "OPRF"))?,
        );
        let oprf = OprfKey::from_bytes(&oprf).map_err(|_| CryptoError::Unwrap { which: "OPRF" })?;
        Ok(OrgKeys {
            data: DataKey::from_bytes(&data).ok_or(CryptoError::Unwrap { which: "data" })?,
            tag_list: TagListKey::derive(&oprf),
            oprf,
        })
    }
}

fn unwrap_error(err: OpenError, which: &'static str) -> CryptoError {
    match err {
        OpenError::UnknownVersion(version) => CryptoError::UnknownSealVersion { version },
        OpenError::TooShort(_) | OpenError::Authentication => CryptoError::Unwrap { which },
    }
}
