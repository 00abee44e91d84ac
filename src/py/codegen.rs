//! Code generation, the frame of it: the module-wide context (functions,
//! globals, errors), one [`Unit`] per function being compiled (its code,
//! constants, locals, exception table and the stack of open blocks), name
//! resolution, and making functions, lambdas, comprehensions and classes.

use super::symbols::{ScopeKind, Symbols};
use super::LineIndex;
use crate::bytecode::program::{
    Handler, FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_GENERATOR, FLAG_VARARGS, FLAG_VARKW,
};
use crate::bytecode::{Function, Global, Op};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;

pub(super) type R<T> = Result<T, Diagnostic>;

/// Module-wide state.
pub(super) struct Ctx<'a> {
    pub(super) syms: &'a Symbols,
    pub(super) lines: &'a LineIndex,
    pub(super) funcs: Vec<Option<Function>>,
    pub(super) globals: Vec<Global>,
    pub(super) global_index: HashMap<String, u32>,
    /// Module-level plain functions a call may reach by index.
    pub(super) static_defs: HashMap<String, (u32, u16)>,
    /// Function-table slots reserved for scopes (the static defs).
    pub(super) reserved: HashMap<usize, u32>,
    /// For a library module, its name: globals and functions are named
    /// `MODULE.NAME` and `__name__` is the module's name.
    pub(super) module: Option<&'a str>,
    /// The package its relative imports start from (`__package__`).
    pub(super) package: Option<&'a str>,
    /// What its `from m import *` statements bind.
    pub(super) stars: &'a super::imports::Stars,
    /// How many `try` bodies around the code being compiled catch
    /// `ImportError`: inside one, an import of a module gilsim does not
    /// have compiles to a runtime `ModuleNotFoundError`, as in CPython
    /// (`try: import Queue` / `except ImportError: import queue`).
    pub(super) import_guards: u32,
}

/// Where a name lives, seen from one unit.
#[derive(Clone, Debug)]
pub(super) enum Loc {
    Fast(u32),
    Deref(u32),
    Global(u32),
    Builtin(Value),
}

/// A region of code whose exceptions go to one handler; paused while
/// code that leaves it (a `break`'s cleanup) is emitted.
pub(super) struct Region {
    pub(super) depth: u32,
    pub(super) level: u32,
    pub(super) segments: Vec<(u32, u32)>,
    pub(super) open: Option<u32>,
}

/// An open construct that `break`, `continue` and `return` must undo.
pub(super) enum Block<'a> {
    Loop {
        cont: u32,
        breaks: Vec<usize>,
        iter: bool,
    },
    Try(usize),
    Finally(&'a [Stmt]),
    /// A `with` (`async with` when true): leaving calls (and awaits) its exit.
    With(bool),
    Except(Option<String>),
    FinallyExc,
}

/// One function being compiled.
pub(super) struct Unit<'a> {
    pub(super) scope: usize,
    pub(super) f: Function,
    pub(super) index: u32,
    consts: HashMap<ConstKey, u32>,
    pub(super) locals: HashMap<String, u32>,
    pub(super) blocks: Vec<Block<'a>>,
    pub(super) regions: Vec<Region>,
    /// Operand-stack items statement-level constructs hold here.
    pub(super) depth: u32,
    /// Exceptions being handled (`except` bodies) here.
    pub(super) level: u32,
    pub(super) span: Span,
    temps: u32,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    Other(u64),
}

impl ConstKey {
    fn of(v: &Value) -> ConstKey {
        match v {
            Value::None => ConstKey::None,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.to_string()),
            other => ConstKey::Other(other.identity()),
        }
    }
}

/// The error of a construct gilsim does not run, with what to use
/// instead where there is something (see [`super::hints`]).
pub(super) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        span,
        super::hints::unsupported_message(what, super::hints::construct(what)),
    )
}

impl<'a> Ctx<'a> {
    pub(super) fn span(&self, r: TextRange) -> Span {
        self.lines.span(r)
    }

    pub(super) fn global_slot(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.global_index.get(name) {
            return i;
        }
        let i = self.globals.len() as u32;
        let init = match (name, self.module) {
            ("__name__", Some(m)) => Value::str(m),
            ("__name__", None) => Value::str("__main__"),
            _ => Value::Unbound,
        };
        let full = match self.module {
            Some(m) => format!("{m}.{name}"),
            None => name.to_string(),
        };
        self.globals.push(Global {
            name: full,
            init,
            span: Span::new(1, 1, 0),
        });
        self.global_index.insert(name.to_string(), i);
        i
    }

