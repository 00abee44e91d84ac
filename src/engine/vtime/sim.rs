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

use super::cpu::Os;
use super::rng::Rng;
use super::vgil::Domain;
use crate::bytecode::Program;
use crate::engine::report::ThreadRecord;
use crate::engine::world::World;
use crate::engine::Interpreters;
use crate::gil::{Taker, Tid};
use crate::metrics::ThreadEnd;
use crate::spec::{CostModel, FreeCosts, RunConfig};
use crate::trace;
use crate::vm::{Interp, Outcome, Output, Trap};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The end of virtual time (about 146 years): an event due later stops
/// the run with an error instead of overflowing the clock.
pub(super) const HORIZON_NS: u64 = 1 << 62;

/// Why the event loop stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// Nothing is left to happen: every thread ended, or a deadlock.
    Settled,
    /// `--timeout` passed.
    Timeout,
    /// The next event lies past [`HORIZON_NS`] (an error was recorded).
    Overflow,
}

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
    /// Waiting to acquire this lock until this instant.
    LockTimed(u32, u64),
    /// Waiting for a message on this channel until this instant.
    Recv(u32, u64),
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
    /// The same for a timed wait ending at `deadline`.
    LockTimed(u32, u64),
    /// A timed wait for lock `l` timed out: give up (or take it if free).
    GiveUp(u32),
    /// Woken by a message on a channel: take it (the wait ends at `deadline`).
    Recv(u32, u64),
    /// A wait on a channel timed out.
    GiveUpRecv(u32),
    /// Nothing: the thread has ended.
    Nothing,
}

/// One interpreter thread in the simulation.
pub(super) struct VThread {
    /// Its name, end, counters, samples and trace events.
    pub rec: ThreadRecord,
    pub interp: Option<Interp>,
    /// Its GIL domain: the process it belongs to.
    pub domain: usize,
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
    // Its side of the take_gil in progress.
    pub taker: Taker,
    // When it came back from IO (running again), until it holds the GIL;
    // set at its first step after the IO.
    pub back_from_io: Option<u64>,
    pub io_back_pending: bool,
    // Instructions left before a tick policy's budget release.
    pub ticks_left: u64,
    // When the current blocking wait began (for trace spans).
    pub blocked_since: u64,
    // Bytecode time charged so far (exact: recomputed from totals), and
    // the shared container operations charged so far.
    pub charged_ns: u64,
    pub charged_shared: u64,
    // The library operation its current wait is in (for reports).
    pub op: Option<u16>,
}

/// The whole simulated run.
///
/// Each part has one owner: the clock and the step function here, the OS
/// in `cpu`, the GIL domains in `vgil`, the world and the requests in
/// `requests`; every thread's measurements and trace in its record.
pub(super) struct Sim {
    /// What everything costs.
    pub cost: CostModel,
    /// The runtime's cost of taking the GIL from another thread (ns).
    pub handoff_ns: f64,
    /// The run's settings.
    pub cfg: RunConfig,
    /// What free mode costs (nothing in other modes, or under `ideal`).
    pub free: FreeCosts,
    /// Builds the threads' interpreters.
    pub interps: Interpreters,
    pub err: Arc<dyn Output>,
    /// Virtual time and the events queued in it (owned here).
    pub clock: Clock,
    /// The simulated OS: cores and run queue (owned by `cpu`).
    pub os: Os,
    /// Every random choice of the run, from its seed.
    pub rng: Rng,
    pub threads: Vec<VThread>,
    /// One interpreter each: globals and GIL (owned by `vgil`).
    pub domains: Vec<Domain>,
    /// Threads, locks, joins and deadlocks (used by `requests`).
    pub world: World,
    /// Which domains are `concurrent.interpreters`' interpreters (used
    /// by `domains`).
    pub subinterps: crate::engine::interps::InterpTable,
    /// Runtime errors, one line each.
    pub errors: Vec<String>,
    /// A harness thread's `sys.exit` code.
    pub exit_code: Option<i32>,
    /// Threads the program started so far (for their names).
    pub started: u32,
    // The eval breakers a slice runs with: never set, or set from the start
    // (a drop request is already pending).
    never: AtomicBool,
    at_once: AtomicBool,
}

/// Virtual time and what is queued in it.
pub(super) struct Clock {
    /// The current instant (ns since the run started).
    pub now: u64,
    // The order events were made in, to break ties.
    seq: u64,
    // Wake-ups, timers and steps on a core.
    events: BinaryHeap<Reverse<Ev>>,
    // Ends of bytecode slices (apart, see the module notes).
    runs: BinaryHeap<Reverse<Ev>>,
    /// `--timeout`, if any.
    pub deadline: Option<u64>,
}

impl Clock {
    /// Time zero, with nothing queued.
    pub fn new(deadline: Option<u64>) -> Clock {
        Clock {
            now: 0,
            seq: 0,
            events: BinaryHeap::new(),
            runs: BinaryHeap::new(),
            deadline,
        }
    }
}

impl Sim {
    /// A simulation of `cfg` with nothing started yet.
    pub fn new(
        cfg: &RunConfig,
        program: Arc<Program>,
        out: Arc<dyn Output>,
        err: Arc<dyn Output>,
        domains: Vec<Domain>,
    ) -> Sim {
        let ec = &cfg.engine;
        let mut cost = ec.cost.clone();
        cfg.runtime_costs.apply(&mut cost);
        Sim {
            handoff_ns: cfg.runtime_costs.handoff_ns.unwrap_or(0.0),
            cost,
            cfg: cfg.clone(),
            free: cfg.free_costs(),
            interps: Interpreters::new(program, out, cfg),
            err,
            clock: Clock::new(cfg.timeout_ns),
            // asyncio: every task lives on the loop's one thread, no OS.
            os: Os::new(cfg.mode != crate::spec::Mode::Async, ec.cores),
            rng: Rng::new(ec.seed),
            threads: Vec::new(),
            domains,
            world: World::new(cfg.max_threads),
            subinterps: Default::default(),
            errors: Vec::new(),
            exit_code: None,
            started: 0,
            never: AtomicBool::new(false),
            at_once: AtomicBool::new(true),
        }
    }

