//! The real asyncio engine: one OS thread runs every interpreter thread as
//! a cooperative task of an event loop, like Python's asyncio.
//!
//! The loop is a GIL under the [`Cooperative`] policy, driven through the
//! same [`Gil`] mechanism as every other engine: a task holds the loop
//! until it waits — `IO_WAIT` (`await asyncio.sleep`), `YIELD` (`await
//! asyncio.sleep(0)`), a lock held by another task, or a join of a task
//! still running — and is never preempted; the loop then runs the ready
//! tasks in the order they became ready. Sleeping tasks sit in a timer
//! heap; the loop sleeps until the earliest deadline when no task is ready.
//! Native work runs on the loop's thread (a blocking call inside a
//! coroutine). A task woken by a lock release retries the lock at once
//! (the loop has no wake-up latency), the world's one hand-off rule.
//!
//! For each IO wait, `io_reacquire_ns` records the delay from its deadline
//! to the task running again: the time the loop was busy with others — the
//! loop-blocking problem.

use super::report::{report_death, RawRun, ThreadRecord};
use super::world::{Activity, Wait, World};
use super::{harness_name, native, since, Interpreters};
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::cooperative::Cooperative;
use crate::gil::{Gil, Release, Taker, Tid};
use crate::metrics::ThreadEnd;
use crate::spec::RunConfig;
use crate::trace;
use crate::vm::{Globals, Interp, Outcome, Output, Request, Trap, TrapKind, Value};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Task {
    interp: Option<Interp>,
    rec: ThreadRecord,
    taker: Taker,
    // The lock it waits for, while blocked on one, and whether the task
    // waits for a result to push (`acquire(timeout=...)`) and with a
    // timeout (its wait cannot deadlock).
    lock: Option<u32>,
    push_result: bool,
    timed: bool,
    // The sequence number of the timer it waits for (an IO wait's end or
    // a lock wait's timeout); other timers of the task are stale.
    timer: Option<u64>,
    // When its IO wait ended (its deadline), until it runs again.
    io_done: Option<u64>,
    held_since: u64,
    blocked_since: u64,
}

struct Loop {
    interps: Interpreters,
    globals: Arc<Globals>,
    err: Arc<dyn Output>,
    tracing: bool,
    world: World,
    gil: Gil,
    tasks: Vec<Task>,
    // (deadline, sequence, task): the sequence keeps equal deadlines in order.
    timers: BinaryHeap<Reverse<(u64, u64, Tid)>>,
    seq: u64,
    errors: Vec<String>,
    exit_code: Option<i32>,
    started: u32,
    t0: Instant,
    breaker: Arc<AtomicBool>,
}

impl Loop {
    fn now(&self) -> u64 {
        since(self.t0)
    }

    fn spawn(
        &mut self,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
        daemon: bool,
    ) -> Result<Tid, TrapKind> {
        let mut interp = self.interps.start(&self.globals, func, args, harness)?;
        let id = self.world.register(|_| name.clone())?;
        interp.set_ident(id);
        if daemon {
            self.world.set_daemon(id);
        }
        self.tasks.push(Task {
            interp: Some(interp),
            rec: ThreadRecord::new(name, harness, self.tracing),
            taker: Taker::default(),
            lock: None,
            push_result: false,
            timed: false,
            timer: None,
            io_done: None,
            held_since: 0,
            blocked_since: 0,
        });
        self.arrive(id);
        Ok(id)
    }

    /// Task `t` is ready: it asks for the loop.
    fn arrive(&mut self, t: Tid) {
        let now = self.now();
        let task = &mut self.tasks[t as usize];
        if self
            .gil
            .arrive(
                t,
                now,
                &mut task.taker,
                &mut task.rec.m.gil,
                &mut task.rec.events,
            )
            .taken
        {
            task.held_since = now;
        }
    }

    /// The ready task `t` gets the loop (the last holder waited or ended).
    fn hand_over(&mut self, t: Tid) {
        let now = self.now();
        let task = &mut self.tasks[t as usize];
        let step = self.gil.after_wake(
            t,
            now,
            false,
            &mut task.taker,
            &mut task.rec.m.gil,
            &mut task.rec.events,
        );
        debug_assert!(step.taken, "the loop is free for the next ready task");
        task.held_since = now;
    }

