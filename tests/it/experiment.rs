//! Sweeps and plots: a sweep over tiny workloads yields well-formed CSV and
//! JSON with every cell present; `plot` on a fixed results file writes PNGs
//! that decode and SVGs that parse as XML; bad inputs are clear errors.
//! No timing is asserted.

use crate::common::{repo_path, TempDir};
use gilsim::engine::Mode;
use gilsim::experiment::results::SweepResults;
use gilsim::experiment::sweep::{run_sweep, SweepConfig};
use gilsim::experiment::workload::{Scaling, Workload};
use gilsim::Error;
use std::collections::HashSet;

fn tiny_sweep() -> SweepConfig {
    let cpu = repo_path("programs/countdown.pyasm");
    let io = repo_path("programs/io_wait.pyasm");
    SweepConfig {
        workloads: vec![
            Workload::parse(&format!("cpu={}:%4000", cpu.display())).unwrap(),
            Workload::parse(&format!("io={}:%4,0.0005", io.display())).unwrap(),
        ],
        modes: vec![Mode::Gil, Mode::Free],
        threads: vec![1, 2, 4],
        scalings: vec![Scaling::Strong, Scaling::Weak],
        repetitions: 2,
        policies: vec!["newgil".parse().unwrap()],
        switch_intervals_ns: vec![1_000_000],
        ..SweepConfig::default_sweep()
    }
}

#[test]
fn a_tiny_sweep_writes_every_cell_to_json_and_tidy_csv() {
    let r = run_sweep(&tiny_sweep()).unwrap();
    // 2 workloads x 2 scalings x 2 modes x 3 thread counts.
    assert_eq!(r.cells.len(), 24);
    let keys: HashSet<_> = r.cells.iter().map(|c| c.key()).collect();
    assert_eq!(keys.len(), 24, "every cell exactly once");
    for c in &r.cells {
        assert_eq!(c.runs.len(), 2);
        assert_eq!(c.wall_ns.n, 2);
        assert!(c.wall_ns.min <= c.wall_ns.median && c.wall_ns.median <= c.wall_ns.max);
        assert!(c.wall_ns.ci_lo <= c.wall_ns.mean && c.wall_ns.mean <= c.wall_ns.ci_hi);
        assert_eq!(c.thread_wait_share.len(), c.threads as usize);
        assert!((c.efficiency - c.speedup.mean / c.threads as f64).abs() < 1e-9);
        if c.threads == 1 {
            assert_eq!((c.speedup.mean, c.speedup.sd), (1.0, 0.0));
        }
        if c.mode == "free" {
            assert_eq!(c.policy, "none");
            assert_eq!(c.switch_interval_ns, None);
            assert_eq!(
                (c.switches.max, c.drop_requests.max, c.gil_wait_share.max),
                (0.0, 0.0, 0.0)
            );
        } else {
            assert_eq!(
                (c.policy.as_str(), c.switch_interval_ns),
                ("newgil", Some(1_000_000))
            );
        }
        let expected_work = match (c.workload.as_str(), c.scaling.as_str()) {
            ("cpu", "strong") => 4000 / c.threads as u64,
            ("cpu", _) => 4000,
            ("io", "strong") => 4 / c.threads as u64,
            _ => 4,
        };
        assert_eq!(c.work_per_thread, expected_work, "{c:?}");
        for run in &c.runs {
            assert_eq!(run.threads.len(), c.threads as usize);
        }
    }
    assert_eq!(r.header.threads, vec![1, 2, 4]);
    assert_eq!(r.header.repetitions, 2);
    assert_eq!(r.header.engine, "real");
    assert!(r.header.machine.cores >= 1);
    assert_eq!(r.header.gilsim_version, env!("CARGO_PKG_VERSION"));
    assert!(r
        .header
        .command
        .starts_with("gilsim sweep --engine real --workload cpu="));

    let dir = TempDir::new("exp-sweep");
    let files = r.write_all(&dir.join("s")).unwrap();
    assert_eq!(
        SweepResults::read_json(&files[0]).unwrap(),
        r,
        "JSON round-trips"
    );
    // Tidy CSV: no comments, every parameter a column, one row per run.
    for (file, rows) in [(&files[1], 48), (&files[2], 24)] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.starts_with('#'));
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let headers = rd.headers().unwrap().clone();
        for col in gilsim::experiment::tidy::PARAMS {
            assert!(
                headers.iter().any(|h| h == col),
                "{col} in {}",
                file.display()
            );
        }
        let all: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(all.len(), rows, "{}", file.display());
        let mode = headers.iter().position(|h| h == "mode").unwrap();
        let si = headers
            .iter()
            .position(|h| h == "switch_interval_ns")
            .unwrap();
        for row in &all {
            assert_eq!(row.len(), headers.len());
            assert_eq!(row[si].is_empty(), &row[mode] == "free", "{row:?}");
        }
    }
    let threads = std::fs::read_to_string(&files[3]).unwrap();
    // Rows per run x thread: 2 runs of (1 + 2 + 4) threads, 8 series.
    assert_eq!(threads.lines().count(), 1 + 2 * 7 * 8);
}

