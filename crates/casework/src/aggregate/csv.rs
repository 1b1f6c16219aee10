//! CSV export of a published table: a header, one line per row, a totals line.
//!
//! A suppressed count is written as `suppressed`, never as a number and never as
//! "<5": a complementary cell may be 5 or more, and telling small cells from
//! complementary ones would narrow what each could be.

use super::table::{Count, Table};

/// What a suppressed count is written as.
pub const SUPPRESSED_MARKER: &str = "suppressed";

/// The label of the totals line and column.
const TOTAL: &str = "total";

fn field(text: &str) -> String {
    // Spreadsheets run cells that start with these as formulas.
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn count(c: Count) -> String {
    c.shown()
        .map_or_else(|| SUPPRESSED_MARKER.to_string(), |n| n.to_string())
}

impl Table {
    /// The table as CSV text, lines ending in `\n`. Two-dimensional: a header of the row
    /// dimension, the column values and `total`; a line per row value with its total; a
    /// last `total` line with the column totals and the grand total. One-dimensional: a
    /// header of the dimension and `count`, a line per value, a last `total` line.
    /// Suppressed counts are written as `suppressed`.
    pub fn to_csv(&self) -> String {
        let mut lines: Vec<Vec<String>> = Vec::new();
        match (self.columns(), self.row_totals(), self.column_totals()) {
            (Some(columns), Some(row_totals), Some(column_totals)) => {
                let mut header = vec![field(self.rows().dimension.as_str())];
                header.extend(columns.values.iter().map(|v| field(v)));
                header.push(TOTAL.to_string());
                lines.push(header);
                for ((value, cells), total) in
                    self.rows().values.iter().zip(self.cells()).zip(row_totals)
                {
                    let mut line = vec![field(value)];
                    line.extend(cells.iter().map(|c| count(*c)));
                    line.push(count(*total));
                    lines.push(line);
                }
                let mut last = vec![TOTAL.to_string()];
                last.extend(column_totals.iter().map(|c| count(*c)));
                last.push(count(self.grand_total()));
                lines.push(last);
            }
            _ => {
                lines.push(vec![
                    field(self.rows().dimension.as_str()),
                    "count".to_string(),
                ]);
                for (value, cells) in self.rows().values.iter().zip(self.cells()) {
                    let shown = cells
                        .first()
                        .map_or_else(|| SUPPRESSED_MARKER.to_string(), |c| count(*c));
                    lines.push(vec![field(value), shown]);
                }
                lines.push(vec![TOTAL.to_string(), count(self.grand_total())]);
            }
        }
        lines
            .into_iter()
            .map(|line| line.join(",") + "\n")
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("North"), "North");
        assert_eq!(field("North, East"), "\"North, East\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
