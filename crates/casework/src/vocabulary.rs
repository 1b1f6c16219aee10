//! The shape every closed vocabulary shares: a stable slug, plain words, the full list, a strict parser.

use parasol_core::FieldError;

/// A closed list of terms (act types, perpetrators, measures, ...).
///
/// Every term has a slug, the stable wire form used in URLs, JSON, the CLI and the
/// database, and a label in plain English for pages. `parse` refuses anything outside
/// the list and names the list, so a peer worker can correct what she typed.
pub trait Vocabulary: Copy + Eq + 'static {
    /// The form field that carries this vocabulary, named in errors.
    const FIELD: &'static str;
    /// Every term, in the order pages list them.
    fn all() -> &'static [Self];
    /// The stable wire form.
    fn slug(self) -> &'static str;
    /// Plain English words for pages.
    fn label(self) -> &'static str;
}

/// Reads a slug of vocabulary `V`: trimmed, case and `-`/`_`/space insensitive.
pub(crate) fn parse_term<V: Vocabulary>(field: &str, input: &str) -> Result<V, FieldError> {
    let wanted = input.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    V::all()
        .iter()
        .copied()
        .find(|term| term.slug() == wanted)
        .ok_or_else(|| {
            let slugs: Vec<&str> = V::all().iter().map(|term| term.slug()).collect();
            FieldError::new(field, input, format!("one of: {}", slugs.join(", ")))
        })
}

/// Declares a vocabulary enum: variants with doc comments, slugs and labels; `ALL`,
/// `slug`, `label`, `parse`, `Display`, serde in slug form, and the [`Vocabulary`] trait.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (field = $field:literal) {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident = ($slug:literal, $label:literal),
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $slug)]
                $variant,
            )+
        }

        impl $name {
            /// Every term, in the order pages list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable slug used in URLs, JSON, the CLI and the database.
            pub fn slug(self) -> &'static str {
                match self {
                    $($name::$variant => $slug,)+
                }
            }

            /// Plain English words for pages.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// Reads a slug, refusing anything outside the vocabulary with the list of terms.
            pub fn parse(input: &str) -> Result<Self, parasol_core::FieldError> {
                $crate::vocabulary::parse_term::<$name>($field, input)
            }
        }

        impl $crate::vocabulary::Vocabulary for $name {
            const FIELD: &'static str = $field;
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn slug(self) -> &'static str {
                $name::slug(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }
    };
}

pub(crate) use vocabulary;

/// Checks shared by every vocabulary's tests: slugs round-trip through `parse` and
/// serde, are unique snake_case, labels are not empty, and unknown terms are refused.
#[cfg(test)]
pub(crate) fn assert_well_formed<V>()
where
    V: Vocabulary + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    let mut seen = std::collections::BTreeSet::new();
    for &term in V::all() {
        let slug = term.slug();
        assert!(seen.insert(slug), "duplicate slug {slug}");
        assert!(
            slug.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "slug {slug} is not snake_case"
        );
        assert!(!term.label().trim().is_empty());
        assert_eq!(parse_term::<V>(V::FIELD, slug), Ok(term));
        assert_eq!(
            parse_term::<V>(V::FIELD, &slug.to_uppercase().replace('_', "-")),
            Ok(term)
        );
        let json = serde_json::to_string(&term).expect("a term serialises");
        assert_eq!(json, format!("\"{slug}\""));
        let back: V = serde_json::from_str(&json).expect("a term reads back");
        assert_eq!(back, term);
    }
    let err = parse_term::<V>(V::FIELD, "sex_work").expect_err("sex work is never a term");
    assert_eq!(err.field, V::FIELD);
    for &term in V::all() {
        assert!(err.expected.contains(term.slug()));
    }
}
