//! Properties of identifier parsing over arbitrary input: it never panics, what it gives
//! reads back as itself, and every way of writing one phone number gives one E.164 form.

use parasol_core::{Identifier, IdentifierKind, Region};
use proptest::prelude::*;
use std::sync::LazyLock;

const REGIONS: [Option<&str>; 12] = [
    None,
    Some("GB"),
    Some("US"),
    Some("FR"),
    Some("RU"),
    Some("TH"),
    Some("AR"),
    Some("BR"),
    Some("IT"),
    Some("DE"),
    Some("JP"),
    Some("AU"),
];

fn region(code: Option<&str>) -> Option<Region> {
    code.map(|c| Region::parse(c).expect("a region the metadata knows"))
}

/// `^\+[1-9][0-9]{6,14}$`, written out.
fn is_e164(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Anything at all, and input shaped like what people type into the phone field.
fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+＋]?[0-9٠-٩۰-۹０-９ ()\\-./\u{00A0}\u{200F}]{0,24}",
        "(\\+|00)?[1-9][0-9]{0,3}[ (0)]{0,4}[0-9 \\-]{4,18}",
        "[a-zA-Z0-9@:._\\- ]{0,40}",
        // Letters whose case mapping changes their length or needs context.
        "[a-zA-ZßİıŉǅΐΣσςﬀﬁ\u{345}0-9@:._\\- ]{0,40}",
        "\\PC{0,40}",
    ]
}

