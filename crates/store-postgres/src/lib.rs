//! Parasol's PostgreSQL store: for organisations and networks that outgrow one machine
//! (many stateless app servers on one database).
//!
//! Each store brings its database's schema up to date when it connects; concurrent app
//! servers are safe, as sqlx holds an advisory lock while migrating.

mod cases;
mod columns;
mod error;
mod rows;
mod sealed;
mod store;

use error::backend;
use parasol_store::{StoreError, StoreResult};
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};
use sqlx::Connection;

/// Connections each app server keeps to the database.
const POOL_SIZE: u32 = 16;

/// A [`parasol_store::Store`] in a PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and brings
    /// its schema up to date.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect(url)
            .await
            .map_err(backend)?;
        sqlx::migrate!()
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating the PostgreSQL schema: {e}")))?;
        Ok(PostgresStore { pool })
    }

    /// Waits for running queries and closes every connection.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// Creates a new, empty database with a random name starting with `name_prefix`
/// (lower-case letters, digits and `_`), through the server `admin_url` names, and returns
/// the URL of the new database. For tests: each run gets a database of its own.
pub async fn create_fresh_database(admin_url: &str, name_prefix: &str) -> StoreResult<String> {
    let name = format!(
        "{}_{:016x}",
        plain_name(name_prefix)?,
        rand::random::<u64>()
    );
    let url = with_database(admin_url, &name)?;
    let mut admin = PgConnection::connect(admin_url).await.map_err(backend)?;
    // A name cannot be a bound parameter; `plain_name` has made it safe to quote.
    let created = sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .map_err(backend);
    admin.close().await.map_err(backend)?;
    created.map(|_| url)
}

/// Drops the database `database_url` names (one [`create_fresh_database`] made), through
/// the server `admin_url` names, even if connections to it are still open.
pub async fn drop_database(admin_url: &str, database_url: &str) -> StoreResult<()> {
    let url = url::Url::parse(database_url)
        .map_err(|_| StoreError::Backend("not a PostgreSQL URL".into()))?;
    let name = plain_name(url.path().trim_start_matches('/'))?;
    let mut admin = PgConnection::connect(admin_url).await.map_err(backend)?;
    let dropped = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .map_err(backend);
    admin.close().await.map_err(backend)?;
    dropped.map(|_| ())
}

/// A database name that needs no escaping: 1 to 40 lower-case ASCII letters, digits or `_`.
fn plain_name(name: &str) -> StoreResult<&str> {
    let plain = (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        Ok(name)
    } else {
        Err(StoreError::Backend(
            "a database name must be 1 to 40 lower-case letters, digits or _".into(),
        ))
    }
}

/// `url` with its database (path) replaced by `name`.
fn with_database(url: &str, name: &str) -> StoreResult<String> {
    let mut url =
        url::Url::parse(url).map_err(|_| StoreError::Backend("not a PostgreSQL URL".into()))?;
    url.set_path(&format!("/{name}"));
    Ok(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_url_keeps_everything_but_the_name() {
        assert_eq!(
            with_database(
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
                "t_1"
            )
            .unwrap(),
            "postgres://postgres@127.0.0.1:5432/t_1?sslmode=disable"
        );
        assert!(plain_name("parasol_story").is_ok());
        assert!(plain_name("x\"; DROP").is_err());
        assert!(plain_name("").is_err());
    }
}
