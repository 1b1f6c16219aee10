//! Regions: ISO 3166-1 alpha-2 codes known to the phone number metadata.

use crate::error::FieldError;
use serde::Serialize;

/// A region for national-format phone numbers, e.g. `GB`. Upper-cased, known to the metadata.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Region(String);

impl Region {
    /// Reads a two-letter region code.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        let known = code.len() == 2
            && code.chars().all(|c| c.is_ascii_uppercase())
            && phonenumber::metadata::DATABASE
                .by_id(code.as_str())
                .is_some();
        if !known {
            return Err(FieldError::new(
                "region",
                input,
                "a two-letter country code, e.g. GB, FR, TH",
            ));
        }
        Ok(Region(code))
    }

    /// The code, e.g. `GB`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
