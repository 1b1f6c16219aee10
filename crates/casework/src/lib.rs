//! Peer casework and evidence, with no I/O: the vocabularies of acts, perpetrators and
//! anti-trafficking measures, consent purposes, the situation assessment against the UN
//! Protocol's elements, and aggregates with small counts suppressed.

#![warn(missing_docs)]

pub(crate) mod vocabulary;

pub mod act;
pub mod aggregate;
pub mod assessment;
pub mod consent;
pub mod dates;
pub mod indicators;
pub mod measure;
pub mod perpetrator;
pub mod profile;
pub mod protocol;
pub mod referral;

pub use act::ActType;
pub use assessment::{AssessmentView, SituationAssessment};
pub use consent::{
    Consent, ConsentError, ConsentForm, ConsentLedger, ConsentMethod, ConsentPurpose, PurposeKind,
    Recipient,
};
pub use dates::{DatePrecision, EventDate, EventPeriod};
pub use indicators::{ForcedLabourIndicators, IloIndicator, IndicatorLine};
pub use measure::{Measure, MeasureLink, P4};
pub use perpetrator::{InvolvementDegree, PerpetratorCategory};
pub use profile::{OptionEntry, Profile, ProfileError};
pub use protocol::{
    Age, Element, ElementResult, Finding, Outcome, ProtocolAct, ProtocolFacts, ProtocolMeans,
    ProtocolPurpose, ProtocolResult,
};
pub use referral::{ReferralStatus, ServiceCategory, TransitionError};
pub use vocabulary::Vocabulary;
