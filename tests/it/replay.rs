//! `gilsim replay`: a virtual run replayed from its JSON report gives a
//! byte-identical report (a .pyasm and a .py program, with arguments,
//! threads, a policy, an interval, a seed and cores that are not the
//! defaults), from another directory and twice over; a changed program is
//! refused (exit 79) unless `--ignore-hash`; malformed, foreign and text
//! reports are refused (exit 65) with the file's line and column.

use crate::common::{arg, gilsim_cmd, output_within, Out, TempDir};
use std::path::Path;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `gilsim ARGS` in directory `cwd`.
fn gilsim_in(cwd: &Path, args: &[&str]) -> Out {
    let mut c = gilsim_cmd();
    c.current_dir(cwd).args(args);
    Out::from(output_within(&mut c, DEADLINE, || {
        format!("gilsim {args:?} still running after {DEADLINE:?}: killed")
    }))
}

/// Copies a sample program into `dir` (so it may be changed), runs it on
/// the virtual engine from `dir` with `flags`, writing `name.json`.
fn record(dir: &TempDir, sample: &str, flags: &[&str], name: &str) -> Vec<u8> {
    let src = std::fs::read(crate::common::repo_path(&format!("programs/{sample}"))).unwrap();
    dir.write(sample, src);
    let report = format!("{name}.json");
    let mut args = vec!["run", sample];
    args.extend_from_slice(flags);
    args.extend_from_slice(&["--format", "json", "--report", &report]);
    let o = gilsim_in(dir, &args);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    std::fs::read(dir.path(&report)).unwrap()
}

