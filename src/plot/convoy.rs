//! The convoy experiment's chart: for each switch interval, IO operations
//! per second (top) and the median delay from IO finishing to running
//! again (bottom, log scale) against the number of CPU-bound threads, one
//! line per policy. Over repeated runs each point is the mean, with an
//! error bar over its 95% confidence interval; the policies' points are
//! then set a little apart so that their bars do not hide each other.

use super::{font, Chart};
use crate::experiment::convoy::{runs_label, ConvoyResults};
use crate::experiment::stats::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;

const COLORS: [RGBColor; 6] = [
    RGBColor(214, 39, 40),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(31, 119, 180),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// The convoy chart.
pub struct ConvoyChart<'a> {
    /// The results.
    pub results: &'a ConvoyResults,
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn distinct<T: PartialEq + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v = Vec::new();
    for x in items {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

/// The smallest delay the log-scale axis shows (ms).
const LAT_FLOOR: f64 = 0.001;

/// Draws `points` (x, summary scaled by `k`) of one policy on `chart`: a
/// line through the means, a dot on each, and an error bar over the 95%
/// interval where there is more than one run; values are kept at or
/// above `floor`.
fn draw_policy<DB: DrawingBackend, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: &[(f64, Summary)],
    k: f64,
    floor: f64,
    c: RGBColor,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let at = |v: f64| (v * k).max(floor);
    let means: Vec<(f64, f64)> = points.iter().map(|(x, s)| (*x, at(s.mean))).collect();
    chart
        .draw_series(LineSeries::new(means.clone(), c.stroke_width(3)))
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
                    .map(|p| PathElement::new(p, c.stroke_width(2))),
            )
            .map_err(err)?;
    }
    chart
        .draw_series(means.iter().map(|p| Circle::new(*p, 5, c.filled())))
        .map_err(err)?;
    Ok(())
}

impl Chart for ConvoyChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &super::Style,
    ) -> Result<(), String> {
        let r = self.results;
        root.fill(&WHITE).map_err(err)?;
        let label = runs_label(r);
        let (head, body) = root.split_vertically(if label.is_some() { 100 } else { 80 });
        head.draw_text(
            &format!(
                "Convoy: one thread doing {} IO waits of {} ms beside k CPU-bound threads ({} cores)",
                r.io_count,
                r.io_secs * 1e3,
                r.machine.cores
            ),
            &font(22),
            (20, 14),
        )
        .map_err(err)?;
        let legend_y = if let Some(label) = &label {
            head.draw_text(
                &format!("each point: the mean over {label}, with its 95% confidence interval"),
                &font(16),
                (20, 44),
            )
            .map_err(err)?;
            78
        } else {
            58
        };
        let intervals = distinct(r.rows.iter().map(|x| x.switch_interval_ns));
        let policies = distinct(r.rows.iter().map(|x| x.policy.to_string()));
        // The legend lives in the header, clear of every line.
        let mut x = 20;
        for (pi, p) in policies.iter().enumerate() {
            let c = COLORS[pi % COLORS.len()];
            head.draw(&PathElement::new(
                vec![(x, legend_y), (x + 30, legend_y)],
                c.stroke_width(4),
            ))
            .map_err(err)?;
            head.draw_text(p, &font(16), (x + 38, legend_y - 9))
                .map_err(err)?;
            x += 60 + 9 * p.chars().count() as i32;
        }
        let ks = distinct(r.rows.iter().map(|x| x.cpu_threads));
        let cells = body.split_evenly((2, intervals.len().max(1)));
        // Axes reach the top of every interval.
        let reach = |s: &Summary| if s.n > 1 { s.ci_hi.max(s.mean) } else { s.mean };
        let ops_max = r
            .rows
            .iter()
            .map(|x| reach(&x.io_ops_per_s))
            .fold(1.0, f64::max)
            * 1.1;
        let lat_max = r
            .rows
            .iter()
            .map(|x| reach(&x.io_back_p50_ns) / 1e6)
            .fold(0.01, f64::max)
            * 2.0;
        // Repeated runs: each policy's points a little apart.
        let spread = if label.is_some() && policies.len() > 1 {
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
        for (col, interval) in intervals.iter().enumerate() {
            let title = format!("switch interval {} us", interval / 1000);
            // Top: IO operations per second.
            let mut top = ChartBuilder::on(&cells[col])
                .caption(&title, font(18))
                .margin(10)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(-0.2..(ks.len() as f64 - 0.8), 0.0..ops_max)
                .map_err(err)?;
            top.configure_mesh()
                .x_labels(ks.len())
                .x_label_formatter(&k_label)
                .x_desc("CPU-bound threads")
                .y_desc("IO ops/s")
                .y_label_formatter(&|v: &f64| format!("{v:.0}"))
                .label_style(font(14))
                .axis_desc_style(font(15))
                .light_line_style(TRANSPARENT)
                .draw()
                .map_err(err)?;
            // Bottom: median delay back from IO.
            let mut bottom = ChartBuilder::on(&cells[intervals.len() + col])
                .margin(10)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(
                    -0.2..(ks.len() as f64 - 0.8),
                    (LAT_FLOOR..lat_max).log_scale(),
                )
                .map_err(err)?;
            bottom
                .configure_mesh()
                .x_labels(ks.len())
                .x_label_formatter(&k_label)
                .x_desc("CPU-bound threads")
                .y_desc("IO back p50 (ms, log)")
                .y_label_formatter(&|v: &f64| {
                    if *v >= 1.0 {
                        format!("{v:.0}")
                    } else {
                        format!("{v}")
                    }
                })
                .label_style(font(14))
                .axis_desc_style(font(15))
                .light_line_style(TRANSPARENT)
                .draw()
                .map_err(err)?;
            for (pi, p) in policies.iter().enumerate() {
                let c = COLORS[pi % COLORS.len()];
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
                draw_policy(&mut top, &ops, 1.0, 0.0, c)?;
                draw_policy(&mut bottom, &lat, 1e-6, LAT_FLOOR, c)?;
            }
        }
        Ok(())
    }
}
