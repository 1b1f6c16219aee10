//! The command line, as DESIGN.md's CLI contract describes it.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Parasol: community safety, casework and evidence for sex-worker-led organisations.
#[derive(Parser, Debug)]
#[command(name = "parasol", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a data directory: database, key file, organisation, first coordinator's invite.
    Init(InitArgs),
    /// Serve the web pages and the JSON API.
    Serve(ServeArgs),
    /// Run a demo server on a temporary database filled with realistic example data.
    Demo(DemoArgs),
    /// Reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Screen a phone number, email, handle or plate and print its traffic light.
    Screen(ScreenArgs),
    /// Make an invite code offline (e.g. when no coordinator can sign in).
    Invite(InviteArgs),
    /// Keys: rotate the organisation's data key.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Write an encrypted, consistent snapshot of the SQLite database (while serving).
    Backup(BackupArgs),
    /// Bring a backup back into a data directory that holds the key file.
    Restore(RestoreArgs),
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Make a new data key and re-encrypt every field with it (stop the server first).
    Rotate(DataArgs),
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The backup file to write (must not exist).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// Data directory to restore into: it holds the key file (or PARASOL_MASTER_KEY is set)
    /// and no database yet.
    #[arg(long, env = "PARASOL_DATA")]
    pub data: PathBuf,
    /// The backup file `parasol backup` wrote.
    #[arg(long)]
    pub from: PathBuf,
}

/// Where the data lives.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Data directory: database file (SQLite) and key file.
    #[arg(long, env = "PARASOL_DATA")]
    pub data: PathBuf,
    /// Database URL: `postgres://...` for PostgreSQL, `sqlite://...`; default is the SQLite file in the data directory.
    #[arg(long, env = "PARASOL_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Organisation name.
    #[arg(long, default_value = "Our collective")]
    pub org: String,
    /// Default region for phone numbers written without a country code (two letters).
    #[arg(long, default_value = "GB")]
    pub region: String,
    /// Areas, comma-separated (cities or districts; never exact places).
    #[arg(long, value_delimiter = ',', default_value = "City Centre")]
    pub areas: Vec<String>,
    /// Days an alert stays up.
    #[arg(long, default_value_t = 180)]
    pub alert_days: i64,
    /// Days a red alert stays up.
    #[arg(long, default_value_t = 365)]
    pub red_alert_days: i64,
}

/// Mail and limits shared by `serve` and `demo`.
#[derive(Args, Debug, Clone)]
pub struct ServerArgs {
    /// SMTP relay host for alert mail; without it, alert mail stays queued.
    #[arg(long, env = "PARASOL_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port.
    #[arg(long, env = "PARASOL_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    /// Use STARTTLS (always, for a relay not on this machine).
    #[arg(long, env = "PARASOL_SMTP_STARTTLS")]
    pub smtp_starttls: bool,
    /// SMTP user.
    #[arg(long, env = "PARASOL_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// SMTP password (prefer the environment variable).
    #[arg(long, env = "PARASOL_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// From address of alert mail.
    #[arg(
        long,
        env = "PARASOL_SMTP_FROM",
        default_value = "Parasol <alerts@parasol.invalid>"
    )]
    pub smtp_from: String,
    /// Direct screenings a member may make per minute.
    #[arg(long, env = "PARASOL_SCREENS_PER_MINUTE", default_value_t = 30)]
    pub screens_per_minute: u32,
    /// Largest tag list members download whole for private screening; above it they fetch
    /// one bucket per screen, and the server learns which bucket (see the README).
    #[arg(long, env = "PARASOL_WHOLE_TAG_LIST_LIMIT", default_value_t = 50_000)]
    pub whole_tag_list_limit: u64,
    /// Bytes of tag prefix that name a bucket: 1 (256 buckets) or 2 (65,536).
    #[arg(long, env = "PARASOL_TAG_BUCKET_BYTES", default_value_t = 1,
          value_parser = clap::value_parser!(u8).range(1..=2))]
    pub tag_bucket_bytes: u8,
    /// The organisation's jurisdiction profile (JSON; see crates/casework/profiles/): the
    /// options and consequences peers go through with a person. Default: the example.
    #[arg(long, env = "PARASOL_PROFILE")]
    pub profile: Option<PathBuf>,
    /// Mark cookies Secure (set when served over HTTPS).
    #[arg(long, env = "PARASOL_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "PARASOL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub server: ServerArgs,
}

/// One identifier, as on the command line.
#[derive(Args, Debug, Clone)]
pub struct IdentifierArgs {
    /// Phone number (national format uses the organisation's region, or --region).
    #[arg(long)]
    pub phone: Option<String>,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Handle, as platform:name.
    #[arg(long)]
    pub handle: Option<String>,
    /// Vehicle plate.
    #[arg(long)]
    pub plate: Option<String>,
    /// Region for a phone number written without a country code.
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Add a report (e.g. from a list kept before Parasol); prints its id.
    Add(ReportAddArgs),
}

#[derive(Args, Debug)]
pub struct ReportAddArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Kind of incident (repeat or comma-separate), e.g. physical_violence.
    #[arg(long = "kind", required = true, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Area name.
    #[arg(long)]
    pub area: String,
    /// Date of the incident, YYYY-MM-DD (default today).
    #[arg(long, default_value = "")]
    pub date: String,
    #[command(flatten)]
    pub identifier: IdentifierArgs,
    /// What happened (stored encrypted).
    #[arg(long, default_value = "Imported report.")]
    pub narrative: String,
    /// Description of the person (stored encrypted).
    #[arg(long, default_value = "")]
    pub description: String,
    /// Publish it as a verified alert at once.
    #[arg(long)]
    pub publish: bool,
    /// Alert text when publishing (default: the kinds and area).
    #[arg(long)]
    pub alert_text: Option<String>,
}

#[derive(Args, Debug)]
pub struct ScreenArgs {
    /// Data directory, for screening offline.
    #[arg(long, env = "PARASOL_DATA")]
    pub data: Option<PathBuf>,
    /// Database URL (with --data).
    #[arg(long, env = "PARASOL_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Server to screen privately against (it never sees the identifier), e.g.
    /// https://parasol.example.org; needs --token.
    #[arg(long, env = "PARASOL_SERVER", conflicts_with_all = ["data", "database_url"])]
    pub server: Option<String>,
    /// Session token from signing in (with --server).
    #[arg(
        long,
        env = "PARASOL_TOKEN",
        hide_env_values = true,
        requires = "server"
    )]
    pub token: Option<String>,
    /// Directory to keep the synchronised tag list in between runs (with --server), so
    /// each screen downloads only what changed.
    #[arg(long, env = "PARASOL_CACHE", requires = "server")]
    pub cache: Option<PathBuf>,
    #[command(flatten)]
    pub identifier: IdentifierArgs,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct InviteArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Role: member, peer_worker or coordinator.
    #[arg(long, default_value = "coordinator")]
    pub role: String,
}
