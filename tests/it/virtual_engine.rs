//! `--engine virtual`: exact behaviour that real threads on a shared
//! 2-core machine cannot show — determinism, the convoy's one switch
//! interval, no CPU speedup under the GIL, min(N, cores) speedup in free
//! mode, each policy's signature, processes and asyncio in virtual time —
//! and the same output as the real engine.

use crate::common::{program, repo_path, sample};
use gilsim::bytecode::Program;
use gilsim::engine::vtime::CostModel;
use gilsim::engine::{EngineConfig, Mode, RunConfig, RunOutput};
use gilsim::metrics::{RunEnd, RunReport};
use gilsim::vm::{Capture, Value};
use std::sync::Arc;

/// The default cost model without jitter or thread start-up cost, so that
/// figures can be asserted exactly.
fn exact() -> CostModel {
    CostModel {
        jitter: 0.0,
        thread_start_ns: 0.0,
        ..CostModel::default()
    }
}

/// A slow CPU: 100 ns per instruction, so that a few thousand
/// instructions (quick even in a debug build) span milliseconds.
fn slow() -> CostModel {
    CostModel {
        instruction_ns: 100.0,
        ..exact()
    }
}

fn cfg(cores: u32, cost: CostModel, mode: Mode, threads: u32, args: Vec<Value>) -> RunConfig {
    RunConfig {
        args,
        threads,
        mode,
        engine: EngineConfig {
            cost,
            ..EngineConfig::virtual_machine(cores)
        },
        ..RunConfig::default()
    }
}

struct Run {
    lines: Vec<String>,
    report: RunReport,
    trace: serde_json::Value,
}

fn vrun(p: &Arc<Program>, c: &RunConfig) -> Run {
    let out = Arc::new(Capture::default());
    let err = Arc::new(Capture::default());
    let c = RunConfig {
        trace: true,
        ..c.clone()
    };
    let RunOutput { report, trace } =
        gilsim::engine::run(Arc::clone(p), &c, out.clone(), err).unwrap();
    Run {
        lines: out.lines(),
        report,
        trace: trace.expect("traced").to_json(),
    }
}

fn countdown() -> Arc<Program> {
    sample("countdown.pyasm")
}

fn convoy() -> Arc<Program> {
    sample("convoy.pyasm")
}

fn ints(v: &[i64]) -> Vec<Value> {
    v.iter().map(|i| Value::Int(*i)).collect()
}

#[test]
fn the_same_seed_gives_byte_identical_json_and_traces() {
    let c = {
        let mut c = cfg(
            2,
            CostModel::default(),
            Mode::Gil,
            1,
            vec![Value::Int(5), Value::Float(0.0005), Value::Int(300_000)],
        );
        c.switch_interval_ns = 1_000_000;
        c.engine.seed = 42;
        c
    };
    let (a, b) = (vrun(&convoy(), &c), vrun(&convoy(), &c));
    let json = |r: &Run| serde_json::to_string(&r.report).unwrap();
    assert_eq!(json(&a), json(&b));
    assert_eq!(a.trace.to_string(), b.trace.to_string());
    assert_eq!(a.report.engine, "virtual");
    assert_eq!(a.report.machine.as_ref().unwrap().seed, 42);
    // Another seed draws other wake-up latencies.
    let other = RunConfig {
        engine: EngineConfig {
            seed: 43,
            ..c.engine.clone()
        },
        ..c.clone()
    };
    assert_ne!(json(&vrun(&convoy(), &other)), json(&a));
}

#[test]
fn a_thread_back_from_io_waits_one_switch_interval_behind_a_cpu_bound_thread() {
    // 10 IO waits of 0.5 ms beside a CPU-bound thread that outlasts them.
    let args = vec![Value::Int(10), Value::Float(0.0005), Value::Int(40_000)];
    // newgil: every wait costs an interval (1 ms) plus the timer's and the
    // wake-up's latency. io-priority: only the first does, before the CPU
    // thread has been forced off once and so marked CPU-bound.
    for (policy, p50, p99) in [
        ("newgil", 1_000_000..1_200_000, 1_000_000..1_200_000),
        ("io-priority", 0..100_000, 0..1_200_000),
    ] {
        let mut c = cfg(2, slow(), Mode::Gil, 1, args.clone());
        c.switch_interval_ns = 1_000_000;
        c.policy = policy.parse().unwrap();
        let r = vrun(&convoy(), &c).report;
        assert_eq!(r.end, RunEnd::Ok);
        let io = r.threads.iter().find(|t| t.name.contains("(io)")).unwrap();
        let cpu = r.threads.iter().find(|t| t.name.contains("(cpu)")).unwrap();
        assert_eq!(io.io_ops, 10);
        assert!(
            cpu.gil_hold_ns > 20_000_000,
            "the CPU thread outlasts the IO"
        );
        let back = io.io_reacquire_ns;
        assert!(
            p50.contains(&back.p50) && p99.contains(&back.p99),
            "{policy}: IO back {back:?}, expected p50 in {p50:?}, p99 in {p99:?} ns"
        );
    }
}

