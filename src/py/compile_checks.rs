//! The checks of CPython's compiler (Python/compile.c, 3.11): `return`,
//! `break`, `continue`, `yield`, `await`, `async for`, `async with` and
//! asynchronous comprehensions out of place, `return` with a value in an
//! async generator, assignments to `__debug__`, repeated keyword
//! arguments, a bare `except:` before others, more than 20 nested blocks.

use super::checks::{syntax, Found};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// CPython's limit on statically nested blocks (CO_MAXBLOCKS).
const MAX_BLOCKS: usize = 20;

/// One compilation unit's kind, for the compiler's checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Module,
    Function { is_async: bool },
    Class,
    Lambda,
    Comprehension,
}

/// The checks of CPython's compiler (Python/compile.c), in the order it
/// compiles: statements in source order, a function's defaults and
/// decorators before its body.
pub(super) struct Compiler {
    unit: Unit,
    /// Blocks open in this unit (loops, `try`, `with`...).
    blocks: usize,
    /// Loops open in this unit (for `break` and `continue`).
    loops: usize,
    /// This unit is an async generator (`return` may not give a value).
    async_gen: bool,
    error: Found,
}

impl Compiler {
    /// The first error compiling module `body` would meet, if any.
    pub(super) fn run(body: &[Stmt]) -> Found {
        let mut c = Compiler {
            unit: Unit::Module,
            blocks: 0,
            loops: 0,
            async_gen: false,
            error: None,
        };
        c.stmts(body);
        c.error
    }

    fn fail(&mut self, f: Found) {
        if self.error.is_none() {
            self.error = f;
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(s);
        }
    }

    /// Runs `f` in a new unit of kind `unit`.
    fn unit(&mut self, unit: Unit, f: impl FnOnce(&mut Compiler)) {
        let saved = (self.unit, self.blocks, self.loops, self.async_gen);
        self.unit = unit;
        self.blocks = 0;
        self.loops = 0;
        self.async_gen = false;
        f(self);
        (self.unit, self.blocks, self.loops, self.async_gen) = saved;
    }

    /// True in an `async def` (where `await`, `async for` and `async
    /// with` may appear).
    fn in_async_function(&self) -> bool {
        self.unit == (Unit::Function { is_async: true })
    }

    /// Runs `f` with `n` more blocks open (one more loop if `is_loop`).
    fn block(&mut self, r: TextRange, n: usize, is_loop: bool, f: impl FnOnce(&mut Compiler)) {
        if self.blocks + n > MAX_BLOCKS {
            self.fail(syntax(r, "too many statically nested blocks"));
            return;
        }
        self.blocks += n;
        self.loops += is_loop as usize;
        f(self);
        self.blocks -= n;
        self.loops -= is_loop as usize;
    }

    fn debug_name(&mut self, name: &str, r: TextRange, deleting: bool) {
        if name == "__debug__" {
            let verb = if deleting { "delete" } else { "assign to" };
            self.fail(syntax(r, format!("cannot {verb} __debug__")));
        }
    }

