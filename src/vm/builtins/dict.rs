//! The methods of `dict` values, and the update logic `dict(...)` shares.
//!
//! `keys()`, `values()` and `items()` return list snapshots rather than
//! live views: they iterate, index and compare as lists, but print as
//! `['a']` where CPython prints `dict_keys(['a'])`.
//!
//! Each method holds the dict's lock for one primitive step; keys are
//! compared by the dict's own rules (no user code), so no lock is held
//! while Python runs.

use super::core::{all_items, arity, lazy_iterable, no_kw, not_iterable, tail, BIG};
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::{exc, Dict, DictMap, List};
use crate::vm::runtime::native_items;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

crate::native!(GET, "get", "dict.get", get);
crate::native!(KEYS, "keys", "dict.keys", keys);
crate::native!(VALUES, "values", "dict.values", values);
crate::native!(ITEMS, "items", "dict.items", items);
crate::native!(SETDEFAULT, "setdefault", "dict.setdefault", setdefault);
crate::native!(POP, "pop", "dict.pop", pop);
crate::native!(POPITEM, "popitem", "dict.popitem", popitem);
crate::native!(UPDATE, "update", "dict.update", update);
crate::native!(COPY, "copy", "dict.copy", copy);
crate::native!(CLEAR, "clear", "dict.clear", clear);
crate::native!(FROMKEYS_BOUND, "fromkeys", "dict.fromkeys", fromkeys_bound);
crate::native!(FROMKEYS, "fromkeys", "dict.fromkeys", fromkeys);

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[
    &GET,
    &KEYS,
    &VALUES,
    &ITEMS,
    &SETDEFAULT,
    &POP,
    &POPITEM,
    &UPDATE,
    &COPY,
    &CLEAR,
    &FROMKEYS_BOUND,
];

/// The class-level methods, called on the type (`dict.fromkeys(keys, v)`):
/// they take no receiver.
pub static CLASS_METHODS: &[&NativeFn] = &[&FROMKEYS];

/// The receiver (`args.pos[0]`) as a dict.
fn recv(a: &Args, name: &str) -> Result<Arc<Dict>, TrapKind> {
    match a.pos.first() {
        Some(Value::Dict(d)) => Ok(Arc::clone(d)),
        Some(other) => Err(TrapKind::Type(format!(
            "descriptor '{name}' for 'dict' objects doesn't apply to a '{}' object",
            other.class_name()
        ))),
        None => Err(TrapKind::Type(format!(
            "unbound method dict.{name}() needs an argument"
        ))),
    }
}

fn get(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.get")?;
    let d = recv(&a, "get")?;
    arity(a.pos.len() - 1, "get", 1, 2)?;
    let found = d.map.lock().get(&a.pos[1])?.cloned();
    Ok(found.unwrap_or_else(|| a.pos.get(2).cloned().unwrap_or(Value::None)))
}

fn keys(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.keys")?;
    let d = recv(&a, "keys")?;
    arity(a.pos.len() - 1, "dict.keys", 0, 0)?;
    let ks: Vec<Value> = d.map.lock().keys().cloned().collect();
    Ok(List::value(ks))
}

fn values(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.values")?;
    let d = recv(&a, "values")?;
    arity(a.pos.len() - 1, "dict.values", 0, 0)?;
    let vs: Vec<Value> = d.map.lock().values().cloned().collect();
    Ok(List::value(vs))
}

fn items(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.items")?;
    let d = recv(&a, "items")?;
    arity(a.pos.len() - 1, "dict.items", 0, 0)?;
    let pairs: Vec<Value> = d
        .map
        .lock()
        .iter()
        .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
        .collect();
    Ok(List::value(pairs))
}

fn setdefault(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.setdefault")?;
    let d = recv(&a, "setdefault")?;
    arity(a.pos.len() - 1, "setdefault", 1, 2)?;
    let default = a.pos.get(2).cloned().unwrap_or(Value::None);
    let mut m = d.map.lock();
    if let Some(v) = m.get(&a.pos[1])? {
        return Ok(v.clone());
    }
    m.insert(a.pos[1].clone(), default.clone())?;
    Ok(default)
}

fn pop(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.pop")?;
    let d = recv(&a, "pop")?;
    arity(a.pos.len() - 1, "pop", 1, 2)?;
    let removed = d.map.lock().remove(&a.pos[1])?;
    match (removed, a.pos.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(exc::raise("KeyError", vec![a.pos[1].clone()]).into()),
    }
}

