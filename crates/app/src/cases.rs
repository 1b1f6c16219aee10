//! Peer casework: cases with events, acts and involvements; consents; referrals to the
//! services directory; the situation assessment. Peer workers and coordinators only.
//!
//! Every read of a case leaves a `viewed` audit row and every change a `changed:...` row
//! (the store writes them in the change's own transaction). Every path that passes
//! anything about her to someone else asks [`ConsentLedger::permits`] first, with no
//! way around it: a referral is made only with her active consent to that service.

use crate::accounts::require;
use crate::error::{AppError, AppResult};
use crate::reports::aad;
use crate::Parasol;
use parasol_casework::{
    ActType, Age, AssessmentView, Consent, ConsentForm, ConsentLedger, ConsentPurpose, EventPeriod,
    Finding, ForcedLabourIndicators, IloIndicator, InvolvementDegree, MeasureLink,
    PerpetratorCategory, ProtocolAct, ProtocolFacts, ProtocolMeans, ProtocolPurpose, Recipient,
    ReferralStatus, ServiceCategory, SituationAssessment,
};
use parasol_core::{FieldError, Role};
use parasol_crypto::DataKey;
use parasol_store::{
    Area, AuditEntry, CaseAccess, CaseFile, CaseId, CaseStatus, ConsentId, ConsentRecord, EventId,
    Involvement, Member, MemberId, NewAct, NewCase, NewConsent, NewEvent, NewReferral, NewService,
    OrgId, Referral, ReferralChange, ReferralId, Service, ServiceId, StoreError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MAX_TEXT: usize = 20_000;
const MAX_NOTE: usize = 5_000;
const MAX_LABEL: usize = 80;
const MAX_EVENTS: usize = 50;
const MAX_ACTS: usize = 50;
const MAX_INVOLVEMENTS: usize = 20;

// --- what peer workers type ---------------------------------------------------------------

/// Who was involved in an act, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct InvolvementInput {
    /// Perpetrator category slug (see [`PerpetratorCategory`]).
    pub perpetrator: String,
    /// Degree of involvement slug (see [`InvolvementDegree`]); empty means unknown.
    pub degree: String,
}

/// An act, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ActInput {
    /// Act type slug (see [`ActType`]).
    pub act_type: String,
    /// What it meant for her.
    pub consequences: String,
    /// The measure that caused it, slug (see [`parasol_casework::Measure`]); empty for none.
    pub measure: String,
    /// The measure's P, slug; needed only for measure `other`.
    pub p4: String,
    /// Who was involved.
    pub involvements: Vec<InvolvementInput>,
}

/// An event, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EventInput {
    /// What happened.
    pub what: String,
    /// When it started: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub started: String,
    /// When it ended, if it went on for a while; empty for a single date.
    pub ended: String,
    /// Area id or name; empty if not known.
    pub area: String,
    /// Whether it is confidential.
    pub confidential: bool,
    /// What was done to her.
    pub acts: Vec<ActInput>,
}

/// A new case, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CaseInput {
    /// Her pseudonymous label.
    pub person: String,
    /// Her member handle, only if she asked for the case to be linked; empty otherwise.
    pub member: String,
    /// What happened.
    pub events: Vec<EventInput>,
}

/// A consent, as typed. A missing purpose is refused.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConsentInput {
    /// Purpose slug (see [`parasol_casework::PurposeKind`]).
    pub purpose: Option<String>,
    /// The service or partner, for referral and partner purposes.
    pub recipient: Option<String>,
    /// The day she gave it, `YYYY-MM-DD`; empty means today.
    pub given_on: String,
    /// How she gave it (see [`parasol_casework::ConsentMethod`]).
    pub how_given: String,
    /// What exactly she agreed to, in her words.
    pub notes: String,
}

/// A service for the directory, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ServiceInput {
    /// Its name, as consents name it.
    pub name: String,
    /// Category slug (see [`ServiceCategory`]).
    pub category: String,
    /// How to reach it.
    pub contact: String,
}

/// A referral, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReferralInput {
    /// Service id or name from the directory.
    pub service: String,
    /// `proposed` or `made`; empty means made.
    pub status: String,
    /// When to check on it, `YYYY-MM-DD`; empty for no follow-up.
    pub follow_up_on: String,
}

