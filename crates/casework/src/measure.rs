//! Anti-trafficking measures that caused a harm, each placed in the 4P paradigm.
//!
//! The 4Ps (prevention, protection, prosecution, partnership) are how governments, the
//! EU and the US TIP report organise anti-trafficking work. Linking a documented harm to
//! the measure that caused it, in those terms, lets an organisation write a rights-based
//! assessment of a government's anti-trafficking measures in the government's own
//! categories. Where a measure could sit in two Ps, the choice is documented on it.

use crate::vocabulary::vocabulary;
use parasol_core::FieldError;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// The four Ps of anti-trafficking policy.
    pub enum P4 (field = "p4") {
        /// Measures meant to stop trafficking before it happens: campaigns, demand
        /// reduction, migration control, closing advertising.
        Prevention = ("prevention", "prevention"),
        /// Measures meant to identify and assist trafficked persons: rescue operations,
        /// identification, shelters, return.
        Protection = ("protection", "protection"),
        /// Measures meant to investigate and punish: third-party and trafficking
        /// prosecutions, policing, witness conditions.
        Prosecution = ("prosecution", "prosecution"),
        /// Cooperation between states, agencies, NGOs and businesses: referral
        /// mechanisms, joint operations, public-private partnerships.
        Partnership = ("partnership", "partnership"),
    }
}

vocabulary! {
    /// A typical anti-trafficking measure known to harm sex workers; [`Measure::p4`] places it.
    pub enum Measure (field = "measure") {
        /// Raid and "rescue" operations on workplaces. Protection: they are presented
        /// as the identification of trafficked persons.
        RaidOrRescue = ("raid_or_rescue", "raid or \"rescue\" operation"),
        /// Shelters she may not leave, forced "rehabilitation" or "exit" programmes.
        /// Protection: offered as assistance to (presumed) victims.
        ForcedShelterOrRehabilitation = (
            "forced_shelter_or_rehabilitation",
            "forced shelter or \"rehabilitation\""
        ),
        /// Return to the country of origin presented as assistance ("voluntary" return
        /// that was not her choice). Protection: it sits under victim assistance.
        AssistedReturn = ("assisted_return", "\"assisted\" return"),
        /// End-demand laws: criminalising clients. Prevention: meant to reduce demand.
        ClientCriminalisation = ("client_criminalisation", "end-demand / client criminalisation"),
        /// Closure or censorship of advertising websites and platforms (e.g. FOSTA-SESTA).
        /// Prevention: meant to stop "online trafficking".
        AdvertisingClosure = ("advertising_closure", "closure of advertising websites"),
        /// Anti-trafficking awareness or "report your suspicions" campaigns aimed at the
        /// public, clients, hotel or transport staff. Prevention.
        AwarenessCampaign = ("awareness_campaign", "anti-trafficking awareness campaign"),
        /// Border controls, visa limits and "stay at home" campaigns presented as
        /// trafficking prevention. Prevention.
        MigrationRestriction = ("migration_restriction", "migration restriction as prevention"),
        /// Prosecution of third parties: brothel-keeping, pimping and "facilitation" laws,
        /// used even against sex workers who share a flat. Prosecution.
        ThirdPartyProsecution = (
            "third_party_prosecution",
            "prosecution of third parties / brothel-keeping laws"
        ),
        /// Residence or support that depends on cooperating with a criminal case.
        /// Prosecution: the condition serves the case, not her.
        ConditionalVictimStatus = (
            "conditional_victim_status",
            "support or residence tied to cooperating with police"
        ),
        /// Profiling, ID and document checks of sex workers by police. Prosecution:
        /// carried out as criminal investigation of trafficking.
        PolicingAndDocumentChecks = ("policing_and_document_checks", "police profiling and document checks"),
        /// Immigration checks at workplaces, including joint inspections with labour
        /// inspectors or police. Partnership: they work by making other agencies share
        /// immigration control (an immigration raid alone is also a raid act type).
        WorkplaceImmigrationChecks = (
            "workplace_immigration_checks",
            "immigration checks at workplaces"
        ),
        /// Banks and payment providers closing accounts on "trafficking indicators".
        /// Partnership: it runs through public-private financial partnerships.
        BankDeRisking = ("bank_de_risking", "bank de-risking"),
        /// Services or NGOs passing her data to police or immigration as "partners" of a
        /// referral mechanism. Partnership.
        DataSharingWithAuthorities = (
            "data_sharing_with_authorities",
            "data passed to authorities by a \"partner\""
        ),
        /// Another measure; the P must be chosen by hand (see [`MeasureLink`]).
        Other = ("other", "other measure"),
    }
}

