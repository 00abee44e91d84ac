//! One run of the request server (programs/load/server.py, built in):
//! calibrating its CPU loop, passing it a schedule, and turning the lines
//! it prints (`ID ARRIVAL DONE`) into latencies and throughput.

use super::arrivals::Schedule;
use super::results::LoadRun;
use crate::bytecode::Program;
use crate::engine::{EngineConfig, Mode, RunConfig};
use crate::error::Error;
use crate::gil::PolicyId;
use crate::metrics::RunEnd;
use crate::spec::RuntimeCosts;
use crate::vm::{Capture, Value};
use std::sync::{Arc, OnceLock};

/// The server program's path, as its tracebacks name it.
pub const FILE: &str = "programs/load/server.py";

/// The built-in server program.
pub fn program() -> Arc<Program> {
    static P: OnceLock<Arc<Program>> = OnceLock::new();
    Arc::clone(P.get_or_init(|| {
        Arc::new(
            crate::py::compile_source(FILE, include_str!("../../../programs/load/server.py"))
                .expect("the built-in server compiles"),
        )
    }))
}

/// How requests are served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ServerKind {
    /// Worker threads taking requests from a queue.Queue (one GIL).
    Threads,
    /// Worker tasks of one asyncio event loop, taking them from an
    /// asyncio.Queue (CPU work blocks the loop).
    Asyncio,
    /// Worker processes (multiprocessing), each with its own GIL; a
    /// collector thread in the parent receives the replies.
    Processes,
}

impl ServerKind {
    /// The name the program and the results use.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Threads => "threads",
            ServerKind::Asyncio => "asyncio",
            ServerKind::Processes => "processes",
        }
    }
}

fn config(engine: &EngineConfig, runtime_costs: RuntimeCosts) -> RunConfig {
    RunConfig {
        mode: Mode::Gil,
        engine: engine.clone(),
        runtime_costs,
        ..RunConfig::default()
    }
}

fn failed(what: &str, end: RunEnd, errors: &[String], err: &Capture) -> Error {
    let mut msg = format!("{what} ended {end:?}");
    for e in errors.iter().cloned().chain(err.lines()) {
        msg.push_str("\n  ");
        msg.push_str(&e);
    }
    Error::Experiment(msg)
}

/// Nanoseconds per iteration of the server's CPU loop (`spin`) on this
/// engine: the difference between two runs of it, divided by the
/// difference in iterations (the fastest of three on the real engine; the
/// virtual engine's runs are exact), paying the modelled runtime's
/// `runtime_costs` as the runs will.
pub fn calibrate(engine: &EngineConfig, runtime_costs: RuntimeCosts) -> Result<f64, Error> {
    // The virtual engine's runs are exact: a short loop is enough.
    let n: i64 = if engine.is_virtual() {
        100_000
    } else {
        1_000_000
    };
    let time = |n: i64| -> Result<u64, Error> {
        let cfg = RunConfig {
            entry: "spin".into(),
            args: vec![Value::Int(n)],
            ..config(engine, runtime_costs)
        };
        let (out, err) = (Arc::new(Capture::default()), Arc::new(Capture::default()));
        let r = crate::engine::run(program(), &cfg, out, err.clone())?.report;
        if r.end != RunEnd::Ok {
            return Err(failed("calibrating spin", r.end, &r.errors, &err));
        }
        Ok(r.wall_ns)
    };
    let reps = if engine.is_virtual() { 1 } else { 3 };
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let d = time(n)? as f64 - time(0)? as f64;
        best = best.min(d / n as f64);
    }
    if !(best.is_finite() && best > 0.0) {
        return Err(Error::Experiment(format!(
            "calibrating spin gave {best} ns per iteration"
        )));
    }
    Ok(best)
}

/// One run's settings.
pub struct RunSpec<'a> {
    /// How requests are served.
    pub server: ServerKind,
    /// Workers in the pool.
    pub workers: u32,
    /// 0: open loop; else the closed loop's clients.
    pub clients: u32,
    /// The requests.
    pub schedule: &'a Schedule,
    /// Nanoseconds per iteration of the CPU loop.
    pub iter_ns: f64,
    /// The policy.
    pub policy: PolicyId,
    /// The switch interval (ns).
    pub switch_interval_ns: u64,
    /// The engine, its seed set.
    pub engine: EngineConfig,
    /// The modelled runtime's own costs (none without `--runtime`).
    pub runtime_costs: RuntimeCosts,
    /// Requests whose CPU demand is at most this are "short".
    pub short_ns: f64,
}

