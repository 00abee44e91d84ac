//! The GIL's mechanism around a [`Policy`]: CPython's `take_gil` and
//! `drop_gil` (Python/ceval_gil.c) as clock-free steps, with the metrics
//! they produce, written once for every engine. An engine supplies only
//! the waiting: the real engine calls these steps under a parking_lot
//! mutex and sleeps on its condition variables between them; the virtual
//! engine calls them from its event loop and sleeps in virtual time; the
//! asyncio loops call them with the [`super::cooperative::Cooperative`]
//! policy. Times are nanoseconds since the run started, passed in.
//!
//! A take runs: [`Gil::arrive`] → while not taken: [`Gil::wait_plan`],
//! sleep (with the planned timeout, or until woken), [`Gil::after_wake`].
//! A drop is [`Gil::release`]; after a forced drop with FORCE_SWITCHING the
//! releaser sleeps until [`Gil::switched_from`] says another thread took
//! it.
//!
//! Every step first sets [`GilCore::now_ns`] and updates the threads'
//! [`super::ThreadHistory`] (see the table in [`super`]), then asks the
//! policy: policies see the time and the past only through the mechanism.

use super::{GilCore, Policy, Release, Tid, Wake};
use crate::trace::{Activity, Event};
use serde::{Deserialize, Serialize};

/// Waits shorter than this are not worth a trace span each.
const SPAN_MIN_NS: u64 = 1_000;

/// One thread's GIL counters: what the mechanism measures for it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GilStats {
    /// Times it took the GIL.
    pub acquisitions: u64,
    /// Total time waiting to take it (ns).
    pub wait_ns: u64,
    /// Longest single wait (ns).
    pub wait_max_ns: u64,
    /// Total time holding it (ns).
    pub hold_ns: u64,
    /// Releases made because a waiter asked (drop requests honoured).
    pub drop_requests: u64,
    /// Releases made before blocking (IO, locks, joins, native work, yield).
    pub voluntary_releases: u64,
    /// Releases because its instruction budget was spent (tick policies).
    pub budget_releases: u64,
    /// Each wait to take the GIL (ns), one per acquisition.
    pub waits: Vec<u64>,
    /// For each drop request it raised, the time until it held the GIL (ns).
    pub forced_switch: Vec<u64>,
    /// Drop requests it raised after a timed wait expired.
    pub requests_timed: u64,
    /// Drop requests it raised at once on arrival (priority policies).
    pub requests_priority: u64,
    /// Wake-ups that found the GIL taken again (or reserved for another).
    pub wasted_wakeups: u64,
}

/// One thread's side of a take in progress.
#[derive(Clone, Copy, Debug, Default)]
pub struct Taker {
    // The thread taking.
    tid: Tid,
    // When this take began.
    since: u64,
    // When this thread last raised a drop request during it.
    requested_at: Option<u64>,
    // `switch_number` when it last went to sleep.
    saved_switch: u64,
}

/// What a take step came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// The thread now holds the GIL.
    pub taken: bool,
    /// It raised a drop request in this step (the engine makes the holder
    /// see it: the real engine sets the eval breaker).
    pub requested: bool,
}

/// What a drop asks of the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Released {
    /// Whom to wake.
    pub wake: Wake,
    /// The waiter the GIL is reserved for, if the policy handed it off.
    pub handoff: Option<Tid>,
    /// The releaser must sleep until [`Gil::switched_from`] (FORCE_SWITCHING).
    pub wait_for_switch: bool,
}

/// One GIL: its state, its policy and its run-wide metrics.
pub struct Gil {
    core: GilCore,
    policy: Box<dyn Policy>,
    budget: u64,
    // Since when the GIL has been free while threads wait for it.
    idle_since: Option<u64>,
    idle_ns: u64,
    // When tracing: the waiter count after each change.
    waiter_log: Option<Vec<(u64, u32)>>,
}

impl Gil {
    /// A free GIL scheduled by `policy`; logs its waiters when `tracing`.
    pub fn new(policy: Box<dyn Policy>, tracing: bool) -> Gil {
        Gil {
            core: GilCore::default(),
            budget: policy.slice_budget(),
            policy,
            idle_since: None,
            idle_ns: 0,
            waiter_log: tracing.then(Vec::new),
        }
    }

    /// The lock's state.
    pub fn core(&self) -> &GilCore {
        &self.core
    }

    /// `sys.setswitchinterval`: tells the policy the new interval.
    pub fn set_switch_interval(&mut self, ns: u64) {
        self.policy.set_switch_interval(ns);
    }

