//! Runtime values: what lives on a thread's stack, in locals, globals and
//! constant pools, and how Python prints them.

use super::native::NativeFn;
use super::object::{ClassObj, Dict, FuncObj, InstanceObj, List, Object};

use std::fmt;
use std::sync::Arc;

/// A gilsim value. 16 bytes (a test pins it): cheap to copy for numbers,
/// one reference count for strings, which are shared immutably across
/// threads as in Python.
///
/// The tag is a full `u64` so a value is two aligned machine words: the
/// dispatch loop moves it with two 8-byte loads and stores instead of a
/// byte-wise copy around padding (measured: ~40% of countdown's time).
#[derive(Clone, Debug)]
#[repr(u64)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`; a bool is an int in arithmetic, as in Python.
    Bool(bool),
    /// A 64-bit signed int. Overflow is a runtime error, never a wrap.
    Int(i64),
    /// A 64-bit float.
    Float(f64),
    /// An immutable string.
    Str(Arc<String>),
    /// A tuple: immutable, shared.
    Tuple(Arc<Vec<Value>>),
    /// A list: mutable, shared, locked per object (PEP 703's rule).
    List(Arc<List>),
    /// A dict (also the backing of sets): insertion-ordered, locked per object.
    Dict(Arc<Dict>),
    /// A function made by `MAKE_FUNCTION` (code, defaults, closure).
    Func(Arc<FuncObj>),
    /// A function or type implemented in Rust (`len`, `int`, `str.join`).
    Native(&'static NativeFn),
    /// A class made by a `class` statement, or a builtin exception class.
    Class(Arc<ClassObj>),
    /// An instance of a class (exceptions included).
    Instance(Arc<InstanceObj>),
    /// Every other object: sets, bound methods, ranges, iterators,
    /// generators, cells, modules, properties... (see [`Object`]).
    Obj(Arc<Object>),
    /// A handle to an interpreter thread (its id), from `START_THREAD`.
    Thread(u32),
    /// A lock (its id in the run's lock table), from `NEW_LOCK`.
    Lock(u32),
    /// Internal: the content of a local slot not yet assigned. Never on the
    /// operand stack; `LOAD_FAST` of it raises `UnboundLocalError`.
    Unbound,
}

impl Value {
    /// Makes a string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Arc::new(s.into()))
    }

    /// The Python type name (`int`, `str`, `NoneType`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Func(_) => "function",
            Value::Native(n) => match n.ty {
                Some(_) => "type",
                None => "builtin_function_or_method",
            },
            Value::Class(c) if c.is_exception || &*c.name == "object" => "type",
            Value::Class(_) => "type",
            Value::Instance(i) => {
                // The class name lives as long as the class; leak-free
                // &'static is impossible, so instances report their kind.
                let _ = i;
                "object"
            }
            Value::Obj(o) => o.type_name(),
            Value::Thread(_) => "Thread",
            Value::Lock(_) => "lock",
            Value::Unbound => "unbound",
        }
    }

    /// Python truthiness: `0`, `0.0`, `""`, `False` and `None` are false.
    #[inline]
    pub fn truthy(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.items.lock().is_empty(),
            Value::Dict(d) => !d.map.lock().is_empty(),
            Value::Obj(o) => match &**o {
                Object::Set { map, .. } => !map.map.lock().is_empty(),
                Object::Range(r) => !r.is_empty(),
                Object::Bytes(b) => !b.is_empty(),
                _ => true,
            },
            Value::Func(_) | Value::Native(_) | Value::Class(_) | Value::Instance(_) => true,
            Value::Thread(_) | Value::Lock(_) => true,
            Value::None | Value::Unbound => false,
        }
    }

    /// Identity of constants for program comparison: floats by bits, so a
    /// disassembly round trip is exact.
    pub fn same_const(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) | (Value::Unbound, Value::Unbound) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Thread(a), Value::Thread(b)) | (Value::Lock(a), Value::Lock(b)) => a == b,
            (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.same_const(y))
            }
            (Value::Native(a), Value::Native(b)) => std::ptr::eq(*a, *b),
            (Value::Class(a), Value::Class(b)) => Arc::ptr_eq(a, b),
            (Value::Func(a), Value::Func(b)) => a.code == b.code,
            _ => false,
        }
    }

    /// The class name of an instance, or the type name of anything else.
    pub fn class_name(&self) -> String {
        match self {
            Value::Instance(i) => i.class.name.to_string(),
            other => other.type_name().to_string(),
        }
    }

    /// The constant as written in `.pyasm` (strings quoted and escaped).
    pub fn to_literal(&self) -> String {
        match self {
            Value::Str(s) => quote_str(s),
            Value::Tuple(t) => {
                let items: Vec<String> = t.iter().map(Value::to_literal).collect();
                if items.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::Native(n) => format!("<{}>", n.qualname),
            other => other.to_string(),
        }
    }
}

/// `str()` of a value, as `print` shows it.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&float_repr(*x)),
            Value::Str(s) => f.write_str(s),
            Value::Tuple(_)
            | Value::List(_)
            | Value::Dict(_)
            | Value::Func(_)
            | Value::Native(_)
            | Value::Class(_)
            | Value::Instance(_)
            | Value::Obj(_) => f.write_str(&super::repr::str_plain(self)),
            Value::Thread(t) => write!(f, "<Thread {t}>"),
            Value::Lock(l) => write!(f, "<lock {l}>"),
            Value::Unbound => f.write_str("<unbound>"),
        }
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed
/// notation for decimal exponents -4..16 and scientific otherwise.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-7".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} always has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (int, frac) = digits.split_at((exp + 1) as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}

/// Quotes a string as a `.pyasm` literal: `"` and `\` escaped, control
/// characters as `\n`, `\t`, `\r`, `\0` or `\u{..}`.
pub fn quote_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn float_repr_matches_python() {
        // Expected strings are what CPython 3.11's repr() prints.
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1.0 / 3.0, "0.3333333333333333"),
            (-0.0, "-0.0"),
            (-2.5, "-2.5"),
            (1234567890123456.0, "1234567890123456.0"),
            (100.0, "100.0"),
            (12.5, "12.5"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x:e})");
        }
    }

    #[test]
    fn truthiness_is_pythons() {
        assert!(!Value::Int(0).truthy());
        assert!(Value::Int(-1).truthy());
        assert!(!Value::Float(0.0).truthy());
        assert!(!Value::str("").truthy());
        assert!(Value::str("0").truthy());
        assert!(!Value::None.truthy());
    }

    #[test]
    fn quoting_escapes_specials() {
        assert_eq!(quote_str("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u{1}\"");
    }
}
