//! `gilsim experiment ccbench`: tables in the style of CPython's former
//! Tools/ccbench, for each policy.
//!
//! - **Throughput**: 1-4 threads running the same task for a fixed time —
//!   bytecode work, native work that releases the GIL, native work that
//!   holds it — as work per second and as a share of one thread's.
//! - **Latency**: an echo loop (wait for a request, then reply with a
//!   little bytecode work) beside 0-4 CPU-bound threads: the delay from a
//!   request arriving to the thread running again.
//! - **Bandwidth**: back-to-back tiny IO waits beside 0-4 CPU-bound
//!   threads: IO operations per second, as a share of the unloaded rate.
//!
//! Every cell runs once per seed on the virtual engine (`--seeds`) or
//! `--reps` times on the real one; each figure is a [`Summary`] over those
//! runs (shares of one thread's rate, or of the unloaded rate, are taken
//! run by run), and each run's values are kept (`runs`).

use super::machine::Machine;
use super::mix::{io_beside_cpu, task_for, Gil};
use super::repeat::{pm, summary_or_number, RunId};
use super::stats::{Summary, CI_METHOD};
use crate::error::Error;
use crate::runtime::Runtime;
use crate::spec::{CostModel, Engine, RuntimeCosts};
use crate::vm::Value;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// One throughput cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Throughput {
    /// Task.
    pub task: String,
    /// Threads.
    pub threads: u32,
    /// Instructions per second (each task iteration has a fixed count).
    #[serde(deserialize_with = "summary_or_number")]
    pub rate: Summary,
    /// Rate as a share of one thread's in the same run (1.0 = no gain).
    #[serde(deserialize_with = "summary_or_number")]
    pub relative: Summary,
    /// Each run's values (empty in files from before repeated runs).
    #[serde(default)]
    pub runs: Vec<ThroughputRun>,
}

/// One run of a throughput cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ThroughputRun {
    /// The virtual engine's seed (null on the real engine).
    pub seed: Option<u64>,
    /// The run's index, from 0.
    pub rep: u32,
    /// Instructions per second.
    pub rate: f64,
    /// As a share of one thread's rate.
    pub relative: f64,
}

/// One latency or bandwidth cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Background {
    /// CPU-bound threads in the background.
    pub cpu_threads: u32,
    /// Request arrived -> thread running again, median (ns).
    #[serde(deserialize_with = "summary_or_number")]
    pub p50_ns: Summary,
    /// ... 99th percentile (ns).
    #[serde(deserialize_with = "summary_or_number")]
    pub p99_ns: Summary,
    /// ... maximum (ns).
    #[serde(deserialize_with = "summary_or_number")]
    pub max_ns: Summary,
    /// IO operations per second.
    #[serde(deserialize_with = "summary_or_number")]
    pub io_ops_per_s: Summary,
    /// As a share of the rate with no background threads, in the same run.
    #[serde(deserialize_with = "summary_or_number")]
    pub relative: Summary,
    /// Each run's values (empty in files from before repeated runs).
    #[serde(default)]
    pub runs: Vec<BackgroundRun>,
}

/// One run of a latency or bandwidth cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BackgroundRun {
    /// The virtual engine's seed (null on the real engine).
    pub seed: Option<u64>,
    /// The run's index, from 0.
    pub rep: u32,
    /// Request arrived -> running again, median (ns).
    pub p50_ns: u64,
    /// ... 99th percentile (ns).
    pub p99_ns: u64,
    /// ... maximum (ns).
    pub max_ns: u64,
    /// IO operations per second.
    pub io_ops_per_s: f64,
    /// As a share of the unloaded rate.
    pub relative: f64,
}

impl Throughput {
    fn of(task: String, threads: u32, runs: Vec<ThroughputRun>) -> Throughput {
        let f = |g: fn(&ThroughputRun) -> f64| Summary::of(&runs.iter().map(g).collect::<Vec<_>>());
        Throughput {
            task,
            threads,
            rate: f(|r| r.rate),
            relative: f(|r| r.relative),
            runs,
        }
    }
}

impl Background {
    fn of(cpu_threads: u32, runs: Vec<BackgroundRun>) -> Background {
        let f = |g: fn(&BackgroundRun) -> f64| Summary::of(&runs.iter().map(g).collect::<Vec<_>>());
        Background {
            cpu_threads,
            p50_ns: f(|r| r.p50_ns as f64),
            p99_ns: f(|r| r.p99_ns as f64),
            max_ns: f(|r| r.max_ns as f64),
            io_ops_per_s: f(|r| r.io_ops_per_s),
            relative: f(|r| r.relative),
            runs,
        }
    }
}

