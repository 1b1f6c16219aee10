//! Parasol's operations: the safety loop (accounts, reports, verification, alerts,
//! screening) over any [`Store`] and the organisation's keys. The server and the CLI
//! both go through here, so a rule is enforced in one place.

mod accounts;
mod alerts;
mod cases;
mod clock;
mod counters;
mod error;
mod evidence;
mod keys;
mod mail;
mod organisations;
mod private_screening;
mod reports;
mod rotation;
mod screening;
mod secrets;

pub use accounts::{require as require_role, NewOrganisationInput, SignedIn, OPERATOR_HANDLE};
pub use alerts::{AlertView, SubscriptionView};
pub use cases::{
    parse_assessment, ActInput, ActView, AssessmentInput, AssessmentOutcome, CaseInput,
    CaseListItem, CaseView, ConsentInput, ConsentView, EventInput, EventView, FollowUp,
    InvolvementInput, InvolvementView, ReferralInput, ReferralUpdateInput, ReferralView,
    ServiceInput, ServiceView,
};
pub use clock::Clock;
pub use error::{AppError, AppResult};
pub use evidence::{consented_evidence, evidence_table_names, Evidence, EvidenceTable};
pub use mail::AlertMail;
pub use private_screening::{
    parse_bucket_prefix, tag_text, SignedTagList, TagListEntry, PRIVATE_SCREENINGS_COUNTER,
    SYNC_OVERLAP_SECONDS, TAG_LIST_FORMAT,
};
pub use reports::{PublishInput, ReportInput, ReportView};
pub use secrets::{InviteCode, SessionToken};

use parasol_crypto::MasterKey;
use parasol_store::Store;
use std::sync::Arc;

/// Everything an operation needs: the store, the master key, the clock.
///
/// Cheap to clone; clones share the unwrapped-key cache.
#[derive(Clone)]
pub struct Parasol {
    store: Arc<dyn Store>,
    keys: keys::KeyRing,
    clock: Clock,
    counts: Arc<counters::PendingCounts>,
    recent: Arc<organisations::RecentOrganisations>,
}

impl Parasol {
    /// Operations over `store`, unwrapping organisation keys with `master`.
    pub fn new(store: Arc<dyn Store>, master: MasterKey) -> Self {
        Parasol {
            store,
            keys: keys::KeyRing::new(master),
            clock: Clock::system(),
            counts: Arc::default(),
            recent: Arc::default(),
        }
    }

    /// The same, with a clock the caller controls (tests, demo data).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The store underneath, for operations that need no keys.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Writes the counters gathered in memory to the store. The server does this every
    /// minute and on shutdown; one-shot commands before they exit.
    pub async fn flush_counters(&self) -> AppResult<()> {
        Ok(self.counts.flush(self.store.as_ref()).await?)
    }

    /// An organisation's keys, unwrapped (for the blinded protocol and benchmarks).
    pub fn org_keys(
        &self,
        org: &parasol_store::Organisation,
    ) -> AppResult<Arc<parasol_crypto::OrgKeys>> {
        self.keys.of(org)
    }

    /// The organisation for a screen: read at most every two seconds.
    async fn organisation_for_screening(
        &self,
        org: parasol_store::OrgId,
    ) -> AppResult<parasol_store::Organisation> {
        Ok(self.recent.get(self.store.as_ref(), org).await?)
    }

    /// The clock in use.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
}
