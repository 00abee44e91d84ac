//! The parts of a sweep chart's panels: one panel per workload, thread
//! counts along a log2 axis, each panel's own y axis, lines with markers,
//! 95% bands and bars tinted by their line, the reference lines (ideal
//! speedup, core count) and the footnote every sweep chart carries.

use crate::experiment::results::{Cell, SweepResults};
use crate::plot::cut_to;
use crate::plot::frame::{err, style_mesh};
use crate::plot::style::{count, Marker, Style, Theme, Work};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A panel's chart: linear `f64` axes, x being log2 of the thread count.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The x axis' description on every sweep chart.
pub const X_DESC: &str = "threads (log2 scale)";

/// log2 of a thread or core count.
pub fn log2(n: u32) -> f64 {
    (n.max(1) as f64).log2()
}

/// A panel's title: the kind of work and the workload's name.
pub fn panel_title(workload: &str) -> String {
    let kind = match Work::of_workload(workload) {
        Work::Io => "IO-bound",
        _ => "CPU-bound",
    };
    format!("{kind}: {}", cut_to(workload, 40))
}

/// The core counts a chart marks: the machine's (real engine), else each
/// simulated count of `cells`.
pub fn core_counts(r: &SweepResults, cells: &[&Cell]) -> Vec<u32> {
    if r.header.engine != "virtual" {
        return vec![r.header.machine.cores];
    }
    let mut cores: Vec<u32> = cells.iter().map(|c| c.cores).collect();
    cores.sort_unstable();
    cores.dedup();
    if cores.is_empty() {
        cores.push(r.header.machine.cores);
    }
    cores
}

/// The legend text of the core-count line.
pub fn cores_label(r: &SweepResults, cores: &[u32]) -> String {
    let list: Vec<String> = cores.iter().map(u32::to_string).collect();
    if r.header.engine == "virtual" {
        format!("{} simulated cores", list.join(" or "))
    } else {
        format!("{} on this machine", count(cores[0] as usize, "core"))
    }
}

/// The footnote of a sweep chart: version, machine and engine, runs per
/// point (with `ci`, what shows the 95% intervals, when there are
/// several), and the settings every line shares.
pub fn footnote(r: &SweepResults, ci: &str) -> String {
    let h = &r.header;
    let machine = if h.engine == "virtual" {
        let cores = core_counts(r, &r.cells.iter().collect::<Vec<_>>());
        let list: Vec<String> = cores.iter().map(u32::to_string).collect();
        format!("{} simulated cores (virtual engine)", list.join(" or "))
    } else {
        format!(
            "{}, {} ({} engine)",
            count(h.machine.cores as usize, "core"),
            cut_to(&h.machine.cpu_model, 40),
            cut_to(&h.engine, 20)
        )
    };
    let n = h.seeds.len().max(1) * h.repetitions.max(1) as usize;
    let runs = if n == 1 {
        "1 run per point".to_string()
    } else if ci.is_empty() {
        format!("mean of {n} runs")
    } else {
        format!("mean of {n} runs, {ci}")
    };
    let mut settings = Vec::new();
    if h.runtimes.len() <= 1 {
        if let Some(rt) = h.runtimes.first() {
            settings.push(format!("runtime {}", cut_to(rt, 30)));
        }
        if h.policies.len() == 1 {
            settings.push(format!("policy {}", cut_to(&h.policies[0], 30)));
        }
        if h.switch_intervals_ns.len() == 1 {
            settings.push(format!(
                "switch interval {}",
                crate::duration::human_ns(h.switch_intervals_ns[0])
            ));
        }
        if h.check_intervals.len() == 1 {
            settings.push(format!("check interval {}", h.check_intervals[0]));
        }
    }
    let mut parts = vec![
        format!("gilsim {}", cut_to(&h.gilsim_version, 20)),
        machine,
        runs,
    ];
    if !settings.is_empty() {
        parts.push(settings.join(", "));
    }
    parts.join(" · ")
}

/// Alpha of a band or bar: enough to see on either background.
fn tint(style: &Style) -> f64 {
    match style.theme {
        Theme::Light => 0.16,
        Theme::Dark => 0.3,
    }
}

/// Decimals for tick labels up to `top`.
pub fn decimals(top: f64) -> usize {
    if top >= 8.0 {
        0
    } else if top >= 0.8 {
        1
    } else {
        2
    }
}

/// Builds one panel on `area`: `title` on top, threads (log2, up to
/// `x_max`) along x, `0..y_max` up the side described by `y_desc`
/// (empty: none, for panels after the first), labels written by `y_fmt`.
pub fn build<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &Style,
    title: &str,
    x_max: f64,
    y_max: f64,
    y_desc: &str,
    y_fmt: &dyn Fn(&f64) -> String,
) -> Result<Plot<'a, DB>, String> {
    let widest = [0.0, y_max * 0.5, y_max]
        .iter()
        .map(|v| y_fmt(v).chars().count())
        .max()
        .unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(title, style.bold(19.0))
        .margin(style.len(10.0))
        .margin_right(style.len(22.0))
        .x_label_area_size(style.len(52.0))
        .y_label_area_size(style.len(30.0 + 10.0 * widest))
        .build_cartesian_2d(-0.15..x_max + 0.15, 0.0..y_max)
        .map_err(err)?;
    let x_fmt = |x: &f64| {
        if (x - x.round()).abs() < 1e-6 && *x >= -1e-6 {
            format!("{}", 2f64.powf(x.round()) as u64)
        } else {
            String::new()
        }
    };
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, style)
        .x_labels(x_max as usize + 1)
        .y_labels(6)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(y_fmt)
        .x_desc(X_DESC)
        .y_desc(y_desc)
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Draws a line through `pts` with `marker` on every point.
pub fn draw_line<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    style: &Style,
    pts: &[(f64, f64)],
    color: RGBColor,
    marker: Marker,
) -> Result<(), String> {
    let width = style.len(2.5).max(2) as u32;
    chart
        .draw_series(LineSeries::new(pts.to_vec(), color.stroke_width(width)))
        .map_err(err)?;
    draw_markers(chart, pts, marker, style.len(5.5), color)
}

