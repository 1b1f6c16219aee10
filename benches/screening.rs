//! Screening with 1,000,000 published tags: the server's OPRF `evaluate` (the baseline),
//! screening through the store in-process, and screening over HTTP with `wrk` on loopback
//! (keep-alive), all in one run and reported as ratios to the baseline.
//!
//! `cargo bench -p parasol-benches --bench screening`; `PARASOL_BENCH_TAGS` sets the number
//! of published tags (default 1,000,000), `PARASOL_BENCH_SECONDS` each phase's length.

use parasol_app::Parasol;
use parasol_benches::{measure, organisation, phone, seed_published, serve_for_load, wrk};
use parasol_core::{Identifier, IdentifierKind};
use parasol_crypto::{MasterKey, OprfKey};
use parasol_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let tags = env_u64("PARASOL_BENCH_TAGS", 1_000_000);
    let seconds = env_u64("PARASOL_BENCH_SECONDS", 5);
    let phase = Duration::from_secs(seconds);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .expect("store");
    let parasol = Parasol::new(Arc::new(store), MasterKey::generate());
    let org = organisation(&parasol).await;

    let real = 1_000;
    let t = Instant::now();
    seed_published(&parasol, &org, tags, real).await;
    println!(
        "seeded {tags} published tags in {:.1} s (SQLite, batches of 20,000)",
        t.elapsed().as_secs_f64()
    );

    // Baseline: the server's OPRF evaluate, one core, in-process.
    let key = OprfKey::generate();
    let evaluate = measure(phase, |i| {
        let input = format!("phone:{}", phone(i));
        let key = &key;
        async move {
            std::hint::black_box(key.evaluate(input.as_bytes()).expect("evaluate"));
        }
    })
    .await;

    // Screening through the store, in-process: normalise, tag, look up, verdict. Half hits.
    let ids: Vec<Identifier> = (0..2 * real)
        .map(|i| Identifier::parse(IdentifierKind::Phone, &phone(i), None).expect("phone"))
        .collect();
    let in_process = measure(phase, |i| {
        let parasol = &parasol;
        let id = &ids[(i % ids.len() as u64) as usize];
        let org = org.id;
        async move {
            std::hint::black_box(parasol.screen(org, id).await.expect("screen"));
        }
    })
    .await;
    let hit = parasol.screen(org.id, &ids[0]).await.expect("screen");
    assert_ne!(
        hit.verdict,
        parasol_core::Level::Green,
        "a seeded tag must be found"
    );

    // Over HTTP: the real server on loopback, wrk with keep-alive.
    let (addr, token) = serve_for_load(&parasol, &org).await;
    let script = dir.path().join("screen.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.headers[\"Authorization\"] = \"Bearer {}\"\n\
             counter = 0\nrequest = function()\n  counter = counter + 1\n\
             local n = 700000000 + (counter % {})\n\
             return wrk.format(nil, \"/api/screen\", nil, '{{\"type\":\"phone\",\"value\":\"+447' .. n .. '\"}}')\nend\n",
            token,
            2 * real
        ),
    )
    .expect("script");
    let url = format!("http://{addr}");
    let wrk_seconds = seconds as u32;
    let http = tokio::task::spawn_blocking(move || wrk(&url, &script, 1, 16, wrk_seconds))
        .await
        .expect("wrk thread");

    println!();
    println!("screening with {tags} published tags, one run, 2 cores shared by server and load");
    println!("  OPRF evaluate, in-process (baseline)  {evaluate}");
    println!(
        "  screen through the store, in-process  {in_process}   ratio to baseline {:.2}",
        in_process.per_second / evaluate.per_second
    );
    match http {
        Ok(h) => {
            println!(
                "  screen over HTTP (wrk, 16 conns)      {:>10.0}/s  p50 {:>8.1} µs  p99 {:>8.1} µs   ratio to baseline {:.2}  ({} errors)",
                h.per_second,
                h.p50.as_secs_f64() * 1e6,
                h.p99.as_secs_f64() * 1e6,
                h.per_second / evaluate.per_second,
                h.errors
            );
            println!(
                "  HTTP / in-process store screening      {:.2}",
                h.per_second / in_process.per_second
            );
        }
        Err(e) => println!("  screen over HTTP: skipped: {e}"),
    }
}
