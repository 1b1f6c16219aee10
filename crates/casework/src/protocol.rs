//! The UN Trafficking Protocol's three elements, checked separately, with plain reasons.
//!
//! Article 3 of the Protocol defines trafficking as an **act** (recruitment,
//! transportation, transfer, harbouring or receipt of persons), by **means** (threat or
//! use of force, other coercion, abduction, fraud, deception, abuse of power or of a
//! position of vulnerability, payments to a person in control), for the **purpose** of
//! exploitation. For a person under 18 the means are not needed.
//!
//! No conflation: the work itself is none of these items. Being recruited, driven or
//! housed by a manager is an *act*; without a means and an exploitative purpose it is
//! not trafficking, and the result says so. The assessment helps a peer worker and the
//! person see where she stands; it identifies no one and decides nothing for her.

use crate::vocabulary::{vocabulary, Vocabulary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

vocabulary! {
    /// What is known about one item: present, absent, or not known yet.
    pub enum Finding (field = "finding") {
        /// It happened, as far as she and the peer worker know.
        Present = ("present", "present"),
        /// It did not happen.
        Absent = ("absent", "absent"),
        /// Not known (yet). Anything not recorded counts as unknown.
        Unknown = ("unknown", "unknown"),
    }
}

vocabulary! {
    /// The person's age, as far as it matters to the Protocol.
    pub enum Age (field = "age") {
        /// 18 or over.
        Adult = ("adult", "adult (18 or over)"),
        /// Under 18: no means are needed.
        Under18 = ("under_18", "under 18"),
        /// Not known.
        Unknown = ("unknown", "age not known"),
    }
}

vocabulary! {
    /// The Protocol's act element: what was done with the person.
    pub enum ProtocolAct (field = "act") {
        /// Recruitment: someone found or hired her for the work.
        Recruitment = ("recruitment", "recruitment"),
        /// Transportation: someone moved her, across a border or within a country.
        Transportation = ("transportation", "transportation"),
        /// Transfer: she was handed from one person's control to another's.
        Transfer = ("transfer", "transfer"),
        /// Harbouring: someone housed or kept her.
        Harbouring = ("harbouring", "harbouring"),
        /// Receipt: someone received her at the destination.
        Receipt = ("receipt", "receipt"),
    }
}

vocabulary! {
    /// The Protocol's means element: how consent was overridden or obtained.
    pub enum ProtocolMeans (field = "means") {
        /// Threat or use of force.
        ThreatOrUseOfForce = ("threat_or_use_of_force", "threat or use of force"),
        /// Other forms of coercion.
        OtherCoercion = ("other_coercion", "other coercion"),
        /// Abduction.
        Abduction = ("abduction", "abduction"),
        /// Fraud.
        Fraud = ("fraud", "fraud"),
        /// Deception, e.g. about the work, the pay, the conditions or the debt.
        Deception = ("deception", "deception"),
        /// Abuse of power.
        AbuseOfPower = ("abuse_of_power", "abuse of power"),
        /// Abuse of a position of vulnerability: she had no real and acceptable
        /// alternative but to submit (e.g. because of her immigration status or debt).
        AbuseOfVulnerability = ("abuse_of_vulnerability", "abuse of a position of vulnerability"),
        /// Giving or receiving payments or benefits to get the consent of a person who
        /// has control over her.
        PaymentsToController = ("payments_to_controller", "payments or benefits to a person in control of her"),
    }
}

vocabulary! {
    /// The Protocol's purpose element: the exploitation intended.
    pub enum ProtocolPurpose (field = "purpose") {
        /// Forced labour or services: work under menace of a penalty that she did not
        /// offer voluntarily.
        ForcedLabourOrServices = ("forced_labour_or_services", "forced labour or services"),
        /// Slavery or practices similar to slavery.
        SlaveryOrSimilarPractices = ("slavery_or_similar_practices", "slavery or practices similar to slavery"),
        /// Servitude.
        Servitude = ("servitude", "servitude"),
        /// Removal of organs.
        RemovalOfOrgans = ("removal_of_organs", "removal of organs"),
        /// Exploitation of the prostitution of others: someone profits from her sex work
        /// by exploiting her. Not present merely because she sells sex, or pays rent or
        /// an agreed share to a manager.
        ExploitationOfProstitution = (
            "exploitation_of_prostitution_of_others",
            "exploitation of the prostitution of others"
        ),
        /// Other forms of sexual exploitation. Not present merely because she sells sex.
        OtherSexualExploitation = ("other_sexual_exploitation", "other forms of sexual exploitation"),
    }
}

vocabulary! {
    /// The result for one element, or for the definition as a whole.
    pub enum Outcome (field = "outcome") {
        /// Met: for an element, at least one item is present.
        Met = ("met", "met"),
        /// Not met: for an element, every item is marked absent.
        NotMet = ("not_met", "not met"),
        /// Undetermined: nothing is present and something is still unknown.
        Undetermined = ("undetermined", "cannot be determined yet"),
    }
}

vocabulary! {
    /// The three elements of the Protocol's definition.
    pub enum Element (field = "element") {
        /// What was done with her.
        Act = ("act", "act"),
        /// How.
        Means = ("means", "means"),
        /// For what purpose.
        Purpose = ("purpose", "purpose (exploitation)"),
    }
}

/// What is known about one situation, item by item. Items not recorded are unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolFacts {
    /// Her age; unknown unless recorded.
    #[serde(default = "unknown_age")]
    pub age: Age,
    /// The act items recorded.
    #[serde(default)]
    pub act: BTreeMap<ProtocolAct, Finding>,
    /// The means items recorded.
    #[serde(default)]
    pub means: BTreeMap<ProtocolMeans, Finding>,
    /// The purpose items recorded.
    #[serde(default)]
    pub purpose: BTreeMap<ProtocolPurpose, Finding>,
}

