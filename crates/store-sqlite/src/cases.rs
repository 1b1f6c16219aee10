//! The `CaseStore` contract in SQLite's SQL: every change and its audit row in one
//! `BEGIN IMMEDIATE`.

use crate::columns::{day_from, day_text};
use crate::error::{backend, corrupt, missing, taken};
use crate::rows::get;
use crate::SqliteStore;
use async_trait::async_trait;
use parasol_casework::{Consent, ConsentMethod, ConsentPurpose, EventPeriod, MeasureLink};
use parasol_store::{
    changed, stored_term, Act, ActFact, AuditEntry, CaseAccess, CaseFile, CaseId, CaseStatus,
    CaseStore, CaseSummary, ConsentId, ConsentRecord, DueReferral, Event, EventId, Involvement,
    NewCase, NewConsent, NewEvent, NewReferral, NewService, OrgId, Referral, ReferralChange,
    ReferralId, SealedAssessment, Service, StatisticsSource, StoreError, StoreResult,
};
use sqlx::sqlite::SqliteRow;
use sqlx::SqliteConnection;
use std::collections::HashMap;
use time::Date;

/// Referrals with their services; a `WHERE` follows.
const SELECT_REFERRALS: &str = "SELECT r.id, r.case_id, r.status, r.response, r.outcome, \
     r.follow_up_on, r.made_by, r.made_at, r.changed_at, \
     s.id AS service_id, s.org AS service_org, s.name AS service_name, \
     s.category AS service_category, s.contact AS service_contact \
     FROM referrals r JOIN services s ON s.id = r.service ";

fn period_from(started: &str, ended: Option<&str>) -> StoreResult<EventPeriod> {
    EventPeriod::parse("started", started, "ended", ended, Date::MAX)
        .map_err(|_| corrupt("event date"))
}

fn measure_from(measure: Option<String>, p4: Option<String>) -> StoreResult<Option<MeasureLink>> {
    match (measure, p4) {
        (Some(measure), Some(p4)) => {
            MeasureLink::new(stored_term(&measure)?, Some(stored_term(&p4)?))
                .map(Some)
                .map_err(|_| corrupt("measure"))
        }
        _ => Ok(None),
    }
}

fn consent_from(row: &SqliteRow) -> StoreResult<ConsentRecord> {
    let purpose: String = get(row, "purpose")?;
    let recipient: Option<String> = get(row, "recipient")?;
    let purpose = ConsentPurpose::parse(Some(&purpose), recipient.as_deref())
        .map_err(|_| corrupt("consent purpose"))?;
    let method: String = get(row, "method")?;
    let mut consent = Consent::new(
        purpose,
        day_from(&get::<String>(row, "given_on")?)?,
        get(row, "recorded_by")?,
        stored_term::<ConsentMethod>(&method)?,
    );
    if let Some(on) = get::<Option<String>>(row, "withdrawn_on")? {
        consent
            .withdraw(day_from(&on)?)
            .map_err(|_| corrupt("consent withdrawal"))?;
    }
    Ok(ConsentRecord {
        id: get(row, "id")?,
        consent,
        notes: get(row, "notes")?,
    })
}

fn service_from(row: &SqliteRow, prefix: &str) -> StoreResult<Service> {
    let column = |name: &str| format!("{prefix}{name}");
    let category: String = get(row, &column("category"))?;
    Ok(Service {
        id: get(row, &column("id"))?,
        org: get(row, &column("org"))?,
        name: get(row, &column("name"))?,
        category: stored_term(&category)?,
        contact: get(row, &column("contact"))?,
    })
}

fn referral_from(row: &SqliteRow) -> StoreResult<Referral> {
    let status: String = get(row, "status")?;
    Ok(Referral {
        id: get(row, "id")?,
        case: get(row, "case_id")?,
        service: service_from(row, "service_")?,
        status: stored_term(&status)?,
        response: get(row, "response")?,
        outcome: get(row, "outcome")?,
        follow_up_on: get::<Option<String>>(row, "follow_up_on")?
            .map(|d| day_from(&d))
            .transpose()?,
        made_by: get(row, "made_by")?,
        made_at: get(row, "made_at")?,
        changed_at: get(row, "changed_at")?,
    })
}

/// `NotFound("case")` unless the case is the organisation's.
async fn own_case(conn: &mut SqliteConnection, org: OrgId, case: CaseId) -> StoreResult<()> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM cases WHERE org = ?1 AND id = ?2")
        .bind(org)
        .bind(case)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?
        .map(|_| ())
        .ok_or(StoreError::NotFound("case"))
}

