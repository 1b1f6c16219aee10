//! Casework pages for peer workers: the case list, a case with its events, consents,
//! referrals and assessment (beside the jurisdiction profile's options), and the
//! printable evidence report with server-drawn bar charts. Forms re-render with what
//! was typed when a field is refused.

use super::{error_summary, failure, field_error, layout};
use crate::auth::PageMember;
use crate::forms::FormPairs;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use parasol_app::{
    ActInput, AppError, AssessmentInput, CaseInput, CaseView, ConsentInput, EventInput,
    EvidenceTable, InvolvementInput, ReferralInput, ReferralUpdateInput,
};
use parasol_casework::aggregate::Count;
use parasol_casework::{
    ActType, Age, ConsentMethod, Finding, IloIndicator, InvolvementDegree, Measure,
    PerpetratorCategory, ProtocolAct, ProtocolMeans, ProtocolPurpose, PurposeKind, ReferralStatus,
    P4,
};
use parasol_core::FieldError;
use parasol_store::{Area, Member};

/// What was typed into one form of a page, and what was refused.
struct Typed {
    form: String,
    pairs: FormPairs,
    errors: Vec<FieldError>,
    /// A refusal that is not about one field (e.g. no consent for a referral).
    message: Option<String>,
}

impl Typed {
    fn none() -> Typed {
        Typed {
            form: String::new(),
            pairs: FormPairs(vec![]),
            errors: vec![],
            message: None,
        }
    }

    fn summary(&self, form: &str) -> Markup {
        let message = self.message.as_deref().filter(|_| self.form == form);
        error_summary(self.errors(form), message)
    }

    fn status(&self) -> StatusCode {
        if !self.errors.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else if self.message.is_some() {
            StatusCode::CONFLICT
        } else {
            StatusCode::OK
        }
    }

    fn value(&self, form: &str, name: &str) -> String {
        if self.form == form {
            self.pairs.get(name)
        } else {
            String::new()
        }
    }

    fn errors(&self, form: &str) -> &[FieldError] {
        if self.form == form {
            &self.errors
        } else {
            &[]
        }
    }
}

fn text_input(typed: &Typed, form: &str, name: &str, label: &str, hint: &str) -> Markup {
    let id = format!("{form}-{name}");
    html! {
        label for=(id) { (label) @if !hint.is_empty() { " " span.hint { (hint) } } }
        input id=(id) type="text" name=(name) value=(typed.value(form, name)) autocomplete="off";
        (field_error(typed.errors(form), name))
    }
}

fn text_area(typed: &Typed, form: &str, name: &str, label: &str, hint: &str) -> Markup {
    let id = format!("{form}-{name}");
    html! {
        label for=(id) { (label) @if !hint.is_empty() { " " span.hint { (hint) } } }
        textarea id=(id) name=(name) { (typed.value(form, name)) }
        (field_error(typed.errors(form), name))
    }
}

/// A select of vocabulary terms; `blank` adds an empty first choice.
fn term_select(
    typed: &Typed,
    form: &str,
    name: &str,
    label: &str,
    terms: &[(&str, &str)],
    blank: Option<&str>,
) -> Markup {
    let id = format!("{form}-{name}");
    let chosen = typed.value(form, name);
    html! {
        label for=(id) { (label) }
        select id=(id) name=(name) {
            @if let Some(blank) = blank { option value="" { (blank) } }
            @for (slug, words) in terms {
                option value=(slug) selected[chosen == *slug] { (words) }
            }
        }
        (field_error(typed.errors(form), name))
    }
}

fn terms<V: parasol_casework::Vocabulary>() -> Vec<(&'static str, &'static str)> {
    V::all().iter().map(|t| (t.slug(), t.label())).collect()
}

