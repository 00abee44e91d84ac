//! The `gilsim` binary: exit codes, messages on stderr, tracebacks, and the
//! `dis` / `check` commands, run as a user would.

use crate::common::repo_path;
use std::process::{Command, Output};

fn gilsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(args)
        .current_dir(repo_path("."))
        .output()
        .expect("gilsim runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gilsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
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
