//! `gilsim experiment convoy`: one IO-bound thread doing many short IO
//! waits beside 0, 1, 2 and 4 CPU-bound threads, for each policy, at
//! several switch intervals. It reports IO operations per second, the delay
//! from each IO finishing to the thread running again, and how much the
//! CPU-bound threads lose to the IO thread.

use super::machine::Machine;
use super::mix::{io_beside_cpu, spinner_rate, Gil};
use crate::error::Error;
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
}

impl Default for ConvoyConfig {
    fn default() -> Self {
        ConvoyConfig {
            policies: crate::gil::PolicyId::all().collect(),
            intervals_ns: vec![5_000_000, 1_000_000, 100_000],
            cpu_threads: vec![0, 1, 2, 4],
            io_count: 40,
            io_secs: 0.0005,
            engine: crate::engine::EngineConfig::default(),
        }
    }
}

/// One configuration's results.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConvoyRow {
    /// Policy.
    pub policy: crate::gil::PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// CPU-bound threads beside the IO thread.
    pub cpu_threads: u32,
    /// IO operations per second of wall time.
    pub io_ops_per_s: f64,
    /// IO finished -> running again, median (ns).
    pub io_back_p50_ns: u64,
    /// ... 99th percentile (ns).
    pub io_back_p99_ns: u64,
    /// CPU-bound instructions per second beside the IO thread.
    pub cpu_rate: f64,
    /// What the CPU-bound threads lose: the share of the run in which none
    /// of them held the GIL (the IO thread held it, or it was changing
    /// hands), `1 - sum(CPU threads' hold time) / wall`.
    pub cpu_loss: f64,
}

/// The whole experiment. Reading it from JSON checks it (see
/// [`ConvoyResults::validate`]), so a file that deserialises can be charted.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(try_from = "ConvoyFile")]
pub struct ConvoyResults {
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine.
    pub machine: Machine,
    /// IO waits per run and their length (s).
    pub io_count: u32,
    /// Length of each IO wait (s).
    pub io_secs: f64,
    /// Every configuration.
    pub rows: Vec<ConvoyRow>,
}

/// [`ConvoyResults`] as read, before it is checked.
#[derive(Deserialize)]
struct ConvoyFile {
    gilsim_version: String,
    machine: Machine,
    io_count: u32,
    io_secs: f64,
    rows: Vec<ConvoyRow>,
}

impl TryFrom<ConvoyFile> for ConvoyResults {
    type Error = String;

    fn try_from(f: ConvoyFile) -> Result<ConvoyResults, String> {
        let r = ConvoyResults {
            gilsim_version: f.gilsim_version,
            machine: f.machine,
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
    /// non-negative IO length; finite, non-negative rates within
    /// [`MAX_RATE`]; `cpu_loss` between 0 and 1; p50 <= p99; no
    /// configuration twice; at most [`MAX_INTERVALS`] switch intervals and
    /// [`MAX_CPU_THREAD_COUNTS`] thread counts. The message names the
    /// first bad row.
    pub fn validate(&self) -> Result<(), String> {
        use super::results::check_range;
        if self.machine.cores == 0 {
            return Err("machine.cores is 0 (a machine has at least one core)".into());
        }
        check_range("io_secs", self.io_secs, 0.0, 1e9)?;
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
            check_range("io_ops_per_s", x.io_ops_per_s, 0.0, MAX_RATE).map_err(at)?;
            check_range("cpu_rate", x.cpu_rate, 0.0, MAX_RATE).map_err(at)?;
            check_range("cpu_loss", x.cpu_loss, 0.0, 1.0).map_err(at)?;
            if x.io_back_p50_ns > x.io_back_p99_ns {
                return Err(at(format!(
                    "io_back_p50_ns {} is above io_back_p99_ns {}",
                    x.io_back_p50_ns, x.io_back_p99_ns
                )));
            }
            let key = (x.policy, x.switch_interval_ns, x.cpu_threads);
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
}

/// Runs the experiment.
pub fn run(cfg: &ConvoyConfig) -> Result<ConvoyResults, Error> {
    let mut rows = Vec::new();
    for policy in &cfg.policies {
        for &interval in &cfg.intervals_ns {
            let g = Gil {
                policy: *policy,
                switch_interval_ns: interval,
                engine: cfg.engine.clone(),
            };
            for &k in &cfg.cpu_threads {
                let r = io_beside_cpu(&g, k, cfg.io_count, cfg.io_secs, 0)?;
                let io = &r.threads[0];
                let held: u64 = r.threads.iter().skip(1).map(|t| t.gil_hold_ns).sum();
                let cpu_loss = if k == 0 {
                    0.0
                } else {
                    (1.0 - held as f64 / r.wall_ns.max(1) as f64).max(0.0)
                };
                rows.push(ConvoyRow {
                    policy: *policy,
                    switch_interval_ns: interval,
                    cpu_threads: k,
                    io_ops_per_s: io.io_ops as f64 / (r.wall_ns as f64 / 1e9),
                    io_back_p50_ns: io.io_reacquire_ns.p50,
                    io_back_p99_ns: io.io_reacquire_ns.p99,
                    cpu_rate: spinner_rate(&r),
                    cpu_loss,
                });
            }
        }
    }
    Ok(ConvoyResults {
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine: Machine::for_engine(&cfg.engine),
        io_count: cfg.io_count,
        io_secs: cfg.io_secs,
        rows,
    })
}

/// The results as a table.
pub fn table(r: &ConvoyResults) -> String {
    let mut s = format!(
        "convoy: {} IO waits of {} ms beside k CPU-bound threads ({} cores)\n{:<12} {:>9} {:>4} {:>11} {:>13} {:>13} {:>10}\n",
        r.io_count,
        r.io_secs * 1e3,
        r.machine.cores,
        "policy",
        "interval",
        "k",
        "IO ops/s",
        "IO back p50",
        "IO back p99",
        "CPU loses"
    );
    for x in &r.rows {
        let _ = writeln!(
            s,
            "{:<12} {:>7}us {:>4} {:>11.0} {:>10.3} ms {:>10.3} ms {:>9.1}%",
            x.policy,
            x.switch_interval_ns / 1000,
            x.cpu_threads,
            x.io_ops_per_s,
            x.io_back_p50_ns as f64 / 1e6,
            x.io_back_p99_ns as f64 / 1e6,
            x.cpu_loss * 100.0
        );
    }
    s
}
