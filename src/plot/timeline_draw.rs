//! Drawing a GIL timeline: one panel per trace, one lane per thread, each
//! state in the colour it has on every chart (running bytecode blue as CPU
//! work, waiting for the GIL vermillion, IO orange; the other states in
//! the rest of the Okabe-Ito palette), drop requests as marks in the text
//! colour, and a legend, outside the data, of only the states shown.
//! Blocked states take purple and green, clear of the blues of work.

use super::frame::{err, frame, style_mesh, Entry, Legend};
use super::policy_key::widest;
use super::style::{Marker, Style, Work, ORANGE, REDDISH_PURPLE, SKY_BLUE, YELLOW};
use super::timeline::TimelineData;
use super::timeline_titles::{titles, Titles};
use crate::trace::Activity;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;

/// The colour of a thread state on every timeline.
pub fn state_color(a: Activity) -> RGBColor {
    match a {
        Activity::Running => Work::Cpu.color(),
        Activity::WaitingForGil => Work::Waiting.color(),
        Activity::Io => Work::Io.color(),
        Activity::BlockedOnLock => ORANGE,
        Activity::BlockedOnJoin => REDDISH_PURPLE,
        Activity::NativeReleased => SKY_BLUE,
        Activity::NativeHeld => YELLOW,
    }
}

/// The lanes of `d` that `--series` keeps: (thread id, name).
fn lanes<'a>(d: &'a TimelineData, style: &Style) -> Vec<&'a (u64, String)> {
    d.threads
        .iter()
        .filter(|t| style.shows(&[t.1.as_str()]))
        .collect()
}

/// The states drawn in the window on the kept lanes, in legend order, and
/// whether a drop request is.
pub fn shown(data: &[TimelineData], from: f64, to: f64, style: &Style) -> (Vec<Activity>, bool) {
    let mut states = Vec::new();
    let mut drops = false;
    for d in data {
        let kept: Vec<u64> = lanes(d, style).iter().map(|t| t.0).collect();
        for (tid, a, s, e) in &d.spans {
            if *e >= from && *s <= to && e > s && kept.contains(tid) && !states.contains(a) {
                states.push(*a);
            }
        }
        drops |= d
            .drops
            .iter()
            .any(|(tid, t)| *t >= from && *t <= to && kept.contains(tid));
    }
    let states = Activity::ALL
        .into_iter()
        .filter(|a| states.contains(a))
        .collect();
    (states, drops)
}

/// The legend of the states and marks shown.
fn legend(data: &[TimelineData], from: f64, to: f64, style: &Style) -> Legend {
    let (states, drops) = shown(data, from, to, style);
    let mut entries: Vec<Entry> = states
        .iter()
        .map(|a| Entry::block(a.name(), state_color(*a)))
        .collect();
    if drops {
        entries.push(Entry::point(
            "drop request",
            style.ink().text,
            Marker::TriangleDown,
        ));
    }
    Legend::new(entries)
}

/// A number of milliseconds for a tick label: no more decimals than the
/// step needs.
fn ms_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    format!("{v:.decimals$}")
}

