//! `gvl`: Ruby 3.3's Global VM Lock (thread_pthread.c, with the timer
//! thread of thread_pthread_mn.c).
//!
//! What the source does, and what this policy keeps of it:
//!
//! - The GVL is a ready queue with one running thread
//!   (`struct rb_thread_sched`: `running`, `readyq`). A thread that wants
//!   it while another runs joins the queue's tail
//!   (`thread_sched_to_ready_common`); a free GVL is taken at once.
//! - Blocking (IO, sleep, a lock) releases it through
//!   `thread_sched_to_waiting` → `thread_sched_wakeup_next_thread`, which
//!   hands it to the queue's head; a thread whose IO completes joins the
//!   tail again (`thread_sched_to_running`). The hand-off is FIFO: the
//!   [`super::fifo::Fifo`] queue does the bookkeeping.
//! - While the queue is not empty the running thread is a "timeslice
//!   thread" (`thread_sched_set_timeslice_threads`): the timer thread wakes
//!   every 10 ms (`timer_thread_set_timeout`) and sets its timer interrupt
//!   (`timer_thread_check_timeslice`: `RUBY_VM_SET_TIMER_INTERRUPT`). At
//!   its next interrupt check the thread adds 10 ms to `running_time_us`
//!   (thread.c, `rb_threadptr_execute_interrupts`), and once that reaches
//!   `TIME_QUANTUM_USEC` (100 ms: `TIME_QUANTUM_MSEC (100)`) it yields
//!   (`thread_sched_yield`: the head of the queue runs, the yielder goes to
//!   the tail). `running_time_us` restarts at 0 when another thread runs
//!   (`rb_ractor_thread_switch`).
//!
//! So a holder is asked to yield at the `quantum / tick`-th timer tick
//! after it became a timeslice thread (when it took the GVL with others
//! queued, or when the first of them queued); the ticks fall on the timer
//! thread's own grid, which starts when contention starts from none. The
//! request is seen at the next eval-breaker point, like Ruby's interrupt
//! checks (method calls and backward branches). A thread back from IO
//! therefore waits behind a CPU-bound holder for up to a whole quantum:
//! the convoy is twenty times CPython's 5 ms.
//!
//! Parameters: `quantum` (100 ms) and `tick` (the timer's period, 10 ms
//! in 3.3; `tick=100ms` gives Ruby <= 3.2's timer, which ticked once a
//! quantum and charged a whole quantum per tick).

use super::fifo::Fifo;
use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};
use crate::duration::MAX_SWITCH_NS;

/// `gvl`'s parameters: `quantum`, `tick`.
pub const PARAMS: &[Param] = &[
    Param {
        name: "quantum",
        kind: Kind::Duration,
        default: 100_000_000,
        min: 1_000,
        max: MAX_SWITCH_NS,
        about: "running time before a holder with others queued yields (TIME_QUANTUM_MSEC)",
        from_flag: None,
    },
    Param {
        name: "tick",
        kind: Kind::Duration,
        default: 10_000_000,
        min: 1_000,
        max: MAX_SWITCH_NS,
        about: "the timer thread's period; each tick charges the holder one tick",
        from_flag: None,
    },
];

/// Ruby's GVL.
#[derive(Debug)]
pub struct Gvl {
    queue: Fifo,
    quantum_ns: u64,
    tick_ns: u64,
    // The timer thread's grid origin while it ticks (some thread is a
    // timeslice thread); None while it sleeps.
    timer_origin: Option<u64>,
    // invariant: Some((holder, deadline)) iff the holder is a timeslice
    // thread; deadline is the tick at which its running time reaches the
    // quantum.
    slice: Option<(Tid, u64)>,
}

impl Gvl {
    /// A GVL with Ruby 3.3's quantum and timer.
    pub fn new(cfg: PolicyConfig) -> Gvl {
        Gvl::with(cfg, &defaults(PARAMS))
    }

    /// A GVL with the parameters `v` (in [`PARAMS`] order).
    pub fn with(cfg: PolicyConfig, v: &Values) -> Gvl {
        Gvl {
            queue: Fifo::new(cfg),
            quantum_ns: v[0],
            tick_ns: v[1].max(1),
            timer_origin: None,
            slice: None,
        }
    }

