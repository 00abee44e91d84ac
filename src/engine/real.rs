//! The real-thread engine: each interpreter thread runs on its own OS
//! thread. In gil mode it must hold the [`RealGil`] to run a slice of
//! bytecode; in free mode nothing stops threads running in parallel.
//! Blocking requests (IO, locks, joins, releasing native work, yield) drop
//! the GIL first and take it again afterwards through the same `take` path
//! as everyone else — nothing here special-cases a thread back from IO.

use super::gil::RealGil;
use super::world::{Activity, Interrupted, World};
use super::{native, Mode, RunConfig};
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::{self, PolicyConfig, Release, Tid};
use crate::metrics::{RunEnd, RunReport, ThreadEnd, ThreadMetrics, ThreadReport};
use crate::trace::{self, Event, ThreadTrace, Trace};
use crate::vm::{Globals, Interp, Outcome, Output, Request, Trap, TrapKind, Value};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed, Ordering::SeqCst};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// State shared by all threads of a run.
struct Shared {
    program: Arc<Program>,
    globals: Arc<Globals>,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
    gil: Option<RealGil>,
    world: World,
    // The eval breaker: checked (one relaxed load) at every eval-breaker
    // point. Set on a drop request or when the run stops.
    breaker: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    // Threads inside `run_slice` right now, and the most ever seen at once.
    executing: AtomicU32,
    max_parallel: AtomicU32,
    started: AtomicU32,
    handles: Mutex<Vec<JoinHandle<()>>>,
    errors: Mutex<Vec<String>>,
    recursion_limit: u32,
    // Tracing: on or off, and each finished thread's events.
    tracing: bool,
    traces: Mutex<Vec<ThreadTrace>>,
    // Time zero of the run: trace times are nanoseconds since then.
    t0: Instant,
}

impl Shared {
    /// `at` as nanoseconds since the run started.
    fn since_start(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.t0).as_nanos() as u64
    }
}

impl Shared {
    /// Stops the run: blocked threads wake and give up, running ones stop
    /// at their next eval-breaker point.
    fn stop(&self) {
        self.stop.store(true, Relaxed);
        self.breaker.store(true, Relaxed);
        self.world.stop();
        if let Some(g) = &self.gil {
            g.wake_all();
        }
    }

    /// Starts an interpreter thread calling `func(args)`.
    fn spawn(
        self: &Arc<Self>,
        name: impl FnOnce(Tid) -> String,
        func: u32,
        args: Vec<Value>,
    ) -> Result<Tid, TrapKind> {
        let tid = self.world.register(name)?;
        let interp = Interp::new(
            Arc::clone(&self.program),
            Arc::clone(&self.globals),
            Arc::clone(&self.out),
            func,
            args,
            self.recursion_limit,
        );
        let interp = match interp {
            Ok(i) => i,
            Err(k) => {
                self.world
                    .finish(tid, ThreadEnd::Error, ThreadMetrics::default());
                return Err(k);
            }
        };
        let worker = Worker {
            shared: Arc::clone(self),
            tid,
            interp,
            m: ThreadMetrics::default(),
            holding: false,
            held_since: Instant::now(),
            trace: self.tracing.then(Vec::new),
        };
        match std::thread::Builder::new()
            .name(format!("gilsim-{tid}"))
            .spawn(move || worker.run())
        {
            Ok(h) => {
                self.handles.lock().push(h);
                Ok(tid)
            }
            Err(e) => {
                self.world
                    .finish(tid, ThreadEnd::Error, ThreadMetrics::default());
                Err(TrapKind::Runtime(format!("can't start new thread: {e}")))
            }
        }
    }
}

/// One interpreter thread and its bookkeeping.
struct Worker {
    shared: Arc<Shared>,
    tid: Tid,
    interp: Interp,
    m: ThreadMetrics,
    // invariant: true exactly while this thread runs bytecode (holds the
    // GIL, in gil mode).
    holding: bool,
    // This thread's trace events, when tracing.
    trace: Option<Vec<Event>>,
    held_since: Instant,
}

impl Worker {
    fn run(mut self) {
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
        if let Some(events) = self.trace.take() {
            let name = self.shared.world.name(self.tid);
            self.shared.traces.lock().push(ThreadTrace {
                tid: self.tid,
                name,
                events,
            });
        }
        self.m.instructions = self.interp.instructions();
        let m = std::mem::take(&mut self.m);
        self.shared.world.finish(self.tid, end, m);
    }

