//! The checks of CPython's symbol table pass (Python/symtable.c, 3.11):
//! duplicate parameters, `global` and `nonlocal` declared too late or
//! with no binding, `yield` in a comprehension, `import *` in a function,
//! walrus targets a comprehension cannot bind.

use super::checks::{syntax, Found};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;

const PARAM: u8 = 1;
const LOCAL: u8 = 2;
const USE: u8 = 4;
const ANNOT: u8 = 8;
const GLOBAL: u8 = 16;
const NONLOCAL: u8 = 32;
const IMPORT: u8 = 64;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Module,
    Function,
    Class,
    /// A comprehension: list, set, dict or generator expression.
    Comp(&'static str),
}

struct Scope {
    kind: Kind,
    parent: Option<usize>,
    /// Names in order of first mention, with their flags.
    names: Vec<String>,
    flags: HashMap<String, u8>,
    /// The first `global` or `nonlocal` statement naming each name.
    directives: HashMap<String, TextRange>,
    /// Iteration variables (comprehensions).
    iter_vars: Vec<String>,
    children: Vec<usize>,
}

/// CPython's symbol table pass (Python/symtable.c): its first pass in
/// source order, then the analysis of free names.
pub(super) struct Symtable {
    scopes: Vec<Scope>,
    cur: usize,
    /// Inside a comprehension's iterable expression.
    in_iter: usize,
    error: Found,
}

impl Symtable {
    /// The first error of the pass over module `body`, if any.
    pub(super) fn run(body: &[Stmt]) -> Found {
        let mut t = Symtable {
            scopes: vec![],
            cur: 0,
            in_iter: 0,
            error: None,
        };
        t.enter(Kind::Module);
        t.stmts(body);
        if t.error.is_some() {
            return t.error;
        }
        t.analyse(0, &[])
    }

    fn enter(&mut self, kind: Kind) {
        let parent = (!self.scopes.is_empty()).then_some(self.cur);
        self.scopes.push(Scope {
            kind,
            parent,
            names: vec![],
            flags: HashMap::new(),
            directives: HashMap::new(),
            iter_vars: vec![],
            children: vec![],
        });
        let i = self.scopes.len() - 1;
        if let Some(p) = parent {
            self.scopes[p].children.push(i);
        }
        self.cur = i;
    }

    fn exit(&mut self) {
        self.cur = self.scopes[self.cur].parent.unwrap_or(0);
    }

    fn fail(&mut self, f: Found) {
        if self.error.is_none() {
            self.error = f;
        }
    }

    fn flags(&self, name: &str) -> u8 {
        self.scopes[self.cur].flags.get(name).copied().unwrap_or(0)
    }

