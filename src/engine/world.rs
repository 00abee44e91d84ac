//! The world of one run: the thread table, the lock table, joins, the
//! thread limit and deadlock detection — everything threads block on
//! besides the GIL — as one clock-free state machine, written once. The
//! real engine keeps it under a mutex and sleeps on condition variables
//! ([`super::real`]); the virtual engine and the asyncio loop own it
//! directly. Whoever a step wakes is queued in an outbox the engine drains
//! ([`World::take_woken`]) and wakes in its own way.
//!
//! # A thread's states
//!
//! | state      | meaning                                   | event → next state                                         |
//! |------------|-------------------------------------------|------------------------------------------------------------|
//! | `Runnable` | running, waiting for the GIL, or ready    | acquire of a held lock → `Lock(l)`; join of a live thread → `Join(j)`; receive on an empty channel → `Recv(c)`; IO → `Io`; native work without the GIL → `Native`; end → `Done` |
//! | `Lock(l)`  | in lock `l`'s queue of waiters            | `l` released while first in the queue → `Runnable`, woken to retry; a timed wait's timeout → `Runnable` ([`World::give_up`]) |
//! | `Join(j)`  | waiting for thread `j` to end             | `j` ends → `Runnable`, woken                               |
//! | `Recv(c)`  | in channel `c`'s queue of receivers       | a message sent while first in the queue → `Runnable`, woken to take it; a timed wait's timeout → `Runnable` |
//! | `Io`, `Native` | busy outside bytecode, blocking nobody | done → `Runnable`                                          |
//! | `Done`     | ended                                     | —                                                          |
//!
//! # The lock hand-off rule
//!
//! As CPython's `threading.Lock`: a release frees the lock and wakes the
//! longest waiter, which retries; a thread that comes first may take the
//! lock meanwhile (no hand-off), and the woken waiter then queues again
//! at the head. Any thread may release a lock; releasing an unlocked lock
//! is a `RuntimeError`.
//!
//! # Deadlock
//!
//! When a thread blocks and every live thread now waits for a held lock,
//! a live thread or a message, nobody can ever wake anybody: the run
//! deadlocked and the world records what each thread waits for. A wait
//! with a timeout (`acquire(timeout=...)`, a timed receive) ends by
//! itself, so a run with one is never deadlocked.
//!
//! # Daemon threads
//!
//! Threads `_thread.start_new_thread` starts are daemons: the run ends
//! when every other thread has ended ([`World::all_done`]), and the
//! engine stops the daemons where they are. (`threading` joins its
//! non-daemon threads itself at the main thread's end, as CPython's
//! `threading._shutdown` does.)
//!
//! # Channels
//!
//! Channels carry pickled messages between processes (`multiprocessing`),
//! first in, first out; a send wakes the longest waiting receiver, which
//! takes the next message or, if another thread took it first, queues
//! again at the head.

use crate::gil::Tid;
use crate::vm::TrapKind;
use std::collections::VecDeque;

/// The error for a channel id that `_process.channel()` did not make.
pub fn no_such_channel() -> TrapKind {
    TrapKind::Value("no such channel")
}

/// What a thread is doing, as far as blocking goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Running, waiting for the GIL, or ready to.
    Runnable,
    /// Waiting to acquire this lock.
    Lock(u32),
    /// Waiting for this thread to end.
    Join(Tid),
    /// Waiting for a message on this channel (between processes).
    Recv(u32),
    /// In an IO wait.
    Io,
    /// In native work without the GIL.
    Native,
    /// Ended.
    Done,
}

/// Whether a blocking operation must wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Done: the thread goes on.
    Ready,
    /// The thread waits until woken.
    Blocked,
    /// The thread's wait completed a deadlock; the run must stop.
    Deadlock,
}

