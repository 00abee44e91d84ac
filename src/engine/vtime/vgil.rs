//! The GIL in virtual time: CPython's `take_gil` / `drop_gil`
//! (Python/ceval_gil.c) as the real engine's `engine/gil.rs` performs them,
//! with every decision made by the same [`Policy`] objects — only the
//! waiting differs: a waiter sleeps in the simulation (its timed wait is a
//! queued event) instead of on a condition variable.
//!
//! A GIL *domain* is one interpreter: its globals and, in gil mode, its
//! GIL. Threads share one domain; in process mode each worker has its own.

use super::sim::{Kind, Next, Place, Sim, Sleep};
use crate::gil::{GilCore, Policy, Release, Tid, Wake};
use crate::trace::{self, Event};
use crate::vm::Globals;
use std::collections::VecDeque;
use std::sync::Arc;

/// One simulated GIL.
pub(super) struct VGil {
    pub core: GilCore,
    pub policy: Box<dyn Policy>,
    pub budget: u64,
    // Since when the GIL has been free while threads wait for it.
    pub idle_since: Option<u64>,
    pub idle_ns: u64,
    // The condition variable's sleepers, oldest first, with the generation
    // each slept in (an entry is void once its thread's generation moved on).
    pub sleepers: VecDeque<(Tid, u64)>,
    // Threads waiting, after a forced drop, for another to take the GIL.
    pub switch_sleepers: Vec<Tid>,
    pub waiter_log: Option<Vec<(u64, u32)>>,
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
                core: GilCore::default(),
                budget: policy.slice_budget(),
                policy,
                idle_since: None,
                idle_ns: 0,
                sleepers: VecDeque::new(),
                switch_sleepers: Vec::new(),
                waiter_log: tracing.then(Vec::new),
            }),
        }
    }

    /// The policy's instruction budget per slice (`u64::MAX`: none).
    pub fn budget(&self) -> u64 {
        self.gil.as_ref().map_or(u64::MAX, |g| g.budget)
    }

    /// Whether a drop request is pending.
    pub fn drop_requested(&self) -> bool {
        self.gil.as_ref().is_some_and(|g| g.core.drop_request)
    }
}

impl VGil {
    fn log_waiters(&mut self, now: u64) {
        let n = self.core.waiters.len() as u32;
        if let Some(log) = &mut self.waiter_log {
            log.push((now, n));
        }
    }
}

/// asyncio's event loop as a GIL: a task holds the loop until it waits
/// (never asked to drop it), and the loop then runs the ready tasks in the
/// order they became ready.
#[derive(Debug, Default)]
pub(super) struct Cooperative {
    ready: VecDeque<Tid>,
}

impl Policy for Cooperative {
    fn name(&self) -> &'static str {
        "none"
    }

    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        !core.locked
            && core.handoff.is_none_or(|h| h == t)
            && self.ready.front().is_none_or(|r| *r == t)
    }

    fn on_wait_start(&mut self, _core: &mut GilCore, t: Tid) -> bool {
        self.ready.push_back(t);
        false
    }

    fn on_taken(&mut self, _core: &mut GilCore, t: Tid) {
        if self.ready.front() == Some(&t) {
            self.ready.pop_front();
        } else if let Some(i) = self.ready.iter().position(|r| *r == t) {
            self.ready.remove(i);
        }
    }

    fn wait_timeout_ns(&self, _core: &GilCore) -> Option<u64> {
        None
    }

    fn after_wait(&mut self, _: &mut GilCore, _: Tid, _: bool, _: u64) -> bool {
        false
    }

    fn on_release(&mut self, core: &mut GilCore, _t: Tid, _why: Release) -> Wake {
        core.handoff = self.ready.front().copied();
        Wake::One
    }

    fn force_switching(&self) -> bool {
        false
    }
}

impl Sim {
    fn gil_mut(&mut self, t: Tid) -> Option<&mut VGil> {
        let d = self.threads[t as usize].domain;
        self.domains[d].gil.as_mut()
    }

