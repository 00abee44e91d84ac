//! `gilsim experiment convoy`: one IO-bound thread doing many short IO
//! waits beside 0, 1, 2 and 4 CPU-bound threads, for each policy, at
//! several switch intervals. It reports IO operations per second, the delay
//! from each IO finishing to the thread running again, and how much the
//! CPU-bound threads lose to the IO thread.
//!
//! Every configuration runs once per seed on the virtual engine
//! (`--seeds`) or `--reps` times on the real one; each figure is a
//! [`Summary`] over those runs, whose values are kept too (`runs`, and one
//! row per run in the tidy CSV, [`ConvoyResults::write_csv`]). Files
//! written before repeated runs, with plain numbers, still read (as one
//! run each).

use super::machine::Machine;
use super::mix::{io_beside_cpu, spinner_rate, Gil};
use super::repeat::{check_summary, pm, summary_or_number, RunId};
use super::stats::{Summary, CI_METHOD};
use crate::error::Error;
use crate::runtime::Runtime;
use crate::spec::{CostModel, Engine, RuntimeCosts};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// What to run.
#[derive(Clone, Debug)]
pub struct ConvoyConfig {
    /// Policies.
    pub policies: Vec<crate::gil::PolicyId>,
    /// Switch intervals (ns).
    pub intervals_ns: Vec<u64>,
    /// CPU-bound thread counts.
    pub cpu_threads: Vec<u32>,
    /// IO waits per run.
    pub io_count: u32,
    /// Length of each IO wait (s).
    pub io_secs: f64,
    /// The engine.
    pub engine: crate::engine::EngineConfig,
    /// The runs of each configuration (see [`super::repeat::plan`]).
    pub runs: Vec<RunId>,
}

impl Default for ConvoyConfig {
    fn default() -> Self {
        ConvoyConfig {
            policies: crate::gil::PolicyId::python().collect(),
            intervals_ns: vec![5_000_000, 1_000_000, 100_000],
            cpu_threads: vec![0, 1, 2, 4],
            io_count: 40,
            io_secs: 0.0005,
            engine: crate::engine::EngineConfig::default(),
            runs: vec![RunId::ONCE],
        }
    }
}

/// One configuration's results: each figure a [`Summary`] over its runs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConvoyRow {
    /// Policy.
    pub policy: crate::gil::PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// CPU-bound threads beside the IO thread.
    pub cpu_threads: u32,
    /// IO operations per second of wall time.
    #[serde(deserialize_with = "summary_or_number")]
    pub io_ops_per_s: Summary,
    /// IO finished -> running again, median (ns).
    #[serde(deserialize_with = "summary_or_number")]
    pub io_back_p50_ns: Summary,
    /// ... 99th percentile (ns).
    #[serde(deserialize_with = "summary_or_number")]
    pub io_back_p99_ns: Summary,
    /// CPU-bound instructions per second beside the IO thread.
    #[serde(deserialize_with = "summary_or_number")]
    pub cpu_rate: Summary,
    /// What the CPU-bound threads lose: the share of the run in which none
    /// of them held the GIL (the IO thread held it, or it was changing
    /// hands), `1 - sum(CPU threads' hold time) / wall`.
    #[serde(deserialize_with = "summary_or_number")]
    pub cpu_loss: Summary,
    /// Each run's figures, in run order (empty in files from before
    /// repeated runs).
    #[serde(default)]
    pub runs: Vec<ConvoyRun>,
}

/// One run of one configuration.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConvoyRun {
    /// The virtual engine's seed (null on the real engine).
    pub seed: Option<u64>,
    /// The run's index among the configuration's runs, from 0.
    pub rep: u32,
    /// IO operations per second of wall time.
    pub io_ops_per_s: f64,
    /// IO finished -> running again, median (ns).
    pub io_back_p50_ns: u64,
    /// ... 99th percentile (ns).
    pub io_back_p99_ns: u64,
    /// CPU-bound instructions per second beside the IO thread.
    pub cpu_rate: f64,
    /// What the CPU-bound threads lose (see [`ConvoyRow::cpu_loss`]).
    pub cpu_loss: f64,
}

