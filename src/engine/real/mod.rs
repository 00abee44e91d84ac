//! The real-thread engine: each interpreter thread runs on its own OS
//! thread. In gil mode it must hold the [`SyncGil`] to run a slice of
//! bytecode; in free mode nothing stops threads running in parallel.
//! Blocking requests (IO, locks, joins, releasing native work, yield) drop
//! the GIL first and take it again afterwards through the same `take` path
//! as everyone else — nothing here special-cases a thread back from IO.
//!
//! - [`sync`]: the GIL and the world behind mutexes and condition variables;
//! - [`thread`]: one interpreter thread's loop and its requests.

mod free;
mod pace;
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

/// One interpreter of the run — the program's own, or a multiprocessing
/// child's: its globals, its GIL (none in free mode) and the eval breaker
/// its threads check (one relaxed load at every eval-breaker point; set
/// on a drop request of its GIL or when the run stops).
struct Domain {
    globals: Arc<Globals>,
    gil: Option<SyncGil>,
    breaker: Arc<AtomicBool>,
    // What making it cost on the wall clock (ns): its globals and GIL
    // (interp mode's harness interpreters; a created one's first thread).
    startup_ns: u64,
}

/// State shared by all threads of a run.
struct Shared {
    interps: Interpreters,
    err: Arc<dyn Output>,
    // The run's interpreters; the first is the program's own.
    domains: Mutex<Vec<Arc<Domain>>>,
    // Which of them `concurrent.interpreters` knows, and their calls.
    subinterps: Mutex<crate::engine::interps::InterpTable>,
    // What a new domain's GIL is made of.
    cfg: RunConfig,
    world: SyncWorld,
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
        let domains: Vec<Arc<Domain>> = self.domains.lock().clone();
        for d in &domains {
            d.breaker.store(true, Relaxed);
        }
        self.world.stop();
        for d in &domains {
            if let Some(g) = &d.gil {
                g.wake_all();
            }
        }
    }

    /// A new interpreter with the globals `globals(id)` makes and a GIL as
    /// the run's mode says. Its making began at `began`: its start-up is
    /// measured from there. The id is taken and the domain added under one
    /// lock, so threads creating interpreters at once get distinct ids.
    fn new_domain_since(
        &self,
        globals: impl FnOnce(u32) -> Arc<Globals>,
        began: Instant,
    ) -> (usize, Arc<Domain>) {
        let breaker = Arc::new(AtomicBool::new(self.stop.load(Relaxed)));
        let gil = (self.cfg.mode != Mode::Free).then(|| {
            let gil = Gil::new(
                self.cfg.policy.build(self.cfg.policy_config()),
                self.cfg.trace,
            );
            SyncGil::new(gil, Arc::clone(&breaker), Arc::clone(&self.stop), self.t0)
                .with_runtime_costs(&self.cfg.runtime_costs)
        });
        let mut all = self.domains.lock();
        let id = all.len();
        let d = Arc::new(Domain {
            globals: globals(id as u32),
            gil,
            breaker,
            startup_ns: since(began),
        });
        all.push(Arc::clone(&d));
        (id, d)
    }

    /// Interpreter `i`.
    fn domain(&self, i: usize) -> Arc<Domain> {
        Arc::clone(&self.domains.lock()[i])
    }

    /// Registers and starts an interpreter thread calling `func(args)`.
    fn spawn(
        self: &Arc<Self>,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
        daemon: bool,
        domain: usize,
    ) -> Result<Tid, TrapKind> {
        let tid = self.world.with(|w| {
            let t = w.register(|_| name.clone())?;
            if daemon {
                w.set_daemon(t);
            }
            Ok::<_, TrapKind>(t)
        })?;
        self.start(tid, name, harness, func, args, domain, None)?;
        Ok(tid)
    }

    /// Starts a new interpreter — a multiprocessing child, or a
    /// subinterpreter — whose first thread runs the module's code
    /// silently, then its bootstrap (`boot`) with `blob`. Returns its id
    /// (pid). Its start-up is what making its globals and GIL costs here.
    fn start_domain(
        self: &Arc<Self>,
        blob: Vec<u8>,
        boot: crate::vm::exit_hook::Boot,
        daemon: bool,
    ) -> Result<u32, TrapKind> {
        use crate::vm::exit_hook::Boot;
        let began = Instant::now();
        let program = Arc::clone(&self.interps.program);
        let Some(module) = program.function_index(crate::py::MODULE) else {
            let what = match boot {
                Boot::Process => "multiprocessing",
                Boot::Interp => "concurrent.interpreters",
            };
            return Err(TrapKind::Runtime(format!("{what} needs a Python program")));
        };
        let cfg = &self.cfg;
        let (d, _) = self.new_domain_since(
            |id| match boot {
                Boot::Process => super::child_globals(&program, cfg, id),
                Boot::Interp => super::interp_globals(&program, cfg, id),
            },
            began,
        );
        let id = d as u32;
        let name = match boot {
            Boot::Process => super::process_name(id),
            Boot::Interp => super::interp_name(id),
        };
        if boot == Boot::Interp {
            self.subinterps.lock().created(d);
        }
        let tid = self.world.with(|w| {
            let t = w.register(|_| name.clone())?;
            if daemon {
                w.set_daemon(t);
            }
            Ok::<_, TrapKind>(t)
        })?;
        let target = crate::vm::object::FuncObj::bare(&program, module);
        self.start(tid, name, false, target, vec![], d, Some((blob, boot)))?;
        Ok(id)
    }

    /// Hands a call to a new thread of interpreter `id`, running
    /// `concurrent.interpreters._run(blob)` there; the call was counted.
    /// `Ok(false)` if the interpreter cannot take calls yet.
    fn start_call(self: &Arc<Self>, id: u32, blob: Vec<u8>) -> Result<bool, TrapKind> {
        let dom = self.domain(id as usize);
        let run = crate::vm::exit_hook::library_global(
            &self.interps.program,
            &dom.globals,
            "concurrent.interpreters",
            "_run",
        );
        let Some(run) = run else {
            return Ok(false);
        };
        let blob = Value::obj(crate::vm::object::Object::Bytes(blob));
        let name = super::interp_call_name(id);
        self.spawn(name, false, run, vec![blob], true, id as usize)?;
        Ok(true)
    }

    /// Starts registered thread `tid` of interpreter `domain` calling
    /// `func(args)` on an OS thread (a child process's main thread, with
    /// its bootstrap `blob`, or a new interpreter's).
    #[allow(clippy::too_many_arguments)]
    fn start(
        self: &Arc<Self>,
        tid: Tid,
        name: String,
        harness: bool,
        func: Value,
        args: Vec<Value>,
        domain: usize,
        child: Option<(Vec<u8>, crate::vm::exit_hook::Boot)>,
    ) -> Result<(), TrapKind> {
        let mut rec = ThreadRecord::new(name, harness, self.tracing);
        if domain > 0 {
            rec.pid = domain as u32 + 1;
        }
        let dom = self.domain(domain);
        if child.is_some() || (harness && self.cfg.mode == Mode::Interp) {
            rec.m.startup_ns = dom.startup_ns;
        }
        let interp = self.interps.start(&dom.globals, func, args, harness);
        let interp = match interp {
            Ok(mut i) => {
                i.set_ident(tid);
                if let Some((blob, boot)) = child {
                    i.start_domain(blob, boot);
                }
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
        let worker = thread::Worker::new(Arc::clone(self), tid, interp, rec, dom, domain);
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
    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let init = super::module_init(&program, cfg, &out)?;
    let began = Instant::now();
    let globals = super::new_globals(&program, cfg, &init);
    let shared = Arc::new(Shared {
        interps: Interpreters::new(program, out, cfg),
        err,
        domains: Mutex::new(Vec::new()),
        subinterps: Mutex::new(Default::default()),
        cfg: cfg.clone(),
        world: SyncWorld::new(cfg.max_threads),
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
    // Interp mode: each harness thread in an interpreter of its own,
    // made here one after another as the harness threads are started.
    shared.new_domain_since(|_| globals, began);
    shared.subinterps.lock().domain(0, true);
    if cfg.mode == Mode::Interp {
        for d in 1..cfg.threads as usize {
            let began = Instant::now();
            let g = super::domain_globals(&shared.interps.program, cfg, &init, d)?;
            shared.new_domain_since(|_| g, began);
            shared.subinterps.lock().domain(d, true);
        }
    }
    shared
        .world
        .with(|w| super::ModuleState::make_locks(&shared.interps.program, &init, w));
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
    for (i, (tid, name)) in harness.into_iter().enumerate() {
        let domain = if cfg.mode == Mode::Interp { i } else { 0 };
        if let Err(k) = shared.start(
            tid,
            name,
            true,
            shared.interps.entry(entry),
            cfg.args.clone(),
            domain,
            None,
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
    for (i, d) in shared.domains.into_inner().into_iter().enumerate() {
        let d = Arc::into_inner(d).expect("every thread of the run has been joined");
        if let Some(g) = d.gil {
            raw.add_gil(i as u32 + 1, &mut g.into_inner());
        }
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
