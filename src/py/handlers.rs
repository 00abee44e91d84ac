//! `try`/`except`/`else`/`finally` and `with` (and `async with`): exception-table regions
//! around their bodies, handlers that match, bind, run and re-raise, and
//! `finally` bodies run on every way out.

use super::codegen::{Block, Ctx, Unit, R};
use crate::bytecode::Op;
use crate::diag::Span;
use crate::vm::Value;
use ruff_python_ast::{self as ast, Stmt};

impl<'a> Ctx<'a> {
    /// `try` with any of `except`, `else`, `finally`.
    pub(super) fn try_stmt(&mut self, u: &mut Unit<'a>, t: &'a ast::StmtTry, span: Span) -> R<()> {
        if t.finalbody.is_empty() {
            return self.try_except(u, t, span);
        }
        // try/finally around the rest.
        let r = u.open_region();
        u.blocks.push(Block::Try(r));
        u.blocks.push(Block::Finally(&t.finalbody));
        if t.handlers.is_empty() {
            self.stmts(u, &t.body)?;
            self.stmts(u, &t.orelse)?;
        } else {
            self.try_except(u, t, span)?;
        }
        u.blocks.pop();
        u.blocks.pop();
        u.pause_region(r);
        // Normal path: the finally body, then on.
        self.stmts(u, &t.finalbody)?;
        let end = u.emit(Op::JumpForward(0), span);
        // Exceptional path: [exc] on the stack.
        let handler = u.here();
        u.close_region(r, handler);
        u.emit(Op::PushExcInfo, span);
        u.depth += 1;
        u.level += 1;
        u.blocks.push(Block::FinallyExc);
        self.stmts(u, &t.finalbody)?;
        u.blocks.pop();
        u.level -= 1;
        u.depth -= 1;
        u.emit(Op::Reraise, span);
        u.patch_here(end);
        Ok(())
    }

    /// `try` / `except` / `else` (no `finally`).
    fn try_except(&mut self, u: &mut Unit<'a>, t: &'a ast::StmtTry, span: Span) -> R<()> {
        let r = u.open_region();
        u.blocks.push(Block::Try(r));
        let guard = u32::from(t.handlers.iter().any(|h| {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            catches_import_error(h.type_.as_deref())
        }));
        self.import_guards += guard;
        let body = self.stmts(u, &t.body);
        self.import_guards -= guard;
        body?;
        u.blocks.pop();
        u.pause_region(r);
        self.stmts(u, &t.orelse)?;
        let mut ends = vec![u.emit(Op::JumpForward(0), span)];
        let handler = u.here();
        u.close_region(r, handler);
        u.emit(Op::PushExcInfo, span);
        u.depth += 1;
        u.level += 1;
        for h in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let hspan = self.span(h.range);
            let mut next = None;
            if let Some(ty) = &h.type_ {
                self.expr(u, ty)?;
                u.emit(Op::CheckExcMatch, hspan);
                next = Some(u.emit(Op::PopJumpIfFalse(0), hspan));
            }
            let name = h.name.as_ref().map(|n| n.id.to_string());
            if let Some(n) = &name {
                u.emit(Op::Copy(1), hspan);
                self.store_name(u, n, hspan);
            }
            u.blocks.push(Block::Except(name.clone()));
            // A fallback import in an `except ImportError` handler.
            let guard = u32::from(catches_import_error(h.type_.as_deref()));
            self.import_guards += guard;
            let body = self.stmts(u, &h.body);
            self.import_guards -= guard;
            body?;
            u.blocks.pop();
            u.emit(Op::PopExcept, hspan);
            u.emit(Op::PopTop, hspan);
            if let Some(n) = &name {
                // `except E as e` unbinds e at the end, as CPython does.
                u.constant(Value::None, hspan);
                self.store_name(u, n, hspan);
                self.delete_name(u, n, hspan);
            }
            ends.push(u.emit(Op::JumpForward(0), hspan));
            match next {
                Some(j) => u.patch_here(j),
                None => break,
            }
        }
        // No clause matched: raise it again (the last clause may have been bare).
        if t.handlers.iter().all(|h| {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            h.type_.is_some()
        }) {
            u.emit(Op::Reraise, span);
        }
        u.level -= 1;
        u.depth -= 1;
        for e in ends {
            u.patch_here(e);
        }
        Ok(())
    }

    /// `with a as x, b as y:` — nested, one item at a time. `async with`
    /// (`is_async`) awaits what `__aenter__` and `__aexit__` return.
    pub(super) fn with_items(
        &mut self,
        u: &mut Unit<'a>,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
        is_async: bool,
        span: Span,
    ) -> R<()> {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(u, body);
        };
        self.expr(u, &first.context_expr)?;
        // [mgr] -> [exit, enter()]
        if is_async {
            u.emit(Op::BeforeAsyncWith, span);
            self.await_top(u, 1, span);
        } else {
            u.emit(Op::Copy(1), span);
            let ex = u.name("__exit__");
            u.emit(Op::LoadAttr(ex), span);
            u.emit(Op::Swap(2), span);
            let en = u.name("__enter__");
            u.emit(Op::LoadMethod(en), span);
            u.emit(Op::CallMethod(0), span);
        }
        u.depth += 1;
        match &first.optional_vars {
            Some(t) => self.store(u, t)?,
            None => {
                u.emit(Op::PopTop, span);
            }
        }
        let r = u.open_region();
        u.blocks.push(Block::With(is_async));
        u.blocks.push(Block::Try(r));
        self.with_items(u, rest, body, is_async, span)?;
        u.blocks.pop();
        u.blocks.pop();
        u.pause_region(r);
        // Normal exit: exit(None, None, None).
        u.constant(Value::None, span);
        u.emit(Op::Copy(1), span);
        u.emit(Op::Copy(1), span);
        u.emit(Op::CallFunction(3), span);
        if is_async {
            self.await_top(u, 2, span);
        }
        u.emit(Op::PopTop, span);
        let end = u.emit(Op::JumpForward(0), span);
        // Exceptional exit: [exit, exc].
        let handler = u.here();
        u.close_region(r, handler);
        u.emit(Op::PushExcInfo, span);
        u.emit(Op::Copy(2), span);
        let ty = crate::vm::builtins::builtin("type").unwrap_or(Value::None);
        u.constant(ty, span);
        u.emit(Op::Copy(3), span);
        u.emit(Op::CallFunction(1), span);
        u.emit(Op::Copy(3), span);
        u.constant(Value::None, span);
        u.emit(Op::CallFunction(3), span);
        if is_async {
            self.await_top(u, 2, span);
        }
        let suppress = u.emit(Op::PopJumpIfTrue(0), span);
        u.emit(Op::Reraise, span);
        u.patch_here(suppress);
        u.emit(Op::PopExcept, span);
        u.emit(Op::PopTop, span);
        u.emit(Op::PopTop, span);
        u.depth -= 1;
        u.patch_here(end);
        Ok(())
    }
}

/// Whether a handler of type `ty` catches an `ImportError`: a bare
/// `except`, or one naming `ImportError`, `ModuleNotFoundError`,
/// `Exception` or `BaseException` (alone or in a tuple).
fn catches_import_error(ty: Option<&ast::Expr>) -> bool {
    fn names_it(e: &ast::Expr) -> bool {
        match e {
            ast::Expr::Name(n) => matches!(
                n.id.as_str(),
                "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"
            ),
            ast::Expr::Tuple(t) => t.elts.iter().any(names_it),
            _ => false,
        }
    }
    ty.is_none_or(names_it)
}
