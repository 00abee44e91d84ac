//! The load experiment's chart: four panels against offered load (or
//! clients, in a closed loop), one line per policy and switch interval,
//! each point the mean over the seeds with its 95% confidence interval
//! shaded: p99 latency of short requests (CPU demand at most the mean:
//! the IO-bound ones), p99 and p50 of all requests (log axes), and
//! throughput (with the offered load as a dashed diagonal). The server's
//! nominal capacity, 1 / mean CPU demand, is a dashed vertical line.
//! Each policy has its colour (the same as on the convoy chart), each
//! switch interval its marker.

use super::axis::{log_axis, log_label};
use super::frame::{err, frame, style_mesh, Entry, Legend};
use super::policy_key::{distinct, interval_human, interval_names, picks_interval, policy_color};
use super::style::{count, marker, Marker, Style};
use super::{cut, Chart};
use crate::experiment::load::results::{LoadPoint, LoadResults};
use crate::experiment::stats::Summary;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The smallest latency drawn (ms): the log axis needs a floor.
const FLOOR_MS: f64 = 0.001;

/// The load chart.
pub struct LoadChart<'a> {
    /// The results.
    pub results: &'a LoadResults,
}

/// One line: a policy and switch interval.
struct Line<'a> {
    label: String,
    color: RGBColor,
    marker: Marker,
    points: Vec<&'a LoadPoint>,
}

/// The policies, in first-seen order.
fn policies(r: &LoadResults) -> Vec<String> {
    distinct(r.points.iter().map(|p| p.policy.to_string()))
}

/// The switch intervals, in first-seen order.
fn intervals(r: &LoadResults) -> Vec<u64> {
    distinct(r.points.iter().map(|p| p.switch_interval_ns))
}

/// The lines `style` picks: colour by policy, marker by interval.
fn lines<'a>(r: &'a LoadResults, style: &Style) -> Vec<Line<'a>> {
    let ps = policies(r);
    let is = intervals(r);
    let names = interval_names(&is);
    let mut out: Vec<Line> = Vec::new();
    for p in &r.points {
        let policy = p.policy.to_string();
        if !style.picks(&[(&ps, policy.as_str())])
            || !picks_interval(style, &names, p.switch_interval_ns)
        {
            continue;
        }
        let label = cut(&format!(
            "{policy}, {}",
            interval_human(p.switch_interval_ns)
        ));
        match out.iter_mut().find(|l| l.label == label) {
            Some(l) => l.points.push(p),
            None => {
                let pi = ps.iter().position(|x| *x == policy).unwrap_or(0);
                let ii = is
                    .iter()
                    .position(|x| *x == p.switch_interval_ns)
                    .unwrap_or(0);
                out.push(Line {
                    label,
                    color: policy_color(&policy, pi),
                    marker: marker(ii),
                    points: vec![p],
                })
            }
        }
    }
    out
}

