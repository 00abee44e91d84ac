//! The assembler: `.pyasm` text into a verified [`Program`].
//!
//! Errors are data ([`Diagnostics`]): every problem found, each with its
//! position, whatever bytes the input holds.

mod consts;
mod directives;
pub mod lexer;
pub mod parser;
pub mod resolve;
mod signature;

pub use parser::parse_constant;

use crate::bytecode::Program;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// Assembles and verifies source bytes. `file` names the source in errors.
pub fn assemble_bytes(file: &str, bytes: &[u8]) -> Result<Program, Diagnostics> {
    match std::str::from_utf8(bytes) {
        Ok(src) => assemble(file, src),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
            let lines = String::from_utf8_lossy(bytes)
                .lines()
                .map(str::to_string)
                .collect();
            Err(Diagnostics {
                file: file.to_string(),
                errors: vec![Diagnostic::new(
                    Span::new(line, col, 1),
                    "file is not valid UTF-8",
                )],
                lines,
            })
        }
    }
}

/// Assembles and verifies source text.
pub fn assemble(file: &str, src: &str) -> Result<Program, Diagnostics> {
    let lines: Vec<String> = src.lines().map(str::to_string).collect();
    match parser::parse(src) {
        Ok((mut functions, globals)) => {
            // The builtins' Python half, as every program has it (`dis`
            // leaves it out; a program naming its own `prelude.*`
            // functions keeps them).
            crate::py::prelude::append_if_needed(&mut functions);
            Program::new(file, lines, functions, globals)
        }
        Err(errors) => Err(Diagnostics {
            file: file.to_string(),
            errors,
            lines,
        }),
    }
}
