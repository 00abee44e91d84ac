//! Expected values are what CPython 3.11 returned for the same calls.
use super::*;

#[test]
fn whitespace_splits_like_cpython() {
    let cases: &[(Vec<&str>, &[&str])] = &[
        (split_ws("  a  b  c  ", 1), &["a", "b  c  "]),
        (rsplit_ws("  a  b  c  ", 1), &["  a  b", "c"]),
        (split_ws("  a  b  c  ", -1), &["a", "b", "c"]),
        (rsplit_ws("  a  b  c  ", -1), &["a", "b", "c"]),
        (split_ws("", -1), &[]),
        (rsplit_ws("   ", -1), &[]),
        (
            split_ws("a\u{1c}b\u{3000}c\u{85}d", -1),
            &["a", "b", "c", "d"],
        ),
        (
            rsplit_ws("a\u{1c}b\u{3000}c\u{85}d", -1),
            &["a", "b", "c", "d"],
        ),
        (split_ws(" a b ", 0), &["a b "]),
        (rsplit_ws(" a b ", 0), &[" a b"]),
        (split_ws("a  b  c", 2), &["a", "b", "c"]),
        (rsplit_ws("a  b  c", 2), &["a", "b", "c"]),
        (split_sep("a,b,,c", ",", -1, false), &["a", "b", "", "c"]),
        (split_sep("a,b,,c", ",", 1, false), &["a", "b,,c"]),
        (split_sep("a,b,,c", ",", 1, true), &["a,b,", "c"]),
        (split_sep("aaa", "aa", -1, false), &["", "a"]),
        (split_sep("aaa", "aa", -1, true), &["a", ""]),
        (split_sep("", ",", -1, false), &[""]),
        (split_sep("a--b--c", "--", 1, true), &["a--b", "c"]),
        (split_sep("héé", "é", -1, true), &["h", "", ""]),
        (split_sep(",a,", ",", -1, false), &["", "a", ""]),
        (
            splitlines(
                "a\r\nb\rc\nd\x0be\x0cf\x1cg\x1dh\x1ei\u{85}j\u{2028}k\u{2029}l",
                false,
            ),
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
        ),
        (splitlines("a\nb\n", true), &["a\n", "b\n"]),
        (splitlines("", false), &[]),
        (splitlines("\n\n", false), &["", ""]),
        (splitlines("a\r\r\nb", true), &["a\r", "\r\n", "b"]),
        (splitlines("x\x1fy", false), &["x\x1fy"]),
    ];
    for (i, (got, want)) in cases.iter().enumerate() {
        assert_eq!(got, want, "case {i}");
    }
}

#[test]
fn searches_count_code_points() {
    let finds = [
        (find("héllo", "l", None, None, false), 2),
        (find("héllo", "l", None, None, true), 3),
        (find("héllo", "l", Some(3), None, false), 3),
        (find("abc", "", Some(5), None, false), -1),
        (find("abc", "", Some(3), None, false), 3),
        (find("abc", "c", Some(-1), None, true), 2),
        (find("abc", "a", Some(-10), Some(-2), false), 0),
        (find("abcabc", "bc", None, Some(-1), true), 1),
        (find("héllo wörld", "ö", None, None, false), 7),
        (find("abc", "d", None, None, true), -1),
        (count("abc", "", None, None), 4),
        (count("abc", "", Some(5), None), 0),
        (count("abc", "", Some(3), None), 1),
        (count("abc", "", Some(2), Some(1)), 0),
        (count("aaaa", "aa", None, None), 2),
        (count("héhéhé", "hé", Some(1), None), 2),
    ];
    for (i, (got, want)) in finds.iter().enumerate() {
        assert_eq!(got, want, "case {i}");
    }
    let matches = [
        (tailmatch("abc", "", Some(3), None, false), true),
        (tailmatch("abc", "", Some(4), None, true), false),
        (tailmatch("abc", "b", Some(1), None, false), true),
        (tailmatch("abc", "bc", None, Some(-1), true), false),
        (tailmatch("héllo", "llo", None, None, true), true),
        (tailmatch("héllo", "é", Some(1), Some(2), false), true),
    ];
    for (i, (got, want)) in matches.iter().enumerate() {
        assert_eq!(got, want, "tailmatch case {i}");
    }
}

