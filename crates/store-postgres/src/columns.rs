//! How domain values are written to and read from PostgreSQL text columns (slugs).

use crate::error::corrupt;
use parasol_core::{IdentifierKind, IncidentKind, Role};
use parasol_store::{ReportStatus, StoreResult};

/// Incident kinds as one column: comma-separated slugs.
pub(crate) fn kinds_text(kinds: &[IncidentKind]) -> String {
    kinds.iter().map(|k| k.slug()).collect::<Vec<_>>().join(",")
}

/// Reads a kinds column back.
pub(crate) fn kinds_from(text: &str) -> StoreResult<Vec<IncidentKind>> {
    text.split(',')
        .filter(|slug| !slug.is_empty())
        .map(|slug| IncidentKind::parse(slug).map_err(|_| corrupt("incident kind")))
        .collect()
}

/// Reads a role slug back.
pub(crate) fn role_from(text: &str) -> StoreResult<Role> {
    Role::parse(text).map_err(|_| corrupt("role"))
}

/// Reads a report status slug back.
pub(crate) fn status_from(text: &str) -> StoreResult<ReportStatus> {
    ReportStatus::parse(text).ok_or_else(|| corrupt("report status"))
}

/// Reads an identifier kind slug back.
pub(crate) fn identifier_kind_from(text: &str) -> StoreResult<IdentifierKind> {
    IdentifierKind::parse(text).map_err(|_| corrupt("identifier kind"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_as_written() {
        let kinds = vec![IncidentKind::Theft, IncidentKind::NoShow];
        assert_eq!(kinds_from(&kinds_text(&kinds)).unwrap(), kinds);
        assert_eq!(kinds_from("").unwrap(), vec![]);
        assert!(kinds_from("theft,sex_work").is_err());
    }
}
