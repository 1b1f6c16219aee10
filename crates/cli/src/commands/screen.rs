//! `parasol screen`: offline against a data directory.

use super::explain;
use crate::cli::ScreenArgs;
use crate::data_dir;
use anyhow::{bail, Result};
use parasol_core::{IdentifierKind, IncidentKind};

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
    let Some(data) = &args.data else {
        bail!("give --data DIR to screen offline against a data directory");
    };
    let parasol = data_dir::open(data, args.database_url.as_deref()).await?;
    let org = parasol.default_organisation().await.map_err(explain)?;
    let verdict = parasol
        .screen_typed(org.id, *kind, value, id.region.as_deref())
        .await
        .map_err(explain)?;
    parasol.flush_counters().await.map_err(explain)?;
    if args.json {
        println!("{}", serde_json::to_string(&verdict)?);
    } else {
        println!("{}", verdict.verdict.slug().to_uppercase());
        for reason in &verdict.reasons {
            println!("  because of {}", reason.text);
        }
        for (kind, n) in &verdict.counts {
            let label = IncidentKind::parse(kind)
                .map(|k| k.label())
                .unwrap_or("other");
            println!("  {label}: {n}");
        }
        if let (Some(month), Some(area)) = (&verdict.latest_month, &verdict.latest_area) {
            println!("  latest: {area}, {month}");
        }
        println!("{}", verdict.caution);
    }
    Ok(())
}
