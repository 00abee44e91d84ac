//! One spelling per meaning across commands: switch intervals
//! (`--switch-intervals` for a list, `--switch-interval` for one; the old
//! `experiment convoy --intervals` still accepted), `--policies` with
//! parameters and its `--policy` alias everywhere, `--mode` beside
//! `sweep --modes`, `--jobs` ranges, `compare --format`; `validate
//! --timeout` as a duration like `run --timeout`; `compare`'s intervals
//! printed wide enough to differ; and `--runtime` on the experiments and
//! `report` with `run`'s checks, recorded in the results. Runs are on the
//! virtual engine and small; flags that only need parsing stop at an
//! unwritable output (exit 73) before any work.

use crate::common::{arg, gilsim_within, repo_path, Out, TempDir};
use serde_json::Value as Json;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(180);

/// An output path no one can create, even as root: exit 73 once every
/// flag has been checked, before any work.
const NO_DIR: &str = "/proc/gilsim-no-such-dir/out";

fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, WATCHDOG)
}

/// `gilsim ARGS`, which must exit `code`; returns its output.
fn expect(args: &[&str], code: i32) -> Out {
    let o = gilsim(args);
    assert_eq!(o.code, Some(code), "gilsim {args:?}\n{}", o.show_cut(3000));
    assert!(!o.stderr.contains("panicked"), "{}", o.show_cut(3000));
    o
}

/// `gilsim ARGS -o NO_DIR`: every flag accepted (exit 73 at the output).
fn accepted(args: &[&str]) {
    let mut a = args.to_vec();
    a.extend(["-o", NO_DIR]);
    let o = expect(&a, 73);
    assert!(o.stderr.contains(NO_DIR), "{}", o.show_cut(2000));
}

/// `gilsim ARGS -o NO_DIR`: refused with `code`, the message holding
/// every fragment; returns stderr.
fn refused(args: &[&str], code: i32, fragments: &[&str]) -> String {
    let mut a = args.to_vec();
    a.extend(["-o", NO_DIR]);
    let o = expect(&a, code);
    for f in fragments {
        assert!(
            o.stderr.contains(f),
            "gilsim {a:?}: no {f:?} in\n{}",
            o.stderr
        );
    }
    o.stderr
}

/// `a` then `b`.
fn cat<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    a.iter().chain(b).copied().collect()
}

