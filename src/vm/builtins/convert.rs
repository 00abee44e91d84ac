//! The conversion types: `int`, `float`, `str`, `bool`, `list`, `tuple`,
//! `dict`, `set`, `frozenset`, called as constructors, with CPython's
//! parsing rules (`int('1_000')`, `int('0x1f', 0)`, `float(' inf ')`) and
//! error messages. Building a container from a generator or an instance
//! tail-calls the prelude's `collect`, so a long generator runs as
//! ordinary, interruptible Python code.

use super::core::{
    all_items, arity, invalid_kw, lazy_iterable, no_kw, not_iterable, short_repr, tail, BIG,
    OVERFLOW,
};
use super::numeric::float_to_int;
use crate::vm::native::{Args, Flow, TypeTag};
use crate::vm::object::{Dict, DictMap, List, Object};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

crate::native!(INT, "int", "int", int_new, TypeTag::Int);
crate::native!(FLOAT, "float", "float", float_new, TypeTag::Float);
crate::native!(STR, "str", "str", str_new, TypeTag::Str);
crate::native!(BOOL, "bool", "bool", bool_new, TypeTag::Bool);
crate::native!(LIST, "list", "list", list_new, TypeTag::List);
crate::native!(TUPLE, "tuple", "tuple", tuple_new, TypeTag::Tuple);
crate::native!(DICT, "dict", "dict", dict_new, TypeTag::Dict);
crate::native!(SET, "set", "set", set_new, TypeTag::Set);
crate::native!(
    FROZENSET,
    "frozenset",
    "frozenset",
    frozenset_new,
    TypeTag::FrozenSet
);

/// Why a string is not an int.
#[derive(Debug, PartialEq, Eq)]
pub enum IntParseError {
    /// Not a literal in that base.
    Invalid,
    /// A valid literal beyond 64 bits.
    Overflow,
}

/// Strips what Python's `str.strip()` strips.
fn py_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

/// `int(s, base)` for a string: surrounding whitespace, a sign, a base
/// prefix (`0x`, `0o`, `0b`; required to pick the base when `base` is 0),
/// and single underscores between digits. `base` is 0 or 2..=36.
pub fn parse_int(s: &str, base: u32) -> Result<i64, IntParseError> {
    use IntParseError::Invalid;
    let t = py_trim(s);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefix = t.get(..2).map(|p| p.to_ascii_lowercase());
    let prefix_base = match prefix.as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 0,
    };
    let (base, body, prefixed) = if prefix_base != 0 && (base == 0 || base == prefix_base) {
        (prefix_base, &t[2..], true)
    } else if base == 0 {
        (10, t, false)
    } else {
        (base, t, false)
    };
    let body = if prefixed {
        body.strip_prefix('_').unwrap_or(body)
    } else {
        body
    };
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return Err(Invalid);
    }
    let mut acc: i64 = 0;
    for c in body.chars() {
        if c == '_' {
            continue;
        }
        let d = c.to_digit(base).ok_or(Invalid)? as i64;
        // Accumulate negatively so i64::MIN parses.
        acc = acc
            .checked_mul(base as i64)
            .and_then(|a| a.checked_sub(d))
            .ok_or(IntParseError::Overflow)?;
    }
    if neg {
        Ok(acc)
    } else {
        acc.checked_neg().ok_or(IntParseError::Overflow)
    }
}

/// `int(s, 0)`: like [`parse_int`], and a decimal literal may not have
/// leading zeros (`'010'`), as in Python source.
pub fn parse_int_base0(s: &str) -> Result<i64, IntParseError> {
    let t = py_trim(s);
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let lower = unsigned.get(..2).map(|p| p.to_ascii_lowercase());
    let prefixed = matches!(lower.as_deref(), Some("0x" | "0o" | "0b"));
    if !prefixed && unsigned.starts_with('0') && unsigned.chars().any(|c| c != '0' && c != '_') {
        return Err(IntParseError::Invalid);
    }
    parse_int(s, 0)
}

/// `float(s)` for a string: surrounding whitespace, `inf`/`infinity`/`nan`
/// in any case with a sign, and single underscores between digits.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = py_trim(s);
    let b = t.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = b.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if !before || !after {
                return None;
            }
        }
    }
    if !t.is_ascii() {
        return None;
    }
    t.replace('_', "").parse::<f64>().ok()
}

fn int_error(s: &str, base: i64) -> TrapKind {
    TrapKind::Builtin(
        "ValueError",
        format!(
            "invalid literal for int() with base {base}: {}",
            short_repr(s)
        ),
    )
}

