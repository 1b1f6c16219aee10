//! Bad input gets a clear JSON error naming the field, what was read and what was
//! expected; forms re-render with what was typed; a refused report leaves nothing behind.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{config, spawn_app};

fn field<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["field"] == name))
        .unwrap_or_else(|| panic!("no error for {name} in {body}"))
}

#[tokio::test]
async fn unreadable_identifiers_are_refused_with_what_was_read() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let long = "9".repeat(5000);
    for bad in ["+44 12", "abc", "", long.as_str()] {
        let (status, body) = app
            .post(
                "/api/screen",
                Some(&people.rosa),
                json!({"type": "phone", "value": bad}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["error"], "invalid");
        let f = field(&body, "phone");
        assert!(f["expected"].as_str().unwrap().contains("+44"), "{f}");
        assert!(f["read"].as_str().unwrap().chars().count() <= 81);
    }
    let (status, body) = app
        .post(
            "/api/screen",
            Some(&people.rosa),
            json!({"type": "fax", "value": "1"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&body, "type")["read"], "fax");
}

#[tokio::test]
async fn a_refused_report_lists_every_bad_field_and_stores_nothing() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": ["sex_work"], "area": "Atlantis", "occurred_on": "2026-02-30",
                   "identifiers": [{"type": "phone", "value": "+44 7700 900123"}, {"type": "email", "value": "not-an-email"}],
                   "narrative": "Something happened."}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field(&body, "kind")["read"], "sex_work");
    assert!(field(&body, "area")["expected"]
        .as_str()
        .unwrap()
        .contains("North"));
    assert_eq!(field(&body, "occurred_on")["read"], "2026-02-30");
    assert_eq!(field(&body, "email")["read"], "not-an-email");
    let (_, mine) = app.get("/api/reports/mine", Some(&people.rosa)).await;
    assert_eq!(mine.as_array().unwrap().len(), 0);
    // The valid number in the refused report was not recorded either.
    assert_eq!(
        app.screen(&people.mei, "phone", "+44 7700 900123").await["verdict"],
        "green"
    );
}

#[tokio::test]
async fn malformed_json_names_the_field_path() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let (status, body) = app
        .post(
            "/api/reports",
            Some(&people.rosa),
            json!({"kinds": "theft", "area": "North", "identifiers": []}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["fields"][0]["field"], "kinds");
    let resp = app
        .http
        .post(app.url("/api/screen"))
        .bearer_auth(&people.rosa)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "bad_request");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let narrative = "a".repeat(200_000);
    let resp = app
        .http
        .post(app.url("/api/reports"))
        .bearer_auth(&people.rosa)
        .json(&json!({"kinds": ["theft"], "area": "North", "identifiers": [], "narrative": narrative}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn screening_beyond_the_limit_is_slowed_with_a_reason() {
    let mut cfg = config();
    cfg.screens_per_minute = 3;
    let app = spawn_app(cfg).await;
    let people = app.people().await;
    for _ in 0..3 {
        app.screen(&people.rosa, "phone", "+44 7700 900123").await;
    }
    let resp = app
        .http
        .post(app.url("/api/screen"))
        .bearer_auth(&people.rosa)
        .json(&json!({"type": "phone", "value": "+44 7700 900123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().contains_key("retry-after"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    // Another member is not affected.
    app.screen(&people.mei, "phone", "+44 7700 900123").await;
}

#[tokio::test]
async fn the_report_form_keeps_what_was_typed_when_a_field_is_refused() {
    let app = spawn_app(config()).await;
    app.join(&app.first_invite, "coord").await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = http
        .post(app.url("/signin"))
        .form(&[
            ("handle", "coord"),
            ("passphrase", "long enough passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(resp.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("HttpOnly"));
    let resp = http
        .post(app.url("/report"))
        .header("cookie", &cookie)
        .form(&[
            ("kinds", "threats"),
            ("area", "1"),
            ("phone", "+44 12"),
            ("narrative", "He followed me to the bus stop"),
            ("description", "Red jacket"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = resp.text().await.unwrap();
    assert!(page.contains("He followed me to the bus stop"));
    assert!(page.contains("Red jacket"));
    assert!(page.contains("value=\"+44 12\""));
    assert!(page.contains("We read “+44 12”"));
    assert!(page.contains("value=\"threats\" checked"));
    // The page title carries nothing personal.
    assert!(page.contains("<title>Report · Parasol</title>"));
}
