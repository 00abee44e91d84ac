//! The command line: clap structs, then the commands they dispatch to.
//! Raw flags are parsed first, then checked against the program.
//!
//! # Output and exit codes
//!
//! Nothing the command line prints can panic: every line goes through
//! [`Stdout::write_bytes`] or [`crate::vm::output::write_stderr`] (the `out!`, `outln!` and
//! `errln!` macros below), never `print!`/`eprint!`. The rules:
//!
//! - A closed pipe on standard output (EPIPE: `gilsim check ... | head -1`)
//!   ends the output quietly, as in other Unix tools: nothing more is
//!   written, no message, and the exit code is what it would have been
//!   otherwise. A `run` goes on to its end; other commands go on with
//!   their work without printing.
//! - Any other failure writing standard output (ENOSPC, EIO...) prints
//!   `gilsim: cannot write to standard output: ERROR` on stderr once the
//!   command is done, and exits 74 (EX_IOERR) — unless the command already
//!   fails with its own exit code, which wins: a run's runtime error (70)
//!   or timeout (124), an unreadable input (66)...
//! - Failures writing standard error are ignored (there is nowhere left to
//!   report them) and never change the exit code.
//! - Output files (`run --report/--trace`, sweep and experiment results,
//!   `report -o`, `calibrate -o`) are checked before the work starts: one
//!   that cannot be created exits 73 at once, not after minutes of work.

/// `print!` to standard output, never panicking (see the module's rules).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::vm::Stdout::write_str(&format!($($arg)*))
    };
}

/// `println!` to standard output, never panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::vm::Stdout::write_str(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!`, never panicking; failures are ignored.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::vm::output::write_stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod args;
mod chart_args;
mod experiment;
mod load;
mod preset;
mod repeat;
mod replay;
mod run;
mod sweep;
mod validate;

pub use args::*;
pub use repeat::RepeatArgs;
pub use replay::ReplayArgs;
pub use sweep::{split_policies, SweepArgs};

