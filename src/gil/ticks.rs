//! `ticks`: the GIL of Python <= 3.1.
//!
//! Every `--check-interval` instructions (default 100, `sys.setcheckinterval`)
//! the holder releases the lock and at once asks for it again. There are no
//! drop requests and no forced switching; waiters block until signalled.
//! On a multicore machine the releasing thread usually wins the lock back
//! while the thread it woke is still waking up — the "GIL battle" that made
//! two CPU-bound threads slower than one. Nothing here arranges the battle:
//! it follows from releasing and re-taking with no hand-off.
//!
//! Parameter: `check`, the check interval. `ticks(check=50)` and
//! `--policy ticks --check-interval 50` say the same; given both, they
//! must agree (the command line refuses them otherwise). Built with
//! neither, the check interval is [`PolicyConfig::check_interval`].

use super::params::{defaults, Kind, Param, Values};
use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// `ticks`'s parameters: `check` (0, its default, means "from
/// [`PolicyConfig::check_interval`]", i.e. `--check-interval`).
pub const PARAMS: &[Param] = &[Param {
    name: "check",
    kind: Kind::Count,
    default: 0,
    min: 1,
    max: u64::MAX,
    about: "instructions between releases (sys.setcheckinterval)",
    from_flag: Some("--check-interval"),
}];

/// The Python <= 3.1 policy.
#[derive(Debug)]
pub struct Ticks {
    check_interval: u64,
}

impl Ticks {
    /// A tick policy releasing every `cfg.check_interval` instructions.
    pub fn new(cfg: PolicyConfig) -> Ticks {
        Ticks::with(cfg, &defaults(PARAMS))
    }

    /// A tick policy with the parameters `v` (in [`PARAMS`] order): `check`
    /// when given, else `cfg.check_interval`.
    pub fn with(cfg: PolicyConfig, v: &Values) -> Ticks {
        let check = if v[0] == 0 { cfg.check_interval } else { v[0] };
        Ticks {
            check_interval: check.max(1),
        }
    }
}

impl Policy for Ticks {
    fn name(&self) -> &'static str {
        "ticks"
    }

    fn wait_timeout_ns(&self, _core: &GilCore, _t: Tid) -> Option<u64> {
        None
    }

    fn after_wait(&mut self, _core: &mut GilCore, _t: Tid, _timed_out: bool, _saved: u64) -> bool {
        false
    }

    fn on_release(&mut self, _core: &mut GilCore, _t: Tid, _why: Release) -> Wake {
        Wake::One
    }

    fn force_switching(&self) -> bool {
        false
    }

    fn slice_budget(&self) -> u64 {
        self.check_interval
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_comes_from_the_parameter_else_the_config() {
        let cfg = PolicyConfig {
            check_interval: 50,
            ..PolicyConfig::default()
        };
        assert_eq!(Ticks::new(PolicyConfig::default()).slice_budget(), 100);
        assert_eq!(Ticks::new(cfg).slice_budget(), 50);
        assert_eq!(Ticks::with(cfg, &[7, 0, 0, 0]).slice_budget(), 7);
    }
}
