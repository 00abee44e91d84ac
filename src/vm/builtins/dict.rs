//! The methods of `dict` values.

use crate::vm::native::NativeFn;

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[];
