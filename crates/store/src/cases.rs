//! The casework contract: cases after HURIDOCS' events format, consents, referrals to a
//! services directory, assessments, and the audit trail of who opened or changed a case.
//!
//! A case is about one person, named only by a pseudonymous label (ciphertext). It holds
//! events (what happened, when, where); each event holds acts done *to her* (the case's
//! person is always the victim of its acts, so no "against whom" column exists); each act
//! names who was involved and how. Free text, her label, contact details and assessments
//! reach the store as ciphertext. Audit rows say who opened or changed which case and
//! when, never what it holds.

use crate::{AreaId, MemberId, OrgId, StoreError, StoreResult, Timestamp};
use async_trait::async_trait;
use parasol_casework::{
    ActType, Consent, EventPeriod, InvolvementDegree, MeasureLink, PerpetratorCategory,
    ReferralStatus, ServiceCategory, Vocabulary,
};
use serde::Serialize;
use time::Date;

/// Case id.
pub type CaseId = i64;
/// Event id.
pub type EventId = i64;
/// Act id.
pub type ActId = i64;
/// Consent record id.
pub type ConsentId = i64;
/// Service id (the services directory).
pub type ServiceId = i64;
/// Referral id.
pub type ReferralId = i64;

/// Whether a case is being worked on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being worked on.
    Open,
    /// Nothing more to do for now; it can be reopened.
    Closed,
}

impl CaseStatus {
    /// Stable wire and database form.
    pub fn slug(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }

    /// Reads the wire form.
    pub fn parse(input: &str) -> Option<Self> {
        [CaseStatus::Open, CaseStatus::Closed]
            .into_iter()
            .find(|s| s.slug() == input.trim())
    }
}

/// Who opens or changes a case, and when: every such access leaves an audit row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseAccess {
    /// The peer worker or coordinator.
    pub by: MemberId,
    /// When.
    pub at: Timestamp,
}

/// Who was involved in an act, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Involvement {
    /// What kind of person or body.
    pub perpetrator: PerpetratorCategory,
    /// How they were involved.
    pub degree: InvolvementDegree,
}

/// An act as recorded.
#[derive(Clone, Debug)]
pub struct NewAct {
    /// What was done to her.
    pub act_type: ActType,
    /// What it meant for her, encrypted.
    pub consequences: Vec<u8>,
    /// The anti-trafficking measure that caused it, if one did.
    pub measure: Option<MeasureLink>,
    /// Who was involved.
    pub involvements: Vec<Involvement>,
}

/// An event as recorded, with its acts.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// What happened, encrypted.
    pub what: Vec<u8>,
    /// When.
    pub when: EventPeriod,
    /// Where: one of the organisation's areas, if known.
    pub area: Option<AreaId>,
    /// Whether only the peer workers keeping the case may see it in detail.
    pub confidential: bool,
    /// The acts.
    pub acts: Vec<NewAct>,
}

/// A case as opened, with its first events.
#[derive(Clone, Debug)]
pub struct NewCase {
    /// Organisation.
    pub org: OrgId,
    /// Her pseudonymous label, encrypted.
    pub person: Vec<u8>,
    /// Her member account, only if she asked for it to be linked.
    pub member: Option<MemberId>,
    /// Who opens it, and when.
    pub access: CaseAccess,
    /// What happened.
    pub events: Vec<NewEvent>,
}

/// A stored act.
#[derive(Clone, Debug)]
pub struct Act {
    /// Id.
    pub id: ActId,
    /// What was done to her.
    pub act_type: ActType,
    /// Encrypted consequences.
    pub consequences: Vec<u8>,
    /// The measure that caused it, if any.
    pub measure: Option<MeasureLink>,
    /// Who was involved, in the order recorded.
    pub involvements: Vec<Involvement>,
}

/// A stored event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Id.
    pub id: EventId,
    /// Encrypted description.
    pub what: Vec<u8>,
    /// When.
    pub when: EventPeriod,
    /// Where, if known (id and name).
    pub area: Option<(AreaId, String)>,
    /// Confidential.
    pub confidential: bool,
    /// Its acts, in the order recorded.
    pub acts: Vec<Act>,
}

/// A consent as recorded, with her notes.
#[derive(Clone, Debug)]
pub struct NewConsent {
    /// The consent: purpose, recipient, day, who recorded it, how.
    pub consent: Consent,
    /// Notes about it (what exactly she agreed to), encrypted.
    pub notes: Vec<u8>,
}

/// A stored consent record.
#[derive(Clone, Debug)]
pub struct ConsentRecord {
    /// Id.
    pub id: ConsentId,
    /// The consent, withdrawn or not.
    pub consent: Consent,
    /// Encrypted notes.
    pub notes: Vec<u8>,
}

/// A service in the organisation's directory.
#[derive(Clone, Debug)]
pub struct NewService {
    /// Organisation.
    pub org: OrgId,
    /// The service's name, as peers and consents name it.
    pub name: String,
    /// What kind of service.
    pub category: ServiceCategory,
    /// How to reach it, encrypted.
    pub contact: Vec<u8>,
}

