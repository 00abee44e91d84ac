//! Statements: assignment, control flow (with `break`/`continue`/`return`
//! undoing the blocks they leave), `try`/`except`/`else`/`finally` as
//! exception-table regions, `with`, `raise`, `assert`, `del`, function
//! and class definitions (imports: [`super::imports`]).

use super::codegen::{unsupported, Block, Ctx, FnBody, Loc, Unit, R};
use crate::bytecode::{BinOp, Op};
use crate::diag::Span;
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr, Stmt};

pub(super) fn binop(op: ast::Operator) -> Option<BinOp> {
    Some(match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::MatMult => return None,
    })
}

impl<'a> Ctx<'a> {
    /// A function body: docstring skipped, statements, implicit `return None`.
    pub(super) fn body(&mut self, u: &mut Unit<'a>, stmts: &'a [Stmt]) -> R<()> {
        self.stmts(u, stmts)
    }

    pub(super) fn stmts(&mut self, u: &mut Unit<'a>, stmts: &'a [Stmt]) -> R<()> {
        for s in stmts {
            self.stmt(u, s)?;
        }
        Ok(())
    }

    pub(super) fn store_name(&mut self, u: &mut Unit<'a>, name: &str, span: Span) {
        match self.resolve(u, name) {
            Loc::Fast(i) => u.emit(Op::StoreFast(i), span),
            Loc::Deref(i) => u.emit(Op::StoreDeref(i), span),
            Loc::Global(g) => u.emit(Op::StoreGlobal(g), span),
            Loc::Builtin(_) => {
                let g = self.global_slot(name);
                u.emit(Op::StoreGlobal(g), span)
            }
        };
    }