/// The fields of one event with one act and one involvement, named with `prefix`.
fn event_fields(typed: &Typed, form: &str, prefix: &str, areas: &[Area]) -> Markup {
    let name = |n: &str| format!("{prefix}{n}");
    let act = |n: &str| format!("{prefix}acts[0].{n}");
    let involvement = |n: &str| format!("{prefix}acts[0].involvements[0].{n}");
    let area_terms: Vec<(String, String)> = areas
        .iter()
        .map(|a| (a.name.clone(), a.name.clone()))
        .collect();
    let area_refs: Vec<(&str, &str)> = area_terms
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    html! {
        (text_area(typed, form, &name("what"), "What happened", "Stored encrypted."))
        (text_input(typed, form, &name("started"), "When it started", "YYYY-MM-DD, YYYY-MM or YYYY"))
        (text_input(typed, form, &name("ended"), "When it ended", "empty for a single date"))
        (term_select(typed, form, &name("area"), "Where", &area_refs, Some("not known")))
        label.check {
            input type="checkbox" name=(name("confidential")) value="yes" checked[typed.pairs.ticked(&name("confidential")) && typed.form == form];
            span { "Confidential" }
        }
        fieldset {
            legend { "What was done to her" }
            (term_select(typed, form, &act("act_type"), "Act", &terms::<ActType>(), Some("choose")))
            (text_area(typed, form, &act("consequences"), "What it meant for her", ""))
            (term_select(typed, form, &act("measure"), "Caused by an anti-trafficking measure?", &terms::<Measure>(), Some("no measure")))
            (term_select(typed, form, &act("p4"), "Its P (only for \"other\")", &terms::<P4>(), Some("the measure's own")))
            (term_select(typed, form, &involvement("perpetrator"), "Who", &terms::<PerpetratorCategory>(), Some("not recorded")))
            (term_select(typed, form, &involvement("degree"), "How involved", &terms::<InvolvementDegree>(), Some("not known")))
        }
    }
}

fn event_input(form: &FormPairs, prefix: &str) -> EventInput {
    let get = |n: &str| form.get(&format!("{prefix}{n}"));
    EventInput {
        what: get("what"),
        started: get("started"),
        ended: get("ended"),
        area: get("area"),
        confidential: form.ticked(&format!("{prefix}confidential")),
        acts: vec![ActInput {
            act_type: get("acts[0].act_type"),
            consequences: get("acts[0].consequences"),
            measure: get("acts[0].measure"),
            p4: get("acts[0].p4"),
            involvements: vec![InvolvementInput {
                perpetrator: get("acts[0].involvements[0].perpetrator"),
                degree: get("acts[0].involvements[0].degree"),
            }],
        }],
    }
}

async fn list_page(state: &AppState, member: &Member, typed: &Typed) -> Response {
    let (cases, due, areas) = match (
        state.parasol.case_list(member).await,
        state.parasol.follow_ups_due(member).await,
        state.parasol.areas(state.org).await,
    ) {
        (Ok(c), Ok(d), Ok(a)) => (c, d, a),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return failure(state, Some(member), e),
    };
    let body = html! {
        h1 { "Cases" }
        p { a href="/cases/report" { "Evidence report (printable)" } }
        @if !due.is_empty() {
            h2 { "Follow-ups due" }
            ul {
                @for f in &due {
                    li {
                        a href={ "/cases/" (f.referral.case) } { (f.person) }
                        " — " (f.referral.service) " (" (f.referral.status.label()) "), due "
                        (f.referral.follow_up_on.clone().unwrap_or_default())
                    }
                }
            }
        }
        @if cases.is_empty() { p { "No cases yet." } }
        @else {
            table {
                thead { tr { th { "Case" } th { "Status" } th { "Events" } th { "Open referrals" } } }
                tbody {
                    @for c in &cases {
                        tr {
                            td { a href={ "/cases/" (c.id) } { (c.person) } }
                            td { (c.status.slug()) }
                            td { (c.events) }
                            td { (c.open_referrals) }
                        }
                    }
                }
            }
        }
        h2 { "Open a case" }
        (typed.summary("new"))
        form method="post" action="/cases" {
            (text_input(typed, "new", "person", "Her label", "a pseudonym she agreed to; never her legal name"))
            (text_input(typed, "new", "member", "Her member handle", "only if she asked for the case to be linked"))
            (event_fields(typed, "new", "events[0].", &areas))
            button type="submit" { "Open the case" }
        }
    };
    let status = typed.status();
    (status, layout(state, "Cases", Some(member), body)).into_response()
}

