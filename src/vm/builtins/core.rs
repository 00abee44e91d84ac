//! The builtin functions and types (`len`, `sorted`, `int`, `list`...).

use crate::vm::native::NativeFn;

/// Every builtin function and type, looked up by name.
pub static BUILTINS: &[&NativeFn] = &[];

/// The methods of generators.
pub static GENERATOR_METHODS: &[&NativeFn] = &[];
