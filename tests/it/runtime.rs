//! Runtime presets (`--runtime`, `sweep --runtimes`) and the locks of
//! other runtimes as policies (`gvl`: Ruby 3.3; `masterlock`: OCaml
//! 4.14), on the deterministic virtual engine: presets resolve to their
//! documented settings and run as the explicit flags would; each lock
//! hands over on its own period (exact switch counts); an IO-bound thread
//! beside a CPU-bound one waits up to a quantum; sweeps over runtimes;
//! bad names and contradicting flags exit 64.

use crate::common::{arg, gilsim_within, repo_path, run_cfg, sample, Out, TempDir};
use gilsim::engine::{EngineConfig, RunConfig};
use gilsim::metrics::RunReport;
use gilsim::runtime::Runtime;
use gilsim::vm::Value;
use serde_json::Value as Json;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(120);

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, WATCHDOG)
}

/// Two CPU-bound threads (countdowns that outlast it) for 450 virtual
/// milliseconds on two cores under `runtime`.
fn two_cpu_threads(runtime: &str) -> RunReport {
    let mut cfg = RunConfig {
        args: vec![Value::Int(1_000_000_000)],
        threads: 2,
        timeout_ns: Some(450_000_000),
        engine: EngineConfig::virtual_machine(2),
        ..RunConfig::default()
    };
    Runtime::by_name(runtime).unwrap().apply(&mut cfg);
    let ran = run_cfg(sample("countdown.pyasm"), &cfg);
    ran.report().clone()
}

#[test]
fn rubys_gvl_hands_over_every_100ms_and_ocamls_lock_every_50ms() {
    // 450 virtual ms, contention from the start: Ruby's holder yields at
    // the 10th 10 ms timer tick of its turn (100, 200, 300, 400 ms),
    // OCaml's at every 50 ms tick (50, 100, ..., 400 ms); CPython's new
    // GIL every 5 ms interval and a little (about 88 times).
    let ruby = two_cpu_threads("ruby-3.3");
    assert_eq!(ruby.switches, 4, "Ruby: a switch per 100 ms quantum");
    let drops: u64 = ruby.threads.iter().map(|t| t.drop_requests).sum();
    assert_eq!(drops, 4, "each switch a yield on the timer interrupt");
    let ocaml = two_cpu_threads("ocaml-4.14");
    assert_eq!(ocaml.switches, 8, "OCaml: a switch per 50 ms tick");
    let cpython = two_cpu_threads("cpython-3.11");
    assert!(
        (80..=90).contains(&cpython.switches),
        "CPython: about one per 5 ms, got {}",
        cpython.switches
    );
    // The policies alone, by name and parameters, do the same.
    let mut cfg = RunConfig {
        args: vec![Value::Int(1_000_000_000)],
        threads: 2,
        timeout_ns: Some(450_000_000),
        policy: "gvl(quantum=50ms)".parse().unwrap(),
        engine: EngineConfig::virtual_machine(2),
        ..RunConfig::default()
    };
    let half = run_cfg(sample("countdown.pyasm"), &cfg);
    assert_eq!(
        half.report().switches,
        8,
        "a 50 ms quantum halves the turns"
    );
    cfg.policy = "masterlock(tick=100ms)".parse().unwrap();
    let slow = run_cfg(sample("countdown.pyasm"), &cfg);
    assert_eq!(slow.report().switches, 4);
}

/// The convoy (programs/convoy.pyasm: 3 IO waits of 1 ms beside a
/// CPU-bound thread that outlasts them) under `runtime` on the virtual
/// engine: the IO thread's waits to re-take the lock after each IO.
fn convoy_reacquire(runtime: &str) -> (u64, u64) {
    let dir = TempDir::new("runtime-convoy");
    let report = dir.path("r.json");
    let o = gilsim(&[
        "run",
        "programs/convoy.pyasm",
        "--arg",
        "3",
        "--arg",
        "0.001",
        "--arg",
        "45000000",
        "--runtime",
        runtime,
        "--engine",
        "virtual",
        "--cores",
        "2",
        "--format",
        "json",
        "--report",
        arg(&report),
    ]);
    assert_eq!(o.code, Some(0), "{runtime}\n{}", o.show());
    let r: Json = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let io = &r["io_reacquire_ns"];
    (io["p50"].as_u64().unwrap(), io["max"].as_u64().unwrap())
}

#[test]
fn an_io_thread_beside_a_cpu_thread_waits_up_to_its_runtimes_period() {
    let ms = 1_000_000;
    // Ruby: back from IO, the thread queues; the holder is charged ten
    // 10 ms ticks before it yields — a whole quantum.
    let (p50, max) = convoy_reacquire("ruby-3.3");
    assert!((100 * ms..=102 * ms).contains(&p50), "ruby p50 {p50}");
    assert!(max <= 102 * ms, "ruby max {max}");
    // OCaml: the holder yields at the next 50 ms tick of the run's clock;
    // the thread went to IO just after one, so it waits about 49 ms.
    let (p50, max) = convoy_reacquire("ocaml-4.14");
    assert!((45 * ms..=51 * ms).contains(&p50), "ocaml p50 {p50}");
    assert!(max <= 51 * ms, "ocaml max {max}");
    // CPython 3: one 5 ms switch interval.
    let (p50, _) = convoy_reacquire("cpython-3.11");
    assert!((5 * ms..=6 * ms).contains(&p50), "cpython p50 {p50}");
}

