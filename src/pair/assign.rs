//! The distinct-partner assignment: each external statement at most one internal partner, each internal
//! statement at most `capacity` external ones, maximising the total score over a sparse candidate graph.
//!
//! **Method: shortest augmenting paths on the sparse graph** (the Jonker–Volgenant family; the sparse
//! variant is LAPJVsp; this is the rectangular form Crouse describes, "On implementing 2D rectangular
//! assignment algorithms", IEEE TAES 2016, with Dijkstra over adjacency lists instead of a dense scan).
//! Rows are the external statements that have candidates; columns are the internal statements' slots
//! (`capacity` per internal statement) plus one private "stay unpaired" column per row, so that leaving a
//! statement without a partner is always possible and worth 0. Rows are added one at a time; each addition
//! finds, with Dijkstra on reduced costs, the cheapest alternating path from the new row to a free column
//! and flips it, then updates the dual prices. After the last row the assignment is **optimal** (not
//! ε-optimal): scores are turned into integers (`score × 2^24`, exact for an `f32` in `[0.5, 1]` and within
//! 2^-25 below) and all arithmetic is exact.
//!
//! Why this and not the alternatives:
//! - the **auction** used before (one phase, ε = 1e-4) crawls when many bids tie: thousands of near-equal
//!   statements (boilerplate, reposts, a synthetic corpus) raise a contested price by ε per bid, ~1/ε bids
//!   per slot (100 s on the 10k × 10k benchmark). ε-scaling cures that only with a reverse auction as
//!   well, because statements may stay unpaired and prices carried between phases can leave a free slot
//!   overpriced; that is two algorithms to get right, and the result is still only ε-optimal.
//! - a **min-cost-flow crate**: none well kept for this size that is also sparse and exact in integers;
//!   the assignment special case is ~150 lines here with its own brute-force property test.
//! - a dense **Hungarian / LAPJV** needs the n × m matrix: 100 M cells for 10k × 10k.
//!
//! Work: each row's Dijkstra visits only the columns cheaper than its final path, and free columns win
//! ties, so a row whose best candidate is free costs one heap pop; in the worst case a row explores the
//! alternating tree of its candidates' owners. Memory is linear in the number of edges.

use crate::error::{Error, Result};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A column of the assignment: its dual price, the row assigned to it, and the shortest-path search's
/// state for it.
#[derive(Clone, Copy)]
struct Col {
    v: i64,
    dist: i64,
    row: u32,
    path: u32,
    settled: bool,
}

/// One edge of the candidate graph: external `e`, internal `i`, and the pair's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Index of the external statement.
    pub e: usize,
    /// Index of the internal statement.
    pub i: usize,
    /// The benefit of pairing them (higher is better; edges at or below 0 are ignored).
    pub score: f32,
}

/// The most statements the assignment numbers: each side, and both together, in `u32`.
pub const MAX_STATEMENTS: u64 = u32::MAX as u64;

/// Refuses, with [`Error::TooManyToPair`], an assignment of more statements than it numbers: the
/// assignment (and the pairing that feeds it) numbers external and internal statements in `u32`, so each
/// side and the two together must stay within [`MAX_STATEMENTS`]. The one guard of the pairing's size: a
/// number on the command line or a huge index gets this error and a non-zero exit, never a panic.
pub fn check_size(n_external: usize, n_internal: usize) -> Result<()> {
    let total = (n_external as u128) + (n_internal as u128);
    if total > u128::from(MAX_STATEMENTS) {
        return Err(Error::TooManyToPair {
            external: n_external,
            internal: n_internal,
            limit: MAX_STATEMENTS,
        });
    }
    Ok(())
}

/// Scores become integer benefits `round(score × SCALE)`: 2^24 is the spacing of an `f32` in `[0.5, 1)`.
const SCALE: f64 = (1u64 << 24) as f64;

/// Assigns each external statement at most one internal statement, each internal statement to at most
/// `capacity` external ones (at least 1), maximising the total score over the sparse graph `edges`
/// (see the module documentation for the method). Returns, for each of the `n_external` statements, the
/// index of its internal partner, or [`Error::TooManyToPair`] beyond [`MAX_STATEMENTS`] ([`check_size`]).
/// Deterministic: rows are added in index order; among equally good
/// assignments the one found first is kept. Edges naming a statement out of range are ignored; of two
/// edges between the same statements, the higher score counts.
pub fn assign(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
) -> Result<Vec<Option<usize>>> {
    assign_with_cost(n_external, n_internal, edges, capacity, 0.0)
}

