//! The run's shared world: the thread table, the lock table, joins, IO
//! sleeps and deadlock detection — everything threads block on besides the
//! GIL. One mutex guards it, so a thread about to block sees a consistent
//! picture and can tell, exactly, when it is the last one to block.

use crate::gil::Tid;
use crate::metrics::{ThreadEnd, ThreadMetrics};
use crate::vm::TrapKind;
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What a thread is doing, as far as blocking goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Running or waiting for the GIL.
    Runnable,
    /// Waiting to acquire this lock.
    Lock(u32),
    /// Waiting for this thread to end.
    Join(Tid),
    /// In an IO wait.
    Io,
    /// In native work without the GIL.
    Native,
    /// Ended.
    Done,
}

/// Why a blocking operation gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupted {
    /// The run is stopping (timeout, deadlock elsewhere).
    Stopped,
    /// This thread's wait completed a deadlock.
    Deadlock,
}

struct ThreadRec {
    name: String,
    activity: Activity,
    result: Option<(ThreadEnd, ThreadMetrics)>,
}

struct State {
    threads: Vec<ThreadRec>,
    // invariant: locks[l] is the holder of lock l, None when unlocked.
    locks: Vec<Option<Tid>>,
    stopped: bool,
    deadlock: Option<String>,
}

/// The world of one run.
pub struct World {
    state: Mutex<State>,
    // Signalled when a lock is released, a thread ends, or the run stops.
    changed: Condvar,
    // Signalled only when the run stops (wakes IO sleepers early).
    stopping: Condvar,
    max_threads: u32,
}

impl World {
    /// An empty world allowing at most `max_threads` threads in all.
    pub fn new(max_threads: u32) -> World {
        World {
            state: Mutex::new(State {
                threads: vec![],
                locks: vec![],
                stopped: false,
                deadlock: None,
            }),
            changed: Condvar::new(),
            stopping: Condvar::new(),
            max_threads,
        }
    }

    /// Registers a new thread; fails once the thread limit is reached.
    pub fn register(&self, name: impl FnOnce(Tid) -> String) -> Result<Tid, TrapKind> {
        let mut s = self.state.lock();
        if s.stopped {
            return Err(TrapKind::Runtime(
                "can't start new thread: the run is stopping".into(),
            ));
        }
        if s.threads.len() >= self.max_threads as usize {
            return Err(TrapKind::Runtime(format!(
                "can't start new thread: the limit of {} threads is reached (--max-threads)",
                self.max_threads
            )));
        }
        let id = s.threads.len() as Tid;
        s.threads.push(ThreadRec {
            name: name(id),
            activity: Activity::Runnable,
            result: None,
        });
        Ok(id)
    }

    /// A thread's name.
    pub fn name(&self, t: Tid) -> String {
        self.state.lock().threads[t as usize].name.clone()
    }

    /// Records how a thread ended and wakes its joiners.
    pub fn finish(&self, t: Tid, end: ThreadEnd, m: ThreadMetrics) {
        let mut s = self.state.lock();
        let rec = &mut s.threads[t as usize];
        rec.activity = Activity::Done;
        rec.result = Some((end, m));
        self.changed.notify_all();
    }

    /// Every thread's name, end and metrics, by id (`Stopped` for any
    /// thread that never reported).
    pub fn results(&self) -> Vec<(String, ThreadEnd, ThreadMetrics)> {
        let s = self.state.lock();
        s.threads
            .iter()
            .map(|r| match &r.result {
                Some((end, m)) => (r.name.clone(), *end, m.clone()),
                None => (r.name.clone(), ThreadEnd::Stopped, ThreadMetrics::default()),
            })
            .collect()
    }

    /// The deadlock report, if the run deadlocked.
    pub fn deadlock(&self) -> Option<String> {
        self.state.lock().deadlock.clone()
    }

    /// Stops the run: every blocked thread wakes and gives up.
    pub fn stop(&self) {
        let mut s = self.state.lock();
        s.stopped = true;
        self.changed.notify_all();
        self.stopping.notify_all();
    }

    /// Waits until every thread has ended or `deadline` passes; true if all ended.
    pub fn wait_all_done(&self, deadline: Option<Instant>) -> bool {
        let mut s = self.state.lock();
        loop {
            if s.threads.iter().all(|t| t.activity == Activity::Done) {
                return true;
            }
            match deadline {
                Some(d) => {
                    if self.changed.wait_until(&mut s, d).timed_out()
                        && !s.threads.iter().all(|t| t.activity == Activity::Done)
                    {
                        return false;
                    }
                }
                None => self.changed.wait(&mut s),
            }
        }
    }

