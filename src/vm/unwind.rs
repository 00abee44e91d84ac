//! Exceptions in flight: finding the handler of a raised exception in the
//! exception tables of the frames it passes, recording its traceback as
//! it goes, and the uncaught exception's traceback (with its chain of
//! causes and contexts) when none is found.

use super::generator::GenExit;
use super::interp::{FrameKind, Interp};
use super::object::{exc, ExcState};
use super::trap::{Chained, PyExc, TraceEntry, Trap, TrapKind};
use super::value::Value;
use crate::bytecode::disasm;
use std::sync::Arc;

impl Interp {
    /// The traceback entry of frame `i` where it is now.
    fn entry_of(&self, i: usize) -> TraceEntry {
        let p = &self.program;
        let fr = &self.frames[i];
        let f = &p.functions()[fr.func as usize];
        let index = fr.pc.saturating_sub(1);
        let line = f.spans.get(index as usize).map_or(0, |s| s.line);
        TraceEntry {
            // CPython's tracebacks name the code (`__init__`), not the
            // qualified name the function table keeps.
            func: f.name.rsplit('.').next().unwrap_or(&f.name).to_string(),
            index,
            instruction: f
                .code
                .get(index as usize)
                .map_or_else(String::new, |op| disasm::instruction(p, f, op)),
            line,
            text: p.line_of(f, line).to_string(),
            file: (f.source != 0).then(|| p.file_of(f).to_string()),
        }
    }

    /// Unwinds `kind` to the innermost handler above frame `floor`: the
    /// handler's frame continues at its target with the exception pushed.
    /// `Err` gives the exception back when no handler above `floor` takes it
    /// (the frames above `floor` are gone then).
    pub(crate) fn unwind(&mut self, kind: TrapKind, floor: usize) -> Result<(), TrapKind> {
        // Make the exception an object once, so its traceback accumulates.
        let mut v = exc::to_value(&kind);
        // A trap made in Rust keeps its own message (it may say more than
        // the exception's str, like the recursion limit).
        let mut native_text = native_text_of(&kind);
        self.set_context(&v);
        while self.frames.len() > floor {
            let i = self.frames.len() - 1;
            if self.frames[i].kind == FrameKind::Yielded {
                // A frame that just yielded: the exception is its driver's.
                self.frames.pop();
                continue;
            }
            let entry = self.entry_of(i);
            if let Value::Instance(inst) = &v {
                if let Some(st) = inst.exc.lock().as_mut() {
                    st.traceback.insert(0, entry);
                }
            }
            let fr = &self.frames[i];
            let f = &self.program.functions()[fr.func as usize];
            let at = fr.pc.saturating_sub(1);
            if let Some(h) = f.handlers.iter().find(|h| h.start <= at && at < h.end) {
                let (target, depth, level) = (h.target, h.depth, h.level);
                let base = fr.base as usize + f.local_names.len();
                let exc_base = fr.exc_base as usize;
                self.stack.truncate(base + depth as usize);
                self.exc_info.truncate(exc_base + level as usize);
                self.stack.push(v);
                self.frames[i].pc = target;
                return Ok(());
            }
            let fr = self.frames.pop().expect("checked non-empty");
            let gen = self.finish_gen(&fr);
            self.stack.truncate(fr.base as usize - fr.below as usize);
            self.exc_info.truncate(fr.exc_base as usize);
            if fr.kind == FrameKind::Init {
                // The half-made instance under the frame goes too.
                self.stack.pop();
            }
            if fr.kind == FrameKind::ForNext && is_stop_iteration(&v) {
                // `__next__` said the loop is over: drop the iterator and
                // leave the loop, as `FOR_ITER` does.
                self.stack.pop();
                self.jump_caller_to_target();
                return Ok(());
            }
            if let Some(g) = gen {
                match self.gen_exit(&g, fr.kind, &v) {
                    GenExit::Same => {}
                    GenExit::Replace(k) => {
                        v = exc::to_value(&k);
                        native_text = native_text_of(&k);
                        self.set_context(&v);
                    }
                    GenExit::Resume => return Ok(()),
                }
            }
        }
        let text = match native_text {
            Some(t) => t,
            None => self.exc_text(&v),
        };
        Err(TrapKind::Raised {
            text,
            exc: PyExc(v),
        })
    }

