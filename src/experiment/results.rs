//! Sweep results: one [`Cell`] per workload x scaling x mode x thread
//! count, with a [`Header`] recording the machine, the gilsim version and
//! every setting. Written as JSON (the plot input) and CSV.

use super::machine::Machine;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Everything needed to know where and how results were made.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine.
    pub machine: Machine,
    /// `real` or `virtual`: which engine measured the cells.
    #[serde(default = "real_engine")]
    pub engine: String,
    /// Workload specs (`NAME=FILE:ARGS`).
    pub workloads: Vec<String>,
    /// Modes swept (`gil`, `free`).
    pub modes: Vec<String>,
    /// Thread counts swept.
    pub threads: Vec<u32>,
    /// Scalings swept (`strong`, `weak`).
    pub scalings: Vec<String>,
    /// Repetitions per cell.
    pub repetitions: u32,
    /// GIL policy in gil mode.
    pub policy: String,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
}

fn real_engine() -> String {
    "real".into()
}

/// One cell of the matrix, aggregated over its repetitions.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cell {
    /// Workload name.
    pub workload: String,
    /// `strong` or `weak`.
    pub scaling: String,
    /// `gil` or `free`.
    pub mode: String,
    /// Interpreter threads.
    pub threads: u32,
    /// Work units each thread did.
    pub work_per_thread: u64,
    /// Median wall time over the repetitions (ns).
    pub wall_median_ns: u64,
    /// Fastest repetition (ns).
    pub wall_min_ns: u64,
    /// Slowest repetition (ns).
    pub wall_max_ns: u64,
    /// Against one thread of the same workload, scaling and mode: strong
    /// scaling `T(1) / T(N)`; weak scaling `N * T(1) / T(N)` (work rate).
    pub speedup: f64,
    /// `speedup / threads`.
    pub efficiency: f64,
    /// GIL holder changes (median run).
    pub switches: u64,
    /// Share of the threads' time spent waiting for the GIL, averaged over
    /// threads (median run): 0 in free mode.
    pub gil_wait_share: f64,
    /// Drops made on request, all threads (median run).
    pub drop_requests: u64,
    /// Each thread's share of the run spent waiting for the GIL (median run).
    pub thread_wait_share: Vec<f64>,
    /// Wall time of every repetition, in order (ns).
    pub runs_ns: Vec<u64>,
}

/// A whole sweep.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SweepResults {
    /// Machine and settings.
    pub header: Header,
    /// Every cell.
    pub cells: Vec<Cell>,
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl SweepResults {
    /// Writes the results as pretty JSON.
    pub fn write_json(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).expect("results always serialise");
        std::fs::write(path, text + "\n").map_err(write_err(path))
    }

    /// Writes the results as CSV: `# ` comment lines with the header, then
    /// one row per cell (per-thread shares and runs as `;`-separated lists).
    pub fn write_csv(&self, path: &Path) -> Result<(), Error> {
        let h = &self.header;
        let mut out = format!(
            "# gilsim {}\n# machine: {} cores, {}, {}\n# workloads: {}\n# modes: {} | threads: {} | scalings: {} | repetitions: {} | policy: {} | switch_interval_ns: {}\n",
            h.gilsim_version,
            h.machine.cores,
            h.machine.cpu_model,
            h.machine.os,
            h.workloads.join(" "),
            h.modes.join(","),
            h.threads.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
            h.scalings.join(","),
            h.repetitions,
            h.policy,
            h.switch_interval_ns
        );
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        };
        w.write_record([
            "workload",
            "scaling",
            "mode",
            "threads",
            "work_per_thread",
            "wall_median_ns",
            "wall_min_ns",
            "wall_max_ns",
            "speedup",
            "efficiency",
            "switches",
            "gil_wait_share",
            "drop_requests",
            "thread_wait_share",
            "runs_ns",
        ])
        .map_err(io)?;
        for c in &self.cells {
            let list = |v: Vec<String>| v.join(";");
            w.write_record([
                c.workload.clone(),
                c.scaling.clone(),
                c.mode.clone(),
                c.threads.to_string(),
                c.work_per_thread.to_string(),
                c.wall_median_ns.to_string(),
                c.wall_min_ns.to_string(),
                c.wall_max_ns.to_string(),
                format!("{:.4}", c.speedup),
                format!("{:.4}", c.efficiency),
                c.switches.to_string(),
                format!("{:.4}", c.gil_wait_share),
                c.drop_requests.to_string(),
                list(
                    c.thread_wait_share
                        .iter()
                        .map(|s| format!("{s:.4}"))
                        .collect(),
                ),
                list(c.runs_ns.iter().map(u64::to_string).collect()),
            ])
            .map_err(io)?;
        }
        let bytes = w.into_inner().map_err(|e| io(e.into_error().into()))?;
        out.push_str(&String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"));
        std::fs::write(path, out).map_err(write_err(path))
    }

    /// Reads results written by [`SweepResults::write_json`].
    pub fn read_json(path: &Path) -> Result<SweepResults, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let r: SweepResults = serde_json::from_str(&text).map_err(|e| Error::Results {
            path: path.to_path_buf(),
            message: format!("not a gilsim sweep results file: {e}"),
        })?;
        if r.cells.is_empty() {
            return Err(Error::Results {
                path: path.to_path_buf(),
                message: "the results hold no cells".into(),
            });
        }
        Ok(r)
    }
}
