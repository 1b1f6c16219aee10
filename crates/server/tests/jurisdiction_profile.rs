//! The organisation's own jurisdiction profile, given to the server, is the one peers see.

mod support;

use parasol_casework::Profile;
use support::{config, spawn_app, Config};

#[tokio::test]
async fn peers_see_the_organisations_own_profile_and_the_example_only_without_one() {
    let text = include_str!("../../casework/profiles/example.json")
        .replace(
            "Example — not legal advice (fictional country \\\"Ruritania\\\")",
            "Harbour Collective, reviewed by our lawyer",
        )
        .replace("\"example\": true", "\"example\": false");
    let own = Profile::from_json(&text).expect("an organisation's profile");
    let app = spawn_app(Config {
        profile: Some(own),
        ..config()
    })
    .await;
    let people = app.people().await;
    let (status, body) = app.get("/api/casework/profile", Some(&people.peer)).await;
    assert!(status.is_success(), "{body}");
    assert_eq!(body["name"], "Harbour Collective, reviewed by our lawyer");
    assert_eq!(body["example"], false);
    let (status, _) = app.get("/api/casework/profile", Some(&people.mei)).await;
    assert!(status.is_client_error(), "members do not see casework");

    let plain = spawn_app(config()).await;
    let people = plain.people().await;
    let (_, body) = plain.get("/api/casework/profile", Some(&people.peer)).await;
    assert_eq!(body["example"], true);
    assert!(body["name"].as_str().unwrap().starts_with("Example"));
}
