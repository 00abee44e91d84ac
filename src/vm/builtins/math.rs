//! The `math` module: constants, and float functions with CPython's
//! error rules (`ValueError: math domain error` for a NaN made from
//! finite input, `OverflowError: math range error` for an infinity),
//! rounding to ints. The integer functions and the sums are in
//! [`super::math_int`].

use super::core::{arity, invalid_kw, no_kw};
use super::math_int;
use super::numeric::float_to_int;
use crate::vm::native::{Args, Flow};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

const DOMAIN: TrapKind = TrapKind::Value("math domain error");
const RANGE: TrapKind = TrapKind::Overflow("math range error");

/// The module's attributes.
pub fn attrs() -> Vec<(&'static str, Value)> {
    let mut out = vec![
        ("pi", Value::Float(std::f64::consts::PI)),
        ("e", Value::Float(std::f64::consts::E)),
        ("tau", Value::Float(std::f64::consts::TAU)),
        ("inf", Value::Float(f64::INFINITY)),
        ("nan", Value::Float(f64::NAN)),
    ];
    for f in FUNCTIONS {
        out.push((f.name, Value::Native(f)));
    }
    out
}

static FUNCTIONS: &[&crate::vm::native::NativeFn] = &[
    &SQRT,
    &EXP,
    &EXP2,
    &EXPM1,
    &LOG2,
    &LOG10,
    &LOG1P,
    &SIN,
    &COS,
    &TAN,
    &ASIN,
    &ACOS,
    &ATAN,
    &SINH,
    &COSH,
    &TANH,
    &ASINH,
    &ACOSH,
    &ATANH,
    &FABS,
    &CBRT,
    &DEGREES,
    &RADIANS,
    &FLOOR,
    &CEIL,
    &TRUNC,
    &LOG,
    &POW,
    &ATAN2,
    &COPYSIGN,
    &FMOD,
    &HYPOT,
    &math_int::GCD,
    &math_int::LCM,
    &math_int::FACTORIAL,
    &math_int::ISQRT,
    &math_int::COMB,
    &math_int::PERM,
    &ISCLOSE,
    &ISFINITE,
    &ISINF,
    &ISNAN,
    &math_int::FSUM,
    &math_int::PROD,
    &MODF,
    &FREXP,
    &LDEXP,
];

/// A float argument: ints, bools and floats, or an instance's
/// `__float__` / `__index__`.
pub(crate) fn real(vm: &mut Interp, v: &Value) -> Result<f64, TrapKind> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Instance(_) => {
            if let Some(r) = vm.call_dunder(v, "__float__", vec![])? {
                return match r {
                    Value::Float(f) => Ok(f),
                    other => Err(TrapKind::Type(format!(
                        "{}.__float__ returned non-float (type {})",
                        v.class_name(),
                        other.class_name()
                    ))),
                };
            }
            if let Some(r) = vm.call_dunder(v, "__index__", vec![])? {
                return Ok(vm.index_of(&r)? as f64);
            }
            Err(not_real(v))
        }
        _ => Err(not_real(v)),
    }
}

fn not_real(v: &Value) -> TrapKind {
    TrapKind::Type(format!("must be real number, not {}", v.class_name()))
}

/// The single argument of `math.name(x)`.
pub(crate) fn one(a: &Args, qual: &str) -> Result<Value, TrapKind> {
    no_kw(a, qual)?;
    arity(a.pos.len(), qual, 1, 1)?;
    Ok(a.pos[0].clone())
}

/// The two float arguments of `math.name(x, y)`.
fn two_reals(vm: &mut Interp, a: &Args, name: &str) -> Result<(f64, f64), TrapKind> {
    no_kw(a, &format!("math.{name}"))?;
    arity(a.pos.len(), name, 2, 2)?;
    Ok((real(vm, &a.pos[0])?, real(vm, &a.pos[1])?))
}

/// CPython's `math_1`: a NaN from non-NaN input is a domain error; an
/// infinity from finite input is a range error when the function can
/// overflow, else a domain error (`log(0)`).
pub fn math_1(x: f64, f: fn(f64) -> f64, can_overflow: bool) -> Result<f64, TrapKind> {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(DOMAIN);
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { RANGE } else { DOMAIN });
    }
    Ok(r)
}

macro_rules! unary {
    ($id:ident, $name:literal, $f:expr, $overflow:expr) => {
        crate::native!($id, $name, concat!("math.", $name), {
            fn imp(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
                let x = one(&a, concat!("math.", $name))?;
                let x = real(vm, &x)?;
                Ok(Value::Float(math_1(x, $f, $overflow)?))
            }
            imp
        });
    };
}

macro_rules! plain {
    ($id:ident, $name:literal, $f:expr) => {
        crate::native!($id, $name, concat!("math.", $name), {
            fn imp(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
                let x = one(&a, concat!("math.", $name))?;
                let x = real(vm, &x)?;
                let f: fn(f64) -> Value = $f;
                Ok(f(x))
            }
            imp
        });
    };
}