impl ConvoyRow {
    /// The figures this row's runs add up to.
    fn of(
        policy: crate::gil::PolicyId,
        switch_interval_ns: u64,
        cpu_threads: u32,
        runs: Vec<ConvoyRun>,
    ) -> ConvoyRow {
        let f = |get: fn(&ConvoyRun) -> f64| Summary::of(&runs.iter().map(get).collect::<Vec<_>>());
        ConvoyRow {
            policy,
            switch_interval_ns,
            cpu_threads,
            io_ops_per_s: f(|r| r.io_ops_per_s),
            io_back_p50_ns: f(|r| r.io_back_p50_ns as f64),
            io_back_p99_ns: f(|r| r.io_back_p99_ns as f64),
            cpu_rate: f(|r| r.cpu_rate),
            cpu_loss: f(|r| r.cpu_loss),
            runs,
        }
    }

    /// Runs per figure.
    pub fn n(&self) -> u32 {
        self.io_ops_per_s.n
    }
}

/// The whole experiment. Reading it from JSON checks it (see
/// [`ConvoyResults::validate`]), so a file that deserialises can be charted.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(try_from = "ConvoyFile")]
pub struct ConvoyResults {
    /// `convoy`.
    pub experiment: String,
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine.
    pub machine: Machine,
    /// The engine (`None` in files from before it was recorded).
    pub engine: Option<Engine>,
    /// The runtime preset the runs modelled (`--runtime`), if any: it set
    /// the policy, the switch interval unless one was given, and the
    /// runtime's costs. Absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// The seeds, one run each, on the virtual engine (empty on the real
    /// engine and in older files).
    pub seeds: Vec<u64>,
    /// Runs of each configuration (repetitions on the real engine).
    pub reps: u32,
    /// The virtual engine's cost model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_model: Option<CostModel>,
    /// How the confidence intervals are computed.
    pub ci_method: String,
    /// IO waits per run and their length (s).
    pub io_count: u32,
    /// Length of each IO wait (s).
    pub io_secs: f64,
    /// Every configuration.
    pub rows: Vec<ConvoyRow>,
}

/// [`ConvoyResults`] as read, before it is checked; the fields added with
/// repeated runs have defaults, so older files read.
#[derive(Deserialize)]
struct ConvoyFile {
    #[serde(default = "convoy_name")]
    experiment: String,
    gilsim_version: String,
    machine: Machine,
    #[serde(default)]
    engine: Option<Engine>,
    #[serde(default)]
    runtime: Option<String>,
    #[serde(default)]
    seeds: Vec<u64>,
    #[serde(default = "one")]
    reps: u32,
    #[serde(default)]
    cost_model: Option<CostModel>,
    #[serde(default = "ci_method")]
    ci_method: String,
    io_count: u32,
    io_secs: f64,
    rows: Vec<ConvoyRow>,
}

fn convoy_name() -> String {
    "convoy".into()
}

fn one() -> u32 {
    1
}

fn ci_method() -> String {
    CI_METHOD.into()
}

impl TryFrom<ConvoyFile> for ConvoyResults {
    type Error = String;

    fn try_from(f: ConvoyFile) -> Result<ConvoyResults, String> {
        let r = ConvoyResults {
            experiment: f.experiment,
            gilsim_version: f.gilsim_version,
            machine: f.machine,
            engine: f.engine,
            runtime: f.runtime,
            seeds: f.seeds,
            reps: f.reps,
            cost_model: f.cost_model,
            ci_method: f.ci_method,
            io_count: f.io_count,
            io_secs: f.io_secs,
            rows: f.rows,
        };
        r.validate()?;
        Ok(r)
    }
}

/// The most switch intervals a convoy chart draws (one column each).
pub const MAX_INTERVALS: usize = 16;
/// The most distinct CPU-bound thread counts a convoy chart draws.
pub const MAX_CPU_THREAD_COUNTS: usize = 64;
/// The largest rate (IO ops/s, CPU-bound instructions/s) a file may hold:
/// far beyond any machine, small enough that a chart's axis stays finite.
pub const MAX_RATE: f64 = 1e15;

