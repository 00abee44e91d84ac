//! Traces in Chrome Trace Event Format: every complete event has name, ts,
//! dur, pid and tid; events on one thread nest (never partly overlap);
//! drop requests, the waiter counter and thread names are present; and
//! `plot timeline` draws them. No timing is asserted.

use crate::common::{program, sample};
use gilsim::engine::{Mode, RunConfig, RunOutput};
use gilsim::vm::{Capture, Value};
use serde_json::Value as Json;
use std::sync::Arc;

fn traced(p: Arc<gilsim::bytecode::Program>, cfg: &RunConfig) -> Json {
    let sink = Arc::new(Capture::default());
    let cfg = RunConfig {
        trace: true,
        ..cfg.clone()
    };
    let RunOutput { report, trace } = gilsim::engine::run(p, &cfg, sink.clone(), sink).unwrap();
    assert_eq!(report.end, gilsim::metrics::RunEnd::Ok);
    trace.expect("tracing was on").to_json()
}

fn convoy_cfg(policy: &str, mode: Mode) -> RunConfig {
    RunConfig {
        args: vec![Value::Int(8), Value::Float(0.0005), Value::Int(3_000_000)],
        policy: policy.parse().unwrap(),
        mode,
        switch_interval_ns: 1_000_000,
        ..RunConfig::default()
    }
}

/// Checks the format and per-thread nesting; returns the complete events.
fn check_valid(trace: &Json) -> Vec<&Json> {
    let events = trace["traceEvents"].as_array().expect("traceEvents");
    let complete: Vec<&Json> = events.iter().filter(|e| e["ph"] == "X").collect();
    assert!(!complete.is_empty());
    for e in &complete {
        for key in ["name", "ts", "dur", "pid", "tid"] {
            assert!(!e[key].is_null(), "complete event without {key}: {e}");
        }
        assert!(e["dur"].as_f64().unwrap() >= 0.0);
    }
    let tids: std::collections::BTreeSet<u64> = complete
        .iter()
        .map(|e| e["tid"].as_u64().unwrap())
        .collect();
    for tid in tids {
        let mut spans: Vec<(f64, f64)> = complete
            .iter()
            .filter(|e| e["tid"].as_u64() == Some(tid))
            .map(|e| {
                let ts = e["ts"].as_f64().unwrap();
                (ts, ts + e["dur"].as_f64().unwrap())
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
        // A stack of open spans: each new span must end inside the one it
        // starts in (nested) or start after it ends (sequential).
        let mut open: Vec<f64> = Vec::new();
        for (s, e) in spans {
            while open.last().is_some_and(|end| s >= *end - 1e-6) {
                open.pop();
            }
            if let Some(end) = open.last() {
                assert!(
                    e <= end + 1e-6,
                    "thread {tid}: span {s}..{e} partly overlaps one ending at {end}"
                );
            }
            open.push(e);
        }
    }
    complete
}

#[test]
fn convoy_trace_is_valid_and_shows_the_mechanism() {
    let t = traced(sample("convoy.pyasm"), &convoy_cfg("newgil", Mode::Gil));
    let complete = check_valid(&t);
    let events = t["traceEvents"].as_array().unwrap();
    let names: Vec<&str> = events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .map(|e| e["args"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["main-0", "Thread-1 (cpu)", "Thread-2 (io)"]);
    let io_tid = 2;
    let count = |name: &str| {
        complete
            .iter()
            .filter(|e| e["tid"] == io_tid && e["name"] == name)
            .count()
    };
    assert_eq!(count("IO"), 8, "one IO span per wait");
    assert!(count("waiting for the GIL") >= 1);
    assert!(events
        .iter()
        .any(|e| e["ph"] == "i" && e["name"] == "drop request" && e["s"] == "t"));
    assert!(events
        .iter()
        .any(|e| e["ph"] == "C" && e["name"] == "GIL waiters" && e["args"]["waiters"].is_u64()));
    assert!(complete
        .iter()
        .any(|e| e["tid"] == 0 && e["name"] == "blocked on a join"));
    assert_eq!(t["otherData"]["policy"], "newgil");
    assert_eq!(t["displayTimeUnit"], "ms");
}

#[test]
fn native_work_held_nests_inside_running_and_free_mode_has_no_gil_events() {
    let t = traced(
        sample("native_release.pyasm"),
        &RunConfig {
            args: vec![Value::Int(3), Value::Int(50), Value::Bool(false)],
            ..RunConfig::default()
        },
    );
    let complete = check_valid(&t);
    assert_eq!(
        complete
            .iter()
            .filter(|e| e["name"] == "native work (GIL held)")
            .count(),
        3
    );

    let t = traced(sample("convoy.pyasm"), &convoy_cfg("newgil", Mode::Free));
    let complete = check_valid(&t);
    assert!(complete.iter().all(|e| e["name"] != "waiting for the GIL"));
    let events = t["traceEvents"].as_array().unwrap();
    assert!(
        events.iter().all(|e| e["ph"] != "i" && e["ph"] != "C"),
        "no drop requests or waiters without a GIL"
    );
}

#[test]
fn timelines_draw_one_trace_or_two_side_by_side() {
    let dir = crate::common::TempDir::new("trace");
    let mut files = vec![];
    for policy in ["newgil", "io-priority"] {
        let t = traced(sample("convoy.pyasm"), &convoy_cfg(policy, Mode::Gil));
        let p = dir.join(format!("{policy}.json"));
        std::fs::write(&p, serde_json::to_string(&t).unwrap()).unwrap();
        files.push(gilsim::plot::timeline::TimelineData::read(&p).unwrap());
    }
    assert_eq!(files[0].threads.len(), 3);
    assert!(!files[0].drops.is_empty());
    let svg = dir.join("two.svg");
    gilsim::plot::timeline::draw(&files, &svg, 0.0, None, &Default::default()).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("SVG parses");
    let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains("policy newgil") && texts.contains("policy io-priority"));
    assert!(texts.contains("Thread-2 (io)") && texts.contains("drop request"));
    let png = dir.join("one.png");
    gilsim::plot::timeline::draw(&files[..1], &png, 0.0, Some(10.0), &Default::default()).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(&png).unwrap()));
    assert!(decoder.read_info().is_ok());
    let bad = gilsim::plot::timeline::draw(
        &files[..1],
        &dir.join("x.gif"),
        0.0,
        None,
        &Default::default(),
    )
    .unwrap_err();
    assert!(bad.to_string().contains("must end in .svg, .png or .pdf"));
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, "{\"traceEvents\": 3}").unwrap();
    let e = gilsim::plot::timeline::TimelineData::read(&garbage).unwrap_err();
    assert!(e.to_string().contains("not a gilsim trace"), "{e}");
}

#[test]
fn tracing_off_records_nothing() {
    let sink = Arc::new(Capture::default());
    let p = program(".func main()\n    LOAD_CONST 0.001\n    IO_WAIT\n    LOAD_CONST None\n    RETURN_VALUE\n.end");
    let RunOutput { trace, .. } =
        gilsim::engine::run(p, &RunConfig::default(), sink.clone(), sink).unwrap();
    assert!(trace.is_none());
}
