//! Diagnostics: errors in a program's text, as data. Rendered as
//! `FILE:LINE:COL: error: message`, the offending line and a caret.

use std::fmt;

/// A position in a source file (1-based line and column, in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// 1-based line number; 0 for "no position".
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
    /// Length of the offending text in characters (at least 1 for the caret).
    pub len: u32,
}

impl Span {
    /// A span at `line:col` covering `len` characters.
    pub fn new(line: u32, col: u32, len: u32) -> Span {
        Span { line, col, len }
    }
}

/// One error found in a program's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub span: Span,
    /// What is wrong, in lower case, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
        }
    }
}

/// All the errors of one file, with what is needed to show them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    /// The file name as given by the user.
    pub file: String,
    /// The errors, in source order.
    pub errors: Vec<Diagnostic>,
    /// The source lines, for quoting (lossily decoded if not UTF-8).
    pub lines: Vec<String>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.file, d.span.line, d.span.col, d.message
            )?;
            let Some(text) = (d.span.line as usize)
                .checked_sub(1)
                .and_then(|i| self.lines.get(i))
            else {
                continue;
            };
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect();
            let gutter = d.span.line.to_string().len();
            write!(f, "\n{:>gutter$} | {}", d.span.line, shown)?;
            let pad = d.span.col.saturating_sub(1) as usize;
            let carets =
                (d.span.len.max(1) as usize).min(shown.chars().count().saturating_sub(pad).max(1));
            write!(
                f,
                "\n{:>gutter$} | {}{}",
                "",
                " ".repeat(pad),
                "^".repeat(carets)
            )?;
        }
        let n = self.errors.len();
        if n > 1 {
            write!(f, "\n{n} errors")?;
        }
        Ok(())
    }
}
