//! Charts of a sweep: speedup and wall time against thread count, and each
//! thread's share of time spent waiting for the GIL. Each chart shows one
//! panel per workload side by side, each scaled to its own data, with
//! lines coloured and marked by mode (and variant) alike in every panel,
//! and one legend under them all.

#[path = "sweep_panel.rs"]
mod panel;
#[path = "sweep_wait.rs"]
mod wait;

use super::frame::{frame, Entry, Legend};
use super::series::{line_label, series, workloads, Looks, Picker, Series, MODES};
use super::{Chart, Style};
use crate::experiment::results::{Cell, SweepResults};
use panel::{
    build, core_counts, cores_label, decimals, draw_band, draw_bars, draw_cores, draw_ideal,
    draw_line, footnote, log2, panel_title,
};
use plotters::coord::Shift;
use plotters::prelude::*;

pub use wait::WaitShareChart;

/// What a chart shows of each cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Speedup against one thread, with the ideal line.
    Speedup,
    /// Mean wall time (ms), with 95% bars.
    Wall,
}

/// Speedup or wall time against thread count: a panel per workload, a
/// line per mode (and variant).
pub struct ScalingChart<'a> {
    /// The sweep.
    pub results: &'a SweepResults,
    /// `strong` or `weak`.
    pub scaling: &'a str,
    /// What to plot.
    pub metric: Metric,
}

/// One panel of a sweep chart: a workload and its lines picked by the
/// style.
pub(crate) struct Panel<'a> {
    /// The workload's name.
    pub workload: String,
    /// Its lines.
    pub lines: Vec<Series<'a>>,
}

/// The panels of `r` at `scaling` (lines of `mode` only, if given) that
/// `style` picks: workloads in the order swept, each with at least one
/// line.
pub(crate) fn panels<'a>(
    r: &'a SweepResults,
    scaling: &str,
    mode: Option<&str>,
    style: &Style,
) -> Vec<Panel<'a>> {
    let picker = Picker::of(r);
    workloads(r)
        .into_iter()
        .map(|w| {
            let lines = series(r, scaling, &w, mode)
                .into_iter()
                .filter(|s| picker.picks(style, s.cells[0]))
                .collect();
            Panel { workload: w, lines }
        })
        .filter(|p: &Panel<'_>| !p.lines.is_empty())
        .collect()
}

/// One legend entry per line of `panels`, modes in legend order, each
/// once however many panels it is on.
pub(crate) fn line_entries(looks: &Looks, panels: &[Panel<'_>]) -> Vec<Entry> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for m in MODES {
        for p in panels {
            for s in p.lines.iter().filter(|s| s.mode == m) {
                if !keys.contains(&(s.mode.as_str(), s.variant.as_str())) {
                    keys.push((&s.mode, &s.variant));
                }
            }
        }
    }
    keys.into_iter()
        .map(|(m, v)| {
            let (c, mk) = looks.get(m, v);
            Entry::line(line_label(m, v), c, Some(mk))
        })
        .collect()
}

/// Lines of a panel sit a little apart along x so markers on the same
/// value stay visible: the offset of line `i` of `n` on an axis up to
/// `x_max` (about 1% of the axis' width per line).
pub(crate) fn dodge(i: usize, n: usize, x_max: f64) -> f64 {
    (i as f64 - (n as f64 - 1.0) / 2.0) * 0.013 * (x_max + 0.3)
}

/// The widest thread count on the x axis: the data's, or the core count.
pub(crate) fn x_end(r: &SweepResults, cores: &[u32]) -> f64 {
    let max_threads = r.cells.iter().map(|c| c.threads).max().unwrap_or(1);
    let most_cores = cores.iter().copied().max().unwrap_or(1);
    log2(max_threads.max(most_cores)).max(1.0)
}