impl ConvoyResults {
    /// Reads results written by `gilsim experiment convoy`: a file that is
    /// not JSON of the right shape, or whose values could not have come
    /// from the experiment, is an [`Error::Results`] (exit 65).
    pub fn read_json(path: &std::path::Path) -> Result<ConvoyResults, Error> {
        let bytes = super::results::read_input(path)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| super::results::json_error(path, "not gilsim convoy results", &e))
    }

    /// Checks what the chart relies on: at least one row and core; a
    /// non-negative IO length; every figure a sound summary (see
    /// [`check_summary`]) of finite, non-negative values — rates within
    /// [`MAX_RATE`], `cpu_loss` between 0 and 1 — with p50 <= p99 on
    /// average; the same number of runs for every figure of a row, and as
    /// many runs kept if any are; no configuration twice; at most
    /// [`MAX_INTERVALS`] switch intervals and [`MAX_CPU_THREAD_COUNTS`]
    /// thread counts; no seed twice, and as many seeds as runs. The
    /// message names the first bad row.
    pub fn validate(&self) -> Result<(), String> {
        use super::results::{check_range, show_num};
        use super::seeds::MAX_SEEDS;
        if self.experiment != "convoy" {
            return Err(format!(
                "experiment is '{}', not convoy",
                crate::plot::cut(&self.experiment)
            ));
        }
        if self.machine.cores == 0 {
            return Err("machine.cores is 0 (a machine has at least one core)".into());
        }
        check_range("io_secs", self.io_secs, 0.0, 1e9)?;
        if self.reps == 0 || self.reps as usize > MAX_SEEDS {
            return Err(format!("reps is {}, not from 1 to {MAX_SEEDS}", self.reps));
        }
        if !self.seeds.is_empty() {
            let distinct: std::collections::HashSet<_> = self.seeds.iter().collect();
            if distinct.len() != self.seeds.len() {
                return Err("a seed is listed twice in seeds".into());
            }
            if self.seeds.len() != self.reps as usize {
                return Err(format!(
                    "{} seeds for {} runs of each configuration (one run per seed)",
                    self.seeds.len(),
                    self.reps
                ));
            }
        }
        if self.rows.is_empty() {
            return Err("the results hold no rows".into());
        }
        let mut seen = std::collections::HashMap::new();
        let mut intervals = std::collections::HashSet::new();
        let mut ks = std::collections::HashSet::new();
        for (i, x) in self.rows.iter().enumerate() {
            let at = |m: String| {
                format!(
                    "row {i} (policy {}, switch interval {} ns, {} CPU-bound threads): {m}",
                    x.policy, x.switch_interval_ns, x.cpu_threads
                )
            };
            let ns_max = u64::MAX as f64;
            check_summary("io_ops_per_s", &x.io_ops_per_s, 0.0, MAX_RATE).map_err(at)?;
            check_summary("cpu_rate", &x.cpu_rate, 0.0, MAX_RATE).map_err(at)?;
            check_summary("cpu_loss", &x.cpu_loss, 0.0, 1.0).map_err(at)?;
            check_summary("io_back_p50_ns", &x.io_back_p50_ns, 0.0, ns_max).map_err(at)?;
            check_summary("io_back_p99_ns", &x.io_back_p99_ns, 0.0, ns_max).map_err(at)?;
            let (p50, p99) = (x.io_back_p50_ns.mean, x.io_back_p99_ns.mean);
            if p50 > p99 * (1.0 + 1e-9) {
                return Err(at(format!(
                    "io_back_p50_ns {} is above io_back_p99_ns {}",
                    show_num(p50),
                    show_num(p99)
                )));
            }
            let n = x.n();
            let figures = [
                &x.io_back_p50_ns,
                &x.io_back_p99_ns,
                &x.cpu_rate,
                &x.cpu_loss,
            ];
            if figures.iter().any(|f| f.n != n) {
                return Err(at("its figures summarise different numbers of runs".into()));
            }
            if !x.runs.is_empty() && x.runs.len() != n as usize {
                return Err(at(format!(
                    "{} runs kept for summaries of {n}",
                    x.runs.len()
                )));
            }
            let key = (&x.policy, x.switch_interval_ns, x.cpu_threads);
            if let Some(j) = seen.insert(key, i) {
                return Err(at(format!("the same configuration as row {j}")));
            }
            intervals.insert(x.switch_interval_ns);
            ks.insert(x.cpu_threads);
            if intervals.len() > MAX_INTERVALS {
                return Err(at(format!(
                    "more than {MAX_INTERVALS} switch intervals (the chart draws one column each)"
                )));
            }
            if ks.len() > MAX_CPU_THREAD_COUNTS {
                return Err(at(format!(
                    "more than {MAX_CPU_THREAD_COUNTS} distinct CPU-bound thread counts"
                )));
            }
        }
        Ok(())
    }

    /// Writes the results as a tidy CSV: one row per policy x switch
    /// interval x CPU-bound thread count x run, every parameter a column
    /// (`experiment, engine, cores, policy, switch_interval_ns,
    /// cpu_threads, io_count, io_secs, seed, rep, version`), then the run's
    /// figures. No comment lines: it reads as is into a data frame.
    pub fn write_csv(&self, path: &std::path::Path) -> Result<(), Error> {
        let engine = self.engine.map_or("", Engine::name);
        let mut rows = Vec::new();
        for x in &self.rows {
            for run in &x.runs {
                rows.push(vec![
                    self.experiment.clone(),
                    engine.to_string(),
                    self.machine.cores.to_string(),
                    x.policy.to_string(),
                    x.switch_interval_ns.to_string(),
                    x.cpu_threads.to_string(),
                    self.io_count.to_string(),
                    self.io_secs.to_string(),
                    run.seed.map_or(String::new(), |s| s.to_string()),
                    run.rep.to_string(),
                    self.gilsim_version.clone(),
                    run.io_ops_per_s.to_string(),
                    run.io_back_p50_ns.to_string(),
                    run.io_back_p99_ns.to_string(),
                    run.cpu_rate.to_string(),
                    run.cpu_loss.to_string(),
                ]);
            }
        }
        super::tidy::write_csv(path, &CSV_COLUMNS, &rows)
    }
}

