//! Sweep results: one [`Cell`] per workload x scaling x mode x thread
//! count, with a [`Header`] recording the machine, the gilsim version and
//! every setting. Written as JSON (the plot input) and CSV.

use super::machine::Machine;
use crate::error::Error;
use crate::plot::cut;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
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

    /// Reads results written by [`SweepResults::write_json`], refusing
    /// (as [`Error::Results`], exit 65) a file that is not valid JSON of
    /// the right shape, with the line and column serde_json reports, or
    /// whose values could not have come from a sweep (see
    /// [`SweepResults::validate`]).
    pub fn read_json(path: &Path) -> Result<SweepResults, Error> {
        let bytes = read_input(path)?;
        let r: SweepResults = serde_json::from_slice(&bytes)
            .map_err(|e| json_error(path, "not a gilsim sweep results file", &e))?;
        r.validate().map_err(|message| Error::Results {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(r)
    }

    /// Checks what the charts rely on: at least one cell; known modes and
    /// scalings; at least one thread and one core; wall times with
    /// `min <= median <= max` and every run between min and max; finite,
    /// non-negative speedups and efficiencies; GIL wait shares between 0
    /// and 1; no cell twice; at most [`MAX_WORKLOADS`] workloads and
    /// [`MAX_THREAD_SHARES`] shares a cell. The message names the first
    /// bad cell.
    pub fn validate(&self) -> Result<(), String> {
        let h = &self.header;
        if h.machine.cores == 0 {
            return Err("header: machine.cores is 0 (a machine has at least one core)".into());
        }
        if !["real", "virtual"].contains(&h.engine.as_str()) {
            return Err(format!(
                "header: unknown engine '{}' (expected real or virtual)",
                cut(&h.engine)
            ));
        }
        if h.repetitions == 0 {
            return Err("header: repetitions is 0".into());
        }
        for m in &h.modes {
            known_mode(m).map_err(|e| format!("header: {e}"))?;
        }
        for s in &h.scalings {
            known_scaling(s).map_err(|e| format!("header: {e}"))?;
        }
        if h.threads.contains(&0) {
            return Err("header: a thread count of 0 (each is at least 1)".into());
        }
        if self.cells.is_empty() {
            return Err("the results hold no cells".into());
        }
        let listed = Listed {
            modes: h.modes.iter().map(String::as_str).collect(),
            scalings: h.scalings.iter().map(String::as_str).collect(),
            threads: h.threads.iter().copied().collect(),
        };
        let mut seen = HashMap::new();
        let mut workloads = HashSet::new();
        for (i, c) in self.cells.iter().enumerate() {
            let at = |m: String| {
                format!(
                    "cell {i} ({}, {}, {}, {} threads): {m}",
                    cut(&c.workload),
                    cut(&c.scaling),
                    cut(&c.mode),
                    c.threads
                )
            };
            c.validate(&listed).map_err(at)?;
            let key = (&c.workload, &c.scaling, &c.mode, c.threads);
            if let Some(j) = seen.insert(key, i) {
                return Err(at(format!("the same cell as cell {j}")));
            }
            workloads.insert(&c.workload);
            if workloads.len() > MAX_WORKLOADS {
                return Err(at(format!(
                    "more than {MAX_WORKLOADS} workloads (the charts draw a line for each)"
                )));
            }
        }
        Ok(())
    }
}

/// What the header lists, to check cells against (an empty list allows
/// anything).
struct Listed<'a> {
    modes: HashSet<&'a str>,
    scalings: HashSet<&'a str>,
    threads: HashSet<u32>,
}

/// The most workloads a results file may hold: each is a line per mode on
/// every chart.
pub const MAX_WORKLOADS: usize = 64;

/// The most per-thread wait shares a cell may hold (one per thread of its
/// median run).
pub const MAX_THREAD_SHARES: usize = 1 << 16;

/// The largest speedup or efficiency a results file may hold: far beyond
/// any machine, small enough that a chart's axis stays finite.
pub const MAX_SPEEDUP: f64 = 1e9;

fn known_mode(m: &str) -> Result<(), String> {
    if crate::spec::Mode::ALL.iter().any(|x| x.name() == m) {
        Ok(())
    } else {
        Err(format!(
            "unknown mode '{}' (expected one of {})",
            cut(m),
            crate::spec::Mode::ALL.map(|x| x.name()).join(", ")
        ))
    }
}

fn known_scaling(s: &str) -> Result<(), String> {
    if s == "strong" || s == "weak" {
        Ok(())
    } else {
        Err(format!(
            "unknown scaling '{}' (expected strong or weak)",
            cut(s)
        ))
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

impl Cell {
    fn validate(&self, h: &Listed<'_>) -> Result<(), String> {
        if self.workload.is_empty() {
            return Err("an empty workload name".into());
        }
        known_mode(&self.mode)?;
        known_scaling(&self.scaling)?;
        if self.threads == 0 {
            return Err("0 threads (a cell runs at least one)".into());
        }
        if !h.modes.is_empty() && !h.modes.contains(self.mode.as_str()) {
            return Err(format!(
                "mode '{}' is not among the header's modes",
                self.mode
            ));
        }
        if !h.scalings.is_empty() && !h.scalings.contains(self.scaling.as_str()) {
            return Err(format!(
                "scaling '{}' is not among the header's scalings",
                self.scaling
            ));
        }
        if !h.threads.is_empty() && !h.threads.contains(&self.threads) {
            return Err(format!(
                "{} threads is not among the header's thread counts",
                self.threads
            ));
        }
        let (min, med, max) = (self.wall_min_ns, self.wall_median_ns, self.wall_max_ns);
        if !(min <= med && med <= max) {
            return Err(format!(
                "wall times out of order: min {min} ns, median {med} ns, max {max} ns \
                 (need min <= median <= max)"
            ));
        }
        if self.runs_ns.is_empty() {
            return Err("runs_ns is empty (a cell has at least one run)".into());
        }
        if let Some(r) = self.runs_ns.iter().find(|r| !(min..=max).contains(*r)) {
            return Err(format!(
                "a run of {r} ns lies outside wall_min_ns..wall_max_ns ({min}..{max})"
            ));
        }
        check_range("speedup", self.speedup, 0.0, MAX_SPEEDUP)?;
        check_range("efficiency", self.efficiency, 0.0, MAX_SPEEDUP)?;
        // Shares are wait / wall of one run: at most 1, with room for the
        // clocks' rounding.
        check_range("gil_wait_share", self.gil_wait_share, 0.0, 1.001)?;
        if self.thread_wait_share.len() > MAX_THREAD_SHARES {
            return Err(format!(
                "{} per-thread wait shares (at most {MAX_THREAD_SHARES})",
                self.thread_wait_share.len()
            ));
        }
        for (t, s) in self.thread_wait_share.iter().enumerate() {
            check_range(&format!("thread_wait_share[{t}]"), *s, 0.0, 1.001)?;
        }
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
    const MAX: usize = 400;
    if m.chars().count() <= MAX {
        m.to_string()
    } else {
        m.chars().take(MAX - 1).chain(['…']).collect()
    }
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
