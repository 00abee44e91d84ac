//! The load experiment's chart: four panels against offered load (or
//! clients, in a closed loop), one line per policy and switch interval,
//! each point the mean over the seeds with its 95% confidence interval
//! shaded: p99 latency of short requests (CPU demand at most the mean:
//! the IO-bound ones), p99 and p50 of all requests (log axes), and
//! throughput (with the offered load as a dashed diagonal). The server's
//! nominal capacity, 1 / mean CPU demand, is a dashed vertical line.
//! Colours are Okabe and Ito's palette, safe for colour-blind readers;
//! markers tell the policies apart too.

use super::{cut, font, Chart};
use crate::experiment::load::results::{LoadPoint, LoadResults};
use crate::experiment::stats::Summary;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe-Ito, yellow last (faint on white).
const COLORS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(240, 228, 66),
];

/// The smallest latency drawn (ms): the log axis needs a floor.
const FLOOR_MS: f64 = 0.001;

/// The load chart.
pub struct LoadChart<'a> {
    /// The results.
    pub results: &'a LoadResults,
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// One line: a policy and switch interval.
struct Line<'a> {
    label: String,
    policy: usize,
    points: Vec<&'a LoadPoint>,
}

fn lines(r: &LoadResults) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = Vec::new();
    let mut policies = Vec::new();
    for p in &r.points {
        if !policies.contains(&p.policy) {
            policies.push(p.policy);
        }
        let label = format!(
            "{} {}",
            p.policy.name(),
            crate::experiment::load::dist::show_ns(p.switch_interval_ns)
        );
        match out.iter_mut().find(|l| l.label == label) {
            Some(l) => l.points.push(p),
            None => out.push(Line {
                label,
                policy: policies.iter().position(|x| *x == p.policy).unwrap_or(0),
                points: vec![p],
            }),
        }
    }
    out
}

fn x_of(p: &LoadPoint) -> f64 {
    p.clients.map(f64::from).or(p.offered_rps).unwrap_or(0.0)
}

/// Draws policy `kind`'s marker (circle, triangle, square) at each point.
fn markers<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<DB, Cartesian2d<X, Y>>,
    kind: usize,
    pts: &[(X::ValueType, Y::ValueType)],
    c: RGBColor,
) -> Result<(), String>
where
    X: Ranged,
    Y: Ranged,
    X::ValueType: Clone + 'static,
    Y::ValueType: Clone + 'static,
{
    let style = c.filled();
    let at = |p: &(X::ValueType, Y::ValueType)| (p.0.clone(), p.1.clone());
    match kind % 3 {
        0 => chart
            .draw_series(pts.iter().map(|p| Circle::new(at(p), 5, style)))
            .map(|_| ()),
        1 => chart
            .draw_series(pts.iter().map(|p| TriangleMarker::new(at(p), 7, style)))
            .map(|_| ()),
        _ => chart
            .draw_series(
                pts.iter()
                    .map(|p| EmptyElement::at(at(p)) + Rectangle::new([(-5, -5), (5, 5)], style)),
            )
            .map(|_| ()),
    }
    .map_err(err)
}

/// The same marker at a pixel position of the header.
fn legend_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: usize,
    at: (i32, i32),
    c: RGBColor,
) -> Result<(), String> {
    let style = c.filled();
    match kind % 3 {
        0 => area.draw(&Circle::new(at, 5, style)),
        1 => area.draw(&TriangleMarker::new(at, 7, style)),
        _ => area.draw(&Rectangle::new(
            [(at.0 - 5, at.1 - 5), (at.0 + 5, at.1 + 5)],
            style,
        )),
    }
    .map_err(err)
}

/// The y range of a log axis (ms) showing every mean and as much of each
/// interval as stays within a factor of 4 of the means, from a power of
/// ten; bands are clipped to it (an interval reaching below 0 has no
/// place on a log axis).
fn log_range(means: &[f64], his: &[f64]) -> (f64, f64) {
    let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
    let top = means.iter().copied().fold(0.0, f64::max);
    if !lo.is_finite() || top <= 0.0 {
        return (FLOOR_MS, 1.0);
    }
    let hi = his.iter().copied().fold(top, f64::max).min(top * 4.0);
    // From a power of ten: plotters marks a log axis from the first one.
    let lo = 10f64.powf((lo / 1.2).max(FLOOR_MS).log10().floor());
    (lo, (hi * 1.3).max(lo * 10.0))
}

