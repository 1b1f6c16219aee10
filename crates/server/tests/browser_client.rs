//! The browser client's own tests (RFC 9497 vectors, tag parity, the signed tag list), run
//! with node's test runner, and a check that the committed bundle web/static/screen.js is
//! what web/src gives, so the server never serves a stale client.

use std::path::PathBuf;
use std::process::Command;

fn web() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web")
}

fn node(args: &[&str]) {
    let output = Command::new("node")
        .args(args)
        .current_dir(web())
        .output()
        .expect("node runs (apt-get install nodejs npm, then npm ci --prefix web)");
    assert!(
        output.status.success(),
        "node {} failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_browser_clients_tests_pass() {
    let mut tests: Vec<String> = std::fs::read_dir(web().join("tests"))
        .expect("web/tests exists")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/{name}"))
        .collect();
    tests.sort();
    assert!(!tests.is_empty(), "web/tests has tests");
    let mut args = vec!["--test"];
    args.extend(tests.iter().map(String::as_str));
    node(&args);
}

#[test]
fn the_served_bundle_is_built_from_the_sources() {
    node(&["build.mjs", "--check"]);
}
