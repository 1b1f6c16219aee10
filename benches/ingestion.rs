//! Report ingestion: reports per second through the whole path (parse, normalise, tag,
//! encrypt, one transaction each) on SQLite and, when a URL is given, PostgreSQL, against a
//! baseline of the same work without the store, measured in the same run.
//!
//! `cargo bench -p parasol-benches --bench ingestion`; `PARASOL_BENCH_REPORTS` (default
//! 2,000); PostgreSQL runs when `PARASOL_TEST_POSTGRES_URL` names a server (a fresh
//! database is created and dropped).

use parasol_app::{Parasol, ReportInput};
use parasol_benches::{organisation, phone, summarise, Measured};
use parasol_core::{Identifier, IdentifierKind, ReportConsent};
use parasol_crypto::{DataKey, MasterKey, OprfKey};
use parasol_store::Store;
use parasol_store_postgres::PostgresStore;
use parasol_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::Instant;

fn input(i: u64) -> ReportInput {
    ReportInput {
        kinds: vec!["theft".into()],
        area: "Centre".into(),
        occurred_on: String::new(),
        identifiers: vec![
            (IdentifierKind::Phone, phone(i)),
            (IdentifierKind::Plate, format!("AB{i}CD")),
        ],
        region: None,
        narrative: "He took the money back from my bag while I was in the bathroom.".into(),
        description: "Tall, about fifty, grey coat".into(),
        consent: ReportConsent {
            publish_alert: true,
            ..Default::default()
        },
    }
}

async fn through_store(store: Arc<dyn Store>, n: u64) -> Measured {
    let parasol = Parasol::new(store, MasterKey::generate());
    let org = organisation(&parasol).await;
    let member = parasol.operator(org.id).await.expect("operator");
    let start = Instant::now();
    let mut latencies = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = Instant::now();
        parasol
            .submit_report(&member, input(i))
            .await
            .expect("report");
        latencies.push(t.elapsed());
    }
    summarise(latencies, start.elapsed())
}

fn without_store(n: u64) -> Measured {
    let oprf = OprfKey::generate();
    let data = DataKey::generate();
    let start = Instant::now();
    let mut latencies = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = Instant::now();
        let r = input(i);
        for (kind, value) in &r.identifiers {
            let id = Identifier::parse(*kind, value, None).expect("identifier");
            std::hint::black_box(oprf.tag(&id.prefixed()).expect("tag"));
        }
        std::hint::black_box(data.encrypt_str(&r.narrative, b"narrative"));
        std::hint::black_box(data.encrypt_str(&r.description, b"description"));
        latencies.push(t.elapsed());
    }
    summarise(latencies, start.elapsed())
}

fn main() {
    let n: u64 = std::env::var("PARASOL_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let baseline = without_store(n);
        let dir = tempfile::tempdir().expect("temp dir");
        let sqlite: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("parasol.db")).await.expect("sqlite"));
        let on_sqlite = through_store(sqlite, n).await;
        println!("report ingestion, {n} reports of 2 identifiers each, one at a time, one run");
        println!("  parse + tag + encrypt, no store (baseline)  {baseline}");
        println!("  SQLite (WAL, synchronous=FULL)              {on_sqlite}   ratio to baseline {:.2}", on_sqlite.per_second / baseline.per_second);
        match std::env::var("PARASOL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let url = parasol_store_postgres::create_fresh_database(&admin, "parasol_bench").await.expect("fresh database");
                let pg: Arc<dyn Store> = Arc::new(PostgresStore::connect(&url).await.expect("postgres"));
                let on_pg = through_store(pg, n).await;
                println!("  PostgreSQL (loopback)                       {on_pg}   ratio to baseline {:.2}", on_pg.per_second / baseline.per_second);
                let _ = parasol_store_postgres::drop_database(&admin, &url).await;
            }
            Err(_) => println!("  PostgreSQL: skipped (set PARASOL_TEST_POSTGRES_URL)"),
        }
    });
}
