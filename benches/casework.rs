//! Evidence over many acts: the full set of suppressed aggregates (read through the
//! `CaseStore`, consent checked per case, every standard table tabulated and protected)
//! against a plain `GROUP BY` of the same counts on the same database, in the same run,
//! on SQLite and, when a URL is given, PostgreSQL. Printed as ratios.
//!
//! `cargo bench -p parasol-benches --bench casework`; `PARASOL_BENCH_ACTS` (default
//! 1,000,000); PostgreSQL runs when `PARASOL_TEST_POSTGRES_URL` names a server (a fresh
//! database is created and dropped).

use parasol_app::{consented_evidence, Parasol};
use parasol_benches::organisation;
use parasol_casework::aggregate::Threshold;
use parasol_casework::{
    ActType, Consent, ConsentMethod, ConsentPurpose, EventPeriod, InvolvementDegree, Measure,
    MeasureLink, PerpetratorCategory,
};
use parasol_crypto::MasterKey;
use parasol_store::{CaseAccess, Involvement, NewAct, NewCase, NewConsent, NewEvent, OrgId, Store};
use parasol_store_postgres::PostgresStore;
use parasol_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};

const EVENTS_PER_CASE: u64 = 10;
const ACTS_PER_EVENT: u64 = 10;
const RUNS: usize = 3;

/// The plain counts the aggregates compute, without consent or suppression.
const GROUP_BYS: [&str; 5] = [
    "SELECT e.period, count(*) FROM case_acts a JOIN case_events e ON e.id = a.event \
     GROUP BY e.period",
    "SELECT ar.name, count(*) FROM case_acts a JOIN case_events e ON e.id = a.event \
     LEFT JOIN areas ar ON ar.id = e.area GROUP BY ar.name",
    "SELECT act_type, count(*) FROM case_acts GROUP BY act_type",
    "SELECT perpetrator, count(*) FROM case_involvements GROUP BY perpetrator",
    "SELECT measure, p4, count(*) FROM case_acts GROUP BY measure, p4",
];

/// A small deterministic generator, so both databases hold the same data.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn a_case(org: OrgId, by: i64, areas: &[i64], dice: &mut Dice) -> NewCase {
    let events = (0..EVENTS_PER_CASE)
        .map(|_| {
            let month = format!("{}-{:02}", 2023 + dice.next(3), 1 + dice.next(12));
            let acts = (0..ACTS_PER_EVENT)
                .map(|_| {
                    // Skewed, so some cells are small and suppression has work to do.
                    let act_type = ActType::ALL[(dice.next(ActType::ALL.len() as u64)
                        * dice.next(ActType::ALL.len() as u64)
                        / ActType::ALL.len() as u64)
                        as usize];
                    let measure = match dice.next(4) {
                        0 => None,
                        _ => {
                            let m = Measure::ALL[dice.next(Measure::ALL.len() as u64 - 1) as usize];
                            MeasureLink::new(m, None).ok()
                        }
                    };
                    let perpetrator = PerpetratorCategory::ALL
                        [dice.next(PerpetratorCategory::ALL.len() as u64) as usize];
                    NewAct {
                        act_type,
                        consequences: vec![0xC0; 48],
                        measure,
                        involvements: vec![Involvement {
                            perpetrator,
                            degree: InvolvementDegree::Perpetrator,
                        }],
                    }
                })
                .collect();
            NewEvent {
                what: vec![0xE0; 120],
                when: EventPeriod::parse("started", &month, "ended", None, time::Date::MAX)
                    .expect("a month"),
                area: (dice.next(10) > 0).then(|| areas[dice.next(areas.len() as u64) as usize]),
                confidential: false,
                acts,
            }
        })
        .collect();
    NewCase {
        org,
        person: vec![0xA0; 40],
        member: None,
        access: CaseAccess { by, at: 1 },
        events,
    }
}

