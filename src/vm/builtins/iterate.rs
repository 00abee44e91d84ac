//! The iteration builtins: `min`, `max`, `sum`, `sorted`, `reversed`,
//! `enumerate`, `zip`, `map`, `filter`, `any`, `all`.
//!
//! Over the items of builtin containers they work in Rust. Over
//! generators, instances and iterators, and with a Python `key=`, they
//! tail-call prelude code (prelude.py) so long-running loops run as
//! ordinary, interruptible bytecode. `map` and `filter` are always prelude
//! generators (their function runs lazily, item by item, as in CPython);
//! `enumerate` and `zip` over containers are native iterators over a
//! snapshot.

use super::core::{
    all_items, arity, container_items, invalid_kw, iter_over, native_keys, no_kw, not_iterable,
    tail, OVERFLOW, SMALL,
};
use super::sort::{sort_items, sort_options};
use crate::bytecode::{BinOp, CmpOp};
use crate::vm::native::{Args, Flow};
use crate::vm::object::{IterState, List, Object};
use crate::vm::ops;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

crate::native!(MIN, "min", "min", min);
crate::native!(MAX, "max", "max", max);
crate::native!(SUM, "sum", "sum", sum);
crate::native!(SORTED, "sorted", "sorted", sorted);
crate::native!(REVERSED, "reversed", "reversed", reversed);
crate::native!(ENUMERATE, "enumerate", "enumerate", enumerate);
crate::native!(ZIP, "zip", "zip", zip);
crate::native!(MAP, "map", "map", map);
crate::native!(FILTER, "filter", "filter", filter);
crate::native!(ANY, "any", "any", any);
crate::native!(ALL, "all", "all", all);

/// Fails unless `v` can be iterated (natively, or lazily by Python code).
fn check_iterable(v: &Value) -> Result<(), TrapKind> {
    let ok = match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Dict(_) | Value::Instance(_) => {
            true
        }
        Value::Obj(o) => matches!(
            &**o,
            Object::Set { .. }
                | Object::Range(_)
                | Object::Bytes(_)
                | Object::Iter(_)
                | Object::Generator(_)
        ),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(not_iterable(v))
    }
}

fn min(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    min_max(vm, a, false)
}

fn max(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    min_max(vm, a, true)
}

fn min_max(vm: &mut Interp, mut a: Args, is_max: bool) -> Result<Value, Flow> {
    let name = if is_max { "max" } else { "min" };
    let key = a.take_kw("key").unwrap_or(Value::None);
    let default = a.take_kw("default");
    invalid_kw(&a, name)?;
    arity(a.pos.len(), name, 1, usize::MAX)?;
    let items = if a.pos.len() > 1 {
        if default.is_some() {
            return Err(TrapKind::Type(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            ))
            .into());
        }
        a.pos
    } else {
        let src = &a.pos[0];
        if let (Value::Obj(o), Value::None) = (src, &key) {
            if let Object::Range(r) = &**o {
                // A range's extremes are its ends: no need to walk it.
                if let Some((first, last)) = range_ends(r.start, r.stop, r.step) {
                    let lo_hi = (first.min(last), first.max(last));
                    return Ok(Value::Int(if is_max { lo_hi.1 } else { lo_hi.0 }));
                }
            }
        }
        match all_items(src, SMALL)? {
            Some(items) => items,
            None => {
                check_iterable(src)?;
                return min_max_tail(vm, src.clone(), key, default, is_max);
            }
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(TrapKind::Builtin(
                "ValueError",
                format!("{name}() arg is an empty sequence"),
            )
            .into()),
        };
    }
    let keys = match &key {
        Value::None => None,
        k => match native_keys(vm, k, &items)? {
            Some(keys) => Some(keys),
            None => return min_max_tail(vm, List::value(items), key, default, is_max),
        },
    };
    let keys = keys.as_ref().unwrap_or(&items);
    let op = if is_max { CmpOp::Gt } else { CmpOp::Lt };
    let mut best = 0;
    for i in 1..keys.len() {
        if vm.compare(op, &keys[i], &keys[best])? {
            best = i;
        }
    }
    Ok(items[best].clone())
}

fn min_max_tail(
    vm: &mut Interp,
    src: Value,
    key: Value,
    default: Option<Value>,
    is_max: bool,
) -> Result<Value, Flow> {
    let name = if is_max { "max" } else { "min" };
    let has_default = default.is_some();
    tail(
        vm,
        "min_max",
        vec![
            src,
            key,
            default.unwrap_or(Value::None),
            Value::Bool(has_default),
            Value::Bool(is_max),
            Value::str(format!("{name}() arg is an empty sequence")),
        ],
    )
}