#[test]
fn plot_of_a_fixed_results_file_writes_decodable_png_and_valid_svg() {
    let r = SweepResults::read_json(&repo_path("tests/fixtures/sweep_small.json")).unwrap();
    let dir = TempDir::new("exp-plot");
    let files = gilsim::plot::sweep::plot_all(&r, &dir, &Default::default()).unwrap();
    assert_eq!(
        files.len(),
        12,
        "speedup, wall and GIL wait for 2 scalings, SVG and PNG each"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        match f.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
                let mut reader = decoder.read_info().expect("a PNG header");
                let mut buf = vec![0; reader.output_buffer_size().expect("a frame size")];
                let info = reader.next_frame(&mut buf).expect("a PNG frame");
                assert_eq!((info.width, info.height), gilsim::plot::SIZE);
                assert!(buf.iter().any(|b| *b != 255), "{} is blank", f.display());
            }
            Some("svg") => {
                let text = String::from_utf8(bytes).unwrap();
                let doc = roxmltree::Document::parse(&text).expect("SVG parses as XML");
                assert_eq!(doc.root_element().tag_name().name(), "svg");
                let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
                assert!(
                    texts.contains("threads (log2 scale)"),
                    "{} lacks its axis label",
                    f.display()
                );
                assert!(
                    texts.contains("cores"),
                    "{} lacks the core count",
                    f.display()
                );
            }
            other => panic!("unexpected file type {other:?}"),
        }
    }
}

#[test]
fn missing_or_malformed_results_are_clear_errors() {
    let dir = TempDir::new("exp-bad");
    let missing = dir.join("nope.json");
    assert!(matches!(
        SweepResults::read_json(&missing),
        Err(Error::Read { .. })
    ));
    for (name, text, fragment) in [
        (
            "garbage.json",
            "not json at all",
            "not a gilsim sweep results file",
        ),
        (
            "wrong.json",
            "{\"header\": 1}",
            "not a gilsim sweep results file",
        ),
        ("empty.json", "", "not a gilsim sweep results file"),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        let e = SweepResults::read_json(&p).unwrap_err();
        assert!(matches!(e, Error::Results { .. }), "{e}");
        assert!(e.to_string().contains(fragment), "{e}");
        assert_eq!(e.exit_code(), 65);
    }
    let mut r = SweepResults::read_json(&repo_path("tests/fixtures/sweep_small.json")).unwrap();
    r.cells.clear();
    let p = dir.join("nocells.json");
    r.write_json(&p).unwrap();
    assert!(SweepResults::read_json(&p)
        .unwrap_err()
        .to_string()
        .contains("the results hold no cells"));
}

