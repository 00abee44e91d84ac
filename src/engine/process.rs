//! The process engine (`--mode process`): each worker is a real OS
//! process — gilsim starting itself as `gilsim worker` — with its own
//! interpreter, its own GIL and its own copy of the globals, as with
//! multiprocessing. The parent sends a job as JSON on the worker's stdin;
//! the worker streams JSON lines back on stdout: `ready`, each printed
//! line, each error line, and its final report. The parent forwards each
//! worker's lines in order, records its start-up time (spawn to `ready`),
//! and reports a worker that dies without a report; it never waits on a
//! dead pipe.

use super::{Mode, RunConfig};
use crate::bytecode::Program;
use crate::error::Error;
use crate::metrics::{histogram, jain, Percentiles, RunEnd, RunReport, ThreadEnd, ThreadReport};
use crate::vm::{Output, Value};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a worker is asked to run.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    /// The program's file name (a `.py` name selects the Python front end).
    pub file: String,
    /// Its source text.
    pub source: String,
    /// Entry function.
    pub entry: String,
    /// Arguments, as literals.
    pub args: Vec<String>,
    /// GIL policy inside the worker.
    pub policy: String,
    /// Switch interval (ns).
    pub switch_interval_ns: u64,
    /// Ticks check interval.
    pub check_interval: u64,
    /// Recursion limit.
    pub recursion_limit: u32,
    /// Thread limit inside the worker.
    pub max_threads: u32,
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
    /// The worker's report; the last message.
    Report(Box<RunReport>),
}

/// Where a worker sends its messages.
struct Pipe;

impl Pipe {
    fn send(m: &Message) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string(m).expect("messages serialise")
        );
        let _ = out.flush();
    }
}

struct PipeOut;
impl Output for PipeOut {
    fn line(&self, text: &str) {
        Pipe::send(&Message::Line(text.to_string()));
    }
}

struct PipeErr;
impl Output for PipeErr {
    fn line(&self, text: &str) {
        Pipe::send(&Message::Err(text.to_string()));
    }
}

/// The `gilsim worker` side: reads a job from stdin, runs it, reports.
pub fn worker_main() -> Result<i32, Error> {
    let mut text = String::new();
    std::io::stdin()
        .read_line(&mut text)
        .map_err(|e| Error::Experiment(format!("worker: cannot read the job: {e}")))?;
    let job: Job = serde_json::from_str(&text)
        .map_err(|e| Error::Experiment(format!("worker: bad job: {e}")))?;
    let program = if job.file.ends_with(".py") {
        crate::py::compile_source(&job.file, &job.source)?
    } else {
        crate::asm::assemble(&job.file, &job.source)?
    };
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
        switch_interval_ns: job.switch_interval_ns,
        check_interval: job.check_interval,
        timeout_ns: None,
        max_threads: job.max_threads,
        recursion_limit: job.recursion_limit,
        worker_exe: None,
        engine: super::EngineConfig::default(),
    };
    Pipe::send(&Message::Ready);
    let report = super::real::run(
        Arc::new(program),
        &cfg,
        Arc::new(PipeOut),
        Arc::new(PipeErr),
    )?;
    Pipe::send(&Message::Report(Box::new(report)));
    Ok(0)
}

struct Worker {
    child: Child,
    reader: std::thread::JoinHandle<(Option<RunReport>, Option<u64>)>,
}