/// A stored service.
#[derive(Clone, Debug)]
pub struct Service {
    /// Id.
    pub id: ServiceId,
    /// Organisation.
    pub org: OrgId,
    /// Name.
    pub name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Encrypted contact details.
    pub contact: Vec<u8>,
}

/// A referral as made.
#[derive(Clone, Debug)]
pub struct NewReferral {
    /// The service she chose.
    pub service: ServiceId,
    /// Where it starts (usually proposed or made).
    pub status: ReferralStatus,
    /// When to check on it.
    pub follow_up_on: Option<Date>,
}

/// A change to a referral: a status move checked against the status it was read in.
#[derive(Clone, Debug)]
pub struct ReferralChange {
    /// The status the change was decided from; if it has moved since, the change is a
    /// `Conflict` and nothing is written.
    pub from: ReferralStatus,
    /// The new status (may equal `from` when only the notes change).
    pub to: ReferralStatus,
    /// The service's response, encrypted; `None` keeps what is stored.
    pub response: Option<Vec<u8>>,
    /// The outcome for her, encrypted; `None` keeps what is stored.
    pub outcome: Option<Vec<u8>>,
    /// When to check on it next (replaces what is stored).
    pub follow_up_on: Option<Date>,
}

/// A stored referral.
#[derive(Clone, Debug)]
pub struct Referral {
    /// Id.
    pub id: ReferralId,
    /// Its case.
    pub case: CaseId,
    /// The service.
    pub service: Service,
    /// Where it stands.
    pub status: ReferralStatus,
    /// Encrypted response of the service.
    pub response: Option<Vec<u8>>,
    /// Encrypted outcome for her.
    pub outcome: Option<Vec<u8>>,
    /// When to check on it.
    pub follow_up_on: Option<Date>,
    /// Who made it.
    pub made_by: MemberId,
    /// When.
    pub made_at: Timestamp,
    /// When it last changed.
    pub changed_at: Timestamp,
}

/// A stored assessment: the Protocol facts and ILO indicators as encrypted JSON.
#[derive(Clone, Debug)]
pub struct SealedAssessment {
    /// Encrypted JSON of a `SituationAssessment`.
    pub sealed: Vec<u8>,
    /// Who last recorded it.
    pub by: MemberId,
    /// When.
    pub at: Timestamp,
}

/// A case with everything in it.
#[derive(Clone, Debug)]
pub struct CaseFile {
    /// Id.
    pub id: CaseId,
    /// Organisation.
    pub org: OrgId,
    /// Encrypted pseudonymous label.
    pub person: Vec<u8>,
    /// Her member account, if she asked for it to be linked.
    pub member: Option<MemberId>,
    /// Who opened it.
    pub created_by: MemberId,
    /// When.
    pub created_at: Timestamp,
    /// Open or closed.
    pub status: CaseStatus,
    /// Events, earliest first.
    pub events: Vec<Event>,
    /// Every consent record, current and withdrawn, in the order given.
    pub consents: Vec<ConsentRecord>,
    /// Referrals, oldest first.
    pub referrals: Vec<Referral>,
    /// The assessment, once recorded.
    pub assessment: Option<SealedAssessment>,
}

/// One line of the case list.
#[derive(Clone, Debug)]
pub struct CaseSummary {
    /// Id.
    pub id: CaseId,
    /// Encrypted pseudonymous label.
    pub person: Vec<u8>,
    /// Open or closed.
    pub status: CaseStatus,
    /// When it was opened.
    pub created_at: Timestamp,
    /// How many events it has.
    pub events: i64,
    /// How many referrals are not closed.
    pub open_referrals: i64,
}

/// One row of a case's audit trail. It never holds case content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The case.
    pub case: CaseId,
    /// Who.
    pub member: MemberId,
    /// `viewed`, or `changed:<what>` (e.g. `changed:consent`).
    pub action: String,
    /// When.
    pub at: Timestamp,
}

/// A referral whose follow-up day has come, with its case.
#[derive(Clone, Debug)]
pub struct DueReferral {
    /// The case's encrypted label.
    pub person: Vec<u8>,
    /// The referral.
    pub referral: Referral,
}

/// One act as statistics count it: no text, no person, only categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActFact {
    /// The case the act belongs to (for the consent check; never exported).
    pub case: CaseId,
    /// `YYYY-MM`, or `YYYY` when only the year is known.
    pub period: String,
    /// The area's name, if recorded.
    pub area: Option<String>,
    /// What was done.
    pub act_type: ActType,
    /// The measure that caused it, if any.
    pub measure: Option<MeasureLink>,
    /// The distinct perpetrator categories involved.
    pub perpetrators: Vec<PerpetratorCategory>,
}

