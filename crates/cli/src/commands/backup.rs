//! `parasol keys rotate`, `parasol backup` and `parasol restore`.
//!
//! A backup is the SQLite database copied consistently while the server runs
//! (`VACUUM INTO`), then sealed whole with a key derived from the master key: without the
//! key file the backup is as unreadable as the database, and with it, it restores.

use super::explain;
use crate::cli::{BackupArgs, DataArgs, RestoreArgs};
use crate::data_dir::{self, DATABASE_FILE};
use anyhow::{bail, Context, Result};
use parasol_crypto::keyfile;
use parasol_store_sqlite::SqliteStore;

/// First bytes of every backup file, so a wrong file is recognised at once.
const MAGIC: &[u8] = b"PARASOL BACKUP 1\n";
/// Associated data binding the sealed database to being a backup.
const AAD: &[u8] = b"parasol backup v1";

pub async fn rotate(args: DataArgs) -> Result<()> {
    let parasol = data_dir::open(&args.data, args.database_url.as_deref()).await?;
    let mut total = 0;
    for org in parasol
        .store()
        .organisations()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        let count = parasol.rotate_data_key(org.id).await.map_err(explain)?;
        println!("{}: new data key, {count} fields re-encrypted", org.name);
        total += count;
    }
    println!("{total} fields re-encrypted. Back up the database again: older backups need the key file, as before.");
    Ok(())
}

pub async fn backup(args: BackupArgs) -> Result<()> {
    if args
        .data
        .database_url
        .as_deref()
        .is_some_and(|u| u.starts_with("postgres"))
    {
        bail!(
            "parasol backup copies the SQLite database; for PostgreSQL use pg_dump (it holds only \
             ciphertext and tags) and keep the key file apart from the dump"
        );
    }
    if args.out.exists() {
        bail!("--out: {} exists; give a new file name", args.out.display());
    }
    let master =
        keyfile::from_env_or_dir(&args.data.data).context("could not read the master key")?;
    let path = args.data.data.join(DATABASE_FILE);
    if !path.exists() {
        bail!(
            "--data: there is no database in {}",
            args.data.data.display()
        );
    }
    let store = SqliteStore::open(&path).await.with_context(|| {
        format!(
            "could not open the database in {}",
            args.data.data.display()
        )
    })?;
    let work =
        tempfile::tempdir_in(&args.data.data).context("could not make a working directory")?;
    let snapshot = work.path().join("snapshot.db");
    store
        .snapshot(&snapshot)
        .await
        .context("could not copy the database")?;
    store.close().await;
    let plain = zeroize::Zeroizing::new(
        std::fs::read(&snapshot).context("could not read the copy of the database")?,
    );
    let sealed = master.backup_key().encrypt(&plain, AAD);
    let mut file = MAGIC.to_vec();
    file.extend_from_slice(&sealed);
    write_private(&args.out, &file)?;
    println!(
        "wrote {} ({} bytes, encrypted; restoring it needs this data directory's key file)",
        args.out.display(),
        file.len()
    );
    Ok(())
}

pub async fn restore(args: RestoreArgs) -> Result<()> {
    let target = args.data.join(DATABASE_FILE);
    if target.exists() {
        bail!(
            "--data: {} already holds a database; restore into a new data directory that holds only the key file",
            args.data.display()
        );
    }
    let master = keyfile::from_env_or_dir(&args.data).context(
        "could not read the master key: copy the key file into the data directory first",
    )?;
    let file = std::fs::read(&args.from)
        .with_context(|| format!("--from: could not read {}", args.from.display()))?;
    let Some(sealed) = file.strip_prefix(MAGIC) else {
        bail!("--from: {} is not a Parasol backup", args.from.display());
    };
    let plain = zeroize::Zeroizing::new(master.backup_key().decrypt(sealed, AAD).context(
        "the backup does not open with this key file: it was made with another key, or it is damaged",
    )?);
    write_private(&target, &plain)?;
    // Opening it checks it and brings its schema up to date.
    let store = SqliteStore::open(&target)
        .await
        .context("the restored database could not be opened")?;
    store.close().await;
    println!("restored into {}", target.display());
    Ok(())
}

/// Writes a file only its owner can read.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("could not create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .with_context(|| format!("could not write {}", path.display()))
}
