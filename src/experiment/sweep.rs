//! Running a sweep's runs.
//!
//! On the real engine runs measure the machine, so they go one at a time:
//! repetitions are the outer loop and each visits the points in its own
//! seeded order, so drifts of the machine's load spread over all points
//! instead of biasing one, and each repetition starts with a discarded
//! warm-up run. On the virtual engine every run is an independent,
//! deterministic simulation: `jobs` worker threads take runs from a
//! crossbeam channel and send back their records, which land in their
//! canonical slots — results are the same bytes for any `jobs`.

pub use super::grid::SweepConfig;
use super::grid::{Point, Unit};
use super::results::{Cell, SweepResults};
use super::stats::Summary;
use crate::error::Error;
use crate::metrics::RunEnd;
use crate::vm::Capture;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn describe(cfg: &SweepConfig, p: &Point) -> String {
    let mut s = format!(
        "{} {} {} x{}",
        cfg.workloads[p.workload].name,
        p.scaling.name(),
        p.runtime.map_or(p.mode.name(), |r| r.name),
        p.threads
    );
    if let Some(g) = p.gil {
        s.push_str(&format!(
            " {} {}",
            g.policy,
            crate::duration::format_ns(g.switch_interval_ns)
        ));
    }
    if cfg.engine.is_virtual() {
        s.push_str(&format!(" on {} cores", p.cores));
    }
    s
}

/// Runs one unit; an error names the point and the seed.
fn run_unit(cfg: &SweepConfig, points: &[Point], u: &Unit) -> Result<super::results::Run, Error> {
    let p = &points[u.point];
    let w = &cfg.workloads[p.workload];
    let run_cfg = cfg.run_config(p, u);
    let sink = Arc::new(Capture::default());
    let r = crate::engine::run(Arc::clone(&w.program), &run_cfg, sink.clone(), sink)?.report;
    if r.end != RunEnd::Ok {
        return Err(Error::Experiment(format!(
            "sweep run {} (seed {}, repetition {}) ended {:?}: {}",
            describe(cfg, p),
            u.seed,
            u.rep,
            r.end,
            r.errors.join("; ")
        )));
    }
    Ok(super::aggregate::run_record(u.seed, u.rep, &r))
}

/// The seed of the point order of the first real-engine repetition (the
/// n-th uses `ORDER_SEED + n`).
pub const ORDER_SEED: u64 = 0x5EED;

/// `0..n` in a pseudo-random order fixed by `seed` (xorshift64* and
/// Fisher-Yates): the same seed gives the same order on every machine.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        v.swap(i, (r % (i as u64 + 1)) as usize);
    }
    v
}

fn progress(total: u64) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} runs  {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar
}

/// Real engine: one run at a time, repetitions outermost, points shuffled
/// per repetition, a warm-up before each.
fn run_serial(
    cfg: &SweepConfig,
    points: &[Point],
    units: &[Unit],
    bar: &ProgressBar,
) -> Result<Vec<super::results::Run>, Error> {
    let mut out: Vec<Option<super::results::Run>> = vec![None; units.len()];
    let rounds = (cfg.seeds.len() * cfg.repetitions as usize).max(1);
    for round in 0..rounds {
        let (seed, rep) = (
            cfg.seeds[round / cfg.repetitions as usize],
            (round % cfg.repetitions as usize) as u32,
        );
        let mine: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].seed == seed && units[i].rep == rep)
            .collect();
        if mine.is_empty() {
            continue;
        }
        if !cfg.engine.is_virtual() {
            run_unit(cfg, points, &units[mine[0]])?; // warm-up, discarded
        }
        for k in shuffled(mine.len(), ORDER_SEED + round as u64) {
            let i = mine[k];
            bar.set_message(describe(cfg, &points[units[i].point]));
            let r = run_unit(cfg, points, &units[i]);
            bar.inc(1);
            out[i] = Some(r?);
        }
    }
    Ok(out
        .into_iter()
        .map(|r| r.expect("every unit ran"))
        .collect())
}

