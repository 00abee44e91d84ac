//! Sweep results: one [`Cell`] per point of the grid (workload × scaling ×
//! mode × policy × switch interval × check interval × threads × cores),
//! each holding every [`Run`] (one per seed × repetition) and the
//! [`Summary`] of its figures, under a [`Header`] recording the machine,
//! the gilsim version, every axis and the command that makes it again.
//! Written as JSON (the input of `plot`, `merge` and `compare`) and as
//! tidy CSV (see [`super::tidy`]); checked on reading by
//! [`super::results_check`].

use super::machine::Machine;
use super::stats::Summary;
use crate::error::Error;
use crate::spec::CostModel;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which part of a sharded sweep a results file holds.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u32,
    /// How many shards the sweep was cut into.
    pub count: u32,
}

/// Everything needed to know where and how results were made.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine: this one on the real engine; on the virtual engine the
    /// simulated one (the host does not matter, and is not recorded, so
    /// results made anywhere are identical).
    pub machine: Machine,
    /// `real` or `virtual`: which engine measured the cells.
    pub engine: String,
    /// A command that runs this sweep again (without `--jobs`, `--shard`
    /// and `-o`, which do not change results).
    pub command: String,
    /// Workload specs (`NAME=FILE:ARGS`).
    pub workloads: Vec<String>,
    /// Runtime presets swept (`--runtimes`), in order; each point's
    /// runtime sets its mode, policy and intervals. Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runtimes: Vec<String>,
    /// Modes swept.
    pub modes: Vec<String>,
    /// Policies swept (in modes with a GIL), in canonical form.
    pub policies: Vec<String>,
    /// The free-threading profile of the free-mode points, when free mode
    /// was swept; absent from results made before profiles (free mode then
    /// cost nothing: `ideal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_threading: Option<String>,
    /// Switch intervals swept (ns; in modes with a GIL).
    pub switch_intervals_ns: Vec<u64>,
    /// Check intervals swept (instructions; tick-based policies only).
    pub check_intervals: Vec<u64>,
    /// Thread counts swept.
    pub threads: Vec<u32>,
    /// Simulated core counts swept (the virtual engine); the machine's
    /// cores on the real engine.
    pub cores: Vec<u32>,
    /// Scalings swept (`strong`, `weak`).
    pub scalings: Vec<String>,
    /// Seeds of the virtual engine, each a run of every cell.
    pub seeds: Vec<u64>,
    /// Repetitions per seed.
    pub repetitions: u32,
    /// The virtual engine's cost model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_model: Option<CostModel>,
    /// How every confidence interval was computed.
    pub ci_method: String,
    /// The shard this file holds, if the sweep was cut (`merge` joins them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
}

/// One run of a cell.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The seed (virtual engine; the run's `random` seed on the real one).
    pub seed: u64,
    /// Repetition of this seed, from 0.
    pub rep: u32,
    /// Wall time (ns; virtual time on the virtual engine).
    pub wall_ns: u64,
    /// GIL holder changes.
    pub switches: u64,
    /// Drops made on request, all threads.
    pub drop_requests: u64,
    /// IO operations, all threads.
    pub io_ops: u64,
    /// Bytecode instructions, all threads.
    pub instructions: u64,
    /// Share of the threads' time spent waiting for the GIL, averaged over
    /// threads: 0 without a GIL.
    pub gil_wait_share: f64,
    /// Every thread of the run.
    pub threads: Vec<ThreadRow>,
}

/// One thread of a run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThreadRow {
    /// Its name in the run's report.
    pub name: String,
    /// Bytecode instructions.
    pub instructions: u64,
    /// Time waiting for the GIL (ns).
    pub gil_wait_ns: u64,
    /// Time holding the GIL (ns).
    pub gil_hold_ns: u64,
    /// Drops made on request.
    pub drop_requests: u64,
    /// IO operations.
    pub io_ops: u64,
}

/// One point of the grid, with its runs and their statistics.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Workload name.
    pub workload: String,
    /// `strong` or `weak`.
    pub scaling: String,
    /// The runtime preset that set this cell's mode, policy and
    /// intervals (`--runtimes`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// `gil`, `free`, `async` or `process`.
    pub mode: String,
    /// The GIL policy in canonical form; `none` in modes without a GIL.
    pub policy: String,
    /// The switch interval (ns); absent in modes without a GIL.
    pub switch_interval_ns: Option<u64>,
    /// The check interval (instructions); tick-based policies only.
    pub check_interval: Option<u64>,
    /// Interpreter threads.
    pub threads: u32,
    /// Cores (simulated on the virtual engine).
    pub cores: u32,
    /// Work units each thread did.
    pub work_per_thread: u64,
    /// Wall time over the runs (ns).
    pub wall_ns: Summary,
    /// Against the fewest-threads cell of the same parameters, run by run
    /// (same seed and repetition): strong scaling `T(1) / T(N)`, weak
    /// scaling `N * T(1) / T(N)` (work rate).
    pub speedup: Summary,
    /// Mean speedup per thread (`speedup.mean / threads`, relative to the
    /// base cell's thread count).
    pub efficiency: f64,
    /// GIL holder changes.
    pub switches: Summary,
    /// Drops made on request, all threads.
    pub drop_requests: Summary,
    /// Mean share of the threads' time spent waiting for the GIL.
    pub gil_wait_share: Summary,
    /// Each thread's share of the run spent waiting for the GIL, in the
    /// run whose wall time is the (lower) median.
    pub thread_wait_share: Vec<f64>,
    /// Every run, in seed then repetition order.
    pub runs: Vec<Run>,
}

