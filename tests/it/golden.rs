//! Each golden program states what it must print in comments:
//! `; args: V ...` (arguments for main), `; expect: LINE` (each printed
//! line, in order), `; expect-return: V` (main's return value), `; expect-error: Kind: message` (the run must end in
//! that runtime error) and `; expect-trace: func index, ...` (the
//! traceback's frames). Samples in programs/ are checked the same way.

use crate::common::{repo_path, run_with};
use gilsim::asm::{assemble, parse_constant};
use gilsim::Error;
use std::sync::Arc;

struct Expect {
    args: Vec<gilsim::vm::Value>,
    lines: Vec<String>,
    error: Option<String>,
    trace: Option<String>,
    returns: Option<String>,
}

fn expectations(src: &str) -> Expect {
    let mut e = Expect {
        args: vec![],
        lines: vec![],
        error: None,
        trace: None,
        returns: None,
    };
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

fn check_file(path: &std::path::Path) -> Result<(), String> {
    let src = std::fs::read_to_string(path).unwrap();
    let e = expectations(&src);
    if e.lines.is_empty() && e.error.is_none() && e.returns.is_none() {
        return Err(format!("{}: no expectations", path.display()));
    }
    let p = assemble(&path.display().to_string(), &src).map_err(|d| d.to_string())?;
    let ran = run_with(Arc::new(p), e.args);
    if ran.lines != e.lines {
        return Err(format!(
            "{}: printed {:?}, expected {:?}",
            path.display(),
            ran.lines,
            e.lines
        ));
    }
    match (&ran.result, &e.error) {
        (Ok(v), None) => match &e.returns {
            Some(want) if want != v => {
                Err(format!("{}: returned {v}, expected {want}", path.display()))
            }
            _ => Ok(()),
        },
        (Err(Error::Runtime(t)), Some(want)) => {
            if t.kind.to_string() != *want {
                return Err(format!(
                    "{}: error {:?}, expected {want:?}",
                    path.display(),
                    t.kind.to_string()
                ));
            }
            if let Some(trace) = &e.trace {
                let got: Vec<String> = t
                    .traceback
                    .iter()
                    .map(|f| format!("{} {}", f.func, f.index))
                    .collect();
                if got.join(", ") != *trace {
                    return Err(format!(
                        "{}: traceback {got:?}, expected {trace}",
                        path.display()
                    ));
                }
            }
            Ok(())
        }
        (r, want) => Err(format!(
            "{}: result {:?}, expected error {want:?}",
            path.display(),
            r.as_ref().map_err(|e| e.to_string())
        )),
    }
}

fn pyasm_files(dir: &str) -> Vec<std::path::PathBuf> {
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
    assert!(files.len() >= 3, "sample programs missing");
    let failures: Vec<String> = files.iter().filter_map(|f| check_file(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
