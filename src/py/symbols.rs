//! Scopes: which names are local, global, captured (cells) or free in each
//! function, lambda, comprehension and class body, by Python's rules —
//! a name bound anywhere in a function is local unless declared `global`
//! or `nonlocal`; a name used but not bound is free if an enclosing
//! function binds it (class bodies do not enclose their methods), global
//! otherwise. `super()` in a method captures the class's `__class__` cell.

use super::imports::Stars;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use std::collections::{HashMap, HashSet};

/// A scope's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module.
    Module,
    /// A `def` or `lambda`.
    Function,
    /// A class body.
    Class,
    /// A comprehension or generator expression (a function of its own).
    Comprehension,
}

/// One scope's names.
#[derive(Debug)]
pub struct Scope {
    /// Its kind.
    pub kind: ScopeKind,
    /// Parameters in binding order: positional, keyword-only, `*args`, `**kwargs`.
    pub params: Vec<String>,
    /// Names bound in it, in order of first binding (parameters excluded).
    pub bound: Vec<String>,
    bound_set: HashSet<String>,
    /// Names declared `global`.
    pub globals: HashSet<String>,
    /// Names declared `nonlocal`.
    pub nonlocals: HashSet<String>,
    /// Names read.
    pub used: HashSet<String>,
    /// Its enclosing scope.
    pub parent: Option<usize>,
    /// Names of this scope captured by inner functions.
    pub cells: Vec<String>,
    /// Names this scope takes from enclosing functions.
    pub frees: Vec<String>,
    /// Contains `yield`.
    pub generator: bool,
    /// An `async def`, or a comprehension with `async for` or `await`:
    /// calling it makes a coroutine (an async generator if it is also a
    /// generator).
    pub is_async: bool,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            params: vec![],
            bound: vec![],
            bound_set: HashSet::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            used: HashSet::new(),
            parent,
            cells: vec![],
            frees: vec![],
            generator: false,
            is_async: false,
        }
    }

    /// True if `name` is bound here (a parameter or an assignment) and not
    /// declared global or nonlocal.
    pub fn binds(&self, name: &str) -> bool {
        (self.params.iter().any(|p| p == name) || self.bound_set.contains(name))
            && !self.globals.contains(name)
            && !self.nonlocals.contains(name)
    }

    fn bind(&mut self, name: &str) {
        if self.bound_set.insert(name.to_string()) {
            self.bound.push(name.to_string());
        }
    }
}

/// Every scope of a module, found by the address of its AST node.
#[derive(Debug)]
pub struct Symbols {
    /// The scopes; 0 is the module.
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    /// Names bound at module level or declared global anywhere.
    pub module_names: Vec<String>,
    /// The same names, for lookups.
    pub module_set: HashSet<String>,
    /// Module-level names bound more than once or by something other than
    /// a `def` (they cannot be called statically).
    pub rebound: HashSet<String>,
}

