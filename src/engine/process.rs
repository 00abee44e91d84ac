//! The process engine (`--mode process`): each worker is a real OS
//! process — gilsim starting itself as `gilsim worker` — with its own
//! interpreter, its own GIL and its own copy of the globals, as with
//! multiprocessing. The parent sends a job as one JSON line on the
//! worker's stdin: the verified program as data ([`ProgramImage`], checked
//! again by the worker's verifier), the entry, its arguments and the
//! settings. The worker runs it as a gil-mode run of the real engine and
//! streams JSON lines back on stdout: `ready`, each printed line, each
//! error line, and finally its raw records — measured samples, trace
//! events, errors, deadlock — which the parent merges with the others'
//! into one report ([`super::report`]).
//!
//! The parent reads every worker's pipes on threads of its own that send
//! what they read into one crossbeam channel, so it forwards lines in the
//! order they arrive, never waits on a dead pipe, and stops (killing the
//! workers) at the timeout.

use super::report::{RawRun, ThreadRecord};
use crate::bytecode::image::ProgramImage;
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::PolicyId;
use crate::metrics::ThreadEnd;
use crate::spec::{EngineConfig, Mode, RunConfig};
use crate::vm::{Output, Value};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a worker is asked to run.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    /// The verified program, as data.
    pub program: ProgramImage,
    /// Entry function.
    pub entry: String,
    /// Arguments, as literals.
    pub args: Vec<String>,
    /// GIL policy inside the worker.
    pub policy: PolicyId,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Ticks check interval.
    pub check_interval: u64,
    /// The modelled runtime's own costs (its speed, its wakes).
    #[serde(default)]
    pub runtime_costs: crate::spec::RuntimeCosts,
    /// Recursion limit.
    pub recursion_limit: u32,
    /// Thread limit inside the worker.
    pub max_threads: u32,
    /// Whether to record trace events.
    pub trace: bool,
}

/// One message from a worker, one JSON object per line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    /// The worker has built the program and is about to run it.
    Ready,
    /// A line the program printed.
    Line(String),
    /// A line for stderr (tracebacks).
    Err(String),
    /// The worker's raw records; the last message.
    Raw(Box<RawRun>),
}

fn send(m: &Message) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        serde_json::to_string(m).expect("messages serialise")
    );
    let _ = out.flush();
}

struct PipeOut;
impl Output for PipeOut {
    fn line(&self, text: &str) {
        send(&Message::Line(text.to_string()));
    }
}

struct PipeErr;
impl Output for PipeErr {
    fn line(&self, text: &str) {
        send(&Message::Err(text.to_string()));
    }
}

/// The exit code of a worker whose parent went away.
pub const ORPHANED: i32 = 75;

/// The `gilsim worker` side: reads a job from stdin, runs it, reports.
/// The parent keeps the worker's stdin open while it lives: when it ends
/// — finished, killed, interrupted — the pipe closes and the worker exits
/// at once, so no worker outlives its parent.
pub fn worker_main() -> Result<i32, Error> {
    let mut text = String::new();
    let mut stdin = std::io::stdin().lock();
    stdin
        .read_line(&mut text)
        .map_err(|e| Error::Experiment(format!("worker: cannot read the job: {e}")))?;
    drop(stdin);
    std::thread::spawn(|| {
        let mut rest = Vec::new();
        // Returns at end of file (or on an error): the parent is gone.
        let _ = std::io::stdin().read_to_end(&mut rest);
        std::process::exit(ORPHANED);
    });
    let job: Job = serde_json::from_str(&text)
        .map_err(|e| Error::Experiment(format!("worker: bad job: {e}")))?;
    let program = job.program.build()?;
    let args = job
        .args
        .iter()
        .map(|a| crate::asm::parse_constant(a).map_err(Error::Usage))
        .collect::<Result<Vec<Value>, _>>()?;
    let cfg = RunConfig {
        entry: job.entry,
        args,
        threads: 1,
        mode: Mode::Gil,
        policy: job.policy,
        runtime_costs: job.runtime_costs,
        free_profile: crate::spec::FreeProfileId::default(),
        switch_interval_ns: job.switch_interval_ns,
        check_interval: job.check_interval,
        timeout_ns: None,
        max_threads: job.max_threads,
        recursion_limit: job.recursion_limit,
        trace: job.trace,
        worker_exe: None,
        engine: EngineConfig::default(),
    };
    send(&Message::Ready);
    let raw = super::run_raw(
        Arc::new(program),
        &cfg,
        Arc::new(PipeOut),
        Arc::new(PipeErr),
    )?;
    send(&Message::Raw(Box::new(raw)));
    Ok(0)
}

/// What a worker's pipe readers tell the parent.
enum Heard {
    /// A message, when it arrived (ns since the run started).
    Msg(Message, u64),
    /// A line that is not a message.
    Garbage(String),
    /// Its stdout closed.
    Closed,
    /// Everything it wrote on stderr, at its end.
    Stderr(String),
}

/// One worker as the parent sees it.
struct Worker {
    child: Child,
    // Held open while the worker lives: its end tells the worker that the
    // parent is gone.
    _lifeline: Option<std::process::ChildStdin>,
    spawned: u64,
    ready_at: Option<u64>,
    raw: Option<RawRun>,
    stderr: Option<String>,
    closed: bool,
}

