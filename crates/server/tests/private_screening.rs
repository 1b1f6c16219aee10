//! Private screening over HTTP: the server evaluates only blinded elements, and the signed
//! tag list (whole, incremental, or one bucket) gives the same verdicts as direct screening.

mod support;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use parasol_crypto::{client, verify_tag_list};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{config, spawn_app, Config, TestApp};

/// The tag a member's client derives for `prefixed`, through the server's blind evaluation.
async fn private_tag(app: &TestApp, token: &str, prefixed: &str) -> String {
    let (state, blinded) = client::blind(prefixed.as_bytes()).unwrap();
    let (status, body) = app
        .post(
            "/api/screen/blind",
            Some(token),
            json!({ "blinded": URL_SAFE_NO_PAD.encode(blinded) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let evaluated = URL_SAFE_NO_PAD
        .decode(body["evaluated"].as_str().unwrap())
        .unwrap();
    let output = client::finalize(&state, prefixed.as_bytes(), &evaluated).unwrap();
    URL_SAFE_NO_PAD.encode(client::tag_after_finalize(output).as_bytes())
}

/// A signed list fetched and verified with the key the config names.
async fn signed_list(app: &TestApp, token: &str, path: &str) -> Value {
    let (_, config) = app.get("/api/screening/config", Some(token)).await;
    let key = STANDARD
        .decode(config["tag_list_key"].as_str().unwrap())
        .unwrap();
    let response = app
        .http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store, private");
    let signature = STANDARD
        .decode(response.headers()["parasol-signature"].to_str().unwrap())
        .unwrap();
    let body = response.bytes().await.unwrap();
    verify_tag_list(&key, &body, &signature).expect("the list is signed by the pinned key");
    let mut tampered = body.to_vec();
    let at = tampered.len() / 2;
    tampered[at] ^= 1;
    assert!(verify_tag_list(&key, &tampered, &signature).is_err());
    serde_json::from_slice(&body).unwrap()
}

fn entry<'a>(list: &'a Value, tag: &str) -> Option<&'a Value> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["t"] == tag)
}

async fn report(app: &TestApp, token: &str, kinds: &[&str], phone: &str) -> i64 {
    let (status, body) = app
        .post(
            "/api/reports",
            Some(token),
            json!({"kinds": kinds, "area": "North", "occurred_on": "2026-03-14",
                   "identifiers": [{"type": "phone", "value": phone}],
                   "narrative": "What happened.", "consent": {"publish_alert": true}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn publish(app: &TestApp, token: &str, report: i64, kinds: &[&str]) {
    let (status, body) = app
        .post(
            &format!("/api/reports/{report}/publish"),
            Some(token),
            json!({"kinds": kinds, "area": "North", "text": "Careful."}),
        )
        .await;
    assert!(status.is_success(), "{body}");
}

#[tokio::test]
async fn a_private_screen_finds_the_tag_the_report_wrote_and_agrees_with_direct_screening() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let violent = report(&app, &people.rosa, &["physical_violence"], "07911 123456").await;
    publish(&app, &people.peer, violent, &["physical_violence"]).await;
    report(&app, &people.mei, &["haggling"], "+44 7700 900444").await;

    let list = signed_list(&app, &people.mei, "/api/tags").await;
    assert_eq!(list["full"], true);
    assert_eq!(list["total"], 2);

    for (prefixed, typed, light) in [
        ("phone:+447911123456", "0044 7911 123 456", "red"),
        ("phone:+447700900444", "07700 900444", "yellow"),
        ("phone:+447700900999", "07700 900999", "green"),
    ] {
        let tag = private_tag(&app, &people.mei, prefixed).await;
        let direct = app.screen(&people.mei, "phone", typed).await;
        let private = entry(&list, &tag)
            .map(|e| e["v"].clone())
            .unwrap_or(json!("green"));
        assert_eq!(private, light, "{typed}");
        assert_eq!(direct["verdict"], light, "{typed}");
        if let Some(e) = entry(&list, &tag) {
            assert_eq!(e["c"], direct["counts"]);
            assert_eq!(e["m"], direct["latest_month"]);
            assert_eq!(e["ar"], direct["latest_area"]);
            assert_eq!(e["p"], direct["pending"]);
        }
    }
}

#[tokio::test]
async fn an_incremental_sync_brings_new_alerts_and_removals() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let first = signed_list(&app, &people.mei, "/api/tags").await;
    assert_eq!(first["entries"], json!([]));
    let cursor = first["cursor"].as_str().unwrap().to_string();

    let id = report(&app, &people.rosa, &["theft"], "07911 123456").await;
    publish(&app, &people.peer, id, &["theft"]).await;
    let tag = private_tag(&app, &people.mei, "phone:+447911123456").await;
    let changes = signed_list(&app, &people.mei, &format!("/api/tags?since={cursor}")).await;
    assert_eq!(changes["full"], false);
    assert_eq!(entry(&changes, &tag).unwrap()["v"], "orange");
    assert_eq!(changes["total"], 1);

    let (status, body) = app
        .post(
            &format!("/api/reports/{id}/retract"),
            Some(&people.peer),
            json!({}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let changes = signed_list(&app, &people.mei, &format!("/api/tags?since={cursor}")).await;
    assert!(entry(&changes, &tag).is_none());
    assert_eq!(changes["removed"], json!([tag]));
    assert_eq!(changes["total"], 0);
}

#[tokio::test]
async fn a_bucket_holds_the_tags_with_its_prefix() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let id = report(&app, &people.rosa, &["stalking"], "07911 123456").await;
    publish(&app, &people.peer, id, &["stalking"]).await;
    let tag = private_tag(&app, &people.mei, "phone:+447911123456").await;
    let bytes = URL_SAFE_NO_PAD.decode(&tag).unwrap();
    let prefix = format!("{:02x}", bytes[0]);
    let bucket = signed_list(&app, &people.mei, &format!("/api/tags/bucket/{prefix}")).await;
    assert_eq!(entry(&bucket, &tag).unwrap()["v"], "orange");
    let other = format!("{:02x}", bytes[0].wrapping_add(1));
    let elsewhere = signed_list(&app, &people.mei, &format!("/api/tags/bucket/{other}")).await;
    assert!(entry(&elsewhere, &tag).is_none());

    for bad in ["a", "a5a5", "ZZ", "%2F%2F"] {
        let (status, body) = app
            .get(&format!("/api/tags/bucket/{bad}"), Some(&people.mei))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["fields"][0]["field"], "prefix");
    }
}

#[tokio::test]
async fn malformed_blinded_elements_get_clear_errors_never_a_crash() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let not_a_point = URL_SAFE_NO_PAD.encode([0xFF; 32]);
    let short = URL_SAFE_NO_PAD.encode([1; 31]);
    for (blinded, says) in [
        (json!("not base64 at all!"), "base64url"),
        (json!(short), "not 32 bytes"),
        (json!(not_a_point), "not a valid ristretto255 point"),
        (json!(""), "not 32 bytes"),
    ] {
        let (status, body) = app
            .post(
                "/api/screen/blind",
                Some(&people.mei),
                json!({ "blinded": blinded }),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["field"], "blinded");
        assert!(
            body["fields"][0]["expected"]
                .as_str()
                .unwrap()
                .contains(says),
            "{body}"
        );
    }
    let (status, body) = app
        .post(
            "/api/screen/blind",
            Some(&people.mei),
            json!({ "blind": "x" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["fields"][0]["expected"]
        .as_str()
        .unwrap()
        .contains("blinded"));
    let (status, body) = app
        .post("/api/screen/blind", None, json!({ "blinded": not_a_point }))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = app.get("/api/tags", Some("expired-or-made-up")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .get("/api/tags?since=yesterday", Some(&people.mei))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "since");
}

#[tokio::test]
async fn a_member_who_screens_too_fast_is_slowed_and_told_when_to_retry() {
    let app = spawn_app(Config {
        screens_per_minute: 3,
        ..config()
    })
    .await;
    let people = app.people().await;
    for _ in 0..3 {
        private_tag(&app, &people.mei, "phone:+447911123456").await;
    }
    let (_, blinded) = client::blind(b"phone:+447911123456").unwrap();
    let response = app
        .http
        .post(app.url("/api/screen/blind"))
        .bearer_auth(&people.mei)
        .json(&json!({ "blinded": URL_SAFE_NO_PAD.encode(blinded) }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    // Another member is not slowed by her.
    private_tag(&app, &people.rosa, "phone:+447911123456").await;
}

#[tokio::test]
async fn private_screens_are_counted_and_nothing_else_is_kept() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    private_tag(&app, &people.mei, "phone:+447911123456").await;
    private_tag(&app, &people.mei, "email:someone@example.org").await;
    app.parasol.flush_counters().await.unwrap();
    let org = app.parasol.default_organisation().await.unwrap();
    let counts = app
        .parasol
        .store()
        .counter(org.id, parasol_app::PRIVATE_SCREENINGS_COUNTER)
        .await
        .unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<i64>(), 2);
}