/// Fills a store with `acts` acts, from `writers` concurrent writers; nine cases in ten
/// consent to statistics and one in fifty of those has withdrawn.
async fn seed(store: Arc<dyn Store>, acts: u64, writers: u64) -> OrgId {
    let parasol = Parasol::new(store.clone(), MasterKey::generate());
    let org = organisation(&parasol).await;
    let operator = parasol.operator(org.id).await.expect("operator");
    let areas: Vec<i64> = parasol
        .areas(org.id)
        .await
        .expect("areas")
        .iter()
        .map(|a| a.id)
        .collect();
    let cases = acts.div_ceil(EVENTS_PER_CASE * ACTS_PER_EVENT);
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let store = store.clone();
            let areas = areas.clone();
            let by = operator.id;
            tokio::spawn(async move {
                let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (w + 1));
                let access = CaseAccess { by, at: 2 };
                for n in (w..cases).step_by(writers as usize) {
                    let new_case = a_case(org.id, by, &areas, &mut dice);
                    let case = patiently(|| store.create_case(new_case.clone())).await;
                    if n % 10 == 0 {
                        continue;
                    }
                    let given = time::macros::date!(2024 - 01 - 01);
                    let mut consent = Consent::new(
                        ConsentPurpose::AnonymousStatistics,
                        given,
                        by,
                        ConsentMethod::Written,
                    );
                    if n % 50 == 1 {
                        consent.withdraw(given).expect("withdrawal");
                    }
                    let consent = NewConsent {
                        consent,
                        notes: vec![],
                    };
                    patiently(|| store.give_consent(org.id, case, consent.clone(), access)).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("writer");
    }
    org.id
}

/// Runs a write, again if a loaded disk kept SQLite's write lock past its busy timeout
/// (each write is one transaction, so a failed one left nothing behind).
async fn patiently<T, F, Fut>(mut write: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = parasol_store::StoreResult<T>>,
{
    let mut attempts = 0;
    loop {
        match write().await {
            Ok(value) => return value,
            Err(parasol_store::StoreError::Backend(message))
                if message.contains("locked") && attempts < 10 =>
            {
                attempts += 1;
            }
            Err(e) => panic!("seeding failed: {e}"),
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The full evidence path, as the app runs it.
async fn aggregates(store: &dyn Store, org: OrgId) -> Duration {
    let today = time::macros::date!(2026 - 06 - 15);
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let source = store.statistics_source(org).await.expect("source");
        let tables = consented_evidence(source, today, Threshold::default()).expect("tables");
        std::hint::black_box(tables);
        times.push(start.elapsed());
    }
    median(times)
}

async fn group_bys<DB>(pool: &sqlx::Pool<DB>) -> Duration
where
    DB: sqlx::Database,
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        for sql in GROUP_BYS {
            std::hint::black_box(sqlx::query(sql).fetch_all(pool).await.expect("group by"));
        }
        times.push(start.elapsed());
    }
    median(times)
}

fn report(backend: &str, aggregates: Duration, baseline: Duration) {
    println!(
        "  {backend:<12} plain GROUP BY {baseline:>10.2?}   suppressed aggregates {aggregates:>10.2?}   ratio {:.1}",
        aggregates.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
    );
}

fn main() {
    let acts: u64 = std::env::var("PARASOL_BENCH_ACTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        println!(
            "evidence over {acts} acts ({} tables, consent checked per case), median of {RUNS} runs",
            parasol_app::evidence_table_names().len()
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("parasol.db");
        let sqlite: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).await.expect("sqlite"));
        // SQLite has one writer at a time; several would only queue for its lock.
        let org = seed(sqlite.clone(), acts, 1).await;
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("a second connection");
        let baseline = group_bys(&pool).await;
        report("SQLite", aggregates(sqlite.as_ref(), org).await, baseline);
        match std::env::var("PARASOL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let url = parasol_store_postgres::create_fresh_database(&admin, "parasol_bench")
                    .await
                    .expect("fresh database");
                let pg: Arc<dyn Store> =
                    Arc::new(PostgresStore::connect(&url).await.expect("postgres"));
                let org = seed(pg.clone(), acts, 8).await;
                let pool = sqlx::PgPool::connect(&url).await.expect("a second connection");
                let baseline = group_bys(&pool).await;
                report("PostgreSQL", aggregates(pg.as_ref(), org).await, baseline);
                pool.close().await;
                let _ = parasol_store_postgres::drop_database(&admin, &url).await;
            }
            Err(_) => println!("  PostgreSQL: skipped (set PARASOL_TEST_POSTGRES_URL)"),
        }
    });
}
