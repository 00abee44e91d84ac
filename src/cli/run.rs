//! `gilsim run`: one program, one report, which records its invocation
//! (see [`crate::spec::invocation`]) for `gilsim replay`.

use super::args::{Format, RunArgs};
use crate::asm::parse_constant;
use crate::bytecode::Program;
use crate::engine::{self, Mode, RunConfig};
use crate::error::{check_writable, compile_program, exit, Error};
use crate::gil::{PolicyId, DEFAULT_CHECK_INTERVAL, DEFAULT_SWITCH_INTERVAL_NS};
use crate::metrics::{table, RunEnd, RunReport};
use crate::runtime::Runtime;
use crate::spec::invocation::{sha256_hex, this_argv, this_cwd, Invocation};
use crate::spec::FreeProfileId;
use crate::vm::output::Stderr;
use crate::vm::{Stdout, Value};
use std::path::Path;
use std::sync::Arc;

fn parse_args(raw: &[String]) -> Result<Vec<Value>, Error> {
    raw.iter()
        .map(|s| parse_constant(s).map_err(|m| Error::Usage(format!("--arg {s}: {m}"))))
        .collect()
}

/// Checks the flags that depend on the mode and the policy: a flag that
/// would mean nothing is a usage error, never silently ignored.
fn policy(a: &RunArgs, mode: Mode) -> Result<PolicyId, Error> {
    if !mode.has_policy() && a.policy.is_some() {
        return Err(Error::Usage(format!(
            "--policy applies to gil and process modes: --mode {mode} has no GIL"
        )));
    }
    let mut policy: PolicyId = match &a.policy {
        Some(p) => p.parse().map_err(Error::Usage)?,
        None => PolicyId::default(),
    };
    if a.check_interval.is_some() && !(mode.has_policy() && policy.uses_check_interval()) {
        let users: Vec<&str> = PolicyId::all()
            .filter(|p| p.uses_check_interval())
            .map(PolicyId::name)
            .collect();
        return Err(Error::Usage(format!(
            "--check-interval applies to --policy {} only (here: --mode {mode}, policy {policy})",
            users.join(", ")
        )));
    }
    if let Some(n) = a.check_interval {
        // `--check-interval N` is `check=N`: the report then says it.
        policy = policy
            .with_flag("--check-interval", n)
            .map_err(|e| Error::Usage(e.to_string()))?;
    }
    Ok(policy)
}

/// The `--free-threading` profile: refused outside free mode (it would
/// mean nothing), the default (3.14t) when not given.
pub(super) fn free_profile(given: Option<&str>, mode: Mode) -> Result<FreeProfileId, Error> {
    match given {
        None => Ok(FreeProfileId::default()),
        Some(_) if mode != Mode::Free => Err(Error::Usage(format!(
            "--free-threading applies to free mode only (here: --mode {mode})"
        ))),
        Some(name) => FreeProfileId::parse(name).map_err(Error::Usage),
    }
}

/// The `--runtime` preset, checked against the flags given beside it
/// (the rules in [`crate::runtime`], shared with the experiments).
fn preset(a: &RunArgs) -> Result<Option<&'static Runtime>, Error> {
    super::preset::preset(
        a.runtime.as_deref(),
        super::preset::Beside {
            mode: a.mode.map(Mode::from),
            policy: a.policy.is_some(),
            switch_interval: a.switch_interval.is_some(),
            check_interval: a.check_interval.is_some(),
        },
    )
}

