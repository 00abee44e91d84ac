//! Suspended frames — generators, coroutines and async generators — as
//! the interpreter runs them: resumed (a frame pushed with its saved
//! locals, operands and handled exceptions) by `for`, `next`, `send`,
//! `SEND` (`yield from`, `await`), suspended again at `YIELD_VALUE`,
//! finished by a return or an exception, and thrown into (`throw`,
//! `close`) at their innermost suspension point: a frame suspended in a
//! `yield from` or `await` passes the exception down to the iterator it
//! delegates to, as CPython's `_gen_throw` does, by pushing the whole
//! chain of frames and raising in the innermost, so it propagates outward
//! through the same handlers and tracebacks as any exception.
//!
//! How a step ends for whoever drove it (`Step`) and the methods built
//! on this live in src/vm/coroutine.rs; async generators' own rules in
//! src/vm/asyncgen.rs.

use super::interp::{Frame, FrameKind, Interp};
use super::native::Args;
use super::object::{exc, GenKind, Object};
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::Op;

/// How one step of driving a suspended frame (or an awaitable) starts.
#[derive(Debug)]
pub(crate) enum Step {
    /// Frames were pushed: run them. What they yield or return reaches
    /// the driver through their frame kind.
    Run,
    /// Raise this exception from the innermost frame (frames may have
    /// been pushed: it is raised in the innermost of them).
    Raise(TrapKind),
    /// Finished at once with this value, nothing pushed (`SEND` takes it
    /// as the result; `send()` raises `StopIteration(value)`).
    Done(Value),
}

/// How `throw` treats `GeneratorExit` and a finished coroutine.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ThrowMode {
    /// `GeneratorExit` closes the delegate instead of passing through it
    /// (true for `throw` and `close`; an async generator's `athrow` and
    /// `aclose` pass it down, to let awaits inside run).
    pub(crate) close_on_genexit: bool,
    /// `close()`: a finished coroutine is no error.
    pub(crate) closing: bool,
}

impl ThrowMode {
    /// `gen.throw(...)`.
    pub(crate) const THROW: ThrowMode = ThrowMode {
        close_on_genexit: true,
        closing: false,
    };
}

/// `RuntimeError: X raised StopIteration` for a `StopIteration` leaving
/// a suspended frame (PEP 479), and for `StopAsyncIteration` leaving an
/// async generator; `None` for any other exception.
pub(crate) fn pep479(kind: GenKind, e: &Value) -> Option<TrapKind> {
    let is = |name: &str| matches!(e, Value::Instance(i) if i.class.is_subclass(&exc::class(name)));
    let what = if is("StopIteration") {
        "StopIteration"
    } else if kind == GenKind::AsyncGen && is("StopAsyncIteration") {
        "StopAsyncIteration"
    } else {
        return None;
    };
    let new = exc::instance(
        exc::class("RuntimeError"),
        vec![Value::str(format!("{} raised {what}", kind.describe()))],
    );
    super::unwind::set_cause(&new, Some(e.clone()));
    if let Value::Instance(i) = &new {
        if let Some(st) = i.exc.lock().as_mut() {
            st.context = Some(e.clone());
        }
    }
    let text = exc::plain_text(&new);
    Some(TrapKind::Raised {
        exc: super::trap::PyExc(new),
        text,
    })
}

/// True for `GeneratorExit` (or a subclass).
pub(crate) fn is_generator_exit(e: &TrapKind) -> bool {
    super::runtime::is_exc(e, "GeneratorExit")
}

impl Interp {
    /// Pushes the frame of suspended object `g` to continue it, with
    /// `sent` pushed as the value of the `yield` it stopped at (none
    /// when an exception is to be raised there instead). Returns false
    /// for a finished generator (nothing pushed): the driver decides what
    /// that means. A finished coroutine is a `RuntimeError`, a finished
    /// async generator `StopAsyncIteration`.
    pub(crate) fn resume(
        &mut self,
        g: &Value,
        sent: Option<Value>,
        kind: FrameKind,
    ) -> Result<bool, TrapKind> {
        let Some((gen, gkind)) = g.suspended() else {
            return Err(TrapKind::Type(format!(
                "internal: cannot resume a '{}' object",
                g.type_name()
            )));
        };
        let (saved, pc, started, excs) = {
            let mut st = gen.state.lock();
            if st.running {
                return Err(already_executing(gkind));
            }
            if st.finished {
                return match gkind {
                    GenKind::Generator => Ok(false),
                    GenKind::Coroutine => Err(TrapKind::Runtime(
                        "cannot reuse already awaited coroutine".into(),
                    )),
                    GenKind::AsyncGen => Err(exc::raise("StopAsyncIteration", vec![])),
                };
            }
            if !st.started && matches!(&sent, Some(v) if !matches!(v, Value::None)) {
                return Err(TrapKind::Type(format!(
                    "can't send non-None value to a just-started {}",
                    gkind.describe()
                )));
            }
            st.running = true;
            let started = st.started;
            st.started = true;
            (
                std::mem::take(&mut st.saved),
                st.pc,
                started,
                std::mem::take(&mut st.exc),
            )
        };
        let code = gen.func.code;
        let nlocals = self.program.functions()[code as usize].local_names.len();
        let (locals, operands) = if saved.len() > nlocals {
            let mut s = saved;
            let ops = s.split_off(nlocals);
            (s, ops)
        } else {
            (saved, vec![])
        };
        if let Err(e) = self.push_frame(code, locals, kind, Some(g.clone()), pc) {
            let mut st = gen.state.lock();
            st.running = false;
            st.finished = true;
            return Err(e);
        }
        self.stack.extend(operands);
        self.exc_info.extend(excs);
        if let (true, Some(v)) = (started, sent) {
            self.stack.push(v);
        }
        Ok(true)
    }

