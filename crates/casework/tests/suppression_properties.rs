//! Property tests for suppressed aggregates, checked from the outside with code that
//! shares nothing with the suppression algorithm: true counts are recounted here from
//! the records, and a brute-force search looks for a second table consistent with
//! everything published for every suppressed count.

use parasol_casework::aggregate::{tabulate, Count, Dimension, Record, Table, Threshold};
use proptest::prelude::*;
use std::collections::HashMap;

/// A published table flattened for checking: entries (cells and totals), the true
/// value of each, and the equations "these entries add up to that one".
struct Flat {
    published: Vec<Option<u64>>,
    truth: Vec<u64>,
    equations: Vec<(Vec<usize>, usize)>,
}

/// Flattens `table` and looks up true counts from `records` by the table's own labels.
fn flatten(
    table: &Table,
    records: &[Record],
    rows: &Dimension,
    columns: Option<&Dimension>,
) -> Flat {
    let mut true_cells: HashMap<(String, String), u64> = HashMap::new();
    for record in records {
        let r = record.value(rows).unwrap_or("not recorded").to_string();
        let c = columns.map_or(String::new(), |d| {
            record.value(d).unwrap_or("not recorded").to_string()
        });
        *true_cells.entry((r, c)).or_default() += 1;
    }
    let row_values = &table.rows().values;
    let column_values: Vec<String> = table
        .columns()
        .map_or(vec![String::new()], |a| a.values.clone());
    let (r, c) = (row_values.len(), column_values.len());
    let mut flat = Flat {
        published: Vec::new(),
        truth: Vec::new(),
        equations: Vec::new(),
    };
    let push = |flat: &mut Flat, count: Count, truth: u64| -> usize {
        flat.published.push(count.shown());
        flat.truth.push(truth);
        flat.published.len() - 1
    };
    let mut cell = vec![vec![0usize; c]; r];
    for i in 0..r {
        for j in 0..c {
            let truth = true_cells
                .get(&(row_values[i].clone(), column_values[j].clone()))
                .copied()
                .unwrap_or(0);
            cell[i][j] = push(&mut flat, table.cells()[i][j], truth);
        }
    }
    let grand_truth = records.len() as u64;
    let grand = push(&mut flat, table.grand_total(), grand_truth);
    match (table.row_totals(), table.column_totals()) {
        (Some(row_totals), Some(column_totals)) => {
            let mut row_total_ids = Vec::new();
            for i in 0..r {
                let truth = (0..c).map(|j| flat.truth[cell[i][j]]).sum();
                let id = push(&mut flat, row_totals[i], truth);
                flat.equations.push((cell[i].clone(), id));
                row_total_ids.push(id);
            }
            let mut column_total_ids = Vec::new();
            for j in 0..c {
                let truth = (0..r).map(|i| flat.truth[cell[i][j]]).sum();
                let id = push(&mut flat, column_totals[j], truth);
                flat.equations
                    .push(((0..r).map(|i| cell[i][j]).collect(), id));
                column_total_ids.push(id);
            }
            flat.equations.push((row_total_ids, grand));
            flat.equations.push((column_total_ids, grand));
        }
        _ => {
            flat.equations
                .push(((0..r).map(|i| cell[i][0]).collect(), grand));
        }
    }
    flat
}

/// Every entry a reader cannot see is a non-zero count, and the algorithm is public,
/// so a reader knows each suppressed entry is at least 1.
const LOWER_BOUND: i64 = 1;

/// Searches for a second table, consistent with every published number and equation
/// and with every hidden entry at least 1, in which entry `e` differs from its true
/// value. A found table is re-checked directly against the equations before it counts,
/// so a bug in the search can only make it miss one (and fail the test), never invent
/// one. The search budget running out also counts as "none found".
fn second_value_exists(flat: &Flat, e: usize) -> bool {
    for step in [1i64, -1] {
        if (flat.truth[e] as i64) + step < LOWER_BOUND {
            continue;
        }
        let mut delta: Vec<Option<i64>> = flat
            .published
            .iter()
            .map(|p| if p.is_some() { Some(0) } else { None })
            .collect();
        delta[e] = Some(step);
        let mut budget: u64 = 2_000_000;
        if let Some(found) = search(flat, delta, &mut budget) {
            let candidate: Vec<i64> = flat
                .truth
                .iter()
                .zip(&found)
                .map(|(t, d)| *t as i64 + d)
                .collect();
            let consistent = flat.published.iter().zip(&candidate).all(|(p, v)| match p {
                Some(shown) => *shown as i64 == *v,
                None => *v >= LOWER_BOUND,
            }) && flat.equations.iter().all(|(parts, total)| {
                parts.iter().map(|k| candidate[*k]).sum::<i64>() == candidate[*total]
            });
            assert!(consistent, "the search returned an inconsistent table");
            if candidate[e] != flat.truth[e] as i64 {
                return true;
            }
        }
    }
    false
}

