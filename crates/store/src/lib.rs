//! The storage contract every backend implements: one trait, its models, one error.
//!
//! Everything personal arrives here already encrypted (`Vec<u8>` ciphertext) or as a
//! [`Tag`]; a backend never sees an identifier, a narrative or an email address.

#[cfg(feature = "story")]
pub mod case_story;
mod cases;
mod error;
mod models;
#[cfg(feature = "story")]
pub mod story;

pub use cases::*;
pub use error::StoreError;
pub use models::*;

use async_trait::async_trait;
use parasol_core::{Role, Tag};

/// Seconds since the Unix epoch. All instants in the store are these.
pub type Timestamp = i64;

/// Re-encrypts one sealed field: its purpose and old ciphertext in, new ciphertext out.
pub type Reseal = dyn Fn(&str, &[u8]) -> Result<Vec<u8>, String> + Send + Sync;

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Persistent state of one or more organisations.
///
/// Every method that changes more than one row does so in one transaction: it either
/// happens entirely or not at all. A method that returns `Ok` has made its change durable.
#[async_trait]
pub trait Store: CaseStore + Send + Sync + 'static {
    // --- organisations and areas ---------------------------------------------------------

    /// Creates an organisation with its wrapped keys.
    async fn create_organisation(&self, org: NewOrganisation) -> StoreResult<Organisation>;
    /// One organisation.
    async fn organisation(&self, org: OrgId) -> StoreResult<Organisation>;
    /// All organisations, oldest first.
    async fn organisations(&self) -> StoreResult<Vec<Organisation>>;
    /// Changes how long alerts stay up.
    async fn set_alert_expiry(
        &self,
        org: OrgId,
        alert_days: i64,
        red_alert_days: i64,
    ) -> StoreResult<()>;
    /// Adds an area; a name already used in the organisation is a `Conflict`.
    async fn add_area(&self, org: OrgId, name: &str) -> StoreResult<Area>;
    /// The organisation's areas, by name.
    async fn areas(&self, org: OrgId) -> StoreResult<Vec<Area>>;

    // --- members, invites, sessions ------------------------------------------------------

    /// Stores an invite (only the hash of its code).
    async fn create_invite(&self, invite: NewInvite) -> StoreResult<()>;
    /// Uses an unused, unexpired invite to admit a member, in one transaction. A taken
    /// handle is a `Conflict` and leaves the invite usable; an unknown, used or expired
    /// invite is `NotFound("invite")`.
    async fn redeem_invite(
        &self,
        code_hash: &[u8],
        member: NewMember,
        now: Timestamp,
    ) -> StoreResult<Member>;
    /// A member by handle within an organisation.
    async fn member_by_handle(&self, org: OrgId, handle: &str) -> StoreResult<Member>;
    /// A member by id.
    async fn member(&self, member: MemberId) -> StoreResult<Member>;
    /// The organisation's members, by handle.
    async fn members(&self, org: OrgId) -> StoreResult<Vec<Member>>;
    /// Changes a member's role.
    async fn set_role(&self, member: MemberId, role: Role) -> StoreResult<()>;
    /// Replaces a member's passphrase hash and ends all her sessions, in one transaction.
    async fn set_passphrase(&self, member: MemberId, passphrase_hash: &str) -> StoreResult<()>;
    /// Starts a session (only the hash of its token is stored).
    async fn create_session(
        &self,
        token_hash: &[u8],
        member: MemberId,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// The member whose unexpired session this is.
    async fn session_member(&self, token_hash: &[u8], now: Timestamp) -> StoreResult<Member>;
    /// Ends one session.
    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()>;
    /// Ends every session of a member ("sign out everywhere").
    async fn end_all_sessions(&self, member: MemberId) -> StoreResult<()>;

    // --- reports and alerts --------------------------------------------------------------

    /// Stores a report with its tags, in one transaction. Durable when `Ok`.
    async fn submit_report(&self, report: NewReport) -> StoreResult<ReportId>;
    /// Imports reports verified before Parasol, each published with its alert, all in one
    /// transaction: every one is stored, or none. Returns their ids in order.
    async fn import_published(&self, reports: Vec<ImportedReport>) -> StoreResult<Vec<ReportId>>;
    /// One report of the organisation, with its identifiers' tags and its alert if any.
    async fn report(&self, org: OrgId, report: ReportId) -> StoreResult<Report>;
    /// The organisation's reports in a status, oldest first (the verification queue).
    async fn reports_with_status(
        &self,
        org: OrgId,
        status: ReportStatus,
    ) -> StoreResult<Vec<Report>>;
    /// Reports a member submitted, newest first.
    async fn reports_by(&self, member: MemberId) -> StoreResult<Vec<Report>>;
    /// Verifies a pending report and publishes its alert, and queues one mail to every
    /// member subscribed to the alert's area, all in one transaction. A report that is not
    /// pending is a `Conflict`.
    async fn publish(&self, publication: Publication) -> StoreResult<Alert>;
    /// Rejects a pending report. A report that is not pending is a `Conflict`.
    async fn reject(
        &self,
        org: OrgId,
        report: ReportId,
        by: MemberId,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// Retracts a report and takes down its alert, if any, in one transaction.
    async fn retract(
        &self,
        org: OrgId,
        report: ReportId,
        by: MemberId,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// Published alerts, unexpired and unretracted at `now`, newest first; all areas or one.
    async fn alerts(
        &self,
        org: OrgId,
        area: Option<AreaId>,
        now: Timestamp,
    ) -> StoreResult<Vec<Alert>>;

    // --- screening -----------------------------------------------------------------------

    /// What is known about one tag at `now`: its live alerts, and the pending reports
    /// naming it whose reporters agreed to an alert (others colour no one's screen).
    async fn screen(&self, org: OrgId, tag: &Tag, now: Timestamp) -> StoreResult<ScreenFacts>;
    /// What is known at `now` about every tag in `scope`, by tag (the members' tag list
    /// for private screening, or one bucket of it).
    async fn tag_facts(
        &self,
        org: OrgId,
        scope: TagScope<'_>,
        now: Timestamp,
    ) -> StoreResult<Vec<(Tag, ScreenFacts)>>;
    /// How many tags have something to show at `now` (the length of the full tag list).
    async fn live_tag_count(&self, org: OrgId, now: Timestamp) -> StoreResult<u64>;
    /// Adds `by` to a named daily counter. Counters never name a member or an identifier.
    async fn count(&self, org: OrgId, counter: &str, day: time::Date, by: i64) -> StoreResult<()>;
    /// A counter's value per day.
    async fn counter(&self, org: OrgId, counter: &str) -> StoreResult<Vec<(time::Date, i64)>>;

    // --- keys ----------------------------------------------------------------------------

    /// Re-encrypts every sealed field of the organisation and stores its new wrapped data
    /// key, in one transaction: afterwards every field opens with the new key, or (on any
    /// error) nothing changed. `reseal` gets each field's purpose (the associated data's
    /// name, e.g. `report narrative`) and its old ciphertext, and returns the new one.
    /// Returns how many fields were re-encrypted.
    async fn rotate_data_key(
        &self,
        org: OrgId,
        wrapped_data_key: Vec<u8>,
        reseal: &Reseal,
    ) -> StoreResult<u64>;

    // --- alert mail ----------------------------------------------------------------------

    /// Subscribes a member to an area's alert mail; `email` is ciphertext. Replaces an
    /// earlier subscription to the same area.
    async fn subscribe(&self, member: MemberId, area: AreaId, email: Vec<u8>) -> StoreResult<()>;
    /// Ends a subscription.
    async fn unsubscribe(&self, member: MemberId, area: AreaId) -> StoreResult<()>;
    /// A member's subscriptions.
    async fn subscriptions(&self, member: MemberId) -> StoreResult<Vec<Subscription>>;
    /// Queued mail due at `now`, oldest first, at most `limit`.
    async fn due_mail(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<QueuedMail>>;
    /// Marks a queued mail as sent.
    async fn mail_sent(&self, mail: MailId, at: Timestamp) -> StoreResult<()>;
    /// Records a failed attempt and when to try again.
    async fn mail_failed(&self, mail: MailId, retry_at: Timestamp) -> StoreResult<()>;
}
