//! Dispatch-loop benchmarks (divan): the sample programs' hot loops run on
//! one interpreter thread, output captured. Compare runs of this bench
//! before and after a change to the interpreter, on the same machine.
//!
//! Run: cargo bench --bench dispatch

use gilsim::asm::assemble;
use gilsim::vm::{Capture, Globals, Interp, Outcome, Value};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn main() {
    divan::main();
}

fn load(name: &str) -> Arc<gilsim::bytecode::Program> {
    let path = format!("{}/programs/{name}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).expect("sample program");
    Arc::new(assemble(&path, &src).expect("sample assembles"))
}

/// Runs `main(arg)` on one interpreter thread, slice after slice, with no
/// engine around it: the dispatch loop alone.
fn run(p: &Arc<gilsim::bytecode::Program>, arg: i64) -> u64 {
    let entry = p.function_index("main").expect("main");
    let globals = Arc::new(Globals::new(p));
    let mut t = Interp::new(
        Arc::clone(p),
        globals,
        Arc::new(Capture::default()),
        entry,
        vec![Value::Int(arg)],
        1000,
    )
    .expect("arity");
    let breaker = AtomicBool::new(false);
    loop {
        match t.run_slice(&breaker, u64::MAX).expect("runs") {
            Outcome::Returned(_) => return t.instructions(),
            Outcome::Interrupted => continue,
            Outcome::Request(r) => panic!("the dispatch bench runs no concurrency opcode: {r:?}"),
        }
    }
}

/// 100,000 iterations of the count-down loop (900,006 instructions).
#[divan::bench]
fn countdown_100k(b: divan::Bencher) {
    let p = load("countdown.pyasm");
    b.counter(divan::counter::ItemsCount::new(900_006u64))
        .bench(|| run(&p, divan::black_box(100_000)));
}

/// fib(18): call-heavy (CALL / RETURN_VALUE dominate).
#[divan::bench]
fn fib_18(b: divan::Bencher) {
    let p = load("fib.pyasm");
    b.bench(|| run(&p, divan::black_box(18)));
}

/// Primes below 5,000: nested loops, %, *, comparisons.
#[divan::bench]
fn primes_5000(b: divan::Bencher) {
    let p = load("primes.pyasm");
    b.bench(|| run(&p, divan::black_box(5_000)));
}
