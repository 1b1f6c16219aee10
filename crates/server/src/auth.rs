//! Who is asking: a session token from the `Authorization: Bearer` header (API) or the
//! session cookie (pages).

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use parasol_app::AppError;
use parasol_store::Member;

/// The session cookie's name.
pub const COOKIE: &str = "parasol_session";

/// The session token presented with a request, if any.
pub fn presented_token(headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The signed-in member of an API request; 401 JSON otherwise.
pub struct ApiMember(pub Member);

impl FromRequestParts<AppState> for ApiMember {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token =
            presented_token(&parts.headers).ok_or(AppError::Unauthorised("please sign in"))?;
        let member = state.parasol.member_for_token(&token).await?;
        if member.org != state.org {
            return Err(AppError::Unauthorised("please sign in").into());
        }
        Ok(ApiMember(member))
    }
}

/// The signed-in member of a page request; a redirect to the sign-in page otherwise.
pub struct PageMember(pub Member);

/// Sends the browser to sign in.
pub struct SignInFirst;

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        Redirect::to("/signin").into_response()
    }
}

impl FromRequestParts<AppState> for PageMember {
    type Rejection = SignInFirst;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = presented_token(&parts.headers).ok_or(SignInFirst)?;
        match state.parasol.member_for_token(&token).await {
            Ok(member) if member.org == state.org => Ok(PageMember(member)),
            _ => Err(SignInFirst),
        }
    }
}

/// `Set-Cookie` value that starts a session in the browser.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` value that ends it.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

impl axum::extract::OptionalFromRequestParts<AppState> for PageMember {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(
            <PageMember as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .ok(),
        )
    }
}
