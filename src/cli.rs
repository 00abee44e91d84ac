//! The command line: clap structs, then the commands they dispatch to.
//! Raw flags are parsed first, then checked against the program.

use crate::asm::parse_constant;
use crate::bytecode::disasm;
use crate::engine::{self, Mode, RunConfig, DEFAULT_MAX_THREADS, DEFAULT_RECURSION_LIMIT};
use crate::error::{exit, load_program, Error};
use crate::experiment::results::SweepResults;
use crate::experiment::sweep::{run_sweep, SweepConfig};
use crate::experiment::workload::{Scaling, Workload};
use crate::metrics::{table, RunEnd, RunReport};
use crate::vm::{Output, Stdout, Value};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;

/// gilsim — a simulator of Python's Global Interpreter Lock.
#[derive(Debug, Parser)]
#[command(
    name = "gilsim",
    version,
    about = "A simulator of Python's Global Interpreter Lock",
    long_about = "gilsim runs .pyasm bytecode programs (CPython-style opcodes) and a subset \
of Python (.py) on a small stack-based VM, on several interpreter threads that share a \
simulated CPython GIL (or no lock at all in free mode), as asyncio tasks on one thread, or \
as separate processes.\n\nExit codes: 0 success, 2 bad command line, 64 usage error (no such \
entry function, wrong argument count), 65 malformed program or results file, 66 missing \
file, 70 runtime error or deadlock, 73 output file not writable, 124 --timeout expired.",
    after_help = "Examples:\n  gilsim run programs/countdown.pyasm --arg 10000000 --threads 2\n  gilsim run programs/convoy.pyasm --format json\n  gilsim dis programs/fib.pyasm\n  gilsim check programs/*.pyasm"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assemble, verify and run a program on one or more interpreter threads.
    #[command(
        after_help = "Examples:\n  gilsim run programs/countdown.pyasm --arg 10000000\n  gilsim run programs/countdown.pyasm --arg 5000000 --threads 2 --mode free\n  gilsim run programs/convoy.pyasm --switch-interval 1ms --format json\n  gilsim run programs/fib.pyasm --entry fib --arg 15"
    )]
    Run(RunArgs),
    /// Print a program's disassembly (it assembles back to the same program).
    #[command(after_help = "Example:\n  gilsim dis programs/fib.pyasm > fib.dis.pyasm")]
    Dis {
        /// The .pyasm file.
        file: PathBuf,
    },
    /// Assemble and verify programs without running them.
    #[command(after_help = "Example:\n  gilsim check programs/*.pyasm")]
    Check {
        /// The .pyasm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run a matrix of workloads x modes x thread counts x repetitions and
    /// write PREFIX.json and PREFIX.csv.
    #[command(
        after_help = "Examples:\n  gilsim sweep\n  gilsim sweep --workload cpu=programs/countdown.pyasm:%20000000 --threads 1,2,4 --reps 3 -o cpu\n  gilsim sweep --workload io=programs/io_wait.pyasm:%64,0.002 --scaling weak --modes gil\n  gilsim sweep --workload cpu=programs/countdown.py@countdown:%20000000\n\nA workload is NAME=FILE[@ENTRY]:ARG,ARG,... where one ARG is %TOTAL, the work: in strong\nscaling each of N threads gets TOTAL/N, in weak scaling each gets TOTAL."
    )]
    Sweep(SweepArgs),
    /// Draw the charts of a sweep's JSON results (SVG and PNG), or a GIL
    /// timeline of traces (`plot timeline`).
    #[command(
        after_help = "Examples:\n  gilsim plot sweep.json -o plots\n  gilsim plot timeline convoy.json -o convoy.png\n  gilsim plot timeline newgil.json io-priority.json -o compare.svg"
    )]
    Plot(PlotArgs),
    /// Research experiments: the convoy effect across policies and switch
    /// intervals, and ccbench-style throughput/latency/bandwidth tables.
    #[command(subcommand)]
    Experiment(ExperimentKind),
    /// Internal: run one process-mode worker (a job on stdin, JSON lines out).
    #[command(hide = true)]
    Worker,
    /// The main job: run the default sweep over the sample programs and
    /// write plots/*.svg, plots/*.png, plots/results.json and .csv, plus
    /// GIL timelines of the convoy program.
    #[command(after_help = "Example:\n  cargo run --release -- report")]
    Report {
        /// Directory for results and charts.
        #[arg(short, long, default_value = "plots")]
        out: PathBuf,
        /// Repetitions per cell.
        #[arg(long, default_value_t = 5)]
        reps: u32,
    },
}