/// Draws each line's band (`fig`'s 95% interval, clipped to `lo..hi`),
/// line and markers.
fn draw_lines<DB: DrawingBackend, Y>(
    chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, Y>>,
    ls: &[Line],
    fig: &dyn Fn(&LoadPoint) -> Summary,
    (lo, hi): (f64, f64),
) -> Result<(), String>
where
    Y: Ranged<ValueType = f64>,
{
    let clip = |v: f64| v.clamp(lo, hi);
    for (i, l) in ls.iter().enumerate() {
        let c = COLORS[i % COLORS.len()];
        let mut band: Vec<(f64, f64)> = l
            .points
            .iter()
            .map(|p| (x_of(p), clip(fig(p).ci_hi)))
            .collect();
        band.extend(l.points.iter().rev().map(|p| (x_of(p), clip(fig(p).ci_lo))));
        chart
            .draw_series(std::iter::once(Polygon::new(band, c.mix(0.15).filled())))
            .map_err(err)?;
        let pts: Vec<(f64, f64)> = l
            .points
            .iter()
            .map(|p| (x_of(p), clip(fig(p).mean)))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
            .map_err(err)?;
        markers(chart, l.policy, &pts, c)?;
    }
    Ok(())
}

/// A log axis label: only 1, 2 and 5 times a power of ten are written.
fn log_label(v: &f64) -> String {
    let mantissa = v / 10f64.powf(v.log10().floor());
    if [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|m| (mantissa / m - 1.0).abs() < 1e-3)
    {
        if *v >= 1.0 {
            format!("{v:.0}")
        } else {
            format!("{}", (v * 1e6).round() / 1e6)
        }
    } else {
        String::new()
    }
}

fn x_desc(closed: bool) -> &'static str {
    if closed {
        "clients"
    } else {
        "offered load (requests/s)"
    }
}

impl LoadChart<'_> {
    fn xmax(&self) -> f64 {
        self.results
            .points
            .iter()
            .map(x_of)
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.06
    }

    /// The server's capacity as a dashed vertical line (open loop).
    fn capacity<DB: DrawingBackend, Y>(
        &self,
        chart: &mut ChartContext<DB, Cartesian2d<RangedCoordf64, Y>>,
        (lo, hi): (f64, f64),
        label_y: f64,
    ) -> Result<(), String>
    where
        Y: Ranged<ValueType = f64>,
    {
        let cap = self.results.capacity_rps;
        if self.results.loop_kind == "closed" || cap <= 0.0 || cap >= self.xmax() {
            return Ok(());
        }
        let grey = RGBColor(110, 110, 110);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(cap, lo), (cap, hi)],
                6,
                5,
                grey.stroke_width(1),
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "1 / mean CPU ",
                (cap, label_y),
                font(12)
                    .color(&grey)
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            )))
            .map_err(err)?;
        Ok(())
    }

    /// A latency figure (ms, log axis) against load.
    fn latency<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        fig: &dyn Fn(&LoadPoint) -> Summary,
    ) -> Result<(), String> {
        let r = self.results;
        let ms = |p: &LoadPoint| fig(p).scaled(1e-6);
        let means: Vec<f64> = r.points.iter().map(|p| ms(p).mean).collect();
        let his: Vec<f64> = r.points.iter().map(|p| ms(p).ci_hi).collect();
        let (lo, hi) = log_range(&means, &his);
        let mut chart = ChartBuilder::on(area)
            .caption(title, font(16))
            .margin(8)
            .margin_right(18)
            .x_label_area_size(38)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..self.xmax(), (lo..hi).log_scale())
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc(r.loop_kind == "closed"))
            .y_desc("latency (ms, log)")
            .x_label_formatter(&|v: &f64| format!("{v:.0}"))
            .y_labels(30)
            .y_label_formatter(&log_label)
            .label_style(font(12))
            .axis_desc_style(font(13))
            .bold_line_style(RGBColor(225, 225, 225))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(err)?;
        self.capacity(&mut chart, (lo, hi), hi / 1.25)?;
        draw_lines(&mut chart, &lines(r), &ms, (lo, hi))
    }

    /// Throughput against load, with the offered load as a dashed diagonal.
    fn throughput<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let r = self.results;
        let closed = r.loop_kind == "closed";
        let top = r
            .points
            .iter()
            .map(|p| p.throughput_rps.ci_hi.max(p.offered_rps.unwrap_or(0.0)))
            .fold(1.0, f64::max)
            * 1.1;
        let mut chart = ChartBuilder::on(area)
            .caption("throughput", font(16))
            .margin(8)
            .margin_right(18)
            .x_label_area_size(38)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..self.xmax(), 0.0..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc(closed))
            .y_desc("requests/s")
            .x_label_formatter(&|v: &f64| format!("{v:.0}"))
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .label_style(font(12))
            .axis_desc_style(font(13))
            .bold_line_style(RGBColor(225, 225, 225))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(err)?;
        if !closed {
            let grey = RGBColor(110, 110, 110);
            let x = self.xmax().min(top);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, 0.0), (x, x)],
                    6,
                    5,
                    grey.stroke_width(1),
                ))
                .map_err(err)?;
        }
        self.capacity(&mut chart, (0.0, top), top * 0.05)?;
        draw_lines(&mut chart, &lines(r), &|p| p.throughput_rps, (0.0, top))
    }
}

