//! `cooperative`: asyncio's event loop seen as a GIL. A task holds the
//! loop until it waits (it is never asked to drop it: no drop requests, no
//! timed waits, no forced switching), and the loop then runs the ready
//! tasks in the order they became ready. Both asyncio engines (real and
//! virtual) run their tasks through [`super::Gil`] with this policy, so the
//! same program reports the same acquisitions, releases and switches on
//! either. It is not in the registry: `--mode async` selects it.

use super::{GilCore, Policy, Release, Tid, Wake};
use std::collections::VecDeque;

/// The event loop's scheduling rule.
#[derive(Debug, Default)]
pub struct Cooperative {
    // invariant: the tasks waiting to run, in the order they became ready;
    // no duplicates.
    ready: VecDeque<Tid>,
}

impl Policy for Cooperative {
    fn name(&self) -> &'static str {
        "cooperative"
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
        if let Some(i) = self.ready.iter().position(|r| *r == t) {
            self.ready.remove(i);
        }
    }

    fn wait_timeout_ns(&self, _core: &GilCore, _t: Tid) -> Option<u64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_runs_ready_tasks_in_the_order_they_became_ready() {
        let mut p = Cooperative::default();
        let mut core = GilCore {
            locked: true,
            holder: Some(0),
            ..GilCore::default()
        };
        for t in [2, 1] {
            p.on_wait_start(&mut core, t);
            assert!(!p.may_take(&core, t), "the loop is busy");
        }
        core.locked = false;
        core.holder = None;
        assert_eq!(p.on_release(&mut core, 0, Release::Voluntary), Wake::One);
        assert_eq!(core.handoff, Some(2));
        assert!(p.may_take(&core, 2) && !p.may_take(&core, 1));
        core.handoff = None;
        p.on_taken(&mut core, 2);
        assert!(p.may_take(&core, 1));
    }
}
