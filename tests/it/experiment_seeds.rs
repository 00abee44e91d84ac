//! Experiments over seeds and repetitions: convoy over `--seeds 1..3` on
//! the virtual engine gives n = 3 summaries of the per-seed values it
//! keeps, a tidy CSV with one row per configuration and seed, a header
//! with the seeds, engine and cost model as fields, and a chart with
//! error bars; old and new files both plot; damaged summaries are refused
//! or drawn, never a panic; ccbench repeats on the real engine; and the
//! flags are checked before any work. Sizes are tiny: no timing is
//! asserted.

use crate::common::{arg, gilsim_within, repo_path, Out, TempDir};
use gilsim::experiment::convoy::{run, table, ConvoyConfig, ConvoyResults, CSV_COLUMNS};
use gilsim::experiment::repeat::{plan, RunId};
use gilsim::experiment::stats::Summary;
use gilsim::spec::{Engine, EngineConfig};
use gilsim::Error;
use std::sync::OnceLock;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(120);

/// An output prefix in a directory that cannot exist: a command line that
/// passes its checks stops there (73), before the work.
const NO_DIR: &str = "/proc/gilsim-no-such-dir/out";

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, DEADLINE)
}

fn virtual_engine() -> EngineConfig {
    EngineConfig::virtual_machine(2)
}

/// A tiny convoy: one policy, one interval, 0 and 1 CPU-bound threads,
/// five IO waits, on the virtual engine, for each run of `runs`.
fn tiny(runs: Vec<RunId>) -> ConvoyConfig {
    ConvoyConfig {
        policies: vec!["newgil".parse().unwrap()],
        intervals_ns: vec![1_000_000],
        cpu_threads: vec![0, 1],
        io_count: 5,
        io_secs: 0.0005,
        engine: virtual_engine(),
        runs,
    }
}

/// The tiny convoy over seeds 1..3, made once per test binary.
fn three_seeds() -> &'static ConvoyResults {
    static R: OnceLock<ConvoyResults> = OnceLock::new();
    R.get_or_init(|| {
        let seeds = gilsim::experiment::seeds::parse_seeds("1..3").unwrap();
        let runs = plan(&virtual_engine(), Some(&seeds), None, false).unwrap();
        run(&tiny(runs)).unwrap()
    })
}

#[test]
fn convoy_over_three_seeds_summarises_what_it_keeps() {
    let r = three_seeds();
    assert_eq!(r.experiment, "convoy");
    assert_eq!(r.engine, Some(Engine::Virtual));
    assert_eq!((r.seeds.clone(), r.reps), (vec![1, 2, 3], 3));
    assert_eq!(r.cost_model, Some(virtual_engine().cost));
    assert_eq!(r.machine.cores, 2);
    assert!(r.ci_method.contains("95%"), "{}", r.ci_method);
    assert_eq!(r.rows.len(), 2);
    for row in &r.rows {
        assert_eq!(row.n(), 3);
        let seeds: Vec<_> = row.runs.iter().map(|x| (x.seed, x.rep)).collect();
        assert_eq!(seeds, [(Some(1), 0), (Some(2), 1), (Some(3), 2)]);
        let ops: Vec<f64> = row.runs.iter().map(|x| x.io_ops_per_s).collect();
        assert_eq!(row.io_ops_per_s, Summary::of(&ops));
        let p99: Vec<u64> = row.runs.iter().map(|x| x.io_back_p99_ns).collect();
        assert_eq!(row.io_back_p99_ns, Summary::of_u64(&p99));
        for s in [&row.io_ops_per_s, &row.io_back_p50_ns, &row.cpu_loss] {
            assert_eq!(s.n, 3);
            assert!(s.ci_lo <= s.mean && s.mean <= s.ci_hi, "{s:?}");
        }
    }
    // Seeds draw different wake-ups: the figures spread.
    assert!(r.rows[1].io_back_p50_ns.sd > 0.0, "{:?}", r.rows[1]);
    // A seed's run is the same whatever other seeds run beside it.
    let alone = run(&tiny(vec![RunId {
        rep: 0,
        seed: Some(2),
    }]))
    .unwrap();
    for (row, one) in r.rows.iter().zip(&alone.rows) {
        let mut x = one.runs[0].clone();
        x.rep = 1;
        assert_eq!(row.runs[1], x);
    }
    assert_eq!(alone.seeds, [2]);
    // The table: mean ± half-width, and n.
    let t = table(r);
    assert!(
        t.contains("over 3 seeds (1..3)") && t.contains(" ± "),
        "{t}"
    );
    let header = t.lines().nth(2).unwrap();
    assert!(header.split_whitespace().any(|w| w == "n"), "{t}");
}

