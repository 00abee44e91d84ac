//! The lines of a sweep chart: which cells make a line (every parameter
//! but the thread count), how a line is labelled when a sweep holds
//! several policies, intervals or core counts, and their colours.

use super::cut;
use crate::experiment::results::{Cell, SweepResults};
use plotters::style::RGBColor;

/// The modes a chart can show, in legend order.
pub const MODES: [&str; 5] = ["gil", "free", "async", "process", "interp"];

/// How a mode is named in a legend.
pub fn mode_label(mode: &str) -> &'static str {
    match mode {
        "gil" => "threads with the GIL",
        "async" => "asyncio (one thread)",
        "process" => "processes",
        "interp" => "subinterpreters",
        _ => "free-threaded",
    }
}

/// A line on a chart: every parameter of a cell but its thread count.
pub struct Series<'a> {
    /// The cells, by thread count.
    pub cells: Vec<&'a Cell>,
    /// Its legend text.
    pub label: String,
    /// Its index among the series of the chart (for a colour).
    pub index: usize,
}

/// The GIL variants and core counts of the results: the parameters a
/// line's label must name when several occur.
pub fn variant_label(r: &SweepResults, c: &Cell) -> String {
    let h = &r.header;
    let mut parts = Vec::new();
    if let Some(rt) = &c.runtime {
        // A runtime names its policy, intervals and profile at once.
        parts.push(cut(rt));
    } else if matches!(c.mode.as_str(), "gil" | "process" | "interp") {
        if h.policies.len() > 1 {
            parts.push(cut(&c.policy));
        }
        if h.switch_intervals_ns.len() > 1 {
            if let Some(si) = c.switch_interval_ns {
                parts.push(crate::duration::format_ns(si));
            }
        }
        if h.check_intervals.len() > 1 {
            if let Some(ci) = c.check_interval {
                parts.push(format!("check {ci}"));
            }
        }
    }
    if h.cores.len() > 1 {
        parts.push(format!("{} cores", c.cores));
    }
    parts.join(", ")
}

/// Whether the results hold more than one line per workload and mode.
pub fn has_variants(r: &SweepResults) -> bool {
    let h = &r.header;
    h.policies.len() > 1
        || h.runtimes.len() > 1
        || h.switch_intervals_ns.len() > 1
        || h.check_intervals.len() > 1
        || h.cores.len() > 1
}

/// The lines of workload `w` in `mode` (every mode if `None`) at `scaling`.
pub fn series<'a>(
    r: &'a SweepResults,
    scaling: &str,
    w: &str,
    mode: Option<&str>,
) -> Vec<Series<'a>> {
    let mut out: Vec<Series<'a>> = Vec::new();
    let mut keys = Vec::new();
    for m in MODES {
        if mode.is_some_and(|x| x != m) {
            continue;
        }
        for c in r
            .cells
            .iter()
            .filter(|c| c.scaling == scaling && c.workload == w && c.mode == m)
        {
            let k = c.series();
            match keys.iter().position(|x| *x == k) {
                Some(i) => out[i].cells.push(c),
                None => {
                    keys.push(k);
                    let v = variant_label(r, c);
                    let label = if v.is_empty() {
                        format!("{}, {}", cut(w), mode_label(m))
                    } else {
                        format!("{}, {}, {v}", cut(w), mode_label(m))
                    };
                    out.push(Series {
                        cells: vec![c],
                        label,
                        index: out.len(),
                    });
                }
            }
        }
    }
    for s in out.iter_mut() {
        s.cells.sort_by_key(|c| c.threads);
    }
    out
}

/// The Okabe-Ito palette (colour-blind safe), for results with several
/// lines per mode.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(204, 121, 167),
    RGBColor(120, 100, 0),
];