pub async fn list(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    list_page(&state, &member, &Typed::none()).await
}

pub async fn open(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    form: FormPairs,
) -> Response {
    let input = CaseInput {
        person: form.get("person"),
        member: form.get("member"),
        events: vec![event_input(&form, "events[0].")],
    };
    match state.parasol.open_new_case(&member, input).await {
        Ok(id) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                form: "new".into(),
                pairs: form,
                errors,
                message: None,
            };
            list_page(&state, &member, &typed).await
        }
        Err(e) => failure(&state, Some(&member), e),
    }
}

fn finding_select(typed: &Typed, name: &str, current: Finding) -> Markup {
    let chosen = match typed.value("assessment", name) {
        v if v.is_empty() => current.slug().to_string(),
        v => v,
    };
    html! {
        select name=(name) aria-label=(name) {
            @for f in Finding::ALL {
                option value=(f.slug()) selected[chosen == f.slug()] { (f.label()) }
            }
        }
        (field_error(typed.errors("assessment"), name))
    }
}

fn assessment_section(state: &AppState, case: &CaseView, typed: &Typed) -> Markup {
    let facts = case.assessment.as_ref().map(|a| &a.facts);
    let protocol = facts.map(|f| f.protocol.clone());
    let finding = |element: &str, slug: &str| -> Finding {
        let Some(p) = &protocol else {
            return Finding::Unknown;
        };
        let found = match element {
            "act" => ProtocolAct::parse(slug)
                .ok()
                .and_then(|i| p.act.get(&i).copied()),
            "means" => ProtocolMeans::parse(slug)
                .ok()
                .and_then(|i| p.means.get(&i).copied()),
            _ => ProtocolPurpose::parse(slug)
                .ok()
                .and_then(|i| p.purpose.get(&i).copied()),
        };
        found.unwrap_or(Finding::Unknown)
    };
    let age = protocol.as_ref().map_or(Age::Unknown, |p| p.age);
    let profile = Some(state.profile.as_ref());
    html! {
        h2 #assessment { "Situation assessment" }
        p.hint { "Go through this with her. It identifies no one and decides nothing for her." }
        div.side-by-side {
            div {
                @if let Some(a) = &case.assessment {
                    h3 { "The Protocol's elements" }
                    p { strong { "Definition: " (a.result.protocol.definition.label()) } }
                    ul { @for reason in &a.result.protocol.reasons { li { (reason) } } }
                    h3 { "ILO indicators of forced labour" }
                    p.hint { (a.result.indicators_note) }
                    ul {
                        @for line in &a.result.indicators {
                            li { (line.label) ": " (line.finding.label()) }
                        }
                    }
                } @else {
                    p { "No assessment recorded yet." }
                }
                (typed.summary("assessment"))
                form method="post" action={ "/cases/" (case.id) "/assessment" } {
                    (term_select(typed, "assessment", "age", "Her age", &terms::<Age>(), None))
                    p.hint { "Recorded age: " (age.label()) }
                    @for (element, items) in [
                        ("act", terms::<ProtocolAct>()),
                        ("means", terms::<ProtocolMeans>()),
                        ("purpose", terms::<ProtocolPurpose>()),
                    ] {
                        fieldset {
                            legend { (element) }
                            @for (slug, words) in items {
                                label { (words) " " (finding_select(typed, &format!("{element}.{slug}"), finding(element, slug))) }
                            }
                        }
                    }
                    fieldset {
                        legend { "ILO indicators (not added up)" }
                        @for indicator in IloIndicator::ALL {
                            @let current = facts.map_or(Finding::Unknown, |f| f.indicators.finding(*indicator));
                            label { (indicator.label()) " " (finding_select(typed, &format!("indicators.{}", indicator.slug()), current)) }
                        }
                    }
                    button type="submit" { "Record the assessment" }
                }
            }
            div {
                h3 { "Her options" }
                @if let Some(profile) = profile {
                    p.hint { (profile.name) " — last reviewed " (profile.last_reviewed) }
                    @for option in &profile.options {
                        details {
                            summary { (option.title) }
                            p { (option.what_happens) }
                            @if !option.conditions.is_empty() { h4 { "Conditions" } ul { @for c in &option.conditions { li { (c) } } } }
                            @if !option.benefits.is_empty() { h4 { "What she may gain" } ul { @for c in &option.benefits { li { (c) } } } }
                            @if !option.risks.is_empty() { h4 { "Risks" } ul { @for c in &option.risks { li { (c) } } } }
                            @if !option.who_can_help.is_empty() { h4 { "Who can help" } ul { @for c in &option.who_can_help { li { (c) } } } }
                        }
                    }
                } @else {
                    p { "No jurisdiction profile is available." }
                }
            }
        }
    }
}

