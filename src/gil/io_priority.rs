//! `io-priority`: the priority scheme proposed for bpo-7946 in 2010.
//!
//! A thread forced off the GIL (by a drop request) is marked CPU-bound; a
//! voluntary release (IO, a lock, a join) clears the mark. A thread that
//! asks for the GIL while unmarked — typically back from IO — and finds a
//! CPU-bound holder raises the drop request at once instead of waiting a
//! switch interval; and when the GIL is free, unmarked waiters go first.
//! Otherwise it behaves like `newgil`.
//!
//! Parameters, to tune the scheme between `newgil` and the proposal:
//! `boost` — how long a thread back from IO waits behind a CPU-bound
//! holder before it raises the drop request (0, the default: at once, as
//! proposed; the wait is measured from the thread's
//! [`super::ThreadHistory::wait_started_ns`]); `demote` — how many forced
//! drops in a row mark a thread CPU-bound (1, the default: the first).

use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};
use crate::duration::MAX_SWITCH_NS;

/// `io-priority`'s parameters: `boost`, `demote`.
pub const PARAMS: &[Param] = &[
    Param {
        name: "boost",
        kind: Kind::Duration,
        default: 0,
        min: 0,
        max: MAX_SWITCH_NS,
        about: "delay before an IO-bound waiter asks a CPU-bound holder to drop (0: at once)",
        from_flag: None,
    },
    Param {
        name: "demote",
        kind: Kind::Count,
        default: 1,
        min: 1,
        max: 1_000_000,
        about: "forced drops in a row that mark a thread CPU-bound",
        from_flag: None,
    },
];

/// The IO-priority policy.
#[derive(Debug)]
pub struct IoPriority {
    interval_ns: u64,
    boost_ns: u64,
    demote: u64,
    // invariant: forced[t] counts t's forced drops since its last
    // voluntary release; t is CPU-bound iff forced[t] >= demote.
    forced: Vec<u64>,
}

impl IoPriority {
    /// An IO-priority policy with the configured switch interval, as
    /// proposed.
    pub fn new(cfg: PolicyConfig) -> IoPriority {
        IoPriority::with(cfg, &defaults(PARAMS))
    }

    /// An IO-priority policy with the parameters `v` (in [`PARAMS`] order).
    pub fn with(cfg: PolicyConfig, v: &Values) -> IoPriority {
        IoPriority {
            interval_ns: cfg.switch_interval_ns.max(1_000),
            boost_ns: v[0],
            demote: v[1].max(1),
            forced: Vec::new(),
        }
    }

    fn is_cpu_bound(&self, t: Tid) -> bool {
        self.forced.get(t as usize).copied().unwrap_or(0) >= self.demote
    }

    fn count(&mut self, t: Tid) -> &mut u64 {
        let i = t as usize;
        if self.forced.len() <= i {
            self.forced.resize(i + 1, 0);
        }
        &mut self.forced[i]
    }

    /// Whether waiter `t` has priority over the holder: it is IO-bound,
    /// the holder CPU-bound, and no drop request is pending yet.
    fn may_preempt(&self, core: &GilCore, t: Tid) -> bool {
        let holder_cpu = core.holder.is_some_and(|h| self.is_cpu_bound(h));
        core.locked && holder_cpu && !self.is_cpu_bound(t) && !core.drop_request
    }

    /// How much longer `t` must wait before it may preempt (0: now).
    fn boost_left(&self, core: &GilCore, t: Tid) -> u64 {
        let waited = core.waiting_for(t).unwrap_or(0);
        self.boost_ns.saturating_sub(waited)
    }
}

impl Policy for IoPriority {
    fn set_switch_interval(&mut self, ns: u64) {
        self.interval_ns = ns.max(1_000);
    }

