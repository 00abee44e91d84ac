//! What `experiment load` records: one [`LoadRun`] per point and seed,
//! one [`LoadPoint`] per point (a [`Summary`] over the seeds of each
//! figure), and the settings, written as JSON, tidy CSV and a table.

use super::super::machine::Machine;
use super::super::stats::Summary;
use crate::error::Error;
use crate::gil::PolicyId;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// One run: a point (policy, switch interval, load) under one seed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LoadRun {
    /// Policy.
    pub policy: PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Open loop: the offered load (requests/s).
    pub offered_rps: Option<f64>,
    /// Open loop: the offered load as a share of the server's CPU
    /// capacity (`capacity_rps`).
    pub offered_util: Option<f64>,
    /// Closed loop: the number of clients.
    pub clients: Option<u32>,
    /// The seed of the schedule (and of the virtual engine).
    pub seed: u64,
    /// Requests served.
    pub requests: u32,
    /// Requests served per second: requests / the last completion.
    pub throughput_rps: f64,
    /// Mean latency (ns): completion - scheduled arrival.
    pub mean_ns: f64,
    /// Median latency (ns).
    pub p50_ns: u64,
    /// 99th percentile (ns).
    pub p99_ns: u64,
    /// 99.9th percentile (ns).
    pub p999_ns: u64,
    /// Largest latency (ns).
    pub max_ns: u64,
    /// Requests whose CPU demand is at most the mean demand.
    pub short_requests: u32,
    /// Their median latency (ns).
    pub short_p50_ns: u64,
    /// Their 99th percentile (ns).
    pub short_p99_ns: u64,
    /// GIL switches in the run (all GIL domains).
    pub switches: u64,
}

/// One point: a policy, switch interval and load, over every seed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LoadPoint {
    /// Policy.
    pub policy: PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Open loop: offered load (requests/s).
    pub offered_rps: Option<f64>,
    /// Open loop: offered load / capacity.
    pub offered_util: Option<f64>,
    /// Closed loop: clients.
    pub clients: Option<u32>,
    /// Throughput (requests/s).
    pub throughput_rps: Summary,
    /// Mean latency (ns).
    pub mean_ns: Summary,
    /// p50 latency (ns).
    pub p50_ns: Summary,
    /// p99 latency (ns).
    pub p99_ns: Summary,
    /// p99.9 latency (ns).
    pub p999_ns: Summary,
    /// p50 latency of short requests (ns).
    pub short_p50_ns: Summary,
    /// p99 latency of short requests (ns).
    pub short_p99_ns: Summary,
}

/// The whole experiment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LoadResults {
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine (simulated on the virtual engine).
    pub machine: Machine,
    /// `real` or `virtual`.
    pub engine: String,
    /// The runtime preset the runs modelled (`--runtime`), if any: it set
    /// the policy, the switch interval unless one was given, and the
    /// runtime's costs. Absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// `threads`, `asyncio` or `processes`.
    pub server: String,
    /// `open` (Poisson arrivals) or `closed` (clients).
    #[serde(rename = "loop")]
    pub loop_kind: String,
    /// Workers in the pool.
    pub workers: u32,
    /// CPU demand per request (spec).
    pub cpu: String,
    /// IO time per request (spec).
    pub io: String,
    /// Closed loop: think time (spec).
    pub think: Option<String>,
    /// Mean CPU demand (ns).
    pub cpu_mean_ns: f64,
    /// Mean IO time (ns).
    pub io_mean_ns: f64,
    /// Requests per run, when fixed.
    pub requests: Option<u32>,
    /// Open loop: arrivals during this long (ns), when given instead.
    pub duration_ns: Option<u64>,
    /// The seeds (one run per point each).
    pub seeds: Vec<u64>,
    /// Calibrated nanoseconds per iteration of the CPU loop.
    pub iter_ns: f64,
    /// The server's CPU capacity (requests/s): GIL domains (1 for
    /// threads and asyncio, min(workers, cores) for processes) / mean
    /// CPU demand. Utilisations are relative to it.
    pub capacity_rps: f64,
    /// How the confidence intervals are computed.
    pub ci_method: String,
    /// Every point, summarised over the seeds.
    pub points: Vec<LoadPoint>,
    /// Every run.
    pub runs: Vec<LoadRun>,
}

/// The most lines (policy x switch interval) a results file may hold: a
/// chart draws one line each.
pub const MAX_LINES: usize = 32;
/// The most points a results file may hold.
pub const MAX_POINTS: usize = 4096;
/// The largest latency or rate a results file may hold (ns or
/// requests/s): far beyond any run, small enough for a chart's axis.
pub const MAX_FIGURE: f64 = 1e15;

