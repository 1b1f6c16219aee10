//! The browser reads identifiers exactly as the server does, or private screening would
//! miss: its phone metadata is the server's, and a corpus of inputs (the known traps, every
//! country's example number written every usual way, pseudo-random digit strings, emails,
//! handles and plates) gives the same prefixed form, or the same refusal, in both.

use parasol_core::{FieldError, Identifier, IdentifierKind, Region};
use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::Metadata;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every country code in the metadata, in order.
fn codes() -> Vec<u16> {
    (1..=999u16)
        .filter(|c| DATABASE.by_code(c).is_some())
        .collect()
}

fn number_types(meta: &Metadata) -> Vec<&Descriptor> {
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
    .collect()
}

/// The metadata's patterns are compiled with whitespace ignored; the browser gets them
/// without it.
fn pattern(source: &str) -> String {
    assert!(
        !source.contains('#') && !source.contains("\\ "),
        "a pattern the browser cannot read the same way: {source}"
    );
    source.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What the browser's phone reader needs of the metadata, per country code in the order
/// the server's metadata lists the regions sharing it.
fn browser_metadata() -> Value {
    let mut by_code = Map::new();
    for code in codes() {
        let regions: Vec<Value> = DATABASE
            .by_code(&code)
            .unwrap_or_default()
            .into_iter()
            .map(|meta| {
                let types = number_types(meta);
                let mut lengths: Vec<u16> = types
                    .iter()
                    .flat_map(|d| d.possible_length().iter().copied())
                    .collect();
                lengths.sort_unstable();
                lengths.dedup();
                let d = meta.descriptors();
                let example = d
                    .mobile()
                    .and_then(Descriptor::example)
                    .or_else(|| d.fixed_line().and_then(Descriptor::example))
                    .or_else(|| types.iter().find_map(|t| t.example()));
                json!({
                    "id": meta.id(),
                    "main": meta.is_main_country_for_code(),
                    "nationalPrefix": meta.national_prefix(),
                    "nationalPrefixForParsing": meta.national_prefix_for_parsing().map(|p| pattern(p.as_str())),
                    "nationalPrefixTransformRule": meta.national_prefix_transform_rule(),
                    "internationalPrefix": meta.international_prefix().map(|p| pattern(p.as_str())),
                    "general": pattern(meta.descriptors().general().national_number().as_str()),
                    "lengths": lengths,
                    "example": example,
                })
            })
            .collect();
        by_code.insert(code.to_string(), Value::Array(regions));
    }
    json!({
        "about": "Generated from the server's phone number metadata by crates/server/tests/browser_normalisation.rs; do not edit.",
        "codes": by_code,
    })
}

#[test]
fn the_browser_reads_phone_numbers_with_the_servers_metadata() {
    let path = repo().join("web/src/phone-metadata.json");
    let expected = format!(
        "{}\n",
        serde_json::to_string_pretty(&browser_metadata()).expect("metadata serialises")
    );
    if std::env::var_os("PARASOL_WRITE_BROWSER_METADATA").is_some() {
        std::fs::write(&path, &expected).expect("write web/src/phone-metadata.json");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "web/src/phone-metadata.json is not the server's phone metadata (after a phonenumber \
         upgrade?). Regenerate it with PARASOL_WRITE_BROWSER_METADATA=1 cargo test -p \
         parasol-server --test browser_normalisation, then rebuild the bundle with npm run \
         build --prefix web"
    );
}

/// One input to read: which kind, what was typed, the organisation's default region.
struct Case {
    kind: IdentifierKind,
    value: String,
    region: Option<String>,
}

fn case(kind: IdentifierKind, value: impl Into<String>, region: Option<&str>) -> Case {
    Case {
        kind,
        value: value.into(),
        region: region.map(str::to_owned),
    }
}

const REGIONS: [Option<&str>; 14] = [
    None,
    Some("GB"),
    Some("US"),
    Some("FR"),
    Some("RU"),
    Some("TH"),
    Some("IT"),
    Some("DE"),
    Some("AU"),
    Some("AR"),
    Some("BR"),
    Some("IN"),
    Some("MX"),
    Some("NG"),
];

/// Phone numbers that have tripped phone readers up, and the ones the server's own unit
/// tests name.
const PHONE_TRAPS: &[&str] = &[
    "+33 1 42 76 49 78",
    "0033142764978",
    "00 33 1 42 76 49 78",
    "+33142764978",
    "8 800 555-35-35",
    "+7 800 555 35 35",
    "8 (495) 123-45-67",
    "800 555 35 35",
    "+7 8 800 555 35 35",
    "+7 812 555 10 10",
    "07911 123456",
    "+44 7911 123456",
    "+44 07911 123456",
    "+44 (0) 7911 123456",
    "+44 (0)7911 123456",
    "+44(0)7911123456",
    "0044 (0) 7911 123456",
    "(+44) 7911 123456",
    "44 7911 123456",
    "447911123456",
    "07911-123.456",
    "(0)7911-123.456",
    "07911 123 456",
    "07911\u{00A0}123\u{2009}456",
    "07911/123456",
    "[07911] 123456",
    "07911\u{2013}123\u{2212}456",
    "\u{200E}07911 123456\u{200F}",
    " \t07911 123456\n",
    "\u{0085}07911 123456\u{FEFF}",
    "+٤٤ ٧٩١١ ١٢٣٤٥٦",
    "+۴۴ ۷۹۱۱ ۱۲۳۴۵۶",
    "＋４４ ７９１１ １２３４５６",
    "（０７９１１）１２３４５６",
    "+४४ ७९११ १२३४५६",
    "+৪৪ ৭৯১১ ১২৩৪৫৬",
    "+๔๔ ๗๙๑๑ ๑๒๓๔๕๖",
    "+၄၄ ၇၉၁၁ ၁၂၃၄၅၆",
    "\u{200F}+٤٤ ٧٩١١ ١٢٣٤٥٦\u{200F}",
    "٠٧٩١١ ١٢٣٤٥٦",
    "۰۷۹۱۱ ۱۲۳۴۵۶",
    "๐๘๑ ๒๓๔ ๕๖๗๘",
    "\u{1D7CE}\u{1D7D5}\u{1D7D7}\u{1D7CF}\u{1D7CF} 123456",
    "081 234 5678",
    "(415) 555-2671",
    "415.555.2671",
    "1 415 555 2671",
    "+1 415 555 2671",
    "011 44 7911 123456",
    "810 44 7911 123456",
    "0343 15 555 1212",
    "+54 9 343 555 1212",
    "+39 06 1234 5678",
    "0039 06 1234 5678",
    "+39 (0)6 1234 5678",
    "06 1234 5678",
    "+49 (0)30 1234567",
    "+49 030 1234567",
    "+44 4000 123456",
    "+98 9601",
    "+43 1 234",
    "+43 1 2345",
    "+49 800 123456789012",
    "07700 900111",
    "07700-900-333",
    "+44 7700 900222",
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
    "½",
    "+44 7911 123456 123456",
    "0",
    "00",
    "000",
    "0123",
    "(0)",
    "()0",
    "+44 ()7911 123456",
    "+44 (07911) 123456",
    "+44 [0] 7911 123456",
    "+1 (0) 415 555 2671",
    "+7 (8) 800 555 35 35",
];

/// A small deterministic generator, so the corpus is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    for &trap in PHONE_TRAPS {
        for region in REGIONS {
            cases.push(case(IdentifierKind::Phone, trap, region));
        }
    }
    for n in [5000, 321, 320, 100, 30, 25, 24, 16] {
        for region in [None, Some("GB")] {
            cases.push(case(IdentifierKind::Phone, "9".repeat(n), region));
            cases.push(case(
                IdentifierKind::Phone,
                format!("+{}", "4".repeat(n)),
                region,
            ));
            cases.push(case(IdentifierKind::Email, "a".repeat(n), region));
        }
    }
    // Every country's example number, written with + and 00, and in national format in
    // each of its regions (with and without the national prefix, and with the code but
    // no +).
    for code in codes() {
        for meta in DATABASE.by_code(&code).unwrap_or_default() {
            let d = meta.descriptors();
            let Some(example) = d
                .mobile()
                .and_then(Descriptor::example)
                .or_else(|| d.fixed_line().and_then(Descriptor::example))
            else {
                continue;
            };
            cases.push(case(
                IdentifierKind::Phone,
                format!("+{code} {example}"),
                None,
            ));
            cases.push(case(
                IdentifierKind::Phone,
                format!("00 {code} {example}"),
                Some("US"),
            ));
            if Region::parse(meta.id()).is_ok() {
                let prefix = meta.national_prefix().unwrap_or_default();
                for written in [
                    format!("{prefix}{example}"),
                    example.to_string(),
                    format!("{code}{example}"),
                    format!("{prefix} ({code}) {example}"),
                ] {
                    cases.push(case(IdentifierKind::Phone, written, Some(meta.id())));
                }
            }
        }
    }
    // Pseudo-random digit strings after the usual ways of starting a number.
    let mut rng = Lcg(0x5eed);
    let starts = [
        "", "0", "00", "+", "+0", "8", "1", "011", "810", "+44 0", "+7 8", "(0)", "+39 (0)",
    ];
    for _ in 0..6000 {
        let start = starts[usize::try_from(rng.next(starts.len() as u64)).unwrap_or(0)];
        let len = 4 + rng.next(13);
        let digits: String = (0..len)
            .map(|_| char::from(b'0' + u8::try_from(rng.next(10)).unwrap_or(0)))
            .collect();
        let region = REGIONS[usize::try_from(rng.next(REGIONS.len() as u64)).unwrap_or(0)];
        cases.push(case(
            IdentifierKind::Phone,
            format!("{start}{digits}"),
            region,
        ));
    }
    for email in [
        "  Bob.Smith@Example.COM ",
        "x@example.org",
        "X@EXAMPLE.ORG",
        "",
        "abc",
        "a@b",
        "@example.org",
        "a@@example.org",
        "a b@example.org",
        "a@.org",
        "a@example.org.",
        "a@exa..mple.org",
        "a@exa_mple.org",
        "<a>@example.org",
        "a\u{0007}@example.org",
        "ΟΔΥΣΣΕΥΣ@παράδειγμα.ελ",
        "İstanbul@Örnek.com.tr",
        "STRASSE@straße.de",
        "\u{0085}a@example.org\u{FEFF}",
        "\u{3000}a@example.org\u{3000}",
        "a@example.org\u{200B}",
    ] {
        cases.push(case(IdentifierKind::Email, email, None));
    }
    let long_local = format!("{}@example.org", "a".repeat(64));
    let too_long_local = format!("{}@example.org", "a".repeat(65));
    let wide_local = format!("{}@example.org", "é".repeat(33));
    for email in [long_local, too_long_local, wide_local] {
        cases.push(case(IdentifierKind::Email, email, None));
    }
    for handle in [
        " Telegram : @BigDave ",
        "telegram:bigdave",
        "whatsapp:dave_1",
        "Instagram:@@Dave",
        "onlyfans:Δαβίδ",
        "",
        "bigdave",
        ":bigdave",
        "telegram:",
        "telegram:@",
        "tele gram:x",
        "x:big dave",
        "x: @ dave",
        "télégram:dave",
        "\u{212A}ik:dave",
        "a:b:c",
        "snap.chat-x_y:ÆØÅ",
    ] {
        cases.push(case(IdentifierKind::Handle, handle, None));
    }
    cases.push(case(
        IdentifierKind::Handle,
        format!("x:{}", "n".repeat(64)),
        None,
    ));
    cases.push(case(
        IdentifierKind::Handle,
        format!("x:{}", "n".repeat(65)),
        None,
    ));
    cases.push(case(
        IdentifierKind::Handle,
        format!("{}:x", "p".repeat(33)),
        None,
    ));
    for plate in [
        "ab12 cde",
        "AB-123-CD",
        "AB12CD",
        " ab 12-cd ",
        "ab.12·cd/e",
        "",
        "A",
        "AB12!",
        "AAAAAAAAAAAAA",
        "straße 1",
        "ΐ 12",
        "ﬁ12",
        "ab_12",
        "٤٤ab",
        "Ⅻ12",
    ] {
        cases.push(case(IdentifierKind::Plate, plate, None));
    }
    cases
}

