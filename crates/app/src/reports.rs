//! Reports: submitting one, the verification queue, publishing, rejecting, retracting.

use crate::accounts::require;
use crate::error::{AppError, AppResult};
use crate::Parasol;
use parasol_core::{
    FieldError, Identifier, IdentifierKind, IncidentKind, Level, Region, ReportConsent, Role,
};
use parasol_crypto::DataKey;
use parasol_store::{
    Alert, Area, ImportedReport, Member, NewReport, OrgId, Publication, Report, ReportId,
    ReportStatus, TaggedIdentifier,
};
use serde::Serialize;

const DAY: i64 = 86_400;
const MAX_NARRATIVE: usize = 20_000;
const MAX_DESCRIPTION: usize = 5_000;
const MAX_ALERT_TEXT: usize = 2_000;
const MAX_IDENTIFIERS: usize = 10;

/// A report as the member typed it; nothing is trusted until parsed.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    /// Kind slugs.
    pub kinds: Vec<String>,
    /// Area id or name.
    pub area: String,
    /// `YYYY-MM-DD`; empty means today.
    pub occurred_on: String,
    /// Identifiers of the client; empty values are ignored.
    pub identifiers: Vec<(IdentifierKind, String)>,
    /// Region for national-format phone numbers, if not the organisation's.
    pub region: Option<String>,
    /// What happened.
    pub narrative: String,
    /// What the person looked like, their car, anything that helps others recognise them.
    pub description: String,
    /// What she allows.
    pub consent: ReportConsent,
}

/// A peer worker's publication of a report, as typed.
#[derive(Clone, Debug, Default)]
pub struct PublishInput {
    /// Kind slugs as verified.
    pub kinds: Vec<String>,
    /// Area id or name as verified.
    pub area: String,
    /// The anonymised text members will read.
    pub text: String,
}

/// A report, decrypted, for its reporter or a peer worker.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    /// Id.
    pub id: ReportId,
    /// `pending`, `published`, `rejected`, `retracted`.
    pub status: ReportStatus,
    /// Area name.
    pub area: String,
    /// Area id.
    pub area_id: i64,
    /// Kinds the reporter chose.
    pub kinds: Vec<IncidentKind>,
    /// The level those kinds give.
    pub level: Level,
    /// When it happened.
    pub occurred_on: String,
    /// Which sorts of identifier it names (their values are not kept).
    pub identifier_types: Vec<IdentifierKind>,
    /// What happened.
    pub narrative: String,
    /// Description of the person.
    pub description: String,
    /// What the reporter allows.
    pub consent: ReportConsent,
    /// When it was submitted.
    pub submitted_at: i64,
    /// Whether the viewer submitted it.
    pub mine: bool,
    /// The alert text, once published.
    pub alert_text: Option<String>,
    /// Alert id, once published.
    pub alert_id: Option<i64>,
}

/// Associated data binding a sealed field to its organisation and purpose.
pub(crate) fn aad(org: OrgId, field: &str) -> Vec<u8> {
    format!("parasol:{org}:{field}").into_bytes()
}

fn level_of(kinds: &[IncidentKind]) -> Level {
    kinds
        .iter()
        .map(|k| k.level())
        .max()
        .unwrap_or(Level::Green)
}

/// Finds an area of the organisation by id or by name.
fn find_area<'a>(areas: &'a [Area], field: &str, input: &str) -> Result<&'a Area, FieldError> {
    let wanted = input.trim();
    areas
        .iter()
        .find(|a| a.id.to_string() == wanted || a.name.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            let names: Vec<&str> = areas.iter().map(|a| a.name.as_str()).collect();
            FieldError::new(
                field,
                input,
                format!("one of your organisation's areas: {}", names.join(", ")),
            )
        })
}

