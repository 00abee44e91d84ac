//! The asyncio engine: one OS thread runs every interpreter thread as a
//! cooperative task of an event loop, like Python's asyncio.
//!
//! A task runs until it waits — `IO_WAIT` (`await asyncio.sleep`), `YIELD`
//! (`await asyncio.sleep(0)`), a lock held by another task, or a join of a
//! task still running — and is never preempted: a CPU-bound task holds the
//! loop until it waits or ends. Sleeping tasks sit in a timer heap; the
//! loop sleeps until the earliest deadline when no task is ready. Native
//! work runs on the loop's thread (a blocking call inside a coroutine).
//!
//! For each IO wait, `io_reacquire_ns` records the delay from its deadline
//! to the task running again: the time the loop was busy with others — the
//! loop-blocking problem. `switches` counts task switches.

use super::{native, RunConfig};
use crate::bytecode::Program;
use crate::error::Error;
use crate::metrics::{
    histogram, jain, Percentiles, RunEnd, RunReport, ThreadEnd, ThreadMetrics, ThreadReport,
};
use crate::vm::{Globals, Interp, Outcome, Output, Request, TrapKind, Value};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a task is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Ready,
    Timer,
    Lock(u32),
    Join(u32),
    Done,
}

struct Task {
    name: String,
    interp: Option<Interp>,
    m: ThreadMetrics,
    wait: Wait,
    end: ThreadEnd,
    // When the task's IO wait ended (its deadline), until it runs again.
    woken_at: Option<Instant>,
}

struct Loop {
    program: Arc<Program>,
    globals: Arc<Globals>,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
    cfg: RunConfig,
    tasks: Vec<Task>,
    ready: VecDeque<u32>,
    // (deadline, sequence, task): the sequence keeps equal deadlines in order.
    timers: BinaryHeap<Reverse<(Instant, u64, u32)>>,
    seq: u64,
    locks: Vec<Option<u32>>,
    lock_waiters: HashMap<u32, VecDeque<u32>>,
    joiners: HashMap<u32, Vec<u32>>,
    errors: Vec<String>,
    switches: u64,
    started: u32,
}

impl Loop {
    fn spawn(&mut self, name: String, func: u32, args: Vec<Value>) -> Result<u32, TrapKind> {
        if self.tasks.len() >= self.cfg.max_threads as usize {
            return Err(TrapKind::Runtime(format!(
                "can't start new thread: the limit of {} threads is reached (--max-threads)",
                self.cfg.max_threads
            )));
        }
        let interp = Interp::new(
            Arc::clone(&self.program),
            Arc::clone(&self.globals),
            Arc::clone(&self.out),
            func,
            args,
            self.cfg.recursion_limit,
        )?;
        let id = self.tasks.len() as u32;
        self.tasks.push(Task {
            name,
            interp: Some(interp),
            m: ThreadMetrics::default(),
            wait: Wait::Ready,
            end: ThreadEnd::Stopped,
            woken_at: None,
        });
        self.ready.push_back(id);
        Ok(id)
    }

    fn finish(&mut self, t: u32, end: ThreadEnd) {
        let task = &mut self.tasks[t as usize];
        task.wait = Wait::Done;
        task.end = end;
        if let Some(i) = task.interp.take() {
            task.m.instructions = i.instructions();
        }
        for j in self.joiners.remove(&t).unwrap_or_default() {
            self.tasks[j as usize].wait = Wait::Ready;
            self.ready.push_back(j);
        }
    }

    fn fail(&mut self, t: u32, kind: TrapKind) {
        let Some(interp) = self.tasks[t as usize].interp.as_mut() else {
            return;
        };
        let trap = interp.raise(kind);
        self.died(t, &trap);
    }

    /// Reports a task's runtime error, and the locks it leaves held.
    fn died(&mut self, t: u32, trap: &crate::vm::Trap) {
        let held: Vec<u32> = (0..self.locks.len() as u32)
            .filter(|l| self.locks[*l as usize] == Some(t))
            .collect();
        let name = &self.tasks[t as usize].name;
        super::report_death(&*self.err, &mut self.errors, name, trap, &held);
        self.finish(t, ThreadEnd::Error);
    }

    fn interp(&mut self, t: u32) -> &mut Interp {
        self.tasks[t as usize]
            .interp
            .as_mut()
            .expect("a running task has its interpreter")
    }

