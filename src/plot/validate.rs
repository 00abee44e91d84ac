//! The fidelity chart of `gilsim validate`: one row per interpreter and
//! figure, the deviation of gilsim from the real interpreter on the real
//! engine (circles) and the virtual engine (triangles), the row's target
//! shaded, zero marked. Colours are Okabe-Ito, text and lines follow the
//! theme; the key sits below the plot, outside the data. When the rows do
//! not fit the chart's height at a readable size (38 rows on a 1920×1080
//! slide), they go in two or three columns side by side, each
//! interpreter's rows kept together, rather than in smaller text.

use super::axis::Marked;
use super::frame::{err, frame, glyph, style_mesh, Entry, Legend};
use super::policy_key::{distinct, widest};
use super::style::{blend, count, Marker, Style, BLUE, BLUISH_GREEN, VERMILLION};
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

/// Row label size at text scale 1, in pixels, when the rows have room.
const LABEL: f64 = 15.0;

/// The most columns the rows are set in.
const MAX_COLUMNS: usize = 3;

/// Where `n` rows whose interpreter changes at `groups` (indices of first
/// rows) are cut into `k` columns: as even as may be, at a change of
/// interpreter where one is near. Returns the `k - 1` cuts, increasing.
fn cuts(n: usize, groups: &[usize], k: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for j in 1..k {
        let ideal = (j * n) as f64 / k as f64;
        let prev = out.last().copied().unwrap_or(0);
        let near = groups
            .iter()
            .copied()
            .filter(|g| *g > prev && *g < n)
            .min_by(|a, b| {
                (*a as f64 - ideal)
                    .abs()
                    .total_cmp(&(*b as f64 - ideal).abs())
            });
        let cut = match near {
            Some(g) if (g as f64 - ideal).abs() <= n as f64 / (2.0 * k as f64) => g,
            _ => (ideal.round() as usize).clamp(prev + 1, n.saturating_sub(1).max(prev + 1)),
        };
        out.push(cut);
    }
    out
}

/// How the rows are set: in how many columns, cut where, the row label
/// size (px) and the height of a row (px).
#[derive(Debug, Clone, PartialEq)]
struct Setting {
    cuts: Vec<usize>,
    label_px: f64,
    row_px: f64,
}

impl Setting {
    /// The rows of each column, as index ranges.
    fn columns(&self, n: usize) -> Vec<std::ops::Range<usize>> {
        let mut edges = vec![0];
        edges.extend(self.cuts.iter().copied());
        edges.push(n);
        edges.windows(2).map(|w| w[0]..w[1]).collect()
    }
}

