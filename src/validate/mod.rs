//! `gilsim validate`: how close is gilsim to the real interpreters on
//! this machine? Runs the standard set ([`workloads`]) under every real
//! interpreter found ([`interpreters`]) and under gilsim with the runtime
//! preset that models it, on both engines, alternating the runs round by
//! round, and reports each figure — real, gilsim real, gilsim virtual,
//! their deviations — against its fidelity target ([`table`]).
//!
//! Every program times itself, so interpreter start-up (and a pyenv
//! shim's tenth of a second) is not measured. A ratio is taken within a
//! round (both of its runs back to back) and the figure is the median of
//! the rounds' values.

pub mod interpreters;
pub mod table;
pub mod workloads;

pub use interpreters::Python;
pub use table::{Row, Stat, ValidateResults};

use crate::error::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use workloads::{Figure, Make, Run};

/// Who runs a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The real interpreter.
    Python,
    /// gilsim's real engine with the matching preset.
    GilsimReal,
    /// gilsim's virtual engine with the matching preset.
    GilsimVirtual,
}

impl Side {
    /// Every side, in the table's order.
    pub const ALL: [Side; 3] = [Side::Python, Side::GilsimReal, Side::GilsimVirtual];
}

/// What to validate and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// The real interpreters.
    pub pythons: Vec<Python>,
    /// Rounds: every run is made once per round.
    pub rounds: u32,
    /// Simulated cores of the virtual engine (this machine's, to compare).
    pub cores: u32,
    /// The families of figures ([`workloads::FAMILIES`]).
    pub families: Vec<&'static str>,
    /// The gilsim executable that runs the gilsim sides.
    pub gilsim: PathBuf,
    /// The longest one run may take.
    pub timeout: Duration,
    /// Print a line per run to stderr.
    pub progress: bool,
}

/// The `gilsim run` arguments that select runtime preset `runtime`.
pub fn runtime_args(runtime: &str) -> Vec<String> {
    vec!["--runtime".into(), runtime.into()]
}

/// The command that runs `run` (its program in `dir`) on `side` for
/// `py` in round `round` (the virtual engine's seed is `round + 1`).
pub fn command(
    opts: &Options,
    py: &Python,
    side: Side,
    run: &Run,
    dir: &Path,
    round: u32,
) -> Command {
    let file = dir.join(run.file);
    let mut c = match side {
        Side::Python => {
            let mut c = Command::new(&py.binary);
            c.arg(&file);
            c
        }
        Side::GilsimReal | Side::GilsimVirtual => {
            let mut c = Command::new(&opts.gilsim);
            c.arg("run").arg(&file).args(["--format", "none"]);
            c.args(runtime_args(&py.runtime));
            if side == Side::GilsimVirtual {
                c.args(["--engine", "virtual", "--cores"])
                    .arg(opts.cores.to_string())
                    .arg("--seed")
                    .arg((round + 1).to_string());
            }
            c
        }
    };
    for (k, v) in &run.env {
        c.env(k, v);
    }
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Describes a run for messages: `python2.7 cpu.py THREADS=4`.
pub fn describe(py: &Python, side: Side, run: &Run) -> String {
    let who = match side {
        Side::Python => format!("{} ({})", py.command, py.binary.display()),
        Side::GilsimReal => format!("gilsim --runtime {}", py.runtime),
        Side::GilsimVirtual => format!("gilsim --runtime {} --engine virtual", py.runtime),
    };
    let env: Vec<String> = run
        .env
        .iter()
        .map(|(k, v)| format!("{}={v}", k.trim_start_matches("GILSIM_VALIDATE_")))
        .collect();
    format!("{who}: {} {}", run.file, env.join(" "))
        .trim_end()
        .to_string()
}

/// Runs `cmd` and reads the number after `key` in what it prints; kills
/// it after `timeout`.
pub fn measure(mut cmd: Command, key: &str, timeout: Duration, what: &str) -> Result<f64, Error> {
    let fail = |m: String| Error::Experiment(format!("validate: {what}: {m}"));
    let mut child = cmd
        .spawn()
        .map_err(|e| fail(format!("cannot start: {e}")))?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out = std::thread::spawn(move || read_all(stdout));
    let err = std::thread::spawn(move || read_all(stderr));
    let t0 = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if t0.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "no result after {} (killed; --timeout sets the limit)",
                    crate::duration::human_ns(
                        u64::try_from(timeout.as_nanos()).unwrap_or(u64::MAX)
                    )
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(fail(e.to_string())),
        }
    };
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    if !status.success() {
        let tail: Vec<&str> = err.lines().rev().take(5).collect::<Vec<_>>();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(fail(format!("exited with {status}:\n{}", tail.join("\n"))));
    }
    parse_value(&out, key).ok_or_else(|| {
        fail(format!(
            "printed no '{key} NUMBER' line (it printed {:?})",
            crate::plot::cut_to(out.trim(), 200)
        ))
    })
}

