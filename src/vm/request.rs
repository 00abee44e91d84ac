//! What the concurrency instructions ask of the engine, and the checks on
//! their operands that the interpreter makes before asking.

use super::trap::TrapKind;
use super::value::Value;

/// What a concurrency instruction asks of the engine.
#[derive(Debug, Clone)]
pub enum Request {
    /// `START_THREAD`: start `func(args)`; push the new thread's handle.
    /// `_thread.start_new_thread`: the same for a daemon thread (the run
    /// does not wait for it), pushing its ident (an int).
    StartThread {
        /// What the thread calls (a function, bound method, any callable).
        target: Value,
        /// Its arguments.
        args: Vec<Value>,
        /// Whether the run ends without waiting for the thread.
        daemon: bool,
    },
    /// `lock.acquire(blocking, timeout)`: take the lock, waiting at most
    /// `timeout` ns (`None`: for ever; `Some(0)`: not at all); push
    /// whether it was taken.
    AcquireTimed {
        /// The lock.
        lock: u32,
        /// The longest wait.
        timeout: Option<u64>,
    },

    /// `time.time()` / `perf_counter()` / `monotonic()`: push the clock's
    /// reading in seconds (virtual time on the virtual engine).
    Clock(ClockKind),
    /// `lock.locked()`: push whether this lock is held.
    Locked(u32),
    /// `sys.setswitchinterval(s)`: set the GIL's switch interval (ns).
    SetSwitchInterval(u64),
    /// `JOIN_THREAD`: wait for this thread to end.
    Join(u32),
    /// `NEW_LOCK`: push a new lock.
    NewLock,
    /// `LOCK_ACQUIRE` of this lock.
    Acquire(u32),
    /// `LOCK_RELEASE` of this lock.
    Release(u32),
    /// `_process.start(blob)`: start a process (multiprocessing's child):
    /// its own interpreter, globals and GIL; it runs the program's module
    /// code silently, then `multiprocessing._child_main(blob)`. Push its
    /// pid (an int).
    ProcStart {
        /// The pickled bootstrap data for `_child_main`.
        blob: Vec<u8>,
        /// A daemon process: the run ends without waiting for it (as
        /// CPython terminates daemonic children at exit).
        daemon: bool,
    },
    /// `_process.channel()`: push a new channel id (an int).
    ChanNew,
    /// `_process.send(ch, blob)`: send a pickled message.
    ChanSend {
        /// The channel.
        ch: u32,
        /// The message.
        blob: Vec<u8>,
    },
    /// `_process.recv(ch, timeout)`: wait (GIL released) for the next
    /// message, at most `timeout` ns (`None`: for ever; `Some(0)`: not at
    /// all); push it as bytes, or `None` when none came.
    ChanRecv {
        /// The channel.
        ch: u32,
        /// The longest wait.
        timeout: Option<u64>,
    },
    /// `_process.pending(ch)`: push how many messages wait on the channel.
    ChanLen(u32),
    /// `IO_WAIT`: block this long (nanoseconds) without the GIL.
    Io(u64),
    /// `CALL_NATIVE`: this many units of native work, with or without the GIL.
    Native {
        /// Units of work (about 1 us of CPU each).
        work: u64,
        /// Whether the GIL is released during the work.
        release_gil: bool,
    },
    /// `YIELD`: release the GIL and take it again.
    Yield,
    /// `_interp.*`: subinterpreters (`concurrent.interpreters`); the
    /// engine pushes the result.
    Interp(InterpOp),
}

/// What `_interp` asks of the engine about the run's interpreters (GIL
/// domains: own globals, own GIL). Ids are the interpreters' ids, the
/// main interpreter's 0. Where an op can fail, the engine pushes an
/// error code (a str, [`InterpOp`]'s callers in
/// `concurrent/interpreters.py` raise the matching exception): `"notfound"`
/// (no such interpreter, or closed), `"current"` (closing the calling
/// thread's own interpreter), `"running"` (closing an interpreter that
/// runs a call), `"notowned"` (closing one `create()` did not make).
#[derive(Debug, Clone)]
pub enum InterpOp {
    /// `_interp.create(blob)`: a new interpreter, whose first thread runs
    /// the program's module code silently, then
    /// `concurrent.interpreters._boot(blob, failure)`. Push its id.
    Create {
        /// The pickled bootstrap data for `_boot`.
        blob: Vec<u8>,
    },
    /// `_interp.call(id, blob)`: a new thread in interpreter `id` calling
    /// `concurrent.interpreters._run(blob)`; the interpreter runs a call
    /// until `Done`. Push `None`, or an error code.
    Call {
        /// The interpreter.
        id: u32,
        /// The pickled call for `_run`.
        blob: Vec<u8>,
    },
    /// `_interp.done(id)`: a call in interpreter `id` is over. Push `None`.
    Done(u32),
    /// `_interp.close(id)`: destroy an idle interpreter. Push `None`, or
    /// an error code.
    Close(u32),
    /// `_interp.is_running(id)`: push whether it runs a call (the main
    /// interpreter, and interp mode's, always do), or an error code.
    IsRunning(u32),
    /// `_interp.list_all()`: push the ids of the live interpreters.
    List,
    /// `_interp.get_current()`: push the calling thread's interpreter id.
    Current,
}

impl Request {
    /// Whether the engine pushes the request's result (otherwise a native
    /// making it returns `None`, or `True` for an acquire, pushed first).
    pub fn engine_pushes(&self) -> bool {
        matches!(
            self,
            Request::StartThread { .. }
                | Request::NewLock
                | Request::Clock(_)
                | Request::Locked(_)
                | Request::AcquireTimed { .. }
                | Request::ProcStart { .. }
                | Request::ChanNew
                | Request::ChanRecv { .. }
                | Request::ChanLen(_)
                | Request::Interp(_)
        )
    }

    /// The value a started thread's request pushes: a handle for
    /// `START_THREAD`, an ident for `_thread.start_new_thread`.
    pub fn started(daemon: bool, id: u32) -> Value {
        if daemon {
            Value::Int(id as i64)
        } else {
            Value::Thread(id)
        }
    }
}

/// Which clock `Request::Clock` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    /// `time.time()`: seconds since the epoch.
    Wall,
    /// `time.perf_counter()` / `monotonic()`: seconds since an arbitrary start.
    Monotonic,
}

/// A `TypeError` for an operand of the wrong type.
#[cold]
pub(crate) fn expected(op: &str, what: &str, got: &Value) -> TrapKind {
    TrapKind::Type(format!("{op} needs {what}, not '{}'", got.type_name()))
}

/// `IO_WAIT`'s operand as nanoseconds, with `time.sleep`'s checks.
pub(crate) fn io_duration(v: &Value) -> Result<u64, TrapKind> {
    let secs = match *v {
        Value::Int(i) => i as f64,
        Value::Float(f) if f.is_nan() => {
            return Err(TrapKind::Value("Invalid value NaN (not a number)"))
        }
        Value::Float(f) => f,
        Value::Bool(b) => b as i64 as f64,
        _ => return Err(expected("IO_WAIT", "a number of seconds", v)),
    };
    if secs < 0.0 {
        return Err(TrapKind::Value("sleep length must be non-negative"));
    }
    if secs > 1e9 {
        return Err(TrapKind::Overflow("sleep length is too large"));
    }
    Ok((secs * 1e9).round() as u64)
}
