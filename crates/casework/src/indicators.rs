//! The ILO's eleven indicators of forced labour, recorded and shown one by one, never scored.
//!
//! The indicators help a peer worker and the person talk through her situation. They are
//! deliberately not summed, counted or weighted into a verdict: this module offers no
//! such function, and none should be added. A single indicator can mean forced labour
//! and several can be present without it; only the person's situation, looked at whole
//! and with her, can say.

use crate::protocol::Finding;
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

vocabulary! {
    /// One of the ILO's eleven indicators of forced labour.
    pub enum IloIndicator (field = "indicator") {
        /// Someone took advantage of her vulnerability (status, debt, language, isolation).
        AbuseOfVulnerability = ("abuse_of_vulnerability", "abuse of vulnerability"),
        /// She was deceived about the work, the pay, the conditions or the debt.
        Deception = ("deception", "deception"),
        /// She could not come and go freely.
        RestrictionOfMovement = ("restriction_of_movement", "restriction of movement"),
        /// She was kept isolated from others, or did not know where she was.
        Isolation = ("isolation", "isolation"),
        /// She suffered physical or sexual violence.
        PhysicalAndSexualViolence = ("physical_and_sexual_violence", "physical and sexual violence"),
        /// She was intimidated or threatened (including with police or immigration).
        IntimidationAndThreats = ("intimidation_and_threats", "intimidation and threats"),
        /// Her passport or identity documents were kept from her.
        RetentionOfIdentityDocuments = ("retention_of_identity_documents", "retention of identity documents"),
        /// Her earnings were withheld or held back.
        WithholdingOfWages = ("withholding_of_wages", "withholding of wages"),
        /// A debt was used to keep her working.
        DebtBondage = ("debt_bondage", "debt bondage"),
        /// Her working or living conditions were degrading or dangerous.
        AbusiveConditions = ("abusive_working_and_living_conditions", "abusive working and living conditions"),
        /// She was made to work far beyond agreed or lawful hours.
        ExcessiveOvertime = ("excessive_overtime", "excessive overtime"),
    }
}

/// The indicators recorded for one situation. Indicators not recorded are unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ForcedLabourIndicators {
    findings: BTreeMap<IloIndicator, Finding>,
}

/// One indicator as shown on a page: the indicator, its words, and what is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IndicatorLine {
    /// The indicator.
    pub indicator: IloIndicator,
    /// Its plain words.
    pub label: &'static str,
    /// Present, absent or unknown.
    pub finding: Finding,
}

impl ForcedLabourIndicators {
    /// Nothing recorded: all eleven unknown.
    pub fn new() -> Self {
        ForcedLabourIndicators::default()
    }

    /// Records one indicator.
    pub fn with(mut self, indicator: IloIndicator, finding: Finding) -> Self {
        self.findings.insert(indicator, finding);
        self
    }

    /// Records one indicator in place.
    pub fn set(&mut self, indicator: IloIndicator, finding: Finding) {
        self.findings.insert(indicator, finding);
    }

    /// What is known about one indicator.
    pub fn finding(&self, indicator: IloIndicator) -> Finding {
        self.findings
            .get(&indicator)
            .copied()
            .unwrap_or(Finding::Unknown)
    }

    /// All eleven, in the ILO's order, each with its finding: to be shown, not scored.
    pub fn lines(&self) -> Vec<IndicatorLine> {
        IloIndicator::ALL
            .iter()
            .map(|&indicator| IndicatorLine {
                indicator,
                label: indicator.label(),
                finding: self.finding(indicator),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;

    #[test]
    fn the_eleven_indicators_are_a_well_formed_vocabulary() {
        assert_well_formed::<IloIndicator>();
        assert_eq!(IloIndicator::ALL.len(), 11);
    }

    #[test]
    fn every_indicator_is_shown_and_unrecorded_ones_are_unknown() {
        let indicators = ForcedLabourIndicators::new()
            .with(IloIndicator::DebtBondage, Finding::Present)
            .with(IloIndicator::Isolation, Finding::Absent);
        let lines = indicators.lines();
        assert_eq!(lines.len(), 11);
        assert_eq!(
            indicators.finding(IloIndicator::DebtBondage),
            Finding::Present
        );
        assert_eq!(
            indicators.finding(IloIndicator::Deception),
            Finding::Unknown
        );
        let json = serde_json::to_string(&indicators).unwrap();
        assert_eq!(json, r#"{"isolation":"absent","debt_bondage":"present"}"#);
    }
}