fn unknown_age() -> Age {
    Age::Unknown
}

/// One element's result with the items behind it, for showing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ElementResult {
    /// Which element.
    pub element: Element,
    /// Met, not met, or undetermined (see [`Outcome`]).
    pub outcome: Outcome,
    /// Whether the definition needs it for her (means are not needed under 18).
    pub needed: bool,
    /// Labels of the items marked present.
    pub present: Vec<&'static str>,
    /// Labels of the items still unknown.
    pub unknown: Vec<&'static str>,
}

/// The assessment's answer: each element separately, the definition, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProtocolResult {
    /// Her age as recorded.
    pub age: Age,
    /// The act element.
    pub act: ElementResult,
    /// The means element.
    pub means: ElementResult,
    /// The purpose element.
    pub purpose: ElementResult,
    /// Whether the Protocol's definition of trafficking is met.
    pub definition: Outcome,
    /// When her age is unknown: what the definition would be if she is under 18.
    pub if_under_18: Option<Outcome>,
    /// Plain-language reasons, in the order to read them.
    pub reasons: Vec<String>,
}

/// The rule for one element, exactly: **Met** if any item is present; **NotMet** if
/// every item of the element is marked absent; **Undetermined** otherwise (no item
/// present, at least one unknown or not recorded).
pub fn element_outcome<V: Vocabulary + Ord>(findings: &BTreeMap<V, Finding>) -> Outcome {
    let finding = |item: &V| findings.get(item).copied().unwrap_or(Finding::Unknown);
    if V::all()
        .iter()
        .any(|item| finding(item) == Finding::Present)
    {
        Outcome::Met
    } else if V::all().iter().all(|item| finding(item) == Finding::Absent) {
        Outcome::NotMet
    } else {
        Outcome::Undetermined
    }
}

/// The rule for the definition: **NotMet** if any needed element is not met; **Met** if
/// every needed element is met; **Undetermined** otherwise.
fn combine(needed: &[Outcome]) -> Outcome {
    if needed.contains(&Outcome::NotMet) {
        Outcome::NotMet
    } else if needed.iter().all(|o| *o == Outcome::Met) {
        Outcome::Met
    } else {
        Outcome::Undetermined
    }
}

fn element_result<V: Vocabulary + Ord>(
    element: Element,
    findings: &BTreeMap<V, Finding>,
    needed: bool,
) -> ElementResult {
    let finding = |item: &V| findings.get(item).copied().unwrap_or(Finding::Unknown);
    ElementResult {
        element,
        outcome: element_outcome(findings),
        needed,
        present: V::all()
            .iter()
            .filter(|i| finding(i) == Finding::Present)
            .map(|i| i.label())
            .collect(),
        unknown: V::all()
            .iter()
            .filter(|i| finding(i) == Finding::Unknown)
            .map(|i| i.label())
            .collect(),
    }
}