/// The number of values of `range(start, stop, step)`, without overflow.
fn range_count(start: i64, stop: i64, step: i64) -> i128 {
    let (lo, hi, st) = (start as i128, stop as i128, step as i128);
    if st == 0 {
        return 0;
    }
    if st > 0 {
        ((hi - lo + st - 1) / st).max(0)
    } else {
        ((lo - hi - st - 1) / -st).max(0)
    }
}

/// The first and last values of a non-empty range.
pub fn range_ends(start: i64, stop: i64, step: i64) -> Option<(i64, i64)> {
    let n = range_count(start, stop, step);
    if n == 0 {
        return None;
    }
    let last = start as i128 + (n - 1) * step as i128;
    Some((start, i64::try_from(last).ok()?))
}

/// `sum(range(start, stop, step), init)` in closed form, without
/// overflow in between.
pub fn range_sum(start: i64, stop: i64, step: i64, init: i64) -> Result<i64, TrapKind> {
    let n = range_count(start, stop, step);
    let Some((_, last)) = range_ends(start, stop, step) else {
        return Ok(init);
    };
    let (lo, last) = (start as i128, last as i128);
    // n * (first + last) / 2, halving whichever factor is even.
    let total = if n % 2 == 0 {
        (n / 2).checked_mul(lo + last)
    } else {
        n.checked_mul((lo + last) / 2)
    };
    total
        .and_then(|t| t.checked_add(init as i128))
        .and_then(|t| i64::try_from(t).ok())
        .ok_or(OVERFLOW)
}

fn sum(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let start_kw = a.take_kw("start");
    invalid_kw(&a, "sum")?;
    let n = a.pos.len() + start_kw.is_some() as usize;
    if a.pos.is_empty() {
        return Err(
            TrapKind::Type("sum() takes at least 1 positional argument (0 given)".into()).into(),
        );
    }
    if n > 2 {
        return Err(TrapKind::Type(format!("sum() takes at most 2 arguments ({n} given)")).into());
    }
    let mut pos = a.pos.into_iter();
    let src = pos.next().unwrap_or(Value::None);
    let start = pos.next().or(start_kw).unwrap_or(Value::Int(0));
    match &start {
        Value::Str(_) => {
            return Err(
                TrapKind::Type("sum() can't sum strings [use ''.join(seq) instead]".into()).into(),
            )
        }
        Value::Obj(o) if matches!(&**o, Object::Bytes(_)) => {
            return Err(
                TrapKind::Type("sum() can't sum bytes [use b''.join(seq) instead]".into()).into(),
            )
        }
        _ => {}
    }
    if let (Value::Obj(o), Value::Int(init)) = (&src, &start) {
        if let Object::Range(r) = &**o {
            return Ok(Value::Int(range_sum(r.start, r.stop, r.step, *init)?));
        }
    }
    let items = match all_items(&src, SMALL)? {
        Some(items) => items,
        None => {
            check_iterable(&src)?;
            return tail(vm, "sum_iter", vec![src, start]);
        }
    };
    let is_num = |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_));
    if !is_num(&start) || !items.iter().all(is_num) {
        return tail(vm, "sum_iter", vec![List::value(items), start]);
    }
    let mut total = start;
    for x in &items {
        total = ops::binary(BinOp::Add, &total, x)?;
    }
    Ok(total)
}

fn sorted(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    if a.pos.len() != 1 {
        return Err(
            TrapKind::Type(format!("sorted expected 1 argument, got {}", a.pos.len())).into(),
        );
    }
    let (key, reverse) = sort_options(vm, &mut a)?;
    let src = a.pos.pop().unwrap_or(Value::None);
    let items = match all_items(&src, super::core::BIG)? {
        Some(items) => items,
        None => {
            check_iterable(&src)?;
            return tail(vm, "sorted_iter", vec![src, key, Value::Bool(reverse)]);
        }
    };
    match sort_items(vm, items.clone(), &key, reverse)? {
        Some(sorted) => Ok(List::value(sorted)),
        None => tail(
            vm,
            "sorted_iter",
            vec![List::value(items), key, Value::Bool(reverse)],
        ),
    }
}

