//! Async generators (`async def` with `yield`), as CPython 3.11 runs
//! them (Objects/genobject.c): the object is driven only through the
//! awaitables its `__anext__`, `asend`, `athrow` and `aclose` make
//! ([`AgAwait`]), one step of the generator each.
//!
//! The generator's frame runs like a coroutine's; what an `await` inside
//! it yields passes up through the awaitable unchanged. A `yield` wraps
//! its value (`ASYNC_GEN_WRAP`), and when the frame yields a wrapped
//! value, returns, or lets an exception out, the awaitable driving it
//! (the generator's `driver`, CPython's `ag_running_async`) ends
//! (`AgEnd`):
//!
//! | event          | `__anext__` / `asend` / `athrow` | `aclose`                  |
//! |----------------|----------------------------------|---------------------------|
//! | `yield v`      | done with `v`                    | `RuntimeError` (ignored GeneratorExit) |
//! | return         | `StopAsyncIteration`             | done with `None`          |
//! | exception `e`  | `e`                              | done if `e` is `GeneratorExit` or `StopAsyncIteration`, else `e` |
//!
//! "Done with `v`" is `SEND`'s result when awaited, `StopIteration(v)`
//! when driven by `send()`.

use super::coroutine::{stop_iteration, Input};
use super::generator::{Step, ThrowMode};
use super::interp::{FrameKind, Interp};
use super::native::NativeFn;
use super::object::{exc, AgAwait, AgOp, AwaitState, GenObj, Object};
use super::trap::TrapKind;
use super::value::Value;
use parking_lot::Mutex;

/// How the awaitable driving an async generator ends.
pub(crate) enum AgEnd {
    /// It is done, with this value.
    Complete(Value),
    /// It raises this exception.
    Raise(TrapKind),
}

/// The awaitable `v` holds, if it is one.
fn awaitable(v: &Value) -> Option<&AgAwait> {
    match v {
        Value::Obj(o) => match &**o {
            Object::AgAwait(a) => Some(a),
            _ => None,
        },
        _ => None,
    }
}

impl Interp {
    /// Ends the awaitable driving `gen`: it is closed and the generator
    /// no longer runs for it. Returns whether it was an `aclose()`.
    fn end_driver(&self, gen: &GenObj) -> bool {
        let d = gen.state.lock().driver.take();
        match d.as_ref().and_then(awaitable) {
            Some(a) => {
                *a.state.lock() = AwaitState::Closed;
                matches!(a.op, AgOp::Close)
            }
            None => false,
        }
    }

    /// The frame of `gen` yielded `v` (a `yield`, not an await).
    pub(crate) fn ag_yielded(&mut self, gen: &GenObj, v: Value) -> AgEnd {
        if self.end_driver(gen) {
            AgEnd::Raise(TrapKind::Runtime(
                "async generator ignored GeneratorExit".into(),
            ))
        } else {
            AgEnd::Complete(v)
        }
    }

    /// The frame of `gen` returned.
    pub(crate) fn ag_returned(&mut self, gen: &GenObj) -> AgEnd {
        gen.state.lock().closed = true;
        if self.end_driver(gen) {
            AgEnd::Complete(Value::None)
        } else {
            AgEnd::Raise(exc::raise("StopAsyncIteration", vec![]))
        }
    }

    /// Exception `e` left the frame of `gen` (or was raised at once, the
    /// frame not running). `None`: it goes on as it is.
    pub(crate) fn ag_raised(&mut self, gen: &GenObj, e: &Value) -> Option<AgEnd> {
        let is = |n: &str| matches!(e, Value::Instance(i) if i.class.is_subclass(&exc::class(n)));
        let stop = is("StopAsyncIteration") || is("GeneratorExit");
        if stop {
            gen.state.lock().closed = true;
        }
        let closing = self.end_driver(gen);
        (stop && closing).then_some(AgEnd::Complete(Value::None))
    }

    /// Carries out an awaitable's end for the frame its driver runs in
    /// (now on top): `SEND` takes the value as its result (`GenSend`); a
    /// `send()` call raises `StopIteration(value)` (`GenNext`). `Err` is
    /// an exception to raise in that frame.
    pub(crate) fn finish_await(&mut self, kind: FrameKind, end: AgEnd) -> Result<(), TrapKind> {
        match end {
            AgEnd::Complete(v) if kind == FrameKind::GenSend => {
                self.send_finished(v);
                Ok(())
            }
            AgEnd::Complete(v) => Err(stop_iteration(v)),
            AgEnd::Raise(e) => Err(e),
        }
    }

