//! Operator semantics: Python's rules for `BINARY_OP`, `COMPARE_OP` and the
//! unary operators on gilsim's values. Ints are 64-bit, so where Python
//! would grow an int gilsim raises `OverflowError` instead of wrapping.

use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::{BinOp, CmpOp};
use std::cmp::Ordering;

/// The longest string a repeat or concatenation may make (1 GiB).
pub const MAX_STR_LEN: usize = 1 << 30;

/// A number view of a value: bools count as ints, as in Python.
enum Num {
    I(i64),
    F(f64),
}

#[inline]
fn num(v: &Value) -> Option<Num> {
    match *v {
        Value::Int(i) => Some(Num::I(i)),
        Value::Bool(b) => Some(Num::I(b as i64)),
        Value::Float(f) => Some(Num::F(f)),
        _ => None,
    }
}

/// The dispatch loop's fast path for `BINARY_OP` on two ints: the common
/// operators that cannot fail except by overflow. `None` means "take the
/// general path" (another operator, or an overflow to report there).
#[inline(always)]
pub fn int_fast(op: BinOp, x: i64, y: i64) -> Option<i64> {
    // Ints are immutable: `x += y` is `x + y`.
    match op {
        BinOp::Add | BinOp::IAdd => x.checked_add(y),
        BinOp::Sub | BinOp::ISub => x.checked_sub(y),
        BinOp::Mul | BinOp::IMul => x.checked_mul(y),
        BinOp::And | BinOp::IAnd => Some(x & y),
        BinOp::Or | BinOp::IOr => Some(x | y),
        BinOp::Xor | BinOp::IXor => Some(x ^ y),
        BinOp::Mod | BinOp::IMod if y != 0 => Some(floor_mod(x, y)),
        BinOp::FloorDiv | BinOp::IFloorDiv if y != 0 && !(x == i64::MIN && y == -1) => {
            Some(floor_div(x, y))
        }
        _ => None,
    }
}

/// An error of `a op b` reported for the in-place `op=` CPython names
/// (`unsupported operand type(s) for +=: ...`).
pub fn inplace_error(op: BinOp, e: TrapKind) -> TrapKind {
    match e {
        TrapKind::Type(m) if op.is_inplace() => {
            let binary = format!("for {}:", op.base().symbol());
            TrapKind::Type(m.replacen(&binary, &format!("for {}:", op.symbol()), 1))
        }
        e => e,
    }
}

/// `a op b` for any operands: Python's rules, errors as [`TrapKind`].
#[inline(never)]
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value, TrapKind> {
    if op.is_inplace() {
        return binary(op.base(), a, b).map_err(|e| inplace_error(op, e));
    }
    match (num(a), num(b)) {
        (Some(Num::I(x)), Some(Num::I(y))) => {
            let r = int_binary(op, x, y)?;
            // bool & bool, bool | bool and bool ^ bool stay bools.
            match (a, b, op, &r) {
                (
                    Value::Bool(_),
                    Value::Bool(_),
                    BinOp::And | BinOp::Or | BinOp::Xor,
                    Value::Int(i),
                ) => Ok(Value::Bool(*i != 0)),
                _ => Ok(r),
            }
        }
        (Some(x), Some(y)) => {
            let x = as_f64(x);
            let y = as_f64(y);
            float_binary(op, x, y).ok_or_else(|| unsupported(op, a, b))?
        }
        _ => str_binary(op, a, b),
    }
}

