//! Calls: binding arguments to parameters (defaults, keywords, `*args`,
//! `**kwargs`, cells and closures), calling each kind of callable, making
//! and resuming generators, frame returns other than a plain call's, and
//! nested calls (a native running Python code to completion).

use super::interp::{Ctl, Frame, FrameKind, Interp, Outcome};
use super::native::{Args, Flow};
use super::object::{exc, FuncObj, GenKind, GenObj, GenState, InstanceObj, Object};
use super::request::Request;
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::program::{
    FLAGS_SUSPENDED, FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_VARARGS, FLAG_VARKW,
};
use crate::bytecode::{Function, Op};
use parking_lot::Mutex;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A breaker that is never set, for nested runs.
static NEVER: AtomicBool = AtomicBool::new(false);

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Binds a call's arguments to `code`'s locals, Python's rules and messages.
pub(crate) fn bind(
    code: &Function,
    fo: Option<&FuncObj>,
    args: Args,
) -> Result<Vec<Value>, TrapKind> {
    let name = &code.name;
    let np = code.nparams as usize;
    let nk = code.nkwonly as usize;
    let mut locals = vec![Value::Unbound; code.local_names.len()];
    let Args { pos, kw } = args;
    let npos = pos.len();
    let mut extra = Vec::new();
    for (i, v) in pos.into_iter().enumerate() {
        if i < np {
            locals[i] = v;
        } else {
            extra.push(v);
        }
    }
    let mut slot = np + nk;
    if code.flags & FLAG_VARARGS != 0 {
        locals[slot] = Value::tuple(extra);
        slot += 1;
    } else if !extra.is_empty() {
        let ndef = fo.map_or(0, |f| f.defaults.len());
        let takes = if ndef > 0 {
            format!("from {} to {np}", np - ndef.min(np))
        } else {
            np.to_string()
        };
        return Err(TrapKind::Type(format!(
            "{name}() takes {takes} positional argument{} but {npos} {} given",
            plural(np),
            if npos == 1 { "was" } else { "were" }
        )));
    }
    let mut kwdict = if code.flags & FLAG_VARKW != 0 {
        Some(super::object::DictMap::default())
    } else {
        None
    };
    let npo = (code.nposonly as usize).min(np);
    // Positional-only parameters passed by keyword (CPython names them all).
    let posonly_kw: Vec<&str> = kw
        .iter()
        .filter(|(k, _)| code.local_names[..npo].iter().any(|n| **n == **k))
        .map(|(k, _)| &**k)
        .collect();
    let posonly_err = || {
        TrapKind::Type(format!(
            "{name}() got some positional-only arguments passed as keyword arguments: '{}'",
            posonly_kw.join(", ")
        ))
    };
    for (k, v) in kw.iter().cloned() {
        let idx = code.local_names[npo..np + nk]
            .iter()
            .position(|n| **n == *k)
            .map(|i| i + npo);
        match idx {
            Some(i) => {
                if !matches!(locals[i], Value::Unbound) {
                    return Err(TrapKind::Type(format!(
                        "{name}() got multiple values for argument '{k}'"
                    )));
                }
                locals[i] = v;
            }
            None => match &mut kwdict {
                Some(d) => {
                    d.insert(Value::str(k.to_string()), v)?;
                }
                None if posonly_kw.contains(&&*k) => return Err(posonly_err()),
                None => {
                    return Err(TrapKind::Type(format!(
                        "{name}() got an unexpected keyword argument '{k}'"
                    )))
                }
            },
        }
    }
    if let Some(d) = kwdict {
        locals[slot] = super::object::Dict::value(d);
    }
    // Defaults for the last positional parameters, then keyword-only ones.
    if let Some(fo) = fo {
        let nd = fo.defaults.len().min(np);
        for (j, d) in fo.defaults[fo.defaults.len() - nd..].iter().enumerate() {
            let i = np - nd + j;
            if matches!(locals[i], Value::Unbound) {
                locals[i] = d.clone();
            }
        }
        for (k, d) in &fo.kwdefaults {
            if let Some(i) = code.local_names[np..np + nk]
                .iter()
                .position(|n| **n == **k)
            {
                if matches!(locals[np + i], Value::Unbound) {
                    locals[np + i] = d.clone();
                }
            }
        }
    }
    let missing: Vec<&str> = (0..np)
        .filter(|&i| matches!(locals[i], Value::Unbound))
        .map(|i| code.local_names[i].as_str())
        .collect();
    if !missing.is_empty() {
        return Err(TrapKind::Type(format!(
            "{name}() missing {} required positional argument{}: {}",
            missing.len(),
            plural(missing.len()),
            quote_list(&missing)
        )));
    }
    let missing_kw: Vec<&str> = (np..np + nk)
        .filter(|&i| matches!(locals[i], Value::Unbound))
        .map(|i| code.local_names[i].as_str())
        .collect();
    if !missing_kw.is_empty() {
        return Err(TrapKind::Type(format!(
            "{name}() missing {} required keyword-only argument{}: {}",
            missing_kw.len(),
            plural(missing_kw.len()),
            quote_list(&missing_kw)
        )));
    }
    for &c in &code.cells {
        let v = std::mem::replace(&mut locals[c as usize], Value::Unbound);
        locals[c as usize] = Value::cell(v);
    }
    if let Some(fo) = fo {
        for (i, &l) in code.frees.iter().enumerate() {
            if let Some(cell) = fo.closure.get(i) {
                locals[l as usize] = cell.clone();
            }
        }
    }
    Ok(locals)
}

