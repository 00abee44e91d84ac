//! Where `PRINT` goes. A line is written whole, under one lock, so output
//! from several threads is never interleaved mid-line.
//!
//! Standard output is one stream per process, shared by the program's
//! `PRINT`s ([`Stdout`]) and everything the command line prints, so its
//! state is kept per process too. Writing to it never panics:
//!
//! - the first write that fails is remembered ([`Stdout::status`]), and
//!   nothing more is written after it: a closed pipe (`gilsim ... | head`)
//!   ends the output quietly, as in other Unix tools, and after any other
//!   failure (a full disk, an IO error) the rest of the output would have a
//!   hole in it;
//! - the run goes on to its end either way; the command line decides what
//!   the failure means for the exit code once the work is done.
//!
//! Writing to standard error never panics either, and its failures are
//! ignored: there is nowhere left to report them.

use parking_lot::Mutex;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// A sink for printed lines.
pub trait Output: Send + Sync {
    /// Writes one line (without its newline).
    fn line(&self, text: &str);
}

/// Standard output: each line written with one locked write; see the
/// module's documentation for what happens when a write fails.
#[derive(Debug, Default)]
pub struct Stdout;

/// What became of standard output so far.
#[derive(Debug)]
pub enum StdoutStatus {
    /// Every write succeeded.
    Open,
    /// The reader went away (EPIPE): output ended quietly.
    Closed,
    /// A write failed otherwise (ENOSPC, EIO...): this first error.
    Failed(&'static std::io::Error),
}

const OPEN: u8 = 0;
const CLOSED: u8 = 1;
const FAILED: u8 = 2;

/// [`StdoutStatus`] as a number, for a check that costs one load per line.
static STATE: AtomicU8 = AtomicU8::new(OPEN);
/// The first write error, when the state is `FAILED`.
static FIRST_ERROR: OnceLock<std::io::Error> = OnceLock::new();

impl Stdout {
    /// Writes `bytes` to standard output and flushes them, unless an
    /// earlier write failed; remembers the first failure instead of
    /// panicking. Returns whether the bytes were written.
    pub fn write_bytes(bytes: &[u8]) -> bool {
        if STATE.load(Ordering::Acquire) != OPEN {
            return false;
        }
        let mut out = std::io::stdout().lock();
        // Checked again under the lock: another thread's write may have
        // failed while this one waited.
        if STATE.load(Ordering::Acquire) != OPEN {
            return false;
        }
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Ok(()) => true,
            Err(e) => {
                Self::record_failure(e);
                false
            }
        }
    }

    /// Remembers a failure to write standard output that happened
    /// elsewhere (clap printing `--help`), unless one came first.
    pub fn record_failure(e: std::io::Error) {
        let state = if e.kind() == std::io::ErrorKind::BrokenPipe {
            CLOSED
        } else {
            FAILED
        };
        if FIRST_ERROR.set(e).is_ok() {
            STATE.store(state, Ordering::Release);
        }
    }

    /// [`Stdout::write_bytes`] of a string.
    pub fn write_str(text: &str) -> bool {
        Self::write_bytes(text.as_bytes())
    }

    /// What became of standard output so far: open, closed by its reader,
    /// or failed with its first error.
    pub fn status() -> StdoutStatus {
        match STATE.load(Ordering::Acquire) {
            OPEN => StdoutStatus::Open,
            CLOSED => StdoutStatus::Closed,
            _ => match FIRST_ERROR.get() {
                Some(e) => StdoutStatus::Failed(e),
                None => StdoutStatus::Open,
            },
        }
    }
}

impl Output for Stdout {
    fn line(&self, text: &str) {
        let mut buf = Vec::with_capacity(text.len() + 1);
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'\n');
        // A failure is remembered for the command line; the program goes
        // on, as CPython's would until its next flush.
        Stdout::write_bytes(&buf);
    }
}

/// Writes `text` to standard error with one locked write; failures are
/// ignored (there is nowhere left to report them), never a panic.
pub fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Standard error as an [`Output`]: tracebacks and warnings, each line
/// with one locked write, failures ignored.
#[derive(Debug, Default)]
pub struct Stderr;

impl Output for Stderr {
    fn line(&self, text: &str) {
        let mut buf = String::with_capacity(text.len() + 1);
        buf.push_str(text);
        buf.push('\n');
        write_stderr(&buf);
    }
}

/// Collects lines in memory (tests, and process workers later).
#[derive(Debug, Default)]
pub struct Capture {
    lines: Mutex<Vec<String>>,
}

impl Capture {
    /// The lines printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().clone()
    }
}

impl Output for Capture {
    fn line(&self, text: &str) {
        self.lines.lock().push(text.to_string());
    }
}
