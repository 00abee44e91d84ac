//! The sort that `list.sort` and `sorted` share: a stable merge sort
//! comparing with `<` that stops at the first failed comparison, with
//! fast paths for keys that compare without user code (all ints, all
//! strings, plain numbers). CPython's `reverse=True` is kept stable the
//! way CPython does it: reverse, sort, reverse back.
//!
//! A Python `key=` function runs as prelude code (`list_sort_key`), which
//! computes the keys and hands them back to the native `_sort_apply`
//! (passed to it as an argument, so it is no name in any namespace).

use super::core::{arity, invalid_kw, native_keys};
use crate::bytecode::CmpOp;
use crate::vm::native::{Args, Flow};
use crate::vm::ops;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::cmp::Ordering;

crate::native!(SORT_APPLY, "_sort_apply", "list._sort_apply", sort_apply);

/// `key=` and `reverse=` of `sort`/`sorted`: the key (`None` for none)
/// and the direction. Other keywords are refused as CPython's `sort()`.
pub(crate) fn sort_options(vm: &mut Interp, a: &mut Args) -> Result<(Value, bool), TrapKind> {
    let key = a.take_kw("key").unwrap_or(Value::None);
    let reverse = a.take_kw("reverse");
    invalid_kw(a, "sort")?;
    let reverse = match reverse {
        None => false,
        Some(v) => vm.index_of(&v)? != 0,
    };
    Ok((key, reverse))
}

/// `items` sorted with `key` (`None` for none) in Rust; `Ok(None)` when the
/// key is Python code, which must run as prelude code.
pub(crate) fn sort_items(
    vm: &mut Interp,
    items: Vec<Value>,
    key: &Value,
    reverse: bool,
) -> Result<Option<Vec<Value>>, TrapKind> {
    if let Value::None = key {
        let perm = sort_perm(vm, &items, reverse)?;
        return Ok(Some(permute(items, &perm)));
    }
    match native_keys(vm, key, &items)? {
        Some(keys) => {
            let perm = sort_perm(vm, &keys, reverse)?;
            Ok(Some(permute(items, &perm)))
        }
        None => Ok(None),
    }
}

/// `_sort_apply(lst, items, keys, reverse)`: sorts `items` by the
/// precomputed `keys` and stores them in `lst` (the prelude's
/// `list_sort_key` ends with it).
fn sort_apply(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    arity(a.pos.len(), "_sort_apply", 4, 4)?;
    let (Value::List(l), Value::List(items), Value::List(keys)) = (&a.pos[0], &a.pos[1], &a.pos[2])
    else {
        return Err(TrapKind::Type("_sort_apply() expects lists".into()).into());
    };
    let reverse = vm.truthy(&a.pos[3])?;
    let (items, keys) = (items.snapshot(), keys.snapshot());
    if items.len() != keys.len() {
        return Err(TrapKind::Value("list modified during sort").into());
    }
    let perm = sort_perm(vm, &keys, reverse)?;
    *l.items.lock() = permute(items, &perm);
    Ok(Value::None)
}

/// `items` reordered so that position k holds `items[perm[k]]`.
fn permute(items: Vec<Value>, perm: &[usize]) -> Vec<Value> {
    let mut slots: Vec<Option<Value>> = items.into_iter().map(Some).collect();
    perm.iter()
        .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// The stable sorting permutation of `keys` (ascending, or descending
/// with equal keys kept in order, as CPython's `reverse=True`), comparing
/// with `<` and stopping at the first comparison that fails.
pub(crate) fn sort_perm(
    vm: &mut Interp,
    keys: &[Value],
    reverse: bool,
) -> Result<Vec<usize>, TrapKind> {
    let n = keys.len();
    // Like CPython: reverse, sort stably, reverse back.
    let order: Vec<usize> = if reverse {
        (0..n).rev().collect()
    } else {
        (0..n).collect()
    };
    let view: Vec<&Value> = order.iter().map(|&i| &keys[i]).collect();
    let p = match fast_perm(&view) {
        Some(p) => p,
        None => merge_sort(n, &mut |i, j| vm.lt(view[i], view[j]))?,
    };
    let mut out: Vec<usize> = p.into_iter().map(|k| order[k]).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}

/// The permutation for keys that compare without user code and without
/// failing: all ints, all strings, or all numbers without a NaN.
fn fast_perm(keys: &[&Value]) -> Option<Vec<usize>> {
    let mut p: Vec<usize> = (0..keys.len()).collect();
    let int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if keys.iter().all(|k| int(k).is_some()) {
        p.sort_by_key(|&i| int(keys[i]).unwrap_or(0));
        return Some(p);
    }
    if keys.iter().all(|k| matches!(k, Value::Str(_))) {
        let texts: Vec<&str> = keys
            .iter()
            .map(|k| match k {
                Value::Str(s) => s.as_str(),
                _ => "",
            })
            .collect();
        p.sort_by(|&i, &j| texts[i].cmp(texts[j]));
        return Some(p);
    }
    let plain_num = |v: &Value| match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Float(f) => !f.is_nan(),
        _ => false,
    };
    if keys.iter().all(|k| plain_num(k)) {
        let cmp = |a: &Value, b: &Value| {
            if ops::compare(CmpOp::Lt, a, b).unwrap_or(false) {
                Ordering::Less
            } else if ops::compare(CmpOp::Lt, b, a).unwrap_or(false) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        };
        p.sort_by(|&i, &j| cmp(keys[i], keys[j]));
        return Some(p);
    }
    None
}