struct Thread {
    name: String,
    activity: Activity,
    // invariant: true only in `Activity::Lock`, for a wait with a
    // timeout: it ends by itself, so it neither counts as waiting nor
    // can be part of a deadlock.
    timed: bool,
    daemon: bool,
}

/// A channel between processes: pickled messages, first in first out.
#[derive(Default)]
struct Chan {
    items: VecDeque<Vec<u8>>,
    // invariant: the threads in `Activity::Recv` of this channel, longest
    // waiting first.
    waiters: VecDeque<Tid>,
}

#[derive(Default)]
struct Lock {
    holder: Option<Tid>,
    // invariant: the threads in `Activity::Lock` of this lock, longest
    // waiting first.
    waiters: VecDeque<Tid>,
}

/// The threads and locks of one run.
pub struct World {
    threads: Vec<Thread>,
    locks: Vec<Lock>,
    chans: Vec<Chan>,
    // invariant: joiners[j] holds the threads in `Activity::Join(j)`.
    joiners: Vec<Vec<Tid>>,
    // invariant: threads not `Done`, and threads in `Lock` or `Join`: the
    // full deadlock check runs only when the two are equal, so blocking
    // costs O(1) however many threads a run has.
    live: usize,
    waiting: usize,
    // invariant: live daemon threads (the run ends without them).
    daemons: usize,
    max_threads: u32,
    quiet: bool,
    stopped: bool,
    deadlock: Option<String>,
    // Threads a step made runnable, for the engine to wake.
    woken: Vec<Tid>,
}

impl World {
    /// An empty world allowing at most `max_threads` threads in all.
    pub fn new(max_threads: u32) -> World {
        World {
            threads: Vec::new(),
            locks: Vec::new(),
            chans: Vec::new(),
            joiners: Vec::new(),
            live: 0,
            waiting: 0,
            daemons: 0,
            max_threads,
            quiet: false,
            stopped: false,
            deadlock: None,
            woken: Vec::new(),
        }
    }

    /// Registers a new, runnable thread named `name(id)`; fails once the
    /// run is stopping or the thread limit is reached.
    pub fn register(&mut self, name: impl FnOnce(Tid) -> String) -> Result<Tid, TrapKind> {
        if self.stopped {
            return Err(TrapKind::Runtime(
                "can't start new thread: the run is stopping".into(),
            ));
        }
        if self.threads.len() >= self.max_threads as usize {
            return Err(TrapKind::Runtime(format!(
                "can't start new thread: the limit of {} threads is reached (--max-threads)",
                self.max_threads
            )));
        }
        let id = self.threads.len() as Tid;
        self.threads.push(Thread {
            name: name(id),
            activity: Activity::Runnable,
            timed: false,
            daemon: false,
        });
        self.joiners.push(Vec::new());
        self.live += 1;
        Ok(id)
    }

    /// Makes `t` a daemon thread: the run ends without waiting for it
    /// (`_thread.start_new_thread`'s threads; `threading` joins its
    /// non-daemon threads itself).
    pub fn set_daemon(&mut self, t: Tid) {
        let th = &mut self.threads[t as usize];
        if !th.daemon && th.activity != Activity::Done {
            th.daemon = true;
            self.daemons += 1;
        }
    }

    /// The one place a thread's state changes: keeps the counters true.
    fn set(&mut self, t: Tid, a: Activity) {
        self.set_timed(t, a, false);
    }

    fn set_timed(&mut self, t: Tid, a: Activity, timed: bool) {
        let th = &mut self.threads[t as usize];
        let waits = |a: Activity, timed: bool| {
            !timed && matches!(a, Activity::Lock(_) | Activity::Join(_) | Activity::Recv(_))
        };
        let old = std::mem::replace(&mut th.activity, a);
        let was_timed = std::mem::replace(&mut th.timed, timed);
        if waits(old, was_timed) {
            self.waiting -= 1;
        }
        if waits(a, timed) {
            self.waiting += 1;
        }
        if old != Activity::Done && a == Activity::Done {
            self.live -= 1;
            if th.daemon {
                self.daemons -= 1;
            }
        }
    }