unary!(SQRT, "sqrt", |x| x.sqrt(), false);
unary!(EXP, "exp", |x| x.exp(), true);
unary!(EXP2, "exp2", |x| x.exp2(), true);
unary!(EXPM1, "expm1", |x| x.exp_m1(), true);
unary!(LOG2, "log2", |x| x.log2(), false);
unary!(LOG10, "log10", |x| x.log10(), false);
unary!(LOG1P, "log1p", |x| x.ln_1p(), false);
unary!(SIN, "sin", |x| x.sin(), false);
unary!(COS, "cos", |x| x.cos(), false);
unary!(TAN, "tan", |x| x.tan(), false);
unary!(ASIN, "asin", |x| x.asin(), false);
unary!(ACOS, "acos", |x| x.acos(), false);
unary!(ATAN, "atan", |x| x.atan(), false);
unary!(SINH, "sinh", |x| x.sinh(), true);
unary!(COSH, "cosh", |x| x.cosh(), true);
unary!(TANH, "tanh", |x| x.tanh(), false);
unary!(ASINH, "asinh", |x| x.asinh(), false);
unary!(ACOSH, "acosh", |x| x.acosh(), false);
unary!(ATANH, "atanh", |x| x.atanh(), false);
plain!(FABS, "fabs", |x| Value::Float(x.abs()));
plain!(CBRT, "cbrt", |x| Value::Float(x.cbrt()));
plain!(DEGREES, "degrees", |x| Value::Float(x.to_degrees()));
plain!(RADIANS, "radians", |x| Value::Float(x.to_radians()));
plain!(ISFINITE, "isfinite", |x| Value::Bool(x.is_finite()));
plain!(ISINF, "isinf", |x| Value::Bool(x.is_infinite()));
plain!(ISNAN, "isnan", |x| Value::Bool(x.is_nan()));
plain!(MODF, "modf", |x| {
    let (frac, int) = modf(x);
    Value::tuple(vec![Value::Float(frac), Value::Float(int)])
});
plain!(FREXP, "frexp", |x| {
    let (m, e) = frexp(x);
    Value::tuple(vec![Value::Float(m), Value::Int(e as i64)])
});

crate::native!(FLOOR, "floor", "math.floor", floor);
crate::native!(CEIL, "ceil", "math.ceil", ceil);
crate::native!(TRUNC, "trunc", "math.trunc", trunc);
crate::native!(LOG, "log", "math.log", log);
crate::native!(POW, "pow", "math.pow", pow);
crate::native!(ATAN2, "atan2", "math.atan2", atan2);
crate::native!(COPYSIGN, "copysign", "math.copysign", copysign);
crate::native!(FMOD, "fmod", "math.fmod", fmod);
crate::native!(HYPOT, "hypot", "math.hypot", hypot);
crate::native!(ISCLOSE, "isclose", "math.isclose", isclose);
crate::native!(LDEXP, "ldexp", "math.ldexp", ldexp);

/// `floor`/`ceil`: ints unchanged, floats rounded to an int, instances
/// by their dunder.
fn round_to_int(
    vm: &mut Interp,
    a: Args,
    qual: &str,
    dunder: &str,
    f: fn(f64) -> f64,
) -> Result<Value, Flow> {
    let x = one(&a, qual)?;
    match &x {
        Value::Int(_) => Ok(x),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(v) => Ok(Value::Int(float_to_int(f(*v))?)),
        Value::Instance(_) => match vm.call_dunder(&x, dunder, vec![])? {
            Some(r) => Ok(r),
            None => Ok(Value::Int(float_to_int(f(real(vm, &x)?))?)),
        },
        other => Err(not_real(other).into()),
    }
}

fn floor(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    round_to_int(vm, a, "math.floor", "__floor__", f64::floor)
}

fn ceil(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    round_to_int(vm, a, "math.ceil", "__ceil__", f64::ceil)
}

fn trunc(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let x = one(&a, "math.trunc")?;
    match &x {
        Value::Int(_) => Ok(x),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(v) => Ok(Value::Int(float_to_int(v.trunc())?)),
        _ => match vm.call_dunder(&x, "__trunc__", vec![])? {
            Some(r) => Ok(r),
            None => Err(TrapKind::Type(format!(
                "type {} doesn't define __trunc__ method",
                x.class_name()
            ))
            .into()),
        },
    }
}

/// The natural log with CPython's domain errors.
fn ln(x: f64) -> Result<f64, TrapKind> {
    if x.is_nan() || x == f64::INFINITY {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(DOMAIN);
    }
    Ok(x.ln())
}

