//! `_process`: the primitives gilsim's Python `multiprocessing` stands on.
//!
//! - `start(blob, daemon=False)` — a new process: its own interpreter, globals and GIL
//!   (an OS-level GIL domain on both engines), running the program's
//!   module code silently under `__name__ == "__mp_main__"`, then
//!   `multiprocessing._child_main(blob)`; returns its pid;
//! - `channel()`, `send(ch, obj)`, `recv(ch, timeout=None)`,
//!   `pending(ch)` — channels between processes carrying pickled values
//!   ([`crate::vm::pickle`]): `recv` waits with the GIL released and
//!   returns bytes, or `None` at the timeout;
//! - `dumps(obj)`, `loads(bytes)` — pickling;
//! - `getpid()`, `cpu_count()`.

use crate::vm::native::{Args, Flow};
use crate::vm::object::Object;
use crate::vm::pickle;
use crate::vm::request::Request;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

/// The module's attributes.
pub fn attrs() -> Vec<(&'static str, Value)> {
    vec![
        ("start", Value::Native(&START)),
        ("channel", Value::Native(&CHANNEL)),
        ("send", Value::Native(&SEND)),
        ("recv", Value::Native(&RECV)),
        ("pending", Value::Native(&PENDING)),
        ("dumps", Value::Native(&DUMPS)),
        ("loads", Value::Native(&LOADS)),
        ("getpid", Value::Native(&GETPID)),
        ("cpu_count", Value::Native(&CPU_COUNT)),
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

fn chan_of(v: &Value) -> Result<u32, TrapKind> {
    match v {
        Value::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => Ok(*i as u32),
        _ => Err(TrapKind::Type("a channel is an int id".into())),
    }
}

/// A timeout in seconds (`None`: for ever) as the engines take it.
pub(crate) fn timeout_ns(v: Option<&Value>) -> Result<Option<u64>, TrapKind> {
    let secs = match v {
        None | Some(Value::None) => return Ok(None),
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        Some(Value::Bool(b)) => *b as i64 as f64,
        Some(other) => {
            return Err(TrapKind::Type(format!(
                "timeout must be a number, not '{}'",
                other.type_name()
            )))
        }
    };
    if secs.is_nan() || secs < 0.0 {
        return Err(TrapKind::Value("'timeout' must be a non-negative number"));
    }
    Ok(Some((secs.min(1e9) * 1e9).round() as u64))
}

crate::native!(START, "start", "_process.start", |_, a| {
    a.arity("start", 1, 2)?;
    let blob = bytes_of(&a.pos[0], "start")?;
    let daemon = a.pos.get(1).is_some_and(Value::truthy);
    Err(Flow::Request(Request::ProcStart { blob, daemon }))
});

crate::native!(CHANNEL, "channel", "_process.channel", |_, a| {
    a.arity("channel", 0, 0)?;
    Err(Flow::Request(Request::ChanNew))
});

crate::native!(SEND, "send", "_process.send", |vm, a| {
    a.arity("send", 2, 2)?;
    let ch = chan_of(&a.pos[0])?;
    let p = pickle::dumps(vm, &a.pos[1])?;
    Err(Flow::Request(Request::ChanSend {
        ch,
        blob: pickle::to_bytes(&p),
    }))
});

crate::native!(RECV, "recv", "_process.recv", recv);

fn recv(_vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let timeout = a.take_kw("timeout");
    a.no_kw("recv")?;
    a.arity("recv", 1, 2)?;
    let ch = chan_of(&a.pos[0])?;
    let t = timeout.or_else(|| a.pos.get(1).cloned());
    Err(Flow::Request(Request::ChanRecv {
        ch,
        timeout: timeout_ns(t.as_ref())?,
    }))
}

crate::native!(PENDING, "pending", "_process.pending", |_, a| {
    a.arity("pending", 1, 1)?;
    Err(Flow::Request(Request::ChanLen(chan_of(&a.pos[0])?)))
});

crate::native!(DUMPS, "dumps", "_process.dumps", |vm, a| {
    a.arity("dumps", 1, 1)?;
    let p = pickle::dumps(vm, &a.pos[0])?;
    Ok(Value::obj(Object::Bytes(pickle::to_bytes(&p))))
});

crate::native!(LOADS, "loads", "_process.loads", |vm, a| {
    a.arity("loads", 1, 1)?;
    let b = bytes_of(&a.pos[0], "loads")?;
    Ok(pickle::loads(vm, &pickle::from_bytes(&b)?)?)
});

crate::native!(GETPID, "getpid", "_process.getpid", |vm, _| Ok(Value::Int(
    vm.globals().pid() as i64
)));

crate::native!(CPU_COUNT, "cpu_count", "_process.cpu_count", |vm, _| Ok(
    Value::Int(vm.globals().cpus() as i64)
));
