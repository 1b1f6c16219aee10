//! Field encryption with a data key, and wrapping an organisation's keys with the master key.

use parasol_crypto::{CryptoError, DataKey, MasterKey, OrgKeys, WrappedKeys};

const AAD: &[u8] = b"report:narrative:7f0c";

#[test]
fn a_field_round_trips() {
    let key = DataKey::generate();
    let sealed = key.encrypt(b"he took the money back at knifepoint", AAD);
    assert_eq!(
        key.decrypt(&sealed, AAD).expect("decrypt"),
        b"he took the money back at knifepoint"
    );
    assert_eq!(sealed[0], 1, "format version 1");
    assert_eq!(sealed.len(), 1 + 24 + 36 + 16);
}

#[test]
fn text_and_empty_fields_round_trip() {
    let key = DataKey::generate();
    let text = "Straße, 東京, ☂";
    let sealed = key.encrypt_str(text, AAD);
    assert_eq!(key.decrypt_string(&sealed, AAD).expect("decrypt"), text);
    let empty = key.encrypt(b"", AAD);
    assert_eq!(key.decrypt(&empty, AAD).expect("decrypt"), b"");
}

#[test]
fn the_same_plaintext_encrypts_differently_each_time() {
    let key = DataKey::generate();
    assert_ne!(key.encrypt(b"same", AAD), key.encrypt(b"same", AAD));
}

#[test]
fn decryption_with_the_wrong_associated_data_fails() {
    let key = DataKey::generate();
    let sealed = key.encrypt(b"narrative", AAD);
    assert!(matches!(
        key.decrypt(&sealed, b"report:narrative:other"),
        Err(CryptoError::Decrypt)
    ));
    assert!(matches!(
        key.decrypt(&sealed, b""),
        Err(CryptoError::Decrypt)
    ));
}

#[test]
fn decryption_with_another_organisations_key_fails() {
    let sealed = DataKey::generate().encrypt(b"narrative", AAD);
    let message = DataKey::generate()
        .decrypt(&sealed, AAD)
        .unwrap_err()
        .to_string();
    assert!(message.contains("wrong organisation key"), "{message}");
}

#[test]
fn any_tampered_byte_is_detected() {
    let key = DataKey::generate();
    let sealed = key.encrypt(b"narrative", AAD);
    for i in 0..sealed.len() {
        let mut tampered = sealed.clone();
        tampered[i] ^= 0x01;
        let result = key.decrypt(&tampered, AAD);
        if i == 0 {
            assert!(matches!(
                result,
                Err(CryptoError::UnknownSealVersion { version: 0 })
            ));
        } else {
            assert!(matches!(result, Err(CryptoError::Decrypt)), "byte {i}");
        }
    }
}

#[test]
fn truncated_input_is_an_error() {
    let key = DataKey::generate();
    let sealed = key.encrypt(b"narrative", AAD);
    for len in 0..sealed.len() {
        let result = key.decrypt(&sealed[..len], AAD);
        if len < 41 {
            assert!(
                matches!(result, Err(CryptoError::SealedTooShort { len: got, min: 41 }) if got == len)
            );
        } else {
            assert!(matches!(result, Err(CryptoError::Decrypt)), "length {len}");
        }
    }
}

#[test]
fn bytes_that_are_not_text_are_refused_as_a_string() {
    let key = DataKey::generate();
    let sealed = key.encrypt(&[0xff, 0xfe], AAD);
    assert!(matches!(
        key.decrypt_string(&sealed, AAD),
        Err(CryptoError::NotUtf8)
    ));
}

#[test]
fn wrapped_keys_round_trip() {
    let master = MasterKey::generate();
    let keys = OrgKeys::generate();
    let wrapped = keys.wrap(&master);
    assert_eq!(wrapped.data.len(), 73);
    assert_eq!(wrapped.oprf.len(), 73);
    let unwrapped = OrgKeys::unwrap(&master, &wrapped).expect("unwrap");
    assert_eq!(unwrapped.oprf.to_bytes(), keys.oprf.to_bytes());
    assert_eq!(
        unwrapped.oprf.tag("phone:+447700900123").expect("tag"),
        keys.oprf.tag("phone:+447700900123").expect("tag")
    );
    let sealed = keys.data.encrypt(b"narrative", AAD);
    assert_eq!(
        unwrapped.data.decrypt(&sealed, AAD).expect("decrypt"),
        b"narrative"
    );
}

#[test]
fn wrapped_keys_do_not_open_with_another_master_key() {
    let wrapped = OrgKeys::generate().wrap(&MasterKey::generate());
    let err = OrgKeys::unwrap(&MasterKey::generate(), &wrapped).unwrap_err();
    assert!(matches!(err, CryptoError::Unwrap { .. }));
    assert!(
        err.to_string().contains("wrong master key or damaged data"),
        "{err}"
    );
}

#[test]
fn swapped_or_damaged_wrapped_keys_are_refused() {
    let master = MasterKey::generate();
    let wrapped = OrgKeys::generate().wrap(&master);
    let swapped = WrappedKeys {
        data: wrapped.oprf.clone(),
        oprf: wrapped.data.clone(),
    };
    assert!(matches!(
        OrgKeys::unwrap(&master, &swapped),
        Err(CryptoError::Unwrap { which: "data" })
    ));
    let mut damaged = wrapped.clone();
    damaged.oprf[40] ^= 0x80;
    assert!(matches!(
        OrgKeys::unwrap(&master, &damaged),
        Err(CryptoError::Unwrap { which: "OPRF" })
    ));
    let truncated = WrappedKeys {
        data: wrapped.data[..10].to_vec(),
        oprf: wrapped.oprf.clone(),
    };
    assert!(OrgKeys::unwrap(&master, &truncated).is_err());
}

#[test]
fn a_master_key_round_trips_through_base64() {
    let master = MasterKey::generate();
    let text = master.to_base64();
    assert_eq!(text.len(), 44);
    let again = MasterKey::from_base64(&format!("  {text}\n")).expect("from_base64");
    assert_eq!(again.to_base64(), text);
    // Same key, so it unwraps what the original wrapped.
    let wrapped = OrgKeys::generate().wrap(&master);
    assert!(OrgKeys::unwrap(&again, &wrapped).is_ok());
}

#[test]
fn a_master_key_of_the_wrong_form_is_refused() {
    assert!(matches!(
        MasterKey::from_base64("not base64!"),
        Err(CryptoError::MasterKeyBase64)
    ));
    assert!(matches!(
        MasterKey::from_base64("AAAA"),
        Err(CryptoError::MasterKeyLength { len: 3 })
    ));
    assert!(matches!(
        MasterKey::from_base64(""),
        Err(CryptoError::MasterKeyLength { len: 0 })
    ));
}
