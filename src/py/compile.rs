//! The Python compiler: the supported subset's syntax tree into gilsim
//! functions and globals (then verified like any program).
//!
//! - Module-level code becomes the function `__module__`, the entry point
//!   of a `.py` file; module-level names are globals. In a function, a
//!   name assigned anywhere is a local unless declared `global`, as in
//!   Python. `if __name__ == "__main__":` is true.
//! - `threading.Thread(target=f, args=(...))` evaluates its arguments at
//!   construction, as Python does, and `t.start()` becomes `START_THREAD`;
//!   `t.join()` is `JOIN_THREAD`. `threading.Lock()`, `.acquire()`,
//!   `.release()` and `with lock:` map to the lock opcodes (a `with` body
//!   left by `return`, `break` or `continue` releases first).
//!   `time.sleep(s)` is `IO_WAIT`; `gilsim_native.work(units, release_gil)`
//!   is `CALL_NATIVE` (programs/gilsim_native.py runs the same under CPython).

use super::ast::{Expr, Stmt};
use crate::bytecode::{BinOp, CmpOp, Function, Global, Op};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use std::collections::{HashMap, HashSet};

/// The name of the function holding module-level code.
pub const MODULE: &str = "__module__";

type R<T> = Result<T, Diagnostic>;

fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(span, format!("not supported by gilsim: {what}"))
}

/// What an imported name stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Builtin {
    Sleep,
    Thread,
    Lock,
    Native,
}

struct Module {
    funcs: HashMap<String, (u32, u16)>,
    globals: Vec<Global>,
    global_index: HashMap<String, u32>,
    modules: HashSet<String>,
    imported: HashMap<String, Builtin>,
}

/// Compiles a parsed module.
pub fn compile(body: &[Stmt]) -> Result<(Vec<Function>, Vec<Global>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut m = Module {
        funcs: HashMap::new(),
        globals: vec![],
        global_index: HashMap::new(),
        modules: HashSet::new(),
        imported: HashMap::new(),
    };
    let mut defs = Vec::new();
    let mut module_code = Vec::new();
    for s in body {
        match s {
            Stmt::Def(name, params, fbody, span) => {
                if m.funcs.contains_key(name) || name == MODULE {
                    errors.push(unsupported(*span, &format!("defining '{name}' twice")));
                    continue;
                }
                m.funcs
                    .insert(name.clone(), (defs.len() as u32, params.len() as u16));
                defs.push((name, params, fbody, *span));
            }
            Stmt::Import(module, names, span) => {
                if let Err(d) = import(&mut m, module, names, *span) {
                    errors.push(d);
                }
            }
            other => module_code.push(other.clone()),
        }
    }
    m.funcs.insert(MODULE.into(), (defs.len() as u32, 0));
    // Globals: every name module code assigns, and every name a function
    // declares global. Top-level literal assignments give initial values.
    let declare = |m: &mut Module, name: &str, init: Value, span: Span| {
        if !m.global_index.contains_key(name) {
            m.global_index
                .insert(name.to_string(), m.globals.len() as u32);
            m.globals.push(Global {
                name: name.to_string(),
                init,
                span,
            });
        }
    };
    for s in &module_code {
        if let Stmt::Assign(targets, Expr::Const(v, _)) = s {
            for (n, sp) in targets {
                declare(&mut m, n, v.clone(), *sp);
            }
        }
    }
    let mut assigned = Vec::new();
    collect_assigned(&module_code, &mut assigned);
    for (n, sp) in &assigned {
        declare(&mut m, n, Value::None, *sp);
    }
    for (_, _, fbody, _) in &defs {
        let mut declared = Vec::new();
        collect_globals(fbody, &mut declared);
        for (n, sp) in declared {
            declare(&mut m, &n, Value::None, sp);
        }
    }
    let mut functions = Vec::new();
    for (name, params, fbody, span) in &defs {
        functions.push(
            FnCompiler::new(&m, name, params, fbody, *span, false).finish(fbody, &mut errors),
        );
    }
    let module_span = body.first().map_or(Span::new(1, 1, 1), stmt_span);
    functions.push(
        FnCompiler::new(&m, MODULE, &[], &module_code, module_span, true)
            .finish(&module_code, &mut errors),
    );
    if errors.is_empty() {
        Ok((functions, m.globals))
    } else {
        errors.sort_by_key(|d| (d.span.line, d.span.col));
        Err(errors)
    }
}