    /// take_gil for thread `t`, on a core: `woke` is `None` on a fresh call
    /// and `Some(timed_out)` after a wake-up inside it. Returns whether the
    /// thread steps on at once.
    pub fn take(&mut self, t: Tid, woke: Option<bool>) -> bool {
        let now = self.now;
        let th = &mut self.threads[t as usize];
        if th.io_back_pending {
            th.io_back_pending = false;
            th.back_from_io = Some(now);
        }
        let Some(g) = self.gil_mut(t) else {
            // Free mode: nothing to take.
            self.start_holding(t);
            self.threads[t as usize].next = Next::Run;
            return true;
        };
        let mut requested = None;
        match woke {
            None => {
                if g.policy.may_take(&g.core, t) {
                    return self.acquire(t);
                }
                g.core.waiters.push(t);
                g.log_waiters(now);
                if g.policy.on_wait_start(&mut g.core, t) {
                    requested = Some(false);
                }
            }
            Some(timed_out) => {
                let saved = self.threads[t as usize].saved_switch;
                let g = self.gil_mut(t).expect("checked above");
                if g.policy.after_wait(&mut g.core, t, timed_out, saved) {
                    requested = Some(true);
                }
                if g.policy.may_take(&g.core, t) {
                    self.note_request(t, requested);
                    return self.acquire(t);
                }
                if !timed_out {
                    self.threads[t as usize].m.wasted_wakeups += 1;
                }
            }
        }
        self.note_request(t, requested);
        // Sleep on the condition variable, with a timeout if the policy
        // wants one.
        let g = self.gil_mut(t).expect("checked above");
        let saved = g.core.switch_number;
        let timeout = g.policy.wait_timeout_ns(&g.core);
        self.threads[t as usize].saved_switch = saved;
        self.sleep(t, Sleep::Gil);
        let gen = self.threads[t as usize].gen;
        let g = self.gil_mut(t).expect("checked above");
        g.sleepers.push_back((t, gen));
        if let Some(ns) = timeout {
            let at = now + ns + self.latency(self.cost.timer_overshoot_ns);
            self.schedule(at, t, Kind::Wake { timed_out: true });
        }
        false
    }

    /// Counts a drop request thread `t` just raised (`Some(timed)`).
    fn note_request(&mut self, t: Tid, requested: Option<bool>) {
        let Some(timed) = requested else { return };
        let now = self.now;
        let th = &mut self.threads[t as usize];
        if timed {
            th.m.requests_timed += 1;
        } else {
            th.m.requests_priority += 1;
        }
        th.requested_at = Some(now);
        if let Some(tr) = &mut th.trace {
            tr.push(Event::DropRequest(now));
        }
    }

    /// Thread `t` starts running bytecode (holds the GIL, if any).
    fn start_holding(&mut self, t: Tid) {
        let now = self.now;
        let th = &mut self.threads[t as usize];
        th.holding = true;
        th.held_since = now;
        if let Some(b) = th.back_from_io.take() {
            th.m.io_reacquire.push(now - b);
        }
        self.executing += 1;
        self.max_parallel = self.max_parallel.max(self.executing);
    }

    /// `_ready:` in take_gil: thread `t` now holds the GIL.
    fn acquire(&mut self, t: Tid) -> bool {
        let now = self.now;
        let g = self.gil_mut(t).expect("acquire needs a GIL");
        if let Some(i) = g.core.waiters.iter().position(|w| *w == t) {
            g.core.waiters.remove(i);
            g.log_waiters(now);
        }
        if let Some(since) = g.idle_since.take() {
            g.idle_ns += now - since;
        }
        if g.core.handoff == Some(t) {
            g.core.handoff = None;
        }
        g.policy.on_taken(&mut g.core, t);
        g.core.locked = true;
        g.core.holder = Some(t);
        if g.core.last_holder != Some(t) {
            g.core.last_holder = Some(t);
            g.core.switch_number += 1;
        }
        g.core.drop_request = false;
        // switch_cond: threads forced off wait for a switch.
        let switched = std::mem::take(&mut g.switch_sleepers);
        for s in switched {
            let lat = self.latency(self.cost.wakeup_ns);
            self.signal(s, Some(t), lat, false);
        }
        let th = &mut self.threads[t as usize];
        let waited = now - th.take_since;
        th.m.gil_acquisitions += 1;
        th.m.gil_wait_ns += waited;
        th.m.gil_wait_max_ns = th.m.gil_wait_max_ns.max(waited);
        th.m.gil_waits.push(waited);
        if let Some(r) = th.requested_at.take() {
            th.m.forced_switch.push(now - r);
        }
        if waited > 1_000 {
            let since = th.take_since;
            self.span(t, trace::Activity::WaitingForGil, since);
        }
        self.start_holding(t);
        self.threads[t as usize].next = Next::Run;
        let cost = self.latency(self.cost.gil_op_ns);
        if cost == 0 {
            return true;
        }
        self.schedule(now + cost, t, Kind::Act);
        false
    }