    /// Makes `t` (the holder) a timeslice thread from `now`: its deadline
    /// is the tick at which the ticks it is charged reach the quantum.
    fn start_slice(&mut self, t: Tid, now: u64) {
        let origin = *self.timer_origin.get_or_insert(now);
        let tick = self.tick_ns;
        let first = origin + ((now - origin) / tick + 1) * tick;
        let ticks = self.quantum_ns.div_ceil(tick).max(1);
        self.slice = Some((t, first + (ticks - 1) * tick));
    }

    /// The current timeslice deadline, if the holder has one.
    pub fn deadline(&self) -> Option<u64> {
        self.slice.map(|(_, d)| d)
    }
}

impl Policy for Gvl {
    fn name(&self) -> &'static str {
        "gvl"
    }

    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        self.queue.may_take(core, t)
    }

    fn on_wait_start(&mut self, core: &mut GilCore, t: Tid) -> bool {
        self.queue.on_wait_start(core, t);
        // The first thread to queue makes the running one a timeslice
        // thread (and wakes the timer if it slept).
        if let (Some(h), None) = (core.holder, self.slice) {
            self.start_slice(h, core.now_ns);
        }
        false
    }

    fn on_taken(&mut self, core: &mut GilCore, t: Tid) {
        self.queue.on_taken(core, t);
        // `thread_sched_set_running`: the new holder is a timeslice thread
        // iff others are still queued (a yielder queued itself at once,
        // `thread_sched_yield`); with none, the timer sleeps.
        self.slice = None;
        let queued = core.waiters.iter().chain(self.queue.queue());
        if queued.into_iter().any(|w| *w != t) {
            self.start_slice(t, core.now_ns);
        } else {
            self.timer_origin = None;
        }
    }

    fn wait_timeout_ns(&self, core: &GilCore, _t: Tid) -> Option<u64> {
        // A waiter stands in for the timer thread: it wakes at the tick
        // that ends the holder's quantum (or polls a tick while the GVL
        // is between holders).
        Some(match self.slice {
            Some((_, d)) if d > core.now_ns => d - core.now_ns,
            _ => self.tick_ns,
        })
    }

    fn after_wait(&mut self, core: &mut GilCore, _t: Tid, timed_out: bool, _saved: u64) -> bool {
        let due = matches!(self.slice, Some((h, d)) if core.holder == Some(h) && core.now_ns >= d);
        if timed_out && core.locked && due && !core.drop_request {
            core.drop_request = true;
            return true;
        }
        false
    }

    fn on_release(&mut self, core: &mut GilCore, t: Tid, why: Release) -> Wake {
        self.slice = None;
        if core.waiters.is_empty() && !matches!(why, Release::Forced | Release::Budget) {
            self.timer_origin = None;
        }
        self.queue.on_release(core, t, why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quantum_ends_at_the_tenth_tick_after_contention_starts() {
        let mut p = Gvl::new(PolicyConfig::default());
        let mut core = GilCore {
            locked: true,
            holder: Some(0),
            now_ns: 3_000_000,
            ..GilCore::default()
        };
        core.waiters.push(1);
        p.on_wait_start(&mut core, 1);
        assert_eq!(p.deadline(), Some(103_000_000));
        assert_eq!(p.wait_timeout_ns(&core, 1), Some(100_000_000));
        core.now_ns = 50_000_000;
        assert!(!p.after_wait(&mut core, 1, true, 0), "too early");
        core.now_ns = 103_000_000;
        assert!(p.after_wait(&mut core, 1, true, 0));
        // The yielder goes to the tail, the head gets the GVL; the new
        // holder's ticks stay on the timer's grid.
        core.locked = false;
        core.holder = None;
        p.on_release(&mut core, 0, Release::Forced);
        assert_eq!(core.handoff, Some(1));
        core.now_ns = 103_500_000;
        core.waiters = vec![0];
        p.on_taken(&mut core, 1);
        assert_eq!(p.deadline(), Some(203_000_000));
    }

    #[test]
    fn an_old_ruby_timer_charges_a_quantum_per_tick() {
        let mut p = Gvl::with(PolicyConfig::default(), &[100_000_000, 100_000_000, 0, 0]);
        let mut core = GilCore {
            locked: true,
            holder: Some(0),
            now_ns: 7,
            ..GilCore::default()
        };
        core.waiters.push(1);
        p.on_wait_start(&mut core, 1);
        assert_eq!(p.deadline(), Some(100_000_007));
    }
}
