//! The methods of `list` values.
//!
//! Each method holds the list's lock for one primitive step and never
//! while Python code runs: comparisons (`remove`, `index`, `count`,
//! `sort`) work on a snapshot, and a sort writes its result back in one
//! step (the sort itself is in [`super::sort`]).

use super::core::{all_items, arity, lazy_iterable, no_kw, not_iterable, tail, BIG};
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::List;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

crate::native!(APPEND, "append", "list.append", append);
crate::native!(EXTEND, "extend", "list.extend", extend);
crate::native!(INSERT, "insert", "list.insert", insert);
crate::native!(POP, "pop", "list.pop", pop);
crate::native!(REMOVE, "remove", "list.remove", remove);
crate::native!(INDEX, "index", "list.index", index);
crate::native!(COUNT, "count", "list.count", count);
crate::native!(SORT, "sort", "list.sort", sort);
crate::native!(REVERSE, "reverse", "list.reverse", reverse);
crate::native!(COPY, "copy", "list.copy", copy);
crate::native!(CLEAR, "clear", "list.clear", clear);

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[
    &APPEND, &EXTEND, &INSERT, &POP, &REMOVE, &INDEX, &COUNT, &SORT, &REVERSE, &COPY, &CLEAR,
];

/// The receiver (`args.pos[0]`) as a list.
fn recv(a: &Args, name: &str) -> Result<Arc<List>, TrapKind> {
    match a.pos.first() {
        Some(Value::List(l)) => Ok(Arc::clone(l)),
        Some(other) => Err(TrapKind::Type(format!(
            "descriptor '{name}' for 'list' objects doesn't apply to a '{}' object",
            other.class_name()
        ))),
        None => Err(TrapKind::Type(format!(
            "unbound method list.{name}() needs an argument"
        ))),
    }
}

/// The receiver and the argument count after it, keywords refused.
fn method(a: &Args, name: &str, qual: &str) -> Result<(Arc<List>, usize), TrapKind> {
    no_kw(a, qual)?;
    let l = recv(a, name)?;
    Ok((l, a.pos.len() - 1))
}

fn append(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "append", "list.append")?;
    arity(n, "list.append", 1, 1)?;
    l.items.lock().push(a.pos[1].clone());
    Ok(Value::None)
}

fn extend(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "extend", "list.extend")?;
    arity(n, "list.extend", 1, 1)?;
    let src = &a.pos[1];
    match all_items(src, BIG)? {
        Some(items) => {
            l.items.lock().extend(items);
            Ok(Value::None)
        }
        None if lazy_iterable(src) || matches!(src, Value::Obj(_)) => {
            tail(vm, "list_extend", vec![Value::List(l), src.clone()])
        }
        None => Err(not_iterable(src).into()),
    }
}

fn insert(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "insert", "list.insert")?;
    arity(n, "insert", 2, 2)?;
    let i = vm.index_of(&a.pos[1])?;
    let mut items = l.items.lock();
    let at = clamp(i, items.len());
    items.insert(at, a.pos[2].clone());
    Ok(Value::None)
}

/// A slice-style position: negative counts from the end, then clamped
/// to `0..=len`.
fn clamp(i: i64, len: usize) -> usize {
    let len_i = len as i64;
    if i < 0 {
        (i + len_i).max(0) as usize
    } else {
        i.min(len_i) as usize
    }
}

fn pop(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "pop", "list.pop")?;
    arity(n, "pop", 0, 1)?;
    let i = match a.pos.get(1) {
        Some(v) => vm.index_of(v)?,
        None => -1,
    };
    let mut items = l.items.lock();
    if items.is_empty() {
        return Err(TrapKind::Builtin("IndexError", "pop from empty list".into()).into());
    }
    let len = items.len() as i64;
    let at = if i < 0 { i + len } else { i };
    if at < 0 || at >= len {
        return Err(TrapKind::Builtin("IndexError", "pop index out of range".into()).into());
    }
    Ok(items.remove(at as usize))
}

