//! Sends queued alert mail over SMTP. The queue lives in the store, filled in the same
//! transaction that publishes an alert, so a restart loses no mail: it is sent on the
//! next pass.

use crate::config::SmtpConfig;
use crate::state::AppState;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use parasol_app::AlertMail;
use std::time::Duration;

/// How often the queue is looked at when nothing wakes it.
const POLL: Duration = Duration::from_secs(15);
/// Mails sent per pass.
const BATCH: i64 = 50;

/// An SMTP connection pool and the From address.
#[derive(Clone)]
pub struct MailSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
}

/// Why one mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// An address could not be used.
    #[error("address refused: {0}")]
    Address(String),
    /// The message could not be built.
    #[error("message could not be built: {0}")]
    Build(String),
    /// The relay refused or could not be reached.
    #[error("SMTP: {0}")]
    Smtp(String),
}

impl MailSender {
    /// A sender for the relay.
    pub fn new(smtp: SmtpConfig) -> Self {
        let builder = if smtp.starttls {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).unwrap_or_else(|_| {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            })
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        };
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, pass)) = smtp.credentials {
            builder = builder.credentials(Credentials::new(user, pass));
        }
        MailSender {
            transport: builder.build(),
            from: smtp.from,
        }
    }

    /// Sends one alert mail.
    pub async fn send(&self, mail: &AlertMail) -> Result<(), SendError> {
        let from: Mailbox = self
            .from
            .parse()
            .map_err(|e| SendError::Address(format!("from: {e}")))?;
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| SendError::Address("recipient".into()))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(&mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| SendError::Build(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError::Smtp(e.to_string()))
    }
}

/// Sends every due mail once; returns how many went out.
pub async fn send_due(state: &AppState, sender: &MailSender) -> usize {
    let mails = match state.parasol.due_alert_mail(BATCH).await {
        Ok(mails) => mails,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the mail queue");
            return 0;
        }
    };
    let mut sent = 0;
    for mail in mails {
        match sender.send(&mail).await {
            Ok(()) => {
                sent += 1;
                if let Err(e) = state.parasol.alert_mail_sent(mail.id).await {
                    tracing::warn!(error = %e, mail = mail.id, "sent, but could not mark it sent");
                }
            }
            Err(e) => {
                // The error never includes the address; the id is enough to find it.
                tracing::warn!(error = %e, mail = mail.id, "alert mail not sent; will retry");
                let _ = state.parasol.alert_mail_failed(&mail).await;
            }
        }
    }
    sent
}

/// Runs the queue for as long as the server runs.
pub async fn run_queue(state: AppState, sender: MailSender) {
    loop {
        while send_due(&state, &sender).await as i64 == BATCH {}
        let _ = tokio::time::timeout(POLL, state.mail_wake.notified()).await;
    }
}