/// The key of a scope-making node.
pub fn key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl Symbols {
    /// The scope made by `node`.
    pub fn scope_of<T>(&self, node: &T) -> usize {
        self.by_node[&key(node)]
    }

    /// The scope made by the node at address `k` (see [`key`]).
    pub fn scopes_by_key(&self, k: usize) -> usize {
        self.by_node[&k]
    }

    /// Analyses a module.
    pub fn analyse(body: &[Stmt]) -> Symbols {
        Symbols::analyse_with(body, &Stars::new())
    }

    /// Analyses a module whose `from m import *` statements bind the
    /// names `stars` holds for them (see [`super::imports`]).
    pub(crate) fn analyse_with(body: &[Stmt], stars: &Stars) -> Symbols {
        let mut b = Builder {
            scopes: vec![Scope::new(ScopeKind::Module, None)],
            by_node: HashMap::new(),
            cur: 0,
            def_counts: HashMap::new(),
            stars,
        };
        for s in body {
            b.visit_stmt(s);
        }
        let mut rebound: HashSet<String> = b
            .def_counts
            .iter()
            .filter(|(_, &(defs, others))| defs != 1 || others != 0)
            .map(|(n, _)| n.clone())
            .collect();
        let mut module_names = b.scopes[0].bound.clone();
        let mut module_set: HashSet<String> = module_names.iter().cloned().collect();
        for i in 1..b.scopes.len() {
            for g in b.scopes[i].globals.clone() {
                if b.scopes[i].bound_set.contains(&g) {
                    rebound.insert(g.clone());
                }
                if module_set.insert(g.clone()) {
                    module_names.push(g);
                }
            }
        }
        let mut syms = Symbols {
            scopes: b.scopes,
            by_node: b.by_node,
            module_names,
            module_set,
            rebound,
        };
        syms.resolve_frees();
        syms
    }

    /// Marks cells and frees: for every name a scope uses (or declares
    /// nonlocal) without binding it, the nearest enclosing function that
    /// binds it keeps it in a cell, and every scope between passes it on.
    fn resolve_frees(&mut self) {
        for s in 1..self.scopes.len() {
            let mut wanted: Vec<String> = self.scopes[s]
                .used
                .iter()
                .filter(|n| !self.scopes[s].binds(n) && !self.scopes[s].globals.contains(*n))
                .cloned()
                .collect();
            wanted.extend(self.scopes[s].nonlocals.iter().cloned());
            wanted.sort();
            wanted.dedup();
            for name in wanted {
                // Class bodies do not enclose; skip them going up, except
                // the class directly around a method for `__class__`.
                let mut path = vec![s];
                let mut p = self.scopes[s].parent;
                let mut owner = None;
                while let Some(a) = p {
                    let sc = &self.scopes[a];
                    if sc.kind == ScopeKind::Module {
                        break;
                    }
                    let class_ok = sc.kind == ScopeKind::Class && name == "__class__";
                    if (sc.kind != ScopeKind::Class || class_ok) && sc.binds(&name) {
                        owner = Some(a);
                        break;
                    }
                    if sc.globals.contains(&name) {
                        break;
                    }
                    path.push(a);
                    p = sc.parent;
                }
                let Some(owner) = owner else { continue };
                if !self.scopes[owner].cells.contains(&name) {
                    self.scopes[owner].cells.push(name.clone());
                }
                for &q in &path {
                    if !self.scopes[q].frees.contains(&name) {
                        self.scopes[q].frees.push(name.clone());
                    }
                }
            }
        }
    }
}

struct Builder<'s> {
    scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
    cur: usize,
    // Module-level names: (bound by def, bound otherwise).
    def_counts: HashMap<String, (u32, u32)>,
    // What each `import *` binds.
    stars: &'s Stars,
}

impl Builder<'_> {
    fn bind(&mut self, name: &str) {
        self.scopes[self.cur].bind(name);
    }

    fn module_bind(&mut self, name: &str, by_def: bool) {
        if self.cur == 0 {
            let e = self.def_counts.entry(name.to_string()).or_insert((0, 0));
            if by_def {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }

    fn enter(&mut self, kind: ScopeKind, node: usize) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.cur)));
        self.by_node.insert(node, id);
        let prev = self.cur;
        self.cur = id;
        prev
    }

    fn params(&mut self, p: &ast::Parameters) {
        let sc = &mut self.scopes[self.cur];
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            sc.params.push(a.parameter.name.id.to_string());
        }
        for a in p.kwonlyargs.iter() {
            sc.params.push(a.parameter.name.id.to_string());
        }
        if let Some(v) = &p.vararg {
            sc.params.push(v.name.id.to_string());
        }
        if let Some(k) = &p.kwarg {
            sc.params.push(k.name.id.to_string());
        }
    }

    fn defaults(&mut self, p: &ast::Parameters) {
        for a in p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .chain(p.kwonlyargs.iter())
        {
            if let Some(d) = &a.default {
                self.visit_expr(d);
            }
        }
    }

    /// A comprehension: its first iterable belongs to the enclosing scope,
    /// the rest to a scope of its own.
    fn comprehension(
        &mut self,
        node: usize,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
        is_genexpr: bool,
    ) {
        if let Some(first) = gens.first() {
            self.visit_expr(&first.iter);
        }
        let prev = self.enter(ScopeKind::Comprehension, node);
        self.scopes[self.cur].params.push(".0".into());
        if gens.iter().any(|g| g.is_async) {
            self.scopes[self.cur].is_async = true;
        }
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.visit_expr(&g.iter);
            }
            self.visit_expr(&g.target);
            for c in &g.ifs {
                self.visit_expr(c);
            }
        }
        for e in elts {
            self.visit_expr(e);
        }
        // An async comprehension is awaited where it is called (a
        // generator expression is not: it makes an async generator).
        let here = &self.scopes[self.cur];
        if here.is_async && !is_genexpr && self.scopes[prev].kind == ScopeKind::Comprehension {
            self.scopes[prev].is_async = true;
        }
        self.cur = prev;
    }
}

