//! The command line's argument structs (clap derive), apart from the
//! commands that use them.

use crate::engine::{DEFAULT_MAX_THREADS, DEFAULT_RECURSION_LIMIT};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

/// Most repetitions per cell of `sweep` and `report`.
pub const MAX_REPS: i64 = 1000;

/// Longest `experiment ccbench --ms`: one hour per throughput run.
pub const MAX_CCBENCH_MS: u64 = 3_600_000;

/// Parses a time in milliseconds for a plot's window: a finite number >= 0.
pub fn parse_ms(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of milliseconds"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!(
            "'{text}': must be a finite number of milliseconds >= 0"
        ));
    }
    Ok(v)
}

/// `gilsim plot`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct PlotArgs {
    /// What else to plot.
    #[command(subcommand)]
    pub kind: Option<PlotKind>,
    /// A results file written by `gilsim sweep` or `gilsim report`.
    #[arg(required = true)]
    pub results: Option<PathBuf>,
    /// Directory for the charts.
    #[arg(short, long, default_value = "plots")]
    pub out: PathBuf,
    /// How the charts look.
    #[command(flatten)]
    pub chart: super::chart_args::ChartArgs,
}

/// Other plots.
#[derive(Debug, Subcommand)]
pub enum PlotKind {
    /// Redraw the fidelity chart of `gilsim validate` results.
    Validate {
        /// A JSON file written by `gilsim validate`.
        results: PathBuf,
        /// Output prefix: writes PREFIX.svg and PREFIX.png (see --format).
        #[arg(short, long, default_value = "validate")]
        out: PathBuf,
        /// How the chart looks.
        #[command(flatten)]
        chart: super::chart_args::ChartArgs,
    },
    /// Redraw the chart of `experiment convoy` results.
    Convoy {
        /// A JSON file written by `gilsim experiment convoy`.
        results: PathBuf,
        /// Output prefix: writes PREFIX.svg and PREFIX.png (see --format).
        #[arg(short, long, default_value = "convoy")]
        out: PathBuf,
        /// How the chart looks.
        #[command(flatten)]
        chart: super::chart_args::ChartArgs,
    },
    /// Redraw the chart of `experiment load` results.
    Load {
        /// A JSON file written by `gilsim experiment load`.
        results: PathBuf,
        /// Output prefix: writes PREFIX.svg and PREFIX.png (see --format).
        #[arg(short, long, default_value = "load")]
        out: PathBuf,
        /// How the chart looks.
        #[command(flatten)]
        chart: super::chart_args::ChartArgs,
    },
    /// Which thread holds the GIL over time, with waits, IO and drop
    /// requests, from one trace (`run --trace`) or two side by side.
    Timeline {
        /// One or two trace files written by `gilsim run --trace`.
        #[arg(required = true, num_args = 1..=2)]
        traces: Vec<PathBuf>,
        /// Output file: .svg, .png or .pdf.
        #[arg(short, long)]
        out: PathBuf,
        /// Start of the window shown (ms from the start of the run).
        #[arg(long, default_value_t = 0.0, value_parser = parse_ms)]
        from_ms: f64,
        /// End of the window shown (ms), after --from-ms; default: the end
        /// of the longest trace.
        #[arg(long, value_parser = parse_ms)]
        to_ms: Option<f64>,
        /// How the chart looks (--format does not apply: -o names the file).
        #[command(flatten)]
        chart: super::chart_args::ChartArgs,
    },
}

