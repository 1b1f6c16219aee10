//! Direct screening: the server tags the identifier itself. Less private than the blinded
//! protocol (the server sees the identifier in memory for a moment), so it is offered to the
//! offline CLI and to organisations that choose it. Nothing is logged but a daily counter.

use crate::error::AppResult;
use crate::Parasol;
use parasol_core::{FieldError, Identifier, IdentifierKind, Region, Verdict};
use parasol_store::{OrgId, Organisation};

/// The counter every direct screening adds one to.
pub const SCREENINGS_COUNTER: &str = "screenings_direct";

impl Parasol {
    /// Reads an identifier as a member typed it, with her organisation's region as the
    /// default for national phone numbers unless she gives another.
    pub async fn read_identifier(
        &self,
        org: OrgId,
        kind: IdentifierKind,
        value: &str,
        region: Option<&str>,
    ) -> AppResult<Identifier> {
        let organisation = self.store.organisation(org).await?;
        read_in(&organisation, kind, value, region)
    }

    /// The verdict for one identifier.
    pub async fn screen(&self, org: OrgId, identifier: &Identifier) -> AppResult<Verdict> {
        let organisation = self.organisation_for_screening(org).await?;
        self.screen_in(&organisation, identifier).await
    }

    async fn screen_in(
        &self,
        organisation: &Organisation,
        identifier: &Identifier,
    ) -> AppResult<Verdict> {
        let org = organisation.id;
        let keys = self.keys.of(organisation)?;
        let tag = keys.oprf.tag(&identifier.prefixed())?;
        let facts = self.store.screen(org, &tag, self.clock.now()).await?;
        self.counts.add(org, SCREENINGS_COUNTER, self.clock.today());
        Ok(Verdict::from_facts(&facts.alerts, facts.pending))
    }

    /// Reads and screens in one step, for forms and the CLI.
    pub async fn screen_typed(
        &self,
        org: OrgId,
        kind: IdentifierKind,
        value: &str,
        region: Option<&str>,
    ) -> AppResult<Verdict> {
        if value.trim().is_empty() {
            return Err(FieldError::new(
                kind.slug(),
                value,
                "something to screen, e.g. +44 7700 900123",
            )
            .into());
        }
        // One read of the organisation serves both the region and the keys.
        let organisation = self.organisation_for_screening(org).await?;
        let identifier = read_in(&organisation, kind, value, region)?;
        self.screen_in(&organisation, &identifier).await
    }
}

/// Reads an identifier with the member's region, or the organisation's.
fn read_in(
    organisation: &Organisation,
    kind: IdentifierKind,
    value: &str,
    region: Option<&str>,
) -> AppResult<Identifier> {
    let region = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(Region::parse(r)?),
        None => Region::parse(&organisation.region).ok(),
    };
    Ok(Identifier::parse(kind, value, region.as_ref())?)
}
