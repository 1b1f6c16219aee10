//! Reading SQLite rows back into the store's models. A value this code cannot read is a
//! `Backend` error, never a panic.

use crate::columns::{day_from, identifier_kind_from, kinds_from, role_from, status_from};
use crate::error::{backend, corrupt};
use parasol_core::{ReportConsent, Tag};
use parasol_store::{
    Alert, Area, Member, Organisation, Report, StoreResult, Subscription, TaggedIdentifier,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite};

/// The columns [`member`] reads, from `members m`.
macro_rules! member_columns {
    () => {
        "m.id AS member_id, m.org AS member_org, m.handle AS member_handle, \
         m.role AS member_role, m.passphrase_hash AS member_passphrase_hash, \
         m.created_at AS member_created_at"
    };
}

/// The columns [`alert`] reads, from `alerts a` joined to its area `aa` and report `r`.
macro_rules! alert_columns {
    () => {
        "a.id AS alert_id, a.report AS alert_report, a.org AS alert_org, \
         a.area AS alert_area, aa.name AS alert_area_name, a.kinds AS alert_kinds, \
         r.occurred_on AS alert_occurred_on, a.text AS alert_text, \
         a.published_at AS alert_published_at, a.expires_at AS alert_expires_at, \
         a.retracted_at AS alert_retracted_at"
    };
}

/// The columns [`report`] reads, from `reports r` joined to its area `ra`, and (left
/// joined) its alert `a` with the alert's area `aa`.
macro_rules! report_columns {
    () => {
        concat!(
            "r.id, r.org, r.reporter, r.area, ra.name AS area_name, r.kinds, r.occurred_on, \
             r.narrative, r.description, r.consent_publish_alert, r.consent_police_anonymous, \
             r.consent_police_with_contact, r.consent_support_contact, r.status, \
             r.submitted_at, r.decided_by, r.decided_at, r.retracted_by, r.retracted_at, ",
            alert_columns!()
        )
    };
}

pub(crate) use {alert_columns, member_columns, report_columns};

/// One column, decoded.
pub(crate) fn get<'r, T>(row: &'r SqliteRow, column: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    row.try_get(column).map_err(backend)
}

/// An organisation, from `SELECT * FROM organisations`.
pub(crate) fn organisation(row: &SqliteRow) -> StoreResult<Organisation> {
    Ok(Organisation {
        id: get(row, "id")?,
        name: get(row, "name")?,
        region: get(row, "region")?,
        wrapped_data_key: get(row, "wrapped_data_key")?,
        wrapped_oprf_key: get(row, "wrapped_oprf_key")?,
        alert_days: get(row, "alert_days")?,
        red_alert_days: get(row, "red_alert_days")?,
        created_at: get(row, "created_at")?,
    })
}

/// An area, from `SELECT id, org, name FROM areas`.
pub(crate) fn area(row: &SqliteRow) -> StoreResult<Area> {
    Ok(Area {
        id: get(row, "id")?,
        org: get(row, "org")?,
        name: get(row, "name")?,
    })
}

/// A member, from [`member_columns`].
pub(crate) fn member(row: &SqliteRow) -> StoreResult<Member> {
    Ok(Member {
        id: get(row, "member_id")?,
        org: get(row, "member_org")?,
        handle: get(row, "member_handle")?,
        role: role_from(get(row, "member_role")?)?,
        passphrase_hash: get(row, "member_passphrase_hash")?,
        created_at: get(row, "member_created_at")?,
    })
}

/// An alert, from [`alert_columns`]; `None` when a left join found none.
pub(crate) fn alert(row: &SqliteRow) -> StoreResult<Option<Alert>> {
    let Some(id) = get::<Option<i64>>(row, "alert_id")? else {
        return Ok(None);
    };
    let org = get(row, "alert_org")?;
    Ok(Some(Alert {
        id,
        report: get(row, "alert_report")?,
        org,
        area: Area {
            id: get(row, "alert_area")?,
            org,
            name: get(row, "alert_area_name")?,
        },
        kinds: kinds_from(get(row, "alert_kinds")?)?,
        occurred_on: day_from(get(row, "alert_occurred_on")?)?,
        text: get(row, "alert_text")?,
        published_at: get(row, "alert_published_at")?,
        expires_at: get(row, "alert_expires_at")?,
        retracted_at: get(row, "alert_retracted_at")?,
    }))
}

/// A report, from [`report_columns`], with its identifiers read separately.
pub(crate) fn report(row: &SqliteRow, identifiers: Vec<TaggedIdentifier>) -> StoreResult<Report> {
    let org = get(row, "org")?;
    // A withdrawal is the latest decision; the verification decision stays in its columns.
    let decided = match decision(row, "retracted_by", "retracted_at")? {
        Some(retraction) => Some(retraction),
        None => decision(row, "decided_by", "decided_at")?,
    };
    Ok(Report {
        id: get(row, "id")?,
        org,
        reporter: get(row, "reporter")?,
        area: Area {
            id: get(row, "area")?,
            org,
            name: get(row, "area_name")?,
        },
        kinds: kinds_from(get(row, "kinds")?)?,
        occurred_on: day_from(get(row, "occurred_on")?)?,
        identifiers,
        narrative: get(row, "narrative")?,
        description: get(row, "description")?,
        consent: ReportConsent {
            publish_alert: get(row, "consent_publish_alert")?,
            police_anonymous: get(row, "consent_police_anonymous")?,
            police_with_contact: get(row, "consent_police_with_contact")?,
            support_contact: get(row, "consent_support_contact")?,
        },
        status: status_from(get(row, "status")?)?,
        submitted_at: get(row, "submitted_at")?,
        decided,
        alert: alert(row)?,
    })
}

fn decision(row: &SqliteRow, by: &str, at: &str) -> StoreResult<Option<(i64, i64)>> {
    match (get::<Option<i64>>(row, by)?, get::<Option<i64>>(row, at)?) {
        (Some(by), Some(at)) => Ok(Some((by, at))),
        (None, None) => Ok(None),
        _ => Err(corrupt("decision")),
    }
}

/// One identifier of a report, from `SELECT report, kind, tag FROM report_identifiers`.
pub(crate) fn identifier(row: &SqliteRow) -> StoreResult<(i64, TaggedIdentifier)> {
    let tag: &[u8] = get(row, "tag")?;
    Ok((
        get(row, "report")?,
        TaggedIdentifier {
            kind: identifier_kind_from(get(row, "kind")?)?,
            tag: Tag::from_slice(tag).ok_or_else(|| corrupt("tag"))?,
        },
    ))
}

/// A subscription, from subscriptions `s` joined to its area `ar`.
pub(crate) fn subscription(row: &SqliteRow) -> StoreResult<Subscription> {
    Ok(Subscription {
        member: get(row, "member")?,
        area: Area {
            id: get(row, "area")?,
            org: get(row, "area_org")?,
            name: get(row, "area_name")?,
        },
        email: get(row, "email")?,
    })
}
