//! Consent per purpose, dated and revocable, and the one check every sharing path calls.
//!
//! The person decides. Nothing about her leaves the organisation unless she consented to
//! that purpose; [`ConsentLedger::permits`] is the single question every sharing, export
//! and referral path asks. It has no override argument, and a withdrawal counts from the
//! day it is recorded. No purpose implies another: consent to tell police anonymously
//! is not consent to tell them her name.

use crate::dates::parse_day;
use crate::vocabulary::vocabulary;
use parasol_core::FieldError;
use serde::{Deserialize, Serialize};
use time::Date;

vocabulary! {
    /// The kind of purpose she consented to; referral and partner purposes also name
    /// the recipient (see [`ConsentPurpose`]).
    pub enum PurposeKind (field = "purpose") {
        /// A peer worker may keep her case and contact her to offer support.
        Support = ("support", "support from a peer worker"),
        /// Her details may be passed to one named service she chose.
        Referral = ("referral", "referral to a named service"),
        /// Her case may be counted in anonymous, suppressed statistics.
        AnonymousStatistics = ("anonymous_statistics", "anonymous statistics"),
        /// What happened may be told to police without anything that identifies her.
        PoliceAnonymously = ("police_anonymously", "police, without her name"),
        /// What happened may be told to police with her name and a way to contact her.
        PoliceByName = ("police_by_name", "police, with her name"),
        /// Her case may be shared with one named partner organisation.
        PartnerOrganisation = ("partner_organisation", "a named partner organisation"),
    }
}

vocabulary! {
    /// How she gave consent.
    pub enum ConsentMethod (field = "how_given") {
        /// Face to face with a peer worker.
        InPerson = ("in_person", "in person"),
        /// On a phone call.
        Phone = ("phone", "by phone"),
        /// In a message (text, chat, email).
        Message = ("message", "by message"),
        /// On paper or a signed form.
        Written = ("written", "in writing"),
    }
}

/// The name of a service or organisation she agreed to share with: trimmed, 1 to 120
/// characters, compared without regard to case or spacing.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Recipient(String);

impl Recipient {
    /// Reads a recipient's name as typed in `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if chars == 0 || chars > 120 || name.chars().any(char::is_control) {
            return Err(FieldError::new(
                field,
                input,
                "the name of the service or organisation she agreed to, 1 to 120 characters, e.g. Legal Aid Clinic North",
            ));
        }
        Ok(Recipient(name))
    }

    /// The name as typed (tidied).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl PartialEq for Recipient {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Recipient {}

impl std::hash::Hash for Recipient {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl TryFrom<String> for Recipient {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, FieldError> {
        Recipient::parse("recipient", &value)
    }
}

impl From<Recipient> for String {
    fn from(value: Recipient) -> String {
        value.0
    }
}

/// One purpose she can consent to. Referral and partner purposes carry the recipient:
/// consent to one service is not consent to another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "purpose", rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// A peer worker may keep her case and contact her to offer support.
    Support,
    /// Her details may be passed to this service.
    Referral {
        /// The service she chose.
        service: Recipient,
    },
    /// Her case may be counted in anonymous, suppressed statistics.
    AnonymousStatistics,
    /// Police may be told what happened, without her name.
    PoliceAnonymously,
    /// Police may be told what happened, with her name and contact.
    PoliceByName,
    /// Her case may be shared with this partner organisation.
    PartnerOrganisation {
        /// The organisation she agreed to.
        partner: Recipient,
    },
}

impl ConsentPurpose {
    /// Reads a purpose from a form: the purpose slug (field `purpose`) and, for a
    /// referral or a partner organisation, the recipient's name (field `recipient`).
    /// A missing purpose is refused: there is no consent without one.
    pub fn parse(purpose: Option<&str>, recipient: Option<&str>) -> Result<Self, FieldError> {
        let text = purpose.map(str::trim).unwrap_or_default();
        if text.is_empty() {
            let slugs: Vec<&str> = PurposeKind::ALL.iter().map(|k| k.slug()).collect();
            return Err(FieldError::new(
                "purpose",
                "",
                format!(
                    "what she agreed to, one of: {} (consent is always for a purpose)",
                    slugs.join(", ")
                ),
            ));
        }
        let kind = PurposeKind::parse(text)?;
        let recipient = || -> Result<Recipient, FieldError> {
            Recipient::parse("recipient", recipient.unwrap_or_default())
        };
        Ok(match kind {
            PurposeKind::Support => ConsentPurpose::Support,
            PurposeKind::Referral => ConsentPurpose::Referral {
                service: recipient()?,
            },
            PurposeKind::AnonymousStatistics => ConsentPurpose::AnonymousStatistics,
            PurposeKind::PoliceAnonymously => ConsentPurpose::PoliceAnonymously,
            PurposeKind::PoliceByName => ConsentPurpose::PoliceByName,
            PurposeKind::PartnerOrganisation => ConsentPurpose::PartnerOrganisation {
                partner: recipient()?,
            },
        })
    }

