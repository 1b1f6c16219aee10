//! Primary and complementary suppression on a table extended with its totals; private.
//!
//! The table is held *extended*: an `(R+1) × (C+1)` grid whose last column holds the row
//! totals, whose last row holds the column totals, and whose corner holds the grand
//! total. Every line of the extended grid (each of its rows and columns) is then one
//! equation: its last entry is the sum of the others. Suppressing a total is just
//! suppressing an entry.
//!
//! A one-dimensional table of `R` values is held as `R × 1`: each row total equals its
//! one cell and the column total equals the grand total. Those pairs are *twins*,
//! suppressed together, so the extended grid publishes exactly what the 1-D table does
//! and its equations say exactly what the 1-D equation says.
//!
//! # The exact check
//!
//! Give entry `(i, j)` the sign `+1` when `i < R` and `j < C` agree (interior cells and
//! the grand total) and `-1` otherwise (totals). Every line's equation is then "the
//! signed entries sum to 0". Think of the suppressed entries as edges of a bipartite
//! graph between line-rows and line-columns. Changing suppressed entries by `δ` keeps
//! every equation iff, at every node, the signed changes sum to 0. So a change along a
//! cycle of suppressed entries whose signed changes alternate `+1, -1, ...` keeps every
//! equation; it keeps every bound iff each entry it decreases is at least 2 (suppressed
//! entries are all at least 1).
//!
//! Conversely, if another consistent table gives a suppressed entry another value, the
//! signed difference is a circulation; splitting it into cycles that agree in sign with
//! it, the cycle through that entry, applied once, is such a change, and stays within
//! bounds because it moves each entry towards the other table. So a suppressed entry is
//! *determined* by the published table iff no such cycle passes through it. Finding one
//! is a reachability search in a directed graph (an entry may be walked row→column with
//! one phase and column→row with the other), so the check is exact and polynomial.

use super::AggregateError;

/// The extended grid with its true counts and which entries are suppressed.
#[derive(Clone, Debug)]
pub(crate) struct Grid {
    /// Interior rows `R`.
    rows: usize,
    /// Interior columns `C` (1 for a one-dimensional table).
    cols: usize,
    /// One-dimensional: twins are suppressed together.
    one_dimensional: bool,
    /// `(R+1) × (C+1)` true counts, row-major.
    value: Vec<u64>,
    /// Which entries are suppressed.
    suppressed: Vec<bool>,
}

/// Every suppressed entry is a non-zero count, so a reader knows it is at least this.
const LOWER_BOUND: u64 = 1;

impl Grid {
    /// Builds the extended grid from interior counts (`counts[i][j]`, all rows of equal
    /// length) and suppresses until every suppressed entry is protected.
    pub(crate) fn protect(
        counts: &[Vec<u64>],
        one_dimensional: bool,
        threshold: u64,
    ) -> Result<Grid, AggregateError> {
        let mut grid = Grid::extend(counts, one_dimensional);
        grid.suppress_small(threshold);
        grid.complete()?;
        Ok(grid)
    }

