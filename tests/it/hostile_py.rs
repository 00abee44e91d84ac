//! The Python front end against hostile input: nesting deep enough to
//! overflow a recursive-descent parser (answered with CPython's own limits
//! and messages, at file:line:col), corners where it used to differ from
//! CPython silently (escapes, raw strings, BOM, CR line ends, tabs,
//! duplicate parameters, i64::MIN), programs big enough to expose quadratic
//! lookups, and mutated twins (no panic, no hang, errors with positions).
//! Big inputs are generated here; where python3 is installed, each verdict
//! is checked against CPython's.

use crate::common::{output_within, python3, TempDir};
use gilsim::py::compile_source;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// A generous deadline for one run of the binary (a debug build on a
/// loaded machine); a hang or a quadratic blow-up exceeds it.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `f` on each item, four at a time (each mostly waits on a child
/// process); returns every failure message.
fn in_parallel<T: Send, F: Fn(T) -> Vec<String> + Sync>(items: Vec<T>, f: F) -> Vec<String> {
    let queue = std::sync::Mutex::new(items.into_iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let Some(item) = queue.lock().unwrap().next() else {
                    return;
                };
                let mut out = f(item);
                failures.lock().unwrap().append(&mut out);
            });
        }
    });
    failures.into_inner().unwrap()
}

/// Runs `cmd` to completion, killing it (and failing) after [`DEADLINE`].
/// Output is drained on threads, so a long diagnostic cannot block it.
fn run_with_deadline(mut cmd: Command, what: &str) -> Output {
    output_within(&mut cmd, DEADLINE, || {
        format!("{what}: still running after {DEADLINE:?}")
    })
}

/// Writes `src` to `dir/name` and runs `gilsim ARGS... name` there.
fn gilsim(dir: &Path, name: &str, src: &[u8], args: &[&str]) -> Output {
    std::fs::write(dir.join(name), src).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gilsim"));
    cmd.args(args).arg(name).current_dir(dir);
    run_with_deadline(cmd, &format!("gilsim {args:?} {name}"))
}

/// `gilsim check` of `src`: its exit code and stderr.
fn check(dir: &Path, name: &str, src: &str) -> (i32, String) {
    let o = gilsim(dir, name, src.as_bytes(), &["check"]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `python3 name` of the file written by [`gilsim`] (UTF-8 output).
fn cpython(dir: &Path, name: &str) -> Output {
    let mut cmd = Command::new("python3");
    cmd.arg(name)
        .current_dir(dir)
        .env("PYTHONIOENCODING", "utf-8");
    run_with_deadline(cmd, &format!("python3 {name}"))
}

/// The last line of CPython's stderr (the exception), for messages.
fn last_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .trim_end()
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

// ---------------------------------------------------------------------------
// 1. Deep nesting: CPython's limits, as errors, never a stack overflow.

fn sum(n: usize) -> String {
    format!("x = {}\n", vec!["1"; n].join("+"))
}

fn unary(n: usize) -> String {
    format!("x = 1\ny = {}x\n", "- ".repeat(n))
}

fn nots(n: usize) -> String {
    format!("x = 1\ny = {}x\n", "not ".repeat(n))
}

fn power(n: usize) -> String {
    format!("x = {}\n", vec!["1"; n].join("**"))
}

fn elifs(n: usize) -> String {
    let mut s = String::from("x = 1\nif x == 0:\n    pass\n");
    for i in 1..n {
        s.push_str(&format!("elif x == {i}:\n    pass\n"));
    }
    s.push_str("else:\n    pass\n");
    s
}

fn parens(n: usize) -> String {
    format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n))
}

fn calls(n: usize) -> String {
    format!(
        "def f(a):\n    return a\n\nx = {}1{}\n",
        "f(".repeat(n),
        ")".repeat(n)
    )
}

fn lists(n: usize) -> String {
    format!("x = {}{}\n", "[".repeat(n), "]".repeat(n))
}

fn ifs(n: usize) -> String {
    let mut s = String::from("x = 1\n");
    for i in 0..n {
        s.push_str(&format!("{}if x:\n", " ".repeat(i)));
    }
    s.push_str(&format!("{}pass\n", " ".repeat(n)));
    s
}

