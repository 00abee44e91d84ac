//! What policies may know about the past: the current time and each
//! thread's GIL history ([`ThreadHistory`]), kept in [`GilCore`].
//!
//! The mechanism ([`super::Gil`]) alone maintains them, from the events it
//! already sees — a thread asks, takes, releases (and why), or gives up —
//! and sets [`GilCore::now_ns`] before every policy hook. Times are the
//! engine's `now`: nanoseconds since the run started, the virtual clock
//! under `--engine virtual`. A policy that decides from this history (and
//! never from a clock of its own) therefore stays deterministic in the
//! virtual engine, and works unchanged under every engine.

use super::{GilCore, Release, Tid};
use serde::Serialize;

/// One thread's GIL history, as the mechanism saw it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ThreadHistory {
    /// Times it took the GIL.
    pub acquisitions: u64,
    /// GIL time of its finished holds (ns): the CPU it used running
    /// bytecode. [`GilCore::held_ns`] adds a hold in progress.
    pub held_ns: u64,
    /// Drops made because a waiter asked ([`Release::Forced`]).
    pub forced_drops: u64,
    /// Drops because its instruction budget was spent ([`Release::Budget`]).
    pub budget_releases: u64,
    /// Drops before blocking: IO, a lock, a join, native work, a yield.
    pub voluntary_releases: u64,
    /// When it last took the GIL.
    pub last_taken_ns: Option<u64>,
    /// When it last let the GIL go, for any reason.
    pub last_release_ns: Option<u64>,
    /// When it last let the GIL go to block (IO, a lock, sleep...).
    pub last_voluntary_release_ns: Option<u64>,
    /// Time of its finished waits for the GIL (ns).
    /// [`GilCore::waited_ns`] adds a wait in progress.
    pub waited_ns: u64,
    /// When its current wait for the GIL began, while it asks for it.
    pub wait_started_ns: Option<u64>,
}

impl GilCore {
    /// Thread `t`'s history (all zeros for a thread never seen).
    pub fn history(&self, t: Tid) -> ThreadHistory {
        self.history.get(t as usize).copied().unwrap_or_default()
    }

    /// Thread `t`'s GIL time so far (ns), a hold in progress included up
    /// to [`GilCore::now_ns`].
    pub fn held_ns(&self, t: Tid) -> u64 {
        let h = self.history(t);
        let current = match (self.holder == Some(t), h.last_taken_ns) {
            (true, Some(since)) => self.now_ns.saturating_sub(since),
            _ => 0,
        };
        h.held_ns + current
    }

    /// Thread `t`'s time waiting for the GIL so far (ns), a wait in
    /// progress included up to [`GilCore::now_ns`].
    pub fn waited_ns(&self, t: Tid) -> u64 {
        let h = self.history(t);
        h.waited_ns + self.waiting_for(t).unwrap_or(0)
    }

    /// How long thread `t` has been waiting for the GIL (ns), if it is.
    pub fn waiting_for(&self, t: Tid) -> Option<u64> {
        let since = self.history(t).wait_started_ns?;
        Some(self.now_ns.saturating_sub(since))
    }

    fn entry(&mut self, t: Tid) -> &mut ThreadHistory {
        let i = t as usize;
        if self.history.len() <= i {
            self.history.resize(i + 1, ThreadHistory::default());
        }
        &mut self.history[i]
    }

    /// Thread `t` asks for the GIL at `now`: its wait begins.
    pub(super) fn record_ask(&mut self, t: Tid, now: u64) {
        self.entry(t).wait_started_ns = Some(now);
    }

    /// Thread `t`'s wait ends at `now`, taken or given up.
    pub(super) fn record_wait_end(&mut self, t: Tid, now: u64) {
        let h = self.entry(t);
        if let Some(since) = h.wait_started_ns.take() {
            h.waited_ns += now.saturating_sub(since);
        }
    }

    /// Thread `t` takes the GIL at `now`.
    pub(super) fn record_taken(&mut self, t: Tid, now: u64) {
        self.record_wait_end(t, now);
        let h = self.entry(t);
        h.acquisitions += 1;
        h.last_taken_ns = Some(now);
    }

