//! The one report builder: every engine hands over the same raw records —
//! each thread's name, end, counters, samples and trace events, and a few
//! run-wide figures — and this module turns them into the [`RunReport`]
//! and the [`Trace`], so that every field means the same in every mode and
//! engine. Process mode merges its workers' raw records here too.

use crate::gil::{Gil, Tid};
use crate::metrics::{
    histogram, jain, Percentiles, RunEnd, RunReport, ThreadEnd, ThreadMetrics, ThreadReport,
    VirtualMachine,
};
use crate::spec::RunConfig;
use crate::trace::{Event, ThreadTrace, Trace};
use serde::{Deserialize, Serialize};

/// One thread's raw record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadRecord {
    /// Its name.
    pub name: String,
    /// How it ended.
    pub end: ThreadEnd,
    /// Its counters and samples.
    pub m: ThreadMetrics,
    /// Its trace events, when tracing.
    pub events: Option<Vec<Event>>,
    /// The process it ran in: 1, or a worker's number + 1 in process mode.
    pub pid: u32,
    /// Whether the harness started it (its progress counts for fairness).
    pub harness: bool,
}

impl ThreadRecord {
    /// A fresh record for a thread named `name`, tracing or not.
    pub fn new(name: String, harness: bool, tracing: bool) -> ThreadRecord {
        ThreadRecord {
            name,
            end: ThreadEnd::Stopped,
            m: ThreadMetrics::default(),
            events: tracing.then(Vec::new),
            pid: 1,
            harness,
        }
    }

    /// Records a span of `what` from `start` to `end`, when tracing.
    pub fn span(&mut self, what: crate::trace::Activity, start: u64, end: u64) {
        if let Some(e) = &mut self.events {
            e.push(Event::Span { what, start, end });
        }
    }

    /// Records a wait blocked in library operation `op` (counted always,
    /// traced when tracing).
    pub fn wait(&mut self, op: Option<u16>, start: u64, end: u64) {
        let Some(op) = op else { return };
        self.m.add_wait(op, end.saturating_sub(start));
        if let Some(e) = &mut self.events {
            e.push(Event::Wait { op, start, end });
        }
    }
}

/// Everything an engine measured about one run, before reporting.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RawRun {
    /// Every thread, by id.
    pub threads: Vec<ThreadRecord>,
    /// How long the run took (ns; virtual time on the virtual engine).
    pub wall_ns: u64,
    /// Whether `--timeout` stopped it.
    pub timed_out: bool,
    /// Runtime errors, one line each: `thread: Kind: message`.
    pub errors: Vec<String>,
    /// The code a harness thread's uncaught `SystemExit` (`sys.exit(n)`)
    /// asked to exit with, the first one.
    #[serde(default)]
    pub exit_code: Option<i32>,
    /// The deadlock report, if the run deadlocked.
    pub deadlock: Option<String>,
    /// GIL holder changes, over every GIL of the run.
    pub switches: u64,
    /// Time a GIL was free while threads waited for it (ns).
    pub gil_idle_ns: u64,
    /// Most threads seen executing bytecode at once.
    pub max_parallel: u32,
    /// Each GIL's waiter count after each change (process, ns, count),
    /// when tracing.
    pub waiters: Vec<(u32, u64, u32)>,
}

impl RawRun {
    /// Adds the run-wide figures (switches, idle time, waiter log) of the
    /// GIL of process `pid` (1 but in process mode).
    pub fn add_gil(&mut self, pid: u32, gil: &mut Gil) {
        self.switches += gil.switches();
        self.gil_idle_ns += gil.idle_ns();
        let log = gil.take_waiter_log().into_iter();
        self.waiters.extend(log.map(|(at, n)| (pid, at, n)));
    }

    /// How the run ended: a deadlock or a timeout first, then errors.
    pub fn end(&self) -> RunEnd {
        if self.deadlock.is_some() {
            RunEnd::Deadlock
        } else if self.timed_out {
            RunEnd::Timeout
        } else if !self.errors.is_empty() {
            RunEnd::Error
        } else {
            RunEnd::Ok
        }
    }

