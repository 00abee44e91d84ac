//! Calls: a module-level plain function by index (`CALL f n`), a method
//! (`LOAD_METHOD` / `CALL_METHOD`), `super()` in a method, keyword calls,
//! and the general form with `*args` / `**kwargs` unpacking.

use super::codegen::{Ctx, Loc, Unit, R};
use super::expr::Seq;
use crate::bytecode::Op;
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr};

impl<'a> Ctx<'a> {
    pub(super) fn call(&mut self, u: &mut Unit<'a>, c: &'a ast::ExprCall, span: Span) -> R<()> {
        let args = &c.arguments.args;
        let kws = &c.arguments.keywords;
        let plain = !args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && kws.iter().all(|k| k.arg.is_some());
        // super() in a method: super(__class__, <first argument>).
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "super" && args.is_empty() && kws.is_empty() {
                if let (Loc::Builtin(b), Some(&cell)) =
                    (self.resolve(u, "super"), u.locals.get("__class__"))
                {
                    if u.f.nparams == 0 {
                        return Err(Diagnostic::new(span, "RuntimeError: super(): no arguments"));
                    }
                    u.constant(b, span);
                    u.emit(Op::LoadDeref(cell), span);
                    u.emit(Op::LoadFast(0), span);
                    u.emit(Op::CallFunction(2), span);
                    return Ok(());
                }
            }
        }
        // A module-level plain function called with exactly its arguments.
        if let (Expr::Name(n), true, true) = (&*c.func, plain, kws.is_empty()) {
            if let Some(&(idx, np)) = self.static_defs.get(n.id.as_str()) {
                if np as usize == args.len() && matches!(self.resolve(u, &n.id), Loc::Global(_)) {
                    for a in args.iter() {
                        self.expr(u, a)?;
                    }
                    u.emit(
                        Op::Call {
                            func: idx,
                            nargs: np,
                        },
                        span,
                    );
                    return Ok(());
                }
            }
        }
        // obj.method(args)
        if let (Expr::Attribute(at), true, true) = (&*c.func, plain, kws.is_empty()) {
            self.expr(u, &at.value)?;
            let n = u.name(&at.attr.id);
            u.emit(Op::LoadMethod(n), span);
            for a in args.iter() {
                self.expr(u, a)?;
            }
            u.emit(Op::CallMethod(args.len() as u32), span);
            return Ok(());
        }
        self.expr(u, &c.func)?;
        if plain {
            for a in args.iter() {
                self.expr(u, a)?;
            }
            if kws.is_empty() {
                u.emit(Op::CallFunction(args.len() as u32), span);
            } else {
                let mut names = vec![];
                for k in kws.iter() {
                    self.expr(u, &k.value)?;
                    names.push(Value::str(
                        k.arg.as_ref().map(|a| a.id.as_str()).unwrap_or(""),
                    ));
                }
                u.constant(Value::tuple(names), span);
                u.emit(Op::CallFunctionKw((args.len() + kws.len()) as u32), span);
            }
            return Ok(());
        }
        // The general form: a tuple of arguments and a dict of keywords.
        self.sequence(u, args, span, Seq::Tuple)?;
        let mut flags = 0;
        if !kws.is_empty() {
            u.emit(Op::BuildMap(0), span);
            for k in kws.iter() {
                match &k.arg {
                    Some(a) => {
                        u.constant(Value::str(a.id.as_str()), span);
                        self.expr(u, &k.value)?;
                        u.emit(Op::BuildMap(1), span);
                        u.emit(Op::DictUpdate(1), span);
                    }
                    None => {
                        self.expr(u, &k.value)?;
                        u.emit(Op::DictUpdate(1), span);
                    }
                }
            }
            flags = 1;
        }
        u.emit(Op::CallFunctionEx(flags), span);
        Ok(())
    }
}
