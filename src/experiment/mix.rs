//! Runs of programs/gil_mix.pyasm (built in): k CPU-bound spinners beside
//! an IO loop in the main thread, or throughput tasks under a timeout.
//! Shared by the convoy and ccbench experiments.

use crate::bytecode::Program;
use crate::engine::{Mode, RunConfig};
use crate::error::Error;
use crate::gil::PolicyId;
use crate::metrics::{RunEnd, RunReport};
use crate::vm::{Capture, Value};
use std::sync::{Arc, OnceLock};

/// The built-in mix program.
pub fn program() -> Arc<Program> {
    static P: OnceLock<Arc<Program>> = OnceLock::new();
    Arc::clone(P.get_or_init(|| {
        Arc::new(
            crate::asm::assemble(
                "programs/gil_mix.pyasm",
                include_str!("../../programs/gil_mix.pyasm"),
            )
            .expect("the built-in sample assembles"),
        )
    }))
}

/// How a GIL is set up for one run.
#[derive(Clone, Debug)]
pub struct Gil {
    /// The policy.
    pub policy: PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// The engine.
    pub engine: crate::engine::EngineConfig,
    /// The modelled runtime's own costs (a `--runtime` preset's; none by
    /// default).
    pub runtime_costs: crate::spec::RuntimeCosts,
}

fn config(g: &Gil) -> RunConfig {
    RunConfig {
        mode: Mode::Gil,
        policy: g.policy,
        switch_interval_ns: g.switch_interval_ns,
        runtime_costs: g.runtime_costs,
        engine: g.engine.clone(),
        ..RunConfig::default()
    }
}

fn finish(r: RunReport, what: &str, allowed: &[RunEnd]) -> Result<RunReport, Error> {
    if allowed.contains(&r.end) {
        Ok(r)
    } else {
        Err(Error::Experiment(format!(
            "{what} ended {:?}: {}",
            r.end,
            r.errors.join("; ")
        )))
    }
}

/// `main(k, count, secs, reply)`: k spinners beside `count` IO waits of
/// `secs`, each followed by `reply` count-down iterations.
pub fn io_beside_cpu(
    g: &Gil,
    k: u32,
    count: u32,
    secs: f64,
    reply: u32,
) -> Result<RunReport, Error> {
    let cfg = RunConfig {
        args: vec![
            Value::Int(k as i64),
            Value::Int(count as i64),
            Value::Float(secs),
            Value::Int(reply as i64),
        ],
        ..config(g)
    };
    let sink = Arc::new(Capture::default());
    let r = crate::engine::run(program(), &cfg, sink.clone(), sink)?.report;
    finish(
        r,
        &format!("gil_mix k={k} under {}", g.policy),
        &[RunEnd::Ok],
    )
}

/// `threads` harness threads running `entry(args)` until `ms` pass.
pub fn task_for(
    g: &Gil,
    entry: &str,
    args: Vec<Value>,
    threads: u32,
    ms: u64,
) -> Result<RunReport, Error> {
    let cfg = RunConfig {
        entry: entry.into(),
        args,
        threads,
        timeout_ns: Some(ms * 1_000_000),
        ..config(g)
    };
    let sink = Arc::new(Capture::default());
    let r = crate::engine::run(program(), &cfg, sink.clone(), sink)?.report;
    finish(
        r,
        &format!("{entry} x{threads} under {}", g.policy),
        &[RunEnd::Timeout],
    )
}

/// Instructions per second of the threads other than the main thread.
pub fn spinner_rate(r: &RunReport) -> f64 {
    let instr: u64 = r.threads.iter().skip(1).map(|t| t.instructions).sum();
    instr as f64 / (r.wall_ns.max(1) as f64 / 1e9)
}
