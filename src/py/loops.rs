//! `for x in range(...)` over the builtin `range` with a constant step:
//! a counting loop on a hidden local, no iterator object, in the shape the
//! quickener fuses (compare-and-jump, add-and-store).

use super::codegen::{Block, Ctx, Loc, Unit, R};
use crate::bytecode::{BinOp, CmpOp, Op};
use crate::diag::Span;
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr};

impl<'a> Ctx<'a> {
    /// `for x in range(...)` over the builtin `range` with a constant step:
    /// a counting loop on a hidden local, with no iterator object.
    pub(super) fn for_range(
        &mut self,
        u: &mut Unit<'a>,
        f: &'a ast::StmtFor,
        span: Span,
    ) -> R<bool> {
        let Expr::Call(c) = &*f.iter else {
            return Ok(false);
        };
        let Expr::Name(n) = &*c.func else {
            return Ok(false);
        };
        if n.id.as_str() != "range" || !matches!(self.resolve(u, "range"), Loc::Builtin(_)) {
            return Ok(false);
        }
        if !c.arguments.keywords.is_empty()
            || c.arguments.args.is_empty()
            || c.arguments.args.len() > 3
            || c.arguments
                .args
                .iter()
                .any(|a| matches!(a, Expr::Starred(_)))
        {
            return Ok(false);
        }
        let args = &c.arguments.args;
        let step = match args.get(2) {
            None => 1,
            Some(e) => match super::expr::const_int(e) {
                Some(s) if s != 0 => s,
                _ => return Ok(false),
            },
        };
        let counter = u.temp("i");
        let stop = u.temp("stop");
        if args.len() == 1 {
            u.constant(Value::Int(0), span);
            u.emit(Op::StoreFast(counter), span);
            self.expr(u, &args[0])?;
        } else {
            self.expr(u, &args[0])?;
            u.emit(Op::StoreFast(counter), span);
            self.expr(u, &args[1])?;
        }
        u.emit(Op::StoreFast(stop), span);
        let top = u.here();
        u.emit(Op::LoadFast(counter), span);
        u.emit(Op::LoadFast(stop), span);
        u.emit(
            Op::CompareOp(if step > 0 { CmpOp::Lt } else { CmpOp::Gt }),
            span,
        );
        let exit = u.emit(Op::PopJumpIfFalse(0), span);
        u.emit(Op::LoadFast(counter), span);
        self.store(u, &f.target)?;
        u.emit(Op::LoadFast(counter), span);
        u.constant(Value::Int(step), span);
        u.emit(Op::BinaryOp(BinOp::Add), span);
        u.emit(Op::StoreFast(counter), span);
        u.blocks.push(Block::Loop {
            cont: top,
            breaks: vec![],
            iter: false,
        });
        self.stmts(u, &f.body)?;
        u.emit(Op::JumpBackward(top), span);
        let Some(Block::Loop { breaks, .. }) = u.blocks.pop() else {
            unreachable!("the loop block is on top")
        };
        u.patch_here(exit);
        self.stmts(u, &f.orelse)?;
        for b in breaks {
            u.patch_here(b);
        }
        Ok(true)
    }
}
