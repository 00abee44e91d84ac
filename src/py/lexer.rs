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
    indents: Vec<u32>,
    depth: u32,
    // Where each open bracket is, innermost last.
    open: Vec<(char, u32, u32)>,
    _src: &'a str,
}

/// Tokenizes Python source; the first error stops it.
pub fn tokenize(src: &str) -> Result<Vec<Token>, Diagnostic> {
    let mut l = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
        col: 1,
        toks: vec![],
        indents: vec![0],
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
                let mut width = 0u32;
                while let Some(c) = self.peek(0) {
                    match c {
                        ' ' => width += 1,
                        '\t' => width = (width / 8 + 1) * 8,
                        '\x0c' => width = 0,
                        _ => break,
                    }
                    self.bump();
                }
                match self.peek(0) {
                    None | Some('\n') | Some('#') | Some('\r') => {}
                    Some(_) => self.indent_to(width)?,
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
                ' ' | '\t' | '\r' | '\x0c' => {
                    self.bump();
                }
                '#' => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '\\' if self.peek(1) == Some('\n') => {
                    self.bump();
                    self.bump();
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
                        let shown = if c.is_control() {
                            format!("U+{:04X}", c as u32)
                        } else {
                            format!("'{c}'")
                        };
                        return Err(self.err(line, col, 1, format!("invalid character {shown}")));
                    };
                    for _ in 0..op.len() {
                        self.bump();
                    }
                    match *op {
                        "(" | "[" | "{" => {
                            self.depth += 1;
                            self.open.push((c, line, col));
                        }
                        ")" | "]" | "}" => {
                            if self.depth == 0 {
                                return Err(self.err(line, col, 1, format!("unmatched '{op}'")));
                            }
                            self.depth -= 1;
                            self.open.pop();
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

    fn indent_to(&mut self, width: u32) -> Result<(), Diagnostic> {
        let cur = *self.indents.last().expect("the stack starts with 0");
        if width > cur {
            self.indents.push(width);
            self.push(Tok::Indent, self.line, 1, width);
        } else if width < cur {
            while *self.indents.last().expect("never empty") > width {
                self.indents.pop();
                self.push(Tok::Dedent, self.line, 1, 1);
            }
            if *self.indents.last().expect("never empty") != width {
                return Err(self.err(
                    self.line,
                    1,
                    width,
                    "unindent does not match any outer indentation level",
                ));
            }
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), Diagnostic> {
        let (line, col) = (self.line, self.col);
        let start = self.pos;
        while let Some(c) = self.peek(0) {
            let exp_sign = (c == '+' || c == '-')
                && matches!(self.chars[self.pos - 1], 'e' | 'E')
                && !matches!(
                    self.chars.get(start + 1),
                    Some('x' | 'X' | 'o' | 'O' | 'b' | 'B')
                );
            if c.is_alphanumeric() || c == '_' || c == '.' || exp_sign {
                self.bump();
            } else {
                break;
            }
        }
        let lit: String = self.chars[start..self.pos].iter().collect();
        let len = lit.chars().count() as u32;
        if lit.ends_with(['j', 'J']) {
            return Err(self.err(line, col, len, "not supported by gilsim: complex numbers"));
        }
        let tok = match crate::asm::lexer::parse_number(&lit) {
            Ok(crate::asm::lexer::TokKind::Int(i)) => Tok::Int(i),
            Ok(crate::asm::lexer::TokKind::Float(f)) => Tok::Float(f),
            Ok(_) => unreachable!("parse_number yields numbers"),
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
                return Err(self.err(line, col, 1, "unterminated string literal"));
            };
            if c == q && (!triple || (self.peek(1) == Some(q) && self.peek(2) == Some(q))) {
                for _ in 0..if triple { 3 } else { 1 } {
                    self.bump();
                }
                break;
            }
            if c == '\n' && !triple {
                return Err(self.err(line, col, 1, "unterminated string literal"));
            }
            self.bump();
            if c == '\\' && !raw {
                let (el, ec) = (self.line, self.col - 1);
                let Some(e) = self.bump() else {
                    return Err(self.err(line, col, 1, "unterminated string literal"));
                };
                match e {
                    '\n' => {}
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    '0' => s.push('\0'),
                    '\\' => s.push('\\'),
                    '\'' => s.push('\''),
                    '"' => s.push('"'),
                    'x' | 'u' => {
                        let n = if e == 'x' { 2 } else { 4 };
                        let hex: String = (0..n).filter_map(|_| self.bump()).collect();
                        match u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .filter(|_| hex.len() == n)
                        {
                            Some(ch) => s.push(ch),
                            None => {
                                return Err(self.err(
                                    el,
                                    ec,
                                    n as u32 + 2,
                                    format!("invalid \\{e} escape"),
                                ))
                            }
                        }
                    }
                    // Python keeps unknown escapes as they are.
                    other => {
                        s.push('\\');
                        s.push(other);
                    }
                }
            } else {
                s.push(c);
            }
        }
        let len = if self.line == line { self.col - col } else { 1 };
        self.push(Tok::Str(s), line, col, len);
        Ok(())
    }
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
