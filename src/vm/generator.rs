//! Generators: a suspended frame resumed by `for`, `next`, `send`,
//! `yield from`, `throw` and `close`, suspended again at `yield`, and
//! finished by a return or an exception.

use super::interp::{Frame, FrameKind, Interp};
use super::object::{exc, Object};
use super::trap::TrapKind;
use super::value::Value;

impl Interp {
    /// Resumes generator `g` with `sent` to its next yield, as a nested run.
    pub fn resume_nested(&mut self, g: &Value, sent: Value) -> Result<Value, TrapKind> {
        let floor = self.frames.len();
        let height = self.stack.len();
        self.resume(g, Some(sent), FrameKind::GenNext)?;
        if self.frames.len() == floor {
            return Ok(self.stack.pop().unwrap_or(Value::None));
        }
        self.run_nested(floor, height, g)
    }

    /// Raises `exc` inside generator `g` at the `yield` it is suspended at
    /// (`gen.throw`, and `gen.close` with `GeneratorExit`), as a nested
    /// run: the value it yields next, or the exception that leaves it.
    /// A generator not yet started, or finished, raises `exc` at once.
    pub fn resume_throw(&mut self, g: &Value, exc: TrapKind) -> Result<Value, TrapKind> {
        let floor = self.frames.len();
        let height = self.stack.len();
        let Value::Obj(o) = g else {
            return Err(exc);
        };
        let Object::Generator(gen) = &**o else {
            return Err(exc);
        };
        {
            let mut st = gen.state.lock();
            if !st.started || st.finished {
                st.finished = true;
                st.saved.clear();
                return Err(exc);
            }
        }
        self.resume(g, None, FrameKind::GenNext)?;
        // The yield's result slot is not pushed: the exception replaces it.
        self.stack.pop();
        match self.unwind(exc, floor) {
            Ok(()) => self.run_nested(floor, height, g),
            Err(e) => {
                self.stack.truncate(height);
                Err(e)
            }
        }
    }

    /// Pushes generator `g`'s frame to continue it. With `GenFor` an
    /// exhausted generator is not an error: the caller checks the return.
    /// Returns false if the generator is already finished (nothing pushed).
    pub(crate) fn resume(
        &mut self,
        g: &Value,
        sent: Option<Value>,
        kind: FrameKind,
    ) -> Result<bool, TrapKind> {
        let Value::Obj(o) = g else {
            return Err(TrapKind::Type("not a generator".into()));
        };
        let Object::Generator(gen) = &**o else {
            return Err(TrapKind::Type("not a generator".into()));
        };
        let (saved, pc, started) = {
            let mut st = gen.state.lock();
            if st.running {
                return Err(TrapKind::Value("generator already executing"));
            }
            if st.finished {
                drop(st);
                return match kind {
                    FrameKind::GenFor => Ok(false),
                    _ => Err(exc::raise("StopIteration", vec![])),
                };
            }
            if !st.started {
                if let Some(v) = &sent {
                    if !matches!(v, Value::None) {
                        return Err(TrapKind::Type(
                            "can't send non-None value to a just-started generator".into(),
                        ));
                    }
                }
            }
            st.running = true;
            let started = st.started;
            st.started = true;
            (std::mem::take(&mut st.saved), st.pc, started)
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
        self.push_frame(code, locals, kind, Some(g.clone()), pc)?;
        self.stack.extend(operands);
        if started {
            self.stack.push(sent.unwrap_or(Value::None));
        }
        Ok(true)
    }

    /// `YIELD_VALUE`: suspends the innermost (generator) frame, handing `v`
    /// to whoever resumed it.
    pub(crate) fn yield_value(&mut self, v: Value) -> Result<(), TrapKind> {
        let fr = self.frames.pop().expect("a frame is running");
        let saved = self.stack.split_off(fr.base as usize);
        self.exc_info.truncate(fr.exc_base as usize);
        let g = if fr.kind.is_gen() {
            self.gens.pop()
        } else {
            None
        };
        if let Some(Value::Obj(o)) = &g {
            if let Object::Generator(gen) = &**o {
                let mut st = gen.state.lock();
                st.saved = saved;
                st.pc = fr.pc;
                st.running = false;
            }
        }
        self.stack.push(v);
        Ok(())
    }

    /// Marks the generator of frame `fr` (just popped) finished.
    pub(crate) fn finish_gen(&mut self, fr: &Frame) {
        if !fr.kind.is_gen() {
            return;
        }
        if let Some(Value::Obj(o)) = self.gens.pop() {
            if let Object::Generator(gen) = &*o {
                let mut st = gen.state.lock();
                st.finished = true;
                st.running = false;
                st.saved = vec![];
            }
        }
    }
}
