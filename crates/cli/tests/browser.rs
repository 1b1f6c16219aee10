//! Private screening in a real browser: `parasol demo` serves, Debian's Chromium (driven by
//! web/tests/private_screening.e2e.mjs) signs in and screens the demo numbers, and the
//! lights it shows must be the ones the demo promises and the ones `parasol screen
//! --server` gives. The browser script also fails if the page sends an identifier, asks
//! another host, or screens directly.
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium`) and `npm ci --prefix web`;
//! `.ci/run` installs both.

use std::io::{BufRead, BufReader, Lines};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

const CHROMIUM: &str = "/usr/bin/chromium";
const LEVELS: [&str; 4] = ["red", "orange", "yellow", "green"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A running `parasol demo`, stopped when dropped.
struct Demo {
    child: Child,
    base: String,
    /// Numbers to screen (national format, region GB) and the light each must give.
    numbers: Vec<(String, String)>,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next_line(lines: &mut Lines<BufReader<ChildStdout>>) -> String {
    lines
        .next()
        .expect("parasol demo printed its address and numbers before stopping")
        .expect("parasol demo writes UTF-8")
}

fn start_demo() -> Demo {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parasol"))
        .args(["demo", "--listen", "127.0.0.1:0"])
        // Many screens in a row from one member; the page's own limit is checked elsewhere.
        .args(["--screens-per-minute", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("parasol demo starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let mut base = None;
    let mut numbers = Vec::new();
    loop {
        let line = next_line(&mut lines);
        if let Some((_, rest)) = line.split_once("is running at ") {
            base = Some(rest.trim().trim_end_matches('/').to_owned());
        }
        if line.starts_with("Try screening these numbers") {
            // "  07700 900111       red (violence)": the number, then its light in words.
            loop {
                let line = next_line(&mut lines);
                let words: Vec<&str> = line.split_whitespace().collect();
                let light = words.iter().position(|w| LEVELS.contains(w));
                let (Some(at), true) = (light, line.starts_with("  ")) else {
                    break;
                };
                numbers.push((words[..at].join(" "), words[at].to_owned()));
            }
            break;
        }
    }
    // Keep reading so the demo never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Demo {
        child,
        base: base.expect("parasol demo printed its address"),
        numbers,
    }
}

fn require(path: &Path, install: &str) {
    assert!(
        path.exists(),
        "{} is missing: {install} (bash .ci/run does it)",
        path.display()
    );
}

#[test]
fn a_member_screens_privately_in_a_real_browser() {
    require(Path::new(CHROMIUM), "apt-get install -y chromium");
    require(
        &repo().join("web/node_modules/playwright-core"),
        "npm ci --prefix web",
    );
    let demo = start_demo();
    let levels: Vec<&str> = demo.numbers.iter().map(|(_, l)| l.as_str()).collect();
    for level in LEVELS {
        assert!(
            levels.contains(&level),
            "the demo has a {level} number: {levels:?}"
        );
    }
    let numbers = serde_json::to_string(&demo.numbers).expect("numbers serialise");
    let output = Command::new("node")
        .arg(repo().join("web/tests/private_screening.e2e.mjs"))
        .arg(&demo.base)
        .arg(&numbers)
        .arg(repo().join("web/screenshots"))
        .stderr(Stdio::inherit())
        .output()
        .expect("node runs (apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let result: serde_json::Value = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| panic!("the browser test printed no result:\n{stdout}"));
    assert!(
        output.status.success() && result["ok"] == true,
        "the browser test failed:\n{}",
        serde_json::to_string_pretty(&result["failures"]).unwrap_or_default()
    );

    // The CLI's private screen gives the lights the browser showed.
    let token = result["token"]
        .as_str()
        .expect("the browser test signed in");
    for (number, level) in &demo.numbers {
        let international = format!("+44{}", number.replace(' ', "").trim_start_matches('0'));
        let cli = Command::new(env!("CARGO_BIN_EXE_parasol"))
            .args(["screen", "--server", &demo.base, "--token", token])
            .args(["--phone", &international, "--json"])
            .output()
            .expect("parasol screen runs");
        assert!(
            cli.status.success(),
            "parasol screen --server failed for {international}: {}",
            String::from_utf8_lossy(&cli.stderr)
        );
        let verdict: serde_json::Value =
            serde_json::from_slice(&cli.stdout).expect("parasol screen --json prints JSON");
        assert_eq!(verdict["verdict"], level.as_str(), "{number}");
        let browser_saw = result["verdicts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| v["number"] == number.as_str())
            .all(|v| v["level"] == verdict["verdict"]);
        assert!(browser_saw, "the browser and the CLI differ for {number}");
    }
}
