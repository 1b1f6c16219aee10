//! A situation assessment: the Protocol check, with the ILO indicators beside it, unsummed.

use crate::indicators::{ForcedLabourIndicators, IndicatorLine};
use crate::protocol::{ProtocolFacts, ProtocolResult};
use serde::{Deserialize, Serialize};

/// What a peer worker records, with the person, about one situation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SituationAssessment {
    /// The Protocol's elements, item by item.
    pub protocol: ProtocolFacts,
    /// The ILO's forced-labour indicators, item by item.
    #[serde(default)]
    pub indicators: ForcedLabourIndicators,
}

/// What the assessment shows: the Protocol result, and the indicators listed beside it.
/// The indicators play no part in the Protocol result and are not counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssessmentView {
    /// The Protocol check, element by element, with reasons.
    pub protocol: ProtocolResult,
    /// All eleven indicators with what is known about each.
    pub indicators: Vec<IndicatorLine>,
    /// A reminder shown beside the indicators.
    pub indicators_note: &'static str,
}

impl SituationAssessment {
    /// Runs the Protocol check and lists the indicators beside it.
    pub fn view(&self) -> AssessmentView {
        AssessmentView {
            protocol: self.protocol.assess(),
            indicators: self.indicators.lines(),
            indicators_note: "The ILO indicators are shown to talk through, one by one. They are not added up: no number of them makes a situation forced labour or not.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::IloIndicator;
    use crate::protocol::{Age, Finding, Outcome, ProtocolAct};

    #[test]
    fn indicators_do_not_change_the_protocol_result() {
        let facts = ProtocolFacts::new(Age::Adult)
            .with_act(ProtocolAct::Recruitment, Finding::Present)
            .with_no_means();
        let mut all_present = ForcedLabourIndicators::new();
        for indicator in IloIndicator::ALL {
            all_present.set(*indicator, Finding::Present);
        }
        let without = SituationAssessment {
            protocol: facts.clone(),
            indicators: ForcedLabourIndicators::new(),
        }
        .view();
        let with = SituationAssessment {
            protocol: facts,
            indicators: all_present,
        }
        .view();
        assert_eq!(without.protocol, with.protocol);
        assert_eq!(with.protocol.definition, Outcome::NotMet);
        assert_eq!(with.indicators.len(), 11);
    }
}
