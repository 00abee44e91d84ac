//! The engine seam, through the `gilsim` binary: what every mode must do on
//! both engines once the engines share one seam.
//!
//! - `--trace` writes a valid Chrome Trace Event file in all four modes on
//!   both engines (one pid per worker in process mode);
//! - deadlocks inside a worker (a lock taken twice, two threads joining each
//!   other, a lock held by a finished thread) end a process-mode run with
//!   exit 70 and a deadlock report, as they do in gil mode;
//! - process-mode histograms come from the workers' own samples;
//! - asyncio reports the same counters on the real and the virtual engine;
//! - flags a mode (or policy) ignores are usage errors (exit 64), and the
//!   policy names are listed by `run --help` and the unknown-policy message.
//!
//! Only counts, exit codes and structure are asserted, never times.

use crate::common::{arg, gilsim_within, Out, TempDir};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// A run that takes longer than this is a hang: it is killed and fails.
const WATCHDOG: Duration = Duration::from_secs(30);

/// Runs `gilsim ARGS` from the crate's directory, killing it if it hangs.
fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, WATCHDOG)
}

fn read_json(path: &str) -> Json {
    let text = std::fs::read_to_string(Path::new(path))
        .unwrap_or_else(|e| panic!("{path} was not written: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}\n{text}"))
}

/// Runs with `--format json --report FILE`, checks the exit code and
/// returns the report.
fn json_report(args: &[&str], want_code: i32) -> Json {
    let dir = TempDir::new("seam-report");
    let report = dir.path("report.json");
    let report = arg(&report);
    let mut all = args.to_vec();
    all.extend(["--format", "json", "--report", report]);
    let o = gilsim(&all);
    assert_eq!(o.code, Some(want_code), "gilsim {all:?}\n{}", o.show());
    read_json(report)
}

// ---------------------------------------------------------------------------
// 1. --trace in every mode on both engines
// ---------------------------------------------------------------------------

/// Traces `io_wait(4, 0.001)` on two threads and checks the file.
fn check_trace(mode: &str, engine: &str) {
    let dir = TempDir::new("seam-trace");
    let trace = dir.path("trace.json");
    let trace = arg(&trace);
    let args = [
        "run",
        "programs/io_wait.pyasm",
        "--arg",
        "4",
        "--arg",
        "0.001",
        "--threads",
        "2",
        "--mode",
        mode,
        "--engine",
        engine,
        "--format",
        "none",
        "--trace",
        trace,
    ];
    let o = gilsim(&args);
    assert_eq!(o.code, Some(0), "{}", o.show());
    let t = read_json(trace);
    let events = t["traceEvents"]
        .as_array()
        .unwrap_or_else(|| panic!("{mode}/{engine}: no traceEvents array: {t}"));
    for e in events {
        for key in ["ph", "pid", "tid", "name"] {
            assert!(
                !e[key].is_null(),
                "{mode}/{engine}: event without {key}: {e}"
            );
        }
    }
    let complete: Vec<&Json> = events.iter().filter(|e| e["ph"] == "X").collect();
    for e in &complete {
        for key in ["ts", "dur"] {
            let v = e[key].as_f64();
            assert!(
                v.is_some_and(|v| v >= 0.0),
                "{mode}/{engine}: X event with a bad {key}: {e}"
            );
        }
    }
    let key = |e: &Json| (e["pid"].as_u64(), e["tid"].as_u64());
    let named: BTreeSet<_> = events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .map(key)
        .collect();
    assert_eq!(
        named.len(),
        2,
        "{mode}/{engine}: want one thread_name per thread of the run (2): {named:?}"
    );
    let busy: BTreeSet<_> = complete.iter().map(|e| key(e)).collect();
    for thread in &named {
        assert!(
            busy.contains(thread),
            "{mode}/{engine}: no X event for thread (pid, tid) {thread:?}; X events on {busy:?}"
        );
    }
    for thread in &busy {
        assert!(
            named.contains(thread),
            "{mode}/{engine}: X events on (pid, tid) {thread:?} that has no thread_name"
        );
    }
    if mode == "process" {
        let pids: BTreeSet<_> = complete.iter().map(|e| e["pid"].as_u64()).collect();
        assert_eq!(
            pids.len(),
            2,
            "{mode}/{engine}: want one pid per worker (2 workers): {pids:?}"
        );
    }
}