    fn stmt(&mut self, u: &mut Unit<'a>, s: &'a Stmt) -> R<()> {
        let span = self.span(super::codegen::range_of(s));
        match s {
            Stmt::Expr(e) => {
                if matches!(&*e.value, Expr::StringLiteral(_)) {
                    return Ok(()); // docstring or bare string
                }
                self.expr(u, &e.value)?;
                u.emit(Op::PopTop, span);
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                self.expr(u, &a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        u.emit(Op::Copy(1), span);
                    }
                    self.store(u, t)?;
                }
            }
            Stmt::AnnAssign(a) => {
                let in_class = self.syms.scopes[u.scope].kind == super::symbols::ScopeKind::Class;
                if in_class {
                    if let Expr::Name(n) = &*a.target {
                        if let Some(ann) =
                            u.f.local_names.iter().position(|x| x == "__annotations__")
                        {
                            self.expr(u, &a.annotation)?;
                            u.emit(Op::LoadFast(ann as u32), span);
                            u.constant(Value::str(n.id.as_str()), span);
                            u.emit(Op::StoreSubscr, span);
                        }
                    }
                }
                if let Some(v) = &a.value {
                    self.expr(u, v)?;
                    self.store(u, &a.target)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(u, a, span)?,
            Stmt::If(i) => {
                let mut ends = vec![];
                self.expr(u, &i.test)?;
                let mut jf = u.emit(Op::PopJumpIfFalse(0), span);
                self.stmts(u, &i.body)?;
                for c in &i.elif_else_clauses {
                    ends.push(u.emit(Op::JumpForward(0), span));
                    u.patch_here(jf);
                    match &c.test {
                        Some(t) => {
                            self.expr(u, t)?;
                            jf = u.emit(Op::PopJumpIfFalse(0), span);
                            self.stmts(u, &c.body)?;
                        }
                        None => {
                            jf = usize::MAX;
                            self.stmts(u, &c.body)?;
                        }
                    }
                }
                if jf != usize::MAX {
                    u.patch_here(jf);
                }
                for e in ends {
                    u.patch_here(e);
                }
            }
            Stmt::While(w) => {
                let top = u.here();
                self.expr(u, &w.test)?;
                let exit = u.emit(Op::PopJumpIfFalse(0), span);
                u.blocks.push(Block::Loop {
                    cont: top,
                    breaks: vec![],
                    iter: false,
                });
                self.stmts(u, &w.body)?;
                u.emit(Op::JumpBackward(top), span);
                let Some(Block::Loop { breaks, .. }) = u.blocks.pop() else {
                    unreachable!("the loop block is on top")
                };
                u.patch_here(exit);
                self.stmts(u, &w.orelse)?;
                for b in breaks {
                    u.patch_here(b);
                }
            }
            Stmt::For(f) => {
                if f.is_async {
                    self.async_for(u, f, span)?;
                } else if !self.for_range(u, f, span)? {
                    self.expr(u, &f.iter)?;
                    u.emit(Op::GetIter, span);
                    let top = u.here();
                    let fi = u.emit(Op::ForIter(0), span);
                    u.depth += 1;
                    u.blocks.push(Block::Loop {
                        cont: top,
                        breaks: vec![],
                        iter: true,
                    });
                    self.store(u, &f.target)?;
                    self.stmts(u, &f.body)?;
                    u.emit(Op::JumpBackward(top), span);
                    let Some(Block::Loop { breaks, .. }) = u.blocks.pop() else {
                        unreachable!("the loop block is on top")
                    };
                    u.depth -= 1;
                    u.patch_here(fi);
                    self.stmts(u, &f.orelse)?;
                    for b in breaks {
                        u.patch_here(b);
                    }
                }
            }
            Stmt::Break(_) => self.jump_out(u, span, true)?,
            Stmt::Continue(_) => self.jump_out(u, span, false)?,
            Stmt::Return(r) => {
                if self.syms.scopes[u.scope].kind != super::symbols::ScopeKind::Function {
                    return Err(crate::diag::Diagnostic::new(
                        span,
                        "'return' outside function",
                    ));
                }
                match &r.value {
                    Some(v) => self.expr(u, v)?,
                    None => u.constant(Value::None, span),
                }
                self.return_through_blocks(u, span)?;
            }
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(u, &d.expression)?;
                }
                let scope = self.syms.scope_of(f);
                self.make_function(
                    u,
                    scope,
                    &f.name.id,
                    Some(&f.parameters),
                    FnBody::Stmts(&f.body),
                    span,
                )?;
                for _ in &f.decorator_list {
                    u.emit(Op::CallFunction(1), span);
                }
                self.store_name(u, &f.name.id, span);
            }
            Stmt::ClassDef(c) => self.class_def(u, c)?,
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(u, t)?;
                }
            }
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(u, e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(u, c)?;
                        n = 2;
                    }
                }
                u.emit(Op::RaiseVarargs(n), span);
            }
            Stmt::Assert(a) => {
                self.expr(u, &a.test)?;
                let ok = u.emit(Op::PopJumpIfTrue(0), span);
                let cls = crate::vm::builtins::builtin("AssertionError").expect("a builtin");
                u.constant(cls, span);
                if let Some(m) = &a.msg {
                    self.expr(u, m)?;
                    u.emit(Op::CallFunction(1), span);
                }
                u.emit(Op::RaiseVarargs(1), span);
                u.patch_here(ok);
            }
            Stmt::Import(i) => self.import(u, i, span)?,
            Stmt::ImportFrom(i) => self.import_from(u, i, span)?,
            Stmt::Try(t) => {
                if t.is_star {
                    return Err(unsupported(span, "except* (exception groups)"));
                }
                self.try_stmt(u, t, span)?;
            }
            Stmt::With(w) => self.with_items(u, &w.items, &w.body, w.is_async, span)?,
            Stmt::Match(_) => return Err(unsupported(span, "match statements")),
            Stmt::TypeAlias(_) => return Err(unsupported(span, "type aliases")),
            Stmt::IpyEscapeCommand(_) => return Err(unsupported(span, "IPython escape commands")),
        }
        Ok(())
    }

    /// Emits the undoing of block `i` (innermost first) for a jump out of it.
    fn undo_block(&mut self, u: &mut Unit<'a>, i: usize, span: Span, leaving_loop: bool) -> R<()> {
        match &u.blocks[i] {
            Block::Try(r) => {
                let r = *r;
                u.pause_region(r);
            }
            Block::Finally(body) => {
                let body: &'a [Stmt] = body;
                let saved = u.blocks.split_off(i);
                let r = self.stmts(u, body);
                u.blocks.extend(saved);
                r?;
            }
            Block::With(is_async) => {
                // exit(None, None, None), consuming the exit on the stack.
                let is_async = *is_async;
                u.constant(Value::None, span);
                u.emit(Op::Copy(1), span);
                u.emit(Op::Copy(1), span);
                u.emit(Op::CallFunction(3), span);
                if is_async {
                    self.await_top(u, 2, span);
                }
                u.emit(Op::PopTop, span);
            }
            Block::Except(name) => {
                let name = name.clone();
                u.emit(Op::PopExcept, span);
                u.emit(Op::PopTop, span);
                if let Some(n) = name {
                    u.constant(Value::None, span);
                    self.store_name(u, &n, span);
                    self.delete_name(u, &n, span);
                }
            }
            Block::FinallyExc => {
                u.emit(Op::PopExcept, span);
                u.emit(Op::PopTop, span);
            }
            Block::Loop { iter, .. } => {
                if *iter && leaving_loop {
                    u.emit(Op::PopTop, span);
                }
            }
        }
        Ok(())
    }

    fn redo_regions(&mut self, u: &mut Unit<'a>, from: usize) {
        for b in from..u.blocks.len() {
            if let Block::Try(r) = u.blocks[b] {
                u.resume_region(r);
            }
        }
    }

    /// `break` / `continue`: undoes the blocks inside the loop, then jumps.
    fn jump_out(&mut self, u: &mut Unit<'a>, span: Span, is_break: bool) -> R<()> {
        let Some(li) = u
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Loop { .. }))
        else {
            let what = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(crate::diag::Diagnostic::new(span, what));
        };
        for i in (li + 1..u.blocks.len()).rev() {
            self.undo_block(u, i, span, false)?;
        }
        if is_break {
            self.undo_block(u, li, span, true)?;
            let j = u.emit(Op::JumpForward(0), span);
            if let Block::Loop { breaks, .. } = &mut u.blocks[li] {
                breaks.push(j);
            }
        } else {
            let Block::Loop { cont, .. } = u.blocks[li] else {
                unreachable!()
            };
            u.emit(Op::JumpBackward(cont), span);
        }
        self.redo_regions(u, li + 1);
        Ok(())
    }

    /// `return` with the value on the stack: runs `finally` bodies and
    /// `with` exits on the way out.
    fn return_through_blocks(&mut self, u: &mut Unit<'a>, span: Span) -> R<()> {
        let needs = u
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Finally(_) | Block::With(_) | Block::Try(_)));
        if !needs {
            u.emit(Op::ReturnValue, span);
            return Ok(());
        }
        let t = u.temp("ret");
        u.emit(Op::StoreFast(t), span);
        // Loops' iterators are popped too: a `with` exit below them calls
        // what is on top of the stack.
        for i in (0..u.blocks.len()).rev() {
            self.undo_block(u, i, span, true)?;
        }
        u.emit(Op::LoadFast(t), span);
        u.emit(Op::ReturnValue, span);
        self.redo_regions(u, 0);
        Ok(())
    }

    fn aug_assign(&mut self, u: &mut Unit<'a>, a: &'a ast::StmtAugAssign, span: Span) -> R<()> {
        let Some(op) = binop(a.op) else {
            return Err(unsupported(span, "the @ operator"));
        };
        match &*a.target {
            Expr::Name(n) => {
                self.load_name(u, &n.id, span);
                self.expr(u, &a.value)?;
                u.emit(Op::BinaryOp(op.inplace()), span);
                self.store_name(u, &n.id, span);
            }
            Expr::Attribute(at) => {
                self.expr(u, &at.value)?;
                u.emit(Op::Copy(1), span);
                let n = u.name(&at.attr.id);
                u.emit(Op::LoadAttr(n), span);
                self.expr(u, &a.value)?;
                u.emit(Op::BinaryOp(op.inplace()), span);
                u.emit(Op::Swap(2), span);
                u.emit(Op::StoreAttr(n), span);
            }
            Expr::Subscript(s) => {
                self.expr(u, &s.value)?;
                self.subscript_key(u, &s.slice)?;
                u.emit(Op::Copy(2), span);
                u.emit(Op::Copy(2), span);
                u.emit(Op::BinarySubscr, span);
                self.expr(u, &a.value)?;
                u.emit(Op::BinaryOp(op.inplace()), span);
                u.emit(Op::Swap(3), span);
                u.emit(Op::Swap(2), span);
                u.emit(Op::StoreSubscr, span);
            }
            _ => {
                return Err(crate::diag::Diagnostic::new(
                    span,
                    "'expression' is an illegal expression for augmented assignment",
                ))
            }
        }
        Ok(())
    }

    pub(super) fn delete_name(&mut self, u: &mut Unit<'a>, n: &str, span: Span) {
        match self.resolve(u, n) {
            Loc::Fast(i) => u.emit(Op::DeleteFast(i), span),
            Loc::Deref(i) => u.emit(Op::DeleteDeref(i), span),
            Loc::Global(g) => u.emit(Op::DeleteGlobal(g), span),
            Loc::Builtin(_) => {
                let g = self.global_slot(n);
                u.emit(Op::DeleteGlobal(g), span)
            }
        };
    }

    fn delete(&mut self, u: &mut Unit<'a>, t: &'a Expr) -> R<()> {
        let span = self.span(super::codegen::range_of(t));
        match t {
            Expr::Name(n) => match self.resolve(u, &n.id) {
                Loc::Fast(i) => {
                    u.emit(Op::DeleteFast(i), span);
                }
                Loc::Deref(i) => {
                    u.emit(Op::DeleteDeref(i), span);
                }
                Loc::Global(g) => {
                    u.emit(Op::DeleteGlobal(g), span);
                }
                Loc::Builtin(_) => {
                    let g = self.global_slot(&n.id);
                    u.emit(Op::DeleteGlobal(g), span);
                }
            },
            Expr::Attribute(a) => {
                self.expr(u, &a.value)?;
                let n = u.name(&a.attr.id);
                u.emit(Op::DeleteAttr(n), span);
            }
            Expr::Subscript(s) => {
                self.expr(u, &s.value)?;
                self.subscript_key(u, &s.slice)?;
                u.emit(Op::DeleteSubscr, span);
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(u, e)?;
                }
            }
            Expr::List(t) => {
                for e in &t.elts {
                    self.delete(u, e)?;
                }
            }
            _ => {
                return Err(crate::diag::Diagnostic::new(
                    span,
                    "cannot delete expression",
                ))
            }
        }
        Ok(())
    }
}