/// `gilsim plot`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct PlotArgs {
    /// What else to plot.
    #[command(subcommand)]
    pub kind: Option<PlotKind>,
    /// A results file written by `gilsim sweep`.
    #[arg(required = true)]
    pub results: Option<PathBuf>,
    /// Directory for the charts.
    #[arg(short, long, default_value = "plots")]
    pub out: PathBuf,
}

/// Other plots.
#[derive(Debug, Subcommand)]
pub enum PlotKind {
    /// Redraw the chart of `experiment convoy` results.
    Convoy {
        /// A JSON file written by `gilsim experiment convoy`.
        results: PathBuf,
        /// Output prefix: writes PREFIX.svg and PREFIX.png.
        #[arg(short, long, default_value = "convoy")]
        out: PathBuf,
    },
    /// Which thread holds the GIL over time, with waits, IO and drop
    /// requests, from one trace (`run --trace`) or two side by side.
    Timeline {
        /// One or two trace files written by `gilsim run --trace`.
        #[arg(required = true, num_args = 1..=2)]
        traces: Vec<PathBuf>,
        /// Output file: .svg or .png.
        #[arg(short, long)]
        out: PathBuf,
        /// Start of the window shown (ms from the start of the run).
        #[arg(long, default_value_t = 0.0)]
        from_ms: f64,
        /// End of the window shown (ms); default: the end of the longest trace.
        #[arg(long)]
        to_ms: Option<f64>,
    },
}

/// `gilsim experiment`.
#[derive(Debug, Subcommand)]
pub enum ExperimentKind {
    /// One IO-bound thread doing many short IO waits beside 0, 1, 2 and 4
    /// CPU-bound threads, for each policy and switch interval: IO ops/s, IO
    /// latency, and what the CPU-bound threads lose. Writes PREFIX.json,
    /// PREFIX.svg and PREFIX.png.
    #[command(after_help = "Example:\n  gilsim experiment convoy -o plots/convoy")]
    Convoy {
        /// Policies (default: all).
        #[arg(long, value_delimiter = ',')]
        policies: Vec<String>,
        /// Switch intervals.
        #[arg(long, value_delimiter = ',', default_value = "5ms,1ms,100us", value_parser = crate::duration::parse_ns)]
        intervals: Vec<u64>,
        /// Output prefix.
        #[arg(short, long, default_value = "convoy")]
        out: PathBuf,
    },
    /// Throughput, latency and bandwidth tables in the style of CPython's
    /// former Tools/ccbench, for each policy. Writes PREFIX.json.
    #[command(after_help = "Example:\n  gilsim experiment ccbench --policies newgil,io-priority")]
    Ccbench {
        /// Policies (default: all).
        #[arg(long, value_delimiter = ',')]
        policies: Vec<String>,
        /// Switch interval.
        #[arg(long, default_value = "5ms", value_parser = crate::duration::parse_ns)]
        switch_interval: u64,
        /// Length of each throughput run (ms).
        #[arg(long, default_value_t = 200)]
        ms: u64,
        /// Output prefix.
        #[arg(short, long, default_value = "ccbench")]
        out: PathBuf,
    },
}

