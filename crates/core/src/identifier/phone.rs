//! Phone numbers to E.164: every way of writing one number gives one `+{country code}{number}`.
//!
//! # What is read
//!
//! Digits of any script (every Unicode decimal digit: Arabic-Indic `٤٤`, Extended
//! Arabic-Indic `۴۴`, Devanagari, Bengali, Thai, Myanmar, fullwidth `４４`, …), one `+`
//! (or fullwidth `＋`) before the first digit, and separators: any Unicode space, `.`,
//! `-` and the other dashes, `/`, brackets `()[]` (and their fullwidth forms), and the
//! invisible marks that copying from right-to-left text leaves behind. Anything else is
//! refused, letters included, so an extension (`x123`, `ext. 4`) is refused rather than
//! silently dropped: a tag must name one line, and guessing where the number ends could
//! make two different numbers one.
//!
//! # Written with a country code: `+` or `00`
//!
//! `00` is always the international prefix, and the organisation's default region is never
//! applied to such a number. The country code is split off with the metadata (country codes
//! are prefix-free) and the rest is the national significant number, kept as written: no
//! national prefix is stripped, so `+7 800 555 35 35` keeps its `8` and `+39 06 …` keeps
//! the Italian leading `0`. Two exceptions, both for the way people really write numbers:
//!
//! - `(0)` straight after the country code is the trunk-prefix notation
//!   (`+44 (0)7911 123456`) and is dropped when that country's national prefix is `0`
//!   (in Italy, which has none, the `0` is kept: it is part of the number);
//! - a national prefix written after the country code (`+44 07911 123456`,
//!   `+7 8 800 555 35 35`) is dropped only when the number as written cannot be a number
//!   of that country (impossible length, or leading digits no number there has) and the
//!   number without it can.
//!
//! # Written in national format
//!
//! This needs the organisation's default region; without one the number is refused with
//! a message asking for `+` and the country code. With a region, as libphonenumber does:
//! the region's own international prefix is honoured (`011` in the US, `810` in Russia),
//! a country code written without `+` is recognised when the number is otherwise
//! impossible (`44 7911 123456` in GB), and the national prefix is stripped by the
//! region's rules, carrier codes and rewrites included (`8 800 …` in RU, `0343 15 …` in AR).
//!
//! # Validation policy
//!
//! A number is accepted when its national significant number has a *possible length* for
//! its country code (the union over every region sharing the code and every number type),
//! even if the metadata's ranges say no such number is allocated: numbering plans change
//! faster than metadata, and the tag of a real number must not be refused. Impossible
//! lengths are refused, and so is anything over 15 digits in all (the E.164 limit, which
//! refuses the few 16- and 17-digit toll-free numbers the metadata allows in Korea, Nigeria,
//! Uruguay and elsewhere) or under 7 (service codes such as Iran's 4-digit UANs).
//!
//! # Limits
//!
//! - International prefixes other than `00` that themselves start with `00` (Australia's
//!   `0011`, Brazil's `00` plus a carrier code) are read as `00` and a country code, so
//!   such numbers are usually refused for their length; `+` always works.
//! - The decisions to drop a national prefix look at the metadata's leading digits, so a
//!   phonenumber upgrade can change how a few unusual inputs normalise (and so their tags).
//!   A number written with `+` whose national part does not start with its country's
//!   national prefix is never changed by the metadata, only accepted or refused.
//!
//! # Why not `phonenumber::parse`
//!
//! phonenumber 0.3.10 strips the *default region's* national prefix from numbers written
//! with a country code (`+33 1 42 76 49 78` with default region US gave `+3342764978`),
//! its guard against stripping a prefix that is part of the number compares the unstripped
//! number with itself (`+7 800 555 35 35` and Russian `8 800 555-35-35` both gave
//! `+7005553535`), and it refuses Arabic-Indic digits. Only its metadata is used here.

use super::Region;
use crate::error::FieldError;
use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::Metadata;

const FIELD: &str = "phone";

/// Shown in refusals when nothing more particular can be said.
const EXAMPLE: &str = "+44 7700 900123";

/// E.164: at most 15 digits, country code included.
const MAX_DIGITS: usize = 15;

