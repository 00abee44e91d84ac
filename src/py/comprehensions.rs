//! Comprehensions and generator expressions: each a function of its own
//! (its loop variables do not leak), called at once with the iterator of
//! its first iterable, which is evaluated where the expression is.

use super::codegen::{unsupported, Ctx, Unit, R};
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
        if gens.iter().any(|g| g.is_async) {
            return Err(unsupported(span, "async comprehensions"));
        }
        let scope = self.syms.scopes_by_key(node);
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
        let mut loops = vec![];
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                c.emit(Op::LoadFast(0), span);
            } else {
                self.expr(&mut c, &g.iter)?;
                c.emit(Op::GetIter, span);
            }
            let top = c.here();
            let fi = c.emit(Op::ForIter(0), span);
            self.store(&mut c, &g.target)?;
            for cond in &g.ifs {
                self.expr(&mut c, cond)?;
                c.emit(Op::PopJumpIfFalse(top), span);
            }
            loops.push((top, fi));
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
                c.emit(Op::YieldValue, span);
                c.emit(Op::PopTop, span);
            }
        }
        for (top, fi) in loops.into_iter().rev() {
            c.emit(Op::JumpBackward(top), span);
            c.patch_here(fi);
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
        if let Some(g) = gens.first() {
            self.expr(u, &g.iter)?;
        }
        u.emit(Op::GetIter, span);
        u.emit(Op::CallFunction(1), span);
        Ok(())
    }
}
