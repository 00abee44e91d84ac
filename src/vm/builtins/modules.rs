//! The modules written in Rust a program may import: `time`, `sys`,
//! `random`, `math`, `_thread` (the primitives under gilsim's Python
//! library, `crate::stdlib`), `dataclasses` and `gilsim_native`, plus the
//! methods of lock objects.
//!
//! `time.sleep` blocks like IO with the GIL released; `time.time()`,
//! `perf_counter()` and `monotonic()` read the engine's clock (virtual time
//! on the virtual engine); `random` is seeded per run, so a virtual run
//! stays deterministic (its sequence is not CPython's Mersenne Twister).

use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::{List, Module, Object};
use crate::vm::request::{io_duration, ClockKind, Request};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use std::sync::Arc;

/// The modules gilsim provides.
pub const NAMES: &[&str] = &[
    "time",
    "sys",
    "math",
    "random",
    "_thread",
    "_process",
    "_interp",
    "os",
    "dataclasses",
    "gilsim_native",
];

/// The methods of `threading.Lock` objects.
pub static LOCK_METHODS: &[&NativeFn] = &[&ACQUIRE, &RELEASE, &ENTER, &EXIT, &LOCKED];

crate::native!(ACQUIRE, "acquire", "lock.acquire", |_, mut a| Err(
    Flow::Request(super::thread_prims::acquire(&mut a)?)
));
crate::native!(RELEASE, "release", "lock.release", |_, a| lock_req(
    &a, false
));
crate::native!(ENTER, "__enter__", "lock.__enter__", |_, a| lock_req(
    &a, true
));
crate::native!(EXIT, "__exit__", "lock.__exit__", |_, a| lock_req(
    &a, false
));
crate::native!(
    LOCKED,
    "locked",
    "lock.locked",
    |_, a| match a.pos.first() {
        Some(Value::Lock(l)) => Err(Flow::Request(Request::Locked(*l))),
        _ => Err(TrapKind::Type("locked() needs a lock".into()).into()),
    }
);

fn lock_req(a: &Args, acquire: bool) -> Result<Value, Flow> {
    match a.pos.first() {
        Some(Value::Lock(l)) => Err(Flow::Request(if acquire {
            Request::Acquire(*l)
        } else {
            Request::Release(*l)
        })),
        _ => Err(TrapKind::Type("a lock method needs a lock".into()).into()),
    }
}

fn make(name: &'static str, attrs: Vec<(&'static str, Value)>) -> Value {
    Value::obj(Object::Module(Module { name, attrs }))
}

fn native(f: &'static NativeFn) -> Value {
    Value::Native(f)
}

/// The module `name`, if gilsim provides it; `file` is the program's
/// (for `sys.argv`).
pub fn module_for(name: &str, file: &str) -> Option<Value> {
    Some(match name {
        "time" => make(
            "time",
            vec![
                ("sleep", native(&SLEEP)),
                ("time", native(&TIME)),
                ("perf_counter", native(&PERF_COUNTER)),
                ("monotonic", native(&MONOTONIC)),
                ("process_time", native(&PERF_COUNTER)),
            ],
        ),
        "sys" => make(
            "sys",
            vec![
                ("argv", List::value(vec![Value::str(file)])),
                ("exit", native(&EXIT_FN)),
                ("getswitchinterval", native(&GETSWITCH)),
                ("setswitchinterval", native(&SETSWITCH)),
                ("getrecursionlimit", native(&GETRECURSION)),
                ("maxsize", Value::Int(i64::MAX)),
                ("version_info", version_info()),
                ("platform", Value::str(platform())),
                (
                    // Not CPython: programs that test for it get gilsim's
                    // own name (CPython's is 'cpython').
                    "implementation",
                    make(
                        "implementation",
                        vec![("name", Value::str("gilsim")), ("version", version_info())],
                    ),
                ),
                ("exc_info", native(&EXC_INFO)),
                (
                    "stderr",
                    make(
                        "stderr",
                        vec![("write", native(&WRITE_ERR)), ("flush", native(&FLUSH))],
                    ),
                ),
                (
                    "stdout",
                    make(
                        "stdout",
                        vec![("write", native(&WRITE_OUT)), ("flush", native(&FLUSH))],
                    ),
                ),
            ],
        ),
        "math" => make("math", super::math::attrs()),
        "random" => make(
            "random",
            vec![
                ("random", native(&RANDOM)),
                ("randint", native(&RANDINT)),
                ("randrange", native(&RANDRANGE)),
                ("uniform", native(&UNIFORM)),
                ("choice", native(&CHOICE)),
                ("shuffle", native(&SHUFFLE)),
                ("seed", native(&SEED)),
            ],
        ),
        "_thread" => make("_thread", super::thread_prims::attrs()),
        "_process" => make("_process", super::process_prims::attrs()),
        "_interp" => make("_interp", super::interp_prims::attrs()),
        "dataclasses" => make(
            "dataclasses",
            vec![
                ("dataclass", native(&super::dataclass::DATACLASS)),
                ("field", native(&super::dataclass::FIELD)),
                (
                    "FrozenInstanceError",
                    Value::Class(Arc::clone(&super::dataclass::FROZEN)),
                ),
            ],
        ),
        "gilsim_native" => make("gilsim_native", vec![("work", native(&WORK))]),
        "os" => make(
            "os",
            vec![
                ("getpid", native(&GETPID)),
                ("getppid", native(&GETPPID)),
                ("cpu_count", native(&super::process_prims::CPU_COUNT)),
                ("getenv", native(&GETENV)),
                ("environ", environ()),
                ("name", Value::str("posix")),
                ("sep", Value::str("/")),
                ("linesep", Value::str("\n")),
            ],
        ),
        _ => return None,
    })
}