fn popitem(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.popitem")?;
    let d = recv(&a, "popitem")?;
    arity(a.pos.len() - 1, "dict.popitem", 0, 0)?;
    let last = d.map.lock().pop_last();
    match last {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(exc::raise(
            "KeyError",
            vec![Value::str("popitem(): dictionary is empty")],
        )
        .into()),
    }
}

fn update(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let kw = std::mem::take(&mut a.kw);
    let d = recv(&a, "update")?;
    arity(a.pos.len() - 1, "update", 0, 1)?;
    let target = Value::Dict(d);
    match a.pos.get(1) {
        None => {
            insert_kw(&target, kw)?;
            Ok(Value::None)
        }
        Some(src) => update_from(vm, &target, src, kw, Value::None),
    }
}

fn copy(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.copy")?;
    let d = recv(&a, "copy")?;
    arity(a.pos.len() - 1, "dict.copy", 0, 0)?;
    let m = d.map.lock().clone();
    Ok(Dict::value(m))
}

fn clear(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.clear")?;
    let d = recv(&a, "clear")?;
    arity(a.pos.len() - 1, "dict.clear", 0, 0)?;
    d.map.lock().clear();
    Ok(Value::None)
}

/// `d.fromkeys(iterable, value=None)` on an instance: the receiver is
/// dropped. Reached through the type (`dict.fromkeys(...)`) there is no
/// receiver; a first argument that is not a dict (or a lone one) is taken
/// as the iterable. Only `dict.fromkeys(a_dict, v)` is ambiguous (read as
/// the instance form); [`CLASS_METHODS`] has the unambiguous native.
fn fromkeys_bound(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let has_receiver = matches!(a.pos.first(), Some(Value::Dict(_))) && a.pos.len() >= 2;
    let skip = usize::from(has_receiver);
    let rest = Args {
        pos: a.pos.into_iter().skip(skip).collect(),
        kw: a.kw,
    };
    fromkeys(vm, rest)
}

/// `dict.fromkeys(iterable, value=None)`.
fn fromkeys(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    no_kw(&a, "dict.fromkeys")?;
    arity(a.pos.len(), "fromkeys", 1, 2)?;
    let value = a.pos.get(1).cloned().unwrap_or(Value::None);
    let src = &a.pos[0];
    let Some(keys) = all_items(src, BIG)? else {
        if lazy_iterable(src) || matches!(src, Value::Obj(_)) {
            // Collect the keys in Python, then come back here.
            return tail(
                vm,
                "call_listed",
                vec![
                    Value::Native(&FROMKEYS),
                    Value::tuple(vec![]),
                    Value::tuple(vec![src.clone()]),
                    Value::tuple(vec![value]),
                ],
            );
        }
        return Err(not_iterable(src).into());
    };
    let mut m = DictMap::default();
    for k in keys {
        m.insert(k, value.clone())?;
    }
    Ok(Dict::value(m))
}

/// Sets the keyword arguments of `dict(**kw)` / `d.update(**kw)` in `d`.
pub(crate) fn insert_kw(d: &Value, kw: Vec<(Arc<str>, Value)>) -> Result<(), TrapKind> {
    if let Value::Dict(d) = d {
        for (k, v) in kw {
            d.map.lock().insert(Value::str(&*k), v)?;
        }
    }
    Ok(())
}

