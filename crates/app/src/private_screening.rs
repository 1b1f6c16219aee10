//! Private screening: the server's half of DESIGN.md's protocol. It evaluates blinded
//! elements (learning nothing about the identifier) and serves the signed tag list (or one
//! bucket of it) that clients match their tags against. Only counters are kept.

use crate::error::{AppError, AppResult};
use crate::Parasol;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use parasol_core::{FieldError, Level, Verdict};
use parasol_crypto::CryptoError;
use parasol_store::{Member, OrgId, ScreenFacts, TagScope, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;

/// The counter every blinded evaluation adds one to.
pub const PRIVATE_SCREENINGS_COUNTER: &str = "screenings_private";

/// How far back each incremental sync reaches again. Writes that committed late (several
/// app servers on one PostgreSQL database) and small clock differences between servers
/// are covered; entries sent twice are harmless, as clients apply them idempotently.
pub const SYNC_OVERLAP_SECONDS: i64 = 300;

/// The wire format version of the tag list.
pub const TAG_LIST_FORMAT: u8 = 1;

/// One tag's verdict in the list: short keys, because the list can be long.
#[derive(Debug, Serialize)]
pub struct TagListEntry {
    /// The tag, base64url without padding.
    pub t: String,
    /// The verdict.
    pub v: Level,
    /// Reason codes, most serious first.
    pub r: Vec<&'static str>,
    /// Published alerts by kind.
    pub c: BTreeMap<String, usize>,
    /// Number of published alerts.
    pub a: usize,
    /// Reports awaiting verification.
    pub p: usize,
    /// Month of the latest alert.
    pub m: Option<String>,
    /// Area of the latest alert.
    pub ar: Option<String>,
}

#[derive(Serialize)]
struct TagListBody {
    format: u8,
    cursor: String,
    full: bool,
    entries: Vec<TagListEntry>,
    removed: Vec<String>,
    total: u64,
}

/// A tag list (or bucket) as sent: the exact body bytes and their signature.
#[derive(Debug)]
pub struct SignedTagList {
    /// JSON body.
    pub body: Vec<u8>,
    /// Ed25519 signature of `body` by the organisation's tag-list key.
    pub signature: [u8; 64],
}

/// A tag as it appears in the list.
pub fn tag_text(tag: &parasol_core::Tag) -> String {
    URL_SAFE_NO_PAD.encode(tag.as_bytes())
}

fn entry(tag: &parasol_core::Tag, facts: &ScreenFacts) -> TagListEntry {
    let verdict = Verdict::from_facts(&facts.alerts, facts.pending);
    TagListEntry {
        t: tag_text(tag),
        v: verdict.verdict,
        r: verdict.reasons.iter().map(|r| r.code).collect(),
        c: verdict.counts,
        a: verdict.alerts,
        p: verdict.pending,
        m: verdict.latest_month,
        ar: verdict.latest_area,
    }
}

/// Reads a cursor returned by an earlier sync.
fn parse_cursor(since: &str) -> Result<Timestamp, FieldError> {
    since
        .trim()
        .parse::<Timestamp>()
        .ok()
        .filter(|t| *t >= 0)
        .ok_or_else(|| {
            FieldError::new(
                "since",
                since,
                "the cursor an earlier sync returned, e.g. 1781524500; or no `since` for the whole list",
            )
        })
}

/// Reads a bucket prefix: exactly `hex_digits` lower-case hexadecimal digits.
pub fn parse_bucket_prefix(prefix: &str, hex_digits: usize) -> Result<Vec<u8>, FieldError> {
    let expected = || {
        FieldError::new(
            "prefix",
            prefix,
            format!(
                "exactly {hex_digits} lower-case hexadecimal digits, the start of the tag, e.g. {}",
                "a5".repeat(hex_digits / 2)
            ),
        )
    };
    if prefix.len() != hex_digits
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(expected());
    }
    hex::decode(prefix).map_err(|_| expected())
}

