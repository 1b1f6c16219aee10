//! `parasol serve`.

use crate::cli::{ServeArgs, ServerArgs};
use crate::data_dir;
use anyhow::{Context, Result};
use parasol_server::{Config, SmtpConfig, TagListSettings};

/// The server configuration the flags describe; a profile file that cannot be read is
/// refused here, before anything starts, with where it is wrong.
pub fn config(args: &ServerArgs) -> Result<Config> {
    let smtp = args.smtp_host.as_ref().map(|host| SmtpConfig {
        host: host.clone(),
        port: args.smtp_port,
        starttls: args.smtp_starttls,
        credentials: args.smtp_user.clone().zip(args.smtp_password.clone()),
        from: args.smtp_from.clone(),
    });
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--profile: could not read {}", path.display()))?;
            Some(
                parasol_casework::Profile::from_json(&text).with_context(|| {
                    format!("--profile: {} is not a usable profile", path.display())
                })?,
            )
        }
        None => None,
    };
    Ok(Config {
        org: None,
        smtp,
        screens_per_minute: args.screens_per_minute,
        secure_cookies: args.secure_cookies,
        tag_list: TagListSettings {
            whole_list_limit: args.whole_tag_list_limit,
            bucket_bytes: args.tag_bucket_bytes,
        },
        profile,
    })
}

pub async fn run(args: ServeArgs) -> Result<()> {
    let parasol = data_dir::open(&args.data.data, args.data.database_url.as_deref()).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))?;
    eprintln!("Parasol is serving on http://{}", listener.local_addr()?);
    parasol_server::serve(parasol, config(&args.server)?, listener).await?;
    Ok(())
}