fn import(m: &mut Module, module: &str, names: &[String], span: Span) -> R<()> {
    let table: &[(&str, Builtin)] = match module {
        "time" => &[("sleep", Builtin::Sleep)],
        "threading" => &[("Thread", Builtin::Thread), ("Lock", Builtin::Lock)],
        "gilsim_native" => &[("work", Builtin::Native)],
        other => {
            return Err(unsupported(
                span,
                &format!("the module '{other}' (gilsim knows time, threading and gilsim_native)"),
            ));
        }
    };
    if names.is_empty() {
        m.modules.insert(module.to_string());
    }
    for n in names {
        let Some((_, b)) = table.iter().find(|(k, _)| k == n) else {
            return Err(unsupported(span, &format!("'{module}.{n}'")));
        };
        m.imported.insert(n.clone(), *b);
    }
    Ok(())
}

fn stmt_span(s: &Stmt) -> Span {
    match s {
        Stmt::Expr(e) | Stmt::If(e, _, _) | Stmt::While(e, _) => e.span(),
        Stmt::Assign(t, _) => t[0].1,
        Stmt::AugAssign(_, s, _, _)
        | Stmt::For(_, _, _, _, s)
        | Stmt::Break(s)
        | Stmt::Continue(s)
        | Stmt::Return(_, s)
        | Stmt::Global(_, s)
        | Stmt::Def(_, _, _, s)
        | Stmt::With(_, _, s)
        | Stmt::Import(_, _, s) => *s,
        Stmt::Pass => Span::new(1, 1, 1),
    }
}

/// Names assigned by these statements (assignment, augmented assignment,
/// loop variables), nested blocks included.
fn collect_assigned(body: &[Stmt], out: &mut Vec<(String, Span)>) {
    for s in body {
        match s {
            Stmt::Assign(t, _) => out.extend(t.iter().cloned()),
            Stmt::AugAssign(n, sp, _, _) => out.push((n.clone(), *sp)),
            Stmt::For(n, sp, _, b, _) => {
                out.push((n.clone(), *sp));
                collect_assigned(b, out);
            }
            Stmt::If(_, a, b) => {
                collect_assigned(a, out);
                collect_assigned(b, out);
            }
            Stmt::While(_, b) | Stmt::With(_, b, _) => collect_assigned(b, out),
            _ => {}
        }
    }
}

fn collect_globals(body: &[Stmt], out: &mut Vec<(String, Span)>) {
    for s in body {
        match s {
            Stmt::Global(ns, sp) => out.extend(ns.iter().map(|n| (n.clone(), *sp))),
            Stmt::If(_, a, b) => {
                collect_globals(a, out);
                collect_globals(b, out);
            }
            Stmt::While(_, b) | Stmt::With(_, b, _) | Stmt::For(_, _, _, b, _) => {
                collect_globals(b, out)
            }
            _ => {}
        }
    }
}

struct Loop {
    // Where `continue` goes: a known earlier index, or forward jumps to patch.
    continue_to: Option<u32>,
    continues: Vec<usize>,
    breaks: Vec<usize>,
    with_depth: usize,
}

struct FnCompiler<'m> {
    m: &'m Module,
    name: String,
    nparams: u16,
    is_module: bool,
    locals: Vec<String>,
    code: Vec<Op>,
    spans: Vec<Span>,
    consts: Vec<Value>,
    loops: Vec<Loop>,
    withs: Vec<Expr>,
    // Threads constructed but not started: variable -> (function, argument temporaries).
    pending: HashMap<String, (u32, Vec<String>)>,
    temps: u32,
    span: Span,
}

impl<'m> FnCompiler<'m> {
    fn new(
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
        let mut locals: Vec<String> = params.iter().map(|p| p.0.clone()).collect();
        if !is_module {
            let mut assigned = Vec::new();
            collect_assigned(body, &mut assigned);
            for (n, _) in assigned {
                if !global_decl.contains(&n) && !locals.contains(&n) {
                    locals.push(n);
                }
            }
        }
        FnCompiler {
            m,
            name: name.to_string(),
            nparams: params.len() as u16,
            is_module,
            locals,
            code: vec![],
            spans: vec![],
            consts: vec![],
            loops: vec![],
            withs: vec![],
            pending: HashMap::new(),
            temps: 0,
            span,
        }
    }

