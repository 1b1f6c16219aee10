//! Coordinators (and peer workers, for member invites): invites, areas, alert expiry.

use super::{error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use parasol_app::{require_role, AppError};
use parasol_core::{FieldError, Role};
use parasol_store::Member;

async fn render(
    state: &AppState,
    member: &Member,
    errors: &[FieldError],
    invite: Option<(&str, Role)>,
) -> Response {
    if let Err(e) = require_role(member, Role::PeerWorker) {
        return failure(state, Some(member), e);
    }
    let (areas, org, members) = match (
        state.parasol.areas(state.org).await,
        state.parasol.organisation(state.org).await,
        state.parasol.members(member).await,
    ) {
        (Ok(a), Ok(o), Ok(m)) => (a, o, m),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return failure(state, Some(member), e),
    };
    let coordinator = member.role >= Role::Coordinator;
    let body: Markup = html! {
        h1 { "Invites, areas and settings" }
        (error_summary(errors, None))
        @if let Some((code, role)) = invite {
            div.notice role="status" {
                p { "New invite for a " (role.slug().replace('_', " ")) ". Give it to her in person or by a safe channel; it works once, for 14 days:" }
                p { code.invite { (code) } }
            }
        }
        h2 { "Invite someone" }
        form method="post" action="/admin/invite" {
            label for="role" { "As" }
            select #role name="role" {
                option value="member" { "member" }
                @if coordinator {
                    option value="peer_worker" { "peer worker" }
                    option value="coordinator" { "coordinator" }
                }
            }
            button type="submit" { "Make an invite code" }
        }
        p.meta { "To reset a forgotten passphrase, make a new invite: she joins again with a new handle." }
        h2 { "Members" }
        ul { @for m in &members { li { (m.handle) " · " (m.role.slug().replace('_', " ")) } } }
        @if coordinator {
            h2 { "Areas" }
            ul { @for a in &areas { li { (a.name) } } }
            form method="post" action="/admin/areas" {
                label for="area-name" { "New area" span.hint { "A city or district, never an exact place." } }
                input #area-name type="text" name="name";
                (field_error(errors, "area"))
                button type="submit" { "Add area" }
            }
            h2 { "How long alerts stay up" }
            form method="post" action="/admin/expiry" {
                label for="alert_days" { "Days for yellow and orange alerts" }
                input #alert_days type="number" name="alert_days" value=(org.alert_days) min="1" max="3650";
                (field_error(errors, "alert_days"))
                label for="red_alert_days" { "Days for red alerts" }
                input #red_alert_days type="number" name="red_alert_days" value=(org.red_alert_days) min="1" max="3650";
                (field_error(errors, "red_alert_days"))
                button type="submit" { "Save" }
            }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, layout(state, "Admin", Some(member), body)).into_response()
}

pub async fn page(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    render(&state, &member, &[], None).await
}

pub async fn invite(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let role = match Role::parse(&form.get("role")) {
        Ok(r) => r,
        Err(e) => return render(&state, &member, &[e], None).await,
    };
    match state.parasol.invite(&member, role).await {
        Ok(code) => render(&state, &member, &[], Some((code.as_str(), role))).await,
        Err(e) => failure(&state, Some(&member), e),
    }
}

fn outcome(
    state: &AppState,
    member: &Member,
    result: Result<(), AppError>,
) -> Result<Response, Vec<FieldError>> {
    match result {
        Ok(()) => Ok(Redirect::to("/admin").into_response()),
        Err(AppError::Invalid(errors)) => Err(errors),
        Err(e) => Ok(failure(state, Some(member), e)),
    }
}

pub async fn add_area(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let result = state
        .parasol
        .add_area(&member, &form.get("name"))
        .await
        .map(|_| ());
    match outcome(&state, &member, result) {
        Ok(r) => r,
        Err(errors) => render(&state, &member, &errors, None).await,
    }
}

pub async fn set_expiry(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let days = |name: &str| form.get(name).trim().parse::<i64>().unwrap_or(0);
    let result = state
        .parasol
        .set_alert_expiry(&member, days("alert_days"), days("red_alert_days"))
        .await;
    match outcome(&state, &member, result) {
        Ok(r) => r,
        Err(errors) => render(&state, &member, &errors, None).await,
    }
}
