//! The arithmetic builtins: `round` (banker's rounding, and CPython's
//! correctly rounded decimal algorithm for `round(x, n)`), `divmod` and
//! `pow` (with the three-argument modular form, negative exponents
//! included), plus the float-to-int conversion they share with `int()`
//! and `math.floor`.

use super::core::{arity, invalid_kw, no_kw, OVERFLOW};
use crate::bytecode::BinOp;
use crate::vm::native::{Args, Flow};
use crate::vm::ops;
use crate::vm::runtime::is_not_implemented;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

crate::native!(ROUND, "round", "round", round);
crate::native!(DIVMOD, "divmod", "divmod", divmod);
crate::native!(POW, "pow", "pow", pow);

/// An integral float as an int: CPython's errors for NaN and infinities,
/// `OverflowError` past 64 bits. `f` must already be rounded.
pub fn float_to_int(f: f64) -> Result<i64, TrapKind> {
    if f.is_nan() {
        return Err(TrapKind::Value("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(TrapKind::Overflow(
            "cannot convert float infinity to integer",
        ));
    }
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    if !(-TWO63..TWO63).contains(&f) {
        return Err(OVERFLOW);
    }
    Ok(f as i64)
}

/// `round(i, nd)` for an int and a negative `nd`: to a multiple of
/// `10**-nd`, ties to even.
pub fn round_int(i: i64, nd: i64) -> Result<i64, TrapKind> {
    if nd >= 0 {
        return Ok(i);
    }
    let k = nd.unsigned_abs();
    if k > 19 {
        // |i| < 9.3e18, below half of 10**20.
        return Ok(0);
    }
    let p = 10i128.pow(k as u32);
    let x = i as i128;
    let (q, r) = (x.div_euclid(p), x.rem_euclid(p));
    let q = if 2 * r > p || (2 * r == p && q & 1 != 0) {
        q + 1
    } else {
        q
    };
    i64::try_from(q * p).map_err(|_| OVERFLOW)
}

/// `round(x, nd)` for a float: the correctly rounded decimal value with
/// `nd` digits after the point (ties to even on the exact binary value),
/// read back as a float, as CPython's `double_round` computes it.
pub fn round_float(x: f64, nd: i64) -> Result<f64, TrapKind> {
    if !x.is_finite() || x == 0.0 || nd > 323 {
        return Ok(x);
    }
    if nd < -308 {
        return Ok(0.0 * x);
    }
    let text = if nd >= 0 {
        format!("{:.*}", nd as usize, x)
    } else {
        round_integer_digits(x, nd.unsigned_abs() as usize)
    };
    let r: f64 = text.parse().unwrap_or(x);
    if r.is_infinite() {
        return Err(TrapKind::Overflow("rounded value too large to represent"));
    }
    Ok(r)
}

/// The decimal text of `x` rounded to a multiple of `10**k` (k >= 1),
/// ties to even, from the exact digits of its integer part.
fn round_integer_digits(x: f64, k: usize) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let a = x.abs();
    let frac_nonzero = a.fract() != 0.0;
    let mut digits: Vec<u8> = format!("{:.0}", a.trunc()).into_bytes();
    if digits.len() < k + 1 {
        let mut padded = vec![b'0'; k + 1 - digits.len()];
        padded.extend_from_slice(&digits);
        digits = padded;
    }
    let split = digits.len() - k;
    let (head, tail) = digits.split_at(split);
    let mut head = head.to_vec();
    let first = tail[0];
    let rest_zero = tail[1..].iter().all(|&d| d == b'0') && !frac_nonzero;
    let up = match first.cmp(&b'5') {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => !rest_zero || head.last().is_some_and(|d| (d - b'0') % 2 == 1),
    };
    if up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    let mut out = String::from(sign);
    out.push_str(std::str::from_utf8(&head).unwrap_or("0"));
    out.extend(std::iter::repeat_n('0', k));
    out
}

fn round(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let number_kw = a.take_kw("number");
    let ndigits_kw = a.take_kw("ndigits");
    invalid_kw(&a, "round")?;
    let n = a.pos.len();
    if n > 2 {
        return Err(
            TrapKind::Type(format!("round() takes at most 2 arguments ({n} given)")).into(),
        );
    }
    let mut pos = a.pos.into_iter();
    let Some(number) = pos.next().or(number_kw) else {
        return Err(
            TrapKind::Type("round() missing required argument 'number' (pos 1)".into()).into(),
        );
    };
    let ndigits = pos.next().or(ndigits_kw);
    let nd = match &ndigits {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.index_of(v)?),
    };
    Ok(match number {
        Value::Int(i) => Value::Int(round_int(i, nd.unwrap_or(0))?),
        Value::Bool(b) => Value::Int(round_int(b as i64, nd.unwrap_or(0))?),
        Value::Float(x) => match nd {
            None => Value::Int(float_to_int(x.round_ties_even())?),
            Some(d) => Value::Float(round_float(x, d)?),
        },
        Value::Instance(_) => {
            let args = ndigits.into_iter().collect();
            match vm.call_dunder(&number, "__round__", args)? {
                Some(r) => r,
                None => return Err(no_round(&number).into()),
            }
        }
        other => return Err(no_round(&other).into()),
    })
}

