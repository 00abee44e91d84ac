//! Tests of the `math` module's float functions ([`super`]).
use super::*;
use crate::vm::builtins::core::{check_cases, s};

#[test]
fn domain_and_range_errors_follow_cpython() {
    assert_eq!(math_1(-1.0, f64::sqrt, false).unwrap_err(), DOMAIN);
    assert!(math_1(f64::NAN, f64::sqrt, false).unwrap().is_nan());
    assert_eq!(math_1(1000.0, f64::exp, true).unwrap_err(), RANGE);
    assert_eq!(math_1(0.0, f64::log2, false).unwrap_err(), DOMAIN);
    assert_eq!(math_1(f64::INFINITY, f64::sin, false).unwrap_err(), DOMAIN);
    assert_eq!(math_1(1.0, f64::atanh, false).unwrap_err(), DOMAIN);
    assert_eq!(
        math_1(f64::INFINITY, f64::exp, true).unwrap(),
        f64::INFINITY
    );
    assert_eq!(ln(0.0).unwrap_err(), DOMAIN);
    assert_eq!(ln(f64::INFINITY).unwrap(), f64::INFINITY);
}

#[test]
fn pow_special_cases() {
    assert_eq!(math_pow(2.0, 10.0).unwrap(), 1024.0);
    assert_eq!(math_pow(0.0, -1.0).unwrap_err(), DOMAIN);
    assert_eq!(math_pow(-1.0, 0.5).unwrap_err(), DOMAIN);
    assert_eq!(math_pow(10.0, 400.0).unwrap_err(), RANGE);
    assert_eq!(math_pow(0.0, f64::NEG_INFINITY).unwrap(), f64::INFINITY);
    assert_eq!(math_pow(f64::INFINITY, -1.0).unwrap(), 0.0);
    assert_eq!(math_pow(f64::NAN, 0.0).unwrap(), 1.0);
    assert_eq!(math_pow(1.0, f64::NAN).unwrap(), 1.0);
    assert_eq!(math_pow(-2.0, 3.0).unwrap(), -8.0);
}

#[test]
fn float_decomposition() {
    assert_eq!(frexp(8.0), (0.5, 4));
    assert_eq!(frexp(-8.5), (-0.53125, 4));
    assert_eq!(frexp(5e-324), (0.5, -1073));
    assert_eq!(frexp(0.0), (0.0, 0));
    assert_eq!(modf(3.25), (0.25, 3.0));
    assert_eq!(modf(-1.5), (-0.5, -1.0));
    assert!(modf(-2.0).0.is_sign_negative());
    assert_eq!(modf(f64::INFINITY), (0.0, f64::INFINITY));
    assert_eq!(ldexp_of(0.5, 4), Some(8.0));
    assert_eq!(ldexp_of(1.0, -1100), Some(0.0));
    assert_eq!(ldexp_of(1.0, -1074), Some(5e-324));
    assert_eq!(ldexp_of(1.0, 1023), Some(2f64.powi(1023)));
    assert_eq!(ldexp_of(1.0, 2000), None);
    assert_eq!(ldexp_of(f64::MAX, i64::MIN), Some(0.0));
}

#[test]
fn isclose_matches_cpython() {
    assert!(is_close(0.1 + 0.2, 0.3, 1e-9, 0.0));
    assert!(!is_close(1.0, 1.1, 1e-9, 0.0));
    assert!(is_close(1.0, 1.05, 0.1, 0.0));
    assert!(!is_close(f64::INFINITY, 1e308, 1.0, 0.0));
    assert!(is_close(f64::INFINITY, f64::INFINITY, 0.0, 0.0));
}

#[test]
fn every_function_is_an_attribute() {
    let names: Vec<&str> = attrs().iter().map(|(n, _)| *n).collect();
    for want in [
        "pi", "sqrt", "floor", "isqrt", "fsum", "prod", "ldexp", "isclose",
    ] {
        assert!(names.contains(&want), "{want}");
    }
}

