//! Checks CPython makes that ruff's parser leaves to later passes, each
//! reported at its position like CPython 3.11:
//!
//! * [`scan`]: CPython's tokenizer, replayed for its errors only (tabs
//!   and spaces mixed inconsistently, unindents to no outer level,
//!   unterminated strings, malformed number literals, stray or
//!   mismatched brackets, non-printable characters...), with the string
//!   literals and logical lines it saw, for [`super::messages`];
//! * [`check`]: what CPython's symbol table pass rejects (duplicate
//!   parameters, `global` and `nonlocal` declared too late or with no
//!   binding, `yield` in a comprehension, `import *` in a function, walrus
//!   targets a comprehension cannot bind) and then what its compiler
//!   rejects (`return`, `break`, `continue`, `yield` and `await` out of
//!   place, assignments to `__debug__`, repeated keyword arguments, a
//!   bare `except:` before others, more than 20 nested blocks, `elif`
//!   chains past the recursion limit), in that order, as CPython finds
//!   them: the first error of the first pass that has one.
//!
//! Last come literals CPython accepts and gilsim cannot represent (lone
//! surrogates in strings), as `not supported by gilsim`.

use super::{LineIndex, MAX_DEPTH};
use crate::diag::Diagnostic;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};
use std::collections::HashMap;

// ---------------------------------------------------------------------------
// 1. CPython's tokenizer (Parser/tokenizer.c, 3.11), for its errors.

/// CPython's limit on nested brackets (the tokenizer's MAXLEVEL).
const MAX_LEVEL: usize = 200;
/// CPython's limit on indentation levels (the tokenizer's MAXINDENT).
const MAX_INDENT: usize = 100;
/// CPython's limit on statically nested blocks (CO_MAXBLOCKS).
const MAX_BLOCKS: usize = 20;

/// The end of input, as the tokenizer's `tok_nextc` returns it.
const EOF: i32 = -1;

/// An open bracket: where, on which line, which one.
#[derive(Clone, Copy, Debug)]
pub(super) struct Open {
    pub at: usize,
    pub line: u32,
    pub ch: u8,
}

/// The first error CPython's tokenizer meets.
#[derive(Clone, Debug)]
pub(super) struct TokError {
    /// Byte offset of the character the error points at.
    pub at: usize,
    /// Bytes it covers (at least one character is shown).
    pub len: usize,
    /// Where the token being read started: a parser error before this
    /// point is met first.
    pub start: usize,
    /// `Class: text`, as CPython prints it.
    pub message: String,
    /// True for errors the tokenizer raises itself (strings, numbers,
    /// brackets, characters): they win over a parser error met earlier,
    /// as CPython tokenizes the rest of the file after a parser error.
    /// False for the ones it only flags (indentation, line
    /// continuations, the end of file), which do not.
    pub raised: bool,
    /// The innermost bracket still open when the tokenizer stopped.
    pub open: Option<Open>,
}

/// A string literal token, as CPython 3.11 reads it (an f-string is one
/// token, its replacement fields included).
#[derive(Clone, Debug)]
pub(super) struct StrTok {
    /// Offset of its first character (its prefix, if any).
    pub start: usize,
    /// The text between its quotes.
    pub body: (usize, usize),
    pub raw: bool,
    pub bytes: bool,
    pub fstring: bool,
}

/// What the tokenizer saw.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub error: Option<TokError>,
    /// Offsets of the first token of each logical line, in order.
    pub logical: Vec<usize>,
    /// The string literals, in order.
    pub strings: Vec<StrTok>,
    /// Outermost bracketed regions: offsets of the opening bracket and
    /// of the closing one (or the end of input), in order.
    pub brackets: Vec<(usize, usize)>,
    /// Every bracket pair, in order of the opening ones (`usize::MAX`
    /// for a bracket never closed).
    pub pairs: Vec<(usize, usize)>,
}

impl Scan {
    /// The string literal whose text (quotes and prefix included)
    /// contains offset `at`.
    pub fn string_at(&self, src: &str, at: usize) -> Option<&StrTok> {
        let i = self.strings.partition_point(|s| s.start <= at);
        let s = self.strings.get(i.checked_sub(1)?)?;
        let end = string_end(src, s);
        (at <= end).then_some(s)
    }

    /// The offset where the logical line containing `at` starts.
    pub fn logical_line_of(&self, at: usize) -> Option<usize> {
        let i = self.logical.partition_point(|&s| s <= at);
        self.logical.get(i.checked_sub(1)?).copied()
    }

    /// The start of the logical line before the one starting at `start`.
    pub fn logical_line_before(&self, start: usize) -> Option<usize> {
        let i = self.logical.partition_point(|&s| s < start);
        self.logical.get(i.checked_sub(1)?).copied()
    }

    /// The start of the first logical line after offset `at`.
    pub fn logical_line_after(&self, at: usize) -> Option<usize> {
        let i = self.logical.partition_point(|&s| s <= at);
        self.logical.get(i).copied()
    }

    /// The opening offset of the innermost bracket around offset `at`.
    pub fn innermost_bracket(&self, at: usize) -> Option<usize> {
        let i = self.pairs.partition_point(|&(open, _)| open < at);
        self.pairs[..i]
            .iter()
            .rev()
            .find(|&&(_, close)| close > at)
            .map(|&(open, _)| open)
    }

    /// True if offset `at` is inside brackets (where CPython's tokenizer
    /// makes no NEWLINE token of a line end).
    pub fn in_brackets(&self, at: usize) -> bool {
        let i = self.brackets.partition_point(|&(open, _)| open < at);
        i > 0 && self.brackets[i - 1].1 > at
    }
}

/// The offset just past a string literal's closing quotes.
fn string_end(src: &str, s: &StrTok) -> usize {
    let q = src.as_bytes().get(s.body.1).copied().unwrap_or(b'\'');
    let triple = src.as_bytes().get(s.body.1..s.body.1 + 3) == Some(&[q, q, q][..]);
    s.body.1 + if triple { 3 } else { 1 }
}

