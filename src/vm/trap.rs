//! Runtime errors ("traps"): typed, carrying a Python-style traceback.

use std::fmt;
use thiserror::Error;

/// What went wrong, named after the Python exception it stands for.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TrapKind {
    /// `ZeroDivisionError`.
    #[error("ZeroDivisionError: {0}")]
    ZeroDivision(&'static str),
    /// `TypeError`: an operation on values of the wrong types.
    #[error("TypeError: {0}")]
    Type(String),
    /// `OverflowError`: gilsim ints are 64-bit; Python's would grow.
    #[error("OverflowError: {0}")]
    Overflow(&'static str),
    /// `ValueError`: a right type with a bad value (negative shift count...).
    #[error("ValueError: {0}")]
    Value(&'static str),
    /// `MemoryError`: a value too large to make (a huge string repeat).
    #[error("MemoryError: {0}")]
    Memory(&'static str),
    /// `RecursionError`: more nested calls than the recursion limit.
    #[error("RecursionError: maximum recursion depth exceeded (limit {0})")]
    Recursion(u32),
    /// `RuntimeError`: releasing an unlocked lock, joining oneself, too
    /// many threads.
    #[error("RuntimeError: {0}")]
    Runtime(String),
    /// `UnboundLocalError`: a local read before any assignment.
    #[error("UnboundLocalError: cannot access local variable '{0}' where it is not associated with a value")]
    UnboundLocal(String),
}

/// One line of a traceback: where a frame was when the error happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    /// Function name.
    pub func: String,
    /// Index of the instruction being executed in that function.
    pub index: u32,
    /// The instruction, as `dis` prints it.
    pub instruction: String,
    /// Source line number (1-based), 0 when unknown.
    pub line: u32,
    /// The source line's text, trimmed; empty when unknown.
    pub text: String,
}

/// A runtime error with its traceback, outermost frame first.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub struct Trap {
    /// The error.
    pub kind: TrapKind,
    /// Frames from the entry function down to the failing one.
    pub traceback: Vec<TraceEntry>,
    /// The source file name the program came from.
    pub file: String,
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Traceback (most recent call last):")?;
        for e in &self.traceback {
            writeln!(
                f,
                "  File \"{}\", line {}, in {} (instruction {}: {})",
                self.file, e.line, e.func, e.index, e.instruction
            )?;
            if !e.text.is_empty() {
                writeln!(f, "    {}", e.text)?;
            }
        }
        write!(f, "{}", self.kind)
    }
}
