//! The Python front end: Python 3.11 source compiled to gilsim bytecode, so
//! the same `.py` file runs under CPython and gilsim.
//!
//! Parsing is `ruff_python_parser`'s (a maintained, error-recovering
//! parser of all of Python): every syntax error in a file is reported at
//! once, at FILE:LINE:COL with a caret. [`symbols`] works out the scopes,
//! [`codegen`], [`stmt`] and [`expr`] emit the bytecode. Valid Python
//! gilsim does not run (`match`, `async`, complex numbers...) says
//! `not supported by gilsim: <construct>` at its position.

pub mod calls;
pub mod checks;
pub mod codegen;
mod compile_checks;
pub mod comprehensions;
pub mod coroutines;
mod escapes;
pub mod expr;
pub mod handlers;
pub mod hints;
mod imports;
mod link;
pub mod loops;
pub mod messages;
pub mod prelude;
pub mod stmt;
pub mod symbols;
mod symtable_checks;
mod tokens;

use crate::bytecode::{Function, Program};
use crate::diag::{Diagnostic, Diagnostics, Span};
use codegen::Ctx;
use ruff_python_ast::{Expr, Stmt};
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
use ruff_text_size::TextRange;
use std::collections::HashMap;
use symbols::Symbols;

/// The name of the function holding module-level code, the entry point of
/// a `.py` file.
pub const MODULE: &str = "__module__";

/// The stack the front end runs on: ruff's parser and the code generator
/// recurse once per nesting level, and the source's nesting is bounded by
/// CPython's own limits (checked first), which need more than a test
/// thread's 2 MiB in a debug build. Reserved, touched only as deep as used.
const STACK: usize = 256 << 20;

/// CPython's limit on nested brackets (the tokenizer's MAXLEVEL).
const MAX_PARENS: usize = 200;
/// CPython's limit on indentation levels (the tokenizer's MAXINDENT).
const MAX_INDENT: usize = 100;
/// Nesting depth past which CPython's compiler gives up with a
/// RecursionError (its C recursion limit, roughly).
const MAX_DEPTH: usize = 3000;

/// Byte offsets of line starts, to turn ruff's ranges into line:col.
pub struct LineIndex {
    starts: Vec<usize>,
    src: String,
}

impl LineIndex {
    fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            src: src.to_string(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn pos(&self, off: usize) -> (u32, u32) {
        let off = off.min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= off).max(1);
        let start = self.starts[line - 1];
        let col = self.src.get(start..off).map_or(0, |t| t.chars().count());
        (line as u32, col as u32 + 1)
    }

    /// The span of a range (its length cut to the first line).
    pub fn span(&self, r: TextRange) -> Span {
        let (a, b) = (usize::from(r.start()), usize::from(r.end()));
        let (line, col) = self.pos(a);
        let end_line = self
            .starts
            .get(line as usize)
            .copied()
            .unwrap_or(self.src.len());
        let len = self
            .src
            .get(a..b.min(end_line.max(a)))
            .map_or(1, |t| t.trim_end_matches('\n').chars().count().max(1));
        Span::new(line, col, len as u32)
    }
}

/// Compiles and verifies Python source.
///
/// The source is read as CPython reads it: a UTF-8 byte order mark at the
/// start is skipped, and `\r\n` and lone `\r` line ends are newlines.
pub fn compile_source(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let src = normalize(src);
    let run = || compile_normalized(file, &src);
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("gilsim-py".into())
            .stack_size(STACK)
            .spawn_scoped(s, run)
        {
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => run(),
        }
    })
}

/// The text with a leading byte order mark removed and every line end a
/// `\n`, as CPython's tokenizer sees it.
fn normalize(src: &str) -> String {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if !src.contains('\r') {
        return src.to_string();
    }
    src.replace("\r\n", "\n").replace('\r', "\n")
}

