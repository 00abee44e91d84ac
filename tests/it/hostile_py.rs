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

/// `n` nested `with` statements: a block each.
fn withs(n: usize) -> String {
    let mut s = String::from("import threading\nlock = threading.RLock()\n");
    for i in 0..n {
        s.push_str(&format!("{}with lock:\n", " ".repeat(i)));
    }
    s.push_str(&format!("{}print('in')\n", " ".repeat(n)));
    s
}

/// `n` try statements, each in the `except` of the one before, in a
/// loop: a handler's body is two blocks deeper than its `try` (the
/// handler and its cleanup), so the innermost is 1 + 2n deep.
fn tries(n: usize) -> String {
    let mut s = String::from("while 0:\n");
    for d in 1..=n {
        let pad = " ".repeat(d);
        s.push_str(&format!("{pad}try:\n{pad} pass\n{pad}except:\n"));
    }
    s.push_str(&format!("{}pass\n", " ".repeat(n + 1)));
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
            Err("1:205: error: SyntaxError: too many nested parentheses"),
            Some(false),
        ),
        (
            "paren2000",
            parens(2000),
            Err("1:205: error: SyntaxError: too many nested parentheses"),
            Some(false),
        ),
        ("calls200", calls(200), Ok, Some(true)),
        (
            "calls5000",
            calls(5000),
            Err("4:406: error: SyntaxError: too many nested parentheses"),
            Some(false),
        ),
        ("lists150", lists(150), Ok, Some(true)),
        ("lists200", lists(200), Ok, Some(true)),
        (
            "lists5000",
            lists(5000),
            Err("1:205: error: SyntaxError: too many nested parentheses"),
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
        ("attrs2997", attrs(2997), Ok, Some(true)),
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
            Err("22:21: error: SyntaxError: too many statically nested blocks"),
            Some(false),
        ),
        ("withs20", withs(20), Ok, Some(true)),
        (
            "withs21",
            withs(21),
            Err("23:21: error: SyntaxError: too many statically nested blocks"),
            Some(false),
        ),
        ("tries9", tries(9), Ok, Some(true)),
        (
            "tries10",
            tries(10),
            Err("31:11: error: SyntaxError: too many statically nested blocks"),
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
    ("float_literal_past_max", b"print(1e999, -1e999, 1e999 == 2e400)\n"),
    ("named_escape", b"print('\\N{SNOWFLAKE}', '\\N{greek small letter alpha}')\n"),
    (
        "tuples_without_parentheses",
        b"def f(a, b):\n    return a, b\nprint(f(1, 2))\na, b = f(3, 4)\nprint(a, b)\n",
    ),
    ("keywords_after_numbers", b"print(1if 1else 2, [0for x in 'ab'], 1in[1], 0x1for 0)\n"),
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

/// What CPython makes of a program gilsim rejects.
#[derive(Clone, Copy, Debug)]
enum Cpy {
    /// The same error: CPython's last line is gilsim's message (or its
    /// start, where gilsim adds ruff's reason after "invalid syntax"),
    /// on the same line, at the same column where CPython shows a caret.
    Same,
    /// The same error and line, CPython's caret at this column (gilsim
    /// points at the offending escape or line start instead of where
    /// CPython's parser happened to be).
    SameAtCol(u32),
    /// CPython runs it: gilsim only lacks the feature.
    Accepts,
}

/// Programs gilsim must reject with this message at this position (its
/// first error starts so), and what CPython says of each.
const REJECTED: &[(&str, &str, Cpy)] = &[
    // Duplicate parameters, tabs mixed with spaces.
    (
        "def f(a, a):\n    return a\n",
        "1:10: error: SyntaxError: duplicate argument 'a' in function definition",
        Cpy::Same,
    ),
    (
        "if 1:\n\tx = 1\n        y = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    (
        "if 1:\n        x = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    (
        "if 1:\n    \tx = 1\n\ty = 2\n",
        "3:1: error: TabError: inconsistent use of tabs and spaces in indentation",
        Cpy::Same,
    ),
    ("if 1:\n  if 1:\n\tx = 1\n", "3:1: error: TabError: inconsistent use", Cpy::Same),
    // Ints past 64 bits: gilsim's limit, not Python's.
    (
        "x = 9223372036854775808\n",
        "1:5: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    (
        "x = -9223372036854775809\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    (
        "x = -9223372036854775808 ** 1\n",
        "1:6: error: not supported by gilsim: ints past 64 bits",
        Cpy::Accepts,
    ),
    // Escapes CPython cannot decode: gilsim points at the escape, CPython
    // past the string.
    (
        "print('\\x4')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
        Cpy::SameAtCol(12),
    ),
    (
        "print('\\u12')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape",
        Cpy::SameAtCol(13),
    ),
    (
        "print('\\U00110000')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character",
        Cpy::SameAtCol(19),
    ),
    (
        "print('\\N{')\n",
        "1:8: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape",
        Cpy::SameAtCol(12),
    ),
    (
        "x = 'a\\N{NO SUCH NAME}'\n",
        "1:7: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 1-16: unknown Unicode character name",
        Cpy::SameAtCol(24),
    ),
    (
        "x = '\u{e9}\\x4'\n",
        "1:7: error: SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape",
        Cpy::SameAtCol(12),
    ),
    (
        "x = b'\\x4'\n",
        "1:7: error: SyntaxError: (value error) invalid \\x escape at position 0",
        Cpy::SameAtCol(11),
    ),
    (
        "x = '\\ud800'\n",
        "1:6: error: not supported by gilsim: lone surrogates",
        Cpy::Accepts,
    ),
    // Unterminated strings, where CPython detects them.
    (
        "print(r'\\')\n",
        "1:7: error: SyntaxError: unterminated string literal (detected at line 1)",
        Cpy::Same,
    ),
    (
        "x = '''abc\n",
        "1:5: error: SyntaxError: unterminated triple-quoted string literal (detected at line 1)",
        Cpy::Same,
    ),
    (
        "x = '''abc\ndef\n",
        "1:5: error: SyntaxError: unterminated triple-quoted string literal (detected at line 2)",
        Cpy::Same,
    ),
    (
        "x = 'abc\\\ndef\n",
        "1:5: error: SyntaxError: unterminated string literal (detected at line 2)",
        Cpy::Same,
    ),
    (
        "x = 'a\ry'\n",
        "1:5: error: SyntaxError: unterminated string literal (detected at line 1)",
        Cpy::Same,
    ),
    // Number literals.
    ("x = 1x\n", "1:5: error: SyntaxError: invalid decimal literal", Cpy::Same),
    (
        "x = 0o8\n",
        "1:7: error: SyntaxError: invalid digit '8' in octal literal",
        Cpy::Same,
    ),
    (
        "x = 0b12\n",
        "1:8: error: SyntaxError: invalid digit '2' in binary literal",
        Cpy::Same,
    ),
    ("x = 0x\n", "1:6: error: SyntaxError: invalid hexadecimal literal", Cpy::Same),
    ("x = 0x1g\n", "1:7: error: SyntaxError: invalid hexadecimal literal", Cpy::Same),
    ("x = 1__0\n", "1:6: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1_e5\n", "1:6: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1.5e+\n", "1:9: error: SyntaxError: invalid decimal literal", Cpy::Same),
    ("x = 1.5j2\n", "1:8: error: SyntaxError: invalid imaginary literal", Cpy::Same),
    (
        "x = 012\n",
        "1:5: error: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        Cpy::Same,
    ),
    // Characters.
    (
        "x = 1 + \u{20ac}\n",
        "1:9: error: SyntaxError: invalid character '\u{20ac}' (U+20AC)",
        Cpy::Same,
    ),
    (
        "x\u{20ac} = 1\n",
        "1:2: error: SyntaxError: invalid character '\u{20ac}' (U+20AC)",
        Cpy::Same,
    ),
    (
        "x = \u{1}\n",
        "1:5: error: SyntaxError: invalid non-printable character U+0001",
        Cpy::Same,
    ),
    (
        "x = \u{200b}1\n",
        "1:5: error: SyntaxError: invalid non-printable character U+200B",
        Cpy::Same,
    ),
    (
        "x = 1\ny = \u{0}\n",
        "2:5: error: SyntaxError: source code cannot contain null bytes",
        Cpy::Same,
    ),
    ("x = 1 $ 2\n", "1:7: error: SyntaxError: invalid syntax", Cpy::Same),
    // Brackets and line continuations.
    (
        "x = (1]\n",
        "1:7: error: SyntaxError: closing parenthesis ']' does not match opening parenthesis '('",
        Cpy::Same,
    ),
    (
        "x = (1,\n]\n",
        "2:1: error: SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        Cpy::Same,
    ),
    ("x = )\n", "1:5: error: SyntaxError: unmatched ')'", Cpy::Same),
    ("print(1, 2\n", "1:6: error: SyntaxError: '(' was never closed", Cpy::Same),
    (
        "x = (1,\ny = = 2\n",
        "1:5: error: SyntaxError: '(' was never closed",
        Cpy::Same,
    ),
    (
        "x = 1 \\ 2\n",
        "1:8: error: SyntaxError: unexpected character after line continuation character",
        Cpy::Same,
    ),
    (
        "x = 1 \\\n",
        "1:8: error: SyntaxError: unexpected EOF while parsing",
        Cpy::Same,
    ),
    // Which error CPython reports when there are several: the
    // tokenizer's own win over an earlier parser error, the ones it only
    // flags (tabs, indentation) do not.
    (
        "x = = 1\ny = 'abc\n",
        "2:5: error: SyntaxError: unterminated string literal",
        Cpy::Same,
    ),
    (
        "x = = 1\nif 1:\n\tx = 1\n        y = 2\n",
        "1:5: error: SyntaxError: invalid syntax",
        Cpy::Same,
    ),
    (
        "print('\\x4')\nz = 1x\n",
        "2:5: error: SyntaxError: invalid decimal literal",
        Cpy::Same,
    ),
    (
        "x = 1\n    y = 2\nz = 'abc\n",
        "2:1: error: IndentationError: unexpected indent",
        Cpy::Same,
    ),
    // Indentation.
    (
        "if True:\n        x = 1\n    y = 2\n",
        "3:1: error: IndentationError: unindent does not match any outer indentation level",
        Cpy::SameAtCol(10),
    ),
    (
        "x = 1\nif x:\npass\n",
        "3:1: error: IndentationError: expected an indented block after 'if' statement on line 2",
        Cpy::Same,
    ),
    (
        "@d\ndef f(\n  a):\npass\n",
        "4:1: error: IndentationError: expected an indented block after function definition on line 2",
        Cpy::Same,
    ),
    (
        "try:\n    pass\nexcept:\npass\n",
        "4:1: error: IndentationError: expected an indented block after 'except' statement on line 3",
        Cpy::Same,
    ),
    // Assignment targets.
    (
        "__debug__ = 1\n",
        "1:1: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    (
        "def f(x):\n    x.__debug__ = 1\n    del x.__debug__\n",
        "2:5: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    (
        "del __debug__\n",
        "1:5: error: SyntaxError: cannot delete __debug__",
        Cpy::Same,
    ),
    (
        "f(__debug__=1)\n",
        "1:1: error: SyntaxError: cannot assign to __debug__",
        Cpy::Same,
    ),
    ("True = 1\n", "1:1: error: SyntaxError: cannot assign to True", Cpy::Same),
    (
        "f() = 1\n",
        "1:1: error: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
        Cpy::Same,
    ),
    (
        "(a, 1) = x\n",
        "1:5: error: SyntaxError: cannot assign to literal",
        Cpy::Same,
    ),
    (
        "for 1 in x:\n    pass\n",
        "1:5: error: SyntaxError: cannot assign to literal",
        Cpy::Same,
    ),
    (
        "f() += 1\n",
        "1:1: error: SyntaxError: 'function call' is an illegal expression for augmented assignment",
        Cpy::Same,
    ),
    (
        "del f()\n",
        "1:5: error: SyntaxError: cannot delete function call",
        Cpy::Same,
    ),
    (
        "(f() := 1)\n",
        "1:2: error: SyntaxError: cannot use assignment expressions with function call",
        Cpy::Same,
    ),
    (
        "*a = 1\n",
        "1:1: error: SyntaxError: starred assignment target must be in a list or tuple",
        Cpy::Same,
    ),
    (
        "*a, *b = 1, 2\n",
        "1:1: error: SyntaxError: multiple starred expressions in assignment",
        Cpy::Same,
    ),
    (
        "x = *a\n",
        "1:5: error: SyntaxError: can't use starred expression here",
        Cpy::Same,
    ),
    // Arguments and parameters.
    (
        "print(flush=True, flush=True)\n",
        "1:19: error: SyntaxError: keyword argument repeated: flush",
        Cpy::Same,
    ),
    (
        "class A(x=1, x=2):\n    pass\n",
        "1:14: error: SyntaxError: keyword argument repeated: x",
        Cpy::Same,
    ),
    (
        "def f(a=1, b):\n    pass\n",
        "1:12: error: SyntaxError: non-default argument follows default argument",
        Cpy::Same,
    ),
    (
        "f(a=1, b)\n",
        "1:8: error: SyntaxError: positional argument follows keyword argument",
        Cpy::SameAtCol(9),
    ),
    // Declarations.
    (
        "def f(a):\n    global a\n",
        "2:5: error: SyntaxError: name 'a' is parameter and global",
        Cpy::Same,
    ),
    (
        "def f():\n    x = 1\n    global x\n",
        "3:5: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "x = 0\ndef f():\n    print(x)\n    global x\n",
        "4:5: error: SyntaxError: name 'x' is used prior to global declaration",
        Cpy::Same,
    ),
    (
        "x = 1\nglobal x\n",
        "2:1: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "def f():\n    for x in range(3):\n        global x\n",
        "3:9: error: SyntaxError: name 'x' is assigned to before global declaration",
        Cpy::Same,
    ),
    (
        "def f():\n    x: int\n    global x\n",
        "3:5: error: SyntaxError: annotated name 'x' can't be global",
        Cpy::Same,
    ),
    (
        "def f():\n    nonlocal x\n",
        "2:5: error: SyntaxError: no binding for nonlocal 'x' found",
        Cpy::Same,
    ),
    (
        "nonlocal x\n",
        "1:1: error: SyntaxError: nonlocal declaration not allowed at module level",
        Cpy::Same,
    ),
    (
        "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n",
        "4:9: error: SyntaxError: name 'x' is nonlocal and global",
        Cpy::Same,
    ),
    (
        "def f():\n    global x\n    def g():\n        nonlocal x\n",
        "4:9: error: SyntaxError: no binding for nonlocal 'x' found",
        Cpy::Same,
    ),
    (
        "def f(a):\n    nonlocal a\n",
        "2:5: error: SyntaxError: name 'a' is parameter and nonlocal",
        Cpy::Same,
    ),
    (
        "def f():\n    from os import *\n",
        "2:20: error: SyntaxError: import * only allowed at module level",
        Cpy::Same,
    ),
    // Statements out of place, found in CPython's order of passes.
    (
        "class A:\n    return 1\n",
        "2:5: error: SyntaxError: 'return' outside function",
        Cpy::Same,
    ),
    (
        "continue\n",
        "1:1: error: SyntaxError: 'continue' not properly in loop",
        Cpy::Same,
    ),
    (
        "for x in []:\n    pass\nelse:\n    break\n",
        "4:5: error: SyntaxError: 'break' outside loop",
        Cpy::Same,
    ),
    (
        "while 0:\n    def f():\n        break\n",
        "3:9: error: SyntaxError: 'break' outside loop",
        Cpy::Same,
    ),
    ("yield 1\n", "1:1: error: SyntaxError: 'yield' outside function", Cpy::Same),
    (
        "class A:\n    x = yield\n",
        "2:9: error: SyntaxError: 'yield' outside function",
        Cpy::Same,
    ),
    ("await x\n", "1:1: error: SyntaxError: 'await' outside function", Cpy::Same),
    (
        "def f():\n    return [(yield) for x in y]\n",
        "2:14: error: SyntaxError: 'yield' inside list comprehension",
        Cpy::Same,
    ),
    (
        "print([x := 1 for x in range(3)])\n",
        "1:8: error: SyntaxError: assignment expression cannot rebind comprehension iteration variable 'x'",
        Cpy::Same,
    ),
    (
        "class A:\n    y = [z := 1 for x in range(3)]\n",
        "2:10: error: SyntaxError: assignment expression within a comprehension cannot be used in a class body",
        Cpy::Same,
    ),
    (
        "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
        "3:1: error: SyntaxError: default 'except:' must be last",
        Cpy::Same,
    ),
    (
        "return 1\ndef f(a, a):\n    pass\n",
        "2:10: error: SyntaxError: duplicate argument 'a'",
        Cpy::Same,
    ),
    (
        "nonlocal x\ndef f(a, a):\n    pass\n",
        "2:10: error: SyntaxError: duplicate argument 'a'",
        Cpy::Same,
    ),
    (
        "return 1\nf(a=1, a=2)\n",
        "1:1: error: SyntaxError: 'return' outside function",
        Cpy::Same,
    ),
    // Other syntax errors, in CPython's words (ruff's reason after
    // "invalid syntax").
    ("if x\n    pass\n", "1:5: error: SyntaxError: expected ':'", Cpy::Same),
    ("def f(:\n    pass\n", "1:7: error: SyntaxError: invalid syntax", Cpy::Same),
    ("def f(x y):\n    pass\n", "1:9: error: SyntaxError: invalid syntax", Cpy::Same),
    (
        "print 'x'\n",
        "1:1: error: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
        Cpy::Same,
    ),
    (
        "print(x y)\n",
        "1:7: error: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        Cpy::Same,
    ),
    (
        "f(a,\n  g(1) c)\n",
        "2:3: error: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        Cpy::Same,
    ),
    ("x = 3\u{e9}\n", "1:6: error: SyntaxError: invalid syntax", Cpy::Same),
    ("def f:\n    pass\n", "1:6: error: SyntaxError: expected '('", Cpy::Same),
    (
        "try:\n    pass\nx = 1\n",
        "3:1: error: SyntaxError: expected 'except' or 'finally' block",
        Cpy::Same,
    ),
    (
        "if 1:\n    def f():\n\nx = 1\n",
        "4:1: error: IndentationError: expected an indented block after function definition on line 2",
        Cpy::Same,
    ),
    (
        "x = (1,\n    2\ndef f():\n    pass\n",
        "1:5: error: SyntaxError: '(' was never closed",
        Cpy::Same,
    ),
    (
        "def f():\n    pass\n   @ bucket.append(1)\n    return 2\n",
        "3:1: error: IndentationError: unindent does not match any outer indentation level",
        Cpy::SameAtCol(22),
    ),
    // Valid Python outside gilsim's subset.
    (
        "def f(a, b):\n    return a @ b\n",
        "2:12: error: not supported by gilsim: the @ operator",
        Cpy::Accepts,
    ),
    ("x = 3j\n", "1:5: error: not supported by gilsim: complex numbers", Cpy::Accepts),
];

/// The line and, where CPython shows a caret, the column of the error
/// CPython's traceback reports for `src` (the line it quotes is shown
/// without its indentation).
fn cpython_position(stderr: &str, src: &str) -> (Option<u32>, Option<u32>) {
    let lines: Vec<&str> = stderr.lines().collect();
    let Some(i) = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("File \"") && l.contains(", line "))
    else {
        return (None, None);
    };
    let line: Option<u32> = lines[i]
        .rsplit(", line ")
        .next()
        .and_then(|n| n.trim().parse().ok());
    let caret = lines.get(i + 2).filter(|l| l.trim_start().starts_with('^'));
    let col = match (line, caret) {
        (Some(n), Some(c)) => {
            let src = src.replace("\r\n", "\n").replace('\r', "\n");
            let orig = src.split('\n').nth(n as usize - 1).unwrap_or("");
            let indent = orig
                .chars()
                .take_while(|c| matches!(c, ' ' | '\t' | '\x0c'))
                .count();
            let at = c.chars().take_while(|&ch| ch == ' ').count();
            Some((at + indent + 1).saturating_sub(4) as u32)
        }
        _ => None,
    };
    (line, col)
}

