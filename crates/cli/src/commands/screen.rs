//! `parasol screen`: offline against a data directory, or privately against a server.

use super::explain;
use crate::cli::ScreenArgs;
use crate::data_dir;
use crate::private_screen::{self, Session};
use anyhow::{bail, Result};
use parasol_core::{IdentifierKind, IncidentKind};
use serde_json::Value;

pub async fn run(args: ScreenArgs) -> Result<()> {
    let id = &args.identifier;
    let given: Vec<(IdentifierKind, &String)> = [
        (IdentifierKind::Phone, &id.phone),
        (IdentifierKind::Email, &id.email),
        (IdentifierKind::Handle, &id.handle),
        (IdentifierKind::Plate, &id.plate),
    ]
    .into_iter()
    .filter_map(|(kind, value)| value.as_ref().map(|v| (kind, v)))
    .collect();
    let [(kind, value)] = given.as_slice() else {
        bail!("give exactly one of --phone, --email, --handle or --plate");
    };
    let verdict = match (&args.server, &args.data) {
        (Some(server), _) => {
            let Some(token) = &args.token else {
                bail!("--token: expected the session token that signing in gave you (or set PARASOL_TOKEN)");
            };
            let session = Session::new(server, token)?;
            private_screen::screen(
                &session,
                *kind,
                value,
                id.region.as_deref(),
                args.cache.as_deref(),
            )
            .await?
        }
        (None, Some(data)) => {
            let parasol = data_dir::open(data, args.database_url.as_deref()).await?;
            let org = parasol.default_organisation().await.map_err(explain)?;
            let verdict = parasol
                .screen_typed(org.id, *kind, value, id.region.as_deref())
                .await
                .map_err(explain)?;
            parasol.flush_counters().await.map_err(explain)?;
            serde_json::to_value(&verdict)?
        }
        (None, None) => bail!(
            "give --server URL --token T to screen privately, or --data DIR to screen offline against a data directory"
        ),
    };
    if args.json {
        println!("{verdict}");
    } else {
        print_verdict(&verdict);
    }
    Ok(())
}

/// The verdict in words for a terminal.
fn print_verdict(verdict: &Value) {
    println!(
        "{}",
        verdict["verdict"].as_str().unwrap_or("?").to_uppercase()
    );
    for reason in verdict["reasons"].as_array().into_iter().flatten() {
        println!("  because of {}", reason["text"].as_str().unwrap_or("?"));
    }
    for (kind, n) in verdict["counts"].as_object().into_iter().flatten() {
        let label = IncidentKind::parse(kind)
            .map(|k| k.label())
            .unwrap_or("other");
        println!("  {label}: {n}");
    }
    if let (Some(month), Some(area)) = (
        verdict["latest_month"].as_str(),
        verdict["latest_area"].as_str(),
    ) {
        println!("  latest: {area}, {month}");
    }
    if verdict["private"] == Value::Bool(true) {
        println!("  (screened privately: the server did not see what you screened)");
    }
    println!("{}", verdict["caution"].as_str().unwrap_or(""));
}