    /// drop_gil for thread `t`, which stops running bytecode. Returns the
    /// CPU time the drop costs it, or `None` if it went to sleep until
    /// another thread takes the GIL (FORCE_SWITCHING).
    pub fn release_gil(&mut self, t: Tid, why: Release) -> Option<u64> {
        let now = self.now;
        let th = &mut self.threads[t as usize];
        debug_assert!(th.holding, "drop_gil by a thread that does not hold it");
        th.holding = false;
        let held = th.held_since;
        self.executing -= 1;
        self.span(t, trace::Activity::Running, held);
        let d = self.threads[t as usize].domain;
        let Some(g) = self.domains[d].gil.as_mut() else {
            return Some(0);
        };
        let th = &mut self.threads[t as usize];
        th.m.gil_hold_ns += now - held;
        match why {
            Release::Forced => th.m.drop_requests += 1,
            Release::Voluntary => th.m.voluntary_releases += 1,
            Release::Budget => th.m.budget_releases += 1,
            Release::Exit => {}
        }
        g.core.locked = false;
        g.core.holder = None;
        if !g.core.waiters.is_empty() {
            g.idle_since = Some(now);
        }
        let wake = g.policy.on_release(&mut g.core, t, why);
        let mut woken = Vec::new();
        match wake {
            Wake::One => {
                let target = g
                    .core
                    .handoff
                    .filter(|h| self.threads[*h as usize].place == Place::Asleep(Sleep::Gil));
                if let Some(h) = target {
                    woken.push(h);
                } else {
                    while let Some((w, gen)) = g.sleepers.pop_front() {
                        let th = &self.threads[w as usize];
                        if th.gen == gen && th.place == Place::Asleep(Sleep::Gil) {
                            woken.push(w);
                            break;
                        }
                    }
                }
            }
            Wake::All => {
                for (w, gen) in g.sleepers.drain(..) {
                    let th = &self.threads[w as usize];
                    if th.gen == gen && th.place == Place::Asleep(Sleep::Gil) {
                        woken.push(w);
                    }
                }
            }
        }
        let force_wait =
            why == Release::Forced && g.policy.force_switching() && g.core.last_holder == Some(t);
        if force_wait {
            g.core.drop_request = false;
        }
        let wait_for_switch = force_wait && !g.core.waiters.is_empty();
        // Waking a sleeper, or handing over to a waiter spinning on another
        // core (contention for the lock's state), costs the releaser extra.
        let contended = !woken.is_empty()
            || g.core
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
                let at = self.now + cost;
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
            Sleep::Start => {}
        }
        let what = match why {
            Sleep::Io => Some(trace::Activity::Io),
            Sleep::Lock(_) => Some(trace::Activity::BlockedOnLock),
            Sleep::Join(_) => Some(trace::Activity::BlockedOnJoin),
            _ => None,
        };
        if let Some(what) = what {
            self.span(t, what, since);
        }
        self.make_runnable(t, waker, latency);
    }

    /// A queued wake-up (a timer, or a thread's start) fires.
    pub fn wake(&mut self, t: Tid, timed_out: bool) {
        self.signal(t, None, 0, timed_out);
    }
}
