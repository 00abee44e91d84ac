//! The Python lexer: source text into tokens with INDENT/DEDENT/NEWLINE,
//! as Python's tokenizer does. Newlines inside brackets and after a
//! backslash join lines; comments and blank lines are skipped.
//! Number literals are read in [`numbers`](super::numbers), string
//! literals in [`strings`](super::strings).

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

/// The lexer's state: the source as characters, the cursor and its
/// line and column, and the tokens so far.
pub(super) struct Lexer<'a> {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    pub(super) line: u32,
    pub(super) col: u32,
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
    pub(super) fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).copied()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
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

    pub(super) fn push(&mut self, tok: Tok, line: u32, col: u32, len: u32) {
        self.toks.push(Token {
            tok,
            span: Span::new(line, col, len.max(1)),
        });
    }

    pub(super) fn err(&self, line: u32, col: u32, len: u32, msg: impl Into<String>) -> Diagnostic {
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