/// A stable bottom-up merge sort of the indices `0..n` by `lt(i, j)`
/// ("item i sorts before item j"), returning at the first error. Runs
/// already in order cost one comparison per merge.
pub(crate) fn merge_sort(
    n: usize,
    lt: &mut dyn FnMut(usize, usize) -> Result<bool, TrapKind>,
) -> Result<Vec<usize>, TrapKind> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut buf: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            if mid >= end || !lt(a[mid], a[mid - 1])? {
                buf[start..end].copy_from_slice(&a[start..end]);
            } else {
                let (mut i, mut j, mut k) = (start, mid, start);
                while i < mid && j < end {
                    // Take from the right only when strictly smaller: stable.
                    if lt(a[j], a[i])? {
                        buf[k] = a[j];
                        j += 1;
                    } else {
                        buf[k] = a[i];
                        i += 1;
                    }
                    k += 1;
                }
                buf[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
                k += mid - i;
                buf[k..k + (end - j)].copy_from_slice(&a[j..end]);
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut buf);
        width *= 2;
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::core::{call, ints, l, s, test_vm};
    use crate::vm::builtins::list::{COPY, SORT};
    use crate::vm::repr::repr_plain;

    fn sort_ints(keys: &[i64]) -> Vec<usize> {
        merge_sort(keys.len(), &mut |i, j| Ok(keys[i] < keys[j])).unwrap()
    }

    #[test]
    fn merge_sort_is_stable_and_correct() {
        let keys = [3, 1, 2, 1, 3, 0, 2, 2, 9, -1, 4];
        let p = sort_ints(&keys);
        let sorted: Vec<i64> = p.iter().map(|&i| keys[i]).collect();
        assert_eq!(sorted, vec![-1, 0, 1, 1, 2, 2, 2, 3, 3, 4, 9]);
        // Equal keys keep their original order.
        assert_eq!(&p[2..4], &[1, 3]);
        assert_eq!(&p[4..7], &[2, 6, 7]);
        for n in 0..40 {
            let keys: Vec<i64> = (0..n).map(|i| (i * 7919 % 13) as i64).collect();
            let p = sort_ints(&keys);
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by_key(|&i| keys[i]);
            assert_eq!(p, want);
        }
    }

    #[test]
    fn merge_sort_stops_at_the_first_error() {
        let mut calls = 0;
        let r = merge_sort(10, &mut |_, _| {
            calls += 1;
            Err(TrapKind::Type("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn sorted_input_costs_few_comparisons() {
        let mut calls = 0;
        merge_sort(1024, &mut |i, j| {
            calls += 1;
            Ok(i < j)
        })
        .unwrap();
        assert!(calls < 1024, "{calls}");
    }

    #[test]
    fn fast_paths_cover_plain_keys() {
        let ints = [Value::Int(3), Value::Bool(true), Value::Int(-2)];
        let refs: Vec<&Value> = ints.iter().collect();
        assert_eq!(fast_perm(&refs), Some(vec![2, 1, 0]));
        let mixed = [Value::Float(2.5), Value::Int(1), Value::Float(-0.5)];
        let refs: Vec<&Value> = mixed.iter().collect();
        assert_eq!(fast_perm(&refs), Some(vec![2, 1, 0]));
        let strs = [Value::str("b"), Value::str("B"), Value::str("a")];
        let refs: Vec<&Value> = strs.iter().collect();
        assert_eq!(fast_perm(&refs), Some(vec![1, 2, 0]));
        let nan = [Value::Float(f64::NAN), Value::Int(1)];
        let refs: Vec<&Value> = nan.iter().collect();
        assert_eq!(fast_perm(&refs), None);
        let other = [Value::None, Value::Int(1)];
        let refs: Vec<&Value> = other.iter().collect();
        assert_eq!(fast_perm(&refs), None);
    }

    #[test]
    fn permute_reorders() {
        let items = vec![Value::Int(10), Value::Int(20), Value::Int(30)];
        let out = permute(items, &[2, 0, 1]);
        let shown: Vec<String> = out.iter().map(|v| v.to_string()).collect();
        assert_eq!(shown, ["30", "10", "20"]);
    }

    #[test]
    fn sort_is_stable_with_keys_and_reverse() {
        let mut vm = test_vm();
        let pairs = l(vec![
            Value::tuple(vec![Value::Int(2), s("b")]),
            Value::tuple(vec![Value::Int(1), s("z")]),
            Value::tuple(vec![Value::Int(2), s("a")]),
            Value::tuple(vec![Value::Int(1), s("y")]),
        ]);
        // _sort_apply is what the prelude ends with for a Python key.
        let keys = ints(&[2, 1, 2, 1]);
        let items = call(&mut vm, &COPY, vec![pairs.clone()], vec![]).unwrap();
        call(
            &mut vm,
            &SORT_APPLY,
            vec![pairs.clone(), items, keys, Value::Bool(false)],
            vec![],
        )
        .unwrap();
        assert_eq!(
            repr_plain(&pairs),
            "[(1, 'z'), (1, 'y'), (2, 'b'), (2, 'a')]"
        );
        let items = call(&mut vm, &COPY, vec![pairs.clone()], vec![]).unwrap();
        call(
            &mut vm,
            &SORT_APPLY,
            vec![pairs.clone(), items, ints(&[1, 1, 2, 2]), Value::Bool(true)],
            vec![],
        )
        .unwrap();
        assert_eq!(
            repr_plain(&pairs),
            "[(2, 'b'), (2, 'a'), (1, 'z'), (1, 'y')]"
        );
        // A native key runs in Rust.
        let neg = ints(&[5, -3, 0, 12, -8, 7, -3]);
        let abs = Value::Native(&crate::vm::builtins::core::ABS);
        call(&mut vm, &SORT, vec![neg.clone()], vec![("key", abs)]).unwrap();
        assert_eq!(repr_plain(&neg), "[0, -3, -3, 5, 7, -8, 12]");
    }
}
