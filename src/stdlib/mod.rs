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
    (
        "collections",
        "collections.py",
        include_str!("collections.py"),
    ),
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
    (
        "concurrent.interpreters",
        "concurrent/interpreters.py",
        include_str!("concurrent/interpreters.py"),
    ),
    ("asyncio", "asyncio.py", include_str!("asyncio.py")),
    (
        "multiprocessing",
        "multiprocessing.py",
        include_str!("multiprocessing.py"),
    ),
];

/// The library calls a thread can block in, named for reports, traces
/// and timelines: `(function, operation)`. A thread blocked in the
/// runtime (on a lock, a channel) is blocked in the outermost of these
/// on its stack — the call the program made (`queue.Queue.get`, which
/// waits in a `Condition`, which waits on a lock).
pub const BLOCKING_OPS: &[(&str, &str)] = &[
    ("threading.Thread.join", "thread join"),
    ("threading.Condition.wait", "condition wait"),
    ("threading.Condition.wait_for", "condition wait"),
    ("threading.Event.wait", "event wait"),
    ("threading.Semaphore.acquire", "semaphore acquire"),
    ("threading.Barrier.wait", "barrier wait"),
    ("threading.RLock.acquire", "rlock acquire"),
    ("threading._shutdown", "thread join"),
    ("queue.Queue.get", "queue get"),
    ("queue.Queue.put", "queue put"),
    ("queue.Queue.join", "queue join"),
    ("queue.SimpleQueue.get", "queue get"),
    ("concurrent.futures.Future.result", "future result"),
    ("concurrent.futures.Future.exception", "future result"),
    ("concurrent.futures.wait", "futures wait"),
    ("concurrent.futures.as_completed", "futures as_completed"),
    ("concurrent.futures.Executor.map", "executor map"),
    (
        "concurrent.futures.ThreadPoolExecutor.shutdown",
        "executor shutdown",
    ),
    ("multiprocessing.Process.join", "process join"),
    ("multiprocessing.Queue.get", "process queue get"),
    ("multiprocessing.Queue.put", "process queue put"),
    ("multiprocessing.Connection.recv", "pipe recv"),
    ("multiprocessing.Connection.poll", "pipe recv"),
    ("multiprocessing.ApplyResult.get", "pool result"),
    ("multiprocessing.Pool.map", "pool map"),
    ("multiprocessing.Pool.starmap", "pool map"),
    ("multiprocessing.Pool.join", "pool join"),
    ("concurrent.interpreters.create", "interpreter create"),
    (
        "concurrent.interpreters.Interpreter.call",
        "interpreter call",
    ),
    (
        "concurrent.interpreters.Interpreter.exec",
        "interpreter call",
    ),
    ("concurrent.interpreters.Queue.get", "interpreter queue get"),
    ("concurrent.interpreters.Queue.put", "interpreter queue put"),
    ("asyncio.BaseEventLoop._select", "event loop select"),
    ("asyncio.run", "event loop select"),
];

/// The operation a function of the library names, if it can block.
pub fn blocking_op(function: &str) -> Option<u16> {
    BLOCKING_OPS
        .iter()
        .position(|(f, _)| *f == function)
        .map(|i| i as u16)
}

/// The name of operation `op` (an index of [`BLOCKING_OPS`]).
pub fn op_name(op: u16) -> &'static str {
    BLOCKING_OPS.get(op as usize).map_or("?", |(_, n)| n)
}

/// The file name tracebacks show for a library file.
pub fn display_name(file: &str) -> String {
    format!("<gilsim stdlib>/{file}")
}

/// Whether `name` is a library module written in Python.
pub fn is_module(name: &str) -> bool {
    MODULES.iter().any(|(n, _, _)| *n == name)
}

/// The library modules a program imports by name, for messages: the
/// top-level ones and those of `concurrent` (a package that only holds
/// others). The other submodules are their packages' layout, reached
/// through the package.
pub fn importable() -> impl Iterator<Item = &'static str> {
    MODULES.iter().map(|m| m.0).filter(|n| match n.split_once('.') {
        None => true,
        Some((top, rest)) => top == "concurrent" && !rest.contains('.'),
    })
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
