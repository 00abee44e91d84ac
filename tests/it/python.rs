//! The Python front end: golden disassembly for each construct; every
//! error with its position; the twins in programs/ print the same under
//! CPython (python3) and gilsim; `.py` files through the command line.

use crate::common::{python3, repo_path, TempDir};
use gilsim::bytecode::disasm;
use gilsim::py::compile_source;
use std::process::Command;

/// Compiles `def f(a, b):` with `body` (after a preamble of imports and a
/// global) and returns f's instructions, one per line, as `dis` shows them.
fn dis_of_f(body: &str) -> String {
    let src = format!("import time\nimport threading\nimport gilsim_native\n\ng = 0\n\ndef f(a, b):\n    {body}\n");
    let p = compile_source("snippet.py", &src).unwrap_or_else(|d| panic!("{d}\n{src}"));
    let f = &p.functions()[p.function_index("f").unwrap() as usize];
    f.code
        .iter()
        .enumerate()
        .fold(String::new(), |mut out, (i, op)| {
            let label = f.code.iter().any(|o| o.jump_target() == Some(i as u32));
            if label {
                out.push_str(&format!("L{i}:\n"));
            }
            out.push_str(&format!("    {}\n", disasm::instruction(&p, f, op)));
            out
        })
}

const GOLDEN: &[(&str, &str, &str)] = &[
    (
        "assign_aug",
        r#"x = a + 1
    x *= b
    return x"#,
        r#"    LOAD_FAST a
    LOAD_CONST 1
    BINARY_OP +
    STORE_FAST x
    LOAD_FAST x
    LOAD_FAST b
    BINARY_OP *
    STORE_FAST x
    LOAD_FAST x
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "global_stmt",
        r#"global g
    g = a
    g += 1"#,
        r#"    LOAD_FAST a
    STORE_GLOBAL g
    LOAD_GLOBAL g
    LOAD_CONST 1
    BINARY_OP +
    STORE_GLOBAL g
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "while_break_continue",
        r#"while a < b:
        a += 1
        if a == 3:
            continue
        if a == 5:
            break
    return a"#,
        r#"L0:
    LOAD_FAST a
    LOAD_FAST b
    COMPARE_OP <
    POP_JUMP_IF_FALSE L19
    LOAD_FAST a
    LOAD_CONST 1
    BINARY_OP +
    STORE_FAST a
    LOAD_FAST a
    LOAD_CONST 3
    COMPARE_OP ==
    POP_JUMP_IF_FALSE L13
    JUMP_BACKWARD L0
L13:
    LOAD_FAST a
    LOAD_CONST 5
    COMPARE_OP ==
    POP_JUMP_IF_FALSE L18
    JUMP_FORWARD L19
L18:
    JUMP_BACKWARD L0
L19:
    LOAD_FAST a
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "for_range",
        r#"for i in range(a, b, 2):
        pass"#,
        r#"    LOAD_FAST a
    STORE_FAST __i1
    LOAD_FAST b
    STORE_FAST __stop2
L4:
    LOAD_FAST __i1
    LOAD_FAST __stop2
    COMPARE_OP <
    POP_JUMP_IF_FALSE L15
    LOAD_FAST __i1
    STORE_FAST i
    LOAD_FAST __i1
    LOAD_CONST 2
    BINARY_OP +
    STORE_FAST __i1
    JUMP_BACKWARD L4
L15:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "if_elif_else",
        r#"if a:
        return 1
    elif b:
        return 2
    else:
        return 3"#,
        r#"    LOAD_FAST a
    POP_JUMP_IF_FALSE L5
    LOAD_CONST 1
    RETURN_VALUE
    JUMP_FORWARD L12
L5:
    LOAD_FAST b
    POP_JUMP_IF_FALSE L10
    LOAD_CONST 2
    RETURN_VALUE
    JUMP_FORWARD L12
L10:
    LOAD_CONST 3
    RETURN_VALUE
L12:
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "bool_ops",
        r#"return a and b or not a"#,
        r#"    LOAD_FAST a
    COPY 1
    POP_JUMP_IF_FALSE L5
    POP_TOP
    LOAD_FAST b
L5:
    COPY 1
    POP_JUMP_IF_TRUE L10
    POP_TOP
    LOAD_FAST a
    UNARY_NOT
L10:
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "chained_compare",
        r#"return a < b <= 3"#,
        r#"    LOAD_FAST a
    LOAD_FAST b
    SWAP 2
    COPY 2
    COMPARE_OP <
    COPY 1
    POP_JUMP_IF_FALSE L11
    POP_TOP
    LOAD_CONST 3
    COMPARE_OP <=
    JUMP_FORWARD L13
L11:
    SWAP 2
    POP_TOP
L13:
    RETURN_VALUE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "literals",
        r#"print(1, 2.5, 'hi', True, None, -7)"#,
        r#"    LOAD_CONST 1
    LOAD_CONST 2.5
    LOAD_CONST "hi"
    LOAD_CONST True
    LOAD_CONST None
    LOAD_CONST -7
    PRINT 6
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "call_and_print",
        r#"print(f(a, b))"#,
        r#"    LOAD_FAST a
    LOAD_FAST b
    CALL f 2
    PRINT 1
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "sleep",
        r#"time.sleep(a)"#,
        r#"    LOAD_FAST a
    IO_WAIT
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "thread",
        r#"t = threading.Thread(target=f, args=(a, b))
    t.start()
    t.join()"#,
        r#"    LOAD_FAST a
    STORE_FAST __arg1
    LOAD_FAST b
    STORE_FAST __arg2
    LOAD_CONST None
    STORE_FAST t
    LOAD_FAST __arg1
    LOAD_FAST __arg2
    START_THREAD f 2
    STORE_FAST t
    LOAD_FAST t
    JOIN_THREAD
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "lock_with",
        r#"l = threading.Lock()
    with l:
        return a"#,
        r#"    NEW_LOCK
    STORE_FAST l
    LOAD_FAST l
    LOCK_ACQUIRE
    LOAD_FAST a
    LOAD_FAST l
    LOCK_RELEASE
    RETURN_VALUE
    LOAD_FAST l
    LOCK_RELEASE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "lock_methods",
        r#"l = threading.Lock()
    l.acquire()
    l.release()"#,
        r#"    NEW_LOCK
    STORE_FAST l
    LOAD_FAST l
    LOCK_ACQUIRE
    LOAD_FAST l
    LOCK_RELEASE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
    (
        "native",
        r#"gilsim_native.work(a, True)"#,
        r#"    LOAD_FAST a
    LOAD_CONST True
    CALL_NATIVE
    LOAD_CONST None
    RETURN_VALUE"#,
    ),
];

#[test]
fn golden_disassembly_for_each_construct() {
    let mut failures = Vec::new();
    for (name, body, want) in GOLDEN {
        let got = dis_of_f(body);
        if got.trim_end() != want.trim_end() {
            failures.push(format!("{name}:\n--- got\n{got}--- want\n{want}\n"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Malformed or unsupported Python: `FILE:LINE:COL: error: MESSAGE`.
const ERRORS: &[(&str, &str, &str)] = &[
    ("def f(:\n    pass\n", "1:6", "'(' was never closed"),
    ("if x\n    pass\n", "1:5", "invalid syntax: expected ':'"),
    ("def f():\nreturn 1\n", "2:1", "expected an indented block"),
    (
        "if True:\n        x = 1\n    y = 2\n",
        "3:1",
        "unindent does not match any outer indentation level",
    ),
    ("x = 'abc\n", "1:5", "unterminated string literal"),
    ("print(1, 2\n", "1:6", "'(' was never closed"),
    (
        "def f(x y):\n    pass\n",
        "1:9",
        "invalid syntax: expected ')'",
    ),
    ("x = 1 $ 2\n", "1:7", "invalid character '$'"),
    ("x = )\n", "1:5", "unmatched ')'"),
    (
        "class A:\n    pass\n",
        "1:1",
        "not supported by gilsim: classes",
    ),
    (
        "f = lambda x: x\n",
        "1:5",
        "not supported by gilsim: lambda",
    ),
    (
        "try:\n    pass\nexcept:\n    pass\n",
        "1:1",
        "not supported by gilsim: exceptions (try)",
    ),
    ("x = [1, 2]\n", "1:5", "not supported by gilsim: lists"),
    ("x = {}\n", "1:5", "not supported by gilsim: dicts and sets"),
    (
        "print(f'{1}')\n",
        "1:7",
        "not supported by gilsim: f-strings",
    ),
    (
        "import os\n",
        "1:1",
        "not supported by gilsim: the module 'os'",
    ),
    (
        "for c in 'abc':\n    pass\n",
        "1:10",
        "not supported by gilsim: iterating over anything but range(...)",
    ),
    (
        "@dec\ndef f():\n    pass\n",
        "1:1",
        "not supported by gilsim: decorators",
    ),
    (
        "def f():\n    def g():\n        pass\n",
        "2:5",
        "not supported by gilsim: nested functions",
    ),
    (
        "x = 1\ny = x is None\n",
        "2:7",
        "not supported by gilsim: 'is' and 'in' comparisons",
    ),
    (
        "def f(*args):\n    pass\n",
        "1:7",
        "not supported by gilsim: *args and **kwargs",
    ),
    (
        "def f(a=1):\n    pass\n",
        "1:8",
        "not supported by gilsim: default parameter values",
    ),
    (
        "a, b = 1, 2\n",
        "1:1",
        "not supported by gilsim: tuples without parentheses (and unpacking assignment)",
    ),
    (
        "x = 1\ny = x[0]\n",
        "2:6",
        "not supported by gilsim: subscripts and slices",
    ),
    (
        "x = len(3)\n",
        "1:5",
        "not supported by gilsim: the builtin 'len'",
    ),
    ("x = y + 1\n", "1:5", "name 'y' is not defined"),
    ("return 1\n", "1:1", "'return' outside function"),
    ("break\n", "1:1", "'break' outside loop"),
    (
        "def f(a):\n    pass\nf(1, 2)\n",
        "3:1",
        "TypeError: f() takes 1 positional arguments but 2 were given",
    ),
    (
        "import threading\nt = threading.Thread(target=print)\n",
        "2:29",
        "a Thread target that is not a function of the program",
    ),
    (
        "def f():\n    t.start()\n",
        "2:5",
        "not supported by gilsim: starting 't'",
    ),
    (
        "print(1, sep='')\n",
        "1:14",
        "not supported by gilsim: print's sep= argument",
    ),
    (
        "x = 1 if True else 2\n",
        "1:7",
        "not supported by gilsim: conditional expressions",
    ),
    (
        "for i in range(1, 5, 0):\n    pass\n",
        "1:22",
        "ValueError: range() arg 3 must not be zero",
    ),
    (
        "x = 3j\n",
        "1:5",
        "not supported by gilsim: complex numbers",
    ),
];

#[test]
fn every_error_reports_message_and_position() {
    let mut failures = Vec::new();
    for (src, pos, fragment) in ERRORS {
        let msg = match compile_source("bad.py", src) {
            Ok(_) => "compiled without error".to_string(),
            Err(d) => d.to_string(),
        };
        let first = msg.lines().next().unwrap_or("").to_string();
        let prefix = format!("bad.py:{pos}: error: ");
        if !first.starts_with(&prefix) || !first.contains(fragment) {
            failures.push(format!(
                "{src:?}\n  got:  {first}\n  want: {prefix}...{fragment}"
            ));
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
    std::fs::write(&bad, "class A:\n    pass\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(65));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("bad.py:1:1: error: not supported by gilsim: classes\n1 | class A:\n  | ^"));
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
