//! What the store holds. Personal content is ciphertext (`Vec<u8>`), identifiers are tags.

use crate::Timestamp;
use parasol_core::{AlertFact, IdentifierKind, IncidentKind, ReportConsent, Role, Tag};
use serde::Serialize;

/// Organisation id.
pub type OrgId = i64;
/// Member id.
pub type MemberId = i64;
/// Area id.
pub type AreaId = i64;
/// Report id.
pub type ReportId = i64;
/// Alert id.
pub type AlertId = i64;
/// Queued mail id.
pub type MailId = i64;

/// A new organisation and its keys, wrapped by the master key.
#[derive(Clone, Debug)]
pub struct NewOrganisation {
    /// Display name.
    pub name: String,
    /// Default region for national phone numbers, e.g. `GB`.
    pub region: String,
    /// Data key (field encryption), wrapped by the master key.
    pub wrapped_data_key: Vec<u8>,
    /// OPRF key, wrapped by the master key.
    pub wrapped_oprf_key: Vec<u8>,
    /// Days an alert stays up.
    pub alert_days: i64,
    /// Days a red alert stays up.
    pub red_alert_days: i64,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A stored organisation.
#[derive(Clone, Debug, Serialize)]
pub struct Organisation {
    /// Id.
    pub id: OrgId,
    /// Display name.
    pub name: String,
    /// Default phone region.
    pub region: String,
    /// Wrapped data key.
    #[serde(skip)]
    pub wrapped_data_key: Vec<u8>,
    /// Wrapped OPRF key.
    #[serde(skip)]
    pub wrapped_oprf_key: Vec<u8>,
    /// Days an alert stays up.
    pub alert_days: i64,
    /// Days a red alert stays up.
    pub red_alert_days: i64,
    /// When it was created.
    pub created_at: Timestamp,
}

/// An area of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Area {
    /// Id.
    pub id: AreaId,
    /// Organisation.
    pub org: OrgId,
    /// Name.
    pub name: String,
}

/// A single-use invite; only the SHA-256 of its code is stored.
#[derive(Clone, Debug)]
pub struct NewInvite {
    /// Organisation the invite admits to.
    pub org: OrgId,
    /// SHA-256 of the code.
    pub code_hash: Vec<u8>,
    /// Role the new member gets.
    pub role: Role,
    /// Who made it (none for the first coordinator).
    pub created_by: Option<MemberId>,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// A member about to be admitted.
#[derive(Clone, Debug)]
pub struct NewMember {
    /// Normalised handle.
    pub handle: String,
    /// argon2id PHC string.
    pub passphrase_hash: String,
}

/// A stored member.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    /// Id.
    pub id: MemberId,
    /// Organisation.
    pub org: OrgId,
    /// Pseudonymous handle.
    pub handle: String,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    #[serde(skip)]
    pub passphrase_hash: String,
    /// When she joined.
    pub created_at: Timestamp,
}

/// Where a report is in verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Awaiting a peer worker.
    Pending,
    /// Verified and published as an alert.
    Published,
    /// Verified and not published.
    Rejected,
    /// Withdrawn; its alert, if any, is down.
    Retracted,
}

impl ReportStatus {
    /// Stable wire and database form.
    pub fn slug(self) -> &'static str {
        match self {
            ReportStatus::Pending => "pending",
            ReportStatus::Published => "published",
            ReportStatus::Rejected => "rejected",
            ReportStatus::Retracted => "retracted",
        }
    }

    /// Reads the database form.
    pub fn parse(input: &str) -> Option<Self> {
        [
            ReportStatus::Pending,
            ReportStatus::Published,
            ReportStatus::Rejected,
            ReportStatus::Retracted,
        ]
        .into_iter()
        .find(|s| s.slug() == input)
    }
}

/// One identifier of a report, as its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TaggedIdentifier {
    /// Phone, email, handle or plate.
    pub kind: IdentifierKind,
    /// The tag.
    #[serde(skip)]
    pub tag: Tag,
}

/// A report as submitted.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// Organisation.
    pub org: OrgId,
    /// Who reports.
    pub reporter: MemberId,
    /// Where it happened.
    pub area: AreaId,
    /// What happened.
    pub kinds: Vec<IncidentKind>,
    /// When it happened.
    pub occurred_on: time::Date,
    /// The client's identifiers.
    pub identifiers: Vec<TaggedIdentifier>,
    /// What happened, encrypted.
    pub narrative: Vec<u8>,
    /// What the person looked like, encrypted.
    pub description: Vec<u8>,
    /// What the reporter allows.
    pub consent: ReportConsent,
    /// When it was submitted.
    pub submitted_at: Timestamp,
}