#[test]
fn trace_gil_real() {
    check_trace("gil", "real");
}

#[test]
fn trace_gil_virtual() {
    check_trace("gil", "virtual");
}

#[test]
fn trace_free_real() {
    check_trace("free", "real");
}

#[test]
fn trace_free_virtual() {
    check_trace("free", "virtual");
}

#[test]
fn trace_async_real() {
    check_trace("async", "real");
}

#[test]
fn trace_async_virtual() {
    check_trace("async", "virtual");
}

#[test]
fn trace_process_real() {
    check_trace("process", "real");
}

#[test]
fn trace_process_virtual() {
    check_trace("process", "virtual");
}

// ---------------------------------------------------------------------------
// 2. Deadlocks inside a worker
// ---------------------------------------------------------------------------

/// A thread acquiring a lock it already holds.
const SELF_LOCK: &str = "\
; a thread acquires a lock it already holds
.func main()
    NEW_LOCK
    COPY 1
    LOCK_ACQUIRE
    LOCK_ACQUIRE
    LOAD_CONST None
    RETURN_VALUE
.end
";

/// Two threads joining each other: `second` joins `first` (g1, stored
/// before `second` starts); `first` waits until g2 holds `second`'s handle,
/// then joins it. Whatever the interleaving, both end up blocked.
const MUTUAL_JOIN: &str = "\
; two threads join each other
.global g1 = None
.global g2 = None

.func first()
wait:
    LOAD_GLOBAL g2
    LOAD_CONST None
    COMPARE_OP ==
    POP_JUMP_IF_FALSE ready
    LOAD_CONST 0.001
    IO_WAIT
    JUMP_BACKWARD wait
ready:
    LOAD_GLOBAL g2
    JOIN_THREAD
    LOAD_CONST None
    RETURN_VALUE
.end

.func second()
    LOAD_GLOBAL g1
    JOIN_THREAD
    LOAD_CONST None
    RETURN_VALUE
.end

.func main()
    START_THREAD first 0
    STORE_GLOBAL g1
    START_THREAD second 0
    STORE_GLOBAL g2
    LOAD_CONST None
    RETURN_VALUE
.end
";

/// A lock held by a finished thread: `grab` takes it and returns; main joins
/// it and then takes the lock.
const FINISHED_HOLDER: &str = "\
; a lock held by a finished thread
.global lk = None

.func grab()
    LOAD_GLOBAL lk
    LOCK_ACQUIRE
    LOAD_CONST None
    RETURN_VALUE
.end

.func main()
    NEW_LOCK
    STORE_GLOBAL lk
    START_THREAD grab 0
    JOIN_THREAD
    LOAD_GLOBAL lk
    LOCK_ACQUIRE
    LOAD_CONST None
    RETURN_VALUE
.end
";

/// Runs `program` with `extra` flags: exit 70 with "deadlock" on stderr
/// (text report), and in JSON `end` "deadlock" with a deadlock report.
fn check_deadlock(name: &str, program: &str, extra: &[&str]) {
    let dir = TempDir::new("seam-deadlock");
    let file = dir.write(&format!("{name}.pyasm"), program);
    let mut args = vec!["run", arg(&file)];
    args.extend_from_slice(extra);
    let o = gilsim(&args);
    assert_eq!(
        o.code,
        Some(70),
        "{name} {extra:?}: want exit 70\n{}",
        o.show()
    );
    assert!(
        o.stderr.contains("deadlock"),
        "{name} {extra:?}: no deadlock report on stderr\n{}",
        o.show()
    );
    let v = json_report(&args, 70);
    assert_eq!(v["end"], "deadlock", "{name} {extra:?}: {v}");
    assert!(
        v["deadlock"].as_str().is_some_and(|s| !s.is_empty()),
        "{name} {extra:?}: want a deadlock report, got {}",
        v["deadlock"]
    );
}

