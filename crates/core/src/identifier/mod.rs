//! Client identifiers (phone, email, handle, plate), normalised so that every way of
//! writing one gives the same type-prefixed form, e.g. `phone:+447700900123`.
//!
//! The prefixed form is what the OPRF tags; it never leaves the process that parsed it.

mod email;
mod handle;
mod phone;
mod plate;
mod region;

pub use region::Region;

use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// Longest input any identifier parser will look at; longer input is refused unread.
pub const MAX_INPUT: usize = 320;

/// Which sort of identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A phone number, stored as E.164.
    Phone,
    /// An email address, trimmed and lower-cased.
    Email,
    /// A handle on a platform, `platform:handle`, lower-cased.
    Handle,
    /// A vehicle plate, upper-cased letters and digits.
    Plate,
}

impl IdentifierKind {
    /// Every kind.
    pub const ALL: [IdentifierKind; 4] = [
        IdentifierKind::Phone,
        IdentifierKind::Email,
        IdentifierKind::Handle,
        IdentifierKind::Plate,
    ];

    /// The prefix and wire form: `phone`, `email`, `handle`, `plate`.
    pub fn slug(self) -> &'static str {
        match self {
            IdentifierKind::Phone => "phone",
            IdentifierKind::Email => "email",
            IdentifierKind::Handle => "handle",
            IdentifierKind::Plate => "plate",
        }
    }

    /// A valid example, for error messages and form hints.
    pub fn example(self) -> &'static str {
        match self {
            IdentifierKind::Phone => "+44 7700 900123",
            IdentifierKind::Email => "name@example.org",
            IdentifierKind::Handle => "telegram:bigdave",
            IdentifierKind::Plate => "AB12 CDE",
        }
    }

    /// Reads a wire form.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        IdentifierKind::ALL
            .into_iter()
            .find(|k| k.slug() == input.trim().to_ascii_lowercase())
            .ok_or_else(|| FieldError::new("type", input, "one of: phone, email, handle, plate"))
    }
}

/// A normalised client identifier. Cannot be built except by parsing.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Identifier {
    kind: IdentifierKind,
    value: String,
}

impl Identifier {
    /// Reads an identifier of the given kind. `region` is the default for phone
    /// numbers written in national format; it is never applied to a number that
    /// starts with `+` or `00`.
    pub fn parse(
        kind: IdentifierKind,
        input: &str,
        region: Option<&Region>,
    ) -> Result<Self, FieldError> {
        if input.len() > MAX_INPUT {
            return Err(FieldError::new(
                kind.slug(),
                input,
                format!("at most {MAX_INPUT} characters, e.g. {}", kind.example()),
            ));
        }
        let value = match kind {
            IdentifierKind::Phone => phone::normalise(input, region)?,
            IdentifierKind::Email => email::normalise(input)?,
            IdentifierKind::Handle => handle::normalise(input)?,
            IdentifierKind::Plate => plate::normalise(input)?,
        };
        Ok(Identifier { kind, value })
    }

    /// Which sort of identifier this is.
    pub fn kind(&self) -> IdentifierKind {
        self.kind
    }

    /// The normalised value without its prefix, e.g. `+447700900123`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The type-prefixed form that is tagged, e.g. `phone:+447700900123`.
    pub fn prefixed(&self) -> String {
        format!("{}:{}", self.kind.slug(), self.value)
    }
}

// Identifiers must never reach a log.
impl std::fmt::Debug for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Identifier({}:[redacted])", self.kind.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefixed_form_names_the_kind() {
        let id = Identifier::parse(IdentifierKind::Email, " Bob@Example.ORG ", None).unwrap();
        assert_eq!(id.prefixed(), "email:bob@example.org");
    }

    #[test]
    fn debug_hides_the_identifier() {
        let id = Identifier::parse(IdentifierKind::Email, "bob@example.org", None).unwrap();
        assert!(!format!("{id:?}").contains("bob"));
    }

    #[test]
    fn very_long_input_is_refused_unread() {
        let err = Identifier::parse(IdentifierKind::Phone, &"9".repeat(5000), None).unwrap_err();
        assert_eq!(err.field, "phone");
    }
}
