//! Evidence: anonymous statistics over documented acts, with small counts suppressed,
//! computed only from cases whose person consents, today, to anonymous statistics.
//!
//! The tables and their columns are described in `crates/casework/EXPORTS.md`. Each
//! table is one partition of the same consented acts, so no table's cells add up to
//! another's: measures and their P are one two-dimensional table rather than two tables
//! a reader could subtract from each other.

use crate::accounts::require;
use crate::error::{AppError, AppResult};
use crate::Parasol;
use parasol_casework::aggregate::{tabulate, AggregateError, Dimension, Record, Table, Threshold};
use parasol_casework::{ConsentLedger, ConsentPurpose};
use parasol_core::{FieldError, Role};
use parasol_store::{ActFact, CaseId, Member, StatisticsSource};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One published table.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceTable {
    /// Stable name, used in export URLs (`by_act_type`, ...).
    pub name: &'static str,
    /// What it counts, in words.
    pub title: &'static str,
    /// The counts, suppressed.
    pub table: Table,
}

/// The organisation's evidence: every standard table, computed the same moment.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// Counts from 1 to `threshold - 1` are never published.
    pub threshold: u64,
    /// The day consent was checked on (`YYYY-MM-DD`).
    pub consent_checked_on: String,
    /// The tables.
    pub tables: Vec<EvidenceTable>,
}

impl Evidence {
    /// One table by name.
    pub fn table(&self, name: &str) -> Option<&EvidenceTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// The standard tables: name, title, rows, columns, and whether each act counts once
/// per perpetrator category involved (rather than once).
const TABLES: &[(&str, &str, &str, Option<&str>, bool)] = &[
    (
        "by_period",
        "Harms over time (acts by month)",
        "period",
        None,
        false,
    ),
    ("by_area", "Acts by area", "area", None, false),
    (
        "by_act_type",
        "Acts by type of harm",
        "act_type",
        None,
        false,
    ),
    (
        "by_perpetrator",
        "Acts by perpetrator (an act counts once for each kind of perpetrator involved)",
        "perpetrator",
        None,
        true,
    ),
    (
        "by_measure",
        "Harms caused by anti-trafficking measures, by measure and P",
        "measure",
        Some("p4"),
        false,
    ),
];

/// The names of the standard tables, in order.
pub fn evidence_table_names() -> Vec<&'static str> {
    TABLES.iter().map(|t| t.0).collect()
}

fn record(fact: &ActFact) -> Record {
    let mut record = Record::new()
        .with(Dimension::period(), &fact.period)
        .with_term(Dimension::act_type(), fact.act_type);
    if let Some(area) = &fact.area {
        record = record.with(Dimension::area(), area);
    }
    if let Some(link) = fact.measure {
        record = record
            .with_term(Dimension::measure(), link.measure())
            .with_term(Dimension::p4(), link.p4());
    }
    record
}

fn internal(e: AggregateError) -> AppError {
    AppError::Internal(e.to_string())
}

/// The acts of cases whose consents permit anonymous statistics on `today`.
fn consented_acts(
    consents: Vec<(CaseId, parasol_casework::Consent)>,
    acts: Vec<ActFact>,
    today: time::Date,
) -> Vec<ActFact> {
    let mut ledgers: BTreeMap<CaseId, ConsentLedger> = BTreeMap::new();
    for (case, consent) in consents {
        ledgers.entry(case).or_default().give(consent);
    }
    let permitted: BTreeSet<CaseId> = ledgers
        .into_iter()
        .filter(|(_, ledger)| ledger.permits(&ConsentPurpose::AnonymousStatistics, today))
        .map(|(case, _)| case)
        .collect();
    acts.into_iter()
        .filter(|a| permitted.contains(&a.case))
        .collect()
}

/// The standard tables over what the store gave, counting only the acts of cases whose
/// person consents on `today` to anonymous statistics. There is no other way in.
pub fn consented_evidence(
    source: StatisticsSource,
    today: time::Date,
    threshold: Threshold,
) -> AppResult<Vec<EvidenceTable>> {
    let acts = consented_acts(source.consents, source.acts, today);
    evidence_tables(&acts, threshold)
}