fn parse_date(input: &str, today: time::Date) -> Result<time::Date, FieldError> {
    let expected = "a date in the last ten years, written YYYY-MM-DD, e.g. 2026-03-14";
    if input.trim().is_empty() {
        return Ok(today);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(input.trim(), format)
        .map_err(|_| FieldError::new("occurred_on", input, expected))?;
    let earliest = today.saturating_sub(time::Duration::days(3653));
    let latest = today.saturating_add(time::Duration::days(1));
    if date < earliest || date > latest {
        return Err(FieldError::new("occurred_on", input, expected));
    }
    Ok(date)
}

fn bounded_text(
    field: &str,
    input: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    let text = input.trim();
    if required && text.is_empty() {
        return Err(FieldError::new(
            field,
            input,
            "a few words about what happened",
        ));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            input,
            format!("at most {max} characters"),
        ));
    }
    Ok(text.to_string())
}

/// The alert text a peer worker (or an import) gives: required, bounded.
fn alert_text_field(input: &str) -> Result<String, FieldError> {
    match input.trim() {
        "" => Err(FieldError::new(
            "text",
            input,
            "the alert members will read, without anything that could identify the reporter",
        )),
        t => bounded_text("text", t, MAX_ALERT_TEXT, true),
    }
}

impl Parasol {
    /// Parses, tags, encrypts and stores a member's report, in one transaction.
    /// Every refused field is reported at once.
    pub async fn submit_report(&self, by: &Member, input: ReportInput) -> AppResult<ReportId> {
        let report = self.prepare_report(by, input, &mut Vec::new()).await?;
        Ok(self.store.submit_report(report).await?)
    }

    /// Parses, tags and encrypts a report. Refused fields are added to `errors` (with any
    /// the caller found already) and returned together.
    async fn prepare_report(
        &self,
        by: &Member,
        input: ReportInput,
        errors: &mut Vec<FieldError>,
    ) -> AppResult<NewReport> {
        let org = self.store.organisation(by.org).await?;
        let keys = self.keys.of(&org)?;
        let areas = self.store.areas(org.id).await?;

        let kinds = IncidentKind::parse_list(input.kinds.iter().map(String::as_str))
            .map_err(|e| errors.push(e))
            .ok();
        let area = find_area(&areas, "area", &input.area)
            .map_err(|e| errors.push(e))
            .ok();
        let occurred_on = parse_date(&input.occurred_on, self.clock.today())
            .map_err(|e| errors.push(e))
            .ok();
        let region = match input
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(r) => Region::parse(r).map_err(|e| errors.push(e)).ok(),
            None => Region::parse(&org.region).ok(),
        };
        let mut identifiers = Vec::new();
        let given: Vec<_> = input
            .identifiers
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        for (kind, value) in &given {
            match Identifier::parse(*kind, value, region.as_ref()) {
                Ok(id) => identifiers.push(id),
                Err(e) => errors.push(e),
            }
        }
        if given.is_empty() {
            errors.push(FieldError::new(
                "phone",
                "",
                "at least one way to recognise the client: a phone number, email, handle or plate",
            ));
        }
        if given.len() > MAX_IDENTIFIERS {
            errors.push(FieldError::new(
                "identifiers",
                "",
                format!("at most {MAX_IDENTIFIERS} identifiers"),
            ));
        }
        let narrative = bounded_text("narrative", &input.narrative, MAX_NARRATIVE, true)
            .map_err(|e| errors.push(e))
            .ok();
        let description = bounded_text("description", &input.description, MAX_DESCRIPTION, false)
            .map_err(|e| errors.push(e))
            .ok();

        let (Some(kinds), Some(area), Some(occurred_on), Some(narrative), Some(description), true) = (
            kinds,
            area,
            occurred_on,
            narrative,
            description,
            errors.is_empty(),
        ) else {
            return Err(AppError::Invalid(std::mem::take(errors)));
        };