async fn audit(
    conn: &mut SqliteConnection,
    case: CaseId,
    access: CaseAccess,
    action: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO case_audit (case_id, member, action, at) VALUES (?1, ?2, ?3, ?4)")
        .bind(case)
        .bind(access.by)
        .bind(action)
        .bind(access.at)
        .execute(&mut *conn)
        .await
        .map_err(|e| missing(e, "member"))?;
    Ok(())
}

async fn insert_event(
    conn: &mut SqliteConnection,
    org: OrgId,
    case: CaseId,
    event: &NewEvent,
) -> StoreResult<EventId> {
    let when = event.when;
    let id: EventId = sqlx::query_scalar(
        "INSERT INTO case_events (org, case_id, what, started, ended, period, area, confidential) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )
    .bind(org)
    .bind(case)
    .bind(&event.what)
    .bind(when.start().to_string())
    .bind(when.end().map(|e| e.to_string()))
    .bind(when.start().period())
    .bind(event.area)
    .bind(event.confidential)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| missing(e, "area"))?;
    for (position, act) in event.acts.iter().enumerate() {
        let act_id: i64 = sqlx::query_scalar(
            "INSERT INTO case_acts (event, case_id, position, act_type, consequences, measure, p4) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )
        .bind(id)
        .bind(case)
        .bind(position as i64)
        .bind(act.act_type.slug())
        .bind(&act.consequences)
        .bind(act.measure.map(|m| m.measure().slug()))
        .bind(act.measure.map(|m| m.p4().slug()))
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
        for (n, involvement) in act.involvements.iter().enumerate() {
            sqlx::query(
                "INSERT INTO case_involvements (act, position, perpetrator, degree) \
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .bind(act_id)
            .bind(n as i64)
            .bind(involvement.perpetrator.slug())
            .bind(involvement.degree.slug())
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        }
    }
    Ok(id)
}

async fn load_events(conn: &mut SqliteConnection, case: CaseId) -> StoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT e.id, e.what, e.started, e.ended, e.area, a.name AS area_name, e.confidential \
         FROM case_events e LEFT JOIN areas a ON a.id = e.area \
         WHERE e.case_id = ?1 ORDER BY e.id",
    )
    .bind(case)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut events = Vec::with_capacity(rows.len());
    let mut index = HashMap::new();
    for row in &rows {
        let started: String = get(row, "started")?;
        let ended: Option<String> = get(row, "ended")?;
        let area: Option<i64> = get(row, "area")?;
        let area_name: Option<String> = get(row, "area_name")?;
        let id: EventId = get(row, "id")?;
        index.insert(id, events.len());
        events.push(Event {
            id,
            what: get(row, "what")?,
            when: period_from(&started, ended.as_deref())?,
            area: area.zip(area_name),
            confidential: get(row, "confidential")?,
            acts: Vec::new(),
        });
    }
    let acts = sqlx::query(
        "SELECT id, event, act_type, consequences, measure, p4 FROM case_acts \
         WHERE case_id = ?1 ORDER BY event, position",
    )
    .bind(case)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    let mut act_index = HashMap::new();
    for row in &acts {
        let event: EventId = get(row, "event")?;
        let act_type: String = get(row, "act_type")?;
        let id: i64 = get(row, "id")?;
        let Some(&e) = index.get(&event) else {
            return Err(corrupt("act"));
        };
        act_index.insert(id, (e, events[e].acts.len()));
        events[e].acts.push(Act {
            id,
            act_type: stored_term(&act_type)?,
            consequences: get(row, "consequences")?,
            measure: measure_from(get(row, "measure")?, get(row, "p4")?)?,
            involvements: Vec::new(),
        });
    }
    let involvements = sqlx::query(
        "SELECT i.act, i.perpetrator, i.degree FROM case_involvements i \
         JOIN case_acts a ON a.id = i.act WHERE a.case_id = ?1 ORDER BY i.act, i.position",
    )
    .bind(case)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    for row in &involvements {
        let act: i64 = get(row, "act")?;
        let perpetrator: String = get(row, "perpetrator")?;
        let degree: String = get(row, "degree")?;
        let Some(&(e, a)) = act_index.get(&act) else {
            return Err(corrupt("involvement"));
        };
        events[e].acts[a].involvements.push(Involvement {
            perpetrator: stored_term(&perpetrator)?,
            degree: stored_term(&degree)?,
        });
    }
    Ok(events)
}

