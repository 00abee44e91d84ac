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

    /// `threading._shutdown`, if the program imported `threading`.
    fn shutdown_hook(&self) -> Option<Value> {
        let i = self.program.module_index("threading")?;
        let m = &self.program.modules()[i];
        if matches!(self.globals.load(m.slot), Value::Unbound) {
            return None;
        }
        let (_, g) = m.names.iter().find(|(n, _)| n == "_shutdown")?;
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
            AtExit::Off => ended.map(Outcome::Returned),
        }
    }
}
