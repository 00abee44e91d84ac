//! The `math` module's integer functions on 64-bit ints (`gcd`, `lcm`,
//! `factorial`, `isqrt`, `comb`, `perm`; `OverflowError` past 64 bits
//! where CPython's ints would grow) and its sums: the exactly rounded
//! `fsum` and `prod`.

use super::core::{
    all_items, arity, invalid_kw, lazy_iterable, no_kw, not_iterable, tail, BIG, OVERFLOW, SMALL,
};
use super::math::{one, real};
use crate::bytecode::BinOp;
use crate::vm::native::{Args, Flow};
use crate::vm::object::List;
use crate::vm::ops;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

crate::native!(GCD, "gcd", "math.gcd", gcd);
crate::native!(LCM, "lcm", "math.lcm", lcm);
crate::native!(FACTORIAL, "factorial", "math.factorial", factorial);
crate::native!(ISQRT, "isqrt", "math.isqrt", isqrt);
crate::native!(COMB, "comb", "math.comb", comb);
crate::native!(PERM, "perm", "math.perm", perm);
crate::native!(FSUM, "fsum", "math.fsum", fsum);
crate::native!(PROD, "prod", "math.prod", prod);

/// The int arguments of a variadic integer function.
fn ints(vm: &mut Interp, a: &Args, qual: &str) -> Result<Vec<i64>, TrapKind> {
    no_kw(a, qual)?;
    a.pos.iter().map(|v| vm.index_of(v)).collect()
}

/// `gcd(a, b)` of magnitudes.
fn gcd_u(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn gcd(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let g = ints(vm, &a, "math.gcd")?
        .iter()
        .fold(0u64, |g, x| gcd_u(g, x.unsigned_abs()));
    Ok(Value::Int(i64::try_from(g).map_err(|_| OVERFLOW)?))
}

fn lcm(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let mut l: u64 = 1;
    for x in ints(vm, &a, "math.lcm")? {
        let x = x.unsigned_abs();
        if x == 0 || l == 0 {
            l = 0;
            continue;
        }
        l = (l / gcd_u(l, x)).checked_mul(x).ok_or(OVERFLOW)?;
    }
    Ok(Value::Int(i64::try_from(l).map_err(|_| OVERFLOW)?))
}

fn factorial(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let x = one(&a, "math.factorial")?;
    let n = vm.index_of(&x)?;
    if n < 0 {
        return Err(TrapKind::Value("factorial() not defined for negative values").into());
    }
    let mut r: i64 = 1;
    for k in 2..=n {
        r = r.checked_mul(k).ok_or(OVERFLOW)?;
    }
    Ok(Value::Int(r))
}

/// The integer square root of `n >= 0`.
pub fn isqrt_of(n: i64) -> i64 {
    let mut s = (n as f64).sqrt() as i128;
    let n = n as i128;
    while s * s > n {
        s -= 1;
    }
    while (s + 1) * (s + 1) <= n {
        s += 1;
    }
    s as i64
}

fn isqrt(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let x = one(&a, "math.isqrt")?;
    let n = vm.index_of(&x)?;
    if n < 0 {
        return Err(TrapKind::Value("isqrt() argument must be nonnegative").into());
    }
    Ok(Value::Int(isqrt_of(n)))
}

/// `comb(n, k)` for `0 <= k`, `0 <= n`; `None` past 64 bits.
pub fn comb_of(n: i64, k: i64) -> Option<i64> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut r: i128 = 1;
    for i in 0..k {
        r = r * (n - i) as i128 / (i + 1) as i128;
        if r > i64::MAX as i128 {
            return None;
        }
    }
    Some(r as i64)
}

/// `perm(n, k)` for `0 <= k`, `0 <= n`; `None` past 64 bits.
pub fn perm_of(n: i64, k: i64) -> Option<i64> {
    if k > n {
        return Some(0);
    }
    let mut r: i64 = 1;
    for i in 0..k {
        r = r.checked_mul(n - i)?;
    }
    Some(r)
}

