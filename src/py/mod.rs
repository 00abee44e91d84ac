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
pub mod numbers;
pub mod parser;
pub mod stmt_parser;
pub mod strings;

pub use compile::MODULE;

use crate::bytecode::Program;
use crate::diag::Diagnostics;

/// The stack the front end runs on. Its recursion is bounded by CPython's
/// own limits (200 nested brackets, 99 indentation levels, about 3,000
/// nested statements and expressions; see [`parser::MAX_DEPTH`]), which
/// need more than a test thread's 2 MiB in a debug build. The memory is
/// reserved, and touched only as deep as the program nests.
const STACK: usize = 256 << 20;

/// Compiles and verifies Python source.
///
/// The source is read as CPython reads it: a UTF-8 byte order mark at the
/// start is skipped, and `\r\n` and lone `\r` line ends are newlines
/// (inside string literals too).
pub fn compile_source(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let src = normalize(src);
    let run = || compile_normalized(file, &src);
    // On a thread with a big stack; if no thread can be made, here (the
    // depth limits still hold, with less headroom).
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

fn compile_normalized(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let lines: Vec<String> = src.lines().map(str::to_string).collect();
    let fail = |errors| Diagnostics {
        file: file.to_string(),
        errors,
        lines: lines.clone(),
    };
    let toks = lexer::tokenize(src).map_err(|d| fail(vec![d]))?;
    let module = parser::parse(toks).map_err(|d| fail(vec![d]))?;
    let (functions, globals) = compile::compile(&module).map_err(fail)?;
    drop(module);
    Program::new(file, lines, functions, globals)
}