/// Fewer digits than this in all is a service or extension code, not a line a person has:
/// the metadata allows six (4-digit Vienna extensions, German pagers, Iranian UANs).
const MIN_DIGITS: usize = 7;

/// Digits read before giving up: room for a long international prefix, a `(0)` and 15 digits.
const MAX_DIGITS_READ: usize = 24;

/// The zero of every run of Unicode decimal digits (general category Nd, Unicode 16).
/// Each run is ten consecutive code points, zero to nine.
const DECIMAL_ZEROS: [u32; 76] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
    0x114D0, 0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50,
    0x11D50, 0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE,
    0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// Reads a phone number as E.164, e.g. `+447911123456`; `region` is the organisation's
/// default for numbers written without a country code.
pub(super) fn normalise(input: &str, region: Option<&Region>) -> Result<String, FieldError> {
    normalise_digits(input, region)
        .map_err(|refusal| FieldError::new(FIELD, input, refusal.expected()))
}

fn normalise_digits(input: &str, region: Option<&Region>) -> Result<String, Refusal> {
    let written = Written::read(input)?;
    if written.plus {
        let (code, national) = international(&written, 0)?;
        finish(code, national)
    } else if written.digits.starts_with("00") {
        let (code, national) = international(&written, 2)?;
        finish(code, national)
    } else {
        let meta = region
            .and_then(|r| DATABASE.by_id(r.as_str()))
            .ok_or(Refusal::NoRegion)?;
        let (code, national) = national(&written, meta)?;
        finish(code, national).map_err(|refusal| match refusal {
            Refusal::WrongLength { .. } => Refusal::WrongLengthForRegion {
                region: meta.id().to_owned(),
                code,
            },
            other => other,
        })
    }
}

/// Why a number was refused; each says what to type instead.
#[derive(Debug)]
enum Refusal {
    NotAPhoneNumber,
    MisplacedPlus,
    NoDigits,
    TooManyDigits,
    UnknownCountryCode,
    NoRegion,
    WrongLength { code: u16 },
    WrongLengthForRegion { region: String, code: u16 },
}

impl Refusal {
    fn expected(&self) -> String {
        match self {
            Refusal::NotAPhoneNumber => format!(
                "a phone number in digits, e.g. {EXAMPLE} (spaces, dots, dashes, slashes and \
                 brackets are fine; letters and extensions are not)"
            ),
            Refusal::MisplacedPlus => {
                format!("a phone number with one + at the start, e.g. {EXAMPLE}")
            }
            Refusal::NoDigits => format!("a phone number with its country code, e.g. {EXAMPLE}"),
            Refusal::TooManyDigits => {
                format!("at most {MAX_DIGITS} digits including the country code, e.g. {EXAMPLE}")
            }
            Refusal::UnknownCountryCode => {
                format!("a country code in use after the + or 00, e.g. {EXAMPLE}")
            }
            Refusal::NoRegion => format!(
                "a phone number starting with + and its country code, e.g. {EXAMPLE} (your \
                 organisation has no default country set, so a number without one cannot be read)"
            ),
            Refusal::WrongLength { code } => format!(
                "a +{code} number has {} digits after the country code, e.g. {}",
                in_words(&lengths_for_code(*code)),
                example(*code)
            ),
            Refusal::WrongLengthForRegion { region, code } => {
                let meta = DATABASE.by_id(region.as_str());
                let lengths = meta.map(lengths).unwrap_or_default();
                let prefix = meta
                    .and_then(Metadata::national_prefix)
                    .map(|p| format!(" not counting a leading {p}"))
                    .unwrap_or_default();
                format!(
                    "a {region} number with {} digits{prefix}, or + and the country code for a \
                     number from elsewhere, e.g. {}",
                    in_words(&lengths),
                    example(*code)
                )
            }
        }
    }
}

/// What was typed, reduced to ASCII digits and the marks that change their meaning.
struct Written {
    plus: bool,
    digits: String,
    /// Index in `digits` of each `0` written alone in brackets, as in `+44 (0)20`.
    bracketed_zeros: Vec<usize>,
}

