//! Imports: `import a.b.c`, `from a.b import c`, relative imports and
//! `from m import *`, compiled to `IMPORT_NAME` (which runs a library
//! module's code at its first import; [`super::link`] links every library
//! module a program imports).
//!
//! As in CPython, importing `a.b.c` imports `a`, then `a.b`, then
//! `a.b.c`: a package's `__init__.py` has run before its submodules run.
//! A relative import (`from . import x`, `from .m import y`) is resolved
//! when the module is compiled, against its package (`__package__`): a
//! package's own name for its `__init__.py`, the parent package for a
//! submodule; in the main program it raises CPython's `ImportError` when
//! it runs. `from m import *` binds the names m's `__all__` lists, read
//! from m's source — string literals, lists or tuples of them joined by
//! `+` or `+=`, and a submodule's `sub.__all__`, as CPython's packages
//! write it — or, without `__all__`, the names not starting with `_` that
//! m binds at its top level and has bound when the import runs. gilsim's
//! globals are slots fixed when the program is compiled, so the names
//! must be known then.

use super::codegen::{Ctx, Unit, R};
use super::symbols::{key, Symbols};
use crate::bytecode::Op;
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;
use ruff_python_ast::{self as ast, Expr, Stmt};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The names `import *` takes from a module.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub(crate) names: Vec<String>,
    /// Listed by `__all__` (or a builtin module's): each must be there.
    /// Otherwise the names the module binds, each taken if it is bound.
    pub(crate) listed: bool,
}

/// What each module-level `from m import *` of a module binds, by the
/// statement's address ([`key`]): the names, or why they cannot be known
/// when compiling.
pub(crate) type Stars = HashMap<usize, Result<Arc<Names>, String>>;

/// The package a module's relative imports start from (`__package__`):
/// a package's own name (its file is `__init__.py`), a submodule's
/// parent; none for the main program or a top-level module.
pub(crate) fn package_of(file: &str, module: Option<&str>) -> Option<String> {
    let m = module?;
    if file == "__init__.py" || file.ends_with("/__init__.py") {
        return Some(m.to_string());
    }
    m.rsplit_once('.').map(|(p, _)| p.to_string())
}

/// The absolute name of `level` dots then `module`, seen from `package`
/// (CPython's `importlib._bootstrap._resolve_name`).
pub(crate) fn absolute(
    package: Option<&str>,
    level: u32,
    module: Option<&str>,
) -> Result<String, &'static str> {
    let Some(mut base) = package.filter(|p| !p.is_empty()) else {
        return Err("attempted relative import with no known parent package");
    };
    for _ in 1..level {
        match base.rsplit_once('.') {
            Some((p, _)) => base = p,
            None => return Err("attempted relative import beyond top-level package"),
        }
    }
    Ok(match module {
        Some(m) => format!("{base}.{m}"),
        None => base.to_string(),
    })
}

/// The module a `from` import names, absolute.
fn from_module(package: Option<&str>, i: &ast::StmtImportFrom) -> Result<String, &'static str> {
    let module = i.module.as_ref().map(|m| m.id.as_str());
    if i.level == 0 {
        return Ok(module.unwrap_or("").to_string());
    }
    absolute(package, i.level, module)
}

/// Calls `f` on every statement that runs at module level: the body's,
/// and those inside its `if`, `for`, `while`, `with` and `try` blocks
/// (not inside a `def` or `class`). `nested` says whether it is inside one.
fn walk_module_level<'s>(body: &'s [Stmt], nested: bool, f: &mut dyn FnMut(&'s Stmt, bool)) {
    for s in body {
        f(s, nested);
        match s {
            Stmt::If(i) => {
                walk_module_level(&i.body, true, f);
                for c in &i.elif_else_clauses {
                    walk_module_level(&c.body, true, f);
                }
            }
            Stmt::For(l) => {
                walk_module_level(&l.body, true, f);
                walk_module_level(&l.orelse, true, f);
            }
            Stmt::While(l) => {
                walk_module_level(&l.body, true, f);
                walk_module_level(&l.orelse, true, f);
            }
            Stmt::With(w) => walk_module_level(&w.body, true, f),
            Stmt::Try(t) => {
                walk_module_level(&t.body, true, f);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    walk_module_level(&h.body, true, f);
                }
                walk_module_level(&t.orelse, true, f);
                walk_module_level(&t.finalbody, true, f);
            }
            _ => {}
        }
    }
}

