//! `io-priority`: the priority scheme proposed for bpo-7946 in 2010.
//!
//! A thread forced off the GIL (by a drop request) is marked CPU-bound; a
//! voluntary release (IO, a lock, a join) clears the mark. A thread that
//! asks for the GIL while unmarked — typically back from IO — and finds a
//! CPU-bound holder raises the drop request at once instead of waiting a
//! switch interval; and when the GIL is free, unmarked waiters go first.
//! Otherwise it behaves like `newgil`.

use super::{GilCore, Policy, PolicyConfig, Release, Tid, Wake};

/// The IO-priority policy.
#[derive(Debug)]
pub struct IoPriority {
    interval_ns: u64,
    // invariant: cpu_bound[t] is true iff t's last release was forced.
    cpu_bound: Vec<bool>,
}

impl IoPriority {
    /// An IO-priority policy with the configured switch interval.
    pub fn new(cfg: PolicyConfig) -> IoPriority {
        IoPriority {
            interval_ns: cfg.switch_interval_ns.max(1_000),
            cpu_bound: Vec::new(),
        }
    }

    fn is_cpu_bound(&self, t: Tid) -> bool {
        self.cpu_bound.get(t as usize).copied().unwrap_or(false)
    }

    fn mark(&mut self, t: Tid, cpu: bool) {
        let i = t as usize;
        if self.cpu_bound.len() <= i {
            self.cpu_bound.resize(i + 1, false);
        }
        self.cpu_bound[i] = cpu;
    }
}

impl Policy for IoPriority {
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
        let holder_cpu = core.holder.is_some_and(|h| self.is_cpu_bound(h));
        if core.locked && holder_cpu && !self.is_cpu_bound(t) && !core.drop_request {
            core.drop_request = true;
            return true;
        }
        false
    }

    fn wait_timeout_ns(&self, _core: &GilCore) -> Option<u64> {
        Some(self.interval_ns)
    }

    fn on_release(&mut self, _core: &mut GilCore, t: Tid, why: Release) -> Wake {
        match why {
            Release::Forced => self.mark(t, true),
            Release::Voluntary => self.mark(t, false),
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
}
