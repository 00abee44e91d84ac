//! Where `PRINT` goes. A line is written whole, under one lock, so output
//! from several threads is never interleaved mid-line.

use parking_lot::Mutex;
use std::io::Write;

/// A sink for printed lines.
pub trait Output: Send + Sync {
    /// Writes one line (without its newline).
    fn line(&self, text: &str);
}

/// Standard output: each line written with one locked write.
#[derive(Debug, Default)]
pub struct Stdout;

impl Output for Stdout {
    fn line(&self, text: &str) {
        let mut buf = Vec::with_capacity(text.len() + 1);
        buf.extend_from_slice(text.as_bytes());
        buf.push(b'\n');
        // A closed pipe (`gilsim run ... | head`) must not kill the run: the
        // program goes on, as CPython's would until its next flush.
        let _ = std::io::stdout().lock().write_all(&buf);
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
