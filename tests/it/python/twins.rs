//! The twins in programs/ print the same under CPython and gilsim, round-trip
//! through `dis`; `.py` files through the command line.

use super::*;

fn twins() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(repo_path("programs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py") && !p.ends_with("gilsim_native.py"))
        .collect();
    v.sort();
    v
}

#[test]
fn twins_print_the_same_under_cpython_and_gilsim() {
    if !python3() {
        eprintln!(
            "skipped: python3 not found (the twins are still compiled and run by gilsim below)"
        );
        return;
    }
    let files = twins();
    assert!(files.len() >= 10, "twins missing: {files:?}");
    for f in files {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let py = Command::new("python3")
            .arg(&name)
            .current_dir(repo_path("programs"))
            .output()
            .unwrap();
        assert!(
            py.status.success(),
            "{name} fails under python3: {}",
            String::from_utf8_lossy(&py.stderr)
        );
        let gs = Command::new(env!("CARGO_BIN_EXE_gilsim"))
            .args(["run", &name, "--format", "none"])
            .current_dir(repo_path("programs"))
            .output()
            .unwrap();
        assert_eq!(
            gs.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&gs.stderr)
        );
        let (a, b) = (
            String::from_utf8_lossy(&py.stdout),
            String::from_utf8_lossy(&gs.stdout),
        );
        if name == "race.py" {
            // The lost-update count varies by design; the line's shape does not.
            for out in [&a, &b] {
                assert!(
                    out.starts_with("counter = ") && out.trim_end().ends_with("expected 800000"),
                    "{out}"
                );
            }
        } else {
            assert_eq!(a, b, "{name} prints differently under CPython and gilsim");
        }
    }
}

#[test]
fn twins_compile_run_and_round_trip_through_dis() {
    for f in twins() {
        let src = std::fs::read_to_string(&f).unwrap();
        let p = compile_source(&f.display().to_string(), &src).unwrap_or_else(|d| panic!("{d}"));
        assert!(p.function_index("__module__").is_some());
        let text = disasm::disassemble(&p);
        let q = gilsim::asm::assemble("dis.pyasm", &text).unwrap_or_else(|d| panic!("{d}\n{text}"));
        assert!(
            p.same_code(&q),
            "{}: dis output is a different program",
            f.display()
        );
    }
}

#[test]
fn python_files_through_the_command_line() {
    let dir = TempDir::new("py");
    let p = dir.join("boom.py");
    std::fs::write(
        &p,
        "def div(a, b):\n    return a // b\n\nprint('before')\ndiv(1, 0)\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["run", p.to_str().unwrap(), "--format", "none"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(70));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "before\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 5, in __module__"), "{err}");
    assert!(
        err.contains("line 2, in div (instruction 2: BINARY_OP //)\n    return a // b"),
        "{err}"
    );
    assert!(
        err.ends_with("ZeroDivisionError: integer division or modulo by zero\n"),
        "{err}"
    );
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "class A\n    pass\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(65));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.py:1:8: error: SyntaxError: expected ':'\n1 | class A\n  |        ^"),
        "{err}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args([
            "run",
            "programs/countdown.py",
            "--entry",
            "bench",
            "--arg",
            "2",
            "--arg",
            "10000",
            "--format",
            "json",
        ])
        .current_dir(repo_path("."))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stderr).trim()).unwrap();
    assert_eq!(
        v["threads"].as_array().unwrap().len(),
        3,
        "main plus two started threads"
    );
}

/// `raise saved` of an exception caught earlier keeps the frames it
/// passed before (CPython appends them after the new raise's frames):
/// gilsim's traceback names the same frames and lines as CPython's.
#[test]
fn reraised_exception_keeps_its_traceback_like_cpython() {
    fn frames(stderr: &str) -> Vec<String> {
        stderr
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                let rest = l.strip_prefix("File \"")?;
                let (_, rest) = rest.split_once("\", ")?;
                // "line 12, in h" (gilsim adds "(instruction ...)").
                let rest = rest.split(" (instruction").next()?;
                Some(rest.replace("in <module>", "in __module__"))
            })
            .collect()
    }
    let dir = repo_path("tests/python");
    let gs = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["run", "vmfix_reraise.py", "--format", "none"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let got = frames(&String::from_utf8_lossy(&gs.stderr));
    let want = [
        "line 35, in __module__",
        "line 32, in main",
        "line 29, in main",
        "line 20, in again",
        "line 12, in h",
        "line 7, in g",
    ];
    assert_eq!(got, want, "{}", String::from_utf8_lossy(&gs.stderr));
    if crate::common::python3() {
        let py = Command::new("python3")
            .arg("vmfix_reraise.py")
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(frames(&String::from_utf8_lossy(&py.stderr)), want);
    }
}
