//! Values crossing between processes, as `pickle` carries them for
//! `multiprocessing`: by value. [`dumps`] turns a value into plain data
//! ([`Pickled`], serde), [`loads`] builds a fresh value from it in the
//! receiving interpreter — so a list sent to a child is the child's own
//! copy, and a change there is never seen by the parent.
//!
//! As with CPython's pickle: functions and classes travel by name (a
//! module-level `def` or `class`, found again in the receiver's globals;
//! a lambda or nested function cannot be pickled); instances travel as
//! their class plus their attributes; exceptions with their `args`.
//! Locks travel as the lock itself (their id in the run's world, shared
//! by every process of a run). Recursive structures are refused.

use super::object::{exc, Dict, InstanceObj, List, Object};
use super::trap::TrapKind;
use super::value::Value;
use super::Interp;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How deep a value may nest (CPython's pickle is bounded by recursion).
const MAX_DEPTH: u32 = 200;

/// A value as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Pickled {
    /// `None`.
    None,
    /// A bool.
    Bool(bool),
    /// An int.
    Int(i64),
    /// A float, as its bits.
    Float(u64),
    /// A str.
    Str(String),
    /// bytes.
    Bytes(Vec<u8>),
    /// A tuple.
    Tuple(Vec<Pickled>),
    /// A list.
    List(Vec<Pickled>),
    /// A dict's items.
    Dict(Vec<(Pickled, Pickled)>),
    /// A set (or frozenset).
    Set(Vec<Pickled>, bool),
    /// A builtin function or class, by name.
    Builtin(String),
    /// A module-level function or class: the program's global of this name.
    Global(String),
    /// An instance: its class and attributes.
    Instance(Box<Pickled>, Vec<(String, Pickled)>),
    /// A lock of the run's world.
    Lock(u32),
}

/// Pickles `v` (a `PicklingError`-like `TypeError` for what cannot be).
pub fn dumps(vm: &Interp, v: &Value) -> Result<Pickled, TrapKind> {
    dump(vm, v, 0)
}

fn cannot(v: &Value, why: &str) -> TrapKind {
    TrapKind::Builtin(
        "TypeError",
        format!("cannot pickle '{}' object{why}", v.type_name()),
    )
}

/// The global a function or class is bound to, by identity.
fn global_name(vm: &Interp, v: &Value) -> Option<String> {
    let p = vm.program();
    (0..p.globals().len() as u32)
        .find(|&g| vm.globals().load(g).is(v))
        .map(|g| p.globals()[g as usize].name.clone())
}

fn dump(vm: &Interp, v: &Value, depth: u32) -> Result<Pickled, TrapKind> {
    if depth > MAX_DEPTH {
        return Err(TrapKind::Recursion(MAX_DEPTH));
    }
    let all = |items: &[Value]| -> Result<Vec<Pickled>, TrapKind> {
        items.iter().map(|x| dump(vm, x, depth + 1)).collect()
    };
    Ok(match v {
        Value::None => Pickled::None,
        Value::Bool(b) => Pickled::Bool(*b),
        Value::Int(i) => Pickled::Int(*i),
        Value::Float(f) => Pickled::Float(f.to_bits()),
        Value::Str(s) => Pickled::Str(s.to_string()),
        Value::Tuple(t) => Pickled::Tuple(all(t)?),
        Value::List(l) => Pickled::List(all(&l.snapshot())?),
        Value::Dict(d) => {
            let items: Vec<(Value, Value)> = d
                .map
                .lock()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut out = Vec::with_capacity(items.len());
            for (k, x) in items {
                out.push((dump(vm, &k, depth + 1)?, dump(vm, &x, depth + 1)?));
            }
            Pickled::Dict(out)
        }
        Value::Lock(l) => Pickled::Lock(*l),
        Value::Native(n) => match super::builtins::builtin(n.name) {
            Some(b) if b.is(v) => Pickled::Builtin(n.name.to_string()),
            _ => return Err(cannot(v, "")),
        },
        Value::Class(c) => match super::builtins::builtin(&c.name) {
            Some(b) if b.is(v) => Pickled::Builtin(c.name.to_string()),
            _ => Pickled::Global(global_name(vm, v).ok_or_else(|| {
                TrapKind::Builtin(
                    "TypeError",
                    format!(
                        "cannot pickle class '{}': it is not a module-level class",
                        c.name
                    ),
                )
            })?),
        },
        Value::Func(f) => Pickled::Global(global_name(vm, v).ok_or_else(|| {
            TrapKind::Builtin(
                "AttributeError",
                format!("Can't pickle local object '{}'", f.name),
            )
        })?),
        Value::Instance(i) => {
            let class = Value::Class(Arc::clone(&i.class));
            let class = dump(vm, &class, depth + 1)?;
            let attrs: Vec<(Arc<str>, Value)> = i.attrs.lock().entries.clone();
            let mut out = Vec::with_capacity(attrs.len());
            for (k, x) in attrs {
                out.push((k.to_string(), dump(vm, &x, depth + 1)?));
            }
            Pickled::Instance(Box::new(class), out)
        }
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Pickled::Bytes(b.clone()),
            Object::Set { map, frozen } => {
                let keys: Vec<Value> = map.map.lock().iter().map(|(k, _)| k.clone()).collect();
                Pickled::Set(all(&keys)?, *frozen)
            }
            Object::Range(_) => Pickled::List(all(&vm_iter(v)?)?),
            _ => return Err(cannot(v, "")),
        },
        Value::Thread(_) | Value::Unbound => return Err(cannot(v, "")),
    })
}

