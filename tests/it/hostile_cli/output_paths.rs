//! Output paths that cannot be written are refused before the work, and
//! leave no file behind.

use super::*;

#[test]
fn output_paths_are_checked_before_the_work() {
    let dir = TempDir::new("hostile-cli-outputs");
    let bad_json = format!("{NO_DIR}.json");
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            args(&[
                "run",
                "programs/fib.pyasm",
                "--arg",
                "10",
                "--report",
                NO_DIR,
            ]),
            NO_DIR.to_string(),
        ),
        (
            args(&[
                "run",
                "programs/fib.pyasm",
                "--arg",
                "10",
                "--trace",
                NO_DIR,
            ]),
            NO_DIR.to_string(),
        ),
        // A runtime error would come after the run: the file comes first.
        (
            args(&[
                "run",
                "tests/golden/zero_division.pyasm",
                "--report",
                NO_DIR,
            ]),
            NO_DIR.to_string(),
        ),
        // The default sweep, convoy and report take minutes: only an
        // early check ends them within the deadline.
        (args(&["sweep", "-o", NO_DIR]), bad_json.clone()),
        (
            args(&["experiment", "convoy", "-o", NO_DIR]),
            bad_json.clone(),
        ),
        (
            args(&["experiment", "ccbench", "-o", NO_DIR]),
            bad_json.clone(),
        ),
        (args(&["report", "-o", NO_DIR]), NO_DIR.to_string()),
        (args(&["calibrate", "-o", NO_DIR]), NO_DIR.to_string()),
    ];
    for (argv, path) in cases {
        let a: Vec<&str> = argv.iter().map(String::as_str).collect();
        let d = run_in(&dir, &a);
        assert_eq!(d.code, Some(73), "{a:?}\n{}", d.show_cut(2000));
        assert!(
            d.stderr.contains(&format!("cannot write {path}")),
            "{a:?}\n{}",
            d.show_cut(2000)
        );
        assert!(
            d.stdout.is_empty(),
            "{a:?} did the work:\n{}",
            d.show_cut(2000)
        );
    }
}

#[test]
fn the_early_check_leaves_no_file_behind() {
    let dir = TempDir::new("hostile-cli-probe");
    let report = dir.path("report.txt");
    let r = report.to_str().unwrap();
    // --format none writes no report: the checked file must not remain.
    let d = run_in(
        &dir,
        &[
            "run",
            "programs/fib.pyasm",
            "--arg",
            "5",
            "--format",
            "none",
            "--report",
            r,
        ],
    );
    assert_eq!(d.code, Some(0), "{}", d.show_cut(2000));
    assert!(!report.exists(), "the early check left {r} behind");
    // An existing file is not emptied by the check when the run is refused.
    std::fs::write(&report, "keep").unwrap();
    let d = run_in(&dir, &["run", "programs/fib.pyasm", "--report", r]);
    assert_eq!(d.code, Some(64), "{}", d.show_cut(2000));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep");
}

#[test]
fn a_report_failing_after_the_run_does_not_hide_its_outcome() {
    if dev_full().is_none() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let dir = TempDir::new("hostile-cli-late");
    let d = run_in(
        &dir,
        &[
            "run",
            "tests/golden/zero_division.pyasm",
            "--report",
            "/dev/full",
        ],
    );
    assert_eq!(d.code, Some(70), "{}", d.show_cut(2000));
    assert!(
        d.stderr.contains("cannot write /dev/full"),
        "{}",
        d.show_cut(2000)
    );
    let d = run_in(
        &dir,
        &[
            "run",
            "programs/fib.pyasm",
            "--arg",
            "5",
            "--report",
            "/dev/full",
        ],
    );
    assert_eq!(d.code, Some(73), "{}", d.show_cut(2000));
    assert_eq!(d.stdout, "fib( 5 ) = 5\n");
}