/// The setting with the largest row labels for `n` rows (interpreter
/// changing at `groups`) in a `w` × `h` pixel plot area: a label at most
/// `want` px, at most 0.8 of a row's height, and no wider than half its
/// column, its width at `want` px being `label_w`. More columns only
/// when they make the labels a tenth larger.
fn choose(n: usize, groups: &[usize], (w, h): (f64, f64), want: f64, label_w: f64) -> Setting {
    let mut best: Option<Setting> = None;
    for k in 1..=MAX_COLUMNS.min(n.max(1)) {
        let cuts = cuts(n, groups, k);
        let mut s = Setting {
            cuts,
            label_px: 0.0,
            row_px: 0.0,
        };
        let tallest = s
            .columns(n)
            .iter()
            .map(|c| c.len())
            .max()
            .unwrap_or(1)
            .max(1);
        s.row_px = h / tallest as f64;
        let per_px = label_w / want.max(1.0);
        let fit_w = 0.5 * (w / k as f64) / per_px.max(1e-9);
        s.label_px = want.min(s.row_px * 0.8).min(fit_w);
        match &best {
            Some(b) if s.label_px <= b.label_px * 1.1 => {}
            _ => best = Some(s),
        }
    }
    best.unwrap_or(Setting {
        cuts: Vec::new(),
        label_px: want,
        row_px: h,
    })
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
            "gilsim {} · {} cores, {} · each value the median of {} · virtual engine: {} simulated cores · shaded: the row's target",
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
        let label =
            |x: &crate::validate::Row| super::cut_to(&format!("{}  {}", x.python, x.figure), 60);
        let labels: Vec<String> = rows.iter().map(|x| label(x)).collect();
        let want = style.px(LABEL) as f64;
        let want_w = widest(&body, labels.iter().cloned(), &style.font(LABEL), style) as f64;
        let groups: Vec<usize> = (1..n)
            .filter(|i| rows[*i].python != rows[i - 1].python)
            .collect();
        let (bw, bh) = body.dim_in_pixel();
        // The plot's height: the body less the x axis and the margins.
        let plot_h = bh as f64 - style.len(84.0) as f64;
        let set = choose(n, &groups, (bw as f64, plot_h), want, want_w);
        // Row labels no taller than a row: many rows on a small chart get
        // smaller text rather than overlapping.
        let base = (set.label_px / style.font_scale).max(4.0);
        let label_font = style.font(base);
        let name_w = widest(&body, labels.iter().cloned(), &label_font, style);
        let columns = set.columns(n);
        let tallest = columns.iter().map(|c| c.len()).max().unwrap_or(0).max(1);
        let areas = body.split_evenly((1, columns.len().max(1)));
        // Row i of a column, from the top.
        let y_of =
            |column: &std::ops::Range<usize>, i: usize| (tallest - 1 - (i - column.start)) as f64;
        let radius = (style.len(7.0) as f64).min(set.row_px * 0.3).max(2.0) as i32;
        let clamp = |v: f64| pct(v).clamp(-lim, lim);
        for (column, area) in columns.iter().zip(&areas) {
            let mut chart = ChartBuilder::on(area)
                .margin(style.len(14.0))
                .margin_right(style.len(30.0))
                .x_label_area_size(style.len(56.0))
                .y_label_area_size(name_w + style.len(16.0))
                .build_cartesian_2d(
                    -lim..lim,
                    // A tick at each of this column's rows, none below a
                    // column shorter than the tallest.
                    Marked::new(
                        -0.5..(tallest as f64 - 0.5),
                        column.clone().map(|i| y_of(column, i)).collect(),
                    ),
                )
                .map_err(err)?;
            let y_of = |i: usize| y_of(column, i);
            let mine = &labels[column.clone()];
            // As many x labels ("+20%") as the plot's width has room for.
            let plot_w = area.dim_in_pixel().0 as i32 - name_w - style.len(60.0);
            let x_labels = (plot_w / style.len(64.0)).clamp(2, 11);
            style_mesh(&mut chart.configure_mesh(), style)
                .y_label_style(label_font.clone())
                .y_label_formatter(&|y| {
                    let i = y.round();
                    if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < tallest {
                        mine.get(tallest - 1 - i as usize)
                            .cloned()
                            .unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .x_labels(x_labels as usize)
                .x_label_formatter(&|x| {
                    if x.abs() < 0.5 {
                        "0%".to_string()
                    } else {
                        format!("{x:+.0}%")
                    }
                })
                .x_desc("gilsim / real − 1 (%)")
                .disable_y_mesh()
                .draw()
                .map_err(err)?;
            for i in column.clone() {
                if let Some(t) = rows[i].target {
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
            let top = tallest as f64 - 0.5;
            chart
                .draw_series([PathElement::new(
                    vec![(0.0, top - column.len() as f64), (0.0, top)],
                    ink.reference.stroke_width(style.len(1.0).max(1) as u32),
                )])
                .map_err(err)?;
            let plot = chart.plotting_area();
            for i in column.clone() {
                let row = rows[i];
                plot.draw(&glyph(
                    Marker::Circle,
                    (clamp(row.deviation_real), y_of(i) + 0.14),
                    radius,
                    REAL,
                ))
                .map_err(err)?;
                plot.draw(&glyph(
                    Marker::Triangle,
                    (clamp(row.deviation_virtual), y_of(i) - 0.14),
                    radius,
                    VIRTUAL,
                ))
                .map_err(err)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_cut_between_interpreters_near_the_middle() {
        // 3.11: 10 rows, 2.7: 8, 3.12: 10, 3.13: 10.
        let groups = [10, 18, 28];
        assert_eq!(cuts(38, &groups, 1), Vec::<usize>::new());
        assert_eq!(cuts(38, &groups, 2), vec![18]);
        assert_eq!(cuts(38, &groups, 3), vec![10, 28]);
        // One interpreter: cut evenly.
        assert_eq!(cuts(30, &[], 2), vec![15]);
        assert_eq!(cuts(3, &[], 3), vec![1, 2]);
    }

    #[test]
    fn rows_that_fit_stay_in_one_column_and_a_crowded_slide_takes_two() {
        let groups = [10, 18, 28];
        // The default size: rows of 26 px, labels of 15 px, 330 px wide.
        let s = choose(38, &groups, (1200.0, 38.0 * 26.0), 15.0, 330.0);
        assert!(s.cuts.is_empty(), "{s:?}");
        assert_eq!(s.label_px, 15.0);
        // A slide: text x1.8, 730 px for 38 rows.
        let s = choose(38, &groups, (1920.0, 730.0), 27.0, 594.0);
        assert_eq!(s.cuts, vec![18], "{s:?}");
        assert!(s.label_px > 0.8 * 730.0 / 38.0 * 1.2, "{s:?}");
        assert!(s.label_px <= 0.8 * s.row_px, "{s:?}");
        // Ten rows on a slide have room in one column.
        let s = choose(10, &[], (1920.0, 730.0), 27.0, 594.0);
        assert!(s.cuts.is_empty() && s.label_px == 27.0, "{s:?}");
    }
}
