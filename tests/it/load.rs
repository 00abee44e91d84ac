//! `gilsim experiment load` through the binary, on the virtual engine with
//! small sizes: determinism, throughput against offered load, latency
//! against load, the CSV's columns, the other servers and loops, the real
//! engine (no timing asserted there), and usage errors.

use crate::common::{arg, assert_sane, gilsim_within, Out, TempDir};
use serde_json::Value;
use std::time::Duration;

/// Small requests: 10% of them 1 ms of CPU, the rest 50 us, then 1 ms of
/// IO; 16 workers.
const SMALL: [&str; 8] = [
    "--cpu",
    "bimodal:0.9:50us:1ms",
    "--io",
    "1ms",
    "--workers",
    "16",
    "--switch-intervals",
    "1ms",
];

fn load(dir: &TempDir, name: &str, extra: &[&str]) -> (Out, Value) {
    let prefix = dir.path(name);
    let mut args = vec![
        "experiment",
        "load",
        "--engine",
        "virtual",
        "-o",
        arg(&prefix),
    ];
    args.extend(SMALL);
    args.extend(extra);
    let o = gilsim_within(&args, Duration::from_secs(120));
    assert_eq!(assert_sane(&o, &[0], "experiment load"), 0, "{}", o.show());
    let json = std::fs::read_to_string(prefix.with_extension("json")).unwrap();
    (o, serde_json::from_str(&json).unwrap())
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[test]
fn the_same_seed_gives_byte_identical_json_and_another_seed_does_not() {
    let dir = TempDir::new("load-det");
    let args = [
        "--policies",
        "newgil,io-priority",
        "--loads",
        "50%",
        "--requests",
        "120",
        "--seeds",
        "4,6",
    ];
    // Runs in parallel or one at a time: the same bytes.
    load(&dir, "a", &[&args[..], &["--jobs", "2"]].concat());
    load(&dir, "b", &[&args[..], &["--jobs", "1"]].concat());
    let read = |n: &str| std::fs::read(dir.path(n)).unwrap();
    assert_eq!(read("a.json"), read("b.json"));
    assert_eq!(read("a.csv"), read("b.csv"));
    let mut other = args;
    other[7] = "5,7";
    let (_, c) = load(&dir, "c", &other);
    let a: Value = serde_json::from_slice(&read("a.json")).unwrap();
    assert_ne!(a["runs"][0]["p50_ns"], c["runs"][0]["p50_ns"]);
    assert_ne!(
        a["runs"][0]["throughput_rps"],
        c["runs"][0]["throughput_rps"]
    );
}

#[test]
fn throughput_follows_the_offered_load_and_latency_grows_with_it() {
    let dir = TempDir::new("load-curve");
    let (o, r) = load(
        &dir,
        "curve",
        &[
            "--policies",
            "newgil",
            "--loads",
            "20%,50%,95%",
            "--requests",
            "300",
            "--seeds",
            "1..2",
        ],
    );
    assert!(o.stdout.contains("p99 ms"), "{}", o.stdout);
    let points = r["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(r["runs"].as_array().unwrap().len(), 6);
    // Below saturation the server keeps up: each run's throughput is its
    // offered load within 12% (the realised Poisson rate of 300 arrivals
    // varies by a few percent; the virtual engine is exact, so this is no
    // flaky timing assertion).
    for run in r["runs"].as_array().unwrap() {
        let (offered, got) = (f(&run["offered_rps"]), f(&run["throughput_rps"]));
        if f(&run["offered_util"]) < 0.7 {
            assert!(
                (got - offered).abs() / offered < 0.12,
                "offered {offered}, served {got}"
            );
        }
        assert!(run["p50_ns"].as_u64() <= run["p99_ns"].as_u64());
    }
    let p = |i: usize, fig: &str| f(&points[i][fig]["mean"]);
    assert!(p(2, "p99_ns") > p(0, "p99_ns"), "p99 at 95% vs 20%");
    assert!(p(2, "mean_ns") > p(0, "mean_ns"));
    assert!(p(2, "short_p99_ns") > p(0, "short_p99_ns"));
    // Every latency includes the request's 1 ms of IO.
    assert!(p(0, "p50_ns") >= 1e6);
    let s = &points[0]["throughput_rps"];
    assert!(f(&s["ci_lo"]) <= f(&s["mean"]) && f(&s["mean"]) <= f(&s["ci_hi"]));
    assert_eq!(s["n"], 2);
    for ext in ["svg", "png"] {
        assert!(
            std::fs::metadata(dir.path(&format!("curve.{ext}")))
                .unwrap()
                .len()
                > 1000
        );
    }
}

#[test]
fn the_csvs_have_every_parameter_as_a_column() {
    let dir = TempDir::new("load-csv");
    load(
        &dir,
        "t",
        &[
            "--policies",
            "newgil,io-priority",
            "--loads",
            "300",
            "--requests",
            "60",
            "--seeds",
            "1,2",
        ],
    );
    let runs = std::fs::read_to_string(dir.path("t.csv")).unwrap();
    let mut lines = runs.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "engine",
        "cores",
        "server",
        "loop",
        "workers",
        "cpu",
        "io",
        "think",
        "requests",
        "duration_ns",
        "iter_ns",
        "capacity_rps",
        "policy",
        "switch_interval_ns",
        "offered_rps",
        "offered_util",
        "clients",
        "seed",
        "throughput_rps",
        "p50_ns",
        "p99_ns",
        "p999_ns",
        "short_p99_ns",
    ] {
        assert!(header.contains(&col), "runs CSV lacks {col}: {header:?}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "2 policies x 1 load x 2 seeds");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    assert_eq!(rows[0][col("cpu")], "bimodal:0.9:50us:1ms");
    assert_eq!(rows[0][col("io")], "fixed:1ms");
    assert_eq!(rows[0][col("offered_rps")], "300");
    assert_eq!(rows[1][col("seed")], "2");
    assert_eq!(rows[3][col("policy")], "io-priority");
    let summary = std::fs::read_to_string(dir.path("t.summary.csv")).unwrap();
    let sh: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
    for col in [
        "policy",
        "seeds",
        "p99_ns_mean",
        "p99_ns_ci_lo",
        "p99_ns_ci_hi",
        "throughput_rps_sd",
    ] {
        assert!(sh.contains(&col), "summary CSV lacks {col}");
    }
    assert_eq!(summary.lines().count(), 3);

    // --replot redraws the chart from the JSON without running.
    let json = dir.path("t.json");
    let again = dir.path("again");
    let o = gilsim_within(
        &[
            "experiment",
            "load",
            "--replot",
            arg(&json),
            "-o",
            arg(&again),
        ],
        Duration::from_secs(30),
    );
    assert_eq!(assert_sane(&o, &[0], "--replot"), 0, "{}", o.show());
    assert!(o.stdout.contains("p99 ms"));
    assert!(again.with_extension("png").exists() && !again.with_extension("json").exists());
    // A damaged file is refused (65) with what is wrong.
    let text = std::fs::read_to_string(&json).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["points"][0]["p99_ns"]["mean"] = serde_json::json!(-1.0);
    for (name, body, says) in [
        ("neg.json", v.to_string(), "p99_ns.mean"),
        (
            "empty.json",
            text.replace("\"points\": [", "\"points\": [], \"x\": ["),
            "0 points",
        ),
        ("junk.json", "{".to_string(), "not gilsim load results"),
    ] {
        let bad = dir.write(name, body);
        let o = gilsim_within(
            &[
                "experiment",
                "load",
                "--replot",
                arg(&bad),
                "-o",
                arg(&again),
            ],
            Duration::from_secs(30),
        );
        assert_sane(&o, &[65], name);
        assert!(o.stderr.contains(says), "{name}: {}", o.show());
    }
}

#[test]
fn closed_loops_asyncio_and_processes_serve_every_request() {
    let dir = TempDir::new("load-kinds");
    let (_, r) = load(
        &dir,
        "closed",
        &[
            "--policies",
            "newgil",
            "--clients",
            "1,4",
            "--think",
            "exp:2ms",
            "--requests",
            "40",
            "--seeds",
            "1",
        ],
    );
    assert_eq!(r["loop"], "closed");
    assert_eq!(r["points"][1]["clients"], 4);
    // One client waits for each reply: one request at a time, each with
    // 1 ms of IO, so fewer than 1000 a second.
    assert!(f(&r["runs"][0]["throughput_rps"]) < 1000.0);
    for server in ["asyncio", "processes"] {
        let (_, r) = load(
            &dir,
            server,
            &[
                "--policies",
                "newgil",
                "--server",
                server,
                "--loads",
                "200",
                "--requests",
                "40",
                "--seeds",
                "1",
            ],
        );
        assert_eq!(r["server"], server);
        assert_eq!(r["runs"][0]["requests"], 40);
    }
}

#[test]
fn the_real_engine_runs_it_too() {
    // No timing is asserted on the real engine: it only has to finish.
    let dir = TempDir::new("load-real");
    let prefix = dir.path("real");
    let mut args = vec![
        "experiment",
        "load",
        "-o",
        arg(&prefix),
        "--policies",
        "newgil",
    ];
    args.extend(SMALL);
    args.extend(["--loads", "100", "--requests", "20", "--seeds", "1"]);
    let o = gilsim_within(&args, Duration::from_secs(120));
    assert_eq!(
        assert_sane(&o, &[0], "experiment load (real)"),
        0,
        "{}",
        o.show()
    );
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(prefix.with_extension("json")).unwrap())
            .unwrap();
    assert_eq!(r["engine"], "real");
    assert_eq!(r["runs"][0]["requests"], 20);
}

#[test]
fn bad_settings_are_usage_errors() {
    let dir = TempDir::new("load-bad");
    let out = dir.path("bad");
    for (extra, says) in [
        (&["--cpu", "gauss:1ms"][..], "--cpu"),
        (&["--io", "exp:-1ms"], "--io"),
        (
            &["--think", "bimodal:2:1ms:1ms", "--clients", "2"],
            "--think",
        ),
        (&["--workers", "0"], "--workers"),
        (&["--loads", "0"], "above 0"),
        (&["--loads", "-5%"], "above 0"),
        (&["--loads", "fast"], "not a load"),
        (&["--loads", "nan"], "finite"),
        (&["--seeds", "5..1"], "--seeds"),
        (&["--seeds", "1,1"], "twice"),
        (&["--requests", "0"], "at least one request"),
        (&["--requests", "4000000000"], "at most 1000000"),
        (&["--cpu", "10s", "--requests", "1000"], "s of CPU work"),
        (&["--loads", "0.0001"], "span"),
        (&["--switch-intervals", "0"], "--switch-intervals"),
        (&["--policies", "nope"], "--policies"),
        (&["--seed", "3"], "--seeds"),
        (&["--clients", "0"], "--clients"),
        (&["--clients", "50", "--requests", "10"], "every client"),
        (&["--duration", "1s", "--clients", "2"], "closed loop"),
        (&["--duration", "0"], "--duration"),
        (&["--jobs", "0"], "--jobs"),
    ] {
        let mut args = vec!["experiment", "load", "--engine", "virtual", "-o", arg(&out)];
        args.extend(extra);
        let o = gilsim_within(&args, Duration::from_secs(30));
        assert_sane(&o, &[64], &format!("{extra:?}"));
        assert!(o.stderr.contains(says), "{extra:?}: {}", o.show());
        assert!(!dir.path("bad.json").exists());
    }
    // Real-engine runs one at a time.
    let o = gilsim_within(
        &["experiment", "load", "--jobs", "2", "-o", arg(&out)],
        Duration::from_secs(30),
    );
    assert_sane(&o, &[64], "--jobs 2 on the real engine");
}
