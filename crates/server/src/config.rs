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
    /// How private screening's tag list is served.
    pub tag_list: TagListSettings,
    /// The organisation's jurisdiction profile; the shipped example if none.
    pub profile: Option<parasol_casework::Profile>,
}

/// How private screening's tag list is served: whole (the server learns nothing about a
/// screen) while it is small enough for a phone, in buckets by tag prefix beyond that (the
/// server learns which bucket a member looked in, one in `256^bucket_bytes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagListSettings {
    /// Largest list clients are told to download whole; above it they fetch buckets.
    pub whole_list_limit: u64,
    /// Bytes of tag prefix that name a bucket (1 or 2).
    pub bucket_bytes: u8,
}

impl Default for TagListSettings {
    fn default() -> Self {
        TagListSettings {
            whole_list_limit: 50_000,
            bucket_bytes: 1,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            org: None,
            smtp: None,
            screens_per_minute: 30,
            secure_cookies: false,
            tag_list: TagListSettings::default(),
            profile: None,
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