    /// A thread's name.
    pub fn name(&self, t: Tid) -> &str {
        &self.threads[t as usize].name
    }

    /// What a thread is doing.
    pub fn activity(&self, t: Tid) -> Activity {
        self.threads[t as usize].activity
    }

    /// Whether thread `t` has ended.
    pub fn is_done(&self, t: Tid) -> bool {
        self.activity(t) == Activity::Done
    }

    /// Whether every thread the run waits for has ended: only daemon
    /// threads (if any) are left.
    pub fn all_done(&self) -> bool {
        self.live == self.daemons
    }

    /// Whether some thread has not ended (a daemon the run leaves behind).
    pub fn any_live(&self) -> bool {
        self.live > 0
    }

    /// Marks `t` busy outside bytecode (`Io`, `Native`) or `Runnable` again.
    pub fn set_activity(&mut self, t: Tid, a: Activity) {
        debug_assert!(matches!(
            a,
            Activity::Io | Activity::Native | Activity::Runnable
        ));
        self.set(t, a);
    }

    /// Thread `t` ends; its joiners are woken. If it was the last thread
    /// able to wake the others (they wait for locks it leaves held), the
    /// run deadlocked.
    pub fn finish(&mut self, t: Tid) {
        self.set(t, Activity::Done);
        for j in std::mem::take(&mut self.joiners[t as usize]) {
            self.set(j, Activity::Runnable);
            self.woken.push(j);
        }
        if self.deadlock.is_none() && self.deadlocked() {
            self.declare_deadlock();
        }
    }

    /// Makes a new, empty channel between processes.
    pub fn new_chan(&mut self) -> u32 {
        self.chans.push(Chan::default());
        (self.chans.len() - 1) as u32
    }

    /// Whether `ch` names a channel.
    pub fn is_chan(&self, ch: u32) -> bool {
        (ch as usize) < self.chans.len()
    }

    /// Messages waiting on channel `ch`.
    pub fn chan_len(&self, ch: u32) -> usize {
        self.chans.get(ch as usize).map_or(0, |c| c.items.len())
    }

    /// Sends a message on channel `ch`, waking its longest waiter.
    pub fn send(&mut self, ch: u32, msg: Vec<u8>) {
        let c = &mut self.chans[ch as usize];
        c.items.push_back(msg);
        if let Some(w) = c.waiters.pop_front() {
            self.set(w, Activity::Runnable);
            self.woken.push(w);
        }
    }

    /// Takes the next message of channel `ch`, if there is one.
    pub fn try_recv(&mut self, ch: u32) -> Option<Vec<u8>> {
        self.chans[ch as usize].items.pop_front()
    }

    /// `t` waits for a message on `ch` (after [`World::try_recv`] found
    /// none); a `timed` wait cannot deadlock. A woken waiter calls
    /// `try_recv` again and, if another thread took the message first,
    /// waits again (`again`: at the head of the queue).
    pub fn wait_recv(&mut self, t: Tid, ch: u32, timed: bool, again: bool) -> Wait {
        let c = &mut self.chans[ch as usize];
        if again {
            c.waiters.push_front(t);
        } else {
            c.waiters.push_back(t);
        }
        if timed {
            self.set_timed(t, Activity::Recv(ch), true);
            return Wait::Blocked;
        }
        self.block(t, Activity::Recv(ch))
    }

    /// A timed wait on `ch` ran out: `t` leaves the queue and takes a
    /// message after all if one came.
    pub fn give_up_recv(&mut self, t: Tid, ch: u32) -> Option<Vec<u8>> {
        self.chans[ch as usize].waiters.retain(|&w| w != t);
        if self.activity(t) == Activity::Recv(ch) {
            self.set(t, Activity::Runnable);
        }
        self.try_recv(ch)
    }