    fn add(&mut self, name: &str, flag: u8, r: TextRange) {
        let sc = &mut self.scopes[self.cur];
        let old = sc.flags.get(name).copied();
        if flag == PARAM && old.is_some_and(|f| f & PARAM != 0) {
            self.fail(syntax(
                r,
                format!("duplicate argument '{name}' in function definition"),
            ));
            return;
        }
        if old.is_none() {
            sc.names.push(name.to_string());
        }
        *sc.flags.entry(name.to_string()).or_insert(0) |= flag;
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            if self.error.is_some() {
                return;
            }
            self.stmt(s);
        }
    }

    fn params(&mut self, p: &ast::Parameters) {
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            self.add(&a.name, PARAM, a.name.range);
        }
    }

    /// Defaults and annotations, evaluated where the function is defined.
    fn param_exprs(&mut self, p: &ast::Parameters) {
        for a in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            if let Some(d) = &a.default {
                self.expr(d);
            }
        }
        let all = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .chain(&p.kwonlyargs)
            .map(|a| &a.parameter)
            .chain(p.vararg.as_deref())
            .chain(p.kwarg.as_deref());
        for a in all {
            if let Some(t) = &a.annotation {
                self.expr(t);
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::FunctionDef(f) => {
                self.add(&f.name, LOCAL, f.name.range);
                self.param_exprs(&f.parameters);
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                for d in &f.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(Kind::Function);
                self.params(&f.parameters);
                self.stmts(&f.body);
                self.exit();
            }
            Stmt::ClassDef(c) => {
                self.add(&c.name, LOCAL, c.name.range);
                if let Some(a) = &c.arguments {
                    for e in a.args.iter() {
                        self.expr(e);
                    }
                    for k in a.keywords.iter() {
                        self.expr(&k.value);
                    }
                }
                for d in &c.decorator_list {
                    self.expr(&d.expression);
                }
                self.enter(Kind::Class);
                self.stmts(&c.body);
                self.exit();
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let cur = self.flags(n);
                    if cur & (PARAM | LOCAL | USE | ANNOT) != 0 {
                        let msg = if cur & PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to global declaration")
                        } else if cur & ANNOT != 0 {
                            format!("annotated name '{n}' can't be global")
                        } else {
                            format!("name '{n}' is assigned to before global declaration")
                        };
                        self.fail(syntax(g.range, msg));
                        return;
                    }
                    self.add(n, GLOBAL, g.range);
                    self.scopes[self.cur]
                        .directives
                        .entry(n.to_string())
                        .or_insert(g.range);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let cur = self.flags(n);
                    if cur & (PARAM | LOCAL | USE | ANNOT) != 0 {
                        let msg = if cur & PARAM != 0 {
                            format!("name '{n}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{n}' is used prior to nonlocal declaration")
                        } else if cur & ANNOT != 0 {
                            format!("annotated name '{n}' can't be nonlocal")
                        } else {
                            format!("name '{n}' is assigned to before nonlocal declaration")
                        };
                        self.fail(syntax(g.range, msg));
                        return;
                    }
                    self.add(n, NONLOCAL, g.range);
                    self.scopes[self.cur]
                        .directives
                        .entry(n.to_string())
                        .or_insert(g.range);
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), true) = (&*a.target, a.simple) {
                    let cur = self.flags(&n.id);
                    if cur & (GLOBAL | NONLOCAL) != 0 && self.scopes[self.cur].kind != Kind::Module
                    {
                        let what = if cur & GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        self.fail(syntax(
                            n.range,
                            format!("annotated name '{}' can't be {what}", n.id),
                        ));
                        return;
                    }
                    let flag = if a.value.is_some() {
                        ANNOT | LOCAL
                    } else {
                        ANNOT
                    };
                    self.add(&n.id, flag, n.range);
                } else {
                    self.expr(&a.target);
                }
                self.expr(&a.annotation);
                if let Some(v) = &a.value {
                    self.expr(v);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let name = a.asname.as_ref().map_or_else(
                        || a.name.id.split('.').next().unwrap_or("").to_string(),
                        |n| n.id.to_string(),
                    );
                    self.add(&name, IMPORT, a.range);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    if a.name.id.as_str() == "*" {
                        if self.scopes[self.cur].kind != Kind::Module {
                            self.fail(syntax(a.range, "import * only allowed at module level"));
                            return;
                        }
                        continue;
                    }
                    let name = a.asname.as_ref().unwrap_or(&a.name);
                    self.add(&name.id, IMPORT, a.range);
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(e) = &h.type_ {
                        self.expr(e);
                    }
                    if let Some(n) = &h.name {
                        self.add(n, LOCAL, n.range);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            _ => {
                let mut v = SubVisit(self);
                visitor::walk_stmt(&mut v, s);
            }
        }
    }

    fn comprehension(
        &mut self,
        kind: &'static str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) {
        let Some(first) = generators.first() else {
            return;
        };
        self.in_iter += 1;
        self.expr(&first.iter);
        self.in_iter -= 1;
        self.enter(Kind::Comp(kind));
        let saved_iter = std::mem::take(&mut self.in_iter);
        for (k, g) in generators.iter().enumerate() {
            let mut names = vec![];
            collect_names(&g.target, &mut names);
            self.scopes[self.cur].iter_vars.extend(names);
            self.expr(&g.target);
            if k > 0 {
                self.in_iter += 1;
                self.expr(&g.iter);
                self.in_iter -= 1;
            }
            for e in &g.ifs {
                self.expr(e);
            }
        }
        for e in elts {
            self.expr(e);
        }
        self.in_iter = saved_iter;
        self.exit();
    }

    fn expr(&mut self, e: &Expr) {
        if self.error.is_some() {
            return;
        }
        match e {
            Expr::Name(n) => {
                let flag = if n.ctx == ExprContext::Load {
                    USE
                } else {
                    LOCAL
                };
                self.add(&n.id, flag, n.range);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.param_exprs(p);
                }
                self.enter(Kind::Function);
                if let Some(p) = &l.parameters {
                    self.params(p);
                }
                self.expr(&l.body);
                self.exit();
            }
            Expr::ListComp(c) => self.comprehension("list comprehension", &c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension("set comprehension", &c.generators, &[&c.elt]),
            Expr::Generator(c) => {
                self.comprehension("generator expression", &c.generators, &[&c.elt])
            }
            Expr::DictComp(c) => {
                let elts: Vec<&Expr> = c.key.as_deref().into_iter().chain([&*c.value]).collect();
                self.comprehension("dict comprehension", &c.generators, &elts)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Kind::Comp(kind) = self.scopes[self.cur].kind {
                    self.fail(syntax(e.range(), format!("'yield' inside {kind}")));
                    return;
                }
                visitor::walk_expr(&mut SubVisit(self), e);
            }
            Expr::Named(n) => {
                self.expr(&n.value);
                let Expr::Name(t) = &*n.target else {
                    self.expr(&n.target);
                    return;
                };
                if self.in_iter > 0 {
                    self.fail(syntax(
                        n.range,
                        "assignment expression cannot be used in a comprehension iterable expression",
                    ));
                    return;
                }
                if matches!(self.scopes[self.cur].kind, Kind::Comp(_)) {
                    // The target binds in the nearest function or module.
                    let mut s = self.cur;
                    while let Kind::Comp(_) = self.scopes[s].kind {
                        if self.scopes[s].iter_vars.iter().any(|v| v == t.id.as_str()) {
                            self.fail(syntax(
                                t.range,
                                format!("assignment expression cannot rebind comprehension iteration variable '{}'", t.id),
                            ));
                            return;
                        }
                        s = self.scopes[s].parent.unwrap_or(0);
                    }
                    if self.scopes[s].kind == Kind::Class {
                        self.fail(syntax(
                            t.range,
                            "assignment expression within a comprehension cannot be used in a class body",
                        ));
                        return;
                    }
                    let here = self.cur;
                    self.cur = s;
                    self.add(&t.id, LOCAL, t.range);
                    self.cur = here;
                } else {
                    self.add(&t.id, LOCAL, t.range);
                }
            }
            _ => visitor::walk_expr(&mut SubVisit(self), e),
        }
    }

    /// The second pass: every `nonlocal` needs a binding in an enclosing
    /// function; `bound` holds the names enclosing functions bind.
    fn analyse(&self, s: usize, bound: &[&str]) -> Found {
        let sc = &self.scopes[s];
        for n in &sc.names {
            let f = sc.flags[n];
            let at = sc.directives.get(n).copied().unwrap_or_default();
            if f & NONLOCAL != 0 {
                if f & GLOBAL != 0 {
                    return syntax(at, format!("name '{n}' is nonlocal and global"));
                }
                if sc.kind == Kind::Module {
                    return syntax(at, "nonlocal declaration not allowed at module level");
                }
                if !bound.contains(&n.as_str()) {
                    return syntax(at, format!("no binding for nonlocal '{n}' found"));
                }
            }
        }
        if sc.children.is_empty() {
            return None;
        }
        let inner: Vec<&str> = match sc.kind {
            Kind::Module => vec![],
            // A class body binds nothing its methods see, but `__class__`.
            Kind::Class => bound.iter().copied().chain(["__class__"]).collect(),
            Kind::Function | Kind::Comp(_) => {
                // Names it declares global bind nothing for inner functions.
                let mut v: Vec<&str> = bound
                    .iter()
                    .copied()
                    .filter(|n| sc.flags.get(*n).is_none_or(|f| f & GLOBAL == 0))
                    .collect();
                v.extend(
                    sc.names
                        .iter()
                        .filter(|n| {
                            let f = sc.flags[n.as_str()];
                            f & (PARAM | LOCAL | IMPORT) != 0 && f & (GLOBAL | NONLOCAL) == 0
                        })
                        .map(String::as_str),
                );
                v
            }
        };
        for &c in &sc.children {
            if let Some(e) = self.analyse(c, &inner) {
                return Some(e);
            }
        }
        None
    }
}

/// Names bound by an assignment target.
fn collect_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::Starred(s) => collect_names(&s.value, out),
        _ => {}
    }
}

/// Walks the children of a node with the symbol table's own handling of
/// statements and expressions.
struct SubVisit<'t>(&'t mut Symtable);

impl<'a> Visitor<'a> for SubVisit<'_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        if self.0.error.is_none() {
            self.0.stmt(s);
        }
    }
    fn visit_expr(&mut self, e: &'a Expr) {
        self.0.expr(e);
    }
}
