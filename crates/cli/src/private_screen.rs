//! The CLI's side of private screening (DESIGN.md, *Private screening*): normalise and
//! blind the identifier here, have the server evaluate only the blinded element, finalise,
//! derive the tag, and match it against the organisation's signed tag list (kept in a
//! cache directory between runs, synchronised incrementally) or one bucket of it.

use anyhow::{anyhow, bail, Context, Result};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use parasol_core::verdict::{CAUTION, RULES};
use parasol_core::{Identifier, IdentifierKind, Level, Region};
use parasol_crypto::{client, verify_tag_list};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the server says about screening in its organisation.
#[derive(Deserialize)]
struct ScreeningConfig {
    region: String,
    mode: String,
    bucket_hex_digits: usize,
    tag_list_key: String,
}

/// One entry of the tag list (see the server's `TagListEntry`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
struct Entry {
    t: String,
    v: Level,
    r: Vec<String>,
    c: BTreeMap<String, usize>,
    a: usize,
    p: usize,
    m: Option<String>,
    ar: Option<String>,
}

#[derive(Deserialize)]
struct TagListBody {
    format: u8,
    cursor: String,
    full: bool,
    entries: Vec<Entry>,
    removed: Vec<String>,
    total: u64,
}

/// The list as kept between runs.
#[derive(Default, Deserialize, Serialize)]
struct CachedList {
    server: String,
    key: String,
    cursor: String,
    entries: BTreeMap<String, Entry>,
}

/// A server and a member's session on it.
pub struct Session {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Session {
    /// A session on `server` (its base URL) with the token `POST /api/session` gave.
    pub fn new(server: &str, token: &str) -> Result<Session> {
        let base = server.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            bail!("--server: read {server:?}; expected the server's address, e.g. https://parasol.example.org");
        }
        if token.trim().is_empty() {
            bail!("--token: expected the session token that signing in gave you");
        }
        Ok(Session {
            http: reqwest::Client::new(),
            base,
            token: token.trim().to_string(),
        })
    }

    async fn get(&self, path: &str) -> Result<reqwest::Response> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("could not reach {}", self.base))?;
        refused(response).await
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let response = self.get(path).await?;
        response
            .json()
            .await
            .map_err(|e| anyhow!("the server's answer to {path} could not be read: {e}"))
    }
}

/// A response, or the server's JSON error in words.
async fn refused(response: reqwest::Response) -> Result<reqwest::Response> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let wait = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let message = body["message"].as_str().unwrap_or("no reason given");
    let fields: Vec<String> = body["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    format!(
                        "{}: read {:?}; expected {}",
                        f["field"].as_str().unwrap_or("?"),
                        f["read"].as_str().unwrap_or(""),
                        f["expected"].as_str().unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    match wait {
        Some(seconds) => {
            bail!("the server refused ({status}): {message} (retry after {seconds} s)")
        }
        None if fields.is_empty() => bail!("the server refused ({status}): {message}"),
        None => bail!(
            "the server refused ({status}): {message}\n{}",
            fields.join("\n")
        ),
    }
}

/// Screens one identifier privately; returns the verdict as JSON (the same shape as
/// direct screening's, plus `"private": true`).
pub async fn screen(
    session: &Session,
    kind: IdentifierKind,
    value: &str,
    region: Option<&str>,
    cache: Option<&Path>,
) -> Result<Value> {
    let config: ScreeningConfig = session.get_json("/api/screening/config").await?;
    let region = Region::parse(region.unwrap_or(&config.region))
        .map_err(|e| anyhow!("--region: read {:?}; expected {}", e.read, e.expected))?;
    let identifier = Identifier::parse(kind, value, Some(&region))
        .map_err(|e| anyhow!("--{}: read {:?}; expected {}", e.field, e.read, e.expected))?;
    let key = STANDARD
        .decode(&config.tag_list_key)
        .map_err(|_| anyhow!("the server's tag-list key is not base64"))?;

    let tag = private_tag(session, identifier.prefixed().as_bytes()).await?;
    let tag_text = URL_SAFE_NO_PAD.encode(tag.as_bytes());
    let entry = if config.mode == "bucket" {
        let prefix: String = hex::encode(tag.as_bytes())
            .chars()
            .take(config.bucket_hex_digits)
            .collect();
        let bucket = signed_list(session, &format!("/api/tags/bucket/{prefix}"), &key).await?;
        bucket.entries.into_iter().find(|e| e.t == tag_text)
    } else {
        let list = synchronised_list(session, &key, cache).await?;
        list.entries.get(&tag_text).cloned()
    };
    Ok(verdict(entry))
}