/// CPython's tokenizer limits, checked before parsing so no input can
/// nest deeper than the parser's stack allows.
fn nesting_limits(src: &str, lines: &LineIndex) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<(u8, bool)> = None;
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    let mut indents: Vec<usize> = vec![0];
    while i < bytes.len() {
        let b = bytes[i];
        if line_start && quote.is_none() && depth == 0 {
            let mut w = 0;
            while i + w < bytes.len() && (bytes[i + w] == b' ' || bytes[i + w] == b'\t') {
                w += 1;
            }
            let blank = i + w >= bytes.len() || matches!(bytes[i + w], b'\n' | b'#');
            if !blank {
                while indents.last().is_some_and(|&l| w < l) {
                    indents.pop();
                }
                if indents.last().is_some_and(|&l| w > l) {
                    indents.push(w);
                }
                if indents.len() > MAX_INDENT {
                    let span =
                        lines.span(TextRange::new((i as u32).into(), ((i + w) as u32).into()));
                    return Some(Diagnostic::new(
                        span,
                        "IndentationError: too many levels of indentation",
                    ));
                }
            }
            line_start = false;
        }
        match quote {
            Some((q, triple)) => {
                if b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if triple {
                        if bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q) {
                            quote = None;
                            i += 3;
                            continue;
                        }
                    } else {
                        quote = None;
                    }
                } else if b == b'\n' && !triple {
                    quote = None;
                    line_start = true;
                }
            }
            None => match b {
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'\'' | b'"' => {
                    let triple = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                    quote = Some((b, triple));
                    if triple {
                        i += 3;
                        continue;
                    }
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_PARENS {
                        let span =
                            lines.span(TextRange::new((i as u32).into(), ((i + 1) as u32).into()));
                        return Some(Diagnostic::new(
                            span,
                            "SyntaxError: too many nested parentheses",
                        ));
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => line_start = true,
                _ => {}
            },
        }
        i += 1;
    }
    None
}

fn compile_normalized(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let (mut functions, mut globals) = compile_unverified(file, src)?;
    let linked = link::link(&mut functions, &mut globals)?;
    prelude::append_if_needed(&mut functions);
    let lines: Vec<String> = src.lines().map(str::to_string).collect();
    Program::linked(
        file,
        lines,
        functions,
        globals,
        linked.sources,
        linked.modules,
    )
}

/// Compiles library module `module` (named `MODULE.NAME` throughout).
pub(crate) fn compile_library(
    file: &str,
    src: &str,
    module: &str,
) -> Result<Compiled, Diagnostics> {
    compile_as(file, src, Some(module))
}

/// Parses and compiles normalized source into functions and globals, not
/// yet verified and without the prelude.
pub(crate) fn compile_unverified(file: &str, src: &str) -> Result<Compiled, Diagnostics> {
    compile_as(file, src, None)
}

fn compile_as(file: &str, src: &str, module: Option<&str>) -> Result<Compiled, Diagnostics> {
    let lines: Vec<String> = src.lines().map(str::to_string).collect();
    let fail = |errors: Vec<Diagnostic>| Diagnostics {
        file: file.to_string(),
        errors,
        lines: lines.clone(),
    };
    let index = LineIndex::new(src);
    let options =
        ParseOptions::from(Mode::Module).with_target_version(ruff_python_ast::PythonVersion::PY311);
    if let Some(d) = nesting_limits(src, &index) {
        // CPython meets the lines before this one first: an error there
        // may come first. They nest within the limits, so parse them.
        let cut = index.starts[d.span.line as usize - 1];
        let before = &src[..cut];
        if unary_chain(before, &index).is_none() {
            let prefix = parse_unchecked(before, options.clone());
            let earlier: Vec<_> = prefix
                .errors()
                .iter()
                .filter(|e| usize::from(e.location.start()) < cut)
                .cloned()
                .collect();
            let errors = messages::syntax_errors(src, &index, &earlier);
            if !errors.is_empty() {
                return Err(fail(errors));
            }
        }
        return Err(fail(vec![d]));
    }
    if let Some(d) = unary_chain(src, &index) {
        return Err(fail(vec![d]));
    }
    let parsed = parse_unchecked(src, options);
    // The error CPython would report (ruff's others after it, when it
    // is one of ruff's), in CPython's words.
    let mut errors = messages::syntax_errors(src, &index, parsed.errors());
    if errors.is_empty() {
        for e in parsed.unsupported_syntax_errors() {
            errors.push(Diagnostic::new(
                index.span(e.range),
                format!("SyntaxError: {e} (gilsim reads Python 3.11)"),
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.span.line, d.span.col));
        errors.dedup_by_key(|d| (d.span.line, d.span.col));
        return Err(fail(errors));
    }
    let ruff_python_ast::Mod::Module(ast_module) = parsed.into_syntax() else {
        return Err(fail(vec![Diagnostic::new(
            Span::new(1, 1, 1),
            "SyntaxError: not a module",
        )]));
    };
    let body: &[Stmt] = &ast_module.body;
    if let Some(d) = too_deep(body, &index) {
        return Err(fail(vec![d]));
    }
    let problems = checks::check(src, body, &index);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    // Relative imports start from the module's package; what each
    // `from m import *` binds is known before the names are resolved.
    let package = imports::package_of(file, module);
    let stars = imports::star_imports(body, package.as_deref());
    let syms = Symbols::analyse_with(body, &stars);
    let names = Names {
        module,
        package: package.as_deref(),
        stars: &stars,
    };
    compile_module(body, &syms, &index, names).map_err(|d| fail(vec![d]))
}

/// CPython's parser limit on a chain of unary operators or `not`s.
fn unary_chain(src: &str, lines: &LineIndex) -> Option<Diagnostic> {
    let mut run = 0usize;
    let mut start = 0;
    for (i, c) in src.char_indices() {
        match c {
            '-' | '+' | '~' => {
                if run == 0 {
                    start = i;
                }
                run += 1;
            }
            ' ' | '\t' => {}
            _ => run = 0,
        }
        if run > MAX_DEPTH {
            let span = lines.span(TextRange::new(
                (start as u32).into(),
                ((start + 1) as u32).into(),
            ));
            return Some(Diagnostic::new(
                span,
                "RecursionError: maximum recursion depth exceeded during compilation",
            ));
        }
    }
    None
}

/// The AST's nesting depth against CPython's compile-time recursion limit.
fn too_deep(body: &[Stmt], lines: &LineIndex) -> Option<Diagnostic> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Depth {
        d: usize,
        hit: Option<TextRange>,
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            if self.hit.is_some() {
                return;
            }
            self.d += 1;
            if self.d > MAX_DEPTH {
                self.hit = Some(codegen::range_of(s));
            } else {
                visitor::walk_stmt(self, s);
            }
            self.d -= 1;
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            if self.hit.is_some() {
                return;
            }
            self.d += 1;
            if self.d > MAX_DEPTH {
                self.hit = Some(codegen::range_of(e));
            } else {
                visitor::walk_expr(self, e);
            }
            self.d -= 1;
        }
    }
    let mut v = Depth { d: 0, hit: None };
    for s in body {
        v.visit_stmt(s);
    }
    v.hit.map(|r| {
        Diagnostic::new(
            lines.span(r),
            "RecursionError: maximum recursion depth exceeded during compilation",
        )
    })
}