/// The module `name` (with an empty `sys.argv[0]`).
pub fn module(name: &str) -> Option<Value> {
    if NAMES.contains(&name) {
        module_for(name, "")
    } else {
        None
    }
}

fn write(vm: &mut crate::vm::Interp, a: &Args, to_stderr: bool) -> Result<Value, Flow> {
    a.arity("write", 1, 1)?;
    let Value::Str(s) = &a.pos[0] else {
        return Err(TrapKind::Type(format!(
            "write() argument must be str, not {}",
            a.pos[0].type_name()
        ))
        .into());
    };
    vm.write_text(s, to_stderr);
    Ok(Value::Int(s.chars().count() as i64))
}

crate::native!(WRITE_OUT, "write", "sys.stdout.write", |vm, a| write(
    vm, &a, false
));
crate::native!(WRITE_ERR, "write", "sys.stderr.write", |vm, a| write(
    vm, &a, true
));
crate::native!(FLUSH, "flush", "sys.stdout.flush", |_, _| Ok(Value::None));

/// `os.environ`: a copy of the environment gilsim runs in.
fn environ() -> Value {
    let d = crate::vm::object::Dict::default();
    {
        let mut m = d.map.lock();
        for (k, v) in std::env::vars() {
            let _ = m.insert(Value::str(k), Value::str(v));
        }
    }
    Value::Dict(Arc::new(d))
}

// `os.getpid()`: gilsim's own pid for the program's process, and one
// past it for each multiprocessing child (children are interpreters of
// gilsim's process; see multiprocessing).
crate::native!(GETPID, "getpid", "os.getpid", |vm, _| Ok(Value::Int(
    std::process::id() as i64 + vm.globals().pid() as i64
)));
crate::native!(GETPPID, "getppid", "os.getppid", |vm, _| Ok(Value::Int(
    if vm.globals().pid() == 0 {
        1
    } else {
        std::process::id() as i64
    }
)));
crate::native!(GETENV, "getenv", "os.getenv", |_, a| {
    a.arity("getenv", 1, 2)?;
    let Value::Str(k) = &a.pos[0] else {
        return Err(TrapKind::Type(format!("str expected, not {}", a.pos[0].type_name())).into());
    };
    Ok(match std::env::var(k.as_str()) {
        Ok(v) => Value::str(v),
        Err(_) => a.pos.get(1).cloned().unwrap_or(Value::None),
    })
});

crate::native!(SLEEP, "sleep", "time.sleep", |_, a| {
    a.arity("sleep", 1, 1)?;
    Err(Flow::Request(Request::Io(io_duration(&a.pos[0])?)))
});
crate::native!(TIME, "time", "time.time", |_, _| Err(Flow::Request(
    Request::Clock(ClockKind::Wall)
)));
crate::native!(PERF_COUNTER, "perf_counter", "time.perf_counter", |_, _| {
    Err(Flow::Request(Request::Clock(ClockKind::Monotonic)))
});
crate::native!(MONOTONIC, "monotonic", "time.monotonic", |_, _| Err(
    Flow::Request(Request::Clock(ClockKind::Monotonic))
));
crate::native!(WORK, "work", "gilsim_native.work", |_, a| {
    a.arity("work", 2, 2)?;
    let release_gil = a.pos[1].truthy();
    match a.pos[0] {
        Value::Int(w) if w >= 0 => Err(Flow::Request(Request::Native {
            work: w as u64,
            release_gil,
        })),
        _ => Err(TrapKind::Value("native work must be a non-negative int").into()),
    }
});
/// `sys.version_info`: the CPython version whose semantics gilsim follows,
/// as a plain tuple (indexable and comparable; no `.major` attributes).
fn version_info() -> Value {
    Value::tuple(vec![
        Value::Int(3),
        Value::Int(11),
        Value::Int(7),
        Value::str("final"),
        Value::Int(0),
    ])
}