/// The three programs really deadlock, where deadlocks are reported today.
#[test]
fn deadlock_programs_deadlock_in_gil_mode() {
    for (name, program) in [
        ("self_lock", SELF_LOCK),
        ("mutual_join", MUTUAL_JOIN),
        ("finished_holder", FINISHED_HOLDER),
    ] {
        check_deadlock(name, program, &["--mode", "gil"]);
    }
}

fn check_process_deadlock(name: &str, program: &str) {
    for threads in ["1", "2"] {
        check_deadlock(name, program, &["--mode", "process", "--threads", threads]);
    }
}

#[test]
fn process_worker_self_lock_deadlock() {
    check_process_deadlock("self_lock", SELF_LOCK);
}

#[test]
fn process_worker_mutual_join_deadlock() {
    check_process_deadlock("mutual_join", MUTUAL_JOIN);
}

#[test]
fn process_worker_finished_holder_deadlock() {
    check_process_deadlock("finished_holder", FINISHED_HOLDER);
}

// ---------------------------------------------------------------------------
// 3. Process-mode histograms from the workers' samples
// ---------------------------------------------------------------------------

fn histogram_total(v: &Json, field: &str) -> u64 {
    v[field]
        .as_array()
        .unwrap_or_else(|| panic!("no {field} array: {v}"))
        .iter()
        .map(|b| b["count"].as_u64().expect("bucket count"))
        .sum()
}

fn thread_total(v: &Json, field: &str) -> u64 {
    v["threads"]
        .as_array()
        .expect("threads")
        .iter()
        .map(|t| {
            t[field]
                .as_u64()
                .unwrap_or_else(|| panic!("no {field}: {t}"))
        })
        .sum()
}

fn check_process_histograms(engine: &str) {
    let v = json_report(
        &[
            "run",
            "programs/io_wait.pyasm",
            "--arg",
            "20",
            "--arg",
            "0.001",
            "--threads",
            "2",
            "--mode",
            "process",
            "--engine",
            engine,
        ],
        0,
    );
    assert_eq!(v["end"], "ok", "{engine}: {v}");
    assert!(v["switches"].as_u64().is_some(), "{engine}: switches: {v}");
    let acquisitions = thread_total(&v, "gil_acquisitions");
    assert!(acquisitions > 0, "{engine}: no GIL acquisitions: {v}");
    assert_eq!(
        histogram_total(&v, "gil_wait_histogram"),
        acquisitions,
        "{engine}: gil_wait_histogram counts vs gil_acquisitions: {}",
        v["gil_wait_histogram"]
    );
    let io_ops = thread_total(&v, "io_ops");
    assert_eq!(io_ops, 40, "{engine}: 2 workers x 20 waits");
    assert_eq!(
        histogram_total(&v, "io_reacquire_histogram"),
        io_ops,
        "{engine}: io_reacquire_histogram counts vs io_ops: {}",
        v["io_reacquire_histogram"]
    );
}

#[test]
fn process_histograms_come_from_worker_samples_real() {
    check_process_histograms("real");
}

#[test]
fn process_histograms_come_from_worker_samples_virtual() {
    check_process_histograms("virtual");
}

// ---------------------------------------------------------------------------
// 4. asyncio: the same counters on both engines
// ---------------------------------------------------------------------------

/// Runs `args --mode async` on both engines and compares the counters.
/// The programs are chosen so the order of events is deterministic: tasks
/// run round-robin in the order they slept (io_wait) or started and were
/// joined (spawn_join).
fn check_async_counters_agree(args: &[&str]) {
    let counters = |engine: &str| {
        let mut all = args.to_vec();
        all.extend(["--mode", "async", "--engine", engine]);
        let v = json_report(&all, 0);
        assert_eq!(v["policy"], "none", "{engine}: {v}");
        assert_eq!(v["mode"], "async", "{engine}: {v}");
        let threads: BTreeMap<u64, [u64; 3]> = v["threads"]
            .as_array()
            .expect("threads")
            .iter()
            .map(|t| {
                let n = |f: &str| t[f].as_u64().unwrap_or_else(|| panic!("no {f}: {t}"));
                (
                    n("id"),
                    [n("voluntary_releases"), n("gil_acquisitions"), n("io_ops")],
                )
            })
            .collect();
        (v["switches"].as_u64().expect("switches"), threads)
    };
    let (real_switches, real) = counters("real");
    let (virtual_switches, virt) = counters("virtual");
    assert_eq!(
        real, virt,
        "{args:?}: per thread [voluntary_releases, gil_acquisitions, io_ops], real vs virtual"
    );
    assert_eq!(real_switches, virtual_switches, "{args:?}: switches");
}

