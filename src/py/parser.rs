//! The Python parser: recursive descent over the lexer's tokens, producing
//! the [`ast`](super::ast) of the supported subset. Valid Python that
//! gilsim does not support gets "not supported by gilsim: ...".

use super::ast::{Expr, Stmt};
use super::lexer::{Tok, Token};
use crate::bytecode::{BinOp, CmpOp};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;

type R<T> = Result<T, Diagnostic>;

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

struct Parser {
    toks: Vec<Token>,
    pos: usize,
}

fn unsupported(span: Span, what: &str) -> Diagnostic {
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
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn span(&self) -> Span {
        self.toks[self.pos].span
    }

    fn next(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.next();
        }
        yes
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.next();
        }
        yes
    }

    fn eat_newline(&mut self) -> bool {
        let yes = self.peek() == &Tok::Newline;
        if yes {
            self.next();
        }
        yes
    }

    fn describe(t: &Tok) -> String {
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

    fn expected(&self, what: &str) -> Diagnostic {
        Diagnostic::new(
            self.span(),
            format!(
                "invalid syntax: expected {what}, found {}",
                Self::describe(self.peek())
            ),
        )
    }

    fn expect_op(&mut self, op: &str) -> R<Span> {
        if self.is_op(op) {
            Ok(self.next().span)
        } else {
            Err(self.expected(&format!("'{op}'")))
        }
    }

    fn name(&mut self) -> R<(String, Span)> {
        match self.peek().clone() {
            Tok::Name(n) if !is_keyword(&n) => {
                let s = self.next().span;
                Ok((n, s))
            }
            _ => Err(self.expected("a name")),
        }
    }

    fn end_of_statement(&mut self) -> R<()> {
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

    fn block(&mut self, depth: usize) -> R<Vec<Stmt>> {
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

    fn statement(&mut self, depth: usize) -> R<Stmt> {
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

    fn if_rest(&mut self, depth: usize) -> R<Stmt> {
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

    fn simple_statement(&mut self) -> R<Stmt> {
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

    fn dotted_name(&mut self) -> R<(String, Span)> {
        let (mut n, s) = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?.0);
        }
        Ok((n, s))
    }

    fn expression_statement(&mut self) -> R<Stmt> {
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

    // Expressions, lowest precedence first.

    fn expr(&mut self) -> R<Expr> {
        let e = self.or_expr()?;
        if self.is_kw("if") {
            return Err(unsupported(
                self.span(),
                "conditional expressions (a if c else b)",
            ));
        }
        Ok(e)
    }

    fn or_expr(&mut self) -> R<Expr> {
        let first = self.and_expr()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let span = first.span();
        let mut items = vec![first];
        while self.eat_kw("or") {
            items.push(self.and_expr()?);
        }
        Ok(Expr::Bool(false, items, span))
    }

    fn and_expr(&mut self) -> R<Expr> {
        let first = self.not_expr()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let span = first.span();
        let mut items = vec![first];
        while self.eat_kw("and") {
            items.push(self.not_expr()?);
        }
        Ok(Expr::Bool(true, items, span))
    }

    fn not_expr(&mut self) -> R<Expr> {
        if self.is_kw("not") {
            let span = self.next().span;
            return Ok(Expr::Not(Box::new(self.not_expr()?), span));
        }
        self.comparison()
    }

    fn cmp_op(&mut self) -> R<Option<CmpOp>> {
        let span = self.span();
        if self.is_kw("is")
            || self.is_kw("in")
            || (self.is_kw("not")
                && matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Name(n)) if n == "in"))
        {
            return Err(unsupported(span, "'is' and 'in' comparisons"));
        }
        let op = match self.peek() {
            Tok::Op(o) => CmpOp::from_symbol(o),
            _ => None,
        };
        if op.is_some() {
            self.next();
        }
        Ok(op)
    }

    fn comparison(&mut self) -> R<Expr> {
        let first = self.bitor()?;
        let span = first.span();
        let mut rest = Vec::new();
        while let Some(op) = self.cmp_op()? {
            rest.push((op, self.bitor()?));
        }
        if rest.is_empty() {
            Ok(first)
        } else {
            Ok(Expr::Compare(Box::new(first), rest, span))
        }
    }

    fn binary_level(&mut self, ops: &[&str], next: fn(&mut Parser) -> R<Expr>) -> R<Expr> {
        let mut left = next(self)?;
        loop {
            let Some(op) = ops.iter().find(|o| self.is_op(o)) else {
                return Ok(left);
            };
            let span = left.span();
            self.next();
            let right = next(self)?;
            let bin = BinOp::from_symbol(op).expect("listed operators are BINARY_OP operators");
            left = Expr::Bin(bin, Box::new(left), Box::new(right), span);
        }
    }

    fn bitor(&mut self) -> R<Expr> {
        self.binary_level(&["|"], Parser::bitxor)
    }

    fn bitxor(&mut self) -> R<Expr> {
        self.binary_level(&["^"], Parser::bitand)
    }

    fn bitand(&mut self) -> R<Expr> {
        self.binary_level(&["&"], Parser::shift)
    }

    fn shift(&mut self) -> R<Expr> {
        self.binary_level(&["<<", ">>"], Parser::arith)
    }

    fn arith(&mut self) -> R<Expr> {
        self.binary_level(&["+", "-"], Parser::term)
    }

    fn term(&mut self) -> R<Expr> {
        if self.is_op("@") {
            return Err(unsupported(self.span(), "the @ operator"));
        }
        self.binary_level(&["*", "//", "/", "%"], Parser::factor)
    }

    fn factor(&mut self) -> R<Expr> {
        let span = self.span();
        if self.eat_op("-") {
            return Ok(Expr::Unary(true, Box::new(self.factor()?), span));
        }
        if self.eat_op("+") {
            return Ok(Expr::Unary(false, Box::new(self.factor()?), span));
        }
        if self.is_op("~") {
            return Err(unsupported(span, "the ~ operator"));
        }
        self.power()
    }

    fn power(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        if self.eat_op("**") {
            let span = base.span();
            // Right-associative, and binds tighter than a unary minus on its left.
            let exp = self.factor()?;
            return Ok(Expr::Bin(BinOp::Pow, Box::new(base), Box::new(exp), span));
        }
        Ok(base)
    }

    fn postfix(&mut self) -> R<Expr> {
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let (n, _) = self.name()?;
                let start = e.span();
                e = Expr::Attr(Box::new(e), n, start);
            } else if self.is_op("(") {
                let span = e.span();
                self.next();
                let mut args = Vec::new();
                let mut kwargs = Vec::new();
                while !self.is_op(")") {
                    if self.is_op("*") || self.is_op("**") {
                        return Err(unsupported(self.span(), "*args and **kwargs"));
                    }
                    let a = self.expr()?;
                    if self.is_op("=") {
                        let Expr::Name(k, _) = a else {
                            return Err(self.expected("a keyword name"));
                        };
                        self.next();
                        kwargs.push((k, self.expr()?));
                    } else if !kwargs.is_empty() {
                        return Err(Diagnostic::new(
                            a.span(),
                            "positional argument follows keyword argument",
                        ));
                    } else {
                        args.push(a);
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
                e = Expr::Call(Box::new(e), args, kwargs, span);
            } else if self.is_op("[") {
                return Err(unsupported(self.span(), "subscripts and slices"));
            } else {
                return Ok(e);
            }
        }
    }

    fn atom(&mut self) -> R<Expr> {
        let t = self.next();
        let span = t.span;
        Ok(match t.tok {
            Tok::Int(i) => Expr::Const(Value::Int(i), span),
            Tok::Float(f) => Expr::Const(Value::Float(f), span),
            Tok::Str(mut s) => {
                // Adjacent literals concatenate, as in Python.
                while let Tok::Str(more) = self.peek().clone() {
                    self.next();
                    s.push_str(&more);
                }
                Expr::Const(Value::str(s), span)
            }
            Tok::Name(n) => match n.as_str() {
                "True" => Expr::Const(Value::Bool(true), span),
                "False" => Expr::Const(Value::Bool(false), span),
                "None" => Expr::Const(Value::None, span),
                "lambda" => return Err(unsupported(span, "lambda")),
                "yield" | "await" => return Err(unsupported(span, &n)),
                kw if is_keyword(kw) => {
                    return Err(Diagnostic::new(
                        span,
                        format!("invalid syntax: unexpected keyword '{kw}'"),
                    ))
                }
                _ => Expr::Name(n, span),
            },
            Tok::Op("(") => {
                if self.eat_op(")") {
                    return Ok(Expr::Tuple(vec![], span));
                }
                let first = self.expr()?;
                if self.is_kw("for") {
                    return Err(unsupported(self.span(), "generator expressions"));
                }
                if self.eat_op(")") {
                    return Ok(first);
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op(")") {
                        break;
                    }
                    items.push(self.expr()?);
                }
                self.expect_op(")")?;
                Expr::Tuple(items, span)
            }
            Tok::Op("[") => return Err(unsupported(span, "lists")),
            Tok::Op("{") => return Err(unsupported(span, "dicts and sets")),
            Tok::Op("...") => return Err(unsupported(span, "Ellipsis")),
            other => {
                return Err(Diagnostic::new(
                    span,
                    format!("invalid syntax: unexpected {}", Self::describe(&other)),
                ));
            }
        })
    }
}

fn is_keyword(n: &str) -> bool {
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
