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