#[test]
fn cpu_bound_threads_gain_nothing_under_the_gil_on_any_number_of_cores() {
    let one = vrun(
        &countdown(),
        &cfg(16, slow(), Mode::Gil, 1, ints(&[16_000])),
    )
    .report
    .wall_ns;
    for (n, cores) in [(2, 2), (4, 4), (16, 16)] {
        let r = vrun(
            &countdown(),
            &cfg(cores, slow(), Mode::Gil, n, ints(&[16_000 / n as i64])),
        )
        .report;
        assert_eq!(r.max_parallel, 1);
        assert!(
            r.wall_ns as f64 >= 0.99 * one as f64,
            "{n} threads on {cores} cores: {} vs {one} ns",
            r.wall_ns
        );
    }
}

#[test]
fn free_mode_speedup_is_the_smaller_of_threads_and_cores() {
    let one = vrun(
        &countdown(),
        &cfg(16, slow(), Mode::Free, 1, ints(&[32_000])),
    )
    .report
    .wall_ns as f64;
    for (n, cores) in [(2, 16), (4, 2), (8, 4), (16, 16)] {
        let r = vrun(
            &countdown(),
            &cfg(cores, slow(), Mode::Free, n, ints(&[32_000 / n as i64])),
        )
        .report;
        let want = n.min(cores) as f64;
        let speedup = one / r.wall_ns as f64;
        assert!(
            (speedup - want).abs() / want < 0.03,
            "{n} threads on {cores} cores: speedup {speedup:.3}, expected {want}"
        );
        assert_eq!(r.max_parallel, n.min(cores));
    }
}

#[test]
fn the_ticks_gil_battle_appears_with_several_cores_and_not_with_one() {
    // With jitter: a woken thread's arrival falls at a random point of the
    // holder's release cycle (without it, always at the same one).
    let jittery = || CostModel {
        thread_start_ns: 0.0,
        ..CostModel::default()
    };
    let one_thread = vrun(&countdown(), &{
        let mut c = cfg(2, jittery(), Mode::Gil, 1, ints(&[100_000]));
        c.policy = "ticks".parse().unwrap();
        c
    })
    .report
    .wall_ns as f64;
    let two = |cores| {
        let mut c = cfg(cores, jittery(), Mode::Gil, 2, ints(&[50_000]));
        c.policy = "ticks".parse().unwrap();
        vrun(&countdown(), &c).report
    };
    let (single, dual) = (two(1), two(2));
    assert!(
        (single.wall_ns as f64) < 1.05 * one_thread,
        "one core: {} vs {one_thread}",
        single.wall_ns
    );
    assert!(
        single.switches < 100,
        "one core switches at time slices: {}",
        single.switches
    );
    assert!(
        dual.wall_ns as f64 > 1.3 * one_thread,
        "two cores battle: {} vs {one_thread}",
        dual.wall_ns
    );
    let wasted: u64 = dual.threads.iter().map(|t| t.wasted_wakeups).sum();
    assert!(
        wasted > 100 && dual.switches > 10 * single.switches,
        "{wasted} wasted wake-ups, {} vs {} switches",
        dual.switches,
        single.switches
    );
}

