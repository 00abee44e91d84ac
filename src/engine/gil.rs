//! The GIL of the real-thread engine: CPython's `take_gil` / `drop_gil`
//! (Python/ceval_gil.c) on a parking_lot mutex and two condition
//! variables, with every decision delegated to a [`Policy`].
//!
//! The holder learns of a drop request through the run's eval breaker, one
//! relaxed atomic load at each eval-breaker point; this module sets it when
//! a policy raises the request and clears it when the new holder takes over.

use crate::gil::{GilCore, Policy, Release, Tid, Wake};
use crate::metrics::ThreadMetrics;
use parking_lot::{Condvar, Mutex};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct State {
    core: GilCore,
    policy: Box<dyn Policy>,
    // Since when the GIL has been free while threads wait for it.
    idle_since: Option<Instant>,
    idle_ns: u64,
    // When tracing: the waiter count after each change.
    waiter_log: Option<Vec<(Instant, u32)>>,
}

impl State {
    fn log_waiters(&mut self) {
        if let Some(log) = &mut self.waiter_log {
            log.push((Instant::now(), self.core.waiters.len() as u32));
        }
    }
}

/// A simulated GIL shared by the threads of one run.
pub struct RealGil {
    state: Mutex<State>,
    // Signalled when the GIL is released (CPython's `gil->cond`).
    cond: Condvar,
    // Signalled when a thread takes the GIL (CPython's `switch_cond`).
    switch_cond: Condvar,
    // invariant: true whenever `core.drop_request` or `stop` is set.
    breaker: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    budget: u64,
    name: &'static str,
}

impl RealGil {
    /// A free GIL run by `policy`; `breaker` is the run's eval breaker.
    /// With `trace`, it logs the number of waiters over time.
    pub fn new(
        policy: Box<dyn Policy>,
        breaker: Arc<AtomicBool>,
        stop: Arc<AtomicBool>,
        trace: bool,
    ) -> RealGil {
        RealGil {
            budget: policy.slice_budget(),
            name: policy.name(),
            state: Mutex::new(State {
                core: GilCore::default(),
                policy,
                idle_since: None,
                idle_ns: 0,
                waiter_log: trace.then(Vec::new),
            }),
            cond: Condvar::new(),
            switch_cond: Condvar::new(),
            breaker,
            stop,
        }
    }

    /// The policy's name.
    pub fn policy_name(&self) -> &'static str {
        self.name
    }

    /// The policy's instruction budget per slice.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Holder changes so far, not counting the very first take.
    pub fn switches(&self) -> u64 {
        self.state.lock().core.switch_number.saturating_sub(1)
    }

    /// Total time the GIL was free while some thread waited for it (ns).
    pub fn idle_ns(&self) -> u64 {
        self.state.lock().idle_ns
    }

    /// Whether a drop request is pending.
    pub fn drop_requested(&self) -> bool {
        self.state.lock().core.drop_request
    }

    fn clear_drop_request(&self, core: &mut GilCore) {
        core.drop_request = false;
        self.breaker.store(self.stop.load(Relaxed), Relaxed);
    }

    /// The waiter-count log (empty unless tracing).
    pub fn take_waiter_log(&self) -> Vec<(Instant, u32)> {
        self.state.lock().waiter_log.take().unwrap_or_default()
    }

    /// `take_gil`: blocks until thread `t` holds the GIL. Returns `None`,
    /// without the GIL, if the run is stopping; otherwise when this thread
    /// raised a drop request while waiting, if it did.
    pub fn take(&self, t: Tid, m: &mut ThreadMetrics) -> Option<Option<Instant>> {
        let start = Instant::now();
        // When this thread raised a drop request: the forced-switch latency
        // runs from then until it holds the GIL.
        let mut requested: Option<Instant> = None;
        let mut g = self.state.lock();
        if !g.policy.may_take(&g.core, t) {
            g.core.waiters.push(t);
            g.log_waiters();
            let State { core, policy, .. } = &mut *g;
            if policy.on_wait_start(core, t) {
                self.breaker.store(true, Relaxed);
                requested = Some(Instant::now());
                m.requests_priority += 1;
            }
            loop {
                if self.stop.load(Relaxed) {
                    g.core.waiters.retain(|w| *w != t);
                    g.log_waiters();
                    return None;
                }
                let saved = g.core.switch_number;
                let timed_out = match g.policy.wait_timeout_ns(&g.core) {
                    Some(ns) => self
                        .cond
                        .wait_for(&mut g, Duration::from_nanos(ns))
                        .timed_out(),
                    None => {
                        self.cond.wait(&mut g);
                        false
                    }
                };
                let State { core, policy, .. } = &mut *g;
                if policy.after_wait(core, t, timed_out, saved) {
                    self.breaker.store(true, Relaxed);
                    requested = Some(Instant::now());
                    m.requests_timed += 1;
                }
                if g.policy.may_take(&g.core, t) {
                    break;
                }
                if !timed_out {
                    // Woken, but someone else has the GIL (or it is reserved).
                    m.wasted_wakeups += 1;
                }
            }
            g.core.waiters.retain(|w| *w != t);
            g.log_waiters();
        }
        // _ready: we now hold the GIL.
        if let Some(since) = g.idle_since.take() {
            g.idle_ns += since.elapsed().as_nanos() as u64;
        }
        let State { core, policy, .. } = &mut *g;
        if core.handoff == Some(t) {
            core.handoff = None;
        }
        policy.on_taken(core, t);
        core.locked = true;
        core.holder = Some(t);
        if core.last_holder != Some(t) {
            core.last_holder = Some(t);
            core.switch_number += 1;
        }
        self.switch_cond.notify_all();
        if core.drop_request {
            self.clear_drop_request(core);
        }
        drop(g);
        let waited = start.elapsed().as_nanos() as u64;
        m.gil_acquisitions += 1;
        m.gil_wait_ns += waited;
        m.gil_wait_max_ns = m.gil_wait_max_ns.max(waited);
        m.gil_waits.push(waited);
        if let Some(r) = requested {
            m.forced_switch.push(r.elapsed().as_nanos() as u64);
        }
        Some(requested)
    }

    /// `drop_gil`: thread `t` releases the GIL. After a forced release with
    /// FORCE_SWITCHING it waits until another thread has taken the GIL.
    pub fn drop(&self, t: Tid, why: Release) {
        let mut g = self.state.lock();
        debug_assert_eq!(
            g.core.holder,
            Some(t),
            "drop_gil by a thread that does not hold the GIL"
        );
        g.core.locked = false;
        g.core.holder = None;
        if !g.core.waiters.is_empty() {
            g.idle_since = Some(Instant::now());
        }
        let State { core, policy, .. } = &mut *g;
        match policy.on_release(core, t, why) {
            Wake::One => {
                self.cond.notify_one();
            }
            Wake::All => {
                self.cond.notify_all();
            }
        }
        if why == Release::Forced && g.policy.force_switching() && g.core.last_holder == Some(t) {
            // "Not switched yet => wait": reset the request and wait for a
            // switch, so this thread cannot take the GIL straight back.
            self.clear_drop_request(&mut g.core);
            while g.core.last_holder == Some(t)
                && !g.core.waiters.is_empty()
                && !self.stop.load(Relaxed)
            {
                self.switch_cond.wait(&mut g);
            }
        }
    }

    /// Wakes every waiter (the run is stopping).
    pub fn wake_all(&self) {
        let _g = self.state.lock();
        self.cond.notify_all();
        self.switch_cond.notify_all();
    }
}
