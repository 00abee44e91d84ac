//! The builtin namespace's table ([`BUILTINS`]), the small builtins
//! (`len`, `abs`, `range`, `chr`, `ord`, `hex`, `bin`, `oct`, `format`)
//! and the helpers the other builtin files share: CPython's argument
//! count messages (written in [`super::arity`], re-exported here), tail calls of the Python prelude (prelude.py), and
//! taking the items of a builtin container without running Python code.
//!
//! The conversions (`int`, `float`, `list`...) live in [`super::convert`],
//! the arithmetic builtins (`round`, `divmod`, `pow`) in
//! [`super::numeric`], the iteration builtins (`min`, `sorted`, `zip`...)
//! in [`super::iterate`].

use super::{convert, iterate, numeric};
use crate::vm::native::{Args, Flow, NativeFn, TypeTag};
use crate::vm::object::{IterState, Object, Range};
use crate::vm::repr::str_literal;
use crate::vm::runtime::native_items;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

/// Every builtin function and type, looked up by name.
pub static BUILTINS: &[&NativeFn] = &[
    &LEN,
    &ABS,
    &RANGE,
    &CHR,
    &ORD,
    &HEX,
    &BIN,
    &OCT,
    &FORMAT,
    &convert::INT,
    &convert::FLOAT,
    &convert::STR,
    &convert::BOOL,
    &convert::LIST,
    &convert::TUPLE,
    &convert::DICT,
    &convert::SET,
    &convert::FROZENSET,
    &numeric::ROUND,
    &numeric::DIVMOD,
    &numeric::POW,
    &iterate::MIN,
    &iterate::MAX,
    &iterate::SUM,
    &iterate::SORTED,
    &iterate::REVERSED,
    &iterate::ENUMERATE,
    &iterate::ZIP,
    &iterate::MAP,
    &iterate::FILTER,
    &iterate::ANY,
    &iterate::ALL,
    // VM builtins appended below
];

crate::native!(LEN, "len", "len", len);
crate::native!(ABS, "abs", "abs", abs);
crate::native!(RANGE, "range", "range", range_new, TypeTag::Range);
crate::native!(CHR, "chr", "chr", chr);
crate::native!(ORD, "ord", "ord", ord);
crate::native!(HEX, "hex", "hex", hex);
crate::native!(BIN, "bin", "bin", bin);
crate::native!(OCT, "oct", "oct", oct);
crate::native!(FORMAT, "format", "format", format);

/// What a 64-bit int result that does not fit raises (as in `ops`).
pub(crate) const OVERFLOW: TrapKind = TrapKind::Overflow("integer result does not fit in 64 bits");

/// The most values a lazy consumer (`sum`, `any`, `enumerate`, `zip`...)
/// takes out of a range at once; longer ranges are consumed by prelude
/// code, interruptibly.
pub(crate) const SMALL: i64 = 1 << 20;

/// The most values a constructor (`list`, `tuple`, `set`...) takes out of
/// a range or range iterator in one native step.
pub(crate) const BIG: i64 = 1 << 26;

// ---------------------------------------------------------------------
// Helpers shared by the builtin files.
// ---------------------------------------------------------------------

pub(crate) use super::arity::{arity, invalid_kw, no_kw};

/// Tail-calls the prelude function `name` with `args` (every argument
/// explicit): its result becomes the calling native's result.
pub(crate) fn tail(vm: &mut Interp, name: &str, args: Vec<Value>) -> Result<Value, Flow> {
    Err(Flow::Call {
        func: vm.prelude(name)?,
        args: Args::new(args),
    })
}

/// `'int' object is not iterable`.
pub(crate) fn not_iterable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not iterable", v.class_name()))
}

/// True for values whose iteration may run Python code or must stay
/// lazy: instances, generators and native iterators. Other values without
/// native items are not iterable at all.
pub(crate) fn lazy_iterable(v: &Value) -> bool {
    match v {
        Value::Instance(_) => true,
        Value::Obj(o) => matches!(
            &**o,
            Object::Generator(_) | Object::Iter(_) | Object::CoroWrapper(_) | Object::AgAwait(_)
        ),
        _ => false,
    }
}