fn n_k(vm: &mut Interp, a: &Args, name: &str, min: usize) -> Result<(i64, Option<i64>), TrapKind> {
    no_kw(a, &format!("math.{name}"))?;
    arity(a.pos.len(), name, min, 2)?;
    let n = vm.index_of(&a.pos[0])?;
    let k = match a.pos.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.index_of(v)?),
    };
    if n < 0 {
        return Err(TrapKind::Value("n must be a non-negative integer"));
    }
    if k.is_some_and(|k| k < 0) {
        return Err(TrapKind::Value("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn comb(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (n, k) = n_k(vm, &a, "comb", 2)?;
    Ok(Value::Int(comb_of(n, k.unwrap_or(0)).ok_or(OVERFLOW)?))
}

fn perm(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (n, k) = n_k(vm, &a, "perm", 1)?;
    Ok(Value::Int(perm_of(n, k.unwrap_or(n)).ok_or(OVERFLOW)?))
}

/// The exactly rounded sum of `xs` (Shewchuk's algorithm, as CPython's
/// `math.fsum`).
pub fn fsum_of(xs: &[f64]) -> Result<f64, TrapKind> {
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for &xsave in xs {
        let mut x = xsave;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(TrapKind::Overflow("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 || special_sum.is_nan() {
        if inf_sum.is_nan() {
            return Err(TrapKind::Value("-inf + inf in fsum"));
        }
        return Ok(special_sum);
    }
    let mut n = partials.len();
    let mut hi = 0.0;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

fn fsum(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let src = one(&a, "math.fsum")?;
    let Some(items) = all_items(&src, BIG)? else {
        if !lazy_iterable(&src) && !matches!(src, Value::Obj(_)) {
            return Err(not_iterable(&src).into());
        }
        return tail(
            vm,
            "call_listed",
            vec![
                Value::Native(&FSUM),
                Value::tuple(vec![]),
                Value::tuple(vec![src]),
                Value::tuple(vec![]),
            ],
        );
    };
    let mut xs = Vec::with_capacity(items.len());
    for v in &items {
        xs.push(real(vm, v)?);
    }
    Ok(Value::Float(fsum_of(&xs)?))
}

fn prod(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let start = a.take_kw("start").unwrap_or(Value::Int(1));
    invalid_kw(&a, "prod")?;
    arity(a.pos.len(), "prod", 1, 1)?;
    let src = a.pos.pop().unwrap_or(Value::None);
    let is_num = |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_));
    match all_items(&src, SMALL)? {
        Some(items) if is_num(&start) && items.iter().all(is_num) => {
            let mut r = start;
            for x in &items {
                r = ops::binary(BinOp::Mul, &r, x)?;
            }
            Ok(r)
        }
        Some(items) => tail(vm, "prod_iter", vec![List::value(items), start]),
        None if lazy_iterable(&src) || matches!(src, Value::Obj(_)) => {
            tail(vm, "prod_iter", vec![src, start])
        }
        None => Err(not_iterable(&src).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::core::{check_cases, ints as int_list, l, s};

    #[test]
    fn integer_functions() {
        assert_eq!(isqrt_of(17), 4);
        assert_eq!(isqrt_of(1_000_000_000_000_000_000), 1_000_000_000);
        assert_eq!(isqrt_of(i64::MAX), 3_037_000_499);
        assert_eq!(comb_of(5, 2), Some(10));
        assert_eq!(comb_of(5, 7), Some(0));
        assert_eq!(comb_of(62, 31), Some(465428353255261088));
        assert_eq!(comb_of(70, 35), None);
        assert_eq!(perm_of(5, 2), Some(20));
        assert_eq!(perm_of(5, 5), Some(120));
        assert_eq!(perm_of(30, 30), None);
        assert_eq!(gcd_u(12, 18), 6);
        assert_eq!(gcd_u(0, 5), 5);
    }

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum_of(&[0.1; 10]).unwrap(), 1.0);
        assert_eq!(fsum_of(&[1e100, 1.0, -1e100]).unwrap(), 1.0);
        assert_eq!(fsum_of(&[]).unwrap(), 0.0);
        assert_eq!(fsum_of(&[f64::INFINITY, 1.0]).unwrap(), f64::INFINITY);
        assert!(fsum_of(&[f64::INFINITY, f64::NEG_INFINITY]).is_err());
        assert!(fsum_of(&[f64::NAN]).unwrap().is_nan());
        assert!(fsum_of(&[f64::MAX, f64::MAX]).is_err());
    }

    #[test]
    #[rustfmt::skip]
    fn functions_behave_like_cpython() {
        let i = Value::Int;
        let f = Value::Float;
        let e = Vec::new;
        check_cases(vec![
            (&ISQRT, vec![i(17)], e(), "4"),
            (&ISQRT, vec![i(-1)], e(), "ValueError: isqrt() argument must be nonnegative"),
            (&GCD, vec![i(12), i(18)], e(), "6"),
            (&GCD, vec![i(-4), i(6)], e(), "2"),
            (&GCD, vec![], e(), "0"),
            (&LCM, vec![i(4), i(6)], e(), "12"),
            (&LCM, vec![], e(), "1"),
            (&FACTORIAL, vec![i(0)], e(), "1"),
            (&FACTORIAL, vec![i(20)], e(), "2432902008176640000"),
            (&FACTORIAL, vec![i(21)], e(), "OverflowError: integer result does not fit in 64 bits"),
            (&FACTORIAL, vec![i(-1)], e(), "ValueError: factorial() not defined for negative values"),
            (&FACTORIAL, vec![f(1.5)], e(), "TypeError: 'float' object cannot be interpreted as an integer"),
            (&COMB, vec![i(5), i(2)], e(), "10"),
            (&COMB, vec![i(5)], e(), "TypeError: comb expected 2 arguments, got 1"),
            (&PERM, vec![i(5), i(2)], e(), "20"),
            (&PERM, vec![i(5)], e(), "120"),
            (&PERM, vec![i(5), i(-1)], e(), "ValueError: k must be a non-negative integer"),
            (&PROD, vec![int_list(&[1, 2, 3, 4])], e(), "24"),
            (&PROD, vec![int_list(&[])], e(), "1"),
            (&PROD, vec![l(vec![f(2.5), i(2)])], vec![("start", i(2))], "10.0"),
            (&PROD, vec![l(vec![s("a"), i(2)])], e(), "tail:prod_iter"),
            (&FSUM, vec![l(vec![f(0.1); 10])], e(), "1.0"),
            (&FSUM, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        ]);
    }
}