/// One policy's tables.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PolicyTables {
    /// Policy, in its canonical form.
    pub policy: String,
    /// Throughput cells.
    pub throughput: Vec<Throughput>,
    /// Latency cells.
    pub latency: Vec<Background>,
    /// Bandwidth cells.
    pub bandwidth: Vec<Background>,
}

/// The whole benchmark.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CcbenchResults {
    /// `ccbench`.
    #[serde(default = "ccbench_name")]
    pub experiment: String,
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine.
    pub machine: Machine,
    /// The engine (`None` in files from before it was recorded).
    #[serde(default)]
    pub engine: Option<Engine>,
    /// The runtime preset the runs modelled (`--runtime`), if any: it set
    /// the policy, the switch interval unless one was given, and the
    /// runtime's costs. Absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// The seeds, one run each, on the virtual engine (empty on the real
    /// engine and in older files).
    #[serde(default)]
    pub seeds: Vec<u64>,
    /// Runs of each cell (repetitions on the real engine).
    #[serde(default = "one")]
    pub reps: u32,
    /// The virtual engine's cost model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_model: Option<CostModel>,
    /// How the confidence intervals are computed.
    #[serde(default = "ci_method")]
    pub ci_method: String,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Per policy.
    pub policies: Vec<PolicyTables>,
}

fn ccbench_name() -> String {
    "ccbench".into()
}

fn one() -> u32 {
    1
}

fn ci_method() -> String {
    CI_METHOD.into()
}

/// Runs the benchmark for each policy, every run of `runs` (the outer
/// loop; empty means one run); `ms` is each throughput run's length.
pub fn run(
    policies: &[crate::gil::PolicyId],
    switch_interval_ns: u64,
    ms: u64,
    engine: &crate::engine::EngineConfig,
    runs: &[RunId],
) -> Result<CcbenchResults, Error> {
    run_under(policies, switch_interval_ns, ms, engine, runs, None)
}

/// [`run`] under a runtime preset (`--runtime`): its costs in every run,
/// its name in the results. The preset's policy and switch interval are
/// the caller's to pass (an explicit interval may override it).
pub fn run_under(
    policies: &[crate::gil::PolicyId],
    switch_interval_ns: u64,
    ms: u64,
    engine: &crate::engine::EngineConfig,
    runs: &[RunId],
    runtime: Option<&'static Runtime>,
) -> Result<CcbenchResults, Error> {
    let runs = if runs.is_empty() {
        &[RunId::ONCE][..]
    } else {
        runs
    };
    let tasks: [(&str, &str, Vec<Value>); 3] = [
        ("bytecode", "bytecode_task", vec![]),
        (
            "native, GIL released",
            "native_task",
            vec![Value::Int(200), Value::Bool(true)],
        ),
        (
            "native, GIL held",
            "native_task",
            vec![Value::Int(200), Value::Bool(false)],
        ),
    ];
    // Per policy, per cell: the runs so far.
    type Cells<T> = Vec<Vec<T>>;
    let mut acc: Vec<(
        Cells<ThroughputRun>,
        Cells<BackgroundRun>,
        Cells<BackgroundRun>,
    )> = policies.iter().map(|_| Default::default()).collect();
    fn put<T>(cells: &mut Cells<T>, i: usize, x: T) {
        if cells.len() <= i {
            cells.resize_with(i + 1, Vec::new);
        }
        cells[i].push(x);
    }
    for id in runs {
        let (seed, rep) = (id.recorded_seed(engine), id.rep);
        for (pi, policy) in policies.iter().enumerate() {
            let g = Gil {
                policy: *policy,
                switch_interval_ns,
                engine: id.engine(engine),
                runtime_costs: runtime.map_or(RuntimeCosts::NONE, Runtime::costs),
            };
            let (throughput, latency, bandwidth) = &mut acc[pi];
            let mut cell = 0;
            for (_, entry, args) in &tasks {
                let mut one = 0.0;
                for n in 1..=4 {
                    let r = task_for(&g, entry, args.clone(), n, ms)?;
                    let rate = r.total_instructions() as f64 / (r.wall_ns as f64 / 1e9);
                    if n == 1 {
                        one = rate;
                    }
                    let relative = rate / f64::max(one, 1e-9);
                    put(
                        throughput,
                        cell,
                        ThroughputRun {
                            seed,
                            rep,
                            rate,
                            relative,
                        },
                    );
                    cell += 1;
                }
            }
            let background = |cells: &mut Cells<BackgroundRun>,
                              count: u32,
                              secs: f64,
                              reply: u32|
             -> Result<(), Error> {
                let mut base = None;
                for k in 0..=4 {
                    let r = io_beside_cpu(&g, k, count, secs, reply)?;
                    let io = &r.threads[0];
                    let rate = io.io_ops as f64 / (r.wall_ns as f64 / 1e9);
                    let base = *base.get_or_insert(rate);
                    put(
                        cells,
                        k as usize,
                        BackgroundRun {
                            seed,
                            rep,
                            p50_ns: io.io_reacquire_ns.p50,
                            p99_ns: io.io_reacquire_ns.p99,
                            max_ns: io.io_reacquire_ns.max,
                            io_ops_per_s: rate,
                            relative: rate / f64::max(base, 1e-9),
                        },
                    );
                }
                Ok(())
            };
            background(latency, 30, 0.002, 500)?;
            background(bandwidth, 60, 0.0001, 0)?;
        }
    }
    let names: Vec<(String, u32)> = tasks
        .iter()
        .flat_map(|(name, _, _)| (1..=4).map(move |n| (name.to_string(), n)))
        .collect();
    let out = policies
        .iter()
        .zip(acc)
        .map(|(policy, (throughput, latency, bandwidth))| PolicyTables {
            policy: policy.to_string(),
            throughput: names
                .iter()
                .cloned()
                .zip(throughput)
                .map(|((task, n), runs)| Throughput::of(task, n, runs))
                .collect(),
            latency: (0..)
                .zip(latency)
                .map(|(k, r)| Background::of(k, r))
                .collect(),
            bandwidth: (0..)
                .zip(bandwidth)
                .map(|(k, r)| Background::of(k, r))
                .collect(),
        })
        .collect();
    let virt = engine.is_virtual();
    let seeds: Vec<u64> = runs
        .iter()
        .filter_map(|id| id.recorded_seed(engine))
        .collect();
    let mut machine = Machine::for_engine(engine);
    if virt {
        machine.cpu_model = format!(
            "virtual engine, seeds {}",
            super::seeds::format_seeds(&seeds)
        );
    }
    Ok(CcbenchResults {
        experiment: ccbench_name(),
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine,
        engine: Some(engine.engine),
        runtime: runtime.map(|r| r.name.to_string()),
        seeds,
        reps: runs.len() as u32,
        cost_model: virt.then(|| engine.cost.clone()),
        ci_method: ci_method(),
        switch_interval_ns,
        policies: out,
    })
}

