//! The GIL in virtual time: CPython's `take_gil` / `drop_gil`
//! (Python/ceval_gil.c) through the same mechanism as every engine
//! ([`crate::gil::Gil`]) and the same [`Policy`] objects — only the
//! waiting differs: a waiter sleeps in the simulation (its timed wait is a
//! queued event) instead of on a condition variable.
//!
//! A GIL *domain* is one interpreter: its globals and, in gil mode, its
//! GIL. Threads share one domain; in process mode each worker has its own.

use super::sim::{Kind, Next, Place, Sim, Sleep};
use crate::engine::world::Activity;
use crate::gil::{Gil, Policy, Release, Tid, Wake};
use crate::trace;
use crate::vm::Globals;
use std::collections::VecDeque;
use std::sync::Arc;

/// One simulated GIL: the shared mechanism, and the condition
/// variables' sleepers (the waiting, which is this engine's own).
pub(super) struct VGil {
    pub gil: Gil,
    // The condition variable's sleepers, oldest first, with the generation
    // each slept in (an entry is void once its thread's generation moved on).
    pub sleepers: VecDeque<(Tid, u64)>,
    // Threads waiting, after a forced drop, for another to take the GIL.
    pub switch_sleepers: Vec<Tid>,
    // The thread that took the GIL last (a take by another moves the
    // lock, and what the thread works on, between caches).
    pub prev_taker: Option<Tid>,
}

/// One interpreter: its globals and its GIL (none in free mode).
pub(super) struct Domain {
    pub globals: Arc<Globals>,
    pub gil: Option<VGil>,
}

impl Domain {
    /// A domain with `policy` as its GIL, or no GIL.
    pub fn new(globals: Arc<Globals>, policy: Option<Box<dyn Policy>>, tracing: bool) -> Domain {
        Domain {
            globals,
            gil: policy.map(|policy| VGil {
                gil: Gil::new(policy, tracing),
                sleepers: VecDeque::new(),
                switch_sleepers: Vec::new(),
                prev_taker: None,
            }),
        }
    }

    /// The policy's instruction budget per slice (`u64::MAX`: none).
    pub fn budget(&self) -> u64 {
        self.gil.as_ref().map_or(u64::MAX, |g| g.gil.budget())
    }

    /// Whether a drop request is pending.
    pub fn drop_requested(&self) -> bool {
        self.gil.as_ref().is_some_and(|g| g.gil.drop_requested())
    }
}

impl Sim {
    /// take_gil for thread `t`, on a core: `woke` is `None` on a fresh call
    /// and `Some(timed_out)` after a wake-up inside it. Returns whether the
    /// thread steps on at once.
    pub fn take(&mut self, t: Tid, woke: Option<bool>) -> bool {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        if th.io_back_pending {
            th.io_back_pending = false;
            th.back_from_io = Some(now);
        }
        let d = th.domain;
        let Some(g) = self.domains[d].gil.as_mut() else {
            // Free mode: nothing to take.
            self.start_holding(t);
            self.threads[t as usize].next = Next::Run;
            return true;
        };
        let th = &mut self.threads[t as usize];
        let (taker, stats, trace) = (&mut th.taker, &mut th.rec.m.gil, &mut th.rec.events);
        let step = match woke {
            None => g.gil.arrive(t, now, taker, stats, trace),
            Some(timed_out) => g.gil.after_wake(t, now, timed_out, taker, stats, trace),
        };
        if step.taken {
            return self.acquired(t);
        }
        // Sleep on the condition variable, with a timeout if the policy
        // wants one.
        let timeout = g.gil.wait_plan(&mut th.taker);
        self.sleep(t, Sleep::Gil);
        let gen = self.threads[t as usize].gen;
        let g = self.domains[d].gil.as_mut().expect("checked above");
        g.sleepers.push_back((t, gen));
        if let Some(ns) = timeout {
            let late = self.latency(self.cost.timer_overshoot_ns);
            let at = now.saturating_add(ns).saturating_add(late);
            self.schedule(at, t, Kind::Wake { timed_out: true });
        }
        false
    }

    /// Thread `t` starts running bytecode (holds the GIL, if any).
    fn start_holding(&mut self, t: Tid) {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        th.holding = true;
        th.held_since = now;
        if let Some(b) = th.back_from_io.take() {
            th.rec.m.io_reacquire.push(now - b);
        }
        self.os.start_executing();
    }

    /// `_ready:` in take_gil: thread `t` now holds the GIL; threads forced
    /// off wait for exactly this (switch_cond).
    fn acquired(&mut self, t: Tid) -> bool {
        let now = self.clock.now;
        let d = self.threads[t as usize].domain;
        let g = self.domains[d].gil.as_mut().expect("acquired needs a GIL");
        let switched = std::mem::take(&mut g.switch_sleepers);
        let moved = g.prev_taker.is_some_and(|p| p != t);
        g.prev_taker = Some(t);
        for s in switched {
            let lat = self.latency(self.cost.wakeup_ns);
            self.signal(s, Some(t), lat, false);
        }
        self.start_holding(t);
        self.threads[t as usize].next = Next::Run;
        let mut cost = self.latency(self.cost.gil_op_ns);
        if moved && self.handoff_ns > 0.0 {
            cost += self.latency(self.handoff_ns);
        }
        if cost == 0 {
            return true;
        }
        self.schedule(now.saturating_add(cost), t, Kind::Act);
        false
    }

