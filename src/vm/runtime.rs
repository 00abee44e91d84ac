//! The object protocol as natives see it: `repr`, `str`, equality,
//! ordering, truth, hashing, iteration and attribute access on any value,
//! running a class's dunder methods (`__repr__`, `__eq__`, `__lt__`,
//! `__bool__`, `__len__`, `__iter__`...) as nested calls when a value is an
//! instance.
//!
//! A nested call runs Python code inside one native call: it cannot block
//! (a `time.sleep` or lock wait in a `__repr__` is a `RuntimeError`) and
//! is not an eval-breaker point. The iterator-consuming builtins that may
//! run long (`sum`, `list`, `sorted(key=...)` of a generator) are tail
//! calls of Python code instead (see [`crate::vm::native::Flow::Call`]).

use super::interp::Interp;
use super::native::Args;
use super::object::{IterState, Object};
use super::ops;
use super::repr;
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::CmpOp;
use std::cmp::Ordering;
use std::sync::Arc;

impl Interp {
    /// Looks a dunder up on an instance's class, returning it bound.
    fn dunder(&self, v: &Value, name: &str) -> Option<Value> {
        match v {
            Value::Instance(i) => i.class.lookup(name),
            _ => None,
        }
    }

    /// Calls the dunder `name` of instance `v` with `args` after `v`, if the
    /// class defines it.
    pub fn call_dunder(
        &mut self,
        v: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> Result<Option<Value>, TrapKind> {
        let Some(f) = self.dunder(v, name) else {
            return Ok(None);
        };
        let mut pos = Vec::with_capacity(args.len() + 1);
        pos.push(v.clone());
        pos.extend(args);
        self.call(&f, Args::new(pos)).map(Some)
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> Result<String, TrapKind> {
        repr::repr_with(v, &mut |x| match x {
            Value::Instance(_) => match self.call_dunder(x, "__repr__", vec![])? {
                Some(Value::Str(s)) => Ok(Some(s.to_string())),
                Some(other) => Err(TrapKind::Type(format!(
                    "__repr__ returned non-string (type {})",
                    other.type_name()
                ))),
                None => Ok(None),
            },
            _ => Ok(None),
        })
    }

    /// `str(v)`.
    pub fn str(&mut self, v: &Value) -> Result<String, TrapKind> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(i) => {
                if let Some(f) = i.class.lookup("__str__") {
                    match self.call(&f, Args::new(vec![v.clone()]))? {
                        Value::Str(s) => Ok(s.to_string()),
                        other => Err(TrapKind::Type(format!(
                            "__str__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    }
                } else {
                    self.repr(v)
                }
            }
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => Ok(v.to_string()),
            other => self.repr(other),
        }
    }

    /// Python truth: `__bool__`, then `__len__`, for instances.
    pub fn truthy(&mut self, v: &Value) -> Result<bool, TrapKind> {
        if let Value::Instance(_) = v {
            if let Some(r) = self.call_dunder(v, "__bool__", vec![])? {
                return match r {
                    Value::Bool(b) => Ok(b),
                    other => Err(TrapKind::Type(format!(
                        "__bool__ should return bool, returned {}",
                        other.type_name()
                    ))),
                };
            }
            if let Some(r) = self.call_dunder(v, "__len__", vec![])? {
                return Ok(self.index_of(&r)? != 0);
            }
            return Ok(true);
        }
        Ok(v.truthy())
    }

    /// An int from a value used as an index or length.
    pub fn index_of(&mut self, v: &Value) -> Result<i64, TrapKind> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::Instance(_) => match self.call_dunder(v, "__index__", vec![])? {
                Some(Value::Int(i)) => Ok(i),
                _ => Err(TrapKind::Type(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.class_name()
                ))),
            },
            _ => Err(TrapKind::Type(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        }
    }

    /// `a == b`, running `__eq__` (then the reflected one) for instances.
    pub fn eq(&mut self, a: &Value, b: &Value) -> Result<bool, TrapKind> {
        self.compare(CmpOp::Eq, a, b)
    }

    /// `a < b`.
    pub fn lt(&mut self, a: &Value, b: &Value) -> Result<bool, TrapKind> {
        self.compare(CmpOp::Lt, a, b)
    }

    /// Any comparison, with dunders for instances and element-wise rules
    /// for sequences.
    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> Result<bool, TrapKind> {
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            let (name, reflected) = dunder_names(op);
            if let Some(r) = self.call_dunder(a, name, vec![b.clone()])? {
                if !is_not_implemented(&r) {
                    return self.truthy(&r);
                }
            }
            if let Some(r) = self.call_dunder(b, reflected, vec![a.clone()])? {
                if !is_not_implemented(&r) {
                    return self.truthy(&r);
                }
            }
            return match op {
                CmpOp::Eq => Ok(a.is(b)),
                CmpOp::Ne => Ok(!a.is(b)),
                _ => Err(TrapKind::Type(format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    a.class_name(),
                    b.class_name()
                ))),
            };
        }
        match (a, b) {
            (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                let (x, y) = (seq_items(a), seq_items(b));
                self.compare_seqs(op, &x, &y)
            }
            (Value::Dict(x), Value::Dict(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(op == CmpOp::Eq);
                }
                let x = x.map.lock().clone();
                let y = y.map.lock().clone();
                let mut same = x.len() == y.len();
                if same {
                    for (k, v) in x.iter() {
                        match y.get(k)? {
                            Some(w) if self.eq(v, w)? => {}
                            _ => {
                                same = false;
                                break;
                            }
                        }
                    }
                }
                Ok(same == (op == CmpOp::Eq))
            }
            (Value::Obj(x), Value::Obj(y)) => match (&**x, &**y) {
                (Object::Set { map: p, .. }, Object::Set { map: q, .. }) => {
                    let p = p.map.lock().clone();
                    let q = q.map.lock().clone();
                    let sub = |a: &super::object::DictMap, b: &super::object::DictMap| {
                        a.keys().all(|k| b.contains(k).unwrap_or(false))
                    };
                    Ok(match op {
                        CmpOp::Eq => p.len() == q.len() && sub(&p, &q),
                        CmpOp::Ne => !(p.len() == q.len() && sub(&p, &q)),
                        CmpOp::Le => sub(&p, &q),
                        CmpOp::Lt => p.len() < q.len() && sub(&p, &q),
                        CmpOp::Ge => sub(&q, &p),
                        CmpOp::Gt => p.len() > q.len() && sub(&q, &p),
                    })
                }
                (Object::Range(r), Object::Range(s)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    let same = r.len() == s.len()
                        && (r.is_empty()
                            || (r.start == s.start && (r.len() == 1 || r.step == s.step)));
                    Ok(same == (op == CmpOp::Eq))
                }
                _ => ops::compare(op, a, b),
            },
            _ => ops::compare(op, a, b),
        }
    }

    fn compare_seqs(&mut self, op: CmpOp, x: &[Value], y: &[Value]) -> Result<bool, TrapKind> {
        for (p, q) in x.iter().zip(y.iter()) {
            if p.is(q) {
                continue;
            }
            if !self.eq(p, q)? {
                return match op {
                    CmpOp::Eq => Ok(false),
                    CmpOp::Ne => Ok(true),
                    _ => self.compare(op, p, q),
                };
            }
        }
        let o = x.len().cmp(&y.len());
        Ok(match op {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        })
    }

    /// `x in container`.
    pub fn contains(&mut self, container: &Value, x: &Value) -> Result<bool, TrapKind> {
        match container {
            Value::Str(s) => match x {
                Value::Str(t) => Ok(s.contains(t.as_str())),
                other => Err(TrapKind::Type(format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ))),
            },
            Value::Dict(d) => d.map.lock().contains(x),
            Value::Obj(o) => match &**o {
                Object::Set { map, .. } => map.map.lock().contains(x),
                Object::Range(r) => Ok(match x {
                    Value::Int(i) => {
                        let i = *i;
                        !r.is_empty()
                            && if r.step > 0 {
                                i >= r.start && i < r.stop
                            } else {
                                i <= r.start && i > r.stop
                            }
                            && (i - r.start) % r.step == 0
                    }
                    _ => false,
                }),
                _ => self.contains_by_iter(container, x),
            },
            Value::Instance(_) => {
                if let Some(r) = self.call_dunder(container, "__contains__", vec![x.clone()])? {
                    return self.truthy(&r);
                }
                self.contains_by_iter(container, x)
            }
            _ => self.contains_by_iter(container, x),
        }
    }

