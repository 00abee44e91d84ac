//! Driving suspended frames from outside: `send`, `throw`, `__next__`
//! and `close` of generators, coroutines, `coroutine_wrapper`s and async
//! generators' awaitables, and `SEND`'s step (`yield from`, `await`).
//!
//! One entry point, `Interp::drive`, starts a step (`Step`) for every
//! kind of driver:
//!
//! - `SEND` (frame kind `GenSend`): what the frames yield goes up
//!   through the awaiting frame; their return value is `SEND`'s result.
//! - a `send`/`throw`/`__next__` call made by bytecode (`GenNext`): the
//!   frames are pushed on top of the caller's and run in the same
//!   dispatch loop — interruptible at eval-breaker points and free to
//!   block (sleep, locks), as CPython runs `coro.send()` — a yield is
//!   the call's result, a return raises `StopIteration(value)`.
//! - the same methods called from Rust (a builtin such as `map`, or
//!   `close`): a nested run (`Interp::drive_nested`).
//!
//! This is what an event loop written in Python needs: `task.send(None)`
//! runs a coroutine to its next suspension, and what surfaces is what the
//! innermost awaited iterator yielded (a Future yielding itself);
//! `task.throw(exc)` raises at that innermost point.

use super::generator::{is_generator_exit, Step, ThrowMode};
use super::interp::{Ctl, FrameKind, Interp};
use super::native::{Args, NativeFn};
use super::object::{exc, AwaitState, Object};
use super::trap::{PyExc, TrapKind};
use super::value::Value;

/// What a driver puts into a suspended frame.
#[derive(Debug)]
pub(crate) enum Input {
    /// `send(v)` / `__next__()` (`None`).
    Send(Value),
    /// `throw(exc)`.
    Throw(TrapKind),
}

/// `StopIteration(v)` (no arguments for `None`), what a return ends
/// `send()` with.
pub(crate) fn stop_iteration(v: Value) -> TrapKind {
    exc::raise(
        "StopIteration",
        if matches!(v, Value::None) {
            vec![]
        } else {
            vec![v]
        },
    )
}

/// The `value` of a `StopIteration` (`None` for anything else).
pub(crate) fn stop_value(e: &TrapKind) -> Value {
    match e {
        TrapKind::Raised { exc, .. } => match &exc.0 {
            Value::Instance(i) => i.attrs.lock().get("value").cloned().unwrap_or(Value::None),
            _ => Value::None,
        },
        _ => Value::None,
    }
}

impl Interp {
    /// What `v`'s `send`/`throw` drive: a generator, coroutine or async
    /// generator awaitable itself, a `coroutine_wrapper`'s coroutine;
    /// `None` for anything else (an iterator object, driven by its methods).
    pub(crate) fn drive_target(&self, v: &Value) -> Option<Value> {
        let Value::Obj(o) = v else {
            return None;
        };
        match &**o {
            Object::Generator(_) | Object::Coroutine(_) | Object::AgAwait(_) => Some(v.clone()),
            Object::CoroWrapper(c) => Some(c.clone()),
            _ => None,
        }
    }

    /// Starts one step of driving `t` (a [`Interp::drive_target`]) with
    /// `input`, for a driver expecting frame kind `kind`.
    pub(crate) fn drive(&mut self, t: &Value, input: Input, kind: FrameKind) -> Step {
        if let Value::Obj(o) = t {
            if let Object::AgAwait(_) = &**o {
                return self.ag_step(t, input, kind);
            }
        }
        match input {
            Input::Send(v) => match self.resume(t, Some(v), kind) {
                Ok(true) => Step::Run,
                Ok(false) => Step::Done(Value::None),
                Err(e) => Step::Raise(e),
            },
            Input::Throw(e) => self.throw_into(t, e, kind, ThrowMode::THROW),
        }
    }

    /// A `throw` passed down to delegate `t` of a frame at its `SEND`.
    pub(crate) fn throw_step(&mut self, t: &Value, exc: TrapKind, mode: ThrowMode) -> Step {
        if let Value::Obj(o) = t {
            if let Object::AgAwait(_) = &**o {
                return self.ag_step(t, Input::Throw(exc), FrameKind::GenSend);
            }
        }
        let mode = ThrowMode {
            closing: false,
            ..mode
        };
        self.throw_into(t, exc, FrameKind::GenSend, mode)
    }