async fn case_page(state: &AppState, member: &Member, id: i64, typed: &Typed) -> Response {
    let (case, services, areas) = match (
        state.parasol.case(member, id).await,
        state.parasol.services(member).await,
        state.parasol.areas(state.org).await,
    ) {
        (Ok(c), Ok(s), Ok(a)) => (c, s, a),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return failure(state, Some(member), e),
    };
    let service_terms: Vec<(String, String)> = services
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                format!("{} ({})", s.name, s.category.label()),
            )
        })
        .collect();
    let service_refs: Vec<(&str, &str)> = service_terms
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let body = html! {
        p { a href="/cases" { "← All cases" } }
        h1 { "Case " (case.person) }
        p.meta { "Status: " (case.status.slug()) }
        form.inline method="post" action={ "/cases/" (case.id) "/status" } {
            input type="hidden" name="status" value=(if case.status.slug() == "open" { "closed" } else { "open" });
            button.secondary.compact type="submit" { @if case.status.slug() == "open" { "Close the case" } @else { "Reopen the case" } }
        }
        h2 { "What happened" }
        @for event in &case.events {
            div.card {
                p.meta {
                    (event.started) @if let Some(end) = &event.ended { " to " (end) }
                    @if let Some(area) = &event.area { ", " (area) }
                    @if event.confidential { " · confidential" }
                }
                p { (event.what) }
                ul {
                    @for act in &event.acts {
                        li {
                            strong { (act.act_type.label()) }
                            @if let Some(m) = act.measure { " — caused by " (m.measure().label()) " (" (m.p4().label()) ")" }
                            @if !act.involvements.is_empty() {
                                " — by "
                                (act.involvements.iter().map(|i| format!("{} ({})", i.perpetrator.label(), i.degree.label())).collect::<Vec<_>>().join(", "))
                            }
                            @if !act.consequences.is_empty() { p { (act.consequences) } }
                        }
                    }
                }
            }
        }
        details open[typed.form == "event"] {
            summary { "Add an event" }
            (typed.summary("event"))
            form method="post" action={ "/cases/" (case.id) "/events" } {
                (event_fields(typed, "event", "", &areas))
                button type="submit" { "Add the event" }
            }
        }

        h2 #consents { "Her consents" }
        p.hint { "Nothing about her leaves the organisation without her consent to that purpose." }
        @if case.consents.is_empty() { p { "No consent recorded." } }
        ul {
            @for c in &case.consents {
                li {
                    strong { (c.consent.purpose().kind().label()) }
                    @if let Some(r) = c.consent.purpose().recipient() { ": " (r.as_str()) }
                    " — given " (c.consent.given_on()) " (" (c.consent.how_given().label()) ")"
                    @if let Some(w) = c.consent.withdrawn_on() { " — withdrawn " (w) }
                    @if !c.notes.is_empty() { p { (c.notes) } }
                    @if c.consent.withdrawn_on().is_none() {
                        form.inline method="post" action={ "/cases/" (case.id) "/consents/" (c.id) "/withdraw" } {
                            button.secondary.compact type="submit" { "She withdraws it (today)" }
                        }
                    }
                }
            }
        }
        (typed.summary("consent"))
        form method="post" action={ "/cases/" (case.id) "/consents" } {
            (term_select(typed, "consent", "purpose", "She agrees to", &terms::<PurposeKind>(), Some("choose a purpose")))
            (text_input(typed, "consent", "recipient", "Service or partner", "for a referral or a partner organisation"))
            (text_input(typed, "consent", "given_on", "Given on", "YYYY-MM-DD; empty for today"))
            (term_select(typed, "consent", "how_given", "How", &terms::<ConsentMethod>(), None))
            (text_area(typed, "consent", "notes", "What exactly she agreed to", ""))
            button type="submit" { "Record her consent" }
        }

        h2 #referrals { "Referrals" }
        @for r in &case.referrals {
            div.card {
                strong { (r.service) } " (" (r.category.label()) ") — " (r.status.label())
                @if let Some(f) = &r.follow_up_on { " — follow up on " (f) }
                @if let Some(t) = &r.response { p { "Response: " (t) } }
                @if let Some(t) = &r.outcome { p { "Outcome: " (t) } }
                @let form_name = format!("referral-{}", r.id);
                (typed.summary(&form_name))
                @if !r.next.is_empty() {
                    form method="post" action={ "/cases/" (case.id) "/referrals/" (r.id) } {
                        @let next: Vec<(&str, &str)> = r.next.iter().map(|s| (s.slug(), s.label())).collect();
                        (term_select(typed, &form_name, "status", "Now", &next, Some("unchanged")))
                        (text_input(typed, &form_name, "response", "The service's response", ""))
                        (text_input(typed, &form_name, "outcome", "The outcome for her", ""))
                        (text_input(typed, &form_name, "follow_up_on", "Follow up on", "YYYY-MM-DD"))
                        button.secondary type="submit" { "Update" }
                    }
                }
            }
        }
        (typed.summary("referral"))
        @if services.is_empty() {
            p { "The services directory is empty; a coordinator adds services." }
        } @else {
            form method="post" action={ "/cases/" (case.id) "/referrals" } {
                (term_select(typed, "referral", "service", "Service she chose", &service_refs, None))
                @let starts: Vec<(&str, &str)> = [ReferralStatus::Made, ReferralStatus::Proposed].iter().map(|s| (s.slug(), s.label())).collect();
                (term_select(typed, "referral", "status", "Status", &starts, None))
                (text_input(typed, "referral", "follow_up_on", "Follow up on", "YYYY-MM-DD"))
                button type="submit" { "Refer" }
            }
        }

        (assessment_section(state, &case, typed))
    };
    let status = typed.status();
    (status, layout(state, "Case", Some(member), body)).into_response()
}