/// `'a', 'b' and 'c'`, as CPython lists missing arguments.
fn quote_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

impl Interp {
    /// Pushes a frame for `code` with `locals` bound.
    pub(crate) fn push_frame(
        &mut self,
        code: u32,
        locals: Vec<Value>,
        kind: FrameKind,
        gen: Option<Value>,
        pc: u32,
    ) -> Result<(), TrapKind> {
        if self.frames.len() >= self.recursion_limit as usize {
            return Err(TrapKind::Recursion(self.recursion_limit));
        }
        let f = &self.program.functions()[code as usize];
        let base = self.stack.len();
        self.stack
            .reserve(locals.len() + f.max_stack() as usize + 8);
        self.stack.extend(locals);
        self.frames.push(Frame {
            func: code,
            pc,
            base: base as u32,
            exc_base: self.exc_info.len() as u32,
            below: 0,
            kind,
        });
        if let Some(g) = gen {
            self.gens.push(g);
        }
        self.calls += 1;
        Ok(())
    }

    /// Calls `f` with `args`: pushes its frame (Python code) or its result
    /// (natives, classes without `__init__`). A request from a native
    /// comes back as `Err(Flow::Request)` with its result slot filled.
    pub(crate) fn call_value(
        &mut self,
        f: Value,
        mut args: Args,
        kind: FrameKind,
        depth: u32,
    ) -> Result<(), Flow> {
        if depth > 64 {
            return Err(TrapKind::Recursion(self.recursion_limit).into());
        }
        match &f {
            Value::Func(fo) => {
                let prog = Arc::clone(&self.program);
                let code = &prog.functions()[fo.code as usize];
                let locals = bind(code, Some(fo), args)?;
                if code.flags & FLAGS_SUSPENDED != 0 {
                    let gen = GenObj {
                        func: Arc::clone(fo),
                        qualname: prog.qualname(fo.code).into(),
                        state: Mutex::new(GenState {
                            saved: locals,
                            ..GenState::default()
                        }),
                        id: super::object::next_id(),
                    };
                    self.stack
                        .push(Value::obj(if code.flags & FLAG_COROUTINE != 0 {
                            Object::Coroutine(gen)
                        } else if code.flags & FLAG_ASYNC_GENERATOR != 0 {
                            Object::AsyncGen(gen)
                        } else {
                            Object::Generator(gen)
                        }));
                    return Ok(());
                }
                self.push_frame(fo.code, locals, kind, None, 0)?;
                Ok(())
            }
            Value::Native(n) => {
                if kind == FrameKind::Call {
                    if let Some(it) = super::coroutine::next_target(n, &args) {
                        let input = super::coroutine::Input::Send(Value::None);
                        return self.drive_call(&it, input).map_err(Flow::Raise);
                    }
                }
                let r = (n.call)(self, args);
                self.native_result(r, kind, depth)
            }
            Value::Class(c) => {
                let init = c.lookup("__init__");
                let inst = if c.is_exception {
                    exc::instance(Arc::clone(c), args.pos.clone())
                } else {
                    if let Some(Value::Native(n)) = c.lookup("__new__") {
                        // A native class makes its own instance.
                        let mut pos = vec![f.clone()];
                        pos.append(&mut args.pos);
                        let r = (n.call)(self, Args { pos, kw: args.kw });
                        return self.native_result(r, kind, depth);
                    }
                    Value::Instance(InstanceObj::new(Arc::clone(c)))
                };
                match init {
                    Some(init) if !(c.is_exception && matches!(&init, Value::Native(_))) => {
                        self.stack.push(inst.clone());
                        let mut pos = Vec::with_capacity(args.pos.len() + 1);
                        pos.push(inst);
                        pos.append(&mut args.pos);
                        let k = if kind == FrameKind::Call {
                            FrameKind::Init
                        } else {
                            kind
                        };
                        match init {
                            Value::Func(_) => {
                                self.call_value(init, Args { pos, kw: args.kw }, k, depth + 1)
                            }
                            other => {
                                // A native __init__: run it, keep the instance.
                                let r = self.call(&other, Args { pos, kw: args.kw });
                                r.map(drop).map_err(Flow::Raise)
                            }
                        }
                    }
                    _ => {
                        if !c.is_exception && (!args.pos.is_empty() || !args.kw.is_empty()) {
                            return Err(
                                TrapKind::Type(format!("{}() takes no arguments", c.name)).into()
                            );
                        }
                        self.stack.push(inst);
                        Ok(())
                    }
                }
            }
            Value::Obj(o) => match &**o {
                Object::Bound { obj, func } => {
                    let mut pos = Vec::with_capacity(args.pos.len() + 1);
                    pos.push(obj.clone());
                    pos.append(&mut args.pos);
                    self.call_value(func.clone(), Args { pos, kw: args.kw }, kind, depth + 1)
                }
                Object::NativeBound { obj, func } => {
                    if kind == FrameKind::Call {
                        if let Some(input) = self.frame_input(obj, func, &args) {
                            return self.drive_call(obj, input?).map_err(Flow::Raise);
                        }
                    }
                    let mut pos = Vec::with_capacity(args.pos.len() + 1);
                    pos.push(obj.clone());
                    pos.append(&mut args.pos);
                    let r = (func.call)(self, Args { pos, kw: args.kw });
                    self.native_result(r, kind, depth)
                }
                Object::StaticMethod(inner) | Object::ClassMethod(inner) => {
                    self.call_value(inner.clone(), args, kind, depth + 1)
                }
                _ => Err(not_callable(&f).into()),
            },
            Value::Instance(i) => match i.class.lookup("__call__") {
                Some(m) => {
                    let mut pos = Vec::with_capacity(args.pos.len() + 1);
                    pos.push(f.clone());
                    pos.append(&mut args.pos);
                    self.call_value(m, Args { pos, kw: args.kw }, kind, depth + 1)
                }
                None => Err(not_callable(&f).into()),
            },
            _ => Err(not_callable(&f).into()),
        }
    }