    /// `send`/`throw`/`__next__` called by bytecode: the frames run on
    /// top of the caller's, in the same dispatch loop. `Err` is raised in
    /// the caller.
    pub(crate) fn drive_call(&mut self, target: &Value, input: Input) -> Result<(), TrapKind> {
        let Some(t) = self.drive_target(target) else {
            return Err(not_drivable(target));
        };
        let floor = self.frames.len();
        match self.drive(&t, input, FrameKind::GenNext) {
            Step::Run => Ok(()),
            Step::Done(r) => Err(stop_iteration(r)),
            Step::Raise(e) => self.unwind(e, floor),
        }
    }

    /// `send`/`throw`/`__next__` called from Rust: the step runs to its
    /// end as a nested run. A yield is the result; a return is
    /// `StopIteration`.
    pub(crate) fn drive_nested(&mut self, target: &Value, input: Input) -> Result<Value, TrapKind> {
        let Some(t) = self.drive_target(target) else {
            return Err(not_drivable(target));
        };
        let floor = self.frames.len();
        let height = self.stack.len();
        match self.drive(&t, input, FrameKind::GenNext) {
            Step::Run => {}
            Step::Done(r) => return Err(stop_iteration(r)),
            Step::Raise(e) => {
                if let Err(e) = self.unwind(e, floor) {
                    self.stack.truncate(height);
                    return Err(e);
                }
            }
        }
        if self.frames.len() == floor {
            return Ok(self.stack.pop().unwrap_or(Value::None));
        }
        self.run_nested(floor, height, &t)
    }

    /// One `SEND` step: `v` sent into the iterator on top, which yields
    /// (the value pushed) or finishes (replaced by its value, the frame
    /// going on after the loop).
    pub(crate) fn send_op(&mut self, v: Value) -> Result<Ctl, TrapKind> {
        let it = self.top().clone();
        if let Some(t) = self.drive_target(&it) {
            let floor = self.frames.len();
            return match self.drive(&t, Input::Send(v), FrameKind::GenSend) {
                Step::Run => Ok(Ctl::Next),
                Step::Done(r) => {
                    self.send_finished(r);
                    Ok(Ctl::Next)
                }
                Step::Raise(e) => self.unwind(e, floor).map(|()| Ctl::Next),
            };
        }
        // An iterator object: `next(it)` for None, else `it.send(v)`.
        let r = if matches!(v, Value::None) {
            match &it {
                Value::Instance(_) => match self.call_dunder(&it, "__next__", vec![]) {
                    Ok(Some(y)) => Ok(y),
                    Ok(None) => Err(TrapKind::Type(format!(
                        "'{}' object is not an iterator",
                        it.class_name()
                    ))),
                    Err(e) => Err(e),
                },
                _ => match self.next_value(&it) {
                    Ok(Some(y)) => Ok(y),
                    Ok(None) => Err(exc::raise("StopIteration", vec![])),
                    Err(e) => Err(e),
                },
            }
        } else {
            let send = self.getattr(&it, "send")?;
            self.call(&send, Args::new(vec![v]))
        };
        match r {
            Ok(y) => self.stack.push(y),
            Err(e) if super::runtime::is_exc(&e, "StopIteration") => {
                self.send_finished(stop_value(&e));
            }
            Err(e) => return Err(e),
        }
        Ok(Ctl::Next)
    }

