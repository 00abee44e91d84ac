//! Charts of a sweep: speedup and wall time against thread count, and each
//! thread's share of time spent waiting for the GIL.

use super::series::{has_variants, series, variant_label, Series, OKABE_ITO};
use super::{cut, font, Chart};
use crate::experiment::results::{Cell, SweepResults};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

const GIL: RGBColor = RGBColor(214, 39, 40);
const FREE: RGBColor = RGBColor(31, 119, 180);
const IDEAL: RGBColor = RGBColor(120, 120, 120);
const CORES: RGBColor = RGBColor(44, 160, 44);

/// What a chart shows of each cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Speedup against one thread, with the ideal line.
    Speedup,
    /// Median wall time (ms), with min-max bars.
    Wall,
}

/// Speedup or wall time against thread count, one line per workload and mode.
pub struct ScalingChart<'a> {
    /// The sweep.
    pub results: &'a SweepResults,
    /// `strong` or `weak`.
    pub scaling: &'a str,
    /// What to plot.
    pub metric: Metric,
}

/// Each thread's share of the run spent waiting for the GIL (gil mode).
pub struct WaitShareChart<'a> {
    /// The sweep.
    pub results: &'a SweepResults,
    /// `strong` or `weak`.
    pub scaling: &'a str,
}

fn log2(n: u32) -> f64 {
    (n.max(1) as f64).log2()
}

fn thread_label(x: &f64) -> String {
    format!("{}", 2f64.powf(*x).round() as u64)
}

fn color(mode: &str) -> RGBColor {
    match mode {
        "gil" => GIL,
        "async" => RGBColor(255, 127, 14),
        "process" => RGBColor(148, 103, 189),
        // Okabe-Ito's bluish green: apart from every other mode's colour.
        "interp" => RGBColor(0, 158, 115),
        _ => FREE,
    }
}

fn workloads(r: &SweepResults) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in &r.cells {
        if !names.contains(&c.workload) {
            names.push(c.workload.clone());
        }
    }
    names
}

fn footnote(r: &SweepResults) -> String {
    let h = &r.header;
    let runs = h.seeds.len() * h.repetitions as usize;
    let runs = if runs == 1 {
        "one run per point".to_string()
    } else {
        format!("mean of {runs} runs, bars and bands: 95% CI")
    };
    let gil = if has_variants(r) {
        String::new()
    } else {
        format!(
            " | switch interval {} | policy {}",
            h.switch_intervals_ns
                .first()
                .map_or("-".into(), |n| crate::duration::format_ns(*n)),
            h.policies.first().map_or("-", String::as_str)
        )
    };
    let text = format!(
        "gilsim {} | {} cores, {} | {runs}{gil}",
        h.gilsim_version, h.machine.cores, h.machine.cpu_model,
    );
    // Room for the fields above at their usual sizes, however long a file's are.
    text.chars().take(4 * super::MAX_LABEL).collect()
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Splits off the bottom strip for the footnote and writes it.
fn with_footnote<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    r: &SweepResults,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(err)?;
    let (main, foot) = root.split_vertically(root.dim_in_pixel().1 - 34);
    foot.draw_text(
        &footnote(r),
        &font(15).color(&RGBColor(90, 90, 90)),
        (20, 8),
    )
    .map_err(err)?;
    Ok(main)
}

/// A chart context with linear `f64` axes, as every sweep chart uses.
type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Builds the chart area under a caption, with the shared margins and
/// label areas.
fn build_plot<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Plot<'a, DB>, String> {
    ChartBuilder::on(area)
        .caption(title, font(28))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// Draws the axes and grid: thread counts along x (log2 scale), `y_desc`
/// with labels from `y_label` up the side.
fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    x_max: f64,
    y_desc: &str,
    y_label: &dyn Fn(&f64) -> String,
) -> Result<(), String> {
    chart
        .configure_mesh()
        .x_labels(x_max as usize + 1)
        .x_label_formatter(&thread_label)
        .x_desc("threads (log2 scale)")
        .y_desc(y_desc)
        .y_label_formatter(y_label)
        .label_style(font(18))
        .axis_desc_style(font(20))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(225, 225, 225))
        .draw()
        .map_err(err)
}

/// Draws the legend box of every labelled series at `position`.
fn draw_legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    position: SeriesLabelPosition,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(font(18))
        .legend_area_size(45)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(200, 200, 200))
        .draw()
        .map_err(err)
}

