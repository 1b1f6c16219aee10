//! The static files the pages use (the stylesheet and the private-screening client), built
//! into the binary so the server needs nothing beside it and no page asks another host.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

/// One file under `web/static/`.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "parasol.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../../web/static/parasol.css"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../../web/static/icon.svg"),
    },
    Asset {
        name: "screen.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../../web/static/screen.js"),
    },
];

/// Browsers check back each time (a cheap 304 when nothing changed), so a fixed client
/// reaches every phone as soon as the server is upgraded.
const CACHE_CONTROL: &str = "no-cache";

/// The routes for `/static/{name}`.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/static/{name}", get(asset))
}

async fn asset(Path(name): Path<String>, request: HeaderMap) -> Response {
    let Some((index, asset)) = ASSETS.iter().enumerate().find(|(_, a)| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = etags().get(index).cloned().flatten();
    let fresh = match (&etag, request.get(header::IF_NONE_MATCH)) {
        (Some(etag), Some(asked)) => asked.as_bytes() == etag.as_bytes(),
        _ => false,
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(etag) = etag {
        headers.insert(header::ETAG, etag);
    }
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, asset.bytes).into_response()
}

/// An entity tag per asset, from its bytes; the same for every request of one build.
fn etags() -> &'static [Option<HeaderValue>] {
    static ETAGS: OnceLock<Vec<Option<HeaderValue>>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let mut hasher = DefaultHasher::new();
                asset.bytes.hash(&mut hasher);
                HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish())).ok()
            })
            .collect()
    })
}