    /// The policy's instruction budget per slice (`u64::MAX`: none).
    #[inline]
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Whether a drop request is pending.
    #[inline]
    pub fn drop_requested(&self) -> bool {
        self.core.drop_request
    }

    /// Holder changes so far, not counting the very first take.
    pub fn switches(&self) -> u64 {
        self.core.switch_number.saturating_sub(1)
    }

    /// Total time the GIL was free while some thread waited for it (ns).
    pub fn idle_ns(&self) -> u64 {
        self.idle_ns
    }

    /// The waiter-count log (empty unless tracing).
    pub fn take_waiter_log(&mut self) -> Vec<(u64, u32)> {
        self.waiter_log.take().unwrap_or_default()
    }

    fn log_waiters(&mut self, now: u64) {
        let n = self.core.waiters.len() as u32;
        if let Some(log) = &mut self.waiter_log {
            log.push((now, n));
        }
    }

    fn requested(taker: &mut Taker, now: u64, counter: &mut u64, trace: &mut Option<Vec<Event>>) {
        *counter += 1;
        taker.requested_at = Some(now);
        if let Some(t) = trace {
            t.push(Event::DropRequest(now));
        }
    }

    /// take_gil's start: thread `t` asks for the GIL at `now`. It takes it
    /// at once if the policy allows; otherwise it becomes a waiter (and may
    /// raise a drop request at once, under a priority policy).
    pub fn arrive(
        &mut self,
        t: Tid,
        now: u64,
        taker: &mut Taker,
        stats: &mut GilStats,
        trace: &mut Option<Vec<Event>>,
    ) -> Arrival {
        *taker = Taker {
            tid: t,
            since: now,
            ..Taker::default()
        };
        self.core.now_ns = now;
        self.core.record_ask(t, now);
        if self.policy.may_take(&self.core, t) {
            self.taken(t, now, taker, stats, trace);
            return Arrival {
                taken: true,
                requested: false,
            };
        }
        self.core.waiters.push(t);
        self.log_waiters(now);
        let requested = self.policy.on_wait_start(&mut self.core, t);
        if requested {
            Self::requested(taker, now, &mut stats.requests_priority, trace);
        }
        Arrival {
            taken: false,
            requested,
        }
    }

    /// Before a waiter sleeps: how long its wait may last (`None`: until
    /// woken). Remembers `switch_number` for [`Gil::after_wake`].
    pub fn wait_plan(&self, taker: &mut Taker) -> Option<u64> {
        taker.saved_switch = self.core.switch_number;
        self.policy.wait_timeout_ns(&self.core, taker.tid)
    }

    /// A waiter woke at `now` (`timed_out`: its planned wait expired). The
    /// policy may raise a drop request (CPython: after an interval with no
    /// switch); the thread takes the GIL if the policy now allows.
    pub fn after_wake(
        &mut self,
        t: Tid,
        now: u64,
        timed_out: bool,
        taker: &mut Taker,
        stats: &mut GilStats,
        trace: &mut Option<Vec<Event>>,
    ) -> Arrival {
        self.core.now_ns = now;
        let requested = self
            .policy
            .after_wait(&mut self.core, t, timed_out, taker.saved_switch);
        if requested {
            Self::requested(taker, now, &mut stats.requests_timed, trace);
        }
        if self.policy.may_take(&self.core, t) {
            self.taken(t, now, taker, stats, trace);
            return Arrival {
                taken: true,
                requested,
            };
        }
        if !timed_out {
            // Woken, but someone else has the GIL (or it is reserved).
            stats.wasted_wakeups += 1;
        }
        Arrival {
            taken: false,
            requested,
        }
    }

    /// A waiter gives up (the run is stopping).
    pub fn abandon(&mut self, t: Tid, now: u64) {
        self.core.now_ns = now;
        self.core.record_wait_end(t, now);
        self.unqueue(t, now);
    }

    fn unqueue(&mut self, t: Tid, now: u64) {
        if let Some(i) = self.core.waiters.iter().position(|w| *w == t) {
            self.core.waiters.remove(i);
            self.log_waiters(now);
        }
    }

