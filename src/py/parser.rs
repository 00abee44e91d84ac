//! The Python parser: recursive descent over the lexer's tokens, producing
//! the [`ast`](super::ast) of the supported subset. Valid Python that
//! gilsim does not support gets "not supported by gilsim: ...".
//! This file holds the entry point, the token cursor and the depth
//! bookkeeping; statements are in [`stmt_parser`](super::stmt_parser),
//! expressions in [`expr_parser`](super::expr_parser).

use super::ast::{Expr, Stmt};
use super::lexer::{Tok, Token};
use crate::diag::{Diagnostic, Span};

pub(super) type R<T> = Result<T, Diagnostic>;

/// How deep statements and expressions may nest, counted as CPython's
/// compiler counts its recursion over the syntax tree: a module-level
/// statement is at depth 1, its expressions at 2, each operand one deeper
/// than its operator, each `elif` one deeper than the `if` before it.
/// CPython 3.11 compiling a script raises `RecursionError: maximum
/// recursion depth exceeded during compilation` past 3000 (its recursion
/// limit of 1000, times 3).
pub const MAX_DEPTH: u32 = 3000;

/// Parses a whole module.
pub fn parse(toks: Vec<Token>) -> R<Vec<Stmt>> {
    let mut p = Parser {
        toks,
        pos: 0,
        nest: 1,
        h: 0,
    };
    let mut body = Vec::new();
    while p.peek() != &Tok::Eof {
        if p.eat_newline() {
            continue;
        }
        body.push(p.statement(0)?);
    }
    Ok(body)
}

pub(super) struct Parser {
    pub(super) toks: Vec<Token>,
    pub(super) pos: usize,
    /// The depth (as [`MAX_DEPTH`] counts it) of the node being parsed: a
    /// lower bound, exact but for the left operand of a chain such as
    /// `a + b + c`, whose real depth only the chain's length tells.
    pub(super) nest: u32,
    /// The height of the expression parsed last: 1 for a name or literal,
    /// 1 + its deepest operand's for an operator. A node at `nest` with
    /// height `h` has leaves at depth `nest + h - 1`.
    pub(super) h: u32,
}

/// The error for code nested deeper than CPython compiles.
pub(super) fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::new(
        span,
        format!("RecursionError: maximum recursion depth exceeded during compilation (statements and expressions nested more than {MAX_DEPTH} deep)"),
    )
}

pub(super) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(span, format!("not supported by gilsim: {what}"))
}

impl Parser {
    /// Parses with `f` one level deeper (an operand, a nested statement);
    /// returns what it parsed and its height.
    pub(super) fn deeper<T>(&mut self, f: impl FnOnce(&mut Parser) -> R<T>) -> R<(T, u32)> {
        if self.nest >= MAX_DEPTH {
            return Err(too_deep(self.span()));
        }
        self.nest += 1;
        let r = f(self);
        self.nest -= 1;
        Ok((r?, self.h))
    }

    /// Records that the node just built (at `span`, at the current depth)
    /// has height `h`: an error if its leaves are deeper than [`MAX_DEPTH`].
    pub(super) fn node(&mut self, h: u32, span: Span) -> R<()> {
        self.h = h;
        if self.nest.saturating_add(h).saturating_sub(1) > MAX_DEPTH {
            return Err(too_deep(span));
        }
        Ok(())
    }

    /// An expression one level below the statement being parsed.
    pub(super) fn sub_expr(&mut self) -> R<Expr> {
        Ok(self.deeper(Parser::expr)?.0)
    }

    pub(super) fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    pub(super) fn span(&self) -> Span {
        self.toks[self.pos].span
    }

    pub(super) fn next(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    pub(super) fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    pub(super) fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == kw)
    }

    pub(super) fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.next();
        }
        yes
    }

    pub(super) fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.next();
        }
        yes
    }

    pub(super) fn eat_newline(&mut self) -> bool {
        let yes = self.peek() == &Tok::Newline;
        if yes {
            self.next();
        }
        yes
    }

    pub(super) fn describe(t: &Tok) -> String {
        match t {
            Tok::Name(n) => format!("'{n}'"),
            Tok::Int(i) => format!("'{i}'"),
            Tok::Int2Pow63(lit) => format!("'{lit}'"),
            Tok::Float(f) => format!("'{f}'"),
            Tok::Str(_) => "a string".into(),
            Tok::Op(o) => format!("'{o}'"),
            Tok::Newline => "end of line".into(),
            Tok::Indent => "an indent".into(),
            Tok::Dedent => "a dedent".into(),
            Tok::Eof => "end of file".into(),
        }
    }

    pub(super) fn expected(&self, what: &str) -> Diagnostic {
        Diagnostic::new(
            self.span(),
            format!(
                "invalid syntax: expected {what}, found {}",
                Self::describe(self.peek())
            ),
        )
    }

    pub(super) fn expect_op(&mut self, op: &str) -> R<Span> {
        if self.is_op(op) {
            Ok(self.next().span)
        } else {
            Err(self.expected(&format!("'{op}'")))
        }
    }

    pub(super) fn name(&mut self) -> R<(String, Span)> {
        match self.peek().clone() {
            Tok::Name(n) if !is_keyword(&n) => {
                let s = self.next().span;
                Ok((n, s))
            }
            _ => Err(self.expected("a name")),
        }
    }
}

pub(super) fn is_keyword(n: &str) -> bool {
    matches!(
        n,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