    fn extend(counts: &[Vec<u64>], one_dimensional: bool) -> Grid {
        let rows = counts.len();
        let cols = counts.first().map_or(1, Vec::len).max(1);
        let width = cols + 1;
        let mut value = vec![0u64; (rows + 1) * width];
        for (i, row) in counts.iter().enumerate() {
            for (j, count) in row.iter().enumerate().take(cols) {
                value[i * width + j] = *count;
                value[i * width + cols] += *count;
                value[rows * width + j] += *count;
                value[rows * width + cols] += *count;
            }
        }
        Grid {
            rows,
            cols,
            one_dimensional,
            suppressed: vec![false; value.len()],
            value,
        }
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    pub(crate) fn cols(&self) -> usize {
        self.cols
    }

    fn width(&self) -> usize {
        self.cols + 1
    }

    fn at(&self, i: usize, j: usize) -> usize {
        i * self.width() + j
    }

    fn position(&self, index: usize) -> (usize, usize) {
        (index / self.width(), index % self.width())
    }

    /// The published count at `(i, j)` of the extended grid: `None` if suppressed.
    pub(crate) fn published(&self, i: usize, j: usize) -> Option<u64> {
        let k = self.at(i, j);
        (!self.suppressed[k]).then_some(self.value[k])
    }

    fn is_total(&self, index: usize) -> bool {
        let (i, j) = self.position(index);
        i == self.rows || j == self.cols
    }

    fn sign(&self, index: usize) -> i64 {
        let (i, j) = self.position(index);
        if (i < self.rows) == (j < self.cols) {
            1
        } else {
            -1
        }
    }

    /// Suppresses an entry and, in a one-dimensional table, its twin.
    fn suppress(&mut self, index: usize) {
        self.suppressed[index] = true;
        // A one-dimensional grid has one interior column; its twins sit side by side.
        if self.one_dimensional && self.cols == 1 {
            let (i, j) = self.position(index);
            let twin = self.at(i, 1 - j);
            self.suppressed[twin] = true;
        }
    }

    /// Primary suppression: every entry, cell or total, from 1 to `threshold - 1`.
    fn suppress_small(&mut self, threshold: u64) {
        for k in 0..self.value.len() {
            if (1..threshold).contains(&self.value[k]) {
                self.suppress(k);
            }
        }
    }

    /// The entries of each line of the extended grid: rows, then columns.
    fn lines(&self) -> Vec<Vec<usize>> {
        let mut lines = Vec::with_capacity(self.rows + self.cols + 2);
        for i in 0..=self.rows {
            lines.push((0..=self.cols).map(|j| self.at(i, j)).collect());
        }
        for j in 0..=self.cols {
            lines.push((0..=self.rows).map(|i| self.at(i, j)).collect());
        }
        lines
    }

    /// The best entry to suppress next among `candidates`: the smallest non-zero
    /// published count, cells before totals, then the first.
    fn cheapest(&self, candidates: impl Iterator<Item = usize>) -> Option<usize> {
        candidates
            .filter(|&k| !self.suppressed[k] && self.value[k] > 0)
            .min_by_key(|&k| (self.value[k], self.is_total(k), k))
    }

    /// Complementary suppression, until every suppressed entry is protected.
    fn complete(&mut self) -> Result<(), AggregateError> {
        loop {
            // The classical rule first: no line may hide exactly one entry.
            let mut changed = false;
            for line in self.lines() {
                let hidden = line.iter().filter(|&&k| self.suppressed[k]).count();
                if hidden == 1 {
                    if let Some(k) = self.cheapest(line.iter().copied()) {
                        self.suppress(k);
                        changed = true;
                    }
                }
            }
            if changed {
                continue;
            }
            // Then the exact check, which also catches determination through several
            // lines at once and through the lower bound (e.g. 1 + 1 = 2).
            let Some(exposed) =
                (0..self.value.len()).find(|&k| self.suppressed[k] && self.is_determined(k))
            else {
                return Ok(());
            };
            let (i, j) = self.position(exposed);
            let same_lines = (0..=self.cols)
                .map(|c| self.at(i, c))
                .chain((0..=self.rows).map(|r| self.at(r, j)));
            let helper = self
                .cheapest(same_lines)
                .or_else(|| self.cheapest(0..self.value.len()));
            match helper {
                Some(k) => self.suppress(k),
                // Everything non-zero is already suppressed, which protects every entry;
                // reaching here would be a bug, and nothing is published.
                None => return Err(AggregateError::CannotProtect),
            }
        }
    }

    /// Whether a reader could work out suppressed entry `index` exactly.
    pub(crate) fn is_determined(&self, index: usize) -> bool {
        !(self.can_move(index, 1) || self.can_move(index, -1))
    }

    /// Whether some other table consistent with everything published has entry `index`
    /// moved by `step` (+1 or -1): a cycle search as described in the module header.
    fn can_move(&self, index: usize, step: i64) -> bool {
        if step < 0 && self.value[index] < LOWER_BOUND + 1 {
            return false;
        }
        let phase = self.sign(index) * step;
        let row_nodes = self.rows + 1;
        let node_count = row_nodes + self.cols + 1;
        // arcs[n]: nodes reachable from node n in one step.
        let mut arcs: Vec<Vec<usize>> = vec![Vec::new(); node_count];
        let movable = |k: usize, signed_change: i64| -> bool {
            let change = signed_change * self.sign(k);
            change > 0 || self.value[k] > LOWER_BOUND
        };
        for k in (0..self.value.len()).filter(|&k| self.suppressed[k] && k != index) {
            let (i, j) = self.position(k);
            let (row_node, col_node) = (i, row_nodes + j);
            if movable(k, phase) {
                arcs[row_node].push(col_node);
            }
            if movable(k, -phase) {
                arcs[col_node].push(row_node);
            }
        }
        let (i, j) = self.position(index);
        let (start, goal) = (row_nodes + j, i);
        let mut seen = vec![false; node_count];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(node) = stack.pop() {
            if node == goal {
                return true;
            }
            for &next in &arcs[node] {
                if !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(grid: &Grid) -> Vec<(usize, usize)> {
        (0..grid.value.len())
            .filter(|&k| grid.suppressed[k])
            .map(|k| grid.position(k))
            .collect()
    }

    #[test]
    fn a_table_with_nothing_small_hides_nothing() {
        let grid = Grid::protect(&[vec![5, 9], vec![12, 7]], false, 5).unwrap();
        assert!(hidden(&grid).is_empty());
    }

    #[test]
    fn a_lone_small_cell_gets_a_partner_in_its_row_and_column() {
        let grid =
            Grid::protect(&[vec![2, 9, 8], vec![12, 7, 6], vec![10, 11, 30]], false, 5).unwrap();
        let hidden = hidden(&grid);
        assert!(hidden.contains(&(0, 0)));
        assert!(hidden.len() >= 4, "{hidden:?}");
        for &(i, j) in &hidden {
            assert!(!grid.is_determined(grid.at(i, j)));
        }
    }

    #[test]
    fn two_ones_in_a_row_with_its_total_published_are_protected_further() {
        // 1 + 1 = 2 with both known to be at least 1 gives both away.
        let grid = Grid::protect(&[vec![1], vec![1], vec![7]], true, 5).unwrap();
        for (i, j) in hidden(&grid) {
            assert!(!grid.is_determined(grid.at(i, j)), "({i},{j}) is exposed");
        }
        assert!(grid.published(2, 0).is_none() || grid.published(3, 0).is_none());
    }

    #[test]
    fn the_exact_check_sees_a_cell_pinned_by_its_lower_bound() {
        let mut grid = Grid::extend(&[vec![1], vec![1], vec![7]], true);
        for i in 0..2 {
            let k = grid.at(i, 0);
            grid.suppress(k);
        }
        assert!(grid.is_determined(grid.at(0, 0)));
        let k = grid.at(2, 0);
        grid.suppress(k);
        assert!(!grid.is_determined(grid.at(0, 0)));
    }

    #[test]
    fn the_exact_check_sees_a_cell_pinned_by_several_lines_together() {
        // Interior suppressed: (0,0),(0,1),(1,0) and totals published. The 3-cell L
        // has no cycle, so all three are determined even though row 0 and column 0
        // each hide two entries.
        let mut grid = Grid::extend(&[vec![3, 3, 9], vec![3, 9, 9], vec![9, 9, 9]], false);
        for (i, j) in [(0, 0), (0, 1), (1, 0)] {
            let k = grid.at(i, j);
            grid.suppress(k);
        }
        assert!(grid.is_determined(grid.at(0, 1)));
        assert!(grid.is_determined(grid.at(0, 0)));
    }

    #[test]
    fn a_table_of_small_counts_is_all_hidden_and_still_protected() {
        let grid = Grid::protect(&[vec![1, 2], vec![0, 1]], false, 5).unwrap();
        for (i, j) in hidden(&grid) {
            assert!(!grid.is_determined(grid.at(i, j)));
        }
        assert_eq!(grid.published(1, 0), Some(0));
    }
}