impl<'a> Visitor<'a> for Builder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                self.defaults(&f.parameters);
                self.bind(&f.name.id);
                self.module_bind(&f.name.id, f.decorator_list.is_empty());
                let prev = self.enter(ScopeKind::Function, key(f));
                self.scopes[self.cur].is_async = f.is_async;
                self.params(&f.parameters);
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.cur = prev;
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression);
                }
                if let Some(a) = &c.arguments {
                    for e in a.args.iter() {
                        self.visit_expr(e);
                    }
                    for k in a.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                }
                self.bind(&c.name.id);
                self.module_bind(&c.name.id, false);
                let prev = self.enter(ScopeKind::Class, key(c));
                for s in &c.body {
                    self.visit_stmt(s);
                }
                self.cur = prev;
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.scopes[self.cur].globals.insert(n.id.to_string());
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.scopes[self.cur].nonlocals.insert(n.id.to_string());
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = match &a.asname {
                        Some(x) => x.id.to_string(),
                        None => a.name.id.split('.').next().unwrap_or("").to_string(),
                    };
                    self.bind(&n);
                    self.module_bind(&n, false);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.id.as_str() == "*" {
                        let stars = self.stars;
                        if let Some(Ok(names)) = stars.get(&key(i)) {
                            for n in &names.names {
                                self.bind(n);
                                self.module_bind(n, false);
                            }
                        }
                        continue;
                    }
                    let n = a.asname.as_ref().unwrap_or(&a.name).id.to_string();
                    self.bind(&n);
                    self.module_bind(&n, false);
                }
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bind(&n.id);
                        self.module_bind(&n.id, false);
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => match n.ctx {
                ExprContext::Load => {
                    let id = n.id.as_str();
                    if id == "super" && self.scopes[self.cur].kind == ScopeKind::Function {
                        // A zero-argument super() needs the class cell.
                        self.scopes[self.cur].used.insert("__class__".into());
                        if let Some(p) = self.scopes[self.cur].parent {
                            if self.scopes[p].kind == ScopeKind::Class {
                                self.scopes[p].bind("__class__");
                            }
                        }
                    }
                    self.scopes[self.cur].used.insert(id.to_string());
                }
                _ => {
                    self.bind(&n.id);
                    self.module_bind(&n.id, false);
                }
            },
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                let prev = self.enter(ScopeKind::Function, key(l));
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.visit_expr(&l.body);
                self.cur = prev;
            }
            Expr::ListComp(c) => self.comprehension(key(c), &c.generators, &[&c.elt], false),
            Expr::SetComp(c) => self.comprehension(key(c), &c.generators, &[&c.elt], false),
            Expr::Generator(c) => {
                self.comprehension(key(c), &c.generators, &[&c.elt], true);
                let id = self.by_node[&key(c)];
                self.scopes[id].generator = true;
            }
            Expr::DictComp(c) => match c.key.as_deref() {
                Some(k) => self.comprehension(key(c), &c.generators, &[k, &c.value], false),
                None => self.comprehension(key(c), &c.generators, &[&c.value], false),
            },
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.scopes[self.cur].generator = true;
                visitor::walk_expr(self, expr);
            }
            Expr::Await(_) => {
                // `await` makes a comprehension a coroutine (a function
                // is one by `async def` alone).
                if self.scopes[self.cur].kind == ScopeKind::Comprehension {
                    self.scopes[self.cur].is_async = true;
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Named(n) => {
                self.visit_expr(&n.value);
                // `:=` in a comprehension binds in the enclosing function.
                let mut s = self.cur;
                while self.scopes[s].kind == ScopeKind::Comprehension {
                    s = self.scopes[s].parent.unwrap_or(0);
                }
                if let Expr::Name(t) = &*n.target {
                    if s != self.cur {
                        self.scopes[self.cur].nonlocals.insert(t.id.to_string());
                        self.scopes[self.cur].used.insert(t.id.to_string());
                        if s == 0 {
                            self.scopes[self.cur].nonlocals.remove(t.id.as_str());
                            self.scopes[self.cur].globals.insert(t.id.to_string());
                        }
                    }
                    self.scopes[s].bind(&t.id);
                    if s == 0 {
                        let e = self.def_counts.entry(t.id.to_string()).or_insert((0, 0));
                        e.1 += 1;
                    }
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}
