//! Compiling one function's body: statements, loops, `with` blocks,
//! locals and globals, into instructions with their source positions.

use super::ast::{Expr, Stmt};
use super::compile::{
    collect_assigned, collect_globals, is_main_check, unsupported, Builtin, Module, R,
};
use crate::bytecode::{BinOp, CmpOp, Function, Op};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use std::collections::{HashMap, HashSet};

/// How many loops and `with` blocks may nest in one function (CPython's
/// CO_MAXBLOCKS).
pub const MAX_BLOCKS: usize = 20;

/// A constant's identity, as [`Value::same_const`] has it (floats by bits),
/// for finding a constant already in the table in constant time.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(std::sync::Arc<String>),
    // Values no Python literal makes (thread and lock handles, unbound),
    // by their debug form.
    Other(String),
}

impl ConstKey {
    fn of(v: &Value) -> ConstKey {
        match v {
            Value::None => ConstKey::None,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.clone()),
            other => ConstKey::Other(format!("{other:?}")),
        }
    }
}

pub(super) struct Loop {
    // Where `continue` goes: a known earlier index, or forward jumps to patch.
    pub(super) continue_to: Option<u32>,
    pub(super) continues: Vec<usize>,
    pub(super) breaks: Vec<usize>,
    pub(super) with_depth: usize,
}

pub(super) struct FnCompiler<'m> {
    pub(super) m: &'m Module,
    pub(super) name: String,
    pub(super) nparams: u16,
    pub(super) is_module: bool,
    pub(super) locals: Vec<String>,
    // Each local's index in `locals`.
    pub(super) local_index: HashMap<String, u32>,
    pub(super) code: Vec<Op>,
    pub(super) spans: Vec<Span>,
    pub(super) consts: Vec<Value>,
    // Each constant's index in `consts` (constants as `Value::same_const`
    // tells them apart).
    pub(super) const_index: HashMap<ConstKey, u32>,
    pub(super) loops: Vec<Loop>,
    pub(super) withs: Vec<Expr>,
    // Threads constructed but not started: variable -> (function, argument temporaries).
    pub(super) pending: HashMap<String, (u32, Vec<String>)>,
    pub(super) temps: u32,
    pub(super) span: Span,
}

