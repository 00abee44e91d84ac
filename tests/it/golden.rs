//! Each golden program states what it must print in comments:
//! `; args: V ...` (arguments for main), `; expect: LINE` (each printed
//! line, in order; `{int}` in it matches any integer), `; expect-return: V`
//! (main's return value), `; expect-error: Kind: message` (the run must end
//! in that runtime error) and `; expect-trace: func index, ...` (the
//! traceback's frames). Samples in programs/ are checked the same way.

use crate::common::{repo_path, run_with, Ran};
use gilsim::asm::{assemble, parse_constant};
use gilsim::metrics::RunEnd;
use std::sync::Arc;

#[derive(Default)]
struct Expect {
    args: Vec<gilsim::vm::Value>,
    lines: Vec<String>,
    error: Option<String>,
    trace: Option<String>,
    returns: Option<String>,
}

fn expectations(src: &str) -> Expect {
    let mut e = Expect::default();
    for line in src.lines() {
        if let Some(a) = line.strip_prefix("; args: ") {
            e.args = a
                .split_whitespace()
                .map(|v| parse_constant(v).unwrap())
                .collect();
        } else if let Some(l) = line.strip_prefix("; expect: ") {
            e.lines.push(l.to_string());
        } else if let Some(l) = line.strip_prefix("; expect-error: ") {
            e.error = Some(l.to_string());
        } else if let Some(l) = line.strip_prefix("; expect-return: ") {
            e.returns = Some(l.to_string());
        } else if let Some(l) = line.strip_prefix("; expect-trace: ") {
            e.trace = Some(l.to_string());
        }
    }
    e
}

/// Whether a printed line matches an expected one, where `{int}` stands
/// for any integer.
fn line_matches(got: &str, want: &str) -> bool {
    let Some((head, tail)) = want.split_once("{int}") else {
        return got == want;
    };
    let Some(rest) = got.strip_prefix(head) else {
        return false;
    };
    let unsigned = rest.strip_prefix('-').unwrap_or(rest);
    let digits = unsigned.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line_matches(&unsigned[digits..], tail)
}

/// "FUNC N" from a traceback line `  File "...", line L, in FUNC (instruction N: OP)`.
fn frame(line: &str) -> Option<String> {
    let rest = line.split(", in ").nth(1)?;
    let (func, rest) = rest.split_once(" (instruction ")?;
    let (index, _) = rest.split_once(':')?;
    Some(format!("{func} {index}"))
}

fn check_result(path: &str, e: &Expect, ran: &Ran) -> Result<(), String> {
    let same = ran.lines.len() == e.lines.len()
        && ran
            .lines
            .iter()
            .zip(&e.lines)
            .all(|(g, w)| line_matches(g, w));
    if !same {
        return Err(format!(
            "{path}: printed {:?}, expected {:?}",
            ran.lines, e.lines
        ));
    }
    let report = ran
        .report
        .as_ref()
        .map_err(|err| format!("{path}: {err}"))?;
    match (&e.error, report.end) {
        (None, RunEnd::Ok) => {
            let got = report.threads[0].returned.clone().unwrap_or_default();
            match &e.returns {
                Some(want) if *want != got => {
                    Err(format!("{path}: returned {got}, expected {want}"))
                }
                _ => Ok(()),
            }
        }
        (Some(want), RunEnd::Error) => {
            let got = report.errors.first().cloned().unwrap_or_default();
            if got != format!("main-0: {want}") {
                return Err(format!("{path}: error {got:?}, expected {want:?}"));
            }
            let first = ran.errors.first().map(String::as_str).unwrap_or("");
            if !first.starts_with("Exception in thread main-0:\nTraceback (most recent call last):")
            {
                return Err(format!("{path}: no traceback printed: {first:?}"));
            }
            if let Some(trace) = &e.trace {
                let got: Vec<String> = first.lines().filter_map(frame).collect();
                if got.join(", ") != *trace {
                    return Err(format!("{path}: traceback {got:?}, expected {trace}"));
                }
            }
            Ok(())
        }
        (want, end) => Err(format!(
            "{path}: run ended {end:?} ({:?}), expected error {want:?}",
            report.errors
        )),
    }
}

fn check_file(path: &std::path::Path) -> Result<(), String> {
    let src = std::fs::read_to_string(path).unwrap();
    let e = expectations(&src);
    let name = path.display().to_string();
    if e.lines.is_empty() && e.error.is_none() && e.returns.is_none() {
        return Err(format!("{name}: no expectations"));
    }
    let p = assemble(&name, &src).map_err(|d| d.to_string())?;
    let ran = run_with(Arc::new(p), e.args.clone());
    check_result(&name, &e, &ran)
}

pub fn pyasm_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(repo_path(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pyasm"))
        .collect();
    v.sort();
    v
}

#[test]
fn golden_programs_print_what_they_say() {
    let files = pyasm_files("tests/golden");
    assert!(files.len() >= 10, "golden programs missing");
    let failures: Vec<String> = files.iter().filter_map(|f| check_file(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sample_programs_print_what_they_say() {
    let files = pyasm_files("programs");
    assert!(files.len() >= 10, "sample programs missing");
    let failures: Vec<String> = files.iter().filter_map(|f| check_file(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn int_placeholder_matches_only_integers() {
    assert!(line_matches(
        "counter = 1234 expected 2000",
        "counter = {int} expected 2000"
    ));
    assert!(line_matches("n -5", "n {int}"));
    assert!(!line_matches(
        "counter = x expected 2000",
        "counter = {int} expected 2000"
    ));
    assert!(!line_matches(
        "counter = 12 expected 2001",
        "counter = {int} expected 2000"
    ));
}