/// A short horizontal line in `style`: the legend swatch of a line series.
fn legend_line(style: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], style)
}

impl ScalingChart<'_> {
    /// The value plotted for `c`: its speedup, or its median wall time in ms.
    fn value(&self, c: &Cell) -> f64 {
        match self.metric {
            Metric::Speedup => c.speedup.mean,
            Metric::Wall => c.wall_ns.mean / 1e6,
        }
    }

    /// The top ends of both axes: x (log2 of threads, covering the core
    /// count) and y (the data with headroom).
    fn axis_ends(&self) -> (f64, f64) {
        let r = self.results;
        let max_threads = r.cells.iter().map(|c| c.threads).max().unwrap_or(1);
        let x_max = log2(max_threads.max(r.header.machine.cores)).max(1.0);
        let data_max = r
            .cells
            .iter()
            .filter(|c| c.scaling == self.scaling)
            .map(|c| match self.metric {
                Metric::Speedup => c.speedup.ci_hi.max(self.value(c)),
                Metric::Wall => c.wall_ns.ci_hi.max(c.wall_ns.max) / 1e6,
            })
            .fold(0.0, f64::max);
        let y_max = match self.metric {
            Metric::Speedup => data_max.max(max_threads as f64) * 1.08,
            // Headroom above the data keeps the legend off the lines.
            Metric::Wall => data_max * 1.5,
        }
        .max(1.0);
        (x_max, y_max)
    }

    /// The chart's title and y-axis description.
    fn titles(&self) -> (&'static str, &'static str) {
        match (self.metric, self.scaling) {
            (Metric::Speedup, "weak") => (
                "Weak scaling: work rate vs threads (fixed work per thread)",
                "speedup (N x T1 / TN)",
            ),
            (Metric::Speedup, _) => (
                "Strong scaling: speedup vs threads (fixed total work)",
                "speedup over one thread (T1 / TN)",
            ),
            (Metric::Wall, "weak") => (
                "Weak scaling: wall time vs threads (fixed work per thread)",
                "wall time (ms)",
            ),
            (Metric::Wall, _) => (
                "Strong scaling: wall time vs threads (fixed total work)",
                "wall time (ms)",
            ),
        }
    }

    /// Draws the dashed vertical line at the machine's core count.
    fn draw_cores<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        y_max: f64,
    ) -> Result<(), String> {
        let cores = self.results.header.machine.cores;
        let xc = log2(cores);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(xc, 0.0), (xc, y_max)],
                6,
                6,
                CORES.stroke_width(2),
            ))
            .map_err(err)?
            .label(if self.results.header.engine == "virtual" {
                format!("{cores} simulated cores")
            } else {
                format!("{cores} cores on this machine")
            })
            .legend(legend_line(CORES.stroke_width(2)));
        Ok(())
    }

    /// Draws one line: solid with circles for the first workload, dashed
    /// with triangles for the others; a shaded 95% band around a speedup
    /// line, 95% bars on wall times.
    fn draw_series<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        wi: usize,
        mode: &str,
        line: &Series<'_>,
        variants: bool,
    ) -> Result<(), String> {
        let c = if variants {
            OKABE_ITO[line.index % OKABE_ITO.len()]
        } else {
            color(mode)
        };
        let cs = &line.cells;
        let pts: Vec<(f64, f64)> = cs
            .iter()
            .map(|cell| (log2(cell.threads), self.value(cell)))
            .collect();
        match self.metric {
            Metric::Speedup => draw_band(chart, cs, c)?,
            Metric::Wall => draw_ci_bars(chart, cs, c)?,
        }
        // gil is drawn first and wider, free on top and narrower, so
        // both stay visible where they coincide (IO-bound work).
        let (width, marker) = if mode == "gil" && !variants {
            (6, 9)
        } else {
            (3, 5)
        };
        let style = c.stroke_width(width);
        let series = if wi == 0 {
            chart
                .draw_series(LineSeries::new(pts.clone(), style))
                .map_err(err)?
        } else {
            chart
                .draw_series(DashedLineSeries::new(pts.clone(), 12, 6, style))
                .map_err(err)?
        };
        // Subinterpreters mark their points with crosses: their line
        // often lies on the processes' one (both scale with the cores).
        let crosses = mode == "interp";
        let label = match (wi == 0, crosses) {
            (true, false) => format!("{} (solid, circles)", line.label),
            (false, false) => format!("{} (dashed, triangles)", line.label),
            (true, true) => format!("{} (solid, crosses)", line.label),
            (false, true) => format!("{} (dashed, crosses)", line.label),
        };
        series.label(label).legend(legend_line(c.stroke_width(3)));
        if crosses {
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| Cross::new(*p, marker + 2, c.stroke_width(3))),
                )
                .map_err(err)?;
        } else if wi == 0 {
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, marker, c.filled())))
                .map_err(err)?;
        } else {
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| TriangleMarker::new(*p, marker + 2, c.filled())),
                )
                .map_err(err)?;
        }
        Ok(())
    }
}

