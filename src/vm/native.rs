//! Functions implemented in Rust: builtins (`len`, `print`), builtin types
//! used as constructors (`int`, `list`), and the methods of builtin
//! values (`str.join`, `list.append`).
//!
//! A native gets the calling thread's [`Interp`] (to call back into Python
//! for `__repr__`, `__eq__`... and to reach the run's shared state) and its
//! arguments, and returns a value or a [`Flow`]: an exception, a request to
//! the engine (`time.sleep`), or a tail call of a Python function (how
//! `sum(generator)` and `map` run as bytecode, interruptible like any
//! Python code, instead of inside one Rust call).

use super::interp::Interp;
use super::request::Request;
use super::trap::TrapKind;
use super::value::Value;
use std::fmt;
use std::sync::Arc;

/// The arguments of a call.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments (for a bound method, the receiver first).
    pub pos: Vec<Value>,
    /// Keyword arguments, in call order.
    pub kw: Vec<(Arc<str>, Value)>,
}

impl Args {
    /// Positional arguments only.
    pub fn new(pos: Vec<Value>) -> Args {
        Args { pos, kw: vec![] }
    }

    /// Takes keyword argument `name` out, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }

    /// Fails with CPython's message if keywords remain (call after taking
    /// the ones the function knows).
    pub fn no_kw(&self, func: &str) -> Result<(), TrapKind> {
        match self.kw.first() {
            None => Ok(()),
            Some((k, _)) => Err(TrapKind::Type(format!(
                "{func}() got an unexpected keyword argument '{k}'"
            ))),
        }
    }

    /// Checks the positional count is within `min..=max`, with CPython's messages.
    pub fn arity(&self, func: &str, min: usize, max: usize) -> Result<(), TrapKind> {
        let n = self.pos.len();
        if n >= min && n <= max {
            return Ok(());
        }
        Err(TrapKind::Type(if min == max {
            match min {
                0 => format!("{func}() takes no arguments ({n} given)"),
                1 => format!("{func}() takes exactly one argument ({n} given)"),
                _ => format!("{func} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!("{func} expected at least {min} argument{}, got {n}", s(min))
        } else {
            format!("{func} expected at most {max} argument{}, got {n}", s(max))
        }))
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// How a native call ends, other than with a value.
#[derive(Debug)]
pub enum Flow {
    /// Raise this exception in the caller.
    Raise(TrapKind),
    /// Ask the engine (sleep, lock, thread start...); the engine pushes the
    /// call's result.
    Request(Request),
    /// Call this Python callable with these arguments; its result is the
    /// native's result (a tail call that runs as ordinary frames).
    Call {
        /// The callable.
        func: Value,
        /// Its arguments.
        args: Args,
    },
}

impl From<TrapKind> for Flow {
    fn from(k: TrapKind) -> Flow {
        Flow::Raise(k)
    }
}

/// A native's implementation.
pub type NativeImpl = fn(&mut Interp, Args) -> Result<Value, Flow>;

/// The builtin types, for `isinstance`, `type()` and calling them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeTag {
    /// `object`
    Object,
    /// `NoneType`
    NoneType,
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `float`
    Float,
    /// `str`
    Str,
    /// `tuple`
    Tuple,
    /// `list`
    List,
    /// `dict`
    Dict,
    /// `set`
    Set,
    /// `frozenset`
    FrozenSet,
    /// `range`
    Range,
    /// `slice`
    Slice,
    /// `type`
    Type,
    /// `bytes`
    Bytes,
    /// functions
    Function,
    /// generators
    Generator,
    /// coroutines
    Coroutine,
    /// async generators
    AsyncGenerator,
    /// `coro.__await__()` iterators
    CoroutineWrapper,
    /// bound methods
    Method,
    /// builtin functions and methods (`len`, `[].append`)
    BuiltinFunction,
}

/// One native function or type.
pub struct NativeFn {
    /// Its name as Python shows it (`len`, `append`, `sleep`).
    pub name: &'static str,
    /// Its qualified name for `.pyasm` and errors (`len`, `list.append`, `time.sleep`).
    pub qualname: &'static str,
    /// The implementation.
    pub call: NativeImpl,
    /// Set when this native is a builtin type called as a constructor.
    pub ty: Option<TypeTag>,
}

impl fmt::Debug for NativeFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<native {}>", self.qualname)
    }
}

/// Declares a `static` [`NativeFn`].
#[macro_export]
macro_rules! native {
    ($id:ident, $name:expr, $qual:expr, $f:expr) => {
        pub static $id: $crate::vm::native::NativeFn = $crate::vm::native::NativeFn {
            name: $name,
            qualname: $qual,
            call: $f,
            ty: None,
        };
    };
    ($id:ident, $name:expr, $qual:expr, $f:expr, $ty:expr) => {
        pub static $id: $crate::vm::native::NativeFn = $crate::vm::native::NativeFn {
            name: $name,
            qualname: $qual,
            call: $f,
            ty: Some($ty),
        };
    };
}
