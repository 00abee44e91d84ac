//! Expressions: literals and displays, names, operators (short-circuit
//! `and`/`or`, chained comparisons), attribute and subscript access,
//! calls (static, method, keyword and unpacking forms), f-strings,
//! lambdas, comprehensions and generator expressions, `yield`, and the
//! assignment targets they can be.

use super::codegen::{unsupported, Ctx, FnBody, Loc, Unit, R};
use super::comprehensions::Comp;
use super::stmt::binop;
use crate::bytecode::{CmpOp, Op};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr, Number};

/// The value of an int literal (or a negated one).
pub(super) fn const_int(e: &Expr) -> Option<i64> {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64(),
            _ => None,
        },
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match &*u.operand {
            // -9223372036854775808 is i64::MIN, though its digits alone overflow.
            Expr::NumberLiteral(ast::ExprNumberLiteral {
                value: Number::Int(i),
                ..
            }) if i.as_u64() == Some(1 << 63) => Some(i64::MIN),
            operand => const_int(operand).and_then(|v| v.checked_neg()),
        },
        _ => None,
    }
}

impl<'a> Ctx<'a> {
    pub(super) fn load_name(&mut self, u: &mut Unit<'a>, name: &str, span: Span) {
        match self.resolve(u, name) {
            Loc::Fast(i) => u.emit(Op::LoadFast(i), span),
            Loc::Deref(i) => u.emit(Op::LoadDeref(i), span),
            Loc::Global(g) => match self.module {
                // A library module's top-level code, as CPython's
                // LOAD_NAME: a global shadowing a builtin is the builtin
                // until it is bound.
                Some(m) if u.scope == 0 => match crate::vm::builtins::builtin(name) {
                    Some(b) => {
                        self.load_global_or_builtin(u, m, name, b, span);
                        0
                    }
                    None => u.emit(Op::LoadGlobal(g), span),
                },
                _ => u.emit(Op::LoadGlobal(g), span),
            },
            Loc::Builtin(v) => {
                u.constant(v, span);
                0
            }
        };
    }

