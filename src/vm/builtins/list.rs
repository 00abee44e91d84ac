//! The methods of `list` values.

use crate::vm::native::NativeFn;

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[];
