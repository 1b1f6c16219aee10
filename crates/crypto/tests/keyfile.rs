//! The master key file: created private, refused when it is not, and stable across loads.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

use parasol_crypto::keyfile::{self, FILE_NAME};
use parasol_crypto::{CryptoError, OrgKeys};

fn mode_of(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn a_new_key_file_has_mode_0600_and_loads_as_the_same_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let created = keyfile::load_or_create(dir.path()).expect("create");
    let path = dir.path().join(FILE_NAME);
    assert_eq!(mode_of(&path), 0o600);

    let loaded_again = keyfile::load_or_create(dir.path()).expect("load");
    let loaded = keyfile::load(dir.path()).expect("load");
    assert_eq!(loaded_again.to_base64(), created.to_base64());
    assert_eq!(loaded.to_base64(), created.to_base64());

    let wrapped = OrgKeys::generate().wrap(&created);
    assert!(OrgKeys::unwrap(&loaded, &wrapped).is_ok());

    // Only the key file is left behind, no temporary copies.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from(FILE_NAME)]);
}

#[test]
fn a_key_file_readable_by_others_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    keyfile::load_or_create(dir.path()).expect("create");
    let path = dir.path().join(FILE_NAME);
    for mode in [0o644, 0o640, 0o604, 0o620] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let err = keyfile::load(dir.path()).unwrap_err();
        assert!(
            matches!(err, CryptoError::KeyFileMode { mode: got, .. } if got == mode),
            "{err:?}"
        );
        assert!(keyfile::load_or_create(dir.path()).is_err());
        let message = err.to_string();
        assert!(message.contains(&format!("{mode:04o}")), "{message}");
        assert!(message.contains("it must be 0600"), "{message}");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    assert!(
        keyfile::load(dir.path()).is_ok(),
        "stricter than 0600 is fine"
    );
}

#[test]
fn a_missing_key_file_is_not_created_by_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(matches!(
        keyfile::load(dir.path()),
        Err(CryptoError::KeyFileMissing { .. })
    ));
    assert!(!dir.path().join(FILE_NAME).exists());
}

#[test]
fn a_missing_data_directory_is_created_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data").join("parasol");
    keyfile::load_or_create(&data).expect("create");
    assert_eq!(mode_of(&data), 0o700);
    assert_eq!(mode_of(&data.join(FILE_NAME)), 0o600);
}

#[test]
fn a_damaged_key_file_is_refused_not_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(FILE_NAME);
    for contents in [&b""[..], b"AAAA\n", b"\xff\xfe", &[b'A'; 5000]] {
        std::fs::write(&path, contents).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert!(matches!(
            keyfile::load_or_create(dir.path()),
            Err(CryptoError::KeyFileDamaged { .. })
        ));
        assert_eq!(std::fs::read(&path).expect("read"), contents);
    }
}

#[test]
fn a_directory_in_place_of_the_key_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(FILE_NAME)).expect("mkdir");
    assert!(matches!(
        keyfile::load_or_create(dir.path()),
        Err(CryptoError::KeyFileNotRegular { .. })
    ));
}

#[test]
fn processes_starting_together_agree_on_one_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let keys: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| keyfile::load_or_create(dir.path()).map(|k| k.to_base64())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread").expect("load_or_create"))
            .collect()
    });
    assert!(keys.windows(2).all(|pair| pair[0] == pair[1]));
}
