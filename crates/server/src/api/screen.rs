//! Direct screening over the API: rate-limited per member, logged only as a counter.

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use parasol_core::{IdentifierKind, Verdict};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ScreenRequest {
    #[serde(rename = "type")]
    kind: String,
    value: String,
    #[serde(default)]
    region: Option<String>,
}

pub async fn screen(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<ScreenRequest>,
) -> Result<Json<Verdict>, ApiError> {
    state
        .limits
        .screening(member.id)
        .map_err(ApiError::RateLimited)?;
    let kind = IdentifierKind::parse(&req.kind)?;
    let verdict = state
        .parasol
        .screen_typed(state.org, kind, &req.value, req.region.as_deref())
        .await?;
    Ok(Json(verdict))
}