/// A change to a referral, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReferralUpdateInput {
    /// The new status; empty keeps it.
    pub status: String,
    /// The service's response; empty keeps what is recorded.
    pub response: String,
    /// The outcome for her; empty keeps what is recorded.
    pub outcome: String,
    /// When to check on it next, `YYYY-MM-DD`; empty for none.
    pub follow_up_on: String,
}

/// An assessment, as typed: her age, and a finding (`present`, `absent`, `unknown`) for
/// any item of the Protocol's elements and the ILO indicators. Items left out are unknown.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AssessmentInput {
    /// `adult`, `under_18` or `unknown`; empty means unknown.
    pub age: String,
    /// Act items (see [`ProtocolAct`]) to findings.
    pub act: BTreeMap<String, String>,
    /// Means items (see [`ProtocolMeans`]) to findings.
    pub means: BTreeMap<String, String>,
    /// Purpose items (see [`ProtocolPurpose`]) to findings.
    pub purpose: BTreeMap<String, String>,
    /// ILO indicators (see [`IloIndicator`]) to findings.
    pub indicators: BTreeMap<String, String>,
}

// --- what peer workers see ----------------------------------------------------------------

/// One line of the case list.
#[derive(Clone, Debug, Serialize)]
pub struct CaseListItem {
    /// Id.
    pub id: CaseId,
    /// Her pseudonymous label.
    pub person: String,
    /// `open` or `closed`.
    pub status: CaseStatus,
    /// When it was opened.
    pub created_at: i64,
    /// Events recorded.
    pub events: i64,
    /// Referrals not yet closed.
    pub open_referrals: i64,
}

/// Who was involved, for showing.
#[derive(Clone, Debug, Serialize)]
pub struct InvolvementView {
    /// Category.
    pub perpetrator: PerpetratorCategory,
    /// Degree.
    pub degree: InvolvementDegree,
}

/// An act, decrypted.
#[derive(Clone, Debug, Serialize)]
pub struct ActView {
    /// Id.
    pub id: i64,
    /// What was done to her.
    pub act_type: ActType,
    /// What it meant for her.
    pub consequences: String,
    /// The measure and its P, if one caused it.
    pub measure: Option<MeasureLink>,
    /// Who was involved.
    pub involvements: Vec<InvolvementView>,
}

/// An event, decrypted.
#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    /// Id.
    pub id: EventId,
    /// What happened.
    pub what: String,
    /// When it started, as remembered.
    pub started: String,
    /// When it ended, if it went on.
    pub ended: Option<String>,
    /// Area name, if known.
    pub area: Option<String>,
    /// Confidential.
    pub confidential: bool,
    /// Acts.
    pub acts: Vec<ActView>,
}

/// A consent record, decrypted, with whether it counts today.
#[derive(Clone, Debug, Serialize)]
pub struct ConsentView {
    /// Id.
    pub id: ConsentId,
    /// The consent (purpose, recipient, given_on, recorded_by, how_given, withdrawn_on).
    pub consent: Consent,
    /// Whether it counts today.
    pub active: bool,
    /// Her words.
    pub notes: String,
}

/// A referral, decrypted.
#[derive(Clone, Debug, Serialize)]
pub struct ReferralView {
    /// Id.
    pub id: ReferralId,
    /// Its case.
    pub case: CaseId,
    /// Service id.
    pub service_id: ServiceId,
    /// Service name.
    pub service: String,
    /// Service category.
    pub category: ServiceCategory,
    /// Where it stands.
    pub status: ReferralStatus,
    /// What it may become next.
    pub next: Vec<ReferralStatus>,
    /// The service's response.
    pub response: Option<String>,
    /// The outcome for her.
    pub outcome: Option<String>,
    /// When to check on it.
    pub follow_up_on: Option<String>,
    /// When it was made.
    pub made_at: i64,
    /// When it last changed.
    pub changed_at: i64,
}

/// A service, decrypted.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceView {
    /// Id.
    pub id: ServiceId,
    /// Name.
    pub name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Contact details.
    pub contact: String,
}

/// The assessment as recorded, and what it shows: the Protocol result with the ILO
/// indicators beside it. Never a score.
#[derive(Clone, Debug, Serialize)]
pub struct AssessmentOutcome {
    /// What was recorded.
    pub facts: SituationAssessment,
    /// The Protocol result and the indicators, side by side.
    pub result: AssessmentView,
    /// Who recorded it.
    pub recorded_by: MemberId,
    /// When.
    pub recorded_at: i64,
}