fn allowed(flat: &Flat, k: usize) -> Vec<i64> {
    let mut steps = vec![0, 1];
    if flat.truth[k] as i64 > LOWER_BOUND {
        steps.push(-1);
    }
    steps
}

fn search(flat: &Flat, delta: Vec<Option<i64>>, budget: &mut u64) -> Option<Vec<i64>> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    // Prune: every equation must still be able to balance.
    for (parts, total) in &flat.equations {
        let terms = parts
            .iter()
            .map(|k| (*k, 1i64))
            .chain(std::iter::once((*total, -1i64)));
        let (mut low, mut high) = (0i64, 0i64);
        for (k, coefficient) in terms {
            match delta[k] {
                Some(d) => {
                    low += coefficient * d;
                    high += coefficient * d;
                }
                None => {
                    let steps = allowed(flat, k);
                    let values: Vec<i64> = steps.iter().map(|s| coefficient * s).collect();
                    low += values.iter().min().copied().unwrap_or(0);
                    high += values.iter().max().copied().unwrap_or(0);
                }
            }
        }
        if low > 0 || high < 0 {
            return None;
        }
    }
    let Some(next) = delta.iter().position(Option::is_none) else {
        return Some(delta.into_iter().map(|d| d.unwrap_or(0)).collect());
    };
    for step in allowed(flat, next) {
        let mut tried = delta.clone();
        tried[next] = Some(step);
        if let Some(found) = search(flat, tried, budget) {
            return Some(found);
        }
    }
    None
}

/// Equations of the published table with exactly one hidden entry, counted here.
fn lone_unknowns(flat: &Flat) -> usize {
    flat.equations
        .iter()
        .filter(|(parts, total)| {
            parts
                .iter()
                .chain(std::iter::once(total))
                .filter(|k| flat.published[**k].is_none())
                .count()
                == 1
        })
        .count()
}

/// Records from a matrix of counts: `counts[i][j]` records with row value `r{i}` and
/// column value `c{j}` (or only the row value in one dimension).
fn records_from(counts: &[Vec<u64>], two_dimensional: bool) -> Vec<Record> {
    let mut records = Vec::new();
    for (i, row) in counts.iter().enumerate() {
        for (j, count) in row.iter().enumerate() {
            for _ in 0..*count {
                let mut record = Record::new().with(Dimension::area(), &format!("r{i}"));
                if two_dimensional {
                    record = record.with(Dimension::act_type(), &format!("c{j}"));
                }
                records.push(record);
            }
        }
    }
    records
}

fn a_count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 4 => 1u64..5, 3 => 5u64..20]
}

fn a_matrix(max_rows: usize, max_cols: usize) -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1..=max_rows, 1..=max_cols)
        .prop_flat_map(|(r, c)| prop::collection::vec(prop::collection::vec(a_count(), c), r))
}

