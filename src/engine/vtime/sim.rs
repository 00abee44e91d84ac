//! The simulation's state and its event loop: a virtual clock, two event
//! queues, the threads, and `act`, which advances one thread by one step.
//!
//! Bytecode runs ahead in long slices: a thread running bytecode executes
//! until the next event that could concern it (the earliest entry of
//! `events`, its OS time slice, the run's timeout), stopping at the first
//! eval-breaker point past that instant, exactly where real CPython would
//! notice a drop request. Its slice then ends at `now + cost` and the
//! outcome (a request, a return, an interruption) is handled at that
//! virtual instant, in time order with everything else. Slice ends wait in
//! `runs`, apart from `events`, so that threads running bytecode in
//! parallel (free mode, or separate processes) do not cut each other's
//! slices short: they share no lock, only the OS scheduler, whose every
//! decision is an entry of `events`.

use super::cost::CostModel;
use super::rng::Rng;
use super::vgil::Domain;
use crate::bytecode::Program;
use crate::engine::RunConfig;
use crate::gil::Tid;
use crate::metrics::{ThreadEnd, ThreadMetrics};
use crate::trace::{self, Event};
use crate::vm::{Interp, Outcome, Output, Trap};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// What a queued event does to its thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// The thread, on a core, takes its next step.
    Act,
    /// The sleeping thread wakes (a signal, a timer) and wants a core.
    Wake {
        /// Its timed wait expired (rather than being signalled).
        timed_out: bool,
    },
}

/// A queued event. Ordered by time, then by the order events were made,
/// so that equal times replay in one fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ev {
    pub at: u64,
    pub seq: u64,
    pub tid: Tid,
    // invariant: stale (ignored) unless equal to the thread's `gen`.
    pub gen: u64,
    pub kind: Kind,
}

/// Why a thread sleeps (is off every core and not runnable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sleep {
    /// On the GIL's condition variable, inside take_gil.
    Gil,
    /// After a forced drop, until another thread takes the GIL
    /// (FORCE_SWITCHING).
    Switch,
    /// In an IO wait.
    Io,
    /// Waiting to acquire this lock.
    Lock(u32),
    /// Waiting for this thread to end.
    Join(Tid),
    /// Not started yet (thread creation, or a worker process starting).
    Start,
}

/// Where a thread is, as the OS sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// Has a core (possibly still waking up on it).
    Core,
    /// Runnable, waiting for a core.
    Queued,
    /// Not runnable.
    Asleep(Sleep),
    /// Ended.
    Done,
}

/// What a busy stretch (native work, process start-up) leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Then {
    /// Take the GIL, then run bytecode.
    Take,
    /// Run bytecode (the GIL is still held).
    Run,
}

/// What a thread does at its next step on a core.
#[derive(Debug)]
pub(super) enum Next {
    /// Call take_gil afresh (first time, after IO, a lock, a join...).
    Take,
    /// Woken inside take_gil: ask the policy, then take or sleep again.
    Woke { timed_out: bool },
    /// Run a slice of bytecode.
    Run,
    /// Handle how the last slice ended.
    Slice(Result<Outcome, Trap>),
    /// Burn CPU (`left` ns more), then go on.
    Busy {
        left: u64,
        then: Then,
        what: Option<trace::Activity>,
        since: u64,
    },
    /// Woken by a lock release: try to acquire lock `l` (GIL not held).
    Lock(u32),
    /// Nothing: the thread has ended.
    Nothing,
}

/// One interpreter thread in the simulation.
pub(super) struct VThread {
    pub name: String,
    pub interp: Option<Interp>,
    /// Its GIL domain: the process it belongs to.
    pub domain: usize,
    pub m: ThreadMetrics,
    pub end: ThreadEnd,
    pub place: Place,
    pub next: Next,
    pub gen: u64,
    // CPU time used before its current turn on a core (for CFS-like
    // wake-up preemption), when that turn began, and its time slice end.
    pub cpu_ns: u64,
    pub turn_start: u64,
    pub quantum_end: u64,
    // An OS preemption is due at its next step.
    pub preempt: bool,
    // invariant: true exactly while it holds its domain's GIL (free mode:
    // while it runs bytecode).
    pub holding: bool,
    pub held_since: u64,
    // When the current take_gil began, and when it raised a drop request.
    pub take_since: u64,
    pub requested_at: Option<u64>,
    // switch_number when it went to sleep on the GIL.
    pub saved_switch: u64,
    // When it came back from IO (running again), until it holds the GIL;
    // set at its first step after the IO.
    pub back_from_io: Option<u64>,
    pub io_back_pending: bool,
    // Instructions left before a tick policy's budget release.
    pub ticks_left: u64,
    // When the current blocking wait began (for trace spans).
    pub blocked_since: u64,
    // Bytecode time charged so far (exact: recomputed from totals).
    pub charged_ns: u64,
    pub trace: Option<Vec<Event>>,
}

