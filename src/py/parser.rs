//! The Python parser: recursive descent over the lexer's tokens, producing
//! the [`ast`](super::ast) of the supported subset. Valid Python that
//! gilsim does not support gets "not supported by gilsim: ...".

use super::ast::{Expr, Stmt};
use super::lexer::{Tok, Token};
use crate::bytecode::BinOp;
use crate::diag::{Diagnostic, Span};

pub(super) type R<T> = Result<T, Diagnostic>;

/// Parses a whole module.
pub fn parse(toks: Vec<Token>) -> R<Vec<Stmt>> {
    let mut p = Parser { toks, pos: 0 };
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
}

pub(super) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(span, format!("not supported by gilsim: {what}"))
}

const UNSUPPORTED_KEYWORDS: &[(&str, &str)] = &[
    ("class", "classes"),
    ("try", "exceptions (try)"),
    ("raise", "exceptions (raise)"),
    ("lambda", "lambda"),
    ("yield", "generators (yield)"),
    ("async", "async functions"),
    ("await", "await"),
    ("del", "del"),
    ("assert", "assert"),
    ("nonlocal", "nonlocal"),
    ("match", "match statements"),
];

impl Parser {
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

    pub(super) fn end_of_statement(&mut self) -> R<()> {
        if self.eat_op(";") {
            return Err(unsupported(
                self.toks[self.pos - 1].span,
                "several statements on one line (;)",
            ));
        }
        if self.eat_newline() || self.peek() == &Tok::Eof {
            Ok(())
        } else {
            Err(self.expected("end of line"))
        }
    }

    pub(super) fn block(&mut self, depth: usize) -> R<Vec<Stmt>> {
        self.expect_op(":")?;
        if !self.eat_newline() {
            // `if x: y` on one line.
            let s = self.simple_statement()?;
            return Ok(vec![s]);
        }
        if self.peek() != &Tok::Indent {
            return Err(Diagnostic::new(self.span(), "expected an indented block"));
        }
        self.next();
        let mut body = Vec::new();
        while self.peek() != &Tok::Dedent && self.peek() != &Tok::Eof {
            if self.eat_newline() {
                continue;
            }
            body.push(self.statement(depth + 1)?);
        }
        self.next();
        Ok(body)
    }

