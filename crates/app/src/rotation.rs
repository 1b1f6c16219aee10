//! Rotating an organisation's data key: a new key, every sealed field re-encrypted under
//! it and the new key stored wrapped, in one transaction.
//!
//! The OPRF key is not rotated this way: tags cannot be recomputed without the identifiers
//! they came from, which Parasol never keeps. The README says what an organisation does
//! instead.

use crate::error::AppResult;
use crate::reports::aad;
use crate::Parasol;
use parasol_crypto::{DataKey, OrgKeys};
use parasol_store::OrgId;

impl Parasol {
    /// Rotates `org`'s data key; returns how many fields were re-encrypted. Run it while
    /// no server is writing to the organisation (stop the servers, rotate, start them):
    /// a write already under way with the old key would otherwise be unreadable.
    pub async fn rotate_data_key(&self, org: OrgId) -> AppResult<u64> {
        let organisation = self.store.organisation(org).await?;
        let old = self.keys.of(&organisation)?;
        let new = OrgKeys {
            oprf: old.oprf.clone(),
            data: DataKey::generate(),
            tag_list: old.tag_list.clone(),
        };
        let wrapped = new.wrap(self.keys.master());
        let (old_data, new_data) = (old.data.clone(), new.data.clone());
        let reseal = move |purpose: &str, sealed: &[u8]| -> Result<Vec<u8>, String> {
            let associated = aad(org, purpose);
            let plain = zeroize::Zeroizing::new(
                old_data
                    .decrypt(sealed, &associated)
                    .map_err(|e| e.to_string())?,
            );
            Ok(new_data.encrypt(&plain, &associated))
        };
        let count = self
            .store
            .rotate_data_key(org, wrapped.data, &reseal)
            .await?;
        Ok(count)
    }
}
