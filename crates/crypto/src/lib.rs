//! Parasol's cryptography: keyed tags for client identifiers, the private-screening OPRF,
//! field encryption, and the master key that wraps each organisation's keys.
//!
//! Everything here is a thin layer over vetted crates (`voprf`, `chacha20poly1305`, `hkdf`,
//! `sha2`); nothing is hand-rolled. Every type that holds a secret redacts it in `Debug` and
//! zeroizes it on drop.
//!
//! - [`OprfKey`] is an organisation's RFC 9497 OPRF key (ristretto255-SHA512). Its direct
//!   [`OprfKey::evaluate`] and the blinded [`client`] protocol give the same output, so the
//!   tag written when a report is filed is the tag a private screen finds.
//! - [`tag_from_output`] turns an OPRF output into the 16-byte [`Tag`] the store keeps.
//! - [`DataKey`] encrypts narratives, descriptions and contact details at rest.
//! - [`TagListKey`] signs the tag list clients download, so they notice tampering.
//! - [`MasterKey`] (from [`keyfile`] or the environment) wraps an organisation's [`OrgKeys`]
//!   into [`WrappedKeys`] for the database; the master key itself never goes there.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod data_key;
mod error;
mod master_key;
mod oprf;
mod org_keys;
mod seal;
mod tag_list_key;

pub mod client;
pub mod keyfile;

pub use data_key::DataKey;
pub use error::CryptoError;
pub use master_key::MasterKey;
pub use oprf::{tag_from_output, OprfKey};
pub use org_keys::{OrgKeys, WrappedKeys};
pub use parasol_core::Tag;
pub use tag_list_key::{verify_tag_list, TagListKey};