    /// Carries out a task's request; returns whether the task runs on.
    fn request(&mut self, t: u32, req: Request) -> bool {
        match req {
            Request::StartThread { func, args } => {
                self.started += 1;
                let fname = self.program.functions()[func as usize].name.clone();
                match self.spawn(format!("Thread-{} ({fname})", self.started), func, args) {
                    Ok(id) => self.interp(t).push(Value::Thread(id)),
                    Err(k) => {
                        self.fail(t, k);
                        return false;
                    }
                }
                true
            }
            Request::NewLock => {
                self.locks.push(None);
                let id = self.locks.len() as u32 - 1;
                self.interp(t).push(Value::Lock(id));
                true
            }
            Request::Join(j) if j == t => {
                self.fail(t, TrapKind::Runtime("cannot join current thread".into()));
                false
            }
            Request::Join(j) => {
                if self.tasks[j as usize].wait == Wait::Done {
                    return true;
                }
                self.tasks[t as usize].wait = Wait::Join(j);
                self.joiners.entry(j).or_default().push(t);
                false
            }
            Request::Acquire(l) => {
                if self.locks[l as usize].is_none() {
                    self.locks[l as usize] = Some(t);
                    return true;
                }
                self.tasks[t as usize].wait = Wait::Lock(l);
                self.lock_waiters.entry(l).or_default().push_back(t);
                false
            }
            Request::Release(l) => {
                if self.locks[l as usize].is_none() {
                    self.fail(t, TrapKind::Runtime("release unlocked lock".into()));
                    return false;
                }
                // Hand the lock to the first waiter, which becomes ready.
                let next = self.lock_waiters.get_mut(&l).and_then(VecDeque::pop_front);
                self.locks[l as usize] = next;
                if let Some(w) = next {
                    self.tasks[w as usize].wait = Wait::Ready;
                    self.ready.push_back(w);
                }
                true
            }
            Request::Io(ns) => {
                let now = Instant::now();
                let task = &mut self.tasks[t as usize];
                task.wait = Wait::Timer;
                task.m.io_ops += 1;
                task.m.io_ns += ns;
                self.seq += 1;
                self.timers
                    .push(Reverse((now + Duration::from_nanos(ns), self.seq, t)));
                false
            }
            Request::Native { work, .. } => {
                let start = Instant::now();
                let stop = AtomicBool::new(false);
                native::work(work, &stop);
                self.tasks[t as usize].m.native_ns += start.elapsed().as_nanos() as u64;
                true
            }
            Request::Yield => {
                self.tasks[t as usize].m.voluntary_releases += 1;
                self.ready.push_back(t);
                false
            }
        }
    }

    fn deadlock_report(&self) -> String {
        let mut lines = vec!["deadlock: every live thread is blocked".to_string()];
        for task in &self.tasks {
            match task.wait {
                Wait::Lock(l) => {
                    let holder = self.locks[l as usize].map_or("nobody".to_string(), |h| {
                        self.tasks[h as usize].name.clone()
                    });
                    lines.push(format!(
                        "  {} waits for lock {l}, held by {holder}",
                        task.name
                    ));
                }
                Wait::Join(j) => lines.push(format!(
                    "  {} waits to join {}",
                    task.name, self.tasks[j as usize].name
                )),
                _ => {}
            }
        }
        lines.join("\n")
    }
}