    /// Appends a worker process's raw run as worker number `w` (process
    /// mode): its threads renamed `worker-w/NAME` in trace process `w + 1`,
    /// its trace times moved by `offset_ns` (when it started, in this run's
    /// time), its errors and deadlock prefixed with its name.
    pub fn merge_worker(&mut self, w: u32, offset_ns: u64, run: RawRun) {
        let shift = |e: Event| match e {
            Event::Span { what, start, end } => Event::Span {
                what,
                start: start + offset_ns,
                end: end + offset_ns,
            },
            Event::DropRequest(at) => Event::DropRequest(at + offset_ns),
            Event::Wait { op, start, end } => Event::Wait {
                op,
                start: start + offset_ns,
                end: end + offset_ns,
            },
        };
        for mut t in run.threads {
            t.name = format!("worker-{w}/{}", t.name);
            t.pid = w + 1;
            t.events = t.events.map(|ev| ev.into_iter().map(shift).collect());
            self.threads.push(t);
        }
        self.errors
            .extend(run.errors.into_iter().map(|e| format!("worker-{w}/{e}")));
        self.exit_code = self.exit_code.or(run.exit_code);
        if let Some(d) = run.deadlock {
            let d = format!("worker-{w}: {d}");
            self.deadlock = Some(match self.deadlock.take() {
                Some(prev) => format!("{prev}\n{d}"),
                None => d,
            });
        }
        self.switches += run.switches;
        self.gil_idle_ns += run.gil_idle_ns;
        self.max_parallel += run.max_parallel;
        self.waiters.extend(
            run.waiters
                .into_iter()
                .map(|(_, at, n)| (w + 1, at + offset_ns, n)),
        );
    }
}

/// A finished run: its report and, when traced, its trace.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// What was measured.
    pub report: RunReport,
    /// What each thread did over time, when `RunConfig::trace` was set.
    pub trace: Option<Trace>,
}

/// Builds the report (and the trace, when `cfg.trace`) of a run of the
/// program in `file`.
pub fn build(cfg: &RunConfig, file: &str, mut raw: RawRun) -> RunOutput {
    let samples = |f: fn(&ThreadMetrics) -> &Vec<u64>| -> Vec<u64> {
        raw.threads
            .iter()
            .flat_map(|t| f(&t.m).iter().copied())
            .collect()
    };
    let (waits, io_back) = (samples(|m| &m.gil.waits), samples(|m| &m.io_reacquire));
    let harness: Vec<f64> = raw
        .threads
        .iter()
        .filter(|t| t.harness)
        .map(|t| t.m.instructions as f64)
        .collect();
    let ec = &cfg.engine;
    let machine = ec.is_virtual().then(|| VirtualMachine {
        // asyncio's one thread uses one core, whatever the machine has.
        cores: if cfg.mode == crate::spec::Mode::Async {
            1
        } else {
            ec.cores
        },
        seed: ec.seed,
        cost: ec.cost.clone(),
    });
    let policy = cfg.effective_policy();
    let end = raw.end();
    let trace = cfg.trace.then(|| {
        raw.waiters.sort_by_key(|w| (w.0, w.1));
        let mut processes: Vec<(u32, String)> = Vec::new();
        let threads = raw
            .threads
            .iter_mut()
            .enumerate()
            .map(|(id, t)| {
                if !processes.iter().any(|p| p.0 == t.pid) {
                    let name = match cfg.mode {
                        crate::spec::Mode::Process => format!("worker-{}", t.pid - 1),
                        crate::spec::Mode::Interp => crate::engine::interp_name(t.pid - 1),
                        _ => "gilsim".to_string(),
                    };
                    processes.push((t.pid, name));
                }
                ThreadTrace {
                    pid: t.pid,
                    tid: id as Tid,
                    name: t.name.clone(),
                    events: t.events.take().unwrap_or_default(),
                }
            })
            .collect();
        let mut meta = serde_json::json!({
            "program": file,
            "mode": cfg.mode.name(),
            "policy": crate::metrics::policy_name(policy),
            "switch_interval_ns": cfg.switch_interval_ns,
            "threads": cfg.threads,
            "wall_ns": raw.wall_ns,
            "engine": ec.engine.name(),
        });
        if ec.is_virtual() {
            meta["cores"] = ec.cores.into();
            meta["seed"] = ec.seed.into();
        }
        Trace {
            threads,
            waiters: std::mem::take(&mut raw.waiters),
            processes,
            meta,
        }
    });
    let threads = raw
        .threads
        .iter()
        .enumerate()
        .map(|(id, t)| ThreadReport::new(id as u32, t.name.clone(), t.end, &t.m))
        .collect();
    let report = RunReport {
        mode: cfg.mode,
        policy,
        free_threading: (cfg.mode == crate::spec::Mode::Free).then_some(cfg.free_profile),
        engine: ec.engine,
        machine,
        switch_interval_ns: cfg.switch_interval_ns,
        wall_ns: raw.wall_ns,
        switches: raw.switches,
        max_parallel: raw.max_parallel,
        end,
        errors: raw.errors,
        exit_code: raw.exit_code,
        deadlock: raw.deadlock,
        gil_idle_ns: raw.gil_idle_ns,
        fairness: jain(&harness),
        gil_wait_histogram: histogram(&waits),
        io_reacquire_histogram: histogram(&io_back),
        io_reacquire_ns: Percentiles::of(&io_back),
        threads,
        invocation: None,
    };
    RunOutput { report, trace }
}

