//! Differential tests: every program in `tests/python/` runs under CPython
//! and under gilsim (`gilsim run FILE --format none`, from that directory,
//! on the real engine and then on `--engine virtual`), and they must agree
//! on standard output, the exit code and — when CPython fails — the last
//! non-empty line of standard error. Intended
//! differences are listed, with their reasons, in
//! `tests/python/DIFFERENCES.md` (its header states the format).
//!
//! All programs are run (several at a time, each with a deadline, so a
//! hang fails rather than hangs) and every mismatch is reported at once,
//! each with the first lines where the outputs part. Set
//! `GILSIM_DIFF_ONLY=lists,dicts` to run only the programs whose names
//! contain one of those words.

use crate::common::{python3, repo_path, wait_or_kill, Out};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// How long one program may run, under either interpreter.
const DEADLINE: Duration = Duration::from_secs(20);
/// Lines shown on each side of a stdout difference.
const DIFF_LINES: usize = 6;
/// Lines of context shown before the first difference.
const CONTEXT_LINES: usize = 2;
/// Longest line shown in a report (longer ones are cut).
const MAX_LINE: usize = 160;

// ---------------------------------------------------------------------------
// The corpus and its documented differences.

fn corpus_dir() -> PathBuf {
    repo_path("tests/python")
}

/// The corpus's program names (`lists.py`), sorted, filtered by
/// `GILSIM_DIFF_ONLY` if it is set.
fn corpus() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/python exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    v.sort();
    assert!(
        v.len() >= 30,
        "tests/python holds only {} programs",
        v.len()
    );
    if let Ok(only) = std::env::var("GILSIM_DIFF_ONLY") {
        let words: Vec<&str> = only
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        v.retain(|n| words.iter().any(|w| n.contains(w)));
        eprintln!(
            "GILSIM_DIFF_ONLY={only}: {} programs: {}",
            v.len(),
            v.join(" ")
        );
    }
    v
}

/// What `DIFFERENCES.md` says.
#[derive(Debug, Default)]
struct Differences {
    /// Not compared with CPython.
    skip: BTreeSet<String>,
    /// Not compiled by `gilsim check`.
    no_check: BTreeSet<String>,
    /// Only stdout compared.
    stdout_only: BTreeSet<String>,
    /// (CPython's code, gilsim's code that also matches it).
    exit_map: Vec<(i32, i32)>,
}

impl Differences {
    /// Whether gilsim's exit code `got` matches CPython's `want`.
    fn exit_matches(&self, want: Option<i32>, got: Option<i32>) -> bool {
        want == got
            || self
                .exit_map
                .iter()
                .any(|&(c, g)| want == Some(c) && got == Some(g))
    }
}

/// Parses the list under `## Entries` of `DIFFERENCES.md` (see its
/// header); every malformed line, unknown directive or unknown program is
/// an error, and all of them are reported together.
fn parse_differences(text: &str, programs: &BTreeSet<String>) -> Result<Differences, String> {
    let mut d = Differences::default();
    let mut errors = Vec::new();
    let mut in_entries = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(h) = line.strip_prefix("## ") {
            in_entries = h.trim() == "Entries";
            continue;
        }
        if line.starts_with("# ") {
            in_entries = false;
            continue;
        }
        let Some(entry) = line.strip_prefix("- ").filter(|_| in_entries) else {
            continue;
        };
        let Some((word, rest)) = entry.split_once(':') else {
            errors.push(format!("line {n}: `{line}` is not `- WORD: ...`"));
            continue;
        };
        let rest = rest.trim();
        // The subject is everything up to the dash that starts the reason.
        let (subject, reason) = split_reason(rest);
        if reason.is_empty() {
            errors.push(format!("line {n}: `{line}` gives no reason (`— reason`)"));
            continue;
        }
        let mut program = |set: &mut BTreeSet<String>| {
            let name = subject.trim();
            if !programs.contains(name) {
                errors.push(format!("line {n}: no program tests/python/{name}"));
            } else if !set.insert(name.to_string()) {
                errors.push(format!("line {n}: {name} listed twice"));
            }
        };
        match word.trim() {
            "skip" => program(&mut d.skip),
            "no-check" => program(&mut d.no_check),
            "stdout-only" => program(&mut d.stdout_only),
            "exit" => {
                let codes = subject
                    .split_once('=')
                    .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
                match codes {
                    Some(c) => d.exit_map.push(c),
                    None => errors.push(format!(
                        "line {n}: `{line}` is not `- exit: N = M — reason`"
                    )),
                }
            }
            other => errors.push(format!(
                "line {n}: unknown directive `{other}` (skip, no-check, stdout-only, exit)"
            )),
        }
    }
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(errors.join("\n"))
    }
}

