//! The `.pyasm` lexer: one source line into tokens with their columns.
//! Comments run from `;` to the end of the line. It never panics, whatever
//! the input; a malformed token is a [`Diagnostic`] for its line.

use crate::diag::{Diagnostic, Span};

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum TokKind {
    /// A name: an opcode, label, local, global or function.
    Ident(String),
    /// A directive such as `.func`, with the dot.
    Directive(String),
    /// An integer literal (sign included).
    Int(i64),
    /// A float literal (sign included).
    Float(f64),
    /// A string literal, escapes resolved.
    Str(String),
    /// An operator symbol (`+`, `//`, `<=`, `-=`, `=` ...).
    Sym(String),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `#N`: an index into the function's constant pool (`LOAD_CONST x #3`).
    Slot(u32),
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokKind,
    /// Where it is.
    pub span: Span,
}

impl TokKind {
    /// A short description for error messages.
    pub fn describe(&self) -> String {
        match self {
            TokKind::Ident(s) => format!("'{s}'"),
            TokKind::Directive(s) => format!("'{s}'"),
            TokKind::Int(i) => format!("integer {i}"),
            TokKind::Float(f) => format!("float {f}"),
            TokKind::Str(_) => "a string".into(),
            TokKind::Sym(s) => format!("'{s}'"),
            TokKind::LParen => "'('".into(),
            TokKind::RParen => "')'".into(),
            TokKind::Comma => "','".into(),
            TokKind::Colon => "':'".into(),
            TokKind::Slot(n) => format!("'#{n}'"),
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

const SYM_CHARS: &str = "+-*/%&|^<>=!~";

/// Splits one line (number `line`, 1-based) into tokens.
pub fn lex_line(text: &str, line: u32) -> Result<Vec<Token>, Diagnostic> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let span =
        |start: usize, end: usize| Span::new(line, start as u32 + 1, (end - start).max(1) as u32);
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let next = chars.get(i + 1).copied();
        let kind = if c == ';' {
            break;
        } else if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_digit()
            || ((c == '+' || c == '-' || c == '.') && next.is_some_and(|n| n.is_ascii_digit()))
            || ((c == '+' || c == '-')
                && next == Some('.')
                && chars.get(i + 2).is_some_and(|n| n.is_ascii_digit()))
        {
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                let exp_sign = (d == '+' || d == '-')
                    && matches!(chars[i - 1], 'e' | 'E')
                    && !is_radix_literal(&chars[start..i]);
                if d.is_alphanumeric() || d == '_' || d == '.' || exp_sign {
                    i += 1;
                } else {
                    break;
                }
            }
            let lit: String = chars[start..i].iter().collect();
            parse_number(&lit).map_err(|m| Diagnostic::new(span(start, i), m))?
        } else if c == '.' {
            i += 1;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            TokKind::Directive(chars[start..i].iter().collect())
        } else if is_ident_start(c) {
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            TokKind::Ident(chars[start..i].iter().collect())
        } else if c == '#' && next.is_some_and(|n| n.is_ascii_digit()) {
            i += 1;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            let digits: String = chars[start + 1..i].iter().collect();
            match digits.parse::<u32>() {
                Ok(n) if digits.chars().all(|c| c.is_ascii_digit()) => TokKind::Slot(n),
                _ => {
                    return Err(Diagnostic::new(
                        span(start, i),
                        format!(
                            "invalid constant index '#{digits}' (expected #0 to #{})",
                            u32::MAX
                        ),
                    ))
                }
            }
        } else if c == '"' {
            let (s, end) = lex_string(&chars, i, line)?;
            i = end;
            TokKind::Str(s)
        } else if SYM_CHARS.contains(c) {
            while i < chars.len() && SYM_CHARS.contains(chars[i]) {
                i += 1;
            }
            TokKind::Sym(chars[start..i].iter().collect())
        } else {
            i += 1;
            match c {
                '(' => TokKind::LParen,
                ')' => TokKind::RParen,
                ',' => TokKind::Comma,
                ':' => TokKind::Colon,
                '\'' => {
                    return Err(Diagnostic::new(
                        span(start, i),
                        "strings use double quotes (\"...\")",
                    ));
                }
                _ => {
                    let shown = if c.is_control() {
                        format!("U+{:04X}", c as u32)
                    } else {
                        format!("'{c}'")
                    };
                    return Err(Diagnostic::new(
                        span(start, i),
                        format!("unexpected character {shown}"),
                    ));
                }
            }
        };
        toks.push(Token {
            kind,
            span: span(start, i),
        });
    }
    Ok(toks)
}

