//! New GIL domains in virtual time — multiprocessing children and
//! subinterpreters: each its own globals and GIL on the shared simulated
//! cores. Its first thread pays the start-up (`process_start_ns` or
//! `interp_start_ns`) on a core before it runs the module's code, then
//! its bootstrap. The `_interp` ops (`concurrent.interpreters`) are here
//! too: the table ([`crate::engine::interps`]) answers most of them; a
//! call is handed to a new thread of the target interpreter, woken after
//! `wakeup_ns` (CPython switches the calling OS thread into the
//! interpreter instead: gilsim's caller waits for the answer meanwhile).

use super::sim::{Kind, Next, Sim, Then};
use crate::engine::interps::Todo;
use crate::gil::Tid;
use crate::spec::Mode;
use crate::vm::exit_hook::{library_global, Boot};
use crate::vm::request::InterpOp;
use crate::vm::{Interp, TrapKind, Value};
use std::sync::Arc;

impl Sim {
    fn interp_of(&mut self, t: Tid) -> &mut Interp {
        self.threads[t as usize]
            .interp
            .as_mut()
            .expect("a running thread has its interpreter")
    }

    /// Starts a new GIL domain (a multiprocessing child, or a
    /// subinterpreter), whose first thread, after the start-up time,
    /// runs the module's code silently and then its bootstrap with
    /// `blob`. Pushes its id (pid) for thread `t`, which steps on.
    pub(super) fn start_domain(&mut self, t: Tid, blob: Vec<u8>, boot: Boot, daemon: bool) -> bool {
        let id = self.domains.len() as u32;
        let program = Arc::clone(&self.interps.program);
        let Some(module) = program.function_index(crate::py::MODULE) else {
            let what = match boot {
                Boot::Process => "multiprocessing",
                Boot::Interp => "concurrent.interpreters",
            };
            return self.fail(
                t,
                TrapKind::Runtime(format!("{what} needs a Python program")),
            );
        };
        let (globals, startup_ns, name) = match boot {
            Boot::Process => (
                crate::engine::child_globals(&program, &self.cfg, id),
                self.cost.process_start_ns,
                crate::engine::process_name(id),
            ),
            Boot::Interp => (
                crate::engine::interp_globals(&program, &self.cfg, id),
                self.cost.interp_start_ns,
                crate::engine::interp_name(id),
            ),
        };
        let policy = match self.cfg.mode {
            Mode::Free => None,
            _ => Some(self.cfg.policy.build(self.cfg.policy_config())),
        };
        self.domains
            .push(super::vgil::Domain::new(globals, policy, self.cfg.trace));
        let d = self.domains.len() - 1;
        if boot == Boot::Interp {
            self.subinterps.created(d);
        }
        let target = crate::vm::object::FuncObj::bare(&program, module);
        match self.spawn(name, false, target, vec![], d) {
            Ok(first) => {
                if daemon {
                    self.world.set_daemon(first);
                }
                self.interp_of(first).start_domain(blob, boot);
                let startup = self.latency(startup_ns);
                let now = self.clock.now;
                let th = &mut self.threads[first as usize];
                th.rec.m.startup_ns = startup;
                th.next = Next::Busy {
                    left: startup,
                    then: Then::Take,
                    what: None,
                    since: now,
                };
                let cost = self.latency(self.cost.thread_start_ns);
                let at = now.saturating_add(cost);
                self.schedule(at, first, Kind::Wake { timed_out: false });
                self.interp_of(t).push(Value::Int(id as i64));
                true
            }
            Err(k) => self.fail(t, k),
        }
    }

    /// Carries out an `_interp` op for thread `t`; it steps on at once
    /// unless the op failed and killed it.
    pub(super) fn interp_op(&mut self, t: Tid, op: InterpOp) -> bool {
        if self.cfg.mode == Mode::Async {
            // As the real engine's asyncio loop: one OS thread.
            return self.fail(
                t,
                TrapKind::Runtime(
                    "concurrent.interpreters does not run under --mode async (its tasks share one OS thread); use --mode gil, free or interp".into(),
                ),
            );
        }
        let current = self.threads[t as usize].domain;
        match self.subinterps.answer(op, current) {
            Todo::Push(v) => {
                self.interp_of(t).push(v);
                true
            }
            Todo::Create(blob) => self.start_domain(t, blob, Boot::Interp, true),
            Todo::Call(id, blob) => {
                let d = id as usize;
                let program = Arc::clone(&self.interps.program);
                let run = library_global(
                    &program,
                    &self.domains[d].globals,
                    "concurrent.interpreters",
                    "_run",
                );
                let Some(run) = run else {
                    self.subinterps.answer(InterpOp::Done(id), d);
                    self.interp_of(t).push(Value::str("notready"));
                    return true;
                };
                let blob = Value::obj(crate::vm::object::Object::Bytes(blob));
                let name = crate::engine::interp_call_name(id);
                match self.spawn(name, false, run, vec![blob], d) {
                    Ok(callee) => {
                        self.world.set_daemon(callee);
                        let at = self
                            .clock
                            .now
                            .saturating_add(self.latency(self.cost.wakeup_ns));
                        self.schedule(at, callee, Kind::Wake { timed_out: false });
                        self.interp_of(t).push(Value::None);
                        true
                    }
                    Err(k) => {
                        self.subinterps.answer(InterpOp::Done(id), d);
                        self.fail(t, k)
                    }
                }
            }
        }
    }
}
