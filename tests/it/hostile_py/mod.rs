//! The Python front end against hostile input: nesting deep enough to
//! overflow a recursive-descent parser (answered with CPython's own limits
//! and messages, at file:line:col), corners where it used to differ from
//! CPython silently (escapes, raw strings, BOM, CR line ends, tabs,
//! duplicate parameters, i64::MIN), programs big enough to expose quadratic
//! lookups, and mutated twins (no panic, no hang, errors with positions).
//! Big inputs are generated here; where python3 is installed, each verdict
//! is checked against CPython's.

use crate::common::{output_within, python3, TempDir};
use gilsim::py::compile_source;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// A generous deadline for one run of the binary (a debug build on a
/// loaded machine); a hang or a quadratic blow-up exceeds it.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `f` on each item, four at a time (each mostly waits on a child
/// process); returns every failure message.
fn in_parallel<T: Send, F: Fn(T) -> Vec<String> + Sync>(items: Vec<T>, f: F) -> Vec<String> {
    let queue = std::sync::Mutex::new(items.into_iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let Some(item) = queue.lock().unwrap().next() else {
                    return;
                };
                let mut out = f(item);
                failures.lock().unwrap().append(&mut out);
            });
        }
    });
    failures.into_inner().unwrap()
}

/// Runs `cmd` to completion, killing it (and failing) after [`DEADLINE`].
/// Output is drained on threads, so a long diagnostic cannot block it.
fn run_with_deadline(mut cmd: Command, what: &str) -> Output {
    output_within(&mut cmd, DEADLINE, || {
        format!("{what}: still running after {DEADLINE:?}")
    })
}

/// Writes `src` to `dir/name` and runs `gilsim ARGS... name` there.
fn gilsim(dir: &Path, name: &str, src: &[u8], args: &[&str]) -> Output {
    std::fs::write(dir.join(name), src).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gilsim"));
    cmd.args(args).arg(name).current_dir(dir);
    run_with_deadline(cmd, &format!("gilsim {args:?} {name}"))
}

/// `gilsim check` of `src`: its exit code and stderr.
fn check(dir: &Path, name: &str, src: &str) -> (i32, String) {
    let o = gilsim(dir, name, src.as_bytes(), &["check"]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `python3 name` of the file written by [`gilsim`] (UTF-8 output).
fn cpython(dir: &Path, name: &str) -> Output {
    let mut cmd = Command::new("python3");
    cmd.arg(name)
        .current_dir(dir)
        .env("PYTHONIOENCODING", "utf-8");
    run_with_deadline(cmd, &format!("python3 {name}"))
}

/// The last line of CPython's stderr (the exception), for messages.
fn last_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

mod big;
mod deep;
mod mutated;
mod rejected;
mod rejected_cases;
mod same_output;
