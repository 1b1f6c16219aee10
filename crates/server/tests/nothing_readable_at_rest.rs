//! A seized server reveals nothing readable: known values go in through the API, into
//! every field that can hold personal data, and then every file in the data directory
//! (SQLite's main file, WAL and shared memory) and a `pg_dump` of the PostgreSQL database
//! are searched for them in plain text, hex, base64 and as phone digits.

mod support;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use parasol_app::{Clock, NewOrganisationInput, Parasol};
use parasol_core::{AreaName, Region};
use parasol_crypto::MasterKey;
use parasol_store::Store;
use parasol_store_postgres::{create_fresh_database, drop_database, PostgresStore};
use reqwest::StatusCode;
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use support::{config, spawn_app, start, TestApp, NOW};

/// Everything put in, each in the forms it could be found in on disk.
const SECRETS: &[&str] = &[
    // The client's phone, as typed, as E.164, as digits, nationally.
    "+44 7911 123456",
    "+447911123456",
    "447911123456",
    "07911123456",
    "7911123456",
    // Two more spellings of another number.
    "0033 1 42 76 49 78",
    "33142764978",
    "marker.client@example.org",
    "markerhandle",
    "MK12XYZ",
    "Zanzibarquokka",
    "Quillfeather",
    "Marmaladeorchid",
    "member.private@example.net",
    // Casework: her label, what happened, its consequences, consent notes, a service.
    "Octarinefox",
    "Periwinkleshark",
    "Saffronbadger",
    "Tangerinemoth",
    "Cobaltheron",
];

