//! The choices a member makes about her own report. Nothing is shared without them.

use serde::{Deserialize, Serialize};

/// Consent given with a report, one switch per purpose. All default to no.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportConsent {
    /// Peer workers may publish an anonymised alert from this report.
    #[serde(default)]
    pub publish_alert: bool,
    /// The organisation may share it with police without anything that identifies her.
    #[serde(default)]
    pub police_anonymous: bool,
    /// The organisation may share it with police with a way to contact her.
    #[serde(default)]
    pub police_with_contact: bool,
    /// A peer worker may contact her to offer support.
    #[serde(default)]
    pub support_contact: bool,
}
