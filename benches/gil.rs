//! GIL benchmarks: the goals of the threads/GIL work, each measured side by
//! side in one run (medians over alternating rounds), printed as ratios.
//!
//! Run: cargo bench --bench gil            (ROUNDS=N to change the rounds)

use gilsim::asm::assemble;
use gilsim::bytecode::Program;
use gilsim::engine::{self, Mode, RunConfig};
use gilsim::metrics::{Percentiles, RunReport};
use gilsim::vm::{Capture, Value};
use parking_lot::{Condvar, Mutex};
use std::sync::Arc;
use std::time::Instant;

fn load(name: &str) -> Arc<Program> {
    let path = format!("{}/programs/{name}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).expect("sample program");
    Arc::new(assemble(&path, &src).expect("sample assembles"))
}

fn run(p: &Arc<Program>, args: Vec<Value>, threads: u32, mode: Mode) -> RunReport {
    let cfg = RunConfig {
        args,
        threads,
        mode,
        ..RunConfig::default()
    };
    let sink = Arc::new(Capture::default());
    engine::run(Arc::clone(p), &cfg, sink.clone(), sink)
        .expect("runs")
        .report
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn secs(r: &RunReport) -> f64 {
    r.wall_ns as f64 / 1e9
}

/// One-way hand-off latency between two threads through a bare
/// parking_lot mutex and condvar: the floor for any GIL switch.
fn condvar_ping_pong(handoffs: usize) -> Percentiles {
    struct Baton {
        turn: u8,
        sent: Instant,
    }
    let shared = Arc::new((
        Mutex::new(Baton {
            turn: 0,
            sent: Instant::now(),
        }),
        Condvar::new(),
    ));
    let other = Arc::clone(&shared);
    let t = std::thread::spawn(move || {
        let (m, cv) = &*other;
        let mut lat = Vec::with_capacity(handoffs);
        let mut g = m.lock();
        for _ in 0..handoffs {
            while g.turn != 1 {
                cv.wait(&mut g);
            }
            lat.push(g.sent.elapsed().as_nanos() as u64);
            g.turn = 0;
            g.sent = Instant::now();
            cv.notify_one();
        }
        lat
    });
    let (m, cv) = &*shared;
    let mut lat = Vec::with_capacity(handoffs);
    let mut g = m.lock();
    for _ in 0..handoffs {
        g.turn = 1;
        g.sent = Instant::now();
        cv.notify_one();
        while g.turn != 0 {
            cv.wait(&mut g);
        }
        lat.push(g.sent.elapsed().as_nanos() as u64);
    }
    drop(g);
    lat.extend(t.join().unwrap());
    Percentiles::of(&lat)
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let countdown = load("countdown.pyasm");
    let io_wait = load("io_wait.pyasm");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("gilsim GIL benchmarks: {cores} cores, median of {rounds} alternating rounds\n");

    // 1. The GIL's cost to a single thread.
    let n = 20_000_000;
    let (mut gil1, mut free1) = (vec![], vec![]);
    for _ in 0..rounds {
        gil1.push(secs(&run(&countdown, vec![Value::Int(n)], 1, Mode::Gil)));
        free1.push(secs(&run(&countdown, vec![Value::Int(n)], 1, Mode::Free)));
    }
    let (g, f) = (median(gil1), median(free1));
    println!("1. one thread, countdown({n}): gil {:.3} s, free {:.3} s -> gil overhead {:+.1}% (goal <= 2%)", g, f, (g / f - 1.0) * 100.0);

    // 2. Forced-switch latency against the condvar floor.
    let floor = condvar_ping_pong(20_000);
    let mut p50s = vec![];
    let mut p99s = vec![];
    for _ in 0..rounds {
        let r = run(&countdown, vec![Value::Int(40_000_000)], 2, Mode::Gil);
        let lat: Vec<u64> = r
            .threads
            .iter()
            .flat_map(|t| [t.forced_switch_ns])
            .filter(|p| p.max > 0)
            .map(|p| p.p50)
            .collect();
        p50s.extend(lat.iter().map(|v| *v as f64));
        p99s.extend(
            r.threads
                .iter()
                .filter(|t| t.forced_switch_ns.max > 0)
                .map(|t| t.forced_switch_ns.p99 as f64),
        );
    }
    let (s50, s99) = (median(p50s), median(p99s));
    println!(
        "2. forced switch (drop request -> requester executing): p50 {:.1} us, p99 {:.1} us; condvar ping-pong floor p50 {:.1} us, p99 {:.1} us -> p50 {:.2}x the floor (goal <= 2x)",
        s50 / 1e3, s99 / 1e3, floor.p50 as f64 / 1e3, floor.p99 as f64 / 1e3, s50 / floor.p50 as f64
    );

    // 3. Two CPU-bound threads sharing fixed work.
    let w = 40_000_000;
    let (mut one, mut gil2, mut free2) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        one.push(secs(&run(&countdown, vec![Value::Int(w)], 1, Mode::Free)));
        gil2.push(secs(&run(
            &countdown,
            vec![Value::Int(w / 2)],
            2,
            Mode::Gil,
        )));
        free2.push(secs(&run(
            &countdown,
            vec![Value::Int(w / 2)],
            2,
            Mode::Free,
        )));
    }
    let (o, g2, f2) = (median(one), median(gil2), median(free2));
    println!(
        "3. countdown({w}) split over 2 threads: one thread {:.3} s, gil {:.3} s ({:.2}x), free {:.3} s ({:.2}x) (goals: free >= 1.9x, gil <= 1.0x)",
        o, g2, o / g2, f2, o / f2
    );

    // 4. 16 IO-bound threads against the same waits in series.
    let (waits, d) = (20, 0.005);
    let (mut serial, mut par) = (vec![], vec![]);
    for _ in 0..rounds.min(3) {
        serial.push(secs(&run(
            &io_wait,
            vec![Value::Int(16 * waits), Value::Float(d)],
            1,
            Mode::Gil,
        )));
        par.push(secs(&run(
            &io_wait,
            vec![Value::Int(waits), Value::Float(d)],
            16,
            Mode::Gil,
        )));
    }
    let (s, p) = (median(serial), median(par));
    println!(
        "4. {} waits of {} ms: one thread in series {:.3} s, 16 threads under the GIL {:.3} s -> {:.1}x (goal >= 15x)",
        16 * waits, d * 1e3, s, p, s / p
    );
}