    fn name(&self) -> &'static str {
        "io-priority"
    }

    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        if core.locked {
            return false;
        }
        // CPU-bound waiters yield a free GIL to any IO-bound waiter.
        !self.is_cpu_bound(t)
            || core
                .waiters
                .iter()
                .all(|w| *w == t || self.is_cpu_bound(*w))
    }

    fn on_wait_start(&mut self, core: &mut GilCore, t: Tid) -> bool {
        if self.boost_ns == 0 && self.may_preempt(core, t) {
            core.drop_request = true;
            return true;
        }
        false
    }

    fn wait_timeout_ns(&self, core: &GilCore, t: Tid) -> Option<u64> {
        // An IO-bound waiter with a boost to come wakes when it is due.
        if self.boost_ns > 0 && self.may_preempt(core, t) {
            let left = self.boost_left(core, t).max(1);
            return Some(left.min(self.interval_ns));
        }
        Some(self.interval_ns)
    }

    fn after_wait(&mut self, core: &mut GilCore, t: Tid, timed_out: bool, saved: u64) -> bool {
        if self.boost_ns > 0 && self.may_preempt(core, t) && self.boost_left(core, t) == 0 {
            core.drop_request = true;
            return true;
        }
        // A boost timer that expired early cannot reach this rule with the
        // same holder and no request: that waiter would have been due.
        super::newgil::request_after_interval(core, timed_out, saved)
    }

    fn on_release(&mut self, _core: &mut GilCore, t: Tid, why: Release) -> Wake {
        match why {
            Release::Forced => *self.count(t) += 1,
            Release::Voluntary => *self.count(t) = 0,
            Release::Budget | Release::Exit => {}
        }
        // Wake everyone so that an IO-bound waiter can claim its priority.
        Wake::All
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_back_from_io_preempts_a_cpu_bound_holder_at_once() {
        let mut p = IoPriority::new(PolicyConfig::default());
        let mut core = GilCore::default();
        // Thread 0 was forced off once: it is CPU-bound. Now it holds the GIL.
        p.on_release(&mut core, 0, Release::Forced);
        core.locked = true;
        core.holder = Some(0);
        // Thread 1 released voluntarily (IO) and comes back.
        p.on_release(&mut GilCore::default(), 1, Release::Voluntary);
        core.waiters.push(1);
        assert!(
            p.on_wait_start(&mut core, 1),
            "the request is raised on arrival"
        );
        assert!(core.drop_request);
        // A CPU-bound thread arriving gets no such priority.
        let mut core2 = GilCore {
            locked: true,
            holder: Some(0),
            ..GilCore::default()
        };
        p.on_release(&mut GilCore::default(), 2, Release::Forced);
        assert!(!p.on_wait_start(&mut core2, 2));
        // With the GIL free, the IO-bound waiter goes first.
        let free = GilCore {
            waiters: vec![2, 1],
            ..GilCore::default()
        };
        assert!(p.may_take(&free, 1) && !p.may_take(&free, 2));
    }

    fn cpu_holder(p: &mut IoPriority) -> GilCore {
        p.on_release(&mut GilCore::default(), 0, Release::Forced);
        GilCore {
            locked: true,
            holder: Some(0),
            ..GilCore::default()
        }
    }

    #[test]
    fn a_boost_delays_the_request_until_the_waiter_has_waited_that_long() {
        let cfg = PolicyConfig::default();
        let mut p = IoPriority::with(cfg, &[2_000_000, 1, 0, 0]);
        let mut core = cpu_holder(&mut p);
        core.now_ns = 10_000_000;
        core.record_ask(1, 10_000_000);
        core.waiters.push(1);
        assert!(!p.on_wait_start(&mut core, 1), "not at once");
        assert_eq!(p.wait_timeout_ns(&core, 1), Some(2_000_000));
        // Woken early (by nothing in particular): 1.5 ms in, 0.5 ms left.
        core.now_ns = 11_500_000;
        assert!(!p.after_wait(&mut core, 1, false, 0));
        assert_eq!(p.wait_timeout_ns(&core, 1), Some(500_000));
        // Due: the request is raised, before any switch interval.
        core.now_ns = 12_000_000;
        assert!(p.after_wait(&mut core, 1, true, 0));
        assert!(core.drop_request);
        // Requested: back to plain interval waits.
        assert_eq!(p.wait_timeout_ns(&core, 1), Some(5_000_000));
        // A CPU-bound waiter never gets the boost timer.
        p.on_release(&mut GilCore::default(), 2, Release::Forced);
        core.drop_request = false;
        assert_eq!(p.wait_timeout_ns(&core, 2), Some(5_000_000));
    }

    #[test]
    fn demote_counts_forced_drops_in_a_row() {
        let mut p = IoPriority::with(PolicyConfig::default(), &[0, 3, 0, 0]);
        let core = &mut GilCore::default();
        for _ in 0..2 {
            p.on_release(core, 0, Release::Forced);
        }
        assert!(!p.is_cpu_bound(0), "two forced drops are not three");
        p.on_release(core, 0, Release::Voluntary);
        for _ in 0..2 {
            p.on_release(core, 0, Release::Forced);
        }
        assert!(!p.is_cpu_bound(0), "a voluntary release restarts the count");
        p.on_release(core, 0, Release::Forced);
        assert!(p.is_cpu_bound(0));
        // The defaults are the proposal: one forced drop marks it.
        let mut d = IoPriority::new(PolicyConfig::default());
        d.on_release(core, 0, Release::Forced);
        assert!(d.is_cpu_bound(0));
        d.on_release(core, 0, Release::Budget);
        assert!(d.is_cpu_bound(0), "budget releases do not change the mark");
    }
}
