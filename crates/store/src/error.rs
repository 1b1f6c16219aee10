//! The one error type of every store.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing named does not exist (or is not visible to this organisation).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change conflicts with what is stored (a taken name, a report already decided).
    #[error("{0}")]
    Conflict(String),
    /// The database failed; the message is for operators, never shown to members.
    #[error("database error: {0}")]
    Backend(String),
}
