//! `gilsim run`: one program, one report.

use super::args::{Format, RunArgs};
use crate::asm::parse_constant;
use crate::engine::{self, RunConfig};
use crate::error::{exit, load_program, Error};
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

pub fn run(a: RunArgs) -> Result<i32, Error> {
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
        engine: a.engine.config()?,
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
