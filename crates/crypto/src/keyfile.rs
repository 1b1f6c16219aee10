//! The master key file in the data directory, and the environment variable that can replace it.
//!
//! The file holds the key as one line of standard base64, so
//! `PARASOL_MASTER_KEY="$(cat parasol.key)"` moves it into the environment. On Unix it is
//! created with mode 0600 and refused if group or others have any access to it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

use rand::rngs::OsRng;
use rand::RngCore;
use zeroize::Zeroizing;

use crate::{CryptoError, MasterKey};

/// The key file's name inside the data directory.
pub const FILE_NAME: &str = "parasol.key";

/// The environment variable that, when set, supplies the master key as base64 instead of
/// the key file.
pub const ENV_VAR: &str = "PARASOL_MASTER_KEY";

/// A valid key file is 44 characters and a newline; anything much larger is not one, and
/// is not read into memory in full.
const MAX_KEY_FILE_LEN: u64 = 1024;

/// Loads `dir/parasol.key`, or creates it with a new random key if there is none.
///
/// A new file is written under a temporary name created exclusively with mode 0600 (never
/// readable by others, even briefly), synced, and then hard-linked into place, so no
/// process ever sees a half-written key file and two processes starting at once end up
/// with the same key. `dir` is created (mode 0700) if missing. An existing key file is
/// checked as [`load`] does.
pub fn load_or_create(dir: &Path) -> Result<MasterKey, CryptoError> {
    let path = dir.join(FILE_NAME);
    match load(dir) {
        Err(CryptoError::KeyFileMissing { .. }) => {}
        loaded => return loaded,
    }
    create_dir(dir)?;
    let key = MasterKey::generate();
    match publish(dir, &path, &key) {
        Ok(()) => Ok(key),
        // Another process created the key file first: use theirs.
        Err(CryptoError::KeyFileIo { source, .. })
            if source.kind() == io::ErrorKind::AlreadyExists =>
        {
            load(dir)
        }
        Err(err) => Err(err),
    }
}

/// Loads `dir/parasol.key`.
///
/// Refuses a key file that group or others can read, write or execute (it must be 0600
/// or stricter), one that is not a regular file, and one whose contents are not a
/// base64-encoded 32-byte key.
pub fn load(dir: &Path) -> Result<MasterKey, CryptoError> {
    let path = dir.join(FILE_NAME);
    // Check the type before opening, so a FIFO planted at the path cannot block the open.
    match fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => return Err(CryptoError::KeyFileNotRegular { path }),
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(CryptoError::KeyFileMissing { path })
        }
        Err(source) => return Err(io_error("read", &path, source)),
    }
    let file = File::open(&path).map_err(|source| io_error("open", &path, source))?;
    // Check the file that was opened, not the path, so a swap in between changes nothing.
    let meta = file
        .metadata()
        .map_err(|source| io_error("read", &path, source))?;
    if !meta.is_file() {
        return Err(CryptoError::KeyFileNotRegular { path });
    }
    check_mode(&path, &meta)?;

    // Room for the whole (bounded) file, so reading never reallocates and strands a copy.
    let mut contents = Zeroizing::new(Vec::with_capacity(MAX_KEY_FILE_LEN as usize + 1));
    file.take(MAX_KEY_FILE_LEN + 1)
        .read_to_end(&mut contents)
        .map_err(|source| io_error("read", &path, source))?;
    if contents.len() as u64 > MAX_KEY_FILE_LEN {
        return Err(damaged(&path, "it is far longer than a key"));
    }
    let text = std::str::from_utf8(&contents).map_err(|_| {
        damaged(
            &path,
            "it is not text (a key file holds one line of base64)",
        )
    })?;
    MasterKey::from_base64(text).map_err(|err| damaged(&path, &err.to_string()))
}

/// The master key from `PARASOL_MASTER_KEY` (base64) if that variable is set, otherwise
/// [`load`] from `dir`.
///
/// A variable that is set but empty or invalid is an error, not a silent fall-back to the
/// key file, so a typo in a deployment cannot switch keys unnoticed.
pub fn from_env_or_dir(dir: &Path) -> Result<MasterKey, CryptoError> {
    match std::env::var_os(ENV_VAR) {
        Some(value) => {
            let text = value.to_str().ok_or_else(|| CryptoError::EnvKey {
                reason: "it is not valid UTF-8".to_owned(),
            })?;
            MasterKey::from_base64(text).map_err(|err| CryptoError::EnvKey {
                reason: err.to_string(),
            })
        }
        None => load(dir),
    }
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> CryptoError {
    CryptoError::KeyFileIo {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn damaged(path: &Path, reason: &str) -> CryptoError {
    CryptoError::KeyFileDamaged {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    }
}

#[cfg(unix)]
fn check_mode(path: &Path, meta: &fs::Metadata) -> Result<(), CryptoError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(CryptoError::KeyFileMode {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_mode(_path: &Path, _meta: &fs::Metadata) -> Result<(), CryptoError> {
    // No Unix permission bits here; protecting the file is left to the platform's ACLs.
    Ok(())
}

fn create_dir(dir: &Path) -> Result<(), CryptoError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|source| io_error("create the directory for", &dir.join(FILE_NAME), source))
}

/// Writes `key` to a fresh temporary file and links it to `path`, which must not exist.
fn publish(dir: &Path, path: &Path, key: &MasterKey) -> Result<(), CryptoError> {
    let temp = dir.join(format!(".{FILE_NAME}.{:016x}.tmp", OsRng.next_u64()));
    let written = write_new(&temp, key).and_then(|()| {
        // link() never replaces an existing file, unlike rename().
        fs::hard_link(&temp, path).map_err(|source| io_error("create", path, source))
    });
    // The temporary name is only scaffolding; the key lives on under `path` if linked.
    let removed = fs::remove_file(&temp);
    written?;
    removed.map_err(|source| io_error("remove the temporary copy of", &temp, source))?;
    sync_dir(dir, path)
}

fn write_new(temp: &Path, key: &MasterKey) -> Result<(), CryptoError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Set at creation (subject only to the umask, which can only remove bits).
        options.mode(0o600);
    }
    let mut file = options
        .open(temp)
        .map_err(|source| io_error("create", temp, source))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Undo an unusual umask that removed the owner's own read or write bit.
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|source| io_error("set the mode of", temp, source))?;
    }
    let encoded = Zeroizing::new(key.to_base64());
    file.write_all(encoded.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .map_err(|source| io_error("write", temp, source))?;
    file.sync_all()
        .map_err(|source| io_error("sync", temp, source))
}

#[cfg(unix)]
fn sync_dir(dir: &Path, path: &Path) -> Result<(), CryptoError> {
    // Make the new directory entry durable: a key that vanished after a crash would leave
    // everything wrapped with it unreadable.
    File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(|source| io_error("sync the directory of", path, source))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path, _path: &Path) -> Result<(), CryptoError> {
    Ok(())
}
