//! The command line: clap structs, then the commands they dispatch to.
//! Raw flags are parsed first, then checked against the program.

use crate::asm::parse_constant;
use crate::bytecode::disasm;
use crate::error::{exit, load_program, Error};
use crate::run::{run_single, RunOptions, DEFAULT_RECURSION_LIMIT};
use crate::vm::{Stdout, Value};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;

/// gilsim — a simulator of Python's Global Interpreter Lock.
#[derive(Debug, Parser)]
#[command(
    name = "gilsim",
    version,
    about = "A simulator of Python's Global Interpreter Lock",
    long_about = "gilsim runs .pyasm bytecode programs (CPython-style opcodes) on a small \
stack-based VM.\n\nExit codes: 0 success, 2 bad command line, 64 usage error (no such entry \
function, wrong argument count), 65 malformed program, 66 missing file, 70 runtime error.",
    after_help = "Examples:\n  gilsim run programs/countdown.pyasm --arg 1000000\n  gilsim run programs/fib.pyasm --arg 20 --format json\n  gilsim dis programs/fib.pyasm\n  gilsim check programs/primes.pyasm"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assemble, verify and run a program.
    #[command(
        after_help = "Examples:\n  gilsim run programs/countdown.pyasm --arg 1000000\n  gilsim run programs/fib.pyasm --entry fib --arg 15\n  gilsim run programs/primes.pyasm --arg 10000 --format json"
    )]
    Run(RunArgs),
    /// Print a program's disassembly (it assembles back to the same program).
    #[command(after_help = "Example:\n  gilsim dis programs/fib.pyasm > fib.dis.pyasm")]
    Dis {
        /// The .pyasm file.
        file: PathBuf,
    },
    /// Assemble and verify a program without running it.
    #[command(after_help = "Example:\n  gilsim check programs/*.pyasm")]
    Check {
        /// The .pyasm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// How the end-of-run report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable summary on stderr.
    Text,
    /// One JSON object on stderr.
    Json,
    /// No report.
    None,
}

/// `gilsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The .pyasm file.
    pub file: PathBuf,
    /// The function to call.
    #[arg(long, default_value = "main")]
    pub entry: String,
    /// An argument for the entry function (int, float, "str", True, False,
    /// None); repeat for several.
    #[arg(long = "arg", value_name = "V", allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// Most nested calls before RecursionError (like sys.setrecursionlimit).
    #[arg(long, default_value_t = DEFAULT_RECURSION_LIMIT, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub recursion_limit: u32,
    /// The end-of-run report on stderr.
    #[arg(long, value_enum, default_value = "none")]
    pub format: Format,
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
    }
}

fn parse_args(raw: &[String]) -> Result<Vec<Value>, Error> {
    raw.iter()
        .map(|s| parse_constant(s).map_err(|m| Error::Usage(format!("--arg {s}: {m}"))))
        .collect()
}

fn run(a: RunArgs) -> Result<i32, Error> {
    let program = Arc::new(load_program(&a.file)?);
    let opts = RunOptions {
        entry: a.entry,
        args: parse_args(&a.args)?,
        recursion_limit: a.recursion_limit,
    };
    let r = run_single(program, &opts, Arc::new(Stdout))?;
    match a.format {
        Format::None => {}
        Format::Text => eprintln!(
            "returned {} | {} instructions in {:.3} ms ({:.1} M instructions/s)",
            r.returned.to_literal(),
            r.instructions,
            r.wall_ns as f64 / 1e6,
            r.instructions as f64 * 1e3 / r.wall_ns.max(1) as f64
        ),
        Format::Json => eprintln!(
            "{}",
            serde_json::json!({
                "wall_ns": r.wall_ns,
                "instructions": r.instructions,
                "returned": r.returned.to_literal(),
            })
        ),
    }
    Ok(exit::OK)
}