/// The position of the first item equal to `x` in `items[start..stop]`.
pub(crate) fn find(
    vm: &mut Interp,
    items: &[Value],
    x: &Value,
    start: usize,
    stop: usize,
) -> Result<Option<usize>, TrapKind> {
    for (i, it) in items.iter().enumerate().take(stop).skip(start) {
        if it.is(x) || vm.eq(it, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn remove(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "remove", "list.remove")?;
    arity(n, "list.remove", 1, 1)?;
    let snapshot = l.snapshot();
    let not_found = || TrapKind::Value("list.remove(x): x not in list");
    let Some(i) = find(vm, &snapshot, &a.pos[1], 0, snapshot.len())? else {
        return Err(not_found().into());
    };
    // Another thread may have changed the list meanwhile: remove the item
    // that was found, by identity.
    let found = &snapshot[i];
    let mut items = l.items.lock();
    let at = if items.get(i).is_some_and(|v| v.is(found)) {
        Some(i)
    } else {
        items.iter().position(|v| v.is(found))
    };
    match at {
        Some(at) => {
            items.remove(at);
            Ok(Value::None)
        }
        None => Err(not_found().into()),
    }
}

/// A `start`/`stop` argument of `index`.
pub(crate) fn slice_arg(vm: &mut Interp, v: &Value) -> Result<i64, TrapKind> {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Instance(_) => vm.index_of(v),
        _ => Err(TrapKind::Type(
            "slice indices must be integers or have an __index__ method".into(),
        )),
    }
}

/// The `start..stop` range of `index(x, start, stop)` over `len` items.
pub(crate) fn index_bounds(
    vm: &mut Interp,
    rest: &[Value],
    len: usize,
) -> Result<(usize, usize), TrapKind> {
    let start = match rest.first() {
        Some(v) => clamp(slice_arg(vm, v)?, len),
        None => 0,
    };
    let stop = match rest.get(1) {
        Some(v) => clamp(slice_arg(vm, v)?, len),
        None => len,
    };
    Ok((start, stop))
}

fn index(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "index", "list.index")?;
    arity(n, "index", 1, 3)?;
    let snapshot = l.snapshot();
    let (start, stop) = index_bounds(vm, &a.pos[2..], snapshot.len())?;
    match find(vm, &snapshot, &a.pos[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let r = vm.repr(&a.pos[1])?;
            Err(TrapKind::Builtin("ValueError", format!("{r} is not in list")).into())
        }
    }
}

/// How many items equal `x`.
pub(crate) fn count_in(vm: &mut Interp, items: &[Value], x: &Value) -> Result<i64, TrapKind> {
    let mut n = 0;
    for it in items {
        if it.is(x) || vm.eq(it, x)? {
            n += 1;
        }
    }
    Ok(n)
}

fn count(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "count", "list.count")?;
    arity(n, "list.count", 1, 1)?;
    let snapshot = l.snapshot();
    Ok(Value::Int(count_in(vm, &snapshot, &a.pos[1])?))
}

fn reverse(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "reverse", "list.reverse")?;
    arity(n, "list.reverse", 0, 0)?;
    l.items.lock().reverse();
    Ok(Value::None)
}

fn copy(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "copy", "list.copy")?;
    arity(n, "list.copy", 0, 0)?;
    Ok(List::value(l.snapshot()))
}

fn clear(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (l, n) = method(&a, "clear", "list.clear")?;
    arity(n, "list.clear", 0, 0)?;
    l.items.lock().clear();
    Ok(Value::None)
}

