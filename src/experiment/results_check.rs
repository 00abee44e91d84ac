//! What a sweep results file must satisfy before it is drawn, merged or
//! compared: the header's axes are known values, every cell lies on
//! them, appears once, and holds runs whose summaries agree with them.
//! The message names the first bad cell.

use super::results::{check_range, Cell, Header, Run, SweepResults};
use crate::plot::cut;
use std::collections::{HashMap, HashSet};

/// The most workloads a results file may hold: each is a line per mode on
/// every chart.
pub const MAX_WORKLOADS: usize = 64;

/// The most threads a run may list.
pub const MAX_THREAD_ROWS: usize = 1 << 16;

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

fn check_header(h: &Header) -> Result<(), String> {
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
    if h.seeds.is_empty() {
        return Err("header: no seeds (every run has one)".into());
    }
    for m in &h.modes {
        known_mode(m).map_err(|e| format!("header: {e}"))?;
    }
    for s in &h.scalings {
        known_scaling(s).map_err(|e| format!("header: {e}"))?;
    }
    for r in &h.runtimes {
        crate::runtime::Runtime::parse(r)
            .map_err(|e| format!("header: {}", cut(&e.to_string())))?;
    }
    for p in &h.policies {
        p.parse::<crate::gil::PolicyId>()
            .map_err(|e| format!("header: {}", cut(&e)))?;
    }
    if h.threads.contains(&0) {
        return Err("header: a thread count of 0 (each is at least 1)".into());
    }
    if h.cores.contains(&0) {
        return Err("header: a core count of 0 (each is at least 1)".into());
    }
    if let Some(s) = h.shard {
        if s.count == 0 || s.index >= s.count {
            return Err(format!(
                "header: shard {}/{} (need 0 <= index < count)",
                s.index, s.count
            ));
        }
    }
    Ok(())
}