    pub(super) fn statement(&mut self, depth: usize) -> R<Stmt> {
        let span = self.span();
        if let Tok::Name(kw) = self.peek().clone() {
            if let Some((_, what)) = UNSUPPORTED_KEYWORDS.iter().find(|(k, _)| *k == kw) {
                return Err(unsupported(span, what));
            }
            match kw.as_str() {
                "def" => {
                    if depth > 0 {
                        return Err(unsupported(
                            span,
                            "nested functions (define functions at module level)",
                        ));
                    }
                    self.next();
                    let (name, _) = self.name()?;
                    self.expect_op("(")?;
                    let mut params = Vec::new();
                    while !self.is_op(")") {
                        if self.is_op("*") || self.is_op("**") {
                            return Err(unsupported(self.span(), "*args and **kwargs"));
                        }
                        params.push(self.name()?);
                        if self.is_op("=") {
                            return Err(unsupported(self.span(), "default parameter values"));
                        }
                        if self.is_op(":") {
                            return Err(unsupported(self.span(), "type annotations"));
                        }
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                    self.expect_op(")")?;
                    if self.is_op("->") {
                        return Err(unsupported(self.span(), "type annotations"));
                    }
                    let body = self.block(depth)?;
                    return Ok(Stmt::Def(name, params, body, span));
                }
                "if" => {
                    self.next();
                    return self.if_rest(depth);
                }
                "while" => {
                    self.next();
                    let cond = self.expr()?;
                    let body = self.block(depth)?;
                    if self.is_kw("else") {
                        return Err(unsupported(self.span(), "else on a loop"));
                    }
                    return Ok(Stmt::While(cond, body));
                }
                "for" => {
                    self.next();
                    let (var, vspan) = self.name()?;
                    if self.is_op(",") {
                        return Err(unsupported(self.span(), "unpacking several loop variables"));
                    }
                    if !self.eat_kw("in") {
                        return Err(self.expected("'in'"));
                    }
                    let iter = self.expr()?;
                    let args = match iter {
                        Expr::Call(f, args, kw, _)
                            if matches!(&*f, Expr::Name(n, _) if n == "range")
                                && kw.is_empty()
                                && (1..=3).contains(&args.len()) =>
                        {
                            args
                        }
                        other => {
                            return Err(unsupported(
                                other.span(),
                                "iterating over anything but range(...)",
                            ))
                        }
                    };
                    let body = self.block(depth)?;
                    if self.is_kw("else") {
                        return Err(unsupported(self.span(), "else on a loop"));
                    }
                    return Ok(Stmt::For(var, vspan, args, body, span));
                }
                "with" => {
                    self.next();
                    let ctx = self.expr()?;
                    if self.is_kw("as") {
                        return Err(unsupported(self.span(), "with ... as"));
                    }
                    if self.is_op(",") {
                        return Err(unsupported(
                            self.span(),
                            "several context managers in one with",
                        ));
                    }
                    let body = self.block(depth)?;
                    return Ok(Stmt::With(ctx, body, span));
                }
                _ => {}
            }
        }
        if self.is_op("@") {
            return Err(unsupported(span, "decorators"));
        }
        let s = self.simple_statement()?;
        Ok(s)
    }

    pub(super) fn if_rest(&mut self, depth: usize) -> R<Stmt> {
        let cond = self.expr()?;
        let body = self.block(depth)?;
        let orelse = if self.eat_kw("elif") {
            vec![self.if_rest(depth)?]
        } else if self.eat_kw("else") {
            self.block(depth)?
        } else {
            vec![]
        };
        Ok(Stmt::If(cond, body, orelse))
    }

    pub(super) fn simple_statement(&mut self) -> R<Stmt> {
        let span = self.span();
        let stmt = match self.peek().clone() {
            Tok::Name(kw) if kw == "pass" => {
                self.next();
                Stmt::Pass
            }
            Tok::Name(kw) if kw == "break" => {
                self.next();
                Stmt::Break(span)
            }
            Tok::Name(kw) if kw == "continue" => {
                self.next();
                Stmt::Continue(span)
            }
            Tok::Name(kw) if kw == "return" => {
                self.next();
                let value = if matches!(self.peek(), Tok::Newline | Tok::Eof) {
                    None
                } else {
                    Some(self.expr()?)
                };
                Stmt::Return(value, span)
            }
            Tok::Name(kw) if kw == "global" => {
                self.next();
                let mut names = vec![self.name()?.0];
                while self.eat_op(",") {
                    names.push(self.name()?.0);
                }
                Stmt::Global(names, span)
            }
            Tok::Name(kw) if kw == "import" => {
                self.next();
                let (m, _) = self.dotted_name()?;
                if self.is_kw("as") {
                    return Err(unsupported(self.span(), "import ... as"));
                }
                if self.is_op(",") {
                    return Err(unsupported(
                        self.span(),
                        "importing several modules on one line",
                    ));
                }
                Stmt::Import(m, vec![], span)
            }
            Tok::Name(kw) if kw == "from" => {
                self.next();
                let (m, _) = self.dotted_name()?;
                if !self.eat_kw("import") {
                    return Err(self.expected("'import'"));
                }
                let mut names = vec![self.name()?.0];
                while self.eat_op(",") {
                    names.push(self.name()?.0);
                }
                Stmt::Import(m, names, span)
            }
            _ => self.expression_statement()?,
        };
        self.end_of_statement()?;
        Ok(stmt)
    }

    pub(super) fn dotted_name(&mut self) -> R<(String, Span)> {
        let (mut n, s) = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?.0);
        }
        Ok((n, s))
    }

    pub(super) fn expression_statement(&mut self) -> R<Stmt> {
        let first = self.expr()?;
        if self.is_op("=") {
            let mut targets = vec![first];
            let mut value;
            loop {
                self.expect_op("=")?;
                value = self.expr()?;
                if self.is_op("=") {
                    targets.push(value);
                } else {
                    break;
                }
            }
            let names = targets
                .into_iter()
                .map(|t| match t {
                    Expr::Name(n, s) => Ok((n, s)),
                    Expr::Tuple(_, s) => Err(unsupported(s, "unpacking assignment")),
                    other => Err(unsupported(
                        other.span(),
                        "assigning to anything but a name",
                    )),
                })
                .collect::<R<Vec<_>>>()?;
            return Ok(Stmt::Assign(names, value));
        }
        if let Tok::Op(op) = self.peek().clone() {
            if op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") {
                let span = self.span();
                if op == ":=" {
                    return Err(unsupported(span, "assignment expressions (:=)"));
                }
                let bin = BinOp::from_symbol(op)
                    .ok_or_else(|| unsupported(span, &format!("the operator {op}")))?;
                self.next();
                let value = self.expr()?;
                return match first {
                    Expr::Name(n, s) => Ok(Stmt::AugAssign(n, s, bin, value)),
                    other => Err(unsupported(
                        other.span(),
                        "augmented assignment to anything but a name",
                    )),
                };
            }
        }
        if self.is_op(":") {
            return Err(unsupported(self.span(), "type annotations"));
        }
        if self.is_op(",") {
            return Err(unsupported(
                first.span(),
                "tuples without parentheses (and unpacking assignment)",
            ));
        }
        Ok(Stmt::Expr(first))
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
