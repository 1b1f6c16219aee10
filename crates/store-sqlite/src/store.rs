//! The `Store` contract in SQLite's SQL: every multi-row change in one `BEGIN IMMEDIATE`.

use crate::columns::{day_from, day_text, kinds_from, kinds_text};
use crate::error::{backend, missing, taken, taken_or_missing};
use crate::rows::{self, alert_columns, get, member_columns, report_columns};
use crate::SqliteStore;
use async_trait::async_trait;
use parasol_core::{AlertFact, Role, Tag};
use parasol_store::{
    Alert, AlertId, Area, AreaId, ImportedReport, MailId, Member, MemberId, NewInvite, NewMember,
    NewOrganisation, NewReport, OrgId, Organisation, Publication, QueuedMail, Report, ReportId,
    ReportStatus, Reseal, ScreenFacts, Store, StoreError, StoreResult, Subscription, TagScope,
    TaggedIdentifier, Timestamp,
};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Sqlite, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

/// Reports with their areas and alerts; a `WHERE` and `ORDER BY` follow.
macro_rules! select_reports {
    () => {
        concat!(
            "SELECT ",
            report_columns!(),
            " FROM reports r JOIN areas ra ON ra.id = r.area \
             LEFT JOIN alerts a ON a.report = r.id \
             LEFT JOIN areas aa ON aa.id = a.area "
        )
    };
}

/// Identifiers of the reports a `WHERE` on `reports r` picks.
macro_rules! select_identifiers {
    () => {
        "SELECT ri.report, ri.kind, ri.tag FROM report_identifiers ri \
         JOIN reports r ON r.id = ri.report "
    };
}

/// Alerts with their areas and reports' days; a `WHERE` follows.
macro_rules! select_alerts {
    () => {
        concat!(
            "SELECT ",
            alert_columns!(),
            " FROM alerts a JOIN areas aa ON aa.id = a.area JOIN reports r ON r.id = a.report "
        )
    };
}

/// Members; a `WHERE` follows.
macro_rules! select_members {
    () => {
        concat!("SELECT ", member_columns!(), " FROM members m ")
    };
}

/// What is known about one tag: one lookup in `report_identifiers_by_tag`, then each
/// report (and its alert) by key. `tests::screening_is_one_index_lookup` holds it to that.
pub(crate) const SCREEN: &str =
    "SELECT r.status, r.reporter, r.occurred_on, a.kinds, aa.name AS area_name \
     FROM report_identifiers ri \
     JOIN reports r ON r.id = ri.report \
     LEFT JOIN alerts a ON a.report = r.id \
     LEFT JOIN areas aa ON aa.id = a.area \
     WHERE ri.org = ?1 AND ri.tag = ?2 \
     AND ((r.status = 'pending' AND r.consent_publish_alert) OR (r.status = 'published' \
          AND a.retracted_at IS NULL AND a.expires_at > ?3)) \
     ORDER BY ri.report";

/// The live facts of many tags, with their tags; a condition on `ri` may follow.
macro_rules! tag_facts {
    () => {
        "SELECT ri.tag, r.status, r.reporter, r.occurred_on, a.kinds, aa.name AS area_name \
         FROM report_identifiers ri \
         JOIN reports r ON r.id = ri.report \
         LEFT JOIN alerts a ON a.report = r.id \
         LEFT JOIN areas aa ON aa.id = a.area \
         WHERE ri.org = ?1 \
         AND ((r.status = 'pending' AND r.consent_publish_alert) OR (r.status = 'published' \
              AND a.retracted_at IS NULL AND a.expires_at > ?2)) "
    };
}

/// Tags whose facts may have changed after `?3`, up to `?2` (now).
macro_rules! changed_tags {
    () => {
        "SELECT ri.tag FROM reports r \
         JOIN report_identifiers ri ON ri.report = r.id \
         WHERE r.org = ?1 AND r.changed_at > ?3 \
         UNION SELECT ri.tag FROM alerts a \
         JOIN report_identifiers ri ON ri.report = a.report \
         WHERE a.org = ?1 AND a.expires_at > ?3 AND a.expires_at <= ?2"
    };
}

type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>;

/// Which reports to load: the same condition picks their rows and their identifiers.
enum Reports {
    One(OrgId, ReportId),
    WithStatus(OrgId, ReportStatus),
    By(MemberId),
}