    /// The kind of purpose, without the recipient.
    pub fn kind(&self) -> PurposeKind {
        match self {
            ConsentPurpose::Support => PurposeKind::Support,
            ConsentPurpose::Referral { .. } => PurposeKind::Referral,
            ConsentPurpose::AnonymousStatistics => PurposeKind::AnonymousStatistics,
            ConsentPurpose::PoliceAnonymously => PurposeKind::PoliceAnonymously,
            ConsentPurpose::PoliceByName => PurposeKind::PoliceByName,
            ConsentPurpose::PartnerOrganisation { .. } => PurposeKind::PartnerOrganisation,
        }
    }

    /// The named recipient, for referral and partner purposes.
    pub fn recipient(&self) -> Option<&Recipient> {
        match self {
            ConsentPurpose::Referral { service } => Some(service),
            ConsentPurpose::PartnerOrganisation { partner } => Some(partner),
            _ => None,
        }
    }
}

/// Why a consent record or a withdrawal was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    /// A withdrawal dated before the consent was given.
    #[error("withdrawn_on: the withdrawal ({withdrawn_on}) cannot be before the consent was given ({given_on}); use today's date")]
    WithdrawnBeforeGiven {
        /// When consent was given.
        given_on: Date,
        /// The refused withdrawal date.
        withdrawn_on: Date,
    },
}

/// One consent: what for, when, who recorded it, how she gave it, and whether she has
/// withdrawn it. A consent without a purpose cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ConsentWire")]
pub struct Consent {
    #[serde(flatten)]
    purpose: ConsentPurpose,
    #[serde(with = "crate::dates::ymd")]
    given_on: Date,
    recorded_by: i64,
    how_given: ConsentMethod,
    #[serde(with = "crate::dates::ymd::option")]
    withdrawn_on: Option<Date>,
}

#[derive(Deserialize)]
struct ConsentWire {
    #[serde(flatten)]
    purpose: ConsentPurpose,
    #[serde(with = "crate::dates::ymd")]
    given_on: Date,
    recorded_by: i64,
    how_given: ConsentMethod,
    #[serde(default, with = "crate::dates::ymd::option")]
    withdrawn_on: Option<Date>,
}

impl TryFrom<ConsentWire> for Consent {
    type Error = ConsentError;
    fn try_from(wire: ConsentWire) -> Result<Self, ConsentError> {
        let mut consent = Consent {
            purpose: wire.purpose,
            given_on: wire.given_on,
            recorded_by: wire.recorded_by,
            how_given: wire.how_given,
            withdrawn_on: None,
        };
        if let Some(on) = wire.withdrawn_on {
            consent.withdraw(on)?;
        }
        Ok(consent)
    }
}

/// What a peer worker typed when recording a consent, before it is checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConsentForm<'a> {
    /// The purpose slug (see [`PurposeKind`]).
    pub purpose: Option<&'a str>,
    /// The service or partner's name, for referral and partner purposes.
    pub recipient: Option<&'a str>,
    /// The day she gave it, `YYYY-MM-DD`.
    pub given_on: &'a str,
    /// How she gave it (see [`ConsentMethod`]).
    pub how_given: &'a str,
}

impl Consent {
    /// A consent given on `given_on`, recorded by member `recorded_by`.
    pub fn new(
        purpose: ConsentPurpose,
        given_on: Date,
        recorded_by: i64,
        how_given: ConsentMethod,
    ) -> Self {
        Consent {
            purpose,
            given_on,
            recorded_by,
            how_given,
            withdrawn_on: None,
        }
    }

    /// Reads a consent from a form, recorded by `recorded_by` on `today`. Refuses a
    /// missing purpose, a referral without a service, an impossible or future date.
    pub fn parse(form: ConsentForm<'_>, recorded_by: i64, today: Date) -> Result<Self, FieldError> {
        let purpose = ConsentPurpose::parse(form.purpose, form.recipient)?;
        let given_on = parse_day("given_on", form.given_on)?;
        if given_on > today {
            return Err(FieldError::new(
                "given_on",
                form.given_on,
                format!("the day she gave consent, today ({today}) or earlier"),
            ));
        }
        let how_given = ConsentMethod::parse(form.how_given)?;
        Ok(Consent::new(purpose, given_on, recorded_by, how_given))
    }

    /// Records that she withdrew this consent on `on`. It stops counting on that day
    /// itself. A second withdrawal keeps the earlier date.
    pub fn withdraw(&mut self, on: Date) -> Result<(), ConsentError> {
        if on < self.given_on {
            return Err(ConsentError::WithdrawnBeforeGiven {
                given_on: self.given_on,
                withdrawn_on: on,
            });
        }
        self.withdrawn_on = Some(self.withdrawn_on.map_or(on, |earlier| earlier.min(on)));
        Ok(())
    }

