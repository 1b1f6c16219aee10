//! Handles on platforms: `platform:handle`, lower-cased, a leading `@` dropped.

use crate::error::FieldError;

const EXPECTED: &str = "platform:handle, e.g. telegram:bigdave or whatsapp:dave_1";

pub(super) fn normalise(input: &str) -> Result<String, FieldError> {
    let refuse = || FieldError::new("handle", input, EXPECTED);
    let (platform, name) = input.trim().split_once(':').ok_or_else(refuse)?;
    let platform = platform.trim().to_lowercase();
    let name = name.trim().trim_start_matches('@').to_lowercase();
    let platform_ok = (1..=32).contains(&platform.len())
        && platform
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_');
    let name_ok = (1..=64).contains(&name.chars().count())
        && !name.chars().any(|c| c.is_whitespace() || c.is_control());
    if !platform_ok || !name_ok {
        return Err(refuse());
    }
    Ok(format!("{platform}:{name}"))
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn handles_are_lower_cased_without_the_at_sign() {
        assert_eq!(
            normalise(" Telegram : @BigDave ").unwrap(),
            "telegram:bigdave"
        );
    }

    #[test]
    fn a_handle_needs_its_platform() {
        for bad in [
            "",
            "bigdave",
            ":bigdave",
            "telegram:",
            "tele gram:x",
            "x:big dave",
        ] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}
