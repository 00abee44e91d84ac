//! Tests of the iteration builtins ([`super`]): `min`, `max`, `sum`,
//! `sorted`, `reversed`, `enumerate`, `zip`, `map`, `filter`, `any`, `all`.
use super::*;
use crate::vm::builtins::convert::LIST;
use crate::vm::builtins::core::{call, check_cases, ints, l, s, test_vm};
use crate::vm::native::NativeFn;
use crate::vm::object::Range;

fn rs(start: i64, stop: i64, step: i64) -> i64 {
    range_sum(start, stop, step, 0).unwrap()
}

#[test]
fn range_sums_in_closed_form() {
    assert_eq!(rs(0, 5, 1), 10);
    assert_eq!(rs(0, 101, 1), 5050);
    assert_eq!(rs(10, 0, -3), 10 + 7 + 4 + 1);
    assert_eq!(rs(5, 2, 1), 0);
    assert_eq!(rs(1, 20, 4), 1 + 5 + 9 + 13 + 17);
    assert_eq!(range_sum(0, 3, 1, 100).unwrap(), 103);
    // Symmetric around zero: the huge terms cancel.
    assert_eq!(rs(-(1 << 62), 1 << 62, 1), -(1 << 62));
    assert!(range_sum(0, i64::MAX, 1, 0).is_err());
    assert!(range_sum(i64::MIN, i64::MAX, 1, 0).is_err());
    assert_eq!(range_ends(10, 0, -3), Some((10, 1)));
    assert_eq!(range_ends(5, 2, 1), None);
    assert_eq!(
        range_ends(i64::MIN, i64::MAX, 1),
        Some((i64::MIN, i64::MAX - 1))
    );
}

fn range(start: i64, stop: i64, step: i64) -> Value {
    Value::obj(Object::Range(Range { start, stop, step }))
}

fn words() -> Value {
    l([
        "banana", "Apple", "cherry", "apple", "Banana", "fig", "date",
    ]
    .iter()
    .map(|w| s(w))
    .collect())
}

