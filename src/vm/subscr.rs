//! Subscripts and slices (`o[k]`, `o[a:b:c]`, assignment and `del`), and
//! the operators on containers and instances that `ops` does not cover.

use super::interp::Interp;
use super::object::{exc, Object};
use super::ops;
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::BinOp;
use std::sync::Arc;

/// Python's `slice.indices(len)`: (start, stop, step) clamped.
pub fn slice_indices(
    vm: &mut Interp,
    (a, b, c): (&Value, &Value, &Value),
    len: i64,
) -> Result<(i64, i64, i64), TrapKind> {
    let step = match c {
        Value::None => 1,
        v => vm.index_of(v)?,
    };
    if step == 0 {
        return Err(TrapKind::Value("slice step cannot be zero"));
    }
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let mut clamp = |v: &Value, default: i64| -> Result<i64, TrapKind> {
        Ok(match v {
            Value::None => default,
            v => {
                let i = vm.index_of(v)?;
                if i < 0 {
                    (i + len).max(lo)
                } else {
                    i.min(hi)
                }
            }
        })
    };
    let start = clamp(a, if step < 0 { hi } else { lo })?;
    let stop = clamp(b, if step < 0 { lo } else { hi })?;
    Ok((start, stop, step))
}

fn slice_positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

fn index_error(what: &str) -> TrapKind {
    TrapKind::Builtin("IndexError", format!("{what} index out of range"))
}

fn norm(i: i64, len: usize, what: &str) -> Result<usize, TrapKind> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(index_error(what));
    }
    Ok(j as usize)
}

fn as_slice(k: &Value) -> Option<(&Value, &Value, &Value)> {
    match k {
        Value::Obj(o) => match &**o {
            Object::Slice(a, b, c) => Some((a, b, c)),
            _ => None,
        },
        _ => None,
    }
}

impl Interp {
    /// `o[k]`.
    pub fn getitem(&mut self, o: &Value, k: &Value) -> Result<Value, TrapKind> {
        if let Some(sl) = as_slice(k) {
            return self.get_slice(o, sl);
        }
        match o {
            Value::List(l) => {
                let i = self.seq_index(k, "list")?;
                let items = l.items.lock();
                let j = norm(i, items.len(), "list")?;
                Ok(items[j].clone())
            }
            Value::Tuple(t) => {
                let i = self.seq_index(k, "tuple")?;
                Ok(t[norm(i, t.len(), "tuple")?].clone())
            }
            Value::Str(s) => {
                let i = self.seq_index(k, "string")?;
                if s.is_ascii() {
                    let j = norm(i, s.len(), "string")?;
                    return Ok(Value::str(&s[j..j + 1]));
                }
                let n = s.chars().count();
                let j = norm(i, n, "string")?;
                Ok(Value::str(
                    s.chars().nth(j).map(String::from).unwrap_or_default(),
                ))
            }
            Value::Dict(d) => {
                let found = d.map.lock().get(k)?.cloned();
                match found {
                    Some(v) => Ok(v),
                    None => Err(exc::raise("KeyError", vec![k.clone()])),
                }
            }
            Value::Obj(ob) => match &**ob {
                Object::Range(r) => {
                    let i = self.seq_index(k, "range object")?;
                    let j = norm(i, r.len() as usize, "range object")?;
                    Ok(Value::Int(r.at(j as i64)))
                }
                Object::Bytes(b) => {
                    let i = self.seq_index(k, "index")?;
                    Ok(Value::Int(b[norm(i, b.len(), "index")?] as i64))
                }
                _ => Err(not_subscriptable(o)),
            },
            Value::Instance(_) => match self.call_dunder(o, "__getitem__", vec![k.clone()])? {
                Some(v) => Ok(v),
                None => Err(not_subscriptable(o)),
            },
            Value::Native(_) | Value::Class(_) => Ok(o.clone()), // `list[int]` annotations
            _ => Err(not_subscriptable(o)),
        }
    }

    fn seq_index(&mut self, k: &Value, what: &str) -> Result<i64, TrapKind> {
        match k {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::Instance(_) => self.index_of(k),
            other => Err(TrapKind::Type(format!(
                "{what} indices must be integers or slices, not {}",
                other.type_name()
            ))),
        }
    }