    /// Whether this consent counts on day `on`: given on or before it, and not withdrawn
    /// on or before it.
    pub fn is_active(&self, on: Date) -> bool {
        self.given_on <= on && self.withdrawn_on.is_none_or(|withdrawn| on < withdrawn)
    }

    /// What it is for.
    pub fn purpose(&self) -> &ConsentPurpose {
        &self.purpose
    }

    /// When she gave it.
    pub fn given_on(&self) -> Date {
        self.given_on
    }

    /// The member who recorded it.
    pub fn recorded_by(&self) -> i64 {
        self.recorded_by
    }

    /// How she gave it.
    pub fn how_given(&self) -> ConsentMethod {
        self.how_given
    }

    /// When she withdrew it, if she did.
    pub fn withdrawn_on(&self) -> Option<Date> {
        self.withdrawn_on
    }
}

/// Every consent one person has given, current and withdrawn. The history is kept: a
/// withdrawal marks records, it never deletes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentLedger {
    consents: Vec<Consent>,
}

impl ConsentLedger {
    /// An empty ledger: nothing is permitted.
    pub fn new() -> Self {
        ConsentLedger::default()
    }

    /// A ledger holding these records.
    pub fn from_consents(consents: Vec<Consent>) -> Self {
        ConsentLedger { consents }
    }

    /// Adds a consent she gave.
    pub fn give(&mut self, consent: Consent) {
        self.consents.push(consent);
    }

    /// Records that she withdrew `purpose` on `on`: every consent for it that is active
    /// that day stops counting that day. Returns how many records it withdrew.
    pub fn withdraw(&mut self, purpose: &ConsentPurpose, on: Date) -> usize {
        let mut withdrawn = 0;
        for consent in &mut self.consents {
            if &consent.purpose == purpose
                && consent.withdrawn_on.is_none()
                && consent.given_on <= on
                && consent.withdraw(on).is_ok()
            {
                withdrawn += 1;
            }
        }
        withdrawn
    }

    /// THE check before anything about her leaves the organisation: whether she has an
    /// active consent for exactly `purpose` on day `on`. There is no override.
    pub fn permits(&self, purpose: &ConsentPurpose, on: Date) -> bool {
        self.consents
            .iter()
            .any(|consent| &consent.purpose == purpose && consent.is_active(on))
    }

    /// Every record, for showing her what she agreed to and when.
    pub fn consents(&self) -> &[Consent] {
        &self.consents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 15);

    fn clinic() -> ConsentPurpose {
        ConsentPurpose::parse(Some("referral"), Some("Legal Aid Clinic")).unwrap()
    }

    #[test]
    fn purposes_and_methods_are_well_formed_vocabularies() {
        assert_well_formed::<PurposeKind>();
        assert_well_formed::<ConsentMethod>();
    }

    #[test]
    fn a_consent_without_a_purpose_is_refused() {
        let form = ConsentForm {
            purpose: None,
            given_on: "2026-06-01",
            how_given: "in_person",
            ..ConsentForm::default()
        };
        let err = Consent::parse(form, 7, TODAY).unwrap_err();
        assert_eq!(err.field, "purpose");
        assert!(err.expected.contains("police_by_name"));
        let blank = ConsentForm {
            purpose: Some("  "),
            ..form
        };
        assert_eq!(
            Consent::parse(blank, 7, TODAY).unwrap_err().field,
            "purpose"
        );
        let json =
            r#"{"given_on":"2026-05-30","recorded_by":7,"how_given":"phone","withdrawn_on":null}"#;
        assert!(serde_json::from_str::<Consent>(json).is_err());
    }

    #[test]
    fn a_referral_consent_must_name_the_service() {
        let err = ConsentPurpose::parse(Some("referral"), None).unwrap_err();
        assert_eq!(err.field, "recipient");
        assert!(ConsentPurpose::parse(Some("partner_organisation"), Some(" ")).is_err());
    }

    #[test]
    fn consent_dated_in_the_future_or_impossible_is_refused() {
        let form = ConsentForm {
            purpose: Some("support"),
            given_on: "2026-06-16",
            how_given: "phone",
            ..ConsentForm::default()
        };
        assert_eq!(
            Consent::parse(form, 7, TODAY).unwrap_err().field,
            "given_on"
        );
        let impossible = ConsentForm {
            given_on: "2026-02-30",
            ..form
        };
        assert_eq!(
            Consent::parse(impossible, 7, TODAY).unwrap_err().field,
            "given_on"
        );
        let no_method = ConsentForm {
            given_on: "2026-06-01",
            how_given: "telepathy",
            ..form
        };
        assert_eq!(
            Consent::parse(no_method, 7, TODAY).unwrap_err().field,
            "how_given"
        );
    }