/// Replays CPython's tokenizer over `src` (normalized: `\n` line ends).
pub(super) fn scan(src: &str, lines: &LineIndex) -> Scan {
    let mut text = src.as_bytes().to_vec();
    // A NUL byte stops CPython when it reads the line holding it.
    let nul = text.iter().position(|&b| b == 0);
    let mut limit = text.len();
    if let Some(z) = nul {
        limit = text[..z]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    } else if text.last().is_some_and(|&b| b != b'\n') {
        // CPython reads a last line without its newline as if it had one.
        text.push(b'\n');
        limit = text.len();
    }
    let mut t = Tokenizer {
        b: &text[..limit],
        cur: 0,
        lines,
        parens: vec![],
        ind: vec![0],
        alt: vec![0],
        scan: Scan::default(),
        tok_start: 0,
        nul,
        n_lines: text.iter().filter(|&&b| b == b'\n').count() as u32,
        pair_stack: vec![],
    };
    if let Err(e) = t.run() {
        t.scan.error = Some(e);
    }
    t.scan
}

struct Tokenizer<'s> {
    b: &'s [u8],
    cur: usize,
    lines: &'s LineIndex,
    parens: Vec<Open>,
    ind: Vec<usize>,
    alt: Vec<usize>,
    scan: Scan,
    /// Start of the token being read.
    tok_start: usize,
    /// The first NUL byte, where the input was cut.
    nul: Option<usize>,
    /// Lines in the file (for "detected at line N" at the end of input).
    n_lines: u32,
    /// Indexes in `scan.pairs` of the brackets open.
    pair_stack: Vec<usize>,
}

fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_xdigit(c: i32) -> bool {
    is_digit(c)
        || (b'a' as i32..=b'f' as i32).contains(&c)
        || (b'A' as i32..=b'F' as i32).contains(&c)
}

fn is_ident_start(c: i32) -> bool {
    (b'a' as i32..=b'z' as i32).contains(&c)
        || (b'A' as i32..=b'Z' as i32).contains(&c)
        || c == b'_' as i32
        || c >= 128
}

fn is_ident_char(c: i32) -> bool {
    is_ident_start(c) || is_digit(c)
}

fn is(c: i32, b: u8) -> bool {
    c == b as i32
}

impl<'s> Tokenizer<'s> {
    fn nextc(&mut self) -> i32 {
        match self.b.get(self.cur) {
            Some(&c) => {
                self.cur += 1;
                c as i32
            }
            None => EOF,
        }
    }

    fn backup(&mut self, c: i32) {
        if c != EOF {
            self.cur -= 1;
        }
    }

    fn peek_is(&self, s: &[u8]) -> bool {
        self.b.get(self.cur..self.cur + s.len()) == Some(s)
    }

    fn line(&self, off: usize) -> u32 {
        self.lines.pos(off).0
    }

    /// The error CPython's `syntaxerror` makes: it points at the
    /// character before the cursor.
    fn raise(&self, msg: impl Into<String>) -> TokError {
        TokError {
            at: self.cur.saturating_sub(1),
            len: 1,
            start: self.tok_start,
            message: format!("SyntaxError: {}", msg.into()),
            raised: true,
            open: self.parens.last().copied(),
        }
    }

    /// An error the tokenizer only flags, at `at`.
    fn flag(&self, at: usize, len: usize, message: &str) -> TokError {
        TokError {
            at,
            len,
            start: self.tok_start,
            message: message.to_string(),
            raised: false,
            open: self.parens.last().copied(),
        }
    }

    /// At the end of the (possibly cut) input: the NUL byte's error, if
    /// the input was cut there.
    fn nul_error(&self) -> Option<TokError> {
        let z = self.nul?;
        Some(TokError {
            at: z,
            len: 1,
            start: self.cur,
            message: "SyntaxError: source code cannot contain null bytes".into(),
            raised: true,
            open: self.parens.last().copied(),
        })
    }

    fn run(&mut self) -> Result<(), TokError> {
        let mut atbol = true;
        let mut in_logical = false;
        loop {
            // nextline:
            let mut blankline = false;
            if atbol {
                let line_start = self.cur;
                let (mut col, mut alt) = (0usize, 0usize);
                let mut c;
                loop {
                    c = self.nextc();
                    if is(c, b' ') {
                        col += 1;
                        alt += 1;
                    } else if is(c, b'\t') {
                        col = (col / 8 + 1) * 8;
                        alt += 1;
                    } else if is(c, 0x0c) {
                        col = 0;
                        alt = 0;
                    } else {
                        break;
                    }
                }
                self.backup(c);
                if is(c, b'#') || is(c, b'\n') {
                    blankline = true;
                }
                if !blankline && self.parens.is_empty() && c != EOF {
                    self.tok_start = line_start;
                    let width = (self.cur - line_start).max(1);
                    let tab = "TabError: inconsistent use of tabs and spaces in indentation";
                    let top = *self.ind.last().unwrap();
                    let alt_top = *self.alt.last().unwrap();
                    if col == top {
                        if alt != alt_top {
                            return Err(self.flag(line_start, width, tab));
                        }
                    } else if col > top {
                        if self.ind.len() >= MAX_INDENT {
                            return Err(self.flag(
                                line_start,
                                width,
                                "IndentationError: too many levels of indentation",
                            ));
                        }
                        if alt <= alt_top {
                            return Err(self.flag(line_start, width, tab));
                        }
                        self.ind.push(col);
                        self.alt.push(alt);
                    } else {
                        while self.ind.len() > 1 && col < *self.ind.last().unwrap() {
                            self.ind.pop();
                            self.alt.pop();
                        }
                        if col != *self.ind.last().unwrap() {
                            return Err(self.flag(
                                line_start,
                                width,
                                "IndentationError: unindent does not match any outer indentation level",
                            ));
                        }
                        if alt != *self.alt.last().unwrap() {
                            return Err(self.flag(line_start, width, tab));
                        }
                    }
                }
            }
            // again: the tokens of this line.
            loop {
                let mut c;
                loop {
                    c = self.nextc();
                    if !(is(c, b' ') || is(c, b'\t') || is(c, 0x0c)) {
                        break;
                    }
                }
                let start = self.cur.saturating_sub(1);
                self.tok_start = start;
                if is(c, b'#') {
                    while c != EOF && !is(c, b'\n') {
                        c = self.nextc();
                    }
                }
                if c == EOF {
                    if let Some(e) = self.nul_error() {
                        return Err(e);
                    }
                    if let Some(&open) = self.parens.last() {
                        self.tok_start = self.b.len();
                        let mut e = self.flag(open.at, 1, "");
                        e.message = format!("SyntaxError: '{}' was never closed", open.ch as char);
                        return Err(e);
                    }
                    return Ok(());
                }
                if is(c, b'\n') {
                    atbol = true;
                    if !blankline && self.parens.is_empty() {
                        in_logical = false;
                    }
                    break;
                }
                if !in_logical {
                    self.scan.logical.push(start);
                    in_logical = true;
                }
                self.token(c, start)?;
            }
        }
    }