impl Cell {
    /// The parameters that identify a cell, for matching and sorting.
    pub fn key(&self) -> CellKey {
        CellKey {
            workload: self.workload.clone(),
            scaling: self.scaling.clone(),
            runtime: self.runtime.clone(),
            mode: self.mode.clone(),
            policy: self.policy.clone(),
            switch_interval_ns: self.switch_interval_ns,
            check_interval: self.check_interval,
            threads: self.threads,
            cores: self.cores,
        }
    }

    /// The cell's parameters other than its thread count (a line on a chart).
    pub fn series(&self) -> CellKey {
        CellKey {
            threads: 0,
            ..self.key()
        }
    }
}

/// A cell's parameters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    /// Workload name.
    pub workload: String,
    /// Scaling.
    pub scaling: String,
    /// Runtime preset, if the sweep had them.
    pub runtime: Option<String>,
    /// Mode.
    pub mode: String,
    /// Policy (`none` without a GIL).
    pub policy: String,
    /// Switch interval (ns).
    pub switch_interval_ns: Option<u64>,
    /// Check interval.
    pub check_interval: Option<u64>,
    /// Threads.
    pub threads: u32,
    /// Cores.
    pub cores: u32,
}

/// A whole sweep.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SweepResults {
    /// Machine and settings.
    pub header: Header,
    /// Every cell.
    pub cells: Vec<Cell>,
}

/// A [`Error::Write`] maker for `path`.
pub fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl SweepResults {
    /// The results as pretty JSON text (what [`SweepResults::write_json`] writes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("results always serialise") + "\n"
    }

    /// Writes the results as pretty JSON.
    pub fn write_json(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_json()).map_err(write_err(path))
    }

    /// Reads results written by [`SweepResults::write_json`], refusing
    /// (as [`Error::Results`], exit 65) a file that is not valid JSON of
    /// the right shape, with the line and column serde_json reports, or
    /// whose values could not have come from a sweep (see
    /// [`SweepResults::validate`]).
    pub fn read_json(path: &Path) -> Result<SweepResults, Error> {
        let bytes = read_input(path)?;
        let r: SweepResults = serde_json::from_slice(&bytes).map_err(|e| {
            json_error(
                path,
                "not a gilsim sweep results file (files of gilsim before 0.2 must be made again)",
                &e,
            )
        })?;
        r.validate().map_err(|message| Error::Results {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(r)
    }
}

/// A number for a message: plain when of everyday size, else in
/// scientific notation (`1e300`, not three hundred digits).
pub fn show_num(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-4..1e9).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// `Ok` if `v` is finite and in `lo..=hi`; else says why, naming `what`.
pub fn check_range(what: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
    let (v_, lo_, hi_) = (show_num(v), show_num(lo), show_num(hi));
    if !v.is_finite() {
        Err(format!("{what} is {v_}, not a finite number"))
    } else if v < lo {
        Err(format!("{what} is {v_}, below {lo_}"))
    } else if v > hi {
        Err(format!("{what} is {v_}, above {hi_}"))
    } else {
        Ok(())
    }
}

/// The largest input file read (results, traces): 1 GiB.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The bytes of an input file: [`Error::Read`] (exit 66) if it cannot be
/// read, [`Error::Results`] (exit 65) if it is larger than
/// [`MAX_INPUT_BYTES`] (or endless, such as `/dev/zero`). Bytes that are
/// not UTF-8 are left to the JSON parser to report, with their position.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::Results {
            path: path.to_path_buf(),
            message: format!("larger than {} MiB", MAX_INPUT_BYTES >> 20),
        });
    }
    Ok(bytes)
}

/// `m` cut to a few lines' worth of characters, with an ellipsis.
fn cut_message(m: &str) -> String {
    crate::plot::cut_to(m, 400)
}

/// A [`Error::Results`] for a JSON file serde_json could not read as
/// `what`: the message carries `LINE:COL` where serde_json gives one.
pub fn json_error(path: &Path, what: &str, e: &serde_json::Error) -> Error {
    let full = e.to_string();
    let message = if e.line() == 0 {
        format!("{what}: {}", cut_message(&full))
    } else {
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let bare = full.strip_suffix(&suffix).unwrap_or(&full);
        // serde_json quotes the offending value, however long.
        format!(
            "{what} at {}:{}: {}",
            e.line(),
            e.column(),
            cut_message(bare)
        )
    };
    Error::Results {
        path: path.to_path_buf(),
        message,
    }
}