    /// Pushes a native's result, or carries out its flow.
    fn native_result(
        &mut self,
        r: Result<Value, Flow>,
        kind: FrameKind,
        depth: u32,
    ) -> Result<(), Flow> {
        match r {
            Ok(v) => {
                self.stack.push(v);
                Ok(())
            }
            Err(Flow::Call { func, args }) => self.call_value(func, args, kind, depth + 1),
            Err(Flow::Request(req)) => {
                match &req {
                    r if r.engine_pushes() => {}
                    Request::Acquire(_) => self.stack.push(Value::Bool(true)),
                    _ => self.stack.push(Value::None),
                }
                Err(Flow::Request(req))
            }
            Err(e) => Err(e),
        }
    }

    /// Calls any callable to completion, as a nested run (see
    /// [`crate::vm::runtime`]).
    pub fn call(&mut self, f: &Value, args: Args) -> Result<Value, TrapKind> {
        let floor = self.frames.len();
        let height = self.stack.len();
        match self.call_value(f.clone(), args, FrameKind::Call, 0) {
            Ok(()) => {}
            Err(Flow::Raise(k)) => return Err(k),
            Err(Flow::Request(_)) | Err(Flow::Call { .. }) => {
                self.stack.truncate(height);
                return Err(blocking_in_nested(f));
            }
        }
        if self.frames.len() == floor {
            return Ok(self.stack.pop().unwrap_or(Value::None));
        }
        self.run_nested(floor, height, f)
    }

    /// Runs frames above `floor` to completion.
    pub(crate) fn run_nested(
        &mut self,
        floor: usize,
        height: usize,
        what: &Value,
    ) -> Result<Value, TrapKind> {
        loop {
            match self.run_inner(&NEVER, u64::MAX, floor) {
                Ok(Outcome::Returned(v)) => return Ok(v),
                Ok(_) => {
                    while self.frames.len() > floor {
                        let fr = self.frames.pop().expect("above the floor");
                        self.finish_gen(&fr);
                    }
                    self.stack.truncate(height);
                    return Err(blocking_in_nested(what));
                }
                Err(kind) => match self.unwind(kind, floor) {
                    Ok(()) => continue,
                    Err(kind) => {
                        self.stack.truncate(height);
                        return Err(kind);
                    }
                },
            }
        }
    }

