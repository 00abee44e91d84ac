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
//! | virtual, every mode        | [`vtime`]   | simulated threads       | the simulation's event queue     |
//!
//! Adding an engine or a mode is one module returning a [`RawRun`] and one
//! arm in [`run_raw`].

pub mod asyncio;
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

    /// A new interpreter thread calling `func(args)` over `globals`.
    pub fn start(
        &self,
        globals: &Arc<crate::vm::Globals>,
        func: u32,
        args: Vec<crate::vm::Value>,
    ) -> Result<crate::vm::Interp, crate::vm::TrapKind> {
        crate::vm::Interp::new(
            Arc::clone(&self.program),
            Arc::clone(globals),
            Arc::clone(&self.out),
            func,
            args,
            self.recursion_limit,
        )
    }

    /// The name of the function `func`.
    pub fn function_name(&self, func: u32) -> &str {
        &self.program.functions()[func as usize].name
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
        (Engine::Real, Mode::Gil | Mode::Free) => real::run(program, cfg, entry, out, err),
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