/// Puts every secret in through the API.
async fn fill(app: &TestApp) {
    let people = app.people().await;
    let north = app.area_id(&people.rosa, "North").await;
    let (status, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({
                "kinds": ["physical_violence"],
                "area": north,
                "occurred_on": "2026-03-14",
                "identifiers": [
                    {"type": "phone", "value": "+44 7911 123456"},
                    {"type": "phone", "value": "0033 1 42 76 49 78"},
                    {"type": "email", "value": "Marker.Client@example.org"},
                    {"type": "handle", "value": "onlyfans:@MarkerHandle"},
                    {"type": "plate", "value": "mk12 xyz"}
                ],
                "narrative": "He said his name was Zanzibarquokka and hit me.",
                "description": "Quillfeather tattoo on the left arm",
                "consent": {"publish_alert": true, "support_contact": true}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let report = body["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            "/api/subscriptions",
            Some(&people.mei),
            json!({"area": north, "email": "member.private@example.net"}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(&people.peer),
            json!({"kinds": ["physical_violence"], "area": north,
                   "text": "Marmaladeorchid: violent when asked to pay first."}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let (status, body) = app
        .post(
            "/api/services",
            Some(&people.coordinator),
            json!({"name": "Legal Aid Clinic", "category": "legal", "contact": "Ask for Cobaltheron"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .post(
            "/api/cases",
            Some(&people.peer),
            json!({"person": "Octarinefox", "events": [{
                "what": "Periwinkleshark raided the flat.", "started": "2026-03", "area": "North",
                "confidential": true,
                "acts": [{"act_type": "raid", "consequences": "Saffronbadger lost her savings.",
                          "involvements": [{"perpetrator": "police"}]}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let case = body["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/consents"),
            Some(&people.peer),
            json!({"purpose": "referral", "recipient": "Legal Aid Clinic", "given_on": "2026-06-10",
                   "how_given": "in_person", "notes": "Tangerinemoth only."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, read) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    assert!(read.to_string().contains("Saffronbadger"));
    // The secrets are really in there: peer workers read them back, decrypted.
    let (_, read) = app
        .get(&format!("/api/reports/{report}"), Some(&people.peer))
        .await;
    assert!(read["narrative"]
        .as_str()
        .unwrap()
        .contains("Zanzibarquokka"));
    assert_eq!(
        app.screen(&people.mei, "phone", "07911 123456").await["verdict"],
        "red"
    );
}

/// The byte strings that would betray `secret`: itself, its hex, and its base64 at each of
/// the three alignments it could have inside a longer encoded text.
fn betrayals(secret: &str) -> Vec<(String, Vec<u8>)> {
    let bytes = secret.as_bytes();
    let mut found = vec![
        ("plain".to_string(), bytes.to_vec()),
        ("lower-case".to_string(), secret.to_lowercase().into_bytes()),
        ("hex".to_string(), hex(bytes).into_bytes()),
        ("HEX".to_string(), hex(bytes).to_uppercase().into_bytes()),
    ];
    for shift in 0..3 {
        let mut shifted = vec![0u8; shift];
        shifted.extend_from_slice(bytes);
        for (name, engine) in [("base64", &STANDARD), ("base64url", &URL_SAFE_NO_PAD)] {
            let encoded = engine.encode(&shifted);
            let skip = if shift == 0 { 0 } else { 4 };
            let inner = encoded
                .get(skip..encoded.len().saturating_sub(4))
                .unwrap_or("");
            if inner.len() >= 8 {
                found.push((format!("{name} (shift {shift})"), inner.as_bytes().to_vec()));
            }
        }
    }
    found
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every secret found in `haystack`, with how it was written.
fn leaks(where_: &str, haystack: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for secret in SECRETS {
        for (how, needle) in betrayals(secret) {
            if haystack
                .windows(needle.len())
                .any(|w| w == needle.as_slice())
            {
                found.push(format!("{secret:?} as {how} in {where_}"));
            }
        }
    }
    found
}

fn every_file(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            every_file(&path, into);
        } else {
            into.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_a_secret_in_every_form_it_looks_for() {
    // A scanner that cannot fail would prove nothing.
    let secret = "Zanzibarquokka";
    assert!(!leaks("plain", format!("xx{secret}yy").as_bytes()).is_empty());
    assert!(!leaks("hex", hex(secret.as_bytes()).as_bytes()).is_empty());
    for prefix in ["", "a", "ab"] {
        let text = format!("{prefix}{secret} and more");
        let encoded = STANDARD.encode(text.as_bytes());
        assert!(
            !leaks("base64", encoded.as_bytes()).is_empty(),
            "{prefix:?}"
        );
    }
    assert!(leaks("nothing", b"ciphertext only").is_empty());
}

#[tokio::test]
async fn no_file_of_a_sqlite_data_directory_holds_anything_readable() {
    let app = spawn_app(config()).await;
    fill(&app).await;
    let mut files = Vec::new();
    every_file(app.dir.path(), &mut files);
    assert!(files.iter().any(|f| f.ends_with("parasol.db")), "{files:?}");
    let mut found = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        found.extend(leaks(&file.display().to_string(), &bytes));
    }
    assert!(found.is_empty(), "readable at rest: {found:#?}");
}

#[tokio::test]
async fn a_dump_of_the_postgresql_database_holds_nothing_readable() {
    let Ok(admin) = std::env::var("PARASOL_TEST_POSTGRES_URL") else {
        println!("PostgreSQL at-rest scan skipped: PARASOL_TEST_POSTGRES_URL is not set");
        return;
    };
    let url = create_fresh_database(&admin, "parasol_at_rest")
        .await
        .unwrap();
    let store = PostgresStore::connect(&url).await.unwrap();
    let parasol = Parasol::new(
        Arc::new(store.clone()) as Arc<dyn Store>,
        MasterKey::generate(),
    )
    .with_clock(Clock::fixed(NOW));
    let (_, code) = parasol
        .create_organisation(NewOrganisationInput {
            name: "Test Collective".into(),
            region: Region::parse("GB").unwrap(),
            areas: vec![AreaName::parse("North").unwrap()],
            alert_days: 30,
            red_alert_days: 90,
        })
        .await
        .unwrap();
    let (base, server) = start(parasol.clone(), config()).await;
    let app = TestApp {
        base,
        http: reqwest::Client::new(),
        parasol,
        dir: tempfile::tempdir().unwrap(),
        first_invite: code.as_str().to_string(),
        server,
    };
    fill(&app).await;
    app.parasol.flush_counters().await.unwrap();
    let dump = std::process::Command::new("pg_dump")
        .arg("--no-owner")
        .arg(&url)
        .output()
        .expect("pg_dump runs (it comes with PostgreSQL's client)");
    app.server.abort();
    store.close().await;
    drop_database(&admin, &url).await.unwrap();
    assert!(
        dump.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    assert!(
        String::from_utf8_lossy(&dump.stdout).contains("COPY public.reports"),
        "the dump holds the reports table"
    );
    let found = leaks("pg_dump", &dump.stdout);
    assert!(found.is_empty(), "readable at rest: {found:#?}");
}
