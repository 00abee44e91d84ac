//! Hostile input files, as a user (or a bit flip) might hand them over:
//!
//! - `plot timeline` window flags that are not finite, empty or inverted
//!   are usage errors (exit 64) naming the flag, never a hang or a 73;
//! - results files (`plot`), convoy results (`plot convoy`) and traces
//!   (`plot timeline`) that are truncated, mutated, of the wrong shape or
//!   hold values no run could make are data errors (exit 65) saying what
//!   is wrong and where;
//! - a RecursionError's traceback collapses repeated frames as CPython's
//!   `traceback` module does;
//! - the assembler is linear in the number of locals, constants and
//!   parameters of a function;
//! - property tests mutate the repository's own files (results, convoy
//!   results, a trace, every `programs/*.pyasm`) and check that nothing
//!   panics, and, through the binary, that the exit code is one README
//!   lists, with no "panicked" on stderr and no hang (each child is killed
//!   after 60 s).
//!
//! No timing is asserted.

use crate::common::{self, arg as s, gilsim_within, repo_path, Out, TempDir};
use gilsim::experiment::convoy::ConvoyResults;
use gilsim::experiment::results::SweepResults;
use gilsim::plot::timeline::{self, TimelineData};
use gilsim::Error;
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A child still running after this is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

/// The exit codes README lists.
const EXIT_CODES: [i32; 8] = [0, 2, 64, 65, 66, 70, 73, 124];

/// Runs `gilsim ARGS` from the crate's directory, killing it after
/// [`DEADLINE`].
fn gilsim(args: &[&str]) -> Out {
    gilsim_within(args, DEADLINE)
}

/// The invariant every run keeps, whatever its input.
fn assert_sane(o: &Out, what: &str) {
    common::assert_sane(o, &EXIT_CODES, what);
}

fn load_json(rel: &str) -> Json {
    serde_json::from_slice(&std::fs::read(repo_path(rel)).unwrap()).unwrap()
}

/// A trace of the convoy program, as `run --trace` writes it.
fn make_trace(dir: &TempDir) -> PathBuf {
    let p = dir.path("trace.json");
    let o = gilsim(&[
        "run",
        "programs/convoy.pyasm",
        "--arg",
        "10",
        "--arg",
        "0.0005",
        "--arg",
        "100000",
        "--trace",
        s(&p),
        "--format",
        "none",
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    p
}

mod assembler;
mod convoy_results;
mod mutations;
mod sweep_results;
mod timeline_window;
mod tracebacks;
mod traces;
