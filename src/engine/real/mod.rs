//! The real-thread engine: each interpreter thread runs on its own OS
//! thread. In gil mode it must hold the [`SyncGil`] to run a slice of
//! bytecode; in free mode nothing stops threads running in parallel.
//! Blocking requests (IO, locks, joins, releasing native work, yield) drop
//! the GIL first and take it again afterwards through the same `take` path
//! as everyone else — nothing here special-cases a thread back from IO.
//!
//! - [`sync`]: the GIL and the world behind mutexes and condition variables;
//! - [`thread`]: one interpreter thread's loop and its requests.

mod sync;
mod thread;

use super::{since, Interpreters};

use super::report::{RawRun, ThreadRecord};
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::{Gil, Tid};
use crate::metrics::ThreadEnd;
use crate::spec::{Mode, RunConfig};
use crate::vm::{Globals, Output, TrapKind, Value};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use sync::{SyncGil, SyncWorld};

/// State shared by all threads of a run.
struct Shared {
    interps: Interpreters,
    globals: Arc<Globals>,
    err: Arc<dyn Output>,
    gil: Option<SyncGil>,
    world: SyncWorld,
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
    // A harness thread's `sys.exit` code.
    pub(crate) exit_code: Mutex<Option<i32>>,
    // Each ended thread's record, by id.
    records: Mutex<Vec<Option<ThreadRecord>>>,
    tracing: bool,
    // Time zero of the run: times are nanoseconds since then.
    t0: Instant,
}

impl Shared {
    /// Nanoseconds since the run started.
    pub(crate) fn now(&self) -> u64 {
        since(self.t0)
    }

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

    /// Registers and starts an interpreter thread calling `func(args)`.
    fn spawn(
        self: &Arc<Self>,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
        daemon: bool,
    ) -> Result<Tid, TrapKind> {
        let tid = self.world.with(|w| {
            let t = w.register(|_| name.clone())?;
            if daemon {
                w.set_daemon(t);
            }
            Ok::<_, TrapKind>(t)
        })?;
        self.start(tid, name, harness, func, args)?;
        Ok(tid)
    }

    /// Starts registered thread `tid` calling `func(args)` on an OS thread.
    fn start(
        self: &Arc<Self>,
        tid: Tid,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
    ) -> Result<(), TrapKind> {
        let mut rec = ThreadRecord::new(name, harness, self.tracing);
        let interp = self.interps.start(&self.globals, func, args, harness);
        let interp = match interp {
            Ok(mut i) => {
                i.set_ident(tid);
                i
            }
            Err(k) => {
                rec.end = ThreadEnd::Error;
                self.ended(tid, rec);
                return Err(k);
            }
        };
        let failed = ThreadRecord {
            end: ThreadEnd::Error,
            events: None,
            ..rec.clone()
        };
        let worker = thread::Worker::new(Arc::clone(self), tid, interp, rec);
        match std::thread::Builder::new()
            .name(format!("gilsim-{tid}"))
            .spawn(move || worker.run())
        {
            Ok(h) => {
                self.handles.lock().push(h);
                Ok(())
            }
            Err(e) => {
                self.ended(tid, failed);
                Err(TrapKind::Runtime(format!("can't start new thread: {e}")))
            }
        }
    }

    /// Files thread `tid`'s record; it has ended. If its end leaves every
    /// other thread blocked for good, the run stops: a deadlock.
    fn ended(&self, tid: Tid, rec: ThreadRecord) {
        let mut records = self.records.lock();
        if records.len() <= tid as usize {
            records.resize_with(tid as usize + 1, || None);
        }
        records[tid as usize] = Some(rec);
        drop(records);
        self.world.finish(tid);
        if self.world.with(|w| w.deadlock().is_some()) {
            self.stop();
        }
    }
}

/// Runs a program on OS threads (gil or free mode): `cfg.threads` harness
/// threads each call the entry function; threads the program starts join
/// them. Program output goes to `out`, tracebacks and warnings to `err`.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    entry: u32,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RawRun, Error> {
    let breaker = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let gil = (cfg.mode == Mode::Gil).then(|| {
        let gil = Gil::new(cfg.policy.build(cfg.policy_config()), cfg.trace);
        SyncGil::new(gil, Arc::clone(&breaker), Arc::clone(&stop), t0)
    });
    let init = super::module_init(&program, cfg, &out)?;
    let shared = Arc::new(Shared {
        globals: super::new_globals(&program, cfg, &init),
        interps: Interpreters::new(program, out, cfg),
        err,
        gil,
        world: SyncWorld::new(cfg.max_threads),
        breaker,
        stop,
        executing: AtomicU32::new(0),
        max_parallel: AtomicU32::new(0),
        started: AtomicU32::new(0),
        handles: Mutex::new(Vec::new()),
        errors: Mutex::new(Vec::new()),
        exit_code: Mutex::new(None),
        records: Mutex::new(Vec::new()),
        tracing: cfg.trace,
        t0,
    });
    shared
        .world
        .with(|w| super::ModuleState::make_locks(&init, w));
    // Every harness thread is in the world before any runs, so that none
    // can look deadlocked for want of one not registered yet.
    let mut harness = Vec::new();
    for i in 0..cfg.threads {
        let name = super::harness_name(i);
        match shared.world.with(|w| w.register(|_| name.clone())) {
            Ok(tid) => harness.push((tid, name)),
            Err(k) => return Err(Error::Usage(k.to_string())),
        }
    }
    for (tid, name) in harness {
        if let Err(k) = shared.start(
            tid,
            name,
            true,
            shared.interps.entry(entry),
            cfg.args.clone(),
        ) {
            shared.stop();
            join_all(&shared);
            return Err(Error::Usage(k.to_string()));
        }
    }
    let deadline = cfg.timeout_ns.map(|ns| t0 + Duration::from_nanos(ns));
    let finished = shared.world.wait_all_done(deadline);
    // A timeout, or only daemon threads left: they stop where they are.
    if !finished || shared.world.with(|w| w.any_live()) {
        shared.stop();
    }
    join_all(&shared);
    let wall_ns = since(t0);
    let shared = Arc::into_inner(shared).expect("every thread of the run has been joined");
    let world = shared.world.into_inner();
    let mut raw = RawRun {
        threads: shared
            .records
            .into_inner()
            .into_iter()
            .map(|r| r.expect("every thread files its record"))
            .collect(),
        wall_ns,
        timed_out: !finished,
        errors: shared.errors.into_inner(),
        exit_code: shared.exit_code.into_inner(),
        deadlock: world.deadlock().map(str::to_string),
        max_parallel: shared.max_parallel.load(Relaxed),
        ..RawRun::default()
    };
    if let Some(g) = shared.gil {
        raw.add_gil(1, &mut g.into_inner());
    }
    Ok(raw)
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
