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
    /// Any other builtin exception, by class name, with its message
    /// (`KeyError`, `IndexError`, `NameError`, `AttributeError`...).
    #[error("{}", exc_line(.0, .1))]
    Builtin(&'static str, String),
    /// A Python exception object raised by `raise` (or made from another
    /// kind as it propagated); `text` is its last traceback line.
    #[error("{text}")]
    Raised {
        /// The exception instance.
        exc: PyExc,
        /// `ClassName: message`, as the traceback's last line shows it.
        text: String,
    },
}

/// `Name: message`, or just `Name` when the message is empty.
fn exc_line(name: &str, msg: &str) -> String {
    if msg.is_empty() {
        name.to_string()
    } else {
        format!("{name}: {msg}")
    }
}

/// An exception instance inside a [`TrapKind`]: compared by identity.
#[derive(Clone, Debug)]
pub struct PyExc(pub crate::vm::Value);

impl PartialEq for PyExc {
    fn eq(&self, other: &Self) -> bool {
        self.0.is(&other.0)
    }
}

impl Eq for PyExc {}

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
    /// The file, when it is not the program's own (a library module).
    pub file: Option<String>,
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
    /// Exceptions this one chained from, innermost first: their tracebacks
    /// and last lines, and whether each was the direct cause (`from`)
    /// rather than the context being handled.
    pub chain: Vec<Chained>,
}

/// One earlier exception of a chain, as its traceback prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chained {
    /// Its traceback.
    pub traceback: Vec<TraceEntry>,
    /// Its last line (`ValueError: bad`).
    pub text: String,
    /// `raise ... from` (true) or implicit context (false).
    pub cause: bool,
}

/// Identical consecutive traceback entries printed before the rest are
/// collapsed into one line, as CPython's `traceback._RECURSIVE_CUTOFF`.
pub const RECURSIVE_CUTOFF: usize = 3;

impl TraceEntry {
    fn write(&self, f: &mut fmt::Formatter<'_>, file: &str) -> fmt::Result {
        writeln!(
            f,
            "  File \"{}\", line {}, in {} (instruction {}: {})",
            self.file.as_deref().unwrap_or(file),
            self.line,
            self.func,
            self.index,
            self.instruction
        )?;
        if !self.text.is_empty() {
            writeln!(f, "    {}", self.text)?;
        }
        Ok(())
    }
}

/// CPython's line for `count` more repeats of the entry above it.
fn write_repeats(f: &mut fmt::Formatter<'_>, count: usize) -> fmt::Result {
    let s = if count > 1 { "s" } else { "" };
    writeln!(f, "  [Previous line repeated {count} more time{s}]")
}

impl fmt::Display for Trap {
    /// Python's traceback format. As in CPython, a run of more than
    /// [`RECURSIVE_CUTOFF`] identical consecutive entries (unbounded
    /// recursion) prints the first three and then `[Previous line repeated
    /// N more times]`, so a `RecursionError` costs a few lines, not one
    /// per frame.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.chain.iter().rev() {
            // An exception never raised (`raise e from KeyError()`'s
            // cause) has no traceback: CPython prints no header for it.
            if !c.traceback.is_empty() {
                write_traceback(f, &c.traceback, &self.file)?;
            }
            writeln!(f, "{}", c.text)?;
            writeln!(
                f,
                "\n{}\n",
                if c.cause {
                    "The above exception was the direct cause of the following exception:"
                } else {
                    "During handling of the above exception, another exception occurred:"
                }
            )?;
        }
        write_traceback(f, &self.traceback, &self.file)?;
        write!(f, "{}", self.kind)
    }
}

/// `Traceback (most recent call last):` and the entries.
fn write_traceback(f: &mut fmt::Formatter<'_>, tb: &[TraceEntry], file: &str) -> fmt::Result {
    {
        writeln!(f, "Traceback (most recent call last):")?;
        let mut last: Option<&TraceEntry> = None;
        let mut count = 0;
        for e in tb {
            if last != Some(e) {
                if count > RECURSIVE_CUTOFF {
                    write_repeats(f, count - RECURSIVE_CUTOFF)?;
                }
                last = Some(e);
                count = 0;
            }
            count += 1;
            if count <= RECURSIVE_CUTOFF {
                e.write(f, file)?;
            }
        }
        if count > RECURSIVE_CUTOFF {
            write_repeats(f, count - RECURSIVE_CUTOFF)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(func: &str, index: u32) -> TraceEntry {
        TraceEntry {
            func: func.into(),
            index,
            instruction: format!("CALL {func} 1"),
            line: index + 1,
            text: String::new(),
            file: None,
        }
    }

    fn shown(entries: Vec<TraceEntry>) -> String {
        Trap {
            kind: TrapKind::Recursion(9),
            traceback: entries,
            file: "t.pyasm".into(),
            chain: vec![],
        }
        .to_string()
    }

    #[test]
    fn runs_of_identical_entries_collapse_as_in_cpython() {
        let f = |n| vec![entry("f", 3); n];
        // Up to the cutoff nothing collapses.
        assert!(!shown(f(3)).contains("repeated"));
        let four = shown([vec![entry("main", 1)], f(4), vec![entry("g", 7)]].concat());
        assert_eq!(four.matches("in f ").count(), 3);
        assert!(four.contains(
            "CALL f 1)\n  [Previous line repeated 1 more time]\n  File \"t.pyasm\", line 8, in g"
        ));
        let many = shown(f(1000));
        assert_eq!(many.matches("in f ").count(), 3);
        assert!(many.ends_with("  [Previous line repeated 997 more times]\nRecursionError: maximum recursion depth exceeded (limit 9)"));
        // Alternating entries never repeat consecutively.
        let alt: Vec<_> = (0..10)
            .map(|i| entry(if i % 2 == 0 { "a" } else { "b" }, 1))
            .collect();
        assert_eq!(shown(alt).lines().count(), 12);
    }
}