#[async_trait]
impl CaseStore for SqliteStore {
    async fn create_case(&self, case: NewCase) -> StoreResult<CaseId> {
        let mut tx = self.write().await?;
        let id: CaseId = sqlx::query_scalar(
            "INSERT INTO cases (org, person, member, created_by, created_at, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'open') RETURNING id",
        )
        .bind(case.org)
        .bind(&case.person)
        .bind(case.member)
        .bind(case.access.by)
        .bind(case.access.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        for event in &case.events {
            insert_event(&mut tx, case.org, id, event).await?;
        }
        audit(&mut tx, id, case.access, &changed("case")).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn cases(&self, org: OrgId) -> StoreResult<Vec<CaseSummary>> {
        let rows = sqlx::query(
            "SELECT c.id, c.person, c.status, c.created_at, \
             (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) AS events, \
             (SELECT count(*) FROM referrals r WHERE r.case_id = c.id \
                AND r.status NOT IN ('declined', 'completed')) AS open_referrals \
             FROM cases c WHERE c.org = ?1 ORDER BY c.created_at DESC, c.id DESC",
        )
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let status: String = get(row, "status")?;
                Ok(CaseSummary {
                    id: get(row, "id")?,
                    person: get(row, "person")?,
                    status: CaseStatus::parse(&status).ok_or_else(|| corrupt("case status"))?,
                    created_at: get(row, "created_at")?,
                    events: get(row, "events")?,
                    open_referrals: get(row, "open_referrals")?,
                })
            })
            .collect()
    }

