//! One interpreter thread of the real engine on its own OS thread: it
//! runs slices of bytecode while it may (holding the GIL in gil mode), and
//! carries out its blocking requests with the GIL released.

use super::sync::Interrupted;
use super::Shared;
use crate::engine::report::ThreadRecord;
use crate::engine::world::Activity;
use crate::engine::{native, since};
use crate::gil::{Release, Tid};
use crate::metrics::ThreadEnd;
use crate::trace;
use crate::vm::{Interp, Outcome, Request, Trap, TrapKind, Value};
use std::sync::atomic::{Ordering::Relaxed, Ordering::SeqCst};
use std::sync::Arc;

/// One interpreter thread and its bookkeeping.
pub(super) struct Worker {
    shared: Arc<Shared>,
    // The interpreter (process) the thread belongs to, and its index.
    dom: Arc<super::Domain>,
    domain: usize,
    tid: Tid,
    interp: Interp,
    rec: ThreadRecord,
    // invariant: true exactly while this thread runs bytecode (holds the
    // GIL, in gil mode).
    holding: bool,
    held_since: u64,
}

impl Worker {
    /// Thread `tid`, about to run `interp`.
    pub fn new(
        shared: Arc<Shared>,
        tid: Tid,
        interp: Interp,
        rec: ThreadRecord,
        dom: Arc<super::Domain>,
        domain: usize,
    ) -> Worker {
        Worker {
            shared,
            dom,
            domain,
            tid,
            interp,
            rec,
            holding: false,
            held_since: 0,
        }
    }