        let mut tagged = Vec::with_capacity(identifiers.len());
        for id in &identifiers {
            let tag = keys.oprf.tag(&id.prefixed())?;
            let entry = TaggedIdentifier {
                kind: id.kind(),
                tag,
            };
            if !tagged.contains(&entry) {
                tagged.push(entry);
            }
        }
        Ok(NewReport {
            org: org.id,
            reporter: by.id,
            area: area.id,
            kinds,
            occurred_on,
            identifiers: tagged,
            narrative: keys
                .data
                .encrypt_str(&narrative, &aad(org.id, "report narrative")),
            description: keys
                .data
                .encrypt_str(&description, &aad(org.id, "report description")),
            consent: input.consent,
            submitted_at: self.clock.now(),
        })
    }

    /// The verification queue: pending reports, oldest first (peer workers).
    pub async fn queue(&self, by: &Member) -> AppResult<Vec<ReportView>> {
        require(by, Role::PeerWorker)?;
        let reports = self
            .store
            .reports_with_status(by.org, ReportStatus::Pending)
            .await?;
        self.views(by, reports).await
    }

    /// Reports in any status (peer workers).
    pub async fn reports_with_status(
        &self,
        by: &Member,
        status: ReportStatus,
    ) -> AppResult<Vec<ReportView>> {
        require(by, Role::PeerWorker)?;
        let reports = self.store.reports_with_status(by.org, status).await?;
        self.views(by, reports).await
    }

    /// The member's own reports, newest first.
    pub async fn my_reports(&self, by: &Member) -> AppResult<Vec<ReportView>> {
        let reports = self.store.reports_by(by.id).await?;
        self.views(by, reports).await
    }

    /// One report, for its reporter or a peer worker.
    pub async fn report(&self, by: &Member, id: ReportId) -> AppResult<ReportView> {
        let report = self.store.report(by.org, id).await?;
        if report.reporter != by.id {
            require(by, Role::PeerWorker)?;
        }
        let mut views = self.views(by, vec![report]).await?;
        views.pop().ok_or(AppError::NotFound("report"))
    }

    async fn views(&self, by: &Member, reports: Vec<Report>) -> AppResult<Vec<ReportView>> {
        let org = self.store.organisation(by.org).await?;
        let keys = self.keys.of(&org)?;
        reports
            .into_iter()
            .map(|r| view(&keys.data, org.id, by, r))
            .collect()
    }

    /// Verifies a pending report and publishes its alert; members subscribed to the area
    /// are mailed. Only with the reporter's consent, and never by the reporter herself.
    pub async fn publish(
        &self,
        by: &Member,
        id: ReportId,
        input: PublishInput,
    ) -> AppResult<Alert> {
        self.verify_and_publish(by, id, input).await
    }

    /// Imports a report that the organisation has already verified (for example from the
    /// bad-date list it kept before Parasol), submitting and, if asked, publishing it as the
    /// data directory's operator. Used by `parasol report add`.
    ///
    /// With `alert_text` the report and its alert (of the report's kinds and area) are
    /// written in one transaction; importing mails no one, because the news is old.
    pub async fn import_report(
        &self,
        org: OrgId,
        input: ReportInput,
        alert_text: Option<String>,
    ) -> AppResult<ReportId> {
        let operator = self.operator(org).await?;
        let Some(alert_text) = alert_text else {
            return self.submit_report(&operator, input).await;
        };
        let mut errors = Vec::new();
        let text = alert_text_field(&alert_text)
            .map_err(|e| errors.push(e))
            .ok();
        let report = self.prepare_report(&operator, input, &mut errors).await?;
        let Some(text) = text else {
            return Err(AppError::Invalid(errors));
        };
        let organisation = self.store.organisation(org).await?;
        let keys = self.keys.of(&organisation)?;
        let days = if level_of(&report.kinds) == Level::Red {
            organisation.red_alert_days
        } else {
            organisation.alert_days
        };
        let imported = ImportedReport {
            expires_at: report.submitted_at + days * DAY,
            alert_text: keys.data.encrypt_str(&text, &aad(org, "alert text")),
            published_by: operator.id,
            report,
        };
        let ids = self.store.import_published(vec![imported]).await?;
        ids.into_iter()
            .next()
            .ok_or_else(|| AppError::Conflict("the report was not imported".into()))
    }

    async fn verify_and_publish(
        &self,
        by: &Member,
        id: ReportId,
        input: PublishInput,
    ) -> AppResult<Alert> {
        require(by, Role::PeerWorker)?;
        let org = self.store.organisation(by.org).await?;
        let report = self.store.report(org.id, id).await?;
        if report.reporter == by.id {
            return Err(AppError::Forbidden(
                "another peer worker must verify your own report",
            ));
        }
        if report.status != ReportStatus::Pending {
            return Err(AppError::Conflict(format!(
                "this report is already {}",
                report.status.slug()
            )));
        }
        if !report.consent.publish_alert {
            return Err(AppError::Conflict(
                "the reporter did not agree to an alert being published; ask her first".into(),
            ));
        }
        let areas = self.store.areas(org.id).await?;
        let mut errors = Vec::new();
        let kinds = IncidentKind::parse_list(input.kinds.iter().map(String::as_str))
            .map_err(|e| errors.push(e))
            .ok();
        let area = find_area(&areas, "area", &input.area)
            .map_err(|e| errors.push(e))
            .ok();
        let text = alert_text_field(&input.text)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(kinds), Some(area), Some(text), true) = (kinds, area, text, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let keys = self.keys.of(&org)?;
        let days = if level_of(&kinds) == Level::Red {
            org.red_alert_days
        } else {
            org.alert_days
        };
        let now = self.clock.now();
        Ok(self
            .store
            .publish(Publication {
                org: org.id,
                report: id,
                kinds,
                area: area.id,
                text: keys.data.encrypt_str(&text, &aad(org.id, "alert text")),
                by: by.id,
                at: now,
                expires_at: now + days * DAY,
            })
            .await?)
    }

    /// Rejects a pending report (peer workers).
    pub async fn reject(&self, by: &Member, id: ReportId) -> AppResult<()> {
        require(by, Role::PeerWorker)?;
        Ok(self
            .store
            .reject(by.org, id, by.id, self.clock.now())
            .await?)
    }

    /// Retracts a report and takes its alert down: its reporter, or a peer worker.
    pub async fn retract(&self, by: &Member, id: ReportId) -> AppResult<()> {
        let report = self.store.report(by.org, id).await?;
        if report.reporter != by.id {
            require(by, Role::PeerWorker)?;
        }
        Ok(self
            .store
            .retract(by.org, id, by.id, self.clock.now())
            .await?)
    }
}

