//! The browser's tags are the server's: for a fixed organisation key, these identifiers have
//! these tags. web/tests/oprf.test.mjs asserts the same values for the browser's blinded
//! protocol (@noble/curves), so a report written here is found by a screen there.

use parasol_crypto::{client, OprfKey};

const SEED: [u8; 32] = [0x5e; 32];
const INFO: &[u8] = b"parasol browser parity";

const TAGS: [(&str, &str); 4] = [
    ("phone:+447700900111", "bff922888c23d1c9d9f911b4b3ad34ab"),
    ("email:x@example.org", "17ccddd8a7112e25959a3332b0a56623"),
    (
        "handle:telegram:bigdave",
        "17c3da627869911b84c89177d30498e8",
    ),
    ("plate:AB12CDE", "bdbae5e621ff19a6a04807736795532c"),
];

fn key() -> OprfKey {
    OprfKey::from_seed(&SEED, INFO).expect("the seed gives a key")
}

#[test]
fn the_fixed_key_is_the_one_the_browser_test_derives() {
    assert_eq!(
        hex::encode(key().to_bytes().as_slice()),
        "da7f6ca1a997e21e2e262b079094df746cf48be70564c07f36b1a135c0d1eb0d"
    );
}

#[test]
fn a_report_writes_the_tag_the_browser_computes() {
    let key = key();
    for (prefixed, expected) in TAGS {
        assert_eq!(
            hex::encode(key.tag(prefixed).expect("tag").as_bytes()),
            expected,
            "{prefixed}"
        );
    }
}

#[test]
fn the_servers_own_client_computes_the_same_tags() {
    let key = key();
    for (prefixed, expected) in TAGS {
        let (state, blinded) = client::blind(prefixed.as_bytes()).expect("blind");
        let evaluated = key.blind_evaluate(&blinded).expect("blind_evaluate");
        let output = client::finalize(&state, prefixed.as_bytes(), &evaluated).expect("finalize");
        let tag = client::tag_after_finalize(output);
        assert_eq!(hex::encode(tag.as_bytes()), expected, "{prefixed}");
    }
}
