//! The builtin namespace and the methods of builtin values.
//!
//! - [`builtin`] finds a builtin name (`len`, `int`, `ValueError`...),
//!   what `LOAD_BUILTIN` pushes.
//! - [`method`] finds the native method `name` of a builtin value
//!   (`"a,b".split`, `[].append`); instances and classes are looked up by
//!   the interpreter along their MRO instead.
//! - [`module`] makes the modules a program may import.
//!
//! Each file holds one type's or one module's natives.

mod arity;
pub mod convert;
pub mod core;
pub mod dataclass;
pub mod dict;
pub mod interp_prims;
pub mod iterate;
pub mod list;
pub mod math;
pub mod math_int;
pub mod modules;
pub mod numeric;
pub mod objects;
pub mod process_prims;
pub mod set;
pub mod sort;
pub mod str;
mod str_args;
mod str_text;
pub mod thread_prims;
pub mod tuple;

use super::native::NativeFn;
use super::object::{exc, Object};
use super::value::Value;

/// A builtin name's value: a native function or type, a builtin exception
/// class, or `object`.
pub fn builtin(name: &str) -> Option<Value> {
    if let Some(n) = core::BUILTINS
        .iter()
        .chain(objects::BUILTINS.iter())
        .find(|n| n.name == name)
    {
        return Some(Value::Native(n));
    }
    if name == "object" {
        return Some(Value::Class(std::sync::Arc::clone(&exc::OBJECT)));
    }
    exc::classes()
        .iter()
        .find(|c| &*c.name == name)
        .map(|c| Value::Class(std::sync::Arc::clone(c)))
}

/// Every builtin name, for error messages and `dir()`.
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = core::BUILTINS
        .iter()
        .chain(objects::BUILTINS.iter())
        .map(|n| n.name)
        .collect();
    v.push("object");
    v
}

/// The native method `name` of a builtin value, if it has one.
pub fn method(recv: &Value, name: &str) -> Option<&'static NativeFn> {
    let table: &[&'static NativeFn] = match recv {
        Value::Str(_) => str::METHODS,
        Value::List(_) => list::METHODS,
        Value::Dict(_) => dict::METHODS,
        Value::Tuple(_) => tuple::METHODS,
        Value::Lock(_) => modules::LOCK_METHODS,
        Value::Obj(o) => match &**o {
            Object::Set { .. } => set::METHODS,
            _ => return None,
        },
        _ => return None,
    };
    table.iter().copied().find(|n| n.name == name)
}

/// The module `name`, if gilsim provides it.
pub fn module(name: &str) -> Option<Value> {
    modules::module(name)
}
