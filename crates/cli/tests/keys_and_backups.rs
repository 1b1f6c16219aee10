//! Operators' key and backup commands: a backup taken while the server runs is encrypted
//! and restores with the key file; rotating the data key keeps everything readable.

use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

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

fn refused(args: &[&str]) -> String {
    let out = parasol(args);
    assert!(!out.status.success(), "{args:?} should have failed");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn verdict(dir: &Path, phone: &str) -> String {
    let out = ok(&[
        "screen",
        "--data",
        dir.to_str().unwrap(),
        "--phone",
        phone,
        "--json",
    ]);
    let v: Value = serde_json::from_str(out.trim()).expect("one JSON object");
    v["verdict"].as_str().unwrap_or_default().to_string()
}

/// A data directory with one published violent report.
fn data_dir(root: &Path) -> std::path::PathBuf {
    let data = root.join("data");
    let d = data.to_str().unwrap();
    ok(&[
        "init", "--data", d, "--org", "Test", "--region", "GB", "--areas", "Centre",
    ]);
    ok(&[
        "report",
        "add",
        "--data",
        d,
        "--kind",
        "physical_violence",
        "--area",
        "Centre",
        "--phone",
        "07911 123456",
        "--narrative",
        "Zanzibarquokka hit me",
        "--publish",
    ]);
    assert_eq!(verdict(&data, "+44 7911 123456"), "red");
    data
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(data: &Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_parasol"))
        .args([
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .env_remove("PARASOL_MASTER_KEY")
        .env_remove("PARASOL_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    Server(child)
}

#[test]
fn a_backup_taken_while_serving_is_unreadable_and_restores_with_the_key_file() {
    let root = tempfile::tempdir().unwrap();
    let data = data_dir(root.path());
    let server = serve(&data);
    let backup = root.path().join("parasol.backup");
    let b = backup.to_str().unwrap();
    ok(&["backup", "--data", data.to_str().unwrap(), "--out", b]);
    drop(server);

    let bytes = std::fs::read(&backup).unwrap();
    assert!(bytes.starts_with(b"PARASOL BACKUP 1\n"));
    for secret in [&b"Zanzibarquokka"[..], b"SQLite format", b"reports"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "the backup must not show {:?}",
            String::from_utf8_lossy(secret)
        );
    }
    assert!(refused(&["backup", "--data", data.to_str().unwrap(), "--out", b]).contains("exists"));

    // Without the key file it cannot be restored.
    let elsewhere = root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let e = elsewhere.to_str().unwrap();
    assert!(refused(&["restore", "--data", e, "--from", b]).contains("key"));
    // Another organisation's key file does not open it either.
    let other = root.path().join("other");
    ok(&[
        "init",
        "--data",
        other.to_str().unwrap(),
        "--org",
        "Other",
        "--region",
        "GB",
    ]);
    std::fs::copy(other.join("parasol.key"), elsewhere.join("parasol.key")).unwrap();
    assert!(refused(&["restore", "--data", e, "--from", b]).contains("does not open"));

    // With the key file it restores, and the alert is there.
    let restored = root.path().join("restored");
    std::fs::create_dir(&restored).unwrap();
    std::fs::copy(data.join("parasol.key"), restored.join("parasol.key")).unwrap();
    let r = restored.to_str().unwrap();
    ok(&["restore", "--data", r, "--from", b]);
    assert_eq!(verdict(&restored, "07911 123456"), "red");
    assert!(refused(&["restore", "--data", r, "--from", b]).contains("already holds"));
    let not_a_backup = root.path().join("not-a-backup");
    std::fs::write(&not_a_backup, b"hello").unwrap();
    let fresh = root.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    std::fs::copy(data.join("parasol.key"), fresh.join("parasol.key")).unwrap();
    assert!(refused(&[
        "restore",
        "--data",
        fresh.to_str().unwrap(),
        "--from",
        not_a_backup.to_str().unwrap()
    ])
    .contains("not a Parasol backup"));
}

#[test]
fn rotating_the_data_key_keeps_every_verdict_and_changes_the_stored_key() {
    let root = tempfile::tempdir().unwrap();
    let data = data_dir(root.path());
    // The change lands in the database file or in its write-ahead log, depending on when
    // SQLite checkpoints; read both.
    let stored = || {
        let mut bytes = std::fs::read(data.join("parasol.db")).unwrap();
        bytes.extend(std::fs::read(data.join("parasol.db-wal")).unwrap_or_default());
        bytes
    };
    let before = stored();
    let out = ok(&["keys", "rotate", "--data", data.to_str().unwrap()]);
    assert!(out.contains("fields re-encrypted"), "{out}");
    assert_eq!(verdict(&data, "07911 123456"), "red");
    assert_ne!(stored(), before);
}
