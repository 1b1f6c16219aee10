//! The `parasol` binary as a script or an operator uses it: init, report add, screen, and
//! clear errors with a non-zero exit for anything it cannot read.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn parasol(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parasol"))
        .args(args)
        .env_remove("PARASOL_MASTER_KEY")
        .env_remove("PARASOL_DATABASE_URL")
        .env_remove("PARASOL_DATA")
        .output()
        .expect("run parasol")
}

fn ok(args: &[&str]) -> String {
    let out = parasol(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn init(dir: &Path) -> String {
    ok(&[
        "init",
        "--data",
        dir.to_str().unwrap(),
        "--org",
        "Test Collective",
        "--region",
        "RU",
        "--areas",
        "Centre,Harbour",
    ])
}

fn verdict(dir: &Path, flag: &str, value: &str) -> Value {
    let out = ok(&[
        "screen",
        "--data",
        dir.to_str().unwrap(),
        flag,
        value,
        "--json",
    ]);
    serde_json::from_str(out.trim()).expect("one JSON object")
}

#[test]
fn init_creates_a_private_key_file_and_an_invite() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = init(&data);
    assert!(out.contains("Invite code for the first coordinator"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("parasol.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second init changes nothing and says why.
    let again = parasol(&["init", "--data", data.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds"));
}

#[test]
fn a_published_report_turns_every_way_of_writing_the_number_red() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    let d = data.to_str().unwrap();
    assert_eq!(
        verdict(data, "--phone", "8 800 555-35-35")["verdict"],
        "green"
    );
    let id = ok(&[
        "report",
        "add",
        "--data",
        d,
        "--kind",
        "physical_violence",
        "--area",
        "Centre",
        "--phone",
        "8 800 555-35-35",
        "--narrative",
        "He hit me.",
        "--publish",
    ]);
    assert!(
        id.trim().parse::<i64>().is_ok(),
        "prints the report id: {id}"
    );
    for written in ["+7 800 555 35 35", "88005553535", "+٧ ٨٠٠ ٥٥٥ ٣٥ ٣٥"] {
        let v = verdict(data, "--phone", written);
        assert_eq!(v["verdict"], "red", "{written}");
        assert_eq!(v["latest_area"], "Centre");
    }
    // An unpublished report is yellow until verified.
    ok(&[
        "report",
        "add",
        "--data",
        d,
        "--kind",
        "no_show",
        "--area",
        "Harbour",
        "--email",
        "Someone@Example.org",
    ]);
    assert_eq!(
        verdict(data, "--email", "someone@example.org")["verdict"],
        "yellow"
    );
    // Two independent... the operator is one reporter, so two oranges from it stay orange.
    ok(&[
        "report",
        "add",
        "--data",
        d,
        "--kind",
        "theft",
        "--area",
        "Harbour",
        "--plate",
        "ab 12 cd",
        "--publish",
    ]);
    ok(&[
        "report",
        "add",
        "--data",
        d,
        "--kind",
        "threats",
        "--area",
        "Harbour",
        "--plate",
        "AB12CD",
        "--publish",
    ]);
    assert_eq!(verdict(data, "--plate", "AB-12-CD")["verdict"], "orange");
}

#[test]
fn unreadable_identifiers_exit_non_zero_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let d = dir.path().to_str().unwrap();
    let long = "9".repeat(5000);
    for bad in ["+44 12", "abc", "", long.as_str()] {
        let out = parasol(&["screen", "--data", d, "--phone", bad, "--json"]);
        assert!(!out.status.success(), "{bad:?} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--phone"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = parasol(&[
        "report", "add", "--data", d, "--kind", "sex_work", "--area", "Nowhere", "--phone",
        "+44 12",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--kind") && err.contains("--area") && err.contains("--phone"),
        "every bad flag is named: {err}"
    );
}

#[test]
fn screening_a_missing_data_directory_says_how_to_create_one() {
    let out = parasol(&[
        "screen",
        "--data",
        "/nonexistent/parasol",
        "--phone",
        "+44 7700 900123",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("parasol init"));
}

#[test]
fn serve_refuses_a_jurisdiction_profile_it_cannot_read_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    init(&data);
    let profile = dir.path().join("profile.json");
    std::fs::write(&profile, "{\"name\": \"Ours\", \"options\": [").unwrap();
    let out = parasol(&[
        "serve",
        "--data",
        data.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--profile"), "{err}");
    assert!(err.contains("profile.json"), "{err}");
}
