//! Alert mail: what is sent when an alert is published, and the bookkeeping of the queue.

use crate::alerts::alert_view;
use crate::error::AppResult;
use crate::reports::aad;
use crate::Parasol;
use parasol_store::MailId;

/// One alert mail, decrypted and rendered, ready for SMTP.
#[derive(Clone)]
pub struct AlertMail {
    /// Queue id, to mark it sent or failed.
    pub id: MailId,
    /// Recipient address.
    pub to: String,
    /// Subject: level and area only, since subjects show on lock screens.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Attempts so far.
    pub attempts: i64,
}

impl std::fmt::Debug for AlertMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AlertMail({}, [redacted])", self.id)
    }
}

impl Parasol {
    /// Alert mail due now, rendered, at most `limit`.
    pub async fn due_alert_mail(&self, limit: i64) -> AppResult<Vec<AlertMail>> {
        let queued = self.store.due_mail(self.clock.now(), limit).await?;
        let mut mails = Vec::with_capacity(queued.len());
        for q in queued {
            let org = self.store.organisation(q.alert.org).await?;
            let keys = self.keys.of(&org)?;
            let to = keys
                .data
                .decrypt_string(&q.email, &aad(org.id, "member email"))?;
            let alert = alert_view(&keys.data, org.id, q.alert)?;
            let kinds: Vec<&str> = alert.kinds.iter().map(|k| k.label()).collect();
            let subject = format!("Parasol: new {} alert in {}", alert.level, alert.area);
            let body = format!(
                "A new {level} alert for {area} was published by your organisation's peer workers.\n\n\
                 What happened: {kinds} ({month}).\n\n{text}\n\n\
                 Screen a number before a booking, and tell someone you trust where you are.\n\
                 To stop these messages, unsubscribe on the alerts page.\n",
                level = alert.level,
                area = alert.area,
                kinds = kinds.join(", "),
                month = alert.month,
                text = alert.text,
            );
            mails.push(AlertMail {
                id: q.id,
                to,
                subject,
                body,
                attempts: q.attempts,
            });
        }
        Ok(mails)
    }

    /// Marks a mail sent.
    pub async fn alert_mail_sent(&self, id: MailId) -> AppResult<()> {
        Ok(self.store.mail_sent(id, self.clock.now()).await?)
    }

    /// Records a failed attempt; retries back off from a minute to about an hour.
    pub async fn alert_mail_failed(&self, mail: &AlertMail) -> AppResult<()> {
        let delay = 60 * (1_i64 << mail.attempts.clamp(0, 6));
        Ok(self
            .store
            .mail_failed(mail.id, self.clock.now() + delay)
            .await?)
    }
}
