//! The modules a program may import: `time`, `sys`, `random`, `math`,
//! `threading`, and lock methods.

use crate::vm::native::NativeFn;
use crate::vm::value::Value;

/// The methods of `threading.Lock` objects.
pub static LOCK_METHODS: &[&NativeFn] = &[];

/// The module `name`, if gilsim provides it.
pub fn module(name: &str) -> Option<Value> {
    let _ = name;
    None
}