fn x_of(p: &LoadPoint) -> f64 {
    p.clients.map(f64::from).or(p.offered_rps).unwrap_or(0.0)
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
    // From a power of ten, so the axis has a label at its foot.
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
    style: &Style,
) -> Result<(), String>
where
    Y: Ranged<ValueType = f64>,
{
    let clip = |v: f64| v.clamp(lo, hi);
    for l in ls {
        let c = l.color;
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
            .draw_series(LineSeries::new(
                pts.clone(),
                c.stroke_width(style.len(2.0).max(2) as u32),
            ))
            .map_err(err)?;
        super::frame::draw_markers(chart, &pts, l.marker, style.len(5.0), c)?;
    }
    Ok(())
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
        style: &Style,
    ) -> Result<(), String>
    where
        Y: Ranged<ValueType = f64>,
    {
        let cap = self.results.capacity_rps;
        if self.results.loop_kind == "closed" || cap <= 0.0 || cap >= self.xmax() {
            return Ok(());
        }
        let grey = style.ink().reference;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(cap, lo), (cap, hi)],
                style.len(6.0) as u32,
                style.len(5.0) as u32,
                grey.stroke_width(style.len(1.5).max(1) as u32),
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "1 / mean CPU ",
                (cap, label_y),
                style.muted(13.0).pos(Pos::new(HPos::Right, VPos::Center)),
            )))
            .map_err(err)?;
        Ok(())
    }

    /// A chart in one of the four cells, with the shared margins.
    fn builder<'a, 'b, DB: DrawingBackend>(
        area: &'a DrawingArea<DB, Shift>,
        title: &str,
        style: &Style,
    ) -> ChartBuilder<'a, 'b, DB> {
        let mut b = ChartBuilder::on(area);
        b.caption(title, style.bold(17.0))
            .margin(style.len(8.0))
            .margin_right(style.len(22.0))
            .x_label_area_size(style.len(44.0))
            .y_label_area_size(style.len(70.0));
        b
    }

    /// About how tall the plot of a [`Self::builder`] chart on `area` is:
    /// the area less its caption, margins and x label area.
    fn plot_height<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, style: &Style) -> i32 {
        area.dim_in_pixel().1 as i32
            - style.len(8.0) * 2
            - style.len(44.0)
            - (style.px(17.0) as f64 * 1.5) as i32
    }

    /// A latency figure (ms, log axis) against load.
    fn latency<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        fig: &dyn Fn(&LoadPoint) -> Summary,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let ls = lines(r, style);
        let ms = |p: &LoadPoint| fig(p).scaled(1e-6);
        let shown = ls.iter().flat_map(|l| l.points.iter().copied());
        let means: Vec<f64> = shown.clone().map(|p| ms(p).mean).collect();
        let his: Vec<f64> = shown.map(|p| ms(p).ci_hi).collect();
        let (lo, hi) = log_range(&means, &his);
        let axis = log_axis(lo, hi, Self::plot_height(area, style), style);
        let mut chart = Self::builder(area, title, style)
            .build_cartesian_2d(0.0..self.xmax(), axis)
            .map_err(err)?;
        style_mesh(&mut chart.configure_mesh(), style)
            .x_desc(x_desc(r.loop_kind == "closed"))
            .y_desc("latency (ms)")
            .x_labels(6)
            .x_label_formatter(&|v: &f64| format!("{v:.0}"))
            .y_label_formatter(&log_label)
            .draw()
            .map_err(err)?;
        self.capacity(&mut chart, (lo, hi), hi / 1.25, style)?;
        draw_lines(&mut chart, &ls, &ms, (lo, hi), style)
    }

    /// Throughput against load, with the offered load as a dashed diagonal.
    fn throughput<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let ls = lines(r, style);
        let closed = r.loop_kind == "closed";
        let top = ls
            .iter()
            .flat_map(|l| l.points.iter())
            .map(|p| p.throughput_rps.ci_hi.max(p.offered_rps.unwrap_or(0.0)))
            .fold(1.0, f64::max)
            * 1.1;
        let mut chart = Self::builder(area, "throughput", style)
            .build_cartesian_2d(0.0..self.xmax(), 0.0..top)
            .map_err(err)?;
        style_mesh(&mut chart.configure_mesh(), style)
            .x_desc(x_desc(closed))
            .y_desc("requests/s")
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|v: &f64| format!("{v:.0}"))
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .draw()
            .map_err(err)?;
        if !closed {
            let x = self.xmax().min(top);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(0.0, 0.0), (x, x)],
                    style.len(6.0) as u32,
                    style.len(5.0) as u32,
                    style
                        .ink()
                        .reference
                        .stroke_width(style.len(1.5).max(1) as u32),
                ))
                .map_err(err)?;
        }
        self.capacity(&mut chart, (0.0, top), top * 0.05, style)?;
        draw_lines(&mut chart, &ls, &|p| p.throughput_rps, (0.0, top), style)
    }

    /// The footnote: version, engine and machine, workload, runs.
    fn footnote(&self) -> String {
        let r = self.results;
        let runs = if r.seeds.len() <= 1 {
            format!("each point {}", count(r.seeds.len().max(1), "run"))
        } else {
            format!(
                "mean of {} (seeds {}), 95% CI shaded",
                count(r.seeds.len(), "run"),
                crate::experiment::seeds::format_seeds(&r.seeds)
            )
        };
        let machine = if r.engine == "virtual" {
            format!("virtual engine, {} simulated cores", r.machine.cores)
        } else {
            format!("{} engine, {} cores", r.engine, r.machine.cores)
        };
        super::cut_to(
            &format!(
                "gilsim {} · {machine} · cpu {}, io {} per request · {runs}",
                r.gilsim_version,
                cut(&r.cpu),
                cut(&r.io)
            ),
            4 * super::MAX_LABEL,
        )
    }
}

impl Chart for LoadChart<'_> {
    fn series_names(&self) -> Vec<String> {
        let mut v = policies(self.results);
        v.extend(interval_names(&intervals(self.results)));
        v
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let legend = Legend::new(
            lines(r, style)
                .iter()
                .map(|l| Entry::line(l.label.clone(), l.color, Some(l.marker)))
                .collect(),
        );
        let what = match &r.think {
            Some(t) => format!("closed loop, think {t}"),
            None => "open loop, Poisson arrivals".to_string(),
        };
        let title = cut(&format!(
            "Latency under load: {} server, {} workers, {what}",
            r.server, r.workers
        ));
        let body = frame(root, style, &style.title(&title), &legend, &self.footnote())?.body;
        let cells = body.split_evenly((2, 2));
        self.latency(
            &cells[0],
            "p99, short requests (CPU ≤ mean)",
            &|p| p.short_p99_ns,
            style,
        )?;
        self.latency(&cells[1], "p99, all requests", &|p| p.p99_ns, style)?;
        self.latency(&cells[2], "p50, all requests", &|p| p.p50_ns, style)?;
        self.throughput(&cells[3], style)
    }
}
