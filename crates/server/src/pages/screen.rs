//! The screening page: one field, one button, a large traffic light with its reasons.

use super::{error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::error::ApiError;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use parasol_app::AppError;
use parasol_core::{FieldError, IdentifierKind, IncidentKind, Level, Verdict};
use parasol_store::Member;

fn advice(level: Level) -> &'static str {
    match level {
        Level::Red => "Violence or serious danger has been reported. Consider not seeing this person. If you do, tell a friend where you are and when to check on you.",
        Level::Orange => "Serious trouble has been reported. Take payment first, meet somewhere you control, and tell a friend where you are.",
        Level::Yellow => "Minor trouble, or a report not yet verified. Be careful and trust your instincts.",
        Level::Green => "Nothing has been reported to us. This is not a guarantee: trust your instincts and tell a friend where you are.",
    }
}

fn verdict_card(v: &Verdict) -> Markup {
    html! {
        div class={ "light " (v.verdict.slug()) } role="status" {
            strong { (v.verdict.slug()) }
            (advice(v.verdict))
        }
        @if !v.reasons.is_empty() {
            h2 { "Why" }
            ul { @for r in &v.reasons { li { (r.text) } } }
        }
        @if v.alerts > 0 {
            p {
                (v.alerts) " verified alert" @if v.alerts != 1 { "s" }
                @if let (Some(month), Some(area)) = (&v.latest_month, &v.latest_area) {
                    ", the latest in " (area) " in " (month)
                }
                "."
            }
            ul {
                @for (kind, n) in &v.counts {
                    li { (IncidentKind::parse(kind).map(|k| k.label()).unwrap_or("other")) ": " (n) }
                }
            }
        }
        @if v.pending > 0 { p { (v.pending) " report(s) waiting for a peer worker to verify them." } }
        p.meta { (v.caution) }
    }
}

fn form_page(
    state: &AppState,
    member: &Member,
    form: &FormPairs,
    errors: &[FieldError],
    verdict: Option<&Verdict>,
) -> Markup {
    let chosen = form.get("type");
    let chosen = if chosen.is_empty() {
        "phone".to_string()
    } else {
        chosen
    };
    let body = html! {
        h1 { "Screen before a booking" }
        (error_summary(errors, None))
        form method="post" action="/screen" {
            label for="type" { "What do you have?" }
            select #type name="type" {
                @for kind in IdentifierKind::ALL {
                    option value=(kind.slug()) selected[chosen == kind.slug()] { (kind.slug()) }
                }
            }
            label for="value" { "Number, email, platform:handle or plate" span.hint { "e.g. +44 7700 900123, name@example.org, telegram:bigdave, AB12 CDE" } }
            input #value type="text" name="value" value=(form.get("value")) autocomplete="off" autocapitalize="none" required;
            @for kind in IdentifierKind::ALL { (field_error(errors, kind.slug())) }
            (field_error(errors, "region"))
            button type="submit" { "Check" }
        }
        p.meta { "This page checks on the server, which sees what you typed for a moment but keeps only a count of checks, never what was checked or by whom." }
        @if let Some(v) = verdict { (verdict_card(v)) }
    };
    layout(state, "Screen", Some(member), body)
}

pub async fn page(State(state): State<AppState>, PageMember(member): PageMember) -> Markup {
    form_page(&state, &member, &FormPairs(vec![]), &[], None)
}

pub async fn submit(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    if let Err(wait) = state.limits.screening(member.id) {
        return failure(&state, Some(&member), ApiError::RateLimited(wait));
    }
    let kind = match IdentifierKind::parse(&form.get("type")) {
        Ok(kind) => kind,
        Err(e) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, &member, &form, &[e], None),
            )
                .into_response()
        }
    };
    match state
        .parasol
        .screen_typed(state.org, kind, &form.get("value"), None)
        .await
    {
        Ok(v) => form_page(&state, &member, &form, &[], Some(&v)).into_response(),
        Err(AppError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &member, &form, &errors, None),
        )
            .into_response(),
        Err(e) => failure(&state, Some(&member), e),
    }
}