/// The columns of [`ConvoyResults::write_csv`].
pub const CSV_COLUMNS: [&str; 16] = [
    "experiment",
    "engine",
    "cores",
    "policy",
    "switch_interval_ns",
    "cpu_threads",
    "io_count",
    "io_secs",
    "seed",
    "rep",
    "version",
    "io_ops_per_s",
    "io_back_p50_ns",
    "io_back_p99_ns",
    "cpu_rate",
    "cpu_loss",
];

/// Runs the experiment: every run of [`ConvoyConfig::runs`] (the outer
/// loop, so that a real machine's drift spreads over all configurations)
/// of every configuration.
pub fn run(cfg: &ConvoyConfig) -> Result<ConvoyResults, Error> {
    run_under(cfg, None)
}

/// [`run`] under a runtime preset (`--runtime`): its costs in every run,
/// its name in the results. The preset's policy and switch interval are
/// the caller's to put in `cfg` (an explicit interval may override it).
pub fn run_under(
    cfg: &ConvoyConfig,
    runtime: Option<&'static Runtime>,
) -> Result<ConvoyResults, Error> {
    let mut configs = Vec::new();
    for policy in &cfg.policies {
        for &interval in &cfg.intervals_ns {
            for &k in &cfg.cpu_threads {
                configs.push((policy, interval, k));
            }
        }
    }
    let runs = if cfg.runs.is_empty() {
        &[RunId::ONCE][..]
    } else {
        &cfg.runs[..]
    };
    let mut samples: Vec<Vec<ConvoyRun>> = vec![Vec::new(); configs.len()];
    for id in runs {
        let engine = id.engine(&cfg.engine);
        for (c, &(policy, interval, k)) in configs.iter().enumerate() {
            let g = Gil {
                policy: *policy,
                switch_interval_ns: interval,
                engine: engine.clone(),
                runtime_costs: runtime.map_or(RuntimeCosts::NONE, Runtime::costs),
            };
            let r = io_beside_cpu(&g, k, cfg.io_count, cfg.io_secs, 0)?;
            let io = &r.threads[0];
            let held: u64 = r.threads.iter().skip(1).map(|t| t.gil_hold_ns).sum();
            let cpu_loss = if k == 0 {
                0.0
            } else {
                (1.0 - held as f64 / r.wall_ns.max(1) as f64).max(0.0)
            };
            samples[c].push(ConvoyRun {
                seed: id.recorded_seed(&cfg.engine),
                rep: id.rep,
                io_ops_per_s: io.io_ops as f64 / (r.wall_ns as f64 / 1e9),
                io_back_p50_ns: io.io_reacquire_ns.p50,
                io_back_p99_ns: io.io_reacquire_ns.p99,
                cpu_rate: spinner_rate(&r),
                cpu_loss,
            });
        }
    }
    let rows = configs
        .into_iter()
        .zip(samples)
        .map(|((policy, interval, k), runs)| ConvoyRow::of(*policy, interval, k, runs))
        .collect();
    let virt = cfg.engine.is_virtual();
    let seeds: Vec<u64> = if virt {
        runs.iter()
            .filter_map(|id| id.recorded_seed(&cfg.engine))
            .collect()
    } else {
        Vec::new()
    };
    let mut machine = Machine::for_engine(&cfg.engine);
    if virt {
        machine.cpu_model = format!(
            "virtual engine, seeds {}",
            super::seeds::format_seeds(&seeds)
        );
    }
    Ok(ConvoyResults {
        experiment: convoy_name(),
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine,
        engine: Some(cfg.engine.engine),
        runtime: runtime.map(|r| r.name.to_string()),
        seeds,
        reps: runs.len() as u32,
        cost_model: virt.then(|| cfg.engine.cost.clone()),
        ci_method: ci_method(),
        io_count: cfg.io_count,
        io_secs: cfg.io_secs,
        rows,
    })
}

