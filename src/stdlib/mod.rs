//! gilsim's library modules written in Python — `threading`, `queue`,
//! `concurrent.futures`, `asyncio`, `multiprocessing`, ... — compiled by
//! the same compiler as user programs and linked into a program that
//! imports them (`crate::py::link`). As in CPython's `Lib/`, their
//! behaviour under the GIL (switches, waits) then comes from the
//! mechanism: `Condition` and `Queue` are Python code over a lock with a
//! timed acquire, the primitive the `_thread` module provides.
//!
//! `asyncio`, `multiprocessing` and `concurrent.futures` are packages laid
//! out as CPython's (`asyncio/tasks.py` is `asyncio.tasks`), so their
//! classes and functions carry CPython's qualified names
//! (`asyncio.queues.Queue`, `concurrent.futures._base.Future`), in reprs,
//! tracebacks and the function names [`BLOCKING_OPS`] matches.
//!
//! The sources are compiled into the binary. For work on the library, the
//! environment variable `GILSIM_STDLIB_DIR` names a folder whose files
//! (`threading.py`, `concurrent/futures/_base.py`) are read instead, at
//! run time, when present: a module is still one of [`MODULES`].

use std::borrow::Cow;

/// `(module name, file name, source)` of one library module.
macro_rules! module {
    ($name:literal, $file:literal) => {
        ($name, $file, include_str!($file))
    };
}

/// `(module name, file name, source)` of every library module. A
/// package's code is its `__init__.py`.
pub const MODULES: &[(&str, &str, &str)] = &[
    module!("threading", "threading.py"),
    module!("queue", "queue.py"),
    module!("heapq", "heapq.py"),
    module!("collections", "collections.py"),
    module!("concurrent", "concurrent/__init__.py"),
    module!("concurrent.futures", "concurrent/futures/__init__.py"),
    module!("concurrent.futures._base", "concurrent/futures/_base.py"),
    module!("concurrent.futures.thread", "concurrent/futures/thread.py"),
    module!(
        "concurrent.futures.process",
        "concurrent/futures/process.py"
    ),
    module!(
        "concurrent.futures.interpreter",
        "concurrent/futures/interpreter.py"
    ),
    module!("concurrent.interpreters", "concurrent/interpreters.py"),
    module!("asyncio", "asyncio/__init__.py"),
    module!("asyncio.base_events", "asyncio/base_events.py"),
    module!("asyncio.base_futures", "asyncio/base_futures.py"),
    module!("asyncio.coroutines", "asyncio/coroutines.py"),
    module!("asyncio.events", "asyncio/events.py"),
    module!("asyncio.exceptions", "asyncio/exceptions.py"),
    module!("asyncio.format_helpers", "asyncio/format_helpers.py"),
    module!("asyncio.futures", "asyncio/futures.py"),
    module!("asyncio.locks", "asyncio/locks.py"),
    module!("asyncio.mixins", "asyncio/mixins.py"),
    module!("asyncio.queues", "asyncio/queues.py"),
    module!("asyncio.runners", "asyncio/runners.py"),
    module!("asyncio.tasks", "asyncio/tasks.py"),
    module!("asyncio.threads", "asyncio/threads.py"),
    module!("asyncio.timeouts", "asyncio/timeouts.py"),
    module!("asyncio.unix_events", "asyncio/unix_events.py"),
    module!("multiprocessing", "multiprocessing/__init__.py"),
    module!(
        "multiprocessing.connection",
        "multiprocessing/connection.py"
    ),
    module!("multiprocessing.context", "multiprocessing/context.py"),
    module!("multiprocessing.pool", "multiprocessing/pool.py"),
    module!("multiprocessing.process", "multiprocessing/process.py"),
    module!("multiprocessing.queues", "multiprocessing/queues.py"),
    module!(
        "multiprocessing.sharedctypes",
        "multiprocessing/sharedctypes.py"
    ),
    module!("multiprocessing.spawn", "multiprocessing/spawn.py"),
    module!(
        "multiprocessing.synchronize",
        "multiprocessing/synchronize.py"
    ),
];

/// The library calls a thread can block in, named for reports, traces
/// and timelines: `(function, operation)`. A thread blocked in the
/// runtime (on a lock, a channel) is blocked in the outermost of these
/// on its stack — the call the program made (`queue.Queue.get`, which
/// waits in a `Condition`, which waits on a lock). A function is named
/// by its module and qualified name, as defined (an inherited method by
/// the class that defines it).
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
    ("concurrent.futures._base.Future.result", "future result"),
    ("concurrent.futures._base.Future.exception", "future result"),
    ("concurrent.futures._base.wait", "futures wait"),
    (
        "concurrent.futures._base.as_completed",
        "futures as_completed",
    ),
    ("concurrent.futures._base.Executor.map", "executor map"),
    (
        "concurrent.futures.thread.ThreadPoolExecutor.shutdown",
        "executor shutdown",
    ),
    ("multiprocessing.process.BaseProcess.join", "process join"),
    ("multiprocessing.queues.Queue.get", "process queue get"),
    ("multiprocessing.queues.Queue.put", "process queue put"),
    ("multiprocessing.connection.Connection.recv", "pipe recv"),
    ("multiprocessing.connection.Connection.poll", "pipe recv"),
    ("multiprocessing.pool.ApplyResult.get", "pool result"),
    ("multiprocessing.pool.Pool.map", "pool map"),
    ("multiprocessing.pool.Pool.starmap", "pool map"),
    ("multiprocessing.pool.Pool.join", "pool join"),
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
    (
        "asyncio.base_events.BaseEventLoop._select",
        "event loop select",
    ),
    ("asyncio.runners.run", "event loop select"),
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
    MODULES
        .iter()
        .map(|m| m.0)
        .filter(|n| match n.split_once('.') {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_blocking_op_names_a_function_of_a_library_module() {
        // `MODULE.QUALNAME`: the longest module name that prefixes it.
        for (f, _) in BLOCKING_OPS {
            let module = MODULES
                .iter()
                .map(|m| m.0)
                .filter(|m| f.starts_with(&format!("{m}.")))
                .max_by_key(|m| m.len());
            let Some(module) = module else {
                panic!("{f}: no library module");
            };
            let (_, _, src) = MODULES.iter().find(|m| m.0 == module).unwrap();
            let qualname = &f[module.len() + 1..];
            let last = qualname.rsplit('.').next().unwrap();
            let first = qualname.split('.').next().unwrap();
            assert!(
                src.contains(&format!("def {last}(")),
                "{f}: {module} defines no {last}"
            );
            if first != last {
                assert!(
                    src.contains(&format!("class {first}")),
                    "{f}: {module} defines no class {first}"
                );
            }
        }
    }

    #[test]
    fn packages_are_init_files_and_messages_name_the_importable_modules() {
        for (name, file, _) in MODULES {
            let path = name.replace('.', "/");
            assert!(
                *file == format!("{path}.py") || *file == format!("{path}/__init__.py"),
                "{name}: {file}"
            );
        }
        let names: Vec<&str> = importable().collect();
        assert!(names.contains(&"asyncio") && names.contains(&"concurrent.futures"));
        assert!(!names.contains(&"asyncio.tasks"));
        assert!(!names.contains(&"concurrent.futures._base"));
    }
}