/// What each use of an internal statement after its first costs in the assignment's total: its `k`-th
/// further use (`k` = 1, 2…) counts `score × (1 - share)^k - k × margin`. Both 0: every use counts in full.
/// The pairs keep their own scores; the cost only decides which assignment is best.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReuseCost {
    /// The share of the pair's score each further use loses (`--reuse-cost`, `[0, 1]`).
    pub share: f32,
    /// The score each further use loses (`--reuse-margin`, `[0, 1]`): an internal statement is shared
    /// only where the external statement's pair with it beats the pair the external statement would have
    /// without sharing by more than this.
    pub margin: f32,
}

/// [`assign`] where every use of an internal statement after its first is worth less: its `k`-th further
/// use (`k` = 1, 2…) counts `(1 - reuse_cost)^k` of the pair's score in the total maximised (`reuse_cost`
/// in `[0, 1]`; 0 is [`assign`]). A "soft" capacity: an internal statement is shared only when the second
/// external statement gains more from it than the discount costs, against its next best partner.
pub fn assign_with_cost(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
    reuse_cost: f32,
) -> Result<Vec<Option<usize>>> {
    assign_with_reuse_cost(
        n_external,
        n_internal,
        edges,
        capacity,
        ReuseCost {
            share: reuse_cost,
            margin: 0.0,
        },
    )
}