use crate::bytecode::disasm;
use crate::engine::{self, Mode};
use crate::error::{check_writable, exit, load_program, Error};
use crate::experiment::results::SweepResults;
use crate::gil::PolicyId;
use crate::vm::output::StdoutStatus;
use crate::vm::Stdout;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// gilsim — a simulator of Python's Global Interpreter Lock.
#[derive(Debug, Parser)]
#[command(
    name = "gilsim",
    version,
    about = "A simulator of Python's Global Interpreter Lock",
    long_about = "gilsim runs Python programs (.py: the Python of tutorials, with threading, \
queue, concurrent.futures, multiprocessing and asyncio) and .pyasm bytecode programs \
(CPython-style opcodes) on a small stack-based VM, on several interpreter threads that share \
a simulated CPython GIL (or no lock at all in free mode), as asyncio tasks on one thread, as \
separate processes or in subinterpreters — on real OS threads or, with --engine virtual, in a \
deterministic simulation over a virtual clock on any number of simulated cores.\n\nExit \
codes: 0 success, 2 bad command line, 64 usage error (no such entry function, wrong argument \
count), 65 malformed program or results file, 66 missing file, 69 validate: no Python to \
compare with, 70 runtime error or deadlock, 73 output file not writable, 74 standard output \
not writable (a closed pipe is not an error), 79 replay: the program changed since the \
report, 80 validate: a fidelity target missed, 124 --timeout expired; a program's \
sys.exit(n) exits n.\n\nDocumentation: docs/ in the source tree (docs/SUMMARY.md); every \
command and flag: docs/reference/cli.md.",
    after_help = "Examples:\n  gilsim run programs/learn/01_sequential_vs_threads_cpu.py\n  gilsim run programs/countdown.py --entry bench --arg 2 --arg 10000000 --mode free\n  gilsim run programs/convoy.pyasm --format json\n  gilsim dis programs/fib.py\n  gilsim check programs/*.py programs/*.pyasm"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile (.py) or assemble (.pyasm), verify and run a program on one
    /// or more interpreter threads.
    #[command(
        after_help = "Examples:\n  gilsim run programs/learn/02_io_bound_threads.py\n  gilsim run programs/learn/09_cpu_vs_io_mix.py --engine virtual\n  gilsim run programs/countdown.pyasm --arg 10000000\n  gilsim run programs/countdown.pyasm --arg 5000000 --threads 2 --mode free\n  gilsim run programs/convoy.pyasm --switch-interval 1ms --format json\n  gilsim run programs/fib.pyasm --entry fib --arg 15"
    )]
    Run(RunArgs),
    /// Run a report's run again (`gilsim run --format json` records it):
    /// the same program, checked by its SHA-256, and the same settings.
    #[command(
        after_help = "Examples:\n  gilsim run programs/convoy.pyasm --arg 50 --arg 0.001 --arg 20000000 --engine virtual --seed 7 \\\n      --format json --report r.json\n  gilsim replay r.json --report again.json && cmp r.json again.json\n\nOn the virtual engine the replay's JSON report is byte-identical to the original's."
    )]
    Replay(ReplayArgs),
    /// List the runtime presets `--runtime` accepts: each one's lock, the
    /// settings it makes and the sources of its figures.
    #[command(
        after_help = "Examples:\n  gilsim runtimes\n  gilsim run programs/convoy.pyasm --runtime ruby-3.3 --engine virtual\n  gilsim sweep --engine virtual --runtimes cpython-3.11,cpython-2.7,ruby-3.3,ocaml-4.14"
    )]
    Runtimes,
    /// List the GIL scheduling policies `--policy` and `--policies` accept,
    /// each with its parameters and their defaults.
    #[command(
        after_help = "Examples:\n  gilsim policies\n  gilsim run programs/convoy.pyasm --policy 'io-priority(boost=2ms)' --engine virtual\n  gilsim experiment convoy --policies newgil,fifo,io-priority --engine virtual"
    )]
    Policies,
    /// Print a program's bytecode as .pyasm (it assembles back to the same
    /// program): a .py file's compiled code, or a .pyasm file's.
    #[command(
        after_help = "Examples:\n  gilsim dis programs/fib.py\n  gilsim dis programs/fib.pyasm > fib.dis.pyasm"
    )]
    Dis {
        /// The program: a .py or a .pyasm file.
        file: PathBuf,
    },
    /// Compile (.py) or assemble (.pyasm) and verify programs without
    /// running them.
    #[command(after_help = "Example:\n  gilsim check programs/*.py programs/*.pyasm")]
    Check {
        /// The programs: .py or .pyasm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run a grid of workloads x modes x policies x switch intervals x
    /// threads x cores x seeds and write PREFIX.json and tidy CSV files.
    #[command(
        after_help = "Examples:\n  gilsim sweep\n  gilsim sweep --workload cpu=programs/countdown.pyasm:%20000000 --threads 1,2,4 --reps 3 -o cpu\n  gilsim sweep --workload cpu=programs/countdown.py@countdown:%20000000\n  gilsim sweep --engine virtual --policies newgil,fifo,io-priority --switch-intervals 5ms,1ms --seeds 1..5 --modes gil\n  gilsim sweep --engine virtual --seeds 1..20 --shard 3/8 -o part3   (then: gilsim merge part*.json)\n\nA workload is NAME=FILE[@ENTRY]:ARG,ARG,... where one ARG is %TOTAL, the work: in strong\nscaling each of N threads gets TOTAL/N, in weak scaling each gets TOTAL. Every cell reports\nn, mean, sd, median, min, max and a 95% t-interval of its figures over its runs."
    )]
    Sweep(SweepArgs),
    /// Join the shards of one sweep (`sweep --shard K/N`) into the results
    /// an unsharded run writes, byte for byte.
    #[command(
        after_help = "Example:\n  for k in 0 1 2 3; do gilsim sweep --engine virtual --seeds 1..8 --shard $k/4 -o part$k; done\n  gilsim merge part0.json part1.json part2.json part3.json -o sweep"
    )]
    Merge {
        /// Every shard's PREFIX.json.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output prefix: writes PREFIX.json and the CSV files.
        #[arg(short, long, default_value = "sweep")]
        out: PathBuf,
    },
    /// Tell whether two sweeps differ beyond noise: cells matched on the
    /// parameters both share, each pair with Welch's 95% interval of the
    /// difference of means.
    #[command(
        after_help = "Example:\n  gilsim sweep --engine virtual --policies newgil --seeds 1..10 -o a\n  gilsim sweep --engine virtual --policies fifo --seeds 1..10 -o b\n  gilsim compare a.json b.json --figure speedup"
    )]
    Compare {
        /// The baseline results (`sweep`, `merge` or `report` JSON).
        a: PathBuf,
        /// The results compared with it.
        b: PathBuf,
        /// The figure compared.
        #[arg(long, value_enum, default_value = "wall")]
        figure: crate::experiment::compare::Figure,
        /// text: a readable table; json: the same as one JSON object
        /// (`figure`, `differs_in`, `pairs` with `a`, `b` and `diff`,
        /// `unmatched`).
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
        /// Shorthand for --format json.
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
    /// Draw the charts of a sweep's JSON results, or redraw another
    /// command's chart (`plot timeline`, `convoy`, `load`, `validate`), as
    /// SVG, PNG or PDF, sized and themed for slides or papers.
    #[command(
        after_help = "Examples:\n  gilsim plot sweep.json -o plots\n  gilsim plot sweep.json -o slides --slides --theme dark --series gil,process\n  gilsim plot timeline convoy.json -o convoy.png\n  gilsim plot timeline newgil.json io-priority.json -o compare.pdf\n\nMaking each chart: docs/guide/speakers.md."
    )]
    Plot(PlotArgs),
    /// Research experiments: the convoy effect across policies and switch
    /// intervals, ccbench-style throughput/latency/bandwidth tables, and
    /// latency against offered load (`experiment load`).
    #[command(subcommand)]
    Experiment(ExperimentKind),
    /// Measure this machine with the real engine and write a cost model for
    /// `--engine virtual --cost-model FILE` (takes about six seconds).
    #[command(
        after_help = "Examples:\n  gilsim calibrate -o costmodel.json\n  gilsim run programs/convoy.pyasm --engine virtual --cost-model costmodel.json"
    )]
    Calibrate {
        /// The cost-model file to write.
        #[arg(short, long, default_value = "costmodel.json")]
        out: PathBuf,
        /// Shorter measurements (about a second; rougher figures).
        #[arg(long)]
        quick: bool,
    },
    /// How close is gilsim to the real interpreters here? Runs a standard
    /// set (CPU-bound and IO-bound scaling, the convoy, the GIL battle, a
    /// queue pipeline) under every Python found and under gilsim with the
    /// matching --runtime on both engines; prints real, gilsim real,
    /// gilsim virtual and deviations against fidelity targets.
    #[command(
        after_help = "Examples:\n  gilsim validate\n  gilsim validate --python python3 --python ~/.pyenv/versions/2.7.18/bin/python2.7 --rounds 3\n  gilsim validate --figures cpu,convoy -o quick\n\nWrites PREFIX.json and a chart (PREFIX.png, PREFIX.svg). Exit 0 when every figure with a\ntarget is within it on both engines, 80 when one misses, 69 when no interpreter is found."
    )]
    Validate(validate::ValidateArgs),
    /// Internal: run one process-mode worker (a job on stdin, JSON lines out).
    #[command(hide = true)]
    Worker,
    /// The main job: run the default sweep over the sample programs and
    /// write plots/*.svg, plots/*.png, plots/results.json and tidy CSV,
    /// plus GIL timelines of the convoy program.
    #[command(after_help = "Example:\n  cargo run --release -- report")]
    Report {
        /// Directory for results and charts.
        #[arg(short, long, default_value = "plots")]
        out: PathBuf,
        /// Repetitions per cell (1 to 1000): on the virtual engine, that
        /// many seeds from --seed.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=MAX_REPS))]
        reps: u32,
        /// Runtime presets to sweep instead of the modes, as `sweep
        /// --runtimes` does (`cpython-3.11,cpython-2.7,ruby-3.3`; `gilsim
        /// runtimes` lists them): each sets its points' mode, policy,
        /// intervals, free-threading profile and runtime costs. The convoy
        /// timelines stay newgil beside io-priority.
        #[arg(
            long = "runtimes",
            visible_alias = "runtime",
            value_name = "LIST",
            value_delimiter = ','
        )]
        runtimes: Vec<String>,
        /// Virtual engine: runs at once [default: this machine's cores].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4096))]
        jobs: Option<u32>,
        /// Engine flags.
        #[command(flatten)]
        engine: EngineArgs,
        /// How the charts look.
        #[command(flatten)]
        chart: chart_args::ChartArgs,
    },
}

