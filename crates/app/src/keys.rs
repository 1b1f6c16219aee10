//! Unwrapped organisation keys, cached in memory; they never go back to the store unwrapped.

use crate::error::AppResult;
use parasol_crypto::{MasterKey, OrgKeys, WrappedKeys};
use parasol_store::{OrgId, Organisation};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// An organisation's keys, with the wrapped data key they were unwrapped from.
type Unwrapped = (Vec<u8>, Arc<OrgKeys>);

/// The master key and the organisation keys unwrapped with it so far.
#[derive(Clone)]
pub(crate) struct KeyRing {
    master: Arc<MasterKey>,
    /// By organisation, with the wrapped data key they were unwrapped from: when another
    /// process rotates the key, the stored wrapped key differs and is unwrapped afresh.
    unwrapped: Arc<RwLock<HashMap<OrgId, Unwrapped>>>,
}

impl KeyRing {
    pub(crate) fn new(master: MasterKey) -> Self {
        KeyRing {
            master: Arc::new(master),
            unwrapped: Arc::default(),
        }
    }

    pub(crate) fn master(&self) -> &MasterKey {
        &self.master
    }

    /// The keys of `org`, unwrapping them on first use.
    pub(crate) fn of(&self, org: &Organisation) -> AppResult<Arc<OrgKeys>> {
        if let Some(keys) = self.unwrapped.read().ok().and_then(|m| {
            m.get(&org.id)
                .filter(|(wrapped, _)| *wrapped == org.wrapped_data_key)
                .map(|(_, keys)| keys.clone())
        }) {
            return Ok(keys);
        }
        let wrapped = WrappedKeys {
            data: org.wrapped_data_key.clone(),
            oprf: org.wrapped_oprf_key.clone(),
        };
        let keys = Arc::new(OrgKeys::unwrap(&self.master, &wrapped)?);
        if let Ok(mut map) = self.unwrapped.write() {
            map.insert(org.id, (org.wrapped_data_key.clone(), keys.clone()));
        }
        Ok(keys)
    }
}
