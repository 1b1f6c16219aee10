//! Peer workers: the verification queue, reviewing a report, publishing or rejecting it.

use super::{badge, error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use parasol_app::{AppError, PublishInput, ReportView};
use parasol_core::{FieldError, IncidentKind};
use parasol_store::{Area, Member};

pub async fn page(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    let reports = match state.parasol.queue(&member).await {
        Ok(r) => r,
        Err(e) => return failure(&state, Some(&member), e),
    };
    let body = html! {
        h1 { "Verification queue" }
        @if reports.is_empty() { p { "Nothing waiting. Thank you." } }
        @for r in &reports {
            div.card {
                (badge(r.level)) " " strong { (r.area) } " · " span.meta { (r.occurred_on) }
                p { (r.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")) }
                @if !r.consent.publish_alert { p.meta { "The reporter did not agree to an alert." } }
                a.button href={ "/queue/" (r.id) } { "Review" }
            }
        }
    };
    layout(&state, "Queue", Some(&member), body).into_response()
}

fn suggested_text(r: &ReportView) -> String {
    format!(
        "{} reported in {}. Screen before booking and tell a friend where you are.",
        r.kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", "),
        r.area
    )
}

fn review_page(
    state: &AppState,
    member: &Member,
    r: &ReportView,
    areas: &[Area],
    form: &FormPairs,
    errors: &[FieldError],
    message: Option<&str>,
) -> Markup {
    let fresh = form.0.is_empty();
    let kinds: Vec<String> = if fresh {
        r.kinds.iter().map(|k| k.slug().to_string()).collect()
    } else {
        form.all("kinds")
    };
    let area = if fresh {
        r.area_id.to_string()
    } else {
        form.get("area")
    };
    let text = if fresh {
        suggested_text(r)
    } else {
        form.get("text")
    };
    let body = html! {
        h1 { "Review report" }
        div.card {
            (badge(r.level)) " " strong { (r.area) } " · " span.meta { (r.occurred_on) }
            p { strong { "Kinds: " } (r.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")) }
            p { strong { "Identifiers given: " } (r.identifier_types.iter().map(|k| k.slug()).collect::<Vec<_>>().join(", ")) }
            h2 { "What happened" }
            p { (r.narrative) }
            @if !r.description.is_empty() { h2 { "Description" } p { (r.description) } }
            h2 { "The reporter agreed to" }
            ul {
                li { "an anonymised alert: " (if r.consent.publish_alert { "yes" } else { "no" }) }
                li { "anonymous sharing with police: " (if r.consent.police_anonymous { "yes" } else { "no" }) }
                li { "sharing with police with contact: " (if r.consent.police_with_contact { "yes" } else { "no" }) }
                li { "being contacted for support: " (if r.consent.support_contact { "yes" } else { "no" }) }
            }
        }
        (error_summary(errors, message))
        @if r.consent.publish_alert {
            form method="post" action={ "/queue/" (r.id) "/publish" } {
                fieldset {
                    legend { "Kinds as verified" }
                    @for kind in IncidentKind::ALL {
                        label.check {
                            input type="checkbox" name="kinds" value=(kind.slug()) checked[kinds.iter().any(|k| k == kind.slug())];
                            span { (kind.label()) }
                        }
                    }
                    (field_error(errors, "kinds"))
                }
                label for="area" { "Area" }
                select #area name="area" {
                    @for a in areas { option value=(a.id) selected[area == a.id.to_string()] { (a.name) } }
                }
                (field_error(errors, "area"))
                label for="text" { "Alert text members will read" span.hint { "Leave out anything that could identify the reporter." } }
                textarea #text name="text" { (text) }
                (field_error(errors, "text"))
                button type="submit" { "Verify and publish" }
            }
        }
        form method="post" action={ "/queue/" (r.id) "/reject" } {
            button.secondary type="submit" { "Verify without publishing (reject)" }
        }
    };
    layout(state, "Review", Some(member), body)
}

async fn show(
    state: &AppState,
    member: Member,
    id: i64,
    form: &FormPairs,
    errors: &[FieldError],
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let (r, areas) = match (
        state.parasol.report(&member, id).await,
        state.parasol.areas(state.org).await,
    ) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(e), _) | (_, Err(e)) => return failure(state, Some(&member), e),
    };
    if let Err(e) = parasol_app::require_role(&member, parasol_core::Role::PeerWorker) {
        return failure(state, Some(&member), e);
    }
    (
        status,
        review_page(state, &member, &r, &areas, form, errors, message),
    )
        .into_response()
}

pub async fn review(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
) -> Response {
    show(
        &state,
        member,
        id,
        &FormPairs(vec![]),
        &[],
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn publish(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let input = PublishInput {
        kinds: form.all("kinds"),
        area: form.get("area"),
        text: form.get("text"),
    };
    match state.parasol.publish(&member, id, input).await {
        Ok(_) => {
            state.mail_wake.notify_one();
            Redirect::to("/queue").into_response()
        }
        Err(AppError::Invalid(errors)) => {
            show(
                &state,
                member,
                id,
                &form,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e @ (AppError::Conflict(_) | AppError::Forbidden(_))) => {
            let message = e.to_string();
            show(
                &state,
                member,
                id,
                &form,
                &[],
                Some(&message),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => failure(&state, Some(&member), e),
    }
}

pub async fn reject(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
) -> Response {
    match state.parasol.reject(&member, id).await {
        Ok(()) => Redirect::to("/queue").into_response(),
        Err(e) => failure(&state, Some(&member), e),
    }
}
