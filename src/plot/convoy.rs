//! The convoy experiment's chart: for each switch interval, IO operations
//! per second (top) and the median delay from IO finishing to running
//! again (bottom, log scale) against the number of CPU-bound threads, one
//! line per policy in the policy's own colour and marker. Over repeated
//! runs each point is the mean, with an error bar over its 95% confidence
//! interval; the policies' points are then set a little apart so that
//! their bars do not hide each other.

use super::axis::{log_axis, log_label};
use super::frame::{err, frame, style_mesh, Entry, Legend};
use super::policy_key::{
    distinct, interval_human, interval_names, picks_interval, policy_color, policy_marker,
};
use super::style::{count, Marker, Style};
use super::Chart;
use crate::experiment::convoy::ConvoyResults;
use crate::experiment::stats::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The convoy chart.
pub struct ConvoyChart<'a> {
    /// The results.
    pub results: &'a ConvoyResults,
}

/// The smallest delay the log-scale axis shows (ms): a smaller one is
/// drawn at it. The axis starts a factor 2 lower, so points at the floor
/// sit clear of the x axis and its labels.
const LAT_FLOOR: f64 = 0.001;

/// How one policy's line looks.
#[derive(Clone, Copy)]
struct Look {
    color: RGBColor,
    marker: Marker,
}

/// Draws `points` (x, summary scaled by `k`) of one policy on `chart`: a
/// line through the means, a marker on each, and an error bar over the
/// 95% interval where there is more than one run; values are kept at or
/// above `floor`.
fn draw_policy<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: &[(f64, Summary)],
    (k, floor): (f64, f64),
    look: Look,
    style: &Style,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let c = look.color;
    let at = |v: f64| (v * k).max(floor);
    let means: Vec<(f64, f64)> = points.iter().map(|(x, s)| (*x, at(s.mean))).collect();
    let thick = style.len(3.0).max(2) as u32;
    chart
        .draw_series(LineSeries::new(means.clone(), c.stroke_width(thick)))
        .map_err(err)?;
    let cap = 0.05;
    for (x, s) in points.iter().filter(|(_, s)| s.n > 1) {
        let (lo, hi) = (at(s.ci_lo), at(s.ci_hi));
        let bar = [
            vec![(*x, lo), (*x, hi)],
            vec![(x - cap, lo), (x + cap, lo)],
            vec![(x - cap, hi), (x + cap, hi)],
        ];
        chart
            .draw_series(
                bar.into_iter()
                    .map(|p| PathElement::new(p, c.stroke_width(thick.max(3) - 1))),
            )
            .map_err(err)?;
    }
    super::frame::draw_markers(chart, &means, look.marker, style.len(6.0), c)
}

impl ConvoyChart<'_> {
    fn policies(&self) -> Vec<String> {
        distinct(self.results.rows.iter().map(|x| x.policy.to_string()))
    }

    fn intervals(&self) -> Vec<u64> {
        distinct(self.results.rows.iter().map(|x| x.switch_interval_ns))
    }

    fn look(&self, policy: &str) -> Look {
        let i = self
            .policies()
            .iter()
            .position(|p| p == policy)
            .unwrap_or(0);
        Look {
            color: policy_color(policy, i),
            marker: policy_marker(policy, i),
        }
    }

    /// The footnote: version, engine and machine, runs per point.
    fn footnote(&self) -> String {
        let r = self.results;
        let n = r.rows.iter().map(|x| x.n() as usize).max().unwrap_or(1);
        let engine = r.engine.map_or("real", |e| e.name());
        let runs = if n <= 1 {
            format!("each point {}", count(1, "run"))
        } else if r.seeds.is_empty() {
            format!("each point the mean of {}, bars: 95% CI", count(n, "run"))
        } else {
            format!(
                "each point the mean of {} (seeds {}), bars: 95% CI",
                count(n, "run"),
                crate::experiment::seeds::format_seeds(&r.seeds)
            )
        };
        let machine = if engine == "virtual" {
            format!("virtual engine, {} simulated cores", r.machine.cores)
        } else {
            format!(
                "real engine, {} cores, {}",
                r.machine.cores,
                super::cut(&r.machine.cpu_model)
            )
        };
        format!("gilsim {} · {machine} · {runs}", r.gilsim_version)
    }
}