/// A run's JSON report with its invocation (which names the flags) cut.
fn report_without_invocation(extra: &[&str]) -> Json {
    let dir = TempDir::new("runtime-same");
    let report = dir.path("r.json");
    let mut args = vec![
        "run",
        "programs/convoy.pyasm",
        "--arg",
        "3",
        "--arg",
        "0.0005",
        "--arg",
        "200000",
        "--engine",
        "virtual",
        "--format",
        "json",
        "--report",
        arg(&report),
    ];
    args.extend(extra);
    let o = gilsim(&args);
    assert_eq!(o.code, Some(0), "{extra:?}\n{}", o.show());
    let mut r: Json = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    r.as_object_mut().unwrap().remove("invocation");
    r
}

#[test]
fn a_preset_runs_exactly_as_its_flags() {
    // Python 2.7: 100 ticks are 450 gilsim instructions, and the preset
    // brings its interpreter's speed and wake costs, which no flag sets.
    let py2 = report_without_invocation(&["--runtime", "cpython-2.7"]);
    assert_eq!(py2["policy"], "ticks(check=450)", "{py2}");
    let plain = report_without_invocation(&["--policy", "ticks", "--check-interval", "450"]);
    assert!(
        py2["wall_ns"].as_u64().unwrap() > plain["wall_ns"].as_u64().unwrap(),
        "3 ns per instruction is slower than gilsim's own speed: {py2} {plain}"
    );
    assert_eq!(
        report_without_invocation(&["--runtime", "ruby-3.3"]),
        report_without_invocation(&["--policy", "gvl"])
    );
    // CPython 3.11's lock is gilsim's default; the preset adds only
    // CPython's slower thread start (virtual engine).
    let py311 = report_without_invocation(&["--runtime", "cpython-3.11"]);
    let plain = report_without_invocation(&[]);
    for k in ["mode", "policy", "switch_interval_ns", "switches"] {
        assert_eq!(py311[k], plain[k], "{k}");
    }
    // An explicit interval overrides the preset's; 3.13's GIL is 3.11's.
    assert_eq!(
        report_without_invocation(&["--runtime", "cpython-3.13", "--switch-interval", "1ms"]),
        report_without_invocation(&["--runtime", "cpython-3.11", "--switch-interval", "1ms"])
    );
    let py2 = report_without_invocation(&["--runtime", "cpython-2.7", "--check-interval", "10"]);
    assert_eq!(py2["policy"], "ticks(check=10)", "{py2}");
    let free = report_without_invocation(&["--runtime", "cpython-3.14t"]);
    assert_eq!(free["mode"], "free", "{free}");
}

