//! The tokenizer's string and number literals (`tok_get`'s string and
//! number branches in CPython's Parser/tokenizer.c, 3.11).

use super::{is, is_digit, is_ident_char, is_xdigit, StrTok, TokError, Tokenizer, EOF};

impl<'s> Tokenizer<'s> {
    /// A string literal from its opening quote `quote` (its prefix read,
    /// from `start`): records it, or fails as CPython's tokenizer does.
    pub(super) fn string(
        &mut self,
        start: usize,
        quote: i32,
        raw: bool,
        bytes: bool,
        fstring: bool,
    ) -> Result<(), TokError> {
        self.tok_start = start;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != quote {
            self.backup(c);
        }
        let body = self.cur;
        while end_quote_size != quote_size {
            c = self.nextc();
            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                if c == EOF {
                    if let Some(e) = self.nul_error() {
                        return Err(e);
                    }
                }
                let detected = if c == EOF {
                    self.n_lines
                } else {
                    self.line(self.cur - 1)
                };
                let what = if quote_size == 3 {
                    "unterminated triple-quoted string literal"
                } else {
                    "unterminated string literal"
                };
                let mut e = self.flag(start, 1, "");
                e.message = format!("SyntaxError: {what} (detected at line {detected})");
                e.raised = true;
                return Err(e);
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if is(c, b'\\') {
                    self.nextc();
                }
            }
        }
        self.scan.strings.push(StrTok {
            start,
            body: (body, self.cur - quote_size),
            raw,
            bytes,
            fstring,
        });
        Ok(())
    }

    /// `tok_decimal_tail`: digits and single underscores between them.
    fn decimal_tail(&mut self) -> Result<i32, TokError> {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !is_digit(c) {
                    break;
                }
            }
            if !is(c, b'_') {
                return Ok(c);
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.raise("invalid decimal literal"));
            }
        }
    }

    /// `verify_end_of_number`: a number may not run into a name, but for
    /// the keywords that may follow one (`1if x else 2`).
    fn verify_end(&mut self, c: i32, kind: &str) -> Result<(), TokError> {
        let keyword = match c as u8 {
            _ if c == EOF => false,
            b'a' => self.peek_is(b"nd"),
            b'e' => self.peek_is(b"lse"),
            b'f' => self.peek_is(b"or"),
            b'i' => matches!(self.b.get(self.cur), Some(b'f' | b'n' | b's')),
            b'o' => self.peek_is(b"r"),
            b'n' => self.peek_is(b"ot"),
            _ => false,
        };
        // A non-ASCII letter after a number is no error here (CPython
        // 3.11 reads it as the next token; its parser then objects).
        if !keyword && is_ident_char(c) && c < 128 {
            self.backup(c);
            return Err(self.raise(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    /// A number literal from its first character `first`: CPython's
    /// tokenizer errors for a malformed one.
    pub(super) fn number(&mut self, first: i32) -> Result<(), TokError> {
        let mut c = first;
        if is(c, b'0') {
            c = self.nextc();
            let radix = match c as u8 {
                _ if c == EOF => None,
                b'x' | b'X' => Some((16, "hexadecimal")),
                b'o' | b'O' => Some((8, "octal")),
                b'b' | b'B' => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, kind)) = radix {
                let ok = |c: i32| match radix {
                    16 => is_xdigit(c),
                    8 => (b'0' as i32..b'8' as i32).contains(&c),
                    _ => is(c, b'0') || is(c, b'1'),
                };
                c = self.nextc();
                loop {
                    if is(c, b'_') {
                        c = self.nextc();
                    }
                    if !ok(c) {
                        if radix != 16 && is_digit(c) {
                            return Err(self.raise(format!(
                                "invalid digit '{}' in {kind} literal",
                                c as u8 as char
                            )));
                        }
                        self.backup(c);
                        return Err(self.raise(format!("invalid {kind} literal")));
                    }
                    loop {
                        c = self.nextc();
                        if !ok(c) {
                            break;
                        }
                    }
                    if !is(c, b'_') {
                        break;
                    }
                }
                if radix != 16 && is_digit(c) {
                    return Err(self.raise(format!(
                        "invalid digit '{}' in {kind} literal",
                        c as u8 as char
                    )));
                }
                self.verify_end(c, kind)?;
                self.backup(c);
                return Ok(());
            }
            // Zeros, maybe an old-style octal: an error unless a float.
            let mut nonzero = false;
            loop {
                if is(c, b'_') {
                    c = self.nextc();
                    if !is_digit(c) {
                        self.backup(c);
                        return Err(self.raise("invalid decimal literal"));
                    }
                }
                if !is(c, b'0') {
                    break;
                }
                c = self.nextc();
            }
            let zeros_end = self.cur;
            if is_digit(c) {
                nonzero = true;
                c = self.decimal_tail()?;
            }
            if is(c, b'.') {
                let c2 = self.nextc();
                return self.fraction(c2);
            }
            if is(c, b'e') || is(c, b'E') || is(c, b'j') || is(c, b'J') {
                return self.exponent(c);
            }
            if nonzero {
                self.backup(c);
                let mut e = self.raise(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                );
                e.at = self.tok_start;
                e.len = zeros_end.saturating_sub(self.tok_start + 1).max(1);
                return Err(e);
            }
            self.verify_end(c, "decimal")?;
            self.backup(c);
            return Ok(());
        }
        c = self.decimal_tail()?;
        if is(c, b'.') {
            let c2 = self.nextc();
            return self.fraction(c2);
        }
        self.exponent(c)
    }

    /// After the point of a float: `c` is the character following it.
    pub(super) fn fraction(&mut self, mut c: i32) -> Result<(), TokError> {
        if is_digit(c) {
            c = self.decimal_tail()?;
        }
        self.exponent(c)
    }

    /// An optional exponent, then an optional `j`, then the end.
    fn exponent(&mut self, mut c: i32) -> Result<(), TokError> {
        if is(c, b'e') || is(c, b'E') {
            let e = c;
            c = self.nextc();
            if is(c, b'+') || is(c, b'-') {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.raise("invalid decimal literal"));
                }
            } else if !is_digit(c) {
                self.backup(c);
                self.verify_end(e, "decimal")?;
                self.backup(e);
                return Ok(());
            }
            c = self.decimal_tail()?;
        }
        if is(c, b'j') || is(c, b'J') {
            c = self.nextc();
            self.verify_end(c, "imaginary")?;
        } else {
            self.verify_end(c, "decimal")?;
        }
        self.backup(c);
        Ok(())
    }
}
