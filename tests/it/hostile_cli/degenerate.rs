//! Degenerate numbers: a zero switch interval, non-finite or inverted
//! windows and the like are refused with the flag named.

use super::*;

/// Asserts `gilsim ARGS` is refused with exit `code`, naming `flag` and
/// saying `why`.
fn refused(dir: &TempDir, a: &[&str], code: i32, flag: &str, why: &str) {
    let d = run_in(dir, a);
    assert_eq!(d.code, Some(code), "{a:?}\n{}", d.show_cut(2000));
    assert!(
        d.stderr.contains(flag) && d.stderr.contains(why),
        "{a:?}: the message should name {flag} and say {why:?}\n{}",
        d.show_cut(2000)
    );
}

#[test]
fn a_zero_switch_interval_is_refused_everywhere_like_cpython() {
    let dir = TempDir::new("hostile-cli-switch");
    let why = "strictly positive";
    for zero in ["0", "0ms", "0.0000000001", "-0"] {
        // `--flag=VALUE`: a separate "-0" would be taken for a flag.
        let flag = format!("--switch-interval={zero}");
        refused(
            &dir,
            &["run", "programs/fib.pyasm", "--arg", "3", &flag],
            2,
            "--switch-interval",
            why,
        );
        refused(
            &dir,
            &["sweep", &flag, "-o", NO_DIR],
            2,
            "--switch-interval",
            why,
        );
        refused(
            &dir,
            &["experiment", "ccbench", &flag, "-o", NO_DIR],
            2,
            "--switch-interval",
            why,
        );
        refused(
            &dir,
            &[
                "experiment",
                "convoy",
                "--intervals",
                &format!("1ms,{zero}"),
                "-o",
                NO_DIR,
            ],
            2,
            "--intervals",
            why,
        );
    }
    let run = |v: &str| -> Vec<String> {
        let flag = format!("--switch-interval={v}");
        args(&["run", "programs/fib.pyasm", "--arg", "3", &flag])
    };
    for (v, why) in [
        ("NaN", "not a duration"),
        ("inf", "not a duration"),
        ("1e309", "finite"),
        ("-1ms", "finite number >= 0"),
        ("3601s", "at most 1 hour"),
        ("18446744073709551616", "too long"),
        ("", "not a duration"),
        ("5 parsecs", "unknown unit"),
    ] {
        let a = run(v);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(&dir, &a, 2, "--switch-interval", why);
    }
    // The limits themselves are accepted.
    for v in ["1ns", "3600s", " 5 ms "] {
        let a = run(v);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let d = run_in(&dir, &a);
        assert_eq!(d.code, Some(0), "{v:?}\n{}", d.show_cut(2000));
    }
}

#[test]
fn degenerate_numbers_are_refused_with_the_flag_named() {
    let dir = TempDir::new("hostile-cli-numbers");
    let fib = ["run", "programs/fib.pyasm", "--arg", "3"];
    let with = |extra: &[&str]| -> Vec<String> {
        fib.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let cases: Vec<(Vec<String>, i32, &str, &str)> = vec![
        // ccbench --ms 0 printed NaN% and wrote nulls.
        (
            args(&["experiment", "ccbench", "--ms", "0", "-o", NO_DIR]),
            2,
            "--ms",
            "1..=",
        ),
        (
            args(&["experiment", "ccbench", "--ms", "3600001", "-o", NO_DIR]),
            2,
            "--ms",
            "1..=",
        ),
        (with(&["--timeout", "0"]), 2, "--timeout", "longer than 0"),
        (
            with(&["--timeout", "NaN"]),
            2,
            "--timeout",
            "not a duration",
        ),
        (with(&["--timeout", "1e10"]), 2, "--timeout", "too long"),
        (
            with(&["--cores", "0", "--engine", "virtual"]),
            2,
            "--cores",
            "0",
        ),
        (with(&["--max-threads", "0"]), 2, "--max-threads", "0"),
        (
            with(&["--recursion-limit", "0"]),
            2,
            "--recursion-limit",
            "0",
        ),
        (
            with(&["--check-interval", "0", "--policy", "ticks"]),
            2,
            "--check-interval",
            "0",
        ),
        (
            with(&["--threads", "0"]),
            64,
            "--threads",
            "between 1 and --max-threads",
        ),
        (
            args(&["sweep", "--reps", "0", "-o", NO_DIR]),
            2,
            "--reps",
            "1..=1000",
        ),
        (
            args(&["sweep", "--threads", "0", "-o", NO_DIR]),
            2,
            "--threads",
            "1..=",
        ),
        (
            args(&["report", "--reps", "0", "-o", NO_DIR]),
            2,
            "--reps",
            "1..=1000",
        ),
        (
            args(&["report", "--reps", "1001", "-o", NO_DIR]),
            2,
            "--reps",
            "1..=1000",
        ),
    ];
    for (a, code, flag, why) in cases {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        refused(&dir, &a, code, flag, why);
    }
}

#[test]
fn a_timeline_window_must_be_finite_and_in_order() {
    let dir = TempDir::new("hostile-cli-window");
    let trace = dir.path("trace.json");
    let t = trace.to_str().unwrap();
    let d = run_in(
        &dir,
        &[
            "run",
            "programs/fib.pyasm",
            "--arg",
            "5",
            "--format",
            "none",
            "--trace",
            t,
        ],
    );
    assert_eq!(d.code, Some(0), "{}", d.show_cut(2000));
    let svg = dir.path("t.svg");
    let s = svg.to_str().unwrap();
    // `--to-ms inf` drew forever.
    for (flag, v) in [
        ("--to-ms", "inf"),
        ("--to-ms", "NaN"),
        ("--from-ms", "1e309"),
        ("--from-ms", "-1"),
        ("--to-ms", ""),
    ] {
        let arg = format!("{flag}={v}");
        refused(&dir, &["plot", "timeline", t, "-o", s, &arg], 2, flag, "");
    }
    refused(
        &dir,
        &[
            "plot",
            "timeline",
            t,
            "-o",
            s,
            "--from-ms",
            "3",
            "--to-ms",
            "3",
        ],
        64,
        "--to-ms",
        "must be after --from-ms",
    );
}
