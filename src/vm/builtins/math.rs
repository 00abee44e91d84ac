//! The `math` module.

use crate::vm::value::Value;

/// The module's attributes.
pub fn attrs() -> Vec<(&'static str, Value)> {
    vec![]
}