    fn get_slice(&mut self, o: &Value, sl: (&Value, &Value, &Value)) -> Result<Value, TrapKind> {
        match o {
            Value::List(l) => {
                let items = l.snapshot();
                let (a, b, c) = slice_indices(self, sl, items.len() as i64)?;
                let v = slice_positions(a, b, c)
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect();
                Ok(super::object::List::value(v))
            }
            Value::Tuple(t) => {
                let (a, b, c) = slice_indices(self, sl, t.len() as i64)?;
                Ok(Value::tuple(
                    slice_positions(a, b, c)
                        .into_iter()
                        .map(|i| t[i].clone())
                        .collect(),
                ))
            }
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let (a, b, c) = slice_indices(self, sl, chars.len() as i64)?;
                Ok(Value::str(
                    slice_positions(a, b, c)
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                ))
            }
            Value::Obj(ob) => match &**ob {
                Object::Range(r) => {
                    let (a, b, c) = slice_indices(self, sl, r.len())?;
                    Ok(Value::obj(Object::Range(super::object::Range {
                        start: r.start + a * r.step,
                        stop: r.start + b * r.step,
                        step: r.step * c,
                    })))
                }
                Object::Bytes(bs) => {
                    let (a, b, c) = slice_indices(self, sl, bs.len() as i64)?;
                    Ok(Value::obj(Object::Bytes(
                        slice_positions(a, b, c)
                            .into_iter()
                            .map(|i| bs[i])
                            .collect(),
                    )))
                }
                _ => Err(not_subscriptable(o)),
            },
            Value::Instance(_) => {
                let k = Value::obj(Object::Slice(sl.0.clone(), sl.1.clone(), sl.2.clone()));
                match self.call_dunder(o, "__getitem__", vec![k])? {
                    Some(v) => Ok(v),
                    None => Err(not_subscriptable(o)),
                }
            }
            _ => Err(not_subscriptable(o)),
        }
    }

    /// `o[k] = v`.
    pub fn setitem(&mut self, o: &Value, k: &Value, v: Value) -> Result<(), TrapKind> {
        match o {
            Value::List(l) => {
                if let Some(sl) = as_slice(k) {
                    let new = self.iter_values(&v)?;
                    let len = l.items.lock().len() as i64;
                    let (a, b, c) = slice_indices(self, sl, len)?;
                    let mut items = l.items.lock();
                    if c == 1 {
                        let (a, b) = (a as usize, (b.max(a)) as usize);
                        let old: Vec<Value> = items.splice(a..b, new).collect();
                        drop(items);
                        drop(old);
                    } else {
                        let pos = slice_positions(a, b, c);
                        if pos.len() != new.len() {
                            return Err(TrapKind::Builtin("ValueError", format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                new.len(),
                                pos.len()
                            )));
                        }
                        for (i, x) in pos.into_iter().zip(new) {
                            items[i] = x;
                        }
                    }
                    return Ok(());
                }
                let i = self.seq_index(k, "list")?;
                let mut items = l.items.lock();
                let j = norm(i, items.len(), "list assignment")?;
                let old = std::mem::replace(&mut items[j], v);
                drop(items);
                drop(old);
                Ok(())
            }
            Value::Dict(d) => {
                let old = d.map.lock().insert(k.clone(), v)?;
                drop(old);
                Ok(())
            }
            Value::Instance(_) => match self.call_dunder(o, "__setitem__", vec![k.clone(), v])? {
                Some(_) => Ok(()),
                None => Err(TrapKind::Type(format!(
                    "'{}' object does not support item assignment",
                    o.class_name()
                ))),
            },
            other => Err(TrapKind::Type(format!(
                "'{}' object does not support item assignment",
                other.class_name()
            ))),
        }
    }

    /// `del o[k]`.
    pub fn delitem(&mut self, o: &Value, k: &Value) -> Result<(), TrapKind> {
        match o {
            Value::List(l) => {
                if let Some(sl) = as_slice(k) {
                    let len = l.items.lock().len() as i64;
                    let (a, b, c) = slice_indices(self, sl, len)?;
                    let mut pos = slice_positions(a, b, c);
                    pos.sort_unstable();
                    let mut items = l.items.lock();
                    for i in pos.into_iter().rev() {
                        items.remove(i);
                    }
                    return Ok(());
                }
                let i = self.seq_index(k, "list")?;
                let mut items = l.items.lock();
                let j = norm(i, items.len(), "list assignment")?;
                let old = items.remove(j);
                drop(items);
                drop(old);
                Ok(())
            }
            Value::Dict(d) => {
                let old = d.map.lock().remove(k)?;
                match old {
                    Some(_) => Ok(()),
                    None => Err(exc::raise("KeyError", vec![k.clone()])),
                }
            }
            Value::Instance(_) => match self.call_dunder(o, "__delitem__", vec![k.clone()])? {
                Some(_) => Ok(()),
                None => Err(TrapKind::Type(format!(
                    "'{}' object doesn't support item deletion",
                    o.class_name()
                ))),
            },
            other => Err(TrapKind::Type(format!(
                "'{}' object doesn't support item deletion",
                other.class_name()
            ))),
        }
    }

    /// `a op b` beyond numbers and strings: sequences, sets, dicts,
    /// `%`-formatting and instances' dunders.
    pub fn binary(&mut self, op: BinOp, a: &Value, b: &Value) -> Result<Value, TrapKind> {
        if op.is_inplace() {
            return self.inplace(op, a, b);
        }
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            let (name, rname) = dunder(op);
            if let Some(r) = self.call_dunder(a, name, vec![b.clone()])? {
                if !super::runtime::is_not_implemented(&r) {
                    return Ok(r);
                }
            }
            if let Some(r) = self.call_dunder(b, rname, vec![a.clone()])? {
                if !super::runtime::is_not_implemented(&r) {
                    return Ok(r);
                }
            }
            return Err(unsupported(op, a, b));
        }
        match (op, a, b) {
            (BinOp::Mod, Value::Str(f), args) => {
                Ok(Value::str(super::format::percent(self, f, args)?))
            }
            (BinOp::Add, Value::Str(_), other) if !matches!(other, Value::Str(_)) => {
                Err(TrapKind::Type(format!(
                    "can only concatenate str (not \"{}\") to str",
                    other.class_name()
                )))
            }
            (BinOp::Add, Value::List(_), other) if !matches!(other, Value::List(_)) => {
                Err(TrapKind::Type(format!(
                    "can only concatenate list (not \"{}\") to list",
                    other.class_name()
                )))
            }
            (BinOp::Add, Value::Tuple(_), other) if !matches!(other, Value::Tuple(_)) => {
                Err(TrapKind::Type(format!(
                    "can only concatenate tuple (not \"{}\") to tuple",
                    other.class_name()
                )))
            }
            (BinOp::Add, Value::List(x), Value::List(y)) => {
                let mut v = x.snapshot();
                v.extend(y.snapshot());
                Ok(super::object::List::value(v))
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
                let mut v = x.to_vec();
                v.extend(y.iter().cloned());
                Ok(Value::tuple(v))
            }
            (BinOp::Mul, Value::List(_) | Value::Tuple(_), Value::Int(_) | Value::Bool(_))
            | (BinOp::Mul, Value::Int(_) | Value::Bool(_), Value::List(_) | Value::Tuple(_)) => {
                let (seq, n) = if matches!(a, Value::List(_) | Value::Tuple(_)) {
                    (a, self.index_of(b)?)
                } else {
                    (b, self.index_of(a)?)
                };
                let items = super::runtime::native_items(seq)?.unwrap_or_default();
                let n = n.max(0) as usize;
                if items.len().saturating_mul(n) > 1 << 28 {
                    return Err(TrapKind::Memory("sequence repeat too large"));
                }
                let mut v = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    v.extend(items.iter().cloned());
                }
                Ok(match seq {
                    Value::List(_) => super::object::List::value(v),
                    _ => Value::tuple(v),
                })
            }
            (BinOp::Or, Value::Dict(x), Value::Dict(y)) => {
                let mut m = x.map.lock().clone();
                let other = y.map.lock().clone();
                for (k, v) in other.iter() {
                    m.insert(k.clone(), v.clone())?;
                }
                Ok(super::object::Dict::value(m))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Obj(x), Value::Obj(y)) => {
                match (&**x, &**y) {
                    (Object::Set { map: p, frozen }, Object::Set { map: q, .. }) => {
                        let p = p.map.lock().clone();
                        let q = q.map.lock().clone();
                        let keep: Vec<Value> = match op {
                            BinOp::Or => p
                                .keys()
                                .chain(q.keys().filter(|k| !p.contains(k).unwrap_or(false)))
                                .cloned()
                                .collect(),
                            BinOp::And => p
                                .keys()
                                .filter(|k| q.contains(k).unwrap_or(false))
                                .cloned()
                                .collect(),
                            BinOp::Sub => p
                                .keys()
                                .filter(|k| !q.contains(k).unwrap_or(false))
                                .cloned()
                                .collect(),
                            _ => p
                                .keys()
                                .filter(|k| !q.contains(k).unwrap_or(false))
                                .chain(q.keys().filter(|k| !p.contains(k).unwrap_or(false)))
                                .cloned()
                                .collect(),
                        };
                        let s = Value::set(keep)?;
                        if *frozen {
                            if let Value::Obj(o) = &s {
                                if let Object::Set { map, .. } = &**o {
                                    let m = map.map.lock().clone();
                                    return Ok(Value::Obj(Arc::new(Object::Set {
                                        map: super::object::Dict {
                                            map: parking_lot::Mutex::new(m),
                                            owner: Default::default(),
                                        },
                                        frozen: true,
                                    })));
                                }
                            }
                        }
                        Ok(s)
                    }
                    _ => Err(unsupported(op, a, b)),
                }
            }
            _ => ops::binary(op, a, b),
        }
    }
}

