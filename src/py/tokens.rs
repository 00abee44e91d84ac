//! CPython's tokenizer (Parser/tokenizer.c, 3.11), replayed over the
//! source for its errors only: tabs and spaces mixed inconsistently,
//! unindents to no outer level, unterminated strings, malformed number
//! literals, stray or mismatched brackets, non-printable characters...
//! [`scan`] also records the string literals, logical lines and brackets
//! it saw, for [`super::messages`]. Strings and numbers are read in
//! [`literals`].

use super::LineIndex;

#[path = "tokens_literals.rs"]
mod literals;

/// CPython's limit on nested brackets (the tokenizer's MAXLEVEL).
const MAX_LEVEL: usize = 200;
/// CPython's limit on indentation levels (the tokenizer's MAXINDENT).
const MAX_INDENT: usize = 100;

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
}