/// The items of a builtin container (list, tuple, str, dict, set, bytes,
/// or a range of at most `limit` values) without running Python code;
/// `None` for everything else, native iterators included (a lazy consumer
/// such as `zip` or `any` must take their items one at a time).
pub(crate) fn container_items(v: &Value, limit: i64) -> Result<Option<Vec<Value>>, TrapKind> {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Dict(_) => native_items(v),
        Value::Obj(o) => match &**o {
            Object::Range(r) if r.len() > limit => Ok(None),
            Object::Range(_) | Object::Set { .. } | Object::Bytes(_) => native_items(v),
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Like [`container_items`], but also drains a native iterator (for
/// consumers that take every item anyway: `sum`, `min`, `list`...), unless
/// it would give more than `limit` values.
pub(crate) fn all_items(v: &Value, limit: i64) -> Result<Option<Vec<Value>>, TrapKind> {
    if let Value::Obj(o) = v {
        if let Object::Iter(state) = &**o {
            if let IterState::Range { left, .. } = &*state.lock() {
                if *left > limit {
                    return Ok(None);
                }
            }
            return native_items(v);
        }
    }
    container_items(v, limit)
}

/// Calls `f` with one argument in Rust when `f` is a native (a builtin
/// function or type, or a native method bound to its receiver); `Ok(None)`
/// when the call must run as Python code (`f` is a Python function, or the
/// native itself asked for a tail call or an engine request).
pub(crate) fn native_call1(
    vm: &mut Interp,
    f: &Value,
    x: Value,
) -> Result<Option<Value>, TrapKind> {
    let (n, pos): (&'static NativeFn, Vec<Value>) = match f {
        Value::Native(n) => (*n, vec![x]),
        Value::Obj(o) => match &**o {
            Object::NativeBound { obj, func } => (*func, vec![obj.clone(), x]),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    match (n.call)(vm, Args::new(pos)) {
        Ok(v) => Ok(Some(v)),
        Err(Flow::Raise(e)) => Err(e),
        Err(_) => Ok(None),
    }
}

/// `key(x)` for every item when `key` is a native ([`native_call1`]);
/// `Ok(None)` when the keys must be computed by Python code.
pub(crate) fn native_keys(
    vm: &mut Interp,
    key: &Value,
    items: &[Value],
) -> Result<Option<Vec<Value>>, TrapKind> {
    if !matches!(key, Value::Native(_) | Value::Obj(_)) {
        return Ok(None);
    }
    let mut keys = Vec::with_capacity(items.len());
    for x in items {
        match native_call1(vm, key, x.clone())? {
            Some(k) => keys.push(k),
            None => return Ok(None),
        }
    }
    Ok(Some(keys))
}

/// A native iterator over a snapshot of `items`.
pub(crate) fn iter_over(items: Vec<Value>) -> Value {
    Value::obj(Object::Iter(parking_lot::Mutex::new(IterState::Seq {
        items: Value::tuple(items),
        index: 0,
    })))
}

// ---------------------------------------------------------------------
// The small builtins.
// ---------------------------------------------------------------------

fn one_arg(a: Args, func: &str) -> Result<Value, TrapKind> {
    no_kw(&a, func)?;
    arity(a.pos.len(), func, 1, 1)?;
    Ok(a.pos.into_iter().next().unwrap_or(Value::None))
}

fn len(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = one_arg(a, "len")?;
    // A `__len__` written in Python: a tail call, run as a frame.
    if let Some(func) = crate::vm::dunder_frames::python_dunder(&v, "__len__") {
        let args = Args::new(vec![v]);
        return Err(Flow::Call { func, args });
    }
    Ok(Value::Int(vm.len(&v)?))
}

fn abs(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = one_arg(a, "abs")?;
    Ok(match v {
        Value::Int(i) => Value::Int(i.checked_abs().ok_or(OVERFLOW)?),
        Value::Bool(b) => Value::Int(b as i64),
        Value::Float(f) => Value::Float(f.abs()),
        Value::Instance(_) => match vm.call_dunder(&v, "__abs__", vec![])? {
            Some(r) => r,
            None => return Err(bad_abs(&v).into()),
        },
        other => return Err(bad_abs(&other).into()),
    })
}

fn bad_abs(v: &Value) -> TrapKind {
    TrapKind::Type(format!("bad operand type for abs(): '{}'", v.class_name()))
}

fn range_new(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "range")?;
    arity(a.pos.len(), "range", 1, 3)?;
    let mut ints = Vec::with_capacity(3);
    for v in &a.pos {
        ints.push(vm.index_of(v)?);
    }
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => return Err(TrapKind::Type("range expected at least 1 argument, got 0".into()).into()),
    };
    if step == 0 {
        return Err(TrapKind::Value("range() arg 3 must not be zero").into());
    }
    Ok(Value::obj(Object::Range(Range { start, stop, step })))
}

/// `chr(i)`; lone surrogates (U+D800..U+DFFF), which Rust strings cannot
/// hold, become U+FFFD.
pub fn chr_of(i: i64) -> Result<char, TrapKind> {
    if !(0..0x110000).contains(&i) {
        return Err(TrapKind::Value("chr() arg not in range(0x110000)"));
    }
    Ok(char::from_u32(i as u32).unwrap_or('\u{fffd}'))
}

fn chr(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = one_arg(a, "chr")?;
    let i = vm.index_of(&v)?;
    Ok(Value::str(chr_of(i)?.to_string()))
}

fn ord(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let v = one_arg(a, "ord")?;
    let n = match &v {
        Value::Str(s) => {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => return Ok(Value::Int(c as i64)),
                _ => s.chars().count(),
            }
        }
        Value::Obj(o) => match &**o {
            Object::Bytes(b) if b.len() == 1 => return Ok(Value::Int(b[0] as i64)),
            Object::Bytes(b) => b.len(),
            _ => return Err(bad_ord(&v).into()),
        },
        _ => return Err(bad_ord(&v).into()),
    };
    Err(TrapKind::Type(format!(
        "ord() expected a character, but string of length {n} found"
    ))
    .into())
}

fn bad_ord(v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "ord() expected string of length 1, but {} found",
        v.class_name()
    ))
}

