//! Malformed or unsupported Python: every error with its message and
//! position, against CPython's verdict.

use super::*;

/// Malformed or unsupported Python: `FILE:LINE:COL: error: MESSAGE`, the
/// message starting so; and whether CPython rejects the file too (its
/// last line then starts gilsim's message) or runs it (gilsim lacks the
/// feature). Constructs the old front end rejected and this one runs
/// (classes, lambdas, try, lists, dicts, f-strings, decorators, nested
/// functions, `is`/`in`, `*args`, defaults, unpacking, subscripts,
/// conditional expressions...) are run against CPython by tests/python/.
const ERRORS: &[(&str, &str, &str, bool)] = &[
    (
        "def f(:\n    pass\n",
        "1:7",
        "SyntaxError: invalid syntax",
        true,
    ),
    ("if x\n    pass\n", "1:5", "SyntaxError: expected ':'", true),
    (
        "def f():\nreturn 1\n",
        "2:1",
        "IndentationError: expected an indented block after function definition on line 1",
        true,
    ),
    (
        "if True:\n        x = 1\n    y = 2\n",
        "3:1",
        "IndentationError: unindent does not match any outer indentation level",
        true,
    ),
    (
        "x = 'abc\n",
        "1:5",
        "SyntaxError: unterminated string literal (detected at line 1)",
        true,
    ),
    (
        "print(1, 2\n",
        "1:6",
        "SyntaxError: '(' was never closed",
        true,
    ),
    (
        "def f(x y):\n    pass\n",
        "1:9",
        "SyntaxError: invalid syntax (",
        true,
    ),
    ("x = 1 $ 2\n", "1:7", "SyntaxError: invalid syntax", true),
    ("x = )\n", "1:5", "SyntaxError: unmatched ')'", true),
    (
        "x = 1\n    y = 2\n",
        "2:1",
        "IndentationError: unexpected indent",
        true,
    ),
    (
        "if 1:\n\tx = 1\n        y = 2\n",
        "3:1",
        "TabError: inconsistent use of tabs and spaces in indentation",
        true,
    ),
    (
        "x = 0o8\n",
        "1:7",
        "SyntaxError: invalid digit '8' in octal literal",
        true,
    ),
    (
        "return 1\n",
        "1:1",
        "SyntaxError: 'return' outside function",
        true,
    ),
    ("break\n", "1:1", "SyntaxError: 'break' outside loop", true),
    (
        "def f(a, a):\n    pass\n",
        "1:10",
        "SyntaxError: duplicate argument 'a' in function definition",
        true,
    ),
    (
        "True = 1\n",
        "1:1",
        "SyntaxError: cannot assign to True",
        true,
    ),
    (
        "f(a=1, a=2)\n",
        "1:8",
        "SyntaxError: keyword argument repeated: a",
        true,
    ),
    (
        "import socket\n",
        "1:1",
        "not supported by gilsim: the module 'socket'",
        false,
    ),
    (
        "x = 3j\n",
        "1:5",
        "not supported by gilsim: complex numbers",
        false,
    ),
    (
        "x = 18446744073709551616\n",
        "1:5",
        "not supported by gilsim: ints past 64 bits",
        false,
    ),
    (
        "x = 1\nmatch x:\n    case 1:\n        pass\n",
        "2:1",
        "not supported by gilsim: match statements",
        false,
    ),
    (
        "def f():\n    async for x in y:\n        pass\n",
        "2:5",
        "SyntaxError: 'async for' outside async function",
        true,
    ),
    (
        "class A(metaclass=type):\n    pass\n",
        "1:9",
        "not supported by gilsim: class keywords",
        false,
    ),
];

#[test]
fn every_error_reports_message_and_position() {
    let dir = TempDir::new("py-errors");
    let py = python3();
    let mut failures = Vec::new();
    for (k, (src, pos, want, cpython_rejects)) in ERRORS.iter().enumerate() {
        let msg = match compile_source("bad.py", src) {
            Ok(_) => "compiled without error".to_string(),
            Err(d) => d.to_string(),
        };
        let first = msg.lines().next().unwrap_or("").to_string();
        let prefix = format!("bad.py:{pos}: error: {want}");
        if !first.starts_with(&prefix) {
            failures.push(format!("{src:?}\n  got:  {first}\n  want: {prefix}..."));
            continue;
        }
        if !py {
            continue;
        }
        let file = dir.write(&format!("case{k}.py"), src);
        let o = Command::new("python3").arg(&file).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        let last = err.trim_end().lines().last().unwrap_or("").to_string();
        let gilsim_message = first.split_once(": error: ").map(|x| x.1).unwrap_or("");
        let agrees = if *cpython_rejects {
            !o.status.success() && !last.is_empty() && gilsim_message.starts_with(&last)
        } else {
            o.status.success()
        };
        if !agrees {
            failures.push(format!("{src:?}\n  gilsim:  {first}\n  CPython: {last:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} wrong:\n{}",
        failures.len(),
        ERRORS.len(),
        failures.join("\n")
    );
}
