//! Alerts members read, and subscriptions to an area's alert mail.

use crate::error::{AppError, AppResult};
use crate::reports::aad;
use crate::Parasol;
use parasol_core::{FieldError, Identifier, IdentifierKind, IncidentKind, Level};
use parasol_store::{Alert, AreaId, Member, OrgId};
use serde::Serialize;

/// A published alert as members see it: month, never the day; no identifiers.
#[derive(Clone, Debug, Serialize)]
pub struct AlertView {
    /// Id.
    pub id: i64,
    /// The report it came from (peer workers use this to retract).
    pub report: i64,
    /// The alert's level.
    pub level: Level,
    /// Kinds.
    pub kinds: Vec<IncidentKind>,
    /// Area name.
    pub area: String,
    /// Area id.
    pub area_id: AreaId,
    /// Month of the incident, `YYYY-MM`.
    pub month: String,
    /// The anonymised text.
    pub text: String,
    /// When it was published.
    pub published_at: i64,
    /// When it comes down.
    pub expires_at: i64,
}

/// A member's subscription, with her address decrypted for her own eyes.
#[derive(Clone, Debug, Serialize)]
pub struct SubscriptionView {
    /// Area id.
    pub area_id: AreaId,
    /// Area name.
    pub area: String,
    /// Where alerts go.
    pub email: String,
}

impl Parasol {
    /// Live alerts, newest first, optionally for one area, at or above a level, of a kind.
    pub async fn alerts(
        &self,
        by: &Member,
        area: Option<AreaId>,
        min_level: Option<Level>,
        kind: Option<IncidentKind>,
    ) -> AppResult<Vec<AlertView>> {
        let org = self.store.organisation(by.org).await?;
        let keys = self.keys.of(&org)?;
        let alerts = self.store.alerts(org.id, area, self.clock.now()).await?;
        let mut views = Vec::with_capacity(alerts.len());
        for alert in alerts {
            let view = alert_view(&keys.data, org.id, alert)?;
            let level_ok = min_level.is_none_or(|l| view.level >= l);
            let kind_ok = kind.is_none_or(|k| view.kinds.contains(&k));
            if level_ok && kind_ok {
                views.push(view);
            }
        }
        Ok(views)
    }

    /// Subscribes the member to an area's alert mail at `email`. The address is encrypted.
    pub async fn subscribe(&self, by: &Member, area: AreaId, email: &str) -> AppResult<()> {
        let org = self.store.organisation(by.org).await?;
        let areas = self.store.areas(org.id).await?;
        let mut errors = Vec::new();
        if !areas.iter().any(|a| a.id == area) {
            errors.push(FieldError::new(
                "area",
                &area.to_string(),
                "one of your organisation's areas",
            ));
        }
        let email = Identifier::parse(IdentifierKind::Email, email, None)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(email), true) = (email, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let keys = self.keys.of(&org)?;
        let sealed = keys
            .data
            .encrypt_str(email.value(), &aad(org.id, "member email"));
        Ok(self.store.subscribe(by.id, area, sealed).await?)
    }

    /// Ends a subscription.
    pub async fn unsubscribe(&self, by: &Member, area: AreaId) -> AppResult<()> {
        Ok(self.store.unsubscribe(by.id, area).await?)
    }

    /// The member's subscriptions.
    pub async fn subscriptions(&self, by: &Member) -> AppResult<Vec<SubscriptionView>> {
        let org = self.store.organisation(by.org).await?;
        let keys = self.keys.of(&org)?;
        self.store
            .subscriptions(by.id)
            .await?
            .into_iter()
            .map(|s| {
                Ok(SubscriptionView {
                    area_id: s.area.id,
                    area: s.area.name,
                    email: keys
                        .data
                        .decrypt_string(&s.email, &aad(org.id, "member email"))?,
                })
            })
            .collect()
    }
}

pub(crate) fn alert_view(
    data: &parasol_crypto::DataKey,
    org: OrgId,
    alert: Alert,
) -> AppResult<AlertView> {
    Ok(AlertView {
        id: alert.id,
        report: alert.report,
        level: alert
            .kinds
            .iter()
            .map(|k| k.level())
            .max()
            .unwrap_or(Level::Green),
        month: format!(
            "{:04}-{:02}",
            alert.occurred_on.year(),
            u8::from(alert.occurred_on.month())
        ),
        text: data.decrypt_string(&alert.text, &aad(org, "alert text"))?,
        kinds: alert.kinds,
        area: alert.area.name,
        area_id: alert.area.id,
        published_at: alert.published_at,
        expires_at: alert.expires_at,
    })
}
