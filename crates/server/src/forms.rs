//! Reading request bodies without ever rejecting in a way the person cannot act on:
//! JSON errors name the field path; HTML forms are read as plain pairs so what was
//! typed can always be shown again.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use parasol_core::FieldError;
use serde::de::DeserializeOwned;

/// A body that could not be read: too large, or cut off.
fn unreadable(e: axum::extract::rejection::BytesRejection) -> ApiError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge
    } else {
        ApiError::Body(FieldError::new(
            "body",
            "",
            format!("a complete request body ({e})"),
        ))
    }
}

/// A JSON body whose errors say which field was wrong.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(unreadable)?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de)
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                let inner = e.into_inner();
                // serde's message names types, never values, so it is safe to echo.
                ApiError::Body(FieldError::new(field, "", format!("valid JSON: {inner}")))
            })
    }
}

/// An `application/x-www-form-urlencoded` body as ordered pairs; never rejected.
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    /// The first value of a field, or empty.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether a checkbox was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(unreadable)?;
        Ok(FormPairs(
            serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
        ))
    }
}
