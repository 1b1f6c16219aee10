//! Feeds arbitrary bytes to every place private screening reads a message from the other
//! side: the server's BlindEvaluate (a member's blinded element), the client's Finalize
//! (the server's evaluated element) and the tag list's signature check. None may panic;
//! only a valid element may be evaluated, and no forged list may verify.

#![no_main]

use libfuzzer_sys::fuzz_target;
use parasol_crypto::{client, verify_tag_list, OprfKey, TagListKey};
use std::sync::LazyLock;

static KEY: LazyLock<OprfKey> = LazyLock::new(|| {
    OprfKey::from_seed(&[7; 32], b"fuzz").expect("a fixed seed derives a key")
});

fuzz_target!(|data: &[u8]| {
    // A blinded element from a member.
    if let Ok(evaluated) = KEY.blind_evaluate(data) {
        assert_eq!(data.len(), 32, "only 32-byte elements are evaluated");
        assert_ne!(evaluated, [0; 32], "the identity is never returned");
    }

    // An evaluated element from a server.
    if let Ok((state, _)) = client::blind(b"phone:+447911123456") {
        let _ = client::finalize(&state, b"phone:+447911123456", data);
    }

    // A tag list and signature from the network.
    let signer = TagListKey::derive(&KEY);
    let (body, signature) = data.split_at(data.len() / 2);
    assert!(
        verify_tag_list(&signer.public(), body, signature).is_err()
            || signature == signer.sign(body).as_slice(),
        "a signature the key did not make must not verify"
    );
    let _ = verify_tag_list(body, data, signature);
});