/// Splits `SUBJECT — reason` (an em or en dash, or ` -- ` / ` - `) into the
/// subject and the reason (empty when there is none).
fn split_reason(s: &str) -> (&str, &str) {
    for sep in [" — ", " – ", " -- ", " - "] {
        if let Some((a, b)) = s.split_once(sep) {
            return (a.trim(), b.trim());
        }
    }
    (s.trim(), "")
}

fn differences() -> Differences {
    let path = corpus_dir().join("DIFFERENCES.md");
    let text = std::fs::read_to_string(&path).expect("tests/python/DIFFERENCES.md exists");
    let all: BTreeSet<String> = {
        let mut v: Vec<String> = std::fs::read_dir(corpus_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".py"))
            .collect();
        v.sort();
        v.into_iter().collect()
    };
    parse_differences(&text, &all)
        .unwrap_or_else(|e| panic!("tests/python/DIFFERENCES.md is malformed:\n{e}"))
}

// ---------------------------------------------------------------------------
// Running the two interpreters.

/// CPython's real executable (found once through `python3`, so each run
/// skips a pyenv-style shim), or None when python3 is missing.
fn python_exe() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        if !python3() {
            return None;
        }
        let o = Command::new("python3")
            .args([
                "-c",
                "import sys; print(sys.executable); print('%d.%d' % sys.version_info[:2])",
            ])
            .stdin(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let mut lines = text.lines();
        let exe = PathBuf::from(lines.next()?.trim());
        let version = lines.next().unwrap_or("?").trim().to_string();
        if version != "3.11" {
            eprintln!(
                "note: the corpus is written for CPython 3.11; python3 is {version} \
                 (error messages may differ)"
            );
        }
        exe.is_file().then_some(exe)
    })
    .as_deref()
}

/// How a run ended.
enum Ran {
    Done(Out),
    /// Still running at the deadline: killed.
    Hung,
    /// Could not be started.
    NoStart(String),
}

/// Runs `cmd` from the corpus directory with no standard input, its
/// output drained on threads, killed at [`DEADLINE`].
fn run(mut cmd: Command) -> Ran {
    cmd.current_dir(corpus_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Ran::NoStart(format!("{cmd:?}: {e}")),
    };
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
        None => Ran::Hung,
        Some(status) => Ran::Done(Out::from(Output {
            status,
            stdout,
            stderr,
        })),
    }
}

fn cpython(exe: &Path, name: &str) -> Ran {
    let mut c = Command::new(exe);
    // UTF-8 output whatever the locale; no .pyc files in the corpus; one
    // hash seed (the corpus never depends on it, but a reproduction should
    // not either).
    c.args(["-X", "utf8", "-B", name])
        .env("PYTHONHASHSEED", "0")
        .env_remove("PYTHONSTARTUP")
        .env_remove("PYTHONPATH");
    run(c)
}

fn gilsim(args: &[&str]) -> Ran {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gilsim"));
    c.args(args);
    run(c)
}

