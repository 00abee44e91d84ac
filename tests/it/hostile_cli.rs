//! The `gilsim` binary against a hostile user: standard output closed
//! under it or full, standard error full, output paths that cannot be
//! written, degenerate numbers for every numeric flag. Never a panic
//! (exit 101), never a hang, always a documented exit code.
//!
//! Every child is waited for with a generous deadline and killed after it;
//! its output goes to files in a temporary directory removed at the end,
//! so a child that writes a lot can never block on a full pipe.

use crate::common::{self, gilsim_cmd as gilsim, wait_within, Out, TempDir};
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Long enough for any of these commands on a loaded machine; a child
/// still running after it is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

/// The exit codes README documents.
const DOCUMENTED: [i32; 10] = [0, 2, 64, 65, 66, 70, 73, 74, 79, 124];

/// An output prefix in a directory that cannot exist.
const NO_DIR: &str = "/proc/gilsim-no-such-dir/out";

/// Waits for `child`, killing it (and failing) after [`DEADLINE`].
fn wait(child: &mut Child, what: &str) -> ExitStatus {
    wait_within(child, DEADLINE, || {
        format!("`{what}` still ran after {DEADLINE:?}: killed")
    })
}

/// Runs `gilsim ARGS` with stdout and stderr going to files in `dir`.
fn run_in(dir: &TempDir, args: &[&str]) -> Out {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let (out, err) = (dir.path(&format!("{n}.out")), dir.path(&format!("{n}.err")));
    let mut child = gilsim()
        .args(args)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("gilsim starts");
    let status = wait(&mut child, &args.join(" "));
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let done = Out {
        code: status.code(),
        stdout: read(&out),
        stderr: read(&err),
    };
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&err);
    done
}

/// Asserts no panic and a documented exit code; returns the code.
fn assert_sane(d: &Out, what: &str) -> i32 {
    common::assert_sane(d, &DOCUMENTED, what)
}

/// `/dev/full` opened for writing, or None where there is none.
fn dev_full() -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()
}

/// A program that prints `n` lines, then divides by zero if `fail`.
const PRINTER: &str = "
.func main(n, fail)
loop:
    LOAD_FAST n
    LOAD_CONST 0
    COMPARE_OP >
    POP_JUMP_IF_FALSE done
    LOAD_CONST \"line\"
    LOAD_FAST n
    PRINT 2
    LOAD_FAST n
    LOAD_CONST 1
    BINARY_OP -=
    STORE_FAST n
    JUMP_BACKWARD loop
done:
    LOAD_FAST fail
    POP_JUMP_IF_FALSE ok
    LOAD_CONST 1
    LOAD_CONST 0
    BINARY_OP //
    RETURN_VALUE
ok:
    LOAD_CONST None
    RETURN_VALUE
.end
";

/// A program whose disassembly is about 1.5 MB: far more than a pipe holds.
fn big_program() -> String {
    let mut s = String::from(".func main()\n");
    for _ in 0..40_000 {
        s.push_str("    LOAD_CONST 1\n    POP_TOP\n");
    }
    s.push_str("    LOAD_CONST None\n    RETURN_VALUE\n.end\n");
    s
}

/// Spawns `gilsim ARGS` with its stdout a pipe whose reader is gone before
/// the child writes much: any output beyond what the pipe holds meets
/// EPIPE. Stderr goes to `err`.
fn spawn_with_closed_stdout(args: &[&str], err: &Path) -> Child {
    let mut child = gilsim()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(err).unwrap())
        .spawn()
        .expect("gilsim starts");
    drop(child.stdout.take());
    child
}

// ---------------------------------------------------------------- A: stdout