/// The whole simulated run.
pub(super) struct Sim {
    pub cost: CostModel,
    pub cfg: RunConfig,
    pub program: Arc<Program>,
    pub out: Arc<dyn Output>,
    pub err: Arc<dyn Output>,
    /// Whether the OS is modelled (cores, latencies); off for asyncio,
    /// where every task lives on the loop's one thread.
    pub os: bool,
    pub cores: u32,
    pub now: u64,
    pub seq: u64,
    pub events: BinaryHeap<Reverse<Ev>>,
    pub runs: BinaryHeap<Reverse<Ev>>,
    pub rng: Rng,
    pub threads: Vec<VThread>,
    pub free_cores: u32,
    // invariant: the threads holding a core, in the order they got it.
    pub on_core: Vec<Tid>,
    pub runq: VecDeque<Tid>,
    pub domains: Vec<Domain>,
    pub locks: Vec<Option<Tid>>,
    pub lock_waiters: Vec<VecDeque<Tid>>,
    pub joiners: Vec<Vec<Tid>>,
    pub errors: Vec<String>,
    pub started: u32,
    // Threads executing bytecode on a core right now, and the most ever.
    pub executing: u32,
    pub max_parallel: u32,
    pub deadline: Option<u64>,
    pub tracing: bool,
    pub never: AtomicBool,
    pub at_once: AtomicBool,
}

impl Sim {
    /// An event for thread `t` at `at`, in its current generation.
    fn event(&mut self, at: u64, t: Tid, kind: Kind) -> Reverse<Ev> {
        self.seq += 1;
        Reverse(Ev {
            at,
            seq: self.seq,
            tid: t,
            gen: self.threads[t as usize].gen,
            kind,
        })
    }

    /// Queues `kind` for thread `t` at `at`.
    pub fn schedule(&mut self, at: u64, t: Tid, kind: Kind) {
        let ev = self.event(at, t, kind);
        self.events.push(ev);
    }

    /// Queues the end of thread `t`'s bytecode slice at `at`.
    fn schedule_run(&mut self, at: u64, t: Tid) {
        let ev = self.event(at, t, Kind::Act);
        self.runs.push(ev);
    }

    /// A latency from the cost model, jittered by the seeded generator.
    pub fn latency(&mut self, mean_ns: f64) -> u64 {
        if !self.os {
            return 0;
        }
        self.rng.jittered(mean_ns, self.cost.jitter)
    }

    /// Records a trace span for thread `t`, when tracing.
    pub fn span(&mut self, t: Tid, what: trace::Activity, start: u64) {
        let now = self.now;
        if let Some(tr) = &mut self.threads[t as usize].trace {
            tr.push(Event::Span {
                what,
                start,
                end: now,
            });
        }
    }

    /// Runs the event loop until every thread has ended, the run deadlocks
    /// or the timeout passes. Returns true on timeout.
    pub fn run_loop(&mut self) -> bool {
        loop {
            let e = self.events.peek().map(|r| r.0);
            let r = self.runs.peek().map(|r| r.0);
            // On equal times events go first: a drop request raised at the
            // instant a slice ends is seen by that slice's holder.
            let ev = match (e, r) {
                (Some(e), Some(r)) if r.at < e.at => {
                    self.runs.pop();
                    r
                }
                (Some(e), _) => {
                    self.events.pop();
                    e
                }
                (None, Some(r)) => {
                    self.runs.pop();
                    r
                }
                (None, None) => return false,
            };
            if ev.gen != self.threads[ev.tid as usize].gen {
                // Stale (the thread moved on since): it must not move the
                // clock either, or a run would end at its last timeout.
                continue;
            }
            if self.deadline.is_some_and(|d| ev.at > d) {
                self.now = self.deadline.unwrap_or(ev.at);
                return true;
            }
            debug_assert!(ev.at >= self.now, "time never runs backwards");
            self.now = ev.at;
            match ev.kind {
                Kind::Act => self.act(ev.tid),
                Kind::Wake { timed_out } => self.wake(ev.tid, timed_out),
            }
        }
    }