/// `gilsim sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// A workload NAME=FILE:ARGS (repeatable); default: the built-in
    /// cpu=countdown and io=io_wait workloads.
    #[arg(long = "workload", value_name = "SPEC")]
    pub workloads: Vec<String>,
    /// Modes to sweep.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "gil,free")]
    pub modes: Vec<ModeArg>,
    /// Thread counts (1 is the baseline for speedups).
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8,16", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub threads: Vec<u32>,
    /// Scalings: strong (fixed total work) and/or weak (fixed work per thread).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "strong,weak")]
    pub scaling: Vec<Scaling>,
    /// Repetitions per cell.
    #[arg(long, default_value_t = 5)]
    pub reps: u32,
    /// GIL policy in gil mode.
    #[arg(long, default_value = "newgil")]
    pub policy: String,
    /// Switch interval.
    #[arg(long, default_value = "5ms", value_parser = crate::duration::parse_ns)]
    pub switch_interval: u64,
    /// Output prefix: writes PREFIX.json and PREFIX.csv.
    #[arg(short, long, default_value = "sweep")]
    pub out: PathBuf,
}

/// How the end-of-run report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Text,
    /// One JSON object (fields in README).
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
}

/// `gilsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The .pyasm file.
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
    /// one OS thread, cooperative tasks of an event loop.
    #[arg(long, value_enum, default_value = "gil")]
    pub mode: ModeArg,
    /// The GIL scheduling policy (gil mode): newgil, ticks, fifo, io-priority.
    #[arg(long, default_value = "newgil")]
    pub policy: String,
    /// The switch interval, like sys.setswitchinterval: 5ms, 100us, 0.005.
    #[arg(long, default_value = "5ms", value_parser = crate::duration::parse_ns)]
    pub switch_interval: u64,
    /// Instructions between releases for --policy ticks (sys.setcheckinterval).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub check_interval: u64,
    /// Stop the run after this long (e.g. 10s), reporting the metrics so far.
    #[arg(long, value_parser = crate::duration::parse_ns)]
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
}

/// Runs a parsed command line; returns the exit code.
pub fn execute(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Run(a) => run(a),
        Command::Dis { file } => {
            let p = load_program(&file)?;
            print!("{}", disasm::disassemble(&p));
            Ok(exit::OK)
        }
        Command::Check { files } => {
            for f in &files {
                let p = load_program(f)?;
                let n: usize = p.functions().iter().map(|f| f.code.len()).sum();
                println!(
                    "{}: ok ({} functions, {n} instructions)",
                    f.display(),
                    p.functions().len()
                );
            }
            Ok(exit::OK)
        }
        Command::Sweep(a) => sweep(a),
        Command::Plot(PlotArgs {
            kind:
                Some(PlotKind::Timeline {
                    traces,
                    out,
                    from_ms,
                    to_ms,
                }),
            ..
        }) => {
            let loaded = traces
                .iter()
                .map(|p| crate::plot::timeline::TimelineData::read(p))
                .collect::<Result<Vec<_>, _>>()?;
            crate::plot::timeline::draw(&loaded, &out, from_ms, to_ms)?;
            println!("wrote {}", out.display());
            Ok(exit::OK)
        }
        Command::Plot(PlotArgs {
            kind: Some(PlotKind::Convoy { results, out }),
            ..
        }) => {
            let text = std::fs::read_to_string(&results).map_err(|source| Error::Read {
                path: results.clone(),
                source,
            })?;
            let r: crate::experiment::convoy::ConvoyResults =
                serde_json::from_str(&text).map_err(|e| Error::Results {
                    path: results.clone(),
                    message: format!("not gilsim convoy results: {e}"),
                })?;
            for f in crate::plot::save(&crate::plot::convoy::ConvoyChart { results: &r }, &out)? {
                println!("wrote {}", f.display());
            }
            Ok(exit::OK)
        }
        Command::Plot(PlotArgs { results, out, .. }) => {
            let results =
                results.ok_or_else(|| Error::Usage("plot needs a results file".into()))?;
            let r = SweepResults::read_json(&results)?;
            for f in crate::plot::sweep::plot_all(&r, &out)? {
                println!("wrote {}", f.display());
            }
            Ok(exit::OK)
        }
        Command::Report { out, reps } => report(&out, reps),
        Command::Experiment(kind) => experiment(kind),
        Command::Worker => engine::process::worker_main(),
    }
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Gil => Mode::Gil,
            ModeArg::Free => Mode::Free,
            ModeArg::Async => Mode::Async,
            ModeArg::Process => Mode::Process,
        }
    }
}