/// `hex`, `oct` and `bin` of an int: sign, prefix, digits.
pub fn radix_str(i: i64, radix: u32) -> String {
    let sign = if i < 0 { "-" } else { "" };
    let m = i.unsigned_abs();
    match radix {
        16 => format!("{sign}0x{m:x}"),
        8 => format!("{sign}0o{m:o}"),
        _ => format!("{sign}0b{m:b}"),
    }
}

fn radix(vm: &mut Interp, a: Args, func: &str, r: u32) -> Result<Value, Flow> {
    let v = one_arg(a, func)?;
    let i = vm.index_of(&v)?;
    Ok(Value::str(radix_str(i, r)))
}

fn hex(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    radix(vm, a, "hex", 16)
}

fn oct(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    radix(vm, a, "oct", 8)
}

fn bin(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    radix(vm, a, "bin", 2)
}

fn format(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "format")?;
    arity(a.pos.len(), "format", 1, 2)?;
    let mut pos = a.pos.into_iter();
    let v = pos.next().unwrap_or(Value::None);
    let spec = match pos.next() {
        None => String::new(),
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(TrapKind::Type(format!(
                "format() argument 2 must be str, not {}",
                other.class_name()
            ))
            .into())
        }
    };
    Ok(Value::str(crate::vm::format::format_value(vm, &v, &spec)?))
}

/// `repr()` of a string argument for error messages, cut like CPython's
/// `%.200R`.
pub(crate) fn short_repr(s: &str) -> String {
    let r = str_literal(s);
    if r.chars().count() > 200 {
        r.chars().take(200).collect()
    } else {
        r
    }
}

/// A bare interpreter for calling natives in unit tests (no Python code
/// runs: nested calls and prelude tail calls fail).
#[cfg(test)]
pub(crate) fn test_vm() -> Interp {
    use std::sync::Arc;
    let src = ".func main()\n    LOAD_CONST 0\n    RETURN_VALUE\n.end\n";
    let p = Arc::new(crate::asm::assemble("t.pyasm", src).expect("assembles"));
    let globals = Arc::new(crate::vm::Globals::new(&p));
    let out = Arc::new(crate::vm::Capture::default());
    Interp::new(p, globals, out, 0, vec![], 50).expect("starts")
}

