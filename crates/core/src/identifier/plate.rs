//! Vehicle plates: upper-cased letters and digits, separators dropped.

use crate::error::FieldError;

const EXPECTED: &str = "a vehicle plate of 2 to 12 letters and digits, e.g. AB12 CDE";

pub(super) fn normalise(input: &str) -> Result<String, FieldError> {
    let mut plate = String::new();
    for c in input.chars() {
        if c.is_alphanumeric() {
            // Upper-casing can add combining marks (ΐ gives Ι and two marks); keep letters only,
            // so that reading a plate twice gives the same plate.
            plate.extend(c.to_uppercase().filter(|u| u.is_alphanumeric()));
        } else if !(c.is_whitespace() || matches!(c, '-' | '.' | '·' | '/')) {
            return Err(FieldError::new("plate", input, EXPECTED));
        }
    }
    if !(2..=12).contains(&plate.chars().count()) {
        return Err(FieldError::new("plate", input, EXPECTED));
    }
    Ok(plate)
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn plates_are_upper_cased_without_separators() {
        assert_eq!(normalise("ab12 cde").unwrap(), "AB12CDE");
        assert_eq!(normalise("AB-123-CD").unwrap(), "AB123CD");
    }

    #[test]
    fn things_that_are_not_plates_are_refused() {
        for bad in ["", "A", "AB12!", &"A".repeat(13)] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}