/// Runs `job` on each name, a few at a time; results in the names' order.
fn each<T: Send>(names: &[String], job: impl Fn(&str) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..names.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= names.len() {
                    break;
                }
                let r = job(&names[i]);
                results.lock().unwrap()[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

// ---------------------------------------------------------------------------
// Comparing and reporting.

/// Cuts a line for a report.
fn cut(line: &str) -> String {
    if line.chars().count() <= MAX_LINE {
        line.to_string()
    } else {
        let head: String = line.chars().take(MAX_LINE).collect();
        format!("{head}…")
    }
}

/// The last non-empty line of `s` (empty if there is none).
fn last_line(s: &str) -> &str {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_end()
}

/// The first `n` lines of `s`, indented, for a report.
fn head(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let mut out: String = lines
        .iter()
        .take(n)
        .map(|l| format!("      {}\n", cut(l)))
        .collect();
    if lines.len() > n {
        out.push_str(&format!("      … ({} more lines)\n", lines.len() - n));
    }
    out
}

/// A short unified-style diff of two outputs: a little context, then the
/// first differing lines of each side. Empty if they are equal.
fn diff(want: &str, got: &str) -> String {
    if want == got {
        return String::new();
    }
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let show = |l: &str| {
        // A line without its newline is the output's unterminated last line.
        match l.strip_suffix('\n') {
            Some(body) => cut(body),
            None => format!("{} [no newline at end]", cut(l)),
        }
    };
    let mut out = format!(
        "    stdout differs from line {} (cpython {} lines, gilsim {} lines):\n",
        first + 1,
        a.len(),
        b.len()
    );
    for l in &a[first.saturating_sub(CONTEXT_LINES)..first] {
        out.push_str(&format!("        {}\n", show(l)));
    }
    let side = |lines: &[&str], mark: &str, who: &str, out: &mut String| {
        let rest = &lines[first.min(lines.len())..];
        if rest.is_empty() {
            out.push_str(&format!("      {mark} [{who}: no more output]\n"));
        }
        for l in rest.iter().take(DIFF_LINES) {
            out.push_str(&format!("      {mark} {}\n", show(l)));
        }
        if rest.len() > DIFF_LINES {
            out.push_str(&format!(
                "      {mark} … ({} more lines)\n",
                rest.len() - DIFF_LINES
            ));
        }
    };
    side(&a, "-", "cpython", &mut out);
    side(&b, "+", "gilsim", &mut out);
    out
}

/// What is wrong with gilsim's run of `name` compared with CPython's, or
/// None when they agree.
fn compare(name: &str, py: &Ran, gs: &Ran, d: &Differences) -> Option<String> {
    let py = match py {
        Ran::Done(o) => o,
        Ran::Hung => {
            return Some(format!(
                "== {name}: CPython still running after {DEADLINE:?} (a corpus bug)\n"
            ))
        }
        Ran::NoStart(e) => return Some(format!("== {name}: CPython does not start: {e}\n")),
    };
    if py.code.is_none() || py.stderr.contains("SyntaxError") {
        return Some(format!(
            "== {name}: CPython itself fails (a corpus bug)\n{}",
            head(&py.show(), 12)
        ));
    }
    let gs = match gs {
        Ran::Done(o) => o,
        Ran::Hung => {
            return Some(format!(
                "== {name}: gilsim still running after {DEADLINE:?}: killed\n"
            ))
        }
        Ran::NoStart(e) => return Some(format!("== {name}: gilsim does not start: {e}\n")),
    };
    let mut problems = String::new();
    let only_stdout = d.stdout_only.contains(name);
    if !only_stdout && !d.exit_matches(py.code, gs.code) {
        let gcode = gs.code.map_or("a signal".to_string(), |c| c.to_string());
        problems.push_str(&format!(
            "    exit code: cpython {}, gilsim {gcode}\n",
            py.code.unwrap()
        ));
    }
    if gs.stderr.contains("panicked") {
        problems.push_str("    gilsim panicked\n");
    }
    problems.push_str(&diff(&py.stdout, &gs.stdout));
    // The last line of stderr is compared when the exit codes agree (a
    // compile error or a crash is reported by its code and stderr below).
    if !only_stdout && py.code != Some(0) && d.exit_matches(py.code, gs.code) {
        let (want, got) = (last_line(&py.stderr), last_line(&gs.stderr));
        if want != got {
            problems.push_str(&format!(
                "    last line of stderr:\n      - {}\n      + {}\n",
                cut(want),
                cut(got)
            ));
        }
    }
    if problems.is_empty() {
        return None;
    }
    // gilsim's stderr explains most failures (a compile error, a traceback).
    if !gs.stderr.trim().is_empty() && (gs.code != Some(0) || py.code != Some(0)) {
        problems.push_str("    gilsim stderr:\n");
        problems.push_str(&head(&gs.stderr, 8));
    }
    Some(format!("== {name}\n{problems}"))
}

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn every_program_prints_the_same_under_cpython_and_gilsim() {
    let Some(exe) = python_exe() else {
        eprintln!("skipped: python3 not found (the corpus is still compiled by gilsim check)");
        return;
    };
    let d = differences();
    let names = corpus();
    let compared: Vec<String> = names
        .iter()
        .filter(|n| !d.skip.contains(*n))
        .cloned()
        .collect();
    let failures: Vec<(String, String)> = each(&compared, |name| {
        let py = cpython(exe, name);
        let gs = match py {
            Ran::Done(_) => gilsim(&["run", name, "--format", "none"]),
            // Reported as a corpus bug; gilsim's run would tell nothing.
            _ => Ran::NoStart("not run".into()),
        };
        if let Some(r) = compare(name, &py, &gs, &d) {
            return Some((name.to_string(), r));
        }
        // The same program on the virtual engine must agree too.
        let gv = gilsim(&["run", name, "--format", "none", "--engine", "virtual"]);
        compare(name, &py, &gv, &d).map(|r| (format!("{name} (--engine virtual)"), r))
    })
    .into_iter()
    .flatten()
    .collect();
    let skipped = names.len() - compared.len();
    if !failures.is_empty() {
        let list: Vec<&str> = failures.iter().map(|(n, _)| n.as_str()).collect();
        let details: Vec<&str> = failures.iter().map(|(_, r)| r.as_str()).collect();
        panic!(
            "{} of {} programs in tests/python differ between CPython and gilsim \
             ({skipped} skipped by DIFFERENCES.md):\n  {}\n\n{}\n\
             Every intended difference belongs in tests/python/DIFFERENCES.md, with its reason.",
            failures.len(),
            compared.len(),
            list.join(" "),
            details.join("\n")
        );
    }
    eprintln!(
        "{} programs agree with CPython ({skipped} skipped by DIFFERENCES.md)",
        compared.len()
    );
}

#[test]
fn every_program_compiles_with_gilsim_check() {
    let d = differences();
    let names: Vec<String> = corpus()
        .into_iter()
        .filter(|n| !d.no_check.contains(n))
        .collect();
    let failures: Vec<String> = each(&names, |name| match gilsim(&["check", name]) {
        Ran::Done(o) if o.code == Some(0) => None,
        Ran::Done(o) => Some(format!(
            "== {name}: exit {}\n{}",
            o.code.map_or("by a signal".to_string(), |c| c.to_string()),
            head(&o.stderr, 6)
        )),
        Ran::Hung => Some(format!(
            "== {name}: gilsim check still running after {DEADLINE:?}\n"
        )),
        Ran::NoStart(e) => Some(format!("== {name}: gilsim does not start: {e}\n")),
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        failures.is_empty(),
        "{} of {} programs in tests/python do not compile with `gilsim check`:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// The differential harness's own pieces: the DIFFERENCES.md format and
/// the report's diff.
#[test]
fn differences_format_and_diff_rendering() {
    let programs: BTreeSet<String> = ["a.py", "b.py"].iter().map(|s| s.to_string()).collect();
    let text = "# T\n- skip: not.py — prose above the entries is ignored\n## Entries\n\
                - skip: a.py — reason one\n- stdout-only: b.py -- reason two\n\
                - exit: 1 = 70 — documented\n\n## Notes\n- anything: here\n";
    let d = parse_differences(text, &programs).unwrap();
    assert!(d.skip.contains("a.py") && d.stdout_only.contains("b.py"));
    assert!(d.exit_matches(Some(1), Some(70)) && d.exit_matches(Some(1), Some(1)));
    assert!(!d.exit_matches(Some(0), Some(70)) && !d.exit_matches(Some(70), Some(1)));
    for bad in [
        "## Entries\n- skip: c.py — no such program\n",
        "## Entries\n- skip: a.py\n",
        "## Entries\n- ignore: a.py — unknown directive\n",
        "## Entries\n- exit: one = 70 — not a number\n",
        "## Entries\n- skip: a.py — twice\n- skip: a.py — twice\n",
        "## Entries\n- just prose\n",
    ] {
        assert!(
            parse_differences(bad, &programs).is_err(),
            "accepted: {bad}"
        );
    }
    // The real file parses.
    differences();
    assert_eq!(diff("a\nb\n", "a\nb\n"), "");
    let r = diff("1\n2\n3\n4\n", "1\n2\n3\nX\n5\n");
    assert!(
        r.contains("from line 4 (cpython 4 lines, gilsim 5 lines)"),
        "{r}"
    );
    assert!(
        r.contains("        2\n        3\n      - 4\n      + X\n      + 5\n"),
        "{r}"
    );
    let r = diff("a\n", "a\nextra");
    assert!(
        r.contains("- [cpython: no more output]") && r.contains("+ extra [no newline at end]"),
        "{r}"
    );
    assert_eq!(
        last_line("Traceback\n  x\nValueError: v\n\n"),
        "ValueError: v"
    );
}