#[test]
fn corner_cases_rejected_as_cpython_rejects_them() {
    let dir = TempDir::new("hostile-py-rejected");
    let py = python3();
    let cases: Vec<_> = REJECTED.iter().enumerate().collect();
    let failures = in_parallel(cases, |(k, (src, want, cpy))| {
        let mut failures = Vec::new();
        let file = format!("case{k}.py");
        let (code, err) = check(&dir, &file, src);
        let want = format!("{file}:{want}");
        if code != 65 || !err.starts_with(&want) {
            failures.push(format!(
                "{src:?}: want exit 65 and {want:?}, got {code}: {err}"
            ));
            return failures;
        }
        if !py {
            return failures;
        }
        let o = cpython(&dir, &file);
        let last = last_line(&o);
        // gilsim's first line: FILE:LINE:COL: error: MESSAGE
        let first = err.lines().next().unwrap_or("");
        let mut parts = first.splitn(4, ':');
        let _ = parts.next();
        let g_line: Option<u32> = parts.next().and_then(|x| x.parse().ok());
        let g_col: Option<u32> = parts.next().and_then(|x| x.parse().ok());
        let g_msg = parts.next().unwrap_or("").trim_start_matches(" error: ");
        match cpy {
            Cpy::Accepts => {
                if !o.status.success() {
                    failures.push(format!("{src:?}: CPython rejects it too: {last:?}"));
                }
            }
            Cpy::Same | Cpy::SameAtCol(_) => {
                if o.status.success() || last.is_empty() || !g_msg.starts_with(&last) {
                    failures.push(format!("{src:?}: CPython says {last:?}, gilsim {g_msg:?}"));
                }
                let stderr = String::from_utf8_lossy(&o.stderr);
                let (line, col) = cpython_position(&stderr, src);
                let want_col = match cpy {
                    Cpy::SameAtCol(c) => Some(*c),
                    _ => g_col,
                };
                if line != g_line || col.is_some_and(|c| Some(c) != want_col) {
                    failures.push(format!(
                        "{src:?}: CPython reports it at {line:?}:{col:?}, want {g_line:?}:{want_col:?}"
                    ));
                }
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