impl Reports {
    fn sql(&self) -> (&'static str, &'static str) {
        match self {
            Reports::One(..) => (
                concat!(select_reports!(), "WHERE r.org = ?1 AND r.id = ?2"),
                concat!(
                    select_identifiers!(),
                    "WHERE r.org = ?1 AND r.id = ?2 ORDER BY ri.report, ri.position"
                ),
            ),
            Reports::WithStatus(..) => (
                concat!(
                    select_reports!(),
                    "WHERE r.org = ?1 AND r.status = ?2 ORDER BY r.submitted_at, r.id"
                ),
                concat!(
                    select_identifiers!(),
                    "WHERE r.org = ?1 AND r.status = ?2 ORDER BY ri.report, ri.position"
                ),
            ),
            Reports::By(..) => (
                concat!(
                    select_reports!(),
                    "WHERE r.reporter = ?1 ORDER BY r.submitted_at DESC, r.id DESC"
                ),
                concat!(
                    select_identifiers!(),
                    "WHERE r.reporter = ?1 ORDER BY ri.report, ri.position"
                ),
            ),
        }
    }

    fn bind<'q>(&self, query: Query<'q>) -> Query<'q> {
        match *self {
            Reports::One(org, id) => query.bind(org).bind(id),
            Reports::WithStatus(org, status) => query.bind(org).bind(status.slug()),
            Reports::By(member) => query.bind(member),
        }
    }
}

impl SqliteStore {
    /// Loads reports with their identifiers and alerts, in one read transaction so both
    /// queries see the same reports.
    async fn load_reports(&self, which: Reports) -> StoreResult<Vec<Report>> {
        let (reports_sql, identifiers_sql) = which.sql();
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let rows = which
            .bind(sqlx::query(reports_sql))
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let mut identifiers: HashMap<ReportId, Vec<TaggedIdentifier>> = HashMap::new();
        for row in which
            .bind(sqlx::query(identifiers_sql))
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?
        {
            let (report, identifier) = rows::identifier(&row)?;
            identifiers.entry(report).or_default().push(identifier);
        }
        tx.commit().await.map_err(backend)?;
        rows.iter()
            .map(|row| {
                let id: ReportId = get(row, "id")?;
                rows::report(row, identifiers.remove(&id).unwrap_or_default())
            })
            .collect()
    }
}

async fn alert_in(conn: &mut SqliteConnection, id: AlertId) -> StoreResult<Alert> {
    let row = sqlx::query(concat!(select_alerts!(), "WHERE a.id = ?1"))
        .bind(id)
        .fetch_one(conn)
        .await
        .map_err(backend)?;
    rows::alert(&row)?.ok_or(StoreError::NotFound("alert"))
}

/// Why a report could not change status: it is not there, or not in a state that allows it.
async fn not_changeable(
    conn: &mut SqliteConnection,
    org: OrgId,
    report: ReportId,
) -> StoreResult<StoreError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM reports WHERE org = ?1 AND id = ?2")
            .bind(org)
            .bind(report)
            .fetch_optional(conn)
            .await
            .map_err(backend)?;
    Ok(match status {
        None => StoreError::NotFound("report"),
        Some(status) => StoreError::Conflict(format!("this report is already {status}")),
    })
}

fn one_or(rows: u64, what: &'static str) -> StoreResult<()> {
    if rows == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}

fn required<T>(
    row: Option<SqliteRow>,
    what: &'static str,
    read: fn(&SqliteRow) -> StoreResult<T>,
) -> StoreResult<T> {
    read(&row.ok_or(StoreError::NotFound(what))?)
}

#[async_trait]
impl Store for SqliteStore {
    // --- organisations and areas ---------------------------------------------------------

    async fn create_organisation(&self, org: NewOrganisation) -> StoreResult<Organisation> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations \
             (name, region, wrapped_data_key, wrapped_oprf_key, alert_days, red_alert_days, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )
        .bind(&org.name)
        .bind(&org.region)
        .bind(&org.wrapped_data_key)
        .bind(&org.wrapped_oprf_key)
        .bind(org.alert_days)
        .bind(org.red_alert_days)
        .bind(org.created_at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(Organisation {
            id,
            name: org.name,
            region: org.region,
            wrapped_data_key: org.wrapped_data_key,
            wrapped_oprf_key: org.wrapped_oprf_key,
            alert_days: org.alert_days,
            red_alert_days: org.red_alert_days,
            created_at: org.created_at,
        })
    }