    fn debug_params(&mut self, p: &ast::Parameters, r: TextRange) {
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            self.debug_name(&a.name, r, false);
        }
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        let r = s.range();
        match s {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.defaults(&f.parameters);
                self.debug_params(&f.parameters, r);
                self.debug_name(&f.name, r, false);
                let is_async = f.is_async;
                let async_gen = is_async && has_yield(&f.body);
                self.unit(Unit::Function { is_async }, |c| {
                    c.async_gen = async_gen;
                    c.stmts(&f.body)
                });
            }
            Stmt::ClassDef(k) => {
                for d in &k.decorator_list {
                    self.expr(&d.expression);
                }
                if let Some(a) = &k.arguments {
                    self.call_args(a, r);
                }
                self.debug_name(&k.name, r, false);
                self.unit(Unit::Class, |c| c.stmts(&k.body));
            }
            Stmt::Return(ret) => {
                if !matches!(self.unit, Unit::Function { .. }) {
                    self.fail(syntax(r, "'return' outside function"));
                    return;
                }
                if let Some(v) = &ret.value {
                    if self.async_gen {
                        self.fail(syntax(r, "'return' with value in async generator"));
                        return;
                    }
                    self.expr(v);
                }
            }
            Stmt::Break(_) => {
                if self.loops == 0 {
                    self.fail(syntax(r, "'break' outside loop"));
                }
            }
            Stmt::Continue(_) => {
                if self.loops == 0 {
                    self.fail(syntax(r, "'continue' not properly in loop"));
                }
            }
            Stmt::For(f) => {
                if f.is_async && !self.in_async_function() {
                    self.fail(syntax(r, "'async for' outside async function"));
                    return;
                }
                self.expr(&f.iter);
                self.block(r, 1, true, |c| {
                    c.target(&f.target, false);
                    c.stmts(&f.body);
                });
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.block(r, 1, true, |c| c.stmts(&w.body));
                self.stmts(&w.orelse);
            }
            Stmt::With(w) => {
                if w.is_async && !self.in_async_function() {
                    self.fail(syntax(r, "'async with' outside async function"));
                    return;
                }
                let n = w.items.len();
                self.block(r, n, false, |c| {
                    for item in &w.items {
                        c.expr(&item.context_expr);
                        if let Some(v) = &item.optional_vars {
                            c.target(v, false);
                        }
                    }
                    c.stmts(&w.body);
                });
            }
            Stmt::Try(t) => {
                let finally = !t.finalbody.is_empty();
                let handlers = !t.handlers.is_empty();
                // The body: one block for `finally`, one for `except`.
                let body_blocks = finally as usize + handlers as usize;
                self.block(r, body_blocks, false, |c| c.stmts(&t.body));
                let n = t.handlers.len();
                for (i, h) in t.handlers.iter().enumerate() {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if h.type_.is_none() && i + 1 < n {
                        self.fail(syntax(h.range, "default 'except:' must be last"));
                        return;
                    }
                    if let Some(e) = &h.type_ {
                        self.expr(e);
                    }
                    if let Some(name) = &h.name {
                        self.debug_name(name, h.range, false);
                    }
                    // A handler runs inside two blocks (and the `finally`'s).
                    self.block(h.range, finally as usize + 2, false, |c| c.stmts(&h.body));
                }
                self.block(r, finally as usize, false, |c| c.stmts(&t.orelse));
                self.stmts(&t.finalbody);
                if finally {
                    self.block(r, 1, false, |c| c.stmts(&t.finalbody));
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.target(t, false);
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    self.debug_name(&n.id, n.range, false);
                } else {
                    self.target(&a.target, false);
                }
                self.expr(&a.value);
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                }
                self.target(&a.target, false);
                self.expr(&a.annotation);
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t, true);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    if let Some(n) = &a.asname {
                        self.debug_name(n, r, false);
                    } else {
                        let first = a.name.id.split('.').next().unwrap_or("");
                        self.debug_name(first, r, false);
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    self.debug_name(n, r, false);
                }
            }
            _ => visitor::walk_stmt(&mut CompVisit(self), s),
        }
    }

    /// A call's arguments (or a class's bases); `r` is the call's range.
    fn call_args(&mut self, a: &ast::Arguments, r: TextRange) {
        let kws = &a.keywords;
        for (i, k) in kws.iter().enumerate() {
            let Some(n) = &k.arg else {
                continue;
            };
            self.debug_name(n, r, false);
            if let Some(other) = kws[i + 1..]
                .iter()
                .find(|o| o.arg.as_ref().is_some_and(|a| a.as_str() == n.as_str()))
            {
                self.fail(syntax(
                    other.range,
                    format!("keyword argument repeated: {n}"),
                ));
            }
            if self.error.is_some() {
                return;
            }
        }
        self.elts(&a.args);
        for k in kws.iter() {
            self.expr(&k.value);
        }
    }

    /// The items of a display or a call, where `*x` may appear.
    fn elts(&mut self, elts: &[Expr]) {
        for e in elts {
            match e {
                Expr::Starred(s) => self.expr(&s.value),
                _ => self.expr(e),
            }
        }
    }

    /// An assignment (or `del`) target.
    fn target(&mut self, e: &Expr, deleting: bool) {
        match e {
            Expr::Name(n) => self.debug_name(&n.id, n.range, deleting),
            Expr::Attribute(a) => {
                self.expr(&a.value);
                // CPython forbids assigning `x.__debug__`, not deleting it.
                if !deleting {
                    self.debug_name(&a.attr, a.range, false);
                }
            }
            Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | Expr::List(ast::ExprList { elts, range, .. }) => {
                self.starred_targets(elts, *range);
                for e in elts {
                    match e {
                        Expr::Starred(s) => self.target(&s.value, deleting),
                        _ => self.target(e, deleting),
                    }
                }
            }
            Expr::Starred(s) if !deleting => {
                self.fail(syntax(
                    s.range,
                    "starred assignment target must be in a list or tuple",
                ));
            }
            _ => self.expr(e),
        }
    }

    fn starred_targets(&mut self, elts: &[Expr], r: TextRange) {
        if elts
            .iter()
            .filter(|e| matches!(e, Expr::Starred(_)))
            .count()
            > 1
        {
            self.fail(syntax(r, "multiple starred expressions in assignment"));
        }
    }

    fn expr(&mut self, e: &Expr) {
        if self.error.is_some() {
            return;
        }
        match e {
            Expr::Call(c) => {
                self.expr(&c.func);
                self.call_args(&c.arguments, c.range());
            }
            Expr::Starred(s) => {
                self.fail(syntax(s.range, "can't use starred expression here"));
            }
            Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::List(ast::ExprList { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => self.elts(elts),
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                    self.debug_params(p, l.range);
                }
                self.unit(Unit::Lambda, |c| c.expr(&l.body));
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], false, c.range),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], false, c.range),
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt], true, c.range),
            Expr::DictComp(c) => {
                let elts: Vec<&Expr> = c.key.as_deref().into_iter().chain([&*c.value]).collect();
                self.comprehension(&c.generators, &elts, false, c.range)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if !matches!(
                    self.unit,
                    Unit::Function { .. } | Unit::Lambda | Unit::Comprehension
                ) {
                    self.fail(syntax(e.range(), "'yield' outside function"));
                    return;
                }
                if matches!(e, Expr::YieldFrom(_))
                    && self.unit == (Unit::Function { is_async: true })
                {
                    self.fail(syntax(e.range(), "'yield from' inside async function"));
                    return;
                }
                visitor::walk_expr(&mut CompVisit(self), e);
            }
            Expr::Await(_) => {
                match self.unit {
                    Unit::Function { is_async: true } | Unit::Comprehension => {}
                    Unit::Function { .. } | Unit::Lambda => {
                        self.fail(syntax(e.range(), "'await' outside async function"));
                        return;
                    }
                    Unit::Module | Unit::Class => {
                        self.fail(syntax(e.range(), "'await' outside function"));
                        return;
                    }
                }
                visitor::walk_expr(&mut CompVisit(self), e);
            }
            Expr::Named(n) => {
                self.expr(&n.value);
                self.target(&n.target, false);
            }
            _ => visitor::walk_expr(&mut CompVisit(self), e),
        }
    }

    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
        is_genexpr: bool,
        r: TextRange,
    ) {
        let Some(first) = generators.first() else {
            return;
        };
        // A list, set or dict comprehension with `async for` or `await`
        // is awaited: only in an async function (or another comprehension).
        if !is_genexpr
            && comp_is_async(generators, elts)
            && !self.in_async_function()
            && self.unit != Unit::Comprehension
        {
            self.fail(syntax(
                r,
                "asynchronous comprehension outside of an asynchronous function",
            ));
            return;
        }
        self.expr(&first.iter);
        self.unit(Unit::Comprehension, |c| {
            for (k, g) in generators.iter().enumerate() {
                if k > 0 {
                    c.expr(&g.iter);
                }
                c.target(&g.target, false);
                for e in &g.ifs {
                    c.expr(e);
                }
            }
            for e in elts {
                c.expr(e);
            }
        });
    }
}

