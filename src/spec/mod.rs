//! What a run is: the user's choices — mode, engine, policy, machine —
//! as typed data, below every engine and report so that the engines, the
//! report and the experiments all speak of them in the same terms.
//! [`RunConfig`] is the one description of a run that `engine::run`
//! takes; [`cost::CostModel`] is the virtual machine's price list;
//! [`invocation::Invocation`] is a run as a report records it, to replay it.

pub mod cost;
pub mod free;
pub mod invocation;
pub mod pace;

pub use cost::CostModel;
pub use free::{FreeCosts, FreeProfileId};
pub use pace::RuntimeCosts;

use crate::gil::{PolicyConfig, PolicyId, DEFAULT_CHECK_INTERVAL, DEFAULT_SWITCH_INTERVAL_NS};
use crate::vm::Value;
use serde::{Deserialize, Serialize};

/// How interpreter threads run together: the model a Python user chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Each harness thread in its own interpreter of this one process:
    /// its own GIL and globals, objects crossing by copy (subinterpreters,
    /// PEP 684 / PEP 734, `concurrent.interpreters`).
    Interp,
}

impl Mode {
    /// Every mode, in `--mode`'s order.
    pub const ALL: [Mode; 5] = [
        Mode::Gil,
        Mode::Free,
        Mode::Async,
        Mode::Process,
        Mode::Interp,
    ];

    /// The mode's name as `--mode` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Gil => "gil",
            Mode::Free => "free",
            Mode::Async => "async",
            Mode::Process => "process",
            Mode::Interp => "interp",
        }
    }

    /// Same as [`Mode::name`].
    pub fn as_str(&self) -> &'static str {
        self.name()
    }

    /// Whether threads in this mode take a GIL scheduled by a `--policy`
    /// (gil mode, and each process's or interpreter's own GIL in process
    /// and interp modes).
    pub fn has_policy(self) -> bool {
        matches!(self, Mode::Gil | Mode::Process | Mode::Interp)
    }

    /// Whether each harness thread runs in a GIL domain of its own (its
    /// own GIL and globals): process and interp modes.
    pub fn domain_per_thread(self) -> bool {
        matches!(self, Mode::Process | Mode::Interp)
    }
}

impl PartialEq<&str> for Mode {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What drives the interpreter threads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// Real OS threads (or processes) and the wall clock.
    #[default]
    Real,
    /// A deterministic simulation over a virtual clock.
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

impl PartialEq<&str> for Engine {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// The number of cores of this machine (1 if unknown): the default of
/// `--cores`.
pub fn host_cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// The default seed of the virtual engine's random choices.
pub const DEFAULT_SEED: u64 = 1;

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
    /// How the threads run together.
    pub mode: Mode,
    /// The GIL policy (gil and process modes; ignored otherwise).
    pub policy: PolicyId,
    /// What free mode costs: which free-threaded CPython it imitates.
    pub free_profile: FreeProfileId,
    /// The modelled runtime's own costs (its speed, its wakes), from a
    /// `--runtime` preset; none by default.
    pub runtime_costs: RuntimeCosts,
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
    /// Record a trace of every thread.
    pub trace: bool,
    /// The executable process-mode workers run (`gilsim worker`); default:
    /// this process's own executable.
    pub worker_exe: Option<std::path::PathBuf>,
    /// Real threads or virtual time, and the simulated machine.
    pub engine: EngineConfig,
}

impl RunConfig {
    /// The settings the policy is built from.
    pub fn policy_config(&self) -> PolicyConfig {
        PolicyConfig {
            switch_interval_ns: self.switch_interval_ns,
            check_interval: self.check_interval,
        }
    }

    /// What free mode costs this run: the profile's figures in free mode,
    /// nothing in every other mode.
    pub fn free_costs(&self) -> FreeCosts {
        if self.mode == Mode::Free {
            self.free_profile.costs()
        } else {
            FreeCosts::NONE
        }
    }

    /// The policy the mode runs under, if any (`None` in free and async modes).
    pub fn effective_policy(&self) -> Option<PolicyId> {
        self.mode.has_policy().then_some(self.policy)
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            entry: "main".into(),
            args: vec![],
            threads: 1,
            mode: Mode::Gil,
            policy: PolicyId::NEWGIL,
            free_profile: FreeProfileId::default(),
            runtime_costs: RuntimeCosts::NONE,
            switch_interval_ns: DEFAULT_SWITCH_INTERVAL_NS,
            check_interval: DEFAULT_CHECK_INTERVAL,
            timeout_ns: None,
            max_threads: DEFAULT_MAX_THREADS,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            trace: false,
            worker_exe: None,
            engine: EngineConfig::default(),
        }
    }
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
    pub cost: CostModel,
}

impl Default for EngineConfig {
    /// The real engine.
    fn default() -> Self {
        EngineConfig {
            engine: Engine::Real,
            cores: host_cores(),
            seed: DEFAULT_SEED,
            cost: CostModel::default(),
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