impl<'m> FnCompiler<'m> {
    pub(super) fn new(
        m: &'m Module,
        name: &str,
        params: &[(String, Span)],
        body: &[Stmt],
        span: Span,
        is_module: bool,
    ) -> FnCompiler<'m> {
        let mut global_decl = Vec::new();
        collect_globals(body, &mut global_decl);
        let global_decl: HashSet<String> = global_decl.into_iter().map(|g| g.0).collect();
        let mut locals: Vec<String> = Vec::new();
        let mut local_index = HashMap::new();
        let mut add = |n: &String| {
            if !local_index.contains_key(n) {
                local_index.insert(n.clone(), locals.len() as u32);
                locals.push(n.clone());
            }
        };
        for (p, _) in params {
            add(p);
        }
        if !is_module {
            let mut assigned = Vec::new();
            collect_assigned(body, &mut assigned);
            for (n, _) in &assigned {
                if !global_decl.contains(n) {
                    add(n);
                }
            }
        }
        FnCompiler {
            m,
            name: name.to_string(),
            nparams: params.len() as u16,
            is_module,
            locals,
            local_index,
            code: vec![],
            spans: vec![],
            consts: vec![],
            const_index: HashMap::new(),
            loops: vec![],
            withs: vec![],
            pending: HashMap::new(),
            temps: 0,
            span,
        }
    }

    pub(super) fn finish(mut self, body: &[Stmt], errors: &mut Vec<Diagnostic>) -> Function {
        for s in body {
            if let Err(d) = self.stmt(s) {
                errors.push(d);
            }
        }
        let end = self.span;
        self.constant(Value::None, end);
        self.emit(Op::ReturnValue, end);
        self.renumber_locals();
        Function {
            name: self.name,
            nparams: self.nparams,
            local_names: self.locals,
            consts: self.consts,
            code: self.code,
            spans: self.spans,
            span: self.span,
            max_stack: 0,
            quick: Vec::new(),
        }
    }

    /// Numbers locals as the assembler does — parameters, then in order of
    /// first store — so `dis` output assembles back to the same program.
    /// Locals never used are dropped.
    pub(super) fn renumber_locals(&mut self) {
        let mut order: Vec<u32> = (0..self.nparams as u32).collect();
        let mut placed = vec![false; self.locals.len()];
        for &i in &order {
            placed[i as usize] = true;
        }
        for pass_stores in [true, false] {
            for op in &self.code {
                match *op {
                    Op::StoreFast(i) | Op::LoadFast(i)
                        if pass_stores == matches!(op, Op::StoreFast(_)) && !placed[i as usize] =>
                    {
                        placed[i as usize] = true;
                        order.push(i);
                    }
                    _ => {}
                }
            }
        }
        let mut new_index = vec![0u32; self.locals.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old as usize] = new as u32;
        }
        for op in &mut self.code {
            match op {
                Op::StoreFast(i) | Op::LoadFast(i) => *i = new_index[*i as usize],
                _ => {}
            }
        }
        self.locals = order
            .iter()
            .map(|i| self.locals[*i as usize].clone())
            .collect();
    }

    pub(super) fn emit(&mut self, op: Op, span: Span) -> usize {
        self.code.push(op);
        self.spans.push(span);
        self.code.len() - 1
    }

    pub(super) fn here(&self) -> u32 {
        self.code.len() as u32
    }

    pub(super) fn patch(&mut self, at: usize, target: u32) {
        self.code[at] = match self.code[at] {
            Op::JumpForward(_) => Op::JumpForward(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            other => other,
        };
    }

    pub(super) fn constant(&mut self, v: Value, span: Span) {
        let next = self.consts.len() as u32;
        let i = *self.const_index.entry(ConstKey::of(&v)).or_insert(next);
        if i == next {
            self.consts.push(v);
        }
        self.emit(Op::LoadConst(i), span);
    }

    /// A fresh local for the compiler's own use (`__i1`, `__stop2`, ...),
    /// never one of the program's names (all known before compiling).
    pub(super) fn temp(&mut self, what: &str) -> String {
        let name = loop {
            self.temps += 1;
            let name = format!("__{what}{}", self.temps);
            if !self.local_index.contains_key(&name) && !self.m.global_index.contains_key(&name) {
                break name;
            }
        };
        self.local_index
            .insert(name.clone(), self.locals.len() as u32);
        self.locals.push(name.clone());
        name
    }

    pub(super) fn local(&self, n: &str) -> Option<u32> {
        if self.is_module && !n.starts_with("__") {
            return None;
        }
        self.local_index.get(n).copied()
    }

    pub(super) fn load(&mut self, n: &str, span: Span) -> R<()> {
        if n == "__name__" {
            self.constant(Value::str("__main__"), span);
        } else if let Some(i) = self.local(n) {
            self.emit(Op::LoadFast(i), span);
        } else if let Some(&g) = self.m.global_index.get(n) {
            self.emit(Op::LoadGlobal(g), span);
        } else if self.m.funcs.contains_key(n) {
            return Err(unsupported(
                span,
                "functions as values (except as a Thread target)",
            ));
        } else if [
            "print", "range", "len", "str", "int", "float", "abs", "min", "max", "sum", "input",
            "open",
        ]
        .contains(&n)
        {
            return Err(unsupported(span, &format!("the builtin '{n}' here")));
        } else {
            return Err(Diagnostic::new(span, format!("name '{n}' is not defined")));
        }
        Ok(())
    }

    pub(super) fn store(&mut self, n: &str, span: Span) -> R<()> {
        if let Some(i) = self.local(n) {
            self.emit(Op::StoreFast(i), span);
        } else if let Some(&g) = self.m.global_index.get(n) {
            self.emit(Op::StoreGlobal(g), span);
        } else {
            return Err(Diagnostic::new(span, format!("name '{n}' is not defined")));
        }
        Ok(())
    }

    /// What a call's callee names, if it is one of the known builtins.
    pub(super) fn builtin(&self, f: &Expr) -> Option<Builtin> {
        let d = f.dotted()?;
        match d.split_once('.') {
            Some((module, name)) if self.m.modules.contains(module) => match (module, name) {
                ("time", "sleep") => Some(Builtin::Sleep),
                ("threading", "Thread") => Some(Builtin::Thread),
                ("threading", "Lock") => Some(Builtin::Lock),
                ("gilsim_native", "work") => Some(Builtin::Native),
                _ => None,
            },
            None if self.local(&d).is_none() && !self.m.global_index.contains_key(&d) => {
                self.m.imported.get(&d).copied()
            }
            _ => None,
        }
    }

    pub(super) fn releases(&mut self, from: usize, span: Span) -> R<()> {
        for i in (from..self.withs.len()).rev() {
            let lock = self.withs[i].clone();
            self.expr(&lock)?;
            self.emit(Op::LockRelease, span);
        }
        Ok(())
    }

    /// Checks that one more loop or `with` may nest here: CPython's
    /// compiler allows 20 (CO_MAXBLOCKS) in one function.
    fn enter_block(&mut self, span: Span) -> R<()> {
        if self.loops.len() + self.withs.len() >= MAX_BLOCKS {
            return Err(Diagnostic::new(span, "too many statically nested blocks"));
        }
        Ok(())
    }

    pub(super) fn block(&mut self, body: &[Stmt]) -> R<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> R<()> {
        match s {
            Stmt::Pass | Stmt::Global(..) => Ok(()),
            Stmt::Import(_, _, span) => {
                Err(unsupported(*span, "imports inside a function or block"))
            }
            Stmt::Def(_, _, _, span) => {
                Err(unsupported(*span, "defining functions inside a block"))
            }
            // A docstring or a bare constant does nothing.
            Stmt::Expr(Expr::Const(..)) => Ok(()),
            Stmt::Expr(e) => {
                let pushed = self.call_or_expr(e, false)?;
                if pushed {
                    self.emit(Op::PopTop, e.span());
                }
                Ok(())
            }
            Stmt::Assign(targets, value) => {
                if let Expr::Call(f, args, kw, span) = value {
                    if self.builtin(f) == Some(Builtin::Thread) {
                        if targets.len() != 1 {
                            return Err(unsupported(*span, "assigning a Thread to several names"));
                        }
                        return self.new_thread(&targets[0].0, args, kw, *span);
                    }
                }
                self.expr(value)?;
                for (i, (n, sp)) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Copy(1), *sp);
                    }
                    self.pending.remove(n);
                    self.store(n, *sp)?;
                }
                Ok(())
            }
            Stmt::AugAssign(n, sp, op, value) => {
                self.load(n, *sp)?;
                self.expr(value)?;
                self.emit(Op::BinaryOp(*op), *sp);
                self.store(n, *sp)
            }
            Stmt::If(..) => {
                // An `elif` chain is compiled by a loop: each branch jumps
                // to the common end.
                let mut to_end = Vec::new();
                let mut branch = s;
                while let Stmt::If(cond, body, orelse) = branch {
                    if is_main_check(cond) {
                        self.block(body)?;
                        break;
                    }
                    self.expr(cond)?;
                    let to_else = self.emit(Op::PopJumpIfFalse(0), cond.span());
                    self.block(body)?;
                    if orelse.is_empty() {
                        let end = self.here();
                        self.patch(to_else, end);
                        break;
                    }
                    to_end.push(self.emit(Op::JumpForward(0), cond.span()));
                    let else_start = self.here();
                    self.patch(to_else, else_start);
                    match orelse.as_slice() {
                        [elif @ Stmt::If(..)] => branch = elif,
                        _ => {
                            self.block(orelse)?;
                            break;
                        }
                    }
                }
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
                Ok(())
            }
            Stmt::While(cond, body, span) => {
                self.enter_block(*span)?;
                let top = self.here();
                self.expr(cond)?;
                let exit = self.emit(Op::PopJumpIfFalse(0), cond.span());
                self.loops.push(Loop {
                    continue_to: Some(top),
                    continues: vec![],
                    breaks: vec![],
                    with_depth: self.withs.len(),
                });
                self.block(body)?;
                self.emit(Op::JumpBackward(top), cond.span());
                let l = self.loops.pop().expect("pushed above");
                let end = self.here();
                self.patch(exit, end);
                for b in l.breaks {
                    self.patch(b, end);
                }
                Ok(())
            }
            Stmt::For(var, vspan, args, body, span) => {
                self.enter_block(*span)?;
                self.for_range(var, *vspan, args, body, *span)
            }
            Stmt::Break(span) | Stmt::Continue(span) => {
                let is_break = matches!(s, Stmt::Break(_));
                let Some(depth) = self.loops.last().map(|l| l.with_depth) else {
                    let what = if is_break { "'break'" } else { "'continue'" };
                    return Err(Diagnostic::new(*span, format!("{what} outside loop")));
                };
                self.releases(depth, *span)?;
                let l = self.loops.last().expect("checked above");
                match (is_break, l.continue_to) {
                    (false, Some(top)) => {
                        self.emit(Op::JumpBackward(top), *span);
                    }
                    _ => {
                        let j = self.emit(Op::JumpForward(0), *span);
                        let l = self.loops.last_mut().expect("checked above");
                        if is_break {
                            l.breaks.push(j);
                        } else {
                            l.continues.push(j);
                        }
                    }
                }
                Ok(())
            }
            Stmt::Return(value, span) => {
                if self.is_module {
                    return Err(Diagnostic::new(*span, "'return' outside function"));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.constant(Value::None, *span),
                }
                if !self.withs.is_empty() {
                    // Keep the value on the stack while the locks are released.
                    self.releases(0, *span)?;
                }
                self.emit(Op::ReturnValue, *span);
                Ok(())
            }
            Stmt::With(ctx, body, span) => {
                if !matches!(ctx, Expr::Name(..)) {
                    return Err(unsupported(
                        *span,
                        "with on anything but a lock held in a variable",
                    ));
                }
                self.enter_block(*span)?;
                self.expr(ctx)?;
                self.emit(Op::LockAcquire, *span);
                self.withs.push(ctx.clone());
                self.block(body)?;
                self.withs.pop();
                self.expr(ctx)?;
                self.emit(Op::LockRelease, *span);
                Ok(())
            }
        }
    }

    pub(super) fn for_range(
        &mut self,
        var: &str,
        vspan: Span,
        args: &[Expr],
        body: &[Stmt],
        span: Span,
    ) -> R<()> {
        // A literal step fixes the loop's direction at compile time; any
        // other step is kept in a temporary and its sign tested each time.
        enum Step<'e> {
            Const(i64),
            Var(&'e Expr),
        }
        let (start, stop, step) = match args {
            [stop] => (None, stop, Step::Const(1)),
            [start, stop] => (Some(start), stop, Step::Const(1)),
            [start, stop, step] => {
                let k = match step {
                    Expr::Const(Value::Int(k), _) => Some(*k),
                    Expr::Unary(true, inner, _) => match &**inner {
                        Expr::Const(Value::Int(k), _) => Some(-*k),
                        _ => None,
                    },
                    _ => None,
                };
                if k == Some(0) {
                    return Err(Diagnostic::new(
                        step.span(),
                        "ValueError: range() arg 3 must not be zero",
                    ));
                }
                (Some(start), stop, k.map_or(Step::Var(step), Step::Const))
            }
            _ => return Err(Diagnostic::new(span, "range expected 1 to 3 arguments")),
        };
        let i = self.temp("i");
        let end_var = self.temp("stop");
        match start {
            Some(e) => self.expr(e)?,
            None => self.constant(Value::Int(0), span),
        }
        self.store(&i, span)?;
        self.expr(stop)?;
        self.store(&end_var, span)?;
        let step_var = match &step {
            Step::Var(e) => {
                let t = self.temp("step");
                self.expr(e)?;
                self.store(&t, e.span())?;
                Some(t)
            }
            Step::Const(_) => None,
        };
        let top = self.here();
        let exit = match (&step, &step_var) {
            (Step::Const(k), _) => {
                self.load(&i, span)?;
                self.load(&end_var, span)?;
                self.emit(
                    Op::CompareOp(if *k > 0 { CmpOp::Lt } else { CmpOp::Gt }),
                    span,
                );
                self.emit(Op::PopJumpIfFalse(0), span)
            }
            (Step::Var(_), Some(t)) => {
                // step > 0 ? i < stop : i > stop
                self.load(t, span)?;
                self.constant(Value::Int(0), span);
                self.emit(Op::CompareOp(CmpOp::Gt), span);
                let down = self.emit(Op::PopJumpIfFalse(0), span);
                self.load(&i, span)?;
                self.load(&end_var, span)?;
                self.emit(Op::CompareOp(CmpOp::Lt), span);
                let test = self.emit(Op::JumpForward(0), span);
                let down_at = self.here();
                self.patch(down, down_at);
                self.load(&i, span)?;
                self.load(&end_var, span)?;
                self.emit(Op::CompareOp(CmpOp::Gt), span);
                let test_at = self.here();
                self.patch(test, test_at);
                self.emit(Op::PopJumpIfFalse(0), span)
            }
            (Step::Var(_), None) => unreachable!("a variable step has a temporary"),
        };
        self.load(&i, vspan)?;
        self.store(var, vspan)?;
        self.loops.push(Loop {
            continue_to: None,
            continues: vec![],
            breaks: vec![],
            with_depth: self.withs.len(),
        });
        self.block(body)?;
        let l = self.loops.pop().expect("pushed above");
        let next = self.here();
        for c in l.continues {
            self.patch(c, next);
        }
        self.load(&i, span)?;
        match (&step, &step_var) {
            (Step::Const(k), _) => self.constant(Value::Int(*k), span),
            (_, Some(t)) => self.load(t, span)?,
            (Step::Var(_), None) => unreachable!("a variable step has a temporary"),
        }
        self.emit(Op::BinaryOp(BinOp::Add), span);
        self.store(&i, span)?;
        self.emit(Op::JumpBackward(top), span);
        let end = self.here();
        self.patch(exit, end);
        for b in l.breaks {
            self.patch(b, end);
        }
        Ok(())
    }
}
