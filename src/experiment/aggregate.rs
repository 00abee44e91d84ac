//! From runs to cells: each cell's summaries over its runs, its speedup
//! against the fewest-threads cell with the same parameters (run by run),
//! and the canonical order of cells and runs — written once, used by a
//! sweep and by `merge`, so a merged sweep is the same bytes as one run
//! whole.

use super::results::{Cell, Header, Run, SweepResults};
use super::stats::Summary;
use crate::metrics::RunReport;
use std::collections::HashMap;

/// The [`Run`] record of one run's report.
pub fn run_record(seed: u64, rep: u32, r: &RunReport) -> Run {
    let wall = r.wall_ns.max(1) as f64;
    let threads: Vec<super::results::ThreadRow> = r
        .threads
        .iter()
        .map(|t| super::results::ThreadRow {
            name: t.name.clone(),
            instructions: t.instructions,
            gil_wait_ns: t.gil_wait_ns,
            gil_hold_ns: t.gil_hold_ns,
            drop_requests: t.drop_requests,
            io_ops: t.io_ops,
        })
        .collect();
    let share: f64 = r
        .threads
        .iter()
        .map(|t| t.gil_wait_ns as f64 / wall)
        .sum::<f64>()
        / r.threads.len().max(1) as f64;
    Run {
        seed,
        rep,
        wall_ns: r.wall_ns,
        switches: r.switches,
        drop_requests: r.threads.iter().map(|t| t.drop_requests).sum(),
        io_ops: r.threads.iter().map(|t| t.io_ops).sum(),
        instructions: r.threads.iter().map(|t| t.instructions).sum(),
        gil_wait_share: share,
        threads,
    }
}

/// Fills a cell's summaries from its runs (speedups are [`fill_speedups`]'s).
pub fn summarize(c: &mut Cell) {
    let f = |g: &dyn Fn(&Run) -> f64| Summary::of(&c.runs.iter().map(g).collect::<Vec<_>>());
    c.wall_ns = f(&|r| r.wall_ns as f64);
    c.switches = f(&|r| r.switches as f64);
    c.drop_requests = f(&|r| r.drop_requests as f64);
    c.gil_wait_share = f(&|r| r.gil_wait_share);
    // The run whose wall time is the (lower) median stands for the
    // per-thread shares.
    let mut order: Vec<&Run> = c.runs.iter().collect();
    order.sort_by_key(|r| (r.wall_ns, r.seed, r.rep));
    c.thread_wait_share = order
        .get((order.len().max(1) - 1) / 2)
        .map(|r| {
            r.threads
                .iter()
                .map(|t| t.gil_wait_ns as f64 / r.wall_ns.max(1) as f64)
                .collect()
        })
        .unwrap_or_default();
}

/// Speedup and efficiency of each cell against the fewest-threads cell of
/// the same series (every parameter but the thread count), pairing runs
/// of the same seed and repetition; a cell whose base is absent (a shard)
/// gets an empty speedup.
pub fn fill_speedups(cells: &mut [Cell]) {
    /// A series' base: its fewest threads and their wall time per run.
    type Base = (u32, HashMap<(u64, u32), u64>);
    let mut base: HashMap<super::results::CellKey, Base> = HashMap::new();
    for c in cells.iter() {
        let walls = c
            .runs
            .iter()
            .map(|r| ((r.seed, r.rep), r.wall_ns))
            .collect();
        let e = base.entry(c.series()).or_insert((c.threads, walls));
        if c.threads < e.0 {
            *e = (
                c.threads,
                c.runs
                    .iter()
                    .map(|r| ((r.seed, r.rep), r.wall_ns))
                    .collect(),
            );
        }
    }
    for c in cells.iter_mut() {
        let Some((n1, walls)) = base.get(&c.series()) else {
            continue;
        };
        let weak = c.scaling == "weak";
        let ratios: Vec<f64> = c
            .runs
            .iter()
            .filter_map(|r| {
                let t1 = *walls.get(&(r.seed, r.rep))? as f64;
                let ratio = t1 / r.wall_ns.max(1) as f64;
                Some(if weak {
                    ratio * c.threads as f64 / *n1 as f64
                } else {
                    ratio
                })
            })
            .collect();
        c.speedup = if ratios.len() == c.runs.len() {
            Summary::of(&ratios)
        } else {
            Summary::default()
        };
        c.efficiency = c.speedup.mean * *n1 as f64 / c.threads as f64;
    }
}

/// Sorts cells into the grid's canonical order (the order of the header's
/// axes: workload, scaling, runtime, mode, policy, switch interval, check interval,
/// cores, threads) and each cell's runs into seed then repetition order.
pub fn sort_canonical(h: &Header, cells: &mut [Cell]) {
    let pos = |list: &[String], v: &str| list.iter().position(|x| x == v).unwrap_or(usize::MAX);
    let workload_names: Vec<String> = h
        .workloads
        .iter()
        .map(|s| s.split_once('=').map_or(s.as_str(), |p| p.0).to_string())
        .collect();
    let key = |c: &Cell| {
        (
            pos(&workload_names, &c.workload),
            pos(&h.scalings, &c.scaling),
            c.runtime.as_ref().map(|r| pos(&h.runtimes, r)),
            pos(&h.modes, &c.mode),
            pos(&h.policies, &c.policy),
            c.switch_interval_ns
                .and_then(|s| h.switch_intervals_ns.iter().position(|x| *x == s)),
            c.check_interval
                .and_then(|s| h.check_intervals.iter().position(|x| *x == s)),
            h.cores.iter().position(|x| *x == c.cores),
            h.threads.iter().position(|x| *x == c.threads),
        )
    };
    cells.sort_by_key(key);
    for c in cells.iter_mut() {
        c.runs
            .sort_by_key(|r| (h.seeds.iter().position(|s| *s == r.seed), r.rep));
    }
}

/// Results from cells holding their runs: summaries, speedups and the
/// canonical order.
pub fn finish(header: Header, mut cells: Vec<Cell>) -> SweepResults {
    cells.retain(|c| !c.runs.is_empty());
    sort_canonical(&header, &mut cells);
    for c in cells.iter_mut() {
        summarize(c);
    }
    fill_speedups(&mut cells);
    SweepResults { header, cells }
}