#[test]
fn replace_pad_and_tabs_like_cpython() {
    for (s, old, new, n, want) in [
        ("abc", "", "-", -1, "-a-b-c-"),
        ("abc", "", "-", 2, "-a-bc"),
        ("abc", "b", "x", 0, "abc"),
        ("aaa", "a", "bb", 2, "bbbba"),
        ("héllo", "l", "L", -1, "héLLo"),
        ("", "", "x", -1, "x"),
    ] {
        assert_eq!(replace(s, old, new, n).as_deref(), Ok(want));
    }
    let huge = "x".repeat(1 << 20);
    assert!(replace(&"a".repeat(2000), "", &huge, -1).is_err());
    for (s, t, want) in [
        ("a\tb\n\tc", 4, "a   b\n    c"),
        ("a\tb", 0, "ab"),
        ("a\tb", -1, "ab"),
        ("ab\tc\r\td", 8, "ab      c\r        d"),
        ("é\tx", 3, "é  x"),
    ] {
        assert_eq!(expandtabs(s, t).as_deref(), Ok(want));
    }
    for (s, w, want) in [
        ("abc", 6, "*abc**"),
        ("ab", 5, "**ab*"),
        ("x", 4, "*x**"),
        ("abc", 2, "abc"),
        ("é", 4, "*é**"),
    ] {
        assert_eq!(center(s, w, '*'), want);
    }
    for (s, w, want) in [
        ("-42", 6, "-00042"),
        ("+", 3, "+00"),
        ("abc", 2, "abc"),
        ("42", 5, "00042"),
        ("", 3, "000"),
    ] {
        assert_eq!(zfill(s, w), want);
    }
}

#[test]
fn case_mappings_like_cpython() {
    // (s, title, capitalize, swapcase, casefold, lower, upper)
    let cases = [
        (
            "they're bill's",
            "They'Re Bill'S",
            "They're bill's",
            "THEY'RE BILL'S",
            "they're bill's",
            "they're bill's",
            "THEY'RE BILL'S",
        ),
        ("ßa", "Ssa", "Ssa", "SSA", "ssa", "ßa", "SSA"),
        (
            "ǆa dž", "ǅa Dž", "ǅa dž", "ǄA DŽ", "ǆa dž", "ǆa dž", "ǄA DŽ",
        ),
        (
            "hELLO wORLD",
            "Hello World",
            "Hello world",
            "Hello World",
            "hello world",
            "hello world",
            "HELLO WORLD",
        ),
        ("ΑΣ.", "Ας.", "Ας.", "ας.", "ασ.", "ας.", "ΑΣ."),
        ("ΑΣ Σ", "Ας Σ", "Ας σ", "ας σ", "ασ σ", "ας σ", "ΑΣ Σ"),
        ("aΣb", "Aσb", "Aσb", "AσB", "aσb", "aσb", "AΣB"),
        (
            "ΣΑΣ ΟΔΟΣ",
            "Σας Οδος",
            "Σας οδος",
            "σας οδος",
            "σασ οδοσ",
            "σας οδος",
            "ΣΑΣ ΟΔΟΣ",
        ),
        (
            "ﬁne ŉ", "Fine ʼN", "Fine ŉ", "FINE ʼN", "fine ʼn", "ﬁne ŉ", "FINE ʼN",
        ),
        ("ᾳ ᾲ", "ᾼ Ὰͅ", "ᾼ ᾲ", "ΑΙ ᾺΙ", "αι ὰι", "ᾳ ᾲ", "ΑΙ ᾺΙ"),
        ("ǈ", "ǈ", "ǈ", "ǈ", "ǉ", "ǉ", "Ǉ"),
        (
            "123abc", "123Abc", "123abc", "123ABC", "123abc", "123abc", "123ABC",
        ),
        ("ﬃ ẞ", "Ffi ẞ", "Ffi ß", "FFI ß", "ffi ss", "ﬃ ß", "FFI ẞ"),
    ];
    for (s, t, c, sw, cf, lo, up) in cases {
        assert_eq!(
            (
                title(s),
                capitalize(s),
                swapcase(s),
                casefold(s),
                s.to_lowercase(),
                s.to_uppercase()
            ),
            (
                t.into(),
                c.into(),
                sw.into(),
                cf.into(),
                lo.into(),
                up.into()
            ),
            "{s:?}"
        );
    }
}