impl Written {
    fn read(input: &str) -> Result<Self, Refusal> {
        let mut written = Written {
            plus: false,
            digits: String::new(),
            bracketed_zeros: Vec::new(),
        };
        let mut opened_at = None;
        for c in input.chars() {
            if let Some(digit) = ascii_digit(c) {
                if written.digits.len() == MAX_DIGITS_READ {
                    return Err(Refusal::TooManyDigits);
                }
                written.digits.push(digit);
            } else if matches!(c, '+' | '\u{FF0B}') {
                if written.plus || !written.digits.is_empty() {
                    return Err(Refusal::MisplacedPlus);
                }
                written.plus = true;
            } else if matches!(c, '(' | '[' | '\u{FF08}' | '\u{FF3B}') {
                opened_at = Some(written.digits.len());
            } else if matches!(c, ')' | ']' | '\u{FF09}' | '\u{FF3D}') {
                let last = written.digits.len().checked_sub(1);
                if opened_at.take().is_some_and(|at| Some(at) == last)
                    && written.digits.ends_with('0')
                {
                    written.bracketed_zeros.extend(last);
                }
            } else if !is_separator(c) {
                return Err(Refusal::NotAPhoneNumber);
            }
        }
        if written.digits.is_empty() {
            return Err(Refusal::NoDigits);
        }
        Ok(written)
    }
}

/// The ASCII digit for any Unicode decimal digit.
fn ascii_digit(c: char) -> Option<char> {
    let code = u32::from(c);
    DECIMAL_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
}

/// Characters people put between digits, including those invisible ones that copying from
/// right-to-left text brings along.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-'
                | '/'
                | '\u{2010}'..='\u{2015}' // hyphens and dashes
                | '\u{2212}' // minus sign
                | '\u{FF0D}'..='\u{FF0F}' // fullwidth - . /
                | '\u{00AD}' // soft hyphen
                | '\u{061C}' // Arabic letter mark
                | '\u{200B}'..='\u{200F}' // zero-width space, joiners, direction marks
                | '\u{202A}'..='\u{202E}' // direction embeddings
                | '\u{2060}' // word joiner
                | '\u{2066}'..='\u{2069}' // direction isolates
                | '\u{FEFF}' // byte-order mark
        )
}

/// Splits the country code off digits that follow `+` or an international prefix at
/// `start`, and drops a `(0)` written straight after it where `0` is the national prefix.
fn international(written: &Written, start: usize) -> Result<(u16, String), Refusal> {
    let digits = written.digits.get(start..).unwrap_or_default();
    let (code, code_len) = split_country_code(digits).ok_or(Refusal::UnknownCountryCode)?;
    let mut national = digits.get(code_len..).unwrap_or_default();
    let trunk_zero_written = written.bracketed_zeros.contains(&(start + code_len));
    if trunk_zero_written && national_prefixes(code).any(|p| p == "0") {
        national = national.strip_prefix('0').unwrap_or(national);
    }
    Ok((code, national.to_owned()))
}

/// The country code at the start of `digits` and how many digits it takes.
fn split_country_code(digits: &str) -> Option<(u16, usize)> {
    if digits.starts_with('0') {
        return None;
    }
    (1..=3).find_map(|len| {
        let code: u16 = digits.get(..len)?.parse().ok()?;
        DATABASE.by_code(&code).map(|_| (code, len))
    })
}

/// A number written without a country code, read with the rules of the region `meta`.
fn national(written: &Written, meta: &Metadata) -> Result<(u16, String), Refusal> {
    let digits = written.digits.as_str();
    // `00` never reaches here; this is for other international prefixes, e.g. 011 in the US.
    if let Some(idd) = meta.international_prefix().and_then(|p| p.find(digits)) {
        let after = digits.get(idd.end()..).unwrap_or_default();
        if idd.start() == 0 && !after.is_empty() && !after.starts_with('0') {
            return international(written, idd.end());
        }
    }
    let code = meta.country_code();
    if let Some(after_code) = digits.strip_prefix(code.to_string().as_str()) {
        if !plausible(meta, digits) {
            let national = without_national_prefix(meta, after_code);
            if plausible(meta, &national) {
                return Ok((code, national));
            }
        }
    }
    Ok((code, without_national_prefix(meta, digits)))
}