    /// Starts a unit for scope `scope` named `name` with its locals laid
    /// out: parameters, bound names, free variables.
    pub(super) fn unit(&mut self, scope: usize, name: &str, span: Span) -> Unit<'a> {
        let index = match self.reserved.remove(&scope) {
            Some(i) => i,
            None => {
                self.funcs.push(None);
                self.funcs.len() as u32 - 1
            }
        };
        let sc = &self.syms.scopes[scope];
        let mut names: Vec<String> = Vec::new();
        let mut locals: HashMap<String, u32> = HashMap::new();
        if sc.kind != ScopeKind::Module {
            names.extend(sc.params.iter().cloned());
            for (i, n) in names.iter().enumerate() {
                locals.entry(n.clone()).or_insert(i as u32);
            }
            let others = sc
                .bound
                .iter()
                .filter(|b| !sc.globals.contains(*b) && !sc.nonlocals.contains(*b))
                .chain(&sc.frees)
                .chain(&sc.cells);
            for n in others {
                if !locals.contains_key(n) {
                    locals.insert(n.clone(), names.len() as u32);
                    names.push(n.clone());
                }
            }
        }
        let nparams = sc.params.len() as u16;
        // A library module's functions are `MODULE.QUALNAME` (a nested
        // one's qualname already starts with its parent's full name).
        let mut f = match self.module {
            Some(m) if !name.starts_with(&format!("{m}.")) => {
                Function::new(&format!("{m}.{name}"), nparams, names, span)
            }
            _ => Function::new(name, nparams, names, span),
        };
        f.cells = sc
            .cells
            .iter()
            .filter_map(|c| locals.get(c).copied())
            .collect();
        f.frees = sc
            .frees
            .iter()
            .filter_map(|c| locals.get(c).copied())
            .collect();
        f.flags |= match (sc.is_async, sc.generator) {
            (false, false) => 0,
            (false, true) => FLAG_GENERATOR,
            (true, false) => FLAG_COROUTINE,
            (true, true) => FLAG_ASYNC_GENERATOR,
        };
        Unit {
            scope,
            f,
            index,
            consts: HashMap::new(),
            locals,
            blocks: vec![],
            regions: vec![],
            depth: 0,
            level: 0,
            span,
            temps: 0,
        }
    }

    /// Finishes a unit: a final `return None`, into the function table.
    pub(super) fn finish(&mut self, mut u: Unit<'a>) -> u32 {
        let end = u.span;
        u.constant(Value::None, end);
        u.emit(Op::ReturnValue, end);
        let i = u.index;
        self.funcs[i as usize] = Some(u.f);
        i
    }

    /// Resolves `name` as seen from unit `u`.
    pub(super) fn resolve(&mut self, u: &Unit, name: &str) -> Loc {
        let sc = &self.syms.scopes[u.scope];
        let module_name = |s: &Self| s.syms.module_set.contains(name);
        if sc.kind != ScopeKind::Module && !sc.globals.contains(name) {
            if sc.frees.iter().any(|n| n == name) || sc.cells.iter().any(|n| n == name) {
                if let Some(&i) = u.locals.get(name) {
                    return Loc::Deref(i);
                }
            }
            if sc.binds(name) {
                if let Some(&i) = u.locals.get(name) {
                    return Loc::Fast(i);
                }
            }
        }
        if !module_name(self) {
            if let Some(b) = crate::vm::builtins::builtin(name) {
                return Loc::Builtin(b);
            }
        }
        Loc::Global(self.global_slot(name))
    }
}

impl<'a> Unit<'a> {
    /// True when this unit is an async generator (its `yield`s are
    /// wrapped for the awaitable driving it).
    pub(super) fn is_async_generator(&self) -> bool {
        self.f.flags & FLAG_ASYNC_GENERATOR != 0
    }

    pub(super) fn here(&self) -> u32 {
        self.f.code.len() as u32
    }

    pub(super) fn emit(&mut self, op: Op, span: Span) -> usize {
        self.f.code.push(op);
        self.f.spans.push(span);
        self.f.code.len() - 1
    }

    /// Points the jump at `at` to `target`.
    pub(super) fn patch(&mut self, at: usize, target: u32) {
        self.f.code[at] = match self.f.code[at] {
            Op::JumpForward(_) => Op::JumpForward(target),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(target),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(target),
            Op::ForIter(_) => Op::ForIter(target),
            Op::Send(_) => Op::Send(target),
            other => other,
        };
    }