/// Computes the standard tables over `acts` (already consent-checked).
fn evidence_tables(acts: &[ActFact], threshold: Threshold) -> AppResult<Vec<EvidenceTable>> {
    let per_act: Vec<Record> = acts.iter().map(record).collect();
    let per_perpetrator: Vec<Record> = acts
        .iter()
        .flat_map(|fact| {
            let base = record(fact);
            if fact.perpetrators.is_empty() {
                vec![base]
            } else {
                fact.perpetrators
                    .iter()
                    .map(|p| base.clone().with_term(Dimension::perpetrator(), *p))
                    .collect()
            }
        })
        .collect();
    TABLES
        .iter()
        .map(|(name, title, rows, columns, by_perpetrator)| {
            let rows = Dimension::parse(rows).map_err(|e| AppError::Internal(e.to_string()))?;
            let columns = columns
                .map(Dimension::parse)
                .transpose()
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let records = if *by_perpetrator {
                &per_perpetrator
            } else {
                &per_act
            };
            Ok(EvidenceTable {
                name,
                title,
                table: tabulate(records, &rows, columns.as_ref(), threshold).map_err(internal)?,
            })
        })
        .collect()
}

impl Parasol {
    /// The organisation's suppression threshold: its own, or 5.
    async fn threshold(&self, org: i64) -> AppResult<Threshold> {
        match self.store.statistics_threshold(org).await? {
            Some(value) => Threshold::new(u64::try_from(value).unwrap_or(0)).map_err(internal),
            None => Ok(Threshold::default()),
        }
    }

    /// The evidence tables (coordinators), computed only from cases whose person
    /// consents today to anonymous statistics. A withdrawal counts at once.
    pub async fn evidence(&self, by: &Member) -> AppResult<Evidence> {
        require(by, Role::Coordinator)?;
        let threshold = self.threshold(by.org).await?;
        let source = self.store.statistics_source(by.org).await?;
        let today = self.clock.today();
        Ok(Evidence {
            threshold: threshold.get(),
            consent_checked_on: format!(
                "{:04}-{:02}-{:02}",
                today.year(),
                u8::from(today.month()),
                today.day()
            ),
            tables: consented_evidence(source, today, threshold)?,
        })
    }

    /// Sets the organisation's suppression threshold (coordinators); never below 3.
    pub async fn set_statistics_threshold(&self, by: &Member, value: &str) -> AppResult<u64> {
        require(by, Role::Coordinator)?;
        let refuse = || {
            FieldError::new(
                "threshold",
                value,
                format!(
                    "a whole number, {} or more (the default is {})",
                    Threshold::MINIMUM,
                    Threshold::DEFAULT
                ),
            )
        };
        let number: u64 = value.trim().parse().map_err(|_| refuse())?;
        let threshold = Threshold::new(number).map_err(|_| refuse())?;
        let stored = i64::try_from(threshold.get()).map_err(|_| refuse())?;
        self.store.set_statistics_threshold(by.org, stored).await?;
        Ok(threshold.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parasol_casework::{ActType, Consent, ConsentMethod, PerpetratorCategory};
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 06 - 15);

    fn acts_of(case: CaseId, n: usize) -> Vec<ActFact> {
        (0..n)
            .map(|_| ActFact {
                case,
                period: "2026-03".into(),
                area: Some("North".into()),
                act_type: ActType::Raid,
                measure: None,
                perpetrators: vec![PerpetratorCategory::Police],
            })
            .collect()
    }

    fn statistics(given: time::Date) -> Consent {
        Consent::new(
            ConsentPurpose::AnonymousStatistics,
            given,
            1,
            ConsentMethod::Written,
        )
    }

    #[test]
    fn only_cases_consenting_today_are_counted() {
        let mut withdrawn = statistics(date!(2026 - 01 - 01));
        withdrawn.withdraw(TODAY).expect("withdrawal");
        let support = Consent::new(
            ConsentPurpose::Support,
            date!(2026 - 01 - 01),
            1,
            ConsentMethod::Written,
        );
        let source = StatisticsSource {
            consents: vec![
                (1, statistics(date!(2026 - 01 - 01))),
                (2, withdrawn),
                (3, statistics(date!(2026 - 07 - 01))),
                (4, support),
            ],
            acts: [
                acts_of(1, 6),
                acts_of(2, 6),
                acts_of(3, 6),
                acts_of(4, 6),
                acts_of(5, 6),
            ]
            .concat(),
        };
        let tables = consented_evidence(source, TODAY, Threshold::default()).expect("tables");
        let by_type = tables
            .iter()
            .find(|t| t.name == "by_act_type")
            .expect("by_act_type");
        assert_eq!(by_type.table.grand_total().shown(), Some(6));
    }
}
