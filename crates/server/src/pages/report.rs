//! Reporting an incident, and the member's own reports.

use super::{badge, error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use parasol_app::{AppError, ReportInput};
use parasol_core::{FieldError, IdentifierKind, IncidentKind, ReportConsent};
use parasol_store::{Area, Member};

const CONSENTS: [(&str, &str); 4] = [
    (
        "publish_alert",
        "Peer workers may publish an anonymised alert so other members are warned.",
    ),
    (
        "police_anonymous",
        "The organisation may share this with police without anything that identifies me.",
    ),
    (
        "police_with_contact",
        "The organisation may share this with police with a way to contact me.",
    ),
    (
        "support_contact",
        "A peer worker may contact me to offer support.",
    ),
];

fn form_page(
    state: &AppState,
    member: &Member,
    areas: &[Area],
    form: &FormPairs,
    errors: &[FieldError],
) -> Markup {
    let kinds = form.all("kinds");
    let fresh = form.0.is_empty();
    let body = html! {
        h1 { "Report a dangerous client" }
        p { "Only peer workers read your report. Nothing is published without your agreement, and never your name." }
        (error_summary(errors, None))
        form method="post" action="/report" {
            fieldset {
                legend { "What happened? Tick all that apply." }
                @for kind in IncidentKind::ALL {
                    label.check {
                        input type="checkbox" name="kinds" value=(kind.slug()) checked[kinds.iter().any(|k| k == kind.slug())];
                        span { (kind.label()) }
                    }
                }
                (field_error(errors, "kinds"))
                (field_error(errors, "kind"))
            }
            label for="area" { "Where?" }
            select #area name="area" {
                @for area in areas {
                    option value=(area.id) selected[form.get("area") == area.id.to_string()] { (area.name) }
                }
            }
            (field_error(errors, "area"))
            label for="occurred_on" { "When?" span.hint { "Leave empty for today." } }
            input #occurred_on type="date" name="occurred_on" value=(form.get("occurred_on"));
            (field_error(errors, "occurred_on"))
            fieldset {
                legend { "How can others recognise this client? At least one." }
                label for="phone" { "Phone number" }
                input #phone type="tel" name="phone" value=(form.get("phone")) autocomplete="off";
                (field_error(errors, "phone"))
                label for="email" { "Email" }
                input #email type="text" name="email" value=(form.get("email")) autocomplete="off" autocapitalize="none";
                (field_error(errors, "email"))
                label for="handle" { "Handle" span.hint { "platform:name, e.g. telegram:bigdave" } }
                input #handle type="text" name="handle" value=(form.get("handle")) autocomplete="off" autocapitalize="none";
                (field_error(errors, "handle"))
                label for="plate" { "Vehicle plate" }
                input #plate type="text" name="plate" value=(form.get("plate")) autocomplete="off";
                (field_error(errors, "plate"))
            }
            label for="narrative" { "What happened" span.hint { "Only peer workers read this. It is stored encrypted." } }
            textarea #narrative name="narrative" { (form.get("narrative")) }
            (field_error(errors, "narrative"))
            label for="description" { "What did the person look like?" span.hint { "Height, age, accent, car, anything that helps others recognise them." } }
            textarea #description name="description" { (form.get("description")) }
            (field_error(errors, "description"))
            fieldset {
                legend { "You decide what happens with your report" }
                @for (name, text) in CONSENTS {
                    label.check {
                        input type="checkbox" name=(name) value="yes" checked[(fresh && name == "publish_alert") || form.ticked(name)];
                        span { (text) }
                    }
                }
            }
            button type="submit" { "Send report" }
        }
    };
    layout(state, "Report", Some(member), body)
}

pub async fn page(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    match state.parasol.areas(state.org).await {
        Ok(areas) => form_page(&state, &member, &areas, &FormPairs(vec![]), &[]).into_response(),
        Err(e) => failure(&state, Some(&member), e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let identifiers = IdentifierKind::ALL
        .into_iter()
        .map(|kind| (kind, form.get(kind.slug())))
        .collect();
    let input = ReportInput {
        kinds: form.all("kinds"),
        area: form.get("area"),
        occurred_on: form.get("occurred_on"),
        identifiers,
        region: None,
        narrative: form.get("narrative"),
        description: form.get("description"),
        consent: ReportConsent {
            publish_alert: form.ticked("publish_alert"),
            police_anonymous: form.ticked("police_anonymous"),
            police_with_contact: form.ticked("police_with_contact"),
            support_contact: form.ticked("support_contact"),
        },
    };
    match state.parasol.submit_report(&member, input).await {
        Ok(_) => Redirect::to("/my-reports?sent=1").into_response(),
        Err(AppError::Invalid(errors)) => {
            let areas = state.parasol.areas(state.org).await.unwrap_or_default();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, &member, &areas, &form, &errors),
            )
                .into_response()
        }
        Err(e) => failure(&state, Some(&member), e),
    }
}

pub async fn mine(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    let reports = match state.parasol.my_reports(&member).await {
        Ok(r) => r,
        Err(e) => return failure(&state, Some(&member), e),
    };
    let body = html! {
        h1 { "My reports" }
        @if reports.is_empty() { p { "You have not sent any reports." } }
        @for r in &reports {
            div.card {
                (badge(r.level)) " " strong { (r.status.slug()) }
                p.meta { (r.area) ", " (r.occurred_on) }
                p { (r.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")) }
                @if r.status != parasol_store::ReportStatus::Retracted {
                    form method="post" action={ "/reports/" (r.id) "/retract" } {
                        button.secondary type="submit" { "Withdraw this report" }
                    }
                }
            }
        }
    };
    layout(&state, "My reports", Some(&member), body).into_response()
}

pub async fn retract(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
) -> Response {
    match state.parasol.retract(&member, id).await {
        Ok(()) => Redirect::to(if member.role >= parasol_core::Role::PeerWorker {
            "/alerts"
        } else {
            "/my-reports"
        })
        .into_response(),
        Err(e) => failure(&state, Some(&member), e),
    }
}