/// How a thread's uncaught exception ends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Death {
    /// A runtime error: reported, the run ends in error.
    Error,
    /// `SystemExit` (`sys.exit(n)`): nothing printed, the thread just
    /// ends; from a harness thread, the process exits with this code.
    Exit(i32),
}

/// Prints a dying thread's traceback, like Python's threading excepthook
/// (`Exception in thread NAME:`), and the locks it leaves held; both are
/// recorded in `errors`. A `SystemExit` prints nothing (its message, if
/// not an int, goes to stderr as CPython prints it).
pub fn report_death(
    err: &dyn crate::vm::Output,
    errors: &mut Vec<String>,
    name: &str,
    trap: &crate::vm::Trap,
    held: &[u32],
) -> Death {
    if let crate::vm::TrapKind::Raised { exc, .. } = &trap.kind {
        if crate::vm::runtime::is_exc(&trap.kind, "SystemExit") {
            let code = match &exc.0 {
                crate::vm::Value::Instance(i) => i.attrs.lock().get("code").cloned(),
                _ => None,
            };
            return Death::Exit(match code {
                None | Some(crate::vm::Value::None) => 0,
                Some(crate::vm::Value::Int(c)) => c.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
                Some(crate::vm::Value::Bool(b)) => b as i32,
                Some(other) => {
                    err.line(&crate::vm::repr::str_plain(&other));
                    1
                }
            });
        }
    }
    err.line(&format!("Exception in thread {name}:\n{trap}"));
    if let Some(note) = crate::py::hints::missing_attribute_note(&trap.kind.to_string()) {
        err.line(&note);
    }
    errors.push(format!("{name}: {}", trap.kind));
    if !held.is_empty() {
        let list: Vec<String> = held.iter().map(u32::to_string).collect();
        let msg = format!(
            "{name} died holding lock {} (it stays locked)",
            list.join(", ")
        );
        err.line(&msg);
        errors.push(msg);
    }
    Death::Error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Activity;

    fn worker_run(deadlock: Option<&str>) -> RawRun {
        let mut t = ThreadRecord::new("main-0".into(), true, true);
        t.span(Activity::Running, 10, 20);
        t.m.gil.waits = vec![5, 7];
        RawRun {
            threads: vec![t],
            errors: vec!["main-0: ValueError: x".into()],
            deadlock: deadlock.map(str::to_string),
            switches: 3,
            max_parallel: 1,
            waiters: vec![(1, 12, 1)],
            ..RawRun::default()
        }
    }

    #[test]
    fn workers_merge_under_their_own_name_pid_and_time() {
        let mut raw = RawRun::default();
        raw.merge_worker(0, 1_000, worker_run(None));
        raw.merge_worker(1, 2_000, worker_run(Some("deadlock: d")));
        let names: Vec<&str> = raw.threads.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["worker-0/main-0", "worker-1/main-0"]);
        assert_eq!(raw.threads[1].pid, 2);
        assert_eq!(
            raw.threads[1].events.as_deref(),
            Some(
                &[Event::Span {
                    what: Activity::Running,
                    start: 2_010,
                    end: 2_020
                }][..]
            )
        );
        assert_eq!(raw.waiters, vec![(1, 1_012, 1), (2, 2_012, 1)]);
        assert_eq!(raw.errors[1], "worker-1/main-0: ValueError: x");
        assert_eq!(raw.deadlock.as_deref(), Some("worker-1: deadlock: d"));
        assert_eq!((raw.switches, raw.max_parallel), (6, 2));
        assert_eq!(raw.end(), RunEnd::Deadlock);
        let cfg = RunConfig {
            mode: crate::spec::Mode::Process,
            threads: 2,
            trace: true,
            ..RunConfig::default()
        };
        let out = build(&cfg, "p.pyasm", raw);
        assert_eq!(
            out.report
                .gil_wait_histogram
                .iter()
                .map(|b| b.count)
                .sum::<u64>(),
            4
        );
        let trace = out.trace.unwrap();
        assert_eq!(
            trace.processes,
            vec![(1, "worker-0".to_string()), (2, "worker-1".to_string())]
        );
        assert_eq!(trace.threads[1].tid, 1, "thread ids are unique in the run");
    }
}
