//! Tracebacks: repeated frames collapse as CPython's do.

use super::*;

/// A traceback's shape: `frame FUNC LINE`, `source TEXT`, `repeat N`, and
/// the last line, from gilsim's or CPython's stderr (carets and gilsim's
/// instruction comments left out; `<module>` is gilsim's `__module__`).
fn shape(stderr: &str) -> Vec<String> {
    let mut v = Vec::new();
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix("  File \"") {
            let (_, rest) = rest.split_once("\", line ").unwrap();
            let (line, rest) = rest.split_once(", in ").unwrap();
            let func = rest.split(" (instruction").next().unwrap();
            let func = if func == "<module>" {
                "__module__"
            } else {
                func
            };
            v.push(format!("frame {func} {line}"));
        } else if let Some(n) = l.strip_prefix("  [Previous line repeated ") {
            v.push(format!("repeat {n}"));
        } else if let Some(text) = l.strip_prefix("    ") {
            if !text.trim().chars().all(|c| c == '^' || c == '~') {
                v.push(format!("source {}", text.trim()));
            }
        } else if l.contains("Error") && !l.starts_with("Exception in thread") {
            v.push(l.split(" (limit").next().unwrap().to_string());
        }
    }
    v
}

const RECURSE: &str = "def f(n):\n    return f(n + 1)\n\nf(0)\n";
const RECURSE_THEN_FAIL: &str =
    "def g(n):\n    if n == 0:\n        return 1 // 0\n    return g(n - 1)\n\ng(4)\n";

#[test]
fn recursion_tracebacks_collapse_repeats_as_cpython_does() {
    let dir = TempDir::new("hostile-traceback");
    let rec = dir.write("rec.py", RECURSE);
    let o = gilsim(&["run", s(&rec), "--format", "none"]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    let frame = |line: u32, func: &str, call: &str| {
        format!(
            "  File \"{}\", line {line}, in {func} (instruction {call})\n",
            rec.display()
        )
    };
    let f = frame(2, "f", "3: CALL f 1") + "    return f(n + 1)\n";
    let want = format!(
        "Exception in thread main-0:\nTraceback (most recent call last):\n{}    f(0)\n{f}{f}{f}  [Previous line repeated 996 more times]\nRecursionError: maximum recursion depth exceeded (limit 1000)\n",
        frame(4, "__module__", "3: CALL f 1")
    );
    assert_eq!(o.stderr, want);

    // One repeat past the cutoff: `time`, singular; the frame below shows.
    let fail = dir.write("fail.py", RECURSE_THEN_FAIL);
    let o = gilsim(&["run", s(&fail), "--format", "none"]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    assert!(
        o.stderr
            .contains("    return g(n - 1)\n  [Previous line repeated 1 more time]\n  File \""),
        "{}",
        o.show_cut(3000)
    );
    assert_eq!(shape(&o.stderr).len(), 2 + 3 * 2 + 1 + 2 + 1);

    // A `.pyasm` program: the same collapse.
    let o = gilsim(&[
        "run",
        "tests/golden/recursion_limit.pyasm",
        "--format",
        "none",
    ]);
    assert_eq!(o.code, Some(70));
    assert!(o
        .stderr
        .contains("  [Previous line repeated 996 more times]\nRecursionError"));
    assert_eq!(o.stderr.lines().count(), 2 + 4 * 2 + 1 + 1);

    // A deep limit prints a few lines, not one per frame.
    let o = gilsim(&[
        "run",
        s(&rec),
        "--format",
        "none",
        "--recursion-limit",
        "100000",
    ]);
    assert_eq!(o.code, Some(70), "{}", o.show_cut(3000));
    assert!(o.stderr.len() < 2000, "{}", o.show_cut(3000));
    assert!(o
        .stderr
        .contains("  [Previous line repeated 99996 more times]\n"));

    // The same shape as CPython's, where python3 is installed.
    for (name, src) in [("rec.py", RECURSE), ("fail.py", RECURSE_THEN_FAIL)] {
        let Ok(py) = Command::new("python3")
            .arg(s(&dir.path(name)))
            .stdin(Stdio::null())
            .output()
        else {
            return;
        };
        let gs = gilsim(&["run", s(&dir.path(name)), "--format", "none"]);
        let (mut ours, mut theirs) = (
            shape(&gs.stderr),
            shape(&String::from_utf8_lossy(&py.stderr)),
        );
        if src == RECURSE {
            // CPython's recursion depth counts differ between versions.
            for v in [&mut ours, &mut theirs] {
                for l in v.iter_mut().filter(|l| l.starts_with("repeat ")) {
                    *l = "repeat N".into();
                }
            }
        }
        assert_eq!(
            ours,
            theirs,
            "{name}\n--- gilsim\n{}--- python3\n{}",
            gs.stderr,
            String::from_utf8_lossy(&py.stderr)
        );
    }
}
