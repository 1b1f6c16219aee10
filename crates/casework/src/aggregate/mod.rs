//! Anonymous statistics: counts of records by one or two dimensions, with small counts suppressed.
//!
//! # The guarantee
//!
//! [`tabulate`] publishes a [`Table`] in which:
//!
//! 1. **No published count is small.** Every cell, row total, column total and grand
//!    total whose true count is between 1 and `threshold - 1` is suppressed (*primary
//!    suppression*). A count of 0 is published as 0: it describes nobody. (A 0 can
//!    still tell a reader that everyone in a row shares a column's value; see limits.)
//! 2. **No suppressed count can be worked out from the same table.** A reader knows
//!    every published number, that each row and column adds up to its total, that the
//!    totals add up to the grand total, and that every suppressed count is at least 1
//!    (the algorithm only ever suppresses non-zero counts, and the code is public).
//!    More cells and totals are suppressed (*complementary suppression*, always the
//!    smallest non-zero count that helps) until, for every suppressed count, at least
//!    two different values are consistent with all of that. In particular no row or
//!    column equation is left with exactly one suppressed entry.
//!
//! The second check is exact, not a heuristic: a suppressed count can change while
//! every equation and bound still holds if and only if it lies on an alternating cycle
//! of suppressed entries whose decreased entries stay at least 1 (see
//! `suppression.rs`); the property tests confirm it with an independent brute-force
//! search for a second solution on small tables.
//!
//! # Limits (known, not defended against)
//!
//! - **Several tables from the same records.** Each table is protected on its own. Two
//!   tables that share a margin (e.g. acts by area, and acts by month, for the same
//!   period), or the same table for overlapping periods, can together reveal what each
//!   hides. Publish few tables per data set, and prefer coarse dimensions.
//! - **Narrow ranges.** The guarantee is at least two possible values, not a wide
//!   range: a reader may learn a suppressed count is 1 or 2.
//! - **Knowledge of the algorithm beyond the bounds above**, e.g. that a complementary
//!   cell was the smallest in its row, can narrow ranges further.
//! - **Zeros and whole groups.** A published 0 beside a suppressed count tells a reader
//!   where everyone in that row is not. Choose dimensions with that in mind.
//! - **Outside knowledge.** A reader who knows some of the people counted can subtract
//!   them.
//! - **Size.** The exact check costs roughly (suppressed entries)² × (entries) per
//!   added suppression: instant for report-sized tables (tens of rows and columns),
//!   slow for thousands.

mod csv;
pub use csv::SUPPRESSED_MARKER;
mod record;
mod suppression;
mod table;
mod threshold;

pub use record::{Dimension, Record, NOT_RECORDED};
pub use table::{Axis, Count, LoneUnknown, Table};
pub use threshold::Threshold;

use std::collections::{BTreeMap, BTreeSet};
use suppression::Grid;

/// Why a table could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AggregateError {
    /// A threshold below the minimum of 3 was asked for.
    #[error("threshold: {given} is too low; small counts must be hidden below at least {minimum} (the default is 5)")]
    ThresholdTooLow {
        /// The refused threshold.
        given: u64,
        /// The lowest allowed.
        minimum: u64,
    },
    /// The same dimension was asked for as rows and as columns.
    #[error("columns: choose a different dimension from the rows ({0}), or none")]
    SameDimensionTwice(String),
    /// Suppression could not protect the table (should not happen; nothing is published).
    #[error(
        "the table could not be protected, so it is not published; report this to the developers"
    )]
    CannotProtect,
}

