//! Comprehensions and generator expressions: each a function of its own
//! (its loop variables do not leak), called at once with the iterator of
//! its first iterable, which is evaluated where the expression is.
//!
//! With `async for` or `await` inside, a list, set or dict comprehension
//! is a coroutine, awaited where it is called; a generator expression is
//! an async generator.

use super::codegen::{Ctx, Unit, R};
use crate::bytecode::Op;
use crate::diag::Span;
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr};

#[derive(Clone, Copy)]
pub(super) enum Comp<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

impl<'a> Ctx<'a> {
    /// A comprehension or generator expression as a function of its own,
    /// called at once with the iterator of its first iterable.
    pub(super) fn comprehension(
        &mut self,
        u: &mut Unit<'a>,
        node: usize,
        gens: &'a [ast::Comprehension],
        comp: Comp<'a>,
        span: Span,
    ) -> R<()> {
        let scope = self.syms.scopes_by_key(node);
        let is_async = self.syms.scopes[scope].is_async;
        let name = match comp {
            Comp::List(_) => "<listcomp>",
            Comp::Set(_) => "<setcomp>",
            Comp::Dict(..) => "<dictcomp>",
            Comp::Gen(_) => "<genexpr>",
        };
        let qual = self.qualify(u, name);
        let mut c = self.unit(scope, &qual, span);
        match comp {
            Comp::List(_) => {
                c.emit(Op::BuildList(0), span);
            }
            Comp::Set(_) => {
                c.emit(Op::BuildSet(0), span);
            }
            Comp::Dict(..) => {
                c.emit(Op::BuildMap(0), span);
            }
            Comp::Gen(_) => {}
        }
        // The container (none for a generator expression) lies under the
        // loops' iterators.
        let under = u32::from(!matches!(comp, Comp::Gen(_)));
        let mut loops = vec![];
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                c.emit(Op::LoadFast(0), span);
            } else {
                self.expr(&mut c, &g.iter)?;
                c.emit(
                    if g.is_async {
                        Op::GetAiter
                    } else {
                        Op::GetIter
                    },
                    span,
                );
            }
            let top = c.here();
            let step = if g.is_async {
                c.depth = under + i as u32 + 1;
                Step::Async(self.async_next(&mut c, span))
            } else {
                Step::Sync(c.emit(Op::ForIter(0), span))
            };
            self.store(&mut c, &g.target)?;
            for cond in &g.ifs {
                self.expr(&mut c, cond)?;
                c.emit(Op::PopJumpIfFalse(top), span);
            }
            loops.push((top, step));
        }
        let depth = gens.len() as u32 + 1;
        match comp {
            Comp::List(e) => {
                self.expr(&mut c, e)?;
                c.emit(Op::ListAppend(depth), span);
            }
            Comp::Set(e) => {
                self.expr(&mut c, e)?;
                c.emit(Op::SetAdd(depth), span);
            }
            Comp::Dict(k, v) => {
                self.expr(&mut c, k)?;
                self.expr(&mut c, v)?;
                c.emit(Op::MapAdd(depth), span);
            }
            Comp::Gen(e) => {
                self.expr(&mut c, e)?;
                if c.is_async_generator() {
                    c.emit(Op::AsyncGenWrap, span);
                }
                c.emit(Op::YieldValue, span);
                c.emit(Op::PopTop, span);
            }
        }
        for (top, step) in loops.into_iter().rev() {
            c.emit(Op::JumpBackward(top), span);
            match step {
                Step::Sync(fi) => c.patch_here(fi),
                Step::Async(r) => {
                    let end = c.here();
                    c.close_region(r, end);
                    c.emit(Op::EndAsyncFor, span);
                }
            }
        }
        if let Comp::Gen(_) = comp {
            c.constant(Value::None, span);
        }
        c.emit(Op::ReturnValue, span);
        let frees = self.syms.scopes[scope].frees.clone();
        let idx = c.index;
        self.funcs[idx as usize] = Some(c.f);
        let mut flags = 0;
        if !frees.is_empty() {
            self.load_closure(u, &frees, span)?;
            flags |= 8;
        }
        u.emit(Op::MakeFunction { code: idx, flags }, span);
        let first_async = gens.first().is_some_and(|g| g.is_async);
        if let Some(g) = gens.first() {
            self.expr(u, &g.iter)?;
        }
        u.emit(
            if first_async {
                Op::GetAiter
            } else {
                Op::GetIter
            },
            span,
        );
        u.emit(Op::CallFunction(1), span);
        if is_async && !matches!(comp, Comp::Gen(_)) {
            // An async list, set or dict comprehension is a coroutine.
            self.await_top(u, 0, span);
        }
        Ok(())
    }
}

/// How one `for` of a comprehension steps: `FOR_ITER` (its index, to
/// patch with the exit), or an `async for`'s awaited `GET_ANEXT` (its
/// exception region, closed at `END_ASYNC_FOR`).
enum Step {
    Sync(usize),
    Async(usize),
}