/// What the server makes of an input: the prefixed form, or the refusal.
fn server_reads(case: &Case) -> Value {
    let region = case
        .region
        .as_deref()
        .map(|r| Region::parse(r).expect("a known region"));
    match Identifier::parse(case.kind, &case.value, region.as_ref()) {
        Ok(id) => json!({ "ok": id.prefixed() }),
        Err(FieldError {
            field,
            read,
            expected,
        }) => json!({ "refused": { "field": field, "read": read, "expected": expected } }),
    }
}

/// What the browser's code makes of every input, read by node in one run.
fn browser_reads(cases: &[Case]) -> Vec<Value> {
    let mut child = Command::new("node")
        .arg(repo().join("web/tests/normalise_cli.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node is installed (apt-get install nodejs npm)");
    let mut input = String::new();
    for case in cases {
        let line = json!({ "kind": case.kind.slug(), "value": case.value, "region": case.region });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("node ran");
    writer
        .join()
        .expect("the writer thread finished")
        .expect("node read its input");
    assert!(output.status.success(), "normalise_cli.mjs failed");
    String::from_utf8(output.stdout)
        .expect("node writes UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("node writes JSON lines"))
        .collect()
}

#[test]
fn the_browser_reads_every_identifier_of_the_corpus_as_the_server_does() {
    let cases = corpus();
    let browser = browser_reads(&cases);
    assert_eq!(browser.len(), cases.len(), "one answer per input");
    let mut disagreements = Vec::new();
    for (case, browser) in cases.iter().zip(&browser) {
        let server = server_reads(case);
        if &server != browser {
            disagreements.push(format!(
                "{} {:?} in {:?}:\n  server:  {server}\n  browser: {browser}",
                case.kind.slug(),
                case.value,
                case.region
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} inputs are read differently:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_known_traps_read_as_the_same_number() {
    let phone = |value: &str, region: Option<&str>| {
        server_reads(&case(IdentifierKind::Phone, value, region))
    };
    let french = json!({ "ok": "phone:+33142764978" });
    assert_eq!(phone("+33 1 42 76 49 78", Some("US")), french);
    assert_eq!(phone("+33 1 42 76 49 78", Some("GB")), french);
    assert_eq!(phone("0033142764978", Some("GB")), french);
    assert_eq!(
        phone("8 800 555-35-35", Some("RU")),
        phone("+7 800 555 35 35", None)
    );
    assert_eq!(
        phone("07911 123456", Some("GB")),
        json!({ "ok": "phone:+447911123456" })
    );
    // The corpus holds each of these; the test above checks the browser agrees.
    let cases = corpus();
    for value in [
        "+33 1 42 76 49 78",
        "0033142764978",
        "8 800 555-35-35",
        "+44 12",
    ] {
        assert!(cases.iter().any(|c| c.value == value), "{value}");
    }
}
