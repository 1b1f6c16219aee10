//! The traffic light: DESIGN.md's verdict rules as one table, and the verdict they give.

use crate::kind::IncidentKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A traffic-light level, ordered from nothing known to most dangerous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing known. Never a guarantee.
    Green,
    /// Minor trouble, or a report still awaiting verification.
    Yellow,
    /// Money, threats, stalking, recording, pressure; or several independent yellows.
    Orange,
    /// Violence; or several independent oranges.
    Red,
}

impl Level {
    /// The stable wire form: `green`, `yellow`, `orange`, `red`.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Green => "green",
            Level::Yellow => "yellow",
            Level::Orange => "orange",
            Level::Red => "red",
        }
    }

    /// Reads a wire form back.
    pub fn parse(input: &str) -> Option<Level> {
        [Level::Green, Level::Yellow, Level::Orange, Level::Red]
            .into_iter()
            .find(|l| l.slug() == input.trim().to_ascii_lowercase())
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// One published, unexpired, unretracted alert that names the screened identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertFact {
    /// The kinds the peer worker set on the alert.
    pub kinds: Vec<IncidentKind>,
    /// Who reported it, as an opaque key: alerts are independent when these differ.
    pub reporter: String,
    /// When the incident happened (the alert's month is shown, never the day).
    pub occurred_on: time::Date,
    /// The area's name.
    pub area: String,
}

impl AlertFact {
    /// The level this alert gives on its own: the highest of its kinds.
    pub fn level(&self) -> Level {
        self.kinds
            .iter()
            .map(|k| k.level())
            .max()
            .unwrap_or(Level::Green)
    }
}

/// A condition in the rules table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// At least one published alert at exactly this level.
    AlertAt(Level),
    /// At least this many alerts at this level or above, from different reporters.
    IndependentAlertsAt(Level, usize),
    /// At least one report about this identifier is still awaiting verification.
    PendingReport,
}

/// One row of the verdict rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The level given when the condition holds.
    pub level: Level,
    /// When it holds.
    pub when: Condition,
    /// A stable code for the reason, e.g. `red_alert`.
    pub code: &'static str,
    /// The reason in plain words.
    pub reason: &'static str,
}

/// DESIGN.md's traffic-light table. The verdict is the highest level whose row holds.
pub const RULES: &[Rule] = &[
    Rule {
        level: Level::Red,
        when: Condition::AlertAt(Level::Red),
        code: "red_alert",
        reason: "a verified alert of violence, sexual assault, violent robbery or abduction",
    },
    Rule {
        level: Level::Red,
        when: Condition::IndependentAlertsAt(Level::Orange, 2),
        code: "independent_orange_alerts",
        reason: "two or more verified alerts of serious trouble from different members",
    },
    Rule {
        level: Level::Orange,
        when: Condition::AlertAt(Level::Orange),
        code: "orange_alert",
        reason: "a verified alert of refused payment, theft, threats, stalking, recording or pressure for unsafe services",
    },
    Rule {
        level: Level::Orange,
        when: Condition::IndependentAlertsAt(Level::Yellow, 2),
        code: "independent_yellow_alerts",
        reason: "two or more verified alerts of trouble from different members",
    },
    Rule {
        level: Level::Yellow,
        when: Condition::AlertAt(Level::Yellow),
        code: "yellow_alert",
        reason: "a verified alert of time-wasting, no-show, haggling or abusive messages",
    },
    Rule {
        level: Level::Yellow,
        when: Condition::PendingReport,
        code: "pending_report",
        reason: "a report that peer workers have not verified yet",
    },
];

/// Why a verdict is what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The level this reason alone gives.
    pub level: Level,
    /// Stable code, e.g. `red_alert`.
    pub code: &'static str,
    /// Plain words.
    pub text: &'static str,
}

/// The traffic light for one identifier, with what it rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The light.
    pub verdict: Level,
    /// Every rule that held, most serious first. Empty for green.
    pub reasons: Vec<Reason>,
    /// Published alerts by kind slug.
    pub counts: BTreeMap<String, usize>,
    /// Number of published alerts.
    pub alerts: usize,
    /// Reports awaiting verification.
    pub pending: usize,
    /// Month of the latest alert, `YYYY-MM`.
    pub latest_month: Option<String>,
    /// Area of the latest alert.
    pub latest_area: Option<String>,
    /// Always said, because green is not a guarantee.
    pub caution: &'static str,
}

/// Said with every verdict.
pub const CAUTION: &str = "Green only means nothing has been reported to us. It is not a guarantee: trust your instincts and tell someone where you are.";

fn holds(condition: Condition, alerts: &[AlertFact], pending: usize) -> bool {
    match condition {
        Condition::AlertAt(level) => alerts.iter().any(|a| a.level() == level),
        Condition::IndependentAlertsAt(level, n) => {
            let reporters: BTreeSet<&str> = alerts
                .iter()
                .filter(|a| a.level() >= level)
                .map(|a| a.reporter.as_str())
                .collect();
            reporters.len() >= n
        }
        Condition::PendingReport => pending > 0,
    }
}