#[test]
fn workload_specs_are_checked() {
    let cpu = repo_path("programs/countdown.pyasm");
    let cpu = cpu.display();
    for (spec, fragment) in [
        (format!("cpu{cpu}:%10"), "no '='"),
        (format!("cpu={cpu}"), "no ':' after the file"),
        (
            format!("cpu={cpu}:10"),
            "exactly one argument must be %TOTAL",
        ),
        (
            format!("cpu={cpu}:%10,%20"),
            "exactly one argument must be %TOTAL",
        ),
        (format!("cpu={cpu}:%ten"), "'%ten' is not a whole number"),
        (
            format!("cpu={cpu}:%10,3"),
            "main takes 1 arguments, the spec gives 2",
        ),
    ] {
        let e = Workload::parse(&spec).unwrap_err().to_string();
        assert!(e.contains(fragment), "{spec}: {e}");
    }
    assert!(matches!(
        Workload::parse("x=no/such/file.pyasm:%1"),
        Err(Error::Read { .. })
    ));
}

#[test]
fn convoy_experiment_reports_every_configuration_and_plots() {
    use gilsim::experiment::convoy::{run, table, ConvoyConfig};
    let cfg = ConvoyConfig {
        policies: vec!["newgil".parse().unwrap(), "io-priority".parse().unwrap()],
        intervals_ns: vec![1_000_000],
        cpu_threads: vec![0, 1],
        io_count: 5,
        io_secs: 0.0005,
        engine: Default::default(),
        runs: vec![gilsim::experiment::repeat::RunId::ONCE],
    };
    let r = run(&cfg).unwrap();
    assert_eq!(r.rows.len(), 4);
    // One run on the real engine: each figure a summary of one value.
    assert_eq!((r.reps, r.seeds.len()), (1, 0));
    for row in &r.rows {
        assert_eq!((row.n(), row.runs.len(), row.runs[0].seed), (1, 1, None));
        assert!(row.io_ops_per_s.mean > 0.0);
        assert!((0.0..=1.0).contains(&row.cpu_loss.mean), "{row:?}");
        if row.cpu_threads == 0 {
            assert_eq!((row.cpu_loss.mean, row.cpu_rate.mean), (0.0, 0.0));
        } else {
            assert!(row.cpu_rate.mean > 0.0);
        }
    }
    let t = table(&r);
    assert!(t.contains("IO ops/s") && t.contains("io-priority"));
    let dir = TempDir::new("exp-convoy");
    let files = gilsim::plot::save(
        &gilsim::plot::convoy::ConvoyChart { results: &r },
        &dir.join("convoy"),
    )
    .unwrap();
    let svg = std::fs::read_to_string(&files[0]).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.contains("switch interval 1 ms")
            && !texts.contains("1000 us")
            && texts.contains("newgil")
    );
}

#[test]
fn ccbench_has_throughput_latency_and_bandwidth_tables() {
    let r = gilsim::experiment::ccbench::run(
        &["newgil".parse().unwrap()],
        1_000_000,
        40,
        &Default::default(),
        &[],
    )
    .unwrap();
    let p = &r.policies[0];
    assert_eq!(p.throughput.len(), 12, "3 tasks x 1-4 threads");
    assert!(p
        .throughput
        .iter()
        .filter(|t| t.threads == 1)
        .all(|t| (t.relative.mean - 1.0).abs() < 1e-12));
    assert!(p.throughput.iter().all(|t| t.rate.mean > 0.0));
    assert!(p
        .throughput
        .iter()
        .all(|t| t.rate.n == 1 && t.runs.len() == 1));
    assert_eq!(p.latency.len(), 5);
    assert_eq!(p.bandwidth.len(), 5);
    assert_eq!(p.bandwidth[0].relative.mean, 1.0);
    let t = gilsim::experiment::ccbench::tables(&r);
    for heading in [
        "--- Throughput",
        "--- Latency",
        "--- I/O bandwidth",
        "native, GIL released",
    ] {
        assert!(t.contains(heading), "{heading}");
    }
}
