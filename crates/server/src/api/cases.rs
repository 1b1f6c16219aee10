//! Casework and evidence: cases, events, consents, referrals, the services directory,
//! assessments, audit trails, and the suppressed statistics exports (JSON and CSV).

use crate::auth::ApiMember;
use crate::error::ApiError;
use crate::forms::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use parasol_app::{
    AssessmentInput, AssessmentOutcome, CaseInput, CaseListItem, CaseView, ConsentInput,
    EventInput, Evidence, FollowUp, ReferralInput, ReferralUpdateInput, ServiceInput, ServiceView,
};
use parasol_casework::Profile;
use parasol_core::FieldError;
use parasol_store::AuditEntry;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct StatusRequest {
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WithdrawRequest {
    withdrawn_on: String,
}

#[derive(Deserialize)]
pub struct ThresholdRequest {
    threshold: Value,
}

fn created(id: i64) -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(json!({ "id": id })))
}

pub async fn list(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<CaseListItem>>, ApiError> {
    Ok(Json(state.parasol.case_list(&member).await?))
}

pub async fn open(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(input): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok(created(state.parasol.open_new_case(&member, input).await?))
}

pub async fn get(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(state.parasol.case(&member, id).await?))
}

pub async fn add_event(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok(created(
        state.parasol.add_case_event(&member, id, input).await?,
    ))
}

pub async fn set_status(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<StatusRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .parasol
        .set_case_status(&member, id, &req.status)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn give_consent(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ConsentInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok(created(
        state.parasol.record_consent(&member, id, input).await?,
    ))
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path((id, consent)): Path<(i64, i64)>,
    ApiJson(req): ApiJson<WithdrawRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .parasol
        .withdraw_consent(&member, id, consent, &req.withdrawn_on)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn refer(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReferralInput>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    Ok(created(state.parasol.refer(&member, id, input).await?))
}

pub async fn update_referral(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReferralUpdateInput>,
) -> Result<StatusCode, ApiError> {
    state.parasol.update_referral(&member, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn due(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<FollowUp>>, ApiError> {
    Ok(Json(state.parasol.follow_ups_due(&member).await?))
}

pub async fn assess(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> Result<Json<AssessmentOutcome>, ApiError> {
    Ok(Json(state.parasol.assess_case(&member, id, input).await?))
}

pub async fn audit(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    Ok(Json(state.parasol.case_audit(&member, id).await?))
}

pub async fn services(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Vec<ServiceView>>, ApiError> {
    Ok(Json(state.parasol.services(&member).await?))
}

pub async fn add_service(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<(StatusCode, Json<ServiceView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(state.parasol.add_service(&member, input).await?),
    ))
}

/// The jurisdiction profile peers go through with her: the organisation's own
/// (`parasol serve --profile FILE`), or the clearly marked example.
pub async fn profile(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Profile>, ApiError> {
    parasol_app::require_role(&member, parasol_core::Role::PeerWorker)?;
    Ok(Json(state.profile.as_ref().clone()))
}

pub async fn statistics(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
) -> Result<Json<Evidence>, ApiError> {
    Ok(Json(state.parasol.evidence(&member).await?))
}

/// One table as CSV: `/api/statistics/by_act_type.csv`.
pub async fn statistics_csv(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let names = parasol_app::evidence_table_names();
    let unknown = || {
        FieldError::new(
            "table",
            &file,
            format!(
                "one of: {}",
                names
                    .iter()
                    .map(|n| format!("{n}.csv"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    let name = file.strip_suffix(".csv").ok_or_else(unknown)?;
    if !names.contains(&name) {
        return Err(unknown().into());
    }
    let evidence = state.parasol.evidence(&member).await?;
    let table = evidence.table(name).ok_or_else(unknown)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        table.table.to_csv(),
    )
        .into_response())
}

pub async fn set_threshold(
    State(state): State<AppState>,
    ApiMember(member): ApiMember,
    ApiJson(req): ApiJson<ThresholdRequest>,
) -> Result<Json<Value>, ApiError> {
    let value = match &req.threshold {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let threshold = state
        .parasol
        .set_statistics_threshold(&member, &value)
        .await?;
    Ok(Json(json!({ "threshold": threshold })))
}