fn view(data: &DataKey, org: OrgId, by: &Member, r: Report) -> AppResult<ReportView> {
    let alert_text = match &r.alert {
        Some(a) => Some(data.decrypt_string(&a.text, &aad(org, "alert text"))?),
        None => None,
    };
    Ok(ReportView {
        id: r.id,
        status: r.status,
        area: r.area.name.clone(),
        area_id: r.area.id,
        level: level_of(&r.kinds),
        kinds: r.kinds,
        occurred_on: r.occurred_on.to_string(),
        identifier_types: r.identifiers.iter().map(|i| i.kind).collect(),
        narrative: data.decrypt_string(&r.narrative, &aad(org, "report narrative"))?,
        description: data.decrypt_string(&r.description, &aad(org, "report description"))?,
        consent: r.consent,
        submitted_at: r.submitted_at,
        mine: r.reporter == by.id,
        alert_id: r.alert.as_ref().map(|a| a.id),
        alert_text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_the_future_or_long_ago_are_refused() {
        let today = date!(2026 - 11 - 22);
        assert_eq!(parse_date("", today).unwrap(), today);
        assert_eq!(
            parse_date("2026-03-14", today).unwrap(),
            date!(2026 - 03 - 14)
        );
        for bad in [
            "2026-02-30",
            "14/03/2026",
            "2027-01-01",
            "1990-01-01",
            "soon",
        ] {
            let e = parse_date(bad, today).unwrap_err();
            assert_eq!(e.field, "occurred_on", "{bad}");
        }
    }
}