fn read_json(path: &std::path::Path) -> Json {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn help(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.push("--help");
    expect(&a, 0).stdout
}

/// The convoy on two virtual cores under newgil, `flags` added.
fn convoy(dir: &TempDir, name: &str, flags: &[&str]) -> Json {
    let out = dir.path(name);
    let mut a = vec![
        "experiment",
        "convoy",
        "--engine",
        "virtual",
        "--cores",
        "2",
        "--format",
        "svg",
        "-o",
        arg(&out),
    ];
    a.extend(flags);
    expect(&a, 0);
    read_json(&out.with_extension("json"))
}

/// A small open-loop load (20 requests of 100 us CPU and 100 us IO, two
/// workers, one seed) on two virtual cores, `flags` added.
fn load(dir: &TempDir, name: &str, flags: &[&str]) -> (Json, String) {
    let out = dir.path(name);
    let mut a = vec![
        "experiment",
        "load",
        "--engine",
        "virtual",
        "--cores",
        "2",
        "--requests",
        "20",
        "--loads",
        "50%",
        "--seeds",
        "1",
        "--workers",
        "2",
        "--cpu",
        "100us",
        "--io",
        "100us",
        "--format",
        "svg",
        "-o",
        arg(&out),
    ];
    a.extend(flags);
    let o = expect(&a, 0);
    (read_json(&out.with_extension("json")), o.stdout)
}

/// The (policy, switch interval) of each point of load results.
fn load_points(r: &Json) -> Vec<(String, u64)> {
    r["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["policy"].as_str().unwrap().to_string(),
                p["switch_interval_ns"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_list_of_switch_intervals_is_spelled_switch_intervals_everywhere() {
    let dir = TempDir::new("cli-consistency-intervals");
    // The canonical spelling, its singular alias and the old `--intervals`
    // make the same experiment, byte for byte.
    let canonical = convoy(
        &dir,
        "a",
        &["--policies", "newgil", "--switch-intervals", "1ms"],
    );
    let singular = convoy(
        &dir,
        "b",
        &["--policies", "newgil", "--switch-interval", "1ms"],
    );
    let old = convoy(&dir, "c", &["--policies", "newgil", "--intervals", "1ms"]);
    assert_eq!(canonical, singular);
    assert_eq!(canonical, old);
    let intervals: Vec<u64> = canonical["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["switch_interval_ns"].as_u64().unwrap())
        .collect();
    assert_eq!(intervals, [1_000_000; 4]);
    // Old and new spellings together are one flag given twice.
    refused(
        &[
            "experiment",
            "convoy",
            "--intervals",
            "1ms",
            "--switch-intervals",
            "2ms",
        ],
        2,
        &["--intervals", "--switch-intervals"],
    );
    // A bad value names the spelling used.
    refused(
        &["experiment", "convoy", "--intervals=0"],
        2,
        &["--intervals", "strictly positive"],
    );
    refused(
        &["experiment", "convoy", "--switch-intervals=1ms,0"],
        2,
        &["--switch-intervals", "strictly positive"],
    );
    // experiment load: the same two spellings, the same results.
    let (a, _) = load(
        &dir,
        "la",
        &["--policies", "newgil", "--switch-intervals", "1ms,500us"],
    );
    let (b, _) = load(
        &dir,
        "lb",
        &["--policy", "newgil", "--switch-interval", "1ms,500us"],
    );
    assert_eq!(a, b);
    assert_eq!(
        load_points(&a),
        [("newgil".into(), 1_000_000), ("newgil".into(), 500_000)]
    );
    refused(
        &["experiment", "load", "--switch-intervals", "1ms,0"],
        64,
        &["--switch-intervals", "strictly positive"],
    );
    // sweep: the list, and the singular for one.
    for flag in ["--switch-intervals", "--switch-interval"] {
        accepted(&["sweep", "--engine", "virtual", flag, "5ms,1ms"]);
    }
}

#[test]
fn every_help_spells_a_meaning_one_way() {
    let lists = [
        vec!["sweep"],
        vec!["experiment", "convoy"],
        vec!["experiment", "load"],
    ];
    for cmd in &lists {
        let h = help(cmd);
        assert!(h.contains("--switch-intervals <"), "{cmd:?}:\n{h}");
        assert!(h.contains("--switch-interval]"), "{cmd:?}: the alias\n{h}");
        assert!(h.contains("--policies <LIST>"), "{cmd:?}:\n{h}");
        assert!(h.contains("[alias: --policy]"), "{cmd:?}:\n{h}");
        assert!(
            !h.contains("--intervals <"),
            "{cmd:?}: the old spelling is hidden\n{h}"
        );
    }
    for cmd in [vec!["run"], vec!["experiment", "ccbench"]] {
        let h = help(&cmd);
        assert!(h.contains("--switch-interval <"), "{cmd:?}:\n{h}");
        assert!(!h.contains("--switch-intervals"), "{cmd:?}:\n{h}");
    }
    // One preset: --runtime; presets swept: --runtimes, alias --runtime.
    for cmd in [
        vec!["run"],
        vec!["experiment", "convoy"],
        vec!["experiment", "ccbench"],
        vec!["experiment", "load"],
    ] {
        assert!(help(&cmd).contains("--runtime <NAME>"), "{cmd:?}");
    }
    for cmd in ["sweep", "report"] {
        let h = help(&[cmd]);
        assert!(
            h.contains("--runtimes <LIST>") && h.contains("[alias: --runtime]"),
            "{cmd}:\n{h}"
        );
    }
    let sweep = help(&["sweep"]);
    assert!(sweep.contains("--modes <MODES>") && sweep.contains("[alias: --mode]"));
    // compare: --format like run's, --json its shorthand.
    let compare = help(&["compare"]);
    assert!(compare.contains("--format <FORMAT>") && compare.contains("--json"));
    // validate: --timeout a duration, default 300s.
    let validate = help(&["validate"]);
    assert!(validate.contains("[default: 300s]"), "{validate}");
}

#[test]
fn policy_lists_take_parameters_and_the_singular_everywhere() {
    let dir = TempDir::new("cli-consistency-policies");
    // experiment load split `io-priority(boost=1ms,demote=2)` at its comma.
    let (r, _) = load(
        &dir,
        "l",
        &[
            "--policies",
            "newgil,io-priority(boost=1ms,demote=2)",
            "--switch-intervals",
            "1ms",
        ],
    );
    assert_eq!(
        load_points(&r),
        [
            ("newgil".into(), 1_000_000),
            ("io-priority(boost=1ms,demote=2)".into(), 1_000_000)
        ]
    );
    refused(
        &["experiment", "load", "--policies", "newgil,newgil"],
        64,
        &["--policies", "newgil is listed twice"],
    );
    for cmd in [
        vec!["sweep", "--engine", "virtual"],
        vec!["experiment", "convoy"],
        vec!["experiment", "ccbench"],
        vec!["experiment", "load"],
    ] {
        let mut a = cmd.clone();
        a.extend(["--policy", "io-priority(boost=1ms,demote=2)"]);
        accepted(&a);
    }
    accepted(&["sweep", "--engine", "virtual", "--mode", "gil"]);
    // --jobs: 1 to 4096 wherever it is taken (experiment load checks
    // every value itself, as a usage error).
    for cmd in [vec!["sweep"], vec!["report"]] {
        for bad in ["0", "4097"] {
            let mut a = cmd.clone();
            a.extend(["--engine", "virtual", "--jobs", bad]);
            refused(&a, 2, &["--jobs", "1..=4096"]);
        }
    }
    let load = ["experiment", "load", "--engine", "virtual", "--jobs"];
    refused(&cat(&load, &["0"]), 64, &["--jobs", "at least 1"]);
    refused(&cat(&load, &["4097"]), 64, &["--jobs", "at most 4096"]);
    accepted(&cat(&load, &["4096"]));
}

/// A stand-in interpreter at `dir/fakepy`: answers validate's probe as
/// CPython 3.11, then takes 30 s over any program.
fn slow_python(dir: &TempDir) -> String {
    let p = dir.write(
        "fakepy",
        "#!/bin/sh\n\
         if [ \"$1\" = -c ]; then echo \"$0\"; echo 3.11.7; echo 0; exit 0; fi\n\
         exec sleep 30\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    arg(&p).to_string()
}

#[test]
fn validate_takes_its_timeout_as_a_duration_like_run() {
    // The same values are accepted and refused by both (validate's limit
    // is a day): a bare number is seconds.
    let program = repo_path("programs/countdown.pyasm");
    for (value, ok) in [
        ("30", true),
        ("30s", true),
        ("0.5", true),
        ("500ms", true),
        ("1e-3", true),
        ("86400", true),
        ("0", false),
        ("0ms", false),
        ("1e-12", false),
        ("-1", false),
        ("NaN", false),
        ("2d", false),
        ("5 parsecs", false),
    ] {
        let flag = format!("--timeout={value}");
        let o = gilsim(&[
            "run",
            arg(&program),
            "--arg",
            "10",
            "--engine",
            "virtual",
            "--format",
            "none",
            &flag,
        ]);
        assert_eq!(
            o.code,
            Some(if ok { 0 } else { 2 }),
            "run {flag}\n{}",
            o.show()
        );
        if ok {
            accepted(&["validate", &flag]);
        } else {
            refused(&["validate", &flag], 2, &["--timeout"]);
        }
    }
    refused(
        &["validate", "--timeout", "86401"],
        2,
        &["--timeout", "at most 1 day"],
    );
    // A bare number is seconds in run: 0.002 is 2 ms of virtual time.
    let stopped = |t: &str| -> Json {
        let o = gilsim(&[
            "run",
            arg(&program),
            "--arg",
            "100000000",
            "--engine",
            "virtual",
            "--format",
            "json",
            "--timeout",
            t,
        ]);
        assert_eq!(o.code, Some(124), "{}", o.show_cut(2000));
        serde_json::from_str(&o.stderr[o.stderr.find('{').unwrap()..]).unwrap()
    };
    let (bare, unit) = (stopped("0.002"), stopped("2ms"));
    assert_eq!(bare["wall_ns"], unit["wall_ns"]);
    let wall = bare["wall_ns"].as_u64().unwrap();
    assert!((2_000_000..3_000_000).contains(&wall), "{wall}");
    // And in validate: a run of the interpreter past 0.5 (seconds) or
    // 500ms is killed, and the message names the limit it was given.
    let dir = TempDir::new("cli-consistency-validate");
    let py = slow_python(&dir);
    for t in ["0.5", "500ms"] {
        let o = gilsim(&[
            "validate",
            "--python",
            &py,
            "--rounds",
            "1",
            "--figures",
            "cpu",
            "-q",
            "--timeout",
            t,
            "-o",
            arg(&dir.path("v")),
        ]);
        assert_eq!(o.code, Some(70), "--timeout {t}\n{}", o.show_cut(2000));
        assert!(o.stderr.contains("no result after 500 ms"), "{}", o.stderr);
    }
}

/// The two ends of the first `[lo, hi]` in `line`.
fn ends(line: &str) -> (String, String) {
    let inner = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
    let (lo, hi) = inner.split_once(", ").unwrap();
    (lo.to_string(), hi.to_string())
}

#[test]
fn compare_prints_interval_ends_that_differ_when_they_do() {
    let dir = TempDir::new("cli-consistency-compare");
    let workload = format!(
        "io={}:1,%25,0.0005,200",
        repo_path("programs/gil_mix.pyasm").display()
    );
    let sweep = |policy: &str, name: &str| -> String {
        let out = dir.path(name);
        expect(
            &[
                "sweep",
                "--engine",
                "virtual",
                "--cores",
                "2",
                "--modes",
                "gil",
                "--policies",
                policy,
                "--workload",
                &workload,
                "--threads",
                "1",
                "--scaling",
                "strong",
                "--seeds",
                "1..3",
                "-o",
                arg(&out),
            ],
            0,
        );
        format!("{}.json", out.display())
    };
    let (a, b) = (sweep("newgil", "a"), sweep("io-priority", "b"));
    let mut narrow = 0;
    for figure in ["wall", "gil-wait", "switches", "speedup"] {
        let json = expect(
            &["compare", &a, &b, "--figure", figure, "--format", "json"],
            0,
        )
        .stdout;
        // --json is the same as --format json.
        assert_eq!(
            expect(&["compare", &a, &b, "--figure", figure, "--json"], 0).stdout,
            json
        );
        let c: Json = serde_json::from_str(&json).unwrap();
        let text = expect(&["compare", &a, &b, "--figure", figure], 0).stdout;
        let row = text
            .lines()
            .find(|l| l.starts_with("all "))
            .unwrap_or_else(|| panic!("{text}"));
        let d = &c["pairs"][0]["diff"];
        let (lo, hi) = (d["ci_lo"].as_f64().unwrap(), d["ci_hi"].as_f64().unwrap());
        let (plo, phi) = ends(row);
        assert_eq!(
            lo != hi,
            plo != phi,
            "{figure}: [{lo}, {hi}] printed as\n{text}"
        );
        // The point estimate is printed with the ends' precision.
        let point = row["all".len()..]
            .split("  ")
            .map(str::trim)
            .find(|f| f.contains('['))
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let decimals = |x: &str| x.split_once('.').map_or(0, |(_, f)| f.len());
        assert_eq!(decimals(point), decimals(&plo), "{row}");
        assert!(
            (point.parse::<f64>().unwrap() - d["diff"].as_f64().unwrap()).abs()
                <= 10f64.powi(-(decimals(point) as i32)),
            "{row}"
        );
        // Narrow: three significant digits of an end would hide the width.
        let three = |x: f64| {
            let digits = if x == 0.0 {
                0
            } else {
                (2 - x.abs().log10().floor() as i32).max(0) as usize
            };
            format!("{x:.digits$}")
        };
        if lo != hi && three(lo) == three(hi) {
            narrow += 1;
        }
    }
    assert!(
        narrow > 0,
        "no interval here is narrower than three digits show"
    );
}

#[test]
fn the_experiments_take_a_runtime_as_run_does() {
    let dir = TempDir::new("cli-consistency-runtime");
    // convoy: the preset's policy and costs, the interval overridden as
    // run --runtime cpython-3.11 --switch-interval 1ms overrides it.
    let preset = convoy(
        &dir,
        "rt",
        &["--runtime", "cpython-3.11", "--switch-intervals", "1ms"],
    );
    let plain = convoy(
        &dir,
        "plain",
        &["--policies", "newgil", "--switch-intervals", "1ms"],
    );
    assert_eq!(preset["runtime"], "cpython-3.11");
    assert!(plain.get("runtime").is_none(), "absent without --runtime");
    let rows = |r: &Json| -> Vec<(String, u64, u64)> {
        r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["policy"].as_str().unwrap().to_string(),
                    x["switch_interval_ns"].as_u64().unwrap(),
                    x["cpu_threads"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(rows(&preset), rows(&plain));
    // ... and its costs (CPython's 0.1 ms thread start) in every run.
    assert_ne!(preset["rows"], plain["rows"]);
    let table = std::fs::read_to_string(dir.path("rt.csv")).unwrap();
    assert!(table.contains(",newgil,1000000,"), "{table}");

    // load: the preset's interval unless one is given; costs calibrated.
    let (r27, stdout) = load(&dir, "l27", &["--runtime", "cpython-2.7"]);
    assert_eq!(r27["runtime"], "cpython-2.7");
    assert_eq!(load_points(&r27), [("ticks(check=450)".into(), 5_000_000)]);
    assert!(stdout.contains("runtime cpython-2.7"), "{stdout}");
    let (r, _) = load(
        &dir,
        "l311",
        &[
            "--runtime",
            "cpython-3.11",
            "--switch-intervals",
            "1ms,500us",
        ],
    );
    assert_eq!(
        load_points(&r),
        [("newgil".into(), 1_000_000), ("newgil".into(), 500_000)]
    );
    // The same policy and interval without the preset: gilsim's speed,
    // not 2.7's, in the calibration of the CPU loop.
    let (plain, _) = load(
        &dir,
        "lplain",
        &[
            "--policies",
            "ticks(check=450)",
            "--switch-intervals",
            "5ms",
        ],
    );
    assert!(plain.get("runtime").is_none());
    assert_eq!(load_points(&plain), load_points(&r27));
    assert_ne!(plain["iter_ns"], r27["iter_ns"], "2.7's speed");

    // ccbench: the same, one switch interval.
    let out = dir.path("cc");
    let o = expect(
        &[
            "experiment",
            "ccbench",
            "--engine",
            "virtual",
            "--cores",
            "2",
            "--runtime",
            "cpython-3.12",
            "--switch-interval",
            "1ms",
            "--ms",
            "1",
            "-o",
            arg(&out),
        ],
        0,
    );
    assert!(o.stdout.contains("runtime cpython-3.12"), "{}", o.stdout);
    let r = read_json(&out.with_extension("json"));
    assert_eq!(r["runtime"], "cpython-3.12");
    assert_eq!(r["switch_interval_ns"], 1_000_000);
    let policies: Vec<&str> = r["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["policy"].as_str().unwrap())
        .collect();
    assert_eq!(policies, ["newgil"]);
}

#[test]
fn a_runtime_beside_flags_is_refused_as_run_refuses_it() {
    let program = repo_path("programs/countdown.pyasm");
    let run = |flags: &[&str]| -> String {
        let mut a = vec!["run", arg(&program), "--arg", "10", "--engine", "virtual"];
        a.extend(flags);
        expect(&a, 64).stderr
    };
    for cmd in [
        vec!["experiment", "convoy"],
        vec!["experiment", "ccbench"],
        vec!["experiment", "load"],
    ] {
        // The same messages as run's, from the same check.
        let list_flag = if cmd[1] == "ccbench" {
            "--switch-interval"
        } else {
            "--switch-intervals"
        };
        for (flags, run_flags) in [
            (
                vec!["--runtime", "ruby-3.3", list_flag, "1ms"],
                vec!["--runtime", "ruby-3.3", "--switch-interval", "1ms"],
            ),
            (
                vec!["--runtime", "cpython-3.11", "--policies", "fifo"],
                vec!["--runtime", "cpython-3.11", "--policy", "fifo"],
            ),
            (
                vec!["--runtime", "cpython-2.7", "--policy", "newgil"],
                vec!["--runtime", "cpython-2.7", "--policy", "newgil"],
            ),
            (vec!["--runtime", "jython"], vec!["--runtime", "jython"]),
        ] {
            let e = refused(&cat(&cmd, &flags), 64, &["runtime"]);
            assert_eq!(e, run(&run_flags), "{cmd:?} {flags:?}");
        }
        // No GIL, nothing for the experiment to measure.
        refused(
            &cat(&cmd, &["--runtime", "cpython-3.13t"]),
            64,
            &[
                "--runtime cpython-3.13t runs in free mode",
                cmd[1],
                "gilsim sweep --runtimes",
            ],
        );
        // A preset's interval may be overridden, its policy taken as is.
        accepted(&cat(&cmd, &["--runtime", "cpython-3.13", list_flag, "2ms"]));
        accepted(&cat(&cmd, &["--runtime", "ocaml-4.14"]));
    }
    // report sweeps presets as sweep does: the flag checked before the work.
    refused(
        &["report", "--runtime", "jython"],
        64,
        &["--runtimes: unknown runtime 'jython'"],
    );
    accepted(&[
        "report",
        "--engine",
        "virtual",
        "--runtimes",
        "cpython-2.7,ruby-3.3,cpython-3.13t",
    ]);
    accepted(&["report", "--engine", "virtual", "--runtime", "ocaml-4.14"]);
}

#[test]
fn a_sweep_over_a_runtime_runs_as_run_does_costs_included() {
    let dir = TempDir::new("cli-consistency-sweep-costs");
    let program = repo_path("programs/countdown.pyasm");
    let workload = format!("cpu={}:%20000", program.display());
    for runtime in ["cpython-2.7", "cpython-3.11"] {
        let out = dir.path(&runtime.replace('.', "_"));
        expect(
            &[
                "sweep",
                "--engine",
                "virtual",
                "--cores",
                "2",
                "--workload",
                &workload,
                "--runtimes",
                runtime,
                "--threads",
                "2",
                "--scaling",
                "strong",
                "-o",
                arg(&out),
            ],
            0,
        );
        let r = read_json(&out.with_extension("json"));
        assert_eq!(r["header"]["runtimes"], serde_json::json!([runtime]));
        let sweep_wall = r["cells"][0]["wall_ns"]["mean"].as_f64().unwrap();
        let o = expect(
            &[
                "run",
                arg(&program),
                "--arg",
                "10000",
                "--threads",
                "2",
                "--runtime",
                runtime,
                "--engine",
                "virtual",
                "--cores",
                "2",
                "--format",
                "json",
            ],
            0,
        );
        let report: Json = serde_json::from_str(&o.stderr).unwrap();
        assert_eq!(
            sweep_wall,
            report["wall_ns"].as_f64().unwrap(),
            "{runtime}: the sweep's run and run's differ"
        );
    }
}