    /// `close()` of `v`, run to its end (CPython's `gen_close_iter`): a
    /// generator or coroutine gets `GeneratorExit` where it is suspended
    /// (its delegates closed first); a `coroutine_wrapper` closes its
    /// coroutine; an async generator's awaitable is only marked done;
    /// any other object's `close` method is called, if it has one.
    pub(crate) fn close_value(&mut self, v: &Value) -> Result<(), TrapKind> {
        if let Value::Obj(o) = v {
            match &**o {
                Object::CoroWrapper(c) => return self.close_value(c),
                Object::AgAwait(a) => {
                    *a.state.lock() = AwaitState::Closed;
                    return Ok(());
                }
                Object::AsyncGen(_) => return Ok(()),
                _ => {}
            }
        }
        let Some((_, gkind)) = v.suspended() else {
            let close = match self.getattr(v, "close") {
                Ok(c) => c,
                Err(e) if super::runtime::is_exc(&e, "AttributeError") => return Ok(()),
                Err(e) => return Err(e),
            };
            return self.call(&close, Args::new(vec![])).map(drop);
        };
        let floor = self.frames.len();
        let height = self.stack.len();
        let mode = ThrowMode {
            close_on_genexit: true,
            closing: true,
        };
        let genexit = exc::raise("GeneratorExit", vec![]);
        let r = match self.throw_into(v, genexit, FrameKind::GenNext, mode) {
            Step::Run => self.run_nested(floor, height, v),
            Step::Done(r) => Ok(r),
            Step::Raise(e) => match self.unwind(e, floor) {
                Ok(()) => self.run_nested(floor, height, v),
                Err(e) => {
                    self.stack.truncate(height);
                    Err(e)
                }
            },
        };
        match r {
            Ok(_) => Err(TrapKind::Runtime(format!(
                "{} ignored GeneratorExit",
                gkind.describe()
            ))),
            Err(e) if is_generator_exit(&e) || super::runtime::is_exc(&e, "StopIteration") => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// The exception `throw(typ, val)` raises, made as CPython does: a
    /// class is called (with `val` as its argument, its items if a
    /// tuple; `val` itself if already an instance of it), an instance is
    /// used as is.
    pub(crate) fn thrown(&mut self, typ: &Value, val: &Value) -> Result<TrapKind, TrapKind> {
        let e = match typ {
            Value::Class(c) if c.is_exception => match val {
                Value::None => self.call(typ, Args::new(vec![]))?,
                Value::Instance(i) if i.class.is_subclass(c) => val.clone(),
                Value::Tuple(t) => self.call(typ, Args::new(t.to_vec()))?,
                other => self.call(typ, Args::new(vec![other.clone()]))?,
            },
            Value::Instance(i) if i.class.is_exception => {
                if !matches!(val, Value::None) {
                    return Err(TrapKind::Type(
                        "instance exception may not have a separate value".into(),
                    ));
                }
                typ.clone()
            }
            other => {
                return Err(TrapKind::Type(format!(
                    "exceptions must be classes or instances deriving from BaseException, not {}",
                    other.class_name()
                )))
            }
        };
        let text = exc::plain_text(&e);
        Ok(TrapKind::Raised {
            exc: PyExc(e),
            text,
        })
    }

    /// The [`Input`] of a `send`/`throw`/`__next__` call of a native
    /// driving method `func` on `recv` with `args` (receiver not among
    /// them), or `None` if `func` is not one: such calls made by bytecode
    /// run their frames in the caller's dispatch loop.
    pub(crate) fn frame_input(
        &mut self,
        recv: &Value,
        func: &'static NativeFn,
        args: &Args,
    ) -> Option<Result<Input, TrapKind>> {
        let which = [&SEND, &THROW, &NEXT]
            .iter()
            .position(|n| std::ptr::eq(*n, func))?;
        self.drive_target(recv)?;
        let mut pos = vec![recv.clone()];
        pos.extend(args.pos.iter().cloned());
        let a = Args {
            pos,
            kw: args.kw.clone(),
        };
        Some(match which {
            0 => send_arg(&a).map(Input::Send),
            1 => self.throw_arg(&a).map(Input::Throw),
            _ => method_arity(&a, "__next__", 0, 0).map(|()| Input::Send(Value::None)),
        })
    }

    /// The exception a `throw(typ[, val[, tb]])` call passes.
    fn throw_arg(&mut self, a: &Args) -> Result<TrapKind, TrapKind> {
        method_arity(a, "throw", 1, 3)?;
        let none = Value::None;
        self.thrown(&a.pos[1], a.pos.get(2).unwrap_or(&none))
    }
}

/// The iterator of a `next(it)` call (no default) that runs as frames in
/// the caller's dispatch loop, like `it.__next__()`: a generator, a
/// `coroutine_wrapper` or an async generator's awaitable.
pub(crate) fn next_target(func: &'static NativeFn, args: &Args) -> Option<Value> {
    if !std::ptr::eq(func, &super::builtins::objects::NEXT) || !args.kw.is_empty() {
        return None;
    }
    let [it] = args.pos.as_slice() else {
        return None;
    };
    let Value::Obj(o) = it else {
        return None;
    };
    matches!(
        &**o,
        Object::Generator(_) | Object::CoroWrapper(_) | Object::AgAwait(_)
    )
    .then(|| it.clone())
}

/// `TypeError` for driving something that cannot be.
fn not_drivable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not an iterator", v.class_name()))
}

/// Checks a method call's count (receiver first in `a.pos`) with
/// CPython's messages (`coroutine.send() takes exactly one argument (0
/// given)`, `throw expected at least 1 argument, got 0`).
fn method_arity(a: &Args, name: &str, min: usize, max: usize) -> Result<(), TrapKind> {
    let ty = a.pos.first().map_or_else(String::new, Value::class_name);
    if !a.kw.is_empty() {
        return Err(TrapKind::Type(format!(
            "{ty}.{name}() takes no keyword arguments"
        )));
    }
    let n = a.pos.len().saturating_sub(1);
    if min == max && n != min {
        return Err(TrapKind::Type(match min {
            0 => format!("{ty}.{name}() takes no arguments ({n} given)"),
            _ => format!("{ty}.{name}() takes exactly one argument ({n} given)"),
        }));
    }
    super::builtins::core::arity(n, name, min, max)
}

/// The value a `send(v)` call passes.
fn send_arg(a: &Args) -> Result<Value, TrapKind> {
    method_arity(a, "send", 1, 1)?;
    Ok(a.pos[1].clone())
}

fn receiver(a: &Args) -> Value {
    a.pos.first().cloned().unwrap_or(Value::None)
}

crate::native!(SEND, "send", "send", |vm, a| {
    let v = send_arg(&a)?;
    Ok(vm.drive_nested(&receiver(&a), Input::Send(v))?)
});
crate::native!(NEXT, "__next__", "__next__", |vm, a| {
    method_arity(&a, "__next__", 0, 0)?;
    Ok(vm.drive_nested(&receiver(&a), Input::Send(Value::None))?)
});
crate::native!(THROW, "throw", "throw", |vm, a| {
    let e = vm.throw_arg(&a)?;
    Ok(vm.drive_nested(&receiver(&a), Input::Throw(e))?)
});
crate::native!(CLOSE, "close", "close", |vm, a| {
    method_arity(&a, "close", 0, 0)?;
    vm.close_value(&receiver(&a))?;
    Ok(Value::None)
});
crate::native!(SELF, "__iter__", "__iter__", |_, a| {
    method_arity(&a, "__iter__", 0, 0)?;
    Ok(receiver(&a))
});
crate::native!(AWAIT, "__await__", "__await__", |_, a| {
    method_arity(&a, "__await__", 0, 0)?;
    let r = receiver(&a);
    Ok(match &r {
        Value::Obj(o) if matches!(&**o, Object::Coroutine(_)) => {
            Value::obj(Object::CoroWrapper(r.clone()))
        }
        _ => r,
    })
});

/// Attribute `name` of a generator, coroutine, async generator or one of
/// their helper objects: their methods, bound, and `__name__` /
/// `__qualname__`.
pub(crate) fn attribute(o: &Value, name: &str) -> Option<Value> {
    let Value::Obj(ob) = o else {
        return None;
    };
    if let Some((g, _)) = ob.suspended() {
        match name {
            "__name__" => return Some(Value::str(g.func.name.to_string())),
            "__qualname__" => return Some(Value::str(g.qualname.to_string())),
            _ => {}
        }
    }
    let table: &[&'static NativeFn] = match &**ob {
        Object::Generator(_) => &[&SEND, &THROW, &CLOSE, &NEXT, &SELF],
        Object::Coroutine(_) => &[&SEND, &THROW, &CLOSE, &AWAIT],
        Object::CoroWrapper(_) => &[&SEND, &THROW, &CLOSE, &NEXT, &SELF],
        Object::AgAwait(_) => &[&SEND, &THROW, &CLOSE, &NEXT, &SELF, &AWAIT],
        Object::AsyncGen(_) => super::asyncgen::METHODS,
        _ => return None,
    };
    let func = table.iter().find(|n| n.name == name)?;
    Some(Value::obj(Object::NativeBound {
        obj: o.clone(),
        func,
    }))
}
