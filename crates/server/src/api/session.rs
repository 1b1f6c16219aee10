//! Joining with an invite, signing in and out.

use crate::auth::{presented_token, ApiMember};
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::Json;
use parasol_store::Member;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct JoinRequest {
    invite: String,
    handle: String,
    passphrase: String,
}

#[derive(Deserialize)]
pub struct SignInRequest {
    handle: String,
    passphrase: String,
}

fn signed_in(member: &Member, token: &str) -> Value {
    json!({ "token": token, "member": member })
}

pub async fn join(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<JoinRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let s = state
        .parasol
        .join(&req.invite, &req.handle, &req.passphrase)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(signed_in(&s.member, s.token.as_str())),
    ))
}

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignInRequest>,
) -> Result<Json<Value>, ApiError> {
    let s = state
        .parasol
        .sign_in(state.org, &req.handle, &req.passphrase)
        .await?;
    Ok(Json(signed_in(&s.member, s.token.as_str())))
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = presented_token(&headers) {
        state.parasol.sign_out(&token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<StatusCode, ApiError> {
    state.parasol.sign_out_everywhere(&member).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(ApiMember(member): ApiMember) -> Json<Member> {
    Json(member)
}