fn check_idempotent(
    kind: IdentifierKind,
    input: &str,
    code: Option<&str>,
) -> Result<(), TestCaseError> {
    let region = region(code);
    if let Ok(id) = Identifier::parse(kind, input, region.as_ref()) {
        prop_assert_eq!(id.kind(), kind);
        let again = Identifier::parse(kind, id.value(), region.as_ref());
        prop_assert!(
            again
                .as_ref()
                .is_ok_and(|again| again.value() == id.value()),
            "{kind:?} {input:?} in {code:?} gave {:?}, which reads back as {:?}",
            id.value(),
            again.map(|a| a.value().to_owned()).map_err(|e| e.expected)
        );
        prop_assert_eq!(id.prefixed(), format!("{}:{}", kind.slug(), id.value()));
        if kind == IdentifierKind::Phone {
            prop_assert!(is_e164(id.value()), "{input:?} gave {:?}", id.value());
            // A number with its country code does not depend on the default region.
            let without_region = Identifier::parse(kind, id.value(), None);
            prop_assert_eq!(
                without_region.map(|i| i.value().to_owned()).ok(),
                Some(id.value().to_owned())
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn parsing_never_panics_and_reads_its_own_output_back(
        input in any_input(),
        code in proptest::sample::select(REGIONS.to_vec()),
    ) {
        for kind in IdentifierKind::ALL {
            check_idempotent(kind, &input, code)?;
        }
    }
}

/// Every region the metadata knows, found through the public API.
static ALL_REGIONS: LazyLock<Vec<Region>> = LazyLock::new(|| {
    let letters = 'A'..='Z';
    letters
        .clone()
        .flat_map(|a| letters.clone().map(move |b| format!("{a}{b}")))
        .filter_map(|code| Region::parse(&code).ok())
        .collect()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn phone_numbers_read_back_as_themselves_in_every_region(
        prefix in prop_oneof![Just(""), Just("+"), Just("00"), Just("0"), Just("8"), Just("1"), Just("011"), Just("+0")],
        digits in "[0-9]{1,17}",
        brackets in any::<bool>(),
        pick in any::<proptest::sample::Index>(),
    ) {
        let region = pick.get(&ALL_REGIONS);
        let written = if brackets && digits.len() > 3 {
            format!("{prefix}{} (0){}", &digits[..2], &digits[2..])
        } else {
            format!("{prefix}{digits}")
        };
        check_idempotent(IdentifierKind::Phone, &written, Some(region.as_str()))?;
    }
}

/// `ΐ` upper-cases to `Ι` and two combining marks; a plate keeps only the letter, so it
/// reads back as itself. Found by `parsing_never_panics_and_reads_its_own_output_back`.
#[test]
fn plates_read_back_as_themselves_even_with_marks() {
    for input in ["ΐ", "ΰ1", "AB ǰ"] {
        if let Ok(id) = Identifier::parse(IdentifierKind::Plate, input, None) {
            let again = Identifier::parse(IdentifierKind::Plate, id.value(), None);
            assert_eq!(
                again.map(|a| a.value().to_owned()).ok().as_deref(),
                Some(id.value()),
                "{input:?}"
            );
        }
    }
}

/// A country, how its numbers are written at home, and some leading digits its mobiles have.
#[derive(Debug)]
struct Country {
    region: &'static str,
    code: &'static str,
    /// The national (trunk) prefix written at home, if any.
    trunk: &'static str,
    /// Leading digits of the national significant number.
    leading: &'static str,
    /// Length of the national significant number.
    len: usize,
}

const COUNTRIES: [Country; 18] = [
    Country {
        region: "GB",
        code: "44",
        trunk: "0",
        leading: "79",
        len: 10,
    },
    Country {
        region: "FR",
        code: "33",
        trunk: "0",
        leading: "6",
        len: 9,
    },
    Country {
        region: "US",
        code: "1",
        trunk: "",
        leading: "415",
        len: 10,
    },
    Country {
        region: "RU",
        code: "7",
        trunk: "8",
        leading: "9",
        len: 10,
    },
    Country {
        region: "TH",
        code: "66",
        trunk: "0",
        leading: "8",
        len: 9,
    },
    Country {
        region: "DE",
        code: "49",
        trunk: "0",
        leading: "151",
        len: 11,
    },
    Country {
        region: "IT",
        code: "39",
        trunk: "",
        leading: "3",
        len: 10,
    },
    Country {
        region: "IT",
        code: "39",
        trunk: "",
        leading: "06",
        len: 10,
    },
    Country {
        region: "AU",
        code: "61",
        trunk: "0",
        leading: "4",
        len: 9,
    },
    Country {
        region: "IN",
        code: "91",
        trunk: "0",
        leading: "98",
        len: 10,
    },
    Country {
        region: "EG",
        code: "20",
        trunk: "0",
        leading: "10",
        len: 10,
    },
    Country {
        region: "SA",
        code: "966",
        trunk: "0",
        leading: "5",
        len: 9,
    },
    Country {
        region: "IR",
        code: "98",
        trunk: "0",
        leading: "912",
        len: 10,
    },
    Country {
        region: "BR",
        code: "55",
        trunk: "0",
        leading: "119",
        len: 11,
    },
    Country {
        region: "JP",
        code: "81",
        trunk: "0",
        leading: "90",
        len: 10,
    },
    Country {
        region: "NG",
        code: "234",
        trunk: "0",
        leading: "803",
        len: 10,
    },
    Country {
        region: "MX",
        code: "52",
        trunk: "",
        leading: "55",
        len: 10,
    },
    Country {
        region: "ZA",
        code: "27",
        trunk: "0",
        leading: "82",
        len: 9,
    },
];

/// Rewrites ASCII digits in the script whose zero is `zero`.
fn in_script(text: &str, zero: char) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from(zero) + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// `digits` with `separator` after each position in `breaks`.
fn grouped(digits: &str, breaks: &[usize], separator: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && breaks.contains(&i) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

fn a_number() -> impl Strategy<Value = (&'static Country, String, Vec<usize>)> {
    proptest::sample::select((0..COUNTRIES.len()).collect::<Vec<_>>()).prop_flat_map(|i| {
        let country = &COUNTRIES[i];
        let rest = country.len - country.leading.len();
        (
            Just(country),
            proptest::collection::vec(0..10u32, rest).prop_map(|d| {
                d.iter()
                    .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
                    .collect()
            }),
            proptest::collection::vec(1..country.len, 0..4),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn every_way_of_writing_a_number_gives_one_e164_form(
        (country, rest, breaks) in a_number(),
        other_region in proptest::sample::select(REGIONS.to_vec()),
    ) {
        let national = format!("{}{rest}", country.leading);
        let e164 = format!("+{}{national}", country.code);
        let spaced = grouped(&national, &breaks, " ");
        let dashed = grouped(&national, &breaks, "-");
        let international = [
            format!("+{} {spaced}", country.code),
            format!("+{}{national}", country.code),
            format!("00{}-{dashed}", country.code),
            format!("00 {} {spaced}", country.code),
            format!("(+{}) {dashed}", country.code),
            in_script(&format!("+{} {spaced}", country.code), '\u{0660}'),
            in_script(&format!("00{} {dashed}", country.code), '\u{06F0}'),
            in_script(&format!("+{} {spaced}", country.code), '\u{FF10}'),
            in_script(&format!("+{} {spaced}", country.code), '\u{0966}'),
        ];
        for written in &international {
            for code in [None, other_region, Some(country.region)] {
                let region = region(code);
                let parsed = Identifier::parse(IdentifierKind::Phone, written, region.as_ref());
                prop_assert_eq!(
                    parsed.map(|id| id.value().to_owned()).map_err(|e| e.expected),
                    Ok(e164.clone()),
                    "{:?} in {:?}", written, code
                );
            }
        }
        let home = region(Some(country.region));
        let mut at_home = vec![
            format!("{}{spaced}", country.trunk),
            format!("{}{dashed}", country.trunk),
            in_script(&format!("{}{spaced}", country.trunk), '\u{0660}'),
            in_script(&format!("{}{dashed}", country.trunk), '\u{06F0}'),
        ];
        if country.trunk == "0" {
            at_home.push(format!("(0){dashed}"));
            at_home.push(format!("+{} (0){spaced}", country.code));
        }
        for written in &at_home {
            let parsed = Identifier::parse(IdentifierKind::Phone, written, home.as_ref());
            prop_assert_eq!(
                parsed.map(|id| id.value().to_owned()).map_err(|e| e.expected),
                Ok(e164.clone()),
                "{:?} in {}", written, country.region
            );
        }
    }
}