/// True if a function body yields (not counting nested scopes).
fn has_yield(body: &[Stmt]) -> bool {
    struct Find(bool);
    impl<'a> Visitor<'a> for Find {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            if !matches!(s, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.0 = true,
                Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut f = Find(false);
    for s in body {
        f.visit_stmt(s);
    }
    f.0
}

/// True if a comprehension is asynchronous: it has an `async for`, or an
/// `await` in its own scope (its first iterable is evaluated outside),
/// or an asynchronous list, set or dict comprehension inside it.
fn comp_is_async(generators: &[ast::Comprehension], elts: &[&Expr]) -> bool {
    struct Find(bool);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, e: &'a Expr) {
            let (gens, elts, genexpr): (&[ast::Comprehension], Vec<&Expr>, bool) = match e {
                Expr::Await(_) => {
                    self.0 = true;
                    return;
                }
                Expr::Lambda(_) => return,
                Expr::ListComp(c) => (&c.generators, vec![&*c.elt], false),
                Expr::SetComp(c) => (&c.generators, vec![&*c.elt], false),
                Expr::Generator(c) => (&c.generators, vec![&*c.elt], true),
                Expr::DictComp(c) => (
                    &c.generators,
                    c.key.as_deref().into_iter().chain([&*c.value]).collect(),
                    false,
                ),
                _ => return visitor::walk_expr(self, e),
            };
            if let Some(first) = gens.first() {
                self.visit_expr(&first.iter);
            }
            if !genexpr && comp_is_async(gens, &elts) {
                self.0 = true;
            }
        }
    }
    if generators.iter().any(|g| g.is_async) {
        return true;
    }
    let mut f = Find(false);
    for (k, g) in generators.iter().enumerate() {
        if k > 0 {
            f.visit_expr(&g.iter);
        }
        for e in &g.ifs {
            f.visit_expr(e);
        }
    }
    for e in elts {
        f.visit_expr(e);
    }
    f.0
}

/// Walks the children of a node with the compiler's own handling.
struct CompVisit<'c>(&'c mut Compiler);

impl<'a> Visitor<'a> for CompVisit<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.0.error.is_none() {
            self.0.stmt(s);
        }
    }
    fn visit_expr(&mut self, e: &'a Expr) {
        self.0.expr(e);
    }
}