    /// One token from its first character `c` (not a newline or EOF).
    fn token(&mut self, mut c: i32, start: usize) -> Result<(), TokError> {
        if is_ident_start(c) {
            let (mut b, mut r, mut u, mut f) = (false, false, false, false);
            loop {
                if !(b || u || f) && (is(c, b'b') || is(c, b'B')) {
                    b = true;
                } else if !(b || u || r || f) && (is(c, b'u') || is(c, b'U')) {
                    u = true;
                } else if !(r || u) && (is(c, b'r') || is(c, b'R')) {
                    r = true;
                } else if !(f || b || u) && (is(c, b'f') || is(c, b'F')) {
                    f = true;
                } else {
                    break;
                }
                c = self.nextc();
                if is(c, b'"') || is(c, b'\'') {
                    return self.string(start, c, r, b, f);
                }
            }
            while is_ident_char(c) {
                c = self.nextc();
            }
            self.backup(c);
            return Ok(());
        }
        if is(c, b'.') {
            let c2 = self.nextc();
            if is_digit(c2) {
                return self.fraction(c2);
            }
            self.backup(c2);
            return Ok(());
        }
        if is_digit(c) {
            return self.number(c);
        }
        if is(c, b'"') || is(c, b'\'') {
            return self.string(start, c, false, false, false);
        }
        if is(c, b'\\') {
            let c2 = self.nextc();
            if !is(c2, b'\n') {
                let at = self.cur.saturating_sub(1).max(start + 1);
                return Err(self.flag(
                    at,
                    1,
                    "SyntaxError: unexpected character after line continuation character",
                ));
            }
            let c3 = self.nextc();
            if c3 == EOF {
                if let Some(e) = self.nul_error() {
                    return Err(e);
                }
                return Err(self.flag(start + 1, 1, "SyntaxError: unexpected EOF while parsing"));
            }
            self.backup(c3);
            return Ok(());
        }
        match c as u8 {
            b'(' | b'[' | b'{' => {
                if self.parens.len() >= MAX_LEVEL {
                    return Err(self.raise("too many nested parentheses"));
                }
                let line = self.line(start);
                if self.parens.is_empty() {
                    self.scan.brackets.push((start, usize::MAX));
                }
                self.pair_stack.push(self.scan.pairs.len());
                self.scan.pairs.push((start, usize::MAX));
                self.parens.push(Open {
                    at: start,
                    line,
                    ch: c as u8,
                });
            }
            b')' | b']' | b'}' => {
                let Some(open) = self.parens.pop() else {
                    return Err(self.raise(format!("unmatched '{}'", c as u8 as char)));
                };
                let want = match open.ch {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if self.parens.is_empty() {
                    if let Some(r) = self.scan.brackets.last_mut() {
                        r.1 = start;
                    }
                }
                if let Some(k) = self.pair_stack.pop() {
                    self.scan.pairs[k].1 = start;
                }
                if c as u8 != want {
                    let msg = if open.line != self.line(start) {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                            c as u8 as char, open.ch as char, open.line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as u8 as char, open.ch as char
                        )
                    };
                    self.parens.push(open);
                    return Err(self.raise(msg));
                }
            }
            x if x < 0x20 || x == 0x7f => {
                return Err(self.raise(format!("invalid non-printable character U+{:04X}", x)));
            }
            _ => {}
        }
        Ok(())
    }