    pub(super) fn expr(&mut self, u: &mut Unit<'a>, e: &'a Expr) -> R<()> {
        let span = self.span(super::codegen::range_of(e));
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(v) => u.constant(Value::Int(v), span),
                    None => return Err(unsupported(span, "ints past 64 bits")),
                },
                Number::Float(f) => u.constant(Value::Float(*f), span),
                Number::Complex { .. } => return Err(unsupported(span, "complex numbers")),
            },
            Expr::StringLiteral(s) => u.constant(Value::str(s.value.to_str()), span),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.bytes().collect();
                let f = crate::vm::builtins::builtin("bytes");
                match f {
                    Some(f) => {
                        u.constant(f, span);
                        let t: Vec<Value> = bytes.iter().map(|x| Value::Int(*x as i64)).collect();
                        u.constant(Value::tuple(t), span);
                        u.emit(Op::CallFunction(1), span);
                    }
                    None => return Err(unsupported(span, "bytes literals")),
                }
            }
            Expr::BooleanLiteral(b) => u.constant(Value::Bool(b.value), span),
            Expr::NoneLiteral(_) => u.constant(Value::None, span),
            Expr::EllipsisLiteral(_) => u.constant(Value::None, span),
            Expr::Name(n) => self.load_name(u, &n.id, span),
            Expr::BinOp(b) => {
                let Some(op) = binop(b.op) else {
                    return Err(unsupported(span, "the @ operator"));
                };
                self.expr(u, &b.left)?;
                self.expr(u, &b.right)?;
                u.emit(Op::BinaryOp(op), span);
            }
            Expr::UnaryOp(x) => {
                if let (ast::UnaryOp::USub, Some(v)) = (x.op, const_int(e)) {
                    u.constant(Value::Int(v), span);
                    return Ok(());
                }
                if let (ast::UnaryOp::USub, Expr::NumberLiteral(n)) = (x.op, &*x.operand) {
                    if let Number::Float(f) = &n.value {
                        u.constant(Value::Float(-f), span);
                        return Ok(());
                    }
                }
                self.expr(u, &x.operand)?;
                u.emit(
                    match x.op {
                        ast::UnaryOp::USub => Op::UnaryNegative,
                        ast::UnaryOp::UAdd => Op::UnaryPositive,
                        ast::UnaryOp::Not => Op::UnaryNot,
                        ast::UnaryOp::Invert => Op::UnaryInvert,
                    },
                    span,
                );
            }
            Expr::BoolOp(b) => {
                let mut ends = vec![];
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(u, v)?;
                    if i + 1 < b.values.len() {
                        u.emit(Op::Copy(1), span);
                        ends.push(u.emit(
                            match b.op {
                                ast::BoolOp::And => Op::PopJumpIfFalse(0),
                                ast::BoolOp::Or => Op::PopJumpIfTrue(0),
                            },
                            span,
                        ));
                        u.emit(Op::PopTop, span);
                    }
                }
                for j in ends {
                    u.patch_here(j);
                }
            }
            Expr::Compare(c) => self.compare(u, c, span)?,
            Expr::If(i) => {
                self.expr(u, &i.test)?;
                let jf = u.emit(Op::PopJumpIfFalse(0), span);
                self.expr(u, &i.body)?;
                let end = u.emit(Op::JumpForward(0), span);
                u.patch_here(jf);
                self.expr(u, &i.orelse)?;
                u.patch_here(end);
            }
            Expr::Named(n) => {
                self.expr(u, &n.value)?;
                u.emit(Op::Copy(1), span);
                self.store(u, &n.target)?;
            }
            Expr::Tuple(t) => self.sequence(u, &t.elts, span, Seq::Tuple)?,
            Expr::List(t) => self.sequence(u, &t.elts, span, Seq::List)?,
            Expr::Set(t) => self.sequence(u, &t.elts, span, Seq::Set)?,
            Expr::Dict(d) => {
                let mut pairs = 0;
                let mut built = false;
                for item in d.iter() {
                    match &item.key {
                        Some(k) => {
                            self.expr(u, k)?;
                            self.expr(u, &item.value)?;
                            pairs += 1;
                        }
                        None => {
                            if !built {
                                u.emit(Op::BuildMap(pairs), span);
                                built = true;
                            } else if pairs > 0 {
                                u.emit(Op::BuildMap(pairs), span);
                                u.emit(Op::DictUpdate(1), span);
                            }
                            pairs = 0;
                            self.expr(u, &item.value)?;
                            u.emit(Op::DictUpdate(1), span);
                        }
                    }
                }
                if !built {
                    u.emit(Op::BuildMap(pairs), span);
                } else if pairs > 0 {
                    u.emit(Op::BuildMap(pairs), span);
                    u.emit(Op::DictUpdate(1), span);
                }
            }
            Expr::Attribute(a) => {
                self.expr(u, &a.value)?;
                let n = u.name(&a.attr.id);
                u.emit(Op::LoadAttr(n), span);
            }
            Expr::Subscript(s) => {
                self.expr(u, &s.value)?;
                self.subscript_key(u, &s.slice)?;
                u.emit(Op::BinarySubscr, span);
            }
            Expr::Slice(_) => self.subscript_key(u, e)?,
            Expr::Call(c) => self.call(u, c, span)?,
            Expr::FString(f) => self.fstring(u, f, span)?,
            Expr::Lambda(l) => {
                let scope = self.syms.scope_of(l);
                self.make_function(
                    u,
                    scope,
                    "<lambda>",
                    l.parameters.as_deref(),
                    FnBody::Expr(&l.body),
                    span,
                )?;
            }
            Expr::ListComp(c) => self.comprehension(
                u,
                super::symbols::key(c),
                &c.generators,
                Comp::List(&c.elt),
                span,
            )?,
            Expr::SetComp(c) => self.comprehension(
                u,
                super::symbols::key(c),
                &c.generators,
                Comp::Set(&c.elt),
                span,
            )?,
            Expr::DictComp(c) => {
                let Some(k) = c.key.as_deref() else {
                    return Err(Diagnostic::new(
                        span,
                        "dict unpacking cannot be used in dict comprehension",
                    ));
                };
                self.comprehension(
                    u,
                    super::symbols::key(c),
                    &c.generators,
                    Comp::Dict(k, &c.value),
                    span,
                )?
            }
            Expr::Generator(c) => self.comprehension(
                u,
                super::symbols::key(c),
                &c.generators,
                Comp::Gen(&c.elt),
                span,
            )?,
            Expr::Yield(y) => {
                match &y.value {
                    Some(v) => self.expr(u, v)?,
                    None => u.constant(Value::None, span),
                }
                if u.is_async_generator() {
                    u.emit(Op::AsyncGenWrap, span);
                }
                u.emit(Op::YieldValue, span);
            }
            Expr::YieldFrom(y) => {
                self.expr(u, &y.value)?;
                u.emit(Op::GetYieldFromIter, span);
                self.send_loop(u, span);
            }
            Expr::Starred(_) => {
                return Err(Diagnostic::new(span, "can't use starred expression here"))
            }
            Expr::Await(a) => self.await_expr(u, &a.value, span)?,
            Expr::TString(_) => return Err(unsupported(span, "template strings")),
            Expr::IpyEscapeCommand(_) => return Err(unsupported(span, "IPython escape commands")),
        }
        Ok(())
    }

    /// A subscript's key, slices as `BUILD_SLICE`.
    pub(super) fn subscript_key(&mut self, u: &mut Unit<'a>, k: &'a Expr) -> R<()> {
        let span = self.span(super::codegen::range_of(k));
        if let Expr::Slice(s) = k {
            let parts = [&s.lower, &s.upper];
            for p in parts {
                match p {
                    Some(e) => self.expr(u, e)?,
                    None => u.constant(Value::None, span),
                }
            }
            match &s.step {
                Some(st) => {
                    self.expr(u, st)?;
                    u.emit(Op::BuildSlice(3), span);
                }
                None => {
                    u.emit(Op::BuildSlice(2), span);
                }
            }
            return Ok(());
        }
        self.expr(u, k)
    }

    fn compare(&mut self, u: &mut Unit<'a>, c: &'a ast::ExprCompare, span: Span) -> R<()> {
        let emit_cmp = |u: &mut Unit<'a>, op: ast::CmpOp| {
            u.emit(
                match op {
                    ast::CmpOp::Eq => Op::CompareOp(CmpOp::Eq),
                    ast::CmpOp::NotEq => Op::CompareOp(CmpOp::Ne),
                    ast::CmpOp::Lt => Op::CompareOp(CmpOp::Lt),
                    ast::CmpOp::LtE => Op::CompareOp(CmpOp::Le),
                    ast::CmpOp::Gt => Op::CompareOp(CmpOp::Gt),
                    ast::CmpOp::GtE => Op::CompareOp(CmpOp::Ge),
                    ast::CmpOp::Is => Op::IsOp(0),
                    ast::CmpOp::IsNot => Op::IsOp(1),
                    ast::CmpOp::In => Op::ContainsOp(0),
                    ast::CmpOp::NotIn => Op::ContainsOp(1),
                },
                span,
            );
        };
        self.expr(u, &c.left)?;
        if c.ops.len() == 1 {
            self.expr(u, &c.comparators[0])?;
            emit_cmp(u, c.ops[0]);
            return Ok(());
        }
        let mut fails = vec![];
        let n = c.ops.len();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(u, right)?;
            if i + 1 < n {
                // [a, b] -> [b, a, b] -> [b, r]
                u.emit(Op::Swap(2), span);
                u.emit(Op::Copy(2), span);
                emit_cmp(u, *op);
                u.emit(Op::Copy(1), span);
                fails.push(u.emit(Op::PopJumpIfFalse(0), span));
                u.emit(Op::PopTop, span);
            } else {
                emit_cmp(u, *op);
            }
        }
        let end = u.emit(Op::JumpForward(0), span);
        for f in fails {
            u.patch_here(f);
        }
        // [b, r] -> [r]
        u.emit(Op::Swap(2), span);
        u.emit(Op::PopTop, span);
        u.patch_here(end);
        Ok(())
    }

    pub(super) fn sequence(
        &mut self,
        u: &mut Unit<'a>,
        elts: &'a [Expr],
        span: Span,
        kind: Seq,
    ) -> R<()> {
        let starred = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !starred {
            for e in elts {
                self.expr(u, e)?;
            }
            let n = elts.len() as u32;
            u.emit(
                match kind {
                    Seq::Tuple => Op::BuildTuple(n),
                    Seq::List => Op::BuildList(n),
                    Seq::Set => Op::BuildSet(n),
                },
                span,
            );
            return Ok(());
        }
        match kind {
            Seq::Set => u.emit(Op::BuildSet(0), span),
            _ => u.emit(Op::BuildList(0), span),
        };
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    self.expr(u, &s.value)?;
                    u.emit(
                        if let Seq::Set = kind {
                            Op::SetUpdate(1)
                        } else {
                            Op::ListExtend(1)
                        },
                        span,
                    );
                }
                other => {
                    self.expr(u, other)?;
                    u.emit(
                        if let Seq::Set = kind {
                            Op::SetAdd(1)
                        } else {
                            Op::ListAppend(1)
                        },
                        span,
                    );
                }
            }
        }
        if let Seq::Tuple = kind {
            u.emit(Op::ListToTuple, span);
        }
        Ok(())
    }

    fn fstring(&mut self, u: &mut Unit<'a>, f: &'a ast::ExprFString, span: Span) -> R<()> {
        let mut n = 0u32;
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => {
                    u.constant(Value::str(&*l.value), span);
                    n += 1;
                }
                ast::FStringPart::FString(fs) => {
                    n += self.fstring_elements(u, &fs.elements, span)?;
                }
            }
        }
        if n != 1 {
            u.emit(Op::BuildString(n), span);
        } else {
            // A single piece may be a literal; make sure it is a str.
            u.emit(Op::BuildString(1), span);
        }
        Ok(())
    }

    fn fstring_elements(
        &mut self,
        u: &mut Unit<'a>,
        els: &'a [ast::InterpolatedStringElement],
        span: Span,
    ) -> R<u32> {
        let mut n = 0;
        for el in els {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    u.constant(Value::str(&*l.value), span);
                    n += 1;
                }
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let mut conv = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if let Some(d) = &i.debug_text {
                        let text = format!("{}{}{}", d.leading(), d.expression(), d.trailing());
                        u.constant(Value::str(text), span);
                        n += 1;
                        if conv == 0 && i.format_spec.is_none() {
                            conv = 2;
                        }
                    }
                    self.expr(u, &i.expression)?;
                    let mut flags = conv;
                    if let Some(spec) = &i.format_spec {
                        let k = self.fstring_elements(u, &spec.elements, span)?;
                        if k != 1 {
                            u.emit(Op::BuildString(k), span);
                        }
                        flags |= 4;
                    }
                    u.emit(Op::FormatValue(flags), span);
                    n += 1;
                }
            }
        }
        if n == 0 {
            u.constant(Value::str(""), span);
            n = 1;
        }
        Ok(n)
    }

    /// Stores the top of the stack into an assignment target.
    pub(super) fn store(&mut self, u: &mut Unit<'a>, t: &'a Expr) -> R<()> {
        let span = self.span(super::codegen::range_of(t));
        match t {
            Expr::Name(n) => self.store_name(u, &n.id, span),
            Expr::Attribute(a) => {
                self.expr(u, &a.value)?;
                let n = u.name(&a.attr.id);
                u.emit(Op::StoreAttr(n), span);
            }
            Expr::Subscript(s) => {
                self.expr(u, &s.value)?;
                self.subscript_key(u, &s.slice)?;
                u.emit(Op::StoreSubscr, span);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        u.emit(Op::UnpackSequence(elts.len() as u32), span);
                    }
                    Some(i) => {
                        let after = elts.len() - i - 1;
                        if i > 255 || after > 255 {
                            return Err(unsupported(
                                span,
                                "more than 255 targets around a starred one",
                            ));
                        }
                        u.emit(Op::UnpackEx((i | (after << 8)) as u32), span);
                    }
                }
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.store(u, &s.value)?,
                        other => self.store(u, other)?,
                    }
                }
            }
            Expr::Starred(_) => {
                return Err(Diagnostic::new(
                    span,
                    "starred assignment target must be in a list or tuple",
                ))
            }
            _ => return Err(Diagnostic::new(span, "cannot assign to expression")),
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
pub(super) enum Seq {
    Tuple,
    List,
    Set,
}
