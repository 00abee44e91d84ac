//! GIL timelines: which thread holds the GIL over time, with waits, IO,
//! blocking, native work and drop requests — the picture from the GIL
//! talks — drawn from traces written by `gilsim run --trace`. Two traces
//! are drawn one above the other on the same time axis, to compare
//! policies or modes.

use super::{cut, font, Chart, Style, SIZE};
use crate::error::Error;
use crate::experiment::results::show_num;
use crate::trace::Activity;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

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
    /// Library operations a thread was blocked in (`cat: wait` spans):
    /// thread id, name, start (ms), end (ms); drawn as labels.
    pub waits: Vec<(u64, String, f64, f64)>,
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

/// The latest time a trace or a window may reach, in ms (about 31.7
/// years): beyond any run, and small enough for the chart's arithmetic.
pub const MAX_MS: f64 = 1e12;

/// The most threads one trace may hold: one lane each.
pub const MAX_THREADS: usize = 4096;

/// The tallest image drawn (px); lanes get thinner beyond it.
const MAX_HEIGHT: usize = 8_192;

/// A time field of event `i` (µs in the file) in ms: a finite,
/// non-negative number no later than [`MAX_MS`].
fn time_ms(e: &Json, i: usize, key: &str) -> Result<f64, String> {
    let v = e
        .get(key)
        .ok_or_else(|| format!("event {i} has no {key}"))?;
    let us = v
        .as_f64()
        .ok_or_else(|| format!("event {i}: {key} is {}, not a number", cut(&v.to_string())))?;
    if !us.is_finite() || us < 0.0 {
        return Err(format!(
            "event {i}: {key} is {} µs (times are non-negative µs from the start of the run)",
            show_num(us)
        ));
    }
    let ms = us / 1e3;
    if ms > MAX_MS {
        return Err(format!(
            "event {i}: {key} is {} µs, later than any run ({} ms)",
            show_num(us),
            show_num(MAX_MS)
        ));
    }
    Ok(ms)
}

impl TimelineData {
    /// Reads a trace file written by `gilsim run --trace`. A file that is
    /// not JSON (with the line and column serde_json reports), lacks the
    /// events a timeline needs, or holds events no run could have made
    /// (negative or absurd times, spans on threads never named, unknown
    /// span names) is an [`Error::Results`] (exit 65).
    pub fn read(path: &Path) -> Result<TimelineData, Error> {
        let bytes = crate::experiment::results::read_input(path)?;
        let json: Json = serde_json::from_slice(&bytes)
            .map_err(|e| crate::experiment::results::json_error(path, "not a gilsim trace", &e))?;
        Self::from_json(&json).map_err(|m| Error::Results {
            path: path.to_path_buf(),
            message: format!("not a gilsim trace: {m}"),
        })
    }

    /// The timeline of a trace already parsed; the error says what is wrong.
    pub fn from_json(json: &Json) -> Result<TimelineData, String> {
        let events = json
            .get("traceEvents")
            .and_then(Json::as_array)
            .ok_or("no traceEvents array")?;
        let meta = json.get("otherData").cloned().unwrap_or(Json::Null);
        let title = format!(
            "{} | mode {} | policy {}",
            meta.get("program").and_then(Json::as_str).unwrap_or("?"),
            meta.get("mode").and_then(Json::as_str).unwrap_or("?"),
            meta.get("policy").and_then(Json::as_str).unwrap_or("?")
        );
        let mut d = TimelineData {
            title: cut(&title),
            threads: vec![],
            spans: vec![],
            drops: vec![],
            waits: vec![],
            end_ms: 0.0,
        };
        let mut named: HashMap<u64, usize> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            if !e.is_object() {
                return Err(format!("event {i} is not an object"));
            }
            let ph = e
                .get("ph")
                .and_then(Json::as_str)
                .ok_or_else(|| format!("event {i} has no ph (event type)"))?;
            let name = e.get("name").and_then(Json::as_str).unwrap_or("");
            let tid = || {
                e.get("tid")
                    .and_then(Json::as_u64)
                    .ok_or_else(|| format!("event {i} has no tid (a non-negative integer)"))
            };
            match ph {
                "M" if name == "thread_name" => {
                    let tid = tid()?;
                    let n = e
                        .pointer("/args/name")
                        .and_then(Json::as_str)
                        .ok_or_else(|| format!("event {i}: a thread_name without args.name"))?;
                    if named.insert(tid, i).is_some() {
                        return Err(format!("event {i} names thread {tid} a second time"));
                    }
                    if named.len() > MAX_THREADS {
                        return Err(format!(
                            "more than {MAX_THREADS} threads (a timeline draws one lane each)"
                        ));
                    }
                    d.threads.push((tid, cut(n)));
                }
                // Library operations (`cat: wait`) nest in a blocked span.
                "X" if e.get("cat").and_then(Json::as_str) == Some("wait") => {
                    let tid = tid()?;
                    let ts = time_ms(e, i, "ts")?;
                    let dur = time_ms(e, i, "dur")?;
                    if ts + dur <= MAX_MS {
                        d.waits.push((tid, cut(name), ts, ts + dur));
                    }
                }
                "X" => {
                    let a = Activity::from_name(name)
                        .ok_or_else(|| format!("event {i}: unknown span '{}'", cut(name)))?;
                    let tid = tid()?;
                    let ts = time_ms(e, i, "ts")?;
                    let dur = time_ms(e, i, "dur")?;
                    if ts + dur > MAX_MS {
                        return Err(format!(
                            "event {i} ends after {} ms, later than any run",
                            show_num(MAX_MS)
                        ));
                    }
                    d.end_ms = d.end_ms.max(ts + dur);
                    d.spans.push((tid, a, ts, ts + dur));
                }
                "i" => {
                    let tid = tid()?;
                    d.drops.push((tid, time_ms(e, i, "ts")?));
                }
                _ => {}
            }
        }
        if d.threads.is_empty() {
            return Err("no threads (no thread_name events)".into());
        }
        let unnamed = d
            .spans
            .iter()
            .map(|s| s.0)
            .chain(d.drops.iter().map(|x| x.0))
            .find(|t| !named.contains_key(t));
        if let Some(t) = unnamed {
            return Err(format!("events on thread {t}, which no thread_name names"));
        }
        d.threads.sort();
        Ok(d)
    }
}

