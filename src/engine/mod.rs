//! Engines drive interpreter threads: they start them, decide between
//! slices who may run (through the GIL's mechanism, [`crate::gil::Gil`],
//! or nobody in free mode), carry out their blocking requests in the
//! [`world::World`], and record raw per-thread measurements that one
//! report builder ([`report`]) turns into the run's report and trace.
//!
//! [`run`] is the one front door. Engines differ only in how they *wait*:
//!
//! | engine × mode              | module      | threads are             | they wait on                     |
//! |----------------------------|-------------|-------------------------|----------------------------------|
//! | real, gil / free           | [`real`]    | OS threads              | parking_lot condvars             |
//! | real, async                | [`asyncio`] | tasks of one loop       | the loop's timer heap            |
//! | real, process              | [`process`] | `gilsim worker` processes, each a real gil run | pipes (crossbeam channels) |
//! | real, interp               | [`real`]    | OS threads, each harness one in its own GIL domain | parking_lot condvars |
//! | virtual, every mode        | [`vtime`]   | simulated threads       | the simulation's event queue     |
//!
//! Adding an engine or a mode is one module returning a [`RawRun`] and one
//! arm in [`run_raw`].

pub mod asyncio;
pub mod interps;
pub mod native;
pub mod process;
pub mod real;
pub mod report;
pub mod vtime;
pub mod world;

pub use crate::gil::DEFAULT_SWITCH_INTERVAL_NS;
pub use crate::spec::{
    host_cores, Engine, EngineConfig, Mode, RunConfig, DEFAULT_MAX_THREADS,
    DEFAULT_RECURSION_LIMIT, DEFAULT_SEED,
};
pub use report::{RawRun, RunOutput, ThreadRecord};

use crate::bytecode::Program;
use crate::error::Error;
use crate::vm::Output;
use std::sync::Arc;
use std::time::Instant;

/// Nanoseconds since `t0`: the time base of the engines on the wall clock.
pub fn since(t0: Instant) -> u64 {
    t0.elapsed().as_nanos() as u64
}

/// What every interpreter thread of a run is built from: the program,
/// where it prints, and the recursion limit. Each engine starts its
/// threads through it, with the globals of the thread's GIL domain.
pub struct Interpreters {
    /// The program every thread runs.
    pub program: Arc<Program>,
    out: Arc<dyn Output>,
    recursion_limit: u32,
}

impl Interpreters {
    /// Threads of `program` printing to `out`, as `cfg` limits them.
    pub fn new(program: Arc<Program>, out: Arc<dyn Output>, cfg: &RunConfig) -> Interpreters {
        Interpreters {
            program,
            out,
            recursion_limit: cfg.recursion_limit,
        }
    }

    /// A new interpreter thread calling `target(args)` over `globals`. A
    /// harness thread (the program's main thread, or one of `--threads`)
    /// ends as CPython's main thread does: `threading`'s exit step joins
    /// the non-daemon threads it started.
    pub fn start(
        &self,
        globals: &Arc<crate::vm::Globals>,
        target: crate::vm::Value,
        args: Vec<crate::vm::Value>,
        harness: bool,
    ) -> Result<crate::vm::Interp, crate::vm::TrapKind> {
        let mut i = crate::vm::Interp::new_call(
            Arc::clone(&self.program),
            Arc::clone(globals),
            Arc::clone(&self.out),
            target,
            crate::vm::native::Args::new(args),
            self.recursion_limit,
        );
        if harness {
            i.arm_exit_hook();
        }
        Ok(i)
    }

    /// The callable for function `func` of the program (a harness entry).
    pub fn entry(&self, func: u32) -> crate::vm::Value {
        crate::vm::object::FuncObj::bare(&self.program, func)
    }

    /// The name a thread running `target` shows (`worker`, `Counter.run`).
    pub fn function_name(&self, target: &crate::vm::Value) -> String {
        crate::vm::object::callable_name(target)
    }
}