fn element_reason(result: &ElementResult, age: Age) -> String {
    let name = result.element.label();
    let upper = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    let detail = match result.outcome {
        Outcome::Met => format!("met: present: {}.", result.present.join(", ")),
        Outcome::NotMet => "not met: every item was marked absent.".to_string(),
        Outcome::Undetermined => format!(
            "cannot be determined yet: nothing is marked present, and these are unknown: {}.",
            result.unknown.join(", ")
        ),
    };
    let mut reason = format!("{upper} — {detail}");
    if result.element == Element::Means && age == Age::Under18 {
        reason.push_str(" Means are not needed, because she is under 18.");
    }
    reason
}

const NOT_CONFLATION: &str = "Sex work alone is not trafficking: selling sex as an adult, \
including working with or for a manager or other third party, meets the Protocol's \
definition only when an act, a means and an exploitative purpose are all present.";

impl ProtocolFacts {
    /// Facts with nothing recorded yet: every item unknown, age unknown.
    pub fn new(age: Age) -> Self {
        ProtocolFacts {
            age,
            act: BTreeMap::new(),
            means: BTreeMap::new(),
            purpose: BTreeMap::new(),
        }
    }

    /// Records an act item.
    pub fn with_act(mut self, item: ProtocolAct, finding: Finding) -> Self {
        self.act.insert(item, finding);
        self
    }

    /// Records a means item.
    pub fn with_means(mut self, item: ProtocolMeans, finding: Finding) -> Self {
        self.means.insert(item, finding);
        self
    }

    /// Records a purpose item.
    pub fn with_purpose(mut self, item: ProtocolPurpose, finding: Finding) -> Self {
        self.purpose.insert(item, finding);
        self
    }

    /// Marks every means item absent (a peer worker's "none of these happened").
    pub fn with_no_means(mut self) -> Self {
        for item in ProtocolMeans::ALL {
            self.means.insert(*item, Finding::Absent);
        }
        self
    }

