//! `PARASOL_MASTER_KEY` takes precedence over the key file. One test in its own binary,
//! because the environment is shared by every thread of a test process.

use parasol_crypto::keyfile::{self, ENV_VAR};
use parasol_crypto::{CryptoError, MasterKey};

#[test]
fn the_environment_variable_wins_over_the_key_file_and_must_be_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let from_file = keyfile::load_or_create(dir.path()).expect("create");

    std::env::remove_var(ENV_VAR);
    let loaded = keyfile::from_env_or_dir(dir.path()).expect("from the file");
    assert_eq!(loaded.to_base64(), from_file.to_base64());

    let from_env = MasterKey::generate();
    std::env::set_var(ENV_VAR, from_env.to_base64());
    let loaded = keyfile::from_env_or_dir(dir.path()).expect("from the environment");
    assert_eq!(loaded.to_base64(), from_env.to_base64());

    // Works with no key file at all.
    let empty = tempfile::tempdir().expect("tempdir");
    assert!(keyfile::from_env_or_dir(empty.path()).is_ok());

    for bad in ["", "not base64!", "AAAA"] {
        std::env::set_var(ENV_VAR, bad);
        let err = keyfile::from_env_or_dir(dir.path()).unwrap_err();
        assert!(matches!(err, CryptoError::EnvKey { .. }), "{err:?}");
        assert!(err.to_string().contains(ENV_VAR), "{err}");
    }

    std::env::remove_var(ENV_VAR);
    assert!(matches!(
        keyfile::from_env_or_dir(empty.path()),
        Err(CryptoError::KeyFileMissing { .. })
    ));
}
