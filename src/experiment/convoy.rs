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

/// The whole experiment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
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
