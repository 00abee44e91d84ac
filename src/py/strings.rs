//! String literals in the Python lexer: quotes and triple quotes, raw
//! strings, and escape sequences (`\n`, octal, `\x`/`\u`/`\U`, and the
//! `\N{...}` names gilsim knows).

use super::lexer::{Lexer, Tok};
use crate::diag::Diagnostic;

impl Lexer<'_> {
    pub(super) fn string(&mut self, line: u32, col: u32, raw: bool) -> Result<(), Diagnostic> {
        let q = self.bump().expect("called at a quote");
        let triple = self.peek(0) == Some(q) && self.peek(1) == Some(q);
        if triple {
            self.bump();
            self.bump();
        }
        let mut s = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(self.err(line, col, 1, unterminated(triple)));
            };
            if c == q && (!triple || (self.peek(1) == Some(q) && self.peek(2) == Some(q))) {
                for _ in 0..if triple { 3 } else { 1 } {
                    self.bump();
                }
                break;
            }
            if c == '\n' && !triple {
                return Err(self.err(line, col, 1, unterminated(false)));
            }
            self.bump();
            if c != '\\' {
                s.push(c);
                continue;
            }
            let (el, ec) = (self.line, self.col - 1);
            let Some(e) = self.bump() else {
                return Err(self.err(line, col, 1, unterminated(triple)));
            };
            if raw {
                // A raw string keeps the backslash, and the character after
                // it (a quote or a newline) does not end the string.
                s.push('\\');
                s.push(e);
                continue;
            }
            match e {
                '\n' => {}
                'n' => s.push('\n'),
                't' => s.push('\t'),
                'r' => s.push('\r'),
                'a' => s.push('\x07'),
                'b' => s.push('\x08'),
                'f' => s.push('\x0c'),
                'v' => s.push('\x0b'),
                '\\' => s.push('\\'),
                '\'' => s.push('\''),
                '"' => s.push('"'),
                '0'..='7' => {
                    // Up to three octal digits.
                    let mut v = e.to_digit(8).expect("an octal digit");
                    for _ in 0..2 {
                        match self.peek(0).and_then(|d| d.to_digit(8)) {
                            Some(d) => {
                                v = v * 8 + d;
                                self.bump();
                            }
                            None => break,
                        }
                    }
                    s.push(char::from_u32(v).expect("at most 0o777"));
                }
                'x' | 'u' | 'U' => {
                    let (n, what) = match e {
                        'x' => (2, "\\xXX"),
                        'u' => (4, "\\uXXXX"),
                        _ => (8, "\\UXXXXXXXX"),
                    };
                    let mut v = 0u32;
                    for k in 0..n {
                        match self.peek(0).and_then(|d| d.to_digit(16)) {
                            Some(d) => {
                                v = v * 16 + d;
                                self.bump();
                            }
                            None => {
                                return Err(self.err(
                                    el,
                                    ec,
                                    k + 2,
                                    format!("(unicode error) truncated {what} escape"),
                                ))
                            }
                        }
                    }
                    match char::from_u32(v) {
                        Some(ch) => s.push(ch),
                        None if (0xD800..=0xDFFF).contains(&v) => {
                            return Err(self.err(
                                el,
                                ec,
                                n + 2,
                                format!("not supported by gilsim: lone surrogates in strings (\\{e}{v:0w$x})", w = n as usize),
                            ))
                        }
                        None => {
                            return Err(self.err(
                                el,
                                ec,
                                n + 2,
                                "(unicode error) illegal Unicode character",
                            ))
                        }
                    }
                }
                'N' => {
                    let malformed = |l: &Self| {
                        l.err(el, ec, 2, "(unicode error) malformed \\N character escape")
                    };
                    if self.peek(0) != Some('{') {
                        return Err(malformed(self));
                    }
                    self.bump();
                    let mut name = String::new();
                    loop {
                        match self.peek(0) {
                            Some('}') => {
                                self.bump();
                                break;
                            }
                            Some(ch) if ch != '\n' && ch != q && name.len() < 100 => {
                                name.push(ch);
                                self.bump();
                            }
                            _ => return Err(malformed(self)),
                        }
                    }
                    if name.is_empty() {
                        return Err(malformed(self));
                    }
                    match char_named(&name) {
                        Some(ch) => s.push(ch),
                        None => {
                            let len = name.chars().count() as u32 + 4;
                            return Err(self.err(
                                el,
                                ec,
                                len,
                                format!("not supported by gilsim: the escape \\N{{{name}}} (gilsim knows only a few character names; use \\u or \\U)"),
                            ));
                        }
                    }
                }
                // Python keeps unknown escapes as they are (with a warning).
                other => {
                    s.push('\\');
                    s.push(other);
                }
            }
        }
        let len = if self.line == line { self.col - col } else { 1 };
        self.push(Tok::Str(s), line, col, len);
        Ok(())
    }
}

fn unterminated(triple: bool) -> &'static str {
    if triple {
        "unterminated triple-quoted string literal"
    } else {
        "unterminated string literal"
    }
}

