//! Private screening over the API: blinded evaluation (rate-limited per member, counted,
//! never logged) and the signed tag list, whole or by bucket.

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use parasol_app::SignedTagList;
use serde::{Deserialize, Serialize};

/// The header that carries the tag list's signature.
pub const SIGNATURE_HEADER: &str = "parasol-signature";

#[derive(Serialize)]
pub struct ScreeningConfig {
    /// Default region for national phone numbers.
    region: String,
    /// `list` (download the whole list) or `bucket` (fetch one bucket per screen).
    mode: &'static str,
    /// Hex digits of tag prefix that name a bucket.
    bucket_hex_digits: usize,
    /// The organisation's tag-list public key (Ed25519, standard base64).
    tag_list_key: String,
    /// Entries in the whole list now.
    tags: u64,
}

pub async fn config(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<ScreeningConfig>, ApiError> {
    let org = state.parasol.organisation(member.org).await?;
    let tags = state.parasol.tag_list_len(member.org).await?;
    let key = state.parasol.tag_list_key(member.org).await?;
    Ok(Json(ScreeningConfig {
        region: org.region,
        mode: if tags > state.tag_list.whole_list_limit {
            "bucket"
        } else {
            "list"
        },
        bucket_hex_digits: hex_digits(&state),
        tag_list_key: STANDARD.encode(key),
        tags,
    }))
}

fn hex_digits(state: &AppState) -> usize {
    2 * usize::from(state.tag_list.bucket_bytes.clamp(1, 4))
}

#[derive(Deserialize)]
pub struct BlindRequest {
    blinded: String,
}

#[derive(Serialize)]
pub struct BlindResponse {
    evaluated: String,
}

pub async fn blind(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<BlindRequest>,
) -> Result<Json<BlindResponse>, ApiError> {
    state
        .limits
        .screening(member.id)
        .map_err(ApiError::RateLimited)?;
    let evaluated = state.parasol.blind_evaluate(&member, &req.blinded).await?;
    Ok(Json(BlindResponse {
        evaluated: URL_SAFE_NO_PAD.encode(evaluated),
    }))
}

#[derive(Deserialize)]
pub struct TagListQuery {
    since: Option<String>,
}

pub async fn tag_list(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Query(q): Query<TagListQuery>,
) -> Result<Response, ApiError> {
    let list = state.parasol.tag_list(&member, q.since.as_deref()).await?;
    Ok(signed(list))
}

pub async fn bucket(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(prefix): Path<String>,
) -> Result<Response, ApiError> {
    let list = state
        .parasol
        .tag_bucket(&member, &prefix, hex_digits(&state))
        .await?;
    Ok(signed(list))
}

/// The exact body bytes, their signature in a header, and no caching anywhere on the way.
fn signed(list: SignedTagList) -> Response {
    let signature = HeaderValue::from_str(&STANDARD.encode(list.signature))
        .unwrap_or(HeaderValue::from_static(""));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store, private"),
            ),
            (HeaderName::from_static(SIGNATURE_HEADER), signature),
        ],
        list.body,
    )
        .into_response()
}