impl Chart for ConvoyChart<'_> {
    fn series_names(&self) -> Vec<String> {
        let mut v = self.policies();
        v.extend(interval_names(&self.intervals()));
        v
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let all_policies = self.policies();
        let all_intervals = self.intervals();
        let names = interval_names(&all_intervals);
        let policies: Vec<String> = all_policies
            .iter()
            .filter(|p| style.picks(&[(&all_policies, p.as_str())]))
            .cloned()
            .collect();
        let intervals: Vec<u64> = all_intervals
            .iter()
            .copied()
            .filter(|ns| picks_interval(style, &names, *ns))
            .collect();
        let legend = Legend::new(
            policies
                .iter()
                .map(|p| {
                    let l = self.look(p);
                    Entry::line(p.clone(), l.color, Some(l.marker))
                })
                .collect(),
        );
        let title = format!(
            "Convoy: one thread doing {} IO waits of {} beside k CPU-bound threads",
            r.io_count,
            crate::duration::human_ns((r.io_secs * 1e9).round() as u64)
        );
        let body = frame(root, style, &style.title(&title), &legend, &self.footnote())?.body;
        let ks = distinct(r.rows.iter().map(|x| x.cpu_threads));
        let cells = body.split_evenly((2, intervals.len().max(1)));
        let shown = |x: &&crate::experiment::convoy::ConvoyRow| {
            policies.contains(&x.policy.to_string()) && intervals.contains(&x.switch_interval_ns)
        };
        // Axes reach the top of every interval drawn.
        let reach = |s: &Summary| if s.n > 1 { s.ci_hi.max(s.mean) } else { s.mean };
        let ops_max = r
            .rows
            .iter()
            .filter(shown)
            .map(|x| reach(&x.io_ops_per_s))
            .fold(1.0, f64::max)
            * 1.1;
        let lat_max = r
            .rows
            .iter()
            .filter(shown)
            .map(|x| reach(&x.io_back_p50_ns) / 1e6)
            .fold(0.01, f64::max)
            * 2.0;
        let repeated = r.rows.iter().any(|x| x.n() > 1);
        // Repeated runs: each policy's points a little apart.
        let spread = if repeated && policies.len() > 1 {
            0.24 / (policies.len() - 1) as f64
        } else {
            0.0
        };
        let k_label = {
            let ks = ks.clone();
            move |x: &f64| {
                ks.get(x.round() as usize)
                    .filter(|_| (x - x.round()).abs() < 1e-6)
                    .map_or(String::new(), |k| k.to_string())
            }
        };
        let x_range = -0.3..(ks.len() as f64 - 0.7);
        for (col, interval) in intervals.iter().enumerate() {
            let caption = format!("switch interval {}", interval_human(*interval));
            let mut top = ChartBuilder::on(&cells[col])
                .caption(&caption, style.bold(18.0))
                .margin(style.len(10.0))
                .x_label_area_size(style.len(46.0))
                .y_label_area_size(style.len(74.0))
                .build_cartesian_2d(x_range.clone(), 0.0..ops_max)
                .map_err(err)?;
            style_mesh(&mut top.configure_mesh(), style)
                .x_labels(ks.len())
                .x_label_formatter(&k_label)
                .x_desc("CPU-bound threads")
                .y_desc("IO ops/s")
                .y_labels(6)
                .y_label_formatter(&|v: &f64| format!("{v:.0}"))
                .disable_x_mesh()
                .draw()
                .map_err(err)?;
            let cell = &cells[intervals.len() + col];
            let plot_h = cell.dim_in_pixel().1 as i32 - style.len(10.0) * 2 - style.len(46.0);
            let mut bottom = ChartBuilder::on(cell)
                .margin(style.len(10.0))
                .x_label_area_size(style.len(46.0))
                .y_label_area_size(style.len(74.0))
                .build_cartesian_2d(
                    x_range.clone(),
                    log_axis(LAT_FLOOR / 2.0, lat_max, plot_h, style),
                )
                .map_err(err)?;
            style_mesh(&mut bottom.configure_mesh(), style)
                .x_labels(ks.len())
                .x_label_formatter(&k_label)
                .x_desc("CPU-bound threads")
                .y_desc("IO back p50 (ms)")
                .y_label_formatter(&log_label)
                .disable_x_mesh()
                .draw()
                .map_err(err)?;
            for (pi, p) in policies.iter().enumerate() {
                let look = self.look(p);
                let shift = spread * (pi as f64 - (policies.len() - 1) as f64 / 2.0);
                let pos = |k: u32| ks.iter().position(|x| *x == k).unwrap_or(0) as f64 + shift;
                let rows = r
                    .rows
                    .iter()
                    .filter(|x| &x.policy.to_string() == p && x.switch_interval_ns == *interval);
                let ops: Vec<(f64, Summary)> = rows
                    .clone()
                    .map(|x| (pos(x.cpu_threads), x.io_ops_per_s))
                    .collect();
                let lat: Vec<(f64, Summary)> = rows
                    .map(|x| (pos(x.cpu_threads), x.io_back_p50_ns))
                    .collect();
                draw_policy(&mut top, &ops, (1.0, 0.0), look, style)?;
                draw_policy(&mut bottom, &lat, (1e-6, LAT_FLOOR), look, style)?;
            }
        }
        Ok(())
    }
}