/// The whole `gilsim` binary: parses the command line, runs it, prints
/// any error, and returns the exit code by the rules of this module.
pub fn main() -> i32 {
    let code = match Cli::try_parse() {
        Ok(cli) => match execute(cli) {
            Ok(code) => code,
            Err(e) => {
                errln!("{e}");
                e.exit_code()
            }
        },
        Err(e) => clap_exit(&e),
    };
    finish(code)
}

/// Prints clap's message (help and version on stdout, usage errors on
/// stderr) and returns its exit code.
fn clap_exit(e: &clap::Error) -> i32 {
    use std::io::Write;
    let printed = e.print();
    if !e.use_stderr() {
        if let Err(err) = printed.and_then(|()| std::io::stdout().flush()) {
            Stdout::record_failure(err);
        }
    }
    e.exit_code()
}

/// The exit code once standard output's fate is known: a failure other
/// than a closed pipe is reported, and is 74 if nothing else failed.
fn finish(code: i32) -> i32 {
    match Stdout::status() {
        StdoutStatus::Failed(e) => {
            errln!("gilsim: cannot write to standard output: {e}");
            if code == exit::OK {
                exit::IO_ERROR
            } else {
                code
            }
        }
        StdoutStatus::Open | StdoutStatus::Closed => code,
    }
}

