//! The JSON API under `/api`, grouped by resource. Described by `/api/openapi.json`.

mod admin;
mod alerts;
pub use alerts::{filters as alert_filters, AlertFilters};
pub(crate) mod cases;
mod openapi;
mod private_screening;
mod reports;
mod screen;
mod session;

use crate::state::AppState;
use axum::routing::{delete, get, post, put};
use axum::Router;

/// Every API route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi::get))
        .route("/api/vocabulary", get(openapi::vocabulary))
        .route("/api/join", post(session::join))
        .route(
            "/api/session",
            post(session::sign_in).delete(session::sign_out),
        )
        .route("/api/sessions", delete(session::sign_out_everywhere))
        .route("/api/me", get(session::me))
        .route("/api/areas", get(admin::areas).post(admin::add_area))
        .route("/api/invites", post(admin::invite))
        .route("/api/members", get(admin::members))
        .route("/api/members/{id}/role", put(admin::set_role))
        .route("/api/settings/expiry", put(admin::set_expiry))
        .route("/api/reports", post(reports::submit).get(reports::list))
        .route("/api/reports/mine", get(reports::mine))
        .route("/api/reports/{id}", get(reports::get))
        .route("/api/reports/{id}/publish", post(reports::publish))
        .route("/api/reports/{id}/reject", post(reports::reject))
        .route("/api/reports/{id}/retract", post(reports::retract))
        .route("/api/alerts", get(alerts::list))
        .route(
            "/api/subscriptions",
            get(alerts::subscriptions).post(alerts::subscribe),
        )
        .route("/api/subscriptions/{area}", delete(alerts::unsubscribe))
        .route("/api/screen", post(screen::screen))
        .route("/api/screen/blind", post(private_screening::blind))
        .route("/api/screening/config", get(private_screening::config))
        .route("/api/tags", get(private_screening::tag_list))
        .route("/api/tags/bucket/{prefix}", get(private_screening::bucket))
        .route("/api/cases", get(cases::list).post(cases::open))
        .route("/api/cases/{id}", get(cases::get))
        .route("/api/cases/{id}/events", post(cases::add_event))
        .route("/api/cases/{id}/status", put(cases::set_status))
        .route("/api/cases/{id}/consents", post(cases::give_consent))
        .route(
            "/api/cases/{id}/consents/{consent}/withdraw",
            post(cases::withdraw_consent),
        )
        .route("/api/cases/{id}/referrals", post(cases::refer))
        .route("/api/cases/{id}/assessment", put(cases::assess))
        .route("/api/cases/{id}/audit", get(cases::audit))
        .route("/api/referrals/due", get(cases::due))
        .route("/api/referrals/{id}", put(cases::update_referral))
        .route(
            "/api/services",
            get(cases::services).post(cases::add_service),
        )
        .route("/api/casework/profile", get(cases::profile))
        .route("/api/statistics", get(cases::statistics))
        .route("/api/statistics/{file}", get(cases::statistics_csv))
        .route(
            "/api/settings/statistics-threshold",
            put(cases::set_threshold),
        )
}