/// Runs a program on the event loop. `entry` was checked by the caller.
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    entry: u32,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RunReport, Error> {
    let mut lp = Loop {
        globals: Arc::new(Globals::new(&program)),
        program,
        out,
        err,
        cfg: cfg.clone(),
        tasks: vec![],
        ready: VecDeque::new(),
        timers: BinaryHeap::new(),
        seq: 0,
        locks: vec![],
        lock_waiters: HashMap::new(),
        joiners: HashMap::new(),
        errors: vec![],
        switches: 0,
        started: 0,
    };
    for i in 0..cfg.threads {
        lp.spawn(format!("main-{i}"), entry, cfg.args.clone())
            .map_err(|k| Error::Usage(k.to_string()))?;
    }
    let start = Instant::now();
    let deadline = cfg.timeout_ns.map(|ns| start + Duration::from_nanos(ns));
    // A CPU-bound task never returns to the loop, so a watchdog thread sets
    // the eval breaker when the timeout expires.
    let breaker = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = deadline.map(|d| {
        let (b, done) = (Arc::clone(&breaker), Arc::clone(&done));
        std::thread::spawn(move || {
            while !done.load(Relaxed) {
                let now = Instant::now();
                if now >= d {
                    b.store(true, Relaxed);
                    return;
                }
                std::thread::park_timeout((d - now).min(Duration::from_millis(50)));
            }
        })
    });
    let mut deadlock = None;
    let mut timed_out = false;
    let mut last: Option<u32> = None;
    loop {
        if breaker.load(Relaxed) || deadline.is_some_and(|d| Instant::now() >= d) {
            timed_out = true;
            break;
        }
        if let Some(t) = lp.ready.pop_front() {
            if lp.tasks[t as usize].wait == Wait::Done {
                continue;
            }
            lp.tasks[t as usize].wait = Wait::Ready;
            if last != Some(t) {
                lp.switches += 1;
                last = Some(t);
            }
            let now = Instant::now();
            let task = &mut lp.tasks[t as usize];
            if let Some(w) = task.woken_at.take() {
                task.m
                    .io_reacquire
                    .push(now.saturating_duration_since(w).as_nanos() as u64);
            }
            // Run the task until it waits: requests that do not wait run on.
            loop {
                let interp = lp.tasks[t as usize]
                    .interp
                    .as_mut()
                    .expect("a ready task has its interpreter");
                match interp.run_slice(&breaker, u64::MAX) {
                    Ok(Outcome::Returned(v)) => {
                        lp.tasks[t as usize].m.returned = Some(v.to_literal());
                        lp.finish(t, ThreadEnd::Finished);
                        break;
                    }
                    Ok(Outcome::Interrupted) => {
                        // Only the timeout sets the breaker.
                        lp.ready.push_front(t);
                        break;
                    }
                    Ok(Outcome::Request(req)) => {
                        if !lp.request(t, req) {
                            break;
                        }
                    }
                    Err(trap) => {
                        lp.died(t, &trap);
                        break;
                    }
                }
            }
            continue;
        }
        if let Some(Reverse((when, _, _))) = lp.timers.peek().copied() {
            let now = Instant::now();
            if when > now {
                let until = deadline.map_or(when, |d| when.min(d));
                std::thread::sleep(until.saturating_duration_since(now));
                continue;
            }
            while let Some(Reverse((when, _, t))) = lp.timers.peek().copied() {
                if when > Instant::now() {
                    break;
                }
                lp.timers.pop();
                let task = &mut lp.tasks[t as usize];
                task.wait = Wait::Ready;
                task.woken_at = Some(when);
                lp.ready.push_back(t);
            }
            continue;
        }
        if lp.tasks.iter().any(|t| t.wait != Wait::Done) {
            deadlock = Some(lp.deadlock_report());
        }
        break;
    }
    done.store(true, Relaxed);
    if let Some(w) = watchdog {
        w.thread().unpark();
        let _ = w.join();
    }
    let wall_ns = start.elapsed().as_nanos() as u64;
    let io_back: Vec<u64> = lp
        .tasks
        .iter()
        .flat_map(|t| t.m.io_reacquire.iter().copied())
        .collect();
    let harness: Vec<f64> = lp
        .tasks
        .iter()
        .take(cfg.threads as usize)
        .map(|t| t.m.instructions as f64)
        .collect();
    let threads: Vec<ThreadReport> = lp
        .tasks
        .iter_mut()
        .enumerate()
        .map(|(id, t)| {
            if let Some(i) = &t.interp {
                t.m.instructions = i.instructions();
            }
            ThreadReport::new(id as u32, t.name.clone(), t.end, &t.m)
        })
        .collect();
    let end = if deadlock.is_some() {
        RunEnd::Deadlock
    } else if timed_out {
        RunEnd::Timeout
    } else if !lp.errors.is_empty() {
        RunEnd::Error
    } else {
        RunEnd::Ok
    };
    Ok(RunReport {
        mode: "async".into(),
        policy: "none".into(),
        engine: "real".into(),
        machine: None,
        switch_interval_ns: cfg.switch_interval_ns,
        wall_ns,
        switches: lp.switches.saturating_sub(1),
        max_parallel: 1,
        end,
        errors: lp.errors,
        deadlock,
        gil_idle_ns: 0,
        fairness: jain(&harness),
        gil_wait_histogram: vec![],
        io_reacquire_histogram: histogram(&io_back),
        io_reacquire_ns: Percentiles::of(&io_back),
        threads,
    })
}