    fn string(
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

    fn number(&mut self, first: i32) -> Result<(), TokError> {
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
    fn fraction(&mut self, mut c: i32) -> Result<(), TokError> {
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

// ---------------------------------------------------------------------------
// 2. Escapes CPython's parser rejects when it decodes a string literal.

/// The first escape in string `s` that CPython cannot decode: the offset
/// of its backslash, its length in bytes and CPython's message. `name_at`
/// is where ruff found a `\N{...}` name it does not know, if it did (the
/// names are ruff's to look up).
pub(super) fn bad_escape(
    src: &str,
    s: &StrTok,
    name_at: Option<usize>,
) -> Option<(usize, usize, String)> {
    if s.raw {
        return None;
    }
    let b = src.as_bytes();
    let (body, end) = s.body;
    // Positions are counted in the buffer CPython decodes, where every
    // non-ASCII character is spelled `\UXXXXXXXX` and a backslash before
    // one `\u005c`. In an f-string each literal part is decoded alone.
    let width = |i: usize| -> usize {
        if b[i] >= 0x80 {
            10
        } else {
            1
        }
    };
    let mut pos = 0usize;
    let mut i = body;
    let mut depth = 0usize;
    while i < end {
        let c = b[i];
        if s.fstring && (c == b'{' || c == b'}') {
            if b.get(i + 1) == Some(&c) && depth == 0 {
                i += 2;
                pos = 0;
                continue;
            }
            depth = if c == b'{' {
                depth + 1
            } else {
                depth.saturating_sub(1)
            };
            i += 1;
            pos = 0;
            continue;
        }
        if depth > 0 {
            i += 1;
            continue;
        }
        if c != b'\\' {
            pos += width(i);
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let at = i;
        let start = pos;
        let &e = b.get(i + 1).filter(|_| i + 1 < end)?;
        if e >= 0x80 {
            pos += 6;
            i += 1;
            continue;
        }
        let hex = match e {
            b'x' => Some((2, "truncated \\xXX escape")),
            b'u' if !s.bytes => Some((4, "truncated \\uXXXX escape")),
            b'U' if !s.bytes => Some((8, "truncated \\UXXXXXXXX escape")),
            _ => None,
        };
        if let Some((n, message)) = hex {
            let digits = b[i + 2..end]
                .iter()
                .take(n)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits < n {
                if s.bytes {
                    return Some((
                        at,
                        2 + digits,
                        format!(
                            "SyntaxError: (value error) invalid \\x escape at position {}",
                            at - body
                        ),
                    ));
                }
                return Some((
                    at,
                    2 + digits,
                    codec_error(start, start + 2 + digits, message),
                ));
            }
            let text = &src[i + 2..i + 2 + n];
            let value = u32::from_str_radix(text, 16).unwrap_or(0);
            if value > 0x10ffff {
                return Some((
                    at,
                    2 + n,
                    codec_error(start, start + 2 + n, "illegal Unicode character"),
                ));
            }
            i += 2 + n;
            pos += 2 + n;
            continue;
        }
        if e == b'N' && !s.bytes {
            let malformed = "malformed \\N character escape";
            if i + 2 >= end || b[i + 2] != b'{' {
                return Some((at, 2, codec_error(start, start + 2, malformed)));
            }
            let Some(close) = b[i + 3..end]
                .iter()
                .position(|&c| c == b'}')
                .map(|k| i + 3 + k)
            else {
                let total: usize = start
                    + 3
                    + (i + 3..end)
                        .filter(|&k| (b[k] & 0xc0) != 0x80)
                        .map(width)
                        .sum::<usize>();
                return Some((at, end - at, codec_error(start, total, malformed)));
            };
            let name_width: usize = (i + 3..close)
                .filter(|&k| (b[k] & 0xc0) != 0x80)
                .map(width)
                .sum();
            if close == i + 3 {
                return Some((at, 3, codec_error(start, start + 3, malformed)));
            }
            if name_at.is_some_and(|n| n >= i && n <= close) {
                return Some((
                    at,
                    close + 1 - at,
                    codec_error(
                        start,
                        start + 4 + name_width,
                        "unknown Unicode character name",
                    ),
                ));
            }
            pos += 4 + name_width;
            i = close + 1;
            continue;
        }
        pos += 2;
        i += 2;
    }
    None
}

/// The text of CPython's `UnicodeDecodeError` for the bytes `a..b` of the
/// decoded buffer, after `(unicode error)`.
fn codec_error(a: usize, b: usize, reason: &str) -> String {
    let b = b.max(a + 1);
    if b == a + 1 {
        format!("SyntaxError: (unicode error) 'unicodeescape' codec can't decode byte 0x5c in position {a}: {reason}")
    } else {
        format!(
            "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {reason}",
            a,
            b - 1
        )
    }
}

/// The first `\uD800`-`\uDFFF` escape (or its `\U` spelling) in a string
/// literal: CPython makes a lone surrogate of it, gilsim's strings cannot
/// hold one (ruff reads it as U+FFFD).
fn surrogate(src: &str, s: &StrTok) -> Option<(usize, usize)> {
    if s.raw || s.bytes {
        return None;
    }
    let b = src.as_bytes();
    let (mut i, end) = s.body;
    while i < end {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let n = match b.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let digits = src.get(i + 2..(i + 2 + n).min(end)).unwrap_or("");
        if digits.len() == n && digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(digits, 16).unwrap_or(0);
            if (0xd800..=0xdfff).contains(&v) {
                return Some((i, 2 + n));
            }
        }
        i += 2;
    }
    None
}

// ---------------------------------------------------------------------------
// 3. The symbol table pass and the compiler's checks.

/// Every problem CPython would report in a module that parses, the first
/// one only, as CPython stops there; then what gilsim cannot represent.
pub fn check(src: &str, body: &[Stmt], lines: &LineIndex) -> Vec<Diagnostic> {
    let found = too_deep(body)
        .or_else(|| Symtable::run(body))
        .or_else(|| Compiler::run(body))
        .or_else(|| {
            let scan = scan(src, lines);
            scan.strings
                .iter()
                .find_map(|s| surrogate(src, s))
                .map(|(at, len)| {
                    (
                        range(at, at + len),
                        "not supported by gilsim: lone surrogates (a \\ud800-\\udfff escape)"
                            .to_string(),
                    )
                })
        });
    found
        .map(|(r, m)| vec![Diagnostic::new(lines.span(r), m)])
        .unwrap_or_default()
}

fn range(a: usize, b: usize) -> TextRange {
    TextRange::new(TextSize::new(a as u32), TextSize::new(b as u32))
}

type Found = Option<(TextRange, String)>;

fn syntax(r: TextRange, msg: impl std::fmt::Display) -> Found {
    Some((r, format!("SyntaxError: {msg}")))
}

/// Nesting past CPython's recursion limit, counting as CPython's tree
/// nests: each `elif` is an `if` inside the `else` of the one before.
fn too_deep(body: &[Stmt]) -> Found {
    struct Depth {
        d: usize,
        hit: Option<TextRange>,
    }
    impl Depth {
        fn enter(&mut self, r: TextRange) -> bool {
            self.d += 1;
            if self.d > MAX_DEPTH && self.hit.is_none() {
                self.hit = Some(r);
            }
            self.hit.is_none()
        }
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            let base = self.d;
            if self.enter(s.range()) {
                match s {
                    Stmt::If(i) => {
                        self.visit_expr(&i.test);
                        self.visit_body(&i.body);
                        for clause in &i.elif_else_clauses {
                            // An elif is one level deeper than the if before it.
                            if clause.test.is_some() && !self.enter(clause.range) {
                                break;
                            }
                            if let Some(t) = &clause.test {
                                self.visit_expr(t);
                            }
                            self.visit_body(&clause.body);
                        }
                    }
                    _ => visitor::walk_stmt(self, s),
                }
            }
            self.d = base;
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            let base = self.d;
            if self.enter(e.range()) {
                visitor::walk_expr(self, e);
            }
            self.d = base;
        }
    }
    let mut v = Depth { d: 0, hit: None };
    for s in body {
        v.visit_stmt(s);
        if v.hit.is_some() {
            break;
        }
    }
    v.hit.map(|r| {
        (
            r,
            "RecursionError: maximum recursion depth exceeded during compilation".to_string(),
        )
    })
}

const PARAM: u8 = 1;
const LOCAL: u8 = 2;
const USE: u8 = 4;
const ANNOT: u8 = 8;
const GLOBAL: u8 = 16;
const NONLOCAL: u8 = 32;
const IMPORT: u8 = 64;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Module,
    Function,
    Class,
    /// A comprehension: list, set, dict or generator expression.
    Comp(&'static str),
}

struct Scope {
    kind: Kind,
    parent: Option<usize>,
    /// Names in order of first mention, with their flags.
    names: Vec<String>,
    flags: HashMap<String, u8>,
    /// The first `global` or `nonlocal` statement naming each name.
    directives: HashMap<String, TextRange>,
    /// Iteration variables (comprehensions).
    iter_vars: Vec<String>,
    children: Vec<usize>,
}

/// CPython's symbol table pass (Python/symtable.c): its first pass in
/// source order, then the analysis of free names.
struct Symtable {
    scopes: Vec<Scope>,
    cur: usize,
    /// Inside a comprehension's iterable expression.
    in_iter: usize,
    error: Found,
}

impl Symtable {
    fn run(body: &[Stmt]) -> Found {
        let mut t = Symtable {
            scopes: vec![],
            cur: 0,
            in_iter: 0,
            error: None,
        };
        t.enter(Kind::Module);
        t.stmts(body);
        if t.error.is_some() {
            return t.error;
        }
        t.analyse(0, &[])
    }

    fn enter(&mut self, kind: Kind) {
        let parent = (!self.scopes.is_empty()).then_some(self.cur);
        self.scopes.push(Scope {
            kind,
            parent,
            names: vec![],
            flags: HashMap::new(),
            directives: HashMap::new(),
            iter_vars: vec![],
            children: vec![],
        });
        let i = self.scopes.len() - 1;
        if let Some(p) = parent {
            self.scopes[p].children.push(i);
        }
        self.cur = i;
    }

    fn exit(&mut self) {
        self.cur = self.scopes[self.cur].parent.unwrap_or(0);
    }

    fn fail(&mut self, f: Found) {
        if self.error.is_none() {
            self.error = f;
        }
    }

    fn flags(&self, name: &str) -> u8 {
        self.scopes[self.cur].flags.get(name).copied().unwrap_or(0)
    }

    fn add(&mut self, name: &str, flag: u8, r: TextRange) {
        let sc = &mut self.scopes[self.cur];
        let old = sc.flags.get(name).copied();
        if flag == PARAM && old.is_some_and(|f| f & PARAM != 0) {
            self.fail(syntax(
                r,
                format!("duplicate argument '{name}' in function definition"),
            ));
            return;
        }
        if old.is_none() {
            sc.names.push(name.to_string());
        }
        *sc.flags.entry(name.to_string()).or_insert(0) |= flag;
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(s);
        }
    }

    fn params(&mut self, p: &ast::Parameters) {
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            self.add(&a.name, PARAM, a.name.range);
        }
    }

    /// Defaults and annotations, evaluated where the function is defined.
    fn param_exprs(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            if let Some(t) = &a.annotation {
                self.expr(t);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                self.add(&f.name, LOCAL, f.name.range);
                self.param_exprs(&f.parameters);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(Kind::Function);
                self.params(&f.parameters);
                self.stmts(&f.body);
                self.exit();
            }
            Stmt::ClassDef(c) => {
                self.add(&c.name, LOCAL, c.name.range);
                if let Some(a) = &c.arguments {
                    for e in a.args.iter() {
                        self.expr(e);
                    }
                    for k in a.keywords.iter() {
                        self.expr(&k.value);
                    }
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(Kind::Class);
                self.stmts(&c.body);
                self.exit();
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let cur = self.flags(n);
                    if cur & (PARAM | LOCAL | USE | ANNOT) != 0 {
                        let msg = if cur & PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if cur & ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        self.fail(syntax(g.range, msg));
                        return;
                    }
                    self.add(n, GLOBAL, g.range);
                    self.scopes[self.cur]
                        .directives
                        .entry(n.to_string())
                        .or_insert(g.range);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let cur = self.flags(n);
                    if cur & (PARAM | LOCAL | USE | ANNOT) != 0 {
                        let msg = if cur & PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if cur & ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        self.fail(syntax(g.range, msg));
                        return;
                    }
                    self.add(n, NONLOCAL, g.range);
                    self.scopes[self.cur]
                        .directives
                        .entry(n.to_string())
                        .or_insert(g.range);
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), true) = (&*a.target, a.simple) {
                    let cur = self.flags(&n.id);
                    if cur & (GLOBAL | NONLOCAL) != 0 && self.scopes[self.cur].kind != Kind::Module
                    {
                        let what = if cur & GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        self.fail(syntax(
                            n.range,
                            format!("annotated name '{}' can't be {what}", n.id),
                        ));
                        return;
                    }
                    let flag = if a.value.is_some() {
                        ANNOT | LOCAL
                    } else {
                        ANNOT
                    };
                    self.add(&n.id, flag, n.range);
                } else {
                    self.expr(&a.target);
                }
                self.expr(&a.annotation);
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let name = a.asname.as_ref().map_or_else(
                        || a.name.id.split('.').next().unwrap_or("").to_string(),
                        |n| n.id.to_string(),
                    );
                    self.add(&name, IMPORT, a.range);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.id.as_str() == "*" {
                        if self.scopes[self.cur].kind != Kind::Module {
                            self.fail(syntax(a.range, "import * only allowed at module level"));
                            return;
                        }
                        continue;
                    }
                    let name = a.asname.as_ref().unwrap_or(&a.name);
                    self.add(&name.id, IMPORT, a.range);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(e) = &h.type_ {
                        self.expr(e);
                    }
                    if let Some(n) = &h.name {
                        self.add(n, LOCAL, n.range);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            _ => {
                let mut v = SubVisit(self);
                visitor::walk_stmt(&mut v, s);
            }
        }
    }

    fn comprehension(
        &mut self,
        kind: &'static str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) {
        let Some(first) = generators.first() else {
            return;
        };
        self.in_iter += 1;
        self.expr(&first.iter);
        self.in_iter -= 1;
        self.enter(Kind::Comp(kind));
        let saved_iter = std::mem::take(&mut self.in_iter);
        for (k, g) in generators.iter().enumerate() {
            let mut names = vec![];
            collect_names(&g.target, &mut names);
            self.scopes[self.cur].iter_vars.extend(names);
            self.expr(&g.target);
            if k > 0 {
                self.in_iter += 1;
                self.expr(&g.iter);
                self.in_iter -= 1;
            }
            for e in &g.ifs {
                self.expr(e);
            }
        }
        for e in elts {
            self.expr(e);
        }
        self.in_iter = saved_iter;
        self.exit();
    }

    fn expr(&mut self, e: &Expr) {
        if self.error.is_some() {
            return;
        }
        match e {
            Expr::Name(n) => {
                let flag = if n.ctx == ExprContext::Load {
                    USE
                } else {
                    LOCAL
                };
                self.add(&n.id, flag, n.range);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_exprs(p);
                }
                self.enter(Kind::Function);
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.expr(&l.body);
                self.exit();
            }
            Expr::ListComp(c) => self.comprehension("list comprehension", &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension("set comprehension", &c.generators, &[&c.elt]),
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt])
            }
            Expr::DictComp(c) => {
                let elts: Vec<&Expr> = c.key.as_deref().into_iter().chain([&*c.value]).collect();
                self.comprehension("dict comprehension", &c.generators, &elts)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Kind::Comp(kind) = self.scopes[self.cur].kind {
                    self.fail(syntax(e.range(), format!("'yield' inside {kind}")));
                    return;
                }
                visitor::walk_expr(&mut SubVisit(self), e);
            }
            Expr::Named(n) => {
                self.expr(&n.value);
                let Expr::Name(t) = &*n.target else {
                    self.expr(&n.target);
                    return;
                };
                if self.in_iter > 0 {
                    self.fail(syntax(
                        n.range,
                        "assignment expression cannot be used in a comprehension iterable expression",
                    ));
                    return;
                }
                if matches!(self.scopes[self.cur].kind, Kind::Comp(_)) {
                    // The target binds in the nearest function or module.
                    let mut s = self.cur;
                    while let Kind::Comp(_) = self.scopes[s].kind {
                        if self.scopes[s].iter_vars.iter().any(|v| v == t.id.as_str()) {
                            self.fail(syntax(
                                t.range,
                                format!("assignment expression cannot rebind comprehension iteration variable '{}'", t.id),
                            ));
                            return;
                        }
                        s = self.scopes[s].parent.unwrap_or(0);
                    }
                    if self.scopes[s].kind == Kind::Class {
                        self.fail(syntax(
                            t.range,
                            "assignment expression within a comprehension cannot be used in a class body",
                        ));
                        return;
                    }
                    let here = self.cur;
                    self.cur = s;
                    self.add(&t.id, LOCAL, t.range);
                    self.cur = here;
                } else {
                    self.add(&t.id, LOCAL, t.range);
                }
            }
            _ => visitor::walk_expr(&mut SubVisit(self), e),
        }
    }

    /// The second pass: every `nonlocal` needs a binding in an enclosing
    /// function; `bound` holds the names enclosing functions bind.
    fn analyse(&self, s: usize, bound: &[&str]) -> Found {
        let sc = &self.scopes[s];
        for n in &sc.names {
            let f = sc.flags[n];
            let at = sc.directives.get(n).copied().unwrap_or_default();
            if f & NONLOCAL != 0 {
                if f & GLOBAL != 0 {
                    return syntax(at, format!("name '{n}' is nonlocal and global"));
                }
                if sc.kind == Kind::Module {
                    return syntax(at, "nonlocal declaration not allowed at module level");
                }
                if !bound.contains(&n.as_str()) {
                    return syntax(at, format!("no binding for nonlocal '{n}' found"));
                }
            }
        }
        if sc.children.is_empty() {
            return None;
        }
        let inner: Vec<&str> = match sc.kind {
            Kind::Module => vec![],
            // A class body binds nothing its methods see, but `__class__`.
            Kind::Class => bound.iter().copied().chain(["__class__"]).collect(),
            Kind::Function | Kind::Comp(_) => {
                // Names it declares global bind nothing for inner functions.
                let mut v: Vec<&str> = bound
                    .iter()
                    .copied()
                    .filter(|n| sc.flags.get(*n).is_none_or(|f| f & GLOBAL == 0))
                    .collect();
                v.extend(
                    sc.names
                        .iter()
                        .filter(|n| {
                            let f = sc.flags[n.as_str()];
                            f & (PARAM | LOCAL | IMPORT) != 0 && f & (GLOBAL | NONLOCAL) == 0
                        })
                        .map(String::as_str),
                );
                v
            }
        };
        for &c in &sc.children {
            if let Some(e) = self.analyse(c, &inner) {
                return Some(e);
            }
        }
        None
    }
}

