//! Parasol's SQLite store: the embedded default, one file in the data directory.
//!
//! The file is in WAL mode with `synchronous = FULL`, so a write is on disk before its
//! method returns; foreign keys are enforced; writers take the write lock at `BEGIN`
//! (`BEGIN IMMEDIATE`) and wait for each other up to a busy timeout.

mod cases;
mod columns;
mod error;
mod rows;
mod sealed;
mod store;

use error::backend;
use parasol_store::{StoreError, StoreResult};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Connections in the pool: many readers, and writers queue for SQLite's one write lock.
const POOL_SIZE: u32 = 8;
/// Bytes of the database file mapped into memory (shared by all connections).
const MMAP_BYTES: u64 = 1 << 30;
/// Page cache per connection, in KiB.
const CACHE_KIB: u64 = 16 * 1024;

/// How long a writer waits for another's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`parasol_store::Store`] in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens the database file at `path`, creating it if missing, and brings its schema
    /// up to date.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::new().filename(path);
        SqliteStore::start(options, POOL_SIZE).await
    }

    /// Opens a database named by a `sqlite://` URL (e.g. `sqlite:///var/lib/parasol/parasol.db`
    /// or `sqlite::memory:`), creating the file if missing.
    pub async fn open_url(url: &str) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url).map_err(|_| {
            StoreError::Backend(
                "not a SQLite URL; expected e.g. sqlite:///path/to/parasol.db".into(),
            )
        })?;
        // An in-memory database lives only as long as a connection to it.
        let size = if url.contains(":memory:") || url.contains("mode=memory") {
            1
        } else {
            POOL_SIZE
        };
        SqliteStore::start(options, size).await
    }

    /// A private in-memory database, gone when the store is dropped. For tests.
    pub async fn in_memory() -> StoreResult<SqliteStore> {
        SqliteStore::open_url("sqlite::memory:").await
    }

    /// Writes a consistent copy of the whole database to `to` (which must not exist), while
    /// other connections go on reading and writing (`VACUUM INTO`).
    pub async fn snapshot(&self, to: &Path) -> StoreResult<()> {
        let to = to
            .to_str()
            .ok_or_else(|| StoreError::Backend("the snapshot path is not valid UTF-8".into()))?;
        sqlx::query("VACUUM INTO ?1")
            .bind(to)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Waits for running queries and closes every connection.
    pub async fn close(self) {
        self.pool.close().await;
    }

    async fn start(options: SqliteConnectOptions, size: u32) -> StoreResult<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Screening is one random probe of the tag index per screen: map the file into
            // memory (reads without a system call each) and keep more pages per connection.
            .pragma("mmap_size", MMAP_BYTES.to_string())
            .pragma("cache_size", format!("-{CACHE_KIB}"));
        let mut pool = SqlitePoolOptions::new().max_connections(size);
        if size == 1 {
            // Keep the one connection (and so an in-memory database) alive.
            pool = pool
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = pool.connect_with(options).await.map_err(backend)?;
        sqlx::migrate!()
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating the SQLite schema: {e}")))?;
        Ok(SqliteStore { pool })
    }

    /// Starts a write transaction holding SQLite's write lock from the start, so it cannot
    /// fail half-way for want of it.
    async fn write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;

    #[tokio::test]
    async fn a_database_file_is_durable_and_keeps_its_references() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("parasol.db"))
            .await
            .unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(journal, "wal");
        assert_eq!(
            synchronous, 2,
            "FULL: a commit is on disk before it returns"
        );
        assert_eq!(foreign_keys, 1);
    }
}
