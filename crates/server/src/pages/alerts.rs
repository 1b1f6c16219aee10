//! Alerts in the member's areas, newest first, with filters; subscribing to alert mail.

use super::{badge, error_summary, failure, field_error, layout};
use crate::api::{alert_filters, AlertFilters};
use crate::auth::PageMember;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use parasol_app::AppError;
use parasol_core::{FieldError, IncidentKind, Level, Role};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Filters {
    area: Option<String>,
    level: Option<String>,
    kind: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Query(f): Query<Filters>,
) -> Response {
    render(&state, member, f, &[]).await
}

async fn render(
    state: &AppState,
    member: parasol_store::Member,
    f: Filters,
    errors: &[FieldError],
) -> Response {
    let AlertFilters { area, level, kind } =
        match alert_filters(f.area.as_deref(), f.level.as_deref(), f.kind.as_deref()) {
            Ok(x) => x,
            Err(e) => return failure(state, Some(&member), e),
        };
    let (alerts, areas, subs) = match (
        state.parasol.alerts(&member, area, level, kind).await,
        state.parasol.areas(state.org).await,
        state.parasol.subscriptions(&member).await,
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            return failure(state, Some(&member), e)
        }
    };
    let body = html! {
        h1 { "Alerts" }
        form method="get" action="/alerts" {
            label for="f-area" { "Area" }
            select #f-area name="area" {
                option value="" { "All areas" }
                @for a in &areas { option value=(a.id) selected[area == Some(a.id)] { (a.name) } }
            }
            label for="f-level" { "At least" }
            select #f-level name="level" {
                option value="" { "Any level" }
                @for l in [Level::Yellow, Level::Orange, Level::Red] {
                    option value=(l.slug()) selected[level == Some(l)] { (l.slug()) }
                }
            }
            label for="f-kind" { "Kind" }
            select #f-kind name="kind" {
                option value="" { "Any kind" }
                @for k in IncidentKind::ALL { option value=(k.slug()) selected[kind == Some(k)] { (k.label()) } }
            }
            button type="submit" { "Show" }
        }
        @if alerts.is_empty() { p { "No alerts right now." } }
        @for a in &alerts {
            article.card {
                (badge(a.level)) " " strong { (a.area) } " · " span.meta { (a.month) }
                p { (a.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")) }
                p { (a.text) }
                @if member.role >= Role::PeerWorker {
                    form method="post" action={ "/reports/" (a.report) "/retract" } {
                        button.secondary type="submit" { "Retract" }
                    }
                }
            }
        }
        h2 { "Alert emails" }
        p.meta { "Your address is stored encrypted and used only for alerts." }
        @for s in &subs {
            div.card {
                (s.area) ": " (s.email)
                form method="post" action="/alerts/unsubscribe" {
                    input type="hidden" name="area" value=(s.area_id);
                    button.secondary type="submit" { "Stop" }
                }
            }
        }
        (error_summary(errors, None))
        form method="post" action="/alerts/subscribe" {
            label for="s-area" { "Email me new alerts for" }
            select #s-area name="area" { @for a in &areas { option value=(a.id) { (a.name) } } }
            (field_error(errors, "area"))
            label for="s-email" { "at this email address" }
            input #s-email type="email" name="email" autocomplete="email";
            (field_error(errors, "email"))
            button type="submit" { "Subscribe" }
        }
    };
    layout(state, "Alerts", Some(&member), body).into_response()
}

pub async fn subscribe(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let area = form.get("area").parse::<i64>().unwrap_or(-1);
    match state
        .parasol
        .subscribe(&member, area, &form.get("email"))
        .await
    {
        Ok(()) => Redirect::to("/alerts").into_response(),
        Err(AppError::Invalid(errors)) => render(&state, member, Filters::default(), &errors).await,
        Err(e) => failure(&state, Some(&member), e),
    }
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let area = form.get("area").parse::<i64>().unwrap_or(-1);
    match state.parasol.unsubscribe(&member, area).await {
        Ok(()) => Redirect::to("/alerts").into_response(),
        Err(e) => failure(&state, Some(&member), e),
    }
}
