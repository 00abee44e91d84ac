//! The Python front end: a subset of Python source compiled to gilsim
//! bytecode, so the same `.py` file runs under CPython and gilsim.
//! A hand-written lexer and recursive-descent parser; errors like Python's
//! SyntaxError (FILE:LINE:COL and a caret), and "not supported by gilsim:
//! ..." for valid Python outside the subset.

pub mod ast;
pub mod calls;
pub mod compile;
pub mod expr_parser;
pub mod function;
pub mod lexer;
pub mod parser;

pub use compile::MODULE;

use crate::bytecode::Program;
use crate::diag::Diagnostics;

/// Compiles and verifies Python source.
pub fn compile_source(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let lines: Vec<String> = src.lines().map(str::to_string).collect();
    let fail = |errors| Diagnostics {
        file: file.to_string(),
        errors,
        lines: lines.clone(),
    };
    let toks = lexer::tokenize(src).map_err(|d| fail(vec![d]))?;
    let module = parser::parse(toks).map_err(|d| fail(vec![d]))?;
    let (functions, globals) = compile::compile(&module).map_err(fail)?;
    Program::new(file, lines, functions, globals)
}
