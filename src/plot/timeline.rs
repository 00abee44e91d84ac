//! GIL timelines: which thread holds the GIL over time, with waits, IO,
//! blocking, native work and drop requests — the picture from the GIL
//! talks — drawn from traces written by `gilsim run --trace`. Two traces
//! are drawn one above the other on the same time axis, to compare
//! policies or modes.

use super::{font, register_fonts, SIZE};
use crate::error::Error;
use crate::trace::Activity;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The parts of a trace a timeline draws.
#[derive(Clone, Debug)]
pub struct TimelineData {
    /// Panel title: program, mode, policy.
    pub title: String,
    /// Thread ids and names, in id order.
    pub threads: Vec<(u64, String)>,
    /// Spans: thread id, activity, start (ms), end (ms).
    pub spans: Vec<(u64, Activity, f64, f64)>,
    /// Drop requests: thread id, time (ms).
    pub drops: Vec<(u64, f64)>,
    /// End of the last event (ms).
    pub end_ms: f64,
}

fn color(a: Activity) -> RGBColor {
    match a {
        Activity::Running => RGBColor(44, 160, 44),
        Activity::WaitingForGil => RGBColor(214, 39, 40),
        Activity::Io => RGBColor(31, 119, 180),
        Activity::BlockedOnLock => RGBColor(127, 127, 127),
        Activity::BlockedOnJoin => RGBColor(188, 189, 34),
        Activity::NativeReleased => RGBColor(148, 103, 189),
        Activity::NativeHeld => RGBColor(84, 39, 143),
    }
}

impl TimelineData {
    /// Reads a trace file written by `gilsim run --trace`.
    pub fn read(path: &Path) -> Result<TimelineData, Error> {
        let bad = |m: &str| Error::Results {
            path: path.to_path_buf(),
            message: format!("not a gilsim trace: {m}"),
        };
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let json: Json = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
        let events = json
            .get("traceEvents")
            .and_then(Json::as_array)
            .ok_or_else(|| bad("no traceEvents array"))?;
        let meta = json.get("otherData").cloned().unwrap_or(Json::Null);
        let title = format!(
            "{} | mode {} | policy {}",
            meta.get("program").and_then(Json::as_str).unwrap_or("?"),
            meta.get("mode").and_then(Json::as_str).unwrap_or("?"),
            meta.get("policy").and_then(Json::as_str).unwrap_or("?")
        );
        let mut d = TimelineData {
            title,
            threads: vec![],
            spans: vec![],
            drops: vec![],
            end_ms: 0.0,
        };
        for e in events {
            let ph = e.get("ph").and_then(Json::as_str).unwrap_or("");
            let tid = e.get("tid").and_then(Json::as_u64).unwrap_or(0);
            let name = e.get("name").and_then(Json::as_str).unwrap_or("");
            let ts = e.get("ts").and_then(Json::as_f64).unwrap_or(0.0) / 1e3;
            match ph {
                "M" if name == "thread_name" => {
                    let n = e
                        .pointer("/args/name")
                        .and_then(Json::as_str)
                        .unwrap_or("?");
                    d.threads.push((tid, n.to_string()));
                }
                "X" => {
                    let a = Activity::from_name(name)
                        .ok_or_else(|| bad(&format!("unknown span '{name}'")))?;
                    let dur = e
                        .get("dur")
                        .and_then(Json::as_f64)
                        .ok_or_else(|| bad("a span without dur"))?
                        / 1e3;
                    d.end_ms = d.end_ms.max(ts + dur);
                    d.spans.push((tid, a, ts, ts + dur));
                }
                "i" => d.drops.push((tid, ts)),
                _ => {}
            }
        }
        if d.threads.is_empty() {
            return Err(bad("no threads"));
        }
        d.threads.sort();
        Ok(d)
    }
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &TimelineData,
    from: f64,
    to: f64,
) -> Result<(), String> {
    let n = d.threads.len();
    let lane = |tid: u64| d.threads.iter().position(|t| t.0 == tid).unwrap_or(0) as f64;
    let names: Vec<String> = d.threads.iter().map(|t| t.1.clone()).collect();
    let label = move |y: &f64| {
        let i = y.round();
        if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
            names[i as usize].clone()
        } else {
            String::new()
        }
    };
    let mut chart = ChartBuilder::on(area)
        .caption(&d.title, font(20))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(150)
        .build_cartesian_2d(from..to, (n as f64 - 0.5)..-0.5)
        .map_err(err)?;
    chart
        .configure_mesh()
        .y_labels(n.max(1))
        .y_label_formatter(&label)
        .x_desc("time (ms)")
        .label_style(font(15))
        .axis_desc_style(font(16))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(230, 230, 230))
        .draw()
        .map_err(err)?;
    let visible = |s: f64, e: f64| e >= from && s <= to;
    // Outer spans first, then native work held inside a running span.
    for pass in [false, true] {
        chart
            .draw_series(
                d.spans
                    .iter()
                    .filter(|(_, a, s, e)| (*a == Activity::NativeHeld) == pass && visible(*s, *e))
                    .map(|(tid, a, s, e)| {
                        let y = lane(*tid);
                        let h = if pass { 0.18 } else { 0.34 };
                        Rectangle::new(
                            [(s.max(from), y - h), (e.min(to), y + h)],
                            color(*a).filled(),
                        )
                    }),
            )
            .map_err(err)?;
    }
    chart
        .draw_series(
            d.drops
                .iter()
                .filter(|(_, t)| *t >= from && *t <= to)
                .map(|(tid, t)| TriangleMarker::new((*t, lane(*tid) - 0.42), 5, BLACK.filled())),
        )
        .map_err(err)?;
    Ok(())
}

fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Result<(), String> {
    let mut x = 20;
    for a in Activity::ALL {
        area.draw(&Rectangle::new([(x, 12), (x + 18, 28)], color(a).filled()))
            .map_err(err)?;
        area.draw_text(a.name(), &font(15), (x + 24, 12))
            .map_err(err)?;
        x += 40 + (a.name().chars().count() as i32) * 8;
    }
    area.draw(&TriangleMarker::new((x + 9, 22), 6, BLACK.filled()))
        .map_err(err)?;
    area.draw_text("drop request", &font(15), (x + 22, 12))
        .map_err(err)?;
    Ok(())
}

fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &[TimelineData],
    from: f64,
    to: f64,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let (head, rest) = root.split_vertically(44);
    head.draw_text(
        "GIL timeline: who holds the GIL, who waits, who is in IO",
        &font(24),
        (20, 10),
    )
    .map_err(err)?;
    let (body, foot) = rest.split_vertically(rest.dim_in_pixel().1 - 40);
    legend(&foot)?;
    let panels = body.split_evenly((data.len(), 1));
    for (p, d) in panels.iter().zip(data) {
        panel(p, d, from, to)?;
    }
    Ok(())
}

/// Draws a timeline of one or two traces to `out` (.svg or .png), showing
/// `from_ms` to `to_ms` (default: to the end of the longest trace).
pub fn draw(
    data: &[TimelineData],
    out: &Path,
    from_ms: f64,
    to_ms: Option<f64>,
) -> Result<(), Error> {
    register_fonts();
    let to = to_ms.unwrap_or_else(|| data.iter().map(|d| d.end_ms).fold(0.0, f64::max));
    let fail = |message: String| Error::Plot {
        path: PathBuf::from(out),
        message,
    };
    if to.partial_cmp(&from_ms) != Some(std::cmp::Ordering::Greater) {
        return Err(fail(format!("empty time window {from_ms}..{to} ms")));
    }
    let lanes: usize = data.iter().map(|d| d.threads.len()).sum();
    let size = (
        SIZE.0 + 300,
        (160 + 90 * data.len() + 45 * lanes).max(400) as u32,
    );
    match out.extension().and_then(|e| e.to_str()) {
        Some("svg") => {
            let root = SVGBackend::new(out, size).into_drawing_area();
            draw_on(&root, data, from_ms, to).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
        Some("png") => {
            let root = BitMapBackend::new(out, size).into_drawing_area();
            draw_on(&root, data, from_ms, to).map_err(fail)?;
            root.present().map_err(|e| fail(e.to_string()))
        }
        _ => Err(Error::Usage(format!(
            "{}: the timeline's file name must end in .svg or .png",
            out.display()
        ))),
    }
}
