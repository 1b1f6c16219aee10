//! Every API error is JSON naming the field, what was read and what was expected.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use parasol_app::AppError;
use parasol_core::FieldError;
use serde::Serialize;
use std::time::Duration;

/// An API failure, rendered as `{"error", "message", "fields"}`.
#[derive(Debug)]
pub enum ApiError {
    /// From an operation.
    App(AppError),
    /// The body was not the JSON expected.
    Body(FieldError),
    /// Too many requests; try again after this long.
    RateLimited(Duration),
    /// The body is larger than [`crate::MAX_BODY_BYTES`].
    TooLarge,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldError],
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_seconds: Option<u64>,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::App(AppError::field(e))
    }
}

impl ApiError {
    /// Status code, machine-readable code and message.
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::App(e) => {
                let (status, code) = match e {
                    AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
                    AppError::Unauthorised(_) => (StatusCode::UNAUTHORIZED, "unauthorised"),
                    AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
                    AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
                    AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
                    AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
                };
                (status, code, e.to_string())
            }
            ApiError::Body(e) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the request body could not be read at {}", e.field),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "the request is larger than {} KiB; shorten the text and try again",
                    crate::MAX_BODY_BYTES / 1024
                ),
            ),
            ApiError::RateLimited(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "you have screened a lot in a short time; please wait {} seconds",
                    wait.as_secs().max(1)
                ),
            ),
        }
    }

    /// The refused fields, if any.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            ApiError::App(AppError::Invalid(fields)) => fields,
            ApiError::Body(field) => std::slice::from_ref(field),
            _ => &[],
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::App(AppError::Internal(detail)) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, code, message) = self.parts();
        let retry = match &self {
            ApiError::RateLimited(wait) => Some(wait.as_secs().max(1)),
            _ => None,
        };
        let body = Body {
            error: code,
            message,
            fields: self.fields(),
            retry_after_seconds: retry,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = retry {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
