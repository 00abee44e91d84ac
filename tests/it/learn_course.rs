//! The course in `programs/learn/`: every numbered program
//! (`programs/learn/[0-9]*.py`) prints the same lines and ends with the
//! same exit code under CPython (`python3 FILE`), under gilsim
//! (`gilsim run FILE --format none`) and under gilsim's virtual engine
//! (`... --engine virtual`), as programs/learn/README.md promises.
//!
//! Programs run two at a time (several start processes or 1000
//! coroutines), each command with a deadline, so a hang fails rather
//! than hangs; every disagreement is reported at once.

use crate::common::{gilsim_cmd, python3, repo_path, wait_or_kill, Out};
use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// How long one run of one program may take, under any interpreter (they
/// take about a second; the margin is for a loaded machine).
const DEADLINE: Duration = Duration::from_secs(90);
/// Programs run at the same time.
const AT_ONCE: usize = 2;
/// The gilsim runs compared with CPython's, by their extra flags.
const GILSIM_RUNS: [&[&str]; 2] = [&[], &["--engine", "virtual"]];

/// The course's programs (`programs/learn/01_....py`), sorted, as paths
/// relative to the repository.
fn course() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo_path("programs/learn"))
        .expect("programs/learn exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py") && n.starts_with(|c: char| c.is_ascii_digit()))
        .map(|n| format!("programs/learn/{n}"))
        .collect();
    v.sort();
    v
}

/// Runs `cmd` from the repository root with no standard input, its output
/// drained on threads; one still running after [`DEADLINE`] is killed and
/// gives an error.
fn run(cmd: &mut Command) -> Result<Out, String> {
    let mut child = cmd
        .current_dir(repo_path(""))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{cmd:?} does not start: {e}"))?;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = wait_or_kill(&mut child, DEADLINE);
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    match status {
        Some(status) => Ok(Out::from(Output {
            status,
            stdout,
            stderr,
        })),
        None => Err(format!("{cmd:?} still running after {DEADLINE:?}: killed")),
    }
}

/// The first line where `want` and `got` differ, both sides shown.
fn first_difference(want: &str, got: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let line = |v: &[&str]| {
        v.get(i)
            .map_or("[no more output]".to_string(), |l| format!("{l:?}"))
    };
    format!(
        "stdout differs at line {}:\n      python3: {}\n      gilsim:  {}",
        i + 1,
        line(&a),
        line(&b)
    )
}

/// What is wrong with `file` (empty when its three runs agree).
fn check(file: &str) -> Vec<String> {
    let py = match run(Command::new("python3").args(["-X", "utf8", "-B", file])) {
        Ok(o) if o.code.is_some() => o,
        Ok(o) => {
            return vec![format!(
                "python3 {file} died of a signal\n{}",
                o.show_cut(2000)
            )]
        }
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for flags in GILSIM_RUNS {
        let mut args = vec!["run", file, "--format", "none"];
        args.extend_from_slice(flags);
        let what = format!("gilsim {}", args.join(" "));
        let gs = match run(gilsim_cmd().args(&args)) {
            Ok(o) => o,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let mut wrong = Vec::new();
        if gs.code != py.code {
            wrong.push(format!(
                "exit code: python3 {:?}, gilsim {:?}",
                py.code, gs.code
            ));
        }
        if gs.stdout != py.stdout {
            wrong.push(first_difference(&py.stdout, &gs.stdout));
        }
        if gs.stderr.contains("panicked") {
            wrong.push("gilsim panicked".to_string());
        }
        if !wrong.is_empty() {
            problems.push(format!(
                "`{what}` disagrees with python3:\n    {}\n  gilsim {}",
                wrong.join("\n    "),
                gs.show_cut(1500)
            ));
        }
    }
    problems
}

#[test]
fn every_course_program_prints_the_same_under_cpython_and_both_engines() {
    if !python3() {
        eprintln!("skipped: python3 not found (the course is compared with CPython)");
        return;
    }
    let files = course();
    assert!(
        files.len() >= 20,
        "programs/learn holds only {} numbered programs: {files:?}",
        files.len()
    );
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                for p in check(file) {
                    failures
                        .lock()
                        .unwrap()
                        .push((i, format!("== {file}\n  {p}")));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} disagreement(s) in the course (programs/learn):\n\n{}",
        failures.len(),
        failures
            .iter()
            .map(|(_, f)| f.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    eprintln!(
        "{} course programs agree with CPython on both engines",
        files.len()
    );
}
