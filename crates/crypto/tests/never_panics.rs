//! Bytes from the network or the database must give errors, never panics.

use parasol_crypto::{client, DataKey, MasterKey, OprfKey, OrgKeys, WrappedKeys};
use proptest::prelude::*;

proptest! {
    #[test]
    fn blind_evaluate_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let key = OprfKey::from_seed(&[7u8; 32], b"proptest").expect("derive");
        let _ = key.blind_evaluate(&bytes);
    }

    #[test]
    fn blind_evaluate_never_panics_on_32_bytes(bytes in any::<[u8; 32]>()) {
        let key = OprfKey::from_seed(&[7u8; 32], b"proptest").expect("derive");
        if let Ok(evaluated) = key.blind_evaluate(&bytes) {
            prop_assert_eq!(evaluated.len(), 32);
        }
    }

    #[test]
    fn decrypt_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        aad in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let key = DataKey::generate();
        prop_assert!(key.decrypt(&bytes, &aad).is_err());
        prop_assert!(key.decrypt_string(&bytes, &aad).is_err());
    }

    #[test]
    fn decrypt_never_panics_on_version_one_bytes(rest in proptest::collection::vec(any::<u8>(), 0..120)) {
        let mut bytes = vec![1u8];
        bytes.extend(rest);
        prop_assert!(DataKey::generate().decrypt(&bytes, b"").is_err());
    }

    #[test]
    fn finalize_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let (state, _) = client::blind(b"phone:+447700900123").expect("blind");
        let _ = client::finalize(&state, b"phone:+447700900123", &bytes);
    }

    #[test]
    fn reading_keys_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..80),
        text in ".{0,60}",
    ) {
        let _ = OprfKey::from_bytes(&bytes);
        let _ = MasterKey::from_base64(&text);
        let wrapped = WrappedKeys { data: bytes.clone(), oprf: bytes };
        prop_assert!(OrgKeys::unwrap(&MasterKey::generate(), &wrapped).is_err());
    }
}