    /// Records a span when tracing.
    fn span(&mut self, what: trace::Activity, start: Instant) {
        if let Some(t) = &mut self.trace {
            let sh = &self.shared;
            t.push(Event::Span {
                what,
                start: sh.since_start(start),
                end: sh.since_start(Instant::now()),
            });
        }
    }

    /// Starts running bytecode: takes the GIL in gil mode. False if the run
    /// is stopping.
    fn acquire(&mut self) -> bool {
        let start = Instant::now();
        if let Some(gil) = &self.shared.gil {
            let Some(requested) = gil.take(self.tid, &mut self.m) else {
                return false;
            };
            if let Some(t) = &mut self.trace {
                let now = Instant::now();
                // Uncontended takes are not worth a span each.
                if now.duration_since(start) > Duration::from_micros(1) {
                    t.push(Event::Span {
                        what: trace::Activity::WaitingForGil,
                        start: self.shared.since_start(start),
                        end: self.shared.since_start(now),
                    });
                }
                t.extend(requested.map(|at| Event::DropRequest(self.shared.since_start(at))));
            }
        } else if self.shared.stop.load(Relaxed) {
            return false;
        }
        self.holding = true;
        self.held_since = Instant::now();
        true
    }

    /// Stops running bytecode: drops the GIL in gil mode.
    fn release(&mut self, why: Release) {
        debug_assert!(self.holding);
        self.holding = false;
        self.span(trace::Activity::Running, self.held_since);
        let Some(gil) = &self.shared.gil else { return };
        self.m.gil_hold_ns += self.held_since.elapsed().as_nanos() as u64;
        match why {
            Release::Forced => self.m.drop_requests += 1,
            Release::Voluntary => self.m.voluntary_releases += 1,
            Release::Budget => self.m.budget_releases += 1,
            Release::Exit => {}
        }
        gil.drop(self.tid, why);
    }

    fn main_loop(&mut self) -> ThreadEnd {
        if !self.acquire() {
            return ThreadEnd::Stopped;
        }
        let budget = self.shared.gil.as_ref().map_or(u64::MAX, RealGil::budget);
        loop {
            let sh = &self.shared;
            let now = sh.executing.fetch_add(1, SeqCst) + 1;
            sh.max_parallel.fetch_max(now, Relaxed);
            let r = self.interp.run_slice(&sh.breaker, budget);
            sh.executing.fetch_sub(1, SeqCst);
            match r {
                Err(trap) => {
                    self.report_error(trap);
                    return ThreadEnd::Error;
                }
                Ok(Outcome::Returned(v)) => {
                    self.m.returned = Some(v.to_literal());
                    return ThreadEnd::Finished;
                }
                Ok(Outcome::Interrupted) => {
                    if self.shared.stop.load(Relaxed) {
                        return ThreadEnd::Stopped;
                    }
                    let Some(gil) = &self.shared.gil else {
                        continue;
                    };
                    let why = if gil.drop_requested() {
                        Release::Forced
                    } else if budget != u64::MAX {
                        Release::Budget
                    } else {
                        continue; // the request was already withdrawn
                    };
                    self.release(why);
                    if !self.acquire() {
                        return ThreadEnd::Stopped;
                    }
                }
                Ok(Outcome::Request(req)) => {
                    if let Err(end) = self.request(req) {
                        return end;
                    }
                }
            }
        }
    }

