//! `--mode interp` and `concurrent.interpreters`: subinterpreters, each
//! with its own GIL and globals in one process. Exact virtual-engine
//! figures (CPU-bound scaling with the cores, the start-up charged once
//! per interpreter and never per call, each GIL switching only its own
//! threads); the Python API's behaviour (copies, separate globals,
//! ExecutionFailed, queues, InterpreterPoolExecutor) on both engines;
//! bad input answered by documented exceptions, never a panic or a hang;
//! the same output on the real engine; a replayable report.

use crate::common::{gilsim_within, program, repo_path, run_cfg, Ran};
use gilsim::bytecode::Program;
use gilsim::engine::vtime::CostModel;
use gilsim::engine::{EngineConfig, Mode, RunConfig};
use gilsim::metrics::RunEnd;
use gilsim::vm::Value;
use std::sync::Arc;
use std::time::Duration;

/// No jitter, no thread start-up, 100 ns per instruction (milliseconds
/// of virtual time from a few thousand instructions), and an interpreter
/// start-up of 1 ms.
fn exact() -> CostModel {
    CostModel {
        jitter: 0.0,
        thread_start_ns: 0.0,
        instruction_ns: 100.0,
        interp_start_ns: 1_000_000.0,
        ..CostModel::default()
    }
}

fn vcfg(cores: u32, mode: Mode, threads: u32, args: Vec<Value>) -> RunConfig {
    RunConfig {
        args,
        threads,
        mode,
        engine: EngineConfig {
            cost: exact(),
            ..EngineConfig::virtual_machine(cores)
        },
        ..RunConfig::default()
    }
}

/// [`vcfg`] for a `.py` program's module code.
fn vpy(cores: u32, mode: Mode, threads: u32) -> RunConfig {
    RunConfig {
        entry: gilsim::py::MODULE.into(),
        ..vcfg(cores, mode, threads, vec![])
    }
}

/// The real engine, gil mode, a `.py` program's module code.
fn real_py() -> RunConfig {
    RunConfig {
        entry: gilsim::py::MODULE.into(),
        ..RunConfig::default()
    }
}

fn py(src: &str) -> Arc<Program> {
    match gilsim::py::compile_source("prog.py", src) {
        Ok(p) => Arc::new(p),
        Err(d) => panic!("compile failed:\n{d}"),
    }
}

fn ok(r: &Ran) {
    let rep = r.report();
    assert_eq!(rep.end, RunEnd::Ok, "{:?}\n{:?}", rep.errors, r.errors);
}

const COUNTDOWN: &str = ".func main(n)
loop:
    LOAD_FAST n
    LOAD_CONST 0
    COMPARE_OP >
    POP_JUMP_IF_FALSE done
    LOAD_FAST n
    LOAD_CONST 1
    BINARY_OP -
    STORE_FAST n
    JUMP_BACKWARD loop
done:
    LOAD_CONST None
    RETURN_VALUE
.end";

#[test]
fn cpu_bound_work_on_two_interpreters_and_two_cores_takes_half_the_time() {
    let p = program(COUNTDOWN);
    let one = run_cfg(
        Arc::clone(&p),
        &vcfg(2, Mode::Interp, 1, vec![Value::Int(40_000)]),
    );
    let two = run_cfg(
        Arc::clone(&p),
        &vcfg(2, Mode::Interp, 2, vec![Value::Int(20_000)]),
    );
    let gil = run_cfg(p, &vcfg(2, Mode::Gil, 2, vec![Value::Int(20_000)]));
    for r in [&one, &two, &gil] {
        ok(r);
    }
    let (one, two, gil) = (one.report(), two.report(), gil.report());
    // The start-up (1 ms) is paid in parallel too: compare the work.
    let start = exact().interp_start_ns as u64;
    let speedup = (one.wall_ns - start) as f64 / (two.wall_ns - start) as f64;
    assert!(
        (1.95..=2.05).contains(&speedup),
        "2 interpreters on 2 cores: {speedup:.3}x"
    );
    assert_eq!(two.max_parallel, 2);
    assert_eq!(two.switches, 0, "no interpreter shares its GIL");
    assert_eq!(two.mode, "interp");
    assert!(two.policy.is_some(), "each interpreter's GIL has a policy");
    assert_eq!(gil.max_parallel, 1);
    assert!(gil.wall_ns > two.wall_ns + two.wall_ns / 2);
}

