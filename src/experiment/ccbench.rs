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

use super::machine::Machine;
use super::mix::{io_beside_cpu, task_for, Gil};
use crate::error::Error;
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
    pub rate: f64,
    /// Rate as a share of one thread's (1.0 = no gain).
    pub relative: f64,
}

/// One latency or bandwidth cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Background {
    /// CPU-bound threads in the background.
    pub cpu_threads: u32,
    /// Request arrived -> thread running again, median (ns).
    pub p50_ns: u64,
    /// ... 99th percentile (ns).
    pub p99_ns: u64,
    /// ... maximum (ns).
    pub max_ns: u64,
    /// IO operations per second.
    pub io_ops_per_s: f64,
    /// As a share of the rate with no background threads.
    pub relative: f64,
}

/// One policy's tables.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PolicyTables {
    /// Policy.
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
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine.
    pub machine: Machine,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Per policy.
    pub policies: Vec<PolicyTables>,
}

/// Runs the benchmark for each policy; `ms` is each throughput run's length.
pub fn run(
    policies: &[crate::gil::PolicyId],
    switch_interval_ns: u64,
    ms: u64,
    engine: &crate::engine::EngineConfig,
) -> Result<CcbenchResults, Error> {
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
    let mut out = Vec::new();
    for policy in policies {
        let g = Gil {
            policy: *policy,
            switch_interval_ns,
            engine: engine.clone(),
        };
        let mut throughput = Vec::new();
        for (name, entry, args) in &tasks {
            let mut one = 0.0;
            for n in 1..=4 {
                let r = task_for(&g, entry, args.clone(), n, ms)?;
                let rate = r.total_instructions() as f64 / (r.wall_ns as f64 / 1e9);
                if n == 1 {
                    one = rate;
                }
                throughput.push(Throughput {
                    task: name.to_string(),
                    threads: n,
                    rate,
                    relative: rate / one.max(1e-9),
                });
            }
        }
        let background = |count: u32, secs: f64, reply: u32| -> Result<Vec<Background>, Error> {
            let mut cells: Vec<Background> = Vec::new();
            for k in 0..=4 {
                let r = io_beside_cpu(&g, k, count, secs, reply)?;
                let io = &r.threads[0];
                let rate = io.io_ops as f64 / (r.wall_ns as f64 / 1e9);
                let base = cells.first().map_or(rate, |c| c.io_ops_per_s);
                cells.push(Background {
                    cpu_threads: k,
                    p50_ns: io.io_reacquire_ns.p50,
                    p99_ns: io.io_reacquire_ns.p99,
                    max_ns: io.io_reacquire_ns.max,
                    io_ops_per_s: rate,
                    relative: rate / base.max(1e-9),
                });
            }
            Ok(cells)
        };
        let latency = background(30, 0.002, 500)?;
        let bandwidth = background(60, 0.0001, 0)?;
        out.push(PolicyTables {
            policy: policy.name().to_string(),
            throughput,
            latency,
            bandwidth,
        });
    }
    Ok(CcbenchResults {
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine: Machine::for_engine(engine),
        switch_interval_ns,
        policies: out,
    })
}

/// The results as ccbench-style tables.
pub fn tables(r: &CcbenchResults) -> String {
    let mut s = format!(
        "ccbench on {} cores ({}), switch interval {} ms\n",
        r.machine.cores,
        r.machine.cpu_model,
        r.switch_interval_ns as f64 / 1e6
    );
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
            let _ = write!(s, "  {} thr: {:>4.0}%", t.threads, t.relative * 100.0);
        }
        let _ = writeln!(
            s,
            "\n\n--- Latency (request -> reply running; background CPU threads) ---"
        );
        for c in &p.latency {
            let _ = writeln!(
                s,
                "Background CPU threads: {}   p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
                c.cpu_threads,
                c.p50_ns as f64 / 1e6,
                c.p99_ns as f64 / 1e6,
                c.max_ns as f64 / 1e6
            );
        }
        let _ = writeln!(
            s,
            "\n--- I/O bandwidth (tiny IO waits; background CPU threads) ---"
        );
        for c in &p.bandwidth {
            let _ = writeln!(
                s,
                "Background CPU threads: {}   {:>8.0} IO ops/s   ({:>5.1}% of unloaded)",
                c.cpu_threads,
                c.io_ops_per_s,
                c.relative * 100.0
            );
        }
    }
    s
}