#[test]
fn async_counters_agree_across_engines_io_wait() {
    check_async_counters_agree(&[
        "run",
        "programs/io_wait.pyasm",
        "--arg",
        "5",
        "--arg",
        "0.002",
        "--threads",
        "3",
    ]);
}

#[test]
fn async_counters_agree_across_engines_spawn_join() {
    check_async_counters_agree(&["run", "programs/spawn_join.pyasm"]);
}

// ---------------------------------------------------------------------------
// 5, 6. Flags a mode ignores, policy names
// ---------------------------------------------------------------------------

/// `run programs/fib.pyasm --arg 3 EXTRA` is a usage error naming `flag`.
fn check_usage_error(extra: &[&str], flag: &str) {
    let mut args = vec!["run", "programs/fib.pyasm", "--arg", "3"];
    args.extend_from_slice(extra);
    let o = gilsim(&args);
    assert_eq!(
        o.code,
        Some(64),
        "{extra:?}: want a usage error\n{}",
        o.show()
    );
    assert!(
        o.stderr.contains(flag),
        "{extra:?}: the message should name {flag}\n{}",
        o.show()
    );
}

fn check_runs(extra: &[&str]) {
    let mut args = vec![
        "run",
        "programs/fib.pyasm",
        "--arg",
        "3",
        "--format",
        "none",
    ];
    args.extend_from_slice(extra);
    let o = gilsim(&args);
    assert_eq!(o.code, Some(0), "{extra:?}\n{}", o.show());
    assert_eq!(o.stdout, "fib( 3 ) = 2\n", "{extra:?}");
}

#[test]
fn free_mode_rejects_policy() {
    check_usage_error(&["--mode", "free", "--policy", "fifo"], "--policy");
}

#[test]
fn async_mode_rejects_policy() {
    check_usage_error(&["--mode", "async", "--policy", "ticks"], "--policy");
}

#[test]
fn async_mode_rejects_check_interval() {
    check_usage_error(
        &["--mode", "async", "--check-interval", "50"],
        "--check-interval",
    );
}

#[test]
fn check_interval_needs_the_ticks_policy() {
    check_usage_error(&["--check-interval", "50"], "--check-interval");
    check_usage_error(
        &["--policy", "newgil", "--check-interval", "50"],
        "--check-interval",
    );
    check_usage_error(
        &["--policy", "fifo", "--check-interval", "50"],
        "--check-interval",
    );
}

#[test]
fn flags_a_mode_uses_still_run() {
    check_runs(&["--policy", "ticks", "--check-interval", "50"]);
    check_runs(&[
        "--mode",
        "gil",
        "--policy",
        "ticks",
        "--check-interval",
        "50",
    ]);
    check_runs(&["--mode", "process", "--policy", "fifo"]);
}

#[test]
fn run_help_lists_every_policy() {
    let o = gilsim(&["run", "--help"]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    for policy in ["newgil", "ticks", "fifo", "io-priority", "fair-share"] {
        assert!(
            o.stdout.contains(policy),
            "run --help lacks {policy}\n{}",
            o.stdout
        );
    }
}

#[test]
fn unknown_policy_is_a_usage_error() {
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--arg",
        "3",
        "--policy",
        "nope",
    ]);
    assert_eq!(o.code, Some(64), "{}", o.show());
    assert!(
        o.stderr.contains(
            "unknown policy 'nope' (policies: newgil, ticks, fifo, io-priority, fair-share, gvl, masterlock)"
        ),
        "{}",
        o.show()
    );
}
