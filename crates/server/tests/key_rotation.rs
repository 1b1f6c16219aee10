//! Rotating an organisation's data key while its data is in use: every sealed field reads
//! back the same afterwards, through the same running server.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::{config, spawn_app};

#[tokio::test]
async fn after_rotation_every_sealed_field_reads_back_the_same() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let north = app.area_id(&people.rosa, "North").await;
    let (status, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": ["theft"], "area": north, "occurred_on": "2026-03-14",
                   "identifiers": [{"type": "phone", "value": "07911 123456"}],
                   "narrative": "He took the money back.", "description": "Grey coat",
                   "consent": {"publish_alert": true}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let report = body["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(&people.peer),
            json!({"kinds": ["theft"], "area": north, "text": "Takes the money back."}),
        )
        .await;
    assert!(status.is_success());
    let (status, _) = app
        .post(
            "/api/subscriptions",
            Some(&people.mei),
            json!({"area": north, "email": "mei@example.net"}),
        )
        .await;
    assert!(status.is_success());

    let org = app.parasol.default_organisation().await.unwrap();
    let count = app.parasol.rotate_data_key(org.id).await.unwrap();
    assert_eq!(count, 4, "narrative, description, alert text, member email");
    let rotated = app.parasol.default_organisation().await.unwrap();
    assert_ne!(rotated.wrapped_data_key, org.wrapped_data_key);
    assert_eq!(rotated.wrapped_oprf_key, org.wrapped_oprf_key);

    let (_, read) = app
        .get(&format!("/api/reports/{report}"), Some(&people.peer))
        .await;
    assert_eq!(read["narrative"], "He took the money back.");
    assert_eq!(read["description"], "Grey coat");
    let (_, alerts) = app.get("/api/alerts", Some(&people.mei)).await;
    assert_eq!(alerts[0]["text"], "Takes the money back.");
    let (_, subscriptions) = app.get("/api/subscriptions", Some(&people.mei)).await;
    assert_eq!(subscriptions[0]["email"], "mei@example.net");
    // Tags do not change: the number keeps its light.
    assert_eq!(
        app.screen(&people.mei, "phone", "+44 7911 123456").await["verdict"],
        "orange"
    );
}

#[tokio::test]
async fn after_rotation_every_casework_field_reads_back_the_same() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = app
        .post(
            "/api/services",
            Some(&people.coordinator),
            json!({"name": "Legal Aid Clinic", "category": "legal", "contact": "Tuesdays, ask for Ana"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .post(
            "/api/cases",
            Some(&people.peer),
            json!({"person": "R-777", "events": [{
                "what": "The landlord changed the locks.", "started": "2026-03", "area": "North",
                "confidential": false,
                "acts": [{"act_type": "eviction", "consequences": "Slept at a friend's.",
                          "involvements": [{"perpetrator": "landlord"}]}]}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let case = body["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/consents"),
            Some(&people.peer),
            json!({"purpose": "referral", "recipient": "Legal Aid Clinic", "given_on": "2026-06-10",
                   "how_given": "in_person", "notes": "Only about the deposit."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .post(
            &format!("/api/cases/{case}/referrals"),
            Some(&people.peer),
            json!({"service": "Legal Aid Clinic", "follow_up_on": "2026-06-20"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, before) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    let (_, services_before) = app.get("/api/services", Some(&people.peer)).await;

    let org = app.parasol.default_organisation().await.unwrap();
    let count = app.parasol.rotate_data_key(org.id).await.unwrap();
    assert!(
        count >= 5,
        "person, event, act, consent notes, service contact"
    );

    let (status, after) = app
        .get(&format!("/api/cases/{case}"), Some(&people.peer))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after, before);
    for secret in [
        "R-777",
        "The landlord changed the locks.",
        "Slept at a friend's.",
        "Only about the deposit.",
    ] {
        assert!(after.to_string().contains(secret), "{secret} reads back");
    }
    let (_, services_after) = app.get("/api/services", Some(&people.peer)).await;
    assert_eq!(services_after, services_before);
    assert!(services_after.to_string().contains("Tuesdays, ask for Ana"));
}