fn sort(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let l = recv(&a, "sort")?;
    if a.pos.len() > 1 {
        return Err(TrapKind::Type("sort() takes no positional arguments".into()).into());
    }
    let (key, reverse) = super::sort::sort_options(vm, &mut a)?;
    let items = l.snapshot();
    match super::sort::sort_items(vm, items, &key, reverse)? {
        Some(sorted) => {
            *l.items.lock() = sorted;
            Ok(Value::None)
        }
        None => tail(
            vm,
            "list_sort_key",
            vec![
                Value::List(l),
                key,
                Value::Bool(reverse),
                Value::Native(&super::sort::SORT_APPLY),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::core::{call, ints, s, test_vm};
    use crate::vm::repr::repr_plain;

    #[test]
    fn clamping_follows_slice_rules() {
        assert_eq!(clamp(-1, 5), 4);
        assert_eq!(clamp(-10, 5), 0);
        assert_eq!(clamp(100, 5), 5);
        assert_eq!(clamp(2, 5), 2);
    }

    /// A method call: the method, its arguments after the receiver, keywords.
    type Step<'a> = (&'a NativeFn, Vec<Value>, Vec<(&'a str, Value)>);

    /// Runs the method calls on one list in order; each step's result or
    /// error, then the list, as CPython shows them.
    fn steps(start: Value, calls: Vec<Step<'_>>) -> Vec<String> {
        let mut vm = test_vm();
        let mut out = Vec::new();
        for (f, args, kw) in calls {
            let mut pos = vec![start.clone()];
            pos.extend(args);
            out.push(match call(&mut vm, f, pos, kw) {
                Ok(v) => repr_plain(&v),
                Err(e) => e,
            });
        }
        out.push(repr_plain(&start));
        out
    }

    #[test]
    fn methods_behave_like_cpython() {
        let i = Value::Int;
        let e = Vec::new;
        let got = steps(
            ints(&[3, 1, 4, 1, 5, 9, 2, 6]),
            vec![
                (&APPEND, vec![i(5)], e()),
                (&EXTEND, vec![ints(&[3, 5])], e()),
                (&INSERT, vec![i(0), i(10)], e()),
                (&INSERT, vec![i(-1), i(99)], e()),
                (&INSERT, vec![i(100), i(7)], e()),
                (&INDEX, vec![i(5)], e()),
                (&COUNT, vec![i(5)], e()),
                (&COUNT, vec![i(42)], e()),
                (&POP, vec![], e()),
                (&POP, vec![i(0)], e()),
                (&POP, vec![i(-2)], e()),
                (&REMOVE, vec![i(1)], e()),
                (&REVERSE, vec![], e()),
                (&SORT, vec![], e()),
                (&SORT, vec![], vec![("reverse", Value::Bool(true))]),
            ],
        );
        assert_eq!(
            got,
            [
                "None",
                "None",
                "None",
                "None",
                "None",
                "5",
                "3",
                "0",
                "7",
                "10",
                "99",
                "None",
                "None",
                "None",
                "None",
                "[9, 6, 5, 5, 5, 4, 3, 3, 2, 1]"
            ]
        );
        let got = steps(
            ints(&[1, 2]),
            vec![
                (&INDEX, vec![i(3)], e()),
                (&INDEX, vec![i(1), s("a")], e()),
                (&INDEX, vec![i(2), i(-1)], e()),
                (&INDEX, vec![i(1), i(1)], e()),
                (&REMOVE, vec![i(7)], e()),
                (&POP, vec![i(5)], e()),
                (&POP, vec![s("a")], e()),
                (&APPEND, vec![], e()),
                (&INSERT, vec![i(1)], e()),
                (&SORT, vec![i(1)], e()),
                (&SORT, vec![], vec![("foo", i(1))]),
                (&COPY, vec![i(1)], e()),
                (&EXTEND, vec![i(1)], e()),
                (&CLEAR, vec![], e()),
                (&POP, vec![], e()),
            ],
        );
        assert_eq!(
            got,
            [
                "ValueError: 3 is not in list",
                "TypeError: slice indices must be integers or have an __index__ method",
                "1",
                "ValueError: 1 is not in list",
                "ValueError: list.remove(x): x not in list",
                "IndexError: pop index out of range",
                "TypeError: 'str' object cannot be interpreted as an integer",
                "TypeError: list.append() takes exactly one argument (0 given)",
                "TypeError: insert expected 2 arguments, got 1",
                "TypeError: sort() takes no positional arguments",
                "TypeError: 'foo' is an invalid keyword argument for sort()",
                "TypeError: list.copy() takes no arguments (1 given)",
                "TypeError: 'int' object is not iterable",
                "None",
                "IndexError: pop from empty list",
                "[]",
            ]
        );
    }

    #[test]
    fn copies_are_independent_and_extend_takes_itself() {
        let mut vm = test_vm();
        let a = ints(&[1, 2]);
        let b = call(&mut vm, &COPY, vec![a.clone()], vec![]).unwrap();
        call(&mut vm, &APPEND, vec![b.clone(), Value::Int(3)], vec![]).unwrap();
        call(&mut vm, &EXTEND, vec![a.clone(), a.clone()], vec![]).unwrap();
        assert_eq!(repr_plain(&a), "[1, 2, 1, 2]");
        assert_eq!(repr_plain(&b), "[1, 2, 3]");
    }
}