/// Counts `records` by `rows` (and `columns`, if given) and suppresses small counts and
/// whatever would reveal them. Row and column values are sorted; a record without a
/// value for a chosen dimension is counted under [`NOT_RECORDED`].
pub fn tabulate(
    records: &[Record],
    rows: &Dimension,
    columns: Option<&Dimension>,
    threshold: Threshold,
) -> Result<Table, AggregateError> {
    if columns == Some(rows) {
        return Err(AggregateError::SameDimensionTwice(
            rows.as_str().to_string(),
        ));
    }
    let row_values: BTreeSet<&str> = records
        .iter()
        .map(|r| r.value_or_not_recorded(rows))
        .collect();
    let column_values: BTreeSet<&str> = match columns {
        Some(columns) => records
            .iter()
            .map(|r| r.value_or_not_recorded(columns))
            .collect(),
        None => BTreeSet::new(),
    };
    let row_index: BTreeMap<&str, usize> = row_values
        .iter()
        .enumerate()
        .map(|(i, v)| (*v, i))
        .collect();
    let column_index: BTreeMap<&str, usize> = column_values
        .iter()
        .enumerate()
        .map(|(i, v)| (*v, i))
        .collect();
    let width = column_values.len().max(1);
    let mut counts = vec![vec![0u64; width]; row_values.len()];
    for record in records {
        let i = row_index[record.value_or_not_recorded(rows)];
        let j = match columns {
            Some(columns) => column_index[record.value_or_not_recorded(columns)],
            None => 0,
        };
        counts[i][j] += 1;
    }
    let grid = Grid::protect(&counts, columns.is_none(), threshold.get())?;
    Ok(Table::publish(
        &grid,
        threshold.get(),
        Axis {
            dimension: rows.clone(),
            values: row_values.into_iter().map(str::to_string).collect(),
        },
        columns.map(|columns| Axis {
            dimension: columns.clone(),
            values: column_values.into_iter().map(str::to_string).collect(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActType, PerpetratorCategory};

    fn records(rows: &[(&str, &str, u64)]) -> Vec<Record> {
        let mut all = Vec::new();
        for (area, act, count) in rows {
            for _ in 0..*count {
                all.push(
                    Record::new()
                        .with(Dimension::area(), area)
                        .with(Dimension::act_type(), act),
                );
            }
        }
        all
    }

    #[test]
    fn a_small_cell_is_null_in_json_with_a_flag_and_a_marker_in_csv() {
        let data = records(&[
            ("north", "raid", 2),
            ("north", "eviction", 9),
            ("north", "arrest", 8),
            ("south", "raid", 12),
            ("south", "eviction", 7),
            ("south", "arrest", 6),
            ("west", "raid", 10),
            ("west", "eviction", 11),
            ("west", "arrest", 30),
        ]);
        let table = tabulate(
            &data,
            &Dimension::area(),
            Some(&Dimension::act_type()),
            Threshold::default(),
        )
        .unwrap();
        assert_eq!(
            table.columns().unwrap().values,
            ["arrest", "eviction", "raid"]
        );
        let json = serde_json::to_value(&table).unwrap();
        assert_eq!(
            json["cells"][0][2],
            serde_json::json!({"count": null, "suppressed": true})
        );
        assert_eq!(json["threshold"], 5);
        let csv = table.to_csv();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("area,arrest,eviction,raid,total"));
        let north = lines.next().unwrap();
        assert!(north.starts_with("north,"));
        assert!(north.ends_with("suppressed") || north.contains(",suppressed,"));
        assert!(!north.contains(",2,") && !north.ends_with(",2"));
        assert!(csv.lines().last().unwrap().starts_with("total,"));
    }

    #[test]
    fn a_one_dimensional_table_has_only_a_grand_total() {
        let counts = [
            (ActType::Arrest, 20),
            (ActType::Eviction, 4),
            (ActType::Raid, 8),
        ];
        let data: Vec<Record> = counts
            .iter()
            .flat_map(|(act, n)| std::iter::repeat_n(*act, *n))
            .map(|act| Record::new().with_term(Dimension::act_type(), act))
            .collect();
        let table = tabulate(&data, &Dimension::act_type(), None, Threshold::default()).unwrap();
        assert_eq!(table.row_totals(), None);
        assert_eq!(table.rows().values, ["arrest", "eviction", "raid"]);
        // 4 evictions is small; the next smallest, 8 raids, is hidden with it so the
        // total does not give it away.
        assert_eq!(table.cells()[0], [Count::Shown(20)]);
        assert!(table.cells()[1][0].is_suppressed());
        assert!(table.cells()[2][0].is_suppressed());
        assert_eq!(table.grand_total(), Count::Shown(32));
        assert!(table.lone_unknowns().is_empty());
        assert_eq!(
            table.to_csv(),
            "act_type,count\narrest,20\neviction,suppressed\nraid,suppressed\ntotal,32\n"
        );
    }

    #[test]
    fn a_record_without_the_dimension_is_counted_as_not_recorded() {
        let mut data = records(&[("north", "raid", 6)]);
        data.extend(std::iter::repeat_n(
            Record::new().with_term(Dimension::perpetrator(), PerpetratorCategory::Police),
            6,
        ));
        let table = tabulate(&data, &Dimension::area(), None, Threshold::default()).unwrap();
        assert_eq!(table.rows().values, ["north", NOT_RECORDED]);
        assert_eq!(table.grand_total(), Count::Shown(12));
    }

    #[test]
    fn rows_and_columns_must_be_different_dimensions() {
        let err = tabulate(
            &[],
            &Dimension::area(),
            Some(&Dimension::area()),
            Threshold::default(),
        )
        .unwrap_err();
        assert_eq!(err, AggregateError::SameDimensionTwice("area".into()));
    }

    #[test]
    fn no_records_make_an_empty_table_with_a_zero_total() {
        let table = tabulate(&[], &Dimension::area(), None, Threshold::default()).unwrap();
        assert!(table.cells().is_empty());
        assert_eq!(table.grand_total(), Count::Shown(0));
    }
}
