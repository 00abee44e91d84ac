//! What a runtime preset says its interpreter costs where that differs
//! from gilsim's own figures: how fast it runs bytecode, and what waking
//! a waiter costs the thread that releases the lock. Python 2.7 needs
//! both — its GIL battle is a race between a release every 100 ticks
//! and a woken thread, so it depends on how long 100 ticks take and how
//! dear a wake is. The virtual engine takes them into its cost model
//! (`instruction_ns`, `signal_ns`); the real engine pays them as busy CPU.

use serde::{Deserialize, Serialize};

/// A runtime's own costs; `None` keeps gilsim's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeCosts {
    /// Time per gilsim instruction of the modelled interpreter (ns): the
    /// virtual engine's `instruction_ns`; the real engine runs bytecode no
    /// faster than this (it spins out the difference every few hundred
    /// instructions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_ns: Option<f64>,
    /// CPU time a release costs the releasing thread when a waiter is
    /// asleep on the lock (ns): the wake system call and the lock's cache
    /// line moving. The virtual engine's `signal_ns`; the real engine
    /// spins this long after such a release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wake_ns: Option<f64>,
    /// CPU time a thread pays when it takes the lock from another thread
    /// (ns): the lock and the work move between cores' caches, and the
    /// thread that lost it goes to sleep in the kernel. The virtual engine
    /// charges it to the taker; real threads pay their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_ns: Option<f64>,
    /// On the real engine, what a release that leaves a waiter asleep
    /// costs the modelled runtime beyond gilsim's own lock (ns): Python
    /// 2's `sem_post` makes a system call each time, parking_lot's unpark
    /// is cheaper. Spun by the releasing thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_wake_ns: Option<f64>,
    /// Starting a thread, to the starter (ns): CPython's
    /// `Thread.start()` waits for the new thread to say it has started.
    /// The virtual engine's `thread_start_ns`; real threads pay their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_start_ns: Option<f64>,
}

impl RuntimeCosts {
    /// No costs of its own.
    pub const NONE: RuntimeCosts = RuntimeCosts {
        instruction_ns: None,
        wake_ns: None,
        handoff_ns: None,
        real_wake_ns: None,
        thread_start_ns: None,
    };

    /// Whether it changes nothing.
    pub fn is_none(&self) -> bool {
        *self == Self::NONE
    }

    /// `cost` with these figures in place of its own.
    pub fn apply(&self, cost: &mut super::CostModel) {
        if let Some(v) = self.instruction_ns {
            cost.instruction_ns = v;
        }
        if let Some(v) = self.wake_ns {
            cost.signal_ns = v;
        }
        if let Some(v) = self.thread_start_ns {
            cost.thread_start_ns = v;
        }
    }

    /// Checks the figures: finite, an instruction from 0.001 ns to 1 ms,
    /// a wake or hand-over up to 1 ms, a thread start up to 10 s.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(v) = self.instruction_ns {
            if !(v.is_finite() && (1e-3..=1e6).contains(&v)) {
                return Err(format!(
                    "instruction_ns must be a number from 0.001 to 1000000, got {v}"
                ));
            }
        }
        for (name, v, max) in [
            ("wake_ns", self.wake_ns, 1e6),
            ("handoff_ns", self.handoff_ns, 1e6),
            ("real_wake_ns", self.real_wake_ns, 1e6),
            ("thread_start_ns", self.thread_start_ns, 1e10),
        ] {
            if let Some(v) = v {
                if !(v.is_finite() && (0.0..=max).contains(&v)) {
                    return Err(format!("{name} must be a number from 0 to {max}, got {v}"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_replaces_only_what_is_given() {
        let mut m = super::super::CostModel::default();
        let before = m.clone();
        RuntimeCosts::NONE.apply(&mut m);
        assert_eq!(m, before);
        RuntimeCosts {
            instruction_ns: Some(3.0),
            wake_ns: None,
            handoff_ns: None,
            real_wake_ns: None,
            thread_start_ns: None,
        }
        .apply(&mut m);
        assert_eq!(m.instruction_ns, 3.0);
        assert_eq!(m.signal_ns, before.signal_ns);
    }

    #[test]
    fn implausible_figures_are_refused() {
        let bad = RuntimeCosts {
            instruction_ns: Some(0.0),
            wake_ns: None,
            handoff_ns: None,
            real_wake_ns: None,
            thread_start_ns: None,
        };
        assert!(bad.validate().unwrap_err().contains("instruction_ns"));
        let bad = RuntimeCosts {
            instruction_ns: None,
            wake_ns: Some(f64::NAN),
            handoff_ns: None,
            real_wake_ns: None,
            thread_start_ns: None,
        };
        assert!(bad.validate().unwrap_err().contains("wake_ns"));
        assert!(RuntimeCosts::NONE.validate().is_ok());
    }
}
