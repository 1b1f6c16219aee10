//! Plain server-rendered pages, enough to walk the safety loop in any browser, with or
//! without JavaScript. Forms re-render with what was typed when a field is refused.

mod admin;
mod alerts;
mod cases;
mod queue;
mod report;
mod screen;
mod session;

use crate::auth::PageMember;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, DOCTYPE};
use parasol_app::AppError;
use parasol_core::{FieldError, Level, Role};
use parasol_store::Member;

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/signin", get(session::sign_in_page).post(session::sign_in))
        .route("/join", get(session::join_page).post(session::join))
        .route("/signout", post(session::sign_out))
        .route("/signout-everywhere", post(session::sign_out_everywhere))
        .route("/screen", get(screen::page).post(screen::submit))
        .route("/report", get(report::page).post(report::submit))
        .route("/my-reports", get(report::mine))
        .route("/reports/{id}/retract", post(report::retract))
        .route("/alerts", get(alerts::page))
        .route("/alerts/subscribe", post(alerts::subscribe))
        .route("/alerts/unsubscribe", post(alerts::unsubscribe))
        .route("/queue", get(queue::page))
        .route("/queue/{id}", get(queue::review))
        .route("/queue/{id}/publish", post(queue::publish))
        .route("/queue/{id}/reject", post(queue::reject))
        .route("/admin", get(admin::page))
        .route("/admin/invite", post(admin::invite))
        .route("/admin/areas", post(admin::add_area))
        .route("/admin/expiry", post(admin::set_expiry))
        .route("/cases", get(cases::list).post(cases::open))
        .route("/cases/report", get(cases::report))
        .route("/cases/report.css", get(cases::report_css))
        .route("/cases/{id}", get(cases::page))
        .route("/cases/{id}/events", post(cases::add_event))
        .route("/cases/{id}/status", post(cases::set_status))
        .route("/cases/{id}/consents", post(cases::give_consent))
        .route(
            "/cases/{id}/consents/{consent}/withdraw",
            post(cases::withdraw_consent),
        )
        .route("/cases/{id}/referrals", post(cases::refer))
        .route(
            "/cases/{id}/referrals/{referral}",
            post(cases::update_referral),
        )
        .route("/cases/{id}/assessment", post(cases::assess))
        .fallback(not_found)
}

/// A whole page. Titles never carry personal data.
pub fn layout(state: &AppState, title: &str, member: Option<&Member>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Parasol" }
                link rel="stylesheet" href="/static/parasol.css";
                link rel="icon" href="/static/icon.svg" type="image/svg+xml";
            }
            body {
                header {
                    a.org href="/" { (state.org_name) }
                    @if let Some(m) = member {
                        a href="/screen" { "Screen" }
                        a href="/report" { "Report" }
                        a href="/alerts" { "Alerts" }
                        @if m.role >= Role::PeerWorker { a href="/queue" { "Queue" } }
                        @if m.role >= Role::PeerWorker { a href="/cases" { "Cases" } }
                        @if m.role >= Role::Coordinator { a href="/admin" { "Admin" } }
                        form.inline method="post" action="/signout" {
                            button.secondary.compact type="submit" { "Sign out" }
                        }
                    } @else {
                        a href="/signin" { "Sign in" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The list of refused fields at the top of a form.
pub fn error_summary(errors: &[FieldError], message: Option<&str>) -> Markup {
    html! {
        @if !errors.is_empty() || message.is_some() {
            div.errors role="alert" {
                @if let Some(m) = message { p { (m) } }
                @if !errors.is_empty() {
                    p { "Please correct what is marked below. Everything else you typed is kept." }
                }
            }
        }
    }
}

/// The error beside one field, if it was refused.
pub fn field_error(errors: &[FieldError], field: &str) -> Markup {
    html! {
        @for e in errors.iter().filter(|e| e.field == field) {
            p.error id={ "error-" (field) } {
                @if e.read.is_empty() { "Expected " (e.expected) "." }
                @else { "We read “" (e.read) "”; expected " (e.expected) "." }
            }
        }
    }
}

/// A traffic-light badge.
pub fn badge(level: Level) -> Markup {
    html! { span class={ "badge " (level.slug()) } { (level.slug()) } }
}

/// An operation's failure as a page: field errors go back to the form, the rest here.
pub fn failure(state: &AppState, member: Option<&Member>, error: impl Into<ApiError>) -> Response {
    let api: ApiError = error.into();
    let (status, _, message) = api.parts();
    let body = html! {
        h1 { "That did not work" }
        div.errors role="alert" { p { (message) } }
        p { a href="/" { "Back to the start" } }
    };
    (status, layout(state, "Problem", member, body)).into_response()
}

async fn home(State(state): State<AppState>, member: Option<PageMember>) -> Markup {
    let member = member.map(|PageMember(m)| m);
    let body = match &member {
        Some(m) => html! {
            h1 { "Hello, " (m.handle) }
            nav.menu {
                a href="/screen" { "Screen a number, email, handle or plate" }
                a href="/report" { "Report a dangerous client" }
                a href="/alerts" { "Alerts in your areas" }
                a href="/my-reports" { "My reports" }
                @if m.role >= Role::PeerWorker { a href="/queue" { "Verification queue" } }
                @if m.role >= Role::Coordinator { a href="/admin" { "Invites, areas and settings" } }
            }
            form method="post" action="/signout-everywhere" {
                button.secondary type="submit" { "Sign out on every device" }
            }
        },
        None => html! {
            h1 { "Parasol" }
            p { "Members of " (state.org_name) " warn each other about dangerous clients and check a number before a booking." }
            nav.menu {
                a href="/signin" { "Sign in" }
                a href="/join" { "Join with an invite code" }
            }
        },
    };
    layout(&state, "Home", member.as_ref(), body)
}

async fn not_found(State(state): State<AppState>, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::from(AppError::NotFound("page")).into_response();
    }
    let body = html! { h1 { "Not found" } p { a href="/" { "Back to the start" } } };
    (
        StatusCode::NOT_FOUND,
        layout(&state, "Not found", None, body),
    )
        .into_response()
}