/// `digits` without the region's national prefix (and carrier code), as libphonenumber's
/// `maybeStripNationalPrefixAndCarrierCode` does, but judging by possible lengths and
/// leading digits rather than full patterns. Keeps the digits as they are when stripping
/// would turn a plausible number into an implausible one or leave an impossible length.
fn without_national_prefix(meta: &Metadata, digits: &str) -> String {
    let Some(stripped) = national_prefix_stripped(meta, digits) else {
        return digits.to_owned();
    };
    let spoils_it = plausible(meta, digits) && !plausible(meta, &stripped);
    if spoils_it || !possible(meta, stripped.len()) {
        return digits.to_owned();
    }
    stripped
}

fn national_prefix_stripped(meta: &Metadata, digits: &str) -> Option<String> {
    let Some(pattern) = meta.national_prefix_for_parsing() else {
        let prefix = meta.national_prefix().filter(|p| !p.is_empty())?;
        return digits.strip_prefix(prefix).map(str::to_owned);
    };
    let captures = pattern.captures(digits)?;
    let prefix = captures.get(0)?;
    if prefix.start() != 0 {
        return None;
    }
    let rest = digits.get(prefix.end()..)?;
    let last_group = captures.get(captures.len().saturating_sub(1));
    let stripped = match meta.national_prefix_transform_rule() {
        // A rewrite, e.g. Argentina's `0343 15 555 1212` to `9 343 555 1212`.
        Some(rule) if !rule.is_empty() && last_group.is_some() => {
            let mut rewritten = String::new();
            captures.expand(rule, &mut rewritten);
            rewritten + rest
        }
        _ => rest.to_owned(),
    };
    stripped
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then_some(stripped)
}

/// Drops a national prefix written after the country code, but only when the number as
/// written cannot be a number of that country and the number without it can. The result is
/// either plausible or unchanged, so reading it again changes nothing.
fn without_misplaced_national_prefix(code: u16, national: String) -> String {
    let regions = DATABASE.by_code(&code).unwrap_or_default();
    if regions.iter().any(|m| plausible(m, &national)) {
        return national;
    }
    let stripped = regions
        .iter()
        .filter_map(|m| m.national_prefix())
        .filter(|p| !p.is_empty())
        .filter_map(|p| national.strip_prefix(p))
        .find(|rest| regions.iter().any(|m| plausible(m, rest)))
        .map(str::to_owned);
    stripped.unwrap_or(national)
}

/// Checks the length and writes E.164.
fn finish(code: u16, national: String) -> Result<String, Refusal> {
    let national = without_misplaced_national_prefix(code, national);
    if digit_count(code) + national.len() > MAX_DIGITS {
        return Err(Refusal::TooManyDigits);
    }
    if !lengths_for_code(code).contains(&national.len()) {
        return Err(Refusal::WrongLength { code });
    }
    Ok(format!("+{code}{national}"))
}

/// The descriptors of every sort of number a region has; the general descriptor carries no
/// lengths in this metadata, and short codes are not numbers a person has.
fn number_types(meta: &Metadata) -> impl Iterator<Item = &Descriptor> {
    let d = meta.descriptors();
    [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.no_international(),
    ]
    .into_iter()
    .flatten()
}

/// Possible lengths of a national significant number in a region, sorted, within E.164's
/// bounds.
fn lengths(meta: &Metadata) -> Vec<usize> {
    let mut lengths: Vec<usize> = number_types(meta)
        .flat_map(|d| d.possible_length().iter().map(|&l| usize::from(l)))
        .filter(|&len| within_e164(meta.country_code(), len))
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    lengths
}