/// `d.update(src, **kw)` for the dict `d`, returning `result`: natively
/// for a dict or a builtin container of pairs, else by a tail call of the
/// prelude's `dict_fill(d, src, is_mapping, kw, result)` (mappings with `keys()`,
/// generators, iterators).
pub(crate) fn update_from(
    vm: &mut Interp,
    d: &Value,
    src: &Value,
    kw: Vec<(Arc<str>, Value)>,
    result: Value,
) -> Result<Value, Flow> {
    let Value::Dict(target) = d else {
        return Ok(result);
    };
    if let Value::Dict(s) = src {
        let entries: Vec<(Value, Value)> = s
            .map
            .lock()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in entries {
            target.map.lock().insert(k, v)?;
        }
        insert_kw(d, kw)?;
        return Ok(result);
    }
    let is_mapping = matches!(src, Value::Instance(i) if i.class.lookup("keys").is_some());
    let pairs = if is_mapping {
        None
    } else {
        all_items(src, BIG)?
    };
    let Some(pairs) = pairs else {
        if !is_mapping && !lazy_iterable(src) && !matches!(src, Value::Obj(_)) {
            return Err(not_iterable(src).into());
        }
        let kw_dict = Dict::value(DictMap::default());
        insert_kw(&kw_dict, kw)?;
        return tail(
            vm,
            "dict_fill",
            vec![
                d.clone(),
                src.clone(),
                Value::Bool(is_mapping),
                kw_dict,
                result,
            ],
        );
    };
    for (i, item) in pairs.into_iter().enumerate() {
        let pair = match native_items(&item)? {
            Some(p) => p,
            None if lazy_iterable(&item) => vm.iter_values(&item)?,
            None => {
                return Err(TrapKind::Type(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ))
                .into())
            }
        };
        let [k, v]: [Value; 2] = pair.try_into().map_err(|p: Vec<Value>| {
            TrapKind::Builtin(
                "ValueError",
                format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    p.len()
                ),
            )
        })?;
        target.map.lock().insert(k, v)?;
    }
    insert_kw(d, kw)?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::convert::DICT;
    use crate::vm::builtins::core::{call, ints, l, s, test_vm};
    use crate::vm::repr::repr_plain;

    #[test]
    fn every_method_is_named_as_in_python() {
        let names: Vec<&str> = METHODS.iter().map(|n| n.name).collect();
        for want in [
            "get",
            "keys",
            "values",
            "items",
            "setdefault",
            "pop",
            "popitem",
            "update",
            "copy",
            "clear",
            "fromkeys",
        ] {
            assert!(names.contains(&want), "{want}");
        }
        assert_eq!(CLASS_METHODS[0].name, "fromkeys");
    }

    #[test]
    fn keyword_arguments_become_string_keys() {
        let d = Dict::value(DictMap::default());
        insert_kw(&d, vec![("k".into(), Value::Int(5))]).unwrap();
        match &d {
            Value::Dict(m) => {
                let m = m.map.lock();
                assert_eq!(m.get(&Value::str("k")).unwrap().unwrap().to_string(), "5");
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn methods_behave_like_cpython() {
        let mut vm = test_vm();
        let i = Value::Int;
        let d = call(&mut vm, &DICT, vec![], vec![("b", i(2)), ("a", i(1))]).unwrap();
        let mut run = |f: &NativeFn, args: Vec<Value>, kw: Vec<(&str, Value)>| {
            let mut pos = vec![d.clone()];
            pos.extend(args);
            match call(&mut vm, f, pos, kw) {
                Ok(v) => repr_plain(&v),
                Err(e) => e,
            }
        };
        let e = Vec::new;
        let got = vec![
            run(&KEYS, vec![], e()),
            run(&VALUES, vec![], e()),
            run(&ITEMS, vec![], e()),
            run(&GET, vec![s("a")], e()),
            run(&GET, vec![s("zz")], e()),
            run(&GET, vec![s("zz"), i(-1)], e()),
            run(&GET, vec![ints(&[])], e()),
            run(&GET, vec![], e()),
            run(&POP, vec![s("a")], e()),
            run(&POP, vec![s("zz"), s("default")], e()),
            run(&POP, vec![s("zz")], e()),
            run(&SETDEFAULT, vec![s("x"), ints(&[])], e()),
            run(&SETDEFAULT, vec![s("b"), i(99)], e()),
            run(
                &UPDATE,
                vec![l(vec![Value::tuple(vec![s("c"), i(30)])])],
                vec![("k", i(5))],
            ),
            run(&UPDATE, vec![ints(&[1])], e()),
            run(&UPDATE, vec![i(1)], e()),
            run(&POPITEM, vec![], e()),
            run(&COPY, vec![], e()),
            run(&FROMKEYS_BOUND, vec![ints(&[1, 2]), i(0)], e()),
            run(&CLEAR, vec![], e()),
            run(&POPITEM, vec![], e()),
        ];
        assert_eq!(
            got,
            [
                "['b', 'a']",
                "[2, 1]",
                "[('b', 2), ('a', 1)]",
                "1",
                "None",
                "-1",
                "TypeError: unhashable type: 'list'",
                "TypeError: get expected at least 1 argument, got 0",
                "1",
                "'default'",
                "KeyError: 'zz'",
                "[]",
                "2",
                "None",
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence",
                "TypeError: 'int' object is not iterable",
                "('k', 5)",
                "{'b': 2, 'x': [], 'c': 30}",
                "{1: 0, 2: 0}",
                "None",
                "KeyError: 'popitem(): dictionary is empty'",
            ]
        );
        let mut vm = test_vm();
        assert_eq!(
            repr_plain(&call(&mut vm, &FROMKEYS, vec![s("ab")], vec![]).unwrap()),
            "{'a': None, 'b': None}"
        );
    }
}
