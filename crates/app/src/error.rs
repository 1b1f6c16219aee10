//! What can go wrong in an operation, in terms a member or an operator can act on.

use parasol_core::FieldError;
use parasol_store::StoreError;

/// Result of an operation.
pub type AppResult<T> = Result<T, AppError>;

/// Why an operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input was refused; every refused field is listed.
    #[error("some fields need correcting")]
    Invalid(Vec<FieldError>),
    /// No valid session, or wrong handle or passphrase.
    #[error("{0}")]
    Unauthorised(&'static str),
    /// Signed in, but this needs another role or is someone else's.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The thing named does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// Something failed inside Parasol; details are in the operator's log only.
    #[error("something went wrong on our side; nothing was changed, please try again")]
    Internal(String),
}

impl AppError {
    /// One refused field.
    pub fn field(error: FieldError) -> Self {
        AppError::Invalid(vec![error])
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::field(error)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Backend(message) => AppError::Internal(message),
        }
    }
}

impl From<parasol_crypto::CryptoError> for AppError {
    fn from(error: parasol_crypto::CryptoError) -> Self {
        AppError::Internal(error.to_string())
    }
}