#[test]
fn the_start_up_is_charged_once_per_interpreter_and_never_per_call() {
    let p = program(COUNTDOWN);
    let r = run_cfg(p, &vcfg(4, Mode::Interp, 3, vec![Value::Int(10)]));
    ok(&r);
    let start = exact().interp_start_ns as u64;
    let rep = r.report();
    assert!(rep.threads.iter().all(|t| t.startup_ns == start));
    assert!(
        rep.wall_ns >= start && rep.wall_ns < 2 * start,
        "{}",
        rep.wall_ns
    );

    // create() twice, then three calls in each: two start-ups.
    let src = "from concurrent import interpreters

def square(x):
    return x * x

if __name__ == \"__main__\":
    a = interpreters.create()
    b = interpreters.create()
    print([a.call(square, i) + b.call(square, i) for i in range(3)])
";
    let r = run_cfg(py(src), &vpy(2, Mode::Gil, 1));
    ok(&r);
    assert_eq!(r.lines, vec!["[0, 2, 8]"]);
    let rep = r.report();
    let started: Vec<(&str, u64)> = rep
        .threads
        .iter()
        .filter(|t| t.startup_ns > 0)
        .map(|t| (t.name.as_str(), t.startup_ns))
        .collect();
    assert_eq!(started, vec![("interp-1", start), ("interp-2", start)]);
    let calls = rep
        .threads
        .iter()
        .filter(|t| t.name.ends_with(" call"))
        .count();
    assert_eq!(calls, 6);
    // The creator waited for each start-up.
    assert!(rep.wall_ns > 2 * start, "{}", rep.wall_ns);
}

/// Two CPU-bound threads started in whatever interpreter runs the module.
const TWO_SPINNERS: &str = "import threading

def spin(n):
    while n > 0:
        n -= 1

