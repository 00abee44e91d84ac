//! gilsim's library modules written in Python — `threading`, `queue`,
//! `concurrent.futures`, `asyncio`, `multiprocessing`, ... — compiled by
//! the same compiler as user programs and linked into a program that
//! imports them (`crate::py::link`). As in CPython's `Lib/`, their
//! behaviour under the GIL (switches, waits) then comes from the
//! mechanism: `Condition` and `Queue` are Python code over a lock with a
//! timed acquire, the primitive the `_thread` module provides.
//!
//! The sources are compiled into the binary. For work on the library, the
//! environment variable `GILSIM_STDLIB_DIR` names a folder whose files
//! (`threading.py`, `concurrent/futures.py`) are read instead, at run
//! time, when present.

use std::borrow::Cow;

/// `(module name, file name, source)` of every library module.
pub const MODULES: &[(&str, &str, &str)] = &[
    ("threading", "threading.py", include_str!("threading.py")),
    ("queue", "queue.py", include_str!("queue.py")),
    ("heapq", "heapq.py", include_str!("heapq.py")),
    ("collections", "collections.py", include_str!("collections.py")),
    (
        "concurrent",
        "concurrent/__init__.py",
        include_str!("concurrent/__init__.py"),
    ),
    (
        "concurrent.futures",
        "concurrent/futures.py",
        include_str!("concurrent/futures.py"),
    ),
    ("asyncio", "asyncio.py", include_str!("asyncio.py")),
    (
        "multiprocessing",
        "multiprocessing.py",
        include_str!("multiprocessing.py"),
    ),
];

/// The file name tracebacks show for a library file.
pub fn display_name(file: &str) -> String {
    format!("<gilsim stdlib>/{file}")
}

/// Whether `name` is a library module written in Python.
pub fn is_module(name: &str) -> bool {
    MODULES.iter().any(|(n, _, _)| *n == name)
}

/// The file name and source of library module `name`.
pub fn source(name: &str) -> Option<(&'static str, Cow<'static, str>)> {
    let &(_, file, text) = MODULES.iter().find(|(n, _, _)| *n == name)?;
    if let Some(dir) = std::env::var_os("GILSIM_STDLIB_DIR") {
        if let Ok(s) = std::fs::read_to_string(std::path::Path::new(&dir).join(file)) {
            return Some((file, Cow::Owned(s)));
        }
    }
    Some((file, Cow::Borrowed(text)))
}