/// `sys.platform` of the machine gilsim runs on, spelled as CPython does.
fn platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}

crate::native!(EXC_INFO, "exc_info", "sys.exc_info", |vm, a| {
    a.arity("exc_info", 0, 0)?;
    Ok(match vm.exc_info.last() {
        Some(e) => Value::tuple(vec![super::objects::type_value(e), e.clone(), Value::None]),
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
});
crate::native!(EXIT_FN, "exit", "sys.exit", |_, a| {
    let code = a.pos.first().cloned();
    Err(crate::vm::object::exc::raise("SystemExit", code.into_iter().collect()).into())
});
crate::native!(
    GETSWITCH,
    "getswitchinterval",
    "sys.getswitchinterval",
    |vm, _| { Ok(Value::Float(vm.globals().switch_interval_ns() as f64 / 1e9)) }
);
crate::native!(
    SETSWITCH,
    "setswitchinterval",
    "sys.setswitchinterval",
    |vm, a| {
        a.arity("setswitchinterval", 1, 1)?;
        let s = match a.pos[0] {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => return Err(TrapKind::Type("must be real number".into()).into()),
        };
        if s.is_nan() || s <= 0.0 {
            return Err(TrapKind::Value("switch interval must be strictly positive").into());
        }
        let ns = (s * 1e9).round().min(3.6e12) as u64;
        vm.globals().set_switch_interval_ns(ns);
        Err(Flow::Request(Request::SetSwitchInterval(ns)))
    }
);
crate::native!(
    GETRECURSION,
    "getrecursionlimit",
    "sys.getrecursionlimit",
    |vm, _| { Ok(Value::Int(vm.recursion_limit() as i64)) }
);

crate::native!(RANDOM, "random", "random.random", |vm, _| Ok(Value::Float(
    vm.globals().random()
)));
crate::native!(SEED, "seed", "random.seed", |vm, a| {
    let s = match a.pos.first() {
        Some(Value::Int(i)) => *i as u64,
        Some(other) => crate::vm::object::dict::hash(other)?,
        None => 0,
    };
    vm.globals().seed_random(s);
    Ok(Value::None)
});
crate::native!(RANDINT, "randint", "random.randint", |vm, a| {
    a.arity("randint", 2, 2)?;
    let (lo, hi) = (vm.index_of(&a.pos[0])?, vm.index_of(&a.pos[1])?);
    if hi < lo {
        return Err(TrapKind::Builtin(
            "ValueError",
            format!(
                "empty range for randrange() ({lo}, {}, {})",
                hi + 1,
                hi - lo + 1
            ),
        )
        .into());
    }
    let span = (hi - lo) as u64 + 1;
    Ok(Value::Int(lo + vm.globals().below(span) as i64))
});
crate::native!(RANDRANGE, "randrange", "random.randrange", |vm, a| {
    a.arity("randrange", 1, 3)?;
    let (lo, hi) = if a.pos.len() == 1 {
        (0, vm.index_of(&a.pos[0])?)
    } else {
        (vm.index_of(&a.pos[0])?, vm.index_of(&a.pos[1])?)
    };
    let step = if a.pos.len() == 3 {
        vm.index_of(&a.pos[2])?
    } else {
        1
    };
    let r = crate::vm::object::Range {
        start: lo,
        stop: hi,
        step: if step == 0 { 1 } else { step },
    };
    let n = r.len();
    if n <= 0 || step == 0 {
        return Err(TrapKind::Value("empty range for randrange()").into());
    }
    Ok(Value::Int(r.at(vm.globals().below(n as u64) as i64)))
});
crate::native!(UNIFORM, "uniform", "random.uniform", |vm, a| {
    a.arity("uniform", 2, 2)?;
    let f = |v: &Value| match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        _ => Err(TrapKind::Type("uniform needs numbers".into())),
    };
    let (x, y) = (f(&a.pos[0])?, f(&a.pos[1])?);
    Ok(Value::Float(x + (y - x) * vm.globals().random()))
});
crate::native!(CHOICE, "choice", "random.choice", |vm, a| {
    a.arity("choice", 1, 1)?;
    let items = vm.iter_values(&a.pos[0])?;
    if items.is_empty() {
        return Err(
            TrapKind::Builtin("IndexError", "Cannot choose from an empty sequence".into()).into(),
        );
    }
    let i = vm.globals().below(items.len() as u64) as usize;
    Ok(items[i].clone())
});
crate::native!(SHUFFLE, "shuffle", "random.shuffle", |vm, a| {
    a.arity("shuffle", 1, 1)?;
    let Value::List(l) = &a.pos[0] else {
        return Err(TrapKind::Type("shuffle needs a list".into()).into());
    };
    let mut items = l.snapshot();
    for i in (1..items.len()).rev() {
        let j = vm.globals().below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
    *l.items.lock() = items;
    Ok(Value::None)
});