/// [`assign`] with a [`ReuseCost`] for every use of an internal statement after its first. With a
/// `margin`, a second use is a second copy of the internal statement that is worth its score less the
/// margin: the total is still maximised exactly (the same shortest augmenting paths), so a statement is
/// shared only where no assignment of free partners comes within the margin of it.
pub fn assign_with_reuse_cost(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
    cost: ReuseCost,
) -> Result<Vec<Option<usize>>> {
    // No internal statement can take more external ones than there are: a larger capacity (a huge
    // `--reuse`) is the same assignment, and would only size the slots past memory.
    let capacity = capacity.clamp(1, n_external.max(1));
    let keep = 1.0 - f64::from(cost.share.clamp(0.0, 1.0));
    let margin = (f64::from(cost.margin.clamp(0.0, 1.0)) * SCALE).round() as i64;
    // Statements are numbered in `u32` below (half the bytes to sort and to touch); more is refused.
    check_size(n_external, n_internal)?;
    let mut result = vec![None; n_external];
    // Sized once for every edge (at most that many are kept): no growth, no second copy.
    let mut kept: Vec<(u32, u32, i64)> = Vec::with_capacity(edges.len());
    kept.extend(
        edges
            .iter()
            .filter(|ed| ed.e < n_external && ed.i < n_internal && ed.score > 0.0)
            .map(|ed| {
                let benefit = (f64::from(ed.score) * SCALE).round() as i64;
                (ed.e as u32, ed.i as u32, benefit)
            })
            .filter(|x| x.2 > 0),
    );
    if kept.is_empty() {
        return Ok(result);
    }
    // Best edge per (e, i); then compact the rows and internal statements that have edges.
    kept.sort_unstable_by_key(|a| (a.0, a.1, Reverse(a.2)));
    kept.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
    let mut internal_col = vec![u32::MAX; n_internal];
    let mut internals: Vec<u32> = Vec::new();
    for &(_, i, _) in &kept {
        if internal_col[i as usize] == u32::MAX {
            internal_col[i as usize] = internals.len() as u32;
            internals.push(i);
        }
    }
    let mut rows: Vec<u32> = kept.iter().map(|x| x.0).collect();
    rows.dedup();
    let best = kept.iter().map(|x| x.2).max().unwrap_or(1);
    // Costs to minimise, all >= 0: `best - benefit` for a slot, `best` for the row's own "unpaired" column
    // (shifting a row's costs by a constant does not change which assignment is best).
    let n_rows = rows.len();
    let n_slots = internals.len() * capacity;
    let mut start = Vec::with_capacity(n_rows + 1);
    let mut adj: Vec<(u32, i64)> = Vec::with_capacity(kept.len() * capacity);
    let mut x = 0;
    for &row_e in &rows {
        start.push(adj.len());
        while x < kept.len() && kept[x].0 == row_e {
            let col = internal_col[kept[x].1 as usize] as usize * capacity;
            let mut share = kept[x].2;
            for k in 0..capacity {
                if k > 0 {
                    // Slots of one statement are filled in order (the later ones cost more), so slot k
                    // is its k-th further use.
                    share = (share as f64 * keep).round() as i64;
                }
                let benefit = share - k as i64 * margin;
                if benefit > 0 {
                    adj.push(((col + k) as u32, best - benefit));
                }
            }
            x += 1;
        }
    }
    start.push(adj.len());
    let unpaired = |r: usize| n_slots + r; // the private column of row r
    let n_cols = n_slots + n_rows;

    let mut u = vec![0i64; n_rows]; // row prices
    let mut col4row = vec![u32::MAX; n_rows];
    // Per column: its price, the row holding it, and the search's state (reset through `touched`), side
    // by side, so that relaxing an edge reads one place.
    let mut cols = vec![
        Col {
            v: 0,
            dist: i64::MAX,
            row: u32::MAX,
            path: u32::MAX,
            settled: false,
        };
        n_cols
    ];
    let mut touched: Vec<usize> = Vec::new();
    let mut settled_cols: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, bool, u32)>> = BinaryHeap::new();

    for cur in 0..n_rows {
        let mut i = cur;
        let mut min_val = 0i64;
        let sink = loop {
            // Relax row i's columns: its slots, and its own unpaired column.
            let base = min_val - u[i];
            let mut relax = |j: usize, c: i64, heap: &mut BinaryHeap<Reverse<(i64, bool, u32)>>| {
                let col = &mut cols[j];
                if col.settled {
                    return;
                }
                let r = base + c - col.v;
                if r < col.dist {
                    if col.dist == i64::MAX {
                        touched.push(j);
                    }
                    col.dist = r;
                    col.path = i as u32;
                    // Free columns first among equals: ties end the search at once.
                    heap.push(Reverse((r, col.row != u32::MAX, j as u32)));
                }
            };
            for &(j, c) in &adj[start[i]..start[i + 1]] {
                relax(j as usize, c, &mut heap);
            }
            relax(unpaired(i), best, &mut heap);
            // The closest column not yet settled (stale heap entries are skipped).
            let j = loop {
                match heap.pop() {
                    Some(Reverse((d, _, j)))
                        if !cols[j as usize].settled && d == cols[j as usize].dist =>
                    {
                        break j as usize
                    }
                    Some(_) => continue,
                    // Unreachable: the row's own unpaired column is always free and always reachable.
                    None => unreachable!("the new row's unpaired column is free"),
                }
            };
            min_val = cols[j].dist;
            cols[j].settled = true;
            settled_cols.push(j);
            if cols[j].row == u32::MAX {
                break j;
            }
            i = cols[j].row as usize;
        };
        // Dual update: the settled rows and columns move by how much closer than the sink they were.
        u[cur] += min_val;
        for &j in &settled_cols {
            let d = min_val - cols[j].dist;
            if j != sink {
                let r = cols[j].row as usize;
                u[r] += d;
            }
            cols[j].v -= d;
        }
        // Flip the alternating path.
        let mut j = sink;
        loop {
            let r = cols[j].path as usize;
            cols[j].row = r as u32;
            let prev = col4row[r];
            col4row[r] = j as u32;
            if r == cur {
                break;
            }
            j = prev as usize;
        }
        for &j in &touched {
            cols[j].dist = i64::MAX;
            cols[j].settled = false;
        }
        touched.clear();
        settled_cols.clear();
        heap.clear();
    }
    for (r, &col) in col4row.iter().enumerate() {
        let col = col as usize;
        if col < n_slots {
            result[rows[r] as usize] = Some(internals[col / capacity] as usize);
        }
    }
    Ok(result)
}

/// The group of internal statement `i` (`group[i]` when it names one below `n_internal`, else `i` alone).
fn group_of(group: &[usize], n_internal: usize, i: usize) -> usize {
    group
        .get(i)
        .copied()
        .filter(|&g| g < n_internal)
        .unwrap_or(i)
}