/// Runs `cfg.threads` workers, each calling the entry function.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RunReport, Error> {
    let exe = match &cfg.worker_exe {
        Some(p) => p.clone(),
        None => std::env::current_exe()
            .map_err(|e| Error::Experiment(format!("cannot find gilsim's own executable: {e}")))?,
    };
    let job = Job {
        file: program.file().to_string(),
        source: program.source(),
        entry: cfg.entry.clone(),
        args: cfg.args.iter().map(Value::to_literal).collect(),
        policy: cfg.policy.clone(),
        switch_interval_ns: cfg.switch_interval_ns,
        check_interval: cfg.check_interval,
        recursion_limit: cfg.recursion_limit,
        max_threads: cfg.max_threads,
    };
    let job_line = serde_json::to_string(&job).expect("a job serialises") + "\n";
    let start = Instant::now();
    let mut workers = Vec::new();
    for i in 0..cfg.threads {
        let spawned = Instant::now();
        let mut child = Command::new(&exe)
            .arg("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Error::Experiment(format!("cannot start worker {i} ({}): {e}", exe.display()))
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            // A worker that died at once shows up as a missing report below.
            let _ = stdin.write_all(job_line.as_bytes());
        }
        let stdout = child.stdout.take().expect("stdout is piped");
        let (out, err) = (Arc::clone(&out), Arc::clone(&err));
        let reader = std::thread::spawn(move || {
            let mut report = None;
            let mut startup = None;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                match serde_json::from_str::<Message>(&line) {
                    Ok(Message::Ready) => startup = Some(spawned.elapsed().as_nanos() as u64),
                    Ok(Message::Line(l)) => out.line(&l),
                    Ok(Message::Err(l)) => err.line(&format!("[worker-{i}] {l}")),
                    Ok(Message::Report(r)) => report = Some(*r),
                    Err(_) => err.line(&format!("[worker-{i}] {line}")),
                }
            }
            (report, startup)
        });
        workers.push(Worker { child, reader });
    }
    let deadline = cfg.timeout_ns.map(|ns| start + Duration::from_nanos(ns));
    let mut timed_out = false;
    let mut threads = Vec::new();
    let mut errors = Vec::new();
    let (mut switches, mut io_back, mut harness) = (0, Vec::new(), Vec::new());
    for (i, mut w) in workers.into_iter().enumerate() {
        // Wait for the worker, killing it if the timeout passes.
        let status = loop {
            match w.child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => {
                    timed_out = true;
                    let _ = w.child.kill();
                    break w.child.wait().ok();
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                Err(_) => break None,
            }
        };
        let mut stderr_text = String::new();
        if let Some(mut e) = w.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr_text);
        }
        let (report, startup) = w.reader.join().unwrap_or((None, None));
        match report {
            Some(r) => {
                switches += r.switches;
                errors.extend(r.errors.iter().map(|e| format!("worker-{i}/{e}")));
                for (k, t) in r.threads.into_iter().enumerate() {
                    if k == 0 {
                        harness.push(t.instructions as f64);
                    }
                    let mut t = t;
                    t.name = format!("worker-{i}/{}", t.name);
                    if k == 0 {
                        t.startup_ns = startup.unwrap_or(0);
                    }
                    io_back.extend(std::iter::repeat_n(
                        t.io_reacquire_ns.p50,
                        t.io_ops as usize,
                    ));
                    t.id = threads.len() as u32;
                    threads.push(t);
                }
            }
            None => {
                let why = match status {
                    _ if timed_out => "stopped at the timeout".to_string(),
                    Some(s) => format!("died before reporting ({s})"),
                    None => "died before reporting".to_string(),
                };
                let detail = stderr_text
                    .lines()
                    .last()
                    .map(|l| format!(": {l}"))
                    .unwrap_or_default();
                let msg = format!("worker-{i} {why}{detail}");
                if !timed_out {
                    err.line(&msg);
                    errors.push(msg);
                }
                threads.push(ThreadReport::new(
                    threads.len() as u32,
                    format!("worker-{i}"),
                    if timed_out {
                        ThreadEnd::Stopped
                    } else {
                        ThreadEnd::Error
                    },
                    &crate::metrics::ThreadMetrics {
                        startup_ns: startup.unwrap_or(0),
                        ..Default::default()
                    },
                ));
            }
        }
    }
    let end = if timed_out {
        RunEnd::Timeout
    } else if !errors.is_empty() {
        RunEnd::Error
    } else {
        RunEnd::Ok
    };
    Ok(RunReport {
        mode: "process".into(),
        policy: cfg.policy.clone(),
        engine: "real".into(),
        machine: None,
        switch_interval_ns: cfg.switch_interval_ns,
        wall_ns: start.elapsed().as_nanos() as u64,
        switches,
        max_parallel: cfg.threads,
        end,
        errors,
        deadlock: None,
        gil_idle_ns: 0,
        fairness: jain(&harness),
        gil_wait_histogram: vec![],
        io_reacquire_histogram: histogram(&io_back),
        io_reacquire_ns: Percentiles::of(&io_back),
        threads,
    })
}
