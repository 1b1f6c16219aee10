//! `parasol report add`.

use super::explain;
use crate::cli::ReportAddArgs;
use crate::data_dir;
use anyhow::Result;
use parasol_app::ReportInput;
use parasol_core::{IdentifierKind, IncidentKind, ReportConsent};

pub async fn add(args: ReportAddArgs) -> Result<()> {
    let parasol = data_dir::open(&args.data.data, args.data.database_url.as_deref()).await?;
    let org = parasol.default_organisation().await.map_err(explain)?;
    let id = &args.identifier;
    let identifiers = [
        (IdentifierKind::Phone, &id.phone),
        (IdentifierKind::Email, &id.email),
        (IdentifierKind::Handle, &id.handle),
        (IdentifierKind::Plate, &id.plate),
    ]
    .into_iter()
    .filter_map(|(kind, value)| value.clone().map(|v| (kind, v)))
    .collect();
    let alert_text = args.publish.then(|| {
        args.alert_text.clone().unwrap_or_else(|| {
            let labels: Vec<&str> = IncidentKind::parse_list(args.kinds.iter().map(String::as_str))
                .unwrap_or_default()
                .into_iter()
                .map(|k| k.label())
                .collect();
            format!("{} reported in {}.", labels.join(", "), args.area)
        })
    });
    let input = ReportInput {
        kinds: args.kinds,
        area: args.area,
        occurred_on: args.date,
        identifiers,
        region: id.region.clone(),
        narrative: args.narrative,
        description: args.description,
        consent: ReportConsent {
            publish_alert: true,
            ..ReportConsent::default()
        },
    };
    let report = parasol
        .import_report(org.id, input, alert_text)
        .await
        .map_err(explain)?;
    println!("{report}");
    Ok(())
}
