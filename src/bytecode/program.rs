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
    /// Keyword-only parameters (after the positional ones).
    pub nkwonly: u16,
    /// [`FLAG_VARARGS`], [`FLAG_VARKW`], [`FLAG_GENERATOR`], ...
    pub flags: u16,
    /// Locals that live in cells (captured by an inner function): a fresh
    /// cell is made for each at entry, holding the parameter's value if
    /// the local is a parameter.
    pub cells: Vec<u32>,
    /// Locals filled at entry from the function object's closure, in order.
    pub frees: Vec<u32>,
    /// The exception table: where an exception raised inside `start..end`
    /// continues, innermost first.
    pub handlers: Vec<Handler>,
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

/// `*args`: the local after the named parameters takes the extra positionals.
pub const FLAG_VARARGS: u16 = 1;
/// `**kwargs`: the next local takes the extra keywords as a dict.
pub const FLAG_VARKW: u16 = 2;
/// Calling the function makes a generator instead of running it.
pub const FLAG_GENERATOR: u16 = 4;

/// One entry of a function's exception table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Handler {
    /// First instruction covered.
    pub start: u32,
    /// One past the last instruction covered.
    pub end: u32,
    /// Where the handler starts; the exception is pushed on the operand
    /// stack cut back to `depth`.
    pub target: u32,
    /// Operand-stack depth at the handler, without the exception.
    pub depth: u32,
    /// How many exceptions are being handled (nested `except` bodies) at
    /// the covered code, to restore on entry.
    pub level: u32,
}

impl Function {
    /// A function with no code yet and the given locals, parameters first.
    pub fn new(name: &str, nparams: u16, local_names: Vec<String>, span: Span) -> Function {
        Function {
            name: name.to_string(),
            nparams,
            local_names,
            consts: vec![],
            code: vec![],
            spans: vec![],
            span,
            nkwonly: 0,
            flags: 0,
            cells: vec![],
            frees: vec![],
            handlers: vec![],
            max_stack: 0,
            quick: vec![],
        }
    }

    /// Parameters bound at a call: positional, keyword-only, `*args`, `**kwargs`.
    pub fn nargs_total(&self) -> usize {
        self.nparams as usize
            + self.nkwonly as usize
            + (self.flags & FLAG_VARARGS != 0) as usize
            + (self.flags & FLAG_VARKW != 0) as usize
    }

    /// True for a plain positional function: a `CALL` may bind its
    /// arguments by position alone.
    pub fn is_simple(&self) -> bool {
        self.nkwonly == 0 && self.flags == 0 && self.cells.is_empty() && self.frees.is_empty()
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
                    && a.nkwonly == b.nkwonly
                    && a.flags == b.flags
                    && a.cells == b.cells
                    && a.frees == b.frees
                    && a.handlers == b.handlers
                    && a.consts.len() == b.consts.len()
                    && a.consts.iter().zip(&b.consts).all(|(x, y)| x.same_const(y))
            })
    }
}
