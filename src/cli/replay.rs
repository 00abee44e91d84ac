//! `gilsim replay REPORT.json`: runs a report's run again, from the
//! `invocation` block `gilsim run` wrote into it.
//!
//! The program is looked for where the report says: an absolute path as
//! is; a relative one first against the recorded directory (`cwd`), then
//! against the current one; `--program FILE` says where it is instead. Its
//! bytes must hash to the recorded SHA-256, or the replay is refused with
//! [`Error::ProgramChanged`] (exit 79) unless `--ignore-hash`. The run
//! configuration is rebuilt exactly, the program compiled under its
//! recorded name (so tracebacks read the same), and the report written
//! carries the *original* invocation: on the virtual engine a replay's
//! JSON report is byte-identical to the original's, and a replay of a
//! replay is the same again. On the real engine the settings are the
//! same and the timings are the machine's.

use super::args::Format;
use super::run::{run_program, Outputs};
use crate::error::{compile_program, Error};
use crate::experiment::results::{json_error, read_input};
use crate::metrics::RunReport;
use crate::spec::invocation::{sha256_hex, Invocation};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `gilsim replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// A JSON report written by `gilsim run --format json` (or `--report
    /// FILE`), or by `gilsim replay`.
    #[arg(value_name = "REPORT.json")]
    pub from: PathBuf,
    /// The program file, if it is no longer where the report says (its
    /// SHA-256 is still checked).
    #[arg(long, value_name = "FILE")]
    pub program: Option<PathBuf>,
    /// Run the program even if its SHA-256 is not the recorded one (a
    /// warning instead of exit 79).
    #[arg(long)]
    pub ignore_hash: bool,
    /// The replay's report: json (the same as the original's on the
    /// virtual engine), text or none; on stderr or in --report.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Write the report to this file instead of stderr.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Record a trace of the replay (the run is traced even if the
    /// original was not; tracing does not change a virtual run).
    #[arg(long, value_name = "FILE.json")]
    pub trace: Option<PathBuf>,
}

/// Reads a report's invocation: [`Error::Results`] (exit 65) for a text
/// report, JSON that is not a run report (with its line and column), or a
/// report without an invocation block; [`Error::Read`] (66) for a file
/// that cannot be read.
pub fn read_invocation(path: &Path) -> Result<Invocation, Error> {
    let bytes = read_input(path)?;
    let results = |message: String| Error::Results {
        path: path.to_path_buf(),
        message,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(results(
            "empty: not a gilsim run report (gilsim run --format json writes one)".into(),
        ));
    }
    if bytes.starts_with(b"mode ") {
        return Err(results(
            "a text report (--format text) cannot be replayed: it does not record the run; \
             run it with --format json (or --report FILE --format json) to get a replayable report"
                .into(),
        ));
    }
    let what = "not a gilsim run report";
    // Another of gilsim's files is named, rather than reported as a
    // missing field of a run report.
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| json_error(path, what, &e))?;
    let Some(obj) = value.as_object() else {
        return Err(results(format!("{what}: a report is a JSON object")));
    };
    if !obj.contains_key("mode") {
        let kind = [
            ("cells", "sweep results (gilsim sweep)"),
            ("rows", "convoy results (gilsim experiment convoy)"),
            ("policies", "ccbench results (gilsim experiment ccbench)"),
            ("traceEvents", "a trace (gilsim run --trace)"),
            ("instruction_ns", "a cost model (gilsim calibrate)"),
        ]
        .into_iter()
        .find(|(key, _)| obj.contains_key(*key));
        if let Some((_, kind)) = kind {
            return Err(results(format!(
                "{what}: this is {kind}; replay reads the JSON report of gilsim run"
            )));
        }
    }
    let report: RunReport =
        serde_json::from_slice(&bytes).map_err(|e| json_error(path, what, &e))?;
    report.invocation.ok_or_else(|| {
        results(
            "a run report without an invocation block (written by the library, or by a \
             gilsim before replay existed): it cannot be replayed"
                .into(),
        )
    })
}

/// Where the program of `inv` is: see the module's rules.
fn locate(inv: &Invocation, given: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    let recorded = Path::new(&inv.program.path);
    if recorded.is_absolute() {
        return Ok(recorded.to_path_buf());
    }
    let mut tried = Vec::new();
    if let Some(cwd) = &inv.cwd {
        let p = Path::new(cwd).join(recorded);
        if p.exists() {
            return Ok(p);
        }
        tried.push(p);
    }
    if recorded.exists() {
        return Ok(recorded.to_path_buf());
    }
    tried.push(recorded.to_path_buf());
    let first = tried[0].clone();
    let looked: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
    Err(Error::Read {
        path: first,
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no such program file (looked for {}; --program FILE says where it is)",
                looked.join(" and ")
            ),
        ),
    })
}

/// Replays a report; returns the exit code by `gilsim run`'s rules, or
/// exit 79 for a changed program.
pub fn replay(a: ReplayArgs) -> Result<i32, Error> {
    let inv = read_invocation(&a.from)?;
    let mut cfg = inv.run_config().map_err(|message| Error::Results {
        path: a.from.clone(),
        message,
    })?;
    let this = env!("CARGO_PKG_VERSION");
    if inv.gilsim_version != this {
        errln!(
            "warning: {} was made by gilsim {}, this is gilsim {this}: the replay may differ",
            a.from.display(),
            crate::plot::cut(&inv.gilsim_version)
        );
    }
    let file = locate(&inv, a.program.as_deref())?;
    let bytes = std::fs::read(&file).map_err(|source| Error::Read {
        path: file.clone(),
        source,
    })?;
    let found = sha256_hex(&bytes);
    if found != inv.program.sha256 {
        let e = Error::ProgramChanged {
            path: file.clone(),
            recorded: inv.program.sha256.clone(),
            found,
        };
        if !a.ignore_hash {
            return Err(e);
        }
        errln!("warning (--ignore-hash): {e}");
    }
    let program = Arc::new(compile_program(Path::new(&inv.program.path), bytes)?);
    cfg.trace |= a.trace.is_some();
    let out = Outputs {
        format: a.format,
        report: a.report.as_deref(),
        trace: a.trace.as_deref(),
    };
    run_program(program, &cfg, inv, &out)
}