#[test]
#[rustfmt::skip]
fn consumers_behave_like_cpython() {
    let i = Value::Int;
    let e = Vec::new;
    let len = Value::Native(&crate::vm::builtins::core::LEN);
    let abs = Value::Native(&crate::vm::builtins::core::ABS);
    check_cases(vec![
        (&MIN, vec![ints(&[5, 2, 8])], e(), "2"),
        (&MAX, vec![ints(&[5, 2, 8])], e(), "8"),
        (&MIN, vec![i(3), i(1), i(2)], e(), "1"),
        (&MIN, vec![s("bca")], e(), "'a'"),
        (&MAX, vec![Value::Float(2.5), i(3)], e(), "3"),
        (&MAX, vec![i(1), Value::Float(1.0)], e(), "1"),
        (&MAX, vec![Value::Float(1.0), i(1)], e(), "1.0"),
        (&MAX, vec![ints(&[])], vec![("default", s("empty"))], "'empty'"),
        (&MIN, vec![ints(&[])], vec![("default", Value::None)], "None"),
        (&MAX, vec![ints(&[])], e(), "ValueError: max() arg is an empty sequence"),
        (&MIN, vec![], e(), "TypeError: min expected at least 1 argument, got 0"),
        (&MIN, vec![i(1), i(2)], vec![("default", i(0))], "TypeError: Cannot specify a default for min() with multiple positional arguments"),
        (&MIN, vec![i(1)], vec![("foo", i(0))], "TypeError: 'foo' is an invalid keyword argument for min()"),
        (&MAX, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&MIN, vec![l(vec![s("apple"), s("fig"), s("banana")])], vec![("key", len.clone())], "'fig'"),
        (&MAX, vec![l(vec![s("apple"), s("fig"), s("banana")])], vec![("key", len.clone())], "'banana'"),
        (&MIN, vec![ints(&[3, -4, 2])], vec![("key", abs.clone())], "2"),
        (&MAX, vec![ints(&[3, -4, 2])], vec![("key", abs.clone())], "-4"),
        (&MAX, vec![l(vec![i(1), s("a")])], e(), "TypeError: '>' not supported between instances of 'str' and 'int'"),
        (&MIN, vec![l(vec![i(1), s("a")])], e(), "TypeError: '<' not supported between instances of 'str' and 'int'"),
        (&MAX, vec![range(0, 1 << 40, 7)], e(), "1099511627774"),
        (&MIN, vec![range(10, -5, -3)], e(), "-2"),
        (&MAX, vec![range(3, 3, 1)], e(), "ValueError: max() arg is an empty sequence"),
        (&SUM, vec![ints(&[1, 2, 3])], e(), "6"),
        (&SUM, vec![l(vec![Value::Float(0.1); 10])], e(), "0.9999999999999999"),
        (&SUM, vec![ints(&[]), i(10)], e(), "10"),
        (&SUM, vec![ints(&[1])], vec![("start", i(2))], "3"),
        (&SUM, vec![range(0, 101, 1)], e(), "5050"),
        (&SUM, vec![range(0, 1 << 40, 1)], e(), "OverflowError: integer result does not fit in 64 bits"),
        (&SUM, vec![range(0, 1 << 30, 1)], e(), "576460751766552576"),
        (&SUM, vec![l(vec![ints(&[1]), ints(&[2])]), ints(&[])], e(), "tail:sum_iter"),
        (&SUM, vec![l(vec![s("a")]), s("")], e(), "TypeError: sum() can't sum strings [use ''.join(seq) instead]"),
        (&SUM, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&SUM, vec![], e(), "TypeError: sum() takes at least 1 positional argument (0 given)"),
        (&SUM, vec![ints(&[1]), i(2), i(3)], e(), "TypeError: sum() takes at most 2 arguments (3 given)"),
        (&ANY, vec![ints(&[])], e(), "False"),
        (&ALL, vec![ints(&[])], e(), "True"),
        (&ANY, vec![l(vec![i(0), s(""), Value::None])], e(), "False"),
        (&ANY, vec![ints(&[0, 1])], e(), "True"),
        (&ALL, vec![l(vec![i(1), s("a"), ints(&[0])])], e(), "True"),
        (&ALL, vec![ints(&[1, 0])], e(), "False"),
        (&ANY, vec![range(0, 1 << 40, 1)], e(), "tail:any_iter"),
        (&ALL, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&SORTED, vec![s("hello")], e(), "['e', 'h', 'l', 'l', 'o']"),
        (&SORTED, vec![ints(&[3, 1, 2])], vec![("reverse", Value::Bool(true))], "[3, 2, 1]"),
        (&SORTED, vec![l(vec![i(1), s("a")])], e(), "TypeError: '<' not supported between instances of 'str' and 'int'"),
        (&SORTED, vec![l(vec![i(1), Value::None])], e(), "TypeError: '<' not supported between instances of 'NoneType' and 'int'"),
        (&SORTED, vec![ints(&[5, -3, 0, 12, -8, 7, -3])], vec![("key", abs.clone())], "[0, -3, -3, 5, 7, -8, 12]"),
        (&SORTED, vec![words()], vec![("key", len.clone())], "['fig', 'date', 'Apple', 'apple', 'banana', 'cherry', 'Banana']"),
        (&SORTED, vec![words()], vec![("key", len.clone()), ("reverse", Value::Bool(true))], "['banana', 'cherry', 'Banana', 'Apple', 'apple', 'date', 'fig']"),
        (&SORTED, vec![l(vec![Value::Float(3.5), i(1), Value::Float(2.25), Value::Float(-0.5), i(2)])], e(), "[-0.5, 1, 2, 2.25, 3.5]"),
        (&SORTED, vec![l(vec![ints(&[3, 1]), ints(&[2, 9]), ints(&[3, 0]), ints(&[2])])], e(), "[[2], [2, 9], [3, 0], [3, 1]]"),
        (&SORTED, vec![l(vec![Value::tuple(vec![i(2), s("b")]), Value::tuple(vec![i(2), s("a")]), Value::tuple(vec![i(1), s("z")])])], e(), "[(1, 'z'), (2, 'a'), (2, 'b')]"),
        (&SORTED, vec![ints(&[1])], vec![("foo", i(1))], "TypeError: 'foo' is an invalid keyword argument for sort()"),
        (&SORTED, vec![ints(&[1])], vec![("reverse", Value::None)], "TypeError: 'NoneType' object cannot be interpreted as an integer"),
        (&SORTED, vec![], e(), "TypeError: sorted expected 1 argument, got 0"),
        (&SORTED, vec![i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&MAP, vec![abs.clone(), ints(&[-1])], e(), "tail:map_iter"),
        (&MAP, vec![abs.clone()], e(), "TypeError: map() must have at least two arguments."),
        (&MAP, vec![abs.clone(), i(1)], e(), "TypeError: 'int' object is not iterable"),
        (&FILTER, vec![Value::None, ints(&[1])], e(), "tail:filter_iter"),
        (&FILTER, vec![Value::None], e(), "TypeError: filter expected 2 arguments, got 1"),
        (&ZIP, vec![ints(&[1])], vec![("strict", Value::Bool(true))], "tail:zip_iter"),
        (&ZIP, vec![ints(&[1])], vec![("foo", i(1))], "TypeError: 'foo' is an invalid keyword argument for zip()"),
        (&ENUMERATE, vec![], e(), "TypeError: enumerate() missing required argument 'iterable'"),
        (&ENUMERATE, vec![ints(&[])], vec![("start", s("a"))], "TypeError: 'str' object cannot be interpreted as an integer"),
        (&ENUMERATE, vec![range(0, 1 << 40, 1)], e(), "tail:enumerate_iter"),
        (&REVERSED, vec![i(5)], e(), "TypeError: 'int' object is not reversible"),
        (&REVERSED, vec![], e(), "TypeError: reversed expected 1 argument, got 0"),
    ]);
}

/// `list(f(pos...))`, shown.
fn listed(f: &NativeFn, pos: Vec<Value>, kw: Vec<(&str, Value)>) -> String {
    let mut vm = test_vm();
    let it = match call(&mut vm, f, pos, kw) {
        Ok(v) => v,
        Err(e) => return e,
    };
    match call(&mut vm, &LIST, vec![it], vec![]) {
        Ok(v) => crate::vm::repr::repr_plain(&v),
        Err(e) => e,
    }
}

#[test]
fn native_iterators_give_cpythons_items() {
    let i = Value::Int;
    assert_eq!(
        listed(&ENUMERATE, vec![s("abc")], vec![]),
        "[(0, 'a'), (1, 'b'), (2, 'c')]"
    );
    assert_eq!(
        listed(&ENUMERATE, vec![l(vec![s("x"), s("y")]), i(1)], vec![]),
        "[(1, 'x'), (2, 'y')]"
    );
    assert_eq!(
        listed(&ZIP, vec![ints(&[1, 2, 3]), s("ab")], vec![]),
        "[(1, 'a'), (2, 'b')]"
    );
    assert_eq!(listed(&ZIP, vec![], vec![]), "[]");
    assert_eq!(
        listed(&ZIP, vec![ints(&[1]), ints(&[2]), ints(&[3])], vec![]),
        "[(1, 2, 3)]"
    );
    assert_eq!(listed(&REVERSED, vec![s("abc")], vec![]), "['c', 'b', 'a']");
    assert_eq!(
        listed(&REVERSED, vec![Value::tuple(vec![i(1), i(2)])], vec![]),
        "[2, 1]"
    );
    assert_eq!(
        listed(&REVERSED, vec![range(1, 20, 4)], vec![]),
        "[17, 13, 9, 5, 1]"
    );
    assert_eq!(
        listed(&REVERSED, vec![range(10, 0, -3)], vec![]),
        "[1, 4, 7, 10]"
    );
    assert_eq!(listed(&REVERSED, vec![range(0, 0, 1)], vec![]), "[]");
    // An iterator is consumed lazily: zip(it, it) pairs items up.
    let mut vm = test_vm();
    let it = crate::vm::builtins::core::iter_over(vec![i(1), i(2), i(3), i(4)]);
    assert_eq!(
        call(&mut vm, &ZIP, vec![it.clone(), it], vec![]).unwrap_err(),
        "tail:zip_iter"
    );
}