pub async fn page(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
) -> Response {
    case_page(&state, &member, id, &Typed::none()).await
}

/// After a form on the case page: back to the case, or the page again with the form's
/// values and errors.
async fn after(
    state: &AppState,
    member: &Member,
    case: i64,
    form_name: &str,
    pairs: FormPairs,
    result: Result<(), AppError>,
    anchor: &str,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{case}{anchor}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                form: form_name.into(),
                pairs,
                errors,
                message: None,
            };
            case_page(state, member, case, &typed).await
        }
        Err(AppError::Conflict(message)) => {
            let typed = Typed {
                form: form_name.into(),
                errors: vec![],
                pairs,
                message: Some(message),
            };
            case_page(state, member, case, &typed).await
        }
        Err(e) => failure(state, Some(member), e),
    }
}

pub async fn add_event(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let result = state
        .parasol
        .add_case_event(&member, id, event_input(&form, ""))
        .await
        .map(|_| ());
    after(&state, &member, id, "event", form, result, "").await
}

pub async fn set_status(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let result = state
        .parasol
        .set_case_status(&member, id, &form.get("status"))
        .await;
    after(&state, &member, id, "status", form, result, "").await
}

pub async fn give_consent(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let optional = |name: &str| Some(form.get(name)).filter(|v| !v.trim().is_empty());
    let input = ConsentInput {
        purpose: optional("purpose"),
        recipient: optional("recipient"),
        given_on: form.get("given_on"),
        how_given: form.get("how_given"),
        notes: form.get("notes"),
    };
    let result = state
        .parasol
        .record_consent(&member, id, input)
        .await
        .map(|_| ());
    after(&state, &member, id, "consent", form, result, "#consents").await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path((id, consent)): Path<(i64, i64)>,
    form: FormPairs,
) -> Response {
    let result = state
        .parasol
        .withdraw_consent(&member, id, consent, &form.get("withdrawn_on"))
        .await;
    after(&state, &member, id, "consent", form, result, "#consents").await
}