/// An upper bound on how long a run can take (ns): every request served
/// one after another after the last arrival, three times over, plus 10 s.
/// A run past it is stopped and reported as a failure instead of hanging.
pub fn time_limit_ns(s: &Schedule, clients: u32) -> u64 {
    let arrivals = if clients == 0 {
        s.times_s.last().copied().unwrap_or(0.0)
    } else {
        s.times_s.iter().sum()
    };
    let work: u64 = s.cpu_ns.iter().chain(&s.io_ns).sum();
    ((arrivals * 1e9 + work as f64) * 3.0 + 10e9) as u64
}

/// Nearest-rank percentile `q` (0 < q <= 1) of sorted values.
pub fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs the server over one schedule.
pub fn run_one(spec: &RunSpec) -> Result<LoadRun, Error> {
    let s = spec.schedule;
    let n = s.cpu_ns.len();
    let tuple = |v: Vec<Value>| Value::Tuple(Arc::new(v));
    let iters = |ns: u64| Value::Int((ns as f64 / spec.iter_ns).round() as i64);
    let cfg = RunConfig {
        entry: "serve".into(),
        args: vec![
            Value::str(spec.server.name()),
            Value::Int(spec.workers as i64),
            Value::Int(spec.clients as i64),
            tuple(s.times_s.iter().map(|&t| Value::Float(t)).collect()),
            tuple(s.cpu_ns.iter().map(|&c| iters(c)).collect()),
            tuple(
                s.io_ns
                    .iter()
                    .map(|&i| Value::Float(i as f64 / 1e9))
                    .collect(),
            ),
        ],
        policy: spec.policy,
        switch_interval_ns: spec.switch_interval_ns,
        timeout_ns: Some(time_limit_ns(s, spec.clients)),
        max_threads: (spec.workers + spec.clients + 16).max(crate::engine::DEFAULT_MAX_THREADS),
        ..config(&spec.engine, spec.runtime_costs)
    };
    let (out, err) = (Arc::new(Capture::default()), Arc::new(Capture::default()));
    let r = crate::engine::run(program(), &cfg, out.clone(), err.clone())?.report;
    let what = format!(
        "the {} server under {} at {} ns (seed {})",
        spec.server.name(),
        spec.policy,
        spec.switch_interval_ns,
        spec.engine.seed
    );
    if r.end != RunEnd::Ok {
        return Err(failed(&what, r.end, &r.errors, &err));
    }
    let lines = out.lines();
    let bad = |m: String| Error::Experiment(format!("{what}: {m}"));
    if lines.len() != n {
        return Err(bad(format!(
            "printed {} lines for {n} requests",
            lines.len()
        )));
    }
    let (mut all, mut short) = (Vec::with_capacity(n), Vec::new());
    let mut last_done: f64 = 0.0;
    for (k, line) in lines.iter().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let parsed = match f.as_slice() {
            [i, a, d] => i
                .parse::<usize>()
                .ok()
                .zip(a.parse::<f64>().ok())
                .zip(d.parse::<f64>().ok()),
            _ => None,
        };
        let Some(((i, arr), done)) = parsed.filter(|((i, _), d)| *i == k && *d >= 0.0) else {
            return Err(bad(format!("unexpected line {k}: {line:?}")));
        };
        let lat = ((done - arr) * 1e9).round().max(0.0) as u64;
        all.push(lat);
        if s.cpu_ns[i] as f64 <= spec.short_ns {
            short.push(lat);
        }
        last_done = last_done.max(done);
    }
    let mean_ns = all.iter().map(|&x| x as f64).sum::<f64>() / n.max(1) as f64;
    all.sort_unstable();
    short.sort_unstable();
    Ok(LoadRun {
        policy: spec.policy,
        switch_interval_ns: spec.switch_interval_ns,
        offered_rps: None,
        offered_util: None,
        clients: None,
        seed: spec.engine.seed,
        requests: n as u32,
        throughput_rps: if last_done > 0.0 {
            n as f64 / last_done
        } else {
            0.0
        },
        mean_ns,
        p50_ns: percentile(&all, 0.5),
        p99_ns: percentile(&all, 0.99),
        p999_ns: percentile(&all, 0.999),
        max_ns: all.last().copied().unwrap_or(0),
        short_requests: short.len() as u32,
        short_p50_ns: percentile(&short, 0.5),
        short_p99_ns: percentile(&short, 0.99),
        switches: r.switches,
    })
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<u64> = (1..=1000).collect();
        assert_eq!(percentile(&v, 0.5), 500);
        assert_eq!(percentile(&v, 0.99), 990);
        assert_eq!(percentile(&v, 0.999), 999);
        assert_eq!(percentile(&v, 1.0), 1000);
        assert_eq!(percentile(&[7], 0.999), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }
}
