//! The fixed vocabulary of incident kinds a report or alert can carry, each with its level.
//!
//! Sex work itself is never a kind: these are things done *to* a worker.

use crate::error::FieldError;
use crate::verdict::Level;
use serde::{Deserialize, Serialize};

/// What a client (or someone posing as one) did. The slug is the stable wire form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// Hitting, choking, any physical attack.
    PhysicalViolence,
    /// Rape or any sexual act without consent.
    SexualAssault,
    /// Removing or damaging a condom without consent.
    Stealthing,
    /// Robbery with violence or a weapon.
    ViolentRobbery,
    /// Abduction, confinement, not letting the worker leave.
    Abduction,
    /// Refusing to pay or taking the money back.
    RefusedPayment,
    /// Theft without violence.
    Theft,
    /// Threats, including threats to out or report the worker.
    Threats,
    /// Stalking or repeated harassment.
    Stalking,
    /// Photographing or recording without consent.
    RecordingWithoutConsent,
    /// Pressure for services without protection or beyond what was agreed.
    UnsafePressure,
    /// Wasting time with no intention to book.
    TimeWasting,
    /// Booking and not showing up.
    NoShow,
    /// Haggling over agreed rates.
    Haggling,
    /// Abusive or hateful messages.
    AbusiveMessages,
}

impl IncidentKind {
    /// Every kind, most serious first.
    pub const ALL: [IncidentKind; 15] = [
        IncidentKind::PhysicalViolence,
        IncidentKind::SexualAssault,
        IncidentKind::Stealthing,
        IncidentKind::ViolentRobbery,
        IncidentKind::Abduction,
        IncidentKind::RefusedPayment,
        IncidentKind::Theft,
        IncidentKind::Threats,
        IncidentKind::Stalking,
        IncidentKind::RecordingWithoutConsent,
        IncidentKind::UnsafePressure,
        IncidentKind::TimeWasting,
        IncidentKind::NoShow,
        IncidentKind::Haggling,
        IncidentKind::AbusiveMessages,
    ];

    /// The level one published alert of this kind gives on its own (DESIGN.md's table).
    pub fn level(self) -> Level {
        use IncidentKind::*;
        match self {
            PhysicalViolence | SexualAssault | Stealthing | ViolentRobbery | Abduction => {
                Level::Red
            }
            RefusedPayment
            | Theft
            | Threats
            | Stalking
            | RecordingWithoutConsent
            | UnsafePressure => Level::Orange,
            TimeWasting | NoShow | Haggling | AbusiveMessages => Level::Yellow,
        }
    }

    /// The stable slug used in URLs, JSON, the CLI and the database.
    pub fn slug(self) -> &'static str {
        use IncidentKind::*;
        match self {
            PhysicalViolence => "physical_violence",
            SexualAssault => "sexual_assault",
            Stealthing => "stealthing",
            ViolentRobbery => "violent_robbery",
            Abduction => "abduction",
            RefusedPayment => "refused_payment",
            Theft => "theft",
            Threats => "threats",
            Stalking => "stalking",
            RecordingWithoutConsent => "recording_without_consent",
            UnsafePressure => "unsafe_pressure",
            TimeWasting => "time_wasting",
            NoShow => "no_show",
            Haggling => "haggling",
            AbusiveMessages => "abusive_messages",
        }
    }

    /// Plain English words for pages and mail.
    pub fn label(self) -> &'static str {
        use IncidentKind::*;
        match self {
            PhysicalViolence => "physical violence",
            SexualAssault => "sexual assault",
            Stealthing => "stealthing (condom removed without consent)",
            ViolentRobbery => "robbery with violence or a weapon",
            Abduction => "abduction or confinement",
            RefusedPayment => "refused to pay",
            Theft => "theft",
            Threats => "threats",
            Stalking => "stalking or harassment",
            RecordingWithoutConsent => "recording without consent",
            UnsafePressure => "pressure for unsafe services",
            TimeWasting => "time-wasting",
            NoShow => "no-show",
            Haggling => "haggling",
            AbusiveMessages => "abusive messages",
        }
    }

    /// Reads a slug, refusing anything outside the vocabulary.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let wanted = input.trim().to_ascii_lowercase().replace('-', "_");
        IncidentKind::ALL
            .into_iter()
            .find(|k| k.slug() == wanted)
            .ok_or_else(|| {
                FieldError::new(
                    "kind",
                    input,
                    format!("one of: {}", IncidentKind::ALL.map(|k| k.slug()).join(", ")),
                )
            })
    }

    /// Reads a list of slugs; at least one, no unknown ones, duplicates dropped.
    pub fn parse_list<'a>(
        inputs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<Self>, FieldError> {
        let mut kinds = Vec::new();
        for input in inputs {
            for part in input.split(',').filter(|p| !p.trim().is_empty()) {
                let kind = IncidentKind::parse(part)?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        if kinds.is_empty() {
            return Err(FieldError::new(
                "kinds",
                "",
                "at least one kind of incident, e.g. refused_payment",
            ));
        }
        kinds.sort();
        Ok(kinds)
    }
}

impl std::fmt::Display for IncidentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_reads_back_as_its_kind() {
        for kind in IncidentKind::ALL {
            assert_eq!(IncidentKind::parse(kind.slug()), Ok(kind));
        }
    }

    #[test]
    fn an_unknown_kind_is_refused_with_the_vocabulary() {
        let err = IncidentKind::parse("sex_work").unwrap_err();
        assert_eq!(err.field, "kind");
        assert!(err.expected.contains("physical_violence"));
    }

    #[test]
    fn a_list_needs_at_least_one_kind() {
        assert!(IncidentKind::parse_list(["", " "]).is_err());
        assert_eq!(
            IncidentKind::parse_list(["theft,no_show", "theft"]).unwrap(),
            vec![IncidentKind::Theft, IncidentKind::NoShow]
        );
    }
}