/// Names bound by an assignment target.
fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::Starred(s) => collect_names(&s.value, out),
        _ => {}
    }
}

/// Walks the children of a node with the symbol table's own handling of
/// statements and expressions.
struct SubVisit<'t>(&'t mut Symtable);

impl<'a> Visitor<'a> for SubVisit<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.0.error.is_none() {
            self.0.stmt(s);
        }
    }
    fn visit_expr(&mut self, e: &'a Expr) {
        self.0.expr(e);
    }
}

/// One compilation unit's kind, for the compiler's checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Module,
    Function { is_async: bool },
    Class,
    Lambda,
    Comprehension,
}

/// The checks of CPython's compiler (Python/compile.c), in the order it
/// compiles: statements in source order, a function's defaults and
/// decorators before its body.
struct Compiler {
    unit: Unit,
    /// Blocks open in this unit (loops, `try`, `with`...).
    blocks: usize,
    /// Loops open in this unit (for `break` and `continue`).
    loops: usize,
    error: Found,
}

impl Compiler {
    fn run(body: &[Stmt]) -> Found {
        let mut c = Compiler {
            unit: Unit::Module,
            blocks: 0,
            loops: 0,
            error: None,
        };
        c.stmts(body);
        c.error
    }

    fn fail(&mut self, f: Found) {
        if self.error.is_none() {
            self.error = f;
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(s);
        }
    }