/// A stored report.
#[derive(Clone, Debug)]
pub struct Report {
    /// Id.
    pub id: ReportId,
    /// Organisation.
    pub org: OrgId,
    /// Who reported.
    pub reporter: MemberId,
    /// Area.
    pub area: Area,
    /// Kinds the reporter chose.
    pub kinds: Vec<IncidentKind>,
    /// When it happened.
    pub occurred_on: time::Date,
    /// Identifiers, as tags.
    pub identifiers: Vec<TaggedIdentifier>,
    /// Encrypted narrative.
    pub narrative: Vec<u8>,
    /// Encrypted description.
    pub description: Vec<u8>,
    /// Reporter's consent.
    pub consent: ReportConsent,
    /// Status.
    pub status: ReportStatus,
    /// When it was submitted.
    pub submitted_at: Timestamp,
    /// Who decided it and when, once decided.
    pub decided: Option<(MemberId, Timestamp)>,
    /// Its alert, once published (even if since retracted).
    pub alert: Option<Alert>,
}

/// A report the organisation verified before it came to Parasol (for example from the
/// bad-date list it kept by hand), imported already published. Its alert has the report's
/// kinds and area; importing mails no one, because the news is old.
#[derive(Clone, Debug)]
pub struct ImportedReport {
    /// The report; its `submitted_at` is also when it is taken as verified and published.
    pub report: NewReport,
    /// The anonymised public text, encrypted.
    pub alert_text: Vec<u8>,
    /// Who vouches for it (the data directory's operator).
    pub published_by: MemberId,
    /// When the alert comes down.
    pub expires_at: Timestamp,
}

/// A peer worker's decision to publish a report as an alert.
#[derive(Clone, Debug)]
pub struct Publication {
    /// Organisation.
    pub org: OrgId,
    /// The pending report.
    pub report: ReportId,
    /// Kinds as verified (may differ from the reporter's).
    pub kinds: Vec<IncidentKind>,
    /// Area as verified.
    pub area: AreaId,
    /// The anonymised public text, encrypted.
    pub text: Vec<u8>,
    /// Who publishes.
    pub by: MemberId,
    /// When.
    pub at: Timestamp,
    /// When it comes down.
    pub expires_at: Timestamp,
}

/// A published alert.
#[derive(Clone, Debug)]
pub struct Alert {
    /// Id.
    pub id: AlertId,
    /// The report it came from.
    pub report: ReportId,
    /// Organisation.
    pub org: OrgId,
    /// Area.
    pub area: Area,
    /// Kinds.
    pub kinds: Vec<IncidentKind>,
    /// When the incident happened.
    pub occurred_on: time::Date,
    /// Encrypted public text.
    pub text: Vec<u8>,
    /// When it was published.
    pub published_at: Timestamp,
    /// When it comes down.
    pub expires_at: Timestamp,
    /// When it was retracted, if it was.
    pub retracted_at: Option<Timestamp>,
}

/// What the store knows about one tag.
#[derive(Clone, Debug, Default)]
pub struct ScreenFacts {
    /// Live alerts naming it.
    pub alerts: Vec<AlertFact>,
    /// Reports naming it still awaiting verification.
    pub pending: usize,
}

/// Which tags a tag-list request covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagScope<'a> {
    /// Every tag that has something to show: a live alert, or a pending report whose
    /// reporter agreed to an alert.
    All,
    /// Every tag whose facts may have changed after this instant: a report naming it was
    /// submitted, published, rejected or retracted, or an alert naming it expired. Tags
    /// that now have nothing to show are included with empty facts, so that clients drop
    /// them.
    ChangedSince(Timestamp),
    /// Tags that start with these bytes (a bucket), with something to show.
    Prefix(&'a [u8]),
}

/// A subscription to an area's alert mail.
#[derive(Clone, Debug)]
pub struct Subscription {
    /// Member.
    pub member: MemberId,
    /// Area.
    pub area: Area,
    /// Encrypted email address.
    pub email: Vec<u8>,
}

/// One alert mail waiting to go out.
#[derive(Clone, Debug)]
pub struct QueuedMail {
    /// Id.
    pub id: MailId,
    /// The alert to announce.
    pub alert: Alert,
    /// Encrypted recipient address.
    pub email: Vec<u8>,
    /// Attempts so far.
    pub attempts: i64,
}
