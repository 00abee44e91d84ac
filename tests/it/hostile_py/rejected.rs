//! Corners gilsim rejects, checked against CPython's verdict and
//! position; named escapes against CPython's.

use super::rejected_cases::{Cpy, REJECTED};
use super::*;

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
