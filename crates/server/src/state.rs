//! What every request handler shares.

use crate::limits::Limits;
use parasol_app::Parasol;
use std::sync::Arc;

/// Shared by all handlers; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Operations.
    pub parasol: Parasol,
    /// The organisation this server serves.
    pub org: i64,
    /// Its name, for page headers.
    pub org_name: Arc<str>,
    /// Rate limits.
    pub limits: Arc<Limits>,
    /// Woken when an alert is published, so its mail goes out at once.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Whether cookies are marked `Secure`.
    pub secure_cookies: bool,
    /// How private screening's tag list is served.
    pub tag_list: crate::config::TagListSettings,
    /// The jurisdiction profile the case pages show beside the assessment.
    pub profile: Arc<parasol_casework::Profile>,
}
