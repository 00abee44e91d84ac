//! The methods of `set` and `frozenset` values. A frozenset answers the
//! mutating methods (`add`, `update`...) with CPython's `AttributeError`
//! when they are called.
//!
//! Members are compared by the dict rules (no user code), so a method may
//! work under the set's lock; it never holds two locks at once: the other
//! operand is snapshotted first. Operands that are generators, iterators
//! or instances are listed by the prelude's `call_listed`, which calls the
//! method again with lists.

use super::convert::set_value;
use super::core::{arity, container_items, lazy_iterable, no_kw, not_iterable, tail, BIG};
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::{exc, Dict, DictMap, Object};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;

crate::native!(ADD, "add", "set.add", add);
crate::native!(REMOVE, "remove", "set.remove", remove);
crate::native!(DISCARD, "discard", "set.discard", discard);
crate::native!(POP, "pop", "set.pop", pop);
crate::native!(CLEAR, "clear", "set.clear", clear);
crate::native!(COPY, "copy", "set.copy", copy);
crate::native!(UPDATE, "update", "set.update", update);
crate::native!(UNION, "union", "set.union", union);
crate::native!(
    INTERSECTION,
    "intersection",
    "set.intersection",
    intersection
);
crate::native!(DIFFERENCE, "difference", "set.difference", difference);
crate::native!(
    SYMMETRIC_DIFFERENCE,
    "symmetric_difference",
    "set.symmetric_difference",
    symmetric_difference
);
crate::native!(ISSUBSET, "issubset", "set.issubset", issubset);
crate::native!(ISSUPERSET, "issuperset", "set.issuperset", issuperset);
crate::native!(ISDISJOINT, "isdisjoint", "set.isdisjoint", isdisjoint);
crate::native!(
    INTERSECTION_UPDATE,
    "intersection_update",
    "set.intersection_update",
    intersection_update
);
crate::native!(
    DIFFERENCE_UPDATE,
    "difference_update",
    "set.difference_update",
    difference_update
);
crate::native!(
    SYMMETRIC_DIFFERENCE_UPDATE,
    "symmetric_difference_update",
    "set.symmetric_difference_update",
    symmetric_difference_update
);

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[
    &ADD,
    &REMOVE,
    &DISCARD,
    &POP,
    &CLEAR,
    &COPY,
    &UPDATE,
    &UNION,
    &INTERSECTION,
    &DIFFERENCE,
    &SYMMETRIC_DIFFERENCE,
    &ISSUBSET,
    &ISSUPERSET,
    &ISDISJOINT,
    &INTERSECTION_UPDATE,
    &DIFFERENCE_UPDATE,
    &SYMMETRIC_DIFFERENCE_UPDATE,
];

/// The members of a set value and whether it is frozen.
fn parts(v: &Value) -> Option<(&Dict, bool)> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Set { map, frozen } => Some((map, *frozen)),
            _ => None,
        },
        _ => None,
    }
}

/// The receiver (`args.pos[0]`) as a set, keywords refused.
fn recv<'a>(a: &'a Args, name: &str) -> Result<(&'a Dict, bool), TrapKind> {
    no_kw(a, &format!("set.{name}"))?;
    match a.pos.first() {
        Some(v) => parts(v).ok_or_else(|| {
            TrapKind::Type(format!(
                "descriptor '{name}' for 'set' objects doesn't apply to a '{}' object",
                v.class_name()
            ))
        }),
        None => Err(TrapKind::Type(format!(
            "unbound method set.{name}() needs an argument"
        ))),
    }
}

/// The receiver of a mutating method: a frozenset has no such attribute.
fn recv_mut<'a>(a: &'a Args, name: &str) -> Result<&'a Dict, TrapKind> {
    match recv(a, name)? {
        (_, true) => Err(TrapKind::Builtin(
            "AttributeError",
            format!("'frozenset' object has no attribute '{name}'"),
        )),
        (m, false) => Ok(m),
    }
}

/// The members of each operand after the receiver, or (as the `Err`) the
/// tail call that lists them in Python and calls `me` again.
fn operands(vm: &mut Interp, a: &Args, me: &'static NativeFn) -> Result<Vec<DictMap>, Flow> {
    let others = &a.pos[1..];
    let mut maps = Vec::with_capacity(others.len());
    let mut lazy = false;
    for v in others {
        if let Some((m, _)) = parts(v) {
            maps.push(m.map.lock().clone());
            continue;
        }
        match container_items(v, BIG)? {
            Some(items) => {
                let mut m = DictMap::default();
                for x in items {
                    m.insert(x, Value::None)?;
                }
                maps.push(m);
            }
            None if lazy_iterable(v) || matches!(v, Value::Obj(_)) => lazy = true,
            None => return Err(not_iterable(v).into()),
        }
    }
    if lazy {
        return tail(
            vm,
            "call_listed",
            vec![
                Value::Native(me),
                Value::tuple(vec![a.pos[0].clone()]),
                Value::tuple(others.to_vec()),
                Value::tuple(vec![]),
            ],
        )
        .map(|_| vec![]);
    }
    Ok(maps)
}