/// Calls native `f` with positional `pos` and keywords `kw` on `vm`: its
/// value, or the error's text (a prelude tail call shows as `tail:NAME`).
#[cfg(test)]
pub(crate) fn call(
    vm: &mut Interp,
    f: &NativeFn,
    pos: Vec<Value>,
    kw: Vec<(&str, Value)>,
) -> Result<Value, String> {
    let args = Args {
        pos,
        kw: kw.into_iter().map(|(k, v)| (k.into(), v)).collect(),
    };
    match (f.call)(vm, args) {
        Ok(v) => Ok(v),
        Err(Flow::Raise(TrapKind::Runtime(m))) if m.contains("no prelude function ") => {
            let name = m.split("no prelude function ").nth(1).unwrap_or("");
            Err(format!("tail:{}", name.split(' ').next().unwrap_or("")))
        }
        Err(Flow::Raise(k)) => Err(k.to_string()),
        Err(Flow::Call {
            func: Value::Func(f),
            ..
        }) => Err(format!("tail:{}", f.name.trim_start_matches("prelude."))),
        Err(other) => Err(format!("{other:?}")),
    }
}

/// [`call`], shown as the value's repr or the error's text.
#[cfg(test)]
pub(crate) fn call_repr(
    vm: &mut Interp,
    f: &NativeFn,
    pos: Vec<Value>,
    kw: Vec<(&str, Value)>,
) -> String {
    match call(vm, f, pos, kw) {
        Ok(v) => crate::vm::repr::repr_plain(&v),
        Err(e) => e,
    }
}

/// A native's test case: the native, positional and keyword arguments,
/// and the expected repr or error text.
#[cfg(test)]
pub(crate) type Case<'a> = (&'a NativeFn, Vec<Value>, Vec<(&'a str, Value)>, &'a str);

/// Checks each `(native, positional, keywords, expected)` case.
#[cfg(test)]
pub(crate) fn check_cases(cases: Vec<Case<'_>>) {
    let mut vm = test_vm();
    for (f, pos, kw, want) in cases {
        let shown = format!("{} {:?}", f.qualname, pos);
        assert_eq!(call_repr(&mut vm, f, pos, kw), want, "{shown}");
    }
}

/// Test shorthands: a list value, a string value.
#[cfg(test)]
pub(crate) fn l(items: Vec<Value>) -> Value {
    crate::vm::object::List::value(items)
}

/// A string value.
#[cfg(test)]
pub(crate) fn s(text: &str) -> Value {
    Value::str(text)
}