fn read_all(r: Option<impl std::io::Read>) -> String {
    let mut s = String::new();
    if let Some(mut r) = r {
        let _ = r.read_to_string(&mut s);
    }
    s
}

/// The number on the last line `KEY NUMBER` of `out`, if finite and > 0.
pub fn parse_value(out: &str, key: &str) -> Option<f64> {
    out.lines()
        .rev()
        .filter_map(|l| l.trim().strip_prefix(key)?.trim().parse::<f64>().ok())
        .find(|v| v.is_finite() && *v > 0.0)
}

/// Writes the standard set's programs into a fresh directory.
fn write_programs() -> Result<PathBuf, Error> {
    let dir = std::env::temp_dir().join(format!("gilsim-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    for p in workloads::PROGRAMS {
        let path = dir.join(p.file);
        std::fs::write(&path, p.source).map_err(|source| Error::Write { path, source })?;
    }
    Ok(dir)
}

/// Runs the validation: every run of every interpreter's figures, once
/// per round on each side, then the figures and their deviations.
pub fn validate(opts: &Options) -> Result<ValidateResults, Error> {
    let dir = write_programs()?;
    let r = measure_all(opts, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let values = r?;
    Ok(table::build(opts, &values))
}

/// What every run gave: (interpreter index, side, run) -> one value per round.
pub type Values = HashMap<(usize, Side, Run), Vec<f64>>;

fn measure_all(opts: &Options, dir: &Path) -> Result<Values, Error> {
    let mut values: Values = HashMap::new();
    let plan: Vec<(usize, Vec<Run>)> = opts
        .pythons
        .iter()
        .enumerate()
        .map(|(i, py)| (i, workloads::runs_of(&figures_of(opts, py))))
        .collect();
    let total: usize = plan.iter().map(|(_, r)| r.len()).sum::<usize>() * 3 * opts.rounds as usize;
    let mut done = 0;
    for round in 0..opts.rounds {
        for (i, runs) in &plan {
            let py = &opts.pythons[*i];
            for run in runs {
                // Alternate who goes first, so that neither side always
                // meets the machine in the same state.
                let mut sides = Side::ALL;
                if round % 2 == 1 {
                    sides.reverse();
                }
                for side in sides {
                    let what = describe(py, side, run);
                    done += 1;
                    if opts.progress {
                        eprintln!("[{done}/{total}] round {}: {what}", round + 1);
                    }
                    let cmd = command(opts, py, side, run, dir, round);
                    let v = measure(cmd, run.program().key, opts.timeout, &what)?;
                    values.entry((*i, side, run.clone())).or_default().push(v);
                }
            }
        }
    }
    Ok(values)
}

/// The figures measured for `py` under these options.
pub fn figures_of(opts: &Options, py: &Python) -> Vec<Figure> {
    workloads::figures(py, &opts.families)
}

/// A figure's value in each round on one side.
pub fn per_round(values: &Values, i: usize, side: Side, f: &Figure) -> Vec<f64> {
    let get = |r: &Run| {
        values
            .get(&(i, side, r.clone()))
            .cloned()
            .unwrap_or_default()
    };
    match &f.make {
        Make::Value(r) => get(r),
        Make::Ratio(a, b) => get(a).iter().zip(get(b)).map(|(x, y)| x / y).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_from_the_last_matching_line() {
        assert_eq!(parse_value("hello\nwall 0.25\n", "wall"), Some(0.25));
        assert_eq!(parse_value("wall 1\nwall 2\n", "wall"), Some(2.0));
        assert_eq!(parse_value("walls\n", "wall"), None);
        assert_eq!(parse_value("wall nan\n", "wall"), None);
        assert_eq!(parse_value("wall -1\n", "wall"), None);
    }

    #[test]
    fn a_run_that_fails_or_prints_nothing_is_an_error_naming_it() {
        let mut c = Command::new("sh");
        c.args(["-c", "echo boom >&2; exit 3"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let e = measure(c, "wall", Duration::from_secs(10), "sh").unwrap_err();
        assert!(e.to_string().contains("sh: exited with"), "{e}");
        assert!(e.to_string().contains("boom"), "{e}");
        let mut c = Command::new("sh");
        c.args(["-c", "echo hi"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let e = measure(c, "wall", Duration::from_secs(10), "sh").unwrap_err();
        assert!(
            e.to_string().contains("printed no 'wall NUMBER' line"),
            "{e}"
        );
    }

    #[test]
    fn a_run_past_its_timeout_is_killed() {
        let mut c = Command::new("sleep");
        c.arg("30").stdout(Stdio::piped()).stderr(Stdio::piped());
        let e = measure(c, "wall", Duration::from_millis(200), "sleep").unwrap_err();
        assert!(e.to_string().contains("killed"), "{e}");
    }
}
