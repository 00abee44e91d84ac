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

/// An argument list as owned strings.
fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

mod degenerate;
mod fuzz;
mod output_paths;
mod stdout;
