//! Private screening, in one run: the raw OPRF `blind_evaluate` in-process (the limit),
//! blinded evaluation over HTTP with `wrk` on loopback (keep-alive), the client's whole
//! screen (blind, evaluate, finalise, derive the tag, match) against a synchronised list
//! of 1,000,000 tags, and the size and build time of the tag list at 100,000 and 1,000,000
//! alerts with the size of one bucket beside it.
//!
//! `cargo bench -p parasol-benches --bench private_screening`; `PARASOL_BENCH_TAGS` sets the
//! largest list (default 1,000,000), `PARASOL_BENCH_SECONDS` each phase's length.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use parasol_app::Parasol;
use parasol_benches::{measure, organisation, phone, seed_published, serve_for_load, wrk};
use parasol_crypto::{client, MasterKey};
use parasol_store_sqlite::SqliteStore;
use std::collections::HashMap;
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
    let largest = env_u64("PARASOL_BENCH_TAGS", 1_000_000);
    let seconds = env_u64("PARASOL_BENCH_SECONDS", 5);
    let phase = Duration::from_secs(seconds);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .expect("store");
    let parasol = Parasol::new(Arc::new(store), MasterKey::generate());
    let org = organisation(&parasol).await;
    let member = parasol.operator(org.id).await.expect("operator");
    let keys = parasol.org_keys(&org).expect("keys");

    // The tag list at two sizes, and one bucket of the larger (256 buckets).
    let mut sizes = Vec::new();
    let mut seeded = 0;
    for size in [largest / 10, largest] {
        seed_published(&parasol, &org, size - seeded, 1_000.min(size - seeded)).await;
        seeded = size;
        let t = Instant::now();
        let list = parasol.tag_list(&member, None).await.expect("list");
        let built = t.elapsed();
        let t = Instant::now();
        let bucket = parasol.tag_bucket(&member, "a5", 2).await.expect("bucket");
        sizes.push((size, list.body.len(), built, bucket.body.len(), t.elapsed()));
    }

    // The client's list, as the CLI keeps it: tag -> entry.
    let list = parasol.tag_list(&member, None).await.expect("list");
    let parsed: serde_json::Value = serde_json::from_slice(&list.body).expect("json");
    let entries: HashMap<String, serde_json::Value> = parsed["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["t"].as_str().unwrap_or_default().to_string(), e.clone()))
        .collect();

    // Baseline: BlindEvaluate in-process.
    let blinded: Vec<[u8; 32]> = (0..1_000)
        .map(|i| {
            client::blind(format!("phone:{}", phone(i)).as_bytes())
                .expect("blind")
                .1
        })
        .collect();
    let oprf = keys.oprf.clone();
    let evaluate = measure(phase, |i| {
        let element = blinded[(i % 1_000) as usize];
        let oprf = &oprf;
        async move {
            std::hint::black_box(oprf.blind_evaluate(&element).expect("evaluate"));
        }
    })
    .await;

    // The whole client screen, with the server's evaluation in-process.
    let mut found = 0u64;
    let client_screen = measure(phase, |i| {
        let input = format!("phone:{}", phone(i % 2_000));
        let oprf = &oprf;
        let entries = &entries;
        let hit = {
            let (state, element) = client::blind(input.as_bytes()).expect("blind");
            let evaluated = oprf.blind_evaluate(&element).expect("evaluate");
            let output = client::finalize(&state, input.as_bytes(), &evaluated).expect("finalize");
            let tag = client::tag_after_finalize(output);
            entries.contains_key(&URL_SAFE_NO_PAD.encode(tag.as_bytes()))
        };
        found += u64::from(hit);
        async {}
    })
    .await;
    assert!(found > 0, "seeded tags must be found by the client");

    // Blinded evaluation over HTTP.
    let (addr, token) = serve_for_load(&parasol, &org).await;
    let script = dir.path().join("blind.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.headers[\"Authorization\"] = \"Bearer {}\"\n\
             wrk.body = '{{\"blinded\":\"{}\"}}'\n",
            token,
            URL_SAFE_NO_PAD.encode(blinded[0])
        ),
    )
    .expect("script");
    let url = format!("http://{addr}/api/screen/blind");
    let wrk_seconds = seconds as u32;
    let http = tokio::task::spawn_blocking(move || wrk(&url, &script, 1, 16, wrk_seconds))
        .await
        .expect("wrk thread");

    println!();
    println!("private screening, one run, 2 cores shared by server and load");
    println!("  OPRF blind_evaluate, in-process (baseline)  {evaluate}");
    match http {
        Ok(h) => println!(
            "  blind evaluation over HTTP (wrk, 16 conns)  {:>10.0}/s  p50 {:>8.1} µs  p99 {:>8.1} µs   ratio to baseline {:.2}  ({} errors)",
            h.per_second,
            h.p50.as_secs_f64() * 1e6,
            h.p99.as_secs_f64() * 1e6,
            h.per_second / evaluate.per_second,
            h.errors
        ),
        Err(e) => println!("  blind evaluation over HTTP: skipped: {e}"),
    }
    println!(
        "  client screen, {} tags held (blind, evaluate, finalise, tag, match)  {client_screen}   ratio to baseline {:.2}",
        entries.len(),
        client_screen.per_second / evaluate.per_second
    );
    for (size, bytes, built, bucket, bucket_built) in sizes {
        println!(
            "  tag list of {size} alerts: {:.1} MB, built and signed in {:.2} s; one bucket of 256: {:.1} KB in {:.3} s",
            bytes as f64 / 1e6,
            built.as_secs_f64(),
            bucket as f64 / 1e3,
            bucket_built.as_secs_f64()
        );
    }
}