impl Measure {
    /// The P this measure belongs to; `None` only for [`Measure::Other`], whose P is
    /// chosen when it is recorded.
    pub fn p4(self) -> Option<P4> {
        use Measure::*;
        match self {
            RaidOrRescue | ForcedShelterOrRehabilitation | AssistedReturn => Some(P4::Protection),
            ClientCriminalisation
            | AdvertisingClosure
            | AwarenessCampaign
            | MigrationRestriction => Some(P4::Prevention),
            ThirdPartyProsecution | ConditionalVictimStatus | PolicingAndDocumentChecks => {
                Some(P4::Prosecution)
            }
            WorkplaceImmigrationChecks | BankDeRisking | DataSharingWithAuthorities => {
                Some(P4::Partnership)
            }
            Other => None,
        }
    }
}

/// An act's link to the measure that caused it, with its P. For a typical measure the P
/// is the measure's own; for [`Measure::Other`] the peer worker chooses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MeasureLinkWire")]
pub struct MeasureLink {
    measure: Measure,
    p4: P4,
}

#[derive(Deserialize)]
struct MeasureLinkWire {
    measure: Measure,
    p4: Option<P4>,
}

impl TryFrom<MeasureLinkWire> for MeasureLink {
    type Error = FieldError;
    fn try_from(wire: MeasureLinkWire) -> Result<Self, FieldError> {
        MeasureLink::new(wire.measure, wire.p4)
    }
}

impl MeasureLink {
    /// Links a measure; `p4` may be left out for a typical measure, must be given for
    /// `other`, and must agree with a typical measure's own P.
    pub fn new(measure: Measure, p4: Option<P4>) -> Result<Self, FieldError> {
        match (measure.p4(), p4) {
            (Some(own), None) => Ok(MeasureLink { measure, p4: own }),
            (Some(own), Some(chosen)) if own == chosen => Ok(MeasureLink { measure, p4: own }),
            (Some(own), Some(chosen)) => Err(FieldError::new(
                "p4",
                chosen.slug(),
                format!(
                    "{} for \"{}\" (leave it empty, or choose measure \"other\" to place a measure yourself)",
                    own.slug(),
                    measure.label()
                ),
            )),
            (None, Some(chosen)) => Ok(MeasureLink { measure, p4: chosen }),
            (None, None) => Err(FieldError::new(
                "p4",
                "",
                "for an \"other\" measure, one of: prevention, protection, prosecution, partnership",
            )),
        }
    }

    /// Reads a measure slug and an optional P slug as typed in a form.
    pub fn parse(measure: &str, p4: Option<&str>) -> Result<Self, FieldError> {
        let measure = Measure::parse(measure)?;
        let p4 = match p4.map(str::trim).filter(|p| !p.is_empty()) {
            Some(text) => Some(P4::parse(text)?),
            None => None,
        };
        MeasureLink::new(measure, p4)
    }

    /// The measure.
    pub fn measure(self) -> Measure {
        self.measure
    }

    /// Its P.
    pub fn p4(self) -> P4 {
        self.p4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;

    #[test]
    fn the_four_ps_and_the_measures_are_well_formed_vocabularies() {
        assert_well_formed::<P4>();
        assert_well_formed::<Measure>();
    }

    #[test]
    fn typical_measures_sit_in_their_documented_p() {
        assert_eq!(Measure::RaidOrRescue.p4(), Some(P4::Protection));
        assert_eq!(Measure::ClientCriminalisation.p4(), Some(P4::Prevention));
        assert_eq!(Measure::AdvertisingClosure.p4(), Some(P4::Prevention));
        assert_eq!(
            Measure::WorkplaceImmigrationChecks.p4(),
            Some(P4::Partnership)
        );
        assert_eq!(Measure::AwarenessCampaign.p4(), Some(P4::Prevention));
        assert_eq!(
            Measure::ForcedShelterOrRehabilitation.p4(),
            Some(P4::Protection)
        );
        assert_eq!(Measure::ThirdPartyProsecution.p4(), Some(P4::Prosecution));
        assert_eq!(Measure::BankDeRisking.p4(), Some(P4::Partnership));
        for measure in Measure::ALL {
            assert_eq!(measure.p4().is_none(), *measure == Measure::Other);
        }
    }

    #[test]
    fn an_other_measure_needs_a_p_and_a_typical_one_keeps_its_own() {
        assert_eq!(MeasureLink::parse("other", None).unwrap_err().field, "p4");
        let other = MeasureLink::parse("other", Some("prosecution")).unwrap();
        assert_eq!(other.p4(), P4::Prosecution);
        let raid = MeasureLink::parse("raid_or_rescue", Some("")).unwrap();
        assert_eq!(raid.p4(), P4::Protection);
        let err = MeasureLink::parse("raid_or_rescue", Some("prevention")).unwrap_err();
        assert!(err.expected.contains("protection"));
    }

    #[test]
    fn a_measure_link_from_json_is_checked_like_one_from_a_form() {
        let ok: MeasureLink = serde_json::from_str(r#"{"measure":"bank_de_risking"}"#).unwrap();
        assert_eq!(ok.p4(), P4::Partnership);
        assert!(serde_json::from_str::<MeasureLink>(r#"{"measure":"other"}"#).is_err());
    }
}
