//! Running a sweep: every workload x scaling x mode x thread count, for
//! several repetitions, one run at a time (timing runs never overlap).
//! Repetitions are the outer loop and each visits the cells in its own
//! seeded order, so drifts and order effects of the machine's load spread
//! over all cells instead of biasing one; each repetition starts with a
//! discarded warm-up run.

use super::machine::Machine;
use super::results::{Cell, Header, SweepResults};
use super::workload::{Scaling, Workload};
use crate::engine::{EngineConfig, Mode, RunConfig};
use crate::error::Error;
use crate::gil::PolicyId;
use crate::metrics::{RunEnd, RunReport};
use crate::vm::Capture;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepConfig {
    /// The workloads.
    pub workloads: Vec<Workload>,
    /// The modes.
    pub modes: Vec<Mode>,
    /// Thread counts (include 1: speedups are relative to it).
    pub threads: Vec<u32>,
    /// Scalings.
    pub scalings: Vec<Scaling>,
    /// Repetitions per cell.
    pub repetitions: u32,
    /// GIL policy.
    pub policy: PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// The engine (and, for the virtual one, the simulated machine).
    pub engine: EngineConfig,
}

impl SweepConfig {
    /// The default sweep: the built-in CPU- and IO-bound workloads under the
    /// four models (threads with the GIL, free-threaded, asyncio,
    /// processes), 1..16 threads, strong and weak scaling, 5 repetitions.
    pub fn default_sweep() -> SweepConfig {
        SweepConfig {
            workloads: super::workload::defaults(),
            modes: Mode::ALL.to_vec(),
            threads: vec![1, 2, 4, 8, 16],
            scalings: vec![Scaling::Strong, Scaling::Weak],
            repetitions: 5,
            policy: PolicyId::NEWGIL,
            switch_interval_ns: crate::engine::DEFAULT_SWITCH_INTERVAL_NS,
            engine: EngineConfig::default(),
        }
    }

    fn header(&self) -> Header {
        Header {
            gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
            machine: Machine::for_engine(&self.engine),
            engine: self.engine.engine.name().to_string(),
            workloads: self.workloads.iter().map(|w| w.spec.clone()).collect(),
            modes: self.modes.iter().map(|m| m.name().to_string()).collect(),
            threads: self.threads.clone(),
            scalings: self.scalings.iter().map(|s| s.name().to_string()).collect(),
            repetitions: self.repetitions,
            policy: self.policy.name().to_string(),
            switch_interval_ns: self.switch_interval_ns,
        }
    }
}

struct Key<'a> {
    workload: &'a Workload,
    scaling: Scaling,
    mode: Mode,
    threads: u32,
}

fn run_once(cfg: &SweepConfig, k: &Key, rep: u32) -> Result<RunReport, Error> {
    // Virtual runs are exact replays of their seed: each repetition gets
    // its own, so repetitions sample the jitter of wake-up latencies.
    let mut engine = cfg.engine.clone();
    engine.seed = engine.seed.wrapping_add(rep as u64);
    let work = k.workload.work_per_thread(k.scaling, k.threads);
    let run_cfg = RunConfig {
        entry: k.workload.entry.clone(),
        args: k.workload.args_with(work),
        threads: k.threads,
        mode: k.mode,
        policy: cfg.policy,
        switch_interval_ns: cfg.switch_interval_ns,
        max_threads: k.threads.max(crate::engine::DEFAULT_MAX_THREADS),
        engine,
        ..RunConfig::default()
    };
    let sink = Arc::new(Capture::default());
    let r = crate::engine::run(
        Arc::clone(&k.workload.program),
        &run_cfg,
        sink.clone(),
        sink,
    )?
    .report;
    if r.end != RunEnd::Ok {
        return Err(Error::Experiment(format!(
            "sweep run {} / {} / {} / {} threads ended {:?}: {}",
            k.workload.name,
            k.scaling.name(),
            k.mode.name(),
            k.threads,
            r.end,
            r.errors.join("; ")
        )));
    }
    Ok(r)
}

fn median_u64(v: &[u64]) -> u64 {
    let mut s = v.to_vec();
    s.sort_unstable();
    s[s.len() / 2]
}

/// The seed of the cell order of the first repetition (the n-th uses
/// `ORDER_SEED + n`).
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

