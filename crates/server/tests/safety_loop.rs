//! The safety loop end to end over HTTP: report, verify, publish, alert, screen, retract.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::{config, spawn_app};

#[tokio::test]
async fn a_reported_client_turns_red_for_other_members_once_verified() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let north = app.area_id(&people.rosa, "North").await;

    // Nothing known yet: green, and it says green is no guarantee.
    let verdict = app.screen(&people.mei, "phone", "+44 7911 123456").await;
    assert_eq!(verdict["verdict"], "green");
    assert!(verdict["caution"]
        .as_str()
        .unwrap()
        .contains("not a guarantee"));

    // Rosa reports, writing the number the national way.
    let (status, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({
                "kinds": ["threats"],
                "area": north,
                "occurred_on": "2026-03-14",
                "identifiers": [{"type": "phone", "value": "07911 123456"}, {"type": "plate", "value": "ab12 cde"}],
                "narrative": "He hit me when I asked for the money.",
                "description": "Tall, grey beard",
                "consent": {"publish_alert": true, "support_contact": true}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let report = body["id"].as_i64().unwrap();

    // Awaiting verification: yellow, for any way of writing the number.
    let verdict = app.screen(&people.mei, "phone", "0044 7911-123-456").await;
    assert_eq!(verdict["verdict"], "yellow");
    assert_eq!(verdict["pending"], 1);

    // The peer worker sees it in the queue, decrypted, and publishes it as violence.
    let (status, queue) = app
        .get("/api/reports?status=pending", Some(&people.peer))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        queue[0]["narrative"],
        "He hit me when I asked for the money."
    );
    let (status, body) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(&people.peer),
            json!({"kinds": ["physical_violence", "threats"], "area": north, "text": "Violent when asked to pay first."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let verdict = app.screen(&people.mei, "phone", "+447911123456").await;
    assert_eq!(verdict["verdict"], "red");
    assert_eq!(verdict["reasons"][0]["code"], "red_alert");
    assert_eq!(verdict["counts"]["physical_violence"], 1);
    assert_eq!(verdict["latest_month"], "2026-03");
    assert_eq!(verdict["latest_area"], "North");
    assert_eq!(
        app.screen(&people.mei, "plate", "AB12CDE").await["verdict"],
        "red"
    );

    // Members see the alert in their area's list, by month only.
    let (_, alerts) = app
        .get(
            &format!("/api/alerts?area={north}&level=red"),
            Some(&people.mei),
        )
        .await;
    assert_eq!(alerts.as_array().unwrap().len(), 1);
    assert_eq!(alerts[0]["text"], "Violent when asked to pay first.");
    assert_eq!(alerts[0]["month"], "2026-03");

    // Retracted: gone from screening and the list.
    let (status, _) = app
        .post(
            &format!("/api/reports/{report}/retract"),
            Some(&people.peer),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.screen(&people.mei, "phone", "07911 123456").await["verdict"],
        "green"
    );
    let (_, alerts) = app.get("/api/alerts", Some(&people.mei)).await;
    assert_eq!(alerts.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn alerts_expire_as_the_organisation_set() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (_, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": ["no_show"], "area": "Centre", "identifiers": [{"type": "email", "value": "X@Example.org"}],
                   "narrative": "Never came.", "consent": {"publish_alert": true}}),
        )
        .await;
    let report = body["id"].as_i64().unwrap();
    app.post(
        &format!("/api/reports/{report}/publish"),
        Some(&people.peer),
        json!({"kinds": ["no_show"], "area": "Centre", "text": "No-show."}),
    )
    .await;
    assert_eq!(
        app.screen(&people.mei, "email", "x@example.org").await["verdict"],
        "yellow"
    );
    // The organisation keeps yellow alerts 30 days.
    app.parasol.clock().set(support::NOW + 31 * 86_400);
    // Sessions last 30 days too, so Mei signs in again.
    assert_eq!(
        app.get("/api/me", Some(&people.mei)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, session) = app
        .post(
            "/api/session",
            None,
            json!({"handle": "mei", "passphrase": "long enough passphrase"}),
        )
        .await;
    let mei = session["token"].as_str().unwrap();
    assert_eq!(
        app.screen(mei, "email", "x@example.org").await["verdict"],
        "green"
    );
}

#[tokio::test]
async fn nothing_is_published_without_the_reporters_consent() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (_, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": ["theft"], "area": "Centre", "identifiers": [{"type": "phone", "value": "+44 7700 900123"}],
                   "narrative": "Took my phone.", "consent": {"publish_alert": false, "support_contact": true}}),
        )
        .await;
    let report = body["id"].as_i64().unwrap();
    // Without consent to an alert, the report does not colour anyone's screen.
    assert_eq!(
        app.screen(&people.mei, "phone", "+44 7700 900123").await["verdict"],
        "green"
    );
    let (status, body) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(&people.peer),
            json!({"kinds": ["theft"], "area": "Centre", "text": "Theft."}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"].as_str().unwrap().contains("did not agree"));
    assert_eq!(
        app.screen(&people.mei, "phone", "+44 7700 900123").await["verdict"],
        "green"
    );
}

#[tokio::test]
async fn roles_decide_who_verifies() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = app
        .get("/api/reports?status=pending", Some(&people.rosa))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "forbidden");
    // A peer worker cannot verify her own report.
    let (_, body) = app
        .post(
            "/api/reports",
            Some(&people.peer),
            json!({"kinds": ["haggling"], "area": "Centre", "identifiers": [{"type": "handle", "value": "telegram:@Dave"}],
                   "narrative": "Haggled.", "consent": {"publish_alert": true}}),
        )
        .await;
    let report = body["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(&people.peer),
            json!({"kinds": ["haggling"], "area": "Centre", "text": "Haggles."}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Members cannot invite peer workers.
    let (status, _) = app
        .post(
            "/api/invites",
            Some(&people.rosa),
            json!({"role": "peer_worker"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // No session, no API.
    let (status, body) = app.get("/api/alerts", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "unauthorised");
}

#[tokio::test]
async fn two_independent_orange_alerts_make_red() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    for (token, kind) in [(&people.rosa, "refused_payment"), (&people.mei, "theft")] {
        let (_, body) = app
            .post(
                "/api/reports",
                Some(token),
                json!({"kinds": [kind], "area": "Harbour", "identifiers": [{"type": "phone", "value": "+44 7700 900555"}],
                       "narrative": "It happened.", "consent": {"publish_alert": true}}),
            )
            .await;
        let id = body["id"].as_i64().unwrap();
        app.post(
            &format!("/api/reports/{id}/publish"),
            Some(&people.peer),
            json!({"kinds": [kind], "area": "Harbour", "text": "Trouble."}),
        )
        .await;
    }
    let verdict = app
        .screen(&people.coordinator, "phone", "07700 900555")
        .await;
    assert_eq!(verdict["verdict"], "red");
    assert_eq!(verdict["reasons"][0]["code"], "independent_orange_alerts");
    assert_eq!(verdict["alerts"], 2);
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, second) = app
        .post(
            "/api/session",
            None,
            json!({"handle": "rosa", "passphrase": "long enough passphrase"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let second = second["token"].as_str().unwrap().to_string();
    let resp = app
        .http
        .delete(app.url("/api/sessions"))
        .bearer_auth(&people.rosa)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/me", Some(&second)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = app
        .post(
            "/api/session",
            None,
            json!({"handle": "rosa", "passphrase": "wrong passphrase"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["message"], "that handle and passphrase do not match");
}