    /// Records the exception being handled as `v`'s `__context__`, unless
    /// it has one.
    fn set_context(&self, v: &Value) {
        let context = self.exc_info.last().cloned();
        if let Value::Instance(inst) = v {
            let mut st = inst.exc.lock();
            let st = st.get_or_insert_with(|| Box::new(ExcState::default()));
            if st.context.is_none() {
                if let Some(c) = context {
                    if !c.is(v) {
                        st.context = Some(c);
                    }
                }
            }
        }
    }

    /// `ClassName: str(exc)`, running a user `__str__` if there is one.
    pub(crate) fn exc_text(&mut self, v: &Value) -> String {
        let name = match v {
            Value::Instance(i) => i.class.display_name(),
            other => other.class_name(),
        };
        let msg = match self.str(v) {
            Ok(s) => s,
            Err(_) => "<exception str() failed>".into(),
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// Builds the traceback for a trap and ends the thread.
    #[cold]
    pub(crate) fn trap(&mut self, kind: TrapKind) -> Trap {
        let (traceback, chain) = match &kind {
            TrapKind::Raised { exc, .. } => {
                let (tb, chain) = self.chain_of(&exc.0);
                (tb, chain)
            }
            _ => {
                let tb = (0..self.frames.len()).map(|i| self.entry_of(i)).collect();
                (tb, vec![])
            }
        };
        self.frames.clear();
        self.stack.clear();
        self.exc_info.clear();
        self.gens.clear();
        Trap {
            kind,
            traceback,
            file: self.program.file().to_string(),
            chain,
        }
    }

    /// An exception's traceback and the chain of exceptions before it.
    fn chain_of(&mut self, v: &Value) -> (Vec<TraceEntry>, Vec<Chained>) {
        let state = |v: &Value| -> ExcState {
            match v {
                Value::Instance(i) => i.exc.lock().as_deref().cloned().unwrap_or_default(),
                _ => ExcState::default(),
            }
        };
        let st = state(v);
        let mut chain = Vec::new();
        let mut seen: Vec<u64> = vec![v.identity()];
        let mut cur = st.clone();
        while chain.len() < 16 {
            let (next, cause) = match (&cur.cause, &cur.context, cur.suppress_context) {
                (Some(c), _, _) => (c.clone(), true),
                (None, Some(c), false) => (c.clone(), false),
                _ => break,
            };
            if seen.contains(&next.identity()) {
                break;
            }
            seen.push(next.identity());
            let s = state(&next);
            chain.push(Chained {
                traceback: s.traceback.clone(),
                text: self.exc_text(&next),
                cause,
            });
            cur = s;
        }
        (st.traceback, chain)
    }
}

/// The message a trap made in Rust keeps (`None` for a raised object).
fn native_text_of(kind: &TrapKind) -> Option<String> {
    match kind {
        TrapKind::Raised { .. } => None,
        other => Some(other.to_string()),
    }
}

/// `raise e from c`: records the cause on the exception.
pub(crate) fn set_cause(e: &Value, cause: Option<Value>) {
    if let Value::Instance(i) = e {
        let mut st = i.exc.lock();
        let st = st.get_or_insert_with(|| Box::new(ExcState::default()));
        st.cause = cause;
        st.suppress_context = true;
    }
}

/// The exception instance `raise X` means: an instance as is, a class
/// called with no arguments.
pub(crate) fn exception_from(v: Value) -> Result<Value, TrapKind> {
    match &v {
        Value::Instance(i) if i.class.is_exception => Ok(v),
        Value::Class(c) if c.is_exception => Ok(exc::instance(Arc::clone(c), vec![])),
        _ => Err(TrapKind::Type(
            "exceptions must derive from BaseException".into(),
        )),
    }
}

impl Interp {
    /// The traceback text of a caught exception, as CPython's
    /// `traceback.print_exception` writes it (chained exceptions first).
    pub fn format_exception(&mut self, exc: &Value) -> String {
        let (traceback, chain) = self.chain_of(exc);
        let text = self.exc_text(exc);
        let trap = Trap {
            kind: TrapKind::Raised {
                exc: super::trap::PyExc(exc.clone()),
                text,
            },
            traceback,
            file: self.program.file().to_string(),
            chain,
        };
        format!("{trap}")
    }
}

/// Whether `v` is a `StopIteration` (or a subclass's instance).
fn is_stop_iteration(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.class.is_subclass(&exc::class("StopIteration")),
        _ => false,
    }
}