pub async fn refer(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let input = ReferralInput {
        service: form.get("service"),
        status: form.get("status"),
        follow_up_on: form.get("follow_up_on"),
    };
    let result = state.parasol.refer(&member, id, input).await.map(|_| ());
    after(&state, &member, id, "referral", form, result, "#referrals").await
}

pub async fn update_referral(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path((id, referral)): Path<(i64, i64)>,
    form: FormPairs,
) -> Response {
    let input = ReferralUpdateInput {
        status: form.get("status"),
        response: form.get("response"),
        outcome: form.get("outcome"),
        follow_up_on: form.get("follow_up_on"),
    };
    let result = state
        .parasol
        .update_referral(&member, referral, input)
        .await;
    let name = format!("referral-{referral}");
    after(&state, &member, id, &name, form, result, "#referrals").await
}

pub async fn assess(
    State(state): State<AppState>,
    PageMember(member): PageMember,
    Path(id): Path<i64>,
    form: FormPairs,
) -> Response {
    let mut input = AssessmentInput {
        age: form.get("age"),
        ..AssessmentInput::default()
    };
    for (name, value) in &form.0 {
        let Some((element, item)) = name.split_once('.') else {
            continue;
        };
        let target = match element {
            "act" => &mut input.act,
            "means" => &mut input.means,
            "purpose" => &mut input.purpose,
            "indicators" => &mut input.indicators,
            _ => continue,
        };
        target.insert(item.to_string(), value.clone());
    }
    let result = state
        .parasol
        .assess_case(&member, id, input)
        .await
        .map(|_| ());
    after(
        &state,
        &member,
        id,
        "assessment",
        form,
        result,
        "#assessment",
    )
    .await
}

// --- the printable report -------------------------------------------------------------------

const BAR_HEIGHT: u32 = 22;
const LABEL_WIDTH: u32 = 250;
const CHART_WIDTH: u32 = 640;

/// A horizontal bar chart of a one-dimensional table (or a two-dimensional table's row
/// totals), drawn on the server. Suppressed counts are drawn as a hatched stub and
/// labelled, never given a length.
fn bar_chart(table: &EvidenceTable) -> Markup {
    let t = &table.table;
    let counts: Vec<Count> = match t.row_totals() {
        Some(totals) => totals.to_vec(),
        None => t.cells().iter().map(|row| row[0]).collect(),
    };
    let labels = &t.rows().values;
    let max = counts
        .iter()
        .filter_map(|c| c.shown())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_space = CHART_WIDTH - LABEL_WIDTH - 60;
    let height = BAR_HEIGHT * u32::try_from(labels.len()).unwrap_or(0) + 10;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" width=(CHART_WIDTH) height=(height)
            viewBox={ "0 0 " (CHART_WIDTH) " " (height) } role="img" aria-label=(table.title) {
            defs {
                pattern #hatch width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect width="3" height="6" fill="#888" {}
                }
            }
            @for (i, (label, count)) in labels.iter().zip(&counts).enumerate() {
                @let y = BAR_HEIGHT * u32::try_from(i).unwrap_or(0) + 4;
                text x=(LABEL_WIDTH - 8) y=(y + 15) text-anchor="end" font-size="13" { (label.replace('_', " ")) }
                @match count.shown() {
                    Some(n) => {
                        @let width = u32::try_from(u64::from(bar_space) * n / max).unwrap_or(0);
                        rect x=(LABEL_WIDTH) y=(y) width=(width.max(1)) height=(BAR_HEIGHT - 6) fill="#3b5b8c" {}
                        text x=(LABEL_WIDTH + width + 6) y=(y + 15) font-size="13" { (n) }
                    }
                    None => {
                        rect x=(LABEL_WIDTH) y=(y) width="24" height=(BAR_HEIGHT - 6) fill="url(#hatch)" {}
                        text x=(LABEL_WIDTH + 30) y=(y + 15) font-size="13" font-style="italic" { "suppressed" }
                    }
                }
            }
        }
    }
}

