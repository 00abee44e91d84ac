//! Mutated twins: whatever the bytes, an answer with positions.

use super::*;

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