impl Verdict {
    /// Applies [`RULES`] to the alerts and pending reports known for one identifier.
    pub fn from_facts(alerts: &[AlertFact], pending: usize) -> Verdict {
        let reasons: Vec<Reason> = RULES
            .iter()
            .filter(|rule| holds(rule.when, alerts, pending))
            .map(|rule| Reason {
                level: rule.level,
                code: rule.code,
                text: rule.reason,
            })
            .collect();
        let verdict = reasons
            .iter()
            .map(|r| r.level)
            .max()
            .unwrap_or(Level::Green);
        let mut counts = BTreeMap::new();
        for kind in alerts.iter().flat_map(|a| a.kinds.iter()) {
            *counts.entry(kind.slug().to_string()).or_insert(0) += 1;
        }
        let latest = alerts.iter().max_by_key(|a| a.occurred_on);
        Verdict {
            verdict,
            reasons,
            counts,
            alerts: alerts.len(),
            pending,
            latest_month: latest.map(|a| {
                format!(
                    "{:04}-{:02}",
                    a.occurred_on.year(),
                    u8::from(a.occurred_on.month())
                )
            }),
            latest_area: latest.map(|a| a.area.clone()),
            caution: CAUTION,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use IncidentKind::*;

    fn alert(kinds: &[IncidentKind], reporter: &str) -> AlertFact {
        AlertFact {
            kinds: kinds.to_vec(),
            reporter: reporter.into(),
            occurred_on: date!(2026 - 03 - 14),
            area: "Centre".into(),
        }
    }

    fn level(alerts: &[AlertFact], pending: usize) -> Level {
        Verdict::from_facts(alerts, pending).verdict
    }

    #[test]
    fn nothing_known_is_green_and_says_it_is_no_guarantee() {
        let v = Verdict::from_facts(&[], 0);
        assert_eq!(v.verdict, Level::Green);
        assert!(v.reasons.is_empty());
        assert!(v.caution.contains("not a guarantee"));
    }

    #[test]
    fn every_red_kind_alone_gives_red() {
        for kind in [
            PhysicalViolence,
            SexualAssault,
            Stealthing,
            ViolentRobbery,
            Abduction,
        ] {
            assert_eq!(level(&[alert(&[kind], "a")], 0), Level::Red, "{kind}");
        }
    }

    #[test]
    fn two_independent_orange_alerts_give_red() {
        let alerts = [alert(&[Theft], "a"), alert(&[Threats], "b")];
        let v = Verdict::from_facts(&alerts, 0);
        assert_eq!(v.verdict, Level::Red);
        assert_eq!(v.reasons[0].code, "independent_orange_alerts");
    }

    #[test]
    fn two_orange_alerts_from_the_same_member_stay_orange() {
        let alerts = [alert(&[Theft], "a"), alert(&[Threats], "a")];
        assert_eq!(level(&alerts, 0), Level::Orange);
    }

    #[test]
    fn every_orange_kind_alone_gives_orange() {
        for kind in [
            RefusedPayment,
            Theft,
            Threats,
            Stalking,
            RecordingWithoutConsent,
            UnsafePressure,
        ] {
            assert_eq!(level(&[alert(&[kind], "a")], 0), Level::Orange, "{kind}");
        }
    }

    #[test]
    fn two_independent_yellow_alerts_give_orange() {
        let alerts = [alert(&[NoShow], "a"), alert(&[Haggling], "b")];
        assert_eq!(level(&alerts, 0), Level::Orange);
        let same = [alert(&[NoShow], "a"), alert(&[Haggling], "a")];
        assert_eq!(level(&same, 0), Level::Yellow);
    }

    #[test]
    fn every_yellow_kind_alone_gives_yellow() {
        for kind in [TimeWasting, NoShow, Haggling, AbusiveMessages] {
            assert_eq!(level(&[alert(&[kind], "a")], 0), Level::Yellow, "{kind}");
        }
    }

    #[test]
    fn a_report_awaiting_verification_gives_yellow() {
        let v = Verdict::from_facts(&[], 1);
        assert_eq!(v.verdict, Level::Yellow);
        assert_eq!(v.reasons[0].code, "pending_report");
    }

    #[test]
    fn an_alert_takes_the_level_of_its_most_serious_kind() {
        assert_eq!(level(&[alert(&[NoShow, Stealthing], "a")], 0), Level::Red);
    }

    #[test]
    fn verdict_gives_counts_latest_month_and_area() {
        let mut older = alert(&[Theft], "a");
        older.occurred_on = date!(2025 - 12 - 01);
        older.area = "Harbour".into();
        let v = Verdict::from_facts(&[older, alert(&[Theft, Threats], "a")], 0);
        assert_eq!(v.counts.get("theft"), Some(&2));
        assert_eq!(v.counts.get("threats"), Some(&1));
        assert_eq!(v.latest_month.as_deref(), Some("2026-03"));
        assert_eq!(v.latest_area.as_deref(), Some("Centre"));
    }

    #[test]
    fn every_rule_row_is_covered_by_some_input() {
        let inputs: Vec<(Vec<AlertFact>, usize)> = vec![
            (vec![alert(&[PhysicalViolence], "a")], 0),
            (vec![alert(&[Theft], "a"), alert(&[Theft], "b")], 0),
            (vec![alert(&[Theft], "a")], 0),
            (vec![alert(&[NoShow], "a"), alert(&[NoShow], "b")], 0),
            (vec![alert(&[NoShow], "a")], 0),
            (vec![], 1),
        ];
        for (rule, (alerts, pending)) in RULES.iter().zip(inputs) {
            let v = Verdict::from_facts(&alerts, pending);
            assert!(
                v.reasons.iter().any(|r| r.code == rule.code),
                "{}",
                rule.code
            );
            assert_eq!(v.verdict, rule.level, "{}", rule.code);
        }
    }
}
