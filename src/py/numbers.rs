//! Number literals in the Python lexer: decimal, hex, octal and binary
//! ints, floats and exponents, Python's rules for `_` between digits,
//! and the errors for literals gilsim cannot hold (ints past 64 bits,
//! floats that round to inf, complex numbers).

use super::lexer::{Lexer, Tok};
use crate::diag::Diagnostic;

/// Python's rule for `_` in a number: only between two digits of its
/// base, or right after a base prefix (`0x_1f`).
fn underscores_between_digits(lit: &str) -> bool {
    let b = lit.as_bytes();
    let radix: u32 = match b.get(..2) {
        Some([b'0', b'x' | b'X']) => 16,
        Some([b'0', b'o' | b'O']) => 8,
        Some([b'0', b'b' | b'B']) => 2,
        _ => 10,
    };
    let digit = |k: usize| b.get(k).is_some_and(|c| (*c as char).is_digit(radix));
    (0..b.len())
        .filter(|&k| b[k] == b'_')
        .all(|k| k > 0 && (digit(k - 1) || (k == 2 && radix != 10)) && digit(k + 1))
}

/// The error for an int literal past 64 bits (valid Python, whose ints are
/// unbounded).
pub fn too_big_int(lit: &str) -> String {
    format!(
        "not supported by gilsim: ints past 64 bits (the literal {lit} does not fit in gilsim's 64-bit int)"
    )
}

impl Lexer<'_> {
    pub(super) fn number(&mut self) -> Result<(), Diagnostic> {
        let (line, col) = (self.line, self.col);
        let start = self.pos;
        let digits = |l: &mut Self, radix: u32| {
            while l.peek(0).is_some_and(|c| c == '_' || c.is_digit(radix)) {
                l.bump();
            }
        };
        let radix = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some('x' | 'X')) => 16,
            (Some('0'), Some('o' | 'O')) => 8,
            (Some('0'), Some('b' | 'B')) => 2,
            _ => 10,
        };
        let mut kind = match radix {
            16 => "hexadecimal",
            8 => "octal",
            2 => "binary",
            _ => "decimal",
        };
        if radix != 10 {
            self.bump();
            self.bump();
            // Decimal digits too, for CPython's "invalid digit" message.
            digits(self, if radix == 16 { 16 } else { 10 });
        } else {
            digits(self, 10);
            if self.peek(0) == Some('.') {
                self.bump();
                digits(self, 10);
            }
            // An exponent only if digits follow: `1else` is `1 else`.
            if matches!(self.peek(0), Some('e' | 'E')) {
                let sign = usize::from(matches!(self.peek(1), Some('+' | '-')));
                if self.peek(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                    for _ in 0..=sign {
                        self.bump();
                    }
                    digits(self, 10);
                }
            }
            if matches!(self.peek(0), Some('j' | 'J')) {
                self.bump();
                kind = "imaginary";
            }
        }
        // CPython's end-of-number rule: a keyword that may follow a number
        // (`1if x else 2`, `1or x`) may touch it; any other name may not.
        let rest: String = self.chars[self.pos..(self.pos + 5).min(self.chars.len())]
            .iter()
            .collect();
        let keyword_follows = ["and", "else", "for", "if", "in", "is", "not", "or"]
            .iter()
            .any(|k| rest.starts_with(k));
        if !keyword_follows
            && self
                .peek(0)
                .is_some_and(|c| c == '_' || c.is_alphanumeric())
        {
            while self
                .peek(0)
                .is_some_and(|c| c == '_' || c.is_alphanumeric())
            {
                self.bump();
            }
            let len = (self.pos - start) as u32;
            return Err(self.err(line, col, len, format!("invalid {kind} literal")));
        }
        let lit: String = self.chars[start..self.pos].iter().collect();
        let len = lit.chars().count() as u32;
        if radix != 10 {
            let body = &lit[2..];
            if let Some(d) = body.chars().find(|c| *c != '_' && !c.is_digit(radix)) {
                return Err(self.err(
                    line,
                    col,
                    len,
                    format!("invalid digit '{d}' in {kind} literal"),
                ));
            }
            if body.chars().all(|c| c == '_') {
                return Err(self.err(line, col, len, format!("invalid {kind} literal")));
            }
        }
        if !underscores_between_digits(&lit) {
            return Err(self.err(line, col, len, format!("invalid {kind} literal")));
        }
        if lit.ends_with(['j', 'J']) {
            return Err(self.err(line, col, len, "not supported by gilsim: complex numbers"));
        }
        let tok = match crate::asm::lexer::parse_number(&lit) {
            Ok(crate::asm::lexer::TokKind::Int(i)) => Tok::Int(i),
            Ok(crate::asm::lexer::TokKind::Float(f)) => Tok::Float(f),
            Ok(_) => unreachable!("parse_number yields numbers"),
            // 2**63 fits only negated: the parser folds `-9223372036854775808`.
            Err(_)
                if crate::asm::lexer::parse_number(&format!("-{lit}"))
                    == Ok(crate::asm::lexer::TokKind::Int(i64::MIN)) =>
            {
                Tok::Int2Pow63(lit)
            }
            // CPython rounds it to inf; `.pyasm` has no literal for inf.
            Err(m) if m.contains("out of range") => {
                return Err(self.err(
                    line,
                    col,
                    len,
                    format!("not supported by gilsim: float literals that round to inf ({lit})"),
                ))
            }
            Err(m) if m.contains("does not fit") => {
                return Err(self.err(line, col, len, too_big_int(&lit)))
            }
            Err(m) => return Err(self.err(line, col, len, m)),
        };
        self.push(tok, line, col, len);
        Ok(())
    }
}