/// `int(s, base)` with CPython's errors.
pub fn int_from_str(s: &str, base: i64) -> Result<i64, TrapKind> {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(TrapKind::Value("int() base must be >= 2 and <= 36, or 0"));
    }
    let r = if base == 0 {
        parse_int_base0(s)
    } else {
        parse_int(s, base as u32)
    };
    r.map_err(|e| match e {
        IntParseError::Invalid => int_error(s, base),
        IntParseError::Overflow => OVERFLOW,
    })
}

fn int_new(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let base_kw = a.take_kw("base");
    invalid_kw(&a, "int")?;
    let n = a.pos.len();
    if n > 2 {
        return Err(TrapKind::Type(format!("int() takes at most 2 arguments ({n} given)")).into());
    }
    let mut pos = a.pos.into_iter();
    let x = pos.next();
    let base = match pos.next().or(base_kw) {
        None => None,
        Some(b) => Some(vm.index_of(&b)?),
    };
    let Some(x) = x else {
        return match base {
            None => Ok(Value::Int(0)),
            Some(_) => Err(TrapKind::Type("int() missing string argument".into()).into()),
        };
    };
    if let Some(text) = str_like(&x) {
        return Ok(Value::Int(int_from_str(&text, base.unwrap_or(10))?));
    }
    if base.is_some() {
        return Err(
            TrapKind::Type("int() can't convert non-string with explicit base".into()).into(),
        );
    }
    Ok(Value::Int(match &x {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Float(f) => float_to_int(f.trunc())?,
        Value::Instance(_) => {
            for name in ["__int__", "__index__", "__trunc__"] {
                if let Some(r) = vm.call_dunder(&x, name, vec![])? {
                    return match r {
                        Value::Int(_) => Ok(r),
                        Value::Bool(b) => Ok(Value::Int(b as i64)),
                        other => Err(TrapKind::Type(format!(
                            "{name} returned non-int (type {})",
                            other.class_name()
                        ))
                        .into()),
                    };
                }
            }
            return Err(bad_int(&x).into());
        }
        other => return Err(bad_int(other).into()),
    }))
}

/// The text of a str, or of ASCII bytes (`int(b'12')`).
fn str_like(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        },
        _ => None,
    }
}

fn bad_int(v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        v.class_name()
    ))
}

fn float_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "float")?;
    arity(a.pos.len(), "float", 0, 1)?;
    let Some(x) = a.pos.into_iter().next() else {
        return Ok(Value::Float(0.0));
    };
    if let Some(text) = str_like(&x) {
        return match parse_float(&text) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(TrapKind::Builtin(
                "ValueError",
                format!("could not convert string to float: {}", short_repr(&text)),
            )
            .into()),
        };
    }
    Ok(Value::Float(match &x {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::Instance(_) => {
            if let Some(r) = vm.call_dunder(&x, "__float__", vec![])? {
                return match r {
                    Value::Float(_) => Ok(r),
                    other => Err(TrapKind::Type(format!(
                        "{}.__float__ returned non-float (type {})",
                        x.class_name(),
                        other.class_name()
                    ))
                    .into()),
                };
            }
            if let Some(r) = vm.call_dunder(&x, "__index__", vec![])? {
                return Ok(Value::Float(vm.index_of(&r)? as f64));
            }
            return Err(bad_float(&x).into());
        }
        other => return Err(bad_float(other).into()),
    }))
}

fn bad_float(v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "float() argument must be a string or a real number, not '{}'",
        v.class_name()
    ))
}

fn str_new(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let object_kw = a.take_kw("object");
    let encoding_kw = a.take_kw("encoding");
    let errors_kw = a.take_kw("errors");
    invalid_kw(&a, "str")?;
    let n = a.pos.len();
    if n > 3 {
        return Err(TrapKind::Type(format!("str() takes at most 3 arguments ({n} given)")).into());
    }
    let mut pos = a.pos.into_iter();
    let x = pos.next().or(object_kw);
    let encoding = pos.next().or(encoding_kw);
    let errors = pos.next().or(errors_kw);
    let Some(x) = x else {
        return Ok(Value::str(""));
    };
    if encoding.is_none() && errors.is_none() {
        return Ok(match x {
            Value::Str(_) => x,
            other => Value::str(vm.str(&other)?),
        });
    }
    let encoding = match encoding {
        None => "utf-8".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(TrapKind::Type(format!(
                "str() argument 'encoding' must be str, not {}",
                other.class_name()
            ))
            .into())
        }
    };
    match &x {
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Ok(Value::str(decode(b, &encoding)?)),
            _ => Err(need_bytes(&x).into()),
        },
        Value::Str(_) => Err(TrapKind::Type("decoding str is not supported".into()).into()),
        _ => Err(need_bytes(&x).into()),
    }
}