/// The results as ccbench-style tables: each figure the mean ± the
/// half-width of its 95% confidence interval over the runs (the plain
/// value for one run).
pub fn tables(r: &CcbenchResults) -> String {
    let mut s = format!(
        "ccbench on {} cores ({}), switch interval {} ms{}\n",
        r.machine.cores,
        r.machine.cpu_model,
        r.switch_interval_ns as f64 / 1e6,
        r.runtime
            .as_ref()
            .map_or(String::new(), |rt| format!(", runtime {rt}"))
    );
    if r.reps > 1 {
        let runs = if r.seeds.is_empty() {
            format!("{} repetitions", r.reps)
        } else {
            format!(
                "{} seeds ({})",
                r.seeds.len(),
                super::seeds::format_seeds(&r.seeds)
            )
        };
        let _ = writeln!(
            s,
            "each figure: mean ± half-width of its 95% confidence interval over n = {runs}"
        );
    }
    for p in &r.policies {
        let _ = writeln!(
            s,
            "\n=== policy {} ===\n--- Throughput (share of one thread's rate) ---",
            p.policy
        );
        let mut task = "";
        for t in &p.throughput {
            if t.task != task {
                task = &t.task;
                let _ = write!(s, "\n{task:<22}");
            }
            let _ = write!(s, "  {} thr: {:>4}%", t.threads, pm(&t.relative, 100.0, 0));
        }
        let _ = writeln!(
            s,
            "\n\n--- Latency (request -> reply running; background CPU threads) ---"
        );
        for c in &p.latency {
            let _ = writeln!(
                s,
                "Background CPU threads: {}   p50 {:>8} ms   p99 {:>8} ms   max {:>8} ms",
                c.cpu_threads,
                pm(&c.p50_ns, 1e-6, 3),
                pm(&c.p99_ns, 1e-6, 3),
                pm(&c.max_ns, 1e-6, 3)
            );
        }
        let _ = writeln!(
            s,
            "\n--- I/O bandwidth (tiny IO waits; background CPU threads) ---"
        );
        for c in &p.bandwidth {
            let _ = writeln!(
                s,
                "Background CPU threads: {}   {:>8} IO ops/s   ({:>5}% of unloaded)",
                c.cpu_threads,
                pm(&c.io_ops_per_s, 1.0, 0),
                pm(&c.relative, 100.0, 1)
            );
        }
    }
    s
}
