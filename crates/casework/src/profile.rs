//! Jurisdiction profiles: a person's options and their consequences, from files the organisation edits.
//!
//! The law differs by country and changes; peer workers know it best. A profile is a
//! JSON file (see `profiles/README.md` and `profiles/TEMPLATE.json`) listing the options
//! open to a person in one jurisdiction, each with what happens, the conditions, the
//! benefits, the risks (deportation above all) and who can help, so a peer worker and
//! the person can go through them together. Parsing refuses unknown fields, so a typo in
//! a field name is caught rather than silently dropped.

use crate::dates::parse_day;
use parasol_core::FieldError;
use serde::{Deserialize, Serialize};
use time::Date;

/// The example profile shipped with Parasol. Clearly marked: not legal advice.
pub const EXAMPLE_PROFILE_JSON: &str = include_str!("../profiles/example.json");

/// The template organisations copy to write their own profile.
pub const TEMPLATE_PROFILE_JSON: &str = include_str!("../profiles/TEMPLATE.json");

/// Options and consequences for one jurisdiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// What the organisation calls this profile.
    pub name: String,
    /// The country or region it covers.
    pub jurisdiction: String,
    /// True for examples and templates, which must never be taken as advice.
    pub example: bool,
    /// When someone who knows the law last checked it.
    #[serde(with = "crate::dates::ymd")]
    pub last_reviewed: Date,
    /// The options, in the order to go through them.
    pub options: Vec<OptionEntry>,
}

/// One option open to the person, and what it would mean for her.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionEntry {
    /// A short stable identifier, lower-case letters, digits and `_`.
    pub id: String,
    /// The option in a few words.
    pub title: String,
    /// What happens, step by step, if she chooses it.
    pub what_happens: String,
    /// What she must do or be for it to be open to her.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// What she may gain.
    #[serde(default)]
    pub benefits: Vec<String>,
    /// What could go wrong for her: deportation, prosecution, outing, losing work or housing.
    #[serde(default)]
    pub risks: Vec<String>,
    /// Who can help with it (kinds of service, not personal contacts).
    #[serde(default)]
    pub who_can_help: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: String,
    jurisdiction: String,
    example: bool,
    last_reviewed: String,
    options: Vec<OptionEntry>,
}

/// Why a profile file was refused, said so the coordinator editing it can fix it.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file is not valid JSON of the profile's shape.
    #[error("the profile is not valid: {message} (line {line}, column {column}); compare it with profiles/TEMPLATE.json")]
    Json {
        /// serde's description.
        message: String,
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
    },
    /// A field has a value that is not allowed.
    #[error("the profile is not valid: {0}")]
    Field(#[from] FieldError),
}

fn required(field: &str, value: &str, what: &str) -> Result<String, FieldError> {
    let tidy = value.trim();
    if tidy.is_empty() {
        return Err(FieldError::new(field, value, what));
    }
    Ok(tidy.to_string())
}

impl Profile {
    /// Reads and checks a profile file.
    pub fn from_json(text: &str) -> Result<Self, ProfileError> {
        let file: ProfileFile = serde_json::from_str(text).map_err(|e| ProfileError::Json {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        let name = required(
            "name",
            &file.name,
            "a name for the profile, e.g. Ruritania — 2026",
        )?;
        if file.example && !name.to_lowercase().contains("example") {
            return Err(FieldError::new(
                "name",
                &file.name,
                "a name that says \"Example\" while \"example\" is true, so no one mistakes it for advice",
            )
            .into());
        }
        let jurisdiction = required(
            "jurisdiction",
            &file.jurisdiction,
            "the country or region it covers, e.g. Ruritania",
        )?;
        let last_reviewed = parse_day("last_reviewed", &file.last_reviewed)?;
        if file.options.is_empty() {
            return Err(FieldError::new(
                "options",
                "[]",
                "at least one option, e.g. doing nothing now",
            )
            .into());
        }
        let mut options = Vec::with_capacity(file.options.len());
        for (index, option) in file.options.into_iter().enumerate() {
            let at = |field: &str| format!("options[{index}].{field}");
            let id = option.id.trim().to_string();
            let id_ok = !id.is_empty()
                && id.len() <= 60
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !id_ok {
                return Err(FieldError::new(
                    at("id"),
                    &option.id,
                    "a short id of lower-case letters, digits and _, e.g. labour_complaint",
                )
                .into());
            }
            if options.iter().any(|o: &OptionEntry| o.id == id) {
                return Err(FieldError::new(
                    at("id"),
                    &option.id,
                    "an id no other option in this profile uses",
                )
                .into());
            }
            let title = required(&at("title"), &option.title, "the option in a few words")?;
            let what_happens = required(
                &at("what_happens"),
                &option.what_happens,
                "what happens if she chooses this option",
            )?;
            let list = |field: &str, items: Vec<String>| -> Result<Vec<String>, FieldError> {
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        required(
                            &format!("{}[{i}]", at(field)),
                            &item,
                            "text, or remove the empty entry",
                        )
                    })
                    .collect()
            };
            options.push(OptionEntry {
                id,
                title,
                what_happens,
                conditions: list("conditions", option.conditions)?,
                benefits: list("benefits", option.benefits)?,
                risks: list("risks", option.risks)?,
                who_can_help: list("who_can_help", option.who_can_help)?,
            });
        }
        Ok(Profile {
            name,
            jurisdiction,
            example: file.example,
            last_reviewed,
            options,
        })
    }

