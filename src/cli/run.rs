//! `gilsim run`: one program, one report.

use super::args::{Format, RunArgs};
use crate::asm::parse_constant;
use crate::engine::{self, Mode, RunConfig};
use crate::error::{exit, load_program, Error};
use crate::gil::{PolicyId, DEFAULT_CHECK_INTERVAL};
use crate::metrics::{table, RunEnd, RunReport};
use crate::vm::{Output, Stdout, Value};
use std::sync::Arc;

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

/// Checks the flags that depend on the mode and the policy: a flag that
/// would mean nothing is a usage error, never silently ignored.
fn policy(a: &RunArgs, mode: Mode) -> Result<PolicyId, Error> {
    if !mode.has_policy() && a.policy.is_some() {
        return Err(Error::Usage(format!(
            "--policy applies to gil and process modes: --mode {mode} has no GIL"
        )));
    }
    let policy: PolicyId = match &a.policy {
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
    Ok(policy)
}

pub fn run(a: RunArgs) -> Result<i32, Error> {
    let mode: Mode = a.mode.into();
    let policy = policy(&a, mode)?;
    let program = Arc::new(load_program(&a.file)?);
    let cfg = RunConfig {
        entry: a
            .entry
            .unwrap_or_else(|| crate::error::default_entry(&a.file).to_string()),
        args: parse_args(&a.args)?,
        threads: a.threads,
        mode,
        policy,
        switch_interval_ns: a.switch_interval,
        check_interval: a.check_interval.unwrap_or(DEFAULT_CHECK_INTERVAL),
        timeout_ns: a.timeout,
        max_threads: a.max_threads,
        recursion_limit: a.recursion_limit,
        trace: a.trace.is_some(),
        worker_exe: None,
        engine: a.engine.config()?,
    };
    let engine::RunOutput { report, trace } =
        engine::run(program, &cfg, Arc::new(Stdout), Arc::new(Stderr))?;
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