    /// An event for thread `t` at `at`, in its current generation.
    fn event(&mut self, at: u64, t: Tid, kind: Kind) -> Reverse<Ev> {
        self.clock.seq += 1;
        Reverse(Ev {
            at,
            seq: self.clock.seq,
            tid: t,
            gen: self.threads[t as usize].gen,
            kind,
        })
    }

    /// Queues `kind` for thread `t` at `at`.
    pub fn schedule(&mut self, at: u64, t: Tid, kind: Kind) {
        let ev = self.event(at, t, kind);
        self.clock.events.push(ev);
    }

    /// Queues the end of thread `t`'s bytecode slice at `at`.
    fn schedule_run(&mut self, at: u64, t: Tid) {
        let ev = self.event(at, t, Kind::Act);
        self.clock.runs.push(ev);
    }

    /// A latency from the cost model, jittered by the seeded generator.
    pub fn latency(&mut self, mean_ns: f64) -> u64 {
        if !self.os.enabled {
            return 0;
        }
        self.rng.jittered(mean_ns, self.cost.jitter)
    }

    /// Records a trace span for thread `t`, when tracing.
    pub fn span(&mut self, t: Tid, what: trace::Activity, start: u64) {
        let now = self.clock.now;
        self.threads[t as usize].rec.span(what, start, now);
    }

    /// Runs the event loop until every thread has ended, the run deadlocks,
    /// the timeout passes or virtual time would overflow.
    pub fn run_loop(&mut self) -> Stop {
        loop {
            if self.world.stopped() {
                return Stop::Settled; // a deadlock
            }
            if self.world.all_done() {
                // Only daemon threads are left: they stop where they are.
                return Stop::Settled;
            }
            let e = self.clock.events.peek().map(|r| r.0);
            let r = self.clock.runs.peek().map(|r| r.0);
            // On equal times events go first: a drop request raised at the
            // instant a slice ends is seen by that slice's holder.
            let ev = match (e, r) {
                (Some(e), Some(r)) if r.at < e.at => {
                    self.clock.runs.pop();
                    r
                }
                (Some(e), _) => {
                    self.clock.events.pop();
                    e
                }
                (None, Some(r)) => {
                    self.clock.runs.pop();
                    r
                }
                (None, None) => return Stop::Settled,
            };
            if ev.gen != self.threads[ev.tid as usize].gen {
                // Stale (the thread moved on since): it must not move the
                // clock either, or a run would end at its last timeout.
                continue;
            }
            if self.clock.deadline.is_some_and(|d| ev.at > d) {
                self.clock.now = self.clock.deadline.unwrap_or(ev.at);
                return Stop::Timeout;
            }
            if ev.at >= HORIZON_NS {
                // Costs are bounded (see CostModel::validate), so only a
                // program's own waits and work get here: an error, never
                // a wrapped clock.
                let msg = format!(
                    "virtual time overflow: {} would act after {} years of virtual time; \
                     stopping the run (use --timeout to bound it)",
                    self.world.name(ev.tid),
                    HORIZON_NS / 31_557_600_000_000_000
                );
                self.err.line(&msg);
                self.errors.push(msg);
                return Stop::Overflow;
            }
            debug_assert!(ev.at >= self.clock.now, "time never runs backwards");
            self.clock.now = ev.at;
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
                Next::Take => self.take(t, None),
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
                Next::LockTimed(l, deadline) => self.retry_timed(t, l, deadline),
                Next::GiveUp(l) => self.give_up(t, l),
                Next::Recv(ch, deadline) => self.retry_recv(t, ch, deadline),
                Next::GiveUpRecv(ch) => self.give_up_recv(t, ch),
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
            if let Some(e) = self.clock.events.peek() {
                h = h.min(e.0.at);
            }
            if let Some(d) = self.clock.deadline {
                h = h.min(d);
            }
            if self.free.counts_touches() {
                // Contention is priced per slice: keep slices short.
                h = h.min(self.clock.now.saturating_add(super::free::SLICE_NS));
            }
            h
        };
        let ahead = horizon.saturating_sub(self.clock.now) as f64;
        let per_instruction = if self.free.is_free() {
            self.cost.instruction_ns
        } else {
            self.cost.instruction_ns * (1.0 + self.free.overhead)
        };
        let mut budget = ((ahead / per_instruction).ceil() as u64).max(1);
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
        let (instructions, calls, sharing) =
            (interp.instructions(), interp.calls(), interp.sharing());
        let (total, contention) = if self.free.is_free() {
            (self.cost.bytecode_ns(instructions, calls), 0)
        } else {
            self.free_slice_ns(t, instructions, calls, sharing)
        };
        let th = &mut self.threads[t as usize];
        let cost = total - th.charged_ns + contention;
        th.charged_ns = total;
        if tick_budget != u64::MAX {
            th.ticks_left = th.ticks_left.saturating_sub(ran);
        }
        th.next = Next::Slice(r);
        let at = self.clock.now.saturating_add(cost);
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
                self.threads[t as usize].rec.m.returned = Some(v.to_literal());
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
            let step = if !self.os.contended() {
                left
            } else {
                left.min(th.quantum_end.saturating_sub(self.clock.now).max(1))
            };
            self.threads[t as usize].next = Next::Busy {
                left: left - step,
                then,
                what,
                since,
            };
            let at = self.clock.now.saturating_add(step);
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
