//! What to use instead: the advice a `not supported by gilsim` error gives
//! for a construct or a module gilsim lacks, where gilsim has something
//! that models the same thing (a mode, a stand-in call, a library module),
//! and the documentation page that lists what runs.

/// The page listing the Python gilsim runs, from the repository's root.
pub const PYTHON_DOCS: &str = "docs/reference/python.md";

/// What to write instead of an unsupported construct, if there is a
/// simple equivalent.
pub fn construct(what: &str) -> Option<&'static str> {
    Some(match what {
        "match statements" => "use an if/elif chain",
        "except* (exception groups)" => "catch the exceptions with a plain `except`",
        "from ... import *" => "import the names you use (`from m import a, b`) or the module",
        "ints past 64 bits" => {
            "keep integers within 64 bits (past them gilsim raises OverflowError)"
        }
        "template strings" => "use an f-string",
        "type aliases" => "use a plain assignment (`Vector = list`)",
        "starred base classes" => "name the base classes",
        _ => return None,
    })
}

/// What models an unsupported module's part in a concurrency program.
pub fn module(name: &str) -> Option<&'static str> {
    let top = name.split('.').next().unwrap_or(name);
    Some(match top {
        "requests" | "urllib" | "urllib3" | "http" | "httpx" | "aiohttp" | "socket"
        | "selectors" | "ssl" | "select" | "ftplib" | "smtplib" => {
            "to model a network wait, call time.sleep(seconds) in a thread or \
             `await asyncio.sleep(seconds)` in a coroutine: gilsim releases the GIL \
             for it as a socket read does"
        }
        "numpy" | "scipy" | "pandas" | "hashlib" | "zlib" | "bz2" | "lzma" => {
            "to model a C extension's call, use gilsim_native.work(units, release_gil) \
             (see programs/native_release.py)"
        }
        "subprocess" | "_posixsubprocess" => {
            "to run work in other processes, use multiprocessing (Process, Pool, Queue) or \
             concurrent.futures.ProcessPoolExecutor, or run the program with --mode process"
        }
        "_thread" => "use threading (Thread, Lock, Event, ...)",
        "trio" | "curio" | "anyio" | "gevent" | "eventlet" | "uvloop" | "twisted" => {
            "use asyncio (async def, await, gather, create_task), or run a function's \
             threads as tasks with --mode async"
        }
        "interpreters" | "_interpreters" | "_xxsubinterpreters" | "interpreters_backport" => {
            "use concurrent.interpreters (Python 3.14's API) or \
             concurrent.futures.InterpreterPoolExecutor, or run with --mode interp"
        }
        "datetime" => "use time.time() or time.perf_counter()",
        "logging" => "use print (gilsim keeps the output's order per thread)",
        "nogil" | "sysconfig" => "run the program free-threaded with --mode free",
        _ => return None,
    })
}

/// What to use instead of a missing attribute of a module gilsim
/// provides (its modules have part of CPython's).
pub fn attribute(module: &str, name: &str) -> Option<&'static str> {
    Some(match (module, name) {
        ("os", "fork" | "forkpty" | "spawnv" | "system" | "popen" | "execv") => {
            "start processes with multiprocessing.Process or Pool, or run with --mode process"
        }
        ("time", "perf_counter_ns" | "monotonic_ns" | "time_ns" | "thread_time_ns") => {
            "use the float form (time.perf_counter(), time.monotonic(), time.time())"
        }
        (
            "multiprocessing",
            "shared_memory" | "Value" | "Array" | "Manager" | "RawValue" | "RawArray",
        ) => "pass data between processes through multiprocessing.Queue or Pipe",
        ("threading", "settrace" | "setprofile" | "stack_size") => {
            "watch threads with gilsim's own report, --trace and `gilsim plot timeline`"
        }
        ("asyncio", "new_event_loop" | "get_event_loop" | "set_event_loop") => {
            "start the loop with asyncio.run(main())"
        }
        _ => return None,
    })
}

/// A note for the traceback of an uncaught `AttributeError` on one of
/// gilsim's modules (`text` is the exception as printed): that gilsim's
/// module is partial, what to use instead if known, and the page.
pub fn missing_attribute_note(text: &str) -> Option<String> {
    let rest = text.strip_prefix("AttributeError: module '")?;
    let (module, rest) = rest.split_once('\'')?;
    let name = rest
        .strip_prefix(" has no attribute '")?
        .split('\'')
        .next()?;
    let provided =
        crate::vm::builtins::module(module).is_some() || crate::stdlib::is_module(module);
    if !provided {
        return None;
    }
    Some(match attribute(module, name) {
        Some(a) => {
            format!("note: gilsim's {module} module has part of CPython's; {a} (see {PYTHON_DOCS})")
        }
        None => format!("note: gilsim's {module} module has part of CPython's (see {PYTHON_DOCS})"),
    })
}

/// The message of an unsupported construct: what it is, what to do
/// instead if anything, and where the supported Python is listed.
pub fn unsupported_message(what: &str, advice: Option<&str>) -> String {
    match advice {
        Some(a) => format!("not supported by gilsim: {what}; {a} (see {PYTHON_DOCS})"),
        None => format!("not supported by gilsim: {what} (see {PYTHON_DOCS})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_and_modules_with_an_equivalent_get_advice() {
        assert!(construct("match statements").unwrap().contains("if/elif"));
        assert_eq!(construct("complex numbers"), None);
        assert!(module("requests").unwrap().contains("time.sleep"));
        assert!(module("urllib.request").unwrap().contains("asyncio.sleep"));
        assert!(module("subprocess").unwrap().contains("--mode process"));
        assert!(module("trio").unwrap().contains("asyncio"));
        assert!(module("numpy").unwrap().contains("gilsim_native.work"));
        assert_eq!(module("json"), None);
    }

    #[test]
    fn a_missing_attribute_of_gilsim_s_own_modules_gets_a_note() {
        let n =
            missing_attribute_note("AttributeError: module 'os' has no attribute 'fork'").unwrap();
        assert!(n.contains("gilsim's os module"), "{n}");
        assert!(n.contains("--mode process"), "{n}");
        let n =
            missing_attribute_note("AttributeError: module 'queue' has no attribute 'x'").unwrap();
        assert!(n.ends_with("(see docs/reference/python.md)"), "{n}");
        // Not a module of gilsim's (the program's own), not an AttributeError.
        assert_eq!(
            missing_attribute_note("AttributeError: module 'mine' has no attribute 'x'"),
            None
        );
        assert_eq!(missing_attribute_note("KeyError: 'os'"), None);
    }

    #[test]
    fn messages_name_the_construct_the_advice_and_the_page() {
        let m = unsupported_message("match statements", construct("match statements"));
        assert_eq!(
            m,
            "not supported by gilsim: match statements; use an if/elif chain \
             (see docs/reference/python.md)"
        );
        let m = unsupported_message("complex numbers", None);
        assert_eq!(
            m,
            "not supported by gilsim: complex numbers (see docs/reference/python.md)"
        );
    }
}
