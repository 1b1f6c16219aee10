//! How a server runs: which organisation, mail, limits, cookies.

/// Server settings, all in one place.
#[derive(Clone, Debug)]
pub struct Config {
    /// Organisation served; the first one if none.
    pub org: Option<i64>,
    /// Where alert mail goes out; none means no mail is sent (it stays queued).
    pub smtp: Option<SmtpConfig>,
    /// Direct screenings a member may make per minute before being slowed.
    pub screens_per_minute: u32,
    /// Mark cookies `Secure` (when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            org: None,
            smtp: None,
            screens_per_minute: 30,
            secure_cookies: false,
        }
    }
}

/// An SMTP relay.
#[derive(Clone)]
pub struct SmtpConfig {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Use STARTTLS (required for any relay not on this machine).
    pub starttls: bool,
    /// User and password, if the relay needs them.
    pub credentials: Option<(String, String)>,
    /// The From address.
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("starttls", &self.starttls)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "[redacted]"),
            )
            .field("from", &self.from)
            .finish()
    }
}
