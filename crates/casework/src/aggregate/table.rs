//! The published table: counts or "suppressed", never a hidden value, and its equations.

use super::record::Dimension;
use super::suppression::Grid;
use serde::ser::SerializeStruct;
use serde::Serialize;

/// One published count: a number, or suppressed. A suppressed count carries no value
/// and no reason (whether it was small or hidden to protect another), since either
/// would narrow what it could be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// The true count; 0 means nobody.
    Shown(u64),
    /// Hidden.
    Suppressed,
}

impl Count {
    /// The number, if shown.
    pub fn shown(self) -> Option<u64> {
        match self {
            Count::Shown(n) => Some(n),
            Count::Suppressed => None,
        }
    }

    /// Whether it is hidden.
    pub fn is_suppressed(self) -> bool {
        self == Count::Suppressed
    }

    fn from_published(published: Option<u64>) -> Count {
        published.map_or(Count::Suppressed, Count::Shown)
    }
}

/// JSON: `{"count": 12, "suppressed": false}` or `{"count": null, "suppressed": true}`.
impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Count", 2)?;
        s.serialize_field("count", &self.shown())?;
        s.serialize_field("suppressed", &self.is_suppressed())?;
        s.end()
    }
}

/// A table's rows or columns: the dimension and its values, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Axis {
    /// What the axis counts by.
    pub dimension: Dimension,
    /// The values, sorted.
    pub values: Vec<String>,
}

/// A table of counts fit to publish: small counts and whatever would reveal them are
/// suppressed (see the [module documentation](super) for the guarantee and its limits).
/// It holds no hidden value, so it can be shown, serialised or exported whole.
///
/// A one-dimensional table has no `columns`, one cell per row, and no separate row or
/// column totals: only the grand total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    threshold: u64,
    rows: Axis,
    columns: Option<Axis>,
    cells: Vec<Vec<Count>>,
    row_totals: Option<Vec<Count>>,
    column_totals: Option<Vec<Count>>,
    grand_total: Count,
}

/// An equation of a published table with exactly one suppressed entry, which would give
/// that entry away. [`Table::lone_unknowns`] lists them; a table from
/// [`super::tabulate`] has none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoneUnknown {
    /// Which equation, in words, e.g. `row "north"` or `column totals`.
    pub equation: String,
}

impl Table {
    pub(crate) fn publish(grid: &Grid, threshold: u64, rows: Axis, columns: Option<Axis>) -> Table {
        let (r, c) = (grid.rows(), grid.cols());
        let at = |i: usize, j: usize| Count::from_published(grid.published(i, j));
        let two_dimensional = columns.is_some();
        Table {
            threshold,
            cells: (0..r).map(|i| (0..c).map(|j| at(i, j)).collect()).collect(),
            row_totals: two_dimensional.then(|| (0..r).map(|i| at(i, c)).collect()),
            column_totals: two_dimensional.then(|| (0..c).map(|j| at(r, j)).collect()),
            grand_total: at(r, c),
            rows,
            columns,
        }
    }

    /// The threshold: no shown count is between 1 and one below it.
    pub fn threshold(&self) -> u64 {
        self.threshold
    }

    /// The rows.
    pub fn rows(&self) -> &Axis {
        &self.rows
    }

    /// The columns, for a two-dimensional table.
    pub fn columns(&self) -> Option<&Axis> {
        self.columns.as_ref()
    }

    /// The cells, row by row (one per row in a one-dimensional table).
    pub fn cells(&self) -> &[Vec<Count>] {
        &self.cells
    }

    /// The row totals, for a two-dimensional table.
    pub fn row_totals(&self) -> Option<&[Count]> {
        self.row_totals.as_deref()
    }

    /// The column totals, for a two-dimensional table.
    pub fn column_totals(&self) -> Option<&[Count]> {
        self.column_totals.as_deref()
    }

    /// The grand total.
    pub fn grand_total(&self) -> Count {
        self.grand_total
    }

    /// Every count the table shows or hides: cells, then totals.
    pub fn all_counts(&self) -> Vec<Count> {
        let mut all: Vec<Count> = self.cells.iter().flatten().copied().collect();
        all.extend(self.row_totals.iter().flatten());
        all.extend(self.column_totals.iter().flatten());
        all.push(self.grand_total);
        all
    }

    /// The table's published equations, each as (name, entries that must add up, total).
    pub fn equations(&self) -> Vec<(String, Vec<Count>, Count)> {
        let mut equations = Vec::new();
        match (&self.row_totals, &self.column_totals) {
            (Some(row_totals), Some(column_totals)) => {
                for (i, row) in self.cells.iter().enumerate() {
                    let name = format!(
                        "row \"{}\"",
                        self.rows.values.get(i).map_or("", String::as_str)
                    );
                    equations.push((name, row.clone(), row_totals[i]));
                }
                let columns = self.columns.as_ref().map_or(&[][..], |a| &a.values[..]);
                for (j, total) in column_totals.iter().enumerate() {
                    let column = self.cells.iter().map(|row| row[j]).collect();
                    let name = format!("column \"{}\"", columns.get(j).map_or("", String::as_str));
                    equations.push((name, column, *total));
                }
                equations.push((
                    "row totals".to_string(),
                    row_totals.clone(),
                    self.grand_total,
                ));
                equations.push((
                    "column totals".to_string(),
                    column_totals.clone(),
                    self.grand_total,
                ));
            }
            _ => {
                let cells = self.cells.iter().flatten().copied().collect();
                equations.push(("all values".to_string(), cells, self.grand_total));
            }
        }
        equations
    }

    /// The equations that hide exactly one entry (and so reveal it). Reads only what is
    /// published. Empty for every table [`super::tabulate`] makes.
    pub fn lone_unknowns(&self) -> Vec<LoneUnknown> {
        self.equations()
            .into_iter()
            .filter(|(_, entries, total)| {
                entries
                    .iter()
                    .chain(std::iter::once(total))
                    .filter(|c| c.is_suppressed())
                    .count()
                    == 1
            })
            .map(|(equation, _, _)| LoneUnknown { equation })
            .collect()
    }
}
