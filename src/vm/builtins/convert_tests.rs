//! Tests of the conversion types ([`super`]): string parsing and the
//! constructors `int`, `float`, `str`, `bool`, `list`, `tuple`, `dict`,
//! `set`, `frozenset`.
use super::*;
use crate::vm::builtins::core::{check_cases, ints, l, s};
use IntParseError::*;

#[test]
fn ints_parse_like_cpython() {
    assert_eq!(parse_int("42", 10), Ok(42));
    assert_eq!(parse_int("  -17 ", 10), Ok(-17));
    assert_eq!(parse_int("1_000", 10), Ok(1000));
    assert_eq!(parse_int("ff", 16), Ok(255));
    assert_eq!(parse_int("0x1f", 16), Ok(31));
    assert_eq!(parse_int("0x_1f", 16), Ok(31));
    assert_eq!(parse_int("0x1f", 0), Ok(31));
    assert_eq!(parse_int("-0x10", 0), Ok(-16));
    assert_eq!(parse_int("0b101", 0), Ok(5));
    assert_eq!(parse_int("0o17", 0), Ok(15));
    assert_eq!(parse_int("777", 8), Ok(511));
    assert_eq!(parse_int("0b1", 16), Ok(177));
    assert_eq!(parse_int("z", 36), Ok(35));
    assert_eq!(parse_int("-9223372036854775808", 10), Ok(i64::MIN));
    assert_eq!(parse_int("9223372036854775808", 10), Err(Overflow));
    for bad in [
        "", " ", "1.0", "1__0", "_1", "1_", "+ 5", "1 2", "0x", "--1", "z",
    ] {
        assert_eq!(parse_int(bad, 10), Err(Invalid), "{bad:?}");
    }
    assert_eq!(parse_int("9", 8), Err(Invalid));
    assert_eq!(parse_int("0x", 16), Err(Invalid));
}

#[test]
fn base_zero_rejects_leading_zeros() {
    assert_eq!(parse_int_base0("010"), Err(Invalid));
    assert_eq!(parse_int_base0("0_7"), Err(Invalid));
    assert_eq!(parse_int_base0("00"), Ok(0));
    assert_eq!(parse_int_base0("0_0"), Ok(0));
    assert_eq!(parse_int_base0(" 10 "), Ok(10));
    assert_eq!(parse_int_base0("0x10"), Ok(16));
}

#[test]
fn int_errors_show_base_and_repr() {
    assert_eq!(
        int_from_str("x", 10).unwrap_err(),
        TrapKind::Builtin(
            "ValueError",
            "invalid literal for int() with base 10: 'x'".into()
        )
    );
    assert_eq!(
        int_from_str("010", 0).unwrap_err(),
        TrapKind::Builtin(
            "ValueError",
            "invalid literal for int() with base 0: '010'".into()
        )
    );
    assert!(matches!(
        int_from_str("1", 37).unwrap_err(),
        TrapKind::Value(_)
    ));
}

#[test]
fn floats_parse_like_cpython() {
    assert_eq!(parse_float("2.5"), Some(2.5));
    assert_eq!(parse_float("-1e3"), Some(-1000.0));
    assert_eq!(parse_float("  7 "), Some(7.0));
    assert_eq!(parse_float(" 1.5 "), Some(1.5));
    assert_eq!(parse_float("1e5"), Some(1e5));
    assert_eq!(parse_float("1_0"), Some(10.0));
    assert_eq!(parse_float("1_0.2_5e1_0"), Some(10.25e10));
    assert_eq!(parse_float("inf"), Some(f64::INFINITY));
    assert_eq!(parse_float("-Infinity"), Some(f64::NEG_INFINITY));
    assert!(parse_float("nan").is_some_and(f64::is_nan));
    assert_eq!(parse_float(".5"), Some(0.5));
    assert_eq!(parse_float("1."), Some(1.0));
    for bad in ["", "x", "1__0", "_1", "1_", "1_.5", "0x10", "1e", "."] {
        assert_eq!(parse_float(bad), None, "{bad:?}");
    }
}

#[test]
fn decoding_handles_the_common_codecs() {
    assert_eq!(decode(b"ab", "utf-8").unwrap(), "ab");
    assert_eq!(decode("é".as_bytes(), "UTF8").unwrap(), "é");
    assert_eq!(decode(&[0xe9], "latin-1").unwrap(), "é");
    assert!(decode(&[0xff], "utf-8").is_err());
    assert!(decode(&[0xff], "ascii").is_err());
    assert!(matches!(
        decode(b"a", "nope").unwrap_err(),
        TrapKind::Builtin("LookupError", _)
    ));
}