    /// The running task `t` gives the loop up.
    fn release(&mut self, t: Tid, why: Release) {
        let now = self.now();
        let task = &mut self.tasks[t as usize];
        task.rec
            .span(trace::Activity::Running, task.held_since, now);
        self.gil
            .release(t, now, why, task.held_since, &mut task.rec.m.gil);
    }

    /// Task `t` waits (blocked in the world): it gives the loop up.
    fn block(&mut self, t: Tid) {
        self.tasks[t as usize].blocked_since = self.now();
        self.release(t, Release::Voluntary);
    }

    /// Wakes the tasks the world's last steps made runnable.
    fn deliver(&mut self) {
        for w in self.world.take_woken() {
            let now = self.now();
            let task = &mut self.tasks[w as usize];
            let what = match task.lock.take() {
                Some(l) => {
                    let step = if task.timed {
                        self.world.retry_timed(w, l)
                    } else {
                        self.world.retry(w, l)
                    };
                    if step != Wait::Ready {
                        task.lock = Some(l);
                        continue;
                    }
                    task.timer = None;
                    if std::mem::take(&mut task.push_result) {
                        task.interp
                            .as_mut()
                            .expect("a waiting task has its interpreter")
                            .push(Value::Bool(true));
                    }
                    trace::Activity::BlockedOnLock
                }
                None => trace::Activity::BlockedOnJoin,
            };
            task.rec.span(what, task.blocked_since, now);
            self.arrive(w);
        }
    }

    fn finish(&mut self, t: Tid, end: ThreadEnd) {
        self.release(t, Release::Exit);
        let task = &mut self.tasks[t as usize];
        task.rec.end = end;
        if let Some(i) = task.interp.take() {
            task.rec.m.instructions = i.instructions();
        }
        self.world.finish(t);
        self.deliver();
    }

    /// Raises `kind` in task `t`: true if the program caught it.
    fn fail(&mut self, t: Tid, kind: TrapKind) -> bool {
        match self.interp(t).raise(kind) {
            None => true,
            Some(trap) => {
                self.died(t, &trap);
                false
            }
        }
    }

    /// Reports a task's runtime error, and the locks it leaves held.
    fn died(&mut self, t: Tid, trap: &Trap) {
        let held = self.world.left_held(t);
        let name = self.world.name(t).to_string();
        match report_death(&*self.err, &mut self.errors, &name, trap, &held) {
            super::report::Death::Exit(c) => {
                if self.tasks[t as usize].rec.harness && self.exit_code.is_none() {
                    self.exit_code = Some(c);
                }
                self.finish(t, ThreadEnd::Finished);
            }
            super::report::Death::Error => self.finish(t, ThreadEnd::Error),
        }
    }

    fn interp(&mut self, t: Tid) -> &mut Interp {
        self.tasks[t as usize]
            .interp
            .as_mut()
            .expect("a running task has its interpreter")
    }

    /// Runs the loop's holder until it waits or ends.
    fn run_task(&mut self, t: Tid) {
        let now = self.now();
        let task = &mut self.tasks[t as usize];
        if let Some(done) = task.io_done.take() {
            task.rec.m.io_reacquire.push(now.saturating_sub(done));
        }
        loop {
            let breaker = Arc::clone(&self.breaker);
            match self.interp(t).run_slice(&breaker, u64::MAX) {
                Ok(Outcome::Returned(v)) => {
                    self.tasks[t as usize].rec.m.returned = Some(v.to_literal());
                    return self.finish(t, ThreadEnd::Finished);
                }
                // Only the timeout sets the breaker.
                Ok(Outcome::Interrupted) => return,
                Ok(Outcome::Request(req)) => {
                    if !self.request(t, req) {
                        return;
                    }
                }
                Err(trap) => return self.died(t, &trap),
            }
        }
    }

