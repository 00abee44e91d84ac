//! `gilsim calibrate`: measures the cost model on this machine, on the
//! real engine wherever the figure is about what the real engine does, so
//! that the virtual engine's defaults describe the real one here.
//!
//! | figure                 | how it is measured                                              |
//! |------------------------|-----------------------------------------------------------------|
//! | `instruction_ns`       | real engine, one thread, the count-down loop: wall / instructions |
//! | `call_ns`              | the interpreter on fib: (time − instructions × instruction_ns) / calls |
//! | `native_unit_ns`       | one unit of `CALL_NATIVE` work, timed                           |
//! | `gil_op_ns`            | real engine, one thread: ticks (a drop and a take every 100 instructions) minus newgil, per drop or take |
//! | `signal_ns`            | real engine, two threads under ticks (the GIL battle): the extra time per release |
//! | `wakeup_ns`            | real engine, two CPU-bound threads under newgil: forced-switch latency p50 less the drop's cost |
//! | `timer_overshoot_ns`, `jitter` | timed condition-variable waits of 1 ms: median lateness, spread |
//! | `thread_start_ns`      | starting and joining an OS thread                               |
//! | `process_start_ns`     | real process mode: a worker's start-up                          |
//!
//! The OS time slice, wake-up granularity and context-switch cost cannot
//! be measured reliably from user space on a shared machine; they keep
//! Linux's documented defaults (see [`CostModel::default`]).
//! `interp_start_ns` keeps its default too: it models CPython's
//! subinterpreter start (`benches/interp_startup.py`), not gilsim's.

use crate::engine::{native, Mode, RunConfig};
use crate::error::Error;
use crate::metrics::RunReport;
use crate::spec::CostModel;
use crate::vm::{Capture, Globals, Interp, Value};
use parking_lot::{Condvar, Mutex};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

const COUNTDOWN: &str = include_str!("../../../programs/countdown.pyasm");
const FIB: &str = include_str!("../../../programs/fib.pyasm");

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn run_real(policy: &str, threads: u32, n: i64, mode: Mode) -> Result<RunReport, Error> {
    let program = Arc::new(crate::asm::assemble("programs/countdown.pyasm", COUNTDOWN)?);
    let cfg = RunConfig {
        args: vec![Value::Int(n / threads as i64)],
        threads,
        mode,
        policy: policy.parse().map_err(Error::Usage)?,
        ..RunConfig::default()
    };
    let out = crate::engine::run(
        program,
        &cfg,
        Arc::new(Capture::default()),
        Arc::new(Capture::default()),
    )?;
    Ok(out.report)
}

/// Measures this machine; `note` is told each figure as it is found
/// (name, value, how). `work` scales the length of the measurements (1.0:
/// about ten seconds).
pub fn calibrate(work: f64, mut note: impl FnMut(&str, f64, &str)) -> Result<CostModel, Error> {
    let mut m = CostModel::default();
    let n = ((12_000_000.0 * work) as i64).max(100_000);
    bytecode(&mut m, n, work, &mut note)?;
    native_work(&mut m, work, &mut note);
    gil_ops(&mut m, n, &mut note)?;
    os_latencies(&mut m, work, &mut note);
    process_start(&mut m, &mut note);
    m.calibrated_on = format!(
        "gilsim calibrate {} on a {}-core machine",
        env!("CARGO_PKG_VERSION"),
        crate::engine::host_cores()
    );
    m.validate().map_err(Error::Experiment)?;
    Ok(m)
}

/// How each figure is reported as it is found.
type Note<'a> = &'a mut dyn FnMut(&str, f64, &str);

/// Repetitions of each measurement (the median is kept).
const REPS: usize = 5;

/// `instruction_ns` (the real engine, one thread) and `call_ns` (the
/// interpreter alone on fib, beyond its instructions).
fn bytecode(m: &mut CostModel, n: i64, work: f64, note: Note) -> Result<(), Error> {
    let mut per = Vec::new();
    for _ in 0..REPS {
        let r = run_real("newgil", 1, n, Mode::Gil)?;
        per.push(r.wall_ns as f64 / r.threads[0].instructions as f64);
    }
    m.instruction_ns = median(per);
    note(
        "instruction_ns",
        m.instruction_ns,
        "count-down loop, real engine, 1 thread",
    );
    let fib = Arc::new(crate::asm::assemble("programs/fib.pyasm", FIB)?);
    let f = fib.function_index("fib").expect("fib.pyasm defines fib");
    let arg = if work >= 0.5 { 25 } else { 20 };
    let mut per = Vec::new();
    for _ in 0..REPS {
        let mut i = Interp::new(
            Arc::clone(&fib),
            Arc::new(Globals::new(&fib)),
            Arc::new(Capture::default()),
            f,
            vec![Value::Int(arg)],
            1000,
        )
        .map_err(|k| Error::Experiment(k.to_string()))?;
        let start = Instant::now();
        let never = AtomicBool::new(false);
        i.run_slice(&never, u64::MAX)
            .map_err(|t| Error::Experiment(t.to_string()))?;
        let ns = start.elapsed().as_nanos() as f64;
        per.push(((ns - i.instructions() as f64 * m.instruction_ns) / i.calls() as f64).max(0.0));
    }
    m.call_ns = median(per);
    note(
        "call_ns",
        m.call_ns,
        "fib, interpreter alone, beyond its instructions",
    );
    Ok(())
}

