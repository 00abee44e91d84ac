//! `--mode async`: one OS thread runs every interpreter thread as a
//! cooperative task. Tasks never run at once and switch only where they
//! wait; a CPU-bound task holds the loop; race-free programs print what
//! they print under the GIL; deadlocks and timeouts end the run. Output
//! order is deterministic here, so the tests assert it exactly.

use crate::common::{program, run_cfg, run_mode, sample, wait_or_kill, TempDir};
use gilsim::engine::{Mode, RunConfig};
use gilsim::metrics::{RunEnd, ThreadEnd};
use gilsim::vm::Value;

const TWO_WORKERS: &str = "
.func work(name, n, yield_every)
    LOAD_FAST name
    LOAD_CONST \"start\"
    PRINT 2
loop:
    LOAD_FAST n
    LOAD_CONST 0
    COMPARE_OP >
    POP_JUMP_IF_FALSE done
    LOAD_FAST n
    LOAD_FAST yield_every
    BINARY_OP %
    POP_JUMP_IF_TRUE skip
    LOAD_FAST name
    LOAD_FAST n
    PRINT 2
    YIELD
skip:
    LOAD_FAST n
    LOAD_CONST 1
    BINARY_OP -
    STORE_FAST n
    JUMP_BACKWARD loop
done:
    LOAD_FAST name
    LOAD_CONST \"end\"
    PRINT 2
    LOAD_CONST None
    RETURN_VALUE
.end
.func main(n, yield_every)
    LOAD_CONST \"a\"
    LOAD_FAST n
    LOAD_FAST yield_every
    START_THREAD work 3
    LOAD_CONST \"b\"
    LOAD_FAST n
    LOAD_FAST yield_every
    START_THREAD work 3
    JOIN_THREAD
    JOIN_THREAD
    LOAD_CONST None
    RETURN_VALUE
.end";

fn async_cfg(args: Vec<Value>) -> RunConfig {
    RunConfig {
        args,
        mode: Mode::Async,
        ..RunConfig::default()
    }
}

#[test]
fn tasks_never_interleave_without_a_wait() {
    // No YIELD is ever reached (yield_every larger than n): task a runs to
    // its end before b starts — no preemption, however long it runs.
    let ran = run_cfg(
        program(TWO_WORKERS),
        &async_cfg(vec![Value::Int(300_000), Value::Int(1_000_000)]),
    );
    assert_eq!(ran.report().end, RunEnd::Ok);
    assert_eq!(ran.lines, vec!["a start", "a end", "b start", "b end"]);
    assert_eq!(ran.report().max_parallel, 1);
}

#[test]
fn tasks_switch_at_every_yield() {
    let ran = run_cfg(
        program(TWO_WORKERS),
        &async_cfg(vec![Value::Int(3), Value::Int(1)]),
    );
    assert_eq!(
        ran.lines,
        vec!["a start", "a 3", "b start", "b 3", "a 2", "b 2", "a 1", "b 1", "a end", "b end"],
        "each YIELD hands the loop to the next ready task, round-robin"
    );
    let r = ran.report();
    assert_eq!(r.threads[1].voluntary_releases, 3);
    assert_eq!(r.threads[2].voluntary_releases, 3);
}

#[test]
fn a_cpu_bound_task_holds_the_loop_and_delays_io() {
    // The IO task sleeps first; the CPU task then runs to completion before
    // the IO task can run again, however short its sleep.
    let src = "
.func io()
    LOAD_CONST 0.0001
    IO_WAIT
    LOAD_CONST \"io back\"
    PRINT 1
    LOAD_CONST None
    RETURN_VALUE
.end
.func cpu(n)
loop:
    LOAD_FAST n
    POP_JUMP_IF_FALSE done
    LOAD_FAST n
    LOAD_CONST 1
    BINARY_OP -
    STORE_FAST n
    JUMP_BACKWARD loop
done:
    LOAD_CONST \"cpu done\"
    PRINT 1
    LOAD_CONST None
    RETURN_VALUE
.end
.func main()
    START_THREAD io 0
    LOAD_CONST 2000000
    START_THREAD cpu 1
    JOIN_THREAD
    JOIN_THREAD
    LOAD_CONST None
    RETURN_VALUE
.end";
    let ran = run_cfg(program(src), &async_cfg(vec![]));
    assert_eq!(ran.lines, vec!["cpu done", "io back"]);
    let io = &ran.report().threads[1];
    assert_eq!(io.io_ops, 1);
    assert_eq!(ran.report().io_reacquire_ns.max, io.io_reacquire_ns.max);
    assert!(
        io.io_reacquire_ns.max > 0,
        "the delay behind the CPU task is measured"
    );
}

