//! Engines drive interpreter threads: they start them, decide between
//! slices who may run (asking the GIL policy, or nobody in free mode),
//! carry out their blocking requests, and collect the metrics.
//!
//! The real engine ([`real`]) runs each interpreter thread on its own OS
//! thread and makes them wait for real, on the [`gil::RealGil`] and the
//! [`world::World`]. The virtual engine ([`vtime`]) runs the same threads
//! in a discrete-event simulation over a virtual clock.

pub mod asyncio;
pub mod gil;
pub mod native;
pub mod process;
pub mod real;
pub mod vtime;
pub mod world;

use crate::bytecode::Program;
use crate::error::Error;
use crate::vm::Value;
use serde::Serialize;

/// Whether threads share a GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One simulated GIL, scheduled by a policy (CPython's default).
    Gil,
    /// No global lock: threads run in parallel (free-threaded CPython, PEP 703).
    Free,
    /// One OS thread runs every interpreter thread as a cooperative task of
    /// an event loop, switching only where a task waits (asyncio).
    Async,
    /// Each worker a separate OS process with its own interpreter, GIL and
    /// globals (multiprocessing).
    Process,
}

impl Mode {
    /// The mode's name as `--mode` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Gil => "gil",
            Mode::Free => "free",
            Mode::Async => "async",
            Mode::Process => "process",
        }
    }
}

/// What drives the interpreter threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// Real OS threads (or processes) and the wall clock.
    Real,
    /// A deterministic simulation over a virtual clock ([`vtime`]).
    Virtual,
}

impl Engine {
    /// The engine's name as `--engine` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Real => "real",
            Engine::Virtual => "virtual",
        }
    }
}

/// The number of cores of this machine (1 if unknown): the default of
/// `--cores`.
pub fn host_cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// The default seed of the virtual engine's random choices.
pub const DEFAULT_SEED: u64 = 1;

/// The default switch interval, as `sys.getswitchinterval()`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_NS: u64 = 5_000_000;

/// The default recursion limit, as `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: u32 = 1000;

/// The default limit on threads in one run.
pub const DEFAULT_MAX_THREADS: u32 = 1024;

/// Everything about how to run a program.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The entry function's name.
    pub entry: String,
    /// Arguments for each harness thread's entry call.
    pub args: Vec<Value>,
    /// Harness threads, each calling the entry function.
    pub threads: u32,
    /// GIL or free-threaded.
    pub mode: Mode,
    /// The GIL policy's name (see [`crate::gil::POLICIES`]).
    pub policy: String,
    /// The switch interval (ns).
    pub switch_interval_ns: u64,
    /// Instructions between releases for tick-based policies.
    pub check_interval: u64,
    /// End the run after this long (ns), keeping the metrics so far.
    pub timeout_ns: Option<u64>,
    /// Most threads in one run, harness threads included.
    pub max_threads: u32,
    /// Most nested calls per thread.
    pub recursion_limit: u32,
    /// The executable process-mode workers run (`gilsim worker`); default:
    /// this process's own executable.
    pub worker_exe: Option<std::path::PathBuf>,
    /// Real threads or virtual time, and the simulated machine.
    pub engine: EngineConfig,
}

/// Which engine runs a program and, for the virtual one, on what machine.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineConfig {
    /// Real threads or virtual time.
    pub engine: Engine,
    /// Virtual engine: simulated cores.
    pub cores: u32,
    /// Virtual engine: the seed of every random choice.
    pub seed: u64,
    /// Virtual engine: what everything costs.
    pub cost: vtime::CostModel,
}

impl Default for EngineConfig {
    /// The real engine.
    fn default() -> Self {
        EngineConfig {
            engine: Engine::Real,
            cores: host_cores(),
            seed: DEFAULT_SEED,
            cost: vtime::CostModel::default(),
        }
    }
}

impl EngineConfig {
    /// The virtual engine on `cores` cores with the default cost model.
    pub fn virtual_machine(cores: u32) -> EngineConfig {
        EngineConfig {
            engine: Engine::Virtual,
            cores,
            ..EngineConfig::default()
        }
    }

    /// Whether this is the virtual engine.
    pub fn is_virtual(&self) -> bool {
        self.engine == Engine::Virtual
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            entry: "main".into(),
            args: vec![],
            threads: 1,
            mode: Mode::Gil,
            policy: "newgil".into(),
            switch_interval_ns: DEFAULT_SWITCH_INTERVAL_NS,
            check_interval: 100,
            timeout_ns: None,
            max_threads: DEFAULT_MAX_THREADS,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            worker_exe: None,
            engine: EngineConfig::default(),
        }
    }
}

/// Reports a thread that died of `trap`, as Python's threading excepthook
/// does: its traceback on `err`, and the locks it leaves `held`; both are
/// recorded in `errors`. Shared by every engine.
pub fn report_death(
    err: &dyn crate::vm::Output,
    errors: &mut Vec<String>,
    name: &str,
    trap: &crate::vm::Trap,
    held: &[u32],
) {
    err.line(&format!("Exception in thread {name}:\n{trap}"));
    errors.push(format!("{name}: {}", trap.kind));
    if !held.is_empty() {
        let list: Vec<String> = held.iter().map(u32::to_string).collect();
        let msg = format!(
            "{name} died holding lock {} (it stays locked)",
            list.join(", ")
        );
        err.line(&msg);
        errors.push(msg);
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
