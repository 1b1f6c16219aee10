//! Coordinator and peer-worker administration: areas, invites, members, settings.

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use parasol_core::Role;
use parasol_store::{Area, Member};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct AreaRequest {
    name: String,
}

#[derive(Deserialize)]
pub struct InviteRequest {
    #[serde(default = "member_role")]
    role: String,
}

fn member_role() -> String {
    "member".into()
}

#[derive(Deserialize)]
pub struct RoleRequest {
    role: String,
}

#[derive(Deserialize)]
pub struct ExpiryRequest {
    alert_days: i64,
    red_alert_days: i64,
}

pub async fn areas(
    State(state): State<AppState>,
    ApiMember(_member): ApiMember,
) -> Result<Json<Vec<Area>>, ApiError> {
    Ok(Json(state.parasol.areas(state.org).await?))
}

pub async fn add_area(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<AreaRequest>,
) -> Result<(StatusCode, Json<Area>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.parasol.add_area(&member, &req.name).await?),
    ))
}

pub async fn invite(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let role = Role::parse(&req.role)?;
    let code = state.parasol.invite(&member, role).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "invite": code.as_str(), "role": role, "valid_days": 14 })),
    ))
}

pub async fn members(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<Member>>, ApiError> {
    Ok(Json(state.parasol.members(&member).await?))
}

pub async fn set_role(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<RoleRequest>,
) -> Result<StatusCode, ApiError> {
    let role = Role::parse(&req.role)?;
    state.parasol.set_role(&member, id, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn set_expiry(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<ExpiryRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .parasol
        .set_alert_expiry(&member, req.alert_days, req.red_alert_days)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
