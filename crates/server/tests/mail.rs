//! Publishing an alert mails the area's subscribers over real SMTP, and the queue is
//! durable: mail for an alert published while the relay is down goes out after a restart.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::{config, spawn_app, start, SmtpSink, TestApp};

async fn report_and_publish(app: &TestApp, people: &support::People, area: &str, phone: &str) {
    let (_, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": ["physical_violence"], "area": area, "identifiers": [{"type": "phone", "value": phone}],
                   "narrative": "He attacked me.", "consent": {"publish_alert": true}}),
        )
        .await;
    let id = body["id"].as_i64().unwrap();
    let (status, body) = app
        .post(&format!("/api/reports/{id}/publish"), Some(&people.peer), json!({"kinds": ["physical_violence"], "area": area, "text": "Attacked a worker after the booking."}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn subscribers_of_the_area_are_mailed_when_an_alert_is_published() {
    let smtp = SmtpSink::start();
    let mut cfg = config();
    cfg.smtp = Some(smtp.config());
    let app = spawn_app(cfg).await;
    let people = app.people().await;
    let north = app.area_id(&people.mei, "North").await;
    let centre = app.area_id(&people.mei, "Centre").await;
    let (status, body) = app
        .post(
            "/api/subscriptions",
            Some(&people.mei),
            json!({"area": north, "email": "Mei@Example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _) = app
        .post(
            "/api/subscriptions",
            Some(&people.coordinator),
            json!({"area": centre, "email": "coord@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    report_and_publish(&app, &people, "North", "+44 7700 900111").await;
    let messages = smtp.wait_for(1).await;
    assert_eq!(messages.len(), 1, "exactly one subscriber of North");
    let mail = &messages[0];
    assert!(mail.contains("X-Rcpt-To: mei@example.org"), "{mail}");
    assert!(mail.contains("new red alert in North"), "{mail}");
    assert!(mail.contains("Attacked a worker after the booking."));
    // Never the client's identifier, never the reporter's narrative.
    assert!(!mail.contains("7700") && !mail.contains("He attacked me"));
}

#[tokio::test]
async fn alert_mail_queued_while_the_relay_is_down_is_sent_after_a_restart() {
    // A relay address where nothing listens yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = support::SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        starttls: false,
        credentials: None,
        from: "Parasol <alerts@example.org>".into(),
    };
    let mut cfg = config();
    cfg.smtp = Some(down);
    let app = spawn_app(cfg).await;
    let people = app.people().await;
    let harbour = app.area_id(&people.mei, "Harbour").await;
    app.post(
        "/api/subscriptions",
        Some(&people.mei),
        json!({"area": harbour, "email": "mei@example.org"}),
    )
    .await;
    report_and_publish(&app, &people, "Harbour", "+44 7700 900222").await;

    // Stop the server; the relay comes up; a new server over the same store sends it.
    app.server.abort();
    let smtp = SmtpSink::start_on(Some(port));
    let mut cfg = config();
    cfg.smtp = Some(smtp.config());
    app.parasol.clock().set(support::NOW + 3600);
    let (_base, _server) = start(app.parasol.clone(), cfg).await;
    let messages = smtp.wait_for(1).await;
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("new red alert in Harbour"));
}