/// Runs a program. Errors found before the run (flags, program, output
/// files that cannot be created) end it at once with their exit code; once
/// the program has run, its outcome comes first: a runtime error's 70 or a
/// timeout's 124 is the exit code even if the trace or the report cannot
/// be written after it (their messages are printed), and otherwise such a
/// failure is 73. (Standard output's failures are [`super::main`]'s: 74
/// only when the exit code would have been 0.)
pub fn run(a: RunArgs) -> Result<i32, Error> {
    let runtime = preset(&a)?;
    let mode: Mode = match (a.mode, runtime) {
        (Some(m), _) => m.into(),
        (None, Some(r)) => r.mode(),
        (None, None) => Mode::Gil,
    };
    let policy = match runtime {
        // The preset's policy, with an explicit --check-interval in it.
        Some(r) => {
            let p = r.policy().unwrap_or_default();
            match a.check_interval {
                Some(n) => p
                    .with("check", n)
                    .map_err(|e| Error::Usage(e.to_string()))?,
                None => p,
            }
        }
        None => policy(&a, mode)?,
    };
    if runtime.is_some() && a.free_threading.is_some() {
        return Err(Error::Usage(
            "--free-threading beside --runtime: the preset sets the profile (--runtime cpython-3.13t or cpython-3.14t)".into(),
        ));
    }
    let free_profile = match runtime.and_then(Runtime::free_profile) {
        Some(p) => p,
        None => free_profile(a.free_threading.as_deref(), mode)?,
    };
    // The bytes hashed are the bytes run: read once.
    let bytes = std::fs::read(&a.file).map_err(|source| Error::Read {
        path: a.file.clone(),
        source,
    })?;
    let sha256 = sha256_hex(&bytes);
    let program = Arc::new(compile_program(&a.file, bytes)?);
    let cfg = RunConfig {
        entry: a
            .entry
            .unwrap_or_else(|| crate::error::default_entry(&a.file).to_string()),
        args: parse_args(&a.args)?,
        threads: a.threads,
        mode,
        policy,
        runtime_costs: runtime.map_or(crate::spec::RuntimeCosts::NONE, Runtime::costs),
        free_profile,
        switch_interval_ns: a
            .switch_interval
            .or(runtime.and_then(Runtime::switch_interval_ns))
            .unwrap_or(DEFAULT_SWITCH_INTERVAL_NS),
        check_interval: a
            .check_interval
            .or(runtime.and_then(Runtime::check_interval))
            .unwrap_or(DEFAULT_CHECK_INTERVAL),
        timeout_ns: a.timeout,
        max_threads: a.max_threads,
        recursion_limit: a.recursion_limit,
        trace: a.trace.is_some(),
        worker_exe: None,
        engine: a.engine.config()?,
    };
    let mut invocation = Invocation::new(
        &cfg,
        &a.file.display().to_string(),
        sha256,
        this_argv(),
        this_cwd(),
    );
    invocation.runtime = runtime.map(|r| r.name.to_string());
    let out = Outputs {
        format: a.format,
        report: a.report.as_deref(),
        trace: a.trace.as_deref(),
    };
    run_program(program, &cfg, invocation, &out)
}

/// Where a run's report and trace go.
pub(super) struct Outputs<'a> {
    /// The report's format.
    pub format: Format,
    /// The report's file (stderr if none).
    pub report: Option<&'a Path>,
    /// The trace's file (no trace written if none).
    pub trace: Option<&'a Path>,
}

/// Runs a loaded program under `cfg` and writes its report, carrying
/// `invocation`, and its trace: the rest of [`run`], shared with `gilsim
/// replay`. Returns the exit code by [`run`]'s rules.
pub(super) fn run_program(
    program: Arc<Program>,
    cfg: &RunConfig,
    invocation: Invocation,
    out: &Outputs<'_>,
) -> Result<i32, Error> {
    // Everything that can be refused is refused before the run: the
    // entry and its arguments, then the output files.
    engine::check_run(&program, cfg)?;
    for path in out.report.iter().chain(&out.trace) {
        check_writable(path)?;
    }
    let engine::RunOutput { mut report, trace } =
        engine::run(program, cfg, Arc::new(Stdout), Arc::new(Stderr))?;
    report.invocation = Some(invocation);
    let mut code = match report.end {
        // `sys.exit(n)` in the program: its code, as CPython exits.
        RunEnd::Ok => report.exit_code.unwrap_or(exit::OK),
        RunEnd::Error | RunEnd::Deadlock => exit::RUNTIME,
        RunEnd::Timeout => exit::TIMEOUT,
    };
    // A file that fails now is reported without hiding the run's outcome.
    let mut late = |r: Result<(), Error>| {
        if let Err(e) = r {
            errln!("{e}");
            if code == exit::OK {
                code = e.exit_code();
            }
        }
    };
    if let (Some(path), Some(trace)) = (out.trace, trace) {
        late(trace.write(path));
    }
    if let Some(d) = &report.deadlock {
        errln!("{d}");
    }
    if report.end == RunEnd::Timeout {
        errln!(
            "timeout: the run was stopped after {:.3} s (--timeout); metrics so far follow",
            report.wall_ns as f64 / 1e9
        );
    }
    late(write_report(&report, out.format, out.report));
    Ok(code)
}

fn write_report(r: &RunReport, format: Format, file: Option<&Path>) -> Result<(), Error> {
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
            crate::vm::output::write_stderr(&text);
            Ok(())
        }
    }
}