/// The star imports at the module level of `body`, a module whose
/// package is `package`.
pub(crate) fn star_imports(body: &[Stmt], package: Option<&str>) -> Stars {
    let mut out = HashMap::new();
    walk_module_level(body, false, &mut |s, _| {
        let Stmt::ImportFrom(i) = s else { return };
        if !i.names.iter().any(|a| a.name.id.as_str() == "*") {
            return;
        }
        let names = match from_module(package, i) {
            Ok(m) => star_names(&m),
            // It raises ImportError when it runs.
            Err(_) => Ok(Arc::default()),
        };
        out.insert(key(i), names);
    });
    out
}

/// The names `from module import *` binds (cached: a library module's
/// source is read and parsed once per process).
fn star_names(module: &str) -> Result<Arc<Names>, String> {
    type Cache = Mutex<HashMap<String, Result<Arc<Names>, String>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(r) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(module) {
        return r.clone();
    }
    // Computed unlocked: a module's `__all__` may read a submodule's.
    let r = IN_PROGRESS.with(|p| {
        if p.borrow().iter().any(|m| m == module) {
            return Err(format!("'{module}' takes its names from itself"));
        }
        p.borrow_mut().push(module.to_string());
        let r = compute_names(module);
        p.borrow_mut().pop();
        r
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(module.to_string(), r.clone());
    r
}

thread_local! {
    /// The modules whose names are being worked out (a cycle is an error).
    static IN_PROGRESS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn compute_names(module: &str) -> Result<Arc<Names>, String> {
    if let Some(Value::Obj(o)) = crate::vm::builtins::module(module) {
        if let crate::vm::object::Object::Module(m) = &*o {
            let names = m
                .attrs
                .iter()
                .map(|(n, _)| n.to_string())
                .filter(|n| !n.starts_with('_'))
                .collect();
            return Ok(Arc::new(Names {
                names,
                listed: true,
            }));
        }
    }
    // A module gilsim does not have is reported where it is imported; a
    // library module that does not parse, when it is linked.
    let Some((file, src)) = crate::stdlib::source(module) else {
        return Ok(Arc::default());
    };
    let src = super::normalize(&src);
    let options = ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module)
        .with_target_version(ruff_python_ast::PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(&src, options);
    if !parsed.errors().is_empty() {
        return Ok(Arc::default());
    }
    let ruff_python_ast::Mod::Module(m) = parsed.into_syntax() else {
        return Ok(Arc::default());
    };
    let package = package_of(file, Some(module));
    if let Some(all) = dunder_all(&m.body, package.as_deref()) {
        let names = all.map_err(|why| format!("{module}.__all__ {why}"))?;
        return Ok(Arc::new(Names {
            names,
            listed: true,
        }));
    }
    let stars = star_imports(&m.body, package.as_deref());
    let syms = Symbols::analyse_with(&m.body, &stars);
    let names = syms.scopes[0]
        .bound
        .iter()
        .filter(|n| !n.starts_with('_'))
        .cloned()
        .collect();
    Ok(Arc::new(Names {
        names,
        listed: false,
    }))
}

/// The value of a module's `__all__`, if it has one: `Err` says why it
/// cannot be known without running the module.
fn dunder_all(body: &[Stmt], package: Option<&str>) -> Option<Result<Vec<String>, String>> {
    let is_all = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__all__");
    let mut all: Option<Result<Vec<String>, String>> = None;
    walk_module_level(body, false, &mut |s, nested| {
        if matches!(all, Some(Err(_))) {
            return;
        }
        let value = match s {
            Stmt::Assign(a) if a.targets.iter().any(is_all) => {
                if a.targets.len() != 1 {
                    Err("is assigned with other names".to_string())
                } else {
                    literal_names(&a.value, package)
                }
            }
            Stmt::AnnAssign(a) if is_all(&a.target) => match &a.value {
                Some(v) => literal_names(v, package),
                None => return,
            },
            Stmt::AugAssign(a) if is_all(&a.target) => {
                let more = match a.op {
                    ast::Operator::Add => literal_names(&a.value, package),
                    _ => Err("is changed by an operator other than +=".to_string()),
                };
                match (all.take(), more) {
                    (Some(Ok(mut v)), Ok(m)) => {
                        v.extend(m);
                        Ok(v)
                    }
                    (None, Ok(_)) => Err("is extended before it is assigned".to_string()),
                    (_, Err(e)) | (Some(Err(e)), _) => Err(e),
                }
            }
            Stmt::Expr(e) => match &*e.value {
                Expr::Call(c) => match &*c.func {
                    Expr::Attribute(at) if is_all(&at.value) => {
                        Err("is changed by a method call".to_string())
                    }
                    _ => return,
                },
                _ => return,
            },
            Stmt::Delete(d) if d.targets.iter().any(is_all) => Err("is deleted".to_string()),
            _ => return,
        };
        all = Some(if nested {
            Err("is set inside a block (only its top-level value is read)".to_string())
        } else {
            value
        });
    });
    all
}

/// The strings of a literal list or tuple of string literals, a `+` of
/// such, or `sub.__all__` of a submodule `sub` of `package`.
fn literal_names(e: &Expr, package: Option<&str>) -> Result<Vec<String>, String> {
    let not_literal = || "is not a list or tuple of string literals".to_string();
    match e {
        Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. }) => elts
            .iter()
            .map(|x| match x {
                Expr::StringLiteral(s) => Ok(s.value.to_str().to_string()),
                _ => Err(not_literal()),
            })
            .collect(),
        Expr::BinOp(b) if b.op == ast::Operator::Add => {
            let mut v = literal_names(&b.left, package)?;
            v.extend(literal_names(&b.right, package)?);
            Ok(v)
        }
        Expr::Attribute(a) if a.attr.as_str() == "__all__" => {
            let (Expr::Name(n), Some(pkg)) = (&*a.value, package) else {
                return Err(not_literal());
            };
            let sub = format!("{pkg}.{}", n.id);
            if !crate::stdlib::is_module(&sub) {
                return Err(format!("reads '{}', not a submodule of {pkg}", n.id));
            }
            match star_names(&sub)? {
                names if names.listed => Ok(names.names.clone()),
                _ => Err(format!("reads {sub}.__all__, which {sub} does not set")),
            }
        }
        _ => Err(not_literal()),
    }
}

impl<'a> Ctx<'a> {
    /// Pushes module `name`, importing each package it is in first, so
    /// their `__init__.py` code has run (as CPython imports `a.b.c`).
    fn import_module(&mut self, u: &mut Unit<'a>, name: &str, span: Span) {
        for (i, _) in name.match_indices('.') {
            let package = &name[..i];
            if crate::stdlib::is_module(package) {
                let n = u.name(package);
                u.emit(Op::ImportName(n), span);
                u.emit(Op::PopTop, span);
            }
        }
        let n = u.name(name);
        u.emit(Op::ImportName(n), span);
    }

    /// `import a.b.c` (binds `a`) and `import a.b.c as d` (binds `a.b.c`).
    pub(super) fn import(&mut self, u: &mut Unit<'a>, i: &ast::StmtImport, span: Span) -> R<()> {
        for a in &i.names {
            let full = a.name.id.as_str();
            self.check_module(full, span)?;
            self.import_module(u, full, span);
            match &a.asname {
                Some(asn) => self.store_name(u, &asn.id, span),
                None => {
                    let top = full.split('.').next().unwrap_or(full);
                    if top != full {
                        u.emit(Op::PopTop, span);
                        let n = u.name(top);
                        u.emit(Op::ImportName(n), span);
                    }
                    self.store_name(u, top, span);
                }
            }
        }
        Ok(())
    }

    /// `from m import a, b as c`, `from . import x`, `from m import *`.
    pub(super) fn import_from(
        &mut self,
        u: &mut Unit<'a>,
        i: &'a ast::StmtImportFrom,
        span: Span,
    ) -> R<()> {
        let module = match from_module(self.package, i) {
            Ok(m) => m,
            Err(why) => {
                // As CPython, when the statement runs.
                let cls = crate::vm::builtins::builtin("ImportError").expect("a builtin");
                u.constant(cls, span);
                u.constant(Value::str(why), span);
                u.emit(Op::CallFunction(1), span);
                u.emit(Op::RaiseVarargs(1), span);
                return Ok(());
            }
        };
        self.check_module(&module, span)?;
        if i.names.iter().any(|a| a.name.id.as_str() == "*") {
            return self.import_star(u, i, &module, span);
        }
        for a in &i.names {
            let sub = format!("{module}.{}", a.name.id);
            if crate::stdlib::is_module(&sub) {
                // `from a import b` where `a.b` is a submodule.
                self.import_module(u, &sub, span);
            } else {
                self.import_module(u, &module, span);
                let n = u.name(&a.name.id);
                u.emit(Op::LoadAttr(n), span);
            }
            let bind = a.asname.as_ref().unwrap_or(&a.name);
            self.store_name(u, &bind.id, span);
        }
        Ok(())
    }

    /// `from module import *`: each name the module exports, read and
    /// bound in turn.
    fn import_star(
        &mut self,
        u: &mut Unit<'a>,
        i: &'a ast::StmtImportFrom,
        module: &str,
        span: Span,
    ) -> R<()> {
        let names = match self.stars.get(&key(i)).cloned() {
            Some(Ok(n)) => n,
            Some(Err(why)) => {
                let what = format!("from {module} import * ({why})");
                let advice = super::hints::construct("from ... import *");
                return Err(Diagnostic::new(
                    span,
                    super::hints::unsupported_message(&what, advice),
                ));
            }
            None => Arc::default(),
        };
        self.import_module(u, module, span);
        let getattr = crate::vm::builtins::builtin("getattr").expect("a builtin");
        for name in &names.names {
            let sub = format!("{module}.{name}");
            if names.listed && crate::stdlib::is_module(&sub) {
                // A submodule `__all__` lists is imported, as in CPython.
                self.import_module(u, &sub, span);
                self.store_name(u, name, span);
            } else if names.listed {
                u.emit(Op::Copy(1), span);
                let n = u.name(name);
                u.emit(Op::LoadAttr(n), span);
                self.store_name(u, name, span);
            } else {
                // getattr(m, name, m): a name m has not bound (yet) is
                // skipped, as CPython copies only what m's dict holds.
                u.constant(getattr.clone(), span);
                u.emit(Op::Copy(2), span);
                u.constant(Value::str(name.as_str()), span);
                u.emit(Op::Copy(4), span);
                u.emit(Op::CallFunction(3), span);
                u.emit(Op::Copy(1), span);
                u.emit(Op::Copy(3), span);
                u.emit(Op::IsOp(0), span);
                let unbound = u.emit(Op::PopJumpIfTrue(0), span);
                self.store_name(u, name, span);
                let done = u.emit(Op::JumpForward(0), span);
                u.patch_here(unbound);
                u.emit(Op::PopTop, span);
                u.patch_here(done);
            }
        }
        u.emit(Op::PopTop, span);
        Ok(())
    }

    /// Loads global `name` of a library module's top-level code where it
    /// shadows a builtin: the global once bound, the builtin before (as
    /// CPython's `LOAD_NAME`, so `TimeoutError = TimeoutError` works) —
    /// `getattr(this_module, name, builtin)`.
    pub(super) fn load_global_or_builtin(
        &mut self,
        u: &mut Unit<'a>,
        module: &str,
        name: &str,
        builtin: Value,
        span: Span,
    ) {
        let getattr = crate::vm::builtins::builtin("getattr").expect("a builtin");
        u.constant(getattr, span);
        let m = u.name(module);
        u.emit(Op::ImportName(m), span);
        u.constant(Value::str(name), span);
        u.constant(builtin, span);
        u.emit(Op::CallFunction(3), span);
    }

    /// A module the program imports must be one gilsim provides, except
    /// where an `ImportError` is caught (it raises when it runs).
    pub(super) fn check_module(&self, name: &str, span: Span) -> R<()> {
        if crate::vm::builtins::module(name).is_some()
            || crate::stdlib::is_module(name)
            || self.import_guards > 0
        {
            return Ok(());
        }
        let mut all: Vec<&str> = crate::vm::builtins::modules::NAMES.to_vec();
        all.extend(crate::stdlib::importable());
        all.retain(|n| !n.starts_with('_'));
        all.sort_unstable();
        let what = format!("the module '{name}' (gilsim provides {})", all.join(", "));
        Err(Diagnostic::new(
            span,
            super::hints::unsupported_message(&what, super::hints::module(name)),
        ))
    }
}

#[cfg(test)]
#[path = "imports_tests.rs"]
mod tests;
