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
                | Object::CoroWrapper(_)
                | Object::AgAwait(_)
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
#[path = "iterate_tests.rs"]
mod tests;