fn as_f64(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

const OVERFLOW: TrapKind = TrapKind::Overflow("integer result does not fit in 64 bits");

#[inline]
fn int_binary(op: BinOp, x: i64, y: i64) -> Result<Value, TrapKind> {
    let r = match op.base() {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::TrueDiv => {
            if y == 0 {
                return Err(TrapKind::ZeroDivision("division by zero"));
            }
            return Ok(Value::Float(x as f64 / y as f64));
        }
        BinOp::FloorDiv => {
            if y == 0 {
                return Err(TrapKind::ZeroDivision("integer division or modulo by zero"));
            }
            x.checked_div_euclid(y).map(|_| floor_div(x, y))
        }
        BinOp::Mod => {
            if y == 0 {
                return Err(TrapKind::ZeroDivision("integer modulo by zero"));
            }
            Some(floor_mod(x, y))
        }
        BinOp::Pow => return int_pow(x, y),
        BinOp::And => Some(x & y),
        BinOp::Or => Some(x | y),
        BinOp::Xor => Some(x ^ y),
        BinOp::LShift => {
            if y < 0 {
                return Err(TrapKind::Value("negative shift count"));
            }
            if x == 0 {
                Some(0)
            } else if y >= 64 {
                None
            } else {
                let r = x << y;
                (r >> y == x).then_some(r)
            }
        }
        _ => {
            // `>>` (in-place operators are their base here).
            if y < 0 {
                return Err(TrapKind::Value("negative shift count"));
            }
            Some(x >> y.min(63))
        }
    };
    r.map(Value::Int).ok_or(OVERFLOW)
}

/// Python's `//` on ints: rounds toward negative infinity.
#[inline(always)]
fn floor_div(x: i64, y: i64) -> i64 {
    let q = x / y;
    if (x % y != 0) && ((x < 0) != (y < 0)) {
        q - 1
    } else {
        q
    }
}

/// Python's `%` on ints: the result has the sign of the divisor.
#[inline(always)]
fn floor_mod(x: i64, y: i64) -> i64 {
    if y == -1 {
        return 0; // avoids i64::MIN % -1 overflow; the answer is 0.
    }
    let r = x % y;
    if r != 0 && ((r < 0) != (y < 0)) {
        r + y
    } else {
        r
    }
}

fn int_pow(x: i64, y: i64) -> Result<Value, TrapKind> {
    if y < 0 {
        return float_pow(x as f64, y as f64);
    }
    match x {
        0 => Ok(Value::Int(if y == 0 { 1 } else { 0 })),
        1 => Ok(Value::Int(1)),
        -1 => Ok(Value::Int(if y % 2 == 0 { 1 } else { -1 })),
        _ => u32::try_from(y)
            .ok()
            .and_then(|e| x.checked_pow(e))
            .map(Value::Int)
            .ok_or(OVERFLOW),
    }
}

fn float_pow(x: f64, y: f64) -> Result<Value, TrapKind> {
    if x == 0.0 && y < 0.0 {
        return Err(TrapKind::ZeroDivision(
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
        // CPython hands this to complex power, which can overflow first.
        if x.abs().powf(y).is_infinite() {
            return Err(TrapKind::Overflow("complex exponentiation"));
        }
        return Err(TrapKind::Value(
            "negative number raised to a fractional power (complex numbers are not supported)",
        ));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(TrapKind::Overflow("(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(r))
}

/// Float arithmetic; `None` where the operator has no float meaning.
fn float_binary(op: BinOp, x: f64, y: f64) -> Option<Result<Value, TrapKind>> {
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Some(Err(TrapKind::ZeroDivision("float division by zero")));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Some(Err(TrapKind::ZeroDivision("float floor division by zero")));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Some(Err(TrapKind::ZeroDivision("float modulo")));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return Some(float_pow(x, y)),
        _ => return None,
    };
    Some(Ok(Value::Float(r)))
}

/// CPython's `float_divmod` (Objects/floatobject.c), step for step.
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn str_binary(op: BinOp, a: &Value, b: &Value) -> Result<Value, TrapKind> {
    match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            if x.len() + y.len() > MAX_STR_LEN {
                return Err(TrapKind::Memory("string too large"));
            }
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Ok(Value::str(s))
        }
        (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s)) => {
            let n = match n {
                Value::Int(i) => *i,
                Value::Bool(b) => *b as i64,
                _ => return Err(unsupported(op, a, b)),
            };
            let n = usize::try_from(n.max(0)).map_err(|_| TrapKind::Memory("string too large"))?;
            match s.len().checked_mul(n) {
                Some(len) if len <= MAX_STR_LEN => Ok(Value::str(s.repeat(n))),
                _ => Err(TrapKind::Memory("string too large")),
            }
        }
        _ => Err(unsupported(op, a, b)),
    }
}

/// The dispatch loop's fast path for `COMPARE_OP` on two ints.
#[inline(always)]
pub fn int_compare(op: CmpOp, x: i64, y: i64) -> bool {
    match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
    }
}

/// `a op b` as a bool for any operands: Python's rules.
#[inline(never)]
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> Result<bool, TrapKind> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(int_compare(op, *x, *y));
    }
    compare_slow(op, a, b)
}

#[inline]
fn ordering_matches(op: CmpOp, o: Ordering) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

#[cold]
fn compare_slow(op: CmpOp, a: &Value, b: &Value) -> Result<bool, TrapKind> {
    let ord: Option<Ordering> = match (num(a), num(b), a, b) {
        (Some(Num::I(x)), Some(Num::I(y)), _, _) => Some(x.cmp(&y)),
        (Some(Num::F(x)), Some(Num::F(y)), _, _) => x.partial_cmp(&y),
        (Some(Num::I(x)), Some(Num::F(y)), _, _) => cmp_int_float(x, y),
        (Some(Num::F(x)), Some(Num::I(y)), _, _) => cmp_int_float(y, x).map(Ordering::reverse),
        (_, _, Value::Str(x), Value::Str(y)) => Some(x.as_str().cmp(y.as_str())),
        (_, _, Value::None, Value::None) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            Some(Ordering::Equal)
        }
        // Threads and locks compare by identity, as Python objects do.
        (_, _, Value::Thread(x), Value::Thread(y)) | (_, _, Value::Lock(x), Value::Lock(y))
            if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Some(x.cmp(y))
        }
        _ => {
            // Everything else compares by identity (object's default
            // `__eq__`); bound methods by receiver identity and function.
            return match op {
                CmpOp::Eq => Ok(a.is(b) || same_method(a, b)),
                CmpOp::Ne => Ok(!(a.is(b) || same_method(a, b))),
                _ => Err(TrapKind::Type(format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    a.type_name(),
                    b.type_name()
                ))),
            };
        }
    };
    // NaN compares unequal to everything, as in Python.
    Ok(match ord {
        Some(o) => ordering_matches(op, o),
        None => op == CmpOp::Ne,
    })
}