impl ScalingChart<'_> {
    /// The value plotted for `c`, with its 95% interval.
    fn value(&self, c: &Cell) -> (f64, f64, f64) {
        match self.metric {
            Metric::Speedup => (c.speedup.mean, c.speedup.ci_lo, c.speedup.ci_hi),
            Metric::Wall => (
                c.wall_ns.mean / 1e6,
                c.wall_ns.ci_lo / 1e6,
                c.wall_ns.ci_hi / 1e6,
            ),
        }
    }

    /// The chart's title and y-axis description.
    fn titles(&self) -> (&'static str, &'static str) {
        match (self.metric, self.scaling) {
            (Metric::Speedup, "weak") => (
                "Weak scaling: throughput relative to one thread (fixed work per thread)",
                "speedup (N × T1 / TN)",
            ),
            (Metric::Speedup, _) => (
                "Strong scaling: speedup over one thread (fixed total work)",
                "speedup (T1 / TN)",
            ),
            (Metric::Wall, "weak") => (
                "Weak scaling: wall time (fixed work per thread)",
                "wall time (ms)",
            ),
            (Metric::Wall, _) => (
                "Strong scaling: wall time (fixed total work)",
                "wall time (ms)",
            ),
        }
    }

    /// The top of a panel's y axis: its data (and intervals) with headroom.
    fn y_top(&self, p: &Panel<'_>) -> f64 {
        let top = p
            .lines
            .iter()
            .flat_map(|s| s.cells.iter())
            .map(|c| {
                let (v, _, hi) = self.value(c);
                if c.speedup.n > 1 {
                    v.max(hi)
                } else {
                    v
                }
            })
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        match self.metric {
            Metric::Speedup => (top * 1.1).max(1.2),
            Metric::Wall => (top * 1.1).max(1e-3),
        }
    }

    /// Draws one panel on `area`.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        p: &Panel<'_>,
        (looks, cores, x_max, first): (&Looks, &[u32], f64, bool),
    ) -> Result<(), String> {
        let y_max = self.y_top(p);
        let d = decimals(y_max);
        let y_desc = if first { self.titles().1 } else { "" };
        let mut chart = build(
            area,
            style,
            &panel_title(&p.workload),
            x_max,
            y_max,
            y_desc,
            &|v: &f64| format!("{v:.d$}"),
        )?;
        draw_cores(&mut chart, style, cores, x_max, y_max)?;
        if self.metric == Metric::Speedup {
            draw_ideal(&mut chart, style, x_max, y_max)?;
        }
        let n = p.lines.len();
        for (i, s) in p.lines.iter().enumerate() {
            let (c, _) = looks.get(&s.mode, &s.variant);
            let dx = dodge(i, n, x_max);
            let xs: Vec<f64> = s.cells.iter().map(|c| log2(c.threads) + dx).collect();
            let vals: Vec<(f64, f64, f64)> = s.cells.iter().map(|c| self.value(c)).collect();
            let several = s.cells.iter().any(|c| c.wall_ns.n > 1);
            if several {
                let lo: Vec<f64> = vals.iter().map(|v| v.1).collect();
                let hi: Vec<f64> = vals.iter().map(|v| v.2.min(y_max)).collect();
                match self.metric {
                    Metric::Speedup => draw_band(&mut chart, style, &xs, &lo, &hi, c)?,
                    Metric::Wall => {
                        let bars: Vec<(f64, f64, f64)> = xs
                            .iter()
                            .zip(&lo)
                            .zip(&hi)
                            .map(|((x, l), h)| (*x, *l, *h))
                            .collect();
                        draw_bars(&mut chart, style, &bars, c)?
                    }
                }
            }
        }
        // Lines over every band, so no band hides a line.
        for (i, s) in p.lines.iter().enumerate() {
            let (c, mk) = looks.get(&s.mode, &s.variant);
            let dx = dodge(i, n, x_max);
            let pts: Vec<(f64, f64)> = s
                .cells
                .iter()
                .map(|cell| (log2(cell.threads) + dx, self.value(cell).0))
                .collect();
            draw_line(&mut chart, style, &pts, c, mk)?;
        }
        Ok(())
    }
}

/// Lays `n` panels side by side in `body`.
pub(crate) fn split<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    n: usize,
) -> Vec<DrawingArea<DB, Shift>> {
    body.split_evenly((1, n.max(1)))
}

/// Draws "nothing picked" in the middle of `body`.
pub(crate) fn draw_empty<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    style: &Style,
) -> Result<(), String> {
    let (w, h) = body.dim_in_pixel();
    body.draw_text(
        "no line matches --series",
        &style
            .muted(18.0)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            )),
        (w as i32 / 2, h as i32 / 2),
    )
    .map_err(super::frame::err)
}

impl Chart for ScalingChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let looks = Looks::of(r);
        let panels = panels(r, self.scaling, None, style);
        let cells: Vec<&Cell> = panels
            .iter()
            .flat_map(|p| p.lines.iter().flat_map(|s| s.cells.iter().copied()))
            .collect();
        let cores = core_counts(r, &cells);
        let x_max = x_end(r, &cores);
        let mut entries = line_entries(&looks, &panels);
        let ink = style.ink();
        if self.metric == Metric::Speedup {
            entries.push(Entry::line("ideal (linear speedup)", ink.reference, None));
        }
        entries.push(Entry::dashed(cores_label(r, &cores), ink.reference, None));
        let ci = match self.metric {
            Metric::Speedup => "bands are 95% CIs",
            Metric::Wall => "bars are 95% CIs",
        };
        let framed = frame(
            root,
            style,
            &style.title(self.titles().0),
            &Legend::new(entries),
            &footnote(r, ci),
        )?;
        if panels.is_empty() {
            return draw_empty(&framed.body, style);
        }
        for (i, (area, p)) in split(&framed.body, panels.len())
            .iter()
            .zip(&panels)
            .enumerate()
        {
            self.draw_panel(area, style, p, (&looks, &cores, x_max, i == 0))?;
        }
        Ok(())
    }

    fn series_names(&self) -> Vec<String> {
        Picker::of(self.results).names()
    }
}

/// Draws one chart at a file stem; returns the files written.
type DrawTo<'a> =
    Box<dyn Fn(&std::path::Path) -> Result<Vec<std::path::PathBuf>, crate::Error> + 'a>;

/// Draws every chart of a sweep into `dir` as `output` says; returns the
/// files written. A chart none of whose lines `--series` picks is left
/// out.
pub fn plot_all(
    r: &SweepResults,
    dir: &std::path::Path,
    output: &super::Output,
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    let names = Picker::of(r).names();
    // A name need only be on one of the charts.
    output
        .style
        .check_series(&names)
        .map_err(crate::Error::Usage)?;
    let mut charts: Vec<(String, DrawTo<'_>)> = Vec::new();
    for scaling in ["strong", "weak"] {
        if panels(r, scaling, None, &output.style).is_empty() {
            continue;
        }
        for (metric, name) in [(Metric::Speedup, "speedup"), (Metric::Wall, "wall")] {
            let chart = ScalingChart {
                results: r,
                scaling,
                metric,
            };
            charts.push((
                format!("{name}_{scaling}"),
                Box::new(move |stem| output.save(&chart, stem)),
            ));
        }
        if !panels(r, scaling, Some("gil"), &output.style).is_empty() {
            let chart = WaitShareChart {
                results: r,
                scaling,
            };
            charts.push((
                format!("gil_wait_{scaling}"),
                Box::new(move |stem| output.save(&chart, stem)),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for (stem, draw) in &charts {
        files.extend(draw(&dir.join(stem))?);
    }
    Ok(files)
}