    /// How many locks the run has made.
    pub fn lock_count(&self) -> u32 {
        self.locks.len() as u32
    }

    /// Makes a new unlocked lock.
    pub fn new_lock(&mut self) -> u32 {
        self.locks.push(Lock::default());
        (self.locks.len() - 1) as u32
    }

    /// Takes lock `l` for `t` if it is free, without waiting.
    pub fn try_acquire(&mut self, t: Tid, l: u32) -> bool {
        let lock = &mut self.locks[l as usize];
        let free = lock.holder.is_none();
        if free {
            lock.holder = Some(t);
        }
        free
    }

    /// `t` acquires lock `l`: at once if it is free, otherwise `t` queues
    /// behind the other waiters.
    pub fn acquire(&mut self, t: Tid, l: u32) -> Wait {
        self.try_take(t, l, false)
    }

    /// A waiter woken by a release tries lock `l` again; if another thread
    /// took it first, it queues again at the head.
    pub fn retry(&mut self, t: Tid, l: u32) -> Wait {
        self.try_take(t, l, true)
    }

    /// `t` acquires lock `l` waiting at most until a timeout the engine
    /// keeps: at once if it is free, otherwise `t` queues as
    /// [`World::acquire`] does, but its wait cannot deadlock. When the
    /// timeout comes first, the engine calls [`World::give_up`].
    pub fn acquire_timed(&mut self, t: Tid, l: u32) -> Wait {
        self.take_timed(t, l, false)
    }

    /// A timed waiter woken by a release tries lock `l` again.
    pub fn retry_timed(&mut self, t: Tid, l: u32) -> Wait {
        self.take_timed(t, l, true)
    }

    fn take_timed(&mut self, t: Tid, l: u32, at_head: bool) -> Wait {
        if self.try_acquire(t, l) {
            return Wait::Ready;
        }
        self.queue(t, l, at_head);
        self.set_timed(t, Activity::Lock(l), true);
        Wait::Blocked
    }

    /// A timed wait for lock `l` timed out: `t` leaves the queue, and
    /// takes the lock after all if it is free. Returns whether it holds it.
    pub fn give_up(&mut self, t: Tid, l: u32) -> bool {
        let lock = &mut self.locks[l as usize];
        lock.waiters.retain(|&w| w != t);
        if self.activity(t) == Activity::Lock(l) {
            self.set(t, Activity::Runnable);
        }
        self.try_acquire(t, l)
    }

    fn queue(&mut self, t: Tid, l: u32, at_head: bool) {
        let lock = &mut self.locks[l as usize];
        if at_head {
            lock.waiters.push_front(t);
        } else {
            lock.waiters.push_back(t);
        }
    }

    fn try_take(&mut self, t: Tid, l: u32, at_head: bool) -> Wait {
        if self.try_acquire(t, l) {
            return Wait::Ready;
        }
        self.queue(t, l, at_head);
        self.block(t, Activity::Lock(l))
    }

    /// Releases lock `l` and wakes its longest waiter.
    pub fn release(&mut self, l: u32) -> Result<(), TrapKind> {
        let lock = &mut self.locks[l as usize];
        if lock.holder.take().is_none() {
            return Err(TrapKind::Runtime("release unlocked lock".into()));
        }
        if let Some(w) = lock.waiters.pop_front() {
            self.set(w, Activity::Runnable);
            self.woken.push(w);
        }
        Ok(())
    }

    /// Whether `t` may join `j` without waiting: `j` has ended. Joining
    /// oneself is a `RuntimeError`.
    pub fn joined(&self, t: Tid, j: Tid) -> Result<bool, TrapKind> {
        if j == t {
            return Err(TrapKind::Runtime("cannot join current thread".into()));
        }
        Ok(self.is_done(j))
    }