/// Two bound methods of one receiver (by identity) and one function, as
/// CPython's method `==` (3.8+).
pub fn same_method(a: &Value, b: &Value) -> bool {
    use super::object::Object;
    let (Value::Obj(x), Value::Obj(y)) = (a, b) else {
        return false;
    };
    match (&**x, &**y) {
        (Object::Bound { obj: p, func: f }, Object::Bound { obj: q, func: g }) => {
            p.is(q) && f.is(g)
        }
        (Object::NativeBound { obj: p, func: f }, Object::NativeBound { obj: q, func: g }) => {
            p.is(q) && std::ptr::eq(*f, *g)
        }
        _ => false,
    }
}

/// Exact comparison of an int with a float (no rounding of large ints).
fn cmp_int_float(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if f >= TWO63 {
        return Some(Ordering::Less);
    }
    if f < -TWO63 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

/// `-v`.
pub fn negative(v: &Value) -> Result<Value, TrapKind> {
    match *v {
        Value::Int(i) => i.checked_neg().map(Value::Int).ok_or(OVERFLOW),
        Value::Bool(b) => Ok(Value::Int(-(b as i64))),
        Value::Float(f) => Ok(Value::Float(-f)),
        _ => Err(TrapKind::Type(format!(
            "bad operand type for unary -: '{}'",
            v.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(op: BinOp, x: Value, y: Value) -> Result<Value, TrapKind> {
        binary(op, &x, &y)
    }

    #[test]
    fn floor_division_and_modulo_round_like_python() {
        // (a, b, a // b, a % b) as CPython 3.11 computes them.
        for (x, y, q, r) in [
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (7, 2, 3, 1),
            (-7, -2, 3, -1),
        ] {
            assert!(
                matches!(b(BinOp::FloorDiv, Value::Int(x), Value::Int(y)), Ok(Value::Int(v)) if v == q)
            );
            assert!(
                matches!(b(BinOp::Mod, Value::Int(x), Value::Int(y)), Ok(Value::Int(v)) if v == r)
            );
        }
        assert!(matches!(
            b(BinOp::Mod, Value::Int(i64::MIN), Value::Int(-1)),
            Ok(Value::Int(0))
        ));
        assert_eq!(
            b(BinOp::FloorDiv, Value::Int(i64::MIN), Value::Int(-1)).unwrap_err(),
            OVERFLOW
        );
        assert!(
            matches!(b(BinOp::FloorDiv, Value::Float(-7.5), Value::Int(2)), Ok(Value::Float(v)) if v == -4.0)
        );
        assert!(
            matches!(b(BinOp::Mod, Value::Float(7.5), Value::Int(-2)), Ok(Value::Float(v)) if v == -0.5)
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        assert_eq!(
            b(BinOp::Add, Value::Int(i64::MAX), Value::Int(1)).unwrap_err(),
            OVERFLOW
        );
        assert_eq!(
            b(BinOp::Pow, Value::Int(2), Value::Int(63)).unwrap_err(),
            OVERFLOW
        );
        assert_eq!(
            b(BinOp::LShift, Value::Int(1), Value::Int(63)).unwrap_err(),
            OVERFLOW
        );
        assert!(matches!(
            b(BinOp::LShift, Value::Int(-1), Value::Int(63)),
            Ok(Value::Int(i64::MIN))
        ));
        assert!(matches!(
            b(BinOp::Pow, Value::Int(-1), Value::Int(i64::MAX)),
            Ok(Value::Int(-1))
        ));
        assert_eq!(negative(&Value::Int(i64::MIN)).unwrap_err(), OVERFLOW);
    }

    #[test]
    fn int_float_comparison_is_exact() {
        let big = (1i64 << 53) + 1;
        assert!(compare(
            CmpOp::Gt,
            &Value::Int(big),
            &Value::Float((1i64 << 53) as f64)
        )
        .unwrap());
        assert!(compare(CmpOp::Lt, &Value::Int(i64::MAX), &Value::Float(9.3e18)).unwrap());
        assert!(compare(CmpOp::Eq, &Value::Int(3), &Value::Float(3.0)).unwrap());
        assert!(!compare(CmpOp::Eq, &Value::Float(f64::NAN), &Value::Float(f64::NAN)).unwrap());
        assert!(compare(CmpOp::Ne, &Value::Float(f64::NAN), &Value::Int(1)).unwrap());
    }
}