/// Draws `marker` of `radius` pixels at each of `pts`, shaped as
/// [`crate::plot::frame::glyph`] shapes legend swatches.
fn draw_markers<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    pts: &[(f64, f64)],
    marker: Marker,
    radius: i32,
    color: RGBColor,
) -> Result<(), String> {
    let r = radius.max(2);
    let fill = color.filled();
    let stroke = color.stroke_width((r / 3).max(2) as u32);
    let shape: Option<Vec<(i32, i32)>> = match marker {
        Marker::Square => {
            let s = r * 85 / 100;
            Some(vec![(-s, -s), (s, -s), (s, s), (-s, s)])
        }
        Marker::Triangle => Some(vec![(0, -r - 1), (r + 1, r - 1), (-r - 1, r - 1)]),
        Marker::TriangleDown => Some(vec![(0, r + 1), (r + 1, -r + 1), (-r - 1, -r + 1)]),
        Marker::Diamond => {
            let s = r + 1;
            Some(vec![(0, -s), (s, 0), (0, s), (-s, 0)])
        }
        _ => None,
    };
    match (marker, shape) {
        (_, Some(shape)) => chart
            .draw_series(
                pts.iter()
                    .map(|p| EmptyElement::at(*p) + Polygon::new(shape.clone(), fill)),
            )
            .map(|_| ()),
        (Marker::Circle, None) => chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, r, fill)))
            .map(|_| ()),
        (m, None) => {
            let arms = if m == Marker::Plus {
                [[(-r, 0), (r, 0)], [(0, -r), (0, r)]]
            } else {
                [[(-r, -r), (r, r)], [(-r, r), (r, -r)]]
            };
            chart
                .draw_series(pts.iter().map(|p| {
                    EmptyElement::at(*p)
                        + PathElement::new(arms[0].to_vec(), stroke)
                        + PathElement::new(arms[1].to_vec(), stroke)
                }))
                .map(|_| ())
        }
    }
    .map_err(err)
}

/// Shades a band between `lo` and `hi` along `xs`, tinted `color`.
pub fn draw_band<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    style: &Style,
    xs: &[f64],
    lo: &[f64],
    hi: &[f64],
    color: RGBColor,
) -> Result<(), String> {
    let mut poly: Vec<(f64, f64)> = xs.iter().zip(hi).map(|(x, y)| (*x, *y)).collect();
    poly.extend(xs.iter().zip(lo).rev().map(|(x, y)| (*x, y.max(0.0))));
    chart
        .draw_series(std::iter::once(Polygon::new(
            poly,
            color.mix(tint(style)).filled(),
        )))
        .map_err(err)?;
    Ok(())
}

/// Draws a capped vertical bar from `lo` to `hi` at each `x`, tinted
/// `color`.
pub fn draw_bars<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    style: &Style,
    bars: &[(f64, f64, f64)],
    color: RGBColor,
) -> Result<(), String> {
    let s = color
        .mix(tint(style) * 2.5)
        .stroke_width(style.len(2.0) as u32);
    let cap = 0.05;
    chart
        .draw_series(bars.iter().flat_map(|&(x, lo, hi)| {
            let lo = lo.max(0.0);
            [
                PathElement::new(vec![(x, lo), (x, hi)], s),
                PathElement::new(vec![(x - cap, lo), (x + cap, lo)], s),
                PathElement::new(vec![(x - cap, hi), (x + cap, hi)], s),
            ]
        }))
        .map_err(err)?;
    Ok(())
}

/// Draws the dashed vertical line at each of `cores`, up to `y_max`.
pub fn draw_cores<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    style: &Style,
    cores: &[u32],
    x_max: f64,
    y_max: f64,
) -> Result<(), String> {
    let ink = style.ink();
    for &c in cores {
        let x = log2(c);
        if x <= x_max + 1e-9 {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0.0), (x, y_max)],
                    style.len(7.0) as u32,
                    style.len(6.0) as u32,
                    ink.reference.stroke_width(style.len(2.0) as u32),
                ))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Draws the ideal (linear) speedup, 2^x, cut where it leaves the panel.
pub fn draw_ideal<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    style: &Style,
    x_max: f64,
    y_max: f64,
) -> Result<(), String> {
    let end = x_max.min(y_max.log2());
    if end <= 0.0 {
        return Ok(());
    }
    let steps = 64;
    let pts: Vec<(f64, f64)> = (0..=steps)
        .map(|i| {
            let x = end * i as f64 / steps as f64;
            (x, 2f64.powf(x))
        })
        .collect();
    chart
        .draw_series(LineSeries::new(
            pts,
            style.ink().reference.stroke_width(style.len(1.5) as u32),
        ))
        .map_err(err)?;
    Ok(())
}
