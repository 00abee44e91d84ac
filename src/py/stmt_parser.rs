//! Statement parsing: `def`, `if`/`elif`/`else`, `while`, `for` over
//! `range(...)`, `with`, blocks, and simple statements (assignment,
//! augmented assignment, `return`, `global`, `import` ...), with the
//! errors for statements and targets outside gilsim's subset.

use super::ast::{Expr, Stmt};
use super::lexer::Tok;
use super::parser::{too_deep, unsupported, Parser, MAX_DEPTH, R};
use crate::bytecode::BinOp;
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;

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
            let (s, _) = self.deeper(Parser::simple_statement)?;
            return Ok(vec![s]);
        }
        if self.peek() != &Tok::Indent {
            return Err(Diagnostic::new(self.span(), "expected an indented block"));
        }
        self.next();
        let (body, _) = self.deeper(|p| {
            let mut body = Vec::new();
            while p.peek() != &Tok::Dedent && p.peek() != &Tok::Eof {
                if p.eat_newline() {
                    continue;
                }
                body.push(p.statement(depth + 1)?);
            }
            Ok(body)
        })?;
        self.next();
        Ok(body)
    }

    pub(super) fn statement(&mut self, depth: usize) -> R<Stmt> {
        let span = self.span();
        if self.peek() == &Tok::Indent {
            return Err(Diagnostic::new(span, "unexpected indent"));
        }
        if let Tok::Name(kw) = self.peek().clone() {
            if let Some((_, what)) = UNSUPPORTED_KEYWORDS.iter().find(|(k, _)| *k == kw) {
                // `match` is a soft keyword: `match = 1` is an assignment.
                if kw != "match" || self.is_match_statement() {
                    return Err(unsupported(span, what));
                }
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
                    let (name, nspan) = self.name()?;
                    assignable(name.clone(), nspan)?;
                    self.expect_op("(")?;
                    let mut params: Vec<(String, Span)> = Vec::new();
                    let mut seen = std::collections::HashSet::new();
                    while !self.is_op(")") {
                        if self.is_op("*") || self.is_op("**") {
                            return Err(unsupported(self.span(), "*args and **kwargs"));
                        }
                        if self.is_op("/") {
                            return Err(unsupported(self.span(), "positional-only parameters (/)"));
                        }
                        let (p, pspan) = assignable_name(self.name()?)?;
                        if !seen.insert(p.clone()) {
                            return Err(Diagnostic::new(
                                pspan,
                                format!("duplicate argument '{p}' in function definition"),
                            ));
                        }
                        params.push((p, pspan));
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
                    let cond = self.sub_expr()?;
                    let body = self.block(depth)?;
                    if self.is_kw("else") {
                        return Err(unsupported(self.span(), "else on a loop"));
                    }
                    return Ok(Stmt::While(cond, body, span));
                }
                "for" => {
                    self.next();
                    let (var, vspan) = assignable_name(self.name()?)?;
                    if self.is_op(",") {
                        return Err(unsupported(self.span(), "unpacking several loop variables"));
                    }
                    if !self.eat_kw("in") {
                        return Err(self.expected("'in'"));
                    }
                    let iter = self.sub_expr()?;
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
                    let ctx = self.sub_expr()?;
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

    /// Whether the `match` at the cursor starts a match statement: a
    /// logical line `match subject:` (not `match = ...`, `match.x`, ...).
    fn is_match_statement(&self) -> bool {
        let after = self.toks.get(self.pos + 1).map(|t| &t.tok);
        let ends_in_colon = self.toks[self.pos..]
            .iter()
            .position(|t| matches!(t.tok, Tok::Newline | Tok::Eof))
            .and_then(|nl| nl.checked_sub(1))
            .is_some_and(|last| self.toks[self.pos + last].tok == Tok::Op(":"));
        let assigns = |o: &str| {
            o == "=" || (o.len() > 1 && o.ends_with('=') && !matches!(o, "==" | "!=" | "<=" | ">="))
        };
        ends_in_colon
            && !matches!(after, Some(Tok::Op(o)) if assigns(o) || matches!(*o, "." | ":" | ","))
    }

    /// The rest of an `if` statement, `elif`s and `else` included. A chain
    /// of `elif`s is read by a loop; each is an `if` nested in the `else`
    /// before it (as in CPython's tree), one level deeper.
    pub(super) fn if_rest(&mut self, depth: usize) -> R<Stmt> {
        let base = self.nest;
        let mut branches = Vec::new();
        let mut orelse = Vec::new();
        loop {
            let cond = self.sub_expr()?;
            let body = self.block(depth)?;
            branches.push((cond, body));
            if self.is_kw("elif") {
                if self.nest >= MAX_DEPTH {
                    return Err(too_deep(self.span()));
                }
                self.next();
                self.nest += 1;
                continue;
            }
            if self.eat_kw("else") {
                orelse = self.block(depth)?;
            }
            break;
        }
        self.nest = base;
        while let Some((cond, body)) = branches.pop() {
            orelse = vec![Stmt::If(cond, body, orelse)];
        }
        Ok(orelse.pop().expect("at least the if itself"))
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
                let value = if matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";") {
                    None
                } else {
                    let v = self.sub_expr()?;
                    self.no_bare_tuple(&v)?;
                    Some(v)
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

    /// `a, b` where a statement allows a tuple without parentheses.
    pub(super) fn no_bare_tuple(&self, first: &Expr) -> R<()> {
        if self.is_op(",") {
            return Err(unsupported(
                first.span(),
                "tuples without parentheses (and unpacking assignment)",
            ));
        }
        Ok(())
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
        let first = self.sub_expr()?;
        if self.is_op("=") {
            let mut targets = vec![first];
            let mut value;
            loop {
                self.expect_op("=")?;
                value = self.sub_expr()?;
                self.no_bare_tuple(&value)?;
                if self.is_op("=") {
                    targets.push(value);
                } else {
                    break;
                }
            }
            let names = targets
                .into_iter()
                .map(|t| match t {
                    Expr::Name(n, s) => assignable(n, s),
                    Expr::Tuple(_, s) => Err(unsupported(s, "unpacking assignment")),
                    other => Err(not_assignable(&other).unwrap_or_else(|| {
                        unsupported(other.span(), "assigning to anything but a name")
                    })),
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
                let value = self.sub_expr()?;
                self.no_bare_tuple(&value)?;
                return match first {
                    Expr::Name(n, s) => {
                        let (n, s) = assignable(n, s)?;
                        Ok(Stmt::AugAssign(n, s, bin, value))
                    }
                    other => Err(not_assignable(&other).unwrap_or_else(|| {
                        unsupported(other.span(), "augmented assignment to anything but a name")
                    })),
                };
            }
        }
        if self.is_op(":") {
            return Err(unsupported(self.span(), "type annotations"));
        }
        self.no_bare_tuple(&first)?;
        Ok(Stmt::Expr(first))
    }
}

/// A name as an assignment target: anything but `__debug__`.
fn assignable(n: String, s: Span) -> R<(String, Span)> {
    if n == "__debug__" {
        return Err(Diagnostic::new(s, "cannot assign to __debug__"));
    }
    Ok((n, s))
}

fn assignable_name((n, s): (String, Span)) -> R<(String, Span)> {
    assignable(n, s)
}

/// CPython's error for assigning to a literal, if `e` is one.
fn not_assignable(e: &Expr) -> Option<Diagnostic> {
    let Expr::Const(v, s) = e else { return None };
    Some(Diagnostic::new(
        *s,
        match v {
            Value::Bool(_) | Value::None => format!("cannot assign to {v}"),
            _ => "cannot assign to literal".to_string(),
        },
    ))
}