    /// Thread `t`, on a core, takes steps until it waits for something.
    pub fn act(&mut self, t: Tid) {
        debug_assert_eq!(self.threads[t as usize].place, Place::Core);
        if self.os_turn_over(t) {
            return;
        }
        loop {
            let next = std::mem::replace(&mut self.threads[t as usize].next, Next::Nothing);
            let go_on = match next {
                Next::Nothing => false,
                Next::Take => {
                    let th = &mut self.threads[t as usize];
                    th.take_since = self.now;
                    th.requested_at = None;
                    self.take(t, None)
                }
                Next::Woke { timed_out } => self.take(t, Some(timed_out)),
                Next::Run => {
                    self.run_slice(t);
                    false
                }
                Next::Slice(r) => self.outcome(t, r),
                Next::Busy {
                    left,
                    then,
                    what,
                    since,
                } => self.busy(t, left, then, what, since),
                Next::Lock(l) => self.retry_lock(t, l),
            };
            if !go_on {
                return;
            }
            if self.threads[t as usize].preempt {
                // Preempted at a wake-up (see `cpu`): leave the core now.
                self.preempt_now(t);
                return;
            }
        }
    }

    /// Runs one bytecode slice of thread `t` up to its horizon and queues
    /// the slice's end.
    fn run_slice(&mut self, t: Tid) {
        let horizon = {
            let th = &self.threads[t as usize];
            let mut h = th.quantum_end;
            if let Some(e) = self.events.peek() {
                h = h.min(e.0.at);
            }
            if let Some(d) = self.deadline {
                h = h.min(d);
            }
            h
        };
        let ahead = horizon.saturating_sub(self.now) as f64;
        let mut budget = ((ahead / self.cost.instruction_ns).ceil() as u64).max(1);
        let d = self.threads[t as usize].domain;
        let tick_budget = self.domains[d].budget();
        if tick_budget != u64::MAX {
            budget = budget.min(self.threads[t as usize].ticks_left.max(1));
        }
        let breaker = if self.domains[d].drop_requested() {
            &self.at_once
        } else {
            &self.never
        };
        let th = &mut self.threads[t as usize];
        let interp = th
            .interp
            .as_mut()
            .expect("a running thread has its interpreter");
        let before = interp.instructions();
        let r = interp.run_slice(breaker, budget);
        let ran = interp.instructions() - before;
        let total = self.cost.bytecode_ns(interp.instructions(), interp.calls());
        let cost = total - th.charged_ns;
        th.charged_ns = total;
        if tick_budget != u64::MAX {
            th.ticks_left = th.ticks_left.saturating_sub(ran);
        }
        th.next = Next::Slice(r);
        let at = self.now + cost;
        self.schedule_run(at, t);
    }

    /// Handles the end of a slice; returns whether the thread steps on now.
    fn outcome(&mut self, t: Tid, r: Result<Outcome, Trap>) -> bool {
        match r {
            Err(trap) => {
                self.died(t, &trap);
                false
            }
            Ok(Outcome::Returned(v)) => {
                self.threads[t as usize].m.returned = Some(v.to_literal());
                self.finish(t, ThreadEnd::Finished);
                false
            }
            Ok(Outcome::Interrupted) => {
                let d = self.threads[t as usize].domain;
                if self.domains[d].drop_requested() {
                    return self.release_then(t, crate::gil::Release::Forced, Next::Take);
                }
                if self.domains[d].budget() != u64::MAX && self.threads[t as usize].ticks_left == 0
                {
                    let budget = self.domains[d].budget();
                    self.threads[t as usize].ticks_left = budget;
                    return self.release_then(t, crate::gil::Release::Budget, Next::Take);
                }
                // The horizon passed: run on.
                self.threads[t as usize].next = Next::Run;
                true
            }
            Ok(Outcome::Request(req)) => self.request(t, req),
        }
    }

    /// Native work or start-up: burns CPU on the core until done.
    fn busy(
        &mut self,
        t: Tid,
        left: u64,
        then: Then,
        what: Option<trace::Activity>,
        since: u64,
    ) -> bool {
        if left > 0 {
            let th = &self.threads[t as usize];
            // Without contention for cores the whole stretch is one step;
            // otherwise it may be cut at the end of the time slice.
            let step = if self.runq.is_empty() {
                left
            } else {
                left.min(th.quantum_end.saturating_sub(self.now).max(1))
            };
            self.threads[t as usize].next = Next::Busy {
                left: left - step,
                then,
                what,
                since,
            };
            let at = self.now + step;
            self.schedule(at, t, Kind::Act);
            return false;
        }
        if let Some(what) = what {
            self.span(t, what, since);
        }
        self.threads[t as usize].next = match then {
            Then::Take => Next::Take,
            Then::Run => Next::Run,
        };
        true
    }
}
