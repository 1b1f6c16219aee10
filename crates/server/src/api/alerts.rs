//! Alerts and alert-mail subscriptions.

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use parasol_app::{AlertView, SubscriptionView};
use parasol_core::{FieldError, IncidentKind, Level};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AlertQuery {
    area: Option<String>,
    level: Option<String>,
    kind: Option<String>,
}

#[derive(Deserialize)]
pub struct SubscribeRequest {
    area: i64,
    email: String,
}

/// The alert list's filters, read.
pub struct AlertFilters {
    /// One area, or all.
    pub area: Option<i64>,
    /// At least this level, or any.
    pub level: Option<Level>,
    /// Only this kind, or any.
    pub kind: Option<IncidentKind>,
}

/// Reads the optional filters of the alert list.
pub fn filters(
    area: Option<&str>,
    level: Option<&str>,
    kind: Option<&str>,
) -> Result<AlertFilters, FieldError> {
    let area = match area.filter(|a| !a.is_empty()) {
        Some(a) => Some(
            a.parse()
                .map_err(|_| FieldError::new("area", a, "an area id, e.g. 1"))?,
        ),
        None => None,
    };
    let level = match level.filter(|l| !l.is_empty()) {
        Some(l) => Some(
            Level::parse(l)
                .ok_or_else(|| FieldError::new("level", l, "one of: yellow, orange, red"))?,
        ),
        None => None,
    };
    let kind = match kind.filter(|k| !k.is_empty()) {
        Some(k) => Some(IncidentKind::parse(k)?),
        None => None,
    };
    Ok(AlertFilters { area, level, kind })
}

pub async fn list(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Query(q): Query<AlertQuery>,
) -> Result<Json<Vec<AlertView>>, ApiError> {
    let AlertFilters { area, level, kind } =
        filters(q.area.as_deref(), q.level.as_deref(), q.kind.as_deref())?;
    Ok(Json(
        state.parasol.alerts(&member, area, level, kind).await?,
    ))
}

pub async fn subscriptions(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<SubscriptionView>>, ApiError> {
    Ok(Json(state.parasol.subscriptions(&member).await?))
}

pub async fn subscribe(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<SubscribeRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .parasol
        .subscribe(&member, req.area, &req.email)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(area): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.parasol.unsubscribe(&member, area).await?;
    Ok(StatusCode::NO_CONTENT)
}