/// [`assign`] with the internal statements in groups that count as one partner (`group[i]`: the group of
/// internal statement `i`, any numbering below `n_internal`): each group takes at most `capacity` external
/// statements, and an external statement paired with a group gets the member it scores best with (the first
/// in index order among equals). Used for "one quote, one row": the same words relayed in another outlet or
/// language are one partner (`pair::quote_groups`). With every statement its own group, this is [`assign`].
pub fn assign_grouped(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
    group: &[usize],
) -> Result<Vec<Option<usize>>> {
    assign_grouped_with_cost(n_external, n_internal, edges, capacity, 0.0, group)
}

/// [`assign_grouped`] with a cost for every use of a group after its first ([`assign_with_cost`]).
pub fn assign_grouped_with_cost(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
    reuse_cost: f32,
    group: &[usize],
) -> Result<Vec<Option<usize>>> {
    let cost = ReuseCost {
        share: reuse_cost,
        margin: 0.0,
    };
    assign_grouped_with_reuse_cost(n_external, n_internal, edges, capacity, cost, group)
}

/// [`assign_grouped`] with a [`ReuseCost`] for every use of a group after its first
/// ([`assign_with_reuse_cost`]).
pub fn assign_grouped_with_reuse_cost(
    n_external: usize,
    n_internal: usize,
    edges: &[Edge],
    capacity: usize,
    cost: ReuseCost,
    group: &[usize],
) -> Result<Vec<Option<usize>>> {
    let group_of = |i: usize| group_of(group, n_internal, i);
    // The best member of each (external, group): edges sorted by external, group, score (best first) and
    // member, so the first of each (external, group) is its best member (the first in index order among
    // equals). A sort, not a map: the candidate graph has hundreds of thousands of edges.
    // In `u32` (16 bytes an edge, not 32) and sized once; more is refused, as by [`assign_with_reuse_cost`].
    check_size(n_external, n_internal)?;
    let mut best: Vec<(u32, u32, f32, u32)> = Vec::with_capacity(edges.len());
    best.extend(
        edges
            .iter()
            .filter(|ed| ed.e < n_external && ed.i < n_internal && ed.score > 0.0)
            .map(|ed| (ed.e as u32, group_of(ed.i) as u32, ed.score, ed.i as u32)),
    );
    best.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(b.2.total_cmp(&a.2))
            .then(a.3.cmp(&b.3))
    });
    best.dedup_by(|b, a| (a.0, a.1) == (b.0, b.1));
    // In (external, group) order: the assignment keeps the first of equally good solutions.
    let collapsed: Vec<Edge> = best
        .iter()
        .map(|&(e, g, score, _)| Edge {
            e: e as usize,
            i: g as usize,
            score,
        })
        .collect();
    Ok(
        assign_with_reuse_cost(n_external, n_internal, &collapsed, capacity, cost)?
            .into_iter()
            .enumerate()
            .map(|(e, g)| {
                g.and_then(|g| {
                    best.binary_search_by(|x| (x.0, x.1).cmp(&(e as u32, g as u32)))
                        .ok()
                        .map(|at| best[at].3 as usize)
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The assignment on the small sizes of these tests, which never exceed its 32 bits (they shadow the
    // functions of `super`, unwrapping what they return).
    fn assign(n_e: usize, n_i: usize, edges: &[Edge], capacity: usize) -> Vec<Option<usize>> {
        super::assign(n_e, n_i, edges, capacity).unwrap()
    }
    fn assign_with_cost(
        n_e: usize,
        n_i: usize,
        ed: &[Edge],
        cap: usize,
        c: f32,
    ) -> Vec<Option<usize>> {
        super::assign_with_cost(n_e, n_i, ed, cap, c).unwrap()
    }
    fn assign_with_reuse_cost(
        n_e: usize,
        n_i: usize,
        edges: &[Edge],
        capacity: usize,
        cost: ReuseCost,
    ) -> Vec<Option<usize>> {
        super::assign_with_reuse_cost(n_e, n_i, edges, capacity, cost).unwrap()
    }
    fn assign_grouped(
        n_e: usize,
        n_i: usize,
        ed: &[Edge],
        cap: usize,
        g: &[usize],
    ) -> Vec<Option<usize>> {
        super::assign_grouped(n_e, n_i, ed, cap, g).unwrap()
    }

    /// The size guard, on the numbers alone (nothing of that size is allocated): up to `u32::MAX`
    /// statements in all are numbered; one more is refused with an error that says what and how many,
    /// and both assignments return that error instead of panicking.
    #[test]
    fn size_guard_refuses_more_than_32_bits() {
        let max = u32::MAX as usize;
        assert!(check_size(0, 0).is_ok());
        assert!(check_size(max, 0).is_ok());
        assert!(check_size(max - 5, 5).is_ok());
        for (e, i) in [
            (max, 1),
            (1, max),
            (max + 1, 0),
            (0, max + 1),
            (usize::MAX, usize::MAX),
        ] {
            match check_size(e, i) {
                Err(Error::TooManyToPair {
                    external,
                    internal,
                    limit,
                }) => {
                    assert_eq!((external, internal, limit), (e, i, u64::from(u32::MAX)));
                }
                other => panic!("{e} × {i}: {other:?}"),
            }
        }
        let message = check_size(max, max).unwrap_err().to_string();
        assert!(
            message.contains("32 bits") && message.contains(&max.to_string()),
            "{message}"
        );
        // The assignments check before they allocate anything of that size.
        let huge = usize::MAX / 2;
        let cost = ReuseCost::default();
        assert!(super::assign_with_reuse_cost(huge, 1, &[], 1, cost).is_err());
        assert!(super::assign_grouped_with_reuse_cost(1, huge, &[], 1, cost, &[]).is_err());
    }

    /// A capacity beyond the external statements (a huge `--reuse`) is the unlimited assignment, not an
    /// allocation of that many slots.
    #[test]
    fn huge_capacity_is_unlimited() {
        let edges = [
            Edge {
                e: 0,
                i: 0,
                score: 0.9,
            },
            Edge {
                e: 1,
                i: 0,
                score: 0.8,
            },
        ];
        assert_eq!(assign(2, 1, &edges, usize::MAX), vec![Some(0), Some(0)]);
        assert_eq!(assign(2, 1, &edges, usize::MAX), assign(2, 1, &edges, 2));
    }

    fn total(edges: &[Edge], chosen: &[Option<usize>]) -> f32 {
        chosen
            .iter()
            .enumerate()
            .filter_map(|(e, i)| {
                i.and_then(|i| {
                    edges
                        .iter()
                        .filter(|x| x.e == e && x.i == i)
                        .map(|x| x.score)
                        .reduce(f32::max)
                })
            })
            .sum()
    }

    /// The best total by brute force: every external either unpaired or paired with one of its
    /// candidates, each internal used at most `capacity` times.
    fn brute_force(n_e: usize, n_i: usize, edges: &[Edge], capacity: usize) -> f32 {
        fn go(e: usize, n_e: usize, used: &mut Vec<usize>, edges: &[Edge], capacity: usize) -> f32 {
            if e == n_e {
                return 0.0;
            }
            let mut best = go(e + 1, n_e, used, edges, capacity);
            for ed in edges.iter().filter(|x| x.e == e && x.score > 0.0) {
                if used[ed.i] < capacity {
                    used[ed.i] += 1;
                    best = best.max(ed.score + go(e + 1, n_e, used, edges, capacity));
                    used[ed.i] -= 1;
                }
            }
            best
        }
        go(0, n_e, &mut vec![0; n_i], edges, capacity)
    }

    /// The best total by brute force when the `k`-th further use of an internal statement counts
    /// `(1 - cost)^k` of its score (its uses ordered best score first, which is how the slots fill).
    fn brute_force_cost(n_e: usize, n_i: usize, edges: &[Edge], capacity: usize, cost: f32) -> f32 {
        fn go(
            e: usize,
            n_e: usize,
            uses: &mut Vec<Vec<f32>>,
            edges: &[Edge],
            capacity: usize,
            cost: f32,
        ) -> f32 {
            if e == n_e {
                return uses
                    .iter()
                    .map(|u| {
                        let mut u = u.clone();
                        u.sort_by(|a, b| b.total_cmp(a));
                        u.iter()
                            .enumerate()
                            .map(|(k, s)| s * (1.0 - cost).powi(k as i32))
                            .sum::<f32>()
                    })
                    .sum();
            }
            let mut best = go(e + 1, n_e, uses, edges, capacity, cost);
            for ed in edges.iter().filter(|x| x.e == e && x.score > 0.0) {
                if uses[ed.i].len() < capacity {
                    uses[ed.i].push(ed.score);
                    best = best.max(go(e + 1, n_e, uses, edges, capacity, cost));
                    uses[ed.i].pop();
                }
            }
            best
        }
        go(0, n_e, &mut vec![Vec::new(); n_i], edges, capacity, cost)
    }

    fn check(n_e: usize, n_i: usize, edges: &[Edge], capacity: usize) {
        let chosen = assign(n_e, n_i, edges, capacity);
        assert_eq!(chosen.len(), n_e);
        let mut uses = vec![0; n_i];
        for (e, i) in chosen.iter().enumerate() {
            if let Some(i) = *i {
                assert!(
                    edges.iter().any(|x| x.e == e && x.i == i && x.score > 0.0),
                    "{e} paired with {i} without an edge"
                );
                uses[i] += 1;
            }
        }
        assert!(uses.iter().all(|&u| u <= capacity.max(1)), "{uses:?}");
        let got = total(edges, &chosen);
        let best = brute_force(n_e, n_i, edges, capacity.max(1));
        assert!(
            (got - best).abs() < 1e-4,
            "assignment total {got} != optimum {best} on {edges:?} (capacity {capacity})"
        );
    }

    #[test]
    fn beats_greedy_and_respects_capacity() {
        let ed = |e, i, score| Edge { e, i, score };
        // Greedy gives internal 0 to external 0 (0.9) and leaves external 1 with 0.1; the optimum swaps.
        let edges = [ed(0, 0, 0.9), ed(0, 1, 0.8), ed(1, 0, 0.85), ed(1, 1, 0.1)];
        let chosen = assign(2, 2, &edges, 1);
        assert_eq!(chosen, vec![Some(1), Some(0)]);
        assert!((total(&edges, &chosen) - 1.65).abs() < 1e-4);
        // Three externals wanting one internal: with capacity 1 only the best gets it; with 2, two do.
        let one = [ed(0, 0, 0.5), ed(1, 0, 0.7), ed(2, 0, 0.6)];
        assert_eq!(assign(3, 1, &one, 1), vec![None, Some(0), None]);
        assert_eq!(assign(3, 1, &one, 2), vec![None, Some(0), Some(0)]);
        // Leaving a statement unpaired can be best: 0 keeps 1 free for the stronger pair 1-1.
        let chain = [ed(0, 0, 0.2), ed(0, 1, 0.3), ed(1, 1, 0.9)];
        assert_eq!(assign(2, 2, &chain, 1), vec![Some(0), Some(1)]);
        // Out-of-range and non-positive edges are ignored; no edges, no pairs.
        let odd = [ed(5, 0, 0.9), ed(0, 7, 0.9), ed(0, 0, 0.0), ed(1, 0, -1.0)];
        assert_eq!(assign(2, 1, &odd, 1), vec![None, None]);
        assert_eq!(assign(0, 0, &[], 1), Vec::<Option<usize>>::new());
    }

    #[test]
    fn many_ties_end_quickly_and_pair_everyone_who_can_be() {
        // 2,000 identical externals wanting the same 50 internals: 50 pairs, each internal once.
        let edges: Vec<Edge> = (0..2000)
            .flat_map(|e| (0..50).map(move |i| Edge { e, i, score: 0.5 }))
            .collect();
        let chosen = assign(2000, 50, &edges, 1);
        let mut got: Vec<usize> = chosen.iter().flatten().copied().collect();
        got.sort_unstable();
        assert_eq!(got, (0..50).collect::<Vec<_>>());
        // With reuse 3, 150.
        assert_eq!(assign(2000, 50, &edges, 3).iter().flatten().count(), 150);
    }

    #[test]
    fn a_group_is_one_partner_and_gives_its_best_member() {
        let ed = |e, i, score| Edge { e, i, score };
        // Internals 0 and 1 are one quote (group 0); 2 stands alone.
        let group = [0, 0, 2];
        let edges = [ed(0, 0, 0.9), ed(1, 1, 0.8), ed(1, 2, 0.5)];
        // Without groups, 0 takes 0 and 1 takes 1: the same words twice.
        assert_eq!(assign(2, 3, &edges, 1), vec![Some(0), Some(1)]);
        // With them, the quote takes one row and 1 falls back to 2.
        assert_eq!(
            assign_grouped(2, 3, &edges, 1, &group),
            vec![Some(0), Some(2)]
        );
        // With reuse 2 the group serves two rows, each with the member it scores best with.
        assert_eq!(
            assign_grouped(2, 3, &edges, 2, &group),
            vec![Some(0), Some(1)]
        );
        // Every statement its own group: the plain assignment.
        assert_eq!(
            assign_grouped(2, 3, &edges, 1, &[0, 1, 2]),
            assign(2, 3, &edges, 1)
        );
    }

    /// The grouped assignment as first written, with a map from (external, group) to its best member:
    /// the sorted version must choose exactly as it did.
    fn assign_grouped_by_map(
        n_external: usize,
        n_internal: usize,
        edges: &[Edge],
        capacity: usize,
        group: &[usize],
    ) -> Vec<Option<usize>> {
        let group_of = |i: usize| group_of(group, n_internal, i);
        let mut best: std::collections::HashMap<(usize, usize), (f32, usize)> =
            std::collections::HashMap::new();
        for ed in edges
            .iter()
            .filter(|ed| ed.e < n_external && ed.i < n_internal && ed.score > 0.0)
        {
            let slot = best
                .entry((ed.e, group_of(ed.i)))
                .or_insert((ed.score, ed.i));
            if ed.score > slot.0 || (ed.score == slot.0 && ed.i < slot.1) {
                *slot = (ed.score, ed.i);
            }
        }
        let mut collapsed: Vec<Edge> = best
            .iter()
            .map(|(&(e, g), &(score, _))| Edge { e, i: g, score })
            .collect();
        collapsed.sort_by(|a, b| a.e.cmp(&b.e).then(a.i.cmp(&b.i)));
        assign(n_external, n_internal, &collapsed, capacity)
            .into_iter()
            .enumerate()
            .map(|(e, g)| g.and_then(|g| best.get(&(e, g)).map(|&(_, i)| i)))
            .collect()
    }

    fn graph() -> impl Strategy<Value = (usize, usize, Vec<Edge>, usize)> {
        (1usize..6, 1usize..6, 1usize..3).prop_flat_map(|(n_e, n_i, cap)| {
            // Scores from a small set, so that ties are common.
            let cell = prop_oneof![
                2 => Just(None),
                3 => (0u8..6).prop_map(|s| Some(f32::from(s) / 5.0)),
                1 => (0.0f32..1.0).prop_map(Some),
            ];
            proptest::collection::vec(cell, n_e * n_i).prop_map(move |cells| {
                let edges = cells
                    .iter()
                    .enumerate()
                    .filter_map(|(k, s)| {
                        s.map(|score| Edge {
                            e: k / n_i,
                            i: k % n_i,
                            score,
                        })
                    })
                    .collect();
                (n_e, n_i, edges, cap)
            })
        })
    }

    #[test]
    fn a_second_use_costs_a_share_of_its_score() {
        let ed = |e, i, score| Edge { e, i, score };
        // Both want internal 0; external 1's next best is 0.5. Shared at cost 0.3 the second use is worth
        // 0.8 × 0.7 = 0.56 > 0.5: shared. At cost 0.5 it is worth 0.4 < 0.5: external 1 takes internal 1.
        let edges = [ed(0, 0, 0.9), ed(1, 0, 0.8), ed(1, 1, 0.5)];
        assert_eq!(
            assign_with_cost(2, 2, &edges, 2, 0.3),
            vec![Some(0), Some(0)]
        );
        assert_eq!(
            assign_with_cost(2, 2, &edges, 2, 0.5),
            vec![Some(0), Some(1)]
        );
        // Cost 0 is the plain assignment; cost 1 makes every further use worthless, as reuse 1.
        assert_eq!(
            assign_with_cost(2, 2, &edges, 2, 0.0),
            assign(2, 2, &edges, 2)
        );
        assert_eq!(
            assign_with_cost(2, 2, &edges, 2, 1.0),
            assign(2, 2, &edges, 1)
        );
        // With nothing else to take, the second use is still better than none.
        let lone = [ed(0, 0, 0.9), ed(1, 0, 0.8)];
        assert_eq!(
            assign_with_cost(2, 1, &lone, 2, 0.5),
            vec![Some(0), Some(0)]
        );
    }

    #[test]
    fn a_second_use_costs_a_margin_of_score() {
        let ed = |e, i, score| Edge { e, i, score };
        let margin = |m| ReuseCost {
            share: 0.0,
            margin: m,
        };
        // Both want internal 0; external 1's next best, internal 1, is 0.1 below its pair with 0. A margin
        // of 0.05 is less than that gain: shared. A margin of 0.2 is more: external 1 takes internal 1.
        let edges = [ed(0, 0, 0.9), ed(1, 0, 0.8), ed(1, 1, 0.7)];
        assert_eq!(
            assign_with_reuse_cost(2, 2, &edges, 2, margin(0.05)),
            vec![Some(0), Some(0)]
        );
        assert_eq!(
            assign_with_reuse_cost(2, 2, &edges, 2, margin(0.2)),
            vec![Some(0), Some(1)]
        );
        // The margin is the same for a high and a low score (a share of the score is not): at share 0.2
        // the low pair (0.3 against 0.25) is shared, at margin 0.1 it is not.
        let low = [ed(0, 0, 0.9), ed(1, 0, 0.3), ed(1, 1, 0.25)];
        assert_eq!(assign_with_cost(2, 2, &low, 2, 0.2), vec![Some(0), Some(1)]);
        assert_eq!(
            assign_with_reuse_cost(2, 2, &low, 2, margin(0.01)),
            vec![Some(0), Some(0)]
        );
        assert_eq!(
            assign_with_reuse_cost(2, 2, &low, 2, margin(0.1)),
            vec![Some(0), Some(1)]
        );
        // A margin of 1 leaves no further use worth anything: as reuse 1.
        assert_eq!(
            assign_with_reuse_cost(2, 2, &edges, 2, margin(1.0)),
            assign(2, 2, &edges, 1)
        );
    }

    proptest! {
        #[test]
        fn optimal_against_brute_force((n_e, n_i, edges, cap) in graph()) {
            check(n_e, n_i, &edges, cap);
        }

        #[test]
        fn optimal_with_a_reuse_cost((n_e, n_i, edges, cap) in graph(), cost in prop_oneof![Just(0.0f32), Just(0.25f32), Just(0.5f32), 0.0f32..1.0]) {
            let chosen = assign_with_cost(n_e, n_i, &edges, cap + 1, cost);
            let mut uses = vec![Vec::new(); n_i];
            for (e, i) in chosen.iter().enumerate() {
                if let Some(i) = *i {
                    let s = edges.iter().filter(|x| x.e == e && x.i == i).map(|x| x.score).reduce(f32::max);
                    prop_assert!(s.is_some_and(|s| s > 0.0), "{} paired with {} without an edge", e, i);
                    uses[i].push(s.unwrap_or(0.0));
                }
            }
            prop_assert!(uses.iter().all(|u| u.len() <= cap + 1));
            let got: f32 = uses
                .iter_mut()
                .map(|u| {
                    u.sort_by(|a, b| b.total_cmp(a));
                    u.iter().enumerate().map(|(k, s)| s * (1.0 - cost).powi(k as i32)).sum::<f32>()
                })
                .sum();
            let best = brute_force_cost(n_e, n_i, &edges, cap + 1, cost);
            prop_assert!((got - best).abs() < 1e-4, "total {} != optimum {} (cost {})", got, best, cost);
        }

        #[test]
        fn grouped_chooses_as_the_map_version(
            (n_e, n_i, edges, cap) in graph(),
            groups in proptest::collection::vec(0usize..6, 6),
            shuffle in any::<u64>(),
        ) {
            // Any grouping (a group number out of range is its own group) and any edge order.
            let mut edges = edges;
            let n = edges.len();
            for k in (1..n).rev() {
                edges.swap(k, (shuffle.wrapping_mul(k as u64 + 7) % (k as u64 + 1)) as usize);
            }
            prop_assert_eq!(
                assign_grouped(n_e, n_i, &edges, cap, &groups),
                assign_grouped_by_map(n_e, n_i, &edges, cap, &groups)
            );
        }
    }
}
