//! Peer casework over HTTP: cases are for peer workers only; every read and change is
//! audited; referrals and statistics go through her consent, and a withdrawal counts at
//! once; bad input is refused field by field with nothing half-saved.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{config, spawn_app, TestApp};

fn field<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["field"] == name))
        .unwrap_or_else(|| panic!("no error for {name} in {body}"))
}

fn a_raid(area: &str) -> Value {
    json!({
        "what": "Police and an NGO raided the flat and took everyone's earnings.",
        "started": "2026-03",
        "area": area,
        "confidential": true,
        "acts": [
            {"act_type": "raid", "consequences": "Lost her workplace.",
             "measure": "raid_or_rescue",
             "involvements": [{"perpetrator": "police", "degree": "perpetrator"},
                              {"perpetrator": "anti_trafficking_ngo", "degree": "instigator"}]},
            {"act_type": "confiscation", "consequences": "Two months of savings taken as evidence.",
             "involvements": [{"perpetrator": "police"}]}
        ]
    })
}

async fn open_case(app: &TestApp, token: &str, person: &str) -> i64 {
    let (status, body) = app
        .post(
            "/api/cases",
            Some(token),
            json!({"person": person, "events": [a_raid("North")]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("case id")
}

async fn consent(app: &TestApp, token: &str, case: i64, body: Value) -> i64 {
    let (status, body) = app
        .post(&format!("/api/cases/{case}/consents"), Some(token), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("consent id")
}

async fn add_service(app: &TestApp, coordinator: &str, name: &str) -> i64 {
    let (status, body) = app
        .post(
            "/api/services",
            Some(coordinator),
            json!({"name": name, "category": "legal", "contact": "Tuesdays, ask for Ana"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("service id")
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let resp = app
        .http
        .put(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn get_text(app: &TestApp, path: &str, token: &str) -> (StatusCode, String) {
    let resp = app
        .http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_case_is_read_back_whole_and_every_read_and_change_is_audited() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let case = open_case(&app, &people.peer, "R-014").await;

    let (status, view) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["person"], "R-014");
    let raid = &view["events"][0];
    assert_eq!(raid["started"], "2026-03");
    assert_eq!(raid["area"], "North");
    assert_eq!(raid["acts"][0]["act_type"], "raid");
    assert_eq!(raid["acts"][0]["measure"]["p4"], "protection");
    assert_eq!(raid["acts"][0]["involvements"][1]["degree"], "instigator");
    assert_eq!(raid["acts"][1]["involvements"][0]["degree"], "unknown");
    assert_eq!(
        raid["acts"][1]["consequences"],
        "Two months of savings taken as evidence."
    );

    let (_, list) = app.get("/api/cases", Some(&people.coordinator)).await;
    assert_eq!(list[0]["person"], "R-014");
    assert_eq!(list[0]["events"], 1);

    let (status, audit) = app
        .get(&format!("/api/cases/{case}/audit"), Some(&people.peer))
        .await;
    assert_eq!(status, StatusCode::OK, "{audit}");
    let actions: Vec<&str> = audit
        .as_array()
        .expect("audit rows")
        .iter()
        .map(|row| row["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["changed:case", "viewed"]);
    let text = audit.to_string();
    assert!(
        !text.contains("R-014") && !text.contains("savings"),
        "{text}"
    );
}

#[tokio::test]
async fn members_cannot_open_or_read_cases() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let case = open_case(&app, &people.peer, "R-015").await;
    for path in [
        format!("/api/cases/{case}"),
        "/api/cases".to_string(),
        format!("/api/cases/{case}/audit"),
        "/api/statistics".to_string(),
    ] {
        let (status, body) = app.get(&path, Some(&people.rosa)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        assert_eq!(body["error"], "forbidden");
    }
    let (status, _) = app
        .post(
            "/api/cases",
            Some(&people.rosa),
            json!({"person": "x", "events": []}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("/api/cases/{case}"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn impossible_dates_and_unknown_terms_are_refused_by_field_and_nothing_is_saved() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = app
        .post(
            "/api/cases",
            Some(&people.peer),
            json!({"person": "R-016", "events": [
                a_raid("North"),
                {"what": "Evicted.", "started": "2026-02-30", "area": "Atlantis",
                 "acts": [{"act_type": "sex_work",
                           "measure": "raid_or_rescue", "p4": "prevention",
                           "involvements": [{"perpetrator": "martians"}]}]}
            ]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"], "invalid");
    assert_eq!(field(&body, "events[1].started")["read"], "2026-02-30");
    assert!(field(&body, "events[1].started")["expected"]
        .as_str()
        .expect("expected")
        .contains("February"));
    assert!(field(&body, "events[1].area")["expected"]
        .as_str()
        .expect("expected")
        .contains("North"));
    assert_eq!(
        field(&body, "events[1].acts[0].act_type")["read"],
        "sex_work"
    );
    assert!(field(&body, "events[1].acts[0].p4")["expected"]
        .as_str()
        .expect("expected")
        .contains("protection"));
    assert_eq!(
        field(&body, "events[1].acts[0].involvements[0].perpetrator")["read"],
        "martians"
    );
    let (_, list) = app.get("/api/cases", Some(&people.peer)).await;
    assert_eq!(
        list,
        json!([]),
        "the valid first event was not saved either"
    );

    let (status, body) = app
        .post(
            "/api/cases",
            Some(&people.peer),
            json!({"person": "R-016", "events": [{"what": "Later.", "started": "2027-01", "acts": []}]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field(&body, "events[0].started")["read"], "2027-01");
    field(&body, "events[0].acts");
}

#[tokio::test]
async fn a_consent_without_a_purpose_is_refused_with_the_purposes_to_choose_from() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let case = open_case(&app, &people.peer, "R-017").await;
    for body in [
        json!({"given_on": "2026-06-01", "how_given": "in_person"}),
        json!({"purpose": "  ", "given_on": "2026-06-01", "how_given": "in_person"}),
    ] {
        let (status, body) = app
            .post(
                &format!("/api/cases/{case}/consents"),
                Some(&people.peer),
                body,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(field(&body, "purpose")["expected"]
            .as_str()
            .expect("expected")
            .contains("anonymous_statistics"));
    }
    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/consents"),
            Some(&people.peer),
            json!({"purpose": "referral", "how_given": "in_person"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    field(&body, "recipient");
    let (_, view) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    assert_eq!(view["consents"], json!([]));
}

#[tokio::test]
async fn a_referral_needs_her_consent_to_that_service_and_a_withdrawal_blocks_it_at_once() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let clinic = add_service(&app, &people.coordinator, "Legal Aid Clinic").await;
    add_service(&app, &people.coordinator, "Other Lawyers").await;
    let case = open_case(&app, &people.peer, "R-018").await;
    let refer = |service: &str| json!({"service": service, "follow_up_on": "2026-06-20"});
    let path = format!("/api/cases/{case}/referrals");

    let (status, body) = app
        .post(&path, Some(&people.peer), refer("Legal Aid Clinic"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"]
        .as_str()
        .expect("message")
        .contains("no active consent"));

    let given = consent(
        &app,
        &people.peer,
        case,
        json!({"purpose": "referral", "recipient": "legal aid clinic", "given_on": "2026-06-10",
               "how_given": "in_person", "notes": "Only about the deposit."}),
    )
    .await;
    let (status, body) = app
        .post(&path, Some(&people.peer), refer("Other Lawyers"))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "consent to one service is not consent to another: {body}"
    );
    let (status, body) = app
        .post(&path, Some(&people.peer), refer(&clinic.to_string()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let referral = body["id"].as_i64().expect("referral id");

    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/consents/{given}/withdraw"),
            Some(&people.peer),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = app
        .post(&path, Some(&people.peer), refer("Legal Aid Clinic"))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "withdrawn today, refused today: {body}"
    );
    // A proposal shares nothing, so it needs no consent.
    let (status, body) = app
        .post(
            &path,
            Some(&people.peer),
            json!({"service": "Legal Aid Clinic", "status": "proposed"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let proposal = body["id"].as_i64().expect("referral id");
    let (status, body) = put(
        &app,
        &format!("/api/referrals/{proposal}"),
        &people.peer,
        json!({"status": "made"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    // The referral made before the withdrawal moves on; its follow-up falls due.
    let (_, due) = app.get("/api/referrals/due", Some(&people.peer)).await;
    assert_eq!(due, json!([]));
    app.parasol.clock().set(support::NOW + 6 * 86_400);
    let (_, due) = app.get("/api/referrals/due", Some(&people.peer)).await;
    assert_eq!(due[0]["referral"]["id"], referral);
    assert_eq!(due[0]["person"], "R-018");
    let (status, body) = put(
        &app,
        &format!("/api/referrals/{referral}"),
        &people.peer,
        json!({"status": "completed"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(field(&body, "status")["expected"]
        .as_str()
        .expect("expected")
        .contains("accepted"));
    let (status, body) = put(
        &app,
        &format!("/api/referrals/{referral}"),
        &people.peer,
        json!({"status": "accepted", "response": "They will call her on Monday."}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (_, view) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    let stored = &view["referrals"][0];
    assert_eq!(stored["status"], "accepted");
    assert_eq!(stored["response"], "They will call her on Monday.");
    assert_eq!(stored["next"], json!(["completed", "declined"]));
    assert_eq!(view["consents"][0]["active"], false);
    assert_eq!(view["consents"][0]["consent"]["withdrawn_on"], "2026-06-15");
}

#[tokio::test]
async fn withdrawing_statistics_consent_removes_the_case_from_exports_at_once() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let mut consents = Vec::new();
    for n in 0..6 {
        let case = open_case(&app, &people.peer, &format!("S-{n}")).await;
        let id = consent(
            &app,
            &people.peer,
            case,
            json!({"purpose": "anonymous_statistics", "given_on": "2026-06-01", "how_given": "written"}),
        )
        .await;
        consents.push((case, id));
    }
    // A case without statistics consent is never counted.
    open_case(&app, &people.peer, "S-none").await;

    let (status, evidence) = app.get("/api/statistics", Some(&people.coordinator)).await;
    assert_eq!(status, StatusCode::OK, "{evidence}");
    assert_eq!(evidence["threshold"], 5);
    let by_type = evidence["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["name"] == "by_act_type")
        .expect("by_act_type")["table"]
        .clone();
    assert_eq!(
        by_type["grand_total"],
        json!({"count": 12, "suppressed": false})
    );
    let (status, csv) =
        get_text(&app, "/api/statistics/by_act_type.csv", &people.coordinator).await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert_eq!(csv, "act_type,count\nconfiscation,6\nraid,6\ntotal,12\n");

    let (case, id) = consents[0];
    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/consents/{id}/withdraw"),
            Some(&people.peer),
            json!({"withdrawn_on": "2026-06-15"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (_, csv) = get_text(&app, "/api/statistics/by_act_type.csv", &people.coordinator).await;
    assert_eq!(
        csv, "act_type,count\nconfiscation,5\nraid,5\ntotal,10\n",
        "her case left the export the moment she withdrew"
    );
    let (_, csv) = get_text(
        &app,
        "/api/statistics/by_perpetrator.csv",
        &people.coordinator,
    )
    .await;
    assert_eq!(
        csv,
        "perpetrator,count\nanti_trafficking_ngo,5\npolice,10\ntotal,15\n"
    );

    // One more withdrawal leaves four cases: every count is small and hidden.
    let (case, id) = consents[1];
    app.post(
        &format!("/api/cases/{case}/consents/{id}/withdraw"),
        Some(&people.peer),
        json!({}),
    )
    .await;
    let (_, csv) = get_text(&app, "/api/statistics/by_act_type.csv", &people.coordinator).await;
    assert!(!csv.contains(",4"), "{csv}");
    assert!(csv.contains("suppressed"), "{csv}");
}

#[tokio::test]
async fn the_threshold_is_never_below_three_and_unknown_exports_are_named() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = put(
        &app,
        "/api/settings/statistics-threshold",
        &people.coordinator,
        json!({"threshold": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(field(&body, "threshold")["expected"]
        .as_str()
        .expect("expected")
        .contains("3 or more"));
    let (status, body) = put(
        &app,
        "/api/settings/statistics-threshold",
        &people.coordinator,
        json!({"threshold": 7}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, evidence) = app.get("/api/statistics", Some(&people.coordinator)).await;
    assert_eq!(evidence["threshold"], 7);
    let (status, body) = app
        .get("/api/statistics/by_name.csv", Some(&people.coordinator))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(field(&body, "table")["expected"]
        .as_str()
        .expect("expected")
        .contains("by_measure.csv"));
}

#[tokio::test]
async fn the_assessment_shows_the_protocol_result_and_the_indicators_side_by_side() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let case = open_case(&app, &people.peer, "R-019").await;
    let path = format!("/api/cases/{case}/assessment");
    let (status, body) = put(
        &app,
        &path,
        &people.peer,
        json!({"age": "adult", "act": {"recruitment": "present"},
               "means": {"threat_or_use_of_force": "maybe", "teleportation": "present"}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field(&body, "means.threat_or_use_of_force")["read"],
        "maybe"
    );
    assert_eq!(field(&body, "means.teleportation")["read"], "teleportation");

    let mut means = serde_json::Map::new();
    for item in [
        "threat_or_use_of_force",
        "other_coercion",
        "abduction",
        "fraud",
        "deception",
        "abuse_of_power",
        "abuse_of_vulnerability",
        "payments_to_controller",
    ] {
        means.insert(item.into(), json!("absent"));
    }
    let (status, body) = put(
        &app,
        &path,
        &people.peer,
        json!({"age": "adult", "act": {"recruitment": "present"}, "means": means,
               "indicators": {"withholding_of_wages": "present"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["result"]["protocol"]["definition"], "not_met");
    assert_eq!(
        body["result"]["indicators"].as_array().map(Vec::len),
        Some(11)
    );
    assert!(body.to_string().find("score").is_none());

    let (_, view) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    assert_eq!(
        view["assessment"]["result"]["protocol"]["definition"],
        "not_met"
    );
    let (status, profile) = app.get("/api/casework/profile", Some(&people.peer)).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["example"], true);
}

/// Signs `handle` in through the sign-in form; returns a client that does not follow
/// redirects and the session cookie.
async fn browser(app: &TestApp, handle: &str) -> (reqwest::Client, String) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let resp = http
        .post(app.url("/signin"))
        .form(&[("handle", handle), ("passphrase", "long enough passphrase")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_string();
    (http, cookie)
}

#[tokio::test]
async fn the_case_forms_keep_what_was_typed_when_a_field_is_refused() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (http, cookie) = browser(&app, "peer").await;
    let resp = http
        .post(app.url("/cases"))
        .header("cookie", &cookie)
        .form(&[
            ("person", "R-020"),
            ("events[0].what", "Evicted after the raid"),
            ("events[0].started", "2026-02-30"),
            ("events[0].area", "Harbour"),
            ("events[0].acts[0].act_type", "eviction"),
            ("events[0].acts[0].consequences", "Slept at a friend's"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = resp.text().await.expect("page");
    assert!(page.contains("Evicted after the raid"), "{page}");
    assert!(page.contains("Slept at a friend"), "{page}");
    assert!(page.contains("value=\"R-020\""));
    assert!(page.contains("We read “2026-02-30”"));
    assert!(page.contains("value=\"eviction\" selected"));
    assert!(page.contains("<title>Cases · Parasol</title>"));

    let resp = http
        .post(app.url("/cases"))
        .header("cookie", &cookie)
        .form(&[
            ("person", "R-020"),
            ("events[0].what", "Evicted after the raid"),
            ("events[0].started", "2026-02"),
            ("events[0].acts[0].act_type", "eviction"),
            ("events[0].acts[0].measure", "raid_or_rescue"),
            ("events[0].acts[0].involvements[0].perpetrator", "landlord"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let location = resp.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();

    let resp = http
        .post(app.url(&format!("{location}/consents")))
        .header("cookie", &cookie)
        .form(&[("purpose", ""), ("notes", "She said yes to the clinic")])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = resp.text().await.expect("page");
    assert!(page.contains("She said yes to the clinic"));
    assert!(page.contains("anonymous_statistics"));

    let resp = http
        .get(app.url(&location))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.text().await.expect("page");
    assert!(page.contains("Case R-020"));
    assert!(
        page.contains("raid or \"rescue\" operation")
            || page.contains("raid or &quot;rescue&quot; operation")
    );
    assert!(
        page.contains("Her options"),
        "the profile's options sit beside the assessment"
    );
    assert!(page.contains("not added up"));

    let (member_http, member_cookie) = browser(&app, "rosa").await;
    let resp = member_http
        .get(app.url(&location))
        .header("cookie", &member_cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    drop(people);
}

#[tokio::test]
async fn the_evidence_report_prints_charts_without_scripts_or_small_counts() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    for n in 0..7 {
        let case = open_case(&app, &people.peer, &format!("P-{n}")).await;
        consent(
            &app,
            &people.peer,
            case,
            json!({"purpose": "anonymous_statistics", "how_given": "written"}),
        )
        .await;
    }
    let (http, cookie) = browser(&app, "coord").await;
    let resp = http
        .get(app.url("/cases/report"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.text().await.expect("page");
    assert!(page.contains("<svg"), "charts are drawn on the server");
    assert!(page.contains("href=\"/cases/report.css\""));
    assert!(!page.contains("<script"), "the report needs no JavaScript");
    assert!(!page.contains("http://") || page.contains("http://www.w3.org/2000/svg"));
    assert!(page.contains("raid"));
    assert!(page.contains(">7<"), "seven raids are shown");
    assert!(page.contains("Harms"), "{page}");
    let resp = http
        .get(app.url("/cases/report.css"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.text().await.expect("css").contains("@media print"));
    // The perpetrator table counts NGO involvement (7): shown; nothing below 5 appears.
    for small in 1..5 {
        assert!(!page.contains(&format!(">{small}</td>")), "{small} shown");
    }
}
