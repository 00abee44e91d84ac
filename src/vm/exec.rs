//! The dispatch loop's slow path: every instruction beyond the hot few
//! (loads, stores, int arithmetic, jumps, static calls) runs here, on the
//! state the loop saved into the [`Interp`] (`stack`, `frames`, the
//! innermost frame's `pc` pointing after the instruction).

use super::attr::Method;
use super::dunder_frames::{python_dunder, python_property, Access};
use super::interp::{Ctl, FrameKind, Interp};
use super::native::Args;
use super::object::{exc, Dict, DictMap, FuncObj, GenKind, Object};
use super::trap::TrapKind;
use super::unwind;
use super::value::Value;
use crate::bytecode::Op;
use parking_lot::Mutex;
use std::sync::{Arc, OnceLock};

fn name_const(f: &crate::bytecode::Function, i: u32) -> &str {
    match &f.consts[i as usize] {
        Value::Str(s) => s.as_str(),
        _ => "",
    }
}

impl Interp {
    pub(super) fn pop(&mut self) -> Value {
        self.stack.pop().expect("verified stack depth")
    }

    pub(super) fn top(&self) -> &Value {
        self.stack.last().expect("verified stack depth")
    }

    pub(super) fn popn(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    /// Runs one slow instruction.
    pub(crate) fn exec(&mut self, op: Op, _floor: usize) -> Result<Ctl, TrapKind> {
        // SAFETY: `self.program` is set at construction and never replaced,
        // and the `Arc` in `self` keeps the program alive for this call;
        // nothing here mutates it. A reference through a raw pointer lets
        // the arms borrow it while they take `&mut self`.
        let prog: &crate::bytecode::Program = unsafe { &*Arc::as_ptr(&self.program) };
        let fr = self.frames.last().expect("a frame is running");
        let (fidx, base) = (fr.func, fr.base as usize);
        let f = &prog.functions()[fidx as usize];
        match op {
            Op::LoadDeref(i) | Op::LoadClosure(i) => {
                let cell = self.stack[base + i as usize].clone();
                if let Op::LoadClosure(_) = op {
                    self.stack.push(cell);
                    return Ok(Ctl::Next);
                }
                let v = match &cell {
                    Value::Obj(o) => match &**o {
                        Object::Cell(m) => m.lock().clone(),
                        _ => cell.clone(),
                    },
                    other => other.clone(),
                };
                if let Value::Unbound = v {
                    let name = &f.local_names[i as usize];
                    return Err(if f.frees.contains(&i) {
                        TrapKind::Builtin(
                            "NameError",
                            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                        )
                    } else {
                        TrapKind::UnboundLocal(name.clone())
                    });
                }
                self.stack.push(v);
            }
            Op::StoreDeref(i) | Op::DeleteDeref(i) => {
                let v = if let Op::StoreDeref(_) = op {
                    self.pop()
                } else {
                    Value::Unbound
                };
                let cell = &self.stack[base + i as usize];
                if let Value::Obj(o) = cell {
                    if let Object::Cell(m) = &**o {
                        let old = std::mem::replace(&mut *m.lock(), v);
                        drop(old);
                    }
                }
            }
            Op::DeleteFast(i) => {
                let slot = &mut self.stack[base + i as usize];
                if let Value::Unbound = slot {
                    return Err(TrapKind::UnboundLocal(f.local_names[i as usize].clone()));
                }
                *slot = Value::Unbound;
            }
            Op::DeleteGlobal(g) => {
                if let Value::Unbound = self.globals.load(g) {
                    return Err(TrapKind::Builtin(
                        "NameError",
                        format!("name '{}' is not defined", prog.global_name(g)),
                    ));
                }
                self.globals.store(g, Value::Unbound);
            }
            Op::LoadAttr(n) => {
                let o = self.pop();
                self.touch(&o);
                let name = name_const(f, n);
                if let Some(get) = python_property(&o, name, Access::Get) {
                    return self.dunder_frame(get, vec![o], FrameKind::Call);
                }
                let v = self.getattr(&o, name)?;
                self.stack.push(v);
            }
            Op::StoreAttr(n) => {
                let o = self.pop();
                self.touch(&o);
                let v = self.pop();
                let name = name_const(f, n);
                if let Some(set) = python_property(&o, name, Access::Set) {
                    return self.dunder_frame(set, vec![o, v], FrameKind::Setter);
                }
                self.setattr(&o, name, v)?;
            }
            Op::DeleteAttr(n) => {
                let o = self.pop();
                self.delattr(&o, name_const(f, n))?;
            }
            Op::LoadMethod(n) => {
                let o = self.pop();
                self.touch(&o);
                match self.load_method(&o, name_const(f, n))? {
                    Method::Unbound(m) => {
                        self.stack.push(m);
                        self.stack.push(o);
                    }
                    Method::Plain(v) => {
                        self.stack.push(v);
                        self.stack.push(Value::Unbound);
                    }
                }
            }
            Op::CallFunction(n) => {
                if let Some(r) = self.call_in_place(n as usize, 1) {
                    return r;
                }
                let args = self.popn(n as usize);
                let func = self.pop();
                let r = self.call_value(func, Args::new(args), FrameKind::Call, 0);
                return self.call_flow(r);
            }
            Op::CallMethod(n) => {
                let bound = !matches!(
                    self.stack[self.stack.len() - n as usize - 1],
                    Value::Unbound
                );
                let r = if bound {
                    self.call_in_place(n as usize + 1, 1)
                } else {
                    self.call_in_place(n as usize, 2)
                };
                if let Some(r) = r {
                    return r;
                }
                let mut args = self.popn(n as usize);
                let recv = self.pop();
                let func = self.pop();
                if !matches!(recv, Value::Unbound) {
                    args.insert(0, recv);
                }
                let r = self.call_value(func, Args::new(args), FrameKind::Call, 0);
                return self.call_flow(r);
            }
            Op::CallFunctionKw(n) => {
                let names = self.pop();
                let mut args = self.popn(n as usize);
                let func = self.pop();
                let names: Vec<Value> = match names {
                    Value::Tuple(t) => t.to_vec(),
                    _ => vec![],
                };
                let kwv = args.split_off(args.len() - names.len().min(args.len()));
                let kw = names
                    .iter()
                    .zip(kwv)
                    .map(|(k, v)| (Arc::from(k.to_string().as_str()), v))
                    .collect();
                let r = self.call_value(func, Args { pos: args, kw }, FrameKind::Call, 0);
                return self.call_flow(r);
            }
            Op::CallFunctionEx(flags) => {
                let kwargs = if flags & 1 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let args = self.pop();
                let func = self.pop();
                let pos = self.iter_values(&args)?;
                let mut kw = Vec::new();
                if let Some(d) = kwargs {
                    match &d {
                        Value::Dict(d) => {
                            for (k, v) in d.map.lock().iter() {
                                match k {
                                    Value::Str(s) => kw.push((Arc::from(s.as_str()), v.clone())),
                                    _ => {
                                        return Err(TrapKind::Type(
                                            "keywords must be strings".into(),
                                        ))
                                    }
                                }
                            }
                        }
                        other => {
                            return Err(TrapKind::Type(format!(
                                "argument after ** must be a mapping, not {}",
                                other.type_name()
                            )))
                        }
                    }
                }
                let r = self.call_value(func, Args { pos, kw }, FrameKind::Call, 0);
                return self.call_flow(r);
            }
            Op::BinarySubscr => {
                let k = self.pop();
                let o = self.pop();
                self.touch(&o);
                if let Some(get) = python_dunder(&o, "__getitem__") {
                    return self.dunder_frame(get, vec![o, k], FrameKind::Call);
                }
                let v = self.getitem(&o, &k)?;
                self.stack.push(v);
            }
            Op::StoreSubscr => {
                let k = self.pop();
                let o = self.pop();
                self.touch(&o);
                let v = self.pop();
                if let Some(set) = python_dunder(&o, "__setitem__") {
                    return self.dunder_frame(set, vec![o, k, v], FrameKind::Setter);
                }
                self.setitem(&o, &k, v)?;
            }
            Op::DeleteSubscr => {
                let k = self.pop();
                let o = self.pop();
                self.touch(&o);
                self.delitem(&o, &k)?;
            }
            Op::BuildTuple(_)
            | Op::BuildList(_)
            | Op::BuildSet(_)
            | Op::BuildMap(_)
            | Op::BuildSlice(_)
            | Op::BuildString(_)
            | Op::ListAppend(_)
            | Op::SetAdd(_)
            | Op::ListExtend(_)
            | Op::SetUpdate(_)
            | Op::DictUpdate(_)
            | Op::MapAdd(_)
            | Op::ListToTuple
            | Op::FormatValue(_)
            | Op::UnpackSequence(_)
            | Op::UnpackEx(_) => return self.exec_build(op),
            Op::GetIter => {
                let v = self.pop();
                if let Some(iter) = python_dunder(&v, "__iter__") {
                    return self.dunder_frame(iter, vec![v], FrameKind::Call);
                }
                let it = self.get_iter(&v)?;
                self.stack.push(it);
            }
            Op::GetYieldFromIter => {
                let v = self.pop();
                if let Some((_, GenKind::Coroutine)) = v.suspended() {
                    return Err(TrapKind::Type(
                        "cannot 'yield from' a coroutine object in a non-coroutine generator"
                            .into(),
                    ));
                }
                let it = self.get_iter(&v)?;
                self.stack.push(it);
            }
            Op::ForIter(target) => {
                let it = self.top().clone();
                if let Some(next) = python_dunder(&it, "__next__") {
                    return self.dunder_frame(next, vec![it], FrameKind::ForNext);
                }
                let gen = matches!(&it, Value::Obj(o) if matches!(&**o, Object::Generator(_)));
                let next = if gen {
                    if self.resume(&it, Some(Value::None), FrameKind::GenFor)? {
                        return Ok(Ctl::Next);
                    }
                    None
                } else if let Value::Obj(o) = &it {
                    match &**o {
                        Object::Iter(st) => super::runtime::advance(&mut st.lock()),
                        _ => self.next_value(&it)?,
                    }
                } else {
                    self.next_value(&it)?
                };
                match next {
                    Some(v) => self.stack.push(v),
                    None => {
                        self.pop();
                        self.frames.last_mut().expect("running").pc = target;
                    }
                }
            }
            Op::Send(_) => {
                let v = self.pop();
                return self.send_op(v);
            }
            Op::YieldValue => {
                let v = self.pop();
                self.yield_value(v)?;
            }
            Op::ContainsOp(inv) => {
                let b = self.pop();
                let a = self.pop();
                self.touch(&b);
                let r = self.contains(&b, &a)?;
                self.stack.push(Value::Bool(r != (inv != 0)));
            }
            Op::IsOp(inv) => {
                let b = self.pop();
                let a = self.pop();
                self.stack.push(Value::Bool(a.is(&b) != (inv != 0)));
            }
            Op::UnaryPositive => {
                let v = self.pop();
                let r = match v {
                    Value::Int(_) | Value::Float(_) => v,
                    Value::Bool(b) => Value::Int(b as i64),
                    Value::Instance(_) => self
                        .call_dunder(&v, "__pos__", vec![])?
                        .ok_or_else(|| bad_unary("+", &v))?,
                    other => return Err(bad_unary("+", &other)),
                };
                self.stack.push(r);
            }
            Op::UnaryInvert => {
                let v = self.pop();
                let r = match v {
                    Value::Int(i) => Value::Int(!i),
                    Value::Bool(b) => Value::Int(!(b as i64)),
                    Value::Instance(_) => self
                        .call_dunder(&v, "__invert__", vec![])?
                        .ok_or_else(|| bad_unary("~", &v))?,
                    other => return Err(bad_unary("~", &other)),
                };
                self.stack.push(r);
            }
            Op::UnaryNegative => {
                let v = self.pop();
                let r = match &v {
                    Value::Instance(_) => self
                        .call_dunder(&v, "__neg__", vec![])?
                        .ok_or_else(|| bad_unary("-", &v))?,
                    other => super::ops::negative(other)?,
                };
                self.stack.push(r);
            }
            Op::UnaryNot => {
                let v = self.pop();
                let t = self.truthy(&v)?;
                self.stack.push(Value::Bool(!t));
            }
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                let v = self.pop();
                let b = self.truthy(&v)?;
                if b == matches!(op, Op::PopJumpIfTrue(_)) {
                    self.frames.last_mut().expect("running").pc = t;
                }
            }
            Op::BinaryOp(o) => {
                let b = self.pop();
                let a = self.pop();
                let r = self.binary(o, &a, &b)?;
                self.stack.push(r);
            }
            Op::CompareOp(o) => {
                let b = self.pop();
                let a = self.pop();
                let r = self.compare(o, &a, &b)?;
                self.stack.push(Value::Bool(r));
            }
            Op::MakeFunction { code, flags } => {
                let closure = if flags & 8 != 0 {
                    self.pop()
                } else {
                    Value::tuple(vec![])
                };
                let kwdefaults = if flags & 2 != 0 {
                    Some(self.pop())
                } else {
                    None
                };
                let defaults = if flags & 1 != 0 {
                    self.pop()
                } else {
                    Value::tuple(vec![])
                };
                let target = &prog.functions()[code as usize];
                let kw: Vec<(Arc<str>, Value)> = match kwdefaults {
                    Some(Value::Dict(d)) => d
                        .map
                        .lock()
                        .iter()
                        .map(|(k, v)| (Arc::from(k.to_string().as_str()), v.clone()))
                        .collect(),
                    _ => vec![],
                };
                let items = |v: Value| match v {
                    Value::Tuple(t) => t.to_vec(),
                    _ => vec![],
                };
                let name = target.name.rsplit('.').next().unwrap_or(&target.name);
                self.stack.push(Value::Func(Arc::new(FuncObj {
                    code,
                    name: name.into(),
                    defaults: items(defaults),
                    kwdefaults: kw,
                    closure: items(closure),
                    owner: OnceLock::new(),
                    attrs: Mutex::new(Default::default()),
                })));
            }
            Op::BuildClass(n) => {
                let bases = self.popn(n as usize);
                let name = self.pop();
                let ns = self.pop();
                let c = super::attr::build_class(&name.to_string(), bases, ns)?;
                self.stack.push(c);
            }
            Op::LoadLocals => {
                let mut m = DictMap::default();
                let nloc = f.local_names.len();
                for (i, name) in f.local_names.iter().enumerate().take(nloc) {
                    let v = &self.stack[base + i];
                    if let Value::Unbound = v {
                        continue;
                    }
                    if name.starts_with('.') {
                        continue;
                    }
                    let v = if name == "__classcell__" {
                        v.clone()
                    } else if f.cells.contains(&(i as u32)) || f.frees.contains(&(i as u32)) {
                        match v {
                            Value::Obj(o) => match &**o {
                                Object::Cell(c) => c.lock().clone(),
                                _ => v.clone(),
                            },
                            _ => v.clone(),
                        }
                    } else {
                        v.clone()
                    };
                    if let Value::Unbound = v {
                        continue;
                    }
                    m.insert(Value::str(name.clone()), v)?;
                }
                self.stack.push(Dict::value(m));
            }
            Op::RaiseVarargs(n) => {
                let e = match n {
                    0 => match self.exc_info.last() {
                        Some(e) => e.clone(),
                        None => {
                            return Err(TrapKind::Runtime("No active exception to reraise".into()))
                        }
                    },
                    1 => unwind::exception_from(self.pop())?,
                    _ => {
                        let cause = self.pop();
                        let e = unwind::exception_from(self.pop())?;
                        let cause = match cause {
                            Value::None => None,
                            c => Some(unwind::exception_from(c)?),
                        };
                        unwind::set_cause(&e, cause);
                        e
                    }
                };
                let text = exc::plain_text(&e);
                return Err(TrapKind::Raised {
                    exc: super::trap::PyExc(e),
                    text,
                });
            }
            Op::Reraise => {
                let e = self.pop();
                let text = exc::plain_text(&e);
                return Err(TrapKind::Raised {
                    exc: super::trap::PyExc(e),
                    text,
                });
            }
            Op::PushExcInfo => {
                let e = self.top().clone();
                self.exc_info.push(e);
            }
            Op::PopExcept => {
                self.exc_info.pop();
            }
            Op::CheckExcMatch => {
                let cls = self.pop();
                let e = self.top().clone();
                let r = exc_matches(&e, &cls)?;
                self.stack.push(Value::Bool(r));
            }
            Op::ImportName(n) => {
                let name = name_const(f, n);
                if let Some(i) = prog.module_index(name) {
                    return self.import_library(i);
                }
                match super::builtins::modules::module_for(name, prog.file()) {
                    Some(m) => self.stack.push(m),
                    None => {
                        return Err(TrapKind::Builtin(
                            "ModuleNotFoundError",
                            format!("No module named '{name}' (not supported by gilsim)"),
                        ))
                    }
                }
            }
            Op::Nop => {}
            Op::GetAwaitable(_)
            | Op::BeforeAsyncWith
            | Op::GetAiter
            | Op::GetAnext
            | Op::EndAsyncFor
            | Op::AsyncGenWrap => return self.exec_async(op),
            other => {
                return Err(TrapKind::Runtime(format!(
                    "internal: {} reached the slow path",
                    other.mnemonic()
                )))
            }
        }
        Ok(Ctl::Next)
    }
}

/// Does exception `e` match `except cls` (a class or a tuple of them)?
pub(crate) fn exc_matches(e: &Value, cls: &Value) -> Result<bool, TrapKind> {
    match cls {
        Value::Class(c) => Ok(match e {
            Value::Instance(i) => i.class.is_subclass(c),
            _ => false,
        }),
        Value::Tuple(t) => {
            for c in t.iter() {
                if exc_matches(e, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(TrapKind::Type(
            "catching classes that do not inherit from BaseException is not allowed".into(),
        )),
    }
}

fn bad_unary(op: &str, v: &Value) -> TrapKind {
    TrapKind::Type(format!(
        "bad operand type for unary {op}: '{}'",
        v.class_name()
    ))
}
