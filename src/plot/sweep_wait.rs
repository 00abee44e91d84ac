//! The GIL-wait chart of a sweep: the share of the run each thread spends
//! waiting for the GIL (gil mode), a panel per workload, a dot per thread
//! and a line through their mean.

use super::panel::{build, draw_line, footnote, log2, panel_title};
use super::{dodge, draw_empty, line_entries, panels, split, x_end, Panel};
use crate::experiment::results::SweepResults;
use crate::plot::frame::{err, frame, Entry, Legend};
use crate::plot::series::{Looks, Picker};
use crate::plot::style::{Marker, Style, Theme};
use crate::plot::Chart;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Each thread's share of the run spent waiting for the GIL (gil mode).
pub struct WaitShareChart<'a> {
    /// The sweep.
    pub results: &'a SweepResults,
    /// `strong` or `weak`.
    pub scaling: &'a str,
}

impl WaitShareChart<'_> {
    /// The chart's own title.
    fn own_title(&self) -> String {
        format!(
            "Time each thread waits for the GIL ({} scaling)",
            if self.scaling == "weak" {
                "weak"
            } else {
                "strong"
            }
        )
    }

    /// Draws one panel on `area`.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        p: &Panel<'_>,
        (looks, x_max, first): (&Looks, f64, bool),
    ) -> Result<(), String> {
        let top = p
            .lines
            .iter()
            .flat_map(|s| s.cells.iter())
            .flat_map(|c| {
                c.thread_wait_share
                    .iter()
                    .copied()
                    .chain([c.gil_wait_share.mean])
            })
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
            * 100.0;
        // Room above the data, up to the whole run; 10% at least, so a
        // few idle waits do not look like a lot.
        let y_max = (top * 1.12).clamp(10.0, 100.0);
        let mut chart = build(
            area,
            style,
            &panel_title(&p.workload),
            x_max,
            y_max,
            if first {
                "waiting for the GIL (% of the run)"
            } else {
                ""
            },
            &|v: &f64| format!("{v:.0}%"),
        )?;
        let alpha = if style.theme == Theme::Dark {
            0.55
        } else {
            0.4
        };
        let n = p.lines.len();
        for (i, s) in p.lines.iter().enumerate() {
            let (c, mk) = looks.get(&s.mode, &s.variant);
            let dx = dodge(i, n, x_max);
            let r = style.len(3.5);
            chart
                .draw_series(s.cells.iter().flat_map(|cell| {
                    let x = log2(cell.threads) + dx;
                    cell.thread_wait_share
                        .iter()
                        .map(move |v| Circle::new((x, v * 100.0), r, c.mix(alpha).filled()))
                }))
                .map_err(err)?;
            let pts: Vec<(f64, f64)> = s
                .cells
                .iter()
                .map(|cell| (log2(cell.threads) + dx, cell.gil_wait_share.mean * 100.0))
                .collect();
            draw_line(&mut chart, style, &pts, c, mk)?;
        }
        Ok(())
    }
}

impl Chart for WaitShareChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), String> {
        let r = self.results;
        let looks = Looks::of(r);
        let panels = panels(r, self.scaling, Some("gil"), style);
        let mut entries: Vec<Entry> = line_entries(&looks, &panels)
            .into_iter()
            .map(|mut e| {
                e.label = format!("{}: mean over threads", e.label);
                e
            })
            .collect();
        if let Some(first) = entries.first() {
            entries.push(Entry::point(
                "a dot: one thread",
                first.color,
                Marker::Circle,
            ));
        }
        let framed = frame(
            root,
            style,
            &style.title(&self.own_title()),
            &Legend::new(entries),
            &footnote(r, ""),
        )?;
        if panels.is_empty() {
            return draw_empty(&framed.body, style);
        }
        let x_max = x_end(r, &[]);
        for (i, (area, p)) in split(&framed.body, panels.len())
            .iter()
            .zip(&panels)
            .enumerate()
        {
            self.draw_panel(area, style, p, (&looks, x_max, i == 0))?;
        }
        Ok(())
    }

    fn series_names(&self) -> Vec<String> {
        Picker::of(self.results).names()
    }
}
