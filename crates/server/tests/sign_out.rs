//! Signing out on a shared phone leaves nothing of Parasol behind in the browser.

mod support;

use reqwest::StatusCode;
use support::{config, spawn_app};

#[tokio::test]
async fn signing_out_clears_the_session_and_everything_the_browser_stored() {
    let app = spawn_app(config()).await;
    let people = app.people().await;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (path, token) in [
        ("/signout", &people.mei),
        ("/signout-everywhere", &people.rosa),
    ] {
        let response = browser
            .post(app.url(path))
            .header("cookie", format!("parasol_session={token}"))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{path}");
        let clear = response.headers()["clear-site-data"].to_str().unwrap();
        assert!(clear.contains("\"storage\""), "{path}: {clear}");
        assert!(clear.contains("\"cache\""), "{path}: {clear}");
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("parasol_session="), "{path}: {cookie}");
    }
    for token in [&people.mei, &people.rosa] {
        let (status, _) = app.get("/api/me", Some(token)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session is over");
    }
}
