//! The library's error type and the exit code each error maps to.

use crate::diag::Diagnostics;
use crate::vm::Trap;
use std::path::PathBuf;
use thiserror::Error;

/// Exit codes, following BSD's sysexits where one fits.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// Bad command-line use (EX_USAGE): unknown entry, wrong argument count.
    pub const USAGE: i32 = 64;
    /// A malformed program (EX_DATAERR).
    pub const DATA: i32 = 65;
    /// A missing or unreadable input file (EX_NOINPUT).
    pub const NO_INPUT: i32 = 66;
    /// A runtime error in the program, or a deadlock (EX_SOFTWARE).
    pub const RUNTIME: i32 = 70;
    /// `gilsim validate` found no real interpreter to compare with
    /// (EX_UNAVAILABLE).
    pub const UNAVAILABLE: i32 = 69;
    /// Could not write an output file (EX_CANTCREAT).
    pub const CANT_CREATE: i32 = 73;
    /// Could not write standard output, for a reason other than a closed
    /// pipe: a full disk, an IO error (EX_IOERR).
    pub const IO_ERROR: i32 = 74;
    /// `gilsim replay`: the program file is not the one the report ran
    /// (its SHA-256 differs); `--ignore-hash` runs it anyway. Outside
    /// sysexits' range, so that a script can tell it from a damaged
    /// report (65) or a missing file (66).
    pub const CHANGED: i32 = 79;
    /// `gilsim validate`: a figure with a fidelity target missed it (the
    /// table marks the row NO). Outside sysexits' range, like 79.
    pub const MISSED: i32 = 80;
    /// `--timeout` expired (as GNU `timeout` reports it).
    pub const TIMEOUT: i32 = 124;
}

/// Everything that can go wrong running gilsim.
#[derive(Debug, Error)]
pub enum Error {
    /// An input file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The program text is malformed or fails verification.
    #[error("{0}")]
    Asm(#[from] Diagnostics),
    /// A results file is malformed.
    #[error("{}: {message}", path.display())]
    Results {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A sweep run did not end well.
    #[error("{0}")]
    Experiment(String),
    /// A plot could not be drawn.
    #[error("cannot draw {}: {message}", path.display())]
    Plot {
        /// The output file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The request does not fit the program (no such entry function...).
    #[error("{0}")]
    Usage(String),
    /// The program raised a runtime error.
    #[error("{0}")]
    Runtime(#[from] Trap),
    /// `gilsim replay`: the program file changed since the report's run.
    #[error(
        "{}: the program changed since the report was made (SHA-256 {found}, the report \
         recorded {recorded}); replaying it would not be the same run (--ignore-hash runs it anyway)",
        path.display()
    )]
    ProgramChanged {
        /// The program file found.
        path: PathBuf,
        /// The hash the report recorded.
        recorded: String,
        /// The hash of the file now.
        found: String,
    },
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Read { .. } => exit::NO_INPUT,
            Error::Write { .. } => exit::CANT_CREATE,
            Error::Asm(_) | Error::Results { .. } => exit::DATA,
            Error::Experiment(_) => exit::RUNTIME,
            Error::Plot { .. } => exit::CANT_CREATE,
            Error::Usage(_) => exit::USAGE,
            Error::Runtime(_) => exit::RUNTIME,
            Error::ProgramChanged { .. } => exit::CHANGED,
        }
    }
}

/// Reads and assembles a program file.
pub fn load_program(path: &std::path::Path) -> Result<crate::bytecode::Program, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    compile_program(path, bytes)
}

/// Assembles (`.pyasm`) or compiles (`.py`) a program's bytes, read from
/// elsewhere: `path` names it in messages and tracebacks and decides the
/// language by its extension.
pub fn compile_program(
    path: &std::path::Path,
    bytes: Vec<u8>,
) -> Result<crate::bytecode::Program, Error> {
    let name = path.display().to_string();
    if is_python(path) {
        let src = String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            Error::Asm(Diagnostics {
                file: name.clone(),
                errors: vec![crate::diag::Diagnostic::new(
                    crate::diag::Span::new(line, 1, 1),
                    "file is not valid UTF-8",
                )],
                lines: vec![],
            })
        })?;
        return Ok(crate::py::compile_source(&name, &src)?);
    }
    Ok(crate::asm::assemble_bytes(&name, &bytes)?)
}

/// Checks, before any work, that an output file can be written: opens it
/// for writing (creating it if need be, never truncating it) and removes it
/// again if it did not exist, so that a run of minutes does not end with
/// `cannot write PATH`. The file is written for real later; this only
/// catches a missing directory, a permission, a path that is a directory.
pub fn check_writable(path: &std::path::Path) -> Result<(), Error> {
    // A dangling symlink counts as existing: removing it would lose it.
    let existed = std::fs::symlink_metadata(path).is_ok();
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path);
    match opened {
        Ok(file) => {
            drop(file);
            if !existed {
                let _ = std::fs::remove_file(path);
            }
            Ok(())
        }
        Err(source) => Err(Error::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Whether a path names Python source (`.py`) rather than `.pyasm`.
pub fn is_python(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "py")
}

/// The entry function a file runs by default: `__module__` (the module's
/// code) for Python source, `main` for `.pyasm`.
pub fn default_entry(path: &std::path::Path) -> &'static str {
    if is_python(path) {
        crate::py::MODULE
    } else {
        "main"
    }
}
