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
use super::function::FnCompiler;
use crate::bytecode::{CmpOp, Function, Global};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use std::collections::{HashMap, HashSet};

/// The name of the function holding module-level code.
pub const MODULE: &str = "__module__";

pub(super) type R<T> = Result<T, Diagnostic>;

pub(super) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(span, format!("not supported by gilsim: {what}"))
}

/// What an imported name stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Builtin {
    Sleep,
    Thread,
    Lock,
    Native,
}

pub(super) struct Module {
    pub(super) funcs: HashMap<String, (u32, u16)>,
    pub(super) globals: Vec<Global>,
    pub(super) global_index: HashMap<String, u32>,
    pub(super) modules: HashSet<String>,
    pub(super) imported: HashMap<String, Builtin>,
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
    check_global_order(body, &[], &mut errors);
    let mut defs = Vec::new();
    let mut module_code = Vec::new();
    for s in body {
        match s {
            Stmt::Def(name, params, fbody, span) => {
                if m.funcs.contains_key(name) || name == MODULE {
                    errors.push(unsupported(*span, &format!("defining '{name}' twice")));
                    continue;
                }
                if params.len() > u16::MAX as usize {
                    errors.push(unsupported(
                        params[u16::MAX as usize].1,
                        &format!("more than {} parameters", u16::MAX),
                    ));
                    continue;
                }
                check_global_order(fbody, params, &mut errors);
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
        Stmt::Expr(e) | Stmt::If(e, _, _) => e.span(),
        Stmt::While(_, _, s) => *s,
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
pub(super) fn collect_assigned(body: &[Stmt], out: &mut Vec<(String, Span)>) {
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
            Stmt::While(_, b, _) | Stmt::With(_, b, _) => collect_assigned(b, out),
            _ => {}
        }
    }
}

pub(super) fn collect_globals(body: &[Stmt], out: &mut Vec<(String, Span)>) {
    for s in body {
        match s {
            Stmt::Global(ns, sp) => out.extend(ns.iter().map(|n| (n.clone(), *sp))),
            Stmt::If(_, a, b) => {
                collect_globals(a, out);
                collect_globals(b, out);
            }
            Stmt::While(_, b, _) | Stmt::With(_, b, _) | Stmt::For(_, _, _, b, _) => {
                collect_globals(b, out)
            }
            _ => {}
        }
    }
}

/// CPython's rule for `global x` in a scope: `x` must not be a parameter,
/// nor used or assigned before the declaration (in source order).
fn check_global_order(body: &[Stmt], params: &[(String, Span)], errors: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Param,
        Used,
        Assigned,
    }
    struct Walk {
        seen: HashMap<String, Seen>,
        errors: Vec<Diagnostic>,
    }
    impl Walk {
        fn mark(&mut self, n: &str, how: Seen) {
            let e = self.seen.entry(n.to_string()).or_insert(how);
            // A parameter stays one; a use outranks an assignment.
            if *e == Seen::Assigned && how == Seen::Used {
                *e = how;
            }
        }
        fn expr(&mut self, e: &Expr) {
            match e {
                Expr::Name(n, _) => self.mark(n, Seen::Used),
                Expr::Const(..) => {}
                Expr::Bin(_, a, b, _) => {
                    self.expr(a);
                    self.expr(b);
                }
                Expr::Unary(_, a, _) | Expr::Not(a, _) | Expr::Attr(a, _, _) => self.expr(a),
                Expr::Bool(_, items, _) | Expr::Tuple(items, _) => {
                    items.iter().for_each(|i| self.expr(i))
                }
                Expr::Compare(first, rest, _) => {
                    self.expr(first);
                    rest.iter().for_each(|(_, r)| self.expr(r));
                }
                Expr::Call(f, args, kw, _) => {
                    self.expr(f);
                    args.iter().for_each(|a| self.expr(a));
                    kw.iter().for_each(|(_, v)| self.expr(v));
                }
            }
        }
        fn stmts(&mut self, body: &[Stmt]) {
            for s in body {
                match s {
                    Stmt::Expr(e) => self.expr(e),
                    Stmt::Assign(targets, v) => {
                        targets
                            .iter()
                            .for_each(|(n, _)| self.mark(n, Seen::Assigned));
                        self.expr(v);
                    }
                    Stmt::AugAssign(n, _, _, v) => {
                        self.mark(n, Seen::Assigned);
                        self.expr(v);
                    }
                    Stmt::If(c, a, b) => {
                        self.expr(c);
                        self.stmts(a);
                        self.stmts(b);
                    }
                    Stmt::While(c, b, _) | Stmt::With(c, b, _) => {
                        self.expr(c);
                        self.stmts(b);
                    }
                    Stmt::For(v, _, args, b, _) => {
                        self.mark(v, Seen::Assigned);
                        args.iter().for_each(|a| self.expr(a));
                        self.stmts(b);
                    }
                    Stmt::Return(Some(v), _) => self.expr(v),
                    Stmt::Return(None, _) | Stmt::Pass | Stmt::Break(_) | Stmt::Continue(_) => {}
                    // A function's name is assigned in the enclosing scope;
                    // its body is a scope of its own.
                    Stmt::Def(n, _, _, _) => self.mark(n, Seen::Assigned),
                    Stmt::Import(m, names, _) => {
                        if names.is_empty() {
                            let top = m.split('.').next().unwrap_or(m);
                            self.mark(top, Seen::Assigned);
                        }
                        names.iter().for_each(|n| self.mark(n, Seen::Assigned));
                    }
                    Stmt::Global(names, span) => {
                        for n in names {
                            let why = match self.seen.get(n) {
                                None => continue,
                                Some(Seen::Param) => "is parameter and global",
                                Some(Seen::Used) => "is used prior to global declaration",
                                Some(Seen::Assigned) => "is assigned to before global declaration",
                            };
                            self.errors
                                .push(Diagnostic::new(*span, format!("name '{n}' {why}")));
                        }
                    }
                }
            }
        }
    }
    let mut w = Walk {
        seen: params
            .iter()
            .map(|(p, _)| (p.clone(), Seen::Param))
            .collect(),
        errors: Vec::new(),
    };
    w.stmts(body);
    // CPython stops at the first.
    errors.extend(w.errors.into_iter().take(1));
}

pub(super) fn is_main_check(cond: &Expr) -> bool {
    matches!(cond, Expr::Compare(a, rest, _)
        if matches!(&**a, Expr::Name(n, _) if n == "__name__")
        && matches!(rest.as_slice(), [(CmpOp::Eq, Expr::Const(Value::Str(s), _))] if s.as_str() == "__main__"))
}