    /// The example profile shipped with Parasol.
    pub fn example() -> Result<Self, ProfileError> {
        Profile::from_json(EXAMPLE_PROFILE_JSON)
    }

    /// One option by id.
    pub fn option(&self, id: &str) -> Option<&OptionEntry> {
        self.options.iter().find(|o| o.id == id)
    }

    /// Whether the last review is more than `max_days` before `today`, so pages can
    /// warn that the law may have changed.
    pub fn needs_review(&self, today: Date, max_days: i64) -> bool {
        (today - self.last_reviewed).whole_days() > max_days
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_example_profile_parses_and_says_it_is_an_example() {
        let profile = Profile::example().unwrap();
        assert!(profile.example);
        assert!(profile.name.contains("Example — not legal advice"));
        for id in [
            "identify_as_victim",
            "labour_complaint",
            "collective_negotiation",
            "change_workplace",
            "do_nothing_now",
        ] {
            assert!(profile.option(id).is_some(), "missing option {id}");
        }
        let victim = profile.option("identify_as_victim").unwrap();
        assert!(victim.what_happens.contains("reflection period"));
        assert!(victim.risks.iter().any(|r| r.contains("deport")));
        assert!(profile.options.iter().all(|o| !o.risks.is_empty()));
    }

    #[test]
    fn the_template_parses_so_it_stays_in_step_with_the_code() {
        let template = Profile::from_json(TEMPLATE_PROFILE_JSON).unwrap();
        assert!(template.example);
    }

    #[test]
    fn a_misspelt_field_is_refused_with_its_line() {
        let text = EXAMPLE_PROFILE_JSON.replacen("\"risks\"", "\"risk\"", 1);
        let err = Profile::from_json(&text).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("unknown field `risk`"), "{message}");
        assert!(message.contains("line"));
    }

    #[test]
    fn an_example_must_say_so_in_its_name() {
        let text = EXAMPLE_PROFILE_JSON.replacen("Example — not legal advice", "Ruritania", 1);
        let err = Profile::from_json(&text).unwrap_err();
        assert!(err.to_string().contains("Example"));
    }

    #[test]
    fn a_profile_with_a_bad_review_date_or_repeated_ids_is_refused() {
        let bad_date = r#"{"name":"R","jurisdiction":"R","example":false,"last_reviewed":"2026-02-30",
            "options":[{"id":"a","title":"A","what_happens":"x"}]}"#;
        assert!(
            matches!(Profile::from_json(bad_date), Err(ProfileError::Field(e)) if e.field == "last_reviewed")
        );
        let repeated = r#"{"name":"R","jurisdiction":"R","example":false,"last_reviewed":"2026-02-03",
            "options":[{"id":"a","title":"A","what_happens":"x"},{"id":"a","title":"B","what_happens":"y"}]}"#;
        assert!(
            matches!(Profile::from_json(repeated), Err(ProfileError::Field(e)) if e.field == "options[1].id")
        );
        let none = r#"{"name":"R","jurisdiction":"R","example":false,"last_reviewed":"2026-02-03","options":[]}"#;
        assert!(Profile::from_json(none).is_err());
    }

    #[test]
    fn an_old_review_is_flagged() {
        let profile = Profile::example().unwrap();
        let later = profile.last_reviewed + time::Duration::days(400);
        assert!(profile.needs_review(later, 365));
        assert!(!profile.needs_review(profile.last_reviewed, 365));
        let _ = date!(2026 - 01 - 01);
    }
}