/// The in-place dunder of an in-place operator (`+=`: `__iadd__`).
fn inplace_dunder(op: BinOp) -> &'static str {
    match op.base() {
        BinOp::Add => "__iadd__",
        BinOp::Sub => "__isub__",
        BinOp::Mul => "__imul__",
        BinOp::TrueDiv => "__itruediv__",
        BinOp::FloorDiv => "__ifloordiv__",
        BinOp::Mod => "__imod__",
        BinOp::Pow => "__ipow__",
        BinOp::And => "__iand__",
        BinOp::Or => "__ior__",
        BinOp::Xor => "__ixor__",
        BinOp::LShift => "__ilshift__",
        _ => "__irshift__",
    }
}

fn dunder(op: BinOp) -> (&'static str, &'static str) {
    match op.base() {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::TrueDiv => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::And => ("__and__", "__rand__"),
        BinOp::Or => ("__or__", "__ror__"),
        BinOp::Xor => ("__xor__", "__rxor__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        _ => ("__rshift__", "__rrshift__"),
    }
}

impl Interp {
    /// `a op= b`: the in-place dunder, or the mutable builtins' own
    /// in-place forms (`list +=` extends, `set |=` updates...), else
    /// `a op b`.
    fn inplace(&mut self, op: BinOp, a: &Value, b: &Value) -> Result<Value, TrapKind> {
        let base = op.base();
        match (base, a) {
            (_, Value::Instance(_)) => {
                if let Some(r) = self.call_dunder(a, inplace_dunder(op), vec![b.clone()])? {
                    if !super::runtime::is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
            (BinOp::Add, Value::List(l)) => {
                // `list += iterable`: extend in place (any iterable).
                let items = match b {
                    Value::List(m) if Arc::ptr_eq(l, m) => l.snapshot(),
                    _ => self.iter_values(b)?,
                };
                l.items.lock().extend(items);
                return Ok(a.clone());
            }
            (BinOp::Mul, Value::List(l)) if matches!(b, Value::Int(_) | Value::Bool(_)) => {
                let n = self.index_of(b)?.max(0) as usize;
                let mut items = l.items.lock();
                if items.len().saturating_mul(n) > 1 << 28 {
                    return Err(TrapKind::Memory("sequence repeat too large"));
                }
                let once = std::mem::take(&mut *items);
                for _ in 0..n {
                    items.extend(once.iter().cloned());
                }
                return Ok(a.clone());
            }
            (BinOp::Or, Value::Dict(d)) if matches!(b, Value::Dict(_)) => {
                let Value::Dict(e) = b else { unreachable!() };
                let other = e.map.lock().clone();
                let mut m = d.map.lock();
                for (k, v) in other.iter() {
                    m.insert(k.clone(), v.clone())?;
                }
                return Ok(a.clone());
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Value::Obj(x)) => {
                if let (Object::Set { frozen: false, .. }, Value::Obj(y)) = (&**x, b) {
                    if matches!(&**y, Object::Set { .. }) {
                        // The new set's items replace the old ones in place.
                        let r = self.binary(base, a, b)?;
                        if let (Object::Set { map: p, .. }, Value::Obj(ro)) = (&**x, &r) {
                            if let Object::Set { map: q, .. } = &**ro {
                                let new = q.map.lock().clone();
                                *p.map.lock() = new;
                            }
                        }
                        return Ok(a.clone());
                    }
                }
            }
            _ => {}
        }
        self.binary(base, a, b)
            .map_err(|e| super::ops::inplace_error(op, e))
    }
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.class_name(),
        b.class_name()
    ))
}

fn not_subscriptable(o: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not subscriptable", o.class_name()))
}
