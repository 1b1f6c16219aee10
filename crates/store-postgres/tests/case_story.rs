//! The shared casework story against PostgreSQL, in a fresh database of its own for each
//! run, when `PARASOL_TEST_POSTGRES_URL` names a server (e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`).

use parasol_store_postgres::{create_fresh_database, drop_database, PostgresStore};

const ADMIN_URL: &str = "PARASOL_TEST_POSTGRES_URL";

#[tokio::test]
async fn the_casework_story_holds_for_postgresql() {
    let Ok(admin) = std::env::var(ADMIN_URL) else {
        println!("PostgreSQL casework story skipped: {ADMIN_URL} is not set");
        return;
    };
    let url = create_fresh_database(&admin, "parasol_case_story")
        .await
        .unwrap();
    let store = PostgresStore::connect(&url).await.unwrap();
    // Run in its own task so that the database is dropped even when the story fails.
    let story = store.clone();
    let outcome = tokio::spawn(async move { parasol_store::case_story::run(&story).await }).await;
    store.close().await;
    drop_database(&admin, &url).await.unwrap();
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}
