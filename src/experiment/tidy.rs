//! Sweep results as tidy (long-format) CSV: every parameter a column and
//! no comment lines, so `pd.read_csv` (or R's `read.csv`) of several
//! sweeps concatenates cleanly.
//!
//! | file               | one row per          | columns after the parameters |
//! |--------------------|----------------------|------------------------------|
//! | `PREFIX.csv`       | run                  | seed, rep, wall_ns, switches, drop_requests, io_ops, instructions, gil_wait_share |
//! | `PREFIX.cells.csv` | cell                 | n, then mean, sd, median, min, max, ci_lo, ci_hi of wall_ns, speedup, switches, drop_requests, gil_wait_share; efficiency |
//! | `PREFIX.threads.csv` | run × thread       | seed, rep, thread, name, instructions, gil_wait_ns, gil_hold_ns, drop_requests, io_ops |
//!
//! The parameters are `gilsim_version, engine, workload, scaling,
//! [runtime,] mode, policy, switch_interval_ns, check_interval, threads, cores,
//! work_per_thread`; a parameter that does not apply (the switch interval
//! of free mode) is empty, which pandas reads as NaN. `runtime` is there
//! only in sweeps with `--runtimes`.

use super::results::{write_err, Cell, SweepResults};
use super::stats::Summary;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// The parameter columns, first in every file.
pub const PARAMS: [&str; 11] = [
    "gilsim_version",
    "engine",
    "workload",
    "scaling",
    "mode",
    "policy",
    "switch_interval_ns",
    "check_interval",
    "threads",
    "cores",
    "work_per_thread",
];

/// The figures summarised per cell.
const FIGURES: [&str; 5] = [
    "wall_ns",
    "speedup",
    "switches",
    "drop_requests",
    "gil_wait_share",
];

/// The statistics of each figure, as column suffixes.
const STATS: [&str; 7] = ["mean", "sd", "median", "min", "max", "ci_lo", "ci_hi"];

/// The parameter columns of `r`: [`PARAMS`], with `runtime` after
/// `scaling` when the sweep had `--runtimes` (files of sweeps without
/// them keep their columns).
pub fn param_names(r: &SweepResults) -> Vec<String> {
    let mut v: Vec<String> = PARAMS.iter().map(|s| s.to_string()).collect();
    if !r.header.runtimes.is_empty() {
        v.insert(4, "runtime".into());
    }
    v
}

fn params(r: &SweepResults, c: &Cell) -> Vec<String> {
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    let runtime = (!r.header.runtimes.is_empty()).then(|| c.runtime.clone().unwrap_or_default());
    vec![
        r.header.gilsim_version.clone(),
        r.header.engine.clone(),
        c.workload.clone(),
        c.scaling.clone(),
    ]
    .into_iter()
    .chain(runtime)
    .chain([
        c.mode.clone(),
        c.policy.clone(),
        opt(c.switch_interval_ns),
        opt(c.check_interval),
        c.threads.to_string(),
        c.cores.to_string(),
        c.work_per_thread.to_string(),
    ])
    .collect()
}

fn num(v: f64) -> String {
    // Shortest text that reads back as the same f64.
    format!("{v}")
}

fn stats(s: &Summary) -> [String; 7] {
    [s.mean, s.sd, s.median, s.min, s.max, s.ci_lo, s.ci_hi].map(num)
}

/// CSV text of a header row and data rows (quoted where needed). Writing
/// to memory cannot fail.
pub fn csv_text<H: AsRef<[u8]>, F: AsRef<[u8]>>(header: &[H], rows: &[Vec<F>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for row in rows {
        w.write_record(row).expect("writing to memory");
    }
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// Writes [`csv_text`] to `path` ([`Error::Write`], exit 73, on failure).
pub fn write_csv<H: AsRef<[u8]>, F: AsRef<[u8]>>(
    path: &Path,
    header: &[H],
    rows: &[Vec<F>],
) -> Result<(), Error> {
    std::fs::write(path, csv_text(header, rows)).map_err(write_err(path))
}

impl SweepResults {
    /// One row per run.
    pub fn runs_csv(&self) -> String {
        let mut header: Vec<String> = param_names(self);
        header.extend(
            [
                "seed",
                "rep",
                "wall_ns",
                "switches",
                "drop_requests",
                "io_ops",
                "instructions",
                "gil_wait_share",
            ]
            .map(String::from),
        );
        let mut rows = Vec::new();
        for c in &self.cells {
            for r in &c.runs {
                let mut row = params(self, c);
                row.extend([
                    r.seed.to_string(),
                    r.rep.to_string(),
                    r.wall_ns.to_string(),
                    r.switches.to_string(),
                    r.drop_requests.to_string(),
                    r.io_ops.to_string(),
                    r.instructions.to_string(),
                    num(r.gil_wait_share),
                ]);
                rows.push(row);
            }
        }
        csv_text(&header, &rows)
    }

    /// One row per cell, with every figure's summary.
    pub fn cells_csv(&self) -> String {
        let mut header: Vec<String> = param_names(self);
        header.push("n".into());
        for f in FIGURES {
            header.extend(STATS.iter().map(|s| format!("{f}_{s}")));
        }
        header.push("efficiency".into());
        let rows: Vec<Vec<String>> = self
            .cells
            .iter()
            .map(|c| {
                let mut row = params(self, c);
                row.push(c.wall_ns.n.to_string());
                for s in [
                    &c.wall_ns,
                    &c.speedup,
                    &c.switches,
                    &c.drop_requests,
                    &c.gil_wait_share,
                ] {
                    row.extend(stats(s));
                }
                row.push(num(c.efficiency));
                row
            })
            .collect();
        csv_text(&header, &rows)
    }

    /// One row per thread of every run.
    pub fn threads_csv(&self) -> String {
        let mut header: Vec<String> = param_names(self);
        header.extend(
            [
                "seed",
                "rep",
                "thread",
                "name",
                "instructions",
                "gil_wait_ns",
                "gil_hold_ns",
                "drop_requests",
                "io_ops",
            ]
            .map(String::from),
        );
        let mut rows = Vec::new();
        for c in &self.cells {
            for r in &c.runs {
                for (i, t) in r.threads.iter().enumerate() {
                    let mut row = params(self, c);
                    row.extend([
                        r.seed.to_string(),
                        r.rep.to_string(),
                        i.to_string(),
                        t.name.clone(),
                        t.instructions.to_string(),
                        t.gil_wait_ns.to_string(),
                        t.gil_hold_ns.to_string(),
                        t.drop_requests.to_string(),
                        t.io_ops.to_string(),
                    ]);
                    rows.push(row);
                }
            }
        }
        csv_text(&header, &rows)
    }

    /// The files [`SweepResults::write_all`] writes for `prefix`: JSON,
    /// runs CSV, cells CSV, threads CSV.
    pub fn files(prefix: &Path) -> [PathBuf; 4] {
        let with = |suffix: &str| {
            let mut s = prefix.as_os_str().to_owned();
            s.push(suffix);
            PathBuf::from(s)
        };
        [
            with(".json"),
            with(".csv"),
            with(".cells.csv"),
            with(".threads.csv"),
        ]
    }

    /// Writes PREFIX.json and the three CSV files; returns their paths.
    pub fn write_all(&self, prefix: &Path) -> Result<[PathBuf; 4], Error> {
        let files = Self::files(prefix);
        self.write_json(&files[0])?;
        for (path, text) in
            files[1..]
                .iter()
                .zip([self.runs_csv(), self.cells_csv(), self.threads_csv()])
        {
            std::fs::write(path, text).map_err(write_err(path))?;
        }
        Ok(files)
    }
}
