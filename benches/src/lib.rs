//! What the benchmarks share: timing loops, percentiles, a seeded organisation, and `wrk`.

use parasol_app::{NewOrganisationInput, Parasol};
use parasol_core::{AreaName, IdentifierKind, IncidentKind, Region, ReportConsent, Tag};
use parasol_store::{ImportedReport, NewReport, Organisation, TaggedIdentifier};
use std::process::Command;
use std::time::{Duration, Instant};

/// Throughput and latency of one measured loop.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Operations per second.
    pub per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>10.0}/s  p50 {:>8.1} µs  p99 {:>8.1} µs",
            self.per_second,
            self.p50.as_secs_f64() * 1e6,
            self.p99.as_secs_f64() * 1e6
        )
    }
}

/// Percentiles of a set of latencies.
pub fn summarise(mut latencies: Vec<Duration>, elapsed: Duration) -> Measured {
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    Measured {
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// Runs `op` repeatedly for about `for_how_long`, timing each call.
pub async fn measure<F, Fut>(for_how_long: Duration, mut op: F) -> Measured
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let start = Instant::now();
    let mut latencies = Vec::new();
    let mut i = 0u64;
    while start.elapsed() < for_how_long {
        let t = Instant::now();
        op(i).await;
        latencies.push(t.elapsed());
        i += 1;
    }
    summarise(latencies, start.elapsed())
}

/// An organisation (region GB) with one area, ready for reports.
pub async fn organisation(parasol: &Parasol) -> Organisation {
    let (org, _) = parasol
        .create_organisation(NewOrganisationInput {
            name: "Benchmark".into(),
            region: Region::parse("GB").expect("region"),
            areas: vec![AreaName::parse("Centre").expect("area")],
            alert_days: 3650,
            red_alert_days: 3650,
        })
        .await
        .expect("organisation");
    org
}

/// The phone number the `i`-th screened identifier has: UK mobile numbers.
pub fn phone(i: u64) -> String {
    format!("+447{:09}", 700_000_000 + i % 100_000_000)
}

/// Fills the store with `count` published alerts, each with one tag: `real` of them are
/// the tags of [`phone`]`(0..real)`, the rest random (equally costly to look up).
pub async fn seed_published(parasol: &Parasol, org: &Organisation, count: u64, real: u64) {
    let operator = parasol.operator(org.id).await.expect("operator");
    let area = parasol.areas(org.id).await.expect("areas")[0].id;
    let oprf = parasol.org_keys(org).expect("keys").oprf.clone();
    let now = parasol.clock().now();
    let batch = 20_000;
    let mut done = 0;
    while done < count {
        let n = batch.min(count - done);
        let items: Vec<ImportedReport> = (done..done + n)
            .map(|i| {
                let tag = if i < real {
                    oprf.tag(&format!("phone:{}", phone(i))).expect("tag")
                } else {
                    Tag(rand::random())
                };
                let kind = IncidentKind::ALL[(i % IncidentKind::ALL.len() as u64) as usize];
                ImportedReport {
                    report: NewReport {
                        org: org.id,
                        reporter: operator.id,
                        area,
                        kinds: vec![kind],
                        occurred_on: time::macros::date!(2026 - 03 - 14),
                        identifiers: vec![TaggedIdentifier {
                            kind: IdentifierKind::Phone,
                            tag,
                        }],
                        narrative: vec![0; 64],
                        description: vec![0; 32],
                        consent: ReportConsent {
                            publish_alert: true,
                            ..Default::default()
                        },
                        submitted_at: now,
                    },
                    alert_text: vec![0; 64],
                    published_by: operator.id,
                    expires_at: now + 3650 * 86_400,
                }
            })
            .collect();
        parasol
            .store()
            .import_published(items)
            .await
            .expect("import");
        done += n;
    }
}

/// Serves `parasol` on a free loopback port with no screening limit, and signs a new
/// member of `org` in; returns the address and her session token, for `wrk`.
pub async fn serve_for_load(
    parasol: &Parasol,
    org: &Organisation,
) -> (std::net::SocketAddr, String) {
    let operator = parasol.operator(org.id).await.expect("operator");
    let code = parasol
        .invite(&operator, parasol_core::Role::Member)
        .await
        .expect("invite");
    let session = parasol
        .join(code.as_str(), "bench", "benchmark passphrase")
        .await
        .expect("join");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let config = parasol_server::Config {
        screens_per_minute: u32::MAX,
        ..parasol_server::Config::default()
    };
    tokio::spawn(parasol_server::serve(parasol.clone(), config, listener));
    (addr, session.token.as_str().to_string())
}

/// `wrk`'s figures for one run.
#[derive(Debug, Clone, Copy)]
pub struct WrkResult {
    /// Requests per second.
    pub per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Non-2xx responses.
    pub errors: u64,
}

fn wrk_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic())?);
    let v: f64 = num.parse().ok()?;
    Some(Duration::from_secs_f64(match unit {
        "us" => v / 1e6,
        "ms" => v / 1e3,
        "s" => v,
        "m" => v * 60.0,
        _ => return None,
    }))
}

/// Runs `wrk` with a Lua script; `None` with a message if `wrk` is missing.
pub fn wrk(
    url: &str,
    script: &std::path::Path,
    threads: u32,
    connections: u32,
    seconds: u32,
) -> Result<WrkResult, String> {
    let out = Command::new("wrk")
        .args([
            "-t",
            &threads.to_string(),
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
            "--latency",
            "-s",
        ])
        .arg(script)
        .arg(url)
        .output()
        .map_err(|e| format!("wrk could not run ({e}); install it with `apt-get install wrk`"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .and_then(|l| {
                l.trim_start()[prefix.len()..]
                    .split_whitespace()
                    .next()
                    .map(str::to_string)
            })
    };
    let per_second = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("unexpected wrk output:\n{text}"))?;
    let p50 = field("50%")
        .and_then(|v| wrk_duration(&v))
        .unwrap_or_default();
    let p99 = field("99%")
        .and_then(|v| wrk_duration(&v))
        .unwrap_or_default();
    let errors = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(WrkResult {
        per_second,
        p50,
        p99,
        errors,
    })
}
