//! Parsing expressions, by precedence from `or` down to atoms: Python's
//! grammar for the supported subset.

use super::ast::Expr;
use super::lexer::Tok;
use super::numbers::too_big_int;
use super::parser::{is_keyword, unsupported, Parser, R};
use crate::bytecode::{BinOp, CmpOp};
use crate::diag::Diagnostic;
use crate::vm::Value;

impl Parser {
    // Expressions, lowest precedence first.

    pub(super) fn expr(&mut self) -> R<Expr> {
        let e = self.or_expr()?;
        if self.is_kw("if") {
            return Err(unsupported(
                self.span(),
                "conditional expressions (a if c else b)",
            ));
        }
        Ok(e)
    }

    pub(super) fn or_expr(&mut self) -> R<Expr> {
        self.bool_chain(false)
    }

    pub(super) fn and_expr(&mut self) -> R<Expr> {
        self.bool_chain(true)
    }

    /// `a and b and ...` (`and_`) or `a or b or ...`: one node, its operands
    /// one level deeper.
    fn bool_chain(&mut self, and_: bool) -> R<Expr> {
        let (kw, next): (&str, fn(&mut Parser) -> R<Expr>) = if and_ {
            ("and", Parser::not_expr)
        } else {
            ("or", Parser::and_expr)
        };
        let first = next(self)?;
        if !self.is_kw(kw) {
            return Ok(first);
        }
        let span = first.span();
        let mut h = self.h;
        let mut items = vec![first];
        while self.eat_kw(kw) {
            let (e, eh) = self.deeper(next)?;
            items.push(e);
            h = h.max(eh);
        }
        self.node(h + 1, span)?;
        Ok(Expr::Bool(and_, items, span))
    }

    pub(super) fn not_expr(&mut self) -> R<Expr> {
        if self.is_kw("not") {
            let span = self.next().span;
            let (e, h) = self.deeper(Parser::not_expr)?;
            self.node(h + 1, span)?;
            return Ok(Expr::Not(Box::new(e), span));
        }
        self.comparison()
    }