/// Runs a parsed command line; returns the exit code.
pub fn execute(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::Replay(a) => replay::replay(a),
        Command::Policies => {
            outln!("{}", crate::gil::PolicyId::help());
            Ok(exit::OK)
        }
        Command::Runtimes => {
            out!("{}", crate::runtime::Runtime::listing());
            Ok(exit::OK)
        }
        Command::Dis { file } => {
            let p = load_program(&file)?;
            out!("{}", disasm::disassemble(&p));
            Ok(exit::OK)
        }
        Command::Check { files } => {
            for f in &files {
                let p = load_program(f)?;
                let n: usize = p.functions().iter().map(|f| f.code.len()).sum();
                outln!(
                    "{}: ok ({} functions, {n} instructions)",
                    f.display(),
                    p.functions().len()
                );
            }
            Ok(exit::OK)
        }
        Command::Sweep(a) => sweep::sweep(a),
        Command::Merge { shards, out } => sweep::merge(&shards, &out),
        Command::Compare {
            a,
            b,
            figure,
            format,
            json,
        } => sweep::compare(
            &a,
            &b,
            figure,
            if json { TableFormat::Json } else { format },
        ),
        Command::Plot(PlotArgs {
            kind:
                Some(PlotKind::Timeline {
                    traces,
                    out,
                    from_ms,
                    to_ms,
                    chart,
                }),
            ..
        }) => {
            if let Some(to) = to_ms.filter(|to| *to <= from_ms) {
                return Err(Error::Usage(format!(
                    "--to-ms ({to}) must be after --from-ms ({from_ms})"
                )));
            }
            let loaded = traces
                .iter()
                .map(|p| crate::plot::timeline::TimelineData::read(p))
                .collect::<Result<Vec<_>, _>>()?;
            crate::plot::timeline::draw(&loaded, &out, from_ms, to_ms, &chart.style())?;
            outln!("wrote {}", out.display());
            Ok(exit::OK)
        }
        Command::Plot(PlotArgs {
            kind:
                Some(PlotKind::Validate {
                    results,
                    out,
                    chart,
                }),
            ..
        }) => validate::plot(&results, &out, &chart.output()?),
        Command::Plot(PlotArgs {
            kind:
                Some(PlotKind::Convoy {
                    results,
                    out,
                    chart,
                }),
            ..
        }) => {
            let r = crate::experiment::convoy::ConvoyResults::read_json(&results)?;
            draw_chart(
                &crate::plot::convoy::ConvoyChart { results: &r },
                &out,
                &chart.output()?,
            )
        }
        Command::Plot(PlotArgs {
            kind:
                Some(PlotKind::Load {
                    results,
                    out,
                    chart,
                }),
            ..
        }) => {
            let r = crate::experiment::load::LoadResults::read_json(&results)?;
            draw_chart(
                &crate::plot::load::LoadChart { results: &r },
                &out,
                &chart.output()?,
            )
        }
        Command::Plot(PlotArgs {
            results,
            out,
            chart,
            ..
        }) => {
            let results =
                results.ok_or_else(|| Error::Usage("plot needs a results file".into()))?;
            let r = SweepResults::read_json(&results)?;
            for f in crate::plot::sweep::plot_all(&r, &out, &chart.output()?)? {
                outln!("wrote {}", f.display());
            }
            Ok(exit::OK)
        }
        Command::Report {
            out,
            reps,
            runtimes,
            jobs,
            engine,
            chart,
        } => sweep::report(&out, reps, &runtimes, &engine, jobs, &chart.output()?),
        Command::Experiment(kind) => experiment::experiment(kind),
        Command::Worker => engine::process::worker_main(),
        Command::Validate(a) => validate::validate(a),
        Command::Calibrate { out, quick } => {
            check_writable(&out)?;
            let work = if quick { 0.02 } else { 1.0 };
            let m = engine::vtime::calibrate::calibrate(work, |name, v, how| {
                // A closed pipe must not stop the measuring.
                outln!("{name:<20} {v:>14.2}  {how}");
            })?;
            m.save(&out)?;
            outln!("wrote {}", out.display());
            Ok(exit::OK)
        }
    }
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Gil => Mode::Gil,
            ModeArg::Free => Mode::Free,
            ModeArg::Async => Mode::Async,
            ModeArg::Process => Mode::Process,
            ModeArg::Interp => Mode::Interp,
        }
    }
}

/// Checks `--series` against `chart`, draws it at `out` in every format
/// asked for and says which files it wrote.
fn draw_chart<C: crate::plot::Chart>(
    chart: &C,
    out: &Path,
    output: &crate::plot::Output,
) -> Result<i32, Error> {
    output
        .style
        .check_series(&chart.series_names())
        .map_err(Error::Usage)?;
    for f in output.save(chart, out)? {
        outln!("wrote {}", f.display());
    }
    Ok(exit::OK)
}

/// [`check_writable`] for each file, before the work that fills them.
fn check_all_writable(paths: &[&Path]) -> Result<(), Error> {
    paths.iter().try_for_each(|p| check_writable(p))
}

/// The policies named, checked; every policy for Python's GIL if none
/// (other runtimes' locks run when named).
fn policies(names: Vec<String>) -> Result<Vec<PolicyId>, Error> {
    if names.is_empty() {
        return Ok(PolicyId::python().collect());
    }
    split_policies(&names)
}

/// Writes any result as pretty JSON and says so.
fn write_json<T: serde::Serialize>(path: &std::path::Path, value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).expect("results always serialise") + "\n";
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    outln!("wrote {}", path.display());
    Ok(())
}