/// A whole case, decrypted.
#[derive(Clone, Debug, Serialize)]
pub struct CaseView {
    /// Id.
    pub id: CaseId,
    /// Her pseudonymous label.
    pub person: String,
    /// Her member account, if linked at her wish.
    pub member: Option<MemberId>,
    /// Who opened it.
    pub created_by: MemberId,
    /// When.
    pub created_at: i64,
    /// Open or closed.
    pub status: CaseStatus,
    /// Events.
    pub events: Vec<EventView>,
    /// Consents, current and withdrawn.
    pub consents: Vec<ConsentView>,
    /// Referrals.
    pub referrals: Vec<ReferralView>,
    /// The assessment, once recorded.
    pub assessment: Option<AssessmentOutcome>,
}

/// A referral whose follow-up day has come.
#[derive(Clone, Debug, Serialize)]
pub struct FollowUp {
    /// Her label.
    pub person: String,
    /// The referral.
    pub referral: ReferralView,
}

// --- parsing --------------------------------------------------------------------------------

fn text(
    field: &str,
    input: &str,
    max: usize,
    required: Option<&str>,
) -> Result<String, FieldError> {
    let tidy = input.trim();
    if let Some(what) = required.filter(|_| tidy.is_empty()) {
        return Err(FieldError::new(field, input, what));
    }
    if tidy.chars().count() > max {
        return Err(FieldError::new(
            field,
            input,
            format!("at most {max} characters"),
        ));
    }
    Ok(tidy.to_string())
}

fn renamed(field: String, error: FieldError) -> FieldError {
    FieldError { field, ..error }
}

fn find_area(areas: &[Area], field: &str, input: &str) -> Result<Option<Area>, FieldError> {
    let wanted = input.trim();
    if wanted.is_empty() {
        return Ok(None);
    }
    areas
        .iter()
        .find(|a| a.id.to_string() == wanted || a.name.eq_ignore_ascii_case(wanted))
        .cloned()
        .map(Some)
        .ok_or_else(|| {
            let names: Vec<&str> = areas.iter().map(|a| a.name.as_str()).collect();
            FieldError::new(
                field,
                input,
                format!(
                    "one of your organisation's areas ({}), or nothing if not known",
                    names.join(", ")
                ),
            )
        })
}

fn optional_day(field: &str, input: &str) -> Result<Option<time::Date>, FieldError> {
    match input.trim() {
        "" => Ok(None),
        text => parasol_casework::dates::parse_day(field, text).map(Some),
    }
}