/// The window a timeline shows, in ms: `from_ms` to `to_ms`, or to the
/// end of the longest trace. Bounds that are not finite numbers within
/// ±[`MAX_MS`], or a window that is empty or inverted, are usage errors
/// (exit 64) naming the flag.
pub fn window(
    data: &[TimelineData],
    from_ms: f64,
    to_ms: Option<f64>,
) -> Result<(f64, f64), Error> {
    let check = |flag: &str, v: f64| {
        if v.is_finite() && v.abs() <= MAX_MS {
            Ok(v)
        } else {
            Err(Error::Usage(format!(
                "{flag} {}: expected a finite number of milliseconds between -{m} and {m}",
                show_num(v),
                m = show_num(MAX_MS)
            )))
        }
    };
    let from = check("--from-ms", from_ms)?;
    match to_ms {
        Some(to) => {
            let to = check("--to-ms", to)?;
            if to <= from {
                return Err(Error::Usage(format!(
                    "--to-ms {} must be later than --from-ms {}: the window is empty",
                    show_num(to),
                    show_num(from)
                )));
            }
            Ok((from, to))
        }
        None => {
            let end = data.iter().map(|d| d.end_ms).fold(0.0, f64::max);
            if end > from {
                Ok((from, end))
            } else if end <= 0.0 && from == 0.0 {
                // Traces without spans: show their empty lanes.
                Ok((0.0, 1.0))
            } else {
                Err(Error::Usage(format!(
                    "--from-ms {} is at or after the end of the trace ({} ms): \
                     the window is empty (give --to-ms, or an earlier --from-ms)",
                    show_num(from),
                    show_num(end)
                )))
            }
        }
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
    let lanes: HashMap<u64, usize> = d
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| (t.0, i))
        .collect();
    let lane = |tid: u64| lanes.get(&tid).copied().unwrap_or(0) as f64;
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
        .y_labels(n.clamp(1, 200))
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
    // Name the library operation inside each blocked span wide enough for
    // its label (about 7 px a character at this font size).
    let px_per_ms = area.dim_in_pixel().0.saturating_sub(170) as f64 / (to - from).max(1e-9);
    chart
        .draw_series(
            d.waits
                .iter()
                .filter(|(_, n, s, e)| {
                    visible(*s, *e)
                        && (e.min(to) - s.max(from)) * px_per_ms > 7.5 * n.len() as f64 + 8.0
                })
                .map(|(tid, n, s, _)| {
                    Text::new(
                        n.clone(),
                        (s.max(from), lane(*tid) - 0.12),
                        font(13).color(&WHITE),
                    )
                }),
        )
        .map_err(err)?;
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

/// A timeline of one or two traces over a window of milliseconds.
pub struct TimelineChart<'a> {
    /// The traces, one panel each.
    pub data: &'a [TimelineData],
    /// Start of the window (ms).
    pub from_ms: f64,
    /// End of the window (ms).
    pub to_ms: f64,
}

impl Chart for TimelineChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        _style: &Style,
    ) -> Result<(), String> {
        draw_on(root, self.data, self.from_ms, self.to_ms)
    }

    /// Lanes set its height unless a size is asked for.
    fn size(&self, style: &Style) -> (u32, u32) {
        let lanes: usize = self.data.iter().map(|d| d.threads.len()).sum();
        style.size_or((
            SIZE.0 + 300,
            (160 + 90 * self.data.len() + 45 * lanes).clamp(400, MAX_HEIGHT) as u32,
        ))
    }

    fn series_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for d in self.data {
            for (_, name) in &d.threads {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }
}

/// Draws a timeline of one or two traces to `out` (.svg, .png or .pdf),
/// showing `from_ms` to `to_ms` (default: to the end of the longest trace).
pub fn draw(
    data: &[TimelineData],
    out: &Path,
    from_ms: f64,
    to_ms: Option<f64>,
    style: &Style,
) -> Result<(), Error> {
    if data.is_empty() {
        return Err(Error::Usage("a timeline needs at least one trace".into()));
    }
    let (from_ms, to_ms) = window(data, from_ms, to_ms)?;
    let chart = TimelineChart {
        data,
        from_ms,
        to_ms,
    };
    style
        .check_series(&chart.series_names())
        .map_err(Error::Usage)?;
    super::output::save_file(&chart, out, style)
}