    /// The common call: a plain Python function (no keyword-only or
    /// variable parameters, no cells, not a generator) given exactly its
    /// positional arguments, which are already in place on the stack: its
    /// frame starts at the first argument, with `below` slots (the callable,
    /// a NULL) under it to drop on return. No allocation but the frame's.
    pub(crate) fn call_in_place(
        &mut self,
        nargs: usize,
        below: u8,
    ) -> Option<Result<Ctl, TrapKind>> {
        let len = self.stack.len();
        let callee = &self.stack[len - nargs - below as usize];
        let Value::Func(fo) = callee else {
            return None;
        };
        let code = fo.code;
        let f = &self.program.functions()[code as usize];
        if !f.is_simple() || f.nparams as usize != nargs {
            return None;
        }
        if self.frames.len() >= self.recursion_limit as usize {
            return Some(Err(TrapKind::Recursion(self.recursion_limit)));
        }
        let (nlocals, max_stack) = (f.local_names.len(), f.max_stack() as usize);
        let base = len - nargs;
        self.stack.reserve(nlocals - nargs + max_stack + 8);
        self.stack.resize(base + nlocals, Value::Unbound);
        self.frames.push(super::interp::Frame {
            func: code,
            pc: 0,
            base: base as u32,
            exc_base: self.exc_info.len() as u32,
            below,
            kind: FrameKind::Call,
        });
        self.calls += 1;
        Some(Ok(Ctl::Next))
    }

    /// Carries out a call's flow from `call_value`.
    pub(crate) fn call_flow(&mut self, r: Result<(), Flow>) -> Result<Ctl, TrapKind> {
        match r {
            Ok(()) => Ok(Ctl::Next),
            Err(Flow::Raise(k)) => Err(k),
            Err(Flow::Request(req)) => Ok(Ctl::Out(Outcome::Request(req))),
            Err(Flow::Call { .. }) => Ok(Ctl::Next),
        }
    }

    /// A frame other than a plain call returned `v` (its stack already cut
    /// back and the frame popped). `Err` is raised in the caller.
    pub(crate) fn returned_special(&mut self, done: Frame, v: Value) -> Result<(), TrapKind> {
        let gen = self.finish_gen(&done);
        if let Some((g, GenKind::AsyncGen)) = gen.as_ref().and_then(Value::suspended) {
            let end = self.ag_returned(g);
            return self.finish_await(done.kind, end);
        }
        match done.kind {
            FrameKind::Setter => Ok(()),
            FrameKind::Call | FrameKind::Yielded | FrameKind::ForNext => {
                self.stack.push(v);
                Ok(())
            }
            FrameKind::Init => {
                if !matches!(v, Value::None) {
                    return Err(TrapKind::Type(format!(
                        "__init__() should return None, not '{}'",
                        v.type_name()
                    )));
                }
                Ok(())
            }
            FrameKind::GenNext => Err(super::coroutine::stop_iteration(v)),
            FrameKind::GenFor => {
                // Pop the iterator and leave the loop.
                self.stack.pop();
                self.jump_caller_to_target();
                Ok(())
            }
            FrameKind::GenSend => {
                self.send_finished(v);
                Ok(())
            }
        }
    }

    /// Sends the frame on top to the target of the `FOR_ITER` / `SEND`
    /// it is at.
    pub(crate) fn jump_caller_to_target(&mut self) {
        let prog = Arc::clone(&self.program);
        if let Some(caller) = self.frames.last_mut() {
            let f = &prog.functions()[caller.func as usize];
            if let Some(Op::ForIter(t) | Op::Send(t)) = f.code.get(caller.pc as usize - 1) {
                caller.pc = *t;
            }
        }
    }
}

fn not_callable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not callable", v.class_name()))
}

fn blocking_in_nested(what: &Value) -> TrapKind {
    TrapKind::Runtime(format!(
        "not supported by gilsim: a blocking call (sleep, lock, join, thread start) inside {}, which gilsim runs as a nested call (from a builtin such as print, sorted or a dunder method)",
        crate::vm::repr::repr_plain(what)
    ))
}