/// Draws one trace's panel.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &TimelineData,
    caption: &str,
    (from, to): (f64, f64),
    name_w: i32,
    style: &Style,
) -> Result<(), String> {
    let ink = style.ink();
    let kept = lanes(d, style);
    let n = kept.len().max(1);
    let lane_of: HashMap<u64, usize> = kept.iter().enumerate().map(|(i, t)| (t.0, i)).collect();
    let names: Vec<String> = kept.iter().map(|t| t.1.clone()).collect();
    let label = move |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
            names[i as usize].clone()
        } else {
            String::new()
        }
    };
    let mut b = ChartBuilder::on(area);
    if !caption.is_empty() {
        b.caption(caption, style.bold(19.0));
    }
    let mut chart = b
        .margin(style.len(8.0))
        // Room for the last tick label, centred on the right edge.
        .margin_right(style.len(34.0))
        .x_label_area_size(style.len(50.0))
        .y_label_area_size(name_w + style.len(18.0))
        .build_cartesian_2d(from..to, (n as f64 - 0.5)..-0.5)
        .map_err(err)?;
    let step = {
        let raw = (to - from) / 10.0;
        let p = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * p)
            .find(|s| *s >= raw)
            .unwrap_or(p * 10.0)
    };
    style_mesh(&mut chart.configure_mesh(), style)
        .y_labels(n.clamp(1, 200))
        .y_label_formatter(&label)
        .x_labels(12)
        .x_label_formatter(&|v: &f64| ms_label(*v, step))
        .x_desc("time (ms)")
        .disable_y_mesh()
        .draw()
        .map_err(err)?;
    let visible = |s: f64, e: f64| e >= from && s <= to;
    // Outer spans first, then native work held inside a running span.
    for pass in [false, true] {
        chart
            .draw_series(
                d.spans
                    .iter()
                    .filter(|(tid, a, s, e)| {
                        (*a == Activity::NativeHeld) == pass
                            && visible(*s, *e)
                            && lane_of.contains_key(tid)
                    })
                    .map(|(tid, a, s, e)| {
                        let y = lane_of[tid] as f64;
                        let h = if pass { 0.18 } else { 0.34 };
                        Rectangle::new(
                            [(s.max(from), y - h), (e.min(to), y + h)],
                            state_color(*a).filled(),
                        )
                    }),
            )
            .map_err(err)?;
    }
    // Name the library operation inside each blocked span wide enough for
    // its label.
    let wait_font = style.font(13.0).color(&ink.background);
    let plot_w = chart.plotting_area().dim_in_pixel().0 as f64;
    let px_per_ms = plot_w / (to - from).max(1e-9);
    let fits = |n: &str, s: f64, e: f64| {
        let w = area
            .estimate_text_size(n, &wait_font)
            .map_or(1e9, |(w, _)| w as f64);
        (e.min(to) - s.max(from)) * px_per_ms > w + 8.0
    };
    chart
        .draw_series(
            d.waits
                .iter()
                .filter(|(tid, n, s, e)| {
                    visible(*s, *e) && lane_of.contains_key(tid) && fits(n, *s, *e)
                })
                .map(|(tid, n, s, _)| {
                    Text::new(
                        n.clone(),
                        (s.max(from), lane_of[tid] as f64),
                        wait_font.pos(Pos::new(HPos::Left, VPos::Center)),
                    )
                }),
        )
        .map_err(err)?;
    let r = style.len(5.0);
    for (tid, t) in d
        .drops
        .iter()
        .filter(|(tid, t)| *t >= from && *t <= to && lane_of.contains_key(tid))
    {
        chart
            .plotting_area()
            .draw(&super::frame::glyph(
                Marker::TriangleDown,
                (*t, lane_of[tid] as f64 - 0.42),
                r,
                ink.text,
            ))
            .map_err(err)?;
    }
    Ok(())
}

/// The footnote: shared facts and the window.
fn footnote(t: &Titles, from: f64, to: f64) -> String {
    let mut parts = vec![format!("gilsim {}", env!("CARGO_PKG_VERSION"))];
    parts.extend(t.shared.iter().cloned());
    let w = |v: f64| crate::experiment::results::show_num(v);
    parts.push(if from == 0.0 {
        format!("first {} ms of the run", w(to))
    } else {
        format!("{} to {} ms of the run", w(from), w(to))
    });
    parts.join(" · ")
}

/// Draws a timeline of `data` over `from`..`to` ms on `root` in `style`.
pub fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &[TimelineData],
    from: f64,
    to: f64,
    style: &Style,
) -> Result<(), String> {
    let metas: Vec<&[super::timeline_titles::Field]> =
        data.iter().map(|d| d.meta.as_slice()).collect();
    let t = titles(&metas);
    let framed = frame(
        root,
        style,
        &style.title(&t.chart),
        &legend(data, from, to, style),
        &footnote(&t, from, to),
    )?;
    let font = style.font(16.0);
    let name_w = widest(
        &framed.body,
        data.iter()
            .flat_map(|d| lanes(d, style).into_iter().map(|t| t.1.clone())),
        &font,
        style,
    );
    // Panels as tall as their lanes (and a caption and axis each).
    let weights: Vec<usize> = data
        .iter()
        .map(|d| lanes(d, style).len().max(1) + 2)
        .collect();
    let mut rest = framed.body.clone();
    for (i, d) in data.iter().enumerate() {
        let area = if i + 1 == data.len() {
            rest.clone()
        } else {
            let h = rest.dim_in_pixel().1 as usize;
            let left: usize = weights[i..].iter().sum();
            let (top, bottom) = rest.split_vertically((h * weights[i] / left.max(1)) as u32);
            rest = bottom;
            top
        };
        let caption = t.panels.get(i).map_or("", String::as_str);
        panel(&area, d, caption, (from, to), name_w, style)?;
    }
    Ok(())
}