    async fn open_case(
        &self,
        org: OrgId,
        case: CaseId,
        access: CaseAccess,
    ) -> StoreResult<CaseFile> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT id, org, person, member, created_by, created_at, status FROM cases \
             WHERE org = ?1 AND id = ?2",
        )
        .bind(org)
        .bind(case)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound("case"))?;
        let status: String = get(&row, "status")?;
        let events = load_events(&mut tx, case).await?;
        let consents = sqlx::query(
            "SELECT id, purpose, recipient, given_on, recorded_by, method, withdrawn_on, notes \
             FROM case_consents WHERE case_id = ?1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(consent_from)
        .collect::<StoreResult<Vec<_>>>()?;
        let referrals = sqlx::query(&format!(
            "{SELECT_REFERRALS} WHERE r.case_id = ?1 ORDER BY r.id"
        ))
        .bind(case)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(referral_from)
        .collect::<StoreResult<Vec<_>>>()?;
        let assessment =
            sqlx::query("SELECT sealed, by_member, at FROM case_assessments WHERE case_id = ?1")
                .bind(case)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .map(|row| -> StoreResult<SealedAssessment> {
                    Ok(SealedAssessment {
                        sealed: get(&row, "sealed")?,
                        by: get(&row, "by_member")?,
                        at: get(&row, "at")?,
                    })
                })
                .transpose()?;
        audit(&mut tx, case, access, "viewed").await?;
        tx.commit().await.map_err(backend)?;
        Ok(CaseFile {
            id: get(&row, "id")?,
            org: get(&row, "org")?,
            person: get(&row, "person")?,
            member: get(&row, "member")?,
            created_by: get(&row, "created_by")?,
            created_at: get(&row, "created_at")?,
            status: CaseStatus::parse(&status).ok_or_else(|| corrupt("case status"))?,
            events,
            consents,
            referrals,
            assessment,
        })
    }

    async fn add_event(
        &self,
        org: OrgId,
        case: CaseId,
        event: NewEvent,
        access: CaseAccess,
    ) -> StoreResult<EventId> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        let id = insert_event(&mut tx, org, case, &event).await?;
        audit(&mut tx, case, access, &changed("event")).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn set_case_status(
        &self,
        org: OrgId,
        case: CaseId,
        status: CaseStatus,
        access: CaseAccess,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        sqlx::query("UPDATE cases SET status = ?1 WHERE id = ?2")
            .bind(status.slug())
            .bind(case)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        audit(&mut tx, case, access, &changed("status")).await?;
        tx.commit().await.map_err(backend)
    }

    async fn give_consent(
        &self,
        org: OrgId,
        case: CaseId,
        consent: NewConsent,
        access: CaseAccess,
    ) -> StoreResult<ConsentId> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        let c = &consent.consent;
        let id: ConsentId = sqlx::query_scalar(
            "INSERT INTO case_consents \
             (case_id, purpose, recipient, given_on, recorded_by, method, withdrawn_on, notes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        )
        .bind(case)
        .bind(c.purpose().kind().slug())
        .bind(c.purpose().recipient().map(|r| r.as_str().to_string()))
        .bind(day_text(c.given_on())?)
        .bind(c.recorded_by())
        .bind(c.how_given().slug())
        .bind(c.withdrawn_on().map(day_text).transpose()?)
        .bind(&consent.notes)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        audit(&mut tx, case, access, &changed("consent")).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn withdraw_consent(
        &self,
        org: OrgId,
        case: CaseId,
        consent: ConsentId,
        on: Date,
        access: CaseAccess,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        let given: String =
            sqlx::query_scalar("SELECT given_on FROM case_consents WHERE id = ?1 AND case_id = ?2")
                .bind(consent)
                .bind(case)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or(StoreError::NotFound("consent"))?;
        if on < day_from(&given)? {
            return Err(StoreError::Conflict(format!(
                "withdrawn_on: the withdrawal cannot be before the consent was given ({given})"
            )));
        }
        // An earlier withdrawal stands.
        sqlx::query(
            "UPDATE case_consents SET withdrawn_on = ?1 \
             WHERE id = ?2 AND (withdrawn_on IS NULL OR withdrawn_on > ?1)",
        )
        .bind(day_text(on)?)
        .bind(consent)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        audit(&mut tx, case, access, &changed("consent")).await?;
        tx.commit().await.map_err(backend)
    }

    async fn set_assessment(
        &self,
        org: OrgId,
        case: CaseId,
        sealed: Vec<u8>,
        access: CaseAccess,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        sqlx::query(
            "INSERT INTO case_assessments (case_id, sealed, by_member, at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (case_id) DO UPDATE SET sealed = excluded.sealed, \
             by_member = excluded.by_member, at = excluded.at",
        )
        .bind(case)
        .bind(&sealed)
        .bind(access.by)
        .bind(access.at)
        .execute(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        audit(&mut tx, case, access, &changed("assessment")).await?;
        tx.commit().await.map_err(backend)
    }

    async fn add_service(&self, service: NewService) -> StoreResult<Service> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO services (org, name, category, contact) VALUES (?1, ?2, ?3, ?4) \
             RETURNING id",
        )
        .bind(service.org)
        .bind(&service.name)
        .bind(service.category.slug())
        .bind(&service.contact)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| taken(e, "a service with that name is already in the directory"))?;
        Ok(Service {
            id,
            org: service.org,
            name: service.name,
            category: service.category,
            contact: service.contact,
        })
    }

    async fn services(&self, org: OrgId) -> StoreResult<Vec<Service>> {
        sqlx::query("SELECT id, org, name, category, contact FROM services WHERE org = ?1 ORDER BY name, id")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| service_from(row, ""))
            .collect()
    }

    async fn make_referral(
        &self,
        org: OrgId,
        case: CaseId,
        referral: NewReferral,
        access: CaseAccess,
    ) -> StoreResult<ReferralId> {
        let mut tx = self.write().await?;
        own_case(&mut tx, org, case).await?;
        let id: ReferralId = sqlx::query_scalar(
            "INSERT INTO referrals (org, case_id, service, status, follow_up_on, made_by, made_at, \
             changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
        )
        .bind(org)
        .bind(case)
        .bind(referral.service)
        .bind(referral.status.slug())
        .bind(referral.follow_up_on.map(day_text).transpose()?)
        .bind(access.by)
        .bind(access.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| missing(e, "service"))?;
        audit(&mut tx, case, access, &changed("referral")).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn change_referral(
        &self,
        org: OrgId,
        referral: ReferralId,
        change: ReferralChange,
        access: CaseAccess,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT case_id, status FROM referrals WHERE org = ?1 AND id = ?2")
            .bind(org)
            .bind(referral)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound("referral"))?;
        let case: CaseId = get(&row, "case_id")?;
        let status: String = get(&row, "status")?;
        if status != change.from.slug() {
            return Err(StoreError::Conflict(format!(
                "referral_status: the referral is now {status}; look at it again before changing it"
            )));
        }
        sqlx::query(
            "UPDATE referrals SET status = ?1, response = coalesce(?2, response), \
             outcome = coalesce(?3, outcome), follow_up_on = ?4, changed_at = ?5 WHERE id = ?6",
        )
        .bind(change.to.slug())
        .bind(change.response)
        .bind(change.outcome)
        .bind(change.follow_up_on.map(day_text).transpose()?)
        .bind(access.at)
        .bind(referral)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        audit(&mut tx, case, access, &changed("referral")).await?;
        tx.commit().await.map_err(backend)
    }

    async fn referrals_due(&self, org: OrgId, on: Date) -> StoreResult<Vec<DueReferral>> {
        let rows = sqlx::query(&format!(
            "{} WHERE r.org = ?1 AND r.status NOT IN ('declined', 'completed') \
             AND r.follow_up_on <= ?2 ORDER BY r.follow_up_on, r.id",
            SELECT_REFERRALS.replace(
                "FROM referrals r",
                ", (SELECT person FROM cases c WHERE c.id = r.case_id) AS person FROM referrals r"
            )
        ))
        .bind(org)
        .bind(day_text(on)?)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(DueReferral {
                    person: get(row, "person")?,
                    referral: referral_from(row)?,
                })
            })
            .collect()
    }

    async fn case_audit(&self, org: OrgId, case: CaseId) -> StoreResult<Vec<AuditEntry>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        own_case(&mut conn, org, case).await?;
        sqlx::query(
            "SELECT case_id, member, action, at FROM case_audit WHERE case_id = ?1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            Ok(AuditEntry {
                case: get(row, "case_id")?,
                member: get(row, "member")?,
                action: get(row, "action")?,
                at: get(row, "at")?,
            })
        })
        .collect()
    }

    async fn statistics_source(&self, org: OrgId) -> StoreResult<StatisticsSource> {
        // One read transaction, so the consents and the acts are of the same moment.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let consents = sqlx::query(
            "SELECT k.id, k.case_id, k.purpose, k.recipient, k.given_on, k.recorded_by, k.method, \
             k.withdrawn_on, k.notes FROM case_consents k JOIN cases c ON c.id = k.case_id \
             WHERE c.org = ?1 AND k.purpose = 'anonymous_statistics' ORDER BY k.case_id, k.id",
        )
        .bind(org)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((get(row, "case_id")?, consent_from(row)?.consent)))
        .collect::<StoreResult<Vec<(CaseId, Consent)>>>()?;
        let acts = sqlx::query(
            "SELECT a.id, a.case_id, e.period, ar.name AS area_name, a.act_type, a.measure, a.p4, \
             (SELECT group_concat(DISTINCT i.perpetrator) FROM case_involvements i \
                WHERE i.act = a.id) AS perpetrators \
             FROM case_acts a JOIN case_events e ON e.id = a.event \
             LEFT JOIN areas ar ON ar.id = e.area \
             WHERE e.org = ?1 AND a.case_id IN (SELECT k.case_id FROM case_consents k \
                JOIN cases c ON c.id = k.case_id \
                WHERE c.org = ?1 AND k.purpose = 'anonymous_statistics') \
             ORDER BY a.id",
        )
        .bind(org)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let mut facts = Vec::with_capacity(acts.len());
        for row in &acts {
            let act_type: String = get(row, "act_type")?;
            let perpetrators: Option<String> = get(row, "perpetrators")?;
            let mut perpetrators = perpetrators
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(stored_term)
                .collect::<StoreResult<Vec<_>>>()?;
            perpetrators.sort();
            facts.push(ActFact {
                case: get(row, "case_id")?,
                period: get(row, "period")?,
                area: get(row, "area_name")?,
                act_type: stored_term(&act_type)?,
                measure: measure_from(get(row, "measure")?, get(row, "p4")?)?,
                perpetrators,
            });
        }
        tx.commit().await.map_err(backend)?;
        Ok(StatisticsSource {
            consents,
            acts: facts,
        })
    }

    async fn consents(&self, org: OrgId, case: CaseId) -> StoreResult<Vec<ConsentRecord>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        own_case(&mut conn, org, case).await?;
        sqlx::query(
            "SELECT id, purpose, recipient, given_on, recorded_by, method, withdrawn_on, notes \
             FROM case_consents WHERE case_id = ?1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?
        .iter()
        .map(consent_from)
        .collect()
    }

    async fn referral(&self, org: OrgId, referral: ReferralId) -> StoreResult<Referral> {
        let row = sqlx::query(&format!(
            "{SELECT_REFERRALS} WHERE r.org = ?1 AND r.id = ?2"
        ))
        .bind(org)
        .bind(referral)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound("referral"))?;
        referral_from(&row)
    }

    async fn statistics_threshold(&self, org: OrgId) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT threshold FROM statistics_settings WHERE org = ?1")
            .bind(org)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    async fn set_statistics_threshold(&self, org: OrgId, threshold: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO statistics_settings (org, threshold) VALUES (?1, ?2) \
             ON CONFLICT (org) DO UPDATE SET threshold = excluded.threshold",
        )
        .bind(org)
        .bind(threshold)
        .execute(&self.pool)
        .await
        .map_err(|e| missing(e, "organisation"))?;
        Ok(())
    }
}
