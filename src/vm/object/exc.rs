//! The builtin exception classes (`BaseException` and its hierarchy, as
//! CPython 3.11 arranges it) and how exceptions are made from Rust: an
//! exception is an ordinary instance of one of these classes (or of a user
//! subclass), its constructor arguments in `args`.

use super::{Attrs, ClassObj, InstanceObj};
use crate::vm::native::{Args, Flow};
use crate::vm::trap::{PyExc, TrapKind};
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::{Arc, LazyLock};

/// (name, parent) in an order where every parent comes first.
const HIERARCHY: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
];

crate::native!(EXC_INIT, "__init__", "BaseException.__init__", exc_init);
crate::native!(EXC_STR, "__str__", "BaseException.__str__", exc_str);
crate::native!(EXC_REPR, "__repr__", "BaseException.__repr__", exc_repr);

/// `object`, the root of every class.
pub static OBJECT: LazyLock<Arc<ClassObj>> = LazyLock::new(|| {
    ClassObj::new("object".into(), vec![], Attrs::default()).expect("object has no bases")
});

static CLASSES: LazyLock<Vec<Arc<ClassObj>>> = LazyLock::new(|| {
    let mut out: Vec<Arc<ClassObj>> = Vec::with_capacity(HIERARCHY.len());
    for (name, parent) in HIERARCHY {
        let base = if parent.is_empty() {
            Arc::clone(&OBJECT)
        } else {
            Arc::clone(
                out.iter()
                    .find(|c| &*c.name == *parent)
                    .expect("parents come first"),
            )
        };
        let mut dict = Attrs::default();
        if parent.is_empty() {
            dict.set("__init__".into(), Value::Native(&EXC_INIT));
            dict.set("__str__".into(), Value::Native(&EXC_STR));
            dict.set("__repr__".into(), Value::Native(&EXC_REPR));
        }
        let c = ClassObj::new((*name).into(), vec![base], dict).expect("a single chain");
        // SAFETY-free trick avoided: `is_exception` comes from the bases,
        // so BaseException itself is marked by rebuilding it.
        let c = if parent.is_empty() {
            Arc::new(ClassObj {
                name: c.name.clone(),
                bases: c.bases.clone(),
                mro_rest: c.mro_rest.clone(),
                dict: parking_lot::Mutex::new(c.dict.lock().clone()),
                id: c.id,
                is_exception: true,
            })
        } else {
            c
        };
        out.push(c);
    }
    out
});

/// Every builtin exception class, `BaseException` first.
pub fn classes() -> &'static [Arc<ClassObj>] {
    &CLASSES
}