#[test]
fn convoy_results_round_trip_and_write_a_tidy_csv() {
    let r = three_seeds();
    let dir = TempDir::new("seeds-csv");
    let json = dir.path("c.json");
    std::fs::write(&json, serde_json::to_vec_pretty(r).unwrap()).unwrap();
    assert_eq!(&ConvoyResults::read_json(&json).unwrap(), r);
    // The header's fields, by name.
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for key in [
        "experiment",
        "gilsim_version",
        "engine",
        "seeds",
        "reps",
        "cost_model",
    ] {
        assert!(!v[key].is_null(), "{key} missing");
    }
    assert_eq!(v["seeds"], serde_json::json!([1, 2, 3]));
    assert_eq!(v["rows"][0]["io_ops_per_s"]["n"], 3);
    let csv = dir.path("c.csv");
    r.write_csv(&csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), CSV_COLUMNS.join(","));
    assert_eq!(
        CSV_COLUMNS[..11],
        [
            "experiment",
            "engine",
            "cores",
            "policy",
            "switch_interval_ns",
            "cpu_threads",
            "io_count",
            "io_secs",
            "seed",
            "rep",
            "version"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2 * 3, "2 configurations x 3 seeds");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), CSV_COLUMNS.len());
        let k = (i / 3).to_string();
        let params = [
            "convoy", "virtual", "2", "newgil", "1000000", &k, "5", "0.0005",
        ];
        assert_eq!(row[..8], params);
        assert_eq!(row[8], (i % 3 + 1).to_string(), "seed");
        assert_eq!(row[9], (i % 3).to_string(), "rep");
        assert_eq!(row[10], env!("CARGO_PKG_VERSION"));
        let ops: f64 = row[11].parse().unwrap();
        assert_eq!(ops, r.rows[i / 3].runs[i % 3].io_ops_per_s, "exact");
    }
}