impl Parasol {
    /// RFC 9497 BlindEvaluate for a member's private screen. The caller rate-limits; this
    /// adds one to a counter and nothing else is recorded.
    pub async fn blind_evaluate(&self, by: &Member, blinded: &str) -> AppResult<[u8; 32]> {
        let bytes = URL_SAFE_NO_PAD
            .decode(blinded.trim().trim_end_matches('='))
            .map_err(|_| {
                FieldError::new(
                    "blinded",
                    blinded,
                    "the 32-byte blinded element in base64url (43 characters)",
                )
            })?;
        let org = self.organisation_for_screening(by.org).await?;
        let keys = self.keys.of(&org)?;
        let evaluated = keys.oprf.blind_evaluate(&bytes).map_err(|e| match e {
            CryptoError::BlindedElementLength { .. } | CryptoError::BlindedElementInvalid => {
                AppError::field(FieldError::new("blinded", blinded, e.to_string()))
            }
            other => other.into(),
        })?;
        self.counts
            .add(org.id, PRIVATE_SCREENINGS_COUNTER, self.clock.today());
        Ok(evaluated)
    }

    /// The organisation's tag-list public key, which clients pin.
    pub async fn tag_list_key(&self, org: OrgId) -> AppResult<[u8; 32]> {
        let organisation = self.organisation_for_screening(org).await?;
        Ok(self.keys.of(&organisation)?.tag_list.public())
    }

    /// How many tags the full list holds now.
    pub async fn tag_list_len(&self, org: OrgId) -> AppResult<u64> {
        Ok(self.store.live_tag_count(org, self.clock.now()).await?)
    }

    /// The signed tag list for a member: all of it, or only what changed since the cursor
    /// of her last sync (with removals).
    pub async fn tag_list(&self, by: &Member, since: Option<&str>) -> AppResult<SignedTagList> {
        let since = since
            .filter(|s| !s.trim().is_empty())
            .map(parse_cursor)
            .transpose()?;
        let now = self.clock.now();
        let scope = match since {
            Some(t) => TagScope::ChangedSince(t),
            None => TagScope::All,
        };
        let facts = self.store.tag_facts(by.org, scope, now).await?;
        let total = match since {
            Some(_) => self.store.live_tag_count(by.org, now).await?,
            None => facts.len() as u64,
        };
        let (shown, gone): (Vec<_>, Vec<_>) = facts
            .iter()
            .partition(|(_, f)| !f.alerts.is_empty() || f.pending > 0);
        let body = TagListBody {
            format: TAG_LIST_FORMAT,
            cursor: (now - SYNC_OVERLAP_SECONDS).max(0).to_string(),
            full: since.is_none(),
            entries: shown.iter().map(|(t, f)| entry(t, f)).collect(),
            removed: gone.iter().map(|(t, _)| tag_text(t)).collect(),
            total,
        };
        self.sign(by.org, &body).await
    }

    /// One bucket of the tag list: the tags that start with `prefix` (hex).
    pub async fn tag_bucket(
        &self,
        by: &Member,
        prefix: &str,
        hex_digits: usize,
    ) -> AppResult<SignedTagList> {
        let prefix = parse_bucket_prefix(prefix, hex_digits)?;
        let now = self.clock.now();
        let facts = self
            .store
            .tag_facts(by.org, TagScope::Prefix(&prefix), now)
            .await?;
        let body = TagListBody {
            format: TAG_LIST_FORMAT,
            cursor: (now - SYNC_OVERLAP_SECONDS).max(0).to_string(),
            full: true,
            total: facts.len() as u64,
            entries: facts.iter().map(|(t, f)| entry(t, f)).collect(),
            removed: Vec::new(),
        };
        self.sign(by.org, &body).await
    }

    async fn sign(&self, org: OrgId, body: &TagListBody) -> AppResult<SignedTagList> {
        let organisation = self.store.organisation(org).await?;
        let keys = self.keys.of(&organisation)?;
        let body = serde_json::to_vec(body).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(SignedTagList {
            signature: keys.tag_list.sign(&body),
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_prefix_must_have_exactly_the_digits_asked_for() {
        assert_eq!(parse_bucket_prefix("a5", 2).unwrap(), vec![0xA5]);
        assert_eq!(parse_bucket_prefix("00ff", 4).unwrap(), vec![0, 0xFF]);
        for bad in ["", "a", "a5a5", "A5", "g0", "é1", "+1"] {
            let err = parse_bucket_prefix(bad, 2).unwrap_err();
            assert_eq!(err.field, "prefix", "{bad}");
        }
    }

    #[test]
    fn a_cursor_is_a_non_negative_number() {
        assert_eq!(parse_cursor(" 1781524500 ").unwrap(), 1_781_524_500);
        for bad in ["-1", "yesterday", "1.5", "99999999999999999999"] {
            assert_eq!(parse_cursor(bad).unwrap_err().field, "since", "{bad}");
        }
    }
}