    /// Carries out a concurrency instruction's request.
    fn request(&mut self, req: Request) -> Result<(), ThreadEnd> {
        let sh = Arc::clone(&self.shared);
        match req {
            Request::StartThread { func, args } => {
                let fname = self.interp.program().functions()[func as usize]
                    .name
                    .clone();
                let k = sh.started.fetch_add(1, Relaxed) + 1;
                match sh.spawn(|_| format!("Thread-{k} ({fname})"), func, args) {
                    Ok(id) => self.interp.push(Value::Thread(id)),
                    Err(kind) => return Err(self.fail(kind)),
                }
            }
            Request::Join(j) => {
                if j == self.tid {
                    return Err(self.fail(TrapKind::Runtime("cannot join current thread".into())));
                }
                if !sh.world.is_done(j) {
                    self.block(trace::Activity::BlockedOnJoin, |w, t| w.join(t, j))?;
                }
            }
            Request::NewLock => self.interp.push(Value::Lock(sh.world.new_lock())),
            // Like CPython's lock.acquire(): try first, keeping the GIL;
            // release it only to wait.
            Request::Acquire(l) => {
                if !sh.world.try_acquire(self.tid, l) {
                    self.block(trace::Activity::BlockedOnLock, |w, t| w.acquire(t, l))?;
                }
            }
            Request::Release(l) => {
                if let Err(kind) = sh.world.release(l) {
                    return Err(self.fail(kind));
                }
            }
            Request::Io(ns) => {
                self.release(Release::Voluntary);
                let start = Instant::now();
                let slept = sh
                    .world
                    .sleep(self.tid, ns)
                    .map_err(|_| ThreadEnd::Stopped)?;
                self.span(trace::Activity::Io, start);
                self.m.io_ops += 1;
                self.m.io_ns += slept;
                let back = Instant::now();
                if !self.acquire() {
                    return Err(ThreadEnd::Stopped);
                }
                self.m.io_reacquire.push(back.elapsed().as_nanos() as u64);
            }
            Request::Native { work, release_gil } => {
                let start = Instant::now();
                if release_gil {
                    self.release(Release::Voluntary);
                    sh.world.set_activity(self.tid, Activity::Native);
                }
                let finished = native::work(work, &sh.stop);
                self.m.native_ns += start.elapsed().as_nanos() as u64;
                let what = if release_gil {
                    trace::Activity::NativeReleased
                } else {
                    trace::Activity::NativeHeld
                };
                self.span(what, start);
                if release_gil {
                    sh.world.set_activity(self.tid, Activity::Runnable);
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
        }
        Ok(())
    }

    /// Blocks in the world with the GIL released, then takes it again.
    fn block(
        &mut self,
        what: trace::Activity,
        wait: impl FnOnce(&World, Tid) -> Result<(), Interrupted>,
    ) -> Result<(), ThreadEnd> {
        self.release(Release::Voluntary);
        let start = Instant::now();
        let r = wait(&self.shared.world, self.tid);
        self.span(what, start);
        match r {
            Ok(()) if self.acquire() => Ok(()),
            Ok(()) | Err(Interrupted::Stopped) => Err(ThreadEnd::Stopped),
            Err(Interrupted::Deadlock) => {
                self.shared.stop();
                Err(ThreadEnd::Stopped)
            }
        }
    }

    /// Fails the current instruction with `kind`.
    fn fail(&mut self, kind: TrapKind) -> ThreadEnd {
        let trap = self.interp.raise(kind);
        self.report_error(trap);
        ThreadEnd::Error
    }

    /// Prints a dying thread's traceback, like Python's threading excepthook,
    /// and the locks it leaves held.
    fn report_error(&self, trap: Trap) {
        let sh = &self.shared;
        let name = sh.world.name(self.tid);
        let held = sh.world.held_locks(self.tid);
        super::report_death(&*sh.err, &mut sh.errors.lock(), &name, &trap, &held);
    }
}

/// Runs a program: `cfg.threads` harness threads each call the entry
/// function; threads the program starts join them. Program output goes to
/// `out`, tracebacks and warnings to `err`.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RunReport, Error> {
    run_traced(program, cfg, out, err, false).map(|(report, _)| report)
}

/// [`run`], recording a [`Trace`] of every thread when `tracing`.
pub fn run_traced(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
    tracing: bool,
) -> Result<(RunReport, Option<Trace>), Error> {
    let entry = super::check_run(&program, cfg)?;
    if cfg.engine.is_virtual() {
        return super::vtime::run_traced(program, cfg, entry, out, err, tracing);
    }
    if cfg.mode == Mode::Process {
        return super::process::run(program, cfg, out, err).map(|r| (r, None));
    }
    if cfg.mode == Mode::Async {
        return super::asyncio::run(program, cfg, entry, out, err).map(|r| (r, None));
    }
    let breaker = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let gil = match cfg.mode {
        Mode::Free | Mode::Async | Mode::Process => None,
        Mode::Gil => {
            let pc = PolicyConfig {
                switch_interval_ns: cfg.switch_interval_ns,
                check_interval: cfg.check_interval,
            };
            let policy = gil::by_name(&cfg.policy, pc).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown policy '{}' (policies: {})",
                    cfg.policy,
                    gil::names()
                ))
            })?;
            Some(RealGil::new(
                policy,
                Arc::clone(&breaker),
                Arc::clone(&stop),
                tracing,
            ))
        }
    };
    let policy = gil
        .as_ref()
        .map_or("none", RealGil::policy_name)
        .to_string();
    let file = program.file().to_string();
    let shared = Arc::new(Shared {
        globals: Arc::new(Globals::new(&program)),
        program,
        out,
        err,
        gil,
        world: World::new(cfg.max_threads),
        breaker,
        stop,
        executing: AtomicU32::new(0),
        max_parallel: AtomicU32::new(0),
        started: AtomicU32::new(0),
        handles: Mutex::new(Vec::new()),
        errors: Mutex::new(Vec::new()),
        recursion_limit: cfg.recursion_limit,
        tracing,
        traces: Mutex::new(Vec::new()),
        t0: Instant::now(),
    });

    let start = shared.t0;
    for i in 0..cfg.threads {
        if let Err(k) = shared.spawn(|_| format!("main-{i}"), entry, cfg.args.clone()) {
            shared.stop();
            join_all(&shared);
            return Err(Error::Usage(k.to_string()));
        }
    }
    let deadline = cfg.timeout_ns.map(|ns| start + Duration::from_nanos(ns));
    let finished = shared.world.wait_all_done(deadline);
    if !finished {
        shared.stop();
    }
    join_all(&shared);
    let wall_ns = start.elapsed().as_nanos() as u64;

    let results = shared.world.results();
    let all = |f: fn(&ThreadMetrics) -> &Vec<u64>| -> Vec<u64> {
        results
            .iter()
            .flat_map(|r| f(&r.2).iter().copied())
            .collect()
    };
    let (waits, io_back) = (all(|m| &m.gil_waits), all(|m| &m.io_reacquire));
    let harness: Vec<f64> = results
        .iter()
        .take(cfg.threads as usize)
        .map(|r| r.2.instructions as f64)
        .collect();
    let threads: Vec<ThreadReport> = results
        .into_iter()
        .enumerate()
        .map(|(id, (name, end, m))| ThreadReport::new(id as u32, name, end, &m))
        .collect();
    let errors = shared.errors.lock().clone();
    let deadlock = shared.world.deadlock();
    let end = if deadlock.is_some() {
        RunEnd::Deadlock
    } else if !finished {
        RunEnd::Timeout
    } else if !errors.is_empty() {
        RunEnd::Error
    } else {
        RunEnd::Ok
    };
    let trace = tracing.then(|| {
        let mut threads = std::mem::take(&mut *shared.traces.lock());
        threads.sort_by_key(|t| t.tid);
        Trace {
            threads,
            waiters: shared
                .gil
                .as_ref()
                .map(RealGil::take_waiter_log)
                .unwrap_or_default()
                .into_iter()
                .map(|(at, n)| (shared.since_start(at), n))
                .collect(),
            meta: serde_json::json!({
                "program": file,
                "mode": cfg.mode.name(),
                "policy": policy,
                "switch_interval_ns": cfg.switch_interval_ns,
                "threads": cfg.threads,
                "wall_ns": wall_ns,
            }),
        }
    });
    let report = RunReport {
        mode: cfg.mode.name().to_string(),
        policy,
        engine: "real".into(),
        machine: None,
        switch_interval_ns: cfg.switch_interval_ns,
        wall_ns,
        switches: shared.gil.as_ref().map_or(0, RealGil::switches),
        max_parallel: shared.max_parallel.load(Relaxed),
        end,
        errors,
        deadlock,
        gil_idle_ns: shared.gil.as_ref().map_or(0, RealGil::idle_ns),
        fairness: crate::metrics::jain(&harness),
        gil_wait_histogram: crate::metrics::histogram(&waits),
        io_reacquire_histogram: crate::metrics::histogram(&io_back),
        io_reacquire_ns: crate::metrics::Percentiles::of(&io_back),
        threads,
    };
    Ok((report, trace))
}

/// Joins every OS thread of the run, including ones started meanwhile.
fn join_all(shared: &Shared) {
    loop {
        let next = shared.handles.lock().pop();
        match next {
            Some(h) => {
                let _ = h.join();
            }
            None => break,
        }
    }
}
