//! Organisation rows kept in memory for a moment, for the hot paths of screening: every
//! screen needs its organisation's region and keys, and reading the row from the database
//! each time cost as much as the screen itself.
//!
//! Two seconds is short enough that a rotated key (which the key ring notices from the
//! wrapped key in the row) or a changed setting is picked up almost at once.

use parasol_store::{OrgId, Organisation, Store, StoreResult};
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a row is used before it is read again.
const FRESH_FOR: Duration = Duration::from_secs(2);

/// Recently read organisation rows.
#[derive(Default)]
pub(crate) struct RecentOrganisations(RwLock<HashMap<OrgId, (Instant, Organisation)>>);

impl RecentOrganisations {
    /// The organisation, from memory if read less than [`FRESH_FOR`] ago.
    pub(crate) async fn get(&self, store: &dyn Store, org: OrgId) -> StoreResult<Organisation> {
        if let Some(row) = self.0.read().ok().and_then(|m| {
            m.get(&org)
                .filter(|(at, _)| at.elapsed() < FRESH_FOR)
                .map(|(_, row)| row.clone())
        }) {
            return Ok(row);
        }
        let row = store.organisation(org).await?;
        if let Ok(mut map) = self.0.write() {
            map.insert(org, (Instant::now(), row.clone()));
        }
        Ok(row)
    }
}