fn vm_iter(v: &Value) -> Result<Vec<Value>, TrapKind> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Range(r) => Ok((0..r.len()).map(|i| Value::Int(r.at(i))).collect()),
            _ => Ok(vec![]),
        },
        _ => Ok(vec![]),
    }
}

/// Builds a fresh value from pickled data in `vm`'s process.
pub fn loads(vm: &Interp, p: &Pickled) -> Result<Value, TrapKind> {
    let all = |items: &[Pickled]| -> Result<Vec<Value>, TrapKind> {
        items.iter().map(|x| loads(vm, x)).collect()
    };
    Ok(match p {
        Pickled::None => Value::None,
        Pickled::Bool(b) => Value::Bool(*b),
        Pickled::Int(i) => Value::Int(*i),
        Pickled::Float(bits) => Value::Float(f64::from_bits(*bits)),
        Pickled::Str(s) => Value::str(s.as_str()),
        Pickled::Bytes(b) => Value::obj(Object::Bytes(b.clone())),
        Pickled::Tuple(t) => Value::tuple(all(t)?),
        Pickled::List(l) => List::value(all(l)?),
        Pickled::Dict(items) => {
            let d = Dict::default();
            {
                let mut m = d.map.lock();
                for (k, x) in items {
                    m.insert(loads(vm, k)?, loads(vm, x)?)?;
                }
            }
            Value::Dict(Arc::new(d))
        }
        Pickled::Set(items, frozen) => {
            let s = Value::set(all(items)?)?;
            if *frozen {
                if let Value::Obj(o) = &s {
                    if let Object::Set { map, .. } = &**o {
                        let m = map.map.lock().clone();
                        return Ok(Value::obj(Object::Set {
                            map: Dict {
                                map: parking_lot::Mutex::new(m),
                                owner: Default::default(),
                            },
                            frozen: true,
                        }));
                    }
                }
            }
            s
        }
        Pickled::Lock(l) => Value::Lock(*l),
        Pickled::Builtin(name) => super::builtins::builtin(name).ok_or_else(|| {
            TrapKind::Builtin("AttributeError", format!("no builtin named '{name}'"))
        })?,
        Pickled::Global(name) => {
            let p = vm.program();
            let g = p
                .globals()
                .iter()
                .position(|g| &g.name == name)
                .ok_or_else(|| missing(name))?;
            match vm.globals().load(g as u32) {
                Value::Unbound => return Err(missing(name)),
                v => v,
            }
        }
        Pickled::Instance(class, attrs) => {
            let Value::Class(c) = loads(vm, class)? else {
                return Err(TrapKind::Type("pickled instance of a non-class".into()));
            };
            let inst = if c.is_exception {
                let args = attrs
                    .iter()
                    .find(|(k, _)| k == "args")
                    .map(|(_, a)| loads(vm, a))
                    .transpose()?;
                let args = match args {
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => vec![],
                };
                exc::instance(c, args)
            } else {
                Value::Instance(InstanceObj::new(c))
            };
            if let Value::Instance(i) = &inst {
                for (k, x) in attrs {
                    let x = loads(vm, x)?;
                    i.attrs.lock().set(Arc::from(k.as_str()), x);
                }
            }
            inst
        }
    })
}

fn missing(name: &str) -> TrapKind {
    let short = name.rsplit('.').next().unwrap_or(name);
    TrapKind::Builtin(
        "AttributeError",
        format!("Can't get attribute '{short}' on <module '__main__'>"),
    )
}

/// Pickled data as bytes (JSON), what crosses a pipe.
pub fn to_bytes(p: &Pickled) -> Vec<u8> {
    serde_json::to_vec(p).expect("pickled data serialises")
}

/// Pickled data back from bytes.
pub fn from_bytes(b: &[u8]) -> Result<Pickled, TrapKind> {
    serde_json::from_slice(b)
        .map_err(|e| TrapKind::Builtin("ValueError", format!("gilsim: bad pickled data: {e}")))
}