fn day_text(day: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Reads findings for one element's items; errors name `element.item`.
fn findings<V: Ord>(
    element: &str,
    input: &BTreeMap<String, String>,
    parse: fn(&str) -> Result<V, FieldError>,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<V, Finding> {
    let mut out = BTreeMap::new();
    for (item, finding) in input {
        let field = format!("{element}.{item}");
        let item = parse(item).map_err(|e| errors.push(renamed(field.clone(), e)));
        let finding = match finding.trim() {
            "" => Ok(Finding::Unknown),
            f => Finding::parse(f).map_err(|e| errors.push(renamed(field, e))),
        };
        if let (Ok(item), Ok(finding)) = (item, finding) {
            out.insert(item, finding);
        }
    }
    out
}

/// Reads an assessment, listing every refused item.
pub fn parse_assessment(input: &AssessmentInput) -> Result<SituationAssessment, AppError> {
    let mut errors = Vec::new();
    let age = match input.age.trim() {
        "" => Age::Unknown,
        a => Age::parse(a).unwrap_or_else(|e| {
            errors.push(e);
            Age::Unknown
        }),
    };
    let mut protocol = ProtocolFacts::new(age);
    protocol.act = findings("act", &input.act, ProtocolAct::parse, &mut errors);
    protocol.means = findings("means", &input.means, ProtocolMeans::parse, &mut errors);
    protocol.purpose = findings(
        "purpose",
        &input.purpose,
        ProtocolPurpose::parse,
        &mut errors,
    );
    let mut indicators = ForcedLabourIndicators::new();
    for (indicator, finding) in findings(
        "indicators",
        &input.indicators,
        IloIndicator::parse,
        &mut errors,
    ) {
        indicators.set(indicator, finding);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(SituationAssessment {
        protocol,
        indicators,
    })
}

struct Sealer<'a> {
    data: &'a DataKey,
    org: OrgId,
}

impl Sealer<'_> {
    fn seal(&self, what: &str, text: &str) -> Vec<u8> {
        self.data.encrypt_str(text, &aad(self.org, what))
    }

    fn open(&self, what: &str, sealed: &[u8]) -> AppResult<String> {
        Ok(self.data.decrypt_string(sealed, &aad(self.org, what))?)
    }
}

const PERSON: &str = "case person";
const EVENT: &str = "case event";
const ACT: &str = "case act consequences";
const CONSENT_NOTES: &str = "case consent notes";
const SERVICE_CONTACT: &str = "service contact";
const RESPONSE: &str = "referral response";
const OUTCOME: &str = "referral outcome";
const ASSESSMENT: &str = "case assessment";

fn parse_event(
    prefix: &str,
    input: &EventInput,
    areas: &[Area],
    sealer: &Sealer<'_>,
    today: time::Date,
    errors: &mut Vec<FieldError>,
) -> Option<NewEvent> {
    let field = |name: &str| format!("{prefix}{name}");
    let before = errors.len();
    let what = text(
        &field("what"),
        &input.what,
        MAX_TEXT,
        Some("a few words about what happened"),
    )
    .map_err(|e| errors.push(e))
    .ok();
    let ended = Some(input.ended.as_str()).filter(|e| !e.trim().is_empty());
    let when = EventPeriod::parse(
        &field("started"),
        &input.started,
        &field("ended"),
        ended,
        today,
    )
    .map_err(|e| errors.push(e))
    .ok();
    let area = find_area(areas, &field("area"), &input.area)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if input.acts.is_empty() {
        errors.push(FieldError::new(
            field("acts"),
            "",
            "at least one act: what was done to her, e.g. raid, eviction, wage_theft",
        ));
    }
    if input.acts.len() > MAX_ACTS {
        errors.push(FieldError::new(
            field("acts"),
            "",
            format!("at most {MAX_ACTS} acts in one event"),
        ));
    }
    let mut acts = Vec::new();
    for (i, act) in input.acts.iter().enumerate() {
        let at = |name: &str| format!("{prefix}acts[{i}].{name}");
        let act_type = ActType::parse(&act.act_type)
            .map_err(|e| errors.push(renamed(at("act_type"), e)))
            .ok();
        let consequences = text(&at("consequences"), &act.consequences, MAX_TEXT, None)
            .map_err(|e| errors.push(e))
            .ok();
        let measure = match (act.measure.trim(), act.p4.trim()) {
            ("", "") => Some(None),
            ("", p4) => {
                errors.push(FieldError::new(
                    at("measure"),
                    "",
                    format!("the measure placed in {p4}, or no P without a measure"),
                ));
                None
            }
            (measure, p4) => MeasureLink::parse(measure, Some(p4))
                .map_err(|e| {
                    let name = at(&e.field);
                    errors.push(renamed(name, e))
                })
                .ok()
                .map(Some),
        };
        if act.involvements.len() > MAX_INVOLVEMENTS {
            errors.push(FieldError::new(
                at("involvements"),
                "",
                format!("at most {MAX_INVOLVEMENTS} involvements in one act"),
            ));
        }
        let mut involvements = Vec::new();
        for (j, inv) in act.involvements.iter().enumerate() {
            if inv.perpetrator.trim().is_empty() && inv.degree.trim().is_empty() {
                continue;
            }
            let at = |name: &str| format!("{prefix}acts[{i}].involvements[{j}].{name}");
            let perpetrator = PerpetratorCategory::parse(&inv.perpetrator)
                .map_err(|e| errors.push(renamed(at("perpetrator"), e)))
                .ok();
            let degree = match inv.degree.trim() {
                "" => Ok(InvolvementDegree::Unknown),
                d => InvolvementDegree::parse(d),
            }
            .map_err(|e| errors.push(renamed(at("degree"), e)))
            .ok();
            if let (Some(perpetrator), Some(degree)) = (perpetrator, degree) {
                involvements.push(Involvement {
                    perpetrator,
                    degree,
                });
            }
        }
        if let (Some(act_type), Some(consequences), Some(measure)) =
            (act_type, consequences, measure)
        {
            acts.push(NewAct {
                act_type,
                consequences: sealer.seal(ACT, &consequences),
                measure,
                involvements,
            });
        }
    }
    let (Some(what), Some(when), true) = (what, when, errors.len() == before) else {
        return None;
    };
    Some(NewEvent {
        what: sealer.seal(EVENT, &what),
        when,
        area: area.map(|a| a.id),
        confidential: input.confidential,
        acts,
    })
}

/// Whether she consents, today, to being referred to `service`.
fn may_refer(consents: &[ConsentRecord], service: &Service, today: time::Date) -> AppResult<()> {
    let purpose = ConsentPurpose::Referral {
        service: Recipient::parse("service", &service.name)?,
    };
    let ledger = ConsentLedger::from_consents(consents.iter().map(|c| c.consent.clone()).collect());
    if ledger.permits(&purpose, today) {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "nothing was sent: she has no active consent to a referral to {name}. Ask her; if she \
         agrees, record her consent (purpose \"referral\", recipient \"{name}\") first",
        name = service.name
    )))
}

