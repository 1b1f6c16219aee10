//! How sqlx's errors become the store's one error type, without any value that was bound.

use parasol_store::StoreError;
use sqlx::error::ErrorKind;

/// Any failure the caller cannot act on. A unique violation is still a `Conflict`.
pub(crate) fn backend(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) => match db.kind() {
            ErrorKind::UniqueViolation => StoreError::Conflict("that already exists".into()),
            // The database's own message names the table and constraint, never a value.
            _ => StoreError::Backend(format!(
                "{} (code {})",
                db.message(),
                db.code().as_deref().unwrap_or("none")
            )),
        },
        other => StoreError::Backend(other.to_string()),
    }
}

/// A unique violation means `message` (a taken name, say); anything else is [`backend`].
pub(crate) fn taken(error: sqlx::Error, message: &str) -> StoreError {
    if is(&error, ErrorKind::UniqueViolation) {
        StoreError::Conflict(message.into())
    } else {
        backend(error)
    }
}

/// A foreign key violation means `what` does not exist; anything else is [`backend`].
pub(crate) fn missing(error: sqlx::Error, what: &'static str) -> StoreError {
    if is(&error, ErrorKind::ForeignKeyViolation) {
        StoreError::NotFound(what)
    } else {
        backend(error)
    }
}

/// [`taken`] and [`missing`] together, for an insert that can fail either way.
pub(crate) fn taken_or_missing(
    error: sqlx::Error,
    message: &str,
    what: &'static str,
) -> StoreError {
    if is(&error, ErrorKind::UniqueViolation) {
        StoreError::Conflict(message.into())
    } else {
        missing(error, what)
    }
}

/// A stored value this code cannot read: the row is corrupt or from a newer version.
pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Backend(format!("unreadable {what} in the database"))
}

fn is(error: &sqlx::Error, kind: ErrorKind) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.kind() == kind)
}