/// What statistics are computed from: each case's anonymous-statistics consents, and the
/// acts. Only cases a consent permits may be counted; the caller checks.
#[derive(Clone, Debug, Default)]
pub struct StatisticsSource {
    /// Consent records whose purpose is anonymous statistics, by case.
    pub consents: Vec<(CaseId, Consent)>,
    /// Acts of cases with at least one such record (withdrawn or not).
    pub acts: Vec<ActFact>,
}

/// The audit action for changing `what` (a short lower-case word).
pub fn changed(what: &str) -> String {
    format!("changed:{what}")
}

/// Reads a vocabulary slug back from the database; anything else is a corrupt row.
pub fn stored_term<V: Vocabulary>(slug: &str) -> StoreResult<V> {
    V::all()
        .iter()
        .copied()
        .find(|term| term.slug() == slug)
        .ok_or_else(|| StoreError::Backend(format!("unreadable {} in the database", V::FIELD)))
}

/// Persistent casework. Every method that changes anything writes its audit row in the
/// same transaction, and every multi-row change is one transaction. A case, event,
/// referral or consent of another organisation is `NotFound`.
#[async_trait]
pub trait CaseStore: Send + Sync + 'static {
    /// Opens a case with its events, acts and involvements. Audit: `changed:case`.
    async fn create_case(&self, case: NewCase) -> StoreResult<CaseId>;
    /// The organisation's cases, newest first.
    async fn cases(&self, org: OrgId) -> StoreResult<Vec<CaseSummary>>;
    /// A whole case, for a peer worker who opens it. Audit: `viewed`, in the same
    /// transaction as the read.
    async fn open_case(
        &self,
        org: OrgId,
        case: CaseId,
        access: CaseAccess,
    ) -> StoreResult<CaseFile>;
    /// Every consent record of a case, current and withdrawn, in the order given (for the
    /// consent check before sharing; not an audited view of the case).
    async fn consents(&self, org: OrgId, case: CaseId) -> StoreResult<Vec<ConsentRecord>>;
    /// One referral of the organisation.
    async fn referral(&self, org: OrgId, referral: ReferralId) -> StoreResult<Referral>;
    /// Adds an event with its acts. Audit: `changed:event`.
    async fn add_event(
        &self,
        org: OrgId,
        case: CaseId,
        event: NewEvent,
        access: CaseAccess,
    ) -> StoreResult<EventId>;
    /// Opens or closes a case. Audit: `changed:status`.
    async fn set_case_status(
        &self,
        org: OrgId,
        case: CaseId,
        status: CaseStatus,
        access: CaseAccess,
    ) -> StoreResult<()>;
    /// Records a consent. Audit: `changed:consent`.
    async fn give_consent(
        &self,
        org: OrgId,
        case: CaseId,
        consent: NewConsent,
        access: CaseAccess,
    ) -> StoreResult<ConsentId>;
    /// Records a withdrawal on `on`; a record already withdrawn keeps its earlier day.
    /// A day before the consent was given is a `Conflict`. Audit: `changed:consent`.
    async fn withdraw_consent(
        &self,
        org: OrgId,
        case: CaseId,
        consent: ConsentId,
        on: Date,
        access: CaseAccess,
    ) -> StoreResult<()>;
    /// Records the assessment (replacing an earlier one). Audit: `changed:assessment`.
    async fn set_assessment(
        &self,
        org: OrgId,
        case: CaseId,
        sealed: Vec<u8>,
        access: CaseAccess,
    ) -> StoreResult<()>;
    /// Adds a service to the directory; a name already used is a `Conflict`.
    async fn add_service(&self, service: NewService) -> StoreResult<Service>;
    /// The directory, by name.
    async fn services(&self, org: OrgId) -> StoreResult<Vec<Service>>;
    /// Records a referral. Audit: `changed:referral`.
    async fn make_referral(
        &self,
        org: OrgId,
        case: CaseId,
        referral: NewReferral,
        access: CaseAccess,
    ) -> StoreResult<ReferralId>;
    /// Moves a referral on. If its status is no longer `change.from`, a `Conflict`
    /// and nothing changes. Audit: `changed:referral`.
    async fn change_referral(
        &self,
        org: OrgId,
        referral: ReferralId,
        change: ReferralChange,
        access: CaseAccess,
    ) -> StoreResult<()>;
    /// Referrals not closed whose follow-up day is `on` or earlier, earliest first.
    async fn referrals_due(&self, org: OrgId, on: Date) -> StoreResult<Vec<DueReferral>>;
    /// A case's audit trail, oldest first.
    async fn case_audit(&self, org: OrgId, case: CaseId) -> StoreResult<Vec<AuditEntry>>;
    /// What statistics may be computed from (see [`StatisticsSource`]).
    async fn statistics_source(&self, org: OrgId) -> StoreResult<StatisticsSource>;
    /// The organisation's suppression threshold, if it set one.
    async fn statistics_threshold(&self, org: OrgId) -> StoreResult<Option<i64>>;
    /// Sets the suppression threshold (the database refuses one below 3).
    async fn set_statistics_threshold(&self, org: OrgId, threshold: i64) -> StoreResult<()>;
}
