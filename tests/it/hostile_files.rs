//! Hostile input files, as a user (or a bit flip) might hand them over:
//!
//! - `plot timeline` window flags that are not finite, empty or inverted
//!   are usage errors (exit 64) naming the flag, never a hang or a 73;
//! - results files (`plot`), convoy results (`plot convoy`) and traces
//!   (`plot timeline`) that are truncated, mutated, of the wrong shape or
//!   hold values no run could make are data errors (exit 65) saying what
//!   is wrong and where;
//! - a RecursionError's traceback collapses repeated frames as CPython's
//!   `traceback` module does;
//! - the assembler is linear in the number of locals, constants and
//!   parameters of a function;
//! - property tests mutate the repository's own files (results, convoy
//!   results, a trace, every `programs/*.pyasm`) and check that nothing
//!   panics, and, through the binary, that the exit code is one README
//!   lists, with no "panicked" on stderr and no hang (each child is killed
//!   after 60 s).
//!
//! No timing is asserted.

use crate::common::{self, arg as s, gilsim_within, repo_path, Out, TempDir};
use gilsim::experiment::convoy::ConvoyResults;
use gilsim::experiment::results::SweepResults;
use gilsim::plot::timeline::{self, TimelineData};
use gilsim::Error;
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A child still running after this is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

/// The exit codes README lists.
const EXIT_CODES: [i32; 8] = [0, 2, 64, 65, 66, 70, 73, 124];

/// Runs `gilsim ARGS` from the crate's directory, killing it after
/// [`DEADLINE`].
fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, DEADLINE)
}

/// The invariant every run keeps, whatever its input.
fn assert_sane(o: &Out, what: &str) {
    common::assert_sane(o, &EXIT_CODES, what);
}

fn load_json(rel: &str) -> Json {
    serde_json::from_slice(&std::fs::read(repo_path(rel)).unwrap()).unwrap()
}