fn one_operand(
    vm: &mut Interp,
    a: &Args,
    me: &'static NativeFn,
    qual: &str,
) -> Result<DictMap, Flow> {
    arity(a.pos.len() - 1, qual, 1, 1)?;
    Ok(operands(vm, a, me)?.pop().unwrap_or_default())
}

fn add(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "add")?;
    arity(a.pos.len() - 1, "set.add", 1, 1)?;
    m.map.lock().insert(a.pos[1].clone(), Value::None)?;
    Ok(Value::None)
}

fn remove(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "remove")?;
    arity(a.pos.len() - 1, "set.remove", 1, 1)?;
    let removed = m.map.lock().remove(&a.pos[1])?;
    match removed {
        Some(_) => Ok(Value::None),
        None => Err(exc::raise("KeyError", vec![a.pos[1].clone()]).into()),
    }
}

fn discard(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "discard")?;
    arity(a.pos.len() - 1, "set.discard", 1, 1)?;
    m.map.lock().remove(&a.pos[1])?;
    Ok(Value::None)
}

fn pop(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "pop")?;
    arity(a.pos.len() - 1, "set.pop", 0, 0)?;
    let mut map = m.map.lock();
    let first = map.keys().next().cloned();
    match first {
        Some(k) => {
            map.remove(&k)?;
            Ok(k)
        }
        None => Err(exc::raise("KeyError", vec![Value::str("pop from an empty set")]).into()),
    }
}

fn clear(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "clear")?;
    arity(a.pos.len() - 1, "set.clear", 0, 0)?;
    m.map.lock().clear();
    Ok(Value::None)
}

fn copy(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (m, frozen) = recv(&a, "copy")?;
    arity(a.pos.len() - 1, "set.copy", 0, 0)?;
    if frozen {
        return Ok(a.pos[0].clone());
    }
    let snapshot = m.map.lock().clone();
    Ok(set_value(snapshot, false))
}

fn update(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "update")?;
    for other in operands(vm, &a, &UPDATE)? {
        let mut map = m.map.lock();
        for k in other.keys() {
            map.insert(k.clone(), Value::None)?;
        }
    }
    Ok(Value::None)
}

/// `a | b | ...` on member maps.
pub fn union_of(first: &DictMap, others: &[DictMap]) -> Result<DictMap, TrapKind> {
    let mut out = first.clone();
    for o in others {
        for k in o.keys() {
            out.insert(k.clone(), Value::None)?;
        }
    }
    Ok(out)
}

/// `a & b & ...` on member maps, in `first`'s order.
pub fn intersection_of(first: &DictMap, others: &[DictMap]) -> Result<DictMap, TrapKind> {
    let mut out = DictMap::default();
    for k in first.keys() {
        let mut keep = true;
        for o in others {
            if !o.contains(k)? {
                keep = false;
                break;
            }
        }
        if keep {
            out.insert(k.clone(), Value::None)?;
        }
    }
    Ok(out)
}

/// `a - b - ...` on member maps.
pub fn difference_of(first: &DictMap, others: &[DictMap]) -> Result<DictMap, TrapKind> {
    let mut out = DictMap::default();
    for k in first.keys() {
        let mut keep = true;
        for o in others {
            if o.contains(k)? {
                keep = false;
                break;
            }
        }
        if keep {
            out.insert(k.clone(), Value::None)?;
        }
    }
    Ok(out)
}

/// `a ^ b` on member maps: `a`'s own members, then `b`'s.
pub fn symmetric_difference_of(a: &DictMap, b: &DictMap) -> Result<DictMap, TrapKind> {
    let mut out = difference_of(a, std::slice::from_ref(b))?;
    for k in b.keys() {
        if !a.contains(k)? {
            out.insert(k.clone(), Value::None)?;
        }
    }
    Ok(out)
}