#[test]
fn a_closed_pipe_ends_check_and_dis_quietly_with_their_exit_code() {
    let dir = TempDir::new("hostile-cli-epipe");
    let big = dir.write("big.pyasm", big_program());
    let err = dir.path("err");
    // `check` of many files: ~250 KB of lines, one write each.
    let mut files: Vec<String> = Vec::new();
    while files.len() < 5000 {
        files.push("programs/fib.pyasm".into());
        files.push("programs/convoy.pyasm".into());
    }
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let mut child = spawn_with_closed_stdout(&args, &err);
    let status = wait(&mut child, "check ... | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
    // `dis` of a big program: one large write.
    let mut child = spawn_with_closed_stdout(&["dis", big.to_str().unwrap()], &err);
    let status = wait(&mut child, "dis big | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not an error: {stderr}");
    // An error after the pipe closed keeps its own exit code.
    let mut child =
        spawn_with_closed_stdout(&["check", "programs/fib.pyasm", "no/such.pyasm"], &err);
    let status = wait(&mut child, "check missing | (closed)");
    assert_eq!(status.code(), Some(66));
}

#[test]
fn a_closed_pipe_lets_a_run_go_on_to_its_end() {
    let dir = TempDir::new("hostile-cli-epipe-run");
    let printer = dir.write("printer.pyasm", PRINTER);
    let p = printer.to_str().unwrap();
    let err = dir.path("err");
    let report = dir.path("report.json");
    // 100k lines, then a division by zero: 70 proves the run reached it.
    let mut child = spawn_with_closed_stdout(
        &[
            "run", p, "--arg", "100000", "--arg", "True", "--format", "none",
        ],
        &err,
    );
    let status = wait(&mut child, "run printer | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(70), "{stderr}");
    assert!(stderr.contains("ZeroDivisionError"), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Without the error: exit 0, and the report shows every line printed.
    let mut child = spawn_with_closed_stdout(
        &[
            "run",
            p,
            "--arg",
            "100000",
            "--arg",
            "False",
            "--format",
            "json",
            "--report",
            report.to_str().unwrap(),
        ],
        &err,
    );
    let status = wait(&mut child, "run printer | (closed)");
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["end"], "ok");
    // 12 instructions per line printed.
    let instructions = v["threads"][0]["instructions"].as_u64().unwrap();
    assert!(instructions > 100_000 * 9, "{instructions}");
}

#[test]
fn stdout_and_stderr_in_one_pipe_closed_after_a_line() {
    // `gilsim run ... 2>&1 | head -1`
    let dir = TempDir::new("hostile-cli-head");
    let printer = dir.write("printer.pyasm", PRINTER);
    let (reader, writer) = std::io::pipe().unwrap();
    let mut cmd = gilsim();
    cmd.args([
        "run",
        printer.to_str().unwrap(),
        "--arg",
        "100000",
        "--arg",
        "True",
    ])
    .stdout(writer.try_clone().unwrap())
    .stderr(writer);
    let mut child = cmd.spawn().expect("gilsim starts");
    drop(cmd); // the parent's copies of the writing end
    let mut first = String::new();
    std::io::BufReader::new(reader)
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "line 100000\n");
    // The reader is gone now; 1 MB of lines follow, then the traceback
    // and the report, all into a closed pipe.
    let status = wait(&mut child, "run printer 2>&1 | head -1");
    assert_eq!(status.code(), Some(70));
}

#[test]
fn a_full_stdout_is_exit_74_with_a_message() {
    if dev_full().is_none() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let dir = TempDir::new("hostile-cli-full");
    let full = |args: &[&str]| -> (Option<i32>, String) {
        let err = dir.path("err");
        let mut child = gilsim()
            .args(args)
            .stdout(dev_full().unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        let status = wait(&mut child, &args.join(" "));
        (status.code(), std::fs::read_to_string(&err).unwrap())
    };
    let msg = "gilsim: cannot write to standard output: ";
    for args in [
        &["dis", "programs/fib.pyasm"][..],
        &["check", "programs/fib.pyasm", "programs/convoy.pyasm"],
        &["run", "programs/fib.pyasm", "--arg", "10"],
        &["--help"],
        &["--version"],
    ] {
        let (code, stderr) = full(args);
        assert_eq!(code, Some(74), "{args:?}: {stderr}");
        assert_eq!(stderr.matches(msg).count(), 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // The run still reports on stderr.
    let (_, stderr) = full(&["run", "programs/fib.pyasm", "--arg", "10"]);
    assert!(stderr.contains("mode gil"), "{stderr}");
    // A runtime error's 70 and a timeout's 124 come before 74.
    let (code, stderr) = full(&["run", "tests/golden/zero_division.pyasm"]);
    assert_eq!(code, Some(70), "{stderr}");
    assert!(
        stderr.contains("ZeroDivisionError") && stderr.contains(msg),
        "{stderr}"
    );
    let printer = dir.write("printer.pyasm", PRINTER);
    let (code, stderr) = full(&[
        "run",
        printer.to_str().unwrap(),
        "--arg",
        "1000000000000",
        "--arg",
        "False",
        "--engine",
        "virtual",
        "--timeout",
        "1ms",
    ]);
    assert_eq!(code, Some(124), "{stderr}");
    assert!(stderr.contains(msg), "{stderr}");
    // An error of the command itself keeps its code.
    let (code, stderr) = full(&["check", "programs/fib.pyasm", "no/such.pyasm"]);
    assert_eq!(code, Some(66), "{stderr}");
}

#[test]
fn a_full_stderr_changes_no_exit_code() {
    if dev_full().is_none() {
        eprintln!("no /dev/full here: skipped");
        return;
    }
    let dir = TempDir::new("hostile-cli-full-err");
    let cases: [(&[&str], i32); 5] = [
        (&["run", "tests/golden/zero_division.pyasm"], 70),
        (&["run", "programs/fib.pyasm", "--arg", "5"], 0),
        (&["run", "programs/fib.pyasm"], 64),
        (&["run", "no/such.pyasm"], 66),
        (&["run", "programs/fib.pyasm", "--threads", "x"], 2),
    ];
    for (args, expected) in cases {
        let out = dir.path("out");
        let mut child = gilsim()
            .args(args)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(dev_full().unwrap())
            .spawn()
            .unwrap();
        let status = wait(&mut child, &args.join(" "));
        assert_eq!(status.code(), Some(expected), "{args:?}");
        if expected == 70 {
            // Program output is unharmed.
            assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");
        }
    }
}

// ------------------------------------------------- B: output paths up front

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

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
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

// ------------------------------------------------- C: degenerate parameters

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

// ------------------------------------------------------ D: a numeric fuzz

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