/// The units in the order to hand them out: the most work first (threads
/// × work per thread, relative to the largest point of the same
/// workload), so that no long run starts last while the other workers
/// idle (the longest-processing-time rule). The order changes nothing
/// but the wall time: each result lands in its own slot.
fn longest_first(cfg: &SweepConfig, points: &[Point], units: &[Unit]) -> Vec<usize> {
    let work = |p: &Point| {
        cfg.workloads[p.workload].work_per_thread(p.scaling, p.threads) as f64 * p.threads as f64
    };
    let mut most = vec![0f64; cfg.workloads.len()];
    for p in points {
        most[p.workload] = most[p.workload].max(work(p));
    }
    let weight = |u: &Unit| {
        let p = &points[u.point];
        work(p) / most[p.workload].max(1.0)
    };
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| {
        weight(&units[b])
            .total_cmp(&weight(&units[a]))
            .then(a.cmp(&b))
    });
    order
}

/// Virtual engine: `jobs` threads take units from a channel; the first
/// error stops the others after their current run.
fn run_parallel(
    cfg: &SweepConfig,
    points: &[Point],
    units: &[Unit],
    bar: &ProgressBar,
) -> Result<Vec<super::results::Run>, Error> {
    let (work_tx, work_rx) = crossbeam_channel::unbounded::<usize>();
    for i in longest_first(cfg, points, units) {
        work_tx.send(i).expect("the receiver is alive");
    }
    drop(work_tx);
    let (done_tx, done_rx) =
        crossbeam_channel::unbounded::<(usize, Result<super::results::Run, Error>)>();
    let stop = AtomicBool::new(false);
    let mut out: Vec<Option<super::results::Run>> = vec![None; units.len()];
    let mut first_err: Option<(usize, Error)> = None;
    std::thread::scope(|s| {
        for _ in 0..cfg.jobs.clamp(1, units.len().max(1)) {
            let (work_rx, done_tx, stop) = (work_rx.clone(), done_tx.clone(), &stop);
            s.spawn(move || {
                for i in work_rx.iter() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let r = run_unit(cfg, points, &units[i]);
                    if done_tx.send((i, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        for (i, r) in done_rx.iter() {
            bar.set_message(describe(cfg, &points[units[i].point]));
            bar.inc(1);
            match r {
                Ok(run) => out[i] = Some(run),
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    // The earliest unit's error, whatever finished first:
                    // the same message for any number of jobs.
                    if first_err.as_ref().is_none_or(|(j, _)| i < *j) {
                        first_err = Some((i, e));
                    }
                }
            }
        }
    });
    if let Some((_, e)) = first_err {
        return Err(e);
    }
    Ok(out
        .into_iter()
        .map(|r| r.expect("every unit ran"))
        .collect())
}

/// Runs the sweep (or its shard), showing a progress bar on stderr when
/// it is a terminal.
pub fn run_sweep(cfg: &SweepConfig) -> Result<SweepResults, Error> {
    cfg.check()?;
    let points = cfg.points();
    let units = cfg.units(&points);
    let bar = progress(units.len() as u64);
    let runs = if cfg.engine.is_virtual() && cfg.jobs > 1 {
        run_parallel(cfg, &points, &units, &bar)
    } else {
        run_serial(cfg, &points, &units, &bar)
    }
    .inspect_err(|_| bar.abandon())?;
    bar.finish_and_clear();
    let mut cells: Vec<Cell> = points.iter().map(|p| empty_cell(cfg, p)).collect();
    for (u, run) in units.iter().zip(runs) {
        cells[u.point].runs.push(run);
    }
    Ok(super::aggregate::finish(cfg.header(), cells))
}

fn empty_cell(cfg: &SweepConfig, p: &Point) -> Cell {
    let w = &cfg.workloads[p.workload];
    Cell {
        workload: w.name.clone(),
        scaling: p.scaling.name().to_string(),
        runtime: p.runtime.map(|r| r.name.to_string()),
        mode: p.mode.name().to_string(),
        policy: p.gil.map_or("none".into(), |g| g.policy.to_string()),
        switch_interval_ns: p.gil.map(|g| g.switch_interval_ns),
        check_interval: p.gil.and_then(|g| g.check_interval),
        threads: p.threads,
        cores: p.cores,
        work_per_thread: w.work_per_thread(p.scaling, p.threads),
        wall_ns: Summary::default(),
        speedup: Summary::default(),
        efficiency: 0.0,
        switches: Summary::default(),
        drop_requests: Summary::default(),
        gil_wait_share: Summary::default(),
        thread_wait_share: vec![],
        runs: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::shuffled;

    #[test]
    fn shuffles_are_permutations_fixed_by_their_seed() {
        let a = shuffled(50, 7);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_eq!(a, shuffled(50, 7));
        assert_ne!(a, shuffled(50, 8));
    }
}
