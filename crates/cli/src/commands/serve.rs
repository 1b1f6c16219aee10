//! `parasol serve`.

use crate::cli::{ServeArgs, ServerArgs};
use crate::data_dir;
use anyhow::{Context, Result};
use parasol_server::{Config, SmtpConfig, TagListSettings};

/// The server configuration the flags describe.
pub fn config(args: &ServerArgs) -> Config {
    let smtp = args.smtp_host.as_ref().map(|host| SmtpConfig {
        host: host.clone(),
        port: args.smtp_port,
        starttls: args.smtp_starttls,
        credentials: args.smtp_user.clone().zip(args.smtp_password.clone()),
        from: args.smtp_from.clone(),
    });
    Config {
        org: None,
        smtp,
        screens_per_minute: args.screens_per_minute,
        secure_cookies: args.secure_cookies,
        tag_list: TagListSettings {
            whole_list_limit: args.whole_tag_list_limit,
            bucket_bytes: args.tag_bucket_bytes,
        },
    }
}

pub async fn run(args: ServeArgs) -> Result<()> {
    let parasol = data_dir::open(&args.data.data, args.data.database_url.as_deref()).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))?;
    eprintln!("Parasol is serving on http://{}", listener.local_addr()?);
    parasol_server::serve(parasol, config(&args.server), listener).await?;
    Ok(())
}