/// The name the `k`-th thread a program started shows in reports: a
/// `threading.Thread`'s own name (its `_bootstrap` runs on the thread),
/// else `Thread-k (func)`.
pub fn started_thread_name(k: u32, target: &crate::vm::Value) -> String {
    use crate::vm::object::Object;
    use crate::vm::Value;
    if let Value::Obj(o) = target {
        if let Object::Bound {
            obj: Value::Instance(i),
            func,
        } = &**o
        {
            if crate::vm::object::callable_name(func) == "_bootstrap" {
                if let Some(Value::Str(s)) = i.attrs.lock().get("_name") {
                    return s.to_string();
                }
            }
        }
    }
    thread_name(k, &crate::vm::object::callable_name(target))
}

/// The run's globals: fresh, or as a Python module's code left them when
/// the entry is a function of the module (`init`, from [`module_init`]);
/// `random` seeded from the run's seed.
pub fn new_globals(
    program: &Program,
    cfg: &RunConfig,
    init: &Option<ModuleState>,
) -> Arc<crate::vm::Globals> {
    let g = match init {
        Some(s) => crate::vm::Globals::from_values(program, s.globals.clone()),
        None => crate::vm::Globals::new(program),
    };
    g.seed_random(cfg.engine.seed);
    g.set_switch_interval_ns(cfg.switch_interval_ns);
    g.set_cpus(cfg.engine.cores);
    Arc::new(g)
}

/// The globals of harness domain `d` in process and interp modes: as
/// [`new_globals`], but with objects of the domain's own — when the
/// entry is a function of a module (`init`), the module's code runs again
/// (silently) for every domain after the first, so that no two
/// interpreters share a list or a dict the module made. (Its locks are
/// the run's first locks in every domain.)
pub fn domain_globals(
    program: &Arc<Program>,
    cfg: &RunConfig,
    init: &Option<ModuleState>,
    d: usize,
) -> Result<Arc<crate::vm::Globals>, Error> {
    if d == 0 || init.is_none() {
        return Ok(new_globals(program, cfg, init));
    }
    let sink: Arc<dyn Output> = Arc::new(crate::vm::Capture::default());
    let again = module_init(program, cfg, &sink)?;
    Ok(new_globals(program, cfg, &again))
}

