//! `masterlock`: OCaml 4.14's master lock (otherlibs/systhreads:
//! st_stubs.c, st_posix.h, thread.ml), read at tag 4.14.2.
//!
//! What the source does, and what this policy keeps of it:
//!
//! - The lock is `st_masterlock`: a `busy` flag, a count of `waiters` and
//!   one condition variable `is_free`. `st_masterlock_acquire` takes a free
//!   lock at once and otherwise waits on `is_free` (no timeout) until it
//!   finds it free; `st_masterlock_release` clears `busy` and signals one
//!   waiter. Nothing is handed off: a thread leaving a blocking section
//!   (`caml_thread_leave_blocking_section`, e.g. back from IO) may take a
//!   just-freed lock before the waiter that was signalled.
//! - A tick thread (`caml_thread_tick`) sleeps `Thread_timeout` = 50 ms in
//!   `select` and records `SIGPREEMPTION` (SIGVTALRM), again and again,
//!   whoever runs and for however long: the ticks are one fixed grid from
//!   the run's start, not a per-thread quantum. The running thread handles
//!   the signal at its next poll point (`preempt` in thread.ml calls
//!   `Thread.yield`).
//! - `caml_thread_yield` does nothing when `st_masterlock_waiters` is 0;
//!   otherwise `st_thread_yield` frees the lock, signals a waiter and waits
//!   on `is_free` itself — POSIX keeps that signal from waking the yielder,
//!   so it cannot win the lock straight back (FORCE_SWITCHING's effect).
//! - Blocking sections release the lock (`caml_enter_blocking_section`)
//!   and re-take it through `st_masterlock_acquire`.
//!
//! So with threads waiting, the holder is asked to yield at every tick
//! (every 50 ms of the run's clock); a thread back from IO waits for the
//! next tick, up to 50 ms. The waiters stand in for the tick thread: they
//! time their waits to the next tick.
//!
//! Parameter: `tick` (`Thread_timeout`, 50 ms).

use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};
use crate::duration::MAX_SWITCH_NS;

/// `masterlock`'s parameter: `tick`.
pub const PARAMS: &[Param] = &[Param {
    name: "tick",
    kind: Kind::Duration,
    default: 50_000_000,
    min: 1_000,
    max: MAX_SWITCH_NS,
    about: "the tick thread's period (Thread_timeout in st_stubs.c)",
    from_flag: None,
}];

/// OCaml 4.14's master lock.
#[derive(Debug)]
pub struct MasterLock {
    tick_ns: u64,
    // The last tick (its index: time / tick) that asked the holder to
    // yield; a tick asks once, however many waiters see it.
    served: u64,
}

impl MasterLock {
    /// A master lock ticking every 50 ms, as OCaml 4.14.
    pub fn new(cfg: PolicyConfig) -> MasterLock {
        MasterLock::with(cfg, &defaults(PARAMS))
    }

    /// A master lock with the parameters `v` (in [`PARAMS`] order).
    pub fn with(_cfg: PolicyConfig, v: &Values) -> MasterLock {
        MasterLock {
            tick_ns: v[0].max(1),
            served: 0,
        }
    }

    /// The first tick after `now` (ticks at every multiple of the period).
    pub fn next_tick(&self, now: u64) -> u64 {
        (now / self.tick_ns + 1) * self.tick_ns
    }
}

impl Policy for MasterLock {
    fn name(&self) -> &'static str {
        "masterlock"
    }

    fn wait_timeout_ns(&self, core: &GilCore, _t: Tid) -> Option<u64> {
        Some(self.next_tick(core.now_ns) - core.now_ns)
    }

    fn after_wait(&mut self, core: &mut GilCore, _t: Tid, timed_out: bool, _saved: u64) -> bool {
        // A waiter timed out is a tick gone by (it slept until the next
        // one; the engine may wake it a little late): the holder sees
        // SIGPREEMPTION and yields, since there is a waiter.
        let tick = core.now_ns / self.tick_ns;
        if timed_out && tick > self.served && core.locked && !core.drop_request {
            self.served = tick;
            core.drop_request = true;
            return true;
        }
        false
    }

    fn on_release(&mut self, _core: &mut GilCore, _t: Tid, _why: Release) -> Wake {
        // `pthread_cond_signal(&m->is_free)`.
        Wake::One
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiters_wake_on_the_tick_grid_and_ask_the_holder_to_yield() {
        let mut p = MasterLock::new(PolicyConfig::default());
        let mut core = GilCore {
            locked: true,
            holder: Some(0),
            now_ns: 70_000_000,
            waiters: vec![1],
            ..GilCore::default()
        };
        assert_eq!(p.wait_timeout_ns(&core, 1), Some(30_000_000));
        core.now_ns = 100_000_300;
        assert!(p.after_wait(&mut core, 1, true, 0));
        core.drop_request = false;
        assert!(!p.after_wait(&mut core, 2, true, 0), "a tick asks once");
        assert!(!p.after_wait(&mut core, 1, false, 0), "a signal is no tick");
        core.now_ns = 150_000_000;
        assert!(
            p.after_wait(&mut core, 1, true, 0),
            "the next tick asks again"
        );
        assert!(p.force_switching());
        assert_eq!(p.on_release(&mut core, 0, Release::Forced), Wake::One);
    }
}