/// The holders of the GIL in trace order (thread ids of "running" spans).
fn holders(trace: &serde_json::Value) -> Vec<u64> {
    let mut spans: Vec<(f64, u64)> = trace["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["name"] == "running (GIL held)")
        .map(|e| (e["ts"].as_f64().unwrap(), e["tid"].as_u64().unwrap()))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    spans.into_iter().map(|s| s.1).collect()
}

#[test]
fn fifo_hands_the_gil_round_in_a_strict_rotation() {
    let mut c = cfg(4, slow(), Mode::Gil, 3, ints(&[20_000]));
    c.policy = "fifo".parse().unwrap();
    c.switch_interval_ns = 1_000_000;
    let h = holders(&vrun(&countdown(), &c).trace);
    assert!(h.len() > 30, "{} turns", h.len());
    // Until the first thread ends, every turn goes to the one that has
    // waited longest: the order repeats with period 3.
    let steady = &h[3..h.len() - 6];
    for w in steady.windows(4) {
        assert_eq!(w[0], w[3], "turns {h:?}");
        assert!(w[0] != w[1] && w[1] != w[2] && w[0] != w[2]);
    }
}

#[test]
fn asyncio_runs_one_task_at_a_time_and_a_cpu_bound_task_blocks_the_loop() {
    let args = vec![Value::Int(5), Value::Float(0.0005), Value::Int(20_000)];
    let r = vrun(&convoy(), &cfg(8, slow(), Mode::Async, 1, args)).report;
    assert_eq!(r.end, RunEnd::Ok);
    assert_eq!(r.mode, "async");
    assert_eq!(r.max_parallel, 1);
    let cpu = r.threads.iter().find(|t| t.name.contains("(cpu)")).unwrap();
    let io = r.threads.iter().find(|t| t.name.contains("(io)")).unwrap();
    assert_eq!(cpu.drop_requests, 0, "a task is never preempted");
    assert_eq!(cpu.gil_acquisitions, 1, "the CPU task runs in one go");
    // The IO task, started after the CPU task, waits for the loop until
    // the CPU task has run all 20,000 iterations (9 instructions at 100 ns).
    assert!(io.gil_wait_max_ns > 18_000_000, "{}", io.gil_wait_max_ns);
    assert_eq!(io.io_ops, 5);
}

#[test]
fn processes_have_their_own_gil_globals_and_core_and_pay_a_start_up() {
    const BUMP: &str = ".global counter = 0
.func main(n)
    LOAD_GLOBAL counter
    LOAD_FAST n
    BINARY_OP +
    STORE_GLOBAL counter
    LOAD_GLOBAL counter
    PRINT 1
    LOAD_CONST None
    RETURN_VALUE
.end";
    let r = vrun(
        &program(BUMP),
        &cfg(4, exact(), Mode::Process, 3, ints(&[5])),
    );
    assert_eq!(
        r.lines,
        vec!["5", "5", "5"],
        "each worker has its own globals"
    );
    let start = CostModel::default().process_start_ns as u64;
    assert!(r.report.threads.iter().all(|t| t.startup_ns == start));
    assert!(r.report.wall_ns >= start);
    // CPU-bound: two workers on two cores run side by side, each behind
    // its own GIL.
    let gil = vrun(&countdown(), &cfg(2, slow(), Mode::Gil, 2, ints(&[20_000]))).report;
    let procs = vrun(
        &countdown(),
        &cfg(2, slow(), Mode::Process, 2, ints(&[20_000])),
    )
    .report;
    assert_eq!(procs.max_parallel, 2);
    assert_eq!(procs.switches, 0, "no thread shares a GIL with another");
    let speedup = gil.wall_ns as f64 / procs.wall_ns as f64;
    assert!(speedup > 1.8, "processes vs threads: {speedup:.2}");
}

#[test]
fn deadlocks_and_timeouts_end_virtual_runs_with_their_report() {
    const SELF_LOCK: &str = ".func main()
    NEW_LOCK
    STORE_FAST l
    LOAD_FAST l
    LOCK_ACQUIRE
    LOAD_FAST l
    LOCK_ACQUIRE
    LOAD_CONST None
    RETURN_VALUE
.end";
    let r = vrun(&program(SELF_LOCK), &cfg(2, exact(), Mode::Gil, 1, vec![])).report;
    assert_eq!(r.end, RunEnd::Deadlock);
    assert!(
        r.deadlock
            .as_deref()
            .unwrap()
            .contains("main-0 waits for lock 0, held by main-0"),
        "{:?}",
        r.deadlock
    );
    const SPIN: &str = ".func main()
loop:
    JUMP_BACKWARD loop
.end";
    let mut c = cfg(2, slow(), Mode::Gil, 2, vec![]);
    c.timeout_ns = Some(5_000_000);
    let r = vrun(&program(SPIN), &c).report;
    assert_eq!(r.end, RunEnd::Timeout);
    assert_eq!(r.wall_ns, 5_000_000, "virtual time stops at the timeout");
}

#[test]
fn race_free_samples_print_the_same_on_both_engines_in_every_mode() {
    for name in [
        "fib",
        "primes",
        "locked_counter",
        "spawn_join",
        "mixed",
        "native_release",
    ] {
        let src = std::fs::read_to_string(repo_path(&format!("programs/{name}.pyasm"))).unwrap();
        let args: Vec<Value> = src
            .lines()
            .find_map(|l| l.strip_prefix("; args: "))
            .map(|a| {
                a.split_whitespace()
                    .map(|v| gilsim::asm::parse_constant(v).unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let p = sample(&format!("{name}.pyasm"));
        let entry = if name == "fib" { "fib" } else { "main" };
        let real_cfg = RunConfig {
            entry: entry.into(),
            args: args.clone(),
            ..RunConfig::default()
        };
        let out = Arc::new(Capture::default());
        gilsim::engine::run(Arc::clone(&p), &real_cfg, out.clone(), out.clone()).unwrap();
        let want = out.lines();
        for mode in [Mode::Gil, Mode::Free, Mode::Async, Mode::Process] {
            let mut c = cfg(2, CostModel::default(), mode, 1, args.clone());
            c.entry = entry.into();
            let got = vrun(&p, &c);
            assert_eq!(got.report.end, RunEnd::Ok, "{name} {mode:?}");
            assert_eq!(got.lines, want, "{name} in {mode:?}");
        }
    }
}

fn gilsim(args: &[&str]) -> std::process::Output {
    crate::common::gilsim_cmd().args(args).output().unwrap()
}

#[test]
fn engine_flags_are_checked_with_clear_errors() {
    let countdown = repo_path("programs/countdown.pyasm");
    let prog = countdown.to_str().unwrap();
    let o = gilsim(&["run", prog, "--arg", "10", "--cores", "4"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--cores applies to the virtual engine only")
    );
    let o = gilsim(&[
        "run",
        prog,
        "--arg",
        "10",
        "--engine",
        "virtual",
        "--cost-model",
        "/no/such.json",
    ]);
    assert_eq!(o.status.code(), Some(66));
    let dir = crate::common::TempDir::new("virtual");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"instruction_ns\": \"fast\"\n}\n").unwrap();
    let o = gilsim(&[
        "run",
        prog,
        "--arg",
        "10",
        "--engine",
        "virtual",
        "--cost-model",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(64));
    let msg = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(msg.contains("bad.json:2:"), "{msg}");
    let o = gilsim(&[
        "run", prog, "--arg", "10", "--engine", "virtual", "--cores", "0",
    ]);
    assert_eq!(o.status.code(), Some(2), "clap refuses 0 cores");
}

#[test]
fn calibrate_writes_a_cost_model_that_runs_accept() {
    let dir = crate::common::TempDir::new("virtual");
    let file = dir.join("cm.json");
    let o = gilsim(&["calibrate", "--quick", "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = CostModel::load(&file).unwrap();
    assert!(m.instruction_ns > 0.0 && m.wakeup_ns > 0.0 && m.gil_op_ns >= 0.0);
    assert!(m.process_start_ns > 0.0, "the binary can start its workers");
    let countdown = repo_path("programs/countdown.pyasm");
    let o = gilsim(&[
        "run",
        countdown.to_str().unwrap(),
        "--arg",
        "1000",
        "--engine",
        "virtual",
        "--cost-model",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let r: RunReport = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(
        r.machine.unwrap().cost,
        m,
        "the run records the model it used"
    );
}

#[test]
fn virtual_time_never_wraps_and_absurd_cost_models_are_refused() {
    // 1.9e16 units of native work: past the horizon, an error, not a
    // wrapped clock that ends "ok" after 92 ns.
    let p = crate::common::program(
        ".func main()\n    LOAD_CONST 19000000000000000\n    LOAD_CONST True\n    CALL_NATIVE\n    LOAD_CONST None\n    RETURN_VALUE\n.end",
    );
    let c = cfg(2, CostModel::default(), Mode::Gil, 1, vec![]);
    let ran = crate::common::run_cfg(p, &c);
    let r = ran.report();
    assert_eq!(r.end, gilsim::metrics::RunEnd::Error);
    assert!(
        r.errors[0].contains("virtual time overflow"),
        "{:?}",
        r.errors
    );
    // IO waits that add up past the horizon end the same way.
    let p = crate::common::program(
        ".func main()\nloop:\n    LOAD_CONST 900000000\n    IO_WAIT\n    JUMP_BACKWARD loop\n.end",
    );
    let r = crate::common::run_cfg(p, &c);
    assert!(r.report().errors[0].contains("virtual time overflow"));
    // A cost model out of its ranges is a usage error naming the figure.
    let bad = CostModel {
        instruction_ns: 1e18,
        ..CostModel::default()
    };
    let c = cfg(2, bad, Mode::Gil, 1, vec![]);
    let e = crate::common::run_cfg(
        crate::common::program(".func main()\n    LOAD_CONST None\n    RETURN_VALUE\n.end"),
        &c,
    )
    .report
    .unwrap_err();
    assert!(e.to_string().contains("instruction_ns"), "{e}");
}