/// A list of ints.
#[cfg(test)]
pub(crate) fn ints(xs: &[i64]) -> Value {
    l(xs.iter().map(|x| Value::Int(*x)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_messages_match_cpython() {
        let msg = |r: Result<(), TrapKind>| match r {
            Err(TrapKind::Type(m)) => m,
            other => format!("{other:?}"),
        };
        assert_eq!(
            msg(arity(0, "len", 1, 1)),
            "len() takes exactly one argument (0 given)"
        );
        assert_eq!(
            msg(arity(1, "list.copy", 0, 0)),
            "list.copy() takes no arguments (1 given)"
        );
        assert_eq!(
            msg(arity(1, "insert", 2, 2)),
            "insert expected 2 arguments, got 1"
        );
        assert_eq!(
            msg(arity(0, "min", 1, usize::MAX)),
            "min expected at least 1 argument, got 0"
        );
        assert_eq!(
            msg(arity(4, "range", 1, 3)),
            "range expected at most 3 arguments, got 4"
        );
        assert!(arity(2, "get", 1, 2).is_ok());
    }

    #[test]
    fn radix_strings_match_cpython() {
        assert_eq!(radix_str(255, 16), "0xff");
        assert_eq!(radix_str(-255, 16), "-0xff");
        assert_eq!(radix_str(0, 2), "0b0");
        assert_eq!(radix_str(-10, 2), "-0b1010");
        assert_eq!(radix_str(-8, 8), "-0o10");
        assert_eq!(radix_str(i64::MIN, 16), "-0x8000000000000000");
    }

    #[test]
    fn chr_checks_its_range() {
        assert_eq!(chr_of(65).unwrap(), 'A');
        assert_eq!(chr_of(0x10ffff).unwrap(), '\u{10ffff}');
        assert!(chr_of(-1).is_err());
        assert!(chr_of(0x110000).is_err());
        assert_eq!(chr_of(0xd800).unwrap(), '\u{fffd}');
    }

    #[test]
    fn container_items_leave_iterators_and_big_ranges_alone() {
        let big = Value::obj(Object::Range(Range {
            start: 0,
            stop: 1 << 40,
            step: 1,
        }));
        assert!(container_items(&big, SMALL).unwrap().is_none());
        let small = Value::obj(Object::Range(Range {
            start: 0,
            stop: 3,
            step: 1,
        }));
        assert_eq!(container_items(&small, SMALL).unwrap().unwrap().len(), 3);
        let it = iter_over(vec![Value::Int(1)]);
        assert!(container_items(&it, SMALL).unwrap().is_none());
        assert_eq!(all_items(&it, SMALL).unwrap().unwrap().len(), 1);
        let big_iter = Value::obj(Object::Iter(parking_lot::Mutex::new(IterState::Range {
            next: 0,
            left: 1 << 40,
            step: 1,
        })));
        assert!(all_items(&big_iter, SMALL).unwrap().is_none());
    }

    #[test]
    #[rustfmt::skip]
    fn small_builtins_behave_like_cpython() {
        let i = Value::Int;
        let e = Vec::new;
        check_cases(vec![
            (&LEN, vec![s("abc")], e(), "3"),
            (&LEN, vec![ints(&[1, 2])], e(), "2"),
            (&LEN, vec![i(5)], e(), "TypeError: object of type 'int' has no len()"),
            (&LEN, vec![], e(), "TypeError: len() takes exactly one argument (0 given)"),
            (&ABS, vec![i(-3)], e(), "3"),
            (&ABS, vec![Value::Float(-2.5)], e(), "2.5"),
            (&ABS, vec![Value::Float(-0.0)], e(), "0.0"),
            (&ABS, vec![Value::Bool(true)], e(), "1"),
            (&ABS, vec![s("a")], e(), "TypeError: bad operand type for abs(): 'str'"),
            (&ABS, vec![i(i64::MIN)], e(), "OverflowError: integer result does not fit in 64 bits"),
            (&RANGE, vec![i(5)], e(), "range(0, 5)"),
            (&RANGE, vec![i(1), i(20), i(4)], e(), "range(1, 20, 4)"),
            (&RANGE, vec![i(1), i(2), i(0)], e(), "ValueError: range() arg 3 must not be zero"),
            (&RANGE, vec![Value::Float(1.5)], e(), "TypeError: 'float' object cannot be interpreted as an integer"),
            (&RANGE, vec![], e(), "TypeError: range expected at least 1 argument, got 0"),
            (&RANGE, vec![i(1), i(2), i(3), i(4)], e(), "TypeError: range expected at most 3 arguments, got 4"),
            (&CHR, vec![i(65)], e(), "'A'"),
            (&CHR, vec![i(10)], e(), "'\\n'"),
            (&CHR, vec![i(-1)], e(), "ValueError: chr() arg not in range(0x110000)"),
            (&ORD, vec![s("\n")], e(), "10"),
            (&ORD, vec![s("é")], e(), "233"),
            (&ORD, vec![s("ab")], e(), "TypeError: ord() expected a character, but string of length 2 found"),
            (&ORD, vec![i(1)], e(), "TypeError: ord() expected string of length 1, but int found"),
            (&HEX, vec![i(255)], e(), "'0xff'"),
            (&BIN, vec![i(-10)], e(), "'-0b1010'"),
            (&OCT, vec![Value::Bool(true)], e(), "'0o1'"),
            (&HEX, vec![Value::Float(1.5)], e(), "TypeError: 'float' object cannot be interpreted as an integer"),
        ]);
    }
}
