//! The shared casework story against a SQLite file in a temporary directory, and in memory.

use parasol_store_sqlite::SqliteStore;

#[tokio::test]
async fn the_casework_story_holds_for_a_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("parasol.db"))
        .await
        .unwrap();
    parasol_store::case_story::run(&store).await;
    store.close().await;
}

#[tokio::test]
async fn the_casework_story_holds_in_memory() {
    let store = SqliteStore::in_memory().await.unwrap();
    parasol_store::case_story::run(&store).await;
}