    /// Checks the facts against the Protocol. See [`element_outcome`] for the element
    /// rule. The definition needs act, means and purpose for an adult, and act and
    /// purpose for a person under 18. When her age is unknown the definition is the
    /// adult one if being under 18 would not change it, and undetermined if it would;
    /// `if_under_18` then says what it would be.
    pub fn assess(&self) -> ProtocolResult {
        let age = self.age;
        let act = element_result(Element::Act, &self.act, true);
        let means = element_result(Element::Means, &self.means, age != Age::Under18);
        let purpose = element_result(Element::Purpose, &self.purpose, true);

        let as_adult = combine(&[act.outcome, means.outcome, purpose.outcome]);
        let as_child = combine(&[act.outcome, purpose.outcome]);
        let definition = match age {
            Age::Adult => as_adult,
            Age::Under18 => as_child,
            Age::Unknown if as_adult == as_child => as_adult,
            Age::Unknown => Outcome::Undetermined,
        };
        let if_under_18 = (age == Age::Unknown).then_some(as_child);

        let mut reasons: Vec<String> = [&act, &means, &purpose]
            .iter()
            .map(|r| element_reason(r, age))
            .collect();
        let needed: Vec<&ElementResult> = [&act, &means, &purpose]
            .into_iter()
            .filter(|r| r.needed)
            .collect();
        let named = |outcome: Outcome| -> String {
            needed
                .iter()
                .filter(|r| r.outcome == outcome)
                .map(|r| r.element.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match definition {
            Outcome::Met => {
                reasons.push(
                    "The Protocol's definition of trafficking is met: every element it needs is present."
                        .to_string(),
                );
                if age != Age::Under18 {
                    reasons.push(
                        "Where any of these means was used, her consent to the exploitation does not change this (Protocol, article 3(b))."
                            .to_string(),
                    );
                }
            }
            Outcome::NotMet => reasons.push(format!(
                "The Protocol's definition of trafficking is not met: not met: {}.",
                named(Outcome::NotMet)
            )),
            Outcome::Undetermined => {
                let open = named(Outcome::Undetermined);
                reasons.push(if open.is_empty() {
                    "Whether the Protocol's definition is met cannot be determined yet: it depends on her age."
                        .to_string()
                } else {
                    format!(
                        "Whether the Protocol's definition is met cannot be determined yet: still open: {open}."
                    )
                });
            }
        }
        if age == Age::Unknown {
            reasons.push(if as_child == as_adult {
                "Her age is not known; being under 18 would not change this result.".to_string()
            } else {
                format!(
                    "Her age is not known. If she is under 18 no means are needed, and the definition would be {}; if she is an adult it would be {}.",
                    as_child.label(),
                    as_adult.label()
                )
            });
        }
        if age != Age::Under18 && as_adult != Outcome::Met {
            reasons.push(NOT_CONFLATION.to_string());
        }
        reasons.push(
            "This is a check of the legal elements to help her decide; it identifies no one, and nothing happens without her choice."
                .to_string(),
        );

        ProtocolResult {
            age,
            act,
            means,
            purpose,
            definition,
            if_under_18,
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::assert_well_formed;
    use Finding::*;
    use Outcome::*;

    #[test]
    fn the_protocol_vocabularies_are_well_formed() {
        assert_well_formed::<Finding>();
        assert_well_formed::<Age>();
        assert_well_formed::<ProtocolAct>();
        assert_well_formed::<ProtocolMeans>();
        assert_well_formed::<ProtocolPurpose>();
        assert_well_formed::<Outcome>();
        assert_well_formed::<Element>();
    }

    /// Facts with one item of each element set to the given finding and the rest
    /// `rest`, so that `Absent` with rest `Absent` means the whole element is absent.
    fn facts(
        age: Age,
        act: Finding,
        means: Finding,
        purpose: Finding,
        rest: Finding,
    ) -> ProtocolFacts {
        let mut f = ProtocolFacts::new(age);
        for item in ProtocolAct::ALL {
            f.act.insert(*item, rest);
        }
        for item in ProtocolMeans::ALL {
            f.means.insert(*item, rest);
        }
        for item in ProtocolPurpose::ALL {
            f.purpose.insert(*item, rest);
        }
        f.with_act(ProtocolAct::Recruitment, act)
            .with_means(ProtocolMeans::Deception, means)
            .with_purpose(ProtocolPurpose::ForcedLabourOrServices, purpose)
    }

    #[test]
    fn the_element_rule_is_any_present_met_all_absent_not_met_else_undetermined() {
        let cases: &[(&[Finding], Outcome)] = &[
            (&[Present, Absent, Absent, Absent, Absent], Met),
            (&[Present, Unknown, Unknown, Unknown, Unknown], Met),
            (&[Absent, Absent, Absent, Absent, Absent], NotMet),
            (&[Absent, Absent, Unknown, Absent, Absent], Undetermined),
            (&[Unknown, Unknown, Unknown, Unknown, Unknown], Undetermined),
        ];
        for (findings, expected) in cases {
            let map: BTreeMap<ProtocolAct, Finding> = ProtocolAct::ALL
                .iter()
                .copied()
                .zip(findings.iter().copied())
                .collect();
            assert_eq!(element_outcome(&map), *expected, "{findings:?}");
        }
        assert_eq!(
            element_outcome(&BTreeMap::<ProtocolAct, Finding>::new()),
            Undetermined
        );
    }

    #[test]
    fn the_definition_follows_the_table() {
        const ADULT: Age = Age::Adult;
        const CHILD: Age = Age::Under18;
        const NOT_KNOWN: Age = Age::Unknown;
        // (age, act, means, purpose, rest of the items, definition, if under 18)
        type Row = (
            Age,
            Finding,
            Finding,
            Finding,
            Finding,
            Outcome,
            Option<Outcome>,
        );
        let table: &[Row] = &[
            (ADULT, Present, Present, Present, Absent, Met, None),
            (ADULT, Present, Absent, Present, Absent, NotMet, None),
            (ADULT, Absent, Present, Present, Absent, NotMet, None),
            (ADULT, Present, Present, Absent, Absent, NotMet, None),
            (ADULT, Present, Unknown, Present, Absent, Undetermined, None),
            (
                ADULT,
                Present,
                Unknown,
                Present,
                Unknown,
                Undetermined,
                None,
            ),
            (ADULT, Unknown, Absent, Unknown, Absent, NotMet, None),
            (
                ADULT,
                Unknown,
                Unknown,
                Unknown,
                Unknown,
                Undetermined,
                None,
            ),
            (CHILD, Present, Unknown, Present, Absent, Met, None),
            (CHILD, Present, Absent, Present, Absent, Met, None),
            (CHILD, Present, Absent, Absent, Absent, NotMet, None),
            (CHILD, Unknown, Present, Present, Absent, Undetermined, None),
            (NOT_KNOWN, Present, Present, Present, Absent, Met, Some(Met)),
            (
                NOT_KNOWN,
                Present,
                Absent,
                Present,
                Absent,
                Undetermined,
                Some(Met),
            ),
            (
                NOT_KNOWN,
                Present,
                Unknown,
                Present,
                Absent,
                Undetermined,
                Some(Met),
            ),
            (
                NOT_KNOWN,
                Absent,
                Present,
                Present,
                Absent,
                NotMet,
                Some(NotMet),
            ),
            (
                NOT_KNOWN,
                Present,
                Present,
                Unknown,
                Absent,
                Undetermined,
                Some(Undetermined),
            ),
        ];
        for (age, act, means, purpose, rest, definition, if_under_18) in table {
            let result = facts(*age, *act, *means, *purpose, *rest).assess();
            assert_eq!(
                (result.definition, result.if_under_18),
                (*definition, *if_under_18),
                "{age:?} act {act:?} means {means:?} purpose {purpose:?} rest {rest:?}"
            );
        }
    }

    #[test]
    fn unknown_means_leave_an_adult_undetermined_but_a_child_met() {
        let adult = facts(Age::Adult, Present, Unknown, Present, Absent).assess();
        assert_eq!(adult.means.outcome, Undetermined);
        assert_eq!(adult.definition, Undetermined);
        assert!(adult
            .reasons
            .iter()
            .any(|r| r.contains("still open: means")));
        let child = facts(Age::Under18, Present, Unknown, Present, Absent).assess();
        assert_eq!(child.definition, Met);
        assert!(!child.means.needed);
        assert!(child
            .reasons
            .iter()
            .any(|r| r.contains("because she is under 18")));
    }

    #[test]
    fn an_adult_sex_worker_without_means_is_not_trafficked() {
        // She was recruited by a manager and lives in the flat he rents: act present.
        // Nobody forced, deceived or controlled her: every means absent. She works for
        // herself and pays an agreed share: no exploitation.
        let result = ProtocolFacts::new(Age::Adult)
            .with_act(ProtocolAct::Recruitment, Present)
            .with_act(ProtocolAct::Harbouring, Present)
            .with_no_means()
            .assess();
        assert_eq!(result.act.outcome, Met);
        assert_eq!(result.means.outcome, NotMet);
        assert_eq!(result.definition, NotMet);
        assert!(result
            .reasons
            .iter()
            .any(|r| r.contains("Sex work alone is not trafficking")));
        assert!(result.reasons.iter().any(|r| r.contains("not met: means")));
    }

    #[test]
    fn an_adult_with_act_only_and_nothing_else_known_is_never_labelled_trafficked() {
        let result = ProtocolFacts::new(Age::Adult)
            .with_act(ProtocolAct::Recruitment, Present)
            .assess();
        assert_ne!(result.definition, Met);
        assert!(result.reasons.iter().any(|r| r.contains("Sex work alone")));
    }

    #[test]
    fn unknown_age_says_what_changes_if_she_is_under_18() {
        let result = facts(Age::Unknown, Present, Absent, Present, Absent).assess();
        assert_eq!(result.definition, Undetermined);
        assert_eq!(result.if_under_18, Some(Met));
        assert!(result.reasons.iter().any(|r| r
            .contains("If she is under 18 no means are needed, and the definition would be met")));
    }

    #[test]
    fn facts_read_back_from_json_with_unrecorded_items_unknown() {
        let json =
            r#"{"age":"adult","act":{"recruitment":"present"},"means":{"deception":"present"}}"#;
        let facts: ProtocolFacts = serde_json::from_str(json).unwrap();
        let result = facts.assess();
        assert_eq!(result.purpose.outcome, Undetermined);
        assert_eq!(result.definition, Undetermined);
        assert!(serde_json::from_str::<ProtocolFacts>(
            r#"{"age":"adult","act":{"sex_work":"present"}}"#
        )
        .is_err());
    }
}