#[test]
fn predicates_like_cpython() {
    // istitle isupper islower isidentifier isdigit isdecimal isnumeric isalpha isalnum isspace isprintable
    let cases: &[(&str, [u8; 11])] = &[
        ("Hello World", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ("ǅa", [1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1]),
        ("ABC1", [0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1]),
        ("abc!", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        ("a1_", [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]),
        ("1a", [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]),
        ("²", [0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1]),
        ("½", [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1]),
        ("一", [0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1]),
        ("\x1c", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
        ("", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ("HeLLo", [0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1]),
        ("Ⅻ", [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1]),
        ("٣", [0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1]),
        ("é", [0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]),
    ];
    let all = |s: &str, p: fn(char) -> bool| !s.is_empty() && s.chars().all(p);
    for &(s, want) in cases {
        let got = [
            istitle(s),
            case_test(s, true),
            case_test(s, false),
            isidentifier_of(s),
            all(s, is_digit),
            all(s, is_decimal),
            all(s, is_numeric),
            all(s, is_alpha),
            all(s, |c| is_alpha(c) || is_numeric(c)),
            all(s, is_space),
            s.chars().all(printable),
        ];
        assert_eq!(got.map(u8::from), want, "{s:?}");
    }
}

#[test]
fn indices_adjust_like_cpython() {
    assert_eq!(adjust(None, None, 3), (0, 3));
    assert_eq!(adjust(Some(-10), Some(10), 3), (0, 3));
    assert_eq!(adjust(Some(5), Some(-1), 3), (5, 2));
    assert_eq!(byte_at("héllo", 2), 3);
    assert_eq!(byte_at("héllo", 9), 6);
    assert_eq!(char_len("héllo"), 5);
}

/// A dict value for the cases below.
fn d(items: Vec<(Value, Value)>) -> Value {
    let mut m = DictMap::default();
    for (k, v) in items {
        m.insert(k, v).expect("hashable");
    }
    Dict::value(m)
}

#[test]
fn methods_match_cpython() {
    use crate::vm::builtins::core::{check_cases, l, s};
    check_cases(vec![
        (&JOIN, vec![s(", "), l(vec![s("a"), s("b"), s("c")])], vec![], "'a, b, c'"),
        (&JOIN, vec![s(""), Value::tuple(vec![s("x"), s("y")])], vec![], "'xy'"),
        (&JOIN, vec![s("-"), s("abc")], vec![], "'a-b-c'"),
        (&JOIN, vec![s(""), Value::Int(5)], vec![], "TypeError: can only join an iterable"),
        (&JOIN, vec![s(","), l(vec![s("a"), Value::Int(2)])], vec![], "TypeError: sequence item 1: expected str instance, int found"),
        (&JOIN, vec![s(""), d(vec![(s("k"), Value::Int(1)), (s("j"), Value::Int(2))])], vec![], "'kj'"),
        (&JOIN, vec![s("")], vec![], "TypeError: str.join() takes exactly one argument (0 given)"),
        (&SPLIT, vec![s("a b  c")], vec![], "['a', 'b', 'c']"),
        (&SPLIT, vec![s("a,b,,c"), s(",")], vec![], "['a', 'b', '', 'c']"),
        (&SPLIT, vec![s("a,b,c"), s(",")], vec![("maxsplit", Value::Int(1))], "['a', 'b,c']"),
        (&SPLIT, vec![s("a b c")], vec![("sep", Value::None), ("maxsplit", Value::Int(1))], "['a', 'b c']"),
        (&SPLIT, vec![s("x"), s("")], vec![], "ValueError: empty separator"),
        (&SPLIT, vec![s("x"), Value::Int(1)], vec![], "TypeError: must be str or None, not int"),
        (&SPLIT, vec![s("a b"), s(" "), Value::Int(1), Value::Int(2)], vec![], "TypeError: split() takes at most 2 arguments (3 given)"),
        (&SPLIT, vec![s("a b"), s(" ")], vec![("sep", s(" "))], "TypeError: argument for split() given by name ('sep') and position (1)"),
        (&SPLIT, vec![s("a b")], vec![("foo", Value::Int(1))], "TypeError: 'foo' is an invalid keyword argument for split()"),
        (&SPLIT, vec![s("a b"), s(" "), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&RSPLIT, vec![s("a b c"), Value::None, Value::Int(1)], vec![], "['a b', 'c']"),
        (&RSPLIT, vec![s("a,b,c"), s(",")], vec![("maxsplit", Value::Int(1))], "['a,b', 'c']"),
        (&SPLITLINES, vec![s("a\u{a}b\u{d}\u{a}c")], vec![], "['a', 'b', 'c']"),
        (&SPLITLINES, vec![s("a\u{a}b\u{d}\u{a}c"), Value::Bool(true)], vec![], "['a\\n', 'b\\r\\n', 'c']"),
        (&SPLITLINES, vec![s("a\u{a}b")], vec![("keepends", Value::Int(1))], "['a\\n', 'b']"),
        (&SPLITLINES, vec![s("a"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&STRIP, vec![s("  ab  ")], vec![], "'ab'"),
        (&STRIP, vec![s("xxabyx"), s("xy")], vec![], "'ab'"),
        (&LSTRIP, vec![s("  ab  ")], vec![], "'ab  '"),
        (&RSTRIP, vec![s("  ab  "), Value::None], vec![], "'  ab'"),
        (&STRIP, vec![s("ab"), Value::Int(5)], vec![], "TypeError: strip arg must be None or str"),
        (&STRIP, vec![s("ab"), s("a"), s("b")], vec![], "TypeError: strip expected at most 1 argument, got 2"),
        (&STRIP, vec![s("\u{1c} ab　")], vec![], "'ab'"),
        (&STARTSWITH, vec![s("abc"), s("ab")], vec![], "True"),
        (&STARTSWITH, vec![s("abc"), Value::tuple(vec![s("x"), s("a")])], vec![], "True"),
        (&STARTSWITH, vec![s("abc"), s("b"), Value::Int(1)], vec![], "True"),
        (&STARTSWITH, vec![s("abc"), Value::tuple(vec![s("x"), Value::Int(1)])], vec![], "TypeError: tuple for startswith must only contain str, not int"),
        (&STARTSWITH, vec![s("abc"), Value::Int(1)], vec![], "TypeError: startswith first arg must be str or a tuple of str, not int"),
        (&STARTSWITH, vec![s("abc")], vec![], "TypeError: startswith() takes at least 1 argument (0 given)"),
        (&STARTSWITH, vec![s("abc"), s("a"), s("x")], vec![], "TypeError: slice indices must be integers or None or have an __index__ method"),
        (&ENDSWITH, vec![s("abc"), s("bc")], vec![], "True"),
        (&ENDSWITH, vec![s("abc"), s("b"), Value::Int(0), Value::Int(2)], vec![], "True"),
        (&ENDSWITH, vec![s("abc"), s(""), Value::Int(4)], vec![], "False"),
        (&ENDSWITH, vec![s("abc"), s("c"), Value::None, Value::None], vec![], "True"),
        (&UPPER, vec![s("héllo")], vec![], "'HÉLLO'"),
        (&LOWER, vec![s("HÉLLO")], vec![], "'héllo'"),
        (&UPPER, vec![s("a"), Value::Int(1)], vec![], "TypeError: str.upper() takes no arguments (1 given)"),
        (&TITLE, vec![s("hello world")], vec![], "'Hello World'"),
        (&CAPITALIZE, vec![s("hELLO")], vec![], "'Hello'"),
        (&SWAPCASE, vec![s("Hello")], vec![], "'hELLO'"),
        (&CASEFOLD, vec![s("Straße")], vec![], "'strasse'"),
        (&REPLACE, vec![s("aaa"), s("a"), s("b")], vec![], "'bbb'"),
        (&REPLACE, vec![s("aaa"), s("a"), s("b"), Value::Int(2)], vec![], "'bba'"),
        (&REPLACE, vec![s("abc"), s(""), s("-")], vec![], "'-a-b-c-'"),
        (&REPLACE, vec![s("abc"), Value::Int(1), s("b")], vec![], "TypeError: replace() argument 1 must be str, not int"),
        (&REPLACE, vec![s("abc"), s("a"), Value::Int(2)], vec![], "TypeError: replace() argument 2 must be str, not int"),
        (&REPLACE, vec![s("abc"), s("a")], vec![], "TypeError: replace expected at least 2 arguments, got 1"),
        (&REPLACE, vec![s("abc"), s("a"), s("b"), s("c")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&FIND, vec![s("héllo"), s("l")], vec![], "2"),
        (&FIND, vec![s("héllo"), s("l"), Value::Int(3)], vec![], "3"),
        (&FIND, vec![s("abc"), s("z")], vec![], "-1"),
        (&FIND, vec![s("abc"), Value::Int(1)], vec![], "TypeError: must be str, not int"),
        (&FIND, vec![s("abc")], vec![], "TypeError: find() takes at least 1 argument (0 given)"),
        (&FIND, vec![s("abc"), s("a"), s("x")], vec![], "TypeError: slice indices must be integers or None or have an __index__ method"),
        (&RFIND, vec![s("héllo"), s("l")], vec![], "3"),
        (&RFIND, vec![s("abc"), s("")], vec![], "3"),
        (&RFIND, vec![s("abc"), s(""), Value::Int(1), Value::Int(2)], vec![], "2"),
        (&INDEX, vec![s("abc"), s("c")], vec![], "2"),
        (&INDEX, vec![s("abc"), s("z")], vec![], "ValueError: substring not found"),
        (&RINDEX, vec![s("abcb"), s("b")], vec![], "3"),
        (&COUNT, vec![s("aaaa"), s("aa")], vec![], "2"),
        (&COUNT, vec![s("abc"), s("")], vec![], "4"),
        (&COUNT, vec![s("abc"), s("")], vec![("start", Value::Int(1))], "TypeError: count() takes no keyword arguments"),
        (&ISDIGIT, vec![s("123")], vec![], "True"),
        (&ISDIGIT, vec![s("")], vec![], "False"),
        (&ISALPHA, vec![s("abc")], vec![], "True"),
        (&ISALNUM, vec![s("ab1")], vec![], "True"),
        (&ISSPACE, vec![s(" \u{9}")], vec![], "True"),
        (&ISUPPER, vec![s("ABC")], vec![], "True"),
        (&ISLOWER, vec![s("abc")], vec![], "True"),
        (&ISIDENTIFIER, vec![s("_a1")], vec![], "True"),
        (&ISNUMERIC, vec![s("½")], vec![], "True"),
        (&ISDECIMAL, vec![s("٣")], vec![], "True"),
        (&ISTITLE, vec![s("Hello World")], vec![], "True"),
        (&ISASCII, vec![s("é")], vec![], "False"),
        (&ISPRINTABLE, vec![s("a\u{a}")], vec![], "False"),
        (&CENTER, vec![s("ab"), Value::Int(5)], vec![], "'  ab '"),
        (&CENTER, vec![s("ab"), Value::Int(6), s("*")], vec![], "'**ab**'"),
        (&CENTER, vec![s("ab"), Value::Int(1)], vec![], "'ab'"),
        (&CENTER, vec![s("x"), Value::Int(5), s("ab")], vec![], "TypeError: The fill character must be exactly one character long"),
        (&CENTER, vec![s("x"), Value::Int(5), Value::Int(1)], vec![], "TypeError: The fill character must be a unicode character, not int"),
        (&CENTER, vec![s("x"), s("5")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&CENTER, vec![s("x")], vec![], "TypeError: center expected at least 1 argument, got 0"),
        (&LJUST, vec![s("ab"), Value::Int(5), s(".")], vec![], "'ab...'"),
        (&RJUST, vec![s("ab"), Value::Int(5)], vec![], "'   ab'"),
        (&RJUST, vec![s("ab"), Value::Int(-3)], vec![], "'ab'"),
        (&ZFILL, vec![s("-42"), Value::Int(6)], vec![], "'-00042'"),
        (&ZFILL, vec![s("42"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&PARTITION, vec![s("a=b=c"), s("=")], vec![], "('a', '=', 'b=c')"),
        (&PARTITION, vec![s("abc"), s("=")], vec![], "('abc', '', '')"),
        (&RPARTITION, vec![s("a=b=c"), s("=")], vec![], "('a=b', '=', 'c')"),
        (&RPARTITION, vec![s("abc"), s("=")], vec![], "('', '', 'abc')"),
        (&PARTITION, vec![s("x"), s("")], vec![], "ValueError: empty separator"),
        (&PARTITION, vec![s("x"), Value::Int(1)], vec![], "TypeError: must be str, not int"),
        (&FORMAT, vec![s("{} {}"), Value::Int(1), s("a")], vec![], "'1 a'"),
        (&FORMAT, vec![s("{0}{1}{0}"), s("a"), s("b")], vec![], "'aba'"),
        (&FORMAT, vec![s("{x}-{y!r}")], vec![("x", Value::Int(1)), ("y", s("z"))], "\"1-'z'\""),
        (&FORMAT, vec![s("{:>5}|{:<5}|{:^5}"), Value::Int(1), Value::Int(2), Value::Int(3)], vec![], "'    1|2    |  3  '"),
        (&FORMAT, vec![s("{0[1]} {0[a]}"), d(vec![(Value::Int(1), s("one")), (s("a"), s("A"))])], vec![], "'one A'"),
        (&FORMAT, vec![s("{:{}}"), s("a"), Value::Int(5)], vec![], "'a    '"),
        (&FORMAT, vec![s("{0:>{w}.{p}f}"), Value::Float(3.14149)], vec![("w", Value::Int(10)), ("p", Value::Int(2))], "'      3.14'"),
        (&FORMAT, vec![s("{!a}"), s("é")], vec![], "\"'\\\\xe9'\""),
        (&FORMAT, vec![s("{{}}{{{0}}}"), Value::Int(5)], vec![], "'{}{5}'"),
        (&FORMAT, vec![s("{0[1]}"), s("ab")], vec![], "'b'"),
        (&FORMAT, vec![s("{0[5]}"), s("ab")], vec![], "IndexError: string index out of range"),
        (&FORMAT, vec![s("{0[x]}"), l(vec![Value::Int(1)])], vec![], "TypeError: list indices must be integers or slices, not str"),
        (&FORMAT, vec![s("{0[9]}"), Value::tuple(vec![Value::Int(1)])], vec![], "IndexError: tuple index out of range"),
        (&FORMAT, vec![s("{0.x}"), Value::Int(1)], vec![], "AttributeError: 'int' object has no attribute 'x'"),
        (&FORMAT, vec![s("{}{1}"), Value::Int(1), Value::Int(2)], vec![], "ValueError: cannot switch from automatic field numbering to manual field specification"),
        (&FORMAT, vec![s("{1}{}"), Value::Int(1), Value::Int(2)], vec![], "ValueError: cannot switch from manual field specification to automatic field numbering"),
        (&FORMAT, vec![s("{")], vec![], "ValueError: Single '{' encountered in format string"),
        (&FORMAT, vec![s("}")], vec![], "ValueError: Single '}' encountered in format string"),
        (&FORMAT, vec![s("{0")], vec![], "ValueError: expected '}' before end of string"),
        (&FORMAT, vec![s("{!}"), Value::Int(1)], vec![], "ValueError: unmatched '{' in format spec"),
        (&FORMAT, vec![s("{0!x}"), Value::Int(1)], vec![], "ValueError: Unknown conversion specifier x"),
        (&FORMAT, vec![s("{0!rx}"), Value::Int(1)], vec![], "ValueError: expected ':' after conversion specifier"),
        (&FORMAT, vec![s("{0:{1:{2}}}"), Value::Int(1), Value::Int(2), Value::Int(3)], vec![], "ValueError: Max string recursion exceeded"),
        (&FORMAT, vec![s("{a{b}c}")], vec![], "ValueError: unexpected '{' in field name"),
        (&FORMAT, vec![s("{2}"), Value::Int(1)], vec![], "IndexError: Replacement index 2 out of range for positional args tuple"),
        (&FORMAT, vec![s("{x}")], vec![], "KeyError: 'x'"),
        (&FORMAT, vec![s("{0[}"), Value::Int(1)], vec![], "ValueError: expected '}' before end of string"),
        (&FORMAT, vec![s("{0]}"), l(vec![Value::Int(1)])], vec![], "KeyError: '0]'"),
        (&FORMAT, vec![s("{0.}"), Value::Int(1)], vec![], "ValueError: Empty attribute in format string"),
        (&FORMAT, vec![s("{0[]}"), Value::Int(1)], vec![], "ValueError: Empty attribute in format string"),
        (&FORMAT, vec![s("{0[0]x}"), l(vec![Value::Int(1)])], vec![], "ValueError: Only '.' or '[' may follow ']' in format field specifier"),
        (&FORMAT, vec![s("{:}}"), Value::Int(1)], vec![], "ValueError: Single '}' encountered in format string"),
        (&FORMAT, vec![s("{0:{{}}}"), Value::Int(1)], vec![], "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        (&FORMAT, vec![s("x{0}y}}z"), Value::Int(1)], vec![], "'x1y}z'"),
        (&FORMAT, vec![s("{:,} {:_b} {:+.2e} {:08.3f} {:%}"), Value::Int(1234567), Value::Int(10), Value::Float(12345.678), Value::Float(-3.14149), Value::Float(0.25)], vec![], "'1,234,567 1010 +1.23e+04 -003.141 25.000000%'"),
        (&FORMAT, vec![s("{:d}"), s("a")], vec![], "ValueError: Unknown format code 'd' for object of type 'str'"),
        (&FORMAT, vec![s("{:s}"), Value::None], vec![], "TypeError: unsupported format string passed to NoneType.__format__"),
        (&FORMAT, vec![s("{}"), Value::None], vec![], "'None'"),
        (&FORMAT, vec![s("{:5}|{:<5}|"), Value::Bool(true), Value::None], vec![], "TypeError: unsupported format string passed to NoneType.__format__"),
        (&FORMAT, vec![s("{0[0]}"), d(vec![(Value::Int(0), s("a"))])], vec![], "'a'"),
        (&FORMAT, vec![s("{0[1]}"), d(vec![(s("1"), s("a"))])], vec![], "KeyError: 1"),
        (&FORMAT, vec![s("{0[-1]}"), l(vec![Value::Int(1)])], vec![], "TypeError: list indices must be integers or slices, not str"),
        (&FORMAT, vec![s("{:99999999999999999999}"), Value::Int(1)], vec![], "ValueError: Too many decimal digits in format string"),
        (&FORMAT, vec![s("{99999999999999999999}"), Value::Int(1)], vec![], "ValueError: Too many decimal digits in format string"),
        (&FORMAT_MAP, vec![s("{x}"), d(vec![(s("x"), Value::Int(1))])], vec![], "'1'"),
        (&FORMAT_MAP, vec![s("{0}"), d(vec![])], vec![], "ValueError: Format string contains positional fields"),
        (&FORMAT_MAP, vec![s("{}"), d(vec![])], vec![], "ValueError: Format string contains positional fields"),
        (&FORMAT_MAP, vec![s("{y}"), d(vec![(s("x"), Value::Int(1))])], vec![], "KeyError: 'y'"),
        (&ENCODE, vec![s("hé")], vec![], "b'h\\xc3\\xa9'"),
        (&ENCODE, vec![s("ab"), s("ascii")], vec![], "b'ab'"),
        (&ENCODE, vec![s("é"), s("ascii")], vec![], "UnicodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"),
        (&ENCODE, vec![s("é"), s("latin-1")], vec![], "b'\\xe9'"),
        (&ENCODE, vec![s("é"), s("UTF_8")], vec![], "b'\\xc3\\xa9'"),
        (&ENCODE, vec![s("é"), s("x")], vec![], "LookupError: unknown encoding: x"),
        (&ENCODE, vec![s("é"), Value::Int(5)], vec![], "TypeError: encode() argument 'encoding' must be str, not int"),
        (&ENCODE, vec![s("é")], vec![("errors", Value::Int(5))], "TypeError: encode() argument 'errors' must be str, not int"),
        (&ENCODE, vec![s("é€x"), s("ascii"), s("replace")], vec![], "b'??x'"),
        (&ENCODE, vec![s("é€x"), s("ascii"), s("ignore")], vec![], "b'x'"),
        (&EXPANDTABS, vec![s("a\u{9}b")], vec![], "'a       b'"),
        (&EXPANDTABS, vec![s("a\u{9}b"), Value::Int(4)], vec![], "'a   b'"),
        (&EXPANDTABS, vec![s("a\u{9}b")], vec![("tabsize", Value::Int(2))], "'a b'"),
        (&EXPANDTABS, vec![s("a\u{9}b"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&REMOVEPREFIX, vec![s("abc"), s("ab")], vec![], "'c'"),
        (&REMOVEPREFIX, vec![s("abc"), s("x")], vec![], "'abc'"),
        (&REMOVESUFFIX, vec![s("abc"), s("bc")], vec![], "'a'"),
        (&REMOVEPREFIX, vec![s("abc"), Value::Int(5)], vec![], "TypeError: removeprefix() argument must be str, not int"),
        (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), s("X")), (Value::Int(98), Value::None), (Value::Int(99), Value::Int(100))])], vec![], "'Xd'"),
        (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), Value::Int(1114112))])], vec![], "ValueError: character mapping must be in range(0x110000)"),
        (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), Value::Float(1.5))])], vec![], "TypeError: character mapping must return integer, None or str"),
        (&TRANSLATE, vec![s("abc"), l(vec![Value::None, s("x")])], vec![], "'abc'"),
        (&TRANSLATE, vec![s("abc"), Value::Int(5)], vec![], "TypeError: 'int' object is not subscriptable"),
        (&MAKETRANS, vec![s(""), d(vec![(s("a"), Value::Int(1)), (Value::Int(98), s("x")), (s("c"), Value::None)])], vec![], "{97: 1, 98: 'x', 99: None}"),
        (&MAKETRANS, vec![s(""), s("ab"), s("cd")], vec![], "{97: 99, 98: 100}"),
        (&MAKETRANS, vec![s(""), s("ab"), s("cd"), s("e")], vec![], "{97: 99, 98: 100, 101: None}"),
        (&MAKETRANS, vec![s(""), Value::Int(5), s("a")], vec![], "TypeError: first maketrans argument must be a string if there is a second argument"),
        (&MAKETRANS, vec![s(""), s("ab"), s("a")], vec![], "ValueError: the first two maketrans arguments must have equal length"),
        (&MAKETRANS, vec![s(""), s("ab"), s("cd"), Value::Int(5)], vec![], "TypeError: maketrans() argument 3 must be str, not int"),
        (&MAKETRANS, vec![s(""), d(vec![(s("ab"), Value::Int(1))])], vec![], "ValueError: string keys in translate table must be of length 1"),
        (&MAKETRANS, vec![s(""), d(vec![(Value::Float(5.0), Value::Int(1))])], vec![], "TypeError: keys in translate table must be strings or integers"),
        (&MAKETRANS, vec![s(""), Value::Int(5)], vec![], "TypeError: if you give only one argument to maketrans it must be a dict"),
    ]);
}
