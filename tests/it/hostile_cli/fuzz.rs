//! A numeric fuzz: hostile values for every numeric flag of each command.

use super::*;

/// Values a hostile user types for a number.
const HOSTILE: [&str; 13] = [
    "0",
    "-1",
    "1",
    "1e309",
    "NaN",
    "inf",
    "18446744073709551616",
    "4294967295",
    "",
    " 5",
    "5 ms",
    "0.5",
    "1ms",
];

/// Runs `base` plus `--flag=value` for each flag and hostile value,
/// checking every outcome; returns how many were accepted (exit 0).
fn fuzz(dir: &TempDir, base: &[&str], flags: &[&str]) -> usize {
    let mut accepted = 0;
    for flag in flags {
        for v in HOSTILE {
            let arg = format!("{flag}={v}");
            let mut a = base.to_vec();
            a.push(&arg);
            let what = a.join(" ");
            let d = run_in(dir, &a);
            let code = assert_sane(&d, &what);
            if code == 2 || code == 64 {
                assert!(
                    d.stderr.contains(flag.trim_start_matches('-')),
                    "`{what}`: the message should name {flag}\n{}",
                    d.show_cut(2000)
                );
            }
            if code == 0 {
                accepted += 1;
            }
        }
    }
    accepted
}

#[test]
fn fuzz_run_flags() {
    let dir = TempDir::new("hostile-cli-fuzz-run");
    let base = [
        "run",
        "programs/countdown.pyasm",
        "--arg",
        "1000",
        "--threads",
        "2",
        "--format",
        "none",
    ];
    let n = fuzz(
        &dir,
        &base,
        &[
            "--threads",
            "--switch-interval",
            "--timeout",
            "--max-threads",
            "--recursion-limit",
        ],
    );
    assert!(n > 0);
    let mut ticks = base.to_vec();
    ticks.extend(["--policy", "ticks"]);
    fuzz(&dir, &ticks, &["--check-interval"]);
    let mut virt = base.to_vec();
    virt.extend(["--engine", "virtual"]);
    fuzz(
        &dir,
        &virt,
        &["--cores", "--seed", "--switch-interval", "--timeout"],
    );
}

#[test]
fn fuzz_sweep_flags() {
    let dir = TempDir::new("hostile-cli-fuzz-sweep");
    let out = dir.path("s");
    let base = [
        "sweep",
        "--workload",
        "cpu=programs/countdown.pyasm:%1000",
        "--threads",
        "1,2",
        "--reps",
        "1",
        "--modes",
        "gil",
        "--engine",
        "virtual",
        "-o",
        out.to_str().unwrap(),
    ];
    let n = fuzz(
        &dir,
        &base,
        &[
            "--threads",
            "--reps",
            "--switch-interval",
            "--cores",
            "--seed",
        ],
    );
    assert!(n > 0);
}

/// Commands whose valid runs take minutes: the unwritable output prefix
/// stops a valid command line right after its flags are checked (73),
/// before the work.
#[test]
fn fuzz_experiment_and_report_flags() {
    let dir = TempDir::new("hostile-cli-fuzz-exp");
    let virt = ["--engine", "virtual", "-o", NO_DIR];
    let convoy: Vec<&str> = ["experiment", "convoy", "--policies", "newgil"]
        .into_iter()
        .chain(virt)
        .collect();
    fuzz(&dir, &convoy, &["--intervals", "--cores", "--seed"]);
    let ccbench: Vec<&str> = ["experiment", "ccbench", "--policies", "newgil"]
        .into_iter()
        .chain(virt)
        .collect();
    fuzz(
        &dir,
        &ccbench,
        &["--ms", "--switch-interval", "--cores", "--seed"],
    );
    let report: Vec<&str> = ["report"].into_iter().chain(virt).collect();
    fuzz(&dir, &report, &["--reps", "--cores", "--seed"]);
}

#[test]
fn fuzz_plot_timeline_flags() {
    let dir = TempDir::new("hostile-cli-fuzz-plot");
    let trace = dir.path("trace.json");
    let t = trace.to_str().unwrap();
    let d = run_in(
        &dir,
        &[
            "run",
            "programs/countdown.pyasm",
            "--arg",
            "1000",
            "--threads",
            "2",
            "--format",
            "none",
            "--trace",
            t,
        ],
    );
    assert_eq!(d.code, Some(0), "{}", d.show_cut(2000));
    let svg = dir.path("t.svg");
    fuzz(
        &dir,
        &["plot", "timeline", t, "-o", svg.to_str().unwrap()],
        &["--from-ms", "--to-ms"],
    );
}