    pub(super) fn patch_here(&mut self, at: usize) {
        let t = self.here();
        self.patch(at, t);
    }

    pub(super) fn const_index(&mut self, v: Value) -> u32 {
        let k = ConstKey::of(&v);
        if let Some(&i) = self.consts.get(&k) {
            return i;
        }
        let i = self.f.consts.len() as u32;
        self.f.consts.push(v);
        self.consts.insert(k, i);
        i
    }

    pub(super) fn constant(&mut self, v: Value, span: Span) {
        let i = self.const_index(v);
        self.emit(Op::LoadConst(i), span);
    }

    pub(super) fn name(&mut self, n: &str) -> u32 {
        self.const_index(Value::str(n))
    }

    /// A fresh hidden local (`.t3`).
    pub(super) fn temp(&mut self, what: &str) -> u32 {
        self.temps += 1;
        let name = format!(".{what}{}", self.temps);
        let i = self.f.local_names.len() as u32;
        self.f.local_names.push(name.clone());
        self.locals.insert(name, i);
        i
    }

    /// Opens an exception region handled at a target given later.
    pub(super) fn open_region(&mut self) -> usize {
        let start = self.here();
        self.regions.push(Region {
            depth: self.depth,
            level: self.level,
            segments: vec![],
            open: Some(start),
        });
        self.regions.len() - 1
    }

    pub(super) fn pause_region(&mut self, r: usize) {
        let here = self.here();
        let reg = &mut self.regions[r];
        if let Some(s) = reg.open.take() {
            if s < here {
                reg.segments.push((s, here));
            }
        }
    }

    pub(super) fn resume_region(&mut self, r: usize) {
        let here = self.here();
        self.regions[r].open = Some(here);
    }

    /// Closes region `r`, its handler at `target`: records its segments in
    /// the exception table (inner regions close first, so they come first).
    pub(super) fn close_region(&mut self, r: usize, target: u32) {
        self.pause_region(r);
        let reg = &self.regions[r];
        for &(start, end) in &reg.segments {
            self.f.handlers.push(Handler {
                start,
                end,
                target,
                depth: reg.depth,
                level: reg.level,
            });
        }
    }
}

/// The parameters' defaults, keyword defaults and flags of a signature.
pub(super) fn signature_flags(p: &ast::Parameters, f: &mut Function) {
    f.nparams = (p.posonlyargs.len() + p.args.len()) as u16;
    f.nkwonly = p.kwonlyargs.len() as u16;
    f.nposonly = p.posonlyargs.len() as u16;
    if p.vararg.is_some() {
        f.flags |= FLAG_VARARGS;
    }
    if p.kwarg.is_some() {
        f.flags |= FLAG_VARKW;
    }
}

impl<'a> Ctx<'a> {
    /// The qualified name of `name` defined in unit `parent`
    /// (`Counter.__init__`, `outer.<locals>.inner`), as `__qualname__`.
    pub(super) fn qualify(&self, parent: &Unit, name: &str) -> String {
        match self.syms.scopes[parent.scope].kind {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{name}", parent.f.name),
            _ => format!("{}.<locals>.{name}", parent.f.name),
        }
    }

    /// Compiles a `def` or `lambda` body as a function of its own and emits,
    /// in `u`, the code that makes the function object.
    pub(super) fn make_function(
        &mut self,
        u: &mut Unit<'a>,
        scope: usize,
        name: &str,
        params: Option<&'a ast::Parameters>,
        body: FnBody<'a>,
        span: Span,
    ) -> R<()> {
        // Defaults are evaluated where the function is defined.
        let mut flags = 0u16;
        if let Some(p) = params {
            let defaults: Vec<&Expr> = p
                .posonlyargs
                .iter()
                .chain(p.args.iter())
                .filter_map(|a| a.default.as_deref())
                .collect();
            if !defaults.is_empty() {
                for d in &defaults {
                    self.expr(u, d)?;
                }
                u.emit(Op::BuildTuple(defaults.len() as u32), span);
                flags |= 1;
            }
            let kwd: Vec<(&str, &Expr)> = p
                .kwonlyargs
                .iter()
                .filter_map(|a| {
                    a.default
                        .as_deref()
                        .map(|d| (a.parameter.name.id.as_str(), d))
                })
                .collect();
            if !kwd.is_empty() {
                for (k, d) in &kwd {
                    u.constant(Value::str(*k), span);
                    self.expr(u, d)?;
                }
                u.emit(Op::BuildMap(kwd.len() as u32), span);
                flags |= 2;
            }
        }
        let qual = self.qualify(u, name);
        let mut child = self.unit(scope, &qual, span);
        if let Some(p) = params {
            signature_flags(p, &mut child.f);
        }
        match body {
            FnBody::Stmts(stmts) => {
                self.body(&mut child, stmts)?;
            }
            FnBody::Expr(e) => {
                self.expr(&mut child, e)?;
                child.emit(Op::ReturnValue, span);
            }
        }
        let frees = self.syms.scopes[scope].frees.clone();
        let code = self.finish(child);
        if !frees.is_empty() {
            self.load_closure(u, &frees, span)?;
            flags |= 8;
        }
        u.emit(Op::MakeFunction { code, flags }, span);
        Ok(())
    }

