//! The screening page: one field, one button, a large traffic light with its reasons.
//!
//! With JavaScript the form is handled privately in the browser (`/static/screen.js`): the
//! identifier is read, blinded and looked up on the phone, and the server sees only a
//! blinded element. Without it the form posts here, and the page says that is less private.

use super::{error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::error::ApiError;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use parasol_app::AppError;
use parasol_core::verdict::{CAUTION, RULES};
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
                    ", the latest in " (area) " in " (month_in_words(month))
                }
                "."
            }
            ul {
                @for (kind, n) in &v.counts {
                    li { (IncidentKind::parse(kind).map(|k| k.label()).unwrap_or("other")) ": " (n) }
                }
            }
        }
        @if v.pending == 1 { p { "1 report waiting for a peer worker to verify it." } }
        @if v.pending > 1 { p { (v.pending) " reports waiting for a peer worker to verify them." } }
        @if v.verdict == Level::Green { p.meta { (v.caution) } }
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
        // The private form is shown by screen.js once it runs, so nothing typed can reach the
        // server before the script is there to blind it; its fields have no names, so even a
        // stray submission carries nothing.
        div #private-screen hidden {
            div #screen-problem role="alert" tabindex="-1" hidden {}
            form #screen-form {
                (fields(chosen.as_str(), &form.get("value"), ""))
                button type="submit" { "Check" }
            }
            p.meta.how.private #how-private {
                "Private check: what you type is scrambled on this phone before anything is sent, so the server never sees it."
            }
        }
        noscript {
            form #screen-form-plain method="post" action="/screen" {
                (fields(chosen.as_str(), &form.get("value"), "-plain"))
                @for kind in IdentifierKind::ALL { (field_error(errors, kind.slug())) }
                (field_error(errors, "region"))
                (field_error(errors, "type"))
                button type="submit" { "Check" }
            }
            p.meta.how #how-server {
                "This way of checking is less private: the server sees what you typed for a moment. "
                "Nothing is logged: only a count of checks is kept, never what was checked or by whom. "
                "Turn on JavaScript for a private check."
            }
        }
        div #verdict aria-live="polite" {
            @if let Some(v) = verdict { (verdict_card(v)) }
        }
        script #screen-words type="application/json" { (PreEscaped(words())) }
        script type="module" src="/static/screen.js" {}
    };
    layout(state, "Screen", Some(member), body)
}

/// The kind and value fields; `suffix` keeps the two forms' ids apart. Only the form that
/// posts (`-plain`) names its fields.
fn fields(chosen: &str, value: &str, suffix: &str) -> Markup {
    let posts = !suffix.is_empty();
    html! {
        label for={ "type" (suffix) } { "What do you have?" }
        select id={ "type" (suffix) } name=[posts.then_some("type")] {
            @for kind in IdentifierKind::ALL {
                option value=(kind.slug()) selected[chosen == kind.slug()] { (kind_words(kind)) }
            }
        }
        label for={ "value" (suffix) } {
            "Number, email, platform:handle or plate"
            span.hint id={ "value-hint" (suffix) } { "e.g. 07700 900123, +44 7700 900123, name@example.org, telegram:bigdave, AB12 CDE" }
        }
        input id={ "value" (suffix) } type="text" name=[posts.then_some("value")] value=(value)
            autocomplete="off" autocapitalize="none" spellcheck="false" required;
    }
}

/// How the form names each kind of identifier.
fn kind_words(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Phone => "Phone number",
        IdentifierKind::Email => "Email address",
        IdentifierKind::Handle => "Handle on an app or site",
        IdentifierKind::Plate => "Vehicle plate",
    }
}

/// `2026-03` as "March 2026"; anything else as it is.
fn month_in_words(month: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = month
        .split_once('-')
        .filter(|(year, _)| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|(year, m)| {
            let index = m.parse::<usize>().ok()?.checked_sub(1)?;
            (m.len() == 2).then_some(())?;
            MONTHS.get(index).map(|name| format!("{name} {year}"))
        });
    name.unwrap_or_else(|| month.to_owned())
}

/// The page's words for the private check, so the browser shows the light exactly as this
/// page does. Written into a JSON data block (not run), with `<` escaped.
fn words() -> String {
    let advice: serde_json::Map<String, serde_json::Value> =
        [Level::Red, Level::Orange, Level::Yellow, Level::Green]
            .into_iter()
            .map(|l| (l.slug().to_owned(), advice(l).into()))
            .collect();
    let reasons: serde_json::Map<String, serde_json::Value> = RULES
        .iter()
        .map(|r| (r.code.to_owned(), r.reason.into()))
        .collect();
    let kinds: serde_json::Map<String, serde_json::Value> = IncidentKind::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), k.label().into()))
        .collect();
    serde_json::json!({
        "advice": advice,
        "reasons": reasons,
        "kinds": kinds,
        "caution": CAUTION,
        "private_done": "This check was private: the server did not see what you typed.",
        "hints": {
            "phone": "e.g. +44 7700 900123, or the number as you would dial it here",
            "email": "e.g. name@example.org",
            "handle": "the app or site, a colon, then the name, e.g. telegram:bigdave",
            "plate": "e.g. AB12 CDE (spaces and dashes do not matter)",
        },
        "forget_list_hint": "If a coordinator told you the key changed, you can forget the list saved on this phone; it is downloaded again with the new key.",
    })
    .to_string()
    .replace('<', "\\u003c")
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
