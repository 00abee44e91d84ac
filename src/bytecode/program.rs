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
    /// How many of the first `nparams` parameters are positional-only
    /// (before a `/`): a keyword of their name is not bound to them.
    pub nposonly: u16,
    /// [`FLAG_VARARGS`], [`FLAG_VARKW`], and at most one of
    /// [`FLAG_GENERATOR`], [`FLAG_COROUTINE`], [`FLAG_ASYNC_GENERATOR`].
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
    /// Which source the function comes from: 0 is the program's own file,
    /// `i > 0` the library module [`Program::sources`]`[i - 1]`.
    pub source: u16,
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
/// Calling the function makes a generator instead of running it
/// (CPython's `CO_GENERATOR`; `.generator` in `.pyasm`).
pub const FLAG_GENERATOR: u16 = 4;
/// Calling the function makes a coroutine instead of running it: an
/// `async def` without `yield` (CPython's `CO_COROUTINE`; `.coroutine`).
/// Its frame is resumed and suspended as a generator's, but the object is
/// not iterable: it is awaited, or driven by `send` and `throw`.
pub const FLAG_COROUTINE: u16 = 8;
/// Calling the function makes an async generator: an `async def` with
/// `yield` (CPython's `CO_ASYNC_GENERATOR`; `.async_generator`), driven
/// by the awaitables its `__anext__`, `asend`, `athrow` and `aclose` make.
pub const FLAG_ASYNC_GENERATOR: u16 = 16;
/// The flags that make a call return a suspended frame instead of running
/// it; at most one is set.
pub const FLAGS_SUSPENDED: u16 = FLAG_GENERATOR | FLAG_COROUTINE | FLAG_ASYNC_GENERATOR;

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
            nposonly: 0,
            flags: 0,
            cells: vec![],
            frees: vec![],
            handlers: vec![],
            source: 0,
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

/// [`Function::source`] of the prelude's functions (the Python half of
/// the builtins, appended to every program that uses builtins).
pub const PRELUDE_SOURCE: u16 = u16::MAX;

/// A library module's source linked into a program (`threading.py`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The file name tracebacks show.
    pub file: String,
    /// Its lines.
    pub lines: Vec<String>,
}

/// A library module written in Python and linked into the program: its
/// code runs at the first `import`, its globals are the program's globals
/// named `MODULE.NAME`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModuleInfo {
    /// The dotted module name (`concurrent.futures`).
    pub name: String,
    /// The function holding the module's code.
    pub init: u32,
    /// The global holding the module object once its import began
    /// (unbound before: the module's code has not run).
    pub slot: u32,
    /// Its globals: the name inside the module and the program's slot.
    pub names: Vec<(String, u32)>,
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
    sources: Vec<Source>,
    modules: Vec<ModuleInfo>,
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
            sources: Vec::new(),
            modules: Vec::new(),
        })
    }

    /// [`Program::new`] with library modules linked in: their sources (for
    /// tracebacks) and their module table. Every function's `source` and
    /// every module's `init` and slots must be in range.
    pub fn linked(
        file: &str,
        lines: Vec<String>,
        functions: Vec<Function>,
        globals: Vec<Global>,
        sources: Vec<Source>,
        modules: Vec<ModuleInfo>,
    ) -> Result<Program, Diagnostics> {
        let bad = |msg: String| Diagnostics {
            file: file.to_string(),
            errors: vec![crate::diag::Diagnostic::new(Span::new(0, 0, 0), msg)],
            lines: lines.clone(),
        };
        if let Some(f) = functions
            .iter()
            .find(|f| f.source != PRELUDE_SOURCE && f.source as usize > sources.len())
        {
            return Err(bad(format!("function '{}' names a missing source", f.name)));
        }
        for m in &modules {
            if m.init as usize >= functions.len()
                || m.slot as usize >= globals.len()
                || m.names.iter().any(|(_, g)| *g as usize >= globals.len())
            {
                return Err(bad(format!("module '{}' is out of range", m.name)));
            }
        }
        let mut p = Program::new(file, lines.clone(), functions, globals)?;
        p.sources = sources;
        p.modules = modules;
        Ok(p)
    }

    /// The library sources linked in (function `source` `i` is `[i - 1]`).
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The library modules linked in.
    pub fn modules(&self) -> &[ModuleInfo] {
        &self.modules
    }

    /// The linked library module named `name`, by index.
    pub fn module_index(&self, name: &str) -> Option<usize> {
        self.modules.iter().position(|m| m.name == name)
    }

    /// The file a function's code comes from.
    pub fn file_of(&self, f: &Function) -> &str {
        match f.source {
            0 => &self.file,
            PRELUDE_SOURCE => "<gilsim stdlib>/prelude.py",
            i => self.sources.get(i as usize - 1).map_or("?", |s| &s.file),
        }
    }

    /// The text of a 1-based line of a function's source, trimmed.
    pub fn line_of(&self, f: &Function, line: u32) -> &str {
        match f.source {
            0 => self.source_line(line),
            PRELUDE_SOURCE => (line as usize)
                .checked_sub(1)
                .and_then(|l| crate::py::prelude::SOURCE.lines().nth(l))
                .map_or("", |s| s.trim()),
            i => (line as usize)
                .checked_sub(1)
                .and_then(|l| self.sources.get(i as usize - 1)?.lines.get(l))
                .map_or("", |s| s.trim()),
        }
    }

    /// The program's own source lines.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The source file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The program as serializable data, to send to another process; the
    /// receiver gets a program back with [`ProgramImage::build`], which
    /// verifies it again.
    pub fn image(&self) -> ProgramImage {
        ProgramImage::of(self)
    }

    /// The functions, indexed by `CALL`'s operand.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The globals, indexed by `LOAD_GLOBAL`'s operand.
    pub fn globals(&self) -> &[Global] {
        &self.globals
    }

    /// A global's name as its module sees it: `threading.Lock` is `Lock`.
    pub fn global_name(&self, g: u32) -> &str {
        let n = self
            .globals
            .get(g as usize)
            .map_or("?", |g| g.name.as_str());
        n.rsplit('.').next().unwrap_or(n)
    }

    /// Function `code`'s `__qualname__`: its name without the module
    /// prefix a library function's name carries (`Queue.get`, not
    /// `queue.Queue.get`).
    pub fn qualname(&self, code: u32) -> &str {
        let Some(f) = self.functions.get(code as usize) else {
            return "?";
        };
        let module = match f.source {
            0 => None,
            i => self.modules.get(i as usize - 1),
        };
        module
            .and_then(|m| f.name.strip_prefix(m.name.as_str()))
            .and_then(|n| n.strip_prefix('.'))
            .unwrap_or(&f.name)
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
                    && a.nposonly == b.nposonly
                    && a.flags == b.flags
                    && a.cells == b.cells
                    && a.frees == b.frees
                    && a.handlers == b.handlers
                    && a.consts.len() == b.consts.len()
                    && a.consts.iter().zip(&b.consts).all(|(x, y)| x.same_const(y))
            })
    }
}
