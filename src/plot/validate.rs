//! The fidelity chart of `gilsim validate`: one row per interpreter and
//! figure, the deviation of gilsim from the real interpreter on the real
//! engine (circles) and the virtual engine (triangles), the row's target
//! shaded, zero marked. Colours are Okabe-Ito; the key sits above the
//! plot, where it hides nothing.

use super::series::OKABE_ITO;
use super::{font, Chart};
use crate::validate::ValidateResults;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The chart of one set of results.
pub struct ValidateChart<'a> {
    /// The results.
    pub results: &'a ValidateResults,
}

/// Height of one row, in pixels.
const ROW: u32 = 26;

impl ValidateChart<'_> {
    /// The chart's own size: rows set its height.
    pub fn own_size(&self) -> (u32, u32) {
        (1200, 190 + ROW * self.results.rows.len().max(1) as u32)
    }
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

impl Chart for ValidateChart<'_> {
    fn size(&self, style: &super::Style) -> (u32, u32) {
        style.size_or(self.own_size())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &super::Style,
    ) -> Result<(), String> {
        let r = self.results;
        root.fill(&WHITE).map_err(err)?;
        let n = r.rows.len();
        let pct = |v: f64| if v.is_finite() { v * 100.0 } else { 0.0 };
        let widest = r
            .rows
            .iter()
            .flat_map(|x| {
                [
                    pct(x.deviation_real).abs(),
                    pct(x.deviation_virtual).abs(),
                    x.target.map_or(0.0, |t| t * 100.0),
                ]
            })
            .fold(10.0f64, f64::max);
        let lim = (widest * 1.15).min(400.0);
        let (title, body) = root.split_vertically(70);
        title
            .draw(&Text::new(
                format!(
                    "gilsim against real Python: how far each figure is off (median of {} rounds)",
                    r.rounds
                ),
                (20, 10),
                font(22).color(&BLACK),
            ))
            .map_err(err)?;
        let real_c = OKABE_ITO[4];
        let virt_c = OKABE_ITO[3];
        let band = RGBColor(0, 158, 115).mix(0.15);
        let key_y = 46;
        title
            .draw(&Circle::new((30, key_y), 7, real_c.filled()))
            .map_err(err)?;
        title
            .draw(&Text::new("gilsim, real engine", (44, key_y - 9), font(16)))
            .map_err(err)?;
        title
            .draw(&TriangleMarker::new((230, key_y), 8, virt_c.filled()))
            .map_err(err)?;
        title
            .draw(&Text::new(
                "gilsim, virtual engine",
                (244, key_y - 9),
                font(16),
            ))
            .map_err(err)?;
        title
            .draw(&Rectangle::new(
                [(450, key_y - 8), (480, key_y + 8)],
                band.filled(),
            ))
            .map_err(err)?;
        title
            .draw(&Text::new("fidelity target", (488, key_y - 9), font(16)))
            .map_err(err)?;
        let label = |i: usize| {
            let x = &r.rows[i];
            super::cut_to(&format!("{}  {}", x.python, x.figure), 60)
        };
        let mut chart = ChartBuilder::on(&body)
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(470)
            .build_cartesian_2d(-lim..lim, -0.5..(n as f64 - 0.5))
            .map_err(err)?;
        chart
            .configure_mesh()
            .y_labels(n.max(1))
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                    label(n - 1 - i as usize)
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{x:+.0}%"))
            .x_desc("gilsim / real - 1 (%)")
            .label_style(font(15))
            .axis_desc_style(font(16))
            .disable_y_mesh()
            .draw()
            .map_err(err)?;
        let y_of = |i: usize| (n - 1 - i) as f64;
        for (i, row) in r.rows.iter().enumerate() {
            if let Some(t) = row.target {
                let t = t * 100.0;
                let y = y_of(i);
                chart
                    .draw_series([Rectangle::new([(-t, y - 0.4), (t, y + 0.4)], band.filled())])
                    .map_err(err)?;
            }
        }
        chart
            .draw_series([PathElement::new(
                vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            )])
            .map_err(err)?;
        let clamp = |v: f64| pct(v).clamp(-lim, lim);
        chart
            .draw_series(r.rows.iter().enumerate().map(|(i, row)| {
                Circle::new(
                    (clamp(row.deviation_real), y_of(i) + 0.12),
                    7,
                    real_c.filled(),
                )
            }))
            .map_err(err)?;
        chart
            .draw_series(r.rows.iter().enumerate().map(|(i, row)| {
                TriangleMarker::new(
                    (clamp(row.deviation_virtual), y_of(i) - 0.12),
                    8,
                    virt_c.filled(),
                )
            }))
            .map_err(err)?;
        Ok(())
    }
}