    /// Carries out a task's request; returns whether the task runs on.
    fn request(&mut self, t: Tid, req: Request) -> bool {
        match req {
            Request::StartThread {
                target: func,
                args,
                daemon,
            } => {
                self.started += 1;
                let name = super::started_thread_name(self.started, &func);
                match self.spawn(name, false, func, args, daemon) {
                    Ok(id) => self.interp(t).push(Request::started(daemon, id)),
                    Err(k) => return self.fail(t, k),
                }
                true
            }
            Request::AcquireTimed { lock: l, timeout } => {
                if self.world.try_acquire(t, l) {
                    self.interp(t).push(Value::Bool(true));
                    return true;
                }
                if timeout == Some(0) {
                    self.interp(t).push(Value::Bool(false));
                    return true;
                }
                let task = &mut self.tasks[t as usize];
                task.lock = Some(l);
                task.push_result = true;
                task.timed = timeout.is_some();
                match timeout {
                    Some(ns) => {
                        self.world.acquire_timed(t, l);
                        self.seq += 1;
                        let at = self.now().saturating_add(ns);
                        self.timers.push(Reverse((at, self.seq, t)));
                        self.tasks[t as usize].timer = Some(self.seq);
                    }
                    None => {
                        self.world.acquire(t, l);
                    }
                }
                self.block(t);
                false
            }
            Request::ProcStart { .. }
            | Request::ChanNew
            | Request::ChanSend { .. }
            | Request::ChanRecv { .. }
            | Request::ChanLen(_) => self.fail(
                t,
                TrapKind::Runtime(
                    "multiprocessing does not run under --mode async (its tasks share one OS thread); use --mode gil or free".into(),
                ),
            ),
            Request::Interp(_) => self.fail(
                t,
                TrapKind::Runtime(
                    "concurrent.interpreters does not run under --mode async (its tasks share one OS thread); use --mode gil, free or interp".into(),
                ),
            ),
            Request::NewLock => {
                let l = self.world.new_lock();
                self.interp(t).push(Value::Lock(l));
                true
            }
            Request::Join(j) => match self.world.join(t, j) {
                Err(k) => self.fail(t, k),
                Ok(Wait::Ready) => true,
                Ok(_) => {
                    self.block(t);
                    false
                }
            },
            Request::Acquire(l) => {
                if self.world.acquire(t, l) == Wait::Ready {
                    return true;
                }
                let task = &mut self.tasks[t as usize];
                task.lock = Some(l);
                task.timed = false;
                task.push_result = false;
                self.block(t);
                false
            }
            Request::Release(l) => {
                if let Err(k) = self.world.release(l) {
                    return self.fail(t, k);
                }
                self.deliver();
                true
            }
            Request::Io(ns) => {
                let now = self.now();
                let m = &mut self.tasks[t as usize].rec.m;
                m.io_ops += 1;
                m.io_ns += ns;
                self.seq += 1;
                self.timers.push(Reverse((now + ns, self.seq, t)));
                self.tasks[t as usize].timer = Some(self.seq);
                self.world.set_activity(t, Activity::Io);
                self.block(t);
                false
            }
            Request::Native { work, .. } => {
                let start = self.now();
                native::work(work, &self.breaker);
                let now = self.now();
                let task = &mut self.tasks[t as usize];
                task.rec.m.native_ns += now - start;
                task.rec.span(trace::Activity::NativeHeld, start, now);
                true
            }
            Request::Yield => {
                self.release(t, Release::Voluntary);
                self.arrive(t);
                false
            }
            Request::Clock(k) => {
                let now = self.now();
                self.interp(t).push(Value::Float(super::clock_secs(k, now)));
                true
            }
            Request::SetSwitchInterval(_) => true,
            Request::Locked(l) => {
                let held = self.world.is_locked(l);
                self.interp(t).push(Value::Bool(held));
                true
            }
        }
    }

