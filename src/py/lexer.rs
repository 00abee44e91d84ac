//! The Python lexer: source text into tokens with INDENT/DEDENT/NEWLINE,
//! as Python's tokenizer does. Newlines inside brackets and after a
//! backslash join lines; comments and blank lines are skipped.

use crate::diag::{Diagnostic, Span};

/// A token's kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name or keyword.
    Name(String),
    /// An integer literal.
    Int(i64),
    /// The integer literal 9223372036854775808 (2**63): valid only after a
    /// unary minus, as `-9223372036854775808` (i64::MIN). Any other int
    /// past 64 bits is a lexer error.
    Int2Pow63(String),
    /// A float literal.
    Float(f64),
    /// A string literal (escapes resolved).
    Str(String),
    /// An operator or punctuation: `(`, `+=`, `**`, `:` ...
    Op(&'static str),
    /// End of a logical line.
    Newline,
    /// Indentation increased.
    Indent,
    /// Indentation decreased.
    Dedent,
    /// End of input.
    Eof,
}

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it is.
    pub span: Span,
}

// Longest first, so `**=` wins over `**` and `*`.
const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "(", ")", "[", "]", "{", "}", ",", ":", ".",
    ";", "@", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">",
];

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
    toks: Vec<Token>,
    // Indentation levels as (column with tabs to multiples of 8, column with
    // tabs as 1): CPython's two measures, whose disagreement is a TabError.
    indents: Vec<(u32, u32)>,
    depth: u32,
    // Where each open bracket is, innermost last.
    open: Vec<(char, u32, u32)>,
    _src: &'a str,
}

/// CPython's tokenizer limit on nested brackets (MAXLEVEL).
pub const MAX_PARENS: usize = 200;

/// CPython's tokenizer limit on indentation levels (MAXINDENT): at most
/// 99 indents above the first column.
pub const MAX_INDENTS: usize = 100;

/// CPython's message for a character no token starts with.
fn invalid_character(c: char) -> String {
    let code = c as u32;
    let invisible = c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(code, 0xAD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF);
    if c == '\0' {
        "source code cannot contain null bytes".into()
    } else if invisible {
        format!("invalid non-printable character U+{code:04X}")
    } else {
        format!("invalid character '{c}' (U+{code:04X})")
    }
}

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