/// Runs every check on one table; returns a description of the first failure.
fn check(counts: &[Vec<u64>], two_dimensional: bool, threshold: u64) -> Result<(), String> {
    let records = records_from(counts, two_dimensional);
    let rows = Dimension::area();
    let columns = Dimension::act_type();
    let columns = two_dimensional.then_some(&columns);
    let threshold = Threshold::new(threshold).map_err(|e| e.to_string())?;
    let table = tabulate(&records, &rows, columns, threshold).map_err(|e| e.to_string())?;
    let flat = flatten(&table, &records, &rows, columns);

    for (k, shown) in flat.published.iter().enumerate() {
        if let Some(shown) = shown {
            // (a) nothing small is shown, and what is shown is true.
            if (1..threshold.get()).contains(shown) {
                return Err(format!("entry {k} shows the small count {shown}"));
            }
            if *shown != flat.truth[k] {
                return Err(format!(
                    "entry {k} shows {shown}, the truth is {}",
                    flat.truth[k]
                ));
            }
        }
    }
    // (b) no equation hides exactly one entry, by our count and by the table's own.
    if lone_unknowns(&flat) != 0 || !table.lone_unknowns().is_empty() {
        return Err("an equation hides exactly one entry".into());
    }
    // (c) every hidden entry could have another value.
    for e in (0..flat.published.len()).filter(|k| flat.published[*k].is_none()) {
        if !second_value_exists(&flat, e) {
            return Err(format!(
                "hidden entry {e} (true value {}) can be worked out",
                flat.truth[e]
            ));
        }
    }
    // Serialised forms never carry a hidden value.
    let json = serde_json::to_value(&table).map_err(|e| e.to_string())?;
    let hidden_in_json = json
        .to_string()
        .matches("\"count\":null,\"suppressed\":true")
        .count();
    let hidden = flat.published.iter().filter(|p| p.is_none()).count();
    if hidden_in_json != hidden {
        return Err(format!(
            "JSON hides {hidden_in_json} counts, the table {hidden}"
        ));
    }
    if table.to_csv().matches("suppressed").count() != hidden {
        return Err("CSV does not mark every hidden count".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn two_dimensional_tables_hide_small_counts_and_every_hidden_count_stays_hidden(
        counts in a_matrix(4, 4),
        threshold in 3u64..=6,
    ) {
        prop_assert_eq!(check(&counts, true, threshold), Ok(()));
    }

    #[test]
    fn one_dimensional_tables_hide_small_counts_and_every_hidden_count_stays_hidden(
        counts in prop::collection::vec(a_count(), 1..=7),
        threshold in 3u64..=6,
    ) {
        let column: Vec<Vec<u64>> = counts.iter().map(|c| vec![*c]).collect();
        prop_assert_eq!(check(&column, false, threshold), Ok(()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Larger tables: checks (a) and (b), and (c) with the same search.
    #[test]
    fn larger_tables_are_protected_too(counts in a_matrix(7, 6), threshold in 3u64..=5) {
        prop_assert_eq!(check(&counts, true, threshold), Ok(()));
    }
}

/// The checker must be able to fail: a hand-made publication that leaks is caught.
#[test]
fn the_brute_force_checker_catches_a_leaking_publication() {
    // One dimension: 1, 1, 7 with total 9. Hiding only the two 1s leaks both (1 + 1 = 2,
    // each at least 1).
    let leaking = Flat {
        published: vec![None, None, Some(7), Some(9)],
        truth: vec![1, 1, 7, 9],
        equations: vec![(vec![0, 1, 2], 3)],
    };
    assert!(!second_value_exists(&leaking, 0));
    assert_eq!(
        lone_unknowns(&leaking),
        0,
        "the simple check alone would miss this one"
    );
    // Hiding the 7 as well protects them.
    let protected = Flat {
        published: vec![None, None, None, Some(9)],
        ..leaking
    };
    assert!(second_value_exists(&protected, 0));
    assert!(second_value_exists(&protected, 2));

    // Two dimensions, an L of hidden cells: each row and column equation it touches
    // hides two entries except one, and together they pin every cell.
    //   a b | 6      a=3 b=3
    //   c 9 | 12     c=3
    //   ----+
    //   6 12| 18
    let l_shape = Flat {
        published: vec![
            None,
            None,
            None,
            Some(9),
            Some(6),
            Some(12),
            Some(6),
            Some(12),
            Some(18),
        ],
        truth: vec![3, 3, 3, 9, 6, 12, 6, 12, 18],
        equations: vec![
            (vec![0, 1], 4),
            (vec![2, 3], 5),
            (vec![0, 2], 6),
            (vec![1, 3], 7),
            (vec![4, 5], 8),
            (vec![6, 7], 8),
        ],
    };
    assert!(!second_value_exists(&l_shape, 0));
    assert!(!second_value_exists(&l_shape, 1));
}

#[test]
fn a_table_with_one_small_cell_in_a_row_also_hides_a_second_cell_there() {
    let counts = vec![vec![2, 9, 8], vec![12, 7, 6], vec![10, 11, 30]];
    let records = records_from(&counts, true);
    let table = tabulate(
        &records,
        &Dimension::area(),
        Some(&Dimension::act_type()),
        Threshold::default(),
    )
    .unwrap();
    let hidden_in_first_row = table.cells()[0]
        .iter()
        .filter(|c| c.is_suppressed())
        .count()
        + usize::from(table.row_totals().unwrap()[0].is_suppressed());
    assert!(hidden_in_first_row >= 2);
    assert_eq!(check(&counts, true, 5), Ok(()));
}

#[test]
fn a_table_of_only_large_counts_is_published_whole() {
    let counts = vec![vec![5, 9], vec![12, 7]];
    let records = records_from(&counts, true);
    let table = tabulate(
        &records,
        &Dimension::area(),
        Some(&Dimension::act_type()),
        Threshold::default(),
    )
    .unwrap();
    assert!(table.all_counts().iter().all(|c| !c.is_suppressed()));
    assert_eq!(table.grand_total(), Count::Shown(33));
}