/// True if every member of `a` is in `b`.
pub fn is_subset(a: &DictMap, b: &DictMap) -> Result<bool, TrapKind> {
    for k in a.keys() {
        if !b.contains(k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A method making a new set of the receiver's kind from the receiver's
/// members and the operands' members.
fn combine(
    vm: &mut Interp,
    a: Args,
    name: &str,
    me: &'static NativeFn,
    f: fn(&DictMap, &[DictMap]) -> Result<DictMap, TrapKind>,
) -> Result<Value, Flow> {
    let (m, frozen) = recv(&a, name)?;
    let others = operands(vm, &a, me)?;
    let mine = m.map.lock().clone();
    Ok(set_value(f(&mine, &others)?, frozen))
}

fn union(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    combine(vm, a, "union", &UNION, union_of)
}

fn intersection(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    combine(vm, a, "intersection", &INTERSECTION, intersection_of)
}

fn difference(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    combine(vm, a, "difference", &DIFFERENCE, difference_of)
}

fn symmetric_difference(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (m, frozen) = recv(&a, "symmetric_difference")?;
    let other = one_operand(vm, &a, &SYMMETRIC_DIFFERENCE, "set.symmetric_difference")?;
    let mine = m.map.lock().clone();
    Ok(set_value(symmetric_difference_of(&mine, &other)?, frozen))
}

fn issubset(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (m, _) = recv(&a, "issubset")?;
    let other = one_operand(vm, &a, &ISSUBSET, "set.issubset")?;
    let mine = m.map.lock().clone();
    Ok(Value::Bool(is_subset(&mine, &other)?))
}

fn issuperset(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (m, _) = recv(&a, "issuperset")?;
    let other = one_operand(vm, &a, &ISSUPERSET, "set.issuperset")?;
    let mine = m.map.lock().clone();
    Ok(Value::Bool(is_subset(&other, &mine)?))
}

fn isdisjoint(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (m, _) = recv(&a, "isdisjoint")?;
    let other = one_operand(vm, &a, &ISDISJOINT, "set.isdisjoint")?;
    let mine = m.map.lock().clone();
    Ok(Value::Bool(
        intersection_of(&mine, std::slice::from_ref(&other))?.is_empty(),
    ))
}

/// An in-place method: the receiver's members replaced by `f` of them and
/// the operands', in one locked step.
fn in_place(
    vm: &mut Interp,
    a: Args,
    name: &str,
    me: &'static NativeFn,
    f: fn(&DictMap, &[DictMap]) -> Result<DictMap, TrapKind>,
) -> Result<Value, Flow> {
    let m = recv_mut(&a, name)?;
    let others = operands(vm, &a, me)?;
    let mut map = m.map.lock();
    let new = f(&map, &others)?;
    *map = new;
    Ok(Value::None)
}

fn intersection_update(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    in_place(
        vm,
        a,
        "intersection_update",
        &INTERSECTION_UPDATE,
        intersection_of,
    )
}

fn difference_update(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    in_place(
        vm,
        a,
        "difference_update",
        &DIFFERENCE_UPDATE,
        difference_of,
    )
}

fn symmetric_difference_update(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let m = recv_mut(&a, "symmetric_difference_update")?;
    let other = one_operand(
        vm,
        &a,
        &SYMMETRIC_DIFFERENCE_UPDATE,
        "set.symmetric_difference_update",
    )?;
    let mut map = m.map.lock();
    let new = symmetric_difference_of(&map, &other)?;
    *map = new;
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::convert::SET;
    use crate::vm::builtins::core::{call, ints as int_list, s, test_vm};
    use crate::vm::repr::repr_plain;

    fn map(xs: &[i64]) -> DictMap {
        let mut m = DictMap::default();
        for x in xs {
            m.insert(Value::Int(*x), Value::None).unwrap();
        }
        m
    }

    fn ints(m: &DictMap) -> Vec<String> {
        m.keys().map(|k| k.to_string()).collect()
    }

    #[test]
    fn set_algebra_keeps_the_receivers_order() {
        let (a, b) = (map(&[1, 2, 3, 4]), map(&[3, 4, 5, 6]));
        assert_eq!(
            ints(&union_of(&a, std::slice::from_ref(&b)).unwrap()),
            ["1", "2", "3", "4", "5", "6"]
        );
        assert_eq!(
            ints(&intersection_of(&a, &[b.clone(), map(&[4])]).unwrap()),
            ["4"]
        );
        assert_eq!(
            ints(&difference_of(&a, &[map(&[1])]).unwrap()),
            ["2", "3", "4"]
        );
        assert_eq!(
            ints(&symmetric_difference_of(&a, &b).unwrap()),
            ["1", "2", "5", "6"]
        );
        assert!(is_subset(&map(&[1]), &a).unwrap());
        assert!(!is_subset(&a, &b).unwrap());
        assert!(is_subset(&map(&[]), &map(&[])).unwrap());
    }

    #[test]
    fn the_method_table_is_complete() {
        assert_eq!(METHODS.len(), 17);
        assert!(METHODS.iter().any(|m| m.name == "isdisjoint"));
    }

    fn run(f: &NativeFn, pos: Vec<Value>) -> String {
        let mut vm = test_vm();
        match call(&mut vm, f, pos, vec![]) {
            Ok(v) => repr_plain(&v),
            Err(e) => e,
        }
    }

    fn set_of(xs: &[i64]) -> Value {
        let mut vm = test_vm();
        call(&mut vm, &SET, vec![int_list(xs)], vec![]).unwrap()
    }

    #[test]
    fn methods_behave_like_cpython() {
        let a = || set_of(&[1, 2, 3, 4]);
        let b = || set_of(&[3, 4, 5, 6]);
        assert_eq!(run(&UNION, vec![a(), int_list(&[7])]), "{1, 2, 3, 4, 7}");
        assert_eq!(run(&INTERSECTION, vec![a(), b(), set_of(&[4])]), "{4}");
        assert_eq!(run(&DIFFERENCE, vec![a(), set_of(&[1])]), "{2, 3, 4}");
        assert_eq!(run(&SYMMETRIC_DIFFERENCE, vec![a(), b()]), "{1, 2, 5, 6}");
        assert_eq!(run(&ISSUBSET, vec![a(), b()]), "False");
        assert_eq!(run(&ISSUPERSET, vec![a(), int_list(&[2])]), "True");
        assert_eq!(run(&ISDISJOINT, vec![a(), int_list(&[7])]), "True");
        assert_eq!(
            run(&UNION, vec![a(), Value::Int(1)]),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            run(&POP, vec![set_of(&[])]),
            "KeyError: 'pop from an empty set'"
        );
        assert_eq!(
            run(&REMOVE, vec![set_of(&[]), Value::Int(1)]),
            "KeyError: 1"
        );
        assert_eq!(
            run(&REMOVE, vec![set_of(&[]), int_list(&[])]),
            "TypeError: unhashable type: 'list'"
        );
        assert_eq!(
            run(&ADD, vec![set_of(&[])]),
            "TypeError: set.add() takes exactly one argument (0 given)"
        );
        let it = crate::vm::builtins::core::iter_over(vec![Value::Int(1)]);
        assert_eq!(run(&UNION, vec![a(), it]), "tail:call_listed");

        let mut vm = test_vm();
        let x = set_of(&[1, 2]);
        let mut step = |f: &NativeFn, args: Vec<Value>| {
            let mut pos = vec![x.clone()];
            pos.extend(args);
            match call(&mut vm, f, pos, vec![]) {
                Ok(v) => repr_plain(&v),
                Err(e) => e,
            }
        };
        let got = vec![
            step(&ADD, vec![Value::Int(5)]),
            step(&UPDATE, vec![int_list(&[2, 3]), set_of(&[7])]),
            step(&DISCARD, vec![Value::Int(7)]),
            step(&DISCARD, vec![Value::Int(100)]),
            step(&REMOVE, vec![Value::Int(1)]),
            step(&INTERSECTION_UPDATE, vec![int_list(&[2, 3, 5])]),
            step(&DIFFERENCE_UPDATE, vec![int_list(&[2])]),
            step(&SYMMETRIC_DIFFERENCE_UPDATE, vec![int_list(&[3, 6])]),
            step(&COPY, vec![]),
            step(&POP, vec![]),
            step(&CLEAR, vec![]),
        ];
        assert_eq!(
            got,
            [
                "None", "None", "None", "None", "None", "None", "None", "None", "{5, 6}", "5",
                "None"
            ]
        );
        assert_eq!(repr_plain(&x), "set()");
    }

    #[test]
    fn frozensets_refuse_mutation_and_keep_their_kind() {
        let mut vm = test_vm();
        let f = call(
            &mut vm,
            &crate::vm::builtins::convert::FROZENSET,
            vec![int_list(&[1, 2])],
            vec![],
        )
        .unwrap();
        assert_eq!(
            run(&ADD, vec![f.clone(), Value::Int(3)]),
            "AttributeError: 'frozenset' object has no attribute 'add'"
        );
        assert_eq!(
            run(&UNION, vec![f.clone(), s("a")]),
            "frozenset({1, 2, 'a'})"
        );
        assert_eq!(run(&COPY, vec![f]), "frozenset({1, 2})");
    }
}