fn loops(n: usize) -> String {
    let mut s = String::from("x = 0\n");
    for i in 0..n {
        s.push_str(&format!("{}while x:\n", " ".repeat(i)));
    }
    s.push_str(&format!("{}pass\n", " ".repeat(n)));
    s
}

fn def_unary(n: usize) -> String {
    format!("def f(x):\n    return {}x\n", "- ".repeat(n))
}

fn def_sum(n: usize) -> String {
    format!("def f(x):\n    return {}\n", vec!["x"; n].join(" + "))
}

fn attrs(n: usize) -> String {
    format!("def f(x):\n    return x{}\n", ".a".repeat(n))
}

fn compare_of_sum(n: usize) -> String {
    format!("x = 1\ny = x < {}\n", vec!["1"; n].join("+"))
}

/// How a deep program fares: accepted, or an error containing the text.
#[derive(Debug)]
enum Verdict {
    Ok,
    Err(&'static str),
}

const TOO_DEEP: &str = "error: RecursionError: maximum recursion depth exceeded during compilation";

/// Deep programs and what gilsim says. `Some(true)`: CPython 3.11 compiles
/// it as a script; `Some(false)`: CPython fails (SyntaxError,
/// IndentationError, RecursionError or, in its parser, MemoryError); `None`:
/// gilsim rejects it only as outside its subset.
fn deep_cases() -> Vec<(&'static str, String, Verdict, Option<bool>)> {
    use Verdict::{Err, Ok};
    vec![
        ("paren200", parens(200), Ok, Some(true)),
        (
            "paren201",
            parens(201),
            Err("1:205: error: too many nested parentheses"),
            Some(false),
        ),
        (
            "paren2000",
            parens(2000),
            Err("1:205: error: too many nested parentheses"),
            Some(false),
        ),
        ("calls200", calls(200), Ok, Some(true)),
        (
            "calls5000",
            calls(5000),
            Err("4:406: error: too many nested parentheses"),
            Some(false),
        ),
        (
            "lists150",
            lists(150),
            Err("1:5: error: not supported by gilsim: lists"),
            None,
        ),
        (
            "lists5000",
            lists(5000),
            Err("1:205: error: too many nested parentheses"),
            Some(false),
        ),
        ("sum2999", sum(2999), Ok, Some(true)),
        ("sum3000", sum(3000), Err(TOO_DEEP), Some(false)),
        ("sum50000", sum(50_000), Err(TOO_DEEP), Some(false)),
        ("unary2998", unary(2998), Ok, Some(true)),
        ("unary2999", unary(2999), Err(TOO_DEEP), Some(false)),
        ("unary100000", unary(100_000), Err(TOO_DEEP), Some(false)),
        ("not2998", nots(2998), Ok, Some(true)),
        ("not2999", nots(2999), Err(TOO_DEEP), Some(false)),
        ("not50000", nots(50_000), Err(TOO_DEEP), Some(false)),
        ("power2000", power(2000), Ok, Some(true)),
        ("power10000", power(10_000), Err(TOO_DEEP), Some(false)),
        ("elif2998", elifs(2998), Ok, Some(true)),
        ("elif2999", elifs(2999), Err(TOO_DEEP), Some(false)),
        ("elif20000", elifs(20_000), Err(TOO_DEEP), Some(false)),
        ("def_unary2997", def_unary(2997), Ok, Some(true)),
        ("def_unary2998", def_unary(2998), Err(TOO_DEEP), Some(false)),
        ("def_sum2998", def_sum(2998), Ok, Some(true)),
        ("def_sum2999", def_sum(2999), Err(TOO_DEEP), Some(false)),
        ("cmp_sum2998", compare_of_sum(2998), Ok, Some(true)),
        (
            "cmp_sum2999",
            compare_of_sum(2999),
            Err(TOO_DEEP),
            Some(false),
        ),
        (
            "attrs2997",
            attrs(2997),
            Err("not supported by gilsim: attributes outside calls"),
            None,
        ),
        ("attrs2998", attrs(2998), Err(TOO_DEEP), Some(false)),
        ("attrs50000", attrs(50_000), Err(TOO_DEEP), Some(false)),
        ("ifs99", ifs(99), Ok, Some(true)),
        (
            "ifs100",
            ifs(100),
            Err("102:1: error: IndentationError: too many levels of indentation"),
            Some(false),
        ),
        (
            "ifs1000",
            ifs(1000),
            Err("102:1: error: IndentationError: too many levels of indentation"),
            Some(false),
        ),
        ("loops20", loops(20), Ok, Some(true)),
        (
            "loops21",
            loops(21),
            Err("22:21: error: too many statically nested blocks"),
            Some(false),
        ),
    ]
}

#[test]
fn deep_nesting_is_an_error_at_cpythons_limits_never_a_crash() {
    let dir = TempDir::new("hostile-py-deep");
    let py = python3();
    let failures = in_parallel(deep_cases(), |(name, src, verdict, cpython_ok)| {
        let mut failures = Vec::new();
        let file = format!("{name}.py");
        let (code, err) = check(&dir, &file, &src);
        let ok = match &verdict {
            Verdict::Ok => code == 0,
            Verdict::Err(text) => {
                code == 65 && err.starts_with(&format!("{file}:")) && err.contains(text)
            }
        };
        if !ok {
            let shown: String = err.chars().take(300).collect();
            failures.push(format!(
                "{name}: want {verdict:?}, got exit {code}: {shown}"
            ));
        }
        if let (true, Some(want)) = (py, cpython_ok) {
            let o = cpython(&dir, &file);
            if o.status.success() != want {
                failures.push(format!(
                    "{name}: CPython {} it: {}",
                    if want {
                        "should compile"
                    } else {
                        "should reject"
                    },
                    last_line(&o)
                ));
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deep_programs_compile_in_process_on_a_small_stack() {
    // Test threads have 2 MiB stacks: the front end must not depend on the
    // caller's stack (it runs on its own), and must stop at its limits.
    let cases = [
        (elifs(2998), true),
        (unary(2998), true),
        (sum(2999), true),
        (parens(200), true),
        (elifs(20_000), false),
        (sum(50_000), false),
        (power(10_000), false),
        (attrs(50_000), false),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || {
            for (src, ok) in &cases {
                let r = compile_source("deep.py", src);
                assert_eq!(r.is_ok(), *ok, "{:?}", r.err().map(|d| d.to_string()));
                if let Err(d) = r {
                    assert!(d.errors[0].message.starts_with("RecursionError"), "{d}");
                    assert!(d.errors[0].span.line >= 1 && d.errors[0].span.col >= 1);
                }
            }
        })
        .unwrap();
    handle.join().unwrap();
}

// ---------------------------------------------------------------------------
// 2. Corners where the front end used to differ from CPython.

/// Programs gilsim and CPython must both run, printing the same bytes.
const SAME_OUTPUT: &[(&str, &[u8])] = &[
    (
        "escapes",
        br#"print('\101|\a|\b|\f|\v|\x41|\U0001F600|\u00e9|\N{BULLET}|\N{em dash}|\N{LATIN SMALL LETTER Q}|\d|\0|\08|\777|\400|\1234')
"#,
    ),
    ("escapes_triple", b"print('''a\\\nb\\tc\\'\\\"''', \"\\N{DIGIT SEVEN}\")\n"),
    ("raw_escaped_quote", b"print(r'\\'', r\"\\\"\", r'a\\\\', r'\\n')\n"),
    ("raw_backslash_newline", b"print(r'a\\\nb')\n"),
    ("bom", b"\xef\xbb\xbfx = 1\nprint(x)\n"),
    ("cr_only", b"x = 1\rif x:\r    print('cr', x)\r"),
    ("crlf", b"x = 1\r\nif x:\r\n    print('crlf', x)\r\ny = '''a\r\nb'''\r\nprint(y)\r\n"),
    ("cr_in_triple_string", b"s = '''a\rb'''\nprint(s == 'a\\nb')\n"),
    ("int_min", b"x = -9223372036854775808\nprint(x, - 9223372036854775808 + 1)\n"),
    ("tabs_consistent", b"if 1:\n\tx = 1\n\tif x:\n\t\tprint(x)\n"),
    (
        "global_declared_first",
        b"n = 0\ndef f(a):\n    global n\n    n = a\n    return n\nprint(f(3), n)\n",
    ),
    ("formfeed_indent", b"x = 1\n\x0cif x:\n    print(x)\n"),
    ("continuation", b"x = 1 + \\\n    2\nprint(x)\n"),
    (
        "names_like_the_compilers_temporaries",
        b"def f():\n    __i1 = 5\n    for i in range(2):\n        print(__i1, i)\n    return __i1\n__i2 = 7\nfor j in range(2):\n    print(__i2, j)\nprint(f(), __i2)\n",
    ),
    ("soft_keyword_match", b"match = 3\nprint(match)\n"),
    ("number_then_keyword", b"print(1or 2, 0and 1, 1_000, 0x_1f, 1.e1, 09.5)\n"),
    (
        "unary_plus",
        b"x = True\ny = -0.0\nprint(+x, +1.5, +True, -+-2, +y, +-9223372036854775808)\n",
    ),
];

#[test]
fn corner_cases_run_and_print_as_under_cpython() {
    let dir = TempDir::new("hostile-py-same");
    let py = python3();
    let failures = in_parallel(SAME_OUTPUT.to_vec(), |(name, src)| {
        let file = format!("{name}.py");
        let o = gilsim(&dir, &file, src, &["run", "--format", "none"]);
        if o.status.code() != Some(0) {
            return vec![format!(
                "{name}: gilsim exit {:?}: {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            )];
        }
        if py {
            let c = cpython(&dir, &file);
            if !c.status.success() {
                return vec![format!("{name}: CPython fails: {}", last_line(&c))];
            } else if c.stdout != o.stdout {
                return vec![format!(
                    "{name}: CPython prints {:?}, gilsim {:?}",
                    String::from_utf8_lossy(&c.stdout),
                    String::from_utf8_lossy(&o.stdout)
                )];
            }
        }
        vec![]
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Programs gilsim must reject with this message at this position; the
/// last field is the exception CPython raises, or None where CPython
/// accepts the program and gilsim only says it is outside its subset.
const REJECTED: &[(&str, &str, Option<&str>)] = &[
    (
        "def f(a, a):\n    return a\n",
        "1:10: error: duplicate argument 'a' in function definition",
        Some("SyntaxError"),
    ),
    (
        "if 1:\n\tx = 1\n        y = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Some("TabError"),
    ),
    (
        "if 1:\n        x = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Some("TabError"),
    ),
    (
        "if 1:\n    \tx = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Some("TabError"),
    ),
    (
        "if 1:\n  if 1:\n\tx = 1\n",
        "3:1: error: TabError",
        Some("TabError"),
    ),
    (
        "x = 9223372036854775808\n",
        "1:5: error: not supported by gilsim: ints past 64 bits (the literal 9223372036854775808 does not fit",
        None,
    ),
    (
        "x = -9223372036854775809\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        None,
    ),
    (
        "x = -9223372036854775808 ** 1\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        None,
    ),
    ("print('\\x4')\n", "1:8: error: (unicode error) truncated \\xXX escape", Some("SyntaxError")),
    ("print('\\u12')\n", "1:8: error: (unicode error) truncated \\uXXXX escape", Some("SyntaxError")),
    (
        "print('\\U00110000')\n",
        "1:8: error: (unicode error) illegal Unicode character",
        Some("SyntaxError"),
    ),
    ("print('\\N{')\n", "1:8: error: (unicode error) malformed \\N character escape", Some("SyntaxError")),
    (
        "print('\\N{SNOWFLAKE}')\n",
        "1:8: error: not supported by gilsim: the escape \\N{SNOWFLAKE}",
        None,
    ),
    ("x = '\\ud800'\n", "1:6: error: not supported by gilsim: lone surrogates", None),
    ("print(r'\\')\n", "1:7: error: unterminated string literal", Some("SyntaxError")),
    ("x = '''abc\n", "1:5: error: unterminated triple-quoted string literal", Some("SyntaxError")),
    (
        "x = 1e999\n",
        "1:5: error: not supported by gilsim: float literals that round to inf (1e999)",
        None,
    ),
    ("x = 1x\n", "1:5: error: invalid decimal literal", Some("SyntaxError")),
    ("x = 0o8\n", "1:5: error: invalid digit '8' in octal literal", Some("SyntaxError")),
    ("x = 0x\n", "1:5: error: invalid hexadecimal literal", Some("SyntaxError")),
    ("x = 1__0\n", "1:5: error: invalid decimal literal", Some("SyntaxError")),
    ("x = 1_e5\n", "1:5: error: invalid decimal literal", Some("SyntaxError")),
    ("__debug__ = 1\n", "1:1: error: cannot assign to __debug__", Some("SyntaxError")),
    ("True = 1\n", "1:1: error: cannot assign to True", Some("SyntaxError")),
    ("x = 1\n    y = 2\n", "2:1: error: unexpected indent", Some("IndentationError")),
    ("x = 1 \\\n", "1:8: error: unexpected EOF while parsing", Some("SyntaxError")),
    (
        "def f(a, b):\n    return a, b\n",
        "2:12: error: not supported by gilsim: tuples without parentheses",
        None,
    ),
    (
        "def f(a, b):\n    return a @ b\n",
        "2:14: error: not supported by gilsim: the @ operator",
        None,
    ),
    (
        "x = (1]\n",
        "1:7: error: closing parenthesis ']' does not match opening parenthesis '('",
        Some("SyntaxError"),
    ),
    (
        "x = (1,\n]\n",
        "2:1: error: closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        Some("SyntaxError"),
    ),
    ("x = 1 \\ 2\n", "1:8: error: unexpected character after line continuation character", Some("SyntaxError")),
    (
        "def f(a):\n    global a\n",
        "2:5: error: name 'a' is parameter and global",
        Some("SyntaxError"),
    ),
    (
        "def f():\n    x = 1\n    global x\n",
        "3:5: error: name 'x' is assigned to before global declaration",
        Some("SyntaxError"),
    ),
    (
        "x = 0\ndef f():\n    print(x)\n    global x\n",
        "4:5: error: name 'x' is used prior to global declaration",
        Some("SyntaxError"),
    ),
    (
        "x = 1\nglobal x\n",
        "2:1: error: name 'x' is assigned to before global declaration",
        Some("SyntaxError"),
    ),
    (
        "def f():\n    for x in range(3):\n        global x\n",
        "3:9: error: name 'x' is assigned to before global declaration",
        Some("SyntaxError"),
    ),
    ("print(flush=True, flush=True)\n", "1:19: error: keyword argument repeated: flush", Some("SyntaxError")),
    ("x = 'a\ry'\n", "1:5: error: unterminated string literal", Some("SyntaxError")),
];

#[test]
fn corner_cases_rejected_as_cpython_rejects_them() {
    let dir = TempDir::new("hostile-py-rejected");
    let py = python3();
    let cases: Vec<_> = REJECTED.iter().enumerate().collect();
    let failures = in_parallel(cases, |(k, (src, want, exc))| {
        let mut failures = Vec::new();
        let file = format!("case{k}.py");
        let (code, err) = check(&dir, &file, src);
        let want = format!("{file}:{want}");
        if code != 65 || !err.starts_with(&want) {
            failures.push(format!(
                "{src:?}: want exit 65 and {want:?}, got {code}: {err}"
            ));
        }
        if py {
            let o = cpython(&dir, &file);
            let last = last_line(&o);
            let ok = match exc {
                Some(e) => !o.status.success() && last.starts_with(e),
                None => o.status.success(),
            };
            if !ok {
                failures.push(format!("{src:?}: CPython says {last:?}, want {exc:?}"));
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn named_escapes_gilsim_knows_mean_what_cpython_says() {
    // Each name in gilsim's table, through print, against unicodedata.
    if !python3() {
        eprintln!("skipped: python3 not found");
        return;
    }
    let names = [
        "BULLET",
        "EM DASH",
        "en dash",
        "NO-BREAK SPACE",
        "HORIZONTAL ELLIPSIS",
        "DEGREE SIGN",
        "EURO SIGN",
        "GREEK SMALL LETTER ALPHA",
        "SNOWMAN",
        "GRINNING FACE",
        "CHECK MARK",
        "LATIN CAPITAL LETTER Z",
        "LATIN SMALL LETTER SHARP S",
        "DIGIT ZERO",
        "NULL",
        "LINE FEED",
        "SPACE",
        "REPLACEMENT CHARACTER",
    ];
    let src: String = names
        .iter()
        .map(|n| format!("print('\\N{{{n}}}')\n"))
        .collect();
    let dir = TempDir::new("hostile-py-names");
    let o = gilsim(
        &dir,
        "names.py",
        src.as_bytes(),
        &["run", "--format", "none"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let c = cpython(&dir, "names.py");
    assert!(c.status.success(), "{}", last_line(&c));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&c.stdout)
    );
}

// ---------------------------------------------------------------------------
// 3. Big programs: linear lookups of names, globals, locals and constants.

#[test]
fn a_hundred_thousand_globals_and_fifty_thousand_locals_check_quickly() {
    let dir = TempDir::new("hostile-py-big");
    let mut globals = String::new();
    for i in 0..100_000 {
        globals.push_str(&format!("g{i} = {i}\n"));
    }
    globals.push_str("print(g0 + g99999)\n");
    let (code, err) = check(&dir, "globals.py", &globals);
    assert_eq!(code, 0, "{err}");
    let mut locals = String::from("def f():\n");
    for i in 0..50_000 {
        locals.push_str(&format!("    v{i} = {i}.5\n"));
    }
    locals.push_str("    return v0 + v49999\n\nprint(f())\n");
    let (code, err) = check(&dir, "locals.py", &locals);
    assert_eq!(code, 0, "{err}");
    // Many distinct names read back, and many repeated constants.
    let mut reads = String::from("def f(a):\n");
    for i in 0..20_000 {
        reads.push_str(&format!("    w{i} = a + {}\n", i % 7));
    }
    reads.push_str("    s = 0\n");
    for i in (0..20_000).rev() {
        reads.push_str(&format!("    s += w{i}\n"));
    }
    reads.push_str("    return s\n\nprint(f(1))\n");
    let o = gilsim(
        &dir,
        "reads.py",
        reads.as_bytes(),
        &["run", "--format", "none"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), "79997\n");
}

// ---------------------------------------------------------------------------
// 4. Mutated twins: whatever the bytes, an answer with positions.

/// Tokens spliced into programs: valid and invalid Python, brackets,
/// indentation, escapes, keywords gilsim does not support.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "=",
    "+=",
    "**",
    "-",
    "not ",
    " and ",
    " or ",
    "<",
    "==",
    "\n",
    "\n    ",
    "\n\t",
    "\t",
    "\r",
    "\r\n",
    "\\\n",
    "\\",
    "'",
    "\"",
    "'''",
    "r'\\'",
    "'\\N{",
    "'\\x4'",
    "\\777",
    "#",
    "if ",
    "elif ",
    "else:",
    "while ",
    "for ",
    " in ",
    "range(",
    "def ",
    "return ",
    "global ",
    "pass",
    "break",
    "continue",
    "with ",
    "lambda",
    "class ",
    "import ",
    "from ",
    "9223372036854775808",
    "-9223372036854775808",
    "1e999",
    "0x",
    "1_000",
    "0.5",
    "None",
    "True",
    "print(",
    "threading.Thread(target=",
    "args=(",
    ".start()",
    ".join()",
    "time.sleep(",
    "\u{feff}",
    "\u{0}",
    "é",
    "😀",
    ";",
    "@",
    "->",
    ":=",
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, usize),
    Truncate(usize),
    DupLine(usize),
    SwapLines(usize, usize),
    Nest(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 1..40usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DupLine),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Mutation::SwapLines(i, j)),
        (any::<usize>(), 1..400usize).prop_map(|(i, n)| Mutation::Nest(i, n)),
    ]
}

fn mutate(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = b.len().max(1);
        match *m {
            Mutation::Flip(i, x) if !b.is_empty() => b[i % len] = x,
            Mutation::Flip(..) => {}
            Mutation::Delete(i, n) => {
                let at = (i % len).min(b.len());
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            Mutation::Insert(i, t) => {
                let at = (i % len).min(b.len());
                b.splice(at..at, TOKENS[t].bytes());
            }
            Mutation::Truncate(i) => b.truncate(i % len),
            Mutation::DupLine(i) | Mutation::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                match *m {
                    Mutation::SwapLines(_, j) => lines.swap(i % n, j % n),
                    _ => {
                        let l = lines[i % n].clone();
                        lines.insert(i % n, l);
                    }
                }
                b = lines.join(&b'\n');
            }
            Mutation::Nest(i, n) => {
                // Wrap one spot in n brackets or unary minuses.
                let at = (i % len).min(b.len());
                let (open, close): (&[u8], &[u8]) = if n % 2 == 0 {
                    (b"(", b")")
                } else {
                    (b"-", b"")
                };
                let mut ins = open.repeat(n);
                ins.extend_from_slice(b"1");
                ins.extend_from_slice(&close.repeat(n));
                b.splice(at..at, ins);
            }
        }
    }
    b
}

fn twins() -> Vec<Vec<u8>> {
    let dir = crate::common::repo_path("programs");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Compiles on a watchdog: a hang fails the test instead of stalling it.
fn compile_within(src: String) -> Result<gilsim::bytecode::Program, gilsim::diag::Diagnostics> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(compile_source("fuzz.py", &src));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(r) => r,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("the front end hangs"),
        Err(e) => panic!("the front end panicked ({e})"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn mutated_twins_compile_or_fail_with_positions(
        which in 0..64usize,
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let all = twins();
        let bytes = mutate(all[which % all.len()].clone(), &muts);
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let nlines = src.split(['\n', '\r']).count() as u32;
        match compile_within(src) {
            Ok(p) => {
                // What compiles is a verified program that dis round-trips.
                let text = gilsim::bytecode::disasm::disassemble(&p);
                let q = gilsim::asm::assemble("dis.pyasm", &text);
                prop_assert!(q.is_ok_and(|q| p.same_code(&q)), "{}", text);
            }
            Err(d) => {
                prop_assert!(!d.errors.is_empty());
                for e in &d.errors {
                    prop_assert!(e.span.line >= 1 && e.span.line <= nlines + 1, "{d}");
                    prop_assert!(e.span.col >= 1, "{d}");
                    prop_assert!(!e.message.is_empty());
                }
                let shown = d.to_string();
                prop_assert!(shown.starts_with("fuzz.py:"), "{shown}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_twins_through_the_binary_exit_65_or_0(
        which in 0..64usize,
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let all = twins();
        let bytes = mutate(all[which % all.len()].clone(), &muts);
        let dir = TempDir::new("hostile-py-fuzz");
        let o = gilsim(&dir, "m.py", &bytes, &["check"]);
        let code = o.status.code();
        let err = String::from_utf8_lossy(&o.stderr);
        prop_assert!(code == Some(0) || code == Some(65), "exit {code:?}: {err}");
        if code == Some(65) {
            // FILE:LINE:COL: error: ...
            let first = err.lines().next().unwrap_or("");
            let mut parts = first.splitn(4, ':');
            prop_assert_eq!(parts.next(), Some("m.py"), "{}", err);
            let line = parts.next().and_then(|l| l.parse::<u32>().ok());
            let col = parts.next().and_then(|c| c.parse::<u32>().ok());
            prop_assert!(line.is_some() && col.is_some(), "{}", err);
            prop_assert!(parts.next().is_some_and(|r| r.starts_with(" error: ")), "{}", err);
        }
    }
}