/// `native_unit_ns`: one unit of `CALL_NATIVE` work, timed.
fn native_work(m: &mut CostModel, work: f64, note: Note) {
    let units = ((20_000.0 * work) as u64).max(1_000);
    let mut per = Vec::new();
    for _ in 0..REPS {
        let start = Instant::now();
        native::work(units, &AtomicBool::new(false));
        per.push(start.elapsed().as_nanos() as f64 / units as f64);
    }
    m.native_unit_ns = median(per);
    note(
        "native_unit_ns",
        m.native_unit_ns,
        "CALL_NATIVE work, timed",
    );
}

/// `gil_op_ns`, `signal_ns` and `wakeup_ns` from real-engine runs under
/// ticks and newgil on one and two threads.
fn gil_ops(m: &mut CostModel, n: i64, note: Note) -> Result<(), Error> {
    // GIL operations: ticks against newgil on one thread, alternating.
    let (mut per, mut releases) = (Vec::new(), 0);
    for _ in 0..REPS {
        let t = run_real("ticks", 1, n, Mode::Gil)?;
        let g = run_real("newgil", 1, n, Mode::Gil)?;
        releases = t.threads[0].budget_releases.max(1);
        per.push((t.wall_ns as f64 - g.wall_ns as f64).max(0.0) / (2 * releases) as f64);
    }
    m.gil_op_ns = median(per);
    note(
        "gil_op_ns",
        m.gil_op_ns,
        "ticks vs newgil, 1 thread, per drop or take",
    );
    // The battle: ticks on two threads, per release beyond one thread's cost.
    let mut per = Vec::new();
    for _ in 0..3 {
        let one = run_real("ticks", 1, n, Mode::Gil)?;
        let two = run_real("ticks", 2, n, Mode::Gil)?;
        let rel: u64 = two.threads.iter().map(|t| t.budget_releases).sum();
        per.push((two.wall_ns as f64 - one.wall_ns as f64).max(0.0) / rel.max(releases) as f64);
    }
    m.signal_ns = median(per);
    note(
        "signal_ns",
        m.signal_ns,
        "ticks, 2 threads vs 1, per release",
    );
    // Wake-up: forced switches between two CPU-bound threads.
    let mut per = Vec::new();
    for _ in 0..3 {
        let r = run_real("newgil", 2, 4 * n, Mode::Gil)?;
        for t in &r.threads {
            if t.forced_switch_ns.p50 > 0 {
                per.push(t.forced_switch_ns.p50 as f64);
            }
        }
    }
    if !per.is_empty() {
        m.wakeup_ns = (median(per) - 2.0 * m.gil_op_ns - m.signal_ns).max(1_000.0);
    }
    note(
        "wakeup_ns",
        m.wakeup_ns,
        "newgil forced-switch latency p50, less the drop",
    );
    Ok(())
}

/// `timer_overshoot_ns` and `jitter` (timed condition-variable waits, as
/// the real engine's IO) and `thread_start_ns`.
fn os_latencies(m: &mut CostModel, work: f64, note: Note) {
    let (lock, cv) = (Mutex::new(()), Condvar::new());
    let mut late = Vec::new();
    for _ in 0..((40.0 * work) as usize).max(10) {
        let start = Instant::now();
        let mut g = lock.lock();
        let until = start + Duration::from_millis(1);
        while Instant::now() < until {
            cv.wait_until(&mut g, until);
        }
        late.push(start.elapsed().as_nanos() as f64 - 1e6);
    }
    late.sort_by(f64::total_cmp);
    let p = |q: f64| late[((late.len() - 1) as f64 * q) as usize];
    m.timer_overshoot_ns = p(0.5).max(0.0);
    m.jitter = if m.timer_overshoot_ns > 0.0 {
        ((p(0.9) - p(0.1)) / (2.0 * m.timer_overshoot_ns)).clamp(0.05, 0.9)
    } else {
        0.3
    };
    note(
        "timer_overshoot_ns",
        m.timer_overshoot_ns,
        "1 ms timed waits, median lateness",
    );
    note("jitter", m.jitter, "their spread: (p90 - p10) / (2 p50)");
    let mut per = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        let _ = std::thread::spawn(|| ()).join();
        per.push(start.elapsed().as_nanos() as f64);
    }
    m.thread_start_ns = median(per);
    note(
        "thread_start_ns",
        m.thread_start_ns,
        "spawn and join an OS thread",
    );
}

/// `process_start_ns`: only when this executable can be a worker.
fn process_start(m: &mut CostModel, note: Note) {
    match run_real("newgil", 1, 10, Mode::Process) {
        Ok(r) if r.threads[0].startup_ns > 0 => {
            m.process_start_ns = r.threads[0].startup_ns as f64;
            note(
                "process_start_ns",
                m.process_start_ns,
                "real process mode, a worker's start-up",
            );
        }
        _ => note(
            "process_start_ns",
            m.process_start_ns,
            "kept the default (no worker executable here)",
        ),
    }
}