    /// drop_gil for thread `t`, which stops running bytecode. Returns the
    /// CPU time the drop costs it, or `None` if it went to sleep until
    /// another thread takes the GIL (FORCE_SWITCHING).
    pub fn release_gil(&mut self, t: Tid, why: Release) -> Option<u64> {
        let now = self.clock.now;
        let th = &mut self.threads[t as usize];
        debug_assert!(th.holding, "drop_gil by a thread that does not hold it");
        th.holding = false;
        let held = th.held_since;
        self.os.stop_executing();
        self.span(t, trace::Activity::Running, held);
        let d = self.threads[t as usize].domain;
        let Some(g) = self.domains[d].gil.as_mut() else {
            return Some(0);
        };
        let th = &mut self.threads[t as usize];
        let r = g.gil.release(t, now, why, held, &mut th.rec.m.gil);
        let mut woken = Vec::new();
        let target = r
            .handoff
            .filter(|h| self.threads[*h as usize].place == Place::Asleep(Sleep::Gil));
        match (r.wake, target) {
            (Wake::One, Some(h)) => woken.push(h),
            (Wake::One, None) => {
                while let Some((w, gen)) = g.sleepers.pop_front() {
                    let th = &self.threads[w as usize];
                    if th.gen == gen && th.place == Place::Asleep(Sleep::Gil) {
                        woken.push(w);
                        break;
                    }
                }
            }
            (Wake::All, _) => {
                for (w, gen) in g.sleepers.drain(..) {
                    let th = &self.threads[w as usize];
                    if th.gen == gen && th.place == Place::Asleep(Sleep::Gil) {
                        woken.push(w);
                    }
                }
            }
        }
        let wait_for_switch = r.wait_for_switch;
        // Waking a sleeper, or handing over to a waiter spinning on another
        // core (contention for the lock's state), costs the releaser extra.
        let contended = !woken.is_empty()
            || g.gil
                .core()
                .waiters
                .iter()
                .take(16)
                .any(|w| *w != t && self.threads[*w as usize].place == Place::Core);
        let mut cost = self.latency(self.cost.gil_op_ns);
        if contended {
            cost += self.latency(self.cost.signal_ns);
        }
        for w in woken {
            let lat = self.latency(self.cost.wakeup_ns);
            self.signal(w, Some(t), lat, false);
        }
        if wait_for_switch {
            // "Not switched yet => wait" on switch_cond.
            self.sleep(t, Sleep::Switch);
            let g = self.domains[d].gil.as_mut().expect("checked above");
            g.switch_sleepers.push(t);
            return None;
        }
        Some(cost)
    }

    /// Drops the GIL, then goes on with `then` once the drop's CPU cost is
    /// paid. Returns whether the thread steps on at once.
    pub fn release_then(&mut self, t: Tid, why: Release, then: Next) -> bool {
        match self.release_gil(t, why) {
            None => {
                // Asleep on switch_cond; it takes the GIL afresh when woken.
                false
            }
            Some(cost) => {
                self.threads[t as usize].next = then;
                if cost == 0 {
                    return true;
                }
                let at = self.clock.now.saturating_add(cost);
                self.schedule(at, t, Kind::Act);
                false
            }
        }
    }

    /// Wakes thread `t` if it sleeps: it becomes runnable after `latency`
    /// (see `cpu`), and its next step follows from what it slept on.
    pub fn signal(&mut self, t: Tid, waker: Option<Tid>, latency: u64, timed_out: bool) {
        let th = &mut self.threads[t as usize];
        let Place::Asleep(why) = th.place else {
            return;
        };
        th.gen += 1;
        let since = th.blocked_since;
        match why {
            Sleep::Gil => th.next = Next::Woke { timed_out },
            Sleep::Switch | Sleep::Join(_) | Sleep::Io => th.next = Next::Take,
            Sleep::Lock(l) => th.next = Next::Lock(l),
            Sleep::LockTimed(l, _) if timed_out => th.next = Next::GiveUp(l),
            Sleep::LockTimed(l, deadline) => th.next = Next::LockTimed(l, deadline),
            Sleep::Recv(ch, _) if timed_out => th.next = Next::GiveUpRecv(ch),
            Sleep::Recv(ch, deadline) => th.next = Next::Recv(ch, deadline),
            Sleep::Start => {}
        }
        if why == Sleep::Io {
            self.world.set_activity(t, Activity::Runnable);
        }
        let what = match why {
            Sleep::Io => Some(trace::Activity::Io),
            Sleep::Lock(_) | Sleep::LockTimed(..) | Sleep::Recv(..) => {
                Some(trace::Activity::BlockedOnLock)
            }
            Sleep::Join(_) => Some(trace::Activity::BlockedOnJoin),
            _ => None,
        };
        if let Some(what) = what {
            self.span(t, what, since);
        }
        if matches!(why, Sleep::Join(_)) {
            self.end_wait(t);
        }
        self.make_runnable(t, waker, latency);
    }

    /// A queued wake-up (a timer, or a thread's start) fires.
    pub fn wake(&mut self, t: Tid, timed_out: bool) {
        self.signal(t, None, 0, timed_out);
    }
}