    async fn organisation(&self, org: OrgId) -> StoreResult<Organisation> {
        let row = sqlx::query("SELECT * FROM organisations WHERE id = ?1")
            .bind(org)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        required(row, "organisation", rows::organisation)
    }

    async fn organisations(&self) -> StoreResult<Vec<Organisation>> {
        sqlx::query("SELECT * FROM organisations ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(rows::organisation)
            .collect()
    }

    async fn set_alert_expiry(
        &self,
        org: OrgId,
        alert_days: i64,
        red_alert_days: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE organisations SET alert_days = ?2, red_alert_days = ?3 WHERE id = ?1",
        )
        .bind(org)
        .bind(alert_days)
        .bind(red_alert_days)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        one_or(done.rows_affected(), "organisation")
    }

    async fn add_area(&self, org: OrgId, name: &str) -> StoreResult<Area> {
        let id: AreaId =
            sqlx::query_scalar("INSERT INTO areas (org, name) VALUES (?1, ?2) RETURNING id")
                .bind(org)
                .bind(name)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| {
                    taken_or_missing(e, "there is already an area with that name", "organisation")
                })?;
        Ok(Area {
            id,
            org,
            name: name.to_owned(),
        })
    }

    async fn areas(&self, org: OrgId) -> StoreResult<Vec<Area>> {
        sqlx::query("SELECT id, org, name FROM areas WHERE org = ?1 ORDER BY name")
            .bind(org)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(rows::area)
            .collect()
    }

    // --- members, invites, sessions ------------------------------------------------------

    async fn create_invite(&self, invite: NewInvite) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invites (code_hash, org, role, created_by, expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&invite.code_hash)
        .bind(invite.org)
        .bind(invite.role.slug())
        .bind(invite.created_by)
        .bind(invite.expires_at)
        .execute(&self.pool)
        .await
        .map_err(|e| taken_or_missing(e, "that invite code is already used", "organisation"))?;
        Ok(())
    }

    async fn redeem_invite(
        &self,
        code_hash: &[u8],
        member: NewMember,
        now: Timestamp,
    ) -> StoreResult<Member> {
        let mut tx = self.write().await?;
        // Claiming the invite first means two people cannot both redeem it.
        let invite = sqlx::query(
            "UPDATE invites SET used_at = ?2 \
             WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2 \
             RETURNING org, role",
        )
        .bind(code_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound("invite"))?;
        let org: OrgId = get(&invite, "org")?;
        let role: String = get(&invite, "role")?;
        // A taken handle fails here and the rollback (on drop) leaves the invite unused.
        let id: MemberId = sqlx::query_scalar(
            "INSERT INTO members (org, handle, role, passphrase_hash, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        )
        .bind(org)
        .bind(&member.handle)
        .bind(&role)
        .bind(&member.passphrase_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| taken(e, "that handle is taken"))?;
        sqlx::query("UPDATE invites SET used_by = ?2 WHERE code_hash = ?1")
            .bind(code_hash)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(Member {
            id,
            org,
            handle: member.handle,
            role: crate::columns::role_from(&role)?,
            passphrase_hash: member.passphrase_hash,
            created_at: now,
        })
    }

    async fn member_by_handle(&self, org: OrgId, handle: &str) -> StoreResult<Member> {
        let row = sqlx::query(concat!(
            select_members!(),
            "WHERE m.org = ?1 AND m.handle = ?2"
        ))
        .bind(org)
        .bind(handle)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        required(row, "member", rows::member)
    }

    async fn member(&self, member: MemberId) -> StoreResult<Member> {
        let row = sqlx::query(concat!(select_members!(), "WHERE m.id = ?1"))
            .bind(member)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        required(row, "member", rows::member)
    }

    async fn members(&self, org: OrgId) -> StoreResult<Vec<Member>> {
        sqlx::query(concat!(
            select_members!(),
            "WHERE m.org = ?1 ORDER BY m.handle"
        ))
        .bind(org)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(rows::member)
        .collect()
    }

    async fn set_role(&self, member: MemberId, role: Role) -> StoreResult<()> {
        let done = sqlx::query("UPDATE members SET role = ?2 WHERE id = ?1")
            .bind(member)
            .bind(role.slug())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        one_or(done.rows_affected(), "member")
    }

    async fn set_passphrase(&self, member: MemberId, passphrase_hash: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE members SET passphrase_hash = ?2 WHERE id = ?1")
            .bind(member)
            .bind(passphrase_hash)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        one_or(done.rows_affected(), "member")?;
        sqlx::query("DELETE FROM sessions WHERE member = ?1")
            .bind(member)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn create_session(
        &self,
        token_hash: &[u8],
        member: MemberId,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, member, expires_at) VALUES (?1, ?2, ?3)")
            .bind(token_hash)
            .bind(member)
            .bind(expires_at)
            .execute(&self.pool)
            .await
            .map_err(|e| missing(e, "member"))?;
        Ok(())
    }

    async fn session_member(&self, token_hash: &[u8], now: Timestamp) -> StoreResult<Member> {
        let row = sqlx::query(concat!(
            select_members!(),
            "JOIN sessions s ON s.member = m.id WHERE s.token_hash = ?1 AND s.expires_at > ?2"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        required(row, "session", rows::member)
    }

    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn end_all_sessions(&self, member: MemberId) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE member = ?1")
            .bind(member)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    // --- reports and alerts --------------------------------------------------------------

    async fn submit_report(&self, report: NewReport) -> StoreResult<ReportId> {
        let mut tx = self.write().await?;
        let id = insert_report(&mut tx, &report, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn import_published(&self, reports: Vec<ImportedReport>) -> StoreResult<Vec<ReportId>> {
        let mut tx = self.write().await?;
        let mut ids = Vec::with_capacity(reports.len());
        for imported in &reports {
            let report = &imported.report;
            let id = insert_report(&mut tx, report, Some(imported.published_by)).await?;
            sqlx::query(
                "INSERT INTO alerts (report, org, area, kinds, text, published_at, expires_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .bind(id)
            .bind(report.org)
            .bind(report.area)
            .bind(kinds_text(&report.kinds))
            .bind(&imported.alert_text)
            .bind(report.submitted_at)
            .bind(imported.expires_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| missing(e, "area"))?;
            ids.push(id);
        }
        tx.commit().await.map_err(backend)?;
        Ok(ids)
    }

    async fn report(&self, org: OrgId, report: ReportId) -> StoreResult<Report> {
        self.load_reports(Reports::One(org, report))
            .await?
            .pop()
            .ok_or(StoreError::NotFound("report"))
    }

    async fn reports_with_status(
        &self,
        org: OrgId,
        status: ReportStatus,
    ) -> StoreResult<Vec<Report>> {
        self.load_reports(Reports::WithStatus(org, status)).await
    }

    async fn reports_by(&self, member: MemberId) -> StoreResult<Vec<Report>> {
        self.load_reports(Reports::By(member)).await
    }

    async fn publish(&self, publication: Publication) -> StoreResult<Alert> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = 'published', decided_by = ?3, decided_at = ?4, changed_at = ?4 \
             WHERE org = ?1 AND id = ?2 AND status = 'pending'",
        )
        .bind(publication.org)
        .bind(publication.report)
        .bind(publication.by)
        .bind(publication.at)
        .execute(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        if done.rows_affected() == 0 {
            return Err(not_changeable(&mut tx, publication.org, publication.report).await?);
        }
        let alert: AlertId = sqlx::query_scalar(
            "INSERT INTO alerts (report, org, area, kinds, text, published_at, expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )
        .bind(publication.report)
        .bind(publication.org)
        .bind(publication.area)
        .bind(kinds_text(&publication.kinds))
        .bind(&publication.text)
        .bind(publication.at)
        .bind(publication.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| missing(e, "area"))?;
        sqlx::query(
            "INSERT INTO mail_queue (alert, member, area, next_attempt_at) \
             SELECT ?1, s.member, s.area, ?3 FROM subscriptions s WHERE s.area = ?2",
        )
        .bind(alert)
        .bind(publication.area)
        .bind(publication.at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let alert = alert_in(&mut tx, alert).await?;
        tx.commit().await.map_err(backend)?;
        Ok(alert)
    }

    async fn reject(
        &self,
        org: OrgId,
        report: ReportId,
        by: MemberId,
        at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = 'rejected', decided_by = ?3, decided_at = ?4, changed_at = ?4 \
             WHERE org = ?1 AND id = ?2 AND status = 'pending'",
        )
        .bind(org)
        .bind(report)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        if done.rows_affected() == 0 {
            return Err(not_changeable(&mut tx, org, report).await?);
        }
        tx.commit().await.map_err(backend)
    }

    async fn retract(
        &self,
        org: OrgId,
        report: ReportId,
        by: MemberId,
        at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = 'retracted', retracted_by = ?3, retracted_at = ?4, \
             changed_at = ?4 \
             WHERE org = ?1 AND id = ?2 AND status <> 'retracted'",
        )
        .bind(org)
        .bind(report)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(|e| missing(e, "member"))?;
        if done.rows_affected() == 0 {
            return Err(not_changeable(&mut tx, org, report).await?);
        }
        sqlx::query(
            "UPDATE alerts SET retracted_at = ?2 WHERE report = ?1 AND retracted_at IS NULL",
        )
        .bind(report)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        // Mail not yet sent about it never goes out.
        sqlx::query(
            "DELETE FROM mail_queue WHERE sent_at IS NULL \
             AND alert IN (SELECT id FROM alerts WHERE report = ?1)",
        )
        .bind(report)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn alerts(
        &self,
        org: OrgId,
        area: Option<AreaId>,
        now: Timestamp,
    ) -> StoreResult<Vec<Alert>> {
        let rows = sqlx::query(concat!(
            select_alerts!(),
            "WHERE a.org = ?1 AND (?2 IS NULL OR a.area = ?2) \
             AND a.retracted_at IS NULL AND a.expires_at > ?3 \
             ORDER BY a.published_at DESC, a.id DESC"
        ))
        .bind(org)
        .bind(area)
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut alerts = Vec::with_capacity(rows.len());
        for row in &rows {
            alerts.extend(rows::alert(row)?);
        }
        Ok(alerts)
    }

    // --- screening -----------------------------------------------------------------------

    async fn screen(&self, org: OrgId, tag: &Tag, now: Timestamp) -> StoreResult<ScreenFacts> {
        let rows = sqlx::query(SCREEN)
            .bind(org)
            .bind(tag.as_bytes().as_slice())
            .bind(now)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut facts = ScreenFacts::default();
        for row in &rows {
            add_fact(&mut facts, row)?;
        }
        Ok(facts)
    }

    async fn rotate_data_key(
        &self,
        org: OrgId,
        wrapped_data_key: Vec<u8>,
        reseal: &Reseal,
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let changed = sqlx::query("UPDATE organisations SET wrapped_data_key = ?2 WHERE id = ?1")
            .bind(org)
            .bind(wrapped_data_key)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::NotFound("organisation"));
        }
        let count =
            crate::sealed::reseal_columns(&mut tx, org, crate::sealed::SEALED, reseal).await?;
        tx.commit().await.map_err(backend)?;
        Ok(count)
    }

    async fn live_tag_count(&self, org: OrgId, now: Timestamp) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(concat!(
            "SELECT COUNT(DISTINCT live.tag) FROM (",
            tag_facts!(),
            ") live"
        ))
        .bind(org)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(count.max(0) as u64)
    }

    async fn tag_facts(
        &self,
        org: OrgId,
        scope: TagScope<'_>,
        now: Timestamp,
    ) -> StoreResult<Vec<(Tag, ScreenFacts)>> {
        let mut by_tag: BTreeMap<Tag, ScreenFacts> = BTreeMap::new();
        let rows = match scope {
            TagScope::All => {
                sqlx::query(concat!(tag_facts!(), "ORDER BY ri.tag"))
                    .bind(org)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await
            }
            TagScope::Prefix(prefix) => {
                let (low, high) = bucket_bounds(prefix)?;
                sqlx::query(concat!(
                    tag_facts!(),
                    "AND ri.tag >= ?3 AND ri.tag <= ?4 ORDER BY ri.tag"
                ))
                .bind(org)
                .bind(now)
                .bind(low.to_vec())
                .bind(high.to_vec())
                .fetch_all(&self.pool)
                .await
            }
            TagScope::ChangedSince(since) => {
                let changed = sqlx::query(changed_tags!())
                    .bind(org)
                    .bind(now)
                    .bind(since)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(backend)?;
                for row in &changed {
                    by_tag.insert(tag_of(row)?, ScreenFacts::default());
                }
                sqlx::query(concat!(
                    tag_facts!(),
                    "AND ri.tag IN (",
                    changed_tags!(),
                    ") ORDER BY ri.tag"
                ))
                .bind(org)
                .bind(now)
                .bind(since)
                .fetch_all(&self.pool)
                .await
            }
        }
        .map_err(backend)?;
        for row in &rows {
            add_fact(by_tag.entry(tag_of(row)?).or_default(), row)?;
        }
        Ok(by_tag.into_iter().collect())
    }

    async fn count(&self, org: OrgId, counter: &str, day: time::Date, by: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO counters (org, name, day, value) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (org, name, day) DO UPDATE SET value = value + excluded.value",
        )
        .bind(org)
        .bind(counter)
        .bind(day_text(day)?)
        .bind(by)
        .execute(&self.pool)
        .await
        .map_err(|e| missing(e, "organisation"))?;
        Ok(())
    }

    async fn counter(&self, org: OrgId, counter: &str) -> StoreResult<Vec<(time::Date, i64)>> {
        sqlx::query("SELECT day, value FROM counters WHERE org = ?1 AND name = ?2 ORDER BY day")
            .bind(org)
            .bind(counter)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| Ok((day_from(get(row, "day")?)?, get(row, "value")?)))
            .collect()
    }

    // --- alert mail ----------------------------------------------------------------------

    async fn subscribe(&self, member: MemberId, area: AreaId, email: Vec<u8>) -> StoreResult<()> {
        // Only an area of the member's own organisation can be subscribed to.
        let done = sqlx::query(
            "INSERT INTO subscriptions (member, area, email) \
             SELECT m.id, ar.id, ?3 FROM members m JOIN areas ar ON ar.org = m.org \
             WHERE m.id = ?1 AND ar.id = ?2 \
             ON CONFLICT (member, area) DO UPDATE SET email = excluded.email",
        )
        .bind(member)
        .bind(area)
        .bind(email)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        one_or(done.rows_affected(), "area")
    }

    async fn unsubscribe(&self, member: MemberId, area: AreaId) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM subscriptions WHERE member = ?1 AND area = ?2")
            .bind(member)
            .bind(area)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        // She asked for no more mail: what was queued for her is dropped with it.
        sqlx::query("DELETE FROM mail_queue WHERE member = ?1 AND area = ?2 AND sent_at IS NULL")
            .bind(member)
            .bind(area)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn subscriptions(&self, member: MemberId) -> StoreResult<Vec<Subscription>> {
        sqlx::query(
            "SELECT s.member, s.area, ar.org AS area_org, ar.name AS area_name, s.email \
             FROM subscriptions s JOIN areas ar ON ar.id = s.area \
             WHERE s.member = ?1 ORDER BY ar.name",
        )
        .bind(member)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(rows::subscription)
        .collect()
    }

    async fn due_mail(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<QueuedMail>> {
        let mut tx = self.write().await?;
        // Mail that can no longer go out (subscription ended, alert down) is dropped.
        sqlx::query(
            "DELETE FROM mail_queue WHERE sent_at IS NULL AND next_attempt_at <= ?1 AND ( \
               NOT EXISTS (SELECT 1 FROM subscriptions s \
                           WHERE s.member = mail_queue.member AND s.area = mail_queue.area) \
               OR EXISTS (SELECT 1 FROM alerts a WHERE a.id = mail_queue.alert \
                          AND (a.retracted_at IS NOT NULL OR a.expires_at <= ?1)))",
        )
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let rows = sqlx::query(concat!(
            "SELECT q.id AS mail_id, q.attempts AS mail_attempts, s.email AS mail_email, ",
            alert_columns!(),
            " FROM mail_queue q \
             JOIN subscriptions s ON s.member = q.member AND s.area = q.area \
             JOIN alerts a ON a.id = q.alert \
             JOIN areas aa ON aa.id = a.area \
             JOIN reports r ON r.id = a.report \
             WHERE q.sent_at IS NULL AND q.next_attempt_at <= ?1 \
             AND a.retracted_at IS NULL AND a.expires_at > ?1 \
             ORDER BY q.next_attempt_at, q.id LIMIT ?2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(QueuedMail {
                    id: get(row, "mail_id")?,
                    alert: rows::alert(row)?.ok_or(StoreError::NotFound("alert"))?,
                    email: get(row, "mail_email")?,
                    attempts: get(row, "mail_attempts")?,
                })
            })
            .collect()
    }

    async fn mail_sent(&self, mail: MailId, at: Timestamp) -> StoreResult<()> {
        // A mail dropped meanwhile (she unsubscribed) has nothing left to mark.
        sqlx::query("UPDATE mail_queue SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL")
            .bind(mail)
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn mail_failed(&self, mail: MailId, retry_at: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?2 \
             WHERE id = ?1 AND sent_at IS NULL",
        )
        .bind(mail)
        .bind(retry_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}

/// Writes a report and its tags inside `tx`: pending, or published by `published_by` at
/// the moment it was submitted.
async fn insert_report(
    tx: &mut SqliteConnection,
    report: &NewReport,
    published_by: Option<MemberId>,
) -> StoreResult<ReportId> {
    let id: ReportId = sqlx::query_scalar(
        "INSERT INTO reports (org, reporter, area, kinds, occurred_on, narrative, description, \
         consent_publish_alert, consent_police_anonymous, consent_police_with_contact, \
         consent_support_contact, status, submitted_at, decided_by, decided_at, changed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?13) RETURNING id",
    )
    .bind(report.org)
    .bind(report.reporter)
    .bind(report.area)
    .bind(kinds_text(&report.kinds))
    .bind(day_text(report.occurred_on)?)
    .bind(&report.narrative)
    .bind(&report.description)
    .bind(report.consent.publish_alert)
    .bind(report.consent.police_anonymous)
    .bind(report.consent.police_with_contact)
    .bind(report.consent.support_contact)
    .bind(match published_by {
        Some(_) => ReportStatus::Published.slug(),
        None => ReportStatus::Pending.slug(),
    })
    .bind(report.submitted_at)
    .bind(published_by)
    .bind(published_by.map(|_| report.submitted_at))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| missing(e, "area or reporter"))?;
    for (position, identifier) in report.identifiers.iter().enumerate() {
        // The same identifier written twice (two spellings of one number) is kept once.
        sqlx::query(
            "INSERT INTO report_identifiers (report, org, position, kind, tag) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (report, tag) DO NOTHING",
        )
        .bind(id)
        .bind(report.org)
        .bind(position as i64)
        .bind(identifier.kind.slug())
        .bind(identifier.tag.as_bytes().as_slice())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    Ok(id)
}

/// Adds one row of `SCREEN` or `tag_facts!` to what is known about its tag.
fn add_fact(facts: &mut ScreenFacts, row: &SqliteRow) -> StoreResult<()> {
    let status: &str = get(row, "status")?;
    if status == ReportStatus::Pending.slug() {
        facts.pending += 1;
        return Ok(());
    }
    let reporter: MemberId = get(row, "reporter")?;
    facts.alerts.push(AlertFact {
        kinds: kinds_from(get(row, "kinds")?)?,
        reporter: reporter.to_string(),
        occurred_on: day_from(get(row, "occurred_on")?)?,
        area: get(row, "area_name")?,
    });
    Ok(())
}

/// The `tag` column of a row.
fn tag_of(row: &SqliteRow) -> StoreResult<Tag> {
    let bytes: Vec<u8> = get(row, "tag")?;
    bytes
        .try_into()
        .map(Tag)
        .map_err(|_| StoreError::Backend("a stored tag is not 16 bytes".into()))
}

/// The lowest and highest tags that start with `prefix` (at most 16 bytes).
fn bucket_bounds(prefix: &[u8]) -> StoreResult<([u8; 16], [u8; 16])> {
    if prefix.len() > 16 {
        return Err(StoreError::Conflict(
            "a bucket prefix is at most 16 bytes".into(),
        ));
    }
    let (mut low, mut high) = ([0u8; 16], [0xFFu8; 16]);
    low[..prefix.len()].copy_from_slice(prefix);
    high[..prefix.len()].copy_from_slice(prefix);
    Ok((low, high))
}

#[cfg(test)]
mod tests {
    use super::SCREEN;
    use crate::SqliteStore;
    use sqlx::Row;

    #[tokio::test]
    async fn screening_is_one_index_lookup() {
        let store = SqliteStore::in_memory().await.unwrap();
        let plan: Vec<String> = sqlx::query(&format!("EXPLAIN QUERY PLAN {SCREEN}"))
            .bind(1_i64)
            .bind(&[0_u8; 16][..])
            .bind(0_i64)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("report_identifiers_by_tag (org=? AND tag=?)")),
            "screening must search the tag index: {plan:?}"
        );
        assert!(
            plan.iter().all(|step| !step.starts_with("SCAN")),
            "screening must never scan a table: {plan:?}"
        );
    }
}
