//! What aggregates count: records, each a map from a dimension (period, area, act type...) to a value.

use crate::vocabulary::Vocabulary;
use parasol_core::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value counted when a record has nothing for a chosen dimension.
pub const NOT_RECORDED: &str = "not recorded";

/// A dimension records can be counted by: a snake_case name of 1 to 40 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Dimension(String);

impl Dimension {
    /// Reads a dimension's name.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.trim();
        let ok = (1..=40).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(FieldError::new(
                "dimension",
                input,
                "a dimension name of lower-case letters, digits and _, e.g. period, area, act_type",
            ));
        }
        Ok(Dimension(name.to_string()))
    }

    /// When it happened: `YYYY-MM` or `YYYY` (see [`crate::EventDate::period`]).
    pub fn period() -> Self {
        Dimension("period".into())
    }

    /// Where: the organisation's coarse area.
    pub fn area() -> Self {
        Dimension("area".into())
    }

    /// The act type's slug (see [`crate::ActType`]).
    pub fn act_type() -> Self {
        Dimension("act_type".into())
    }

    /// The perpetrator category's slug (see [`crate::PerpetratorCategory`]).
    pub fn perpetrator() -> Self {
        Dimension("perpetrator".into())
    }

    /// The measure's slug (see [`crate::Measure`]).
    pub fn measure() -> Self {
        Dimension("measure".into())
    }

    /// The measure's P (see [`crate::P4`]).
    pub fn p4() -> Self {
        Dimension("p4".into())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Dimension {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, FieldError> {
        Dimension::parse(&value)
    }
}

impl From<Dimension> for String {
    fn from(value: Dimension) -> String {
        value.0
    }
}

impl std::fmt::Display for Dimension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One thing to count (an act, a case, a report): its value in each dimension.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record {
    values: BTreeMap<Dimension, String>,
}

impl Record {
    /// A record with no values yet.
    pub fn new() -> Self {
        Record::default()
    }

    /// Sets `dimension` to `value` (whitespace tidied; an empty value is left unset).
    pub fn with(mut self, dimension: Dimension, value: &str) -> Self {
        let tidy = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if tidy.is_empty() {
            self.values.remove(&dimension);
        } else {
            self.values.insert(dimension, tidy);
        }
        self
    }

    /// Sets `dimension` to a vocabulary term's slug.
    pub fn with_term<V: Vocabulary>(self, dimension: Dimension, term: V) -> Self {
        self.with(dimension, term.slug())
    }

    /// The value for `dimension`, if set.
    pub fn value(&self, dimension: &Dimension) -> Option<&str> {
        self.values.get(dimension).map(String::as_str)
    }

    pub(crate) fn value_or_not_recorded(&self, dimension: &Dimension) -> &str {
        self.value(dimension).unwrap_or(NOT_RECORDED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ActType;

    #[test]
    fn dimension_names_are_snake_case() {
        assert_eq!(
            Dimension::parse(" act_type ").unwrap(),
            Dimension::act_type()
        );
        for bad in ["", "Act Type", "1st", "a-b", &"x".repeat(41)] {
            assert_eq!(Dimension::parse(bad).unwrap_err().field, "dimension");
        }
    }

    #[test]
    fn a_record_holds_slugs_and_tidied_values() {
        let record = Record::new()
            .with_term(Dimension::act_type(), ActType::Raid)
            .with(Dimension::area(), "  North   District ")
            .with(Dimension::period(), " ");
        assert_eq!(record.value(&Dimension::act_type()), Some("raid"));
        assert_eq!(record.value(&Dimension::area()), Some("North District"));
        assert_eq!(
            record.value_or_not_recorded(&Dimension::period()),
            NOT_RECORDED
        );
    }
}
