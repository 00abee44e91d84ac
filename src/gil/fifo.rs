//! `fifo`: a fair GIL. Threads queue in the order they asked for it; a
//! release hands the GIL straight to the head of the queue (it is reserved
//! for that thread until it takes it), so a releasing thread can never win
//! it back while others wait. A CPU-bound holder is still asked to drop
//! after a switch interval, as in `newgil`.
//!
//! A thread forced off the GIL has already asked to come back, so it joins
//! the tail of the queue the moment it drops, not when the OS next runs it:
//! otherwise a slow wake-up would let a later thread overtake it.

use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// The fair FIFO hand-off policy.
#[derive(Debug)]
pub struct Fifo {
    interval_ns: u64,
    // invariant: every thread that wants the GIL and does not hold it, in
    // the order it asked; no duplicates.
    queue: Vec<Tid>,
}

impl Fifo {
    /// A FIFO policy with the configured switch interval.
    pub fn new(cfg: PolicyConfig) -> Fifo {
        Fifo {
            interval_ns: cfg.switch_interval_ns.max(1_000),
            queue: Vec::new(),
        }
    }

    /// The threads queued for the GIL, in order: waiters, and a thread
    /// forced off from the moment it dropped.
    pub fn queue(&self) -> &[Tid] {
        &self.queue
    }

    fn enqueue(&mut self, t: Tid) {
        if !self.queue.contains(&t) {
            self.queue.push(t);
        }
    }
}

impl Policy for Fifo {
    fn set_switch_interval(&mut self, ns: u64) {
        self.interval_ns = ns.max(1_000);
    }

    fn name(&self) -> &'static str {
        "fifo"
    }

    fn may_take(&self, core: &GilCore, t: Tid) -> bool {
        match core.handoff {
            Some(h) => h == t,
            // A free GIL goes to the head of the queue; newcomers queue.
            None => !core.locked && self.queue.first().is_none_or(|w| *w == t),
        }
    }

    fn on_wait_start(&mut self, _core: &mut GilCore, t: Tid) -> bool {
        self.enqueue(t);
        false
    }

    fn wait_timeout_ns(&self, _core: &GilCore, _t: Tid) -> Option<u64> {
        Some(self.interval_ns)
    }

    fn on_taken(&mut self, _core: &mut GilCore, t: Tid) {
        self.queue.retain(|w| *w != t);
    }

    fn on_release(&mut self, core: &mut GilCore, t: Tid, why: Release) -> Wake {
        if matches!(why, Release::Forced | Release::Budget) {
            self.enqueue(t);
        }
        core.handoff = self.queue.iter().copied().find(|w| *w != t);
        // A condition variable cannot wake one chosen thread: wake all, and
        // only the reserved one proceeds.
        Wake::All
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_hands_the_gil_to_the_longest_waiter() {
        let mut p = Fifo::new(PolicyConfig::default());
        let mut core = GilCore::default();
        for t in [3, 1, 2] {
            p.on_wait_start(&mut core, t);
        }
        p.on_release(&mut core, 0, Release::Forced);
        assert_eq!(core.handoff, Some(3));
        assert!(p.may_take(&core, 3));
        assert!(
            !p.may_take(&core, 1) && !p.may_take(&core, 0),
            "others, and the releaser, must wait"
        );
        // The forced-off thread queued at once, behind 1 and 2, even though
        // it has not come back to wait yet.
        core.handoff = None;
        p.on_taken(&mut core, 3);
        p.on_release(&mut core, 3, Release::Voluntary);
        assert_eq!(core.handoff, Some(1));
        core.handoff = None;
        p.on_taken(&mut core, 1);
        p.on_release(&mut core, 1, Release::Voluntary);
        assert_eq!(core.handoff, Some(2));
        core.handoff = None;
        p.on_taken(&mut core, 2);
        p.on_release(&mut core, 2, Release::Voluntary);
        assert_eq!(core.handoff, Some(0));
    }

    #[test]
    fn a_newcomer_queues_behind_existing_waiters() {
        let mut p = Fifo::new(PolicyConfig::default());
        let mut core = GilCore::default();
        p.on_wait_start(&mut core, 5);
        assert!(!p.may_take(&core, 6));
        assert!(p.may_take(&core, 5));
    }
}