impl Parasol {
    fn case_access(&self, by: &Member) -> CaseAccess {
        CaseAccess {
            by: by.id,
            at: self.clock.now(),
        }
    }

    async fn sealing_keys(
        &self,
        org: OrgId,
    ) -> AppResult<(
        parasol_store::Organisation,
        std::sync::Arc<parasol_crypto::OrgKeys>,
    )> {
        let organisation = self.store.organisation(org).await?;
        let keys = self.keys.of(&organisation)?;
        Ok((organisation, keys))
    }

    /// Opens a case with its events (peer workers). Every refused field is listed at
    /// once and nothing is stored unless everything is valid.
    pub async fn open_new_case(&self, by: &Member, input: CaseInput) -> AppResult<CaseId> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let areas = self.store.areas(org.id).await?;
        let today = self.clock.today();
        let mut errors = Vec::new();
        let person = text(
            "person",
            &input.person,
            MAX_LABEL,
            Some("a pseudonymous label she agreed to, e.g. R-2026-014 or a nickname; never her legal name"),
        )
        .map_err(|e| errors.push(e))
        .ok();
        let member = match input.member.trim() {
            "" => None,
            handle => match self.store.member_by_handle(org.id, handle).await {
                Ok(m) => Some(m.id),
                Err(StoreError::NotFound(_)) => {
                    errors.push(FieldError::new(
                        "member",
                        &input.member,
                        "the handle of a member of your organisation, only if she asked for her case to be linked; or nothing",
                    ));
                    None
                }
                Err(e) => return Err(e.into()),
            },
        };
        if input.events.len() > MAX_EVENTS {
            errors.push(FieldError::new(
                "events",
                "",
                format!("at most {MAX_EVENTS} events at once"),
            ));
        }
        let mut events = Vec::new();
        for (i, event) in input.events.iter().enumerate() {
            if let Some(e) = parse_event(
                &format!("events[{i}]."),
                event,
                &areas,
                &sealer,
                today,
                &mut errors,
            ) {
                events.push(e);
            }
        }
        let (Some(person), true) = (person, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        Ok(self
            .store
            .create_case(NewCase {
                org: org.id,
                person: sealer.seal(PERSON, &person),
                member,
                access: self.case_access(by),
                events,
            })
            .await?)
    }