impl LoadResults {
    /// Reads results written by `experiment load`: a file that is not
    /// JSON of the right shape, or whose figures could not have come from
    /// the experiment (see [`LoadResults::validate`]), is an
    /// [`Error::Results`] (exit 65).
    pub fn read_json(path: &Path) -> Result<LoadResults, Error> {
        use super::super::results::{json_error, read_input};
        let bytes = read_input(path)?;
        let r: LoadResults = serde_json::from_slice(&bytes)
            .map_err(|e| json_error(path, "not gilsim load results", &e))?;
        r.validate().map_err(|message| Error::Results {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(r)
    }

    /// Checks what the chart and the table rely on: at least one point
    /// and core, at most [`MAX_POINTS`] points on [`MAX_LINES`] lines, a
    /// load level on every point (offered load or clients, as the loop
    /// says), and every figure finite, non-negative and within
    /// [`MAX_FIGURE`], with its interval around its mean. The message
    /// names the first bad point.
    pub fn validate(&self) -> Result<(), String> {
        use super::super::results::check_range;
        if self.machine.cores == 0 {
            return Err("machine.cores is 0 (a machine has at least one core)".into());
        }
        if !matches!(self.loop_kind.as_str(), "open" | "closed") {
            return Err(format!("loop is '{}', not open or closed", self.loop_kind));
        }
        check_range("capacity_rps", self.capacity_rps, 0.0, MAX_FIGURE)?;
        if self.points.is_empty() || self.points.len() > MAX_POINTS {
            return Err(format!("{} points: 1 to {MAX_POINTS}", self.points.len()));
        }
        let mut lines = std::collections::HashSet::new();
        for (i, p) in self.points.iter().enumerate() {
            let at = |m: String| {
                format!(
                    "point {i} ({} at {} ns): {m}",
                    p.policy, p.switch_interval_ns
                )
            };
            lines.insert((p.policy, p.switch_interval_ns));
            if lines.len() > MAX_LINES {
                return Err(at(format!("more than {MAX_LINES} policy x interval lines")));
            }
            let level = match (self.loop_kind.as_str(), p.offered_rps, p.clients) {
                ("open", Some(r), _) => r,
                ("closed", _, Some(c)) => c as f64,
                _ => {
                    return Err(at(
                        "no load level (offered_rps or clients) for its loop".into()
                    ))
                }
            };
            check_range("the load level", level, 0.0, MAX_FIGURE).map_err(at)?;
            for (name, s) in FIGURES.iter().zip(p.figures()) {
                for (part, v) in [("mean", s.mean), ("ci_lo", s.ci_lo), ("ci_hi", s.ci_hi)] {
                    check_range(&format!("{name}.{part}"), v, -MAX_FIGURE, MAX_FIGURE)
                        .map_err(at)?;
                }
                check_range(&format!("{name}.mean"), s.mean, 0.0, MAX_FIGURE).map_err(at)?;
                if !(s.ci_lo <= s.mean && s.mean <= s.ci_hi) {
                    return Err(at(format!("{name}: the mean lies outside its interval")));
                }
            }
        }
        Ok(())
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn write_csv(path: &Path, header: &[&str], rows: Vec<Vec<String>>) -> Result<(), Error> {
    crate::experiment::tidy::write_csv(path, header, &rows)
}

/// The columns every CSV row starts with: the experiment's settings.
const SETTINGS: [&str; 12] = [
    "engine",
    "cores",
    "server",
    "loop",
    "workers",
    "cpu",
    "io",
    "think",
    "requests",
    "duration_ns",
    "iter_ns",
    "capacity_rps",
];

/// The columns naming a point.
const POINT: [&str; 5] = [
    "policy",
    "switch_interval_ns",
    "offered_rps",
    "offered_util",
    "clients",
];

/// The figures summarised per point.
const FIGURES: [&str; 7] = [
    "throughput_rps",
    "mean_ns",
    "p50_ns",
    "p99_ns",
    "p999_ns",
    "short_p50_ns",
    "short_p99_ns",
];

impl LoadPoint {
    fn figures(&self) -> [&Summary; 7] {
        [
            &self.throughput_rps,
            &self.mean_ns,
            &self.p50_ns,
            &self.p99_ns,
            &self.p999_ns,
            &self.short_p50_ns,
            &self.short_p99_ns,
        ]
    }
}

impl LoadResults {
    fn settings(&self) -> Vec<String> {
        vec![
            self.engine.clone(),
            self.machine.cores.to_string(),
            self.server.clone(),
            self.loop_kind.clone(),
            self.workers.to_string(),
            self.cpu.clone(),
            self.io.clone(),
            opt(self.think.clone()),
            opt(self.requests),
            opt(self.duration_ns),
            self.iter_ns.to_string(),
            self.capacity_rps.to_string(),
        ]
    }

    /// Writes the runs as tidy CSV: one row per point and seed, every
    /// setting a column.
    pub fn write_runs_csv(&self, path: &Path) -> Result<(), Error> {
        let mut header: Vec<&str> = SETTINGS.to_vec();
        header.extend(POINT);
        header.extend([
            "seed",
            "requests_served",
            "throughput_rps",
            "mean_ns",
            "p50_ns",
            "p99_ns",
            "p999_ns",
            "max_ns",
            "short_requests",
            "short_p50_ns",
            "short_p99_ns",
            "switches",
        ]);
        let rows = self
            .runs
            .iter()
            .map(|r| {
                let mut row = self.settings();
                row.extend([
                    r.policy.to_string(),
                    r.switch_interval_ns.to_string(),
                    opt(r.offered_rps),
                    opt(r.offered_util),
                    opt(r.clients),
                    r.seed.to_string(),
                    r.requests.to_string(),
                    r.throughput_rps.to_string(),
                    r.mean_ns.to_string(),
                    r.p50_ns.to_string(),
                    r.p99_ns.to_string(),
                    r.p999_ns.to_string(),
                    r.max_ns.to_string(),
                    r.short_requests.to_string(),
                    r.short_p50_ns.to_string(),
                    r.short_p99_ns.to_string(),
                    r.switches.to_string(),
                ]);
                row
            })
            .collect();
        write_csv(path, &header, rows)
    }

    /// Writes the points as CSV: one row per point, every setting a
    /// column, and for each figure its mean, sd and 95% interval over the
    /// seeds (`X_mean`, `X_sd`, `X_ci_lo`, `X_ci_hi`).
    pub fn write_points_csv(&self, path: &Path) -> Result<(), Error> {
        let mut header: Vec<String> = SETTINGS.iter().map(|s| s.to_string()).collect();
        header.extend(POINT.iter().map(|s| s.to_string()));
        header.push("seeds".into());
        for f in FIGURES {
            for part in ["mean", "sd", "ci_lo", "ci_hi"] {
                header.push(format!("{f}_{part}"));
            }
        }
        let rows = self
            .points
            .iter()
            .map(|p| {
                let mut row = self.settings();
                row.extend([
                    p.policy.to_string(),
                    p.switch_interval_ns.to_string(),
                    opt(p.offered_rps),
                    opt(p.offered_util),
                    opt(p.clients),
                    p.throughput_rps.n.to_string(),
                ]);
                for s in p.figures() {
                    row.extend([s.mean, s.sd, s.ci_lo, s.ci_hi].map(|v| v.to_string()));
                }
                row
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        write_csv(path, &header, rows)
    }

    /// The points as a table: throughput and latency percentiles, each
    /// the mean over the seeds ± half its 95% interval.
    pub fn table(&self) -> String {
        let closed = self.loop_kind == "closed";
        let mut s = format!(
            "load: {} server, {} workers, cpu {}, io {}{}, {} seed{} per point ({} engine, {} cores{})\nnominal capacity {:.0} requests/s (GIL domains / mean CPU demand); mean ± 95% CI over seeds\n{:<12} {:>9} {:>14} {:>20} {:>18} {:>18} {:>18}\n",
            self.server,
            self.workers,
            self.cpu,
            self.io,
            self.think.as_ref().map_or(String::new(), |t| format!(", think {t}")),
            self.seeds.len(),
            if self.seeds.len() == 1 { "" } else { "s" },
            self.engine,
            self.machine.cores,
            self.runtime
                .as_ref()
                .map_or(String::new(), |rt| format!(", runtime {rt}")),
            self.capacity_rps,
            "policy",
            "interval",
            if closed { "clients" } else { "offered/s" },
            "throughput/s",
            "p50 ms",
            "p99 ms",
            "p99.9 ms"
        );
        let ms = |x: &Summary| format!("{:>8.2} ± {:<7.2}", x.mean / 1e6, x.half_width() / 1e6);
        for p in &self.points {
            let level = match (p.clients, p.offered_rps, p.offered_util) {
                (Some(c), _, _) => c.to_string(),
                (_, Some(r), Some(u)) => format!("{r:.0} ({:.0}%)", u * 100.0),
                (_, Some(r), None) => format!("{r:.0}"),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "{:<12} {:>7}us {:>14} {:>9.0} ± {:<8.0} {} {} {}",
                p.policy.name(),
                p.switch_interval_ns as f64 / 1e3,
                level,
                p.throughput_rps.mean,
                p.throughput_rps.half_width(),
                ms(&p.p50_ns),
                ms(&p.p99_ns),
                ms(&p.p999_ns)
            );
        }
        s
    }
}
