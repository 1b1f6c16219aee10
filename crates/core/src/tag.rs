//! Tags: the keyed, irreversible 16-byte values stored in place of client identifiers.

use serde::{Deserialize, Serialize};

/// First 16 bytes of HKDF-SHA256 over the organisation's OPRF output for a prefixed identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag(pub [u8; 16]);

impl Tag {
    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Reads raw bytes, if there are exactly 16.
    pub fn from_slice(bytes: &[u8]) -> Option<Tag> {
        <[u8; 16]>::try_from(bytes).ok().map(Tag)
    }
}

// A tag is not the identifier, but it links reports together; keep it out of logs.
impl std::fmt::Debug for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tag([redacted])")
    }
}
