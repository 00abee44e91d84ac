//! A main thread's exit step. When CPython's main thread finishes (its
//! code returned or raised), the interpreter calls `threading._shutdown()`,
//! which waits for every non-daemon thread; only then does the process
//! exit. gilsim's `threading` (Python, `crate::stdlib`) defines
//! `_shutdown`; a harness thread, once its entry returned or failed,
//! calls it when the program imported `threading`, and ends with the
//! entry's own result afterwards.

use super::native::Args;
use super::{Interp, Outcome, Trap, Value};
use std::sync::atomic::AtomicBool;

/// Where a thread is in its exit step.
#[derive(Debug, Default)]
pub(crate) enum AtExit {
    /// Not a main thread, or its exit step is over.
    #[default]
    Off,
    /// A main thread still running its entry.
    Armed,
    /// Running `threading._shutdown()`; the entry's result waits here.
    Running(Result<Value, Trap>),
    /// A multiprocessing child re-running the module's code silently;
    /// then it calls `multiprocessing._child_main(blob)`.
    Child(Vec<u8>),
}

impl AtExit {
    pub(crate) fn is_off(&self) -> bool {
        matches!(self, AtExit::Off)
    }
}

impl Interp {
    /// Makes this thread a main thread: it runs `threading`'s exit step.
    pub fn arm_exit_hook(&mut self) {
        self.at_exit = AtExit::Armed;
    }

    /// Makes this thread a multiprocessing child's main thread: its
    /// entry (the module's code) runs muted, then
    /// `multiprocessing._child_main(blob)` runs.
    pub fn start_child(&mut self, blob: Vec<u8>) {
        self.muted = true;
        self.at_exit = AtExit::Child(blob);
    }

    /// `threading._shutdown`, if the program imported `threading`.
    fn shutdown_hook(&self) -> Option<Value> {
        self.library_function("threading", "_shutdown")
    }

    /// Function `name` of library module `module`, if it was imported.
    fn library_function(&self, module: &str, name: &str) -> Option<Value> {
        let i = self.program.module_index(module)?;
        let m = &self.program.modules()[i];
        if matches!(self.globals.load(m.slot), Value::Unbound) {
            return None;
        }
        let (_, g) = m.names.iter().find(|(n, _)| n == name)?;
        match self.globals.load(*g) {
            Value::Unbound => None,
            v => Some(v),
        }
    }

    /// Handles a slice's result while the exit step may be due.
    #[cold]
    pub(super) fn exit_step(
        &mut self,
        r: Result<Outcome, Trap>,
        breaker: &AtomicBool,
        budget: u64,
    ) -> Result<Outcome, Trap> {
        let ended = match r {
            Ok(Outcome::Returned(v)) => Ok(v),
            Err(t) => Err(t),
            other => return other,
        };
        match std::mem::take(&mut self.at_exit) {
            AtExit::Armed => match self.shutdown_hook() {
                Some(hook) => {
                    // (CPython prints a failed main thread's traceback
                    // before waiting; gilsim prints it after.)
                    self.at_exit = AtExit::Running(ended);
                    self.start = Some((hook, Args::new(vec![])));
                    self.run_slice(breaker, budget)
                }
                None => ended.map(Outcome::Returned),
            },
            AtExit::Running(first) => match (first, ended) {
                (Ok(v), Ok(_)) => Ok(Outcome::Returned(v)),
                (Ok(_), Err(t)) => Err(t),
                (Err(t), _) => Err(t),
            },
            AtExit::Child(blob) => {
                if let Err(t) = ended {
                    self.muted = false;
                    return Err(t);
                }
                let Some(main) = self.library_function("multiprocessing", "_child_main") else {
                    // The module imports it later (under its main guard,
                    // or in a library module): import it now, silently.
                    let Some(i) = self.program.module_index("multiprocessing") else {
                        self.muted = false;
                        return Err(self.trap(crate::vm::TrapKind::Runtime(
                            "gilsim: a child process without multiprocessing".into(),
                        )));
                    };
                    if !matches!(
                        self.globals.load(self.program.modules()[i].slot),
                        Value::Unbound
                    ) {
                        self.muted = false;
                        return Err(self.trap(crate::vm::TrapKind::Runtime(
                            "gilsim: multiprocessing has no _child_main".into(),
                        )));
                    }
                    self.at_exit = AtExit::Child(blob);
                    if let Err(k) = self.import_library(i) {
                        self.muted = false;
                        return Err(self.trap(k));
                    }
                    return self.run_slice(breaker, budget);
                };
                self.muted = false;
                let blob = Value::obj(crate::vm::object::Object::Bytes(blob));
                self.start = Some((main, Args::new(vec![blob])));
                self.arm_exit_hook();
                self.run_slice(breaker, budget)
            }
            AtExit::Off => ended.map(Outcome::Returned),
        }
    }
}
