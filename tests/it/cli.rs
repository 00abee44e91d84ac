//! The `gilsim` binary: exit codes, messages on stderr, tracebacks, and the
//! `dis` / `check` commands, run as a user would.

use crate::common::{gilsim_cmd, TempDir};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Output;

fn gilsim(args: &[&str]) -> Output {
    gilsim_cmd().args(args).output().expect("gilsim runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A file in a temporary directory of its own; both are removed when it
/// is dropped. It dereferences to its [`Path`].
struct TempFile {
    path: PathBuf,
    _dir: TempDir,
}

impl Deref for TempFile {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.path
    }
}

fn temp_file(name: &str, contents: &[u8]) -> TempFile {
    let dir = TempDir::new("cli");
    TempFile {
        path: dir.write(name, contents),
        _dir: dir,
    }
}

#[test]
fn run_prints_program_output_and_exits_zero() {
    let o = gilsim(&["run", "programs/fib.pyasm", "--arg", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "fib( 10 ) = 55\n");
}

#[test]
fn json_report_has_instruction_count_and_wall_time() {
    let o = gilsim(&[
        "run",
        "programs/countdown.pyasm",
        "--arg",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_str(text(&o.stderr).trim()).expect("one JSON object on stderr");
    // 9 instructions per iteration, 4 for the last test, 2 to return.
    assert_eq!(v["threads"][0]["instructions"], 100 * 9 + 4 + 2);
    assert_eq!(v["threads"][0]["returned"], "0");
    assert!(v["wall_ns"].as_u64().unwrap() > 0);
    assert_eq!(v["mode"], "gil");
    assert_eq!(v["end"], "ok");
}

#[test]
fn malformed_program_exits_65_with_position() {
    let p = temp_file("bad.pyasm", b".func main()\n    LOAD_FOO\n.end\n");
    let o = gilsim(&["run", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(65));
    let err = text(&o.stderr);
    assert!(
        err.contains("bad.pyasm:2:5: error: unknown opcode 'LOAD_FOO'"),
        "{err}"
    );
    assert!(err.contains("^^^^^^^^"), "{err}");
}

#[test]
fn missing_file_exits_66() {
    let o = gilsim(&["run", "no/such/file.pyasm"]);
    assert_eq!(o.status.code(), Some(66));
    assert!(text(&o.stderr).contains("cannot read no/such/file.pyasm"));
}

#[test]
fn runtime_error_prints_a_traceback_and_exits_70() {
    let o = gilsim(&[
        "run",
        "tests/golden/zero_division.pyasm",
        "--format",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(70));
    assert_eq!(text(&o.stdout), "before\n");
    let err = text(&o.stderr);
    let want = "Exception in thread main-0:\nTraceback (most recent call last):\n  File \"tests/golden/zero_division.pyasm\", line 17, in main (instruction 4: CALL div 2)\n    CALL div 2\n  File \"tests/golden/zero_division.pyasm\", line 8, in div (instruction 2: BINARY_OP //)\n    BINARY_OP //\nZeroDivisionError: integer division or modulo by zero\n";
    assert_eq!(err, want);
}

#[test]
fn recursion_limit_flag_is_honoured() {
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--arg",
        "10",
        "--recursion-limit",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(70));
    assert!(text(&o.stderr).contains("RecursionError: maximum recursion depth exceeded (limit 5)"));
}

#[test]
fn usage_errors_exit_64() {
    let o = gilsim(&["run", "programs/fib.pyasm"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(
        text(&o.stderr).contains("main() takes 1 positional argument but 0 were given"),
        "{}",
        text(&o.stderr)
    );
    let o = gilsim(&["run", "programs/fib.pyasm", "--entry", "nope"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(text(&o.stderr).contains("no function 'nope' to run (functions: fib, main)"));
    let o = gilsim(&["run", "programs/fib.pyasm", "--arg", "1x"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(text(&o.stderr).contains("--arg 1x: invalid number literal '1x'"));
}

#[test]
fn bad_flags_exit_2_with_clap_usage() {
    let o = gilsim(&["run", "programs/fib.pyasm", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--bogus"));
}

#[test]
fn entry_and_negative_args() {
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--entry",
        "fib",
        "--arg",
        "-3",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(text(&o.stderr).trim()).unwrap();
    assert_eq!(v["threads"][0]["returned"], "-3");
}

#[test]
fn dis_of_dis_is_identical() {
    let first = gilsim(&["dis", "programs/primes.pyasm"]);
    assert_eq!(first.status.code(), Some(0));
    let p = temp_file("primes.dis.pyasm", &first.stdout);
    let second = gilsim(&["dis", p.to_str().unwrap()]);
    assert_eq!(text(&first.stdout), text(&second.stdout));
    assert!(text(&first.stdout).contains("    BINARY_OP %"));
}

#[test]
fn check_reports_each_file() {
    let o = gilsim(&["check", "programs/countdown.pyasm", "programs/fib.pyasm"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("programs/countdown.pyasm: ok (1 functions, 11 instructions)"),
        "{out}"
    );
    assert!(out.contains("programs/fib.pyasm: ok (2 functions"));
}

#[test]
fn help_has_examples() {
    let o = gilsim(&["run", "--help"]);
    assert!(text(&o.stdout).contains("Examples:"));
}

#[test]
fn threads_flag_runs_several_harness_threads_with_a_table_by_default() {
    let o = gilsim(&["run", "programs/fib.pyasm", "--arg", "10", "--threads", "3"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o.stdout), "fib( 10 ) = 55\n".repeat(3));
    let table = text(&o.stderr);
    assert!(
        table.starts_with("mode gil | policy newgil | switch interval 5.00 ms"),
        "{table}"
    );
    for name in ["main-0", "main-1", "main-2"] {
        assert!(table.contains(name), "{table}");
    }
}

#[test]
fn printed_lines_are_never_interleaved_mid_line() {
    let src = "
.func main(n)
loop:
    LOAD_FAST n
    POP_JUMP_IF_FALSE done
    LOAD_CONST \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"
    LOAD_CONST \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"
    LOAD_FAST n
    PRINT 3
    LOAD_FAST n
    LOAD_CONST 1
    BINARY_OP -
    STORE_FAST n
    JUMP_BACKWARD loop
done:
    LOAD_CONST None
    RETURN_VALUE
.end";
    let p = temp_file("printer.pyasm", src.as_bytes());
    for mode in ["gil", "free"] {
        let o = gilsim(&[
            "run",
            p.to_str().unwrap(),
            "--arg",
            "300",
            "--threads",
            "8",
            "--mode",
            mode,
            "--switch-interval",
            "50us",
            "--format",
            "none",
        ]);
        assert_eq!(o.status.code(), Some(0));
        let out = text(&o.stdout);
        assert_eq!(out.lines().count(), 8 * 300);
        let prefix = format!("{} {} ", "a".repeat(52), "b".repeat(52));
        for line in out.lines() {
            let n = line
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("broken line {line:?}"));
            assert!(n.parse::<u32>().is_ok(), "broken line {line:?}");
        }
    }
}

#[test]
fn deadlock_exits_70_and_says_deadlock() {
    let src = ".func main()\n    NEW_LOCK\n    COPY 1\n    LOCK_ACQUIRE\n    LOCK_ACQUIRE\n    LOAD_CONST None\n    RETURN_VALUE\n.end\n";
    let p = temp_file("self_deadlock.pyasm", src.as_bytes());
    let o = gilsim(&["run", p.to_str().unwrap(), "--format", "none"]);
    assert_eq!(o.status.code(), Some(70));
    assert!(
        text(&o.stderr).contains(
            "deadlock: every live thread is blocked\n  main-0 waits for lock 0, held by main-0"
        ),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn timeout_exits_124_with_the_report_so_far() {
    let src = ".func main()\nloop:\n    JUMP_BACKWARD loop\n.end\n";
    let p = temp_file("forever.pyasm", src.as_bytes());
    let o = gilsim(&[
        "run",
        p.to_str().unwrap(),
        "--timeout",
        "150ms",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(124));
    let err = text(&o.stderr);
    let (msg, json) = err.split_once('\n').unwrap();
    assert!(
        msg.starts_with("timeout: the run was stopped after"),
        "{msg}"
    );
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["end"], "timeout");
    assert_eq!(v["threads"][0]["end"], "stopped");
    assert!(v["threads"][0]["instructions"].as_u64().unwrap() > 0);
}

#[test]
fn report_can_go_to_a_file() {
    let dir = TempDir::new("cli");
    let out = dir.join("report.json");
    let o = gilsim(&[
        "run",
        "programs/io_wait.pyasm",
        "--arg",
        "2",
        "--arg",
        "0.001",
        "--threads",
        "2",
        "--format",
        "json",
        "--report",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for field in [
        "wall_ns",
        "switches",
        "mode",
        "policy",
        "switch_interval_ns",
        "max_parallel",
        "end",
        "errors",
        "threads",
    ] {
        assert!(v.get(field).is_some(), "missing {field}");
    }
    let t = &v["threads"][0];
    for field in [
        "id",
        "name",
        "end",
        "instructions",
        "gil_acquisitions",
        "gil_wait_ns",
        "gil_wait_max_ns",
        "gil_hold_ns",
        "drop_requests",
        "voluntary_releases",
        "io_ops",
        "io_ns",
        "io_reacquire_ns",
        "forced_switch_ns",
        "native_ns",
        "returned",
    ] {
        assert!(t.get(field).is_some(), "missing threads[].{field}");
    }
    assert_eq!(t["io_ops"], 2);
    assert!(
        t["io_reacquire_ns"]["p50"].is_u64()
            && t["io_reacquire_ns"]["p99"].is_u64()
            && t["io_reacquire_ns"]["max"].is_u64()
    );
}

#[test]
fn bad_thread_flags_are_clear_errors() {
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--arg",
        "3",
        "--switch-interval",
        "5 parsecs",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("unknown unit"),
        "{}",
        text(&o.stderr)
    );
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--arg",
        "3",
        "--policy",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(64));
    assert!(text(&o.stderr).contains(
        "unknown policy 'nope' (policies: newgil, ticks, fifo, io-priority, fair-share, gvl, masterlock)"
    ));
    let o = gilsim(&["run", "programs/fib.pyasm", "--arg", "3", "--threads", "0"]);
    assert_eq!(o.status.code(), Some(64));
    let o = gilsim(&[
        "run",
        "programs/fib.pyasm",
        "--arg",
        "3",
        "--threads",
        "9",
        "--max-threads",
        "8",
    ]);
    assert_eq!(o.status.code(), Some(64));
    assert!(text(&o.stderr).contains("--threads must be between 1 and --max-threads (8), got 9"));
}

#[test]
fn plot_reports_missing_and_malformed_results() {
    let o = gilsim(&["plot", "no/such/results.json"]);
    assert_eq!(o.status.code(), Some(66));
    assert!(text(&o.stderr).contains("cannot read no/such/results.json"));
    let bad = temp_file("bad_results.json", b"{\"cells\": 3}");
    let o = gilsim(&["plot", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(65));
    assert!(
        text(&o.stderr).contains("not a gilsim sweep results file"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn sweep_rejects_bad_workloads_and_settings() {
    let o = gilsim(&["sweep", "--workload", "cpu=programs/countdown.pyasm:100"]);
    assert_eq!(o.status.code(), Some(64));
    assert!(text(&o.stderr).contains("exactly one argument must be %TOTAL"));
    let o = gilsim(&["sweep", "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = gilsim(&["sweep", "--policy", "nope"]);
    assert_eq!(o.status.code(), Some(64));
}

#[test]
fn sweep_and_plot_work_end_to_end_from_the_command_line() {
    let dir = TempDir::new("cli-sweep");
    let prefix = dir.join("tiny");
    let o = gilsim(&[
        "sweep",
        "--workload",
        "cpu=programs/countdown.pyasm:%2000",
        "--threads",
        "1,2",
        "--reps",
        "1",
        "--modes",
        "gil",
        "--scaling",
        "strong",
        "-o",
        prefix.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("cpu        strong  gil"));
    assert!(
        o.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    let o = gilsim(&[
        "plot",
        prefix.with_extension("json").to_str().unwrap(),
        "-o",
        dir.join("charts").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for f in [
        "speedup_strong.png",
        "wall_strong.svg",
        "gil_wait_strong.png",
    ] {
        assert!(dir.join("charts").join(f).exists(), "{f}");
    }
}