/// Runs the sweep, showing a progress bar on stderr when it is a terminal.
pub fn run_sweep(cfg: &SweepConfig) -> Result<SweepResults, Error> {
    if cfg.threads.is_empty()
        || cfg.modes.is_empty()
        || cfg.workloads.is_empty()
        || cfg.scalings.is_empty()
    {
        return Err(Error::Usage(
            "a sweep needs at least one workload, mode, scaling and thread count".into(),
        ));
    }
    if cfg.repetitions == 0 {
        return Err(Error::Usage("--reps must be at least 1".into()));
    }
    let mut keys = Vec::new();
    for workload in &cfg.workloads {
        for &scaling in &cfg.scalings {
            for &mode in &cfg.modes {
                for &threads in &cfg.threads {
                    keys.push(Key {
                        workload,
                        scaling,
                        mode,
                        threads,
                    });
                }
            }
        }
    }
    let total = keys.len() as u64 * cfg.repetitions as u64;
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
    let mut reports: Vec<Vec<RunReport>> = keys.iter().map(|_| Vec::new()).collect();
    for rep in 0..cfg.repetitions {
        // Each repetition visits the cells in a different (seeded, so
        // reproducible) order: the first cells of a fixed order measured up
        // to 50% slow on the 2-core machine here, every repetition, and a
        // median cannot remove an effect that hits the same cell each time.
        if !cfg.engine.is_virtual() {
            run_once(cfg, &keys[0], rep)?; // warm-up, discarded
        }
        for i in shuffled(keys.len(), ORDER_SEED + rep as u64) {
            let (k, runs) = (&keys[i], &mut reports[i]);
            bar.set_message(format!(
                "{} {} {} x{}",
                k.workload.name,
                k.scaling.name(),
                k.mode.name(),
                k.threads
            ));
            let r = run_once(cfg, k, rep);
            bar.inc(1);
            runs.push(r.inspect_err(|_| bar.abandon())?);
        }
    }
    bar.finish_and_clear();

    let mut cells: Vec<Cell> = keys
        .iter()
        .zip(&reports)
        .map(|(k, runs)| {
            let walls: Vec<u64> = runs.iter().map(|r| r.wall_ns).collect();
            let med = median_u64(&walls);
            // The run whose wall time is the median stands for the cell's GIL metrics.
            let rep = runs
                .iter()
                .find(|r| r.wall_ns == med)
                .expect("the median is one of the runs");
            let shares: Vec<f64> = rep
                .threads
                .iter()
                .map(|t| t.gil_wait_ns as f64 / rep.wall_ns.max(1) as f64)
                .collect();
            Cell {
                workload: k.workload.name.clone(),
                scaling: k.scaling.name().to_string(),
                mode: k.mode.name().to_string(),
                threads: k.threads,
                work_per_thread: k.workload.work_per_thread(k.scaling, k.threads),
                wall_median_ns: med,
                wall_min_ns: *walls.iter().min().expect("at least one run"),
                wall_max_ns: *walls.iter().max().expect("at least one run"),
                speedup: 0.0,
                efficiency: 0.0,
                switches: rep.switches,
                gil_wait_share: shares.iter().sum::<f64>() / shares.len().max(1) as f64,
                drop_requests: rep.threads.iter().map(|t| t.drop_requests).sum(),
                thread_wait_share: shares,
                runs_ns: walls,
            }
        })
        .collect();
    fill_speedups(&mut cells);
    Ok(SweepResults {
        header: cfg.header(),
        cells,
    })
}

/// Speedup and efficiency of each cell against the fewest-threads cell of
/// the same workload, scaling and mode (one thread, in a normal sweep).
fn fill_speedups(cells: &mut [Cell]) {
    let base: Vec<(String, String, String, u32, u64)> = cells
        .iter()
        .map(|c| {
            (
                c.workload.clone(),
                c.scaling.clone(),
                c.mode.clone(),
                c.threads,
                c.wall_median_ns,
            )
        })
        .collect();
    for c in cells.iter_mut() {
        let Some(&(_, _, _, n1, t1)) = base
            .iter()
            .filter(|b| b.0 == c.workload && b.1 == c.scaling && b.2 == c.mode)
            .min_by_key(|b| b.3)
        else {
            continue;
        };
        let ratio = t1 as f64 / c.wall_median_ns.max(1) as f64;
        c.speedup = if c.scaling == "weak" {
            ratio * c.threads as f64 / n1 as f64
        } else {
            ratio
        };
        c.efficiency = c.speedup * n1 as f64 / c.threads as f64;
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
