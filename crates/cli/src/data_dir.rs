//! Opening a data directory: its key and its store (SQLite file, or the database a URL names).

use anyhow::{bail, Context, Result};
use parasol_app::Parasol;
use parasol_crypto::keyfile;
use parasol_store::Store;
use parasol_store_postgres::PostgresStore;
use parasol_store_sqlite::SqliteStore;
use std::path::Path;
use std::sync::Arc;

/// The SQLite database file inside a data directory.
pub const DATABASE_FILE: &str = "parasol.db";

/// Opens the store a URL names, or the data directory's SQLite file.
pub async fn open_store(data: &Path, url: Option<&str>) -> Result<Arc<dyn Store>> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let store = PostgresStore::connect(url).await.context(
                "could not open the PostgreSQL database (is the server running and the URL right?)",
            )?;
            Ok(Arc::new(store))
        }
        Some(url) if url.starts_with("sqlite:") => {
            let store = SqliteStore::open_url(url)
                .await
                .context("could not open the SQLite database")?;
            Ok(Arc::new(store))
        }
        Some(_) => bail!("--database-url must start with postgres://, postgresql:// or sqlite:"),
        None => {
            let path = data.join(DATABASE_FILE);
            let store = SqliteStore::open(&path)
                .await
                .with_context(|| format!("could not open the database in {}", data.display()))?;
            Ok(Arc::new(store))
        }
    }
}

/// Creates the data directory if needed, readable only by its owner.
pub fn create_dir(data: &Path) -> Result<()> {
    std::fs::create_dir_all(data)
        .with_context(|| format!("could not create {}", data.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("could not restrict {}", data.display()))?;
    }
    Ok(())
}

/// Opens an existing data directory: key and store.
pub async fn open(data: &Path, url: Option<&str>) -> Result<Parasol> {
    if !data.exists() {
        bail!(
            "{} does not exist; create it with `parasol init --data {}`",
            data.display(),
            data.display()
        );
    }
    let master = keyfile::from_env_or_dir(data).context("could not read the master key")?;
    let store = open_store(data, url).await?;
    Ok(Parasol::new(store, master))
}