/// Possible lengths for a country code: the union over the regions sharing it.
fn lengths_for_code(code: u16) -> Vec<usize> {
    let mut all: Vec<usize> = DATABASE
        .by_code(&code)
        .unwrap_or_default()
        .into_iter()
        .flat_map(lengths)
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

fn possible(meta: &Metadata, len: usize) -> bool {
    within_e164(meta.country_code(), len)
        && u16::try_from(len)
            .is_ok_and(|len| number_types(meta).any(|d| d.possible_length().contains(&len)))
}

fn within_e164(code: u16, national_len: usize) -> bool {
    (MIN_DIGITS..=MAX_DIGITS).contains(&(digit_count(code) + national_len))
}

fn digit_count(code: u16) -> usize {
    code.to_string().len()
}

/// A possible length, and leading digits some number of the region has. Not a full match
/// of the metadata's pattern: that is too strict for a tag (see the module comment).
fn plausible(meta: &Metadata, national: &str) -> bool {
    possible(meta, national.len())
        && meta
            .descriptors()
            .general()
            .national_number()
            .find(national)
            .is_some_and(|m| m.start() == 0)
}

fn national_prefixes(code: u16) -> impl Iterator<Item = &'static str> {
    DATABASE
        .by_code(&code)
        .unwrap_or_default()
        .into_iter()
        .filter_map(Metadata::national_prefix)
}

/// An example number for a country code, for refusals, e.g. `+44 7400123456`.
fn example(code: u16) -> String {
    let regions = DATABASE.by_code(&code).unwrap_or_default();
    let main = regions
        .iter()
        .find(|m| m.is_main_country_for_code())
        .or(regions.first());
    main.and_then(|m| {
        let d = m.descriptors();
        d.mobile()
            .and_then(Descriptor::example)
            .or_else(|| d.fixed_line().and_then(Descriptor::example))
            .or_else(|| number_types(m).find_map(Descriptor::example))
    })
    .map_or_else(|| EXAMPLE.to_owned(), |e| format!("+{code} {e}"))
}