fn no_round(v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "type {} doesn't define __round__ method",
        v.class_name()
    ))
}

fn is_num(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_))
}

/// Tries `x.__name__(y)` then `y.__rname__(x)` for instances; `None` when
/// neither applies.
fn binary_dunder(
    vm: &mut Interp,
    x: &Value,
    y: &Value,
    name: &str,
    rname: &str,
) -> Result<Option<Value>, TrapKind> {
    if let Some(r) = vm.call_dunder(x, name, vec![y.clone()])? {
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    if let Some(r) = vm.call_dunder(y, rname, vec![x.clone()])? {
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

fn divmod(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "divmod")?;
    arity(a.pos.len(), "divmod", 2, 2)?;
    let (x, y) = (&a.pos[0], &a.pos[1]);
    if is_num(x) && is_num(y) {
        if is_int(x) && is_int(y) {
            if matches!(y, Value::Int(0) | Value::Bool(false)) {
                return Err(TrapKind::ZeroDivision("integer division or modulo by zero").into());
            }
        } else if matches!(y, Value::Int(0) | Value::Bool(false))
            || matches!(y, Value::Float(f) if *f == 0.0)
        {
            return Err(TrapKind::ZeroDivision("float divmod()").into());
        }
        let q = ops::binary(BinOp::FloorDiv, x, y)?;
        let r = ops::binary(BinOp::Mod, x, y)?;
        return Ok(Value::tuple(vec![q, r]));
    }
    if let Some(r) = binary_dunder(vm, x, y, "__divmod__", "__rdivmod__")? {
        return Ok(r);
    }
    Err(TrapKind::Type(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        x.class_name(),
        y.class_name()
    ))
    .into())
}

fn pow(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let base_kw = a.take_kw("base");
    let exp_kw = a.take_kw("exp");
    let mod_kw = a.take_kw("mod");
    invalid_kw(&a, "pow")?;
    let n = a.pos.len();
    if n > 3 {
        return Err(TrapKind::Type(format!("pow() takes at most 3 arguments ({n} given)")).into());
    }
    let mut pos = a.pos.into_iter();
    let Some(base) = pos.next().or(base_kw) else {
        return Err(TrapKind::Type("pow() missing required argument 'base' (pos 1)".into()).into());
    };
    let Some(exp) = pos.next().or(exp_kw) else {
        return Err(TrapKind::Type("pow() missing required argument 'exp' (pos 2)".into()).into());
    };
    match pos.next().or(mod_kw) {
        None | Some(Value::None) => {
            if is_num(&base) && is_num(&exp) {
                return Ok(ops::binary(BinOp::Pow, &base, &exp)?);
            }
            if let Some(r) = binary_dunder(vm, &base, &exp, "__pow__", "__rpow__")? {
                return Ok(r);
            }
            Err(TrapKind::Type(format!(
                "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
                base.class_name(),
                exp.class_name()
            ))
            .into())
        }
        Some(m) => {
            let as_int = |v: &Value| match v {
                Value::Int(i) => Some(*i),
                Value::Bool(b) => Some(*b as i64),
                _ => None,
            };
            match (as_int(&base), as_int(&exp), as_int(&m)) {
                (Some(b), Some(e), Some(m)) => Ok(Value::Int(mod_pow(b, e, m)?)),
                _ => Err(TrapKind::Type(
                    "pow() 3rd argument not allowed unless all arguments are integers".into(),
                )
                .into()),
            }
        }
    }
}

/// `pow(b, e, m)` for ints: the result has the sign of `m`; a negative
/// `e` uses the modular inverse of `b`.
pub fn mod_pow(b: i64, e: i64, m: i64) -> Result<i64, TrapKind> {
    if m == 0 {
        return Err(TrapKind::Value("pow() 3rd argument cannot be 0"));
    }
    let am = m.unsigned_abs() as u128;
    if am == 1 {
        return Ok(0);
    }
    let mut base = (b as i128).rem_euclid(am as i128) as u128;
    if e < 0 {
        base = mod_inverse(base, am).ok_or(TrapKind::Value(
            "base is not invertible for the given modulus",
        ))?;
    }
    let mut e = e.unsigned_abs();
    let mut r: u128 = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = r * base % am;
        }
        base = base * base % am;
        e >>= 1;
    }
    let r = r as i128;
    let r = if m < 0 && r != 0 { r - am as i128 } else { r };
    // |r| < |m|, so it fits.
    Ok(r as i64)
}