/// The builtin exception class `name`.
///
/// # Panics
/// If `name` is not a builtin exception (a bug in the caller).
pub fn class(name: &str) -> Arc<ClassObj> {
    CLASSES
        .iter()
        .find(|c| &*c.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no builtin exception {name}"))
}

/// A new exception instance of `class` with these `args`.
pub fn instance(class: Arc<ClassObj>, args: Vec<Value>) -> Value {
    let inst = InstanceObj::new(class);
    {
        let mut a = inst.attrs.lock();
        if inst.class.is_subclass(&self::class("StopIteration")) {
            a.set("value".into(), args.first().cloned().unwrap_or(Value::None));
        }
        if inst.class.is_subclass(&self::class("SystemExit")) {
            let code = match args.as_slice() {
                [] => Value::None,
                [c] => c.clone(),
                many => Value::tuple(many.to_vec()),
            };
            a.set("code".into(), code);
        }
        a.set("args".into(), Value::tuple(args));
    }
    Value::Instance(inst)
}

/// A [`TrapKind`] raising builtin exception `name` with `args`, its text
/// made without calling Python code.
pub fn raise(name: &str, args: Vec<Value>) -> TrapKind {
    let v = instance(class(name), args);
    let text = plain_text(&v);
    TrapKind::Raised {
        exc: PyExc(v),
        text,
    }
}

/// A [`TrapKind`] raising an instance of `class` (a class made in Rust,
/// like `dataclasses.FrozenInstanceError`) with `args`.
pub fn raise_class(class: &Arc<ClassObj>, args: Vec<Value>) -> TrapKind {
    let v = instance(Arc::clone(class), args);
    let text = plain_text(&v);
    TrapKind::Raised {
        exc: PyExc(v),
        text,
    }
}

/// The exception object a trap stands for (made on first need).
pub fn to_value(kind: &TrapKind) -> Value {
    let (name, msg): (&str, String) = match kind {
        TrapKind::Raised { exc, .. } => return exc.0.clone(),
        TrapKind::ZeroDivision(m) => ("ZeroDivisionError", m.to_string()),
        TrapKind::Type(m) => ("TypeError", m.clone()),
        TrapKind::Overflow(m) => ("OverflowError", m.to_string()),
        TrapKind::Value(m) => ("ValueError", m.to_string()),
        TrapKind::Memory(m) => ("MemoryError", m.to_string()),
        TrapKind::Recursion(_) => (
            "RecursionError",
            "maximum recursion depth exceeded".to_string(),
        ),
        TrapKind::Runtime(m) => ("RuntimeError", m.clone()),
        TrapKind::UnboundLocal(n) => (
            "UnboundLocalError",
            format!("cannot access local variable '{n}' where it is not associated with a value"),
        ),
        TrapKind::Builtin(n, m) => (n, m.clone()),
    };
    let args = if msg.is_empty() {
        vec![]
    } else {
        vec![Value::str(msg)]
    };
    instance(class(name), args)
}

/// The exception's class name, if `v` is an exception instance.
pub fn class_name(v: &Value) -> Option<Arc<str>> {
    match v {
        Value::Instance(i) if i.class.is_exception => Some(i.class.name.clone()),
        _ => None,
    }
}

/// `args` of an exception instance.
pub fn args_of(v: &Value) -> Vec<Value> {
    match v {
        Value::Instance(i) => match i.attrs.lock().get("args") {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => vec![],
        },
        _ => vec![],
    }
}

/// `str(exc)` for the builtin `__str__`, given a repr function for args.
fn str_with(
    v: &Value,
    repr: &mut dyn FnMut(&Value) -> Result<String, TrapKind>,
) -> Result<String, TrapKind> {
    let args = args_of(v);
    let key_error = matches!(v, Value::Instance(i) if i.class.is_subclass(&class("KeyError")));
    Ok(match args.as_slice() {
        [] => String::new(),
        [a] if key_error => repr(a)?,
        [a] => match a {
            Value::Str(s) => s.to_string(),
            other => crate::vm::repr::str_plain(other),
        },
        many => crate::vm::repr::repr_plain(&Value::tuple(many.to_vec())),
    })
}

/// `ClassName: message` without calling Python code (user `__str__` is
/// honoured by the interpreter, which renders the text itself).
pub fn plain_text(v: &Value) -> String {
    let name = class_name(v).unwrap_or_else(|| "Exception".into());
    let msg = str_with(v, &mut |x| Ok(crate::vm::repr::repr_plain(x))).unwrap_or_default();
    if msg.is_empty() {
        name.to_string()
    } else {
        format!("{name}: {msg}")
    }
}

fn exc_init(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let mut pos = a.pos.into_iter();
    if let Some(Value::Instance(i)) = pos.next() {
        let args: Vec<Value> = pos.collect();
        let mut attrs = i.attrs.lock();
        if &*i.class.name == "StopIteration" || i.class.is_subclass(&class("StopIteration")) {
            attrs.set("value".into(), args.first().cloned().unwrap_or(Value::None));
        }
        attrs.set("args".into(), Value::tuple(args));
    }
    Ok(Value::None)
}

fn exc_str(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = a.pos.into_iter().next().unwrap_or(Value::None);
    Ok(Value::str(str_with(&v, &mut |x| vm.repr(x))?))
}

fn exc_repr(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = a.pos.into_iter().next().unwrap_or(Value::None);
    let name = match &v {
        Value::Instance(i) => i.class.name.to_string(),
        _ => "Exception".into(),
    };
    let args = args_of(&v);
    let inner = match args.as_slice() {
        [a] => vm.repr(a)?,
        many => {
            let t = vm.repr(&Value::tuple(many.to_vec()))?;
            t[1..t.len() - 1].trim_end_matches(',').to_string()
        }
    };
    Ok(Value::str(format!("{name}({inner})")))
}
