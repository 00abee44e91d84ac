//! GIL timelines: which thread holds the GIL over time, with waits, IO,
//! blocking, native work and drop requests — the picture from the GIL
//! talks — drawn from traces written by `gilsim run --trace`. Two traces
//! are drawn one above the other on the same time axis, to compare
//! policies or modes.

use super::{cut, Chart, Style, SIZE};
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
    /// What the trace's metadata says about its run (program, mode,
    /// policy, switch interval, engine), as the titles name it.
    pub meta: Vec<super::timeline_titles::Field>,
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
        let mut d = TimelineData {
            meta: super::timeline_titles::fields(&meta),
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
        style: &Style,
    ) -> Result<(), String> {
        super::timeline_draw::draw_on(root, self.data, self.from_ms, self.to_ms, style)
    }

    /// Lanes set its height unless a size is asked for.
    fn size(&self, style: &Style) -> (u32, u32) {
        let lanes: usize = self
            .data
            .iter()
            .map(|d| {
                d.threads
                    .iter()
                    .filter(|t| style.shows(&[t.1.as_str()]))
                    .count()
                    .max(1)
            })
            .sum();
        let k = style.font_scale;
        let h = (200.0 + 110.0 * self.data.len() as f64) * k + 45.0 * k.max(1.0) * lanes as f64;
        style.size_or((SIZE.0 + 300, (h as usize).clamp(400, MAX_HEIGHT) as u32))
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