/// Shades the 95% confidence band of a speedup line (nothing with one run).
fn draw_band<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    cs: &[&Cell],
    c: RGBColor,
) -> Result<(), String> {
    if cs.iter().all(|cell| cell.speedup.n < 2) {
        return Ok(());
    }
    let mut poly: Vec<(f64, f64)> = cs
        .iter()
        .map(|cell| (log2(cell.threads), cell.speedup.ci_hi))
        .collect();
    poly.extend(
        cs.iter()
            .rev()
            .map(|cell| (log2(cell.threads), cell.speedup.ci_lo.max(0.0))),
    );
    chart
        .draw_series(std::iter::once(Polygon::new(poly, c.mix(0.22).filled())))
        .map_err(err)?;
    Ok(())
}

/// Draws a vertical bar over each cell's 95% confidence interval of its
/// mean wall time, with caps.
fn draw_ci_bars<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    cs: &[&Cell],
    c: RGBColor,
) -> Result<(), String> {
    chart
        .draw_series(
            cs.iter()
                .filter(|cell| cell.wall_ns.n > 1)
                .flat_map(|cell| {
                    let x = log2(cell.threads);
                    let (lo, hi) = (cell.wall_ns.ci_lo.max(0.0) / 1e6, cell.wall_ns.ci_hi / 1e6);
                    let cap = 0.06;
                    [
                        PathElement::new(vec![(x, lo), (x, hi)], c.stroke_width(2)),
                        PathElement::new(vec![(x - cap, lo), (x + cap, lo)], c.stroke_width(2)),
                        PathElement::new(vec![(x - cap, hi), (x + cap, hi)], c.stroke_width(2)),
                    ]
                }),
        )
        .map_err(err)?;
    Ok(())
}

/// Draws the ideal (linear) speedup line: 2^i at x = i.
fn draw_ideal<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, x_max: f64) -> Result<(), String> {
    let ideal: Vec<(f64, f64)> = (0..=(x_max as u32))
        .map(|i| {
            let n = 2f64.powi(i as i32);
            (i as f64, n)
        })
        .collect();
    chart
        .draw_series(LineSeries::new(ideal, IDEAL.stroke_width(2)))
        .map_err(err)?
        .label("ideal (linear)")
        .legend(legend_line(IDEAL.stroke_width(2)));
    Ok(())
}

impl Chart for ScalingChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &super::Style,
    ) -> Result<(), String> {
        let r = self.results;
        let area = with_footnote(root, r)?;
        let (x_max, y_max) = self.axis_ends();
        let (title, y_desc) = self.titles();
        let mut chart = build_plot(&area, title, -0.1..x_max + 0.1, 0.0..y_max)?;
        draw_mesh(&mut chart, x_max, y_desc, &|v: &f64| {
            if y_max > 12.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })?;
        self.draw_cores(&mut chart, y_max)?;
        if self.metric == Metric::Speedup {
            draw_ideal(&mut chart, x_max)?;
        }
        let variants = has_variants(r);
        for (wi, w) in workloads(r).iter().enumerate() {
            for line in series(r, self.scaling, w, None) {
                let mode = line.cells[0].mode.clone();
                self.draw_series(&mut chart, wi, &mode, &line, variants)?;
            }
        }
        draw_legend(
            &mut chart,
            if self.metric == Metric::Speedup {
                SeriesLabelPosition::UpperLeft
            } else {
                SeriesLabelPosition::UpperRight
            },
        )
    }
}

