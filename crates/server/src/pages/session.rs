//! Sign in, join with an invite, sign out.

use super::{error_summary, field_error, layout};
use crate::auth::{clear_cookie, presented_token, session_cookie, PageMember};
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use parasol_app::{AppError, SignedIn};
use parasol_core::FieldError;

fn sign_in_form(state: &AppState, form: &FormPairs, message: Option<&str>) -> Markup {
    let body = html! {
        h1 { "Sign in" }
        (error_summary(&[], message))
        form method="post" action="/signin" {
            label for="handle" { "Your handle" }
            input #handle type="text" name="handle" value=(form.get("handle")) autocomplete="username" autocapitalize="none" required;
            label for="passphrase" { "Passphrase" }
            input #passphrase type="password" name="passphrase" autocomplete="current-password" required;
            button type="submit" { "Sign in" }
        }
        p { "Forgot your passphrase? Ask a peer worker for a new invite." }
        p { a href="/join" { "I have an invite code" } }
    };
    layout(state, "Sign in", None, body)
}

fn join_form(state: &AppState, form: &FormPairs, errors: &[FieldError]) -> Markup {
    let body = html! {
        h1 { "Join" }
        (error_summary(errors, None))
        form method="post" action="/join" {
            label for="invite" { "Invite code" span.hint { "The 16 letters and digits a peer worker gave you." } }
            input #invite type="text" name="invite" value=(form.get("invite")) autocapitalize="characters" autocomplete="off" required;
            (field_error(errors, "invite"))
            label for="handle" { "Choose a handle" span.hint { "Not your real name or a work name clients know." } }
            input #handle type="text" name="handle" value=(form.get("handle")) autocapitalize="none" autocomplete="username" required;
            (field_error(errors, "handle"))
            label for="passphrase" { "Choose a passphrase" span.hint { "At least 8 characters. A few unrelated words are easy to remember." } }
            input #passphrase type="password" name="passphrase" autocomplete="new-password" required;
            (field_error(errors, "passphrase"))
            button type="submit" { "Join" }
        }
    };
    layout(state, "Join", None, body)
}

fn signed_in(state: &AppState, s: SignedIn) -> Response {
    (
        [(
            header::SET_COOKIE,
            session_cookie(s.token.as_str(), state.secure_cookies),
        )],
        Redirect::to("/"),
    )
        .into_response()
}

pub async fn sign_in_page(State(state): State<AppState>) -> Markup {
    sign_in_form(&state, &FormPairs(vec![]), None)
}

pub async fn sign_in(State(state): State<AppState>, form: FormPairs) -> Response {
    match state
        .parasol
        .sign_in(state.org, &form.get("handle"), &form.get("passphrase"))
        .await
    {
        Ok(s) => signed_in(&state, s),
        Err(e) => (
            StatusCode::UNAUTHORIZED,
            sign_in_form(&state, &form, Some(&e.to_string())),
        )
            .into_response(),
    }
}

pub async fn join_page(State(state): State<AppState>) -> Markup {
    join_form(&state, &FormPairs(vec![]), &[])
}

pub async fn join(State(state): State<AppState>, form: FormPairs) -> Response {
    match state
        .parasol
        .join(
            &form.get("invite"),
            &form.get("handle"),
            &form.get("passphrase"),
        )
        .await
    {
        Ok(s) => signed_in(&state, s),
        Err(AppError::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            join_form(&state, &form, &errors),
        )
            .into_response(),
        Err(e) => super::failure(&state, None, e),
    }
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = presented_token(&headers) {
        let _ = state.parasol.sign_out(&token).await;
    }
    (
        [
            (header::SET_COOKIE, clear_cookie(state.secure_cookies)),
            // On a shared phone nothing of Parasol should stay behind: the synchronised
            // tag list and any draft live in the browser's storage.
            (
                header::HeaderName::from_static("clear-site-data"),
                "\"cache\", \"storage\"".to_string(),
            ),
        ],
        Redirect::to("/"),
    )
        .into_response()
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    PageMember(member): PageMember,
) -> Response {
    let _ = state.parasol.sign_out_everywhere(&member).await;
    (
        [
            (header::SET_COOKIE, clear_cookie(state.secure_cookies)),
            // On a shared phone nothing of Parasol should stay behind: the synchronised
            // tag list and any draft live in the browser's storage.
            (
                header::HeaderName::from_static("clear-site-data"),
                "\"cache\", \"storage\"".to_string(),
            ),
        ],
        Redirect::to("/"),
    )
        .into_response()
}
