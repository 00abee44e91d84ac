//! `%`-formatting against what CPython 3.11 printed: the padding and
//! integer bodies directly, then whole `fmt % args` expressions.
use super::*;

fn flags(s: &str) -> PctFlags {
    PctFlags {
        ljust: s.contains('-'),
        sign: s.contains('+'),
        blank: s.contains(' '),
        alt: s.contains('#'),
        zero: s.contains('0'),
    }
}

#[test]
fn percent_padding_matches_cpython() {
    // (flags, width, prec, numeric, type, body, what CPython printed)
    let cases: &[(&str, i64, i64, bool, char, &str, &str)] = &[
        ("-0", 5, -1, true, 'd', "-3", "-3   "),
        ("0", 5, -1, true, 'd', "-3", "-0003"),
        ("+", -1, 3, true, 'd', "005", "+005"),
        ("#", -1, 5, true, 'x', "0x000ff", "0x000ff"),
        ("0", 5, -1, true, 'f', "inf", "00inf"),
        ("-", 6, 2, true, 'f', "3.14", "3.14  "),
        (" ", -1, -1, true, 'd', "5", " 5"),
        ("", 3, -1, false, 'c', "x", "  x"),
        ("", -1, 2, false, 's', "abc", "ab"),
        ("", 5, -1, false, 's', "ab", "   ab"),
        ("-", 5, -1, false, 's', "ab", "ab   "),
        ("0", 5, -1, false, 's', "ab", "   ab"),
        ("#", 5, -1, true, 'x', "0xff", " 0xff"),
        ("-#", 8, -1, true, 'x', "0xff", "0xff    "),
        ("+ ", -1, -1, true, 'd', "5", "+5"),
        ("-+", 8, 2, true, 'f', "3.14", "+3.14   "),
        ("0", 8, 2, true, 'f', "-3.14", "-0003.14"),
        ("+0", 8, 2, true, 'f', "3.14", "+0003.14"),
        ("0", 10, 3, true, 'd', "-005", "-000000005"),
        ("#0", 10, -1, true, 'x', "0xff", "0x000000ff"),
        (" 0", 5, -1, true, 'd', "5", " 0005"),
        ("#", -1, -1, true, 'X', "-0XFF", "-0XFF"),
    ];
    for &(fl, w, p, numeric, ty, body, want) in cases {
        assert_eq!(
            percent_pad(body, flags(fl), w, p, numeric, ty),
            want,
            "%{fl}{w}.{p}{ty} of {body:?}"
        );
    }
}

#[test]
fn percent_int_bodies() {
    assert_eq!(percent_int_body(false, "255", true, 5, 'x'), "0x000ff");
    assert_eq!(percent_int_body(true, "255", true, -1, 'X'), "-0XFF");
    assert_eq!(percent_int_body(false, "8", true, -1, 'o'), "0o10");
    assert_eq!(percent_int_body(true, "5", false, 3, 'd'), "-005");
    assert_eq!(percent_int_body(false, "0", true, -1, 'x'), "0x0");
    assert_eq!(
        percent_int_body(false, "100000000000000000000", false, -1, 'd'),
        "100000000000000000000"
    );
}

/// A dict value for the cases below.
fn d(items: Vec<(Value, Value)>) -> Value {
    let mut m = crate::vm::object::DictMap::default();
    for (k, v) in items {
        m.insert(k, v).expect("hashable");
    }
    crate::vm::object::Dict::value(m)
}

