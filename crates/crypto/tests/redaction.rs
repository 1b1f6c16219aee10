//! `Debug` of every type holding a secret must not show the secret, in hex or base64.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use parasol_crypto::{client, MasterKey, OprfKey, OrgKeys};

fn assert_hidden(shown: &str, secret: &[u8]) {
    assert!(!shown.contains(&hex::encode(secret)), "hex in {shown}");
    assert!(
        !shown.contains(&hex::encode_upper(secret)),
        "HEX in {shown}"
    );
    for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
        // Drop the final characters, which padding or trailing bits can change.
        let encoded = engine.encode(secret);
        assert!(!shown.contains(&encoded[..40]), "base64 in {shown}");
    }
    // Rust's own `Debug` of a byte array, in case a derive ever sneaks back in.
    let first_bytes = format!("{:?}", &secret[..4]);
    assert!(
        !shown.contains(first_bytes.trim_end_matches(']')),
        "bytes in {shown}"
    );
}

#[test]
fn master_key_debug_is_redacted() {
    let key = MasterKey::generate();
    let bytes = STANDARD.decode(key.to_base64()).expect("base64");
    let shown = format!("{key:?} {key:#?}");
    assert_hidden(&shown, &bytes);
    assert_eq!(format!("{key:?}"), "MasterKey([redacted])");
}

#[test]
fn oprf_key_debug_is_redacted() {
    let key = OprfKey::generate();
    let shown = format!("{key:?} {key:#?}");
    assert_hidden(&shown, &key.to_bytes());
    assert_eq!(format!("{key:?}"), "OprfKey([redacted])");
}

#[test]
fn org_keys_debug_shows_neither_key() {
    let keys = OrgKeys::generate();
    let shown = format!("{keys:?} {keys:#?}");
    assert_hidden(&shown, &keys.oprf.to_bytes());
    assert!(shown.contains("DataKey([redacted])"), "{shown}");
    // The data key's bytes are not public; its own unit test checks them directly.
}

#[test]
fn blinded_state_debug_is_redacted() {
    let (state, _) = client::blind(b"phone:+447700900123").expect("blind");
    assert_eq!(format!("{state:?}"), "Blinded([redacted])");
}

#[test]
fn errors_do_not_show_key_material() {
    let master = MasterKey::generate();
    let wrapped = OrgKeys::generate().wrap(&master);
    let err = OrgKeys::unwrap(&MasterKey::generate(), &wrapped).unwrap_err();
    let bytes = STANDARD.decode(master.to_base64()).expect("base64");
    assert_hidden(&format!("{err} {err:?}"), &bytes);
}