fn count_text(c: Count) -> String {
    c.shown()
        .map_or_else(|| "suppressed".to_string(), |n| n.to_string())
}

fn table_markup(table: &EvidenceTable) -> Markup {
    let t = &table.table;
    html! {
        table.evidence {
            thead {
                tr {
                    th { (t.rows().dimension.as_str()) }
                    @if let Some(columns) = t.columns() {
                        @for v in &columns.values { th { (v) } }
                        th { "total" }
                    } @else {
                        th { "acts" }
                    }
                }
            }
            tbody {
                @for (i, value) in t.rows().values.iter().enumerate() {
                    tr {
                        th { (value) }
                        @for c in &t.cells()[i] { td { (count_text(*c)) } }
                        @if let Some(totals) = t.row_totals() { td { (count_text(totals[i])) } }
                    }
                }
                tr.total {
                    th { "total" }
                    @if let Some(totals) = t.column_totals() {
                        @for c in totals { td { (count_text(*c)) } }
                    }
                    td { (count_text(t.grand_total())) }
                }
            }
        }
    }
}

const PRINT_CSS: &str = "
.report h2 { break-after: avoid; }
.report section { break-inside: avoid; margin-bottom: 2rem; }
.report table.evidence { border-collapse: collapse; margin: 0.5rem 0; }
.report table.evidence th, .report table.evidence td { border: 1px solid #999; padding: 0.2rem 0.5rem; text-align: right; }
.report table.evidence th:first-child { text-align: left; }
.report svg.chart { max-width: 100%; height: auto; }
@page { size: A4; margin: 18mm; }
@media print {
  header, nav, .no-print { display: none !important; }
  body { background: #fff; color: #000; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  a { color: #000; text-decoration: none; }
  .report svg.chart rect[fill='#3b5b8c'] { fill: #333; }
}
";

/// The report's stylesheet, print rules included.
pub async fn report_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        PRINT_CSS,
    )
}

pub async fn report(State(state): State<AppState>, PageMember(member): PageMember) -> Response {
    let evidence = match state.parasol.evidence(&member).await {
        Ok(e) => e,
        Err(e) => return failure(&state, Some(&member), e),
    };
    let body = html! {
        // The page's policy allows only this server's stylesheets, not inline ones.
        link rel="stylesheet" href="/cases/report.css";
        div.report {
            h1 { (state.org_name) ": the collateral damage of anti-trafficking measures" }
            p {
                "Harms documented by our peer workers, counted only for people who agreed to be counted "
                "(consent checked on " (evidence.consent_checked_on) "). Counts from 1 to "
                (evidence.threshold.saturating_sub(1)) " are not shown, nor anything that would reveal them."
            }
            p.no-print {
                "Print this page, or save it as PDF from the print dialogue. "
                "Tables as CSV: "
                @for t in &evidence.tables {
                    a href={ "/api/statistics/" (t.name) ".csv" } { (t.name) } " "
                }
            }
            @for t in &evidence.tables {
                section {
                    h2 { (t.title) }
                    (bar_chart(t))
                    (table_markup(t))
                }
            }
        }
    };
    layout(&state, "Evidence report", Some(&member), body).into_response()
}
