//! The convoy experiment's chart: for each switch interval, IO operations
//! per second (top) and the median delay from IO finishing to running
//! again (bottom, log scale) against the number of CPU-bound threads, one
//! line per policy.

use super::{font, Chart};
use crate::experiment::convoy::ConvoyResults;
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

impl Chart for ConvoyChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let r = self.results;
        root.fill(&WHITE).map_err(err)?;
        let (head, body) = root.split_vertically(80);
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
        let intervals = distinct(r.rows.iter().map(|x| x.switch_interval_ns));
        let policies = distinct(r.rows.iter().map(|x| x.policy.name()));
        // The legend lives in the header, clear of every line.
        let mut x = 20;
        for (pi, p) in policies.iter().enumerate() {
            let c = COLORS[pi % COLORS.len()];
            head.draw(&PathElement::new(
                vec![(x, 58), (x + 30, 58)],
                c.stroke_width(4),
            ))
            .map_err(err)?;
            head.draw_text(p, &font(16), (x + 38, 49)).map_err(err)?;
            x += 60 + 9 * p.chars().count() as i32;
        }
        let ks = distinct(r.rows.iter().map(|x| x.cpu_threads));
        let cells = body.split_evenly((2, intervals.len().max(1)));
        let ops_max = r.rows.iter().map(|x| x.io_ops_per_s).fold(1.0, f64::max) * 1.1;
        let lat_max = r
            .rows
            .iter()
            .map(|x| x.io_back_p50_ns as f64 / 1e6)
            .fold(0.01, f64::max)
            * 2.0;
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
                    (0.001f64..lat_max).log_scale(),
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
                let rows: Vec<_> = r
                    .rows
                    .iter()
                    .filter(|x| &x.policy == p && x.switch_interval_ns == *interval)
                    .collect();
                let pos = |k: u32| ks.iter().position(|x| *x == k).unwrap_or(0) as f64;
                let ops: Vec<(f64, f64)> = rows
                    .iter()
                    .map(|x| (pos(x.cpu_threads), x.io_ops_per_s))
                    .collect();
                let lat: Vec<(f64, f64)> = rows
                    .iter()
                    .map(|x| {
                        (
                            pos(x.cpu_threads),
                            (x.io_back_p50_ns as f64 / 1e6).max(0.001),
                        )
                    })
                    .collect();
                top.draw_series(LineSeries::new(ops.clone(), c.stroke_width(3)))
                    .map_err(err)?;
                top.draw_series(ops.iter().map(|p| Circle::new(*p, 5, c.filled())))
                    .map_err(err)?;
                bottom
                    .draw_series(LineSeries::new(lat.clone(), c.stroke_width(3)))
                    .map_err(err)?;
                bottom
                    .draw_series(lat.iter().map(|p| Circle::new(*p, 5, c.filled())))
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}
