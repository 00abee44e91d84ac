//! Running a program on one interpreter thread, start to finish.

use crate::bytecode::Program;
use crate::error::Error;
use crate::vm::{Globals, Interp, Outcome, Output, Value};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// The default recursion limit, as `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: u32 = 1000;

/// What to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The entry function's name.
    pub entry: String,
    /// Arguments passed to it.
    pub args: Vec<Value>,
    /// Most nested calls before `RecursionError`.
    pub recursion_limit: u32,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            entry: "main".into(),
            args: vec![],
            recursion_limit: DEFAULT_RECURSION_LIMIT,
        }
    }
}

/// What a finished run returns.
#[derive(Debug)]
pub struct RunResult {
    /// The entry function's return value.
    pub returned: Value,
    /// Instructions executed.
    pub instructions: u64,
    /// Wall-clock duration in nanoseconds.
    pub wall_ns: u64,
}

/// Finds the entry function and makes its interpreter thread.
pub fn start_thread(
    program: &Arc<Program>,
    globals: &Arc<Globals>,
    out: Arc<dyn Output>,
    opts: &RunOptions,
) -> Result<Interp, Error> {
    let entry = program.function_index(&opts.entry).ok_or_else(|| {
        let known: Vec<&str> = program
            .functions()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        Error::Usage(format!(
            "{}: no function '{}' to run (functions: {})",
            program.file(),
            opts.entry,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })?;
    Interp::new(
        Arc::clone(program),
        Arc::clone(globals),
        out,
        entry,
        opts.args.clone(),
        opts.recursion_limit,
    )
    .map_err(|k| Error::Usage(format!("{}: {}", program.file(), k)))
}

/// Runs the entry function on one thread until it returns or fails.
pub fn run_single(
    program: Arc<Program>,
    opts: &RunOptions,
    out: Arc<dyn Output>,
) -> Result<RunResult, Error> {
    let globals = Arc::new(Globals::new(&program));
    let mut interp = start_thread(&program, &globals, out, opts)?;
    let never = AtomicBool::new(false);
    let start = Instant::now();
    let returned = loop {
        match interp.run_slice(&never, u64::MAX)? {
            Outcome::Returned(v) => break v,
            Outcome::Interrupted => continue,
        }
    };
    Ok(RunResult {
        returned,
        instructions: interp.instructions(),
        wall_ns: start.elapsed().as_nanos() as u64,
    })
}