/// Records `sample` run with `flags`, replays it from elsewhere, and
/// checks the two reports are byte-identical (also used by `interp`).
pub(crate) fn replay_identical(sample: &str, flags: &[&str]) {
    let dir = TempDir::new("replay");
    let original = record(&dir, sample, flags, "a");
    let v: serde_json::Value = serde_json::from_slice(&original).unwrap();
    let inv = &v["invocation"];
    assert_eq!(inv["program"]["path"], sample);
    assert_eq!(inv["engine"]["kind"], "virtual");
    assert_eq!(inv["cwd"], arg(&dir));
    assert!(inv["argv"][1] == "run" && inv["argv"][2] == sample, "{inv}");
    // Replayed from elsewhere: the program is found against the recorded
    // directory, and the report written carries the original invocation.
    let elsewhere = TempDir::new("replay-elsewhere");
    let again = dir.path("b.json");
    let o = gilsim_in(
        &elsewhere,
        &["replay", arg(&dir.path("a.json")), "--report", arg(&again)],
    );
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    let replayed = std::fs::read(&again).unwrap();
    assert!(
        replayed == original,
        "{sample}: the replay differs:\n{}\n---\n{}",
        String::from_utf8_lossy(&original),
        String::from_utf8_lossy(&replayed)
    );
    // A replay of the replay, report on stderr (the default is JSON).
    let o = gilsim_in(&dir, &["replay", "b.json"]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert_eq!(o.stderr.as_bytes(), &original[..]);
}

#[test]
fn a_virtual_pyasm_run_replays_byte_identically() {
    replay_identical(
        "convoy.pyasm",
        &[
            "--arg",
            "12",
            "--arg",
            "0.0005",
            "--arg",
            "400000",
            "--threads",
            "2",
            "--policy",
            "io-priority",
            "--switch-interval",
            "750us",
            "--engine",
            "virtual",
            "--seed",
            "17",
            "--cores",
            "3",
        ],
    );
}

#[test]
fn a_virtual_python_run_replays_byte_identically() {
    replay_identical(
        "fib.py",
        &[
            "--entry",
            "fib",
            "--arg",
            "12",
            "--threads",
            "3",
            "--policy",
            "ticks",
            "--check-interval",
            "37",
            "--switch-interval",
            "2ms",
            "--engine",
            "virtual",
            "--seed",
            "5",
            "--cores",
            "2",
        ],
    );
}

#[test]
fn a_changed_program_is_refused_unless_told() {
    let dir = TempDir::new("replay-changed");
    let flags = ["--entry", "fib", "--arg", "8", "--engine", "virtual"];
    record(&dir, "fib.pyasm", &flags, "a");
    let mut src = std::fs::read(dir.path("fib.pyasm")).unwrap();
    src.extend_from_slice(b"\n; a comment changes the bytes, not the program\n");
    dir.write("fib.pyasm", &src);
    let o = gilsim_in(&dir, &["replay", "a.json", "--report", "b.json"]);
    assert_eq!(o.code, Some(79), "{}", o.show());
    assert!(
        o.stderr
            .contains("the program changed since the report was made")
            && o.stderr.contains("--ignore-hash"),
        "{}",
        o.show()
    );
    assert!(!dir.path("b.json").exists(), "nothing ran");
    let o = gilsim_in(
        &dir,
        &["replay", "a.json", "--ignore-hash", "--format", "none"],
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert!(
        o.stderr.starts_with("warning (--ignore-hash)"),
        "{}",
        o.show()
    );
    // Gone altogether: where it was looked for, and how to say where it is.
    std::fs::rename(dir.path("fib.pyasm"), dir.path("moved.pyasm")).unwrap();
    let o = gilsim_in(&dir, &["replay", "a.json"]);
    assert_eq!(o.code, Some(66), "{}", o.show());
    assert!(o.stderr.contains("--program FILE"), "{}", o.show());
    let o = gilsim_in(
        &dir,
        &[
            "replay",
            "a.json",
            "--program",
            "moved.pyasm",
            "--ignore-hash",
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
}

#[test]
fn malformed_foreign_and_text_reports_are_refused() {
    let dir = TempDir::new("replay-bad");
    let good = record(&dir, "fib.pyasm", &["--entry", "fib", "--arg", "5"], "a");
    let text = String::from_utf8(good.clone()).unwrap();
    // Cut in the middle of line 4: the parser's line and column.
    let cut: String = text.lines().take(4).collect::<Vec<_>>().join("\n");
    dir.write("cut.json", &cut);
    let o = gilsim_in(&dir, &["replay", "cut.json"]);
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(
        o.stderr
            .starts_with("cut.json: not a gilsim run report at 4:"),
        "{}",
        o.show()
    );
    // A setting out of range: named, with where its block ends.
    let mut v: serde_json::Value = serde_json::from_slice(&good).unwrap();
    v["invocation"]["recursion_limit"] = 0.into();
    dir.write("zero.json", serde_json::to_vec_pretty(&v).unwrap());
    let o = gilsim_in(&dir, &["replay", "zero.json"]);
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(
        o.stderr.contains("zero.json: not a gilsim run report at ")
            && o.stderr.contains("invocation: recursion_limit 0"),
        "{}",
        o.show()
    );
    // No invocation block (the library's reports, older gilsims).
    v.as_object_mut().unwrap().remove("invocation");
    dir.write("old.json", serde_json::to_vec_pretty(&v).unwrap());
    let o = gilsim_in(&dir, &["replay", "old.json"]);
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(
        o.stderr.contains("without an invocation block"),
        "{}",
        o.show()
    );
    // Another of gilsim's files.
    let convoy = crate::common::repo_path("plots/convoy.json");
    let o = gilsim_in(&dir, &["replay", arg(&convoy)]);
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(o.stderr.contains("this is convoy results"), "{}", o.show());
    // A text report.
    let o = gilsim_in(
        &dir,
        &[
            "run",
            "fib.pyasm",
            "--entry",
            "fib",
            "--arg",
            "5",
            "--report",
            "t.txt",
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
    let o = gilsim_in(&dir, &["replay", "t.txt"]);
    assert_eq!(o.code, Some(65), "{}", o.show());
    assert!(
        o.stderr
            .contains("a text report (--format text) cannot be replayed"),
        "{}",
        o.show()
    );
    let o = gilsim_in(&dir, &["replay", "no-such.json"]);
    assert_eq!(o.code, Some(66), "{}", o.show());
}

#[test]
fn a_real_run_replays_with_the_same_settings() {
    let dir = TempDir::new("replay-real");
    let flags = [
        "--arg",
        "2000",
        "--threads",
        "2",
        "--switch-interval",
        "1ms",
    ];
    let a = record(&dir, "countdown.pyasm", &flags, "a");
    let o = gilsim_in(&dir, &["replay", "a.json", "--report", "b.json"]);
    assert_eq!(o.code, Some(0), "{}", o.show());
    let b = std::fs::read(dir.path("b.json")).unwrap();
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&a).unwrap(),
        serde_json::from_slice(&b).unwrap(),
    );
    assert_eq!(a["invocation"], b["invocation"]);
    assert_eq!(
        a["invocation"]["engine"],
        serde_json::json!({"kind": "real"})
    );
    for key in ["mode", "policy", "switch_interval_ns", "engine"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    let instructions = |v: &serde_json::Value| v["threads"][0]["instructions"].clone();
    assert_eq!(instructions(&a), instructions(&b), "the same work");
}
