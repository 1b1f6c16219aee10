//! The one error shape for refused input: which field, what was read, what was expected.

use serde::Serialize;

/// Input that was refused, described so the person can correct it.
///
/// `read` is echoed back only to the person who typed it; it is never logged.
#[derive(Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {expected}")]
pub struct FieldError {
    /// The form or JSON field that was refused, e.g. `phone`.
    pub field: String,
    /// What was read, shortened if very long.
    pub read: String,
    /// What was expected, in words a member can act on, with an example.
    pub expected: String,
}

impl FieldError {
    /// A refusal of `read` in `field`; `read` is cut to 80 characters.
    pub fn new(field: impl Into<String>, read: &str, expected: impl Into<String>) -> Self {
        let mut shown: String = read.chars().take(80).collect();
        if read.chars().count() > 80 {
            shown.push('…');
        }
        FieldError {
            field: field.into(),
            read: shown,
            expected: expected.into(),
        }
    }
}

// Debug must not spill what was typed into logs.
impl std::fmt::Debug for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldError")
            .field("field", &self.field)
            .field("read", &"[redacted]")
            .field("expected", &self.expected)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_input_is_shortened_in_the_error() {
        let long = "9".repeat(5000);
        let e = FieldError::new("phone", &long, "a phone number");
        assert_eq!(e.read.chars().count(), 81);
    }

    #[test]
    fn debug_does_not_show_what_was_typed() {
        let e = FieldError::new("phone", "+447700900123", "a phone number");
        assert!(!format!("{e:?}").contains("7700900123"));
    }
}