    fn finish(mut self, body: &[Stmt], errors: &mut Vec<Diagnostic>) -> Function {
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
    fn renumber_locals(&mut self) {
        let mut order: Vec<u32> = (0..self.nparams as u32).collect();
        for pass_stores in [true, false] {
            for op in &self.code {
                match *op {
                    Op::StoreFast(i) if pass_stores && !order.contains(&i) => order.push(i),
                    Op::LoadFast(i) if !pass_stores && !order.contains(&i) => order.push(i),
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

    fn emit(&mut self, op: Op, span: Span) -> usize {
        self.code.push(op);
        self.spans.push(span);
        self.code.len() - 1
    }

    fn here(&self) -> u32 {
        self.code.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
        self.code[at] = match self.code[at] {
            Op::JumpForward(_) => Op::JumpForward(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            other => other,
        };
    }

    fn constant(&mut self, v: Value, span: Span) {
        let i = match self.consts.iter().position(|c| c.same_const(&v)) {
            Some(i) => i,
            None => {
                self.consts.push(v);
                self.consts.len() - 1
            }
        };
        self.emit(Op::LoadConst(i as u32), span);
    }

    fn temp(&mut self, what: &str) -> String {
        self.temps += 1;
        let name = format!("__{what}{}", self.temps);
        self.locals.push(name.clone());
        name
    }

    fn local(&self, n: &str) -> Option<u32> {
        if self.is_module && !n.starts_with("__") {
            return None;
        }
        self.locals.iter().position(|l| l == n).map(|i| i as u32)
    }

    fn load(&mut self, n: &str, span: Span) -> R<()> {
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

    fn store(&mut self, n: &str, span: Span) -> R<()> {
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
    fn builtin(&self, f: &Expr) -> Option<Builtin> {
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

    fn releases(&mut self, from: usize, span: Span) -> R<()> {
        for i in (from..self.withs.len()).rev() {
            let lock = self.withs[i].clone();
            self.expr(&lock)?;
            self.emit(Op::LockRelease, span);
        }
        Ok(())
    }

    fn block(&mut self, body: &[Stmt]) -> R<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R<()> {
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
            Stmt::If(cond, body, orelse) => {
                if is_main_check(cond) {
                    return self.block(body);
                }
                self.expr(cond)?;
                let to_else = self.emit(Op::PopJumpIfFalse(0), cond.span());
                self.block(body)?;
                if orelse.is_empty() {
                    let end = self.here();
                    self.patch(to_else, end);
                } else {
                    let to_end = self.emit(Op::JumpForward(0), cond.span());
                    let else_start = self.here();
                    self.patch(to_else, else_start);
                    self.block(orelse)?;
                    let end = self.here();
                    self.patch(to_end, end);
                }
                Ok(())
            }
            Stmt::While(cond, body) => {
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

    fn for_range(
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

    fn thread_target(
        &self,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
    ) -> R<(u32, u16, Vec<Expr>)> {
        if !args.is_empty() {
            return Err(unsupported(
                span,
                "positional arguments to Thread (use target= and args=)",
            ));
        }
        let mut target = None;
        let mut targs = Vec::new();
        for (k, v) in kw {
            match (k.as_str(), v) {
                ("target", Expr::Name(n, s)) => {
                    let &(i, arity) = self.m.funcs.get(n).ok_or_else(|| {
                        unsupported(*s, "a Thread target that is not a function of the program")
                    })?;
                    target = Some((i, arity, *s));
                }
                ("args", Expr::Tuple(items, _)) => targs = items.clone(),
                ("args", other) => {
                    return Err(unsupported(
                        other.span(),
                        "Thread args that are not a literal tuple",
                    ))
                }
                (other, v) => {
                    return Err(unsupported(
                        v.span(),
                        &format!("the Thread argument '{other}'"),
                    ))
                }
            }
        }
        let (i, arity, tspan) =
            target.ok_or_else(|| Diagnostic::new(span, "Thread needs target="))?;
        if arity as usize != targs.len() {
            return Err(Diagnostic::new(
                tspan,
                format!(
                    "TypeError: the target takes {arity} positional arguments but args gives {}",
                    targs.len()
                ),
            ));
        }
        Ok((i, arity, targs))
    }

    fn new_thread(&mut self, var: &str, args: &[Expr], kw: &[(String, Expr)], span: Span) -> R<()> {
        let (func, _, targs) = self.thread_target(args, kw, span)?;
        let mut temps = Vec::new();
        for a in &targs {
            self.expr(a)?;
            let t = self.temp("arg");
            self.store(&t, a.span())?;
            temps.push(t);
        }
        // Until started, the variable holds None.
        self.constant(Value::None, span);
        self.store(var, span)?;
        self.pending.insert(var.to_string(), (func, temps));
        Ok(())
    }

    /// Compiles an expression or call; returns whether it left a value (a
    /// statement-level call to a None-returning builtin leaves none).
    fn call_or_expr(&mut self, e: &Expr, want: bool) -> R<bool> {
        let Expr::Call(f, args, kw, span) = e else {
            self.expr(e)?;
            return Ok(true);
        };
        let span = *span;
        let none_result = |c: &mut FnCompiler, want: bool| {
            if want {
                c.constant(Value::None, span);
            }
            Ok(want)
        };
        // obj.method(): locks and threads.
        if let Expr::Attr(obj, method, _) = &**f {
            if self.builtin(f).is_none() {
                if let Expr::Call(inner_f, inner_args, inner_kw, inner_span) = &**obj {
                    if self.builtin(inner_f) == Some(Builtin::Thread) && method == "start" {
                        let (func, arity, targs) =
                            self.thread_target(inner_args, inner_kw, *inner_span)?;
                        for a in &targs {
                            self.expr(a)?;
                        }
                        self.emit(Op::StartThread { func, nargs: arity }, span);
                        self.emit(Op::PopTop, span);
                        return none_result(self, want);
                    }
                }
                if !args.is_empty() || !kw.is_empty() {
                    return Err(unsupported(span, &format!("arguments to .{method}()")));
                }
                let Expr::Name(var, vspan) = &**obj else {
                    return Err(unsupported(
                        obj.span(),
                        "methods on anything but a variable",
                    ));
                };
                let op = match method.as_str() {
                    "acquire" if !want => Op::LockAcquire,
                    "release" => Op::LockRelease,
                    "join" => Op::JoinThread,
                    "start" => {
                        let (func, temps) = self.pending.remove(var).ok_or_else(|| {
                            unsupported(span, &format!("starting '{var}': a Thread must be created in the same function, before start()"))
                        })?;
                        for t in &temps {
                            self.load(t, span)?;
                        }
                        self.emit(
                            Op::StartThread {
                                func,
                                nargs: temps.len() as u16,
                            },
                            span,
                        );
                        self.store(var, *vspan)?;
                        return none_result(self, want);
                    }
                    "acquire" => {
                        return Err(unsupported(span, "using the value of lock.acquire()"))
                    }
                    other => return Err(unsupported(span, &format!("the method .{other}()"))),
                };
                self.load(var, *vspan)?;
                self.emit(op, span);
                return none_result(self, want);
            }
        }
        if let Some(b) = self.builtin(f) {
            let n = args.len();
            match b {
                Builtin::Sleep if n == 1 && kw.is_empty() => {
                    self.expr(&args[0])?;
                    self.emit(Op::IoWait, span);
                    return none_result(self, want);
                }
                Builtin::Native if n == 2 && kw.is_empty() => {
                    self.expr(&args[0])?;
                    self.expr(&args[1])?;
                    self.emit(Op::CallNative, span);
                    return none_result(self, want);
                }
                Builtin::Lock if n == 0 && kw.is_empty() => {
                    self.emit(Op::NewLock, span);
                    return Ok(true);
                }
                Builtin::Thread => {
                    return Err(unsupported(
                        span,
                        "a Thread that is neither stored in a variable nor started at once",
                    ))
                }
                _ => {
                    return Err(Diagnostic::new(
                        span,
                        format!(
                            "TypeError: wrong arguments for {}",
                            f.dotted().unwrap_or_default()
                        ),
                    ))
                }
            }
        }
        match &**f {
            Expr::Name(n, _) if n == "print" && self.local(n).is_none() => {
                for (k, v) in kw {
                    let ok = k == "flush" && matches!(v, Expr::Const(Value::Bool(_), _));
                    if !ok {
                        return Err(unsupported(v.span(), &format!("print's {k}= argument")));
                    }
                }
                for a in args {
                    self.expr(a)?;
                }
                self.emit(Op::Print(args.len() as u32), span);
                none_result(self, want)
            }
            Expr::Name(n, nspan) if self.m.funcs.contains_key(n) && n != MODULE => {
                let (func, arity) = self.m.funcs[n];
                if !kw.is_empty() {
                    return Err(unsupported(span, "keyword arguments"));
                }
                if args.len() != arity as usize {
                    return Err(Diagnostic::new(
                        *nspan,
                        format!(
                            "TypeError: {n}() takes {arity} positional arguments but {} were given",
                            args.len()
                        ),
                    ));
                }
                for a in args {
                    self.expr(a)?;
                }
                self.emit(Op::Call { func, nargs: arity }, span);
                Ok(true)
            }
            Expr::Name(n, nspan) => {
                if self.local(n).is_some() || self.m.global_index.contains_key(n) {
                    Err(unsupported(*nspan, "calling a variable"))
                } else if [
                    "len", "str", "int", "float", "abs", "min", "max", "sum", "range", "input",
                    "open", "list", "dict",
                ]
                .contains(&n.as_str())
                {
                    Err(unsupported(*nspan, &format!("the builtin '{n}'")))
                } else {
                    Err(Diagnostic::new(
                        *nspan,
                        format!("name '{n}' is not defined"),
                    ))
                }
            }
            other => Err(unsupported(
                other.span(),
                &format!(
                    "calling {}",
                    other.dotted().unwrap_or_else(|| "this".into())
                ),
            )),
        }
    }

    fn expr(&mut self, e: &Expr) -> R<()> {
        match e {
            Expr::Const(v, s) => self.constant(v.clone(), *s),
            Expr::Name(n, s) => self.load(n, *s)?,
            Expr::Bin(op, a, b, s) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(Op::BinaryOp(*op), *s);
            }
            Expr::Unary(neg, a, s) => match (&**a, neg) {
                (Expr::Const(Value::Int(i), _), true) if *i != i64::MIN => {
                    self.constant(Value::Int(-i), *s)
                }
                (Expr::Const(Value::Float(f), _), true) => self.constant(Value::Float(-f), *s),
                (_, true) => {
                    self.expr(a)?;
                    self.emit(Op::UnaryNegative, *s);
                }
                (_, false) => self.expr(a)?,
            },
            Expr::Not(a, s) => {
                self.expr(a)?;
                self.emit(Op::UnaryNot, *s);
            }
            Expr::Bool(and, items, s) => {
                let mut jumps = Vec::new();
                self.expr(&items[0])?;
                for item in &items[1..] {
                    self.emit(Op::Copy(1), *s);
                    jumps.push(self.emit(
                        if *and {
                            Op::PopJumpIfFalse(0)
                        } else {
                            Op::PopJumpIfTrue(0)
                        },
                        *s,
                    ));
                    self.emit(Op::PopTop, *s);
                    self.expr(item)?;
                }
                let end = self.here();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Expr::Compare(first, rest, s) => {
                self.expr(first)?;
                let mut cleanups = Vec::new();
                for (k, (op, right)) in rest.iter().enumerate() {
                    self.expr(right)?;
                    if k + 1 < rest.len() {
                        // a b -> b a b -> b (a<b): keep b for the next test.
                        self.emit(Op::Swap(2), *s);
                        self.emit(Op::Copy(2), *s);
                        self.emit(Op::CompareOp(*op), *s);
                        self.emit(Op::Copy(1), *s);
                        cleanups.push(self.emit(Op::PopJumpIfFalse(0), *s));
                        self.emit(Op::PopTop, *s);
                    } else {
                        self.emit(Op::CompareOp(*op), *s);
                    }
                }
                if !cleanups.is_empty() {
                    let skip = self.emit(Op::JumpForward(0), *s);
                    let cleanup = self.here();
                    for c in cleanups {
                        self.patch(c, cleanup);
                    }
                    // b False -> False
                    self.emit(Op::Swap(2), *s);
                    self.emit(Op::PopTop, *s);
                    let end = self.here();
                    self.patch(skip, end);
                }
            }
            Expr::Call(..) => {
                self.call_or_expr(e, true)?;
            }
            Expr::Attr(_, _, s) => return Err(unsupported(*s, "attributes outside calls")),
            Expr::Tuple(_, s) => return Err(unsupported(*s, "tuples (except Thread args=)")),
        }
        Ok(())
    }
}

fn is_main_check(cond: &Expr) -> bool {
    matches!(cond, Expr::Compare(a, rest, _)
        if matches!(&**a, Expr::Name(n, _) if n == "__name__")
        && matches!(rest.as_slice(), [(CmpOp::Eq, Expr::Const(Value::Str(s), _))] if s.as_str() == "__main__"))
}