    /// Adds an event to a case (peer workers).
    pub async fn add_case_event(
        &self,
        by: &Member,
        case: CaseId,
        input: EventInput,
    ) -> AppResult<EventId> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let areas = self.store.areas(org.id).await?;
        let mut errors = Vec::new();
        let event = parse_event("", &input, &areas, &sealer, self.clock.today(), &mut errors);
        let Some(event) = event.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        Ok(self
            .store
            .add_event(org.id, case, event, self.case_access(by))
            .await?)
    }

    /// The organisation's cases, newest first (peer workers).
    pub async fn case_list(&self, by: &Member) -> AppResult<Vec<CaseListItem>> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        self.store
            .cases(org.id)
            .await?
            .into_iter()
            .map(|c| {
                Ok(CaseListItem {
                    id: c.id,
                    person: sealer.open(PERSON, &c.person)?,
                    status: c.status,
                    created_at: c.created_at,
                    events: c.events,
                    open_referrals: c.open_referrals,
                })
            })
            .collect()
    }

    /// One case, whole (peer workers). Leaves a `viewed` row in its audit trail.
    pub async fn case(&self, by: &Member, case: CaseId) -> AppResult<CaseView> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let file = self
            .store
            .open_case(org.id, case, self.case_access(by))
            .await?;
        self.case_view(&sealer, file)
    }

    fn case_view(&self, sealer: &Sealer<'_>, file: CaseFile) -> AppResult<CaseView> {
        let today = self.clock.today();
        let events = file
            .events
            .into_iter()
            .map(|e| {
                Ok(EventView {
                    id: e.id,
                    what: sealer.open(EVENT, &e.what)?,
                    started: e.when.start().to_string(),
                    ended: e.when.end().map(|d| d.to_string()),
                    area: e.area.map(|(_, name)| name),
                    confidential: e.confidential,
                    acts: e
                        .acts
                        .into_iter()
                        .map(|a| {
                            Ok(ActView {
                                id: a.id,
                                act_type: a.act_type,
                                consequences: sealer.open(ACT, &a.consequences)?,
                                measure: a.measure,
                                involvements: a
                                    .involvements
                                    .into_iter()
                                    .map(|i| InvolvementView {
                                        perpetrator: i.perpetrator,
                                        degree: i.degree,
                                    })
                                    .collect(),
                            })
                        })
                        .collect::<AppResult<Vec<_>>>()?,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        let consents = file
            .consents
            .into_iter()
            .map(|c| {
                Ok(ConsentView {
                    id: c.id,
                    active: c.consent.is_active(today),
                    notes: sealer.open(CONSENT_NOTES, &c.notes)?,
                    consent: c.consent,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        let referrals = file
            .referrals
            .into_iter()
            .map(|r| referral_view(sealer, r))
            .collect::<AppResult<Vec<_>>>()?;
        let assessment = match file.assessment {
            Some(sealed) => {
                let json = sealer.open(ASSESSMENT, &sealed.sealed)?;
                let facts: SituationAssessment = serde_json::from_str(&json)
                    .map_err(|e| AppError::Internal(format!("unreadable assessment: {e}")))?;
                Some(AssessmentOutcome {
                    result: facts.view(),
                    facts,
                    recorded_by: sealed.by,
                    recorded_at: sealed.at,
                })
            }
            None => None,
        };
        Ok(CaseView {
            id: file.id,
            person: sealer.open(PERSON, &file.person)?,
            member: file.member,
            created_by: file.created_by,
            created_at: file.created_at,
            status: file.status,
            events,
            consents,
            referrals,
            assessment,
        })
    }

    /// Opens or closes a case (peer workers).
    pub async fn set_case_status(&self, by: &Member, case: CaseId, status: &str) -> AppResult<()> {
        require(by, Role::PeerWorker)?;
        let status = CaseStatus::parse(status)
            .ok_or_else(|| FieldError::new("status", status, "open or closed"))?;
        Ok(self
            .store
            .set_case_status(by.org, case, status, self.case_access(by))
            .await?)
    }

    /// Records a consent she gave (peer workers). A consent without a purpose, a
    /// referral without a service, or a day in the future is refused.
    pub async fn record_consent(
        &self,
        by: &Member,
        case: CaseId,
        input: ConsentInput,
    ) -> AppResult<ConsentId> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let today = self.clock.today();
        let given_on = match input.given_on.trim() {
            "" => day_text(today),
            day => day.to_string(),
        };
        let mut errors = Vec::new();
        let consent = Consent::parse(
            ConsentForm {
                purpose: input.purpose.as_deref(),
                recipient: input.recipient.as_deref(),
                given_on: &given_on,
                how_given: &input.how_given,
            },
            by.id,
            today,
        )
        .map_err(|e| errors.push(e))
        .ok();
        let notes = text("notes", &input.notes, MAX_NOTE, None)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(consent), Some(notes)) = (consent, notes) else {
            return Err(AppError::Invalid(errors));
        };
        Ok(self
            .store
            .give_consent(
                org.id,
                case,
                NewConsent {
                    consent,
                    notes: sealer.seal(CONSENT_NOTES, &notes),
                },
                self.case_access(by),
            )
            .await?)
    }

    /// Records that she withdrew a consent, on `on` (`YYYY-MM-DD`; empty means today).
    /// It stops counting that day: exports leave her case out and referrals needing it
    /// are refused from then on.
    pub async fn withdraw_consent(
        &self,
        by: &Member,
        case: CaseId,
        consent: ConsentId,
        on: &str,
    ) -> AppResult<()> {
        require(by, Role::PeerWorker)?;
        let today = self.clock.today();
        let on_day = optional_day("withdrawn_on", on)?.unwrap_or(today);
        if on_day > today {
            return Err(FieldError::new(
                "withdrawn_on",
                on,
                format!(
                    "the day she withdrew it, today ({}) or earlier",
                    day_text(today)
                ),
            )
            .into());
        }
        let records = self.store.consents(by.org, case).await?;
        let record = records
            .iter()
            .find(|c| c.id == consent)
            .ok_or(AppError::NotFound("consent"))?;
        if on_day < record.consent.given_on() {
            return Err(FieldError::new(
                "withdrawn_on",
                on,
                format!(
                    "a day on or after she gave it ({}); use today's date",
                    day_text(record.consent.given_on())
                ),
            )
            .into());
        }
        Ok(self
            .store
            .withdraw_consent(by.org, case, consent, on_day, self.case_access(by))
            .await?)
    }

    /// Adds a service to the directory (coordinators).
    pub async fn add_service(&self, by: &Member, input: ServiceInput) -> AppResult<ServiceView> {
        require(by, Role::Coordinator)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let mut errors = Vec::new();
        let name = Recipient::parse("name", &input.name)
            .map_err(|e| errors.push(e))
            .ok();
        let category = ServiceCategory::parse(&input.category)
            .map_err(|e| errors.push(renamed("category".into(), e)))
            .ok();
        let contact = text("contact", &input.contact, MAX_NOTE, None)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(name), Some(category), Some(contact)) = (name, category, contact) else {
            return Err(AppError::Invalid(errors));
        };
        let service = self
            .store
            .add_service(NewService {
                org: org.id,
                name: name.as_str().to_string(),
                category,
                contact: sealer.seal(SERVICE_CONTACT, &contact),
            })
            .await?;
        service_view(&sealer, service)
    }

    /// The services directory (peer workers).
    pub async fn services(&self, by: &Member) -> AppResult<Vec<ServiceView>> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        self.store
            .services(org.id)
            .await?
            .into_iter()
            .map(|s| service_view(&sealer, s))
            .collect()
    }

    /// Records a referral (peer workers). A referral that is made (not just proposed)
    /// needs her active consent to a referral to exactly that service; without it,
    /// nothing is recorded or sent.
    pub async fn refer(
        &self,
        by: &Member,
        case: CaseId,
        input: ReferralInput,
    ) -> AppResult<ReferralId> {
        require(by, Role::PeerWorker)?;
        let services = self.store.services(by.org).await?;
        let mut errors = Vec::new();
        let wanted = input.service.trim();
        let service = services
            .iter()
            .find(|s| s.id.to_string() == wanted || s.name.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
                errors.push(FieldError::new(
                    "service",
                    &input.service,
                    if names.is_empty() {
                        "a service from the directory (a coordinator adds them first)".to_string()
                    } else {
                        format!("a service from the directory: {}", names.join(", "))
                    },
                ));
                None
            });
        let status = match input.status.trim() {
            "" => Some(ReferralStatus::Made),
            s => match ReferralStatus::parse(s) {
                Ok(st @ (ReferralStatus::Proposed | ReferralStatus::Made)) => Some(st),
                _ => {
                    errors.push(FieldError::new(
                        "status",
                        s,
                        "proposed (talked about, she has not decided) or made (she chose it)",
                    ));
                    None
                }
            },
        };
        let follow_up_on = optional_day("follow_up_on", &input.follow_up_on)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(service), Some(status), Some(follow_up_on)) = (service, status, follow_up_on)
        else {
            return Err(AppError::Invalid(errors));
        };
        if status == ReferralStatus::Made {
            let consents = self.store.consents(by.org, case).await?;
            may_refer(&consents, service, self.clock.today())?;
        }
        Ok(self
            .store
            .make_referral(
                by.org,
                case,
                NewReferral {
                    service: service.id,
                    status,
                    follow_up_on,
                },
                self.case_access(by),
            )
            .await?)
    }

    /// Moves a referral on (peer workers), only along the allowed paths. Making it
    /// (`made`) needs her active consent to that service, as when it was first made.
    pub async fn update_referral(
        &self,
        by: &Member,
        referral: ReferralId,
        input: ReferralUpdateInput,
    ) -> AppResult<()> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let current = self.store.referral(org.id, referral).await?;
        let mut errors = Vec::new();
        let to = match input.status.trim() {
            "" => Some(current.status),
            s => match ReferralStatus::parse(s) {
                Ok(to) => match current.status.advance_to(to) {
                    Ok(to) => Some(to),
                    Err(e) => {
                        errors.push(FieldError::new(
                            "status",
                            s,
                            format!("for a referral that is {}: {}", e.from, e.allowed),
                        ));
                        None
                    }
                },
                Err(e) => {
                    errors.push(renamed("status".into(), e));
                    None
                }
            },
        };
        let response = text("response", &input.response, MAX_NOTE, None)
            .map_err(|e| errors.push(e))
            .ok();
        let outcome = text("outcome", &input.outcome, MAX_NOTE, None)
            .map_err(|e| errors.push(e))
            .ok();
        let follow_up_on = optional_day("follow_up_on", &input.follow_up_on)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(to), Some(response), Some(outcome), Some(follow_up_on)) =
            (to, response, outcome, follow_up_on)
        else {
            return Err(AppError::Invalid(errors));
        };
        if to == ReferralStatus::Made && current.status != ReferralStatus::Made {
            let consents = self.store.consents(org.id, current.case).await?;
            may_refer(&consents, &current.service, self.clock.today())?;
        }
        let sealed =
            |what: &str, text: String| (!text.is_empty()).then(|| sealer.seal(what, &text));
        Ok(self
            .store
            .change_referral(
                org.id,
                referral,
                ReferralChange {
                    from: current.status,
                    to,
                    response: sealed(RESPONSE, response),
                    outcome: sealed(OUTCOME, outcome),
                    follow_up_on: follow_up_on.filter(|_| !to.is_closed()),
                },
                self.case_access(by),
            )
            .await?)
    }

    /// Referrals whose follow-up day has come (peer workers), earliest first.
    pub async fn follow_ups_due(&self, by: &Member) -> AppResult<Vec<FollowUp>> {
        require(by, Role::PeerWorker)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        self.store
            .referrals_due(org.id, self.clock.today())
            .await?
            .into_iter()
            .map(|due| {
                Ok(FollowUp {
                    person: sealer.open(PERSON, &due.person)?,
                    referral: referral_view(&sealer, due.referral)?,
                })
            })
            .collect()
    }

    /// Records the situation assessment (peer workers), replacing an earlier one, and
    /// returns what it shows: the Protocol result with the ILO indicators beside it.
    pub async fn assess_case(
        &self,
        by: &Member,
        case: CaseId,
        input: AssessmentInput,
    ) -> AppResult<AssessmentOutcome> {
        require(by, Role::PeerWorker)?;
        let facts = parse_assessment(&input)?;
        let (org, keys) = self.sealing_keys(by.org).await?;
        let sealer = Sealer {
            data: &keys.data,
            org: org.id,
        };
        let json = serde_json::to_string(&facts)
            .map_err(|e| AppError::Internal(format!("assessment not serialisable: {e}")))?;
        let access = self.case_access(by);
        self.store
            .set_assessment(org.id, case, sealer.seal(ASSESSMENT, &json), access)
            .await?;
        Ok(AssessmentOutcome {
            result: facts.view(),
            facts,
            recorded_by: access.by,
            recorded_at: access.at,
        })
    }

    /// Who opened or changed a case, and when (peer workers). Never what it holds.
    pub async fn case_audit(&self, by: &Member, case: CaseId) -> AppResult<Vec<AuditEntry>> {
        require(by, Role::PeerWorker)?;
        Ok(self.store.case_audit(by.org, case).await?)
    }
}

fn referral_view(sealer: &Sealer<'_>, r: Referral) -> AppResult<ReferralView> {
    Ok(ReferralView {
        id: r.id,
        case: r.case,
        service_id: r.service.id,
        service: r.service.name,
        category: r.service.category,
        status: r.status,
        next: r.status.next().to_vec(),
        response: r.response.map(|s| sealer.open(RESPONSE, &s)).transpose()?,
        outcome: r.outcome.map(|s| sealer.open(OUTCOME, &s)).transpose()?,
        follow_up_on: r.follow_up_on.map(day_text),
        made_at: r.made_at,
        changed_at: r.changed_at,
    })
}

fn service_view(sealer: &Sealer<'_>, s: Service) -> AppResult<ServiceView> {
    Ok(ServiceView {
        id: s.id,
        contact: sealer.open(SERVICE_CONTACT, &s.contact)?,
        name: s.name,
        category: s.category,
    })
}