pub(crate) type Compiled = (Vec<Function>, Vec<crate::bytecode::Global>);

/// Where a module's names come from: its own name (a library module's),
/// its package, and what its star imports bind.
struct Names<'a> {
    module: Option<&'a str>,
    package: Option<&'a str>,
    stars: &'a imports::Stars,
}

fn compile_module(
    body: &[Stmt],
    syms: &Symbols,
    lines: &LineIndex,
    names: Names,
) -> Result<Compiled, Diagnostic> {
    let mut ctx = Ctx {
        module: names.module,
        package: names.package,
        stars: names.stars,
        syms,
        lines,
        funcs: vec![],
        globals: vec![],
        global_index: HashMap::new(),
        static_defs: HashMap::new(),
        reserved: HashMap::new(),
        import_guards: 0,
    };
    ctx.global_slot("__name__");
    let span = Span::new(1, 1, 0);
    let mut u = ctx.unit(0, MODULE, span);
    // Plain module-level functions, reachable by a static CALL.
    let mut plain = Vec::new();
    for s in body {
        if let Stmt::FunctionDef(f) = s {
            let p = &f.parameters;
            let scope = syms.scope_of(f);
            let sc = &syms.scopes[scope];
            let simple = !f.is_async
                && f.decorator_list.is_empty()
                && p.posonlyargs.is_empty()
                && p.vararg.is_none()
                && p.kwarg.is_none()
                && p.kwonlyargs.is_empty()
                && p.args.iter().all(|a| a.default.is_none())
                && sc.cells.is_empty()
                && sc.frees.is_empty()
                && !sc.generator
                && !syms.rebound.contains(f.name.id.as_str());
            if simple {
                plain.push((f.name.id.to_string(), p.args.len() as u16, scope));
            }
        }
    }
    // Their slots are reserved now, so a call can name one before its def.
    for (name, np, scope) in plain {
        let i = ctx.funcs.len() as u32;
        ctx.funcs.push(None);
        ctx.reserved.insert(scope, i);
        ctx.static_defs.insert(name, (i, np));
    }
    ctx.stmts(&mut u, body)?;
    ctx.finish(u);
    let functions: Vec<Function> = ctx.funcs.into_iter().flatten().collect();
    Ok((functions, ctx.globals))
}
