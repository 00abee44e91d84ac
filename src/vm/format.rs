//! Formatting values: `format(v, spec)` and f-string replacement fields
//! ([`format_value`], [`conversion`]), `str.format` / `str.format_map`
//! ([`str_format`]) and `%`-formatting ([`percent`]), with CPython 3.11's
//! results and error messages. The spec mini-language and the digit work
//! live in [`super::format_num`]; this module dispatches on values and
//! calls back into Python (`__format__`, `__str__`, `__repr__`) through
//! the interpreter.

use super::format_num::{self as num, parse_spec};
use super::interp::Interp;
use super::trap::TrapKind;
use super::value::{float_repr, Value};
use std::sync::Arc;

pub use super::format_str::{getitem, str_format};
pub use super::percent::percent;

/// A `ValueError` with `msg`.
pub(super) fn value_error(msg: impl Into<String>) -> TrapKind {
    TrapKind::Builtin("ValueError", msg.into())
}

/// `format(v, spec)`: what `FORMAT_VALUE` with a spec and the builtin
/// `format` compute. Instances use their class's `__format__` if it has
/// one; other objects accept only an empty spec (then `str(v)`).
pub fn format_value(vm: &mut Interp, v: &Value, spec: &str) -> Result<String, TrapKind> {
    match v {
        Value::Str(s) if spec.is_empty() => Ok(s.to_string()),
        Value::Str(s) => num::format_str(s, &parse_spec(spec, 's', '<', "str")?),
        Value::Int(i) if spec.is_empty() => Ok(i.to_string()),
        Value::Int(i) => num::format_int(*i, &parse_spec(spec, 'd', '>', "int")?, "int"),
        Value::Bool(b) if spec.is_empty() => Ok(if *b { "True" } else { "False" }.into()),
        Value::Bool(b) => num::format_int(*b as i64, &parse_spec(spec, 'd', '>', "bool")?, "bool"),
        Value::Float(x) if spec.is_empty() => Ok(float_repr(*x)),
        Value::Float(x) => num::format_float(*x, &parse_spec(spec, '\0', '>', "float")?, "float"),
        Value::Instance(_) => match vm.call_dunder(v, "__format__", vec![Value::str(spec)])? {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(TrapKind::Type(format!(
                "__format__ must return a str, not {}",
                other.class_name()
            ))),
            None => object_format(vm, v, spec),
        },
        _ => object_format(vm, v, spec),
    }
}

/// `object.__format__`: `str(v)` for an empty spec, else a `TypeError`.
fn object_format(vm: &mut Interp, v: &Value, spec: &str) -> Result<String, TrapKind> {
    if !spec.is_empty() {
        return Err(TrapKind::Type(format!(
            "unsupported format string passed to {}.__format__",
            v.class_name()
        )));
    }
    vm.str(v)
}

/// The `!r`, `!s` and `!a` conversions of f-strings and `str.format`.
pub fn conversion(vm: &mut Interp, v: &Value, c: char) -> Result<String, TrapKind> {
    match c {
        'r' => vm.repr(v),
        's' => vm.str(v),
        'a' => Ok(ascii_escape(&vm.repr(v)?)),
        c if (c as u32) > 32 && (c as u32) < 127 => {
            Err(value_error(format!("Unknown conversion specifier {c}")))
        }
        c => Err(value_error(format!(
            "Unknown conversion specifier \\x{:x}",
            c as u32
        ))),
    }
}

/// `ascii()` of a repr: non-ASCII characters as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// Where `str.format` finds named fields: the call's keyword arguments,
/// or `format_map`'s mapping.
#[derive(Clone, Copy)]
pub enum Kwargs<'a> {
    /// `str.format(**kwargs)`.
    Pairs(&'a [(Arc<str>, Value)]),
    /// `str.format_map(mapping)`.
    Map(&'a Value),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_escapes_by_width() {
        assert_eq!(ascii_escape("'é€😀'"), "'\\xe9\\u20ac\\U0001f600'");
        assert_eq!(ascii_escape("plain"), "plain");
    }
}
