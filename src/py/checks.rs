//! Checks CPython makes that ruff's parser leaves to later passes, each
//! reported at its position like CPython 3.11:
//!
//! * [`scan`] (in `tokens.rs`): CPython's tokenizer, replayed for
//!   its errors only (tabs and spaces mixed inconsistently, unindents to
//!   no outer level, unterminated strings, malformed number literals,
//!   stray or mismatched brackets, non-printable characters...), with the
//!   string literals and logical lines it saw, for [`super::messages`];
//!   `bad_escape` (in `escapes.rs`): the escapes CPython cannot
//!   decode;
//! * [`check`]: what CPython's symbol table pass rejects (duplicate
//!   parameters, `global` and `nonlocal` declared too late or with no
//!   binding, `yield` in a comprehension, `import *` in a function, walrus
//!   targets a comprehension cannot bind; `symtable_checks.rs`) and
//!   then what its compiler rejects (`return`, `break`, `continue`,
//!   `yield` and `await` out of place, assignments to `__debug__`,
//!   repeated keyword arguments, a bare `except:` before others, more
//!   than 20 nested blocks, `elif` chains past the recursion limit;
//!   `compile_checks.rs`), in that order, as CPython finds them: the
//!   first error of the first pass that has one.
//!
//! Last come literals CPython accepts and gilsim cannot represent (lone
//! surrogates in strings), as `not supported by gilsim`.

use super::compile_checks::Compiler;
pub(super) use super::escapes::bad_escape;
use super::escapes::surrogate;
use super::symtable_checks::Symtable;
pub(super) use super::tokens::{scan, Scan, TokError};
use super::{LineIndex, MAX_DEPTH};
use crate::diag::Diagnostic;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

// The symbol table pass and the compiler's checks.

/// Every problem CPython would report in a module that parses, the first
/// one only, as CPython stops there; then what gilsim cannot represent.
pub fn check(src: &str, body: &[Stmt], lines: &LineIndex) -> Vec<Diagnostic> {
    let found = too_deep(body)
        .or_else(|| Symtable::run(body))
        .or_else(|| Compiler::run(body))
        .or_else(|| {
            let scan = scan(src, lines);
            scan.strings
                .iter()
                .find_map(|s| surrogate(src, s))
                .map(|(at, len)| {
                    (
                        range(at, at + len),
                        "not supported by gilsim: lone surrogates (a \\ud800-\\udfff escape)"
                            .to_string(),
                    )
                })
        });
    found
        .map(|(r, m)| vec![Diagnostic::new(lines.span(r), m)])
        .unwrap_or_default()
}

/// The range of bytes `a..b`.
pub(super) fn range(a: usize, b: usize) -> TextRange {
    TextRange::new(TextSize::new(a as u32), TextSize::new(b as u32))
}

/// The error a check found, if any: where, and CPython's message.
pub(super) type Found = Option<(TextRange, String)>;

/// A `SyntaxError` with message `msg` at `r`.
pub(super) fn syntax(r: TextRange, msg: impl std::fmt::Display) -> Found {
    Some((r, format!("SyntaxError: {msg}")))
}

/// Nesting past CPython's recursion limit, counting as CPython's tree
/// nests: each `elif` is an `if` inside the `else` of the one before.
fn too_deep(body: &[Stmt]) -> Found {
    struct Depth {
        d: usize,
        hit: Option<TextRange>,
    }
    impl Depth {
        fn enter(&mut self, r: TextRange) -> bool {
            self.d += 1;
            if self.d > MAX_DEPTH && self.hit.is_none() {
                self.hit = Some(r);
            }
            self.hit.is_none()
        }
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            let base = self.d;
            if self.enter(s.range()) {
                match s {
                    Stmt::If(i) => {
                        self.visit_expr(&i.test);
                        self.visit_body(&i.body);
                        for clause in &i.elif_else_clauses {
                            // An elif is one level deeper than the if before it.
                            if clause.test.is_some() && !self.enter(clause.range) {
                                break;
                            }
                            if let Some(t) = &clause.test {
                                self.visit_expr(t);
                            }
                            self.visit_body(&clause.body);
                        }
                    }
                    _ => visitor::walk_stmt(self, s),
                }
            }
            self.d = base;
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            let base = self.d;
            if self.enter(e.range()) {
                visitor::walk_expr(self, e);
            }
            self.d = base;
        }
    }
    let mut v = Depth { d: 0, hit: None };
    for s in body {
        v.visit_stmt(s);
        if v.hit.is_some() {
            break;
        }
    }
    v.hit.map(|r| {
        (
            r,
            "RecursionError: maximum recursion depth exceeded during compilation".to_string(),
        )
    })
}