/// Characters `\N{...}` may name in gilsim: Latin letters, digits and a
/// few common symbols (names as Python's `unicodedata.lookup` has them).
const CHAR_NAMES: &[(&str, char)] = &[
    ("NULL", '\u{0}'),
    ("BELL", '\u{1f514}'),
    ("BACKSPACE", '\u{8}'),
    ("CHARACTER TABULATION", '\u{9}'),
    ("LINE FEED", '\u{a}'),
    ("CARRIAGE RETURN", '\u{d}'),
    ("ESCAPE", '\u{1b}'),
    ("SPACE", '\u{20}'),
    ("DELETE", '\u{7f}'),
    ("NO-BREAK SPACE", '\u{a0}'),
    ("EN DASH", '\u{2013}'),
    ("EM DASH", '\u{2014}'),
    ("HORIZONTAL ELLIPSIS", '\u{2026}'),
    ("BULLET", '\u{2022}'),
    ("DEGREE SIGN", '\u{b0}'),
    ("MICRO SIGN", '\u{b5}'),
    ("COPYRIGHT SIGN", '\u{a9}'),
    ("REGISTERED SIGN", '\u{ae}'),
    ("TRADE MARK SIGN", '\u{2122}'),
    ("SECTION SIGN", '\u{a7}'),
    ("PILCROW SIGN", '\u{b6}'),
    ("EURO SIGN", '\u{20ac}'),
    ("POUND SIGN", '\u{a3}'),
    ("YEN SIGN", '\u{a5}'),
    ("CENT SIGN", '\u{a2}'),
    ("MULTIPLICATION SIGN", '\u{d7}'),
    ("DIVISION SIGN", '\u{f7}'),
    ("PLUS-MINUS SIGN", '\u{b1}'),
    ("INFINITY", '\u{221e}'),
    ("LEFT SINGLE QUOTATION MARK", '\u{2018}'),
    ("RIGHT SINGLE QUOTATION MARK", '\u{2019}'),
    ("LEFT DOUBLE QUOTATION MARK", '\u{201c}'),
    ("RIGHT DOUBLE QUOTATION MARK", '\u{201d}'),
    ("LEFTWARDS ARROW", '\u{2190}'),
    ("RIGHTWARDS ARROW", '\u{2192}'),
    ("UPWARDS ARROW", '\u{2191}'),
    ("DOWNWARDS ARROW", '\u{2193}'),
    ("CHECK MARK", '\u{2713}'),
    ("HEAVY CHECK MARK", '\u{2714}'),
    ("BALLOT X", '\u{2717}'),
    ("BLACK STAR", '\u{2605}'),
    ("WHITE STAR", '\u{2606}'),
    ("SNOWMAN", '\u{2603}'),
    ("BLACK HEART SUIT", '\u{2665}'),
    ("FULL BLOCK", '\u{2588}'),
    ("LIGHT SHADE", '\u{2591}'),
    ("MEDIUM SHADE", '\u{2592}'),
    ("DARK SHADE", '\u{2593}'),
    ("BOX DRAWINGS LIGHT HORIZONTAL", '\u{2500}'),
    ("BOX DRAWINGS LIGHT VERTICAL", '\u{2502}'),
    ("GREEK SMALL LETTER ALPHA", '\u{3b1}'),
    ("GREEK SMALL LETTER BETA", '\u{3b2}'),
    ("GREEK SMALL LETTER GAMMA", '\u{3b3}'),
    ("GREEK SMALL LETTER DELTA", '\u{3b4}'),
    ("GREEK SMALL LETTER PI", '\u{3c0}'),
    ("GREEK SMALL LETTER MU", '\u{3bc}'),
    ("GREEK SMALL LETTER SIGMA", '\u{3c3}'),
    ("GREEK CAPITAL LETTER DELTA", '\u{394}'),
    ("GREEK CAPITAL LETTER SIGMA", '\u{3a3}'),
    ("GREEK CAPITAL LETTER OMEGA", '\u{3a9}'),
    ("ZERO WIDTH SPACE", '\u{200b}'),
    ("REPLACEMENT CHARACTER", '\u{fffd}'),
    ("GRINNING FACE", '\u{1f600}'),
    ("THUMBS UP SIGN", '\u{1f44d}'),
    ("LATIN SMALL LETTER E WITH ACUTE", '\u{e9}'),
    ("LATIN SMALL LETTER SHARP S", '\u{df}'),
];

/// The character a `\N{...}` escape names, if gilsim knows it (names are
/// case-insensitive, as in Python).
pub fn char_named(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    let letter = |rest: &str, base: u8| -> Option<char> {
        let b = rest.as_bytes();
        (b.len() == 1 && b[0].is_ascii_uppercase()).then(|| (base + (b[0] - b'A')) as char)
    };
    if let Some(rest) = upper.strip_prefix("LATIN CAPITAL LETTER ") {
        return letter(rest, b'A');
    }
    if let Some(rest) = upper.strip_prefix("LATIN SMALL LETTER ") {
        if let Some(c) = letter(rest, b'a') {
            return Some(c);
        }
    }
    if let Some(rest) = upper.strip_prefix("DIGIT ") {
        let digits = [
            "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
        ];
        return digits
            .iter()
            .position(|d| *d == rest)
            .map(|i| (b'0' + i as u8) as char);
    }
    CHAR_NAMES
        .iter()
        .find(|(n, _)| *n == upper)
        .map(|(_, c)| *c)
}