#[test]
fn percent_matches_cpython() {
    use crate::vm::builtins::core::{l, s, test_vm};
    let mut vm = test_vm();
    // (format, right operand, repr of CPython's result or its error)
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "%5%",
            Value::tuple(vec![Value::Int(1)]),
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%5%",
            Value::tuple(vec![]),
            "TypeError: not enough arguments for format string",
        ),
        ("%-05d", Value::Int(-3), "'-3   '"),
        ("%05d", Value::Int(-3), "'-0003'"),
        ("%+.3d", Value::Int(5), "'+005'"),
        ("%#.5x", Value::Int(255), "'0x000ff'"),
        ("%#o", Value::Int(8), "'0o10'"),
        ("%x", Value::Int(-255), "'-ff'"),
        ("%#X", Value::Int(-255), "'-0XFF'"),
        ("%05f", Value::Float(f64::INFINITY), "'00inf'"),
        ("%-6.2f|", Value::Float(3.14149), "'3.14  |'"),
        ("% d", Value::Int(5), "' 5'"),
        ("%c", Value::Int(65), "'A'"),
        ("%c", s("x"), "'x'"),
        ("%3c", s("x"), "'  x'"),
        ("%.2s", s("abc"), "'ab'"),
        ("%5s", s("ab"), "'   ab'"),
        ("%-5s|", s("ab"), "'ab   |'"),
        ("%r", s("a"), "\"'a'\""),
        ("%a", s("é"), "\"'\\\\xe9'\""),
        (
            "%(a)s %(b)d",
            d(vec![(s("a"), Value::Int(1)), (s("b"), Value::Int(2))]),
            "'1 2'",
        ),
        ("%s", l(vec![Value::Int(1), Value::Int(2)]), "'[1, 2]'"),
        ("x", l(vec![Value::Int(1)]), "'x'"),
        ("x", d(vec![]), "'x'"),
        ("%d", Value::Float(3.7), "'3'"),
        ("%d", Value::Float(-3.7), "'-3'"),
        ("%d", Value::Float(1e+20), "'100000000000000000000'"),
        (
            "%i",
            s("x"),
            "TypeError: %i format: a real number is required, not str",
        ),
        (
            "%u",
            s("x"),
            "TypeError: %u format: a real number is required, not str",
        ),
        (
            "%x",
            s("x"),
            "TypeError: %x format: an integer is required, not str",
        ),
        (
            "%x",
            Value::Float(3.0),
            "TypeError: %x format: an integer is required, not float",
        ),
        ("%f", s("x"), "TypeError: must be real number, not str"),
        ("%c", s("xy"), "TypeError: %c requires int or char"),
        (
            "%c",
            Value::Int(-1),
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%*d",
            Value::tuple(vec![Value::Int(5), Value::Int(3)]),
            "'    3'",
        ),
        (
            "%-*d|",
            Value::tuple(vec![Value::Int(5), Value::Int(3)]),
            "'3    |'",
        ),
        (
            "%*d|",
            Value::tuple(vec![Value::Int(-5), Value::Int(3)]),
            "'3    |'",
        ),
        (
            "%.*f",
            Value::tuple(vec![Value::Int(2), Value::Float(3.14149)]),
            "'3.14'",
        ),
        (
            "%*d",
            Value::tuple(vec![s("a"), Value::Int(3)]),
            "TypeError: * wants int",
        ),
        (
            "%(a)s %s",
            d(vec![(s("a"), Value::Int(1))]),
            "TypeError: not enough arguments for format string",
        ),
        (
            "%(a)s",
            Value::tuple(vec![Value::Int(1)]),
            "TypeError: format requires a mapping",
        ),
        (
            "%z",
            Value::Int(1),
            "ValueError: unsupported format character 'z' (0x7a) at index 1",
        ),
        (
            "%é",
            Value::Int(1),
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        ("%", Value::Int(1), "ValueError: incomplete format"),
        (
            "abc",
            Value::Int(5),
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%s %s",
            Value::Int(1),
            "TypeError: not enough arguments for format string",
        ),
        ("%d", Value::Bool(true), "'1'"),
        ("%s", Value::Bool(true), "'True'"),
        ("%e", Value::Float(12345.678), "'1.234568e+04'"),
        ("%g", Value::Float(1e-05), "'1e-05'"),
        ("%G", Value::Float(1e+20), "'1E+20'"),
        ("%#g", Value::Float(1.0), "'1.00000'"),
        ("%10.3e", Value::Float(1234.5), "' 1.234e+03'"),
        ("%#x", Value::Int(0), "'0x0'"),
        ("%o", Value::Int(-8), "'-10'"),
        ("%.0f", Value::Float(0.5), "'0'"),
        (
            "%d",
            Value::Float(f64::INFINITY),
            "OverflowError: cannot convert float infinity to integer",
        ),
        (
            "%d",
            Value::Float(f64::NAN),
            "ValueError: cannot convert float NaN to integer",
        ),
        (
            "%(a)",
            d(vec![(s("a"), Value::Int(1))]),
            "ValueError: incomplete format",
        ),
        (
            "%(a",
            d(vec![(s("a"), Value::Int(1))]),
            "ValueError: incomplete format key",
        ),
        ("%(a)s", d(vec![]), "KeyError: 'a'"),
        (
            "%s",
            Value::tuple(vec![]),
            "TypeError: not enough arguments for format string",
        ),
        ("%.3d", Value::Int(-5), "'-005'"),
        ("%010.3d", Value::Int(-5), "'-000000005'"),
        ("%#010x", Value::Int(255), "'0x000000ff'"),
        ("% 05d", Value::Int(5), "' 0005'"),
        ("%+05d", Value::Int(5), "'+0005'"),
        ("%ld", Value::Int(5), "'5'"),
        (
            "%5.1%",
            Value::tuple(vec![]),
            "TypeError: not enough arguments for format string",
        ),
        (
            "%d",
            s(""),
            "TypeError: %d format: a real number is required, not str",
        ),
        ("%%", Value::tuple(vec![]), "'%'"),
        ("%s%%", Value::tuple(vec![Value::Int(1)]), "'1%'"),
        ("%((a))s", d(vec![(s("(a)"), Value::Int(1))]), "'1'"),
        (
            "%(a)s",
            l(vec![Value::Int(1)]),
            "TypeError: list indices must be integers or slices, not str",
        ),
        (
            "%s %r %a",
            Value::tuple(vec![s("é"), s("é"), s("é")]),
            "\"é 'é' '\\\\xe9'\"",
        ),
        ("%F", Value::Float(f64::NAN), "'NAN'"),
        ("%.3F", Value::Float(f64::NEG_INFINITY), "'-INF'"),
        ("%-+8.2f|", Value::Float(3.14149), "'+3.14   |'"),
        ("%08.2f", Value::Float(-3.14149), "'-0003.14'"),
        (
            "%5.1f%%",
            Value::tuple(vec![Value::Float(99.44)]),
            "' 99.4%'",
        ),
        ("%c", Value::Bool(true), "'\\x01'"),
        ("%-3c|", Value::Int(65), "'A  |'"),
        ("%s", Value::None, "'None'"),
        ("%.1s", Value::None, "'N'"),
        ("%x", Value::Bool(true), "'1'"),
        (
            "%3$s",
            Value::Int(1),
            "ValueError: unsupported format character '$' (0x24) at index 2",
        ),
        (
            "%.2147483648f",
            Value::Float(1.0),
            "ValueError: precision too big",
        ),
        (
            "%99999999999999999999d",
            Value::Int(1),
            "ValueError: width too big",
        ),
        ("%E", Value::Float(0.0), "'0.000000E+00'"),
        ("%g", Value::Float(-0.0), "'-0'"),
        ("%.0e", Value::Float(15.0), "'2e+01'"),
        ("%#.0e", Value::Float(15.0), "'2.e+01'"),
        ("%.3g", Value::Float(1234567.0), "'1.23e+06'"),
        ("%#.3g", Value::Float(1.0), "'1.00'"),
    ];
    for (fmt, args, want) in cases {
        let got = match percent(&mut vm, fmt, &args) {
            Ok(t) => crate::vm::repr::str_literal(&t),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, want, "{fmt:?} % {args:?}");
    }
}