/// The globals of multiprocessing child `pid`: fresh (its module code
/// runs again), `__name__` is `"__mp_main__"`, `random` seeded per child.
pub fn child_globals(program: &Program, cfg: &RunConfig, pid: u32) -> Arc<crate::vm::Globals> {
    let g = crate::vm::Globals::new(program);
    g.seed_random(cfg.engine.seed ^ (pid as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    g.set_switch_interval_ns(cfg.switch_interval_ns);
    g.set_cpus(cfg.engine.cores);
    g.set_pid(pid);
    if let Some(i) = program.globals().iter().position(|g| g.name == "__name__") {
        g.store(i as u32, crate::vm::Value::str("__mp_main__"));
    }
    Arc::new(g)
}

/// The globals of subinterpreter `id` (`concurrent.interpreters.create()`):
/// fresh (the module's code runs again in it), `__name__` is
/// `"<fake __main__>"` as CPython 3.14 names the `__main__` it reloads in
/// a subinterpreter; `random` seeded per interpreter; the process is the
/// run's own (same pid).
pub fn interp_globals(program: &Program, cfg: &RunConfig, id: u32) -> Arc<crate::vm::Globals> {
    let g = crate::vm::Globals::new(program);
    g.seed_random(cfg.engine.seed ^ (id as u64).wrapping_mul(0xd1b5_4a32_d192_ed03));
    g.set_switch_interval_ns(cfg.switch_interval_ns);
    g.set_cpus(cfg.engine.cores);
    if let Some(i) = program.globals().iter().position(|g| g.name == "__name__") {
        g.store(i as u32, crate::vm::Value::str("<fake __main__>"));
    }
    Arc::new(g)
}

/// The name of subinterpreter `id`'s first thread (it runs the module's
/// code, then reports the interpreter ready) in reports.
pub fn interp_name(id: u32) -> String {
    format!("interp-{id}")
}

/// The name of a thread running a call (`Interpreter.call`) in
/// subinterpreter `id`.
pub fn interp_call_name(id: u32) -> String {
    format!("interp-{id} call")
}

/// The name of multiprocessing child `pid`'s main thread in reports.
pub fn process_name(pid: u32) -> String {
    format!("process-{pid}")
}

/// What a module's code left when it ran before `--entry f`: its
/// globals, and the locks it made (the run's world makes as many first,
/// so the ids the globals hold mean the same locks).
#[derive(Clone, Debug)]
pub struct ModuleState {
    /// The globals' values.
    pub globals: Vec<crate::vm::Value>,
    /// How many locks the module's code made.
    pub locks: u32,
}

impl ModuleState {
    /// Makes the module's locks in a fresh world (and tells it whether
    /// `program` uses the Python library).
    pub fn make_locks(program: &Program, init: &Option<ModuleState>, w: &mut world::World) {
        if !program.modules().is_empty() {
            w.library_locks();
        }
        for _ in 0..init.as_ref().map_or(0, |s| s.locks) {
            w.new_lock();
        }
    }
}

/// When a `.py` program's entry is one of its functions (`--entry f`),
/// runs the module's code first, as `import` would (`__name__` is the
/// file's stem, so an `if __name__ == "__main__":` block is skipped), and
/// returns the globals it leaves. `None` when the entry is the module
/// itself or the program is not Python. Module code may make locks and
/// take free ones (library modules do); code that would block (sleeps,
/// starts threads, waits for a lock) at import is a usage error.
pub fn module_init(
    program: &Arc<Program>,
    cfg: &RunConfig,
    out: &Arc<dyn Output>,
) -> Result<Option<ModuleState>, Error> {
    let Some(module) = program.function_index(crate::py::MODULE) else {
        return Ok(None);
    };
    if cfg.entry == crate::py::MODULE {
        return Ok(None);
    }
    let globals = Arc::new(crate::vm::Globals::new(program));
    globals.seed_random(cfg.engine.seed);
    if let Some(i) = program.globals().iter().position(|g| g.name == "__name__") {
        let stem = std::path::Path::new(program.file())
            .file_stem()
            .map_or("module".into(), |s| s.to_string_lossy().to_string());
        globals.store(i as u32, crate::vm::Value::str(stem));
    }
    let mut interp = crate::vm::Interp::new(
        Arc::clone(program),
        Arc::clone(&globals),
        Arc::clone(out),
        module,
        vec![],
        cfg.recursion_limit,
    )
    .map_err(|k| Error::Usage(k.to_string()))?;
    let never = std::sync::atomic::AtomicBool::new(false);
    let mut w = world::World::new(1);
    let me = w
        .register(|_| "main".into())
        .map_err(|k| Error::Usage(k.to_string()))?;
    loop {
        use crate::vm::{Request, Value};
        match interp.run_slice(&never, u64::MAX) {
            Ok(crate::vm::Outcome::Returned(_)) => break,
            Ok(crate::vm::Outcome::Interrupted) => continue,
            Ok(crate::vm::Outcome::Request(Request::NewLock)) => {
                interp.push(Value::Lock(w.new_lock()));
            }
            Ok(crate::vm::Outcome::Request(Request::Release(l))) => {
                if let Some(t) = w.release(l).err().and_then(|k| interp.raise(k)) {
                    return Err(Error::Usage(format!("{}: {t}", program.file())));
                }
            }
            Ok(crate::vm::Outcome::Request(Request::Locked(l))) => {
                interp.push(Value::Bool(w.is_locked(l)));
            }
            Ok(crate::vm::Outcome::Request(Request::Clock(k))) => {
                interp.push(Value::Float(clock_secs(k, 0)));
            }
            Ok(crate::vm::Outcome::Request(Request::SetSwitchInterval(_))) => {}
            Ok(crate::vm::Outcome::Request(Request::Acquire(l))) if w.try_acquire(me, l) => {}
            Ok(crate::vm::Outcome::Request(Request::AcquireTimed { lock, timeout }))
                if !w.is_locked(lock) || timeout == Some(0) =>
            {
                interp.push(Value::Bool(w.try_acquire(me, lock)));
            }
            Ok(crate::vm::Outcome::Request(r)) => {
                return Err(Error::Usage(format!(
                    "{}: the module's code blocks at import ({r:?}) before --entry {} can run; move it under `if __name__ == \"__main__\":`",
                    program.file(),
                    cfg.entry
                )))
            }
            Err(trap) => {
                return Err(Error::Usage(format!(
                    "{}: the module's code failed at import, before --entry {}:\n{trap}",
                    program.file(),
                    cfg.entry
                )))
            }
        }
    }
    Ok(Some(ModuleState {
        globals: globals.snapshot(),
        locks: w.lock_count(),
    }))
}

/// A clock reading in seconds for `time.time()` and friends, `now_ns`
/// nanoseconds into the run: the monotonic clocks count from the run's
/// start, the wall clock from a fixed epoch (2026-01-01) so a virtual run
/// prints the same on every machine.
pub fn clock_secs(kind: crate::vm::request::ClockKind, now_ns: u64) -> f64 {
    let t = now_ns as f64 / 1e9;
    match kind {
        crate::vm::request::ClockKind::Wall => 1_767_225_600.0 + t,
        crate::vm::request::ClockKind::Monotonic => t,
    }
}

/// The name of harness thread `i`, as every engine gives it.
pub fn harness_name(i: u32) -> String {
    format!("main-{i}")
}

/// The name of the `k`-th thread a program started, running `func`, as
/// `threading` names it.
pub fn thread_name(k: u32, func: &str) -> String {
    format!("Thread-{k} ({func})")
}

/// Runs a program as `cfg` says — the one way a run starts. `cfg.threads`
/// harness threads each call the entry function; program output goes to
/// `out`, tracebacks and warnings to `err`.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RunOutput, Error> {
    let file = program.file().to_string();
    let raw = run_raw(program, cfg, out, err)?;
    Ok(report::build(cfg, &file, raw))
}

/// [`run`], stopping short of the report: the engine's raw records (what a
/// process-mode worker sends its parent).
pub fn run_raw(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RawRun, Error> {
    let entry = check_run(&program, cfg)?;
    match (cfg.engine.engine, cfg.mode) {
        (Engine::Virtual, _) => vtime::run(program, cfg, entry, out, err),
        (Engine::Real, Mode::Gil | Mode::Free | Mode::Interp) => {
            real::run(program, cfg, entry, out, err)
        }
        (Engine::Real, Mode::Async) => asyncio::run(program, cfg, entry, out, err),
        (Engine::Real, Mode::Process) => process::run(program, cfg, out, err),
    }
}

/// Checks a run's entry function, arguments and thread count against the
/// program; returns the entry's index. Shared by every engine.
pub fn check_run(program: &Program, cfg: &RunConfig) -> Result<u32, Error> {
    let entry = program.function_index(&cfg.entry).ok_or_else(|| {
        let known: Vec<&str> = program
            .functions()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        Error::Usage(format!(
            "{}: no function '{}' to run (functions: {})",
            program.file(),
            cfg.entry,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    let f = &program.functions()[entry as usize];
    if f.nparams as usize != cfg.args.len() {
        return Err(Error::Usage(format!(
            "{}: {}() takes {} positional argument{} but {} {} given (use --arg)",
            program.file(),
            f.name,
            f.nparams,
            if f.nparams == 1 { "" } else { "s" },
            cfg.args.len(),
            if cfg.args.len() == 1 { "was" } else { "were" }
        )));
    }
    if cfg.threads == 0 || cfg.threads > cfg.max_threads {
        return Err(Error::Usage(format!(
            "--threads must be between 1 and --max-threads ({}), got {}",
            cfg.max_threads, cfg.threads
        )));
    }
    Ok(entry)
}