    pub(super) fn cmp_op(&mut self) -> R<Option<CmpOp>> {
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

    pub(super) fn comparison(&mut self) -> R<Expr> {
        let first = self.bitor()?;
        let span = first.span();
        let mut h = self.h;
        let mut rest = Vec::new();
        while let Some(op) = self.cmp_op()? {
            let (e, eh) = self.deeper(Parser::bitor)?;
            rest.push((op, e));
            h = h.max(eh);
        }
        if rest.is_empty() {
            Ok(first)
        } else {
            self.node(h + 1, span)?;
            Ok(Expr::Compare(Box::new(first), rest, span))
        }
    }

    pub(super) fn binary_level(
        &mut self,
        ops: &[&str],
        next: fn(&mut Parser) -> R<Expr>,
    ) -> R<Expr> {
        // Left-associative, built by a loop: `1 + 1 + ... + 1` nests to
        // the left, one level per operator, without recursion here.
        let mut left = next(self)?;
        let mut h = self.h;
        loop {
            let Some(op) = ops.iter().find(|o| self.is_op(o)) else {
                self.h = h;
                return Ok(left);
            };
            let span = left.span();
            let op_span = self.next().span;
            let (right, rh) = self.deeper(next)?;
            h = h.max(rh) + 1;
            self.node(h, op_span)?;
            let bin = BinOp::from_symbol(op).expect("listed operators are BINARY_OP operators");
            left = Expr::Bin(bin, Box::new(left), Box::new(right), span);
        }
    }

    pub(super) fn bitor(&mut self) -> R<Expr> {
        self.binary_level(&["|"], Parser::bitxor)
    }

    pub(super) fn bitxor(&mut self) -> R<Expr> {
        self.binary_level(&["^"], Parser::bitand)
    }

    pub(super) fn bitand(&mut self) -> R<Expr> {
        self.binary_level(&["&"], Parser::shift)
    }

    pub(super) fn shift(&mut self) -> R<Expr> {
        self.binary_level(&["<<", ">>"], Parser::arith)
    }

    pub(super) fn arith(&mut self) -> R<Expr> {
        self.binary_level(&["+", "-"], Parser::term)
    }

    pub(super) fn term(&mut self) -> R<Expr> {
        let e = self.binary_level(&["*", "//", "/", "%"], Parser::factor)?;
        if self.is_op("@") {
            return Err(unsupported(self.span(), "the @ operator"));
        }
        Ok(e)
    }

    pub(super) fn factor(&mut self) -> R<Expr> {
        let span = self.span();
        if self.is_op("-") && self.folds_int_min() {
            // `-9223372036854775808`: i64::MIN, whose magnitude alone does
            // not fit (CPython folds the negation into the constant too).
            self.next();
            self.next();
            self.node(2, span)?;
            return Ok(Expr::Const(Value::Int(i64::MIN), span));
        }
        let neg = self.is_op("-");
        if neg || self.is_op("+") {
            self.next();
            let (e, h) = self.deeper(Parser::factor)?;
            self.node(h + 1, span)?;
            return Ok(Expr::Unary(neg, Box::new(e), span));
        }
        if self.is_op("~") {
            return Err(unsupported(span, "the ~ operator"));
        }
        self.power()
    }

    /// Whether the `-` at the cursor negates the literal 9223372036854775808
    /// and nothing binds tighter to the literal (`**`, a call, `.`, `[`).
    fn folds_int_min(&self) -> bool {
        let tok = |k: usize| self.toks.get(self.pos + k).map(|t| &t.tok);
        matches!(tok(1), Some(Tok::Int2Pow63(_)))
            && !matches!(tok(2), Some(Tok::Op("**" | "(" | "." | "[")))
    }

    pub(super) fn power(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        let bh = self.h;
        if self.is_op("**") {
            let op_span = self.next().span;
            let span = base.span();
            // Right-associative, and binds tighter than a unary minus on its left.
            let (exp, eh) = self.deeper(Parser::factor)?;
            self.node(bh.max(eh) + 1, op_span)?;
            return Ok(Expr::Bin(BinOp::Pow, Box::new(base), Box::new(exp), span));
        }
        Ok(base)
    }

    pub(super) fn postfix(&mut self) -> R<Expr> {
        let mut e = self.atom()?;
        let mut h = self.h;
        loop {
            if self.is_op(".") {
                let dot = self.next().span;
                let (n, _) = self.name()?;
                let start = e.span();
                h += 1;
                self.node(h, dot)?;
                e = Expr::Attr(Box::new(e), n, start);
            } else if self.is_op("(") {
                let span = e.span();
                let paren = self.next().span;
                let mut args = Vec::new();
                let mut kwargs: Vec<(String, Expr)> = Vec::new();
                let mut keywords = std::collections::HashSet::new();
                while !self.is_op(")") {
                    if self.is_op("*") || self.is_op("**") {
                        return Err(unsupported(self.span(), "*args and **kwargs"));
                    }
                    let (a, ah) = self.deeper(Parser::expr)?;
                    h = h.max(ah);
                    if self.is_op("=") {
                        let Expr::Name(k, kspan) = a else {
                            return Err(self.expected("a keyword name"));
                        };
                        if !keywords.insert(k.clone()) {
                            return Err(Diagnostic::new(
                                kspan,
                                format!("keyword argument repeated: {k}"),
                            ));
                        }
                        self.next();
                        let (v, vh) = self.deeper(Parser::expr)?;
                        h = h.max(vh);
                        kwargs.push((k, v));
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
                h += 1;
                self.node(h, paren)?;
                e = Expr::Call(Box::new(e), args, kwargs, span);
            } else if self.is_op("[") {
                return Err(unsupported(self.span(), "subscripts and slices"));
            } else {
                self.h = h;
                return Ok(e);
            }
        }
    }

    pub(super) fn atom(&mut self) -> R<Expr> {
        let t = self.next();
        let span = t.span;
        // A name or literal is a leaf; a parenthesized expression is the
        // expression (its own height); a tuple sets its height below.
        if !matches!(t.tok, Tok::Op("(")) {
            self.node(1, span)?;
        }
        Ok(match t.tok {
            Tok::Int(i) => Expr::Const(Value::Int(i), span),
            Tok::Int2Pow63(lit) => return Err(Diagnostic::new(span, too_big_int(&lit))),
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
                    self.node(1, span)?;
                    return Ok(Expr::Tuple(vec![], span));
                }
                let first = self.expr()?;
                if self.is_kw("for") {
                    return Err(unsupported(self.span(), "generator expressions"));
                }
                if self.eat_op(")") {
                    return Ok(first);
                }
                let mut h = self.h;
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op(")") {
                        break;
                    }
                    let (e, eh) = self.deeper(Parser::expr)?;
                    items.push(e);
                    h = h.max(eh);
                }
                self.expect_op(")")?;
                self.node(h + 1, span)?;
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