#[test]
fn the_report_records_the_runtime_and_replay_reproduces_the_run() {
    let dir = TempDir::new("runtime-replay");
    let (first, again) = (dir.path("r.json"), dir.path("again.json"));
    let o = gilsim(&[
        "run",
        "programs/convoy.pyasm",
        "--arg",
        "3",
        "--arg",
        "0.0005",
        "--arg",
        "200000",
        "--runtime",
        "ocaml-4.14",
        "--engine",
        "virtual",
        "--format",
        "json",
        "--report",
        arg(&first),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    let text = std::fs::read_to_string(&first).unwrap();
    let r: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(r["invocation"]["runtime"], "ocaml-4.14");
    assert_eq!(r["invocation"]["policy"], "masterlock");
    let o = gilsim(&[
        "replay",
        arg(&first),
        "--format",
        "json",
        "--report",
        arg(&again),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
    // A report of a run without --runtime has no such field, and an old
    // report (without it) still replays: the field is optional.
    let plain = report_without_invocation(&[]);
    assert!(plain.get("invocation").is_none());
}

#[test]
fn bad_names_and_contradicting_flags_exit_64() {
    for (args, fragment) in [
        (
            &["--runtime", "jython"][..],
            "unknown runtime 'jython' (runtimes: cpython-3.11, cpython-3.12",
        ),
        (
            &["--runtime", "cpython-3.14t", "--mode", "gil"],
            "--runtime cpython-3.14t runs in free mode: --mode gil contradicts it",
        ),
        (
            &["--runtime", "ocaml-4.14", "--mode", "async"],
            "runs in gil mode (or process): --mode async contradicts it",
        ),
        (
            &["--runtime", "ruby-3.3", "--policy", "newgil"],
            "give --runtime or --policy, not both",
        ),
        (
            &["--runtime", "ocaml-4.14", "--switch-interval", "1ms"],
            "has no switch interval",
        ),
        (
            &["--runtime", "cpython-3.11", "--check-interval", "10"],
            "has no check interval",
        ),
    ] {
        let mut a = vec!["run", "programs/fib.pyasm"];
        a.extend(args);
        let o = gilsim(&a);
        assert_eq!(o.code, Some(64), "{args:?}\n{}", o.show());
        assert!(o.stderr.contains(fragment), "{args:?}\n{}", o.show());
    }
    for (args, fragment) in [
        (
            &["--runtimes", "cpython-3.11,pypy"][..],
            "unknown runtime 'pypy'",
        ),
        (
            &["--runtimes", "cpython-3.11", "--policies", "fifo"],
            "drop --policies",
        ),
        (
            &["--runtimes", "ruby-3.3", "--modes", "gil"],
            "drop --modes",
        ),
    ] {
        let mut a = vec!["sweep", "--engine", "virtual"];
        a.extend(args);
        let o = gilsim(&a);
        assert_eq!(o.code, Some(64), "{args:?}\n{}", o.show());
        assert!(o.stderr.contains(fragment), "{args:?}\n{}", o.show());
    }
}

#[test]
fn gilsim_runtimes_lists_every_preset_with_its_sources() {
    let o = gilsim(&["runtimes"]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    for r in Runtime::all() {
        assert!(o.stdout.contains(r.name), "{}", r.name);
        for s in r.sources {
            assert!(o.stdout.contains(s), "{s}");
        }
    }
    assert!(o.stdout.contains("TIME_QUANTUM_MSEC (100)"));
    assert!(o.stdout.contains("Thread_timeout 50"));
    assert!(o.stdout.contains("_Py_CheckInterval = 100"));
    let help = gilsim(&["run", "--help"]);
    assert!(help.stdout.contains("--runtime <NAME>"), "{}", help.show());
}

#[test]
fn a_sweep_over_runtimes_labels_its_cells_by_runtime() {
    let dir = TempDir::new("runtime-sweep");
    let out = dir.path("s");
    let workload = format!(
        "cpu={}:%400000",
        repo_path("programs/countdown.pyasm").display()
    );
    let o = gilsim(&[
        "sweep",
        "--engine",
        "virtual",
        "--workload",
        &workload,
        "--runtimes",
        "cpython-3.11,cpython-2.7,cpython-3.13t,ruby-3.3",
        "--threads",
        "1,2",
        "--scaling",
        "strong",
        "--cores",
        "2",
        "-o",
        arg(&out),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    let r: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.path("s.json")).unwrap()).unwrap();
    let h = &r["header"];
    assert_eq!(
        h["runtimes"],
        serde_json::json!(["cpython-3.11", "cpython-2.7", "cpython-3.13t", "ruby-3.3"])
    );
    assert_eq!(h["modes"], serde_json::json!(["gil", "free"]));
    assert_eq!(
        h["policies"],
        serde_json::json!(["newgil", "ticks(check=450)", "gvl"])
    );
    assert!(h["command"]
        .as_str()
        .unwrap()
        .contains("--runtimes cpython-3.11,cpython-2.7,cpython-3.13t,ruby-3.3"));
    let cells: Vec<(String, String, String, u64)> = r["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["runtime"].as_str().unwrap().to_string(),
                c["mode"].as_str().unwrap().to_string(),
                c["policy"].as_str().unwrap().to_string(),
                c["threads"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect: Vec<(String, String, String, u64)> = [
        ("cpython-3.11", "gil", "newgil"),
        ("cpython-2.7", "gil", "ticks(check=450)"),
        ("cpython-3.13t", "free", "none"),
        ("ruby-3.3", "gil", "gvl"),
    ]
    .iter()
    .flat_map(|(r, m, p)| [1, 2].map(|t| (r.to_string(), m.to_string(), p.to_string(), t)))
    .collect();
    assert_eq!(cells, expect, "canonical order: runtime, then threads");
    let csv = std::fs::read_to_string(dir.path("s.cells.csv")).unwrap();
    assert!(
        csv.starts_with("gilsim_version,engine,workload,scaling,runtime,mode,policy,"),
        "{csv}"
    );
    assert!(csv.contains(",cpu,strong,ruby-3.3,gil,gvl,"), "{csv}");
    // The command in the header makes the same sweep again.
    let again = dir.path("again");
    let cmd = h["command"].as_str().unwrap().to_string();
    let mut words: Vec<&str> = cmd.split(' ').skip(1).collect();
    words.extend(["-o", arg(&again)]);
    let o = gilsim(&words);
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert_eq!(
        std::fs::read_to_string(dir.path("again.cells.csv")).unwrap(),
        csv
    );
    // Free mode's cell ran with the 3.13t profile; compare matches the
    // sweep with itself on every parameter, the runtime included.
    let o = gilsim(&[
        "compare",
        arg(&dir.path("s.json")),
        arg(&dir.path("again.json")),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show());
}
