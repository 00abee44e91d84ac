//! Free-threading profiles (`--free-threading`) on the virtual engine,
//! with exact assertions: `ideal` reproduces the results made before
//! profiles existed; 3.13t and 3.14t pay their single-thread overhead;
//! threads on private data scale while threads on one shared dict do not;
//! bad names are refused.

use crate::common::{gilsim_within, repo_path, TempDir};
use gilsim::engine::{EngineConfig, Mode, RunConfig};
use gilsim::metrics::RunReport;
use gilsim::spec::FreeProfileId;
use gilsim::vm::{Capture, Value};
use std::sync::Arc;
use std::time::Duration;

/// Runs `entry(work)` of a program under programs/ on the virtual engine.
fn vrun(
    file: &str,
    entry: &str,
    work: i64,
    threads: u32,
    mode: Mode,
    p: FreeProfileId,
) -> RunReport {
    let path = repo_path(&format!("programs/{file}"));
    let bytes = std::fs::read(&path).unwrap();
    let program = Arc::new(gilsim::error::compile_program(&path, bytes).unwrap());
    let cfg = RunConfig {
        entry: entry.into(),
        args: vec![Value::Int(work)],
        threads,
        mode,
        free_profile: p,
        engine: EngineConfig::virtual_machine(2),
        ..RunConfig::default()
    };
    let out = Arc::new(Capture::default());
    gilsim::engine::run(program, &cfg, out.clone(), out)
        .unwrap()
        .report
}

fn wall(file: &str, entry: &str, work: i64, threads: u32, p: FreeProfileId) -> f64 {
    vrun(file, entry, work, threads, Mode::Free, p).wall_ns as f64
}

#[test]
fn ideal_reproduces_the_results_made_before_profiles() {
    // plots/virtual16/results.json was made before profiles existed; its
    // free-mode cells are re-run here under `ideal` and must match exactly.
    let dir = TempDir::new("free-ideal");
    let o = gilsim_within(
        &[
            "sweep",
            "--engine",
            "virtual",
            "--workload",
            "cpu=programs/countdown.pyasm:%12000000",
            "--workload",
            "io=programs/io_wait.pyasm:%64,0.002",
            "--modes",
            "free",
            "--free-threading",
            "ideal",
            "--threads",
            "1,16",
            "--scaling",
            "strong,weak",
            "--cores",
            "16",
            "--seeds",
            "1",
            "--reps",
            "1",
            "-o",
            dir.join("r").to_str().unwrap(),
        ],
        Duration::from_secs(300),
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let read = |p: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let new = read(&dir.join("r.json"));
    let old = read(&repo_path("plots/virtual16/results.json"));
    assert_eq!(new["header"]["free_threading"], "ideal");
    let key = |c: &serde_json::Value| {
        (
            c["workload"].to_string(),
            c["scaling"].to_string(),
            c["threads"].to_string(),
        )
    };
    let mut compared = 0;
    for c in new["cells"].as_array().unwrap() {
        let was = old["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["mode"] == "free" && key(o) == key(c))
            .expect("the old sweep has the cell");
        assert_eq!(c["wall_ns"], was["wall_ns"], "{:?}", key(c));
        compared += 1;
    }
    assert_eq!(compared, 8);
}

#[test]
fn one_thread_pays_exactly_the_profile_overhead_on_plain_bytecode() {
    // The count-down loop touches no container: only the overhead applies.
    let ideal = wall(
        "countdown.py",
        "countdown",
        200_000,
        1,
        FreeProfileId::Ideal,
    );
    for p in [FreeProfileId::Cp313t, FreeProfileId::Cp314t] {
        let w = wall("countdown.py", "countdown", 200_000, 1, p);
        let want = ideal * (1.0 + p.costs().overhead);
        // Within rounding: the start-up latencies are not scaled.
        assert!((w - want).abs() / want < 0.001, "{p}: {w} vs {want}");
    }
}

#[test]
fn private_data_scales_and_a_shared_dict_does_not() {
    let n = 200_000;
    let p = FreeProfileId::Cp314t;
    let speedup = |file: &str| wall(file, "work", n, 1, p) / wall(file, "work", n / 2, 2, p);
    // Private dicts: each thread pays only its own locks, so two threads
    // on two cores halve the time (less the second thread's start-up).
    let private = speedup("free_private.py");
    assert!(private > 1.95, "private: {private}");
    // One shared dict: every operation is shared and contended, 2 + 1 +
    // 15 instructions against about 27 of bytecode per operation: the
    // model gives about 0.98x, no gain at all.
    let shared = speedup("free_shared.py");
    assert!(shared < 1.1, "shared: {shared}");
    // Under `ideal` both scale.
    let ideal = wall("free_shared.py", "work", n, 1, FreeProfileId::Ideal)
        / wall("free_shared.py", "work", n / 2, 2, FreeProfileId::Ideal);
    assert!(ideal > 1.95, "ideal shared: {ideal}");
}

#[test]
fn gil_mode_pays_nothing_for_the_profile_and_reports_none() {
    let a = vrun(
        "free_shared.py",
        "work",
        50_000,
        2,
        Mode::Gil,
        FreeProfileId::Ideal,
    );
    let b = vrun(
        "free_shared.py",
        "work",
        50_000,
        2,
        Mode::Gil,
        FreeProfileId::Cp313t,
    );
    assert_eq!(a.wall_ns, b.wall_ns);
    assert_eq!(a.free_threading, None);
    let f = vrun(
        "free_shared.py",
        "work",
        50_000,
        2,
        Mode::Free,
        FreeProfileId::Cp313t,
    );
    assert_eq!(f.free_threading, Some(FreeProfileId::Cp313t));
}

#[test]
fn the_flag_is_shown_refused_when_unknown_and_replayed() {
    let o = gilsim_within(
        &[
            "run",
            "programs/free_private.py",
            "--mode",
            "free",
            "--free-threading",
            "3.12t",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(64), "{}", o.stderr);
    assert!(
        o.stderr.contains("expected one of ideal, 3.13t, 3.14t"),
        "{}",
        o.stderr
    );
    let o = gilsim_within(
        &[
            "run",
            "programs/free_private.py",
            "--free-threading",
            "3.13t",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(64), "{}", o.stderr);
    assert!(o.stderr.contains("free mode only"), "{}", o.stderr);
    let dir = TempDir::new("free-replay");
    let report = dir.join("r.json");
    let o = gilsim_within(
        &[
            "run",
            "programs/free_shared.py",
            "--entry",
            "work",
            "--arg",
            "20000",
            "--threads",
            "2",
            "--mode",
            "free",
            "--free-threading",
            "3.13t",
            "--engine",
            "virtual",
            "--cores",
            "2",
            "--format",
            "json",
            "--report",
            report.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r["free_threading"], "3.13t");
    assert_eq!(r["invocation"]["free_threading"], "3.13t");
    let again = dir.join("again.json");
    let o = gilsim_within(
        &[
            "replay",
            report.to_str().unwrap(),
            "--format",
            "json",
            "--report",
            again.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!(a["wall_ns"], r["wall_ns"]);
    let help = gilsim_within(&["run", "--help"], Duration::from_secs(30));
    assert!(
        help.stdout.contains("3.13t") && help.stdout.contains("40%"),
        "{}",
        help.stdout
    );
}
