//! `_interp`: the primitives gilsim's Python `concurrent.interpreters`
//! stands on (CPython's `_interpreters`, reduced to what the engines must
//! do). An interpreter is a GIL domain of the run — its own globals and
//! its own GIL, in this one process — as a multiprocessing child is, but
//! started without a process. Data crosses by pickle (`_process.dumps`)
//! over the run's channels (`_process.channel`), as multiprocessing's does.
//!
//! - `create(blob)` — a new interpreter: its first thread runs the
//!   program's module code silently (`__name__ == "<fake __main__>"`, as
//!   CPython 3.14 reloads a script's `__main__` in a subinterpreter), then
//!   `concurrent.interpreters._boot(blob, failure)`; returns its id;
//! - `call(id, blob)` — a new thread in interpreter `id` running
//!   `concurrent.interpreters._run(blob)`; `None`, or an error code;
//! - `done(id)` — that call is over (`_run` says so before it answers);
//! - `close(id)`, `is_running(id)`, `list_all()`, `get_current()`.
//!
//! Error codes are strs (see [`InterpOp`]); the Python module raises the
//! matching `InterpreterError` / `InterpreterNotFoundError`.

use crate::vm::native::Flow;
use crate::vm::object::Object;
use crate::vm::request::{InterpOp, Request};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;

/// The module's attributes.
pub fn attrs() -> Vec<(&'static str, Value)> {
    vec![
        ("create", Value::Native(&CREATE)),
        ("call", Value::Native(&CALL)),
        ("done", Value::Native(&DONE)),
        ("close", Value::Native(&CLOSE)),
        ("is_running", Value::Native(&IS_RUNNING)),
        ("list_all", Value::Native(&LIST_ALL)),
        ("get_current", Value::Native(&GET_CURRENT)),
    ]
}

fn bytes_of(v: &Value, what: &str) -> Result<Vec<u8>, TrapKind> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Ok(b.clone()),
            _ => Err(TrapKind::Type(format!("{what} needs bytes"))),
        },
        _ => Err(TrapKind::Type(format!("{what} needs bytes"))),
    }
}

/// An interpreter id operand: an int from 0.
fn id_of(v: &Value) -> Result<u32, TrapKind> {
    match v {
        Value::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => Ok(*i as u32),
        Value::Int(_) => Err(TrapKind::Value("interpreter ID must be a non-negative int")),
        other => Err(TrapKind::Type(format!(
            "interpreter ID must be an int, got '{}'",
            other.type_name()
        ))),
    }
}

fn ask(op: InterpOp) -> Result<Value, Flow> {
    Err(Flow::Request(Request::Interp(op)))
}

crate::native!(CREATE, "create", "_interp.create", |_, a| {
    a.arity("create", 1, 1)?;
    let blob = bytes_of(&a.pos[0], "create")?;
    ask(InterpOp::Create { blob })
});

crate::native!(CALL, "call", "_interp.call", |_, a| {
    a.arity("call", 2, 2)?;
    let id = id_of(&a.pos[0])?;
    let blob = bytes_of(&a.pos[1], "call")?;
    ask(InterpOp::Call { id, blob })
});

crate::native!(DONE, "done", "_interp.done", |_, a| {
    a.arity("done", 1, 1)?;
    ask(InterpOp::Done(id_of(&a.pos[0])?))
});

crate::native!(CLOSE, "close", "_interp.close", |_, a| {
    a.arity("close", 1, 1)?;
    ask(InterpOp::Close(id_of(&a.pos[0])?))
});

crate::native!(IS_RUNNING, "is_running", "_interp.is_running", |_, a| {
    a.arity("is_running", 1, 1)?;
    ask(InterpOp::IsRunning(id_of(&a.pos[0])?))
});

crate::native!(LIST_ALL, "list_all", "_interp.list_all", |_, a| {
    a.arity("list_all", 0, 0)?;
    ask(InterpOp::List)
});

crate::native!(GET_CURRENT, "get_current", "_interp.get_current", |_, a| {
    a.arity("get_current", 0, 0)?;
    ask(InterpOp::Current)
});
