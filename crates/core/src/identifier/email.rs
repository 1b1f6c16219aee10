//! Email addresses: trimmed, lower-cased, one `@`, a dotted domain.

use crate::error::FieldError;

const EXPECTED: &str = "an email address, e.g. name@example.org";

pub(super) fn normalise(input: &str) -> Result<String, FieldError> {
    let email = input.trim().to_lowercase();
    let refuse = || FieldError::new("email", input, EXPECTED);
    let (local, domain) = email.split_once('@').ok_or_else(refuse)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '@' || c == '<' || c == '>');
    if !domain_ok || !local_ok || email.len() > 254 {
        return Err(refuse());
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            normalise("  Bob.Smith@Example.COM ").unwrap(),
            "bob.smith@example.com"
        );
    }

    #[test]
    fn things_that_are_not_emails_are_refused() {
        for bad in [
            "",
            "abc",
            "a@b",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            "a@.org",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}
