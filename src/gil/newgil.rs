//! `newgil`: CPython >= 3.2's GIL (Antoine Pitrou's "new GIL",
//! Python/ceval_gil.c), the default.
//!
//! - A thread that wants the GIL waits on the condition variable for one
//!   switch interval (5 ms by default). If the wait timed out, the GIL is
//!   still held and no switch happened meanwhile (`switch_number`
//!   unchanged), it sets the drop request and waits again.
//! - The holder sees the request at its next eval-breaker point (a backward
//!   jump or a call) and drops the GIL; a release signals one waiter.
//! - FORCE_SWITCHING: a thread that dropped on request waits until another
//!   thread has taken the GIL, so it cannot win it straight back.
//! - Blocking operations drop and re-take the GIL through the same path,
//!   so a thread back from IO waits behind a CPU-bound holder for up to an
//!   interval: the convoy effect (bpo-7946) follows from these rules alone.

use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// CPython's rule for a waiter whose timed wait ended: "If we timed out
/// and no switch occurred in the meantime, it is time to ask the
/// GIL-holding thread to drop it." Sets the drop request and returns true
/// if it did. Shared by every policy that asks after an interval.
pub fn request_after_interval(core: &mut GilCore, timed_out: bool, saved_switch: u64) -> bool {
    if timed_out && core.locked && core.switch_number == saved_switch && !core.drop_request {
        core.drop_request = true;
        return true;
    }
    false
}

/// The CPython >= 3.2 policy.
#[derive(Debug)]
pub struct NewGil {
    interval_ns: u64,
}

impl NewGil {
    /// A new-GIL policy with the configured switch interval.
    pub fn new(cfg: PolicyConfig) -> NewGil {
        NewGil {
            // CPython: `interval >= 1 ? interval : 1` (microseconds).
            interval_ns: cfg.switch_interval_ns.max(1_000),
        }
    }
}

impl Policy for NewGil {
    fn name(&self) -> &'static str {
        "newgil"
    }

    fn wait_timeout_ns(&self, _core: &GilCore) -> Option<u64> {
        Some(self.interval_ns)
    }

    fn on_release(&mut self, _core: &mut GilCore, _t: Tid, _why: Release) -> Wake {
        Wake::One
    }
}
