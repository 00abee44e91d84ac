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
    /// A new interpreter's first thread (a multiprocessing child, or a
    /// subinterpreter) re-running the module's code; then it calls its
    /// bootstrap (`boot`) with `blob` (and, for a subinterpreter, the
    /// module code's failure, if it failed).
    Child {
        /// The bootstrap's data.
        blob: Vec<u8>,
        /// Which bootstrap.
        boot: Boot,
        /// The module code's traceback, if it failed (subinterpreters).
        failure: Option<String>,
    },
}

/// What a new interpreter's first thread calls once the module's code has
/// run: where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boot {
    /// A multiprocessing child: `multiprocessing._child_main(blob)`; the
    /// module's code runs muted (as a fork would not run it at all), and
    /// a failure there kills the child.
    Process,
    /// A subinterpreter (`concurrent.interpreters.create()`):
    /// `concurrent.interpreters._boot(blob, failure)`, where `failure` is
    /// the traceback text of the module's code if it failed (`None` if
    /// not), kept for the interpreter's calls to report, as CPython
    /// reports a failed `__main__` reload when a call unpickles.
    Interp,
}

impl Boot {
    /// The library module and function of the bootstrap.
    fn target(self) -> (&'static str, &'static str) {
        match self {
            Boot::Process => ("multiprocessing", "_child_main"),
            Boot::Interp => ("concurrent.interpreters", "_boot"),
        }
    }
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
        self.start_domain(blob, Boot::Process);
    }

    /// Makes this thread the first of a new interpreter: its entry (the
    /// module's code) runs muted, then `boot`'s bootstrap runs with `blob`.
    pub fn start_domain(&mut self, blob: Vec<u8>, boot: Boot) {
        self.muted = true;
        self.at_exit = AtExit::Child {
            blob,
            boot,
            failure: None,
        };
    }

    /// `threading._shutdown`, if the program imported `threading`.
    fn shutdown_hook(&self) -> Option<Value> {
        self.library_function("threading", "_shutdown")
    }

    /// Function `name` of library module `module`, if it was imported.
    fn library_function(&self, module: &str, name: &str) -> Option<Value> {
        library_global(&self.program, &self.globals, module, name)
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
            AtExit::Child {
                blob,
                boot,
                failure,
            } => {
                let failure = match ended {
                    Ok(_) => failure,
                    Err(t) if boot == Boot::Interp => Some(t.to_string()),
                    Err(t) => {
                        self.muted = false;
                        return Err(t);
                    }
                };
                let (module, function) = boot.target();
                let Some(main) = self.library_function(module, function) else {
                    // The module imports it later (under its main guard,
                    // or in a library module): import it now, silently.
                    let Some(i) = self.program.module_index(module) else {
                        self.muted = false;
                        return Err(self.trap(crate::vm::TrapKind::Runtime(format!(
                            "gilsim: a new interpreter without {module}"
                        ))));
                    };
                    if !matches!(
                        self.globals.load(self.program.modules()[i].slot),
                        Value::Unbound
                    ) {
                        self.muted = false;
                        return Err(self.trap(crate::vm::TrapKind::Runtime(format!(
                            "gilsim: {module} has no {function}"
                        ))));
                    }
                    self.at_exit = AtExit::Child {
                        blob,
                        boot,
                        failure,
                    };
                    if let Err(k) = self.import_library(i) {
                        self.muted = false;
                        return Err(self.trap(k));
                    }
                    return self.run_slice(breaker, budget);
                };
                self.muted = false;
                let blob = Value::obj(crate::vm::object::Object::Bytes(blob));
                let mut args = vec![blob];
                if boot == Boot::Interp {
                    args.push(failure.map_or(Value::None, Value::str));
                }
                self.start = Some((main, Args::new(args)));
                self.arm_exit_hook();
                self.run_slice(breaker, budget)
            }
            AtExit::Off => ended.map(Outcome::Returned),
        }
    }
}

/// Global `name` of library module `module` in `globals`, if the module
/// was imported there.
pub fn library_global(
    program: &crate::bytecode::Program,
    globals: &crate::vm::Globals,
    module: &str,
    name: &str,
) -> Option<Value> {
    let i = program.module_index(module)?;
    let m = &program.modules()[i];
    if matches!(globals.load(m.slot), Value::Unbound) {
        return None;
    }
    let (_, g) = m.names.iter().find(|(n, _)| n == name)?;
    match globals.load(*g) {
        Value::Unbound => None,
        v => Some(v),
    }
}