/// `gilsim experiment`.
#[derive(Debug, Subcommand)]
pub enum ExperimentKind {
    /// A request server under open-loop (Poisson) or closed-loop load:
    /// throughput and latency p50/p99/p99.9 against offered load, per
    /// policy and switch interval, over seeds. Writes PREFIX.json, .csv,
    /// .summary.csv, .svg and .png.
    #[command(
        after_help = "Examples:\n  gilsim experiment load --engine virtual --seeds 1..5 -o plots/load\n  gilsim experiment load --engine virtual --clients 1,2,4,8,16 --think exp:10ms\n\nSee docs/guide/researchers/load.md."
    )]
    Load(Box<super::load::LoadArgs>),
    /// One IO-bound thread doing many short IO waits beside 0, 1, 2 and 4
    /// CPU-bound threads, for each policy and switch interval: IO ops/s, IO
    /// latency, and what the CPU-bound threads lose. Writes PREFIX.json,
    /// PREFIX.csv (one row per run), PREFIX.svg and PREFIX.png.
    #[command(
        after_help = "Examples:\n  gilsim experiment convoy -o plots/convoy\n  gilsim experiment convoy --engine virtual --seeds 1..10 -o c10   # c10.csv: a row per run\n  gilsim experiment convoy --engine virtual --runtime cpython-3.11 --switch-intervals 5ms,1ms"
    )]
    Convoy {
        /// Policies, comma-separated, with parameters if any:
        /// `newgil,'io-priority(boost=1ms,demote=2)'` (default: every policy
        /// for Python's GIL; gvl and masterlock when named).
        #[arg(long, visible_alias = "policy", value_name = "LIST")]
        policies: Vec<String>,
        /// Switch intervals (each more than 0, at most 1 hour) [default:
        /// 5ms,1ms,100us, or the --runtime's]. `--intervals` is the old
        /// spelling, still accepted.
        #[arg(long, visible_alias = "switch-interval", value_name = "LIST", value_delimiter = ',', value_parser = crate::duration::parse_switch_interval)]
        switch_intervals: Vec<u64>,
        /// The old spelling of --switch-intervals.
        #[arg(long = "intervals", hide = true, value_name = "LIST", value_delimiter = ',', value_parser = crate::duration::parse_switch_interval, conflicts_with = "switch_intervals")]
        old_intervals: Vec<u64>,
        /// A runtime preset with a GIL (cpython-3.11, cpython-2.7, ruby-3.3,
        /// ocaml-4.14, ...; `gilsim runtimes` lists them): its policy,
        /// switch interval and costs, as `run --runtime` sets them.
        /// --switch-intervals overrides its interval where its policy has
        /// one; --policies is refused beside it.
        #[arg(long, value_name = "NAME")]
        runtime: Option<String>,
        /// Output prefix.
        #[arg(short, long, default_value = "convoy")]
        out: PathBuf,
        /// Engine flags.
        #[command(flatten)]
        engine: EngineArgs,
        /// Repeated runs.
        #[command(flatten)]
        repeat: super::repeat::RepeatArgs,
        /// How the chart looks.
        #[command(flatten)]
        chart: super::chart_args::ChartArgs,
    },
    /// Throughput, latency and bandwidth tables in the style of CPython's
    /// former Tools/ccbench, for each policy. Writes PREFIX.json.
    #[command(
        after_help = "Examples:\n  gilsim experiment ccbench --policies newgil,io-priority\n  gilsim experiment ccbench --runtime cpython-2.7 --engine virtual"
    )]
    Ccbench {
        /// Policies, comma-separated, with parameters if any:
        /// `newgil,'io-priority(boost=1ms,demote=2)'` (default: every policy
        /// for Python's GIL; gvl and masterlock when named).
        #[arg(long, visible_alias = "policy", value_name = "LIST")]
        policies: Vec<String>,
        /// Switch interval (more than 0, at most 1 hour) [default: 5ms, or
        /// the --runtime's].
        #[arg(long, value_parser = crate::duration::parse_switch_interval)]
        switch_interval: Option<u64>,
        /// A runtime preset with a GIL (cpython-3.11, cpython-2.7, ruby-3.3,
        /// ocaml-4.14, ...; `gilsim runtimes` lists them): its policy,
        /// switch interval and costs, as `run --runtime` sets them.
        /// --switch-interval overrides its interval where its policy has
        /// one; --policies is refused beside it.
        #[arg(long, value_name = "NAME")]
        runtime: Option<String>,
        /// Length of each throughput run (ms, 1 to 3600000).
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=MAX_CCBENCH_MS))]
        ms: u64,
        /// Output prefix.
        #[arg(short, long, default_value = "ccbench")]
        out: PathBuf,
        /// Engine flags.
        #[command(flatten)]
        engine: EngineArgs,
        /// Repeated runs.
        #[command(flatten)]
        repeat: super::repeat::RepeatArgs,
    },
}

/// How a command that prints a table or JSON prints it (`compare`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A readable table.
    Text,
    /// One JSON object.
    Json,
}

/// How the end-of-run report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Text,
    /// One JSON object (fields in docs/reference/schemas.md).
    Json,
    /// No report.
    None,
}

/// `--mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// One simulated GIL (CPython's default).
    Gil,
    /// No GIL: threads run in parallel (free-threaded CPython, PEP 703).
    Free,
    /// One OS thread, tasks switching only where they wait (asyncio).
    Async,
    /// Each worker an OS process with its own GIL and globals (multiprocessing).
    Process,
    /// Each harness thread in its own interpreter of this one process: own
    /// GIL and globals (subinterpreters, PEP 684 / 734).
    Interp,
}

