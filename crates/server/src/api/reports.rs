//! Reports: submit, the verification queue, publish, reject, retract.

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use parasol_app::{PublishInput, ReportInput, ReportView};
use parasol_core::{FieldError, IdentifierKind, ReportConsent};
use parasol_store::ReportStatus;
use serde::Deserialize;
use serde_json::{json, Value};

/// An identifier as sent: `{"type": "phone", "value": "+44 7700 900123"}`.
#[derive(Deserialize)]
pub struct IdentifierRequest {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[derive(Deserialize)]
pub struct ReportRequest {
    kinds: Vec<String>,
    area: Value,
    #[serde(default)]
    occurred_on: String,
    identifiers: Vec<IdentifierRequest>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    narrative: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    consent: ReportConsent,
}

#[derive(Deserialize)]
pub struct PublishRequest {
    kinds: Vec<String>,
    area: Value,
    text: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: Option<String>,
}

/// An area given as an id (number) or a name (string).
fn area_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<ReportRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut identifiers = Vec::new();
    let mut errors = Vec::new();
    for (i, id) in req.identifiers.iter().enumerate() {
        match IdentifierKind::parse(&id.kind) {
            Ok(kind) => identifiers.push((kind, id.value.clone())),
            Err(e) => errors.push(FieldError {
                field: format!("identifiers[{i}].type"),
                ..e
            }),
        }
    }
    if !errors.is_empty() {
        return Err(parasol_app::AppError::Invalid(errors).into());
    }
    let input = ReportInput {
        kinds: req.kinds,
        area: area_text(&req.area),
        occurred_on: req.occurred_on,
        identifiers,
        region: req.region,
        narrative: req.narrative,
        description: req.description,
        consent: req.consent,
    };
    let id = state.parasol.submit_report(&member, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "id": id, "status": "pending", "message": "Thank you. Your report is saved; a peer worker will look at it." }),
        ),
    ))
}

pub async fn list(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    let status = match q.status.as_deref() {
        None | Some("") => ReportStatus::Pending,
        Some(s) => ReportStatus::parse(s).ok_or_else(|| {
            FieldError::new(
                "status",
                s,
                "one of: pending, published, rejected, retracted",
            )
        })?,
    };
    Ok(Json(
        state.parasol.reports_with_status(&member, status).await?,
    ))
}

pub async fn mine(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    Ok(Json(state.parasol.my_reports(&member).await?))
}

pub async fn get(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
) -> Result<Json<ReportView>, ApiError> {
    Ok(Json(state.parasol.report(&member, id).await?))
}

pub async fn publish(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<PublishRequest>,
) -> Result<Json<Value>, ApiError> {
    let input = PublishInput {
        kinds: req.kinds,
        area: area_text(&req.area),
        text: req.text,
    };
    let alert = state.parasol.publish(&member, id, input).await?;
    state.mail_wake.notify_one();
    Ok(Json(
        json!({ "alert": alert.id, "expires_at": alert.expires_at }),
    ))
}

pub async fn reject(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.parasol.reject(&member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn retract(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.parasol.retract(&member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
