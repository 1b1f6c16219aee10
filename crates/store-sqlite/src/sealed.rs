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

/// The sealed columns of the safety loop.
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