    /// Runs `f` in a new unit of kind `unit`.
    fn unit(&mut self, unit: Unit, f: impl FnOnce(&mut Compiler)) {
        let saved = (self.unit, self.blocks, self.loops);
        self.unit = unit;
        self.blocks = 0;
        self.loops = 0;
        f(self);
        (self.unit, self.blocks, self.loops) = saved;
    }

    /// Runs `f` with `n` more blocks open (one more loop if `is_loop`).
    fn block(&mut self, r: TextRange, n: usize, is_loop: bool, f: impl FnOnce(&mut Compiler)) {
        if self.blocks + n > MAX_BLOCKS {
            self.fail(syntax(r, "too many statically nested blocks"));
            return;
        }
        self.blocks += n;
        self.loops += is_loop as usize;
        f(self);
        self.blocks -= n;
        self.loops -= is_loop as usize;
    }

    fn debug_name(&mut self, name: &str, r: TextRange, deleting: bool) {
        if name == "__debug__" {
            let verb = if deleting { "delete" } else { "assign to" };
            self.fail(syntax(r, format!("cannot {verb} __debug__")));
        }
    }

    fn debug_params(&mut self, p: &ast::Parameters, r: TextRange) {
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            self.debug_name(&a.name, r, false);
        }
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        let r = s.range();
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.defaults(&f.parameters);
                self.debug_params(&f.parameters, r);
                self.debug_name(&f.name, r, false);
                let is_async = f.is_async;
                self.unit(Unit::Function { is_async }, |c| c.stmts(&f.body));
            }
            Stmt::ClassDef(k) => {
                for d in &k.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(a) = &k.arguments {
                    self.call_args(a, r);
                }
                self.debug_name(&k.name, r, false);
                self.unit(Unit::Class, |c| c.stmts(&k.body));
            }
            Stmt::Return(ret) => {
                if !matches!(self.unit, Unit::Function { .. }) {
                    self.fail(syntax(r, "'return' outside function"));
                    return;
                }
                if let Some(v) = &ret.value {
                    self.expr(v);
                }
            }
            Stmt::Break(_) => {
                if self.loops == 0 {
                    self.fail(syntax(r, "'break' outside loop"));
                }
            }
            Stmt::Continue(_) => {
                if self.loops == 0 {
                    self.fail(syntax(r, "'continue' not properly in loop"));
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.block(r, 1, true, |c| {
                    c.target(&f.target, false);
                    c.stmts(&f.body);
                });
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.block(r, 1, true, |c| c.stmts(&w.body));
                self.stmts(&w.orelse);
            }
            Stmt::With(w) => {
                let n = w.items.len();
                self.block(r, n, false, |c| {
                    for item in &w.items {
                        c.expr(&item.context_expr);
                        if let Some(v) = &item.optional_vars {
                            c.target(v, false);
                        }
                    }
                    c.stmts(&w.body);
                });
            }
            Stmt::Try(t) => {
                let finally = !t.finalbody.is_empty();
                let handlers = !t.handlers.is_empty();
                // The body: one block for `finally`, one for `except`.
                let body_blocks = finally as usize + handlers as usize;
                self.block(r, body_blocks, false, |c| c.stmts(&t.body));
                let n = t.handlers.len();
                for (i, h) in t.handlers.iter().enumerate() {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if h.type_.is_none() && i + 1 < n {
                        self.fail(syntax(h.range, "default 'except:' must be last"));
                        return;
                    }
                    if let Some(e) = &h.type_ {
                        self.expr(e);
                    }
                    if let Some(name) = &h.name {
                        self.debug_name(name, h.range, false);
                    }
                    // A handler runs inside two blocks (and the `finally`'s).
                    self.block(h.range, finally as usize + 2, false, |c| c.stmts(&h.body));
                }
                self.block(r, finally as usize, false, |c| c.stmts(&t.orelse));
                self.stmts(&t.finalbody);
                if finally {
                    self.block(r, 1, false, |c| c.stmts(&t.finalbody));
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.target(t, false);
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    self.debug_name(&n.id, n.range, false);
                } else {
                    self.target(&a.target, false);
                }
                self.expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                }
                self.target(&a.target, false);
                self.expr(&a.annotation);
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t, true);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    if let Some(n) = &a.asname {
                        self.debug_name(n, r, false);
                    } else {
                        let first = a.name.id.split('.').next().unwrap_or("");
                        self.debug_name(first, r, false);
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    self.debug_name(n, r, false);
                }
            }
            _ => visitor::walk_stmt(&mut CompVisit(self), s),
        }
    }

    /// A call's arguments (or a class's bases); `r` is the call's range.
    fn call_args(&mut self, a: &ast::Arguments, r: TextRange) {
        let kws = &a.keywords;
        for (i, k) in kws.iter().enumerate() {
            let Some(n) = &k.arg else {
                continue;
            };
            self.debug_name(n, r, false);
            if let Some(other) = kws[i + 1..]
                .iter()
                .find(|o| o.arg.as_ref().is_some_and(|a| a.as_str() == n.as_str()))
            {
                self.fail(syntax(
                    other.range,
                    format!("keyword argument repeated: {n}"),
                ));
            }
            if self.error.is_some() {
                return;
            }
        }
        self.elts(&a.args);
        for k in kws.iter() {
            self.expr(&k.value);
        }
    }

    /// The items of a display or a call, where `*x` may appear.
    fn elts(&mut self, elts: &[Expr]) {
        for e in elts {
            match e {
                Expr::Starred(s) => self.expr(&s.value),
                _ => self.expr(e),
            }
        }
    }

    /// An assignment (or `del`) target.
    fn target(&mut self, e: &Expr, deleting: bool) {
        match e {
            Expr::Name(n) => self.debug_name(&n.id, n.range, deleting),
            Expr::Attribute(a) => {
                self.expr(&a.value);
                // CPython forbids assigning `x.__debug__`, not deleting it.
                if !deleting {
                    self.debug_name(&a.attr, a.range, false);
                }
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | Expr::List(ast::ExprList { elts, range, .. }) => {
                self.starred_targets(elts, *range);
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.target(&s.value, deleting),
                        _ => self.target(e, deleting),
                    }
                }
            }
            Expr::Starred(s) if !deleting => {
                self.fail(syntax(
                    s.range,
                    "starred assignment target must be in a list or tuple",
                ));
            }
            _ => self.expr(e),
        }
    }

    fn starred_targets(&mut self, elts: &[Expr], r: TextRange) {
        if elts
            .iter()
            .filter(|e| matches!(e, Expr::Starred(_)))
            .count()
            > 1
        {
            self.fail(syntax(r, "multiple starred expressions in assignment"));
        }
    }

    fn expr(&mut self, e: &Expr) {
        if self.error.is_some() {
            return;
        }
        match e {
            Expr::Call(c) => {
                self.expr(&c.func);
                self.call_args(&c.arguments, c.range());
            }
            Expr::Starred(s) => {
                self.fail(syntax(s.range, "can't use starred expression here"));
            }
            Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::List(ast::ExprList { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => self.elts(elts),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                    self.debug_params(p, l.range);
                }
                self.unit(Unit::Lambda, |c| c.expr(&l.body));
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::DictComp(c) => {
                let elts: Vec<&Expr> = c.key.as_deref().into_iter().chain([&*c.value]).collect();
                self.comprehension(&c.generators, &elts)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if !matches!(
                    self.unit,
                    Unit::Function { .. } | Unit::Lambda | Unit::Comprehension
                ) {
                    self.fail(syntax(e.range(), "'yield' outside function"));
                    return;
                }
                if matches!(e, Expr::YieldFrom(_))
                    && self.unit == (Unit::Function { is_async: true })
                {
                    self.fail(syntax(e.range(), "'yield from' inside async function"));
                    return;
                }
                visitor::walk_expr(&mut CompVisit(self), e);
            }
            Expr::Await(_) => {
                match self.unit {
                    Unit::Function { is_async: true } | Unit::Comprehension => {}
                    Unit::Function { .. } | Unit::Lambda => {
                        self.fail(syntax(e.range(), "'await' outside async function"));
                        return;
                    }
                    Unit::Module | Unit::Class => {
                        self.fail(syntax(e.range(), "'await' outside function"));
                        return;
                    }
                }
                visitor::walk_expr(&mut CompVisit(self), e);
            }
            Expr::Named(n) => {
                self.expr(&n.value);
                self.target(&n.target, false);
            }
            _ => visitor::walk_expr(&mut CompVisit(self), e),
        }
    }

    fn comprehension(&mut self, generators: &[ast::Comprehension], elts: &[&Expr]) {
        let Some(first) = generators.first() else {
            return;
        };
        self.expr(&first.iter);
        self.unit(Unit::Comprehension, |c| {
            for (k, g) in generators.iter().enumerate() {
                if k > 0 {
                    c.expr(&g.iter);
                }
                c.target(&g.target, false);
                for e in &g.ifs {
                    c.expr(e);
                }
            }
            for e in elts {
                c.expr(e);
            }
        });
    }
}

/// Walks the children of a node with the compiler's own handling.
struct CompVisit<'c>(&'c mut Compiler);

impl<'a> Visitor<'a> for CompVisit<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.0.error.is_none() {
            self.0.stmt(s);
        }
    }
    fn visit_expr(&mut self, e: &'a Expr) {
        self.0.expr(e);
    }
}