fn start_worker(
    exe: &std::path::Path,
    i: u32,
    job_line: &str,
    t0: Instant,
    tx: &Sender<(u32, Heard)>,
) -> Result<Worker, Error> {
    let spawned = super::since(t0);
    let mut child = Command::new(exe)
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::Experiment(format!("cannot start worker {i} ({}): {e}", exe.display()))
        })?;
    let mut lifeline = child.stdin.take();
    if let Some(stdin) = &mut lifeline {
        // A worker that died at once shows up as a missing report.
        let _ = stdin.write_all(job_line.as_bytes());
        let _ = stdin.flush();
    }
    let stdout = child.stdout.take().expect("stdout is piped");
    let tx_out = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let heard = match serde_json::from_str::<Message>(&line) {
                Ok(m) => Heard::Msg(m, super::since(t0)),
                Err(_) => Heard::Garbage(line),
            };
            if tx_out.send((i, heard)).is_err() {
                return;
            }
        }
        let _ = tx_out.send((i, Heard::Closed));
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let tx_err = tx.clone();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = tx_err.send((i, Heard::Stderr(text)));
    });
    Ok(Worker {
        child,
        _lifeline: lifeline,
        spawned,
        ready_at: None,
        raw: None,
        stderr: None,
        closed: false,
    })
}

/// Runs `cfg.threads` workers, each calling the entry function.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RawRun, Error> {
    let exe = match &cfg.worker_exe {
        Some(p) => p.clone(),
        None => std::env::current_exe()
            .map_err(|e| Error::Experiment(format!("cannot find gilsim's own executable: {e}")))?,
    };
    let job = Job {
        program: program.image(),
        entry: cfg.entry.clone(),
        args: cfg.args.iter().map(Value::to_literal).collect(),
        policy: cfg.policy,
        switch_interval_ns: cfg.switch_interval_ns,
        check_interval: cfg.check_interval,
        runtime_costs: cfg.runtime_costs,
        recursion_limit: cfg.recursion_limit,
        max_threads: cfg.max_threads,
        trace: cfg.trace,
    };
    let job_line = serde_json::to_string(&job).expect("a job serialises") + "\n";
    let t0 = Instant::now();
    let (tx, rx) = crossbeam_channel::unbounded();
    let mut workers = Vec::new();
    for i in 0..cfg.threads {
        match start_worker(&exe, i, &job_line, t0, &tx) {
            Ok(w) => workers.push(w),
            Err(e) => {
                for mut w in workers {
                    let _ = w.child.kill();
                    let _ = w.child.wait();
                }
                return Err(e);
            }
        }
    }
    drop(tx);
    let deadline = cfg.timeout_ns.map(|ns| t0 + Duration::from_nanos(ns));
    let timed_out = listen(&rx, &mut workers, deadline, &*out, &*err);
    if timed_out {
        for w in &mut workers {
            let _ = w.child.kill();
        }
    }
    let mut raw = RawRun {
        timed_out,
        ..RawRun::default()
    };
    for (i, mut w) in workers.into_iter().enumerate() {
        let status = w.child.wait().ok();
        let i = i as u32;
        let startup = w.ready_at.map_or(0, |r| r.saturating_sub(w.spawned));
        match w.raw.take() {
            Some(mut run) => {
                if let Some(first) = run.threads.first_mut() {
                    first.m.startup_ns = startup;
                }
                raw.merge_worker(i, w.ready_at.unwrap_or(0), run);
            }
            None => {
                let why = match status {
                    _ if timed_out => "stopped at the timeout".to_string(),
                    Some(s) => format!("died before reporting ({s})"),
                    None => "died before reporting".to_string(),
                };
                let detail = w
                    .stderr
                    .as_deref()
                    .and_then(|t| t.lines().last())
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default();
                let msg = format!("worker-{i} {why}{detail}");
                // Its progress is unknown, not zero: it does not count for
                // fairness.
                let mut rec = ThreadRecord::new(format!("worker-{i}"), false, cfg.trace);
                rec.pid = i + 1;
                rec.m.startup_ns = startup;
                rec.end = if timed_out {
                    ThreadEnd::Stopped
                } else {
                    err.line(&msg);
                    raw.errors.push(msg);
                    ThreadEnd::Error
                };
                raw.threads.push(rec);
            }
        }
    }
    raw.wall_ns = super::since(t0);
    Ok(raw)
}

/// Forwards the workers' messages until every one has closed its pipes,
/// or `deadline` passes (returns true then).
fn listen(
    rx: &Receiver<(u32, Heard)>,
    workers: &mut [Worker],
    deadline: Option<Instant>,
    out: &dyn Output,
    err: &dyn Output,
) -> bool {
    while workers.iter().any(|w| !w.closed || w.stderr.is_none()) {
        let got = match deadline {
            Some(d) => rx.recv_deadline(d),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let (i, heard) = match got {
            Ok(x) => x,
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        };
        let w = &mut workers[i as usize];
        match heard {
            Heard::Msg(Message::Ready, at) => w.ready_at = Some(at),
            Heard::Msg(Message::Line(l), _) => out.line(&l),
            Heard::Msg(Message::Err(l), _) => err.line(&format!("[worker-{i}] {l}")),
            Heard::Msg(Message::Raw(r), _) => w.raw = Some(*r),
            Heard::Garbage(l) => err.line(&format!("[worker-{i}] {l}")),
            Heard::Closed => w.closed = true,
            Heard::Stderr(t) => w.stderr = Some(t),
        }
    }
    false
}
