//! Virtual-engine benchmarks: how fast the simulation runs on this
//! machine (host time), side by side with the real engine in one run.
//!
//! - single-thread instruction rate, virtual vs real (goal: at least half);
//! - 10,000 threads of programs/io_wait.pyasm on 64 virtual cores (goal:
//!   under 10 s);
//! - the ticks GIL battle on 2 virtual cores (an event every few hundred
//!   instructions: the simulation's worst case).
//!
//! Run: cargo bench --bench virtual          (ROUNDS=N to change the rounds)

use gilsim::asm::assemble;
use gilsim::bytecode::Program;
use gilsim::engine::{self, EngineConfig, RunConfig};
use gilsim::metrics::RunReport;
use gilsim::vm::{Capture, Value};
use std::sync::Arc;
use std::time::Instant;

fn load(name: &str) -> Arc<Program> {
    let path = format!("{}/programs/{name}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).expect("sample program");
    Arc::new(assemble(&path, &src).expect("sample assembles"))
}

/// Runs and returns the report and the host time it took (s).
fn timed(p: &Arc<Program>, cfg: &RunConfig) -> (RunReport, f64) {
    let sink = Arc::new(Capture::default());
    let start = Instant::now();
    let r = engine::run(Arc::clone(p), cfg, sink.clone(), sink)
        .expect("runs")
        .report;
    (r, start.elapsed().as_secs_f64())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let countdown = load("countdown.pyasm");
    let real_cfg = RunConfig {
        args: vec![Value::Int(20_000_000)],
        ..RunConfig::default()
    };
    let virt_cfg = RunConfig {
        engine: EngineConfig::virtual_machine(2),
        ..real_cfg.clone()
    };
    let (mut real_rate, mut virt_rate) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (r, s) = timed(&countdown, &real_cfg);
        real_rate.push(r.threads[0].instructions as f64 / s);
        let (r, s) = timed(&countdown, &virt_cfg);
        virt_rate.push(r.threads[0].instructions as f64 / s);
    }
    let (rr, vr) = (median(real_rate), median(virt_rate));
    println!(
        "single thread: real {:.0} M instr/s, virtual {:.0} M instr/s: ratio {:.2} (goal >= 0.5)",
        rr / 1e6,
        vr / 1e6,
        vr / rr
    );

    let io = load("io_wait.pyasm");
    let many = RunConfig {
        args: vec![Value::Int(10), Value::Float(0.01)],
        threads: 10_000,
        max_threads: 10_000,
        engine: EngineConfig::virtual_machine(64),
        ..RunConfig::default()
    };
    let mut host = Vec::new();
    let mut last = None;
    for _ in 0..rounds {
        let (r, s) = timed(&io, &many);
        host.push(s);
        last = Some(r);
    }
    let r = last.expect("at least one round");
    let ios: u64 = r.threads.iter().map(|t| t.io_ops).sum();
    println!(
        "10,000 io_wait threads x 10 waits on 64 virtual cores: {:.3} s host (goal < 10 s), {:.1} ms virtual, {ios} IO waits, {} GIL switches",
        median(host),
        r.wall_ns as f64 / 1e6,
        r.switches
    );

    let battle = RunConfig {
        args: vec![Value::Int(3_000_000)],
        threads: 2,
        policy: "ticks".parse().unwrap(),
        engine: EngineConfig::virtual_machine(2),
        ..RunConfig::default()
    };
    let mut host = Vec::new();
    let mut last = None;
    for _ in 0..rounds {
        let (r, s) = timed(&countdown, &battle);
        host.push(s);
        last = Some(r);
    }
    let r = last.expect("at least one round");
    let instr: u64 = r.threads.iter().map(|t| t.instructions).sum();
    let h = median(host);
    println!(
        "ticks battle, 2 threads on 2 virtual cores: {h:.3} s host for {:.1} ms virtual, {:.0} M instr/s, {} switches",
        r.wall_ns as f64 / 1e6,
        instr as f64 / h / 1e6,
        r.switches
    );
}
