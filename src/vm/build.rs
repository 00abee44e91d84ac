//! The slow path's builders: tuples, lists, sets, dicts, slices and
//! strings from the stack, the comprehension appends, f-string formatting,
//! and unpacking into targets.

use super::interp::{Ctl, Interp};
use super::object::{Dict, DictMap, List, Object};
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::Op;

impl Interp {
    /// Runs one building or unpacking instruction.
    pub(crate) fn exec_build(&mut self, op: Op) -> Result<Ctl, TrapKind> {
        match op {
            Op::BuildTuple(n) => {
                let v = self.popn(n as usize);
                self.stack.push(Value::tuple(v));
            }
            Op::BuildList(n) => {
                let v = self.popn(n as usize);
                self.stack.push(List::value(v));
            }
            Op::BuildSet(n) => {
                let v = self.popn(n as usize);
                let s = Value::set(v)?;
                self.stack.push(s);
            }
            Op::BuildMap(n) => {
                let v = self.popn(2 * n as usize);
                let mut m = DictMap::default();
                let mut it = v.into_iter();
                while let (Some(k), Some(x)) = (it.next(), it.next()) {
                    m.insert(k, x)?;
                }
                self.stack.push(Dict::value(m));
            }
            Op::BuildSlice(n) => {
                let mut v = self.popn(n as usize).into_iter();
                let a = v.next().unwrap_or(Value::None);
                let b = v.next().unwrap_or(Value::None);
                let c = v.next().unwrap_or(Value::None);
                self.stack.push(Value::obj(Object::Slice(a, b, c)));
            }
            Op::BuildString(n) => {
                let v = self.popn(n as usize);
                let mut s = String::new();
                for x in v {
                    s.push_str(&x.to_string());
                }
                self.stack.push(Value::str(s));
            }
            Op::ListAppend(i)
            | Op::SetAdd(i)
            | Op::ListExtend(i)
            | Op::SetUpdate(i)
            | Op::DictUpdate(i) => {
                let v = self.pop();
                let at = self.stack.len() - i as usize;
                let target = self.stack[at].clone();
                match (op, &target) {
                    (Op::ListAppend(_), Value::List(l)) => l.items.lock().push(v),
                    (Op::ListExtend(_), Value::List(l)) => {
                        let items = self.iter_values(&v)?;
                        l.items.lock().extend(items);
                    }
                    (Op::SetAdd(_), Value::Obj(o)) | (Op::SetUpdate(_), Value::Obj(o)) => {
                        if let Object::Set { map, .. } = &**o {
                            let items = if let Op::SetAdd(_) = op {
                                vec![v]
                            } else {
                                self.iter_values(&v)?
                            };
                            let mut m = map.map.lock();
                            for x in items {
                                m.insert(x, Value::None)?;
                            }
                        }
                    }
                    (Op::DictUpdate(_), Value::Dict(d)) => {
                        let src = match &v {
                            Value::Dict(s) => s.map.lock().clone(),
                            other => {
                                return Err(TrapKind::Type(format!(
                                    "'{}' object is not a mapping",
                                    other.class_name()
                                )))
                            }
                        };
                        let mut m = d.map.lock();
                        for (k, x) in src.iter() {
                            m.insert(k.clone(), x.clone())?;
                        }
                    }
                    _ => return Err(TrapKind::Type("bad comprehension target".into())),
                }
            }
            Op::MapAdd(i) => {
                let v = self.pop();
                let k = self.pop();
                let at = self.stack.len() - i as usize;
                if let Value::Dict(d) = &self.stack[at] {
                    let old = d.map.lock().insert(k, v)?;
                    drop(old);
                }
            }
            Op::ListToTuple => {
                let l = self.pop();
                let items = super::runtime::native_items(&l)?.unwrap_or_default();
                self.stack.push(Value::tuple(items));
            }
            Op::FormatValue(flags) => {
                let spec = if flags & 4 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let v = self.pop();
                let v = match flags & 3 {
                    1 => Value::str(self.str(&v)?),
                    2 => Value::str(self.repr(&v)?),
                    3 => Value::str(super::format::ascii_escape(&self.repr(&v)?)),
                    _ => v,
                };
                let spec = spec.map(|s| s.to_string()).unwrap_or_default();
                let s = if spec.is_empty() {
                    match &v {
                        Value::Str(_) => v,
                        other => Value::str(self.str(other)?),
                    }
                } else {
                    Value::str(super::format::format_value(self, &v, &spec)?)
                };
                self.stack.push(s);
            }
            Op::UnpackSequence(n) => {
                let v = self.pop();
                let items = self.unpack_items(&v)?;
                if items.len() != n as usize {
                    return Err(if items.len() > n as usize {
                        TrapKind::Builtin(
                            "ValueError",
                            format!("too many values to unpack (expected {n})"),
                        )
                    } else {
                        TrapKind::Builtin(
                            "ValueError",
                            format!(
                                "not enough values to unpack (expected {n}, got {})",
                                items.len()
                            ),
                        )
                    });
                }
                self.stack.extend(items.into_iter().rev());
            }
            Op::UnpackEx(n) => {
                let (before, after) = ((n & 0xff) as usize, (n >> 8) as usize);
                let v = self.pop();
                let mut items = self.unpack_items(&v)?;
                if items.len() < before + after {
                    return Err(TrapKind::Builtin(
                        "ValueError",
                        format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            before + after,
                            items.len()
                        ),
                    ));
                }
                let tail = items.split_off(items.len() - after);
                let mid = items.split_off(before);
                for x in tail.into_iter().rev() {
                    self.stack.push(x);
                }
                self.stack.push(List::value(mid));
                for x in items.into_iter().rev() {
                    self.stack.push(x);
                }
            }
            other => {
                return Err(TrapKind::Runtime(format!(
                    "internal: {} is not a building instruction",
                    other.mnemonic()
                )))
            }
        }
        Ok(Ctl::Next)
    }

    fn unpack_items(&mut self, v: &Value) -> Result<Vec<Value>, TrapKind> {
        match v {
            Value::Tuple(t) => Ok(t.to_vec()),
            Value::List(l) => Ok(l.snapshot()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => Err(TrapKind::Type(
                format!("cannot unpack non-iterable {} object", v.type_name()),
            )),
            other => self.iter_values(other),
        }
    }
}
