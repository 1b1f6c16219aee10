//! Every sealed (encrypted) column of the schema, with the purpose its associated data
//! names, so that rotating an organisation's data key re-encrypts every one of them.
//! A new sealed column must be listed here, or rotation would leave it unreadable; the
//! key-rotation tests check that every field still opens afterwards.

use crate::error::backend;
use parasol_store::{OrgId, Reseal, StoreError, StoreResult};
use sqlx::{Row, SqliteConnection};

/// One sealed column: `select` gives (k1, k2, sealed) for an organisation (?1);
/// `update` stores ?3 for the row (k1, k2) = (?1, ?2).
pub(crate) struct SealedColumn {
    pub(crate) purpose: &'static str,
    pub(crate) select: &'static str,
    pub(crate) update: &'static str,
}

/// The sealed columns of the safety loop and of casework.
pub(crate) const SEALED: &[SealedColumn] = &[
    SealedColumn {
        purpose: "report narrative",
        select: "SELECT id AS k1, id AS k2, narrative AS sealed FROM reports WHERE org = ?1",
        update: "UPDATE reports SET narrative = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "report description",
        select: "SELECT id AS k1, id AS k2, description AS sealed FROM reports WHERE org = ?1",
        update: "UPDATE reports SET description = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "alert text",
        select: "SELECT id AS k1, id AS k2, text AS sealed FROM alerts WHERE org = ?1",
        update: "UPDATE alerts SET text = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "member email",
        select: "SELECT s.member AS k1, s.area AS k2, s.email AS sealed FROM subscriptions s \
                 JOIN members m ON m.id = s.member WHERE m.org = ?1",
        update: "UPDATE subscriptions SET email = ?3 WHERE member = ?1 AND area = ?2",
    },
    SealedColumn {
        purpose: "case person",
        select: "SELECT id AS k1, id AS k2, person AS sealed FROM cases WHERE org = ?1",
        update: "UPDATE cases SET person = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "case event",
        select: "SELECT id AS k1, id AS k2, what AS sealed FROM case_events WHERE org = ?1",
        update: "UPDATE case_events SET what = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "case act consequences",
        select: "SELECT a.id AS k1, a.id AS k2, a.consequences AS sealed FROM case_acts a \
                 JOIN cases c ON c.id = a.case_id WHERE c.org = ?1",
        update: "UPDATE case_acts SET consequences = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "case consent notes",
        select: "SELECT n.id AS k1, n.id AS k2, n.notes AS sealed FROM case_consents n \
                 JOIN cases c ON c.id = n.case_id WHERE c.org = ?1",
        update: "UPDATE case_consents SET notes = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "service contact",
        select: "SELECT id AS k1, id AS k2, contact AS sealed FROM services WHERE org = ?1",
        update: "UPDATE services SET contact = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "referral response",
        select: "SELECT id AS k1, id AS k2, response AS sealed FROM referrals \
                 WHERE org = ?1 AND response IS NOT NULL",
        update: "UPDATE referrals SET response = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "referral outcome",
        select: "SELECT id AS k1, id AS k2, outcome AS sealed FROM referrals \
                 WHERE org = ?1 AND outcome IS NOT NULL",
        update: "UPDATE referrals SET outcome = ?3 WHERE id = ?1 AND id = ?2",
    },
    SealedColumn {
        purpose: "case assessment",
        select:
            "SELECT s.case_id AS k1, s.case_id AS k2, s.sealed AS sealed FROM case_assessments s \
                 JOIN cases c ON c.id = s.case_id WHERE c.org = ?1",
        update: "UPDATE case_assessments SET sealed = ?3 WHERE case_id = ?1 AND case_id = ?2",
    },
];

/// Re-encrypts every column of `columns` for `org` inside the caller's transaction.
pub(crate) async fn reseal_columns(
    tx: &mut SqliteConnection,
    org: OrgId,
    columns: &[SealedColumn],
    reseal: &Reseal,
) -> StoreResult<u64> {
    let mut count = 0;
    for column in columns {
        let rows = sqlx::query(column.select)
            .bind(org)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        for row in rows {
            let k1: i64 = row.try_get("k1").map_err(backend)?;
            let k2: i64 = row.try_get("k2").map_err(backend)?;
            let sealed: Vec<u8> = row.try_get("sealed").map_err(backend)?;
            let resealed = reseal(column.purpose, &sealed).map_err(|e| {
                StoreError::Conflict(format!(
                    "a {} could not be re-encrypted: {e}",
                    column.purpose
                ))
            })?;
            sqlx::query(column.update)
                .bind(k1)
                .bind(k2)
                .bind(resealed)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            count += 1;
        }
    }
    Ok(count)
}