    fn contains_by_iter(&mut self, container: &Value, x: &Value) -> Result<bool, TrapKind> {
        let items = self.iter_values(container)?;
        for it in items {
            if it.is(x) || self.eq(&it, x)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every value of an iterable, for natives that consume one. Generators
    /// and instance iterators are run as nested calls; natives that may
    /// consume long generators tail-call Python code instead
    /// ([`Interp::native_items`] tells them when).
    pub fn iter_values(&mut self, v: &Value) -> Result<Vec<Value>, TrapKind> {
        if let Some(items) = native_items(v)? {
            return Ok(items);
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next_value(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Value) -> Result<Value, TrapKind> {
        let state = match v {
            Value::List(_) | Value::Tuple(_) => IterState::Seq {
                items: v.clone(),
                index: 0,
            },
            Value::Dict(d) => IterState::Seq {
                items: Value::tuple(d.map.lock().keys().cloned().collect()),
                index: 0,
            },
            Value::Str(s) => IterState::Str {
                s: Arc::clone(s),
                pos: 0,
            },
            Value::Obj(o) => match &**o {
                Object::Set { map, .. } => {
                    let keys: Vec<Value> = map.map.lock().keys().cloned().collect();
                    IterState::Seq {
                        items: Value::tuple(super::object::dict::set_order(keys)),
                        index: 0,
                    }
                }
                Object::Range(r) => IterState::Range {
                    next: r.start,
                    left: r.len(),
                    step: r.step,
                },
                Object::Bytes(b) => IterState::Seq {
                    items: Value::tuple(b.iter().map(|x| Value::Int(*x as i64)).collect()),
                    index: 0,
                },
                Object::Iter(_)
                | Object::Generator(_)
                | Object::CoroWrapper(_)
                | Object::AgAwait(_) => return Ok(v.clone()),
                _ => return Err(not_iterable(v)),
            },
            Value::Instance(_) => {
                return match self.call_dunder(v, "__iter__", vec![])? {
                    Some(it) => Ok(it),
                    None => {
                        if self.dunder(v, "__getitem__").is_some() {
                            let items = self.getitem_sequence(v)?;
                            Ok(Value::obj(Object::Iter(parking_lot::Mutex::new(
                                IterState::Seq {
                                    items: Value::tuple(items),
                                    index: 0,
                                },
                            ))))
                        } else {
                            Err(not_iterable(v))
                        }
                    }
                };
            }
            _ => return Err(not_iterable(v)),
        };
        Ok(Value::obj(Object::Iter(parking_lot::Mutex::new(state))))
    }

    fn getitem_sequence(&mut self, v: &Value) -> Result<Vec<Value>, TrapKind> {
        let mut out = Vec::new();
        for i in 0.. {
            match self.call_dunder(v, "__getitem__", vec![Value::Int(i)]) {
                Ok(Some(x)) => out.push(x),
                Ok(None) => break,
                Err(e) if is_exc(&e, "IndexError") || is_exc(&e, "StopIteration") => break,
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// `next(it)` as an option: `None` when exhausted.
    pub fn next_value(&mut self, it: &Value) -> Result<Option<Value>, TrapKind> {
        match it {
            Value::Obj(o) => match &**o {
                Object::Iter(state) => Ok(advance(&mut state.lock())),
                Object::Generator(_) | Object::CoroWrapper(_) | Object::AgAwait(_) => {
                    match self.drive_nested(it, super::coroutine::Input::Send(Value::None)) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if is_exc(&e, "StopIteration") => Ok(None),
                        Err(e) => Err(e),
                    }
                }
                _ => Err(not_iterator(it)),
            },
            Value::Instance(_) => match self.call_dunder(it, "__next__", vec![]) {
                Ok(Some(v)) => Ok(Some(v)),
                Ok(None) => Err(not_iterator(it)),
                Err(e) if is_exc(&e, "StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            _ => Err(not_iterator(it)),
        }
    }

    /// `hash(v)`, with `__hash__` for instances that define it.
    pub fn hash(&mut self, v: &Value) -> Result<i64, TrapKind> {
        if let Some(r) = self.call_dunder(v, "__hash__", vec![])? {
            return self.index_of(&r);
        }
        super::object::dict::hash(v).map(|h| h as i64)
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> Result<i64, TrapKind> {
        Ok(match v {
            Value::Str(s) => s.chars().count() as i64,
            Value::Tuple(t) => t.len() as i64,
            Value::List(l) => l.items.lock().len() as i64,
            Value::Dict(d) => d.map.lock().len() as i64,
            Value::Obj(o) => match &**o {
                Object::Set { map, .. } => map.map.lock().len() as i64,
                Object::Range(r) => r.len(),
                Object::Bytes(b) => b.len() as i64,
                _ => return Err(no_len(v)),
            },
            Value::Instance(_) => match self.call_dunder(v, "__len__", vec![])? {
                Some(r) => {
                    let n = self.index_of(&r)?;
                    if n < 0 {
                        return Err(TrapKind::Value("__len__() should return >= 0"));
                    }
                    n
                }
                None => return Err(no_len(v)),
            },
            _ => return Err(no_len(v)),
        })
    }
}

/// The items of a builtin iterable without running Python code, or `None`
/// for generators, iterators and instances.
pub fn native_items(v: &Value) -> Result<Option<Vec<Value>>, TrapKind> {
    Ok(Some(match v {
        Value::List(l) => l.snapshot(),
        Value::Tuple(t) => t.to_vec(),
        Value::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
        Value::Dict(d) => d.map.lock().keys().cloned().collect(),
        Value::Obj(o) => match &**o {
            Object::Set { map, .. } => {
                let keys: Vec<Value> = map.map.lock().keys().cloned().collect();
                super::object::dict::set_order(keys)
            }
            Object::Range(r) => {
                if r.len() > 1 << 28 {
                    return Err(TrapKind::Memory("range too large to materialise"));
                }
                (0..r.len()).map(|i| Value::Int(r.at(i))).collect()
            }
            Object::Bytes(b) => b.iter().map(|x| Value::Int(*x as i64)).collect(),
            Object::Iter(state) => {
                let mut s = state.lock();
                let mut out = Vec::new();
                while let Some(x) = advance(&mut s) {
                    out.push(x);
                }
                out
            }
            _ => return Ok(None),
        },
        _ => return Ok(None),
    }))
}

/// One step of a native iterator.
pub fn advance(s: &mut IterState) -> Option<Value> {
    match s {
        IterState::Seq { items, index } => {
            let v = match items {
                Value::List(l) => l.items.lock().get(*index).cloned(),
                Value::Tuple(t) => t.get(*index).cloned(),
                _ => None,
            };
            match v {
                Some(v) => {
                    *index += 1;
                    Some(v)
                }
                None => {
                    *s = IterState::Exhausted;
                    None
                }
            }
        }
        IterState::Range { next, left, step } => {
            if *left <= 0 {
                return None;
            }
            let v = *next;
            *left -= 1;
            *next = next.wrapping_add(*step);
            Some(Value::Int(v))
        }
        IterState::Str { s: text, pos } => {
            let c = text[*pos..].chars().next()?;
            *pos += c.len_utf8();
            Some(Value::str(c.to_string()))
        }
        IterState::Exhausted => None,
    }
}

fn seq_items(v: &Value) -> Vec<Value> {
    match v {
        Value::List(l) => l.snapshot(),
        Value::Tuple(t) => t.to_vec(),
        _ => vec![],
    }
}

fn dunder_names(op: CmpOp) -> (&'static str, &'static str) {
    match op {
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::Ne => ("__ne__", "__ne__"),
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::Le => ("__le__", "__ge__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        CmpOp::Ge => ("__ge__", "__le__"),
    }
}

/// True for the `NotImplemented` singleton.
pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Native(n) if n.name == "NotImplemented")
}

/// True if the trap is (a subclass of) builtin exception `name`.
pub fn is_exc(e: &TrapKind, name: &str) -> bool {
    match e {
        TrapKind::Raised { exc, .. } => match &exc.0 {
            Value::Instance(i) => i.class.is_subclass(&super::object::exc::class(name)),
            _ => false,
        },
        TrapKind::Builtin(n, _) => {
            *n == name || super::object::exc::class(n).is_subclass(&super::object::exc::class(name))
        }
        other => {
            let v = super::object::exc::to_value(other);
            matches!(&v, Value::Instance(i) if i.class.is_subclass(&super::object::exc::class(name)))
        }
    }
}

fn not_iterable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not iterable", v.class_name()))
}

fn not_iterator(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not an iterator", v.class_name()))
}

fn no_len(v: &Value) -> TrapKind {
    TrapKind::Type(format!("object of type '{}' has no len()", v.class_name()))
}