/// Tokenizes Python source; the first error stops it.
pub fn tokenize(src: &str) -> Result<Vec<Token>, Diagnostic> {
    let mut l = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
        col: 1,
        toks: vec![],
        indents: vec![(0, 0)],
        depth: 0,
        open: vec![],
        _src: src,
    };
    l.run()?;
    Ok(l.toks)
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32, len: u32) {
        self.toks.push(Token {
            tok,
            span: Span::new(line, col, len.max(1)),
        });
    }

    fn err(&self, line: u32, col: u32, len: u32, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Span::new(line, col, len.max(1)), msg)
    }

    fn run(&mut self) -> Result<(), Diagnostic> {
        let mut at_line_start = true;
        while self.pos < self.chars.len() {
            if at_line_start && self.depth == 0 {
                at_line_start = false;
                // Measure indentation; blank and comment-only lines do not count.
                let (mut width, mut alt) = (0u32, 0u32);
                while let Some(c) = self.peek(0) {
                    match c {
                        ' ' => {
                            width = width.saturating_add(1);
                            alt = alt.saturating_add(1);
                        }
                        '\t' => {
                            width = (width / 8).saturating_add(1).saturating_mul(8);
                            alt = alt.saturating_add(1);
                        }
                        '\x0c' => (width, alt) = (0, 0),
                        _ => break,
                    }
                    self.bump();
                }
                match self.peek(0) {
                    None | Some('\n') | Some('#') => {}
                    Some(_) => self.indent_to(width, alt)?,
                }
            }
            let (line, col) = (self.line, self.col);
            let Some(c) = self.peek(0) else { break };
            match c {
                '\n' => {
                    self.bump();
                    if self.depth == 0 {
                        if !matches!(self.toks.last().map(|t| &t.tok), None | Some(Tok::Newline)) {
                            self.push(Tok::Newline, line, col, 1);
                        }
                        at_line_start = true;
                    }
                }
                ' ' | '\t' | '\x0c' => {
                    self.bump();
                }
                '#' => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '\\' => {
                    self.bump();
                    match self.peek(0) {
                        Some('\n') => {
                            let (l, c) = (self.line, self.col);
                            self.bump();
                            if self.peek(0).is_none() {
                                return Err(self.err(l, c, 1, "unexpected EOF while parsing"));
                            }
                        }
                        None => {
                            return Err(self.err(
                                self.line,
                                self.col,
                                1,
                                "unexpected EOF while parsing",
                            ))
                        }
                        Some(_) => {
                            return Err(self.err(
                                self.line,
                                self.col,
                                1,
                                "unexpected character after line continuation character",
                            ))
                        }
                    }
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number()?
                }
                c if c == '_' || c.is_alphabetic() => {
                    let start = self.pos;
                    while self
                        .peek(0)
                        .is_some_and(|c| c == '_' || c.is_alphanumeric())
                    {
                        self.bump();
                    }
                    let word: String = self.chars[start..self.pos].iter().collect();
                    if matches!(self.peek(0), Some('"' | '\'')) && word.len() <= 2 {
                        let prefix = word.to_ascii_lowercase();
                        match prefix.as_str() {
                            "r" => self.string(line, col, true)?,
                            "u" => self.string(line, col, false)?,
                            "ur" | "ru" => return Err(self.err(line, col, 2, "invalid syntax")),
                            _ if prefix.contains('f') => {
                                return Err(self.err(line, col, 2, "not supported by gilsim: f-strings (use print with several arguments)"))
                            }
                            _ if prefix.contains('b') => {
                                return Err(self.err(line, col, 2, "not supported by gilsim: bytes literals"))
                            }
                            _ => return Err(self.err(line, col, word.len() as u32, format!("invalid string prefix '{word}'"))),
                        }
                    } else {
                        let len = word.chars().count() as u32;
                        self.push(Tok::Name(word), line, col, len);
                    }
                }
                '"' | '\'' => self.string(line, col, false)?,
                _ => {
                    let rest: String = self.chars[self.pos..(self.pos + 3).min(self.chars.len())]
                        .iter()
                        .collect();
                    let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) else {
                        return Err(self.err(line, col, 1, invalid_character(c)));
                    };
                    for _ in 0..op.len() {
                        self.bump();
                    }
                    match *op {
                        "(" | "[" | "{" => {
                            if self.open.len() >= MAX_PARENS {
                                return Err(self.err(line, col, 1, "too many nested parentheses"));
                            }
                            self.depth += 1;
                            self.open.push((c, line, col));
                        }
                        ")" | "]" | "}" => {
                            let Some((o, oline, _)) = self.open.pop() else {
                                return Err(self.err(line, col, 1, format!("unmatched '{op}'")));
                            };
                            let matching = match o {
                                '(' => ")",
                                '[' => "]",
                                _ => "}",
                            };
                            if matching != *op {
                                let on = if oline == line {
                                    String::new()
                                } else {
                                    format!(" on line {oline}")
                                };
                                return Err(self.err(
                                    line,
                                    col,
                                    1,
                                    format!("closing parenthesis '{op}' does not match opening parenthesis '{o}'{on}"),
                                ));
                            }
                            self.depth -= 1;
                        }
                        _ => {}
                    }
                    self.push(Tok::Op(op), line, col, op.len() as u32);
                }
            }
        }
        if let Some(&(c, line, col)) = self.open.last() {
            return Err(self.err(line, col, 1, format!("'{c}' was never closed")));
        }
        let (line, col) = (self.line, self.col);
        if !matches!(self.toks.last().map(|t| &t.tok), None | Some(Tok::Newline)) {
            self.push(Tok::Newline, line, col, 1);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, line, col, 1);
        }
        self.push(Tok::Eof, line, col, 1);
        Ok(())
    }

    /// Python's indentation rule, CPython's checks included: the column
    /// with tabs to multiples of 8 decides INDENT/DEDENT, and it must agree
    /// with the column with tabs as 1 (else TabError); at most 99 levels.
    fn indent_to(&mut self, width: u32, alt: u32) -> Result<(), Diagnostic> {
        let tab_error = |l: &Self| {
            l.err(
                l.line,
                1,
                1,
                "TabError: inconsistent use of tabs and spaces in indentation",
            )
        };
        let (cur, cur_alt) = *self.indents.last().expect("the stack starts with 0");
        if width == cur {
            if alt != cur_alt {
                return Err(tab_error(self));
            }
        } else if width > cur {
            if self.indents.len() >= MAX_INDENTS {
                return Err(self.err(
                    self.line,
                    1,
                    width,
                    "IndentationError: too many levels of indentation",
                ));
            }
            if alt <= cur_alt {
                return Err(tab_error(self));
            }
            self.indents.push((width, alt));
            self.push(Tok::Indent, self.line, 1, width);
        } else {
            while self.indents.len() > 1 && self.indents.last().expect("never empty").0 > width {
                self.indents.pop();
                self.push(Tok::Dedent, self.line, 1, 1);
            }
            let (now, now_alt) = *self.indents.last().expect("never empty");
            if now != width {
                return Err(self.err(
                    self.line,
                    1,
                    width,
                    "unindent does not match any outer indentation level",
                ));
            }
            if now_alt != alt {
                return Err(tab_error(self));
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), Diagnostic> {
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

    fn string(&mut self, line: u32, col: u32, raw: bool) -> Result<(), Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn indentation_becomes_indent_and_dedent() {
        let t = kinds("if x:\n    y = 1\n\n    # c\nz\n");
        assert_eq!(
            t,
            vec![
                Tok::Name("if".into()),
                Tok::Name("x".into()),
                Tok::Op(":"),
                Tok::Newline,
                Tok::Indent,
                Tok::Name("y".into()),
                Tok::Op("="),
                Tok::Int(1),
                Tok::Newline,
                Tok::Dedent,
                Tok::Name("z".into()),
                Tok::Newline,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn brackets_join_lines_and_strings_resolve_escapes() {
        let t = kinds("f(1,\n  2)\n'''a\nb''' + \"c\\n\" + r'\\d'\n");
        assert!(t.contains(&Tok::Str("a\nb".into())));
        assert!(t.contains(&Tok::Str("c\n".into())));
        assert!(t.contains(&Tok::Str("\\d".into())));
        assert_eq!(t.iter().filter(|t| **t == Tok::Newline).count(), 2);
    }

    #[test]
    fn bad_dedent_and_fstrings_are_errors() {
        let e = tokenize("if x:\n    y\n  z\n").unwrap_err();
        assert!(e.message.contains("unindent does not match"));
        let e = tokenize("print(f'{x}')\n").unwrap_err();
        assert_eq!((e.span.line, e.span.col), (1, 7));
        assert!(e.message.contains("f-strings"));
    }
}