    /// `_ready:` in take_gil: thread `t` holds the GIL from `now`.
    fn taken(
        &mut self,
        t: Tid,
        now: u64,
        taker: &mut Taker,
        stats: &mut GilStats,
        trace: &mut Option<Vec<Event>>,
    ) {
        self.unqueue(t, now);
        if let Some(since) = self.idle_since.take() {
            self.idle_ns += now.saturating_sub(since);
        }
        let core = &mut self.core;
        if core.handoff == Some(t) {
            core.handoff = None;
        }
        core.now_ns = now;
        core.record_taken(t, now);
        self.policy.on_taken(core, t);
        core.locked = true;
        core.holder = Some(t);
        if core.last_holder != Some(t) {
            core.last_holder = Some(t);
            core.switch_number += 1;
        }
        core.drop_request = false;
        let waited = now.saturating_sub(taker.since);
        stats.acquisitions += 1;
        stats.wait_ns += waited;
        stats.wait_max_ns = stats.wait_max_ns.max(waited);
        stats.waits.push(waited);
        if let Some(r) = taker.requested_at.take() {
            stats.forced_switch.push(now.saturating_sub(r));
        }
        if let Some(tr) = trace {
            if waited > SPAN_MIN_NS {
                tr.push(Event::Span {
                    what: Activity::WaitingForGil,
                    start: taker.since,
                    end: now,
                });
            }
        }
    }

    /// drop_gil: holder `t`, holding since `held_since`, lets the GIL go at
    /// `now` because of `why`. Returns whom to wake and whether `t` must
    /// wait for a switch before it may ask again.
    pub fn release(
        &mut self,
        t: Tid,
        now: u64,
        why: Release,
        held_since: u64,
        stats: &mut GilStats,
    ) -> Released {
        debug_assert_eq!(
            self.core.holder,
            Some(t),
            "drop_gil by a thread that does not hold the GIL"
        );
        stats.hold_ns += now.saturating_sub(held_since);
        match why {
            Release::Forced => stats.drop_requests += 1,
            Release::Voluntary => stats.voluntary_releases += 1,
            Release::Budget => stats.budget_releases += 1,
            Release::Exit => {}
        }
        let core = &mut self.core;
        core.now_ns = now;
        core.record_release(t, now, held_since, why);
        core.locked = false;
        core.holder = None;
        if !core.waiters.is_empty() {
            self.idle_since = Some(now);
        }
        let wake = self.policy.on_release(core, t, why);
        let force_wait =
            why == Release::Forced && self.policy.force_switching() && core.last_holder == Some(t);
        if force_wait {
            // "Not switched yet => wait": the request is served.
            core.drop_request = false;
        }
        Released {
            wake,
            handoff: core.handoff,
            wait_for_switch: force_wait && !core.waiters.is_empty(),
        }
    }

    /// Whether a thread that dropped the GIL on request may stop waiting
    /// for a switch: another thread took it, or nobody wants it.
    pub fn switched_from(&self, t: Tid) -> bool {
        self.core.last_holder != Some(t) || self.core.waiters.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{newgil::NewGil, PolicyConfig};
    use super::*;

    #[test]
    fn a_contended_take_counts_its_wait_request_and_switch() {
        let mut g = Gil::new(Box::new(NewGil::new(PolicyConfig::default())), true);
        let (mut a, mut b) = (Taker::default(), Taker::default());
        let (mut sa, mut sb) = (GilStats::default(), GilStats::default());
        let mut tr = Some(Vec::new());
        assert!(g.arrive(0, 0, &mut a, &mut sa, &mut None).taken);
        // Thread 1 waits one interval, times out with no switch: request.
        assert!(!g.arrive(1, 10, &mut b, &mut sb, &mut tr).taken);
        assert_eq!(g.wait_plan(&mut b), Some(5_000_000));
        let w = g.after_wake(1, 5_000_010, true, &mut b, &mut sb, &mut tr);
        assert_eq!(
            w,
            Arrival {
                taken: false,
                requested: true
            }
        );
        assert!(g.drop_requested());
        // The holder drops on request and must wait for the switch.
        let r = g.release(0, 5_100_000, Release::Forced, 0, &mut sa);
        assert!(r.wait_for_switch && !g.switched_from(0));
        assert!(
            g.after_wake(1, 5_200_000, false, &mut b, &mut sb, &mut tr)
                .taken
        );
        assert!(g.switched_from(0));
        assert_eq!((sa.drop_requests, sa.hold_ns), (1, 5_100_000));
        assert_eq!(sb.waits, vec![5_199_990]);
        assert_eq!(sb.forced_switch, vec![5_200_000 - 5_000_010]);
        assert_eq!(sb.requests_timed, 1);
        assert_eq!(g.switches(), 1);
        assert_eq!(g.idle_ns(), 100_000);
        assert_eq!(tr.unwrap().len(), 2, "a drop request and a wait span");
        assert_eq!(g.take_waiter_log(), vec![(10, 1), (5_200_000, 0)]);
    }
}