#[test]
#[rustfmt::skip]
fn constructors_behave_like_cpython() {
    let i = Value::Int;
    let f = Value::Float;
    let e = Vec::new;
    check_cases(vec![
        (&INT, vec![f(3.9)], e(), "3"),
        (&INT, vec![f(-3.9)], e(), "-3"),
        (&INT, vec![s("42")], e(), "42"),
        (&INT, vec![s("  -17 ")], e(), "-17"),
        (&INT, vec![s("ff"), i(16)], e(), "255"),
        (&INT, vec![s("0b101"), i(0)], e(), "5"),
        (&INT, vec![s("777")], vec![("base", i(8))], "511"),
        (&INT, vec![Value::Bool(true)], e(), "1"),
        (&INT, vec![], e(), "0"),
        (&INT, vec![s("1.0")], e(), "ValueError: invalid literal for int() with base 10: '1.0'"),
        (&INT, vec![s("z"), i(10)], e(), "ValueError: invalid literal for int() with base 10: 'z'"),
        (&INT, vec![s("12"), i(1)], e(), "ValueError: int() base must be >= 2 and <= 36, or 0"),
        (&INT, vec![f(1.5), i(10)], e(), "TypeError: int() can't convert non-string with explicit base"),
        (&INT, vec![ints(&[])], e(), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"),
        (&INT, vec![f(f64::INFINITY)], e(), "OverflowError: cannot convert float infinity to integer"),
        (&INT, vec![f(f64::NAN)], e(), "ValueError: cannot convert float NaN to integer"),
        (&INT, vec![], vec![("base", i(2))], "TypeError: int() missing string argument"),
        (&INT, vec![s("5")], vec![("x", i(2))], "TypeError: 'x' is an invalid keyword argument for int()"),
        (&FLOAT, vec![i(3)], e(), "3.0"),
        (&FLOAT, vec![s("2.5")], e(), "2.5"),
        (&FLOAT, vec![s("-1e3")], e(), "-1000.0"),
        (&FLOAT, vec![s("  7 ")], e(), "7.0"),
        (&FLOAT, vec![s("-inf")], e(), "-inf"),
        (&FLOAT, vec![Value::Bool(false)], e(), "0.0"),
        (&FLOAT, vec![], e(), "0.0"),
        (&FLOAT, vec![s(" x ")], e(), "ValueError: could not convert string to float: ' x '"),
        (&FLOAT, vec![Value::None], e(), "TypeError: float() argument must be a string or a real number, not 'NoneType'"),
        (&STR, vec![i(10)], e(), "'10'"),
        (&STR, vec![f(-0.5)], e(), "'-0.5'"),
        (&STR, vec![f(1e100)], e(), "'1e+100'"),
        (&STR, vec![], e(), "''"),
        (&STR, vec![ints(&[1])], e(), "'[1]'"),
        (&STR, vec![s("a"), s("utf-8")], e(), "TypeError: decoding str is not supported"),
        (&BOOL, vec![i(0)], e(), "False"),
        (&BOOL, vec![s("0")], e(), "True"),
        (&BOOL, vec![ints(&[])], e(), "False"),
        (&BOOL, vec![], e(), "False"),
        (&BOOL, vec![i(1), i(2)], e(), "TypeError: bool expected at most 1 argument, got 2"),
        (&LIST, vec![s("abc")], e(), "['a', 'b', 'c']"),
        (&LIST, vec![], e(), "[]"),
        (&LIST, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&LIST, vec![ints(&[1])], vec![("x", i(1))], "TypeError: list() takes no keyword arguments"),
        (&TUPLE, vec![ints(&[1, 2])], e(), "(1, 2)"),
        (&TUPLE, vec![s("a")], e(), "('a',)"),
        (&SET, vec![ints(&[1, 1, 2])], e(), "{1, 2}"),
        (&SET, vec![], e(), "set()"),
        (&SET, vec![l(vec![ints(&[1])])], e(), "TypeError: unhashable type: 'list'"),
        (&FROZENSET, vec![ints(&[3, 3])], e(), "frozenset({3})"),
        (&DICT, vec![l(vec![Value::tuple(vec![i(1), s("a")])])], e(), "{1: 'a'}"),
        (&DICT, vec![], vec![("a", i(1)), ("b", i(2))], "{'a': 1, 'b': 2}"),
        (&DICT, vec![l(vec![s("ab"), s("cd")])], e(), "{'a': 'b', 'c': 'd'}"),
        (&DICT, vec![l(vec![i(1)])], e(), "TypeError: cannot convert dictionary update sequence element #0 to a sequence"),
        (&DICT, vec![l(vec![ints(&[1, 2, 3])])], e(), "ValueError: dictionary update sequence element #0 has length 3; 2 is required"),
        (&DICT, vec![l(vec![s("ab"), s("c")])], e(), "ValueError: dictionary update sequence element #1 has length 1; 2 is required"),
        (&DICT, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&DICT, vec![i(1), i(2)], e(), "TypeError: dict expected at most 1 argument, got 2"),
    ]);
}