    /// Pushes a tuple of the cells for `frees`, as `u` holds them.
    pub(super) fn load_closure(&mut self, u: &mut Unit<'a>, frees: &[String], span: Span) -> R<()> {
        for n in frees {
            match u.locals.get(n) {
                Some(&i) => {
                    u.emit(Op::LoadClosure(i), span);
                }
                None => {
                    return Err(Diagnostic::new(
                        span,
                        format!("internal: no cell for '{n}'"),
                    ))
                }
            }
        }
        u.emit(Op::BuildTuple(frees.len() as u32), span);
        Ok(())
    }

    /// A class statement: its body as a function returning its namespace,
    /// then `BUILD_CLASS`.
    pub(super) fn class_def(&mut self, u: &mut Unit<'a>, c: &'a ast::StmtClassDef) -> R<()> {
        let span = self.span(c.range);
        for d in &c.decorator_list {
            self.expr(u, &d.expression)?;
        }
        let scope = self.syms.scope_of(c);
        let qual = self.qualify(u, &c.name.id);
        let mut body = self.unit(scope, &qual, span);
        let has_cell = self.syms.scopes[scope]
            .cells
            .iter()
            .any(|n| n == "__class__");
        let ann = body.temp("ann");
        body.f.local_names[ann as usize] = "__annotations__".into();
        body.emit(Op::BuildMap(0), span);
        body.emit(Op::StoreFast(ann), span);
        // `__module__ = __name__`, as CPython's class bodies begin.
        let module = match body.locals.get("__module__") {
            Some(&i) => i,
            None => {
                let t = body.temp("module");
                body.f.local_names[t as usize] = "__module__".into();
                t
            }
        };
        let name = self.global_slot("__name__");
        body.emit(Op::LoadGlobal(name), span);
        body.emit(Op::StoreFast(module), span);
        self.stmts(&mut body, &c.body)?;
        if has_cell {
            let cell = body.locals["__class__"];
            let slot = body.temp("cc");
            body.f.local_names[slot as usize] = "__classcell__".into();
            body.emit(Op::LoadClosure(cell), span);
            body.emit(Op::StoreFast(slot), span);
        }
        body.emit(Op::LoadLocals, span);
        body.emit(Op::ReturnValue, span);
        let frees = self.syms.scopes[scope].frees.clone();
        let idx = body.index;
        self.funcs[idx as usize] = Some(body.f);
        let mut flags = 0;
        if !frees.is_empty() {
            self.load_closure(u, &frees, span)?;
            flags |= 8;
        }
        u.emit(Op::MakeFunction { code: idx, flags }, span);
        u.emit(Op::CallFunction(0), span);
        u.constant(Value::str(c.name.id.as_str()), span);
        let mut nbases = 0;
        if let Some(a) = &c.arguments {
            for e in a.args.iter() {
                if let Expr::Starred(s) = e {
                    return Err(unsupported(self.span(s.range), "starred base classes"));
                }
                self.expr(u, e)?;
                nbases += 1;
            }
            if let Some(k) = a.keywords.first() {
                return Err(unsupported(
                    self.span(k.range),
                    "class keywords (metaclass=...)",
                ));
            }
        }
        u.emit(Op::BuildClass(nbases), span);
        for _ in &c.decorator_list {
            u.emit(Op::CallFunction(1), span);
        }
        self.store_name(u, &c.name.id, span);
        Ok(())
    }
}

/// What a function's body is.
pub(super) enum FnBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

/// The range of anything ruff parsed.
pub(super) fn range_of<T: Ranged>(n: &T) -> TextRange {
    n.range()
}
