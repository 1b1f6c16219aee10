//! Areas: coarse places an organisation chooses (a city, a district). Never GPS.

use crate::error::FieldError;
use serde::Serialize;

/// An area's name, trimmed, 1 to 60 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct AreaName(String);

impl AreaName {
    /// Reads an area name as a coordinator typed it.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if chars == 0 || chars > 60 || name.chars().any(char::is_control) {
            return Err(FieldError::new(
                "area",
                input,
                "an area name of 1 to 60 characters, e.g. North District",
            ));
        }
        Ok(AreaName(name))
    }

    /// The name as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AreaName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_names_are_tidied_and_bounded() {
        assert_eq!(
            AreaName::parse("  North   District ").unwrap().as_str(),
            "North District"
        );
        assert!(AreaName::parse("").is_err());
        assert!(AreaName::parse(&"x".repeat(61)).is_err());
    }
}
