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
//!
//! Parameters, for experiments on CPython's choices: `force=off` turns
//! FORCE_SWITCHING off (CPython's compile-time switch), so a thread forced
//! off may win the GIL straight back; `wake=all` makes a release wake
//! every waiter instead of one.

use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// `newgil`'s parameters: `force`, `wake`.
pub const PARAMS: &[Param] = &[
    Param {
        name: "force",
        kind: Kind::Choice(&["off", "on"]),
        default: 1,
        min: 0,
        max: 1,
        about: "FORCE_SWITCHING: a thread forced off waits until another takes the GIL",
        from_flag: None,
    },
    Param {
        name: "wake",
        kind: Kind::Choice(&["one", "all"]),
        default: 0,
        min: 0,
        max: 1,
        about: "whom a release wakes: one waiter (COND_SIGNAL) or all",
        from_flag: None,
    },
];

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
    force_switching: bool,
    wake: Wake,
}

impl NewGil {
    /// A new-GIL policy with the configured switch interval, as CPython.
    pub fn new(cfg: PolicyConfig) -> NewGil {
        NewGil::with(cfg, &defaults(PARAMS))
    }

    /// A new-GIL policy with the parameters `v` (in [`PARAMS`] order).
    pub fn with(cfg: PolicyConfig, v: &Values) -> NewGil {
        NewGil {
            // CPython: `interval >= 1 ? interval : 1` (microseconds).
            interval_ns: cfg.switch_interval_ns.max(1_000),
            force_switching: v[0] == 1,
            wake: if v[1] == 1 { Wake::All } else { Wake::One },
        }
    }
}

impl Policy for NewGil {
    fn set_switch_interval(&mut self, ns: u64) {
        self.interval_ns = ns.max(1_000);
    }

    fn name(&self) -> &'static str {
        "newgil"
    }

    fn wait_timeout_ns(&self, _core: &GilCore, _t: Tid) -> Option<u64> {
        Some(self.interval_ns)
    }

    fn on_release(&mut self, _core: &mut GilCore, _t: Tid, _why: Release) -> Wake {
        self.wake
    }

    fn force_switching(&self) -> bool {
        self.force_switching
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_cpythons_and_the_parameters_change_them() {
        let cfg = PolicyConfig::default();
        let mut p = NewGil::new(cfg);
        assert!(p.force_switching());
        let core = &mut GilCore::default();
        assert_eq!(p.on_release(core, 0, Release::Forced), Wake::One);
        assert_eq!(p.wait_timeout_ns(core, 1), Some(5_000_000));
        let mut q = NewGil::with(cfg, &[0, 1, 0, 0]);
        assert!(!q.force_switching());
        assert_eq!(q.on_release(core, 0, Release::Forced), Wake::All);
    }
}
