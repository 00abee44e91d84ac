//! Deep nesting: CPython's limits, as errors, never a stack overflow.

use super::*;

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