    /// Ends the IO waits that are due; false if none is pending.
    fn fire_timers(&mut self, deadline: Option<u64>) -> bool {
        let Some(Reverse((when, _, _))) = self.timers.peek().copied() else {
            return false;
        };
        let now = self.now();
        if when > now {
            let until = deadline.map_or(when, |d| when.min(d));
            std::thread::sleep(Duration::from_nanos(until.saturating_sub(now)));
            return true;
        }
        while let Some(Reverse((when, seq, t))) = self.timers.peek().copied() {
            if when > self.now() {
                break;
            }
            self.timers.pop();
            if self.tasks[t as usize].timer != Some(seq) {
                continue; // stale: the wait ended otherwise
            }
            self.tasks[t as usize].timer = None;
            if let Some(l) = self.tasks[t as usize].lock.take() {
                // A lock wait timed out.
                let got = self.world.give_up(t, l);
                let task = &mut self.tasks[t as usize];
                task.push_result = false;
                task.rec
                    .span(trace::Activity::BlockedOnLock, task.blocked_since, when);
                self.interp(t).push(Value::Bool(got));
                self.arrive(t);
                continue;
            }
            self.world.set_activity(t, Activity::Runnable);
            let task = &mut self.tasks[t as usize];
            task.io_done = Some(when);
            task.rec.span(trace::Activity::Io, task.blocked_since, when);
            self.arrive(t);
        }
        true
    }
}

/// Runs a program on the event loop. `entry` was checked by the caller.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    entry: u32,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RawRun, Error> {
    let t0 = Instant::now();
    let init = super::module_init(&program, cfg, &out)?;
    let mut lp = Loop {
        globals: super::new_globals(&program, cfg, &init),
        interps: Interpreters::new(program, out, cfg),
        err,
        tracing: cfg.trace,
        world: World::new(cfg.max_threads),
        gil: Gil::new(Box::new(Cooperative::default()), cfg.trace),
        tasks: vec![],
        timers: BinaryHeap::new(),
        seq: 0,
        errors: vec![],
        exit_code: None,
        started: 0,
        t0,
        breaker: Arc::new(AtomicBool::new(false)),
    };
    super::ModuleState::make_locks(&lp.interps.program, &init, &mut lp.world);
    for i in 0..cfg.threads {
        lp.spawn(
            harness_name(i),
            true,
            lp.interps.entry(entry),
            cfg.args.clone(),
            false,
        )
        .map_err(|k| Error::Usage(k.to_string()))?;
    }
    let deadline = cfg.timeout_ns;
    // A CPU-bound task never returns to the loop, so a watchdog thread sets
    // the eval breaker when the timeout expires.
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = deadline.map(|ns| {
        let (b, done) = (Arc::clone(&lp.breaker), Arc::clone(&done));
        let d = t0 + Duration::from_nanos(ns);
        std::thread::spawn(move || {
            while !done.load(Relaxed) {
                let now = Instant::now();
                if now >= d {
                    b.store(true, Relaxed);
                    return;
                }
                std::thread::park_timeout((d - now).min(Duration::from_millis(50)));
            }
        })
    });
    let mut timed_out = false;
    loop {
        if lp.breaker.load(Relaxed) || deadline.is_some_and(|d| lp.now() >= d) {
            timed_out = true;
            break;
        }
        if lp.world.stopped() {
            break; // a deadlock
        }
        if lp.world.all_done() {
            break; // only daemon tasks are left, if any
        }
        let core = lp.gil.core();
        if let Some(t) = core.holder {
            lp.run_task(t);
            continue;
        }
        if let Some(t) = core.handoff.or_else(|| core.waiters.first().copied()) {
            lp.hand_over(t);
            continue;
        }
        if lp.fire_timers(deadline) {
            continue;
        }
        if !lp.world.all_done() {
            lp.world.declare_deadlock();
        }
        break;
    }
    done.store(true, Relaxed);
    if let Some(w) = watchdog {
        w.thread().unpark();
        let _ = w.join();
    }
    if let Some(t) = lp.gil.core().holder {
        // Stopped by the timeout: the running task's last stretch counts.
        lp.release(t, Release::Exit);
    }
    let wall_ns = lp.now();
    let mut raw = RawRun {
        wall_ns,
        timed_out,
        deadlock: lp.world.deadlock().map(str::to_string),
        max_parallel: 1,
        errors: std::mem::take(&mut lp.errors),
        exit_code: lp.exit_code,
        ..RawRun::default()
    };
    raw.add_gil(1, &mut lp.gil);
    raw.threads = lp
        .tasks
        .into_iter()
        .map(|mut t| {
            if let Some(i) = &t.interp {
                t.rec.m.instructions = i.instructions();
            }
            t.rec
        })
        .collect();
    Ok(raw)
}
