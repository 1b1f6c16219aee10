//! Starts a real Parasol server on a free port over a fresh SQLite database, and a real
//! SMTP server when a test needs mail.
#![allow(dead_code)]

use parasol_app::{Clock, NewOrganisationInput, Parasol};
use parasol_core::{AreaName, Region};
use parasol_crypto::MasterKey;
pub use parasol_server::{Config, SmtpConfig};
use parasol_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use tempfile::TempDir;

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub parasol: Parasol,
    pub dir: TempDir,
    pub first_invite: String,
    pub server: tokio::task::JoinHandle<()>,
}

/// 2026-06-15 12:00 UTC: tests run on a fixed clock so expiry and dates are exact.
pub const NOW: i64 = 1_781_524_800;

pub fn config() -> Config {
    Config {
        screens_per_minute: 1000,
        ..Config::default()
    }
}

/// A server with one organisation (region GB; areas North, Centre, Harbour).
pub async fn spawn_app(config: Config) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let master = MasterKey::generate();
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .expect("open store");
    let parasol = Parasol::new(Arc::new(store), master).with_clock(Clock::fixed(NOW));
    let areas = ["North", "Centre", "Harbour"]
        .map(|a| AreaName::parse(a).expect("area"))
        .to_vec();
    let (_, code) = parasol
        .create_organisation(NewOrganisationInput {
            name: "Test Collective".into(),
            region: Region::parse("GB").expect("region"),
            areas,
            alert_days: 30,
            red_alert_days: 90,
        })
        .await
        .expect("organisation");
    let (base, server) = start(parasol.clone(), config).await;
    TestApp {
        base,
        http: reqwest::Client::new(),
        parasol,
        dir,
        first_invite: code.as_str().to_string(),
        server,
    }
}

/// Serves `parasol` on a free port; returns its base URL and the task.
pub async fn start(parasol: Parasol, config: Config) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        parasol_server::serve(parasol, config, listener)
            .await
            .expect("serve");
    });
    (base, server)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Joins with an invite; returns the session token.
    pub async fn join(&self, invite: &str, handle: &str) -> String {
        let (status, body) = self
            .post("/api/join", None, json!({ "invite": invite, "handle": handle, "passphrase": "long enough passphrase" }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn invite(&self, token: &str, role: &str) -> String {
        let (status, body) = self
            .post("/api/invites", Some(token), json!({ "role": role }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["invite"].as_str().expect("invite").to_string()
    }

    /// A coordinator, a peer worker and two members; returns their tokens.
    pub async fn people(&self) -> People {
        let coordinator = self.join(&self.first_invite, "coord").await;
        let peer = self
            .join(&self.invite(&coordinator, "peer_worker").await, "peer")
            .await;
        let rosa = self.join(&self.invite(&peer, "member").await, "rosa").await;
        let mei = self.join(&self.invite(&peer, "member").await, "mei").await;
        People {
            coordinator,
            peer,
            rosa,
            mei,
        }
    }

    pub async fn area_id(&self, token: &str, name: &str) -> i64 {
        let (_, areas) = self.get("/api/areas", Some(token)).await;
        areas
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .and_then(|a| a["id"].as_i64())
            .expect("area")
    }

    pub async fn screen(&self, token: &str, kind: &str, value: &str) -> Value {
        let (status, body) = self
            .post(
                "/api/screen",
                Some(token),
                json!({ "type": kind, "value": value }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

pub struct People {
    pub coordinator: String,
    pub peer: String,
    pub rosa: String,
    pub mei: String,
}

/// A real SMTP server (Python's aiosmtpd) writing what it receives into a folder.
pub struct SmtpSink {
    pub port: u16,
    pub dir: TempDir,
    child: Child,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        Self::start_on(None)
    }

    pub fn start_on(port: Option<u16>) -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script).arg(dir.path());
        if let Some(p) = port {
            cmd.arg(p.to_string());
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 must be installed, with aiosmtpd (pip install aiosmtpd)");
        let mut line = String::new();
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read port");
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the SMTP sink did not start (is aiosmtpd installed?): {line:?}")
        });
        SmtpSink { port, dir, child }
    }

    pub fn config(&self) -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            starttls: false,
            credentials: None,
            from: "Parasol <alerts@example.org>".into(),
        }
    }

    /// Messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    /// Waits (polling, without a deadline that could make the test flaky on a busy
    /// machine) until `n` messages have arrived, up to a generous bound.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..600 {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.messages()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
