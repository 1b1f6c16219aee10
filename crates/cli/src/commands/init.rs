//! `parasol init` and `parasol invite`.

use super::explain;
use crate::cli::{InitArgs, InviteArgs};
use crate::data_dir;
use anyhow::{bail, Context, Result};
use parasol_app::{NewOrganisationInput, Parasol};
use parasol_core::{AreaName, Region, Role};
use parasol_crypto::keyfile;

pub async fn run(args: InitArgs) -> Result<()> {
    let region = Region::parse(&args.region).map_err(|e| explain(e.into()))?;
    let areas = args
        .areas
        .iter()
        .map(|a| AreaName::parse(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| explain(e.into()))?;
    data_dir::create_dir(&args.data.data)?;
    let master = match std::env::var("PARASOL_MASTER_KEY") {
        Ok(_) => keyfile::from_env_or_dir(&args.data.data)?,
        Err(_) => {
            keyfile::load_or_create(&args.data.data).context("could not create the key file")?
        }
    };
    let store = data_dir::open_store(&args.data.data, args.data.database_url.as_deref()).await?;
    let parasol = Parasol::new(store, master);
    if let Ok(org) = parasol.default_organisation().await {
        bail!(
            "this database already holds the organisation {:?}; nothing was changed",
            org.name
        );
    }
    let (org, code) = parasol
        .create_organisation(NewOrganisationInput {
            name: args.org,
            region,
            areas,
            alert_days: args.alert_days,
            red_alert_days: args.red_alert_days,
        })
        .await
        .map_err(explain)?;
    println!("Created {:?} in {}.", org.name, args.data.data.display());
    println!(
        "Keep {} safe and backed up apart from the database: without it nothing can be read.",
        keyfile::FILE_NAME
    );
    println!(
        "Invite code for the first coordinator (works once, for 14 days): {}",
        code.as_str()
    );
    Ok(())
}

pub async fn invite(args: InviteArgs) -> Result<()> {
    let role = Role::parse(&args.role).map_err(|e| explain(e.into()))?;
    let parasol = data_dir::open(&args.data.data, args.data.database_url.as_deref()).await?;
    let org = parasol.default_organisation().await.map_err(explain)?;
    let code = parasol
        .operator_invite(org.id, role)
        .await
        .map_err(explain)?;
    println!("{}", code.as_str());
    Ok(())
}
