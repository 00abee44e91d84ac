//! The fidelity chart of `gilsim validate`: one row per interpreter and
//! figure, the deviation of gilsim from the real interpreter on the real
//! engine (circles) and the virtual engine (triangles), the row's target
//! shaded, zero marked. Colours are Okabe-Ito, text and lines follow the
//! theme; the key sits below the plot, outside the data.

use super::frame::{err, frame, glyph, style_mesh, Entry, Legend};
use super::policy_key::{distinct, widest};
use super::style::{count, Marker, Style, BLUE, BLUISH_GREEN, VERMILLION};
use super::Chart;
use crate::validate::ValidateResults;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The chart of one set of results.
pub struct ValidateChart<'a> {
    /// The results.
    pub results: &'a ValidateResults,
}

/// Height of one row at text scale 1, in pixels.
const ROW: f64 = 26.0;

/// gilsim's real engine.
const REAL: RGBColor = BLUE;
/// gilsim's virtual engine.
const VIRTUAL: RGBColor = VERMILLION;
/// The target band.
const BAND: RGBColor = BLUISH_GREEN;

/// `a` laid over `b` at opacity `alpha`, as one solid colour.
fn blend(a: RGBColor, b: RGBColor, alpha: f64) -> RGBColor {
    let m = |x: u8, y: u8| (x as f64 * alpha + y as f64 * (1.0 - alpha)).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

impl ValidateChart<'_> {
    /// The chart's own size at text scale 1: rows set its height.
    pub fn own_size(&self) -> (u32, u32) {
        (
            1200,
            220 + ROW as u32 * self.results.rows.len().max(1) as u32,
        )
    }

    fn pythons(&self) -> Vec<String> {
        distinct(self.results.rows.iter().map(|r| r.python.clone()))
    }

    fn families(&self) -> Vec<String> {
        distinct(self.results.rows.iter().map(|r| r.family.clone()))
    }

    /// The rows `style` picks: interpreters one dimension, families another.
    fn rows(&self, style: &Style) -> Vec<&crate::validate::Row> {
        let (py, fam) = (self.pythons(), self.families());
        self.results
            .rows
            .iter()
            .filter(|r| style.picks(&[(&py, r.python.as_str()), (&fam, r.family.as_str())]))
            .collect()
    }

    fn footnote(&self) -> String {
        let r = self.results;
        format!(
            "gilsim {} | {} cores, {} | each value the median of {} | virtual engine: {} simulated cores | shaded: the row's target",
            r.gilsim_version,
            r.machine.cores,
            super::cut(&r.machine.cpu_model),
            count(r.rounds as usize, "round"),
            r.cores
        )
    }
}

impl Chart for ValidateChart<'_> {
    fn size(&self, style: &Style) -> (u32, u32) {
        let (w, _) = self.own_size();
        let n = self.rows(style).len().max(1) as f64;
        let k = style.font_scale;
        style.size_or((
            (w as f64 * k.max(1.0)).min(4000.0) as u32,
            (240.0 * k + ROW * k * n).min(8000.0) as u32,
        ))
    }

    fn series_names(&self) -> Vec<String> {
        let mut v = self.pythons();
        v.extend(self.families());
        v
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let rows = self.rows(style);
        let ink = style.ink();
        let n = rows.len();
        let pct = |v: f64| if v.is_finite() { v * 100.0 } else { 0.0 };
        let widest_pct = rows
            .iter()
            .flat_map(|x| {
                [
                    pct(x.deviation_real).abs(),
                    pct(x.deviation_virtual).abs(),
                    x.target.map_or(0.0, |t| t * 100.0),
                ]
            })
            .fold(10.0f64, f64::max);
        let lim = (widest_pct * 1.15).min(400.0);
        let legend = Legend::new(vec![
            Entry::point("gilsim, real engine", REAL, Marker::Circle),
            Entry::point("gilsim, virtual engine", VIRTUAL, Marker::Triangle),
            Entry::block("fidelity target", blend(BAND, ink.background, 0.3)),
        ]);
        let title = format!(
            "gilsim against real Python: how far each figure is off (median of {})",
            count(r.rounds as usize, "round")
        );
        let body = frame(root, style, &style.title(&title), &legend, &self.footnote())?.body;
        // Row labels no taller than a row: many rows on a small chart get
        // smaller text rather than overlapping.
        let plot_h = body.dim_in_pixel().1 as f64 - style.len(80.0) as f64;
        let row_px = plot_h / n.max(1) as f64;
        let base = (15.0f64).min(row_px * 0.8 / style.font_scale).max(4.0);
        let label_font = style.font(base);
        let label =
            |x: &crate::validate::Row| super::cut_to(&format!("{}  {}", x.python, x.figure), 60);
        let name_w = widest(&body, rows.iter().map(|x| label(x)), &label_font, style);
        let mut chart = ChartBuilder::on(&body)
            .margin(style.len(14.0))
            .margin_right(style.len(30.0))
            .x_label_area_size(style.len(56.0))
            .y_label_area_size(name_w + style.len(16.0))
            .build_cartesian_2d(-lim..lim, -0.5..(n.max(1) as f64 - 0.5))
            .map_err(err)?;
        let labels: Vec<String> = rows.iter().map(|x| label(x)).collect();
        style_mesh(&mut chart.configure_mesh(), style)
            .y_labels(n.max(1))
            .y_label_style(label_font)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                    labels[n - 1 - i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| format!("{x:+.0}%"))
            .x_desc("gilsim / real − 1 (%)")
            .disable_y_mesh()
            .draw()
            .map_err(err)?;
        let y_of = |i: usize| (n - 1 - i) as f64;
        for (i, row) in rows.iter().enumerate() {
            if let Some(t) = row.target {
                let t = t * 100.0;
                let y = y_of(i);
                chart
                    .draw_series([Rectangle::new(
                        [(-t, y - 0.4), (t, y + 0.4)],
                        BAND.mix(0.3).filled(),
                    )])
                    .map_err(err)?;
            }
        }
        chart
            .draw_series([PathElement::new(
                vec![(0.0, -0.5), (0.0, n.max(1) as f64 - 0.5)],
                ink.reference.stroke_width(style.len(1.0).max(1) as u32),
            )])
            .map_err(err)?;
        let clamp = |v: f64| pct(v).clamp(-lim, lim);
        let radius = (style.len(7.0) as f64).min(row_px * 0.3).max(2.0) as i32;
        let area = chart.plotting_area();
        for (i, row) in rows.iter().enumerate() {
            area.draw(&glyph(
                Marker::Circle,
                (clamp(row.deviation_real), y_of(i) + 0.14),
                radius,
                REAL,
            ))
            .map_err(err)?;
            area.draw(&glyph(
                Marker::Triangle,
                (clamp(row.deviation_virtual), y_of(i) - 0.14),
                radius,
                VIRTUAL,
            ))
            .map_err(err)?;
        }
        Ok(())
    }
}
