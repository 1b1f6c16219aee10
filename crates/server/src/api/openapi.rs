//! The API's description, and its answers for unknown paths.

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use parasol_core::IncidentKind;
use serde_json::{json, Value};

/// The OpenAPI 3.1 document, kept beside the routes it describes.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn get() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

/// The incident kinds with their levels and labels, for clients building forms.
pub async fn vocabulary() -> Json<Value> {
    let kinds: Vec<Value> = IncidentKind::ALL
        .iter()
        .map(|k| json!({ "kind": k.slug(), "level": k.level(), "label": k.label() }))
        .collect();
    let reasons: Vec<Value> = parasol_core::verdict::RULES
        .iter()
        .map(|r| json!({ "code": r.code, "level": r.level, "text": r.reason }))
        .collect();
    Json(json!({
        "kinds": kinds,
        "reasons": reasons,
        "caution": parasol_core::verdict::CAUTION,
        "identifier_types": ["phone", "email", "handle", "plate"],
    }))
}