    /// The thread's whole life: runs, then files its record.
    pub fn run(mut self) {
        let end = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.main_loop()))
        {
            Ok(end) => end,
            Err(_) => {
                self.shared.err.line(&format!(
                    "internal error: thread {} panicked; stopping the run",
                    self.tid
                ));
                self.shared
                    .errors
                    .lock()
                    .push(format!("thread {}: internal error", self.tid));
                self.shared.stop();
                ThreadEnd::Error
            }
        };
        if self.holding {
            self.release(Release::Exit);
        }
        self.rec.m.instructions = self.interp.instructions();
        self.rec.end = end;
        let rec = std::mem::replace(
            &mut self.rec,
            ThreadRecord::new(String::new(), false, false),
        );
        self.shared.ended(self.tid, rec);
    }

    /// Records a span from `start` to now.
    fn span(&mut self, what: trace::Activity, start: u64) {
        let now = self.shared.now();
        self.rec.span(what, start, now);
    }

    /// Starts running bytecode: takes the GIL in gil mode. False if the run
    /// is stopping.
    fn acquire(&mut self) -> bool {
        let sh = &self.shared;
        if let Some(gil) = &self.dom.gil {
            if !gil.take(self.tid, &mut self.rec.m.gil, &mut self.rec.events) {
                return false;
            }
        } else if sh.stop.load(Relaxed) {
            return false;
        }
        self.holding = true;
        self.held_since = sh.now();
        true
    }

    /// Stops running bytecode: drops the GIL in gil mode.
    fn release(&mut self, why: Release) {
        debug_assert!(self.holding);
        self.holding = false;
        self.span(trace::Activity::Running, self.held_since);
        if let Some(gil) = &self.dom.gil {
            gil.release(self.tid, why, self.held_since, &mut self.rec.m.gil);
        }
    }

    fn main_loop(&mut self) -> ThreadEnd {
        if !self.acquire() {
            return ThreadEnd::Stopped;
        }
        // Free mode pays its profile's overhead after each slice (see
        // `free`); `overhead` is 0 in every other mode.
        let overhead = self.shared.cfg.free_costs().overhead;
        // A runtime's own speed: bytecode in chunks, each paced (`pace`).
        let pace = self.shared.cfg.runtime_costs.instruction_ns;
        let policy_budget = self.dom.gil.as_ref().map_or(u64::MAX, |g| g.budget());
        let budget = match &self.dom.gil {
            Some(g) => g.budget(),
            None if overhead > 0.0 => super::free::SLICE_BUDGET,
            None => u64::MAX,
        };
        let budget = if pace.is_some() {
            budget.min(super::pace::CHUNK)
        } else {
            budget
        };
        // Instructions run since this thread last took the GIL: the
        // policy's budget counts them, whatever the chunks.
        let mut held_from = self.interp.instructions;
        loop {
            let sh = &self.shared;
            let now = sh.executing.fetch_add(1, SeqCst) + 1;
            sh.max_parallel.fetch_max(now, Relaxed);
            let start = (overhead > 0.0).then(super::free::cpu_now);
            let (chunk_t0, chunk_i0) = (std::time::Instant::now(), self.interp.instructions);
            let r = self.interp.run_slice(&self.dom.breaker, budget);
            if let Some(start) = start {
                super::free::pay(start, overhead);
            }
            if let Some(ns) = pace {
                let ran = self.interp.instructions - chunk_i0;
                super::pace::spin_until(chunk_t0, ran as f64 * ns);
            }
            sh.executing.fetch_sub(1, SeqCst);
            match r {
                Err(trap) => return self.report_error(trap),
                Ok(Outcome::Returned(v)) => {
                    self.rec.m.returned = Some(v.to_literal());
                    return ThreadEnd::Finished;
                }
                Ok(Outcome::Interrupted) => {
                    if self.shared.stop.load(Relaxed) {
                        return ThreadEnd::Stopped;
                    }
                    let Some(gil) = &self.dom.gil else {
                        continue;
                    };
                    let why = if gil.drop_requested() {
                        Release::Forced
                    } else if policy_budget != u64::MAX
                        && self.interp.instructions - held_from >= policy_budget
                    {
                        Release::Budget
                    } else {
                        continue; // a pacing chunk ended, or the request was withdrawn
                    };
                    self.release(why);
                    if !self.acquire() {
                        return ThreadEnd::Stopped;
                    }
                    held_from = self.interp.instructions;
                }
                Ok(Outcome::Request(req)) => {
                    if let Err(end) = self.request(req) {
                        return end;
                    }
                    // A new slice, as without chunks.
                    held_from = self.interp.instructions;
                }
            }
        }
    }

    /// Carries out a concurrency instruction's request.
    fn request(&mut self, req: Request) -> Result<(), ThreadEnd> {
        let sh = Arc::clone(&self.shared);
        match req {
            Request::StartThread {
                target: func,
                args,
                daemon,
            } => {
                let k = sh.started.fetch_add(1, Relaxed) + 1;
                let name = crate::engine::started_thread_name(k, &func);
                match sh.spawn(name, false, func, args, daemon, self.domain) {
                    Ok(id) => self.interp.push(Request::started(daemon, id)),
                    Err(kind) => self.fail(kind)?,
                }
            }
            Request::AcquireTimed { lock: l, timeout } => {
                let got = sh.world.with(|w| w.try_acquire(self.tid, l));
                let got = match timeout {
                    _ if got => true,
                    Some(0) => false,
                    _ => {
                        let mut got = false;
                        self.block(trace::Activity::BlockedOnLock, |sh, t| {
                            got = sh.world.acquire_for(t, l, timeout)?;
                            Ok(())
                        })?;
                        got
                    }
                };
                self.interp.push(Value::Bool(got));
            }
            Request::Join(j) => {
                // Like CPython's join(): check first, keeping the GIL.
                match sh.world.with(|w| w.joined(self.tid, j)) {
                    Err(kind) => self.fail(kind)?,
                    Ok(true) => {}
                    Ok(false) => {
                        self.block(trace::Activity::BlockedOnJoin, |sh, t| sh.world.join(t, j))?
                    }
                }
            }
            Request::ProcStart { blob, daemon } => {
                match sh.start_domain(blob, crate::vm::exit_hook::Boot::Process, daemon) {
                    Ok(pid) => self.interp.push(Value::Int(pid as i64)),
                    Err(kind) => self.fail(kind)?,
                }
            }
            Request::Interp(op) => self.interp_op(op)?,
            Request::ChanNew => self
                .interp
                .push(Value::Int(sh.world.with(|w| w.new_chan()) as i64)),
            Request::ChanLen(ch) => {
                match sh.world.with(|w| w.is_chan(ch).then(|| w.chan_len(ch))) {
                    Some(n) => self.interp.push(Value::Int(n as i64)),
                    None => self.fail(crate::engine::world::no_such_channel())?,
                }
            }
            Request::ChanSend { ch, blob } => {
                if !sh.world.with(|w| w.is_chan(ch)) {
                    self.fail(crate::engine::world::no_such_channel())?;
                } else {
                    sh.world.with(|w| w.send(ch, blob));
                }
            }
            Request::ChanRecv { ch, timeout } => {
                if !sh.world.with(|w| w.is_chan(ch)) {
                    self.fail(crate::engine::world::no_such_channel())?;
                    return Ok(());
                }
                let got = match sh.world.with(|w| w.try_recv(ch)) {
                    Some(m) => Some(m),
                    None if timeout == Some(0) => None,
                    None => {
                        let mut got = None;
                        self.block(trace::Activity::BlockedOnLock, |sh, t| {
                            got = sh.world.recv_for(t, ch, timeout)?;
                            Ok(())
                        })?;
                        got
                    }
                };
                let v = got.map_or(Value::None, |m| {
                    Value::obj(crate::vm::object::Object::Bytes(m))
                });
                self.interp.push(v);
            }
            Request::NewLock => self
                .interp
                .push(Value::Lock(sh.world.with(|w| w.new_lock()))),
            // Like CPython's lock.acquire(): try first, keeping the GIL;
            // release it only to wait.
            Request::Acquire(l) => {
                if !sh.world.with(|w| w.try_acquire(self.tid, l)) {
                    self.block(trace::Activity::BlockedOnLock, |sh, t| {
                        sh.world.acquire(t, l)
                    })?;
                }
            }
            Request::Release(l) => {
                if let Err(kind) = sh.world.with(|w| w.release(l)) {
                    self.fail(kind)?;
                }
            }
            Request::Io(ns) => {
                self.release(Release::Voluntary);
                let start = sh.now();
                let slept = sh
                    .world
                    .sleep(self.tid, ns)
                    .map_err(|_| ThreadEnd::Stopped)?;
                self.span(trace::Activity::Io, start);
                self.rec.m.io_ops += 1;
                self.rec.m.io_ns += slept;
                let back = sh.now();
                if !self.acquire() {
                    return Err(ThreadEnd::Stopped);
                }
                self.rec.m.io_reacquire.push(since(sh.t0) - back);
            }
            Request::Native { work, release_gil } => {
                let start = sh.now();
                if release_gil {
                    self.release(Release::Voluntary);
                    sh.world
                        .with(|w| w.set_activity(self.tid, Activity::Native));
                }
                let finished = native::work(work, &sh.stop);
                self.rec.m.native_ns += sh.now() - start;
                let what = if release_gil {
                    trace::Activity::NativeReleased
                } else {
                    trace::Activity::NativeHeld
                };
                self.span(what, start);
                if release_gil {
                    sh.world
                        .with(|w| w.set_activity(self.tid, Activity::Runnable));
                    if !finished || !self.acquire() {
                        return Err(ThreadEnd::Stopped);
                    }
                } else if !finished {
                    return Err(ThreadEnd::Stopped);
                }
            }
            Request::Yield => {
                self.release(Release::Voluntary);
                if !self.acquire() {
                    return Err(ThreadEnd::Stopped);
                }
            }
            Request::Clock(k) => self
                .interp
                .push(Value::Float(crate::engine::clock_secs(k, sh.now()))),
            Request::SetSwitchInterval(ns) => {
                if let Some(g) = &self.dom.gil {
                    g.set_switch_interval(ns);
                }
            }
            Request::Locked(l) => {
                let held = sh.world.with(|w| w.is_locked(l));
                self.interp.push(Value::Bool(held));
            }
        }
        Ok(())
    }

    /// Carries out an `_interp` op (`concurrent.interpreters`): the
    /// table answers, or a new interpreter or a call's thread starts.
    fn interp_op(&mut self, op: crate::vm::request::InterpOp) -> Result<(), ThreadEnd> {
        use crate::engine::interps::Todo;
        use crate::vm::request::InterpOp;
        let sh = Arc::clone(&self.shared);
        let todo = sh.subinterps.lock().answer(op, self.domain);
        match todo {
            Todo::Push(v) => self.interp.push(v),
            Todo::Create(blob) => {
                match sh.start_domain(blob, crate::vm::exit_hook::Boot::Interp, true) {
                    Ok(id) => self.interp.push(Value::Int(id as i64)),
                    Err(kind) => self.fail(kind)?,
                }
            }
            Todo::Call(id, blob) => {
                let started = sh.start_call(id, blob);
                if !matches!(started, Ok(true)) {
                    sh.subinterps.lock().answer(InterpOp::Done(id), self.domain);
                }
                match started {
                    Ok(true) => self.interp.push(Value::None),
                    Ok(false) => self.interp.push(Value::str("notready")),
                    Err(kind) => self.fail(kind)?,
                }
            }
        }
        Ok(())
    }

    /// Blocks in the world with the GIL released, then takes it again.
    fn block(
        &mut self,
        what: trace::Activity,
        wait: impl FnOnce(&Shared, Tid) -> Result<(), Interrupted>,
    ) -> Result<(), ThreadEnd> {
        let op = self.interp.blocking_op();
        self.release(Release::Voluntary);
        let start = self.shared.now();
        let r = wait(&self.shared, self.tid);
        self.span(what, start);
        let now = self.shared.now();
        self.rec.wait(op, start, now);
        match r {
            Ok(()) if self.acquire() => Ok(()),
            Ok(()) | Err(Interrupted::Stopped) => Err(ThreadEnd::Stopped),
            Err(Interrupted::Deadlock) => {
                self.shared.stop();
                Err(ThreadEnd::Stopped)
            }
        }
    }

    /// Fails the current instruction with `kind`, raised in the program:
    /// `Ok` if it caught it, else the thread ends with an error.
    fn fail(&mut self, kind: TrapKind) -> Result<(), ThreadEnd> {
        match self.interp.raise(kind) {
            None => Ok(()),
            Some(trap) => Err(self.report_error(trap)),
        }
    }

    /// Prints a dying thread's traceback, like Python's threading excepthook,
    /// and the locks it leaves held; a `SystemExit` just ends the thread
    /// (and, from a harness thread, sets the run's exit code).
    fn report_error(&self, trap: Trap) -> ThreadEnd {
        let sh = &self.shared;
        let (name, held) = sh
            .world
            .with(|w| (w.name(self.tid).to_string(), w.left_held(self.tid)));
        let death = crate::engine::report::report_death(
            &*sh.err,
            &mut sh.errors.lock(),
            &name,
            &trap,
            &held,
        );
        match death {
            crate::engine::report::Death::Exit(c) => {
                let mut code = sh.exit_code.lock();
                if self.rec.harness && code.is_none() {
                    *code = Some(c);
                }
                ThreadEnd::Finished
            }
            crate::engine::report::Death::Error => ThreadEnd::Error,
        }
    }
}