fn log(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "math.log")?;
    match a.pos.len() {
        0 => return Err(TrapKind::Type("math.log requires 1 to 2 arguments".into()).into()),
        1 | 2 => {}
        n => {
            return Err(TrapKind::Type(format!("log expected at most 2 arguments, got {n}")).into())
        }
    }
    let num = ln(real(vm, &a.pos[0])?)?;
    let Some(base) = a.pos.get(1) else {
        return Ok(Value::Float(num));
    };
    let den = ln(real(vm, base)?)?;
    if den == 0.0 {
        return Err(TrapKind::ZeroDivision("float division by zero").into());
    }
    Ok(Value::Float(num / den))
}

/// CPython's `math.pow`, special cases included.
pub fn math_pow(x: f64, y: f64) -> Result<f64, TrapKind> {
    if !x.is_finite() || !y.is_finite() {
        let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
        return Ok(if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0) == (x.abs() > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(DOMAIN);
    }
    if r.is_infinite() {
        return Err(if x == 0.0 { DOMAIN } else { RANGE });
    }
    Ok(r)
}

fn pow(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (x, y) = two_reals(vm, &a, "pow")?;
    Ok(Value::Float(math_pow(x, y)?))
}

fn atan2(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (y, x) = two_reals(vm, &a, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn copysign(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (x, y) = two_reals(vm, &a, "copysign")?;
    Ok(Value::Float(x.copysign(y)))
}

fn fmod(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (x, y) = two_reals(vm, &a, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(DOMAIN.into());
    }
    Ok(Value::Float(r))
}

fn hypot(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "math.hypot")?;
    let mut xs = Vec::with_capacity(a.pos.len());
    for v in &a.pos {
        xs.push(real(vm, v)?);
    }
    if xs.iter().any(|x| x.is_infinite()) {
        return Ok(Value::Float(f64::INFINITY));
    }
    Ok(Value::Float(
        xs.iter().fold(0.0, |acc: f64, x| acc.hypot(*x)),
    ))
}

/// CPython's `isclose` test.
pub fn is_close(a: f64, b: f64, rel_tol: f64, abs_tol: f64) -> bool {
    if a == b {
        return true;
    }
    if a.is_infinite() || b.is_infinite() {
        return false;
    }
    let diff = (b - a).abs();
    diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol
}

fn isclose(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let a_kw = a.take_kw("a");
    let b_kw = a.take_kw("b");
    let rel = a.take_kw("rel_tol");
    let abs = a.take_kw("abs_tol");
    invalid_kw(&a, "isclose")?;
    let n = a.pos.len();
    if n > 2 {
        return Err(TrapKind::Type(format!(
            "isclose() takes exactly 2 positional arguments ({n} given)"
        ))
        .into());
    }
    let mut pos = a.pos.into_iter();
    let Some(x) = pos.next().or(a_kw) else {
        return Err(
            TrapKind::Type("isclose() missing required argument 'a' (pos 1)".into()).into(),
        );
    };
    let Some(y) = pos.next().or(b_kw) else {
        return Err(
            TrapKind::Type("isclose() missing required argument 'b' (pos 2)".into()).into(),
        );
    };
    let (x, y) = (real(vm, &x)?, real(vm, &y)?);
    let rel = match rel {
        Some(v) => real(vm, &v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => real(vm, &v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(TrapKind::Value("tolerances must be non-negative").into());
    }
    Ok(Value::Bool(is_close(x, y, rel, abs)))
}

/// `modf(x)`: fractional and integral parts, both with `x`'s sign.
pub fn modf(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0f64.copysign(x), x);
    }
    if x.is_nan() {
        return (x, x);
    }
    (x.fract().copysign(x), x.trunc())
}

/// `frexp(x)`: `(m, e)` with `x == m * 2**e` and `0.5 <= |m| < 1`.
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, adjust) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(54), -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + adjust)
}

/// `ldexp(x, i)`: `x * 2**i`, rounded once; `None` on overflow.
pub fn ldexp_of(x: f64, i: i64) -> Option<f64> {
    if x == 0.0 || !x.is_finite() {
        return Some(x);
    }
    let (m, e) = frexp(x);
    let e = (e as i64).saturating_add(i);
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    if e > 1024 {
        None
    } else if e >= -1021 {
        Some(m * 2.0 * pow2(e - 1))
    } else if e >= -1074 {
        // Exact scaling into the normal range, then one rounding.
        Some(m * pow2(e + 1074) * f64::from_bits(1))
    } else {
        Some(0.0f64.copysign(x))
    }
}

fn ldexp(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "math.ldexp")?;
    arity(a.pos.len(), "ldexp", 2, 2)?;
    let x = real(vm, &a.pos[0])?;
    let i = match &a.pos[1] {
        Value::Int(_) | Value::Bool(_) | Value::Instance(_) => vm.index_of(&a.pos[1])?,
        _ => {
            return Err(
                TrapKind::Type("Expected an int as second argument to ldexp.".into()).into(),
            )
        }
    };
    Ok(Value::Float(ldexp_of(x, i).ok_or(RANGE)?))
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;