fn is_radix_literal(chars: &[char]) -> bool {
    let s: String = chars
        .iter()
        .filter(|c| **c != '+' && **c != '-')
        .take(2)
        .collect();
    matches!(s.as_str(), "0x" | "0X" | "0o" | "0O" | "0b" | "0B")
}

/// Parses a numeric literal as Python would (underscores between digits,
/// `0x`/`0o`/`0b` prefixes, floats with `.` or an exponent).
pub fn parse_number(lit: &str) -> Result<TokKind, String> {
    let bad = || format!("invalid number literal '{lit}'");
    let (neg, body) = match lit.as_bytes().first() {
        Some(b'-') => (true, &lit[1..]),
        Some(b'+') => (false, &lit[1..]),
        _ => (false, lit),
    };
    if body.is_empty() {
        return Err(bad());
    }
    // Underscores only between two digits (Python's rule).
    let bytes = body.as_bytes();
    for (k, b) in bytes.iter().enumerate() {
        if *b == b'_' {
            let ok = k > 0
                && k + 1 < bytes.len()
                && bytes[k - 1].is_ascii_alphanumeric()
                && bytes[k + 1].is_ascii_alphanumeric();
            if !ok {
                return Err(bad());
            }
        }
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    let radix = match clean.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    if let Some(r) = radix {
        let digits = &clean[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(r)) {
            return Err(bad());
        }
        return int_value(u128::from_str_radix(digits, r).ok(), neg, lit);
    }
    if clean.contains(['.', 'e', 'E']) {
        if !clean
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        {
            return Err(bad());
        }
        let f: f64 = clean.parse().map_err(|_| bad())?;
        if f.is_infinite() {
            return Err(format!("float literal '{lit}' is out of range"));
        }
        return Ok(TokKind::Float(if neg { -f } else { f }));
    }
    if !clean.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    if clean.len() > 1 && clean.starts_with('0') && clean.chars().any(|c| c != '0') {
        return Err(format!(
            "leading zeros in '{lit}' are not allowed (use 0o for octal)"
        ));
    }
    let v = if clean.len() > 40 {
        None
    } else {
        clean.parse::<u128>().ok()
    };
    int_value(v, neg, lit)
}

fn int_value(v: Option<u128>, neg: bool, lit: &str) -> Result<TokKind, String> {
    let too_big = || format!("integer literal '{lit}' does not fit in 64 bits");
    let v = v.ok_or_else(too_big)?;
    let i = if neg {
        if v == 1u128 << 63 {
            i64::MIN
        } else {
            -(i64::try_from(v).map_err(|_| too_big())?)
        }
    } else {
        i64::try_from(v).map_err(|_| too_big())?
    };
    Ok(TokKind::Int(i))
}

/// Lexes a string starting at the opening quote `chars[start]`; returns the
/// value and the index after the closing quote.
fn lex_string(chars: &[char], start: usize, line: u32) -> Result<(String, usize), Diagnostic> {
    let mut s = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '"' => return Ok((s, i + 1)),
            '\\' => {
                let esc_start = i;
                let err = |end: usize, m: String| {
                    Diagnostic::new(
                        Span::new(line, esc_start as u32 + 1, (end - esc_start) as u32),
                        m,
                    )
                };
                let Some(&e) = chars.get(i + 1) else {
                    return Err(err(i + 1, "unterminated string".into()));
                };
                i += 2;
                match e {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    '0' => s.push('\0'),
                    '\\' => s.push('\\'),
                    '"' => s.push('"'),
                    '\'' => s.push('\''),
                    'x' => {
                        let hex: String = chars.iter().skip(i).take(2).collect();
                        match (hex.len() == 2)
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                        {
                            Some(v) => s.push(char::from_u32(v).unwrap_or('\u{fffd}')),
                            None => {
                                return Err(err(i + hex.len(), "\\x needs two hex digits".into()))
                            }
                        }
                        i += 2;
                    }
                    'u' => {
                        let (hex, used) = if chars.get(i) == Some(&'{') {
                            let close = chars[i..].iter().position(|c| *c == '}');
                            match close {
                                Some(k) => (chars[i + 1..i + k].iter().collect::<String>(), k + 1),
                                None => return Err(err(i + 1, "\\u{ needs a closing }".into())),
                            }
                        } else {
                            (chars.iter().skip(i).take(4).collect::<String>(), 4)
                        };
                        let c = (!hex.is_empty() && hex.len() <= 6)
                            .then(|| u32::from_str_radix(&hex, 16).ok())
                            .flatten()
                            .and_then(char::from_u32);
                        match c {
                            Some(c) => s.push(c),
                            None => {
                                return Err(err(
                                    (i + used).min(chars.len()),
                                    format!("invalid unicode escape '\\u{hex}'"),
                                ))
                            }
                        }
                        i += used;
                    }
                    other => {
                        return Err(err(i, format!("unknown escape '\\{other}'")));
                    }
                }
            }
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(Diagnostic::new(
        Span::new(line, start as u32 + 1, (chars.len() - start) as u32),
        "unterminated string (missing closing \")",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokKind> {
        lex_line(s, 1)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn lexes_an_instruction_line() {
        assert_eq!(
            kinds("loop: BINARY_OP -= ; comment"),
            vec![
                TokKind::Ident("loop".into()),
                TokKind::Colon,
                TokKind::Ident("BINARY_OP".into()),
                TokKind::Sym("-=".into())
            ]
        );
    }

    #[test]
    fn lexes_numbers_like_python() {
        assert_eq!(
            kinds("-5 1_000 0x1f 2.5e-3 -.5 1."),
            vec![
                TokKind::Int(-5),
                TokKind::Int(1000),
                TokKind::Int(31),
                TokKind::Float(2.5e-3),
                TokKind::Float(-0.5),
                TokKind::Float(1.0),
            ]
        );
        assert_eq!(kinds("-9223372036854775808"), vec![TokKind::Int(i64::MIN)]);
        assert!(lex_line("9223372036854775808", 1).is_err());
        assert!(lex_line("1__0", 1).is_err());
        assert!(lex_line("1e999", 1).is_err());
        assert!(lex_line("0x", 1).is_err());
        assert!(lex_line("007", 1).is_err());
    }

    #[test]
    fn lexes_pool_and_function_indices() {
        assert_eq!(
            kinds("LOAD_CONST (1,) #12"),
            vec![
                TokKind::Ident("LOAD_CONST".into()),
                TokKind::LParen,
                TokKind::Int(1),
                TokKind::Comma,
                TokKind::RParen,
                TokKind::Slot(12),
            ]
        );
        assert!(lex_line("#1x", 1).is_err());
        assert!(lex_line("#99999999999", 1).is_err());
        assert!(lex_line("# 1", 1).is_err());
    }

    #[test]
    fn lexes_string_escapes() {
        assert_eq!(
            kinds(r#""a\n\"b\x41\u{1F600}\u00e9""#),
            vec![TokKind::Str("a\n\"bA\u{1F600}é".into())]
        );
        let e = lex_line(r#"LOAD_CONST "ab\q""#, 3).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (3, 15));
        assert!(lex_line("\"open", 1).is_err());
    }
}
