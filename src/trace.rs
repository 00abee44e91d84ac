//! Traces: what each thread did over time, written in the Chrome Trace
//! Event Format, which Perfetto UI (ui.perfetto.dev) and chrome://tracing
//! open.
//!
//! Each thread records into its own buffer, only at GIL transitions and
//! around blocking operations — never in the dispatch loop — and only when
//! tracing is on. Per thread: complete events (`"ph":"X"`, `ts`/`dur` in
//! microseconds) for holding the GIL, waiting for it, IO, blocking on a
//! lock or a join, and native work; spans follow each other, and native
//! work done holding the GIL nests inside its "running" span. Instant
//! events (`"ph":"i"`) mark drop requests; a counter track (`"ph":"C"`)
//! counts GIL waiters; `thread_name` metadata names the threads.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};
use std::path::Path;

/// What a thread was doing during a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    /// Holding the GIL (running bytecode); in free mode, running.
    Running,
    /// Waiting to take the GIL.
    WaitingForGil,
    /// In an IO wait, GIL released.
    Io,
    /// Blocked acquiring a lock.
    BlockedOnLock,
    /// Blocked joining a thread.
    BlockedOnJoin,
    /// Native work with the GIL released.
    NativeReleased,
    /// Native work holding the GIL (nested in "running").
    NativeHeld,
}

impl Activity {
    /// The event name in the trace.
    pub fn name(self) -> &'static str {
        match self {
            Activity::Running => "running (GIL held)",
            Activity::WaitingForGil => "waiting for the GIL",
            Activity::Io => "IO",
            Activity::BlockedOnLock => "blocked on a lock",
            Activity::BlockedOnJoin => "blocked on a join",
            Activity::NativeReleased => "native work (GIL released)",
            Activity::NativeHeld => "native work (GIL held)",
        }
    }

    /// Every activity, for legends.
    pub const ALL: [Activity; 7] = [
        Activity::Running,
        Activity::WaitingForGil,
        Activity::Io,
        Activity::BlockedOnLock,
        Activity::BlockedOnJoin,
        Activity::NativeReleased,
        Activity::NativeHeld,
    ];

    /// The activity with this trace name.
    pub fn from_name(name: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// One recorded event.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// A span of one activity.
    Span {
        /// What.
        what: Activity,
        /// From (ns since the run started).
        start: u64,
        /// To (ns since the run started).
        end: u64,
    },
    /// This thread raised a drop request (ns since the run started).
    DropRequest(u64),
    /// Blocked in a library operation (`crate::stdlib::BLOCKING_OPS`),
    /// nested in its "blocked" span.
    Wait {
        /// The operation, an index of `BLOCKING_OPS`.
        op: u16,
        /// From (ns since the run started).
        start: u64,
        /// To (ns since the run started).
        end: u64,
    },
}

/// One thread's trace.
#[derive(Clone, Debug)]
pub struct ThreadTrace {
    /// The process it ran in (1, or a worker's number + 1 in process mode).
    pub pid: u32,
    /// Thread id, unique in the run.
    pub tid: u32,
    /// Thread name.
    pub name: String,
    /// Its events, in the order recorded.
    pub events: Vec<Event>,
}

/// A whole run's trace.
#[derive(Clone, Debug)]
pub struct Trace {
    /// Per-thread events; times are nanoseconds since the run started
    /// (wall-clock for the real engine, virtual for the virtual one).
    pub threads: Vec<ThreadTrace>,
    /// Each GIL's waiter count after each change: (process, ns, count).
    pub waiters: Vec<(u32, u64, u32)>,
    /// Each process's id and name (one, `gilsim`, except in process mode).
    pub processes: Vec<(u32, String)>,
    /// Run settings recorded in the file (`otherData`).
    pub meta: Json,
}

fn us(ns: u64) -> f64 {
    ns as f64 / 1e3
}

impl Trace {
    /// The trace as a Chrome Trace Event Format object.
    pub fn to_json(&self) -> Json {
        let mut events = Vec::new();
        for (pid, name) in &self.processes {
            events.push(json!({"ph": "M", "pid": pid, "tid": 0, "name": "process_name", "args": {"name": name}}));
        }
        for t in &self.threads {
            let pid = t.pid;
            events.push(json!({"ph": "M", "pid": pid, "tid": t.tid, "name": "thread_name", "args": {"name": t.name}}));
            // Sort by start, longer first, so a viewer nests inner spans.
            let mut evs = t.events.clone();
            evs.sort_by(|a, b| {
                let key = |e: &Event| match *e {
                    Event::Span { start, end, .. } => (start, std::cmp::Reverse(end)),
                    Event::Wait { start, end, .. } => (start, std::cmp::Reverse(end)),
                    Event::DropRequest(at) => (at, std::cmp::Reverse(at)),
                };
                key(a).cmp(&key(b))
            });
            for e in evs {
                match e {
                    Event::Span { what, start, end } => events.push(json!({
                        "ph": "X", "pid": pid, "tid": t.tid, "name": what.name(), "cat": "gil",
                        "ts": us(start), "dur": us(end.saturating_sub(start)),
                    })),
                    Event::Wait { op, start, end } => events.push(json!({
                        "ph": "X", "pid": pid, "tid": t.tid, "name": crate::stdlib::op_name(op), "cat": "wait",
                        "ts": us(start), "dur": us(end.saturating_sub(start)),
                    })),
                    Event::DropRequest(at) => events.push(json!({
                        "ph": "i", "s": "t", "pid": pid, "tid": t.tid, "name": "drop request", "cat": "gil",
                        "ts": us(at),
                    })),
                }
            }
        }
        for (pid, at, n) in &self.waiters {
            events.push(json!({"ph": "C", "pid": pid, "tid": 0, "name": "GIL waiters", "ts": us(*at), "args": {"waiters": n}}));
        }
        json!({"traceEvents": events, "displayTimeUnit": "ms", "otherData": self.meta})
    }

    /// Writes the trace to `path`.
    pub fn write(&self, path: &Path) -> Result<(), crate::Error> {
        let text = serde_json::to_string(&self.to_json()).expect("a trace always serialises");
        std::fs::write(path, text).map_err(|source| crate::Error::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}
