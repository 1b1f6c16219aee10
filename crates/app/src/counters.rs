//! Screening counters, added up in memory and written to the store in batches.
//!
//! A screening must not cost a database write: at thousands of screenings a second the
//! write, not the cryptography, would set the pace. A crash loses at most the counts since
//! the last flush; counts are statistics, never anyone's data.

use parasol_store::{OrgId, Store};
use std::collections::HashMap;
use std::sync::Mutex;

type Key = (OrgId, &'static str, time::Date);

/// Counts not yet written.
#[derive(Default)]
pub(crate) struct PendingCounts(Mutex<HashMap<Key, i64>>);

impl PendingCounts {
    pub(crate) fn add(&self, org: OrgId, counter: &'static str, day: time::Date) {
        if let Ok(mut map) = self.0.lock() {
            *map.entry((org, counter, day)).or_insert(0) += 1;
        }
    }

    /// Writes every pending count; counts that fail to write are kept for the next flush.
    pub(crate) async fn flush(&self, store: &dyn Store) -> Result<(), parasol_store::StoreError> {
        let taken: Vec<(Key, i64)> = match self.0.lock() {
            Ok(mut map) => map.drain().collect(),
            Err(_) => return Ok(()),
        };
        let mut result = Ok(());
        for ((org, counter, day), n) in taken {
            if let Err(e) = store.count(org, counter, day, n).await {
                if let Ok(mut map) = self.0.lock() {
                    *map.entry((org, counter, day)).or_insert(0) += n;
                }
                result = Err(e);
            }
        }
        result
    }
}
