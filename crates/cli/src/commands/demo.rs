//! `parasol demo`: a throwaway data directory, seeded, served until stopped.

use super::serve::config;
use crate::cli::DemoArgs;
use crate::{data_dir, demo_data};
use anyhow::{Context, Result};
use parasol_app::Parasol;
use parasol_crypto::keyfile;

pub async fn run(args: DemoArgs) -> Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("parasol-demo-")
        .tempdir()
        .context("could not create a temporary directory")?;
    let master = keyfile::load_or_create(dir.path())?;
    let store = data_dir::open_store(dir.path(), None).await?;
    let parasol = Parasol::new(store, master);
    eprintln!("Filling a demo database (takes a few seconds)...");
    let demo = demo_data::seed(&parasol).await.map_err(super::explain)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| {
            format!(
                "could not listen on {} (try --listen 127.0.0.1:0)",
                args.listen
            )
        })?;
    let addr = listener.local_addr()?;
    println!();
    println!(
        "Parasol demo for {:?} is running at http://{addr}/",
        demo.org_name
    );
    println!();
    println!(
        "Sign in with any of these handles; every passphrase is {:?}:",
        demo_data::PASSPHRASE
    );
    for (handle, role) in &demo.members {
        println!("  {handle:<10} {role}");
    }
    println!();
    println!("Try screening these numbers (region GB):");
    for (number, level) in &demo.numbers {
        println!("  {number:<18} {level}");
    }
    println!("A spare invite code for a new member: {}", demo.invite);
    println!(
        "Data is in {} and is deleted when you stop the demo (Ctrl-C).",
        dir.path().display()
    );
    parasol_server::serve(parasol, config(&args.server)?, listener).await?;
    drop(dir);
    Ok(())
}