fn sweep(a: SweepArgs) -> Result<i32, Error> {
    let workloads = if a.workloads.is_empty() {
        crate::experiment::workload::defaults()
    } else {
        a.workloads
            .iter()
            .map(|s| Workload::parse(s))
            .collect::<Result<_, _>>()?
    };
    if crate::gil::by_name(&a.policy, crate::gil::PolicyConfig::default()).is_none() {
        return Err(Error::Usage(format!(
            "unknown policy '{}' (policies: {})",
            a.policy,
            crate::gil::names()
        )));
    }
    let cfg = SweepConfig {
        workloads,
        modes: a.modes.into_iter().map(Mode::from).collect(),
        threads: a.threads,
        scalings: a.scaling,
        repetitions: a.reps,
        policy: a.policy,
        switch_interval_ns: a.switch_interval,
    };
    let r = run_sweep(&cfg)?;
    let (json, csv) = (a.out.with_extension("json"), a.out.with_extension("csv"));
    r.write_json(&json)?;
    r.write_csv(&csv)?;
    print!("{}", summary(&r));
    println!("wrote {} and {}", json.display(), csv.display());
    Ok(exit::OK)
}

/// The policies named, checked; all registered ones if none.
fn policies(names: Vec<String>) -> Result<Vec<String>, Error> {
    if names.is_empty() {
        return Ok(crate::gil::REGISTRY
            .iter()
            .map(|e| e.0.to_string())
            .collect());
    }
    for n in &names {
        if crate::gil::by_name(n, crate::gil::PolicyConfig::default()).is_none() {
            return Err(Error::Usage(format!(
                "unknown policy '{n}' (policies: {})",
                crate::gil::names()
            )));
        }
    }
    Ok(names)
}

fn experiment(kind: ExperimentKind) -> Result<i32, Error> {
    use crate::experiment::{ccbench, convoy};
    match kind {
        ExperimentKind::Convoy {
            policies: names,
            intervals,
            out,
        } => {
            let cfg = convoy::ConvoyConfig {
                policies: policies(names)?,
                intervals_ns: intervals,
                ..Default::default()
            };
            let r = convoy::run(&cfg)?;
            print!("{}", convoy::table(&r));
            write_json(&out.with_extension("json"), &r)?;
            for f in crate::plot::save(&crate::plot::convoy::ConvoyChart { results: &r }, &out)? {
                println!("wrote {}", f.display());
            }
        }
        ExperimentKind::Ccbench {
            policies: names,
            switch_interval,
            ms,
            out,
        } => {
            let r = ccbench::run(&policies(names)?, switch_interval, ms)?;
            print!("{}", ccbench::tables(&r));
            write_json(&out.with_extension("json"), &r)?;
        }
    }
    Ok(exit::OK)
}

/// Writes any result as pretty JSON and says so.
fn write_json<T: serde::Serialize>(path: &std::path::Path, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).expect("results always serialise") + "\n";
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    println!("wrote {}", path.display());
    Ok(())
}