    /// One step of awaitable `a` (an [`AgAwait`]) with `input`.
    pub(crate) fn ag_step(&mut self, a: &Value, input: Input, kind: FrameKind) -> Step {
        let Some(aw) = awaitable(a) else {
            return Step::Raise(TrapKind::Type("internal: not an awaitable".into()));
        };
        let Some((gen, _)) = aw.gen.suspended() else {
            return Step::Raise(TrapKind::Type("internal: not an async generator".into()));
        };
        let state = *aw.state.lock();
        if state == AwaitState::Closed {
            return Step::Raise(TrapKind::Runtime(aw.reuse_message().into()));
        }
        let before = self.frames.len();
        let step = match input {
            Input::Throw(e) => {
                self.drive_by(gen, aw, a);
                self.throw_into(&aw.gen, e, kind, ThrowMode::THROW)
            }
            Input::Send(v) if state == AwaitState::Iter => {
                match self.resume(&aw.gen, Some(v), kind) {
                    Ok(_) => Step::Run,
                    Err(e) => Step::Raise(e),
                }
            }
            Input::Send(v) => {
                let running = gen.state.lock().driver.is_some();
                match &aw.op {
                    AgOp::Send(first) => {
                        if running {
                            return Step::Raise(TrapKind::Runtime(
                                "anext(): asynchronous generator is already running".into(),
                            ));
                        }
                        let v = if matches!(v, Value::None) {
                            first.clone()
                        } else {
                            v
                        };
                        self.drive_by(gen, aw, a);
                        match self.resume(&aw.gen, Some(v), kind) {
                            Ok(_) => Step::Run,
                            Err(e) => Step::Raise(e),
                        }
                    }
                    op => {
                        if running {
                            return Step::Raise(TrapKind::Runtime(
                                "athrow(): asynchronous generator is already running".into(),
                            ));
                        }
                        if gen.state.lock().closed {
                            // Closed or exhausted: nothing to do (3.11.7).
                            *aw.state.lock() = AwaitState::Closed;
                            return Step::Done(Value::None);
                        }
                        if !matches!(v, Value::None) {
                            return Step::Raise(TrapKind::Runtime(
                                "can't send non-None value to a just-started coroutine".into(),
                            ));
                        }
                        let e = match op {
                            AgOp::Throw(typ, val) => match self.thrown(typ, val) {
                                Ok(e) => e,
                                Err(e) => {
                                    *aw.state.lock() = AwaitState::Closed;
                                    return Step::Raise(e);
                                }
                            },
                            _ => {
                                gen.state.lock().closed = true;
                                exc::raise("GeneratorExit", vec![])
                            }
                        };
                        self.drive_by(gen, aw, a);
                        let mode = ThrowMode {
                            close_on_genexit: false,
                            closing: false,
                        };
                        self.throw_into(&aw.gen, e, kind, mode)
                    }
                }
            }
        };
        match step {
            // Raised before the generator's frame ran: it ends the
            // awaitable as if the frame had let it out.
            Step::Raise(e) if self.frames.len() == before => {
                match self.ag_raised(gen, &exc::to_value(&e)) {
                    Some(AgEnd::Complete(v)) => Step::Done(v),
                    Some(AgEnd::Raise(e)) => Step::Raise(e),
                    None => Step::Raise(e),
                }
            }
            other => other,
        }
    }

    /// `a` starts driving `gen`.
    fn drive_by(&self, gen: &GenObj, aw: &AgAwait, a: &Value) {
        *aw.state.lock() = AwaitState::Iter;
        gen.state.lock().driver = Some(a.clone());
    }
}

/// A new awaitable driving async generator `g`.
fn awaiting(g: Value, op: AgOp) -> Value {
    Value::obj(Object::AgAwait(AgAwait {
        gen: g,
        op,
        state: Mutex::new(AwaitState::Init),
    }))
}

/// `agen.__anext__()`: the awaitable of its next step (`GET_ANEXT`).
pub(crate) fn anext(g: &Value) -> Value {
    awaiting(g.clone(), AgOp::Send(Value::None))
}

fn arity(a: &super::native::Args, name: &str, min: usize, max: usize) -> Result<(), TrapKind> {
    if !a.kw.is_empty() {
        return Err(TrapKind::Type(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    super::builtins::core::arity(a.pos.len().saturating_sub(1), name, min, max)
}

crate::native!(AITER, "__aiter__", "async_generator.__aiter__", |_, a| {
    arity(&a, "async_generator.__aiter__", 0, 0)?;
    Ok(a.pos[0].clone())
});
crate::native!(ANEXT, "__anext__", "async_generator.__anext__", |_, a| {
    arity(&a, "async_generator.__anext__", 0, 0)?;
    Ok(anext(&a.pos[0]))
});
crate::native!(ASEND, "asend", "async_generator.asend", |_, a| {
    arity(&a, "async_generator.asend", 1, 1)?;
    Ok(awaiting(a.pos[0].clone(), AgOp::Send(a.pos[1].clone())))
});
crate::native!(ATHROW, "athrow", "async_generator.athrow", |_, a| {
    arity(&a, "athrow", 1, 3)?;
    let val = a.pos.get(2).cloned().unwrap_or(Value::None);
    Ok(awaiting(
        a.pos[0].clone(),
        AgOp::Throw(a.pos[1].clone(), val),
    ))
});
crate::native!(ACLOSE, "aclose", "async_generator.aclose", |_, a| {
    arity(&a, "async_generator.aclose", 0, 0)?;
    Ok(awaiting(a.pos[0].clone(), AgOp::Close))
});

/// The methods of async generators.
pub(crate) static METHODS: &[&NativeFn] = &[&AITER, &ANEXT, &ASEND, &ATHROW, &ACLOSE];
