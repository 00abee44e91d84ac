//! A program: functions, their constants and code, and shared globals. It is
//! built once, verified, then shared read-only between interpreter threads.

use super::image::ProgramImage;
use super::op::Op;
use super::quicken::{quicken, Inst};
use super::verify;
use crate::diag::{Diagnostics, Span};
use crate::vm::value::Value;
use std::collections::HashMap;

/// One function's code and metadata.
#[derive(Clone, Debug)]
pub struct Function {
    /// The function's name.
    pub name: String,
    /// Number of parameters; they are the first locals.
    pub nparams: u16,
    /// Names of the locals, parameters first, then in order of first use.
    pub local_names: Vec<String>,
    /// The constant pool `LOAD_CONST` indexes.
    pub consts: Vec<Value>,
    /// The instructions.
    pub code: Vec<Op>,
    /// Source position of each instruction (same length as `code`).
    pub spans: Vec<Span>,
    /// Source position of the `.func` line.
    pub span: Span,
    // invariant: set by the verifier; the most operand-stack slots any
    // path through `code` needs (locals not included).
    pub(crate) max_stack: u32,
    // invariant: set after verification; `quicken(code)`, same length.
    pub(crate) quick: Vec<Inst>,
}

impl Function {
    /// The most operand-stack slots the function needs, as the verifier computed.
    pub fn max_stack(&self) -> u32 {
        self.max_stack
    }
}

/// A shared global variable with its initial value.
#[derive(Clone, Debug)]
pub struct Global {
    /// The global's name.
    pub name: String,
    /// Its value when a run starts.
    pub init: Value,
    /// Where it is declared.
    pub span: Span,
}

/// A verified program. The only way to get one is [`Program::new`], which
/// runs the verifier; the interpreter relies on that.
#[derive(Clone, Debug)]
pub struct Program {
    file: String,
    lines: Vec<String>,
    functions: Vec<Function>,
    globals: Vec<Global>,
    by_name: HashMap<String, u32>,
}

impl Program {
    /// Verifies the parts and builds a program, or returns every problem found.
    /// `file` and `lines` are the source, for error messages and tracebacks.
    pub fn new(
        file: &str,
        lines: Vec<String>,
        mut functions: Vec<Function>,
        globals: Vec<Global>,
    ) -> Result<Program, Diagnostics> {
        let errors = verify::verify(&mut functions, globals.len());
        if !errors.is_empty() {
            return Err(Diagnostics {
                file: file.to_string(),
                errors,
                lines,
            });
        }
        for f in &mut functions {
            f.quick = quicken(&f.code);
        }
        let by_name = functions
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), i as u32))
            .collect();
        Ok(Program {
            file: file.to_string(),
            lines,
            functions,
            globals,
            by_name,
        })
    }

    /// The source file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The program as serializable data, to send to another process; the
    /// receiver gets a program back with [`ProgramImage::build`], which
    /// verifies it again.
    pub fn image(&self) -> ProgramImage {
        ProgramImage::of(&self.file, &self.lines, &self.functions, &self.globals)
    }

    /// The functions, indexed by `CALL`'s operand.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The globals, indexed by `LOAD_GLOBAL`'s operand.
    pub fn globals(&self) -> &[Global] {
        &self.globals
    }

    /// Looks a function up by name.
    pub fn function_index(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// The text of a 1-based source line, trimmed, or "" if unknown.
    pub fn source_line(&self, line: u32) -> &str {
        (line as usize)
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or("", |s| s.trim())
    }

    /// True when both programs have the same globals, functions, constants
    /// and code — ignoring source positions. `dis` output assembles back to
    /// a program equal to the original in this sense.
    pub fn same_code(&self, other: &Program) -> bool {
        self.globals.len() == other.globals.len()
            && self
                .globals
                .iter()
                .zip(&other.globals)
                .all(|(a, b)| a.name == b.name && a.init.same_const(&b.init))
            && self.functions.len() == other.functions.len()
            && self.functions.iter().zip(&other.functions).all(|(a, b)| {
                a.name == b.name
                    && a.nparams == b.nparams
                    && a.local_names == b.local_names
                    && a.code == b.code
                    && a.consts.len() == b.consts.len()
                    && a.consts.iter().zip(&b.consts).all(|(x, y)| x.same_const(y))
            })
    }
}