    /// Thread `t`, holding since `held_since`, lets the GIL go at `now`.
    pub(super) fn record_release(&mut self, t: Tid, now: u64, held_since: u64, why: Release) {
        let h = self.entry(t);
        h.held_ns += now.saturating_sub(held_since);
        h.last_release_ns = Some(now);
        match why {
            Release::Forced => h.forced_drops += 1,
            Release::Budget => h.budget_releases += 1,
            Release::Voluntary => {
                h.voluntary_releases += 1;
                h.last_voluntary_release_ns = Some(now);
            }
            Release::Exit => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{newgil::NewGil, Gil, GilStats, Policy, PolicyConfig, Taker, Wake};
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What a hook saw: its name, `now_ns` and the thread's history.
    type Seen = Arc<Mutex<Vec<(&'static str, u64, ThreadHistory)>>>;

    /// `newgil` that notes the time and the history each hook saw.
    struct Spy {
        inner: NewGil,
        seen: Seen,
    }

    impl Spy {
        fn note(&self, hook: &'static str, core: &GilCore, t: Tid) {
            let h = core.history(t);
            self.seen.lock().unwrap().push((hook, core.now_ns, h));
        }
    }

    impl Policy for Spy {
        fn name(&self) -> &'static str {
            "spy"
        }
        fn on_wait_start(&mut self, core: &mut GilCore, t: Tid) -> bool {
            self.note("wait_start", core, t);
            false
        }
        fn on_taken(&mut self, core: &mut GilCore, t: Tid) {
            self.note("taken", core, t);
        }
        fn wait_timeout_ns(&self, core: &GilCore, t: Tid) -> Option<u64> {
            self.note("timeout", core, t);
            self.inner.wait_timeout_ns(core, t)
        }
        fn on_release(&mut self, core: &mut GilCore, t: Tid, why: Release) -> Wake {
            self.note("release", core, t);
            self.inner.on_release(core, t, why)
        }
    }

    #[test]
    fn the_history_follows_takes_waits_and_releases_at_the_given_times() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let spy = Spy {
            inner: NewGil::new(PolicyConfig::default()),
            seen: seen.clone(),
        };
        let mut g = Gil::new(Box::new(spy), false);
        let (mut a, mut b) = (Taker::default(), Taker::default());
        let (mut sa, mut sb) = (GilStats::default(), GilStats::default());
        let none = &mut None;
        assert!(g.arrive(0, 100, &mut a, &mut sa, none).taken);
        assert!(!g.arrive(1, 150, &mut b, &mut sb, none).taken);
        g.wait_plan(&mut b);
        assert_eq!(g.core().waiting_for(1), Some(0));
        // 0 blocks on IO at 400; 1, woken, takes it at 450.
        g.release(0, 400, Release::Voluntary, 100, &mut sa);
        assert!(g.after_wake(1, 450, false, &mut b, &mut sb, none).taken);
        assert_eq!(g.core().held_ns(1), 0);
        // 0 is back at 500 and waits; 1 is forced off at 1_000.
        assert!(!g.arrive(0, 500, &mut a, &mut sa, none).taken);
        g.release(1, 1_000, Release::Forced, 450, &mut sb);
        assert!(g.after_wake(0, 1_100, false, &mut a, &mut sa, none).taken);
        // A hold in progress counts up to the time of the last step.
        assert_eq!(g.core().held_ns(0), 300);
        assert_eq!(g.core().waited_ns(0), 600);
        let h0 = g.core().history(0);
        assert_eq!(
            h0,
            ThreadHistory {
                acquisitions: 2,
                held_ns: 300,
                voluntary_releases: 1,
                last_taken_ns: Some(1_100),
                last_release_ns: Some(400),
                last_voluntary_release_ns: Some(400),
                waited_ns: 600,
                ..ThreadHistory::default()
            }
        );
        let h1 = g.core().history(1);
        assert_eq!(
            (h1.acquisitions, h1.held_ns, h1.forced_drops, h1.waited_ns),
            (1, 550, 1, 300)
        );
        assert_eq!(
            (h1.last_release_ns, h1.last_voluntary_release_ns),
            (Some(1_000), None)
        );
        assert_eq!(h1.wait_started_ns, None);
        // The mechanism's own counters agree with the history.
        assert_eq!((sa.hold_ns, sb.hold_ns), (300, 550));
        assert_eq!((sa.wait_ns, sb.wait_ns), (600, 300));
        // Each hook saw the step's time, and the step already recorded.
        let seen = seen.lock().unwrap();
        let at = |hook: &str, now: u64| {
            seen.iter()
                .find(|(h, n, _)| *h == hook && *n == now)
                .unwrap_or_else(|| panic!("{hook} at {now}: {seen:?}"))
                .2
        };
        assert_eq!(at("taken", 100).acquisitions, 1);
        assert_eq!(at("wait_start", 150).wait_started_ns, Some(150));
        assert_eq!(at("timeout", 150).wait_started_ns, Some(150));
        assert_eq!(at("release", 400).voluntary_releases, 1);
        assert_eq!(at("release", 1_000).forced_drops, 1);
        assert_eq!(at("taken", 1_100).waited_ns, 600);
        assert_eq!(g.core().history(7), ThreadHistory::default(), "never seen");
    }

    #[test]
    fn a_waiter_that_gives_up_stops_waiting_in_its_history() {
        let mut g = Gil::new(Box::new(NewGil::new(PolicyConfig::default())), false);
        let (mut a, mut b) = (Taker::default(), Taker::default());
        let mut s = GilStats::default();
        g.arrive(0, 0, &mut a, &mut s, &mut None);
        g.arrive(1, 10, &mut b, &mut s, &mut None);
        g.abandon(1, 70);
        let h = g.core().history(1);
        assert_eq!(
            (h.waited_ns, h.wait_started_ns, h.acquisitions),
            (60, None, 0)
        );
        assert!(g.core().waiters.is_empty());
    }
}