fn reversed(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "reversed")?;
    if a.pos.len() != 1 {
        return Err(
            TrapKind::Type(format!("reversed expected 1 argument, got {}", a.pos.len())).into(),
        );
    }
    let v = &a.pos[0];
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Dict(_) => {
            let mut items = crate::vm::runtime::native_items(v)?.unwrap_or_default();
            items.reverse();
            return Ok(iter_over(items));
        }
        Value::Obj(o) => {
            if let Object::Range(r) = &**o {
                let len = r.len();
                let state = IterState::Range {
                    next: r
                        .start
                        .wrapping_add(len.wrapping_sub(1).wrapping_mul(r.step)),
                    left: len,
                    step: r.step.wrapping_neg(),
                };
                return Ok(Value::obj(Object::Iter(parking_lot::Mutex::new(state))));
            }
        }
        Value::Instance(i) => {
            if let Some(r) = vm.call_dunder(v, "__reversed__", vec![])? {
                return Ok(r);
            }
            if i.class.lookup("__len__").is_some() && i.class.lookup("__getitem__").is_some() {
                return tail(vm, "reversed_iter", vec![v.clone()]);
            }
        }
        _ => {}
    }
    Err(TrapKind::Type(format!("'{}' object is not reversible", v.class_name())).into())
}

fn enumerate(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let iterable_kw = a.take_kw("iterable");
    let start_kw = a.take_kw("start");
    invalid_kw(&a, "enumerate")?;
    let n = a.pos.len();
    if n > 2 {
        return Err(
            TrapKind::Type(format!("enumerate() takes at most 2 arguments ({n} given)")).into(),
        );
    }
    let mut pos = a.pos.into_iter();
    let Some(src) = pos.next().or(iterable_kw) else {
        return Err(
            TrapKind::Type("enumerate() missing required argument 'iterable'".into()).into(),
        );
    };
    let start = match pos.next().or(start_kw) {
        Some(v) => vm.index_of(&v)?,
        None => 0,
    };
    check_iterable(&src)?;
    match container_items(&src, SMALL)? {
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, x) in items.into_iter().enumerate() {
                let idx = start.checked_add(i as i64).ok_or(OVERFLOW)?;
                out.push(Value::tuple(vec![Value::Int(idx), x]));
            }
            Ok(iter_over(out))
        }
        None => tail(vm, "enumerate_iter", vec![src, Value::Int(start)]),
    }
}

fn zip(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let strict = match a.take_kw("strict") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    invalid_kw(&a, "zip")?;
    for v in &a.pos {
        check_iterable(v)?;
    }
    if !strict {
        let mut columns = Vec::with_capacity(a.pos.len());
        for v in &a.pos {
            match container_items(v, SMALL)? {
                Some(items) => columns.push(items),
                None => break,
            }
        }
        if columns.len() == a.pos.len() {
            let rows = columns.iter().map(Vec::len).min().unwrap_or(0);
            let out = (0..rows)
                .map(|r| Value::tuple(columns.iter().map(|c| c[r].clone()).collect()))
                .collect();
            return Ok(iter_over(out));
        }
    }
    tail(
        vm,
        "zip_iter",
        vec![Value::tuple(a.pos), Value::Bool(strict)],
    )
}

fn map(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "map")?;
    if a.pos.len() < 2 {
        return Err(TrapKind::Type("map() must have at least two arguments.".into()).into());
    }
    for v in &a.pos[1..] {
        check_iterable(v)?;
    }
    let mut pos = a.pos.into_iter();
    let func = pos.next().unwrap_or(Value::None);
    tail(vm, "map_iter", vec![func, Value::tuple(pos.collect())])
}

fn filter(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "filter")?;
    arity(a.pos.len(), "filter", 2, 2)?;
    check_iterable(&a.pos[1])?;
    tail(vm, "filter_iter", a.pos)
}

fn any(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    any_all(vm, a, true)
}

fn all(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    any_all(vm, a, false)
}

fn any_all(vm: &mut Interp, a: Args, is_any: bool) -> Result<Value, Flow> {
    let name = if is_any { "any" } else { "all" };
    no_kw(&a, name)?;
    arity(a.pos.len(), name, 1, 1)?;
    let src = &a.pos[0];
    match container_items(src, SMALL)? {
        Some(items) => {
            for x in &items {
                if vm.truthy(x)? == is_any {
                    return Ok(Value::Bool(is_any));
                }
            }
            Ok(Value::Bool(!is_any))
        }
        None => {
            check_iterable(src)?;
            let f = if is_any { "any_iter" } else { "all_iter" };
            tail(vm, f, vec![src.clone()])
        }
    }
}

#[cfg(test)]
mod tests {
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
}