    /// Makes a new unlocked lock.
    pub fn new_lock(&self) -> u32 {
        let mut s = self.state.lock();
        s.locks.push(None);
        (s.locks.len() - 1) as u32
    }

    /// Takes lock `l` for `t` if it is free (no blocking).
    pub fn try_acquire(&self, t: Tid, l: u32) -> bool {
        let mut s = self.state.lock();
        let slot = &mut s.locks[l as usize];
        if slot.is_none() {
            *slot = Some(t);
            true
        } else {
            false
        }
    }

    /// Blocks until `t` holds lock `l`.
    pub fn acquire(&self, t: Tid, l: u32) -> Result<(), Interrupted> {
        let mut s = self.state.lock();
        self.block_until(&mut s, t, Activity::Lock(l), |s| {
            if s.locks[l as usize].is_none() {
                s.locks[l as usize] = Some(t);
                true
            } else {
                false
            }
        })
    }

    /// Releases lock `l`. Like `threading.Lock`, any thread may release
    /// it; releasing an unlocked lock is a `RuntimeError`.
    pub fn release(&self, l: u32) -> Result<(), TrapKind> {
        let mut s = self.state.lock();
        match s.locks[l as usize].take() {
            Some(_) => {
                self.changed.notify_all();
                Ok(())
            }
            None => Err(TrapKind::Runtime("release unlocked lock".into())),
        }
    }

    /// The locks `t` holds.
    pub fn held_locks(&self, t: Tid) -> Vec<u32> {
        let s = self.state.lock();
        (0..s.locks.len() as u32)
            .filter(|l| s.locks[*l as usize] == Some(t))
            .collect()
    }

    /// Whether thread `j` has ended.
    pub fn is_done(&self, j: Tid) -> bool {
        self.state.lock().threads[j as usize].activity == Activity::Done
    }

    /// Blocks until thread `j` has ended.
    pub fn join(&self, t: Tid, j: Tid) -> Result<(), Interrupted> {
        let mut s = self.state.lock();
        self.block_until(&mut s, t, Activity::Join(j), |s| {
            s.threads[j as usize].activity == Activity::Done
        })
    }

    /// Marks `t` as busy outside bytecode (IO or native work) or runnable again.
    pub fn set_activity(&self, t: Tid, a: Activity) {
        self.state.lock().threads[t as usize].activity = a;
    }

    /// An IO wait: sleeps `ns` unless the run stops; returns the time slept.
    pub fn sleep(&self, t: Tid, ns: u64) -> Result<u64, Interrupted> {
        let start = Instant::now();
        let deadline = start + Duration::from_nanos(ns);
        let mut s = self.state.lock();
        s.threads[t as usize].activity = Activity::Io;
        while !s.stopped && Instant::now() < deadline {
            self.stopping.wait_until(&mut s, deadline);
        }
        s.threads[t as usize].activity = Activity::Runnable;
        if s.stopped {
            return Err(Interrupted::Stopped);
        }
        Ok(start.elapsed().as_nanos() as u64)
    }

    /// Whether the run is stopping.
    pub fn stopped(&self) -> bool {
        self.state.lock().stopped
    }

    fn block_until(
        &self,
        s: &mut MutexGuard<'_, State>,
        t: Tid,
        waiting: Activity,
        mut ready: impl FnMut(&mut State) -> bool,
    ) -> Result<(), Interrupted> {
        s.threads[t as usize].activity = waiting;
        let r = loop {
            if ready(s) {
                break Ok(());
            }
            if s.stopped {
                break Err(Interrupted::Stopped);
            }
            if let Some(report) = deadlock_report(s) {
                s.deadlock = Some(report);
                s.stopped = true;
                self.changed.notify_all();
                self.stopping.notify_all();
                break Err(Interrupted::Deadlock);
            }
            self.changed.wait(s);
        };
        s.threads[t as usize].activity = Activity::Runnable;
        r
    }
}

/// A deadlock: every live thread waits for a held lock or a live thread,
/// so no one can ever wake anyone. Returns what each thread waits for.
fn deadlock_report(s: &State) -> Option<String> {
    let mut lines = Vec::new();
    for r in &s.threads {
        let line = match r.activity {
            Activity::Done => continue,
            Activity::Lock(l) => match s.locks[l as usize] {
                Some(h) => format!(
                    "  {} waits for lock {l}, held by {}",
                    r.name, s.threads[h as usize].name
                ),
                None => return None,
            },
            Activity::Join(j) if s.threads[j as usize].activity != Activity::Done => {
                format!("  {} waits to join {}", r.name, s.threads[j as usize].name)
            }
            _ => return None,
        };
        lines.push(line);
    }
    (!lines.is_empty()).then(|| {
        format!(
            "deadlock: every live thread is blocked\n{}",
            lines.join("\n")
        )
    })
}