    #[test]
    fn withdrawal_takes_effect_on_the_day_it_is_recorded() {
        let mut ledger = ConsentLedger::new();
        ledger.give(Consent::new(
            ConsentPurpose::PoliceAnonymously,
            date!(2026 - 05 - 01),
            7,
            ConsentMethod::InPerson,
        ));
        assert!(ledger.permits(&ConsentPurpose::PoliceAnonymously, TODAY));
        assert_eq!(
            ledger.withdraw(&ConsentPurpose::PoliceAnonymously, TODAY),
            1
        );
        assert!(!ledger.permits(&ConsentPurpose::PoliceAnonymously, TODAY));
        assert!(ledger.permits(&ConsentPurpose::PoliceAnonymously, date!(2026 - 06 - 14)));
        assert_eq!(ledger.consents().len(), 1, "the history is kept");
    }

    #[test]
    fn consent_does_not_count_before_it_was_given() {
        let consent = Consent::new(ConsentPurpose::Support, TODAY, 7, ConsentMethod::Phone);
        assert!(!consent.is_active(date!(2026 - 06 - 14)));
        assert!(consent.is_active(TODAY));
    }

    #[test]
    fn no_purpose_implies_another() {
        let mut ledger = ConsentLedger::new();
        ledger.give(Consent::new(
            ConsentPurpose::PoliceAnonymously,
            date!(2026 - 05 - 01),
            7,
            ConsentMethod::InPerson,
        ));
        ledger.give(Consent::new(
            clinic(),
            date!(2026 - 05 - 01),
            7,
            ConsentMethod::Written,
        ));
        assert!(!ledger.permits(&ConsentPurpose::PoliceByName, TODAY));
        assert!(!ledger.permits(&ConsentPurpose::AnonymousStatistics, TODAY));
        let other_service =
            ConsentPurpose::parse(Some("referral"), Some("Another Clinic")).unwrap();
        assert!(!ledger.permits(&other_service, TODAY));
        let same_service =
            ConsentPurpose::parse(Some("referral"), Some("  legal aid   CLINIC ")).unwrap();
        assert!(ledger.permits(&same_service, TODAY));
    }

    #[test]
    fn an_empty_ledger_permits_nothing() {
        let ledger = ConsentLedger::new();
        assert!(!ledger.permits(&ConsentPurpose::Support, TODAY));
    }

    #[test]
    fn consent_given_again_after_a_withdrawal_counts_again() {
        let mut ledger = ConsentLedger::new();
        ledger.give(Consent::new(
            ConsentPurpose::Support,
            date!(2026 - 01 - 01),
            7,
            ConsentMethod::Phone,
        ));
        ledger.withdraw(&ConsentPurpose::Support, date!(2026 - 02 - 01));
        ledger.give(Consent::new(
            ConsentPurpose::Support,
            date!(2026 - 03 - 01),
            7,
            ConsentMethod::Phone,
        ));
        assert!(!ledger.permits(&ConsentPurpose::Support, date!(2026 - 02 - 15)));
        assert!(ledger.permits(&ConsentPurpose::Support, TODAY));
    }

    #[test]
    fn a_withdrawal_before_the_consent_was_given_is_refused() {
        let mut consent = Consent::new(ConsentPurpose::Support, TODAY, 7, ConsentMethod::Phone);
        let err = consent.withdraw(date!(2026 - 06 - 01)).unwrap_err();
        assert!(err.to_string().starts_with("withdrawn_on"));
        assert_eq!(consent.withdrawn_on(), None);
    }

    #[test]
    fn a_consent_reads_back_from_its_json() {
        let mut consent = Consent::new(clinic(), date!(2026 - 05 - 01), 7, ConsentMethod::Written);
        consent.withdraw(TODAY).unwrap();
        let json = serde_json::to_string(&consent).unwrap();
        assert!(json.contains("\"purpose\":\"referral\""), "{json}");
        assert!(json.contains("\"given_on\":\"2026-05-01\""), "{json}");
        let back: Consent = serde_json::from_str(&json).unwrap();
        assert_eq!(back, consent);
        let without_withdrawal =
            r#"{"purpose":"support","given_on":"2026-05-01","recorded_by":7,"how_given":"phone"}"#;
        let support: Consent = serde_json::from_str(without_withdrawal).unwrap();
        assert!(support.is_active(TODAY));
        let backwards = r#"{"purpose":"support","given_on":"2026-05-01","recorded_by":7,"how_given":"phone","withdrawn_on":"2026-04-01"}"#;
        assert!(serde_json::from_str::<Consent>(backwards).is_err());
    }
}