/// Blind, have the server evaluate, finalise, derive the tag.
async fn private_tag(session: &Session, input: &[u8]) -> Result<parasol_core::Tag> {
    let (state, blinded) = client::blind(input)?;
    let response: Value = refused(
        session
            .http
            .post(format!("{}/api/screen/blind", session.base))
            .bearer_auth(&session.token)
            .json(&json!({ "blinded": URL_SAFE_NO_PAD.encode(blinded) }))
            .send()
            .await
            .with_context(|| format!("could not reach {}", session.base))?,
    )
    .await?
    .json()
    .await
    .map_err(|e| anyhow!("the server's evaluation could not be read: {e}"))?;
    let evaluated = response["evaluated"]
        .as_str()
        .and_then(|e| URL_SAFE_NO_PAD.decode(e).ok())
        .ok_or_else(|| anyhow!("the server's evaluation is not base64url"))?;
    let output = client::finalize(&state, input, &evaluated)?;
    Ok(client::tag_after_finalize(output))
}

/// Fetches a signed list and checks its signature before reading a byte of it.
async fn signed_list(session: &Session, path: &str, key: &[u8]) -> Result<TagListBody> {
    let response = session.get(path).await?;
    let signature = response
        .headers()
        .get("parasol-signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| STANDARD.decode(v).ok())
        .ok_or_else(|| anyhow!("the tag list came without a signature; do not trust it"))?;
    let body = response
        .bytes()
        .await
        .map_err(|e| anyhow!("the tag list could not be read: {e}"))?;
    verify_tag_list(key, &body, &signature)?;
    let list: TagListBody = serde_json::from_slice(&body)
        .map_err(|e| anyhow!("the tag list could not be read: {e}"))?;
    if list.format != 1 {
        bail!(
            "the tag list has format {}, this parasol reads format 1; upgrade parasol",
            list.format
        );
    }
    Ok(list)
}

/// The whole tag list, from the cache brought up to date, or downloaded whole.
async fn synchronised_list(
    session: &Session,
    key: &[u8],
    cache: Option<&Path>,
) -> Result<CachedList> {
    let key_text = STANDARD.encode(key);
    let file = cache.map(|dir| dir.join("tag-list.json"));
    let mut cached = match &file {
        Some(path) if path.exists() => read_cache(path)?,
        _ => CachedList::default(),
    };
    if !cached.key.is_empty() && cached.server == session.base && cached.key != key_text {
        bail!(
            "the server's tag-list key changed since the last sync; it may not be your organisation's server. \
             Ask a peer worker; if the key was changed on purpose, delete {}",
            file.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default()
        );
    }
    let incremental = cached.server == session.base && !cached.cursor.is_empty();
    let path = if incremental {
        format!("/api/tags?since={}", cached.cursor)
    } else {
        "/api/tags".to_string()
    };
    let mut list = signed_list(session, &path, key).await?;
    if !list.full && apply(&mut cached, &list) != list.total {
        // Out of step (a lost cache write, a server restored from backup): start again.
        list = signed_list(session, "/api/tags", key).await?;
    }
    if list.full {
        cached.entries.clear();
    }
    apply(&mut cached, &list);
    cached.server = session.base.clone();
    cached.key = key_text;
    cached.cursor = list.cursor;
    if let Some(path) = &file {
        write_cache(path, &cached)?;
    }
    Ok(cached)
}

/// Applies a list or a change set; returns how many entries are held afterwards.
fn apply(cached: &mut CachedList, list: &TagListBody) -> u64 {
    for entry in &list.entries {
        cached.entries.insert(entry.t.clone(), entry.clone());
    }
    for tag in &list.removed {
        cached.entries.remove(tag);
    }
    cached.entries.len() as u64
}

fn read_cache(path: &Path) -> Result<CachedList> {
    let text = std::fs::read(path)
        .with_context(|| format!("could not read the tag-list cache {}", path.display()))?;
    // A damaged cache is not an error: the list is downloaded again.
    Ok(serde_json::from_slice(&text).unwrap_or_default())
}

fn write_cache(path: &Path, list: &CachedList) -> Result<()> {
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("could not create the cache directory {}", dir.display()))?;
    let temp = path.with_extension("json.new");
    std::fs::write(&temp, serde_json::to_vec(list)?)
        .with_context(|| format!("could not write {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("could not write {}", path.display()))
}

/// The verdict of a list entry (green when the tag is not in the list).
fn verdict(entry: Option<Entry>) -> Value {
    let Some(e) = entry else {
        return json!({
            "verdict": Level::Green, "reasons": [], "counts": {}, "alerts": 0, "pending": 0,
            "latest_month": null, "latest_area": null, "caution": CAUTION, "private": true,
        });
    };
    let reasons: Vec<Value> = e
        .r
        .iter()
        .map(|code| match RULES.iter().find(|r| r.code == code) {
            Some(rule) => json!({ "level": rule.level, "code": rule.code, "text": rule.reason }),
            None => json!({ "level": e.v, "code": code, "text": code }),
        })
        .collect();
    json!({
        "verdict": e.v, "reasons": reasons, "counts": e.c, "alerts": e.a, "pending": e.p,
        "latest_month": e.m, "latest_area": e.ar, "caution": CAUTION, "private": true,
    })
}