impl SweepResults {
    /// Checks what the charts, `merge` and `compare` rely on: known modes,
    /// scalings, policies and engine; at least one thread, core, seed and
    /// repetition; every cell on the header's axes and listed once; runs
    /// with seeds the header lists, in order, with consistent summaries
    /// (`n` = runs, `min <= median <= max`, mean within them); finite,
    /// non-negative speedups; wait shares between 0 and 1; at most
    /// [`MAX_WORKLOADS`] workloads. An empty file is allowed only as a
    /// shard (a shard may hold no runs).
    pub fn validate(&self) -> Result<(), String> {
        let h = &self.header;
        check_header(h)?;
        if self.cells.is_empty() && h.shard.is_none() {
            return Err("the results hold no cells".into());
        }
        let mut seen = HashMap::new();
        let mut workloads = HashSet::new();
        for (i, c) in self.cells.iter().enumerate() {
            let at = |m: String| {
                format!(
                    "cell {i} ({}, {}, {}, {}, {} threads): {m}",
                    cut(&c.workload),
                    cut(&c.scaling),
                    cut(&c.mode),
                    cut(&c.policy),
                    c.threads
                )
            };
            check_cell(c, h).map_err(at)?;
            if let Some(j) = seen.insert(c.key(), i) {
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

fn check_cell(c: &Cell, h: &Header) -> Result<(), String> {
    if c.workload.is_empty() {
        return Err("an empty workload name".into());
    }
    known_mode(&c.mode)?;
    known_scaling(&c.scaling)?;
    let listed = |ok: bool, what: String| {
        if ok {
            Ok(())
        } else {
            Err(format!("{what} is not among the header's"))
        }
    };
    listed(
        h.modes.contains(&c.mode),
        format!("mode '{}'", cut(&c.mode)),
    )?;
    listed(
        h.scalings.contains(&c.scaling),
        format!("scaling '{}'", cut(&c.scaling)),
    )?;
    listed(
        h.threads.contains(&c.threads),
        format!("{} threads", c.threads),
    )?;
    listed(h.cores.contains(&c.cores), format!("{} cores", c.cores))?;
    if let Some(r) = &c.runtime {
        listed(h.runtimes.contains(r), format!("runtime '{}'", cut(r)))?;
    }
    if c.policy != "none" {
        listed(
            h.policies.contains(&c.policy),
            format!("policy '{}'", cut(&c.policy)),
        )?;
    }
    if let Some(si) = c.switch_interval_ns {
        listed(
            h.switch_intervals_ns.contains(&si),
            format!("switch interval {si} ns"),
        )?;
    }
    if let Some(ci) = c.check_interval {
        listed(
            h.check_intervals.contains(&ci),
            format!("check interval {ci}"),
        )?;
    }
    if c.threads == 0 {
        return Err("0 threads (a cell runs at least one)".into());
    }
    if c.runs.is_empty() {
        return Err("no runs (a cell has at least one)".into());
    }
    let mut last: Option<(usize, u32)> = None;
    for (k, r) in c.runs.iter().enumerate() {
        let pos =
            h.seeds.iter().position(|s| *s == r.seed).ok_or_else(|| {
                format!("run {k}: seed {} is not among the header's seeds", r.seed)
            })?;
        if r.rep >= h.repetitions {
            return Err(format!(
                "run {k}: repetition {} of {}",
                r.rep, h.repetitions
            ));
        }
        if last.is_some_and(|l| l >= (pos, r.rep)) {
            return Err(format!(
                "run {k}: runs out of seed and repetition order, or twice"
            ));
        }
        last = Some((pos, r.rep));
        check_run(r).map_err(|m| format!("run {k}: {m}"))?;
    }
    check_summary("wall_ns", &c.wall_ns, c.runs.len(), f64::MAX)?;
    if c.speedup.n > 0 {
        check_summary("speedup", &c.speedup, c.runs.len(), MAX_SPEEDUP)?;
    }
    check_range("efficiency", c.efficiency, 0.0, MAX_SPEEDUP)?;
    check_summary("gil_wait_share", &c.gil_wait_share, c.runs.len(), 1.001)?;
    check_summary("switches", &c.switches, c.runs.len(), f64::MAX)?;
    check_summary("drop_requests", &c.drop_requests, c.runs.len(), f64::MAX)?;
    if c.thread_wait_share.len() > MAX_THREAD_ROWS {
        return Err(format!(
            "{} per-thread wait shares (at most {MAX_THREAD_ROWS})",
            c.thread_wait_share.len()
        ));
    }
    for (t, s) in c.thread_wait_share.iter().enumerate() {
        check_range(&format!("thread_wait_share[{t}]"), *s, 0.0, 1.001)?;
    }
    Ok(())
}

fn check_run(r: &Run) -> Result<(), String> {
    check_range("gil_wait_share", r.gil_wait_share, 0.0, 1.001)?;
    if r.threads.len() > MAX_THREAD_ROWS {
        return Err(format!(
            "{} threads listed (at most {MAX_THREAD_ROWS})",
            r.threads.len()
        ));
    }
    Ok(())
}

/// A summary of `runs` values, each at most `hi`: n matches, the order
/// `min <= median <= max` holds, the mean lies between min and max, and
/// the interval contains the mean.
fn check_summary(
    what: &str,
    s: &super::stats::Summary,
    runs: usize,
    hi: f64,
) -> Result<(), String> {
    if s.n as usize != runs {
        return Err(format!("{what}.n is {}, but the cell has {runs} runs", s.n));
    }
    for (name, v) in [
        ("mean", s.mean),
        ("sd", s.sd),
        ("median", s.median),
        ("min", s.min),
        ("max", s.max),
    ] {
        check_range(&format!("{what}.{name}"), v, 0.0, hi)?;
    }
    // A t-interval may reach past the figure's range (a share's above 1
    // with few runs): it need only be finite.
    for (name, v) in [("ci_lo", s.ci_lo), ("ci_hi", s.ci_hi)] {
        check_range(&format!("{what}.{name}"), v, f64::MIN, f64::MAX)?;
    }
    // Rounding of sums may put a mean a hair outside min..max.
    let slack = 1e-9 * s.max.abs().max(1.0);
    if !(s.min <= s.median && s.median <= s.max)
        || s.mean < s.min - slack
        || s.mean > s.max + slack
        || s.ci_lo > s.mean + slack
        || s.ci_hi < s.mean - slack
    {
        return Err(format!(
            "{what}: figures out of order (min {}, median {}, mean {}, max {}, ci {}..{})",
            s.min, s.median, s.mean, s.max, s.ci_lo, s.ci_hi
        ));
    }
    Ok(())
}
