//! The lines of a sweep chart: which cells make a line (every parameter
//! but the thread count), how a line is labelled when a sweep holds
//! several policies, intervals, core counts or runtimes, the colour and
//! marker each line keeps on every panel and chart, and the names
//! `--series` picks lines by.

use super::cut;
use super::style::{marker, mode_color, mode_marker, palette, Marker, Style, MARKERS, PALETTE};
use crate::duration::{format_ns, human_ns};
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
    /// Its legend text: the mode, and the variant if the results hold
    /// several (the workload is the panel's title).
    pub label: String,
    /// Its index among the series of the panel.
    pub index: usize,
    /// Its mode.
    pub mode: String,
    /// Its variant (see [`variant_label`]); empty if the results hold one.
    pub variant: String,
}

/// The GIL variants and core counts of the results: the parameters a
/// line's label must name when several occur. Intervals are written for
/// people ("5 ms").
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
                parts.push(human_ns(si));
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

/// The workloads of the results, in the order they were swept.
pub fn workloads(r: &SweepResults) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in &r.cells {
        if !names.contains(&c.workload) {
            names.push(c.workload.clone());
        }
    }
    names
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
                    let variant = variant_label(r, c);
                    out.push(Series {
                        cells: vec![c],
                        label: line_label(m, &variant),
                        index: out.len(),
                        mode: m.to_string(),
                        variant,
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

/// A line's legend text: its mode, then its variant if any.
pub fn line_label(mode: &str, variant: &str) -> String {
    if variant.is_empty() {
        mode_label(mode).to_string()
    } else {
        format!("{}, {variant}", mode_label(mode))
    }
}

/// The colour and marker of every line of the results, the same on every
/// panel and chart: a mode's first line takes the mode's own
/// ([`mode_color`], [`mode_marker`]); a mode's further variants take
/// palette colours and markers no other line has.
pub struct Looks {
    keys: Vec<(String, String, RGBColor, Marker)>,
}

impl Looks {
    /// The looks of every line in `r`.
    pub fn of(r: &SweepResults) -> Looks {
        let mut lines: Vec<(String, String)> = Vec::new();
        for m in MODES {
            for c in r.cells.iter().filter(|c| c.mode == m) {
                let key = (m.to_string(), variant_label(r, c));
                if !lines.contains(&key) {
                    lines.push(key);
                }
            }
        }
        let mut keys: Vec<(String, String, RGBColor, Marker)> = Vec::new();
        // First lines of each mode: the mode's own look.
        for (m, v) in &lines {
            if !keys.iter().any(|k| &k.0 == m) {
                keys.push((m.clone(), v.clone(), mode_color(m), mode_marker(m)));
            }
        }
        for (m, v) in &lines {
            if keys.iter().any(|k| &k.0 == m && &k.1 == v) {
                continue;
            }
            let used_c = |c: RGBColor| keys.iter().any(|k| k.2 == c);
            let used_m = |x: Marker| keys.iter().any(|k| k.3 == x);
            let used = |c: RGBColor, x: Marker| keys.iter().any(|k| k.2 == c && k.3 == x);
            let color = PALETTE
                .iter()
                .copied()
                .find(|c| !used_c(*c))
                .unwrap_or_else(|| palette(keys.len()));
            let mark = MARKERS
                .iter()
                .copied()
                .find(|x| !used_m(*x) && !used(color, *x))
                .or_else(|| MARKERS.iter().copied().find(|x| !used(color, *x)))
                .unwrap_or_else(|| marker(keys.len()));
            keys.push((m.clone(), v.clone(), color, mark));
        }
        Looks { keys }
    }

    /// The colour and marker of the line of `mode` and `variant`.
    pub fn get(&self, mode: &str, variant: &str) -> (RGBColor, Marker) {
        self.keys
            .iter()
            .find(|k| k.0 == mode && k.1 == variant)
            .map_or((mode_color(mode), mode_marker(mode)), |k| (k.2, k.3))
    }
}

/// The names `--series` picks lines of a sweep by, one list per dimension:
/// modes, workloads, then each kind of variant (policies, runtimes, switch
/// intervals, check intervals, core counts). Names from one dimension are
/// alternatives; a line must match every dimension asked about.
pub struct Picker {
    dims: Vec<Dim>,
}

/// One dimension: its names and, per name, the spellings it answers to.
struct Dim {
    names: Vec<String>,
    aliases: Vec<Vec<String>>,
    of: fn(&Cell) -> Option<String>,
}

fn push(d: &mut Dim, name: String, aliases: Vec<String>) {
    if !d.names.contains(&name) {
        d.names.push(name.clone());
        let mut all = vec![name];
        all.extend(aliases);
        d.aliases.push(all);
    }
}

impl Picker {
    /// The dimensions of the results `r`.
    pub fn of(r: &SweepResults) -> Picker {
        let new = |of: fn(&Cell) -> Option<String>| Dim {
            names: Vec::new(),
            aliases: Vec::new(),
            of,
        };
        let mut modes = new(|c| Some(c.mode.clone()));
        let mut works = new(|c| Some(c.workload.clone()));
        let mut policies = new(|c| c.runtime.is_none().then(|| c.policy.clone()));
        let mut runtimes = new(|c| c.runtime.clone());
        let mut switch = new(|c| c.switch_interval_ns.map(human_ns));
        let mut check = new(|c| c.check_interval.map(|n| format!("check {n}")));
        let mut cores = new(|c| Some(format!("{} cores", c.cores)));
        for m in MODES {
            if r.cells.iter().any(|c| c.mode == m) {
                push(&mut modes, m.to_string(), Vec::new());
            }
        }
        for w in workloads(r) {
            push(&mut works, w, Vec::new());
        }
        for c in &r.cells {
            if c.runtime.is_none() {
                push(&mut policies, c.policy.clone(), Vec::new());
            }
            if let Some(rt) = &c.runtime {
                push(&mut runtimes, rt.clone(), Vec::new());
            }
            if let Some(si) = c.switch_interval_ns {
                push(&mut switch, human_ns(si), vec![format_ns(si)]);
            }
            if let Some(ci) = c.check_interval {
                push(&mut check, format!("check {ci}"), Vec::new());
            }
            push(
                &mut cores,
                format!("{} cores", c.cores),
                vec![format!("{}cores", c.cores)],
            );
        }
        Picker {
            dims: vec![modes, works, policies, runtimes, switch, check, cores],
        }
    }

    /// Every name `--series` may give, with the spellings of flags too
    /// ("5 ms" and "5ms").
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.dims {
            for a in d.aliases.iter().flatten() {
                if !out.contains(a) {
                    out.push(a.clone());
                }
            }
        }
        out
    }

    /// `style` with every name asked for written as its dimension's own
    /// (a flag's "5ms" as "5 ms"), for [`Style::picks`].
    fn canonical(&self, style: &Style) -> Style {
        let mut s = style.clone();
        for asked in s.series.iter_mut() {
            for d in &self.dims {
                for (name, aliases) in d.names.iter().zip(&d.aliases) {
                    if aliases.iter().any(|a| a.eq_ignore_ascii_case(asked)) {
                        *asked = name.clone();
                    }
                }
            }
        }
        s
    }

    /// Whether `style` draws the line `c` belongs to.
    pub fn picks(&self, style: &Style, c: &Cell) -> bool {
        if style.series.is_empty() {
            return true;
        }
        let s = self.canonical(style);
        let values: Vec<String> = self
            .dims
            .iter()
            .map(|d| (d.of)(c).unwrap_or_default())
            .collect();
        let dims: Vec<(&[String], &str)> = self
            .dims
            .iter()
            .zip(&values)
            .map(|(d, v)| (d.names.as_slice(), v.as_str()))
            .collect();
        s.picks(&dims)
    }
}