/// The inverse of `a` modulo `m` (both below 2**64), if they are coprime.
fn mod_inverse(a: u128, m: u128) -> Option<u128> {
    let (mut old_r, mut r) = (a as i128, m as i128);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    (old_r == 1).then(|| old_s.rem_euclid(m as i128) as u128)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::core::{check_cases, s};

    #[test]
    fn round_half_even_like_cpython() {
        assert_eq!(2.5f64.round_ties_even(), 2.0);
        assert_eq!((-2.5f64).round_ties_even(), -2.0);
        assert_eq!(round_int(1250, -2).unwrap(), 1200);
        assert_eq!(round_int(1350, -2).unwrap(), 1400);
        assert_eq!(round_int(1234, -2).unwrap(), 1200);
        assert_eq!(round_int(-1250, -2).unwrap(), -1200);
        assert_eq!(round_int(-1251, -2).unwrap(), -1300);
        assert_eq!(round_int(12345, -19).unwrap(), 0);
        assert_eq!(
            round_int(9223372036854775807, -18).unwrap(),
            9000000000000000000
        );
        assert!(round_int(i64::MAX, -19).is_err());
        assert_eq!(round_int(7, 3).unwrap(), 7);
    }

    #[test]
    fn round_float_uses_the_exact_decimal_value() {
        // Values are CPython 3.11's.
        assert_eq!(round_float(0.125, 2).unwrap(), 0.12);
        assert_eq!(round_float(2.675, 2).unwrap(), 2.67);
        assert_eq!(round_float(1.23456, 3).unwrap(), 1.235);
        assert_eq!(round_float(2.567, 2).unwrap(), 2.57);
        assert_eq!(round_float(1234.5, -2).unwrap(), 1200.0);
        assert_eq!(round_float(1250.0, -2).unwrap(), 1200.0);
        assert_eq!(round_float(1250.5, -2).unwrap(), 1300.0);
        assert_eq!(round_float(5.0, -1).unwrap(), 0.0);
        assert_eq!(round_float(15.0, -1).unwrap(), 20.0);
        assert_eq!(round_float(999.0, -1).unwrap(), 1000.0);
        let z = round_float(-1.0, -1).unwrap();
        assert!(z == 0.0 && z.is_sign_negative());
        let z = round_float(-0.001, 2).unwrap();
        assert!(z == 0.0 && z.is_sign_negative());
        assert_eq!(round_float(1e300, -308).unwrap(), 0.0);
        assert!(round_float(1.7e308, -308).is_err());
        assert!(round_float(f64::NAN, 2).unwrap().is_nan());
        assert_eq!(round_float(f64::INFINITY, -2).unwrap(), f64::INFINITY);
        assert_eq!(round_float(0.1, 400).unwrap(), 0.1);
    }

    #[test]
    fn float_to_int_errors_like_cpython() {
        assert_eq!(float_to_int(-3.0).unwrap(), -3);
        assert_eq!(
            float_to_int(f64::NAN).unwrap_err(),
            TrapKind::Value("cannot convert float NaN to integer")
        );
        assert_eq!(
            float_to_int(f64::NEG_INFINITY).unwrap_err(),
            TrapKind::Overflow("cannot convert float infinity to integer")
        );
        assert_eq!(float_to_int(1e19).unwrap_err(), OVERFLOW);
        assert_eq!(
            float_to_int(-9_223_372_036_854_775_808.0).unwrap(),
            i64::MIN
        );
    }

    #[test]
    fn modular_pow_matches_cpython() {
        assert_eq!(mod_pow(3, 4, 5).unwrap(), 1);
        assert_eq!(mod_pow(7, 2, 10).unwrap(), 9);
        assert_eq!(mod_pow(3, 4, -5).unwrap(), -4);
        assert_eq!(mod_pow(-3, 3, 5).unwrap(), 3);
        assert_eq!(mod_pow(2, -1, 5).unwrap(), 3);
        assert_eq!(mod_pow(2, -1, -5).unwrap(), -2);
        assert_eq!(mod_pow(5, 0, 1).unwrap(), 0);
        assert!(mod_pow(2, -1, 4).is_err());
        assert!(mod_pow(2, 3, 0).is_err());
        assert_eq!(mod_pow(i64::MAX, i64::MAX, i64::MIN).unwrap(), {
            // (2**63-1) is odd, so (2**63-1)**odd ≡ -1 mod 2**63.
            -1
        });
    }

    #[test]
    #[rustfmt::skip]
    fn arithmetic_builtins_behave_like_cpython() {
        let i = Value::Int;
        let f = Value::Float;
        let e = Vec::new;
        check_cases(vec![
            (&ROUND, vec![f(2.5)], e(), "2"),
            (&ROUND, vec![f(3.5)], e(), "4"),
            (&ROUND, vec![f(-2.5)], e(), "-2"),
            (&ROUND, vec![f(0.5)], e(), "0"),
            (&ROUND, vec![f(2.675), i(2)], e(), "2.67"),
            (&ROUND, vec![f(1.23456), i(3)], e(), "1.235"),
            (&ROUND, vec![i(1234), i(-2)], e(), "1200"),
            (&ROUND, vec![i(1250), i(-2)], e(), "1200"),
            (&ROUND, vec![i(1350), i(-2)], e(), "1400"),
            (&ROUND, vec![f(-0.4)], e(), "0"),
            (&ROUND, vec![i(7)], e(), "7"),
            (&ROUND, vec![f(2.0)], e(), "2"),
            (&ROUND, vec![f(2.5), Value::None], e(), "2"),
            (&ROUND, vec![], vec![("number", f(2.5))], "2"),
            (&ROUND, vec![f(2.567)], vec![("ndigits", i(2))], "2.57"),
            (&ROUND, vec![s("1")], e(), "TypeError: type str doesn't define __round__ method"),
            (&ROUND, vec![], e(), "TypeError: round() missing required argument 'number' (pos 1)"),
            (&ROUND, vec![f(f64::INFINITY)], e(), "OverflowError: cannot convert float infinity to integer"),
            (&ROUND, vec![f(1.5), s("a")], e(), "TypeError: 'str' object cannot be interpreted as an integer"),
            (&DIVMOD, vec![i(17), i(5)], e(), "(3, 2)"),
            (&DIVMOD, vec![i(-17), i(5)], e(), "(-4, 3)"),
            (&DIVMOD, vec![i(17), i(-5)], e(), "(-4, -3)"),
            (&DIVMOD, vec![i(-7), i(2)], e(), "(-4, 1)"),
            (&DIVMOD, vec![f(7.5), i(2)], e(), "(3.0, 1.5)"),
            (&DIVMOD, vec![Value::Bool(true), i(2)], e(), "(0, 1)"),
            (&DIVMOD, vec![i(1), i(0)], e(), "ZeroDivisionError: integer division or modulo by zero"),
            (&DIVMOD, vec![i(-7), f(0.0)], e(), "ZeroDivisionError: float divmod()"),
            (&DIVMOD, vec![s("a"), i(1)], e(), "TypeError: unsupported operand type(s) for divmod(): 'str' and 'int'"),
            (&DIVMOD, vec![i(1)], e(), "TypeError: divmod expected 2 arguments, got 1"),
            (&POW, vec![i(2), i(8)], e(), "256"),
            (&POW, vec![i(2), f(0.5)], e(), "1.4142135623730951"),
            (&POW, vec![i(3), i(4), i(5)], e(), "1"),
            (&POW, vec![i(-2), i(3)], e(), "-8"),
            (&POW, vec![i(10), i(-2)], e(), "0.01"),
            (&POW, vec![i(2), i(-1)], e(), "0.5"),
            (&POW, vec![i(7), i(2), i(10)], e(), "9"),
            (&POW, vec![], vec![("base", i(2)), ("exp", i(3))], "8"),
            (&POW, vec![i(0), i(-1)], e(), "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
            (&POW, vec![i(2), i(3), i(0)], e(), "ValueError: pow() 3rd argument cannot be 0"),
            (&POW, vec![i(2), i(-1), i(4)], e(), "ValueError: base is not invertible for the given modulus"),
            (&POW, vec![f(2.0), i(3), i(5)], e(), "TypeError: pow() 3rd argument not allowed unless all arguments are integers"),
            (&POW, vec![s("a"), i(2)], e(), "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'"),
            (&POW, vec![i(2)], e(), "TypeError: pow() missing required argument 'exp' (pos 2)"),
            (&POW, vec![i(1), i(2), i(3), i(4)], e(), "TypeError: pow() takes at most 3 arguments (4 given)"),
        ]);
    }
}