#[test]
fn race_free_programs_print_the_same_as_under_the_gil() {
    let cases: &[(&str, Vec<Value>, u32)] = &[
        ("fib.pyasm", vec![Value::Int(12)], 3),
        ("primes.pyasm", vec![Value::Int(500)], 2),
        ("spawn_join.pyasm", vec![], 1),
        (
            "locked_counter.pyasm",
            vec![Value::Int(3), Value::Int(200)],
            1,
        ),
        (
            "mixed.pyasm",
            vec![Value::Int(2), Value::Int(100), Value::Float(0.0001)],
            3,
        ),
        (
            "io_wait.pyasm",
            vec![Value::Int(3), Value::Float(0.0001)],
            4,
        ),
        (
            "native_release.pyasm",
            vec![Value::Int(2), Value::Int(10), Value::Bool(true)],
            2,
        ),
    ];
    for (name, args, threads) in cases {
        let a = run_mode(sample(name), args.clone(), *threads, Mode::Gil);
        let b = run_mode(sample(name), args.clone(), *threads, Mode::Async);
        assert_eq!(
            b.report().end,
            RunEnd::Ok,
            "{name}: {:?}",
            b.report().errors
        );
        let (mut x, mut y) = (a.lines.clone(), b.lines.clone());
        x.sort();
        y.sort();
        assert_eq!(x, y, "{name}");
        assert_eq!(b.report().mode, "async");
    }
}

#[test]
fn deadlocks_errors_and_timeouts_end_an_async_run() {
    let self_lock = ".func main()\n    NEW_LOCK\n    COPY 1\n    LOCK_ACQUIRE\n    LOCK_ACQUIRE\n    LOAD_CONST None\n    RETURN_VALUE\n.end";
    let r = run_cfg(program(self_lock), &async_cfg(vec![]));
    assert_eq!(r.report().end, RunEnd::Deadlock);
    assert!(r
        .report()
        .deadlock
        .as_deref()
        .unwrap()
        .contains("main-0 waits for lock 0, held by main-0"));

    let boom = ".func main()\n    LOAD_CONST 1\n    LOAD_CONST 0\n    BINARY_OP //\n    RETURN_VALUE\n.end";
    let r = run_cfg(program(boom), &async_cfg(vec![]));
    assert_eq!(r.report().end, RunEnd::Error);
    assert_eq!(
        r.report().errors,
        vec!["main-0: ZeroDivisionError: integer division or modulo by zero"]
    );
    assert!(r.errors[0].starts_with("Exception in thread main-0:"));

    let forever = ".func main()\nloop:\n    JUMP_BACKWARD loop\n.end";
    let cfg = RunConfig {
        timeout_ns: Some(150_000_000),
        ..async_cfg(vec![])
    };
    let r = run_cfg(program(forever), &cfg);
    assert_eq!(r.report().end, RunEnd::Timeout);
    assert_eq!(r.report().threads[0].end, ThreadEnd::Stopped);
    assert!(r.report().threads[0].instructions > 0);
}

#[test]
fn a_task_stopped_by_the_timeout_keeps_its_last_stretch_on_both_engines() {
    let forever = ".func main()\nloop:\n    JUMP_BACKWARD loop\n.end";
    for engine in [
        gilsim::engine::EngineConfig::default(),
        gilsim::engine::EngineConfig::virtual_machine(2),
    ] {
        let cfg = RunConfig {
            timeout_ns: Some(50_000_000),
            trace: true,
            engine,
            ..async_cfg(vec![])
        };
        let sink = std::sync::Arc::new(gilsim::vm::Capture::default());
        let out = gilsim::engine::run(program(forever), &cfg, sink.clone(), sink).unwrap();
        let t = &out.report.threads[0];
        assert_eq!(out.report.end, RunEnd::Timeout);
        assert_eq!(t.gil_acquisitions, 1, "the task got the loop once");
        assert!(
            t.gil_hold_ns > 0 && t.gil_hold_ns <= out.report.wall_ns,
            "it held the loop until the timeout: {} of {} ns",
            t.gil_hold_ns,
            out.report.wall_ns
        );
        let trace = out.trace.unwrap().to_json();
        let running = trace["traceEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["ph"] == "X" && e["name"] == "running (GIL held)")
            .count();
        assert_eq!(running, 1, "one running span, closed at the timeout");
    }
}

#[test]
fn the_timeout_stops_native_work_on_the_loop() {
    // 10^12 units of native work (days of CPU) inside a task: the loop's
    // thread is busy in it, and the timeout must still end the run.
    let dir = TempDir::new("async-native");
    let p = dir.write(
        "native.pyasm",
        ".func main()\n    LOAD_CONST 1000000000000\n    LOAD_CONST False\n    CALL_NATIVE\n    LOAD_CONST None\n    RETURN_VALUE\n.end\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args([
            "run",
            p.to_str().unwrap(),
            "--mode",
            "async",
            "--timeout",
            "200ms",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let code = wait_or_kill(&mut child, std::time::Duration::from_secs(60)).and_then(|s| s.code());
    drop(dir);
    assert_eq!(code, Some(124), "the run ends at its timeout (exit 124)");
}