/// A trace of the convoy program, as `run --trace` writes it.
fn make_trace(dir: &TempDir) -> PathBuf {
    let p = dir.path("trace.json");
    let o = gilsim(&[
        "run",
        "programs/convoy.pyasm",
        "--arg",
        "10",
        "--arg",
        "0.0005",
        "--arg",
        "100000",
        "--trace",
        s(&p),
        "--format",
        "none",
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    p
}

// ---------------------------------------------------------------------------
// plot timeline: the window.

#[test]
fn timeline_windows_that_are_not_finite_empty_or_inverted_are_usage_errors() {
    let dir = TempDir::new("hostile-window");
    let trace = make_trace(&dir);
    let out = dir.path("t.png");
    // Values that are not a finite time >= 0 may be refused by the flag's
    // parser (exit 2, clap's bad value) or by the window check (64); a
    // window that cannot be known before the traces are read is always
    // the window check's (64). Both name the flag.
    for (flags, flag, codes) in [
        (&["--to-ms", "inf"][..], "--to-ms", &[2, 64][..]),
        (&["--from-ms=-inf"][..], "--from-ms", &[2, 64][..]),
        (&["--to-ms", "NaN"][..], "--to-ms", &[2, 64][..]),
        (&["--from-ms", "NaN"][..], "--from-ms", &[2, 64][..]),
        (
            &["--from-ms=-1e308", "--to-ms", "1e308"][..],
            "-ms",
            &[2, 64][..],
        ),
        (
            &["--from-ms", "5", "--to-ms", "5"][..],
            "--to-ms",
            &[64][..],
        ),
        (
            &["--from-ms", "5", "--to-ms", "1"][..],
            "--to-ms",
            &[64][..],
        ),
        (&["--from-ms", "1e300"][..], "--from-ms", &[64][..]),
        (&["--to-ms", "1e300"][..], "--to-ms", &[64][..]),
        // After the end of the trace, with no --to-ms: nothing to show.
        (&["--from-ms", "1000000"][..], "--from-ms", &[64][..]),
    ] {
        let mut args = vec!["plot", "timeline", s(&trace), "-o", s(&out)];
        args.extend(flags);
        let o = gilsim(&args);
        assert!(
            o.code.is_some_and(|c| codes.contains(&c)),
            "{flags:?}: want exit {codes:?}\n{}",
            o.show_cut(3000)
        );
        assert!(o.stderr.contains(flag), "{flags:?}\n{}", o.show_cut(3000));
        assert!(!out.exists(), "{flags:?} wrote {}", out.display());
    }
    let o = gilsim(&[
        "plot",
        "timeline",
        s(&trace),
        "-o",
        s(&out),
        "--from-ms",
        "0",
        "--to-ms",
        "5",
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(out.exists());

    // The same checks, through the library.
    let data = vec![TimelineData::read(&trace).unwrap()];
    for (from, to) in [
        (0.0, Some(f64::INFINITY)),
        (f64::NEG_INFINITY, None),
        (f64::NAN, Some(1.0)),
        (0.0, Some(f64::NAN)),
        (3.0, Some(3.0)),
        (3.0, Some(-3.0)),
        (-1e13, Some(1.0)),
    ] {
        let e = timeline::window(&data, from, to).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{from}..{to:?}: {e}");
        assert_eq!(e.exit_code(), 64);
    }
    assert_eq!(
        timeline::window(&data, -2.0, Some(3.0)).unwrap(),
        (-2.0, 3.0)
    );
}

// ---------------------------------------------------------------------------
// plot timeline: the trace files.

/// A trace with each of `f`'s changes applied to its events.
fn mutated_trace(base: &Json, f: impl Fn(&mut Vec<Json>)) -> Json {
    let mut t = base.clone();
    f(t["traceEvents"].as_array_mut().unwrap());
    t
}

fn first(events: &mut [Json], ph: &str) -> usize {
    events.iter().position(|e| e["ph"] == ph).unwrap()
}

#[test]
fn traces_no_run_could_make_are_data_errors() {
    let dir = TempDir::new("hostile-traces");
    let trace = make_trace(&dir);
    let base: Json = serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
    assert!(TimelineData::from_json(&base).is_ok());
    type Mutation = Box<dyn Fn(&mut Vec<Json>)>;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "all negative",
            Box::new(|ev| {
                for e in ev.iter_mut().filter(|e| e.get("ts").is_some()) {
                    e["ts"] = json!(-1.0 - e["ts"].as_f64().unwrap());
                }
            }),
            "ts is -",
        ),
        (
            "negative dur",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["dur"] = json!(-5);
            }),
            "dur is -5",
        ),
        (
            "huge ts",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!(1e300);
            }),
            "later than any run",
        ),
        (
            "huge span",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!(9e14);
                ev[i]["dur"] = json!(9e14);
            }),
            "ends after",
        ),
        (
            "ts a string",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["ts"] = json!("12");
            }),
            "not a number",
        ),
        (
            "no dur",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i].as_object_mut().unwrap().remove("dur");
            }),
            "has no dur",
        ),
        (
            "no tid",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["tid"] = json!(-1);
            }),
            "has no tid",
        ),
        (
            "span on an unnamed thread",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["tid"] = json!(4242);
            }),
            "thread 4242, which no thread_name names",
        ),
        (
            "a thread named twice",
            Box::new(|ev| {
                let i = ev.iter().position(|e| e["name"] == "thread_name").unwrap();
                let again = ev[i].clone();
                ev.push(again);
            }),
            "a second time",
        ),
        (
            "an unknown span",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i]["name"] = json!("dancing");
            }),
            "unknown span 'dancing'",
        ),
        (
            "an event that is not an object",
            Box::new(|ev| ev.insert(1, json!([1, 2]))),
            "event 1 is not an object",
        ),
        (
            "an event without ph",
            Box::new(|ev| {
                let i = first(ev, "X");
                ev[i].as_object_mut().unwrap().remove("ph");
            }),
            "has no ph",
        ),
        (
            "no threads",
            Box::new(|ev| ev.retain(|e| e["name"] != "thread_name")),
            "no threads",
        ),
        (
            "too many threads",
            Box::new(|ev| {
                ev.extend((0..5000).map(|i| {
                    json!({"ph": "M", "name": "thread_name", "pid": 1, "tid": 10_000 + i,
                           "args": {"name": format!("t{i}")}})
                }))
            }),
            "more than 4096 threads",
        ),
    ];
    for (what, f, fragment) in &cases {
        let t = mutated_trace(&base, f);
        let p = dir.write("bad.json", serde_json::to_vec(&t).unwrap());
        let e = TimelineData::read(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65, "{what}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // Wrong shapes and truncations, with the position serde_json gives.
    let text = std::fs::read_to_string(&trace).unwrap();
    for (what, body, fragment) in [
        (
            "truncated",
            &text[..text.len() / 2],
            "not a gilsim trace at 1:",
        ),
        ("empty", "", "not a gilsim trace at 1:0"),
        ("an array", "[1, 2, 3]", "no traceEvents array"),
        (
            "events not a list",
            "{\"traceEvents\": 7}",
            "no traceEvents array",
        ),
        (
            "not UTF-8",
            "{\"traceEvents\": [\"\u{fffd}",
            "not a gilsim trace",
        ),
    ] {
        let p = dir.write("bad.json", body);
        let e = TimelineData::read(&p).unwrap_err();
        assert_eq!(e.exit_code(), 65, "{what}: {e}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // Bytes that are not UTF-8 at all: malformed (65), not unreadable (66).
    let p = dir.write("binary.json", [0xff, 0xfe, 0x00, 0x7b]);
    assert_eq!(TimelineData::read(&p).unwrap_err().exit_code(), 65);

    // End to end: exit 65 and the message, no image.
    let out = dir.path("t.svg");
    for (what, f, fragment) in cases.iter().take(4) {
        let p = dir.write(
            "bad.json",
            serde_json::to_vec(&mutated_trace(&base, f)).unwrap(),
        );
        let o = gilsim(&["plot", "timeline", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(o.stderr.contains(fragment), "{what}\n{}", o.show_cut(3000));
        assert!(!out.exists());
    }
    let p = dir.write("cut.json", &text[..text.len() - 7]);
    let o = gilsim(&["plot", "timeline", s(&trace), s(&p), "-o", s(&out)]);
    assert_eq!(o.code, Some(65), "{}", o.show_cut(3000));
    assert!(
        o.stderr.contains("cut.json: not a gilsim trace at 1:"),
        "{}",
        o.show_cut(3000)
    );
}

// ---------------------------------------------------------------------------
// plot RESULTS.json: sweep results.

fn cell_mut(r: &mut Json, i: usize) -> &mut Json {
    &mut r["cells"][i]
}

#[test]
fn results_files_with_impossible_values_are_refused_naming_the_cell() {
    let dir = TempDir::new("hostile-results");
    let base = load_json("tests/fixtures/sweep_small.json");
    type Mutation = Box<dyn Fn(&mut Json)>;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "0 threads",
            Box::new(|r| cell_mut(r, 1)["threads"] = json!(0)),
            "cell 1 (cpu, strong, gil, newgil, 0 threads): 0 threads is not among the header's",
        ),
        (
            "unknown mode",
            Box::new(|r| cell_mut(r, 2)["mode"] = json!("turbo")),
            "cell 2 (cpu, strong, turbo, newgil, 4 threads): unknown mode 'turbo'",
        ),
        (
            "negative speedup",
            Box::new(|r| cell_mut(r, 1)["speedup"]["min"] = json!(-2.5)),
            "cell 1 (cpu, strong, gil, newgil, 2 threads): speedup.min is -2.5, below 0",
        ),
        (
            "absurd speedup",
            Box::new(|r| cell_mut(r, 1)["speedup"]["max"] = json!(1e300)),
            "speedup.max is 1e300, above 1e9",
        ),
        (
            "negative efficiency",
            Box::new(|r| cell_mut(r, 3)["efficiency"] = json!(-1e-9)),
            "cell 3 (cpu, strong, free, none, 1 threads): efficiency is",
        ),
        (
            "min above max",
            Box::new(|r| {
                cell_mut(r, 0)["wall_ns"]["min"] = json!(9_000_000_000u64);
            }),
            "cell 0 (cpu, strong, gil, newgil, 1 threads): wall_ns: figures out of order",
        ),
        (
            "a summary of more runs than the cell holds",
            Box::new(|r| cell_mut(r, 0)["wall_ns"]["n"] = json!(7)),
            "wall_ns.n is 7, but the cell has 3 runs",
        ),
        (
            "no runs",
            Box::new(|r| cell_mut(r, 0)["runs"] = json!([])),
            "no runs (a cell has at least one)",
        ),
        (
            "a run of a seed the header does not list",
            Box::new(|r| cell_mut(r, 0)["runs"][1]["seed"] = json!(99)),
            "run 1: seed 99 is not among the header's seeds",
        ),
        (
            "runs out of order",
            Box::new(|r| {
                let runs = cell_mut(r, 0)["runs"].as_array_mut().unwrap();
                runs.swap(0, 2);
            }),
            "runs out of seed and repetition order",
        ),
        (
            "a share above 1",
            Box::new(|r| cell_mut(r, 1)["thread_wait_share"][1] = json!(1e300)),
            "thread_wait_share[1] is 1e300, above 1.001",
        ),
        (
            "a negative share",
            Box::new(|r| cell_mut(r, 1)["gil_wait_share"]["min"] = json!(-0.5)),
            "gil_wait_share.min is -0.5, below 0",
        ),
        (
            "unknown scaling",
            Box::new(|r| cell_mut(r, 0)["scaling"] = json!("sideways")),
            "unknown scaling 'sideways'",
        ),
        (
            "a cell twice",
            Box::new(|r| {
                let c = r["cells"][0].clone();
                r["cells"].as_array_mut().unwrap().push(c);
            }),
            "cell 24 (cpu, strong, gil, newgil, 1 threads): the same cell as cell 0",
        ),
        (
            "a thread count the header does not list",
            Box::new(|r| cell_mut(r, 2)["threads"] = json!(3)),
            "3 threads is not among the header's",
        ),
        (
            "an unknown policy",
            Box::new(|r| r["header"]["policies"][0] = json!("lottery")),
            "header: unknown policy 'lottery'",
        ),
        (
            "no cores",
            Box::new(|r| r["header"]["machine"]["cores"] = json!(0)),
            "header: machine.cores is 0",
        ),
        (
            "an unknown mode in the header",
            Box::new(|r| r["header"]["modes"][0] = json!("warp")),
            "header: unknown mode 'warp'",
        ),
        (
            "an unknown engine",
            Box::new(|r| r["header"]["engine"] = json!("steam")),
            "header: unknown engine 'steam'",
        ),
        (
            "a shard past the count",
            Box::new(|r| r["header"]["shard"] = json!({"index": 4, "count": 4})),
            "header: shard 4/4",
        ),
        (
            "no cells",
            Box::new(|r| r["cells"] = json!([])),
            "the results hold no cells",
        ),
        (
            "too many workloads",
            Box::new(|r| {
                let c = r["cells"][0].clone();
                let cells: Vec<Json> = (0..100)
                    .map(|i| {
                        let mut c = c.clone();
                        c["workload"] = json!(format!("w{i}"));
                        c
                    })
                    .collect();
                r["cells"] = json!(cells);
            }),
            "more than 64 workloads",
        ),
        (
            "a negative thread count",
            Box::new(|r| cell_mut(r, 1)["threads"] = json!(-2)),
            "not a gilsim sweep results file",
        ),
        (
            "a string for a number",
            Box::new(|r| cell_mut(r, 1)["efficiency"] = json!("fast")),
            "invalid type: string \"fast\", expected f64",
        ),
        (
            "an unknown field",
            Box::new(|r| cell_mut(r, 1)["speedy"] = json!(1)),
            "unknown field `speedy`",
        ),
    ];
    for (what, f, fragment) in &cases {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let e = SweepResults::read_json(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65, "{what}");
        assert!(e.to_string().contains(fragment), "{what}: {e}");
    }
    // JSON that cannot hold the value, or is cut short: line:col.
    let text = std::fs::read_to_string(repo_path("tests/fixtures/sweep_small.json")).unwrap();
    let inf = text.replacen("\"efficiency\": 1.0,", "\"efficiency\": 1e999,", 1);
    let p = dir.write("inf.json", inf);
    let e = SweepResults::read_json(&p).unwrap_err();
    assert!(
        e.to_string().contains("at 93:25: number out of range"),
        "{e}"
    );
    let p = dir.write("cut.json", &text[..1000]);
    let e = SweepResults::read_json(&p).unwrap_err();
    assert!(e.to_string().contains("EOF while parsing"), "{e}");
    assert_eq!(e.exit_code(), 65);

    // End to end: exit 65, the cell named, no chart written.
    let out = dir.path("charts");
    for (what, f, fragment) in cases.iter().take(4) {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let o = gilsim(&["plot", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(o.stderr.contains(fragment), "{what}\n{}", o.show_cut(3000));
        assert!(!out.exists(), "{what}: charts were written");
    }
    let o = gilsim(&["plot", "/bin/sh", "-o", s(&out)]);
    assert_eq!(o.code, Some(65), "a binary file\n{}", o.show_cut(3000));
}

#[test]
fn the_repositorys_own_results_files_pass_the_checks() {
    for f in [
        "tests/fixtures/sweep_small.json",
        "plots/results.json",
        "plots/virtual16/results.json",
    ] {
        let p = repo_path(f);
        if p.exists() {
            SweepResults::read_json(&p).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let p = repo_path("plots/convoy.json");
    if p.exists() {
        ConvoyResults::read_json(&p).unwrap_or_else(|e| panic!("{e}"));
    }
}

// ---------------------------------------------------------------------------
// plot convoy.

#[test]
fn convoy_results_with_impossible_values_are_refused_naming_the_row() {
    let dir = TempDir::new("hostile-convoy");
    let base = load_json("plots/convoy.json");
    type Mutation = Box<dyn Fn(&mut Json)>;
    let row = "row 1 (policy newgil, switch interval 5000000 ns, 1 CPU-bound threads)";
    let cases: Vec<(&str, Mutation, String)> = vec![
        (
            "negative IO rate",
            Box::new(|r| r["rows"][1]["io_ops_per_s"] = json!(-1e308)),
            format!("{row}: io_ops_per_s is -1e308, below 0"),
        ),
        (
            "absurd IO rate",
            Box::new(|r| r["rows"][1]["io_ops_per_s"] = json!(1.7e308)),
            "io_ops_per_s is 1.7e308, above 1e15".into(),
        ),
        (
            "loss above 1",
            Box::new(|r| r["rows"][1]["cpu_loss"] = json!(2.0)),
            format!("{row}: cpu_loss is 2, above 1"),
        ),
        (
            "p50 above p99",
            Box::new(|r| r["rows"][1]["io_back_p50_ns"] = json!(u64::MAX)),
            "is above io_back_p99_ns".into(),
        ),
        (
            "no rows",
            Box::new(|r| r["rows"] = json!([])),
            "the results hold no rows".into(),
        ),
        (
            "no cores",
            Box::new(|r| r["machine"]["cores"] = json!(0)),
            "machine.cores is 0".into(),
        ),
        (
            "negative IO length",
            Box::new(|r| r["io_secs"] = json!(-0.5)),
            "io_secs is -0.5, below 0".into(),
        ),
        (
            "a row twice",
            Box::new(|r| {
                let x = r["rows"][0].clone();
                r["rows"].as_array_mut().unwrap().push(x);
            }),
            "the same configuration as row 0".into(),
        ),
        (
            "an unknown policy",
            Box::new(|r| r["rows"][0]["policy"] = json!("lottery")),
            "unknown policy 'lottery'".into(),
        ),
        (
            "2000 switch intervals",
            Box::new(|r| {
                let x = r["rows"][0].clone();
                let rows: Vec<Json> = (0..2000)
                    .map(|i| {
                        let mut x = x.clone();
                        x["switch_interval_ns"] = json!(i);
                        x
                    })
                    .collect();
                r["rows"] = json!(rows);
            }),
            "more than 16 switch intervals".into(),
        ),
    ];
    for (what, f, fragment) in &cases {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let e = ConvoyResults::read_json(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{what}: {e}");
        assert_eq!(e.exit_code(), 65);
        assert!(e.to_string().contains(fragment.as_str()), "{what}: {e}");
    }
    let out = dir.path("c");
    for (what, f, fragment) in cases.iter().take(4) {
        let mut r = base.clone();
        f(&mut r);
        let p = dir.write("bad.json", serde_json::to_vec_pretty(&r).unwrap());
        let o = gilsim(&["plot", "convoy", s(&p), "-o", s(&out)]);
        assert_eq!(o.code, Some(65), "{what}\n{}", o.show_cut(3000));
        assert!(
            o.stderr.contains(fragment.as_str()),
            "{what}\n{}",
            o.show_cut(3000)
        );
        assert!(!dir.path("c.svg").exists() && !dir.path("c.png").exists());
    }
}

// ---------------------------------------------------------------------------
// Tracebacks.

/// A traceback's shape: `frame FUNC LINE`, `source TEXT`, `repeat N`, and
/// the last line, from gilsim's or CPython's stderr (carets and gilsim's
/// instruction comments left out; `<module>` is gilsim's `__module__`).
fn shape(stderr: &str) -> Vec<String> {
    let mut v = Vec::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix("  File \"") {
            let (_, rest) = rest.split_once("\", line ").unwrap();
            let (line, rest) = rest.split_once(", in ").unwrap();
            let func = rest.split(" (instruction").next().unwrap();
            let func = if func == "<module>" {
                "__module__"
            } else {
                func
            };
            v.push(format!("frame {func} {line}"));
        } else if let Some(n) = l.strip_prefix("  [Previous line repeated ") {
            v.push(format!("repeat {n}"));
        } else if let Some(text) = l.strip_prefix("    ") {
            if !text.trim().chars().all(|c| c == '^' || c == '~') {
                v.push(format!("source {}", text.trim()));
            }
        } else if l.contains("Error") && !l.starts_with("Exception in thread") {
            v.push(l.split(" (limit").next().unwrap().to_string());
        }
    }
    v
}

const RECURSE: &str = "def f(n):\n    return f(n + 1)\n\nf(0)\n";
const RECURSE_THEN_FAIL: &str =
    "def g(n):\n    if n == 0:\n        return 1 // 0\n    return g(n - 1)\n\ng(4)\n";

#[test]
fn recursion_tracebacks_collapse_repeats_as_cpython_does() {
    let dir = TempDir::new("hostile-traceback");
    let rec = dir.write("rec.py", RECURSE);
    let o = gilsim(&["run", s(&rec), "--format", "none"]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    let frame = |line: u32, func: &str, call: &str| {
        format!(
            "  File \"{}\", line {line}, in {func} (instruction {call})\n",
            rec.display()
        )
    };
    let f = frame(2, "f", "3: CALL f 1") + "    return f(n + 1)\n";
    let want = format!(
        "Exception in thread main-0:\nTraceback (most recent call last):\n{}    f(0)\n{f}{f}{f}  [Previous line repeated 996 more times]\nRecursionError: maximum recursion depth exceeded (limit 1000)\n",
        frame(4, "__module__", "3: CALL f 1")
    );
    assert_eq!(o.stderr, want);

    // One repeat past the cutoff: `time`, singular; the frame below shows.
    let fail = dir.write("fail.py", RECURSE_THEN_FAIL);
    let o = gilsim(&["run", s(&fail), "--format", "none"]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    assert!(
        o.stderr
            .contains("    return g(n - 1)\n  [Previous line repeated 1 more time]\n  File \""),
        "{}",
        o.show_cut(3000)
    );
    assert_eq!(shape(&o.stderr).len(), 2 + 3 * 2 + 1 + 2 + 1);

    // A `.pyasm` program: the same collapse.
    let o = gilsim(&[
        "run",
        "tests/golden/recursion_limit.pyasm",
        "--format",
        "none",
    ]);
    assert_eq!(o.code, Some(70));
    assert!(o
        .stderr
        .contains("  [Previous line repeated 996 more times]\nRecursionError"));
    assert_eq!(o.stderr.lines().count(), 2 + 4 * 2 + 1 + 1);

    // A deep limit prints a few lines, not one per frame.
    let o = gilsim(&[
        "run",
        s(&rec),
        "--format",
        "none",
        "--recursion-limit",
        "100000",
    ]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    assert!(o.stderr.len() < 2000, "{}", o.show_cut(3000));
    assert!(o
        .stderr
        .contains("  [Previous line repeated 99996 more times]\n"));

    // The same shape as CPython's, where python3 is installed.
    for (name, src) in [("rec.py", RECURSE), ("fail.py", RECURSE_THEN_FAIL)] {
        let Ok(py) = Command::new("python3")
            .arg(s(&dir.path(name)))
            .stdin(Stdio::null())
            .output()
        else {
            return;
        };
        let gs = gilsim(&["run", s(&dir.path(name)), "--format", "none"]);
        let (mut ours, mut theirs) = (
            shape(&gs.stderr),
            shape(&String::from_utf8_lossy(&py.stderr)),
        );
        if src == RECURSE {
            // CPython's recursion depth counts differ between versions.
            for v in [&mut ours, &mut theirs] {
                for l in v.iter_mut().filter(|l| l.starts_with("repeat ")) {
                    *l = "repeat N".into();
                }
            }
        }
        assert_eq!(
            ours,
            theirs,
            "{name}\n--- gilsim\n{}--- python3\n{}",
            gs.stderr,
            String::from_utf8_lossy(&py.stderr)
        );
    }
}

// ---------------------------------------------------------------------------
// The assembler.

#[test]
fn a_function_with_70000_locals_constants_and_60000_parameters_assembles() {
    let dir = TempDir::new("hostile-asm");
    let mut src = String::from(".func wide(");
    src.push_str(
        &(0..60_000)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    src.push_str(")\n    LOAD_FAST p59999\n    RETURN_VALUE\n.end\n.func main()\n");
    for i in 0..70_000 {
        src.push_str(&format!("    LOAD_CONST \"s{i}\"\n    STORE_FAST v{i}\n"));
    }
    src.push_str(
        "    LOAD_FAST v69999\n    LOAD_FAST v0\n    BINARY_OP +\n    RETURN_VALUE\n.end\n",
    );
    let p = dir.write("wide.pyasm", &src);
    let o = gilsim(&["check", s(&p)]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(
        o.stdout.contains("ok (2 functions, 140006 instructions)"),
        "{}",
        o.show_cut(3000)
    );
    let o = gilsim(&["run", s(&p), "--format", "json"]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let report: Json = serde_json::from_str(o.stderr.trim()).unwrap();
    assert_eq!(report["threads"][0]["returned"], "\"s69999s0\"");

    // Equal constants share a slot; 1, 1.0, True, 0.0 and -0.0 do not.
    let prog = gilsim::asm::assemble(
        "c.pyasm",
        ".func main()\n    LOAD_CONST 1\n    LOAD_CONST 1.0\n    LOAD_CONST True\n    LOAD_CONST 1\n    LOAD_CONST 0.0\n    LOAD_CONST -0.0\n    LOAD_CONST \"1\"\n    LOAD_CONST \"1\"\n    LOAD_CONST 1.0\n    PRINT 9\n    LOAD_CONST None\n    RETURN_VALUE\n.end\n",
    )
    .unwrap();
    assert_eq!(prog.functions()[0].consts.len(), 7);
    assert_eq!(
        prog.functions()[0]
            .consts
            .iter()
            .map(|c| c.to_literal())
            .collect::<Vec<_>>(),
        ["1", "1.0", "True", "0.0", "-0.0", "\"1\"", "None"]
    );
}

// ---------------------------------------------------------------------------
// Property tests: mutations of the repository's own files.

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Edit {
    /// Cut the file at this fraction of its length.
    Truncate(f64),
    /// Set the byte at this fraction of the length.
    Set(f64, u8),
    /// Insert a byte at this fraction of the length.
    Insert(f64, u8),
    /// Remove the byte at this fraction of the length.
    Remove(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter in JSON and .pyasm, and any byte at all.
    let byte = prop_oneof![
        proptest::sample::select(b"{}[]\",:-.0123456789eE \n;()_xA".to_vec()),
        any::<u8>(),
    ];
    prop_oneof![
        1 => (0.0..1.0).prop_map(Edit::Truncate),
        4 => (0.0..1.0, byte.clone()).prop_map(|(at, b)| Edit::Set(at, b)),
        2 => (0.0..1.0, byte).prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => (0.0..1.0).prop_map(Edit::Remove),
    ]
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len.saturating_sub(1));
    for e in edits {
        if v.is_empty() {
            break;
        }
        match *e {
            Edit::Truncate(f) => v.truncate(at(f, v.len())),
            Edit::Set(f, b) => {
                let i = at(f, v.len());
                v[i] = b;
            }
            Edit::Insert(f, b) => {
                let i = at(f, v.len());
                v.insert(i, b);
            }
            Edit::Remove(f) => {
                let i = at(f, v.len());
                v.remove(i);
            }
        }
    }
    v
}

/// A value a hostile hand might put into a numeric field.
fn hostile_number() -> impl Strategy<Value = Json> {
    prop_oneof![
        proptest::sample::select(vec![
            json!(0),
            json!(-1),
            json!(1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e308),
            json!(-1e308),
            json!(5e-324),
            json!(0.5),
            json!(null),
            json!("1"),
            json!([]),
            json!({}),
        ]),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any::<i64>().prop_map(|i| json!(i)),
    ]
}

/// Sets the field `key` of the `index`-th object (by a depth-first walk)
/// that has such a field.
fn set_field(v: &mut Json, key: &str, index: usize, value: &Json) {
    fn walk(v: &mut Json, key: &str, n: &mut usize, index: usize, value: &Json) {
        match v {
            Json::Object(m) => {
                if m.contains_key(key) {
                    if *n == index {
                        m.insert(key.to_string(), value.clone());
                    }
                    *n += 1;
                }
                for x in m.values_mut() {
                    walk(x, key, n, index, value);
                }
            }
            Json::Array(a) => a.iter_mut().for_each(|x| walk(x, key, n, index, value)),
            _ => {}
        }
    }
    let mut n = 0;
    let total = {
        let mut probe = v.clone();
        walk(&mut probe, key, &mut n, usize::MAX, value);
        n
    };
    if total > 0 {
        let mut n = 0;
        walk(v, key, &mut n, index % total, value);
    }
}

const RESULT_FIELDS: &[&str] = &[
    "cores",
    "threads",
    "repetitions",
    "seeds",
    "switch_intervals_ns",
    "switch_interval_ns",
    "work_per_thread",
    "n",
    "mean",
    "sd",
    "median",
    "min",
    "max",
    "ci_lo",
    "ci_hi",
    "efficiency",
    "seed",
    "rep",
    "wall_ns",
    "gil_wait_share",
    "thread_wait_share",
    "runs",
    "mode",
    "scaling",
    "workload",
    "policy",
    "cells",
];

const CONVOY_FIELDS: &[&str] = &[
    "cores",
    "io_count",
    "io_secs",
    "rows",
    "policy",
    "switch_interval_ns",
    "cpu_threads",
    "io_ops_per_s",
    "io_back_p50_ns",
    "io_back_p99_ns",
    "cpu_rate",
    "cpu_loss",
];

const TRACE_FIELDS: &[&str] = &[
    "ts",
    "dur",
    "tid",
    "ph",
    "name",
    "args",
    "traceEvents",
    "pid",
];

/// Draws every chart of a results file in memory (SVG), as `plot` would.
fn draw_sweep(r: &SweepResults) {
    use gilsim::plot::sweep::{Metric, ScalingChart, WaitShareChart};
    use gilsim::plot::Chart;
    use plotters::prelude::*;
    gilsim::plot::register_fonts();
    for scaling in ["strong", "weak"] {
        for metric in [Metric::Speedup, Metric::Wall] {
            let mut svg = String::new();
            let root = SVGBackend::with_string(&mut svg, gilsim::plot::SIZE).into_drawing_area();
            let chart = ScalingChart {
                results: r,
                scaling,
                metric,
            };
            chart
                .draw(&root, &Default::default())
                .expect("a checked file draws");
        }
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, gilsim::plot::SIZE).into_drawing_area();
        let chart = WaitShareChart {
            results: r,
            scaling,
        };
        chart
            .draw(&root, &Default::default())
            .expect("a checked file draws");
    }
}

fn draw_convoy(r: &ConvoyResults) {
    use gilsim::plot::convoy::ConvoyChart;
    use gilsim::plot::Chart;
    use plotters::prelude::*;
    gilsim::plot::register_fonts();
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, gilsim::plot::SIZE).into_drawing_area();
    ConvoyChart { results: r }
        .draw(&root, &Default::default())
        .expect("a checked file draws");
}

/// A small trace of the convoy program, made once per test binary and
/// kept in memory.
fn trace_bytes() -> &'static [u8] {
    static TRACE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TRACE.get_or_init(|| {
        let dir = TempDir::new("hostile-trace-once");
        std::fs::read(make_trace(&dir)).unwrap()
    })
}

fn pyasm_sources() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo_path("programs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// Runs `main` of a verified program with small int arguments for a
/// bounded number of slices.
fn run_bounded(p: gilsim::bytecode::Program) {
    let p = std::sync::Arc::new(p);
    let Some(entry) = p.function_index("main") else {
        return;
    };
    let args = vec![gilsim::vm::Value::Int(2); p.functions()[entry as usize].nparams as usize];
    common::run_slices(p, entry, args);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Byte-level damage to a results file: an error, or a file that draws.
    #[test]
    fn damaged_results_files_are_refused_or_drawn(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        let bytes = std::fs::read(repo_path("tests/fixtures/sweep_small.json")).unwrap();
        let bad = apply(&bytes, &edits);
        if let Ok(r) = serde_json::from_slice::<SweepResults>(&bad) {
            if r.validate().is_ok() {
                draw_sweep(&r);
            }
        }
    }

    /// A hostile value in one field of a results file.
    #[test]
    fn hostile_values_in_results_files_are_refused_or_drawn(
        key in proptest::sample::select(RESULT_FIELDS),
        index in 0usize..200,
        value in hostile_number(),
    ) {
        let mut v = load_json("tests/fixtures/sweep_small.json");
        set_field(&mut v, key, index, &value);
        if let Ok(r) = serde_json::from_value::<SweepResults>(v) {
            if r.validate().is_ok() {
                draw_sweep(&r);
            }
        }
    }

    /// The same for convoy results: checked while they are read.
    #[test]
    fn hostile_convoy_results_are_refused_or_drawn(
        key in proptest::sample::select(CONVOY_FIELDS),
        index in 0usize..100,
        value in hostile_number(),
        edits in proptest::collection::vec(edit(), 0..3),
    ) {
        let mut v = load_json("plots/convoy.json");
        set_field(&mut v, key, index, &value);
        let bytes = apply(&serde_json::to_vec_pretty(&v).unwrap(), &edits);
        if let Ok(r) = serde_json::from_slice::<ConvoyResults>(&bytes) {
            draw_convoy(&r);
        }
    }

    /// Damaged or hostile traces: refused, or drawn over any window the
    /// window check lets through.
    #[test]
    fn hostile_traces_are_refused_or_drawn(
        key in proptest::sample::select(TRACE_FIELDS),
        index in 0usize..100,
        value in hostile_number(),
        edits in proptest::collection::vec(edit(), 0..3),
        from in prop_oneof![
            4 => Just(0.0),
            2 => 0.0..40.0f64,
            1 => -1e13..1e13f64,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
        ],
        to in proptest::option::of(prop_oneof![
            3 => 0.0..60.0f64,
            1 => -1e13..1e13f64,
            1 => Just(f64::NEG_INFINITY),
        ]),
    ) {
        let mut v: Json = serde_json::from_slice(trace_bytes()).unwrap();
        set_field(&mut v, key, index, &value);
        let bytes = apply(&serde_json::to_vec(&v).unwrap(), &edits);
        let Ok(json) = serde_json::from_slice::<Json>(&bytes) else { return Ok(()) };
        let Ok(d) = TimelineData::from_json(&json) else { return Ok(()) };
        let data = vec![d];
        if timeline::window(&data, from, to).is_ok() {
            let dir = TempDir::new("hostile-prop-timeline");
            timeline::draw(&data, &dir.path("t.svg"), from, to, &Default::default()).expect("a checked trace draws");
        }
    }

    /// Damaged `.pyasm` samples: errors as data, and a mutant that still
    /// verifies runs without crashing the VM.
    #[test]
    fn damaged_samples_never_crash_the_assembler_or_the_vm(
        which in 0usize..64,
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let sources = pyasm_sources();
        let (name, bytes) = &sources[which % sources.len()];
        let bad = apply(bytes, &edits);
        if let Ok(p) = gilsim::asm::assemble_bytes(name, &bad) {
            run_bounded(p);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Through the binary: damaged results, convoy results, traces and
    /// programs. The exit code is one README lists, nothing panics, and
    /// nothing hangs.
    #[test]
    fn damaged_files_through_the_binary_keep_the_exit_code_contract(
        edits in proptest::collection::vec(edit(), 1..4),
        key in proptest::sample::select(RESULT_FIELDS),
        value in hostile_number(),
    ) {
        let dir = TempDir::new("hostile-prop-cli");
        let out = dir.path("out");
        // Results: a hostile value, then byte damage.
        let mut v = load_json("tests/fixtures/sweep_small.json");
        set_field(&mut v, key, 3, &value);
        let p = dir.write("r.json", apply(&serde_json::to_vec_pretty(&v).unwrap(), &edits));
        assert_sane(&gilsim(&["plot", s(&p), "-o", s(&out)]), "plot");
        // Convoy results and a trace: byte damage.
        let convoy = std::fs::read(repo_path("plots/convoy.json")).unwrap();
        let p = dir.write("c.json", apply(&convoy, &edits));
        assert_sane(&gilsim(&["plot", "convoy", s(&p), "-o", s(&dir.path("c"))]), "plot convoy");
        let p = dir.write("t.json", apply(trace_bytes(), &edits));
        assert_sane(
            &gilsim(&["plot", "timeline", s(&p), "-o", s(&dir.path("t.svg"))]),
            "plot timeline",
        );
        // A program: check, and a short run.
        let sources = pyasm_sources();
        let (_, bytes) = &sources[edits.len() % sources.len()];
        let p = dir.write("p.pyasm", apply(bytes, &edits));
        assert_sane(&gilsim(&["check", s(&p)]), "check");
        assert_sane(
            &gilsim(&["run", s(&p), "--arg", "3", "--timeout", "2s", "--format", "none"]),
            "run",
        );
    }
}