    /// `t` waits for thread `j` to end (at once if it has).
    pub fn join(&mut self, t: Tid, j: Tid) -> Result<Wait, TrapKind> {
        if self.joined(t, j)? {
            return Ok(Wait::Ready);
        }
        Ok(self.block(t, Activity::Join(j)))
    }

    fn block(&mut self, t: Tid, on: Activity) -> Wait {
        if let Activity::Join(j) = on {
            self.joiners[j as usize].push(t);
        }
        self.set(t, on);
        if self.deadlock.is_none() && self.deadlocked() {
            self.deadlock = Some(self.report());
            self.stopped = true;
            return Wait::Deadlock;
        }
        Wait::Blocked
    }

    /// Every live thread waits for a held lock or a live thread.
    fn deadlocked(&self) -> bool {
        // Only daemons left: the run is over, not stuck.
        if self.all_done() || self.waiting < self.live {
            return false;
        }
        let mut live = false;
        for th in &self.threads {
            match th.activity {
                Activity::Done => continue,
                _ if th.timed => return false,
                Activity::Lock(l) if self.locks[l as usize].holder.is_some() => {}
                Activity::Join(j) if !self.is_done(j) => {}
                Activity::Recv(_) => {}
                _ => return false,
            }
            live = true;
        }
        live
    }

    /// What each live thread waits for, as a deadlock report.
    pub fn report(&self) -> String {
        let mut lines = vec!["deadlock: every live thread is blocked".to_string()];
        for th in &self.threads {
            let line = match th.activity {
                Activity::Done => continue,
                Activity::Lock(l) => {
                    let holder = self.locks[l as usize]
                        .holder
                        .map_or("nobody", |h| self.name(h));
                    format!("  {} waits for lock {l}, held by {holder}", th.name)
                }
                Activity::Join(j) => format!("  {} waits to join {}", th.name, self.name(j)),
                Activity::Recv(c) => format!("  {} waits for a message on channel {c}", th.name),
                _ => format!("  {} cannot run", th.name),
            };
            lines.push(line);
        }
        lines.join("\n")
    }

    /// The deadlock report, if the run deadlocked.
    pub fn deadlock(&self) -> Option<&str> {
        self.deadlock.as_deref()
    }

    /// Records a deadlock found by the engine (nothing left to happen
    /// although threads have not ended).
    pub fn declare_deadlock(&mut self) {
        if self.deadlock.is_none() {
            self.deadlock = Some(self.report());
        }
        self.stopped = true;
    }

    /// Whether lock `l` is held (`lock.locked()`).
    pub fn is_locked(&self, l: u32) -> bool {
        self.locks
            .get(l as usize)
            .is_some_and(|k| k.holder.is_some())
    }

    /// Stops [`World::left_held`] reporting locks: with gilsim's Python
    /// library, threads hold locks as part of normal life (a thread's
    /// own "running" lock that `join` waits for), as in CPython.
    pub fn library_locks(&mut self) {
        self.quiet = true;
    }

    /// The locks a dying thread leaves held, to warn about (none when the
    /// program uses the Python library).
    pub fn left_held(&self, t: Tid) -> Vec<u32> {
        if self.quiet {
            return vec![];
        }
        self.held_locks(t)
    }

    /// The locks `t` holds.
    pub fn held_locks(&self, t: Tid) -> Vec<u32> {
        (0..self.locks.len() as u32)
            .filter(|l| self.locks[*l as usize].holder == Some(t))
            .collect()
    }

    /// Stops the run: no new threads; blocked threads give up.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Whether the run is stopping.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// The threads steps made runnable since the last call, to be woken.
    pub fn take_woken(&mut self) -> Vec<Tid> {
        std::mem::take(&mut self.woken)
    }

    /// Whether some step made a thread runnable since the last
    /// [`World::take_woken`].
    pub fn has_woken(&self) -> bool {
        !self.woken.is_empty()
    }
}

#[cfg(test)]
#[path = "world_tests.rs"]
mod tests;