#[test]
fn old_and_new_convoy_files_plot_with_error_bars_for_repeats() {
    let dir = TempDir::new("seeds-plot");
    // Old: plain numbers, read as one run each.
    let old = ConvoyResults::read_json(&repo_path("plots/convoy.json")).unwrap();
    assert!(old.rows.iter().all(|x| x.n() == 1 && x.runs.is_empty()));
    assert_eq!((old.engine, old.reps, old.seeds.len()), (None, 1, 0));
    let o = gilsim(&[
        "plot",
        "convoy",
        "plots/convoy.json",
        "-o",
        arg(&dir.path("old")),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let old_svg = std::fs::read_to_string(dir.path("old.svg")).unwrap();
    assert!(!old_svg.contains("95% CI") && old_svg.contains("each point 1 run"));
    // New: the binary reads what the library wrote.
    let json = dir.path("new.json");
    std::fs::write(&json, serde_json::to_vec_pretty(three_seeds()).unwrap()).unwrap();
    let o = gilsim(&["plot", "convoy", arg(&json), "-o", arg(&dir.path("new"))]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let svg = std::fs::read_to_string(dir.path("new.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.contains("each point the mean of 3 runs (seeds 1..3), bars: 95% CI"),
        "{texts}"
    );
    let png = std::fs::read(dir.path("new.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().expect("a PNG header");
    assert_eq!(
        (reader.info().width, reader.info().height),
        gilsim::plot::SIZE
    );
}

#[test]
fn damaged_summaries_are_refused_or_drawn() {
    use gilsim::plot::convoy::ConvoyChart;
    use gilsim::plot::Chart;
    use plotters::prelude::*;
    gilsim::plot::register_fonts();
    let dir = TempDir::new("seeds-hostile");
    let base = serde_json::to_value(three_seeds()).unwrap();
    let values = [
        serde_json::json!(0),
        serde_json::json!(-1.0),
        serde_json::json!(1e300),
        serde_json::json!(-1e300),
        serde_json::json!(4294967295u64),
        serde_json::json!(null),
        serde_json::json!("x"),
    ];
    let (mut refused, mut drawn) = (0, 0);
    for figure in ["io_ops_per_s", "io_back_p50_ns", "cpu_loss"] {
        for field in ["n", "mean", "sd", "median", "min", "max", "ci_lo", "ci_hi"] {
            for value in &values {
                let mut v = base.clone();
                v["rows"][1][figure][field] = value.clone();
                let p = dir.write("h.json", serde_json::to_vec(&v).unwrap());
                match ConvoyResults::read_json(&p) {
                    Ok(r) => {
                        let mut svg = String::new();
                        let root = SVGBackend::with_string(&mut svg, gilsim::plot::SIZE)
                            .into_drawing_area();
                        ConvoyChart { results: &r }
                            .draw(&root, &Default::default())
                            .expect("a checked file draws");
                        drawn += 1;
                    }
                    Err(e) => {
                        assert!(matches!(e, Error::Results { .. }), "{e}");
                        assert!(
                            e.to_string().contains(figure) || e.to_string().contains("figure"),
                            "{figure}.{field} = {value}: {e}"
                        );
                        refused += 1;
                    }
                }
            }
        }
    }
    assert!(
        refused > 100 && drawn > 0,
        "{refused} refused, {drawn} drawn"
    );
    // Runs and summaries that disagree.
    for (what, f, fragment) in [
        ("a run less", "runs", "2 runs kept for summaries of 3"),
        ("a seed twice", "seeds", "a seed is listed twice"),
    ] {
        let mut v = base.clone();
        match f {
            "runs" => {
                v["rows"][0]["runs"].as_array_mut().unwrap().pop();
            }
            _ => v["seeds"] = serde_json::json!([1, 1, 3]),
        }
        let p = dir.write("h.json", serde_json::to_vec(&v).unwrap());
        let e = ConvoyResults::read_json(&p).unwrap_err().to_string();
        assert!(e.contains(fragment), "{what}: {e}");
    }
}

#[test]
fn ccbench_repeats_on_the_real_engine() {
    let real = EngineConfig::default();
    let runs = plan(&real, None, Some(2), false).unwrap();
    let r =
        gilsim::experiment::ccbench::run(&["newgil".parse().unwrap()], 1_000_000, 20, &real, &runs)
            .unwrap();
    assert_eq!(
        (r.reps, r.seeds.len(), r.engine),
        (2, 0, Some(Engine::Real))
    );
    let p = &r.policies[0];
    for t in &p.throughput {
        assert_eq!(t.rate.n, 2);
        let reps: Vec<_> = t.runs.iter().map(|x| (x.seed, x.rep)).collect();
        assert_eq!(reps, [(None, 0), (None, 1)]);
    }
    assert!(p
        .throughput
        .iter()
        .filter(|t| t.threads == 1)
        .all(|t| t.relative.mean == 1.0 && t.relative.sd == 0.0));
    for c in p.latency.iter().chain(&p.bandwidth) {
        assert_eq!((c.p50_ns.n, c.runs.len()), (2, 2));
    }
    let t = gilsim::experiment::ccbench::tables(&r);
    assert!(
        t.contains("over n = 2 repetitions") && t.contains(" ± "),
        "{t}"
    );
}

#[test]
fn seed_flags_are_checked_before_any_work() {
    let cases: [(&[&str], i32, &str); 9] = [
        (
            &["convoy", "--seeds", "1..3"],
            64,
            "--seeds applies to the virtual engine only",
        ),
        (
            &["ccbench", "--seeds", "1..3"],
            64,
            "--seeds applies to the virtual engine only",
        ),
        (
            &["convoy", "--engine", "virtual", "--seeds", "5..1"],
            2,
            "'5..1' goes down",
        ),
        (
            &["convoy", "--engine", "virtual", "--seeds", "1,1"],
            2,
            "seed 1 is given twice",
        ),
        (
            &["convoy", "--engine", "virtual", "--seeds", "1..20000"],
            2,
            "more than 10000 seeds",
        ),
        (
            &[
                "convoy", "--engine", "virtual", "--seeds", "1..3", "--reps", "2",
            ],
            64,
            "give one",
        ),
        (
            &[
                "ccbench", "--engine", "virtual", "--seed", "4", "--seeds", "1,2",
            ],
            64,
            "--seed and --seeds",
        ),
        (&["convoy", "--reps", "0"], 2, "--reps"),
        // Accepted: stopped by the output prefix, before the work.
        (
            &["convoy", "--engine", "virtual", "--seeds", "1..3,7"],
            73,
            "gilsim-no-such-dir",
        ),
    ];
    for (flags, code, fragment) in cases {
        let mut args = vec!["experiment"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&["-o", NO_DIR]);
        let o = gilsim(&args);
        assert_eq!(o.code, Some(code), "{args:?}\n{}", o.show_cut(3000));
        assert!(
            o.stderr.contains(fragment),
            "{args:?}\n{}",
            o.show_cut(3000)
        );
    }
    for (flags, code) in [
        (&["ccbench", "--reps", "2"][..], 73),
        (
            &[
                "ccbench", "--engine", "virtual", "--reps", "3", "--seed", "9",
            ][..],
            73,
        ),
    ] {
        let mut args = vec!["experiment"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&["-o", NO_DIR]);
        assert_eq!(gilsim(&args).code, Some(code), "{args:?}");
    }
}
