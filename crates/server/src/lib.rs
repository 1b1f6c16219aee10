//! Parasol's HTTP server: the JSON API, the plain HTML pages, sessions, rate limits and
//! the alert mail queue, over one [`Parasol`].

mod api;
mod assets;
mod auth;
mod config;
mod error;
mod forms;
mod limits;
mod mail;
mod pages;
mod state;

pub use config::{Config, SmtpConfig, TagListSettings};
pub use mail::MailSender;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use parasol_app::Parasol;
use state::AppState;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Largest request body accepted: a long narrative fits many times over.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Pages load only their own scripts, styles and images, talk only to this server, and
/// cannot be framed: no page can make a third-party request, and injected markup cannot run.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application as a router (without the mail queue).
pub async fn router(parasol: Parasol, config: &Config) -> Result<Router, ServeError> {
    Ok(build(parasol, config).await?.0)
}

async fn build(parasol: Parasol, config: &Config) -> Result<(Router, AppState), ServeError> {
    let org = match config.org {
        Some(id) => parasol.organisation(id).await?,
        None => parasol.default_organisation().await?,
    };
    let state = AppState {
        parasol,
        org: org.id,
        org_name: Arc::from(org.name.as_str()),
        limits: Arc::new(limits::Limits::new(config.screens_per_minute)),
        mail_wake: Arc::new(tokio::sync::Notify::new()),
        secure_cookies: config.secure_cookies,
        tag_list: config.tag_list,
        profile: Arc::new(match &config.profile {
            Some(profile) => profile.clone(),
            None => parasol_casework::Profile::example()
                .map_err(|e| ServeError::Io(format!("the example jurisdiction profile: {e}")))?,
        }),
    };
    let app = Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state.clone());
    Ok((app, state))
}

/// Serves until the process is stopped, sending alert mail in the background if SMTP is set.
pub async fn serve(
    parasol: Parasol,
    config: Config,
    listener: TcpListener,
) -> Result<(), ServeError> {
    let (app, state) = build(parasol, &config).await?;
    // The mail queue lives exactly as long as the server: dropping this stops it.
    let _mail_queue = config.smtp.clone().map(|smtp| {
        let sender = MailSender::new(smtp);
        AbortOnDrop(tokio::spawn(mail::run_queue(state.clone(), sender)))
    });
    let _counter_flush = AbortOnDrop(tokio::spawn(flush_counters_every(
        state.parasol.clone(),
        COUNTER_FLUSH,
    )));
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| ServeError::Io(e.to_string()));
    state.parasol.flush_counters().await?;
    served
}

/// How often screening counters are written to the store.
const COUNTER_FLUSH: std::time::Duration = std::time::Duration::from_secs(60);

async fn flush_counters_every(parasol: Parasol, every: std::time::Duration) {
    loop {
        tokio::time::sleep(every).await;
        if let Err(e) = parasol.flush_counters().await {
            tracing::warn!(error = %e, "could not write screening counters; will retry");
        }
    }
}

/// Why the server could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// An operation failed (no organisation, store down).
    #[error(transparent)]
    App(#[from] parasol_app::AppError),
    /// The listener failed.
    #[error("the server stopped: {0}")]
    Io(String),
}

/// Stops a background task when its owner goes away.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