ts = [threading.Thread(target=spin, args=(3000,)) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
";

#[test]
fn each_interpreters_gil_switches_only_its_own_threads() {
    let mut cfg = vpy(4, Mode::Interp, 2);
    cfg.trace = true;
    cfg.switch_interval_ns = 100_000;
    let out = Arc::new(gilsim::vm::Capture::default());
    let err = Arc::new(gilsim::vm::Capture::default());
    let ran = gilsim::engine::run(py(TWO_SPINNERS), &cfg, out, err).unwrap();
    let rep = &ran.report;
    assert_eq!(rep.end, RunEnd::Ok, "{:?}", rep.errors);
    // 2 interpreters x 2 spinners on 4 cores: one runs per GIL.
    assert_eq!(rep.max_parallel, 2);
    assert!(rep.switches > 4, "{} switches", rep.switches);
    // Every span of a thread holding a GIL lies in its own interpreter's
    // trace process, and each interpreter's spinners take turns.
    let trace = ran.trace.unwrap().to_json();
    let events = trace["traceEvents"].as_array().unwrap();
    let mut running: Vec<(u64, u64, f64, f64)> = events
        .iter()
        .filter(|e| e["ph"] == "X" && e["name"] == "running (GIL held)")
        .map(|e| {
            let ts = e["ts"].as_f64().unwrap();
            (
                e["pid"].as_u64().unwrap(),
                e["tid"].as_u64().unwrap(),
                ts,
                ts + e["dur"].as_f64().unwrap(),
            )
        })
        .collect();
    running.sort_by(|a, b| a.2.partial_cmp(&b.2).unwrap());
    let pids: std::collections::BTreeSet<u64> = running.iter().map(|r| r.0).collect();
    assert_eq!(pids.len(), 2, "two interpreters: {pids:?}");
    for pid in pids {
        let spans: Vec<_> = running.iter().filter(|r| r.0 == pid).collect();
        for w in spans.windows(2) {
            assert!(
                w[1].2 >= w[0].3 - 1e-6,
                "overlap in interpreter {pid}: {w:?}"
            );
        }
        let tids: std::collections::BTreeSet<u64> = spans.iter().map(|r| r.1).collect();
        assert!(tids.len() >= 2, "its threads took turns: {tids:?}");
    }
}

/// The API as CPython 3.14 documents it: copies, separate globals,
/// ExecutionFailed, queues, list/close.
const API: &str = include_str!("../fixtures/interp/api.py");

const API_OUT: [&str; 12] = [
    "Interpreter(1) 1 False",
    "result (1, [1, 2, 'changed']) original [1, 2] counter here 0",
    "again (2, [9, 'changed'])",
    "where 1 main 0",
    "failed: ValueError bad value 3 | ValueError: bad value 3 | True",
    "total 45",
    "[0, 1]",
    "closed: unrecognized interpreter ID 1",
    "main: cannot destroy the current interpreter",
    "empty",
    "full",
    "[0]",
];

#[test]
fn the_api_copies_keeps_globals_apart_and_reports_failures_on_both_engines() {
    let p = py(API);
    let virt = run_cfg(Arc::clone(&p), &vpy(2, Mode::Gil, 1));
    ok(&virt);
    assert_eq!(virt.lines, API_OUT);
    let real = run_cfg(p, &real_py());
    ok(&real);
    assert_eq!(real.lines, API_OUT);
}

/// Misuse: every case a documented exception, and the run goes on.
const MISUSE: &str = "from concurrent import interpreters
import time

def slow():
    time.sleep(0.05)
    return 1

if __name__ == \"__main__\":
    i = interpreters.create()
    t = i.call_in_thread(slow)
    time.sleep(0.01)
    print(i.is_running())
    try:
        i.close()
    except interpreters.InterpreterError as e:
        print(type(e).__name__, e)
    t.join()
    print(i.is_running())
    try:
        i.exec(\"x = 1\")
    except NotImplementedError as e:
        print(\"exec:\", e)
    try:
        i.call(lambda: 1)
    except interpreters.NotShareableError as e:
        print(\"lambda: NotShareableError\")
    try:
        i.call(len, [1, 2], flag=True)
    except interpreters.ExecutionFailed as e:
        print(\"len:\", e.excinfo.type.__name__)
    i.close()
    for what in (i.close, i.is_running, lambda: i.call(slow)):
        try:
            what()
        except interpreters.InterpreterNotFoundError as e:
            print(\"closed:\", e)
    try:
        interpreters.Interpreter(\"x\")
    except TypeError as e:
        print(\"id:\", e)
    q = interpreters.create_queue()
    try:
        q.get(timeout=0.01)
    except interpreters.QueueEmpty:
        print(\"queue: timed out\")
    try:
        q.put(1, timeout=-1)
    except ValueError as e:
        print(\"queue:\", e)
";

const MISUSE_OUT: [&str; 12] = [
    "True",
    "InterpreterError interpreter running",
    "False",
    "exec: gilsim: Interpreter.exec() of source text is not supported; pass a function",
    "lambda: NotShareableError",
    "len: TypeError",
    "closed: unrecognized interpreter ID 1",
    "closed: unrecognized interpreter ID 1",
    "closed: unrecognized interpreter ID 1",
    "id: id must be an int, got 'x'",
    "queue: timed out",
    "queue: timeout value must be non-negative",
];

#[test]
fn misuse_raises_documented_errors_without_a_panic_or_a_hang() {
    let p = py(MISUSE);
    let virt = run_cfg(Arc::clone(&p), &vpy(2, Mode::Gil, 1));
    ok(&virt);
    assert_eq!(virt.lines, MISUSE_OUT);
    let real = run_cfg(p, &real_py());
    ok(&real);
    assert_eq!(real.lines, MISUSE_OUT);
    // Under asyncio's one thread: a clear runtime error (exit 70), no hang.
    let dir = crate::common::TempDir::new("interp-async");
    let f = dir.write("a.py", API);
    let o = gilsim_within(
        &[
            "run",
            crate::common::arg(&f),
            "--mode",
            "async",
            "--format",
            "none",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(70), "{}", o.show());
    assert!(
        o.stderr.contains("does not run under --mode async"),
        "{}",
        o.show()
    );
}

#[test]
fn a_pool_of_interpreters_returns_copies_and_the_original_exception() {
    let src = "from concurrent.futures import InterpreterPoolExecutor
from concurrent import interpreters

seen = []

def work(x):
    seen.append(x)
    if x == 3:
        raise KeyError(x)
    return (x * x, len(seen), interpreters.get_current().id != 0)

if __name__ == \"__main__\":
    with InterpreterPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(work, x) for x in range(5)]
        for f in futures:
            e = f.exception()
            if e is None:
                print(f.result()[0], f.result()[2])
            else:
                print(type(e).__name__, e, type(e.__cause__).__name__)
        print(list(pool.map(abs, [-1, -2])))
    print(seen)
";
    let want = [
        "0 True",
        "1 True",
        "4 True",
        "KeyError 3 ExecutionFailed",
        "16 True",
        "[1, 2]",
        "[]",
    ];
    let p = py(src);
    let virt = run_cfg(Arc::clone(&p), &vpy(2, Mode::Gil, 1));
    ok(&virt);
    assert_eq!(virt.lines, want);
    let real = run_cfg(p, &real_py());
    ok(&real);
    assert_eq!(real.lines, want);
}

#[test]
fn interp_mode_prints_what_gil_mode_prints_on_the_real_engine() {
    let f = repo_path("programs/learn/21_subinterpreters.py");
    let f = f.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", f, "--format", "none"];
        args.extend_from_slice(extra);
        let o = gilsim_within(&args, Duration::from_secs(120));
        assert_eq!(o.code, Some(0), "{}", o.show());
        o.stdout
    };
    let gil = run(&[]);
    assert!(gil.contains("same answer: True"), "{gil}");
    assert_eq!(run(&["--mode", "interp", "--threads", "2"]), gil.repeat(2));
    assert_eq!(
        run(&["--mode", "interp", "--threads", "2", "--engine", "virtual"]),
        gil.repeat(2)
    );
}

#[test]
fn an_interp_mode_run_replays_to_the_same_report() {
    crate::replay::replay_identical(
        "countdown.py",
        &[
            "--mode",
            "interp",
            "--threads",
            "2",
            "--engine",
            "virtual",
            "--cores",
            "2",
        ],
    );
}

#[test]
fn a_modules_objects_are_not_shared_between_interpreters_with_an_entry() {
    // `--entry add`: the module's code runs before the entry; each
    // interpreter (and each virtual process) gets its own `items`.
    let dir = crate::common::TempDir::new("interp-entry");
    let f = dir.write(
        "sep.py",
        "items = []\n\ndef add():\n    items.append(1)\n    print(len(items))\n",
    );
    for (mode, engine, want) in [
        ("gil", "real", "1\n2\n"),
        ("interp", "real", "1\n1\n"),
        ("interp", "virtual", "1\n1\n"),
        ("process", "virtual", "1\n1\n"),
    ] {
        let o = gilsim_within(
            &[
                "run",
                crate::common::arg(&f),
                "--entry",
                "add",
                "--threads",
                "2",
                "--mode",
                mode,
                "--engine",
                engine,
                "--format",
                "none",
            ],
            Duration::from_secs(60),
        );
        assert_eq!(o.code, Some(0), "{mode} {engine}: {}", o.show());
        assert_eq!(o.stdout, want, "{mode} {engine}");
    }
}

/// Interpreters created at once from threads of different interpreters
/// (interp mode's harness threads run in parallel) get distinct ids, so
/// each one closes its own. A race here once gave two of them the same
/// id, and the second `close()` raised InterpreterNotFoundError.
#[test]
fn interpreters_created_at_once_from_several_interpreters_get_distinct_ids() {
    let src = "import concurrent.interpreters as interpreters

if __name__ == '__main__':
    made = [interpreters.create() for _ in range(30)]
    ids = [i.id for i in made]
    for i in made:
        i.close()
    print(len(set(ids)), min(ids) > 0)
";
    let p = py(src);
    for _ in 0..3 {
        let cfg = RunConfig {
            mode: Mode::Interp,
            threads: 4,
            ..real_py()
        };
        let r = run_cfg(Arc::clone(&p), &cfg);
        ok(&r);
        assert_eq!(r.lines, vec!["30 True"; 4]);
    }
}
