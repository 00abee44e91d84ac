//! Parsing expressions, by precedence from `or` down to atoms: Python's
//! grammar for the supported subset.

use super::ast::Expr;
use super::lexer::Tok;
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

    pub(super) fn and_expr(&mut self) -> R<Expr> {
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

    pub(super) fn not_expr(&mut self) -> R<Expr> {
        if self.is_kw("not") {
            let span = self.next().span;
            return Ok(Expr::Not(Box::new(self.not_expr()?), span));
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

    pub(super) fn binary_level(
        &mut self,
        ops: &[&str],
        next: fn(&mut Parser) -> R<Expr>,
    ) -> R<Expr> {
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
        if self.is_op("@") {
            return Err(unsupported(self.span(), "the @ operator"));
        }
        self.binary_level(&["*", "//", "/", "%"], Parser::factor)
    }

    pub(super) fn factor(&mut self) -> R<Expr> {
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

    pub(super) fn power(&mut self) -> R<Expr> {
        let base = self.postfix()?;
        if self.eat_op("**") {
            let span = base.span();
            // Right-associative, and binds tighter than a unary minus on its left.
            let exp = self.factor()?;
            return Ok(Expr::Bin(BinOp::Pow, Box::new(base), Box::new(exp), span));
        }
        Ok(base)
    }

    pub(super) fn postfix(&mut self) -> R<Expr> {
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

    pub(super) fn atom(&mut self) -> R<Expr> {
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
