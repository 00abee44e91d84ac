//! Argument unpacking for the `str` methods: the receiver, positional and
//! keyword arguments, slice indices and widths, each checked with
//! CPython 3.11's wording of the errors.

use crate::vm::format_num::MAX_WIDTH;
use crate::vm::interp::Interp;
use crate::vm::native::{Args, Flow};
use crate::vm::object::List;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use std::sync::Arc;

// ----- argument handling -----

/// How a method takes its arguments (each kind words its errors differently in CPython).
#[derive(Clone, Copy)]
pub(super) enum Sig {
    NoArgs,
    One,
    /// Argument Clinic, positional only: `strip expected at most 1 argument, got 2`.
    Range(usize, usize),
    /// `PyArg_ParseTuple`: `find() takes at least 1 argument (0 given)`.
    Old(usize, usize),
}

/// A `TypeError` raised by a native.
pub(super) fn type_err(msg: impl Into<String>) -> Flow {
    TrapKind::Type(msg.into()).into()
}

/// A `ValueError` with a fixed message, raised by a native.
pub(super) fn value_err(msg: &'static str) -> Flow {
    TrapKind::Value(msg).into()
}

/// `"s"` unless `n` is 1, for counts in messages.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The receiver and the positional arguments after it, checked against `sig`.
pub(super) fn args(a: &Args, name: &str, sig: Sig) -> Result<(Arc<String>, Vec<Value>), TrapKind> {
    let this = receiver(a, name)?;
    let n = a.pos.len() - 1;
    let (old, min, max) = match sig {
        Sig::NoArgs => (false, 0, 0),
        Sig::One => (false, 1, 1),
        Sig::Range(lo, hi) => (false, lo, hi),
        Sig::Old(lo, hi) => (true, lo, hi),
    };
    let msg = if !a.kw.is_empty() {
        Some(if old {
            format!("{name}() takes no keyword arguments")
        } else {
            format!("str.{name}() takes no keyword arguments")
        })
    } else if n >= min && n <= max {
        None
    } else {
        Some(match sig {
            Sig::NoArgs => format!("str.{name}() takes no arguments ({n} given)"),
            Sig::One => format!("str.{name}() takes exactly one argument ({n} given)"),
            Sig::Range(..) if n < min => format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            ),
            Sig::Range(..) => format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            ),
            Sig::Old(..) if n < min => format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                plural(min)
            ),
            Sig::Old(..) => format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                plural(max)
            ),
        })
    };
    match msg {
        Some(m) => Err(TrapKind::Type(m)),
        None => Ok((this, a.pos[1..].to_vec())),
    }
}

/// The `str` the method was called on (`self`), or CPython's error for
/// another receiver or none.
pub(super) fn receiver(a: &Args, name: &str) -> Result<Arc<String>, TrapKind> {
    match a.pos.first() {
        Some(Value::Str(s)) => Ok(Arc::clone(s)),
        Some(other) => Err(TrapKind::Type(format!(
            "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
            other.class_name()
        ))),
        None => Err(TrapKind::Type(format!(
            "unbound method str.{name}() needs an argument"
        ))),
    }
}

/// Receiver and parameters `names` of a method taking keywords (Argument
/// Clinic's messages), `None` where not given.
pub(super) fn kw_args(
    a: &Args,
    name: &str,
    names: &[&str],
) -> Result<(Arc<String>, Vec<Option<Value>>), TrapKind> {
    let this = receiver(a, name)?;
    let pos = a.pos.len() - 1;
    let total = pos + a.kw.len();
    if total > names.len() {
        let what = if pos == 0 { " keyword" } else { "" };
        return Err(TrapKind::Type(
            format!(
                "{name}() takes at most {} {what}argument{} ({total} given)",
                names.len(),
                plural(names.len())
            )
            .replace("  ", " "),
        ));
    }
    let mut out: Vec<Option<Value>> = a.pos[1..].iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    for (k, v) in &a.kw {
        match names.iter().position(|n| *n == &**k) {
            None => {
                return Err(TrapKind::Type(format!(
                    "'{k}' is an invalid keyword argument for {name}()"
                )))
            }
            Some(i) if i < pos => {
                return Err(TrapKind::Type(format!(
                    "argument for {name}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
        }
    }
    Ok((this, out))
}

/// A str argument, or `TypeError: {prefix}must be str, not int`.
pub(super) fn want_str<'a>(v: &'a Value, prefix: &str) -> Result<&'a str, TrapKind> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(TrapKind::Type(format!(
            "{prefix}must be str, not {}",
            other.class_name()
        ))),
    }
}

/// A `start`/`end` argument: `None`, an int or an `__index__` object.
pub(super) fn slice_index(vm: &mut Interp, v: Option<&Value>) -> Result<Option<i64>, TrapKind> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::Instance(_))) => {
            vm.index_of(v).map(Some).map_err(|_| {
                TrapKind::Type(
                    "slice indices must be integers or None or have an __index__ method".into(),
                )
            })
        }
        Some(_) => Err(TrapKind::Type(
            "slice indices must be integers or None or have an __index__ method".into(),
        )),
    }
}

/// A padding width: an index, a `MemoryError` past [`MAX_WIDTH`].
pub(super) fn width_arg(vm: &mut Interp, v: &Value) -> Result<i64, TrapKind> {
    let w = vm.index_of(v)?;
    if w > MAX_WIDTH {
        return Err(TrapKind::Builtin("MemoryError", String::new()));
    }
    Ok(w)
}

/// A Python list of the parts, as new `str` values.
pub(super) fn list_of(parts: Vec<&str>) -> Value {
    List::value(parts.into_iter().map(Value::str).collect())
}