fn report(out: &std::path::Path, reps: u32) -> Result<i32, Error> {
    let cfg = SweepConfig {
        repetitions: reps,
        ..SweepConfig::default_sweep()
    };
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let r = run_sweep(&cfg)?;
    r.write_json(&out.join("results.json"))?;
    r.write_csv(&out.join("results.csv"))?;
    print!("{}", summary(&r));
    println!(
        "wrote {} and {}",
        out.join("results.json").display(),
        out.join("results.csv").display()
    );
    for f in crate::plot::sweep::plot_all(&r, out)? {
        println!("wrote {}", f.display());
    }
    for f in crate::experiment::timelines::convoy_timelines(out)? {
        println!("wrote {}", f.display());
    }
    Ok(exit::OK)
}

/// A readable table of a sweep's cells.
fn summary(r: &SweepResults) -> String {
    use std::fmt::Write;
    let h = &r.header;
    let mut s = format!(
        "sweep on {} cores ({}), median of {} runs\n{:<10} {:<7} {:<5} {:>7} {:>12} {:>9} {:>10} {:>10} {:>9}\n",
        h.machine.cores, h.machine.cpu_model, h.repetitions, "workload", "scaling", "mode", "threads", "median ms", "speedup", "efficiency", "gil wait", "switches"
    );
    for c in &r.cells {
        let _ = writeln!(
            s,
            "{:<10} {:<7} {:<5} {:>7} {:>12.2} {:>9.2} {:>9.0}% {:>9.0}% {:>9}",
            c.workload,
            c.scaling,
            c.mode,
            c.threads,
            c.wall_median_ns as f64 / 1e6,
            c.speedup,
            c.efficiency * 100.0,
            c.gil_wait_share * 100.0,
            c.switches
        );
    }
    s
}

fn parse_args(raw: &[String]) -> Result<Vec<Value>, Error> {
    raw.iter()
        .map(|s| parse_constant(s).map_err(|m| Error::Usage(format!("--arg {s}: {m}"))))
        .collect()
}

/// Writes lines to stderr, each with one locked write.
struct Stderr;

impl Output for Stderr {
    fn line(&self, text: &str) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

fn run(a: RunArgs) -> Result<i32, Error> {
    let program = Arc::new(load_program(&a.file)?);
    let cfg = RunConfig {
        entry: a
            .entry
            .unwrap_or_else(|| crate::error::default_entry(&a.file).to_string()),
        args: parse_args(&a.args)?,
        threads: a.threads,
        mode: a.mode.into(),
        policy: a.policy,
        switch_interval_ns: a.switch_interval,
        check_interval: a.check_interval,
        timeout_ns: a.timeout,
        max_threads: a.max_threads,
        recursion_limit: a.recursion_limit,
        worker_exe: None,
    };
    let (report, trace) = engine::real::run_traced(
        program,
        &cfg,
        Arc::new(Stdout),
        Arc::new(Stderr),
        a.trace.is_some(),
    )?;
    if let (Some(path), Some(trace)) = (&a.trace, trace) {
        trace.write(path)?;
    }
    if let Some(d) = &report.deadlock {
        eprintln!("{d}");
    }
    if report.end == RunEnd::Timeout {
        eprintln!(
            "timeout: the run was stopped after {:.3} s (--timeout); metrics so far follow",
            report.wall_ns as f64 / 1e9
        );
    }
    write_report(&report, a.format, a.report.as_deref())?;
    Ok(match report.end {
        RunEnd::Ok => exit::OK,
        RunEnd::Error | RunEnd::Deadlock => exit::RUNTIME,
        RunEnd::Timeout => exit::TIMEOUT,
    })
}

fn write_report(
    r: &RunReport,
    format: Format,
    file: Option<&std::path::Path>,
) -> Result<(), Error> {
    let text = match format {
        Format::None => return Ok(()),
        Format::Text => table::render(r),
        Format::Json => serde_json::to_string_pretty(r).expect("a report always serialises") + "\n",
    };
    match file {
        Some(path) => std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        }),
        None => {
            eprint!("{text}");
            Ok(())
        }
    }
}