/// Colours of the workloads' lines on the wait-share chart, in order.
const WAIT_PALETTE: [RGBColor; 8] = [
    GIL,
    OKABE_ITO[0],
    OKABE_ITO[4],
    OKABE_ITO[2],
    OKABE_ITO[5],
    OKABE_ITO[1],
    OKABE_ITO[3],
    OKABE_ITO[6],
];

impl WaitShareChart<'_> {
    /// Draws one workload's wait shares: a faint dot per thread and a line
    /// through the mean over threads.
    fn draw_workload<DB: DrawingBackend>(
        chart: &mut Plot<'_, DB>,
        wi: usize,
        label: &str,
        cs: &[&Cell],
    ) -> Result<(), String> {
        let c = WAIT_PALETTE[wi % WAIT_PALETTE.len()];
        // Offset lines a little so their points do not hide each other.
        let dx = ((wi % 4) as f64 - 1.5) * 0.06;
        let dots: Vec<(f64, f64)> = cs
            .iter()
            .flat_map(|cell| {
                cell.thread_wait_share
                    .iter()
                    .map(move |s| (log2(cell.threads) + dx, s * 100.0))
            })
            .collect();
        chart
            .draw_series(
                dots.iter()
                    .map(|p| Circle::new(*p, 5, c.mix(0.45).filled())),
            )
            .map_err(err)?;
        let means: Vec<(f64, f64)> = cs
            .iter()
            .map(|cell| (log2(cell.threads) + dx, cell.gil_wait_share.mean * 100.0))
            .collect();
        chart
            .draw_series(LineSeries::new(means, c.stroke_width(3)))
            .map_err(err)?
            .label(format!("{label}: mean over threads (dots: each thread)"))
            .legend(legend_line(c.stroke_width(3)));
        Ok(())
    }
}

impl Chart for WaitShareChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &super::Style,
    ) -> Result<(), String> {
        let r = self.results;
        let area = with_footnote(root, r)?;
        let max_threads = r.cells.iter().map(|c| c.threads).max().unwrap_or(1);
        let x_max = log2(max_threads).max(1.0);
        let title = format!(
            "Time each thread spends waiting for the GIL ({} scaling, gil mode)",
            self.scaling
        );
        let mut chart = build_plot(&area, &title, -0.2..x_max + 0.2, 0.0..100.0)?;
        draw_mesh(
            &mut chart,
            x_max,
            "waiting for the GIL (% of the run)",
            &|v: &f64| format!("{v:.0}%"),
        )?;
        let mut k = 0;
        for w in workloads(r).iter() {
            for line in series(r, self.scaling, w, Some("gil")) {
                let v = variant_label(r, line.cells[0]);
                let label = if v.is_empty() {
                    cut(w)
                } else {
                    format!("{}, {v}", cut(w))
                };
                Self::draw_workload(&mut chart, k, &label, &line.cells)?;
                k += 1;
            }
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)
    }
}

/// Draws one chart at a file stem; returns the files written.
type DrawTo<'a> =
    Box<dyn Fn(&std::path::Path) -> Result<Vec<std::path::PathBuf>, crate::Error> + 'a>;

/// Draws every chart of a sweep into `dir` as `output` says; returns the
/// files written.
pub fn plot_all(
    r: &SweepResults,
    dir: &std::path::Path,
    output: &super::Output,
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    let mut charts: Vec<(String, DrawTo<'_>)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for scaling in ["strong", "weak"] {
        if !r.cells.iter().any(|c| c.scaling == scaling) {
            continue;
        }
        for (metric, name) in [(Metric::Speedup, "speedup"), (Metric::Wall, "wall")] {
            let chart = ScalingChart {
                results: r,
                scaling,
                metric,
            };
            names.extend(chart.series_names());
            charts.push((
                format!("{name}_{scaling}"),
                Box::new(move |stem| output.save(&chart, stem)),
            ));
        }
        if r.cells
            .iter()
            .any(|c| c.scaling == scaling && c.mode == "gil")
        {
            let chart = WaitShareChart {
                results: r,
                scaling,
            };
            names.extend(chart.series_names());
            charts.push((
                format!("gil_wait_{scaling}"),
                Box::new(move |stem| output.save(&chart, stem)),
            ));
        }
    }
    // A name need only be on one of the charts.
    output
        .style
        .check_series(&names)
        .map_err(crate::Error::Usage)?;
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
