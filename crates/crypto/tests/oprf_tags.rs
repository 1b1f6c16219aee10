//! Tags: what a report writes and what a private screen finds must be the same value.

use parasol_crypto::{client, tag_from_output, CryptoError, OprfKey, Tag};

const PHONE: &str = "phone:+447700900123";

fn screened_tag(key: &OprfKey, prefixed: &str) -> Tag {
    let (state, blinded) = client::blind(prefixed.as_bytes()).expect("blind");
    let evaluated = key.blind_evaluate(&blinded).expect("blind_evaluate");
    let output = client::finalize(&state, prefixed.as_bytes(), &evaluated).expect("finalize");
    client::tag_after_finalize(output)
}

#[test]
fn a_private_screen_finds_the_tag_a_report_wrote() {
    let key = OprfKey::generate();
    for prefixed in [
        PHONE,
        "email:someone@example.org",
        "handle:telegram:punter99",
        "plate:AB12CDE",
        "",
    ] {
        let direct = key.evaluate(prefixed.as_bytes()).expect("evaluate");
        let (state, blinded) = client::blind(prefixed.as_bytes()).expect("blind");
        let evaluated = key.blind_evaluate(&blinded).expect("blind_evaluate");
        let blind_output =
            client::finalize(&state, prefixed.as_bytes(), &evaluated).expect("finalize");
        assert_eq!(direct, blind_output);
        assert_eq!(
            key.tag(prefixed).expect("tag"),
            screened_tag(&key, prefixed)
        );
    }
}

#[test]
fn blinding_the_same_identifier_twice_sends_different_elements() {
    let (_, first) = client::blind(PHONE.as_bytes()).expect("blind");
    let (_, second) = client::blind(PHONE.as_bytes()).expect("blind");
    assert_ne!(
        first, second,
        "the server must not be able to link two screens"
    );
}

#[test]
fn a_tag_is_deterministic() {
    let key = OprfKey::generate();
    assert_eq!(key.tag(PHONE).expect("tag"), key.tag(PHONE).expect("tag"));
    let reloaded = OprfKey::from_bytes(&key.to_bytes()).expect("from_bytes");
    assert_eq!(
        key.tag(PHONE).expect("tag"),
        reloaded.tag(PHONE).expect("tag")
    );
}

#[test]
fn tags_differ_across_organisations() {
    let one = OprfKey::generate();
    let other = OprfKey::generate();
    assert_ne!(one.tag(PHONE).expect("tag"), other.tag(PHONE).expect("tag"));
    assert_ne!(one.to_bytes(), other.to_bytes());
}

#[test]
fn tags_differ_across_identifiers() {
    let key = OprfKey::generate();
    assert_ne!(
        key.tag(PHONE).expect("tag"),
        key.tag("phone:+447700900124").expect("tag")
    );
}

#[test]
fn a_tag_is_hkdf_of_the_output_with_the_parasol_label() {
    let key = OprfKey::generate();
    let output = key.evaluate(PHONE.as_bytes()).expect("evaluate");
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(None, &output);
    let mut expected = [0u8; 16];
    hk.expand(b"parasol tag v1", &mut expected).expect("expand");
    assert_eq!(tag_from_output(&output), Tag(expected));
    assert_eq!(key.tag(PHONE).expect("tag"), Tag(expected));
}

#[test]
fn keys_derived_from_a_seed_are_reproducible_and_info_separates_them() {
    let seed = [42u8; 32];
    let a = OprfKey::from_seed(&seed, b"org a").expect("derive");
    let again = OprfKey::from_seed(&seed, b"org a").expect("derive");
    let b = OprfKey::from_seed(&seed, b"org b").expect("derive");
    assert_eq!(a.to_bytes(), again.to_bytes());
    assert_ne!(a.to_bytes(), b.to_bytes());
}

#[test]
fn a_blinded_element_of_the_wrong_length_is_refused() {
    let key = OprfKey::generate();
    for len in [0, 1, 31, 33, 64] {
        match key.blind_evaluate(&vec![1u8; len]) {
            Err(CryptoError::BlindedElementLength { len: got }) => assert_eq!(got, len),
            other => panic!("expected a length error for {len} bytes, got {other:?}"),
        }
    }
    let message = key.blind_evaluate(&[0u8; 31]).unwrap_err().to_string();
    assert!(message.contains("not 32 bytes"), "{message}");
}

#[test]
fn a_blinded_element_that_is_not_a_point_is_refused() {
    let key = OprfKey::generate();
    // All zeros encodes the identity, which RFC 9497 forbids; all 0xff is not canonical.
    for bytes in [[0u8; 32], [0xffu8; 32]] {
        assert!(matches!(
            key.blind_evaluate(&bytes),
            Err(CryptoError::BlindedElementInvalid)
        ));
    }
}

#[test]
fn a_bad_evaluated_element_is_refused_by_the_client() {
    let (state, _) = client::blind(PHONE.as_bytes()).expect("blind");
    assert!(matches!(
        client::finalize(&state, PHONE.as_bytes(), &[1u8; 31]),
        Err(CryptoError::EvaluatedElementLength { len: 31 })
    ));
    assert!(matches!(
        client::finalize(&state, PHONE.as_bytes(), &[0u8; 32]),
        Err(CryptoError::EvaluatedElementInvalid)
    ));
}

#[test]
fn oprf_key_bytes_that_are_not_a_scalar_are_refused() {
    for bytes in [
        vec![],
        vec![1u8; 31],
        vec![1u8; 33],
        vec![0u8; 32],
        vec![0xffu8; 32],
    ] {
        assert!(matches!(
            OprfKey::from_bytes(&bytes),
            Err(CryptoError::OprfKeyInvalid)
        ));
    }
}

#[test]
fn an_over_long_identifier_is_an_error_not_a_panic() {
    let key = OprfKey::generate();
    let long = vec![b'a'; 70_000];
    assert!(matches!(key.evaluate(&long), Err(CryptoError::OprfInput)));
    assert!(matches!(client::blind(&long), Err(CryptoError::OprfInput)));
}