/// `gilsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The program: a .pyasm or a .py file.
    pub file: PathBuf,
    /// The function each harness thread calls (default: `main` for .pyasm,
    /// the module's code for .py).
    #[arg(long)]
    pub entry: Option<String>,
    /// An argument for the entry function (int, float, "str", True, False,
    /// None); repeat for several.
    #[arg(long = "arg", value_name = "V", allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// Interpreter threads started by the harness, each calling the entry
    /// function with the same arguments (the program may start more).
    #[arg(long, default_value_t = 1)]
    pub threads: u32,
    /// gil: threads share one simulated GIL; free: no global lock; async:
    /// one OS thread, cooperative tasks of an event loop; process: each
    /// harness thread a worker process with its own GIL; interp: each
    /// harness thread in its own subinterpreter (own GIL, one process)
    /// [default: gil, or the --runtime's mode].
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// A runtime preset: mode, policy and intervals of a real interpreter
    /// (cpython-3.11, cpython-2.7, cpython-3.13t, ruby-3.3, ocaml-4.14,
    /// ...; `gilsim runtimes` lists them with their sources). Explicit
    /// --switch-interval/--check-interval override the preset's; --policy,
    /// --free-threading and a contradicting --mode are refused.
    #[arg(long, value_name = "NAME")]
    pub runtime: Option<String>,
    /// The GIL scheduling policy (help text from the registry).
    #[arg(long, help = crate::gil::PolicyId::help())]
    pub policy: Option<String>,
    /// Free mode: which free-threaded CPython's costs to pay (help text
    /// from `FreeProfileId::help`).
    #[arg(long, value_name = "NAME", help = crate::spec::FreeProfileId::help())]
    pub free_threading: Option<String>,
    /// The switch interval, like sys.setswitchinterval: 5ms, 100us, 0.005
    /// (means nothing in free and async modes, which have no GIL); more
    /// than 0, at most 1 hour [default: 5ms].
    #[arg(long, value_parser = crate::duration::parse_switch_interval)]
    pub switch_interval: Option<u64>,
    /// Instructions between releases for --policy ticks (sys.setcheckinterval)
    /// [default: 100]; an error with any other policy.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub check_interval: Option<u64>,
    /// Stop the run after this long (e.g. 10s; more than 0), reporting the
    /// metrics so far.
    #[arg(long, value_parser = crate::duration::parse_positive_ns)]
    pub timeout: Option<u64>,
    /// Most threads in one run, harness threads included.
    #[arg(long, default_value_t = DEFAULT_MAX_THREADS, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_threads: u32,
    /// Most nested calls before RecursionError (like sys.setrecursionlimit).
    #[arg(long, default_value_t = DEFAULT_RECURSION_LIMIT, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub recursion_limit: u32,
    /// The end-of-run report, written to stderr (program output stays alone
    /// on stdout) or to --report.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the report to this file instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Record a trace of every thread in Chrome Trace Event Format (open it
    /// in Perfetto UI; draw it with `gilsim plot timeline`).
    #[arg(long, value_name = "FILE.json")]
    pub trace: Option<PathBuf>,
    /// Engine flags.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// `--engine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Real OS threads (or processes) and the wall clock.
    Real,
    /// A deterministic simulation over a virtual clock: --cores, --seed,
    /// --cost-model.
    Virtual,
}

/// The engine flags shared by run, sweep, experiment and report.
#[derive(Clone, Debug, clap::Args)]
pub struct EngineArgs {
    /// real: OS threads and the wall clock; virtual: a deterministic
    /// simulation over a virtual clock (same program, same policies).
    #[arg(long, value_enum, default_value = "real")]
    pub engine: EngineArg,
    /// Virtual engine: simulated cores [default: this machine's].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub cores: Option<u32>,
    /// Virtual engine: the seed of every random choice (wake-up jitter);
    /// the same seed replays a run exactly [default: 1].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Virtual engine: a cost-model file written by `gilsim calibrate`
    /// [default: the built-in model, calibrated on gilsim's development
    /// machine].
    #[arg(long, value_name = "FILE")]
    pub cost_model: Option<PathBuf>,
}

impl EngineArgs {
    /// The engine settings these flags ask for, checked.
    pub fn config(&self) -> Result<crate::engine::EngineConfig, crate::Error> {
        use crate::engine::{vtime::CostModel, EngineConfig};
        if self.engine == EngineArg::Real {
            let given = [
                (self.cores.is_some(), "--cores"),
                (self.seed.is_some(), "--seed"),
                (self.cost_model.is_some(), "--cost-model"),
            ];
            if let Some((_, flag)) = given.iter().find(|g| g.0) {
                return Err(crate::Error::Usage(format!(
                    "{flag} applies to the virtual engine only: add --engine virtual"
                )));
            }
            return Ok(EngineConfig::default());
        }
        let mut ec =
            EngineConfig::virtual_machine(self.cores.unwrap_or_else(crate::engine::host_cores));
        if let Some(seed) = self.seed {
            ec.seed = seed;
        }
        if let Some(path) = &self.cost_model {
            ec.cost = CostModel::load(path)?;
        }
        Ok(ec)
    }
}