#[test]
#[rustfmt::skip]
fn functions_behave_like_cpython() {
    let i = Value::Int;
    let f = Value::Float;
    let e = Vec::new;
    check_cases(vec![
        (&FLOOR, vec![f(2.7)], e(), "2"),
        (&FLOOR, vec![f(-2.7)], e(), "-3"),
        (&CEIL, vec![f(2.1)], e(), "3"),
        (&CEIL, vec![f(-2.1)], e(), "-2"),
        (&CEIL, vec![f(5.0)], e(), "5"),
        (&FLOOR, vec![i(5)], e(), "5"),
        (&FLOOR, vec![Value::Bool(true)], e(), "1"),
        (&TRUNC, vec![f(-2.7)], e(), "-2"),
        (&FLOOR, vec![s("a")], e(), "TypeError: must be real number, not str"),
        (&FLOOR, vec![f(f64::INFINITY)], e(), "OverflowError: cannot convert float infinity to integer"),
        (&TRUNC, vec![s("a")], e(), "TypeError: type str doesn't define __trunc__ method"),
        (&SQRT, vec![i(16)], e(), "4.0"),
        (&SQRT, vec![i(2)], e(), "1.4142135623730951"),
        (&SQRT, vec![i(-1)], e(), "ValueError: math domain error"),
        (&SQRT, vec![], e(), "TypeError: math.sqrt() takes exactly one argument (0 given)"),
        (&POW, vec![i(2), i(10)], e(), "1024.0"),
        (&POW, vec![i(1)], e(), "TypeError: pow expected 2 arguments, got 1"),
        (&EXP, vec![i(0)], e(), "1.0"),
        (&EXP, vec![i(1000)], e(), "OverflowError: math range error"),
        (&LOG, vec![f(std::f64::consts::E)], e(), "1.0"),
        (&LOG, vec![i(8), i(2)], e(), "3.0"),
        (&LOG, vec![i(100), i(10)], e(), "2.0"),
        (&LOG, vec![i(0)], e(), "ValueError: math domain error"),
        (&LOG, vec![i(1), i(1)], e(), "ZeroDivisionError: float division by zero"),
        (&LOG, vec![], e(), "TypeError: math.log requires 1 to 2 arguments"),
        (&LOG10, vec![i(1000)], e(), "3.0"),
        (&LOG2, vec![i(1024)], e(), "10.0"),
        (&SIN, vec![i(0)], e(), "0.0"),
        (&COS, vec![i(0)], e(), "1.0"),
        (&HYPOT, vec![i(3), i(4)], e(), "5.0"),
        (&HYPOT, vec![], e(), "0.0"),
        (&FABS, vec![i(-3)], e(), "3.0"),
        (&COPYSIGN, vec![i(3), f(-0.0)], e(), "-3.0"),
        (&FMOD, vec![i(-7), i(3)], e(), "-1.0"),
        (&FMOD, vec![i(1), i(0)], e(), "ValueError: math domain error"),
        (&ISCLOSE, vec![f(0.1 + 0.2), f(0.3)], e(), "True"),
        (&ISCLOSE, vec![i(1), f(1.1)], e(), "False"),
        (&ISCLOSE, vec![i(1), f(1.05)], vec![("rel_tol", f(0.1))], "True"),
        (&ISCLOSE, vec![i(1), i(2)], vec![("rel_tol", i(-1))], "ValueError: tolerances must be non-negative"),
        (&ISCLOSE, vec![i(1)], e(), "TypeError: isclose() missing required argument 'b' (pos 2)"),
        (&ISCLOSE, vec![i(1), i(2), i(3)], e(), "TypeError: isclose() takes exactly 2 positional arguments (3 given)"),
        (&ISCLOSE, vec![i(1), i(2)], vec![("foo", i(1))], "TypeError: 'foo' is an invalid keyword argument for isclose()"),
        (&ISINF, vec![f(f64::INFINITY)], e(), "True"),
        (&ISNAN, vec![f(1.0)], e(), "False"),
        (&ISFINITE, vec![f(1e308)], e(), "True"),
        (&MODF, vec![f(3.25)], e(), "(0.25, 3.0)"),
        (&MODF, vec![f(-1.5)], e(), "(-0.5, -1.0)"),
        (&FREXP, vec![f(8.0)], e(), "(0.5, 4)"),
        (&LDEXP, vec![f(0.5), i(4)], e(), "8.0"),
        (&LDEXP, vec![f(1.0), i(2000)], e(), "OverflowError: math range error"),
        (&DEGREES, vec![i(1)], e(), "57.29577951308232"),
        (&RADIANS, vec![i(180)], e(), "3.141592653589793"),
        (&ATAN2, vec![i(1), i(1)], e(), "0.7853981633974483"),
    ]);
}