/// What the runs were, for a title: `3 seeds (1..3)`, `5 repetitions`, or
/// nothing for one run.
pub fn runs_label(r: &ConvoyResults) -> Option<String> {
    let n = r.rows.iter().map(ConvoyRow::n).max().unwrap_or(1);
    if n <= 1 {
        return None;
    }
    Some(if r.seeds.is_empty() {
        format!("{n} repetitions")
    } else {
        format!("{n} seeds ({})", super::seeds::format_seeds(&r.seeds))
    })
}

/// The results as a table: each figure the mean ± the half-width of its
/// 95% confidence interval over the runs (the plain value for one run),
/// with the number of runs `n`.
pub fn table(r: &ConvoyResults) -> String {
    let engine = r
        .engine
        .map_or(String::new(), |e| format!(", {} engine", e.name()));
    let engine = match &r.runtime {
        Some(rt) => format!("{engine}, runtime {rt}"),
        None => engine,
    };
    let mut s = format!(
        "convoy: {} IO waits of {} ms beside k CPU-bound threads ({} cores{engine})\n",
        r.io_count,
        r.io_secs * 1e3,
        r.machine.cores,
    );
    if let Some(label) = runs_label(r) {
        let _ = writeln!(
            s,
            "each figure: mean ± half-width of its 95% confidence interval over {label}"
        );
    }
    let _ = writeln!(
        s,
        "{:<12} {:>9} {:>4} {:>4} {:>15} {:>19} {:>19} {:>15}",
        "policy", "interval", "k", "n", "IO ops/s", "IO back p50", "IO back p99", "CPU loses"
    );
    for x in &r.rows {
        let _ = writeln!(
            s,
            "{:<12} {:>7}us {:>4} {:>4} {:>15} {:>16} ms {:>16} ms {:>14}%",
            x.policy.to_string(),
            x.switch_interval_ns / 1000,
            x.cpu_threads,
            x.n(),
            pm(&x.io_ops_per_s, 1.0, 0),
            pm(&x.io_back_p50_ns, 1e-6, 3),
            pm(&x.io_back_p99_ns, 1e-6, 3),
            pm(&x.cpu_loss, 100.0, 1),
        );
    }
    s
}