impl Chart for LoadChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &super::Style,
    ) -> Result<(), String> {
        let r = self.results;
        root.fill(&WHITE).map_err(err)?;
        let ls = lines(r);
        // The legend wraps onto as many rows as it needs.
        let (w, _) = root.dim_in_pixel();
        let mut rows = vec![Vec::new()];
        let mut x = 20;
        for (i, l) in ls.iter().enumerate() {
            let label = cut(&l.label);
            let width = 62 + 8 * label.chars().count() as i32;
            if x + width > w as i32 - 10 && x > 20 {
                rows.push(Vec::new());
                x = 20;
            }
            rows.last_mut().expect("a row").push((i, x, label));
            x += width;
        }
        let (head, body) = root.split_vertically(64 + 24 * rows.len() as u32);
        let what = match &r.think {
            Some(t) => format!("closed loop, think {t}"),
            None => "open loop, Poisson arrivals".to_string(),
        };
        head.draw_text(
            &cut(&format!(
                "Latency under load: {} server, {} workers, {what}",
                r.server, r.workers
            )),
            &font(20),
            (20, 8),
        )
        .map_err(err)?;
        head.draw_text(
            &cut(&format!(
                "cpu {}, io {} per request; mean of {} seed{}, 95% CI shaded ({} engine, {} cores)",
                r.cpu,
                r.io,
                r.seeds.len(),
                if r.seeds.len() == 1 { "" } else { "s" },
                r.engine,
                r.machine.cores
            )),
            &font(14),
            (20, 34),
        )
        .map_err(err)?;
        for (k, row) in rows.iter().enumerate() {
            let y = 70 + 24 * k as i32;
            for (i, x, label) in row {
                let c = COLORS[i % COLORS.len()];
                head.draw(&PathElement::new(
                    vec![(*x, y), (x + 30, y)],
                    c.stroke_width(3),
                ))
                .map_err(err)?;
                legend_marker(&head, ls[*i].policy, (x + 15, y), c)?;
                head.draw_text(label, &font(14), (x + 38, y - 8))
                    .map_err(err)?;
            }
        }
        let cells = body.split_evenly((2, 2));
        self.latency(&cells[0], "p99, short requests (CPU <= mean)", &|p| {
            p.short_p99_ns
        })?;
        self.latency(&cells[1], "p99, all requests", &|p| p.p99_ns)?;
        self.latency(&cells[2], "p50, all requests", &|p| p.p50_ns)?;
        self.throughput(&cells[3])
    }
}