    /// `YIELD_VALUE`: suspends the innermost frame (a generator's,
    /// coroutine's or async generator's), handing `v` to whoever resumed
    /// it. A value an async generator yields ends the awaitable driving
    /// it (see src/vm/asyncgen.rs); `Err` is then an exception to raise
    /// in the frame that drove it, which stays on the frame stack as a
    /// [`FrameKind::Yielded`] marker for the unwinder to pass through.
    pub(crate) fn yield_value(&mut self, v: Value) -> Result<(), TrapKind> {
        let fr = self.frames.pop().expect("a frame is running");
        let saved = self.stack.split_off(fr.base as usize);
        let excs = self.exc_info.split_off(fr.exc_base as usize);
        let g = if fr.kind.is_gen() {
            self.gens.pop()
        } else {
            None
        };
        let Some((gen, gkind)) = g.as_ref().and_then(Value::suspended) else {
            self.stack.push(v);
            return Ok(());
        };
        {
            let mut st = gen.state.lock();
            st.saved = saved;
            st.pc = fr.pc;
            st.running = false;
            st.exc = excs;
        }
        let inner = match (&v, gkind) {
            (Value::Obj(o), GenKind::AsyncGen) => match &**o {
                Object::AgValue(inner) => Some(inner.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(inner) = inner else {
            self.stack.push(v);
            return Ok(());
        };
        let end = self.ag_yielded(gen, inner);
        match self.finish_await(fr.kind, end) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.frames.push(Frame {
                    kind: FrameKind::Yielded,
                    below: 0,
                    ..fr
                });
                Err(e)
            }
        }
    }

    /// Marks the suspended object of frame `fr` (just popped) finished
    /// and returns it; `None` for a frame that is not a generator's.
    pub(crate) fn finish_gen(&mut self, fr: &Frame) -> Option<Value> {
        if !fr.kind.is_gen() {
            return None;
        }
        let g = self.gens.pop()?;
        if let Some((gen, _)) = g.suspended() {
            let mut st = gen.state.lock();
            st.finished = true;
            st.running = false;
            st.saved = vec![];
            st.exc = vec![];
        }
        Some(g)
    }

    /// The iterator suspended object `g` delegates to, if it is
    /// suspended in a `yield from` or `await` (at the `YIELD_VALUE` of a
    /// `SEND` loop, the iterator on top of its saved operands): CPython's
    /// `_PyGen_yf`.
    pub(crate) fn delegate_of(&self, g: &Value) -> Option<Value> {
        let (gen, _) = g.suspended()?;
        let st = gen.state.lock();
        if !st.started || st.finished || st.running {
            return None;
        }
        let code = &self.program.functions()[gen.func.code as usize].code;
        let pc = st.pc as usize;
        if pc < 2 || !matches!(code.get(pc - 2), Some(Op::Send(_))) {
            return None;
        }
        st.saved.last().cloned()
    }

    /// Raises `exc` inside suspended object `g` where it is suspended,
    /// passing it down the chain of iterators it delegates to (`yield
    /// from`, `await`): every frame of the chain is pushed, the outer
    /// ones back at their `SEND`, and the exception is raised in the
    /// innermost. A delegate that is not a frame of ours gets its own
    /// `throw` method called. `g` not started, or finished, raises at
    /// once (nothing pushed). `kind` is what `g`'s driver expects.
    pub(crate) fn throw_into(
        &mut self,
        g: &Value,
        exc: TrapKind,
        kind: FrameKind,
        mode: ThrowMode,
    ) -> Step {
        let Some((gen, gkind)) = g.suspended() else {
            return Step::Raise(exc);
        };
        {
            let mut st = gen.state.lock();
            if st.running {
                return Step::Raise(already_executing(gkind));
            }
            if st.finished {
                if gkind == GenKind::Coroutine && !mode.closing {
                    return Step::Raise(TrapKind::Runtime(
                        "cannot reuse already awaited coroutine".into(),
                    ));
                }
                return Step::Raise(exc);
            }
            if !st.started {
                st.finished = true;
                st.saved.clear();
                let v = exc::to_value(&exc);
                return Step::Raise(pep479(gkind, &v).unwrap_or(exc));
            }
        }
        let Some(yf) = self.delegate_of(g) else {
            return self.throw_here(g, exc, kind);
        };
        if mode.close_on_genexit && is_generator_exit(&exc) {
            // Close the delegate first; an error closing it is raised
            // here instead of GeneratorExit.
            gen.state.lock().running = true;
            let closed = self.close_value(&yf);
            gen.state.lock().running = false;
            let exc = closed.err().unwrap_or(exc);
            return self.throw_here(g, exc, kind);
        }
        // Resume g back at its SEND, the delegate on top of its stack.
        if let Err(e) = self.resume(g, None, kind) {
            return Step::Raise(e);
        }
        let fr = self.frames.last_mut().expect("just pushed");
        fr.pc -= 1;
        let inner = match self.drive_target(&yf) {
            Some(t) => self.throw_step(&t, exc, mode),
            None => self.throw_foreign(&yf, exc),
        };
        match inner {
            Step::Run | Step::Raise(_) => inner,
            Step::Done(r) => {
                self.send_finished(r);
                Step::Run
            }
        }
    }

    /// Resumes `g` without a sent value and raises `exc` at its `yield`.
    fn throw_here(&mut self, g: &Value, exc: TrapKind, kind: FrameKind) -> Step {
        match self.resume(g, None, kind) {
            Ok(_) => Step::Raise(exc),
            Err(e) => Step::Raise(e),
        }
    }

    /// `throw` on a delegate that is not a frame of ours (an iterator
    /// object): its `throw` method if it has one, called nested; without
    /// one the exception is raised in the delegating frame.
    fn throw_foreign(&mut self, yf: &Value, exc: TrapKind) -> Step {
        let meth = match self.getattr(yf, "throw") {
            Ok(m) => m,
            Err(e) if super::runtime::is_exc(&e, "AttributeError") => return Step::Raise(exc),
            Err(e) => return Step::Raise(e),
        };
        let v = exc::to_value(&exc);
        match self.call(&meth, Args::new(vec![v])) {
            Ok(y) => {
                self.stack.push(y);
                Step::Run
            }
            Err(e) if super::runtime::is_exc(&e, "StopIteration") => {
                Step::Done(super::coroutine::stop_value(&e))
            }
            Err(e) => Step::Raise(e),
        }
    }

    /// The frame on top is at a `SEND` whose iterator finished with `r`:
    /// the iterator is replaced by `r` and the frame goes on after the loop.
    pub(crate) fn send_finished(&mut self, r: Value) {
        self.stack.pop();
        self.stack.push(r);
        self.jump_caller_to_target();
    }

    /// What an exception `v` leaving suspended object `g`'s frame (just
    /// popped; its driver expected `kind`) becomes for the frame below:
    /// PEP 479's `RuntimeError`, an async generator's awaitable
    /// finishing (`aclose`), or itself.
    pub(crate) fn gen_exit(&mut self, g: &Value, kind: FrameKind, v: &Value) -> GenExit {
        let Some((gen, gkind)) = g.suspended() else {
            return GenExit::Same;
        };
        let replaced = pep479(gkind, v);
        if gkind == GenKind::AsyncGen {
            let now = replaced.as_ref().map_or_else(|| v.clone(), exc::to_value);
            if let Some(end) = self.ag_raised(gen, &now) {
                return match self.finish_await(kind, end) {
                    Ok(()) => GenExit::Resume,
                    Err(e) => GenExit::Replace(e),
                };
            }
        }
        match replaced {
            Some(e) => GenExit::Replace(e),
            None => GenExit::Same,
        }
    }
}

/// What an exception leaving a suspended frame becomes ([`Interp::gen_exit`]).
pub(crate) enum GenExit {
    /// It goes on unchanged.
    Same,
    /// This exception goes on instead.
    Replace(TrapKind),
    /// The driver finished normally: the frame below goes on (its state
    /// already set), the exception is dropped.
    Resume,
}

/// `ValueError: generator already executing` (or coroutine...).
pub(crate) fn already_executing(kind: GenKind) -> TrapKind {
    TrapKind::Builtin(
        "ValueError",
        format!("{} already executing", kind.describe()),
    )
}
