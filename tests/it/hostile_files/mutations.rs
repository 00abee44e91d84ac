//! Property tests: mutations of the repository's own files.

use super::*;

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
