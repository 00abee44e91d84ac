//! `_thread`: the primitives gilsim's Python `threading` (and everything
//! built on it: `queue`, `concurrent.futures`, `asyncio`'s selector step)
//! stands on, as CPython's `threading.py` stands on its `_thread`:
//!
//! - `allocate_lock()` — a lock whose `acquire(blocking=True, timeout=-1)`
//!   waits with the GIL released, for ever or at most `timeout` seconds,
//!   and returns whether it took the lock; any thread may `release` it;
//! - `start_new_thread(function, args, kwargs=None)` — a new interpreter
//!   thread the run does not wait for (`threading` joins its non-daemon
//!   threads itself at exit), returning its ident;
//! - `get_ident()` — the calling thread's ident;
//! - `_format_exception(exc)` — the traceback text CPython's
//!   `traceback.print_exception` writes for a caught exception (what
//!   `threading.excepthook` prints).

use crate::vm::native::{Args, Flow};
use crate::vm::request::Request;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

/// The module's attributes.
pub fn attrs() -> Vec<(&'static str, Value)> {
    vec![
        ("allocate_lock", Value::Native(&ALLOCATE_LOCK)),
        ("start_new_thread", Value::Native(&START_NEW_THREAD)),
        ("get_ident", Value::Native(&GET_IDENT)),
        ("TIMEOUT_MAX", Value::Float(TIMEOUT_MAX)),
        ("_format_exception", Value::Native(&FORMAT_EXCEPTION)),
    ]
}

/// The longest timeout `acquire` takes, in seconds (CPython's figure on
/// 64-bit Linux, rounded).
pub const TIMEOUT_MAX: f64 = 9_223_372_036.0;

crate::native!(
    ALLOCATE_LOCK,
    "allocate_lock",
    "_thread.allocate_lock",
    |_, a| {
        a.arity("allocate_lock", 0, 0)?;
        Err(Flow::Request(Request::NewLock))
    }
);

crate::native!(GET_IDENT, "get_ident", "_thread.get_ident", |vm, a| {
    a.arity("get_ident", 0, 0)?;
    Ok(Value::Int(vm.ident() as i64))
});

crate::native!(
    START_NEW_THREAD,
    "start_new_thread",
    "_thread.start_new_thread",
    start_new_thread
);

fn start_new_thread(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    a.no_kw("start_new_thread")?;
    a.arity("start_new_thread", 2, 3)?;
    let mut pos = a.pos.into_iter();
    let target = pos.next().unwrap_or(Value::None);
    let args = pos.next().unwrap_or(Value::None);
    let kwargs = pos.next();
    if !matches!(args, Value::Tuple(_)) {
        return Err(TrapKind::Type("2nd arg must be a tuple".into()).into());
    }
    let args = vm.iter_values(&args)?;
    if let Some(kw) = kwargs {
        if !matches!(kw, Value::None) {
            return Err(TrapKind::Type(
                "gilsim: start_new_thread takes no kwargs; pass a bound method".into(),
            )
            .into());
        }
    }
    Err(Flow::Request(Request::StartThread {
        target,
        args,
        daemon: true,
    }))
}

/// `lock.acquire(blocking=True, timeout=-1)` as CPython checks it.
pub(crate) fn acquire(a: &mut Args) -> Result<Request, TrapKind> {
    let blocking = a.take_kw("blocking");
    let timeout = a.take_kw("timeout");
    a.no_kw("acquire")?;
    a.arity("acquire", 1, 3)?;
    let Some(Value::Lock(l)) = a.pos.first() else {
        return Err(TrapKind::Type("acquire() needs a lock".into()));
    };
    let l = *l;
    let blocking = blocking
        .or_else(|| a.pos.get(1).cloned())
        .is_none_or(|b| b.truthy());
    let timeout = timeout.or_else(|| a.pos.get(2).cloned());
    let secs = match timeout {
        None => -1.0,
        Some(Value::Int(i)) => i as f64,
        Some(Value::Float(f)) => f,
        Some(Value::Bool(b)) => b as i64 as f64,
        Some(other) => {
            return Err(TrapKind::Type(format!(
                "'{}' object cannot be interpreted as an integer or float",
                other.type_name()
            )))
        }
    };
    if !blocking && secs != -1.0 {
        return Err(TrapKind::Value(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if secs < 0.0 && secs != -1.0 {
        return Err(TrapKind::Value(
            "timeout value must be a non-negative number",
        ));
    }
    if secs > TIMEOUT_MAX {
        return Err(TrapKind::Overflow("timeout value is too large"));
    }
    let timeout = if !blocking {
        Some(0)
    } else if secs == -1.0 {
        None
    } else {
        Some((secs * 1e9).round() as u64)
    };
    if timeout.is_none() && a.pos.len() == 1 {
        return Ok(Request::Acquire(l));
    }
    Ok(Request::AcquireTimed { lock: l, timeout })
}

crate::native!(
    FORMAT_EXCEPTION,
    "_format_exception",
    "_thread._format_exception",
    |vm, a| {
        a.arity("_format_exception", 1, 1)?;
        Ok(Value::str(vm.format_exception(&a.pos[0])))
    }
);
