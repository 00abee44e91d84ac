//! `ticks`: the GIL of Python <= 3.1.
//!
//! Every `--check-interval` instructions (default 100, `sys.setcheckinterval`)
//! the holder releases the lock and at once asks for it again. There are no
//! drop requests and no forced switching; waiters block until signalled.
//! On a multicore machine the releasing thread usually wins the lock back
//! while the thread it woke is still waking up — the "GIL battle" that made
//! two CPU-bound threads slower than one. Nothing here arranges the battle:
//! it follows from releasing and re-taking with no hand-off.

use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// The Python <= 3.1 policy.
#[derive(Debug)]
pub struct Ticks {
    check_interval: u64,
}

impl Ticks {
    /// A tick policy releasing every `cfg.check_interval` instructions.
    pub fn new(cfg: PolicyConfig) -> Ticks {
        Ticks {
            check_interval: cfg.check_interval.max(1),
        }
    }
}

impl Policy for Ticks {
    fn name(&self) -> &'static str {
        "ticks"
    }

    fn wait_timeout_ns(&self, _core: &GilCore) -> Option<u64> {
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