fn need_bytes(v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "decoding to str: need a bytes-like object, {} found",
        v.class_name()
    ))
}

/// Decodes bytes as UTF-8, ASCII or Latin-1 (strict errors).
pub fn decode(b: &[u8], encoding: &str) -> Result<String, TrapKind> {
    let norm = encoding.to_ascii_lowercase().replace('_', "-");
    match norm.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let byte = b.get(at).copied().unwrap_or(0);
                let reason = match e.error_len() {
                    None => "unexpected end of data",
                    Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => {
                        "invalid start byte"
                    }
                    Some(_) => "invalid continuation byte",
                };
                Err(TrapKind::Builtin(
                    "UnicodeError",
                    format!(
                        "'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {reason}"
                    ),
                ))
            }
        },
        "ascii" | "us-ascii" => match b.iter().position(|c| *c >= 0x80) {
            None => Ok(b.iter().map(|c| *c as char).collect()),
            Some(at) => Err(TrapKind::Builtin(
                "UnicodeError",
                format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
                    b[at]
                ),
            )),
        },
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => {
            Ok(b.iter().map(|c| *c as char).collect())
        }
        _ => Err(TrapKind::Builtin(
            "LookupError",
            format!("unknown encoding: {encoding}"),
        )),
    }
}

fn bool_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "bool")?;
    arity(a.pos.len(), "bool", 0, 1)?;
    match a.pos.first() {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
    }
}

/// The single optional argument of a container constructor.
fn container_arg(a: Args, func: &str) -> Result<Option<Value>, TrapKind> {
    no_kw(&a, func)?;
    arity(a.pos.len(), func, 0, 1)?;
    Ok(a.pos.into_iter().next())
}

/// The items of `v` for a constructor, or (as the `Err`) the tail call
/// of the prelude's `collect(v, ty)`, which builds the value from a list
/// of them.
fn items_or_collect(
    vm: &mut Interp,
    v: &Value,
    ty: &'static crate::vm::native::NativeFn,
) -> Result<Vec<Value>, Flow> {
    if let Some(items) = all_items(v, BIG)? {
        return Ok(items);
    }
    let lazy = lazy_iterable(v) || matches!(v, Value::Obj(o) if matches!(&**o, Object::Range(_)));
    if !lazy {
        return Err(not_iterable(v).into());
    }
    tail(vm, "collect", vec![v.clone(), Value::Native(ty)]).map(|_| vec![])
}

fn list_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(v) = container_arg(a, "list")? else {
        return Ok(List::value(vec![]));
    };
    Ok(List::value(items_or_collect(vm, &v, &LIST)?))
}

fn tuple_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(v) = container_arg(a, "tuple")? else {
        return Ok(Value::tuple(vec![]));
    };
    if let Value::Tuple(_) = v {
        return Ok(v);
    }
    Ok(Value::tuple(items_or_collect(vm, &v, &TUPLE)?))
}

/// A new set or frozenset of `items`.
pub fn make_set(items: Vec<Value>, frozen: bool) -> Result<Value, TrapKind> {
    let mut m = DictMap::default();
    for v in items {
        m.insert(v, Value::None)?;
    }
    Ok(set_value(m, frozen))
}

/// A set or frozenset over `map` (values `None`).
pub fn set_value(map: DictMap, frozen: bool) -> Value {
    Value::obj(Object::Set {
        map: Dict {
            map: parking_lot::Mutex::new(map),
            owner: Default::default(),
        },
        frozen,
    })
}

fn set_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(v) = container_arg(a, "set")? else {
        return Ok(make_set(vec![], false)?);
    };
    Ok(make_set(items_or_collect(vm, &v, &SET)?, false)?)
}

fn frozenset_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(v) = container_arg(a, "frozenset")? else {
        return Ok(make_set(vec![], true)?);
    };
    if let Value::Obj(o) = &v {
        if let Object::Set { frozen: true, .. } = &**o {
            return Ok(v);
        }
    }
    Ok(make_set(items_or_collect(vm, &v, &FROZENSET)?, true)?)
}

fn dict_new(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let kw = std::mem::take(&mut a.kw);
    arity(a.pos.len(), "dict", 0, 1)?;
    let d = Dict::value(DictMap::default());
    match a.pos.into_iter().next() {
        None => {
            super::dict::insert_kw(&d, kw)?;
            Ok(d)
        }
        Some(src) => super::dict::update_from(vm, &d, &src, kw, d.clone()),
    }
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
