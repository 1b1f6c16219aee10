//! The OpenAPI document served at `/api/openapi.json` is well-formed and describes exactly
//! the routes in `src/api/mod.rs`: no route undocumented, no documented route missing.

use serde_json::Value;
use std::collections::BTreeSet;

const DOCUMENT: &str = include_str!("../src/api/openapi.json");

/// HTTP methods an OpenAPI path item can hold, as axum's routing functions are named.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is not valid JSON")
}

/// Follows a local JSON pointer (`#/components/schemas/Error`).
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// Every `$ref` in the document, with where it was found.
fn refs(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "$ref" {
                    if let Value::String(r) = v {
                        found.push((at.to_string(), r.clone()));
                    }
                }
                refs(v, &format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_document_is_openapi_3_1_and_every_ref_resolves() {
    let doc = document();
    let version = doc["openapi"].as_str().expect("an `openapi` string");
    assert!(version.starts_with("3.1"), "openapi is {version}, not 3.1");
    assert_eq!(doc["info"]["title"], "Parasol");
    assert!(doc["info"]["version"].is_string(), "info.version");
    assert!(doc["paths"].is_object(), "paths");

    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(!found.is_empty(), "the document uses no $ref at all");
    let broken: Vec<String> = found
        .iter()
        .filter(|(_, r)| resolve(&doc, r).is_none())
        .map(|(at, r)| format!("{at}: {r}"))
        .collect();
    assert!(broken.is_empty(), "unresolved $ref:\n{}", broken.join("\n"));
}

#[test]
fn every_security_requirement_names_a_scheme() {
    let doc = document();
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("components.securitySchemes");
    let mut requirements: Vec<&Value> = vec![&doc["security"]];
    for (_, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                if let Some(security) = op.get("security") {
                    requirements.push(security);
                }
            }
        }
    }
    for list in requirements {
        for requirement in list.as_array().expect("security is a list") {
            for name in requirement
                .as_object()
                .expect("a requirement object")
                .keys()
            {
                assert!(schemes.contains_key(name), "unknown security scheme {name}");
            }
        }
    }
}

#[test]
fn every_operation_has_an_id_and_responses() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "operationId {id} used twice");
            let responses = op["responses"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path} has no responses"));
            assert!(
                responses.keys().any(|code| code.starts_with('2')),
                "{method} {path} documents no success response"
            );
            // Path parameters named in the template are declared, and vice versa.
            let templated: BTreeSet<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(templated, declared, "path parameters of {method} {path}");
        }
    }
}

/// Strips `//` comments so a commented-out route is not counted.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the call starting at `open` (an opening parenthesis), up to its match.
fn call_body(text: &str, open: usize) -> &str {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses in a .route(...) call");
}

/// Every (path, method) that `src/api/mod.rs` routes, read from its source.
fn routed() -> BTreeSet<(String, String)> {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/mod.rs");
    let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let source = without_comments(&source);
    let mut routes = BTreeSet::new();
    let mut rest = 0;
    while let Some(found) = source[rest..].find(".route(") {
        let open = rest + found + ".route".len();
        let body = call_body(&source, open);
        rest = open + body.len() + 2;

        let (path_literal, handlers) = body
            .split_once(',')
            .unwrap_or_else(|| panic!("a .route call without handlers: {body}"));
        let path = path_literal.trim().trim_matches('"').to_string();
        assert!(
            path.starts_with("/api/"),
            "route {path} in api/mod.rs is not under /api/"
        );
        // Methods are `get(...)` first, then `.post(...)`, `.delete(...)` chained: the
        // names called at nesting depth 0 of the handler expression.
        let mut methods = 0;
        let mut depth = 0usize;
        let mut word = String::new();
        for c in handlers.chars() {
            match c {
                '(' => {
                    if depth == 0 && METHODS.contains(&word.as_str()) {
                        routes.insert((path.clone(), word.clone()));
                        methods += 1;
                    }
                    depth += 1;
                    word.clear();
                }
                ')' => {
                    depth -= 1;
                    word.clear();
                }
                c if depth == 0 && (c.is_ascii_alphanumeric() || c == '_') => word.push(c),
                _ => word.clear(),
            }
        }
        assert!(methods > 0, "no method found for route {path}: {handlers}");
    }
    assert!(
        routes.len() >= 20,
        "only {} routes read from api/mod.rs; has its style changed?",
        routes.len()
    );
    routes
}

/// Every (path, method) the document describes.
fn documented() -> BTreeSet<(String, String)> {
    let doc = document();
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method).is_some() {
                ops.insert((path.clone(), method.to_string()));
            }
        }
    }
    ops
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let routed = routed();
    let documented = documented();
    let undocumented: Vec<String> = routed
        .difference(&documented)
        .map(|(p, m)| format!("{} {p}", m.to_uppercase()))
        .collect();
    let phantom: Vec<String> = documented
        .difference(&routed)
        .map(|(p, m)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(
        undocumented.is_empty() && phantom.is_empty(),
        "routes in src/api/mod.rs missing from openapi.json:\n{}\n\
         operations in openapi.json that src/api/mod.rs does not route:\n{}",
        undocumented.join("\n"),
        phantom.join("\n")
    );
}

#[test]
fn the_route_reader_sees_chained_methods() {
    let routed = routed();
    for (path, method) in [
        ("/api/session", "post"),
        ("/api/session", "delete"),
        ("/api/reports", "get"),
        ("/api/reports", "post"),
        ("/api/members/{id}/role", "put"),
    ] {
        assert!(
            routed.contains(&(path.to_string(), method.to_string())),
            "{method} {path} not read from api/mod.rs"
        );
    }
}