/// `[7, 9, 10]` as "7, 9 or 10"; runs of three or more as "4 to 15".
fn in_words(lengths: &[usize]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut rest = lengths;
    while let Some(&first) = rest.first() {
        let run = rest
            .iter()
            .zip(first..)
            .take_while(|(&len, expected)| len == *expected)
            .count();
        if run >= 3 {
            runs.push(format!("{first} to {}", first + run - 1));
        } else {
            runs.extend((first..first + run).map(|len| len.to_string()));
        }
        rest = rest.get(run..).unwrap_or_default();
    }
    match runs.as_slice() {
        [] => "some".to_owned(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn region(code: &str) -> Region {
        Region::parse(code).unwrap()
    }

    fn in_region(input: &str, code: &str) -> Result<String, FieldError> {
        normalise(input, Some(&region(code)))
    }

    fn everywhere(input: &str) -> Vec<Result<String, FieldError>> {
        let mut results = vec![normalise(input, None)];
        for code in ["US", "GB", "FR", "RU", "TH", "IT", "DE", "AU", "AR"] {
            results.push(in_region(input, code));
        }
        results
    }

    #[test]
    fn a_french_number_with_its_country_code_ignores_the_default_region() {
        for result in everywhere("+33 1 42 76 49 78") {
            assert_eq!(result.unwrap(), "+33142764978");
        }
    }

    #[test]
    fn double_zero_is_the_international_prefix_whatever_the_region() {
        for input in ["0033142764978", "00 33 1 42 76 49 78", "+33142764978"] {
            for result in everywhere(input) {
                assert_eq!(result.unwrap(), "+33142764978", "{input}");
            }
        }
    }

    #[test]
    fn a_russian_number_keeps_the_8_after_its_country_code() {
        for result in everywhere("+7 800 555 35 35") {
            assert_eq!(result.unwrap(), "+78005553535");
        }
    }

    #[test]
    fn a_russian_number_in_national_format_loses_its_trunk_8() {
        assert_eq!(in_region("8 800 555-35-35", "RU").unwrap(), "+78005553535");
        assert_eq!(
            in_region("8 (495) 123-45-67", "RU").unwrap(),
            "+74951234567"
        );
        assert_eq!(in_region("800 555 35 35", "RU").unwrap(), "+78005553535");
    }

    #[test]
    fn a_uk_mobile_in_national_format_matches_its_international_form() {
        let national = in_region("07911 123456", "GB").unwrap();
        assert_eq!(national, "+447911123456");
        for result in everywhere("+44 7911 123456") {
            assert_eq!(result.unwrap(), national);
        }
    }

    #[test]
    fn separators_of_every_kind_are_ignored() {
        for input in [
            "07911-123.456",
            "(0)7911-123.456",
            "07911 123 456",
            "07911\u{00A0}123\u{2009}456",
            "07911/123456",
            "[07911] 123456",
            "07911\u{2013}123\u{2212}456",
            "\u{200E}07911 123456\u{200F}",
            " \t07911 123456\n",
        ] {
            assert_eq!(
                in_region(input, "GB").unwrap(),
                "+447911123456",
                "{input:?}"
            );
        }
    }

    #[test]
    fn the_bracketed_trunk_zero_after_the_country_code_is_dropped() {
        for input in [
            "+44 (0)7911 123456",
            "+44(0)7911123456",
            "0044 (0) 7911 123456",
            "(+44) 7911 123456",
        ] {
            for result in everywhere(input) {
                assert_eq!(result.unwrap(), "+447911123456", "{input}");
            }
        }
        assert_eq!(
            normalise("+49 (0)30 1234567", None).unwrap(),
            "+49301234567"
        );
    }

    #[test]
    fn italian_numbers_keep_their_leading_zero_even_in_brackets() {
        for input in [
            "+39 06 1234 5678",
            "0039 06 1234 5678",
            "+39 (0)6 1234 5678",
        ] {
            for result in everywhere(input) {
                assert_eq!(result.unwrap(), "+390612345678", "{input}");
            }
        }
        assert_eq!(in_region("06 1234 5678", "IT").unwrap(), "+390612345678");
    }

    #[test]
    fn a_national_prefix_written_after_the_country_code_is_dropped_only_when_impossible() {
        assert_eq!(
            normalise("+44 07911 123456", None).unwrap(),
            "+447911123456"
        );
        assert_eq!(
            normalise("+7 8 800 555 35 35", None).unwrap(),
            "+78005553535"
        );
        assert_eq!(normalise("+49 030 1234567", None).unwrap(), "+49301234567");
        // A Russian number whose own digits start with 8 keeps them.
        assert_eq!(normalise("+7 812 555 10 10", None).unwrap(), "+78125551010");
    }

    #[test]
    fn digits_of_other_scripts_read_as_their_ascii_values() {
        for input in [
            "+٤٤ ٧٩١١ ١٢٣٤٥٦",              // Arabic-Indic
            "+۴۴ ۷۹۱۱ ۱۲۳۴۵۶",              // Extended Arabic-Indic (Persian, Urdu)
            "＋４４ ７９１１ １２３４５６", // fullwidth
            "+४४ ७९११ १२३४५६",              // Devanagari
            "+৪৪ ৭৯১১ ১২৩৪৫৬",              // Bengali
            "+๔๔ ๗๙๑๑ ๑๒๓๔๕๖",              // Thai
            "+၄၄ ၇၉၁၁ ၁၂၃၄၅၆",              // Myanmar
            "\u{200F}+٤٤ ٧٩١١ ١٢٣٤٥٦\u{200F}",
        ] {
            for result in everywhere(input) {
                assert_eq!(result.unwrap(), "+447911123456", "{input}");
            }
        }
        assert_eq!(in_region("٠٧٩١١ ١٢٣٤٥٦", "GB").unwrap(), "+447911123456");
        assert_eq!(in_region("๐๘๑ ๒๓๔ ๕๖๗๘", "TH").unwrap(), "+66812345678");
    }

    #[test]
    fn a_thai_mobile_in_national_format() {
        assert_eq!(in_region("081 234 5678", "TH").unwrap(), "+66812345678");
    }

    #[test]
    fn a_us_number_in_national_format() {
        for input in [
            "(415) 555-2671",
            "415.555.2671",
            "1 415 555 2671",
            "+1 415 555 2671",
        ] {
            assert_eq!(in_region(input, "US").unwrap(), "+14155552671", "{input}");
        }
    }

    #[test]
    fn the_regions_own_international_prefix_is_understood() {
        assert_eq!(
            in_region("011 44 7911 123456", "US").unwrap(),
            "+447911123456"
        );
        assert_eq!(
            in_region("810 44 7911 123456", "RU").unwrap(),
            "+447911123456"
        );
    }

    #[test]
    fn a_country_code_without_its_plus_is_recognised_when_nothing_else_fits() {
        assert_eq!(in_region("44 7911 123456", "GB").unwrap(), "+447911123456");
        assert_eq!(in_region("447911123456", "GB").unwrap(), "+447911123456");
    }

    #[test]
    fn argentinian_mobiles_are_rewritten_as_libphonenumber_does() {
        assert_eq!(
            in_region("0343 15 555 1212", "AR").unwrap(),
            "+5493435551212"
        );
        assert_eq!(
            normalise("+54 9 343 555 1212", None).unwrap(),
            "+5493435551212"
        );
    }

    #[test]
    fn a_number_outside_the_allocated_ranges_but_of_possible_length_is_accepted() {
        // GB has no numbers starting 4; the length is possible, so the tag stands.
        assert_eq!(normalise("+44 4000 123456", None).unwrap(), "+444000123456");
    }

    #[test]
    fn national_format_without_a_default_region_asks_for_the_country_code() {
        let err = normalise("07911 123456", None).unwrap_err();
        assert_eq!(err.field, "phone");
        assert_eq!(err.read, "07911 123456");
        assert!(
            err.expected.contains("+ and its country code"),
            "{}",
            err.expected
        );
        assert!(
            err.expected.contains("no default country"),
            "{}",
            err.expected
        );
    }

    #[test]
    fn refusals_show_what_was_read_and_an_example() {
        for bad in [
            "",
            "   ",
            "abc",
            "+",
            "++44 7911 123456",
            "+44 7911 12345a",
            "+44 7911 123456 ext 12",
            "+44 7911 123456 x12",
            "07911 +123456",
            "+44 12",
            "+999 123",
            "+999 1234 5678",
            "+0 44 7911 123456",
            "+44",
            "٤٤",
            "²³",
            "+44 7911 123456 123456",
            "0",
            "00",
        ] {
            for result in everywhere(bad) {
                let err = result.expect_err(bad);
                assert_eq!(err.field, "phone");
                assert_eq!(err.read, bad);
                assert!(err.expected.contains("e.g. +"), "{bad}: {}", err.expected);
            }
        }
    }

    #[test]
    fn a_wrong_length_is_explained_with_the_countrys_lengths() {
        let err = normalise("+44 12", None).unwrap_err();
        assert_eq!(
            err.expected,
            "a +44 number has 7, 9 or 10 digits after the country code, e.g. +44 7400123456"
        );
        let err = in_region("0123", "GB").unwrap_err();
        assert!(err
            .expected
            .starts_with("a GB number with 7, 9 or 10 digits not counting a leading 0"));
    }

    #[test]
    fn lengths_are_listed_in_words() {
        assert_eq!(in_words(&[10]), "10");
        assert_eq!(in_words(&[7, 9, 10]), "7, 9 or 10");
        assert_eq!(in_words(&[4, 5, 6, 7, 15]), "4 to 7 or 15");
        assert_eq!(in_words(&[6, 8, 9, 10, 12]), "6, 8 to 10 or 12");
    }

    #[test]
    fn fewer_than_seven_digits_in_all_are_refused_even_where_the_metadata_allows_them() {
        // Iran's 4-digit UANs and Vienna's 4-digit fixed lines: 6 digits with the code.
        assert!(normalise("+98 9601", None).is_err());
        assert!(normalise("+43 1 234", None).is_err());
        assert_eq!(normalise("+43 1 2345", None).unwrap(), "+4312345");
    }

    #[test]
    fn an_unknown_country_code_is_refused() {
        let err = normalise("+999 123", None).unwrap_err();
        assert!(err.expected.contains("country code in use"));
    }

    #[test]
    fn very_long_input_is_refused_without_reading_it_all() {
        let err = normalise(&"9".repeat(5000), None).unwrap_err();
        assert!(err.expected.contains("at most 15 digits"));
        assert_eq!(err.read.chars().count(), 81);
        assert!(normalise(&format!("+{}", "4".repeat(5000)), Some(&region("GB"))).is_err());
    }

    #[test]
    fn more_than_fifteen_digits_are_refused_even_where_the_metadata_allows_them() {
        // German toll-free numbers may have 15 digits after +49: 17 in all.
        let err = normalise("+49 800 123456789012", None).unwrap_err();
        assert!(
            err.expected.contains("at most 15 digits"),
            "{}",
            err.expected
        );
    }

    #[test]
    fn the_output_reads_back_as_itself() {
        for (input, code) in [
            ("07911 123456", "GB"),
            ("8 800 555-35-35", "RU"),
            ("081 234 5678", "TH"),
            ("0343 15 555 1212", "AR"),
            ("+39 (0)6 1234 5678", "GB"),
            ("+49 (0)30 1234567", "GB"),
        ] {
            let once = in_region(input, code).unwrap();
            assert_eq!(normalise(&once, None).unwrap(), once);
            assert_eq!(in_region(&once, code).unwrap(), once);
        }
    }

    #[test]
    fn country_codes_are_prefix_free() {
        let codes: Vec<String> = (1..=999u16)
            .filter(|c| DATABASE.by_code(c).is_some())
            .map(|c| c.to_string())
            .collect();
        assert!(codes.len() > 200);
        for a in &codes {
            for b in &codes {
                assert!(
                    a == b || !b.starts_with(a.as_str()),
                    "{a} is a prefix of {b}"
                );
            }
        }
    }

    /// Every regular expression this module uses compiles and runs: the metadata's
    /// `CachedRegex` compiles lazily and panics on failure (poisoning its global lock).
    #[test]
    fn every_country_in_the_metadata_can_be_read() {
        for code in (1..=999u16).filter(|c| DATABASE.by_code(c).is_some()) {
            assert!(!lengths_for_code(code).is_empty(), "{code}");
            assert!(!example(code).is_empty());
            for meta in DATABASE.by_code(&code).unwrap_or_default() {
                let digits = "0123456789";
                let _ = meta.descriptors().general().national_number().find(digits);
                let _ = meta
                    .national_prefix_for_parsing()
                    .map(|p| p.captures(digits));
                let _ = meta.international_prefix().map(|p| p.find(digits));
                let _ = without_national_prefix(meta, digits);
            }
            let example_number = example(code).replace(' ', "");
            assert_eq!(
                normalise(&example_number, None).map_err(|e| e.expected),
                Ok(example_number.clone()),
                "{code}"
            );
        }
        for meta in DATABASE.iter() {
            let region = Region::parse(meta.id());
            if let Ok(region) = region {
                let _ = normalise("0123456789", Some(&region));
                let _ = normalise("8 800 555 35 35", Some(&region));
            }
        }
    }

    #[test]
    fn known_digits_have_their_values() {
        assert_eq!(ascii_digit('7'), Some('7'));
        assert_eq!(ascii_digit('٧'), Some('7'));
        assert_eq!(ascii_digit('۷'), Some('7'));
        assert_eq!(ascii_digit('๙'), Some('9'));
        assert_eq!(ascii_digit('０'), Some('0'));
        assert_eq!(ascii_digit('\u{116DA}'), Some('0'));
        assert_eq!(ascii_digit('\u{116D9}'), Some('9'));
        for not_a_digit in ['a', '²', '½', 'Ⅻ', '⑦', '〇', '+', '\u{0}'] {
            assert_eq!(ascii_digit(not_a_digit), None, "{not_a_digit}");
        }
    }

    proptest! {
        #[test]
        fn every_unicode_decimal_digit_is_read(digit in "\\p{Nd}") {
            let c = digit.chars().next().unwrap();
            prop_assert!(ascii_digit(c).is_some(), "U+{:04X}", u32::from(c));
        }

        #[test]
        fn nothing_else_is_read_as_a_digit(other in "[^\\p{Nd}]") {
            let c = other.chars().next().unwrap();
            prop_assert_eq!(ascii_digit(c), None, "U+{:04X}", u32::from(c));
        }
    }
}
