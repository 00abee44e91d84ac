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
}

impl RuntimeCosts {
    /// No costs of its own.
    pub const NONE: RuntimeCosts = RuntimeCosts {
        instruction_ns: None,
        wake_ns: None,
    };

    /// Whether it changes nothing.
    pub fn is_none(&self) -> bool {
        self.instruction_ns.is_none() && self.wake_ns.is_none()
    }

    /// `cost` with these figures in place of its own.
    pub fn apply(&self, cost: &mut super::CostModel) {
        if let Some(v) = self.instruction_ns {
            cost.instruction_ns = v;
        }
        if let Some(v) = self.wake_ns {
            cost.signal_ns = v;
        }
    }

    /// Checks the figures: finite, an instruction from 0.001 ns to 1 ms,
    /// a wake up to 1 ms.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(v) = self.instruction_ns {
            if !(v.is_finite() && (1e-3..=1e6).contains(&v)) {
                return Err(format!(
                    "instruction_ns must be a number from 0.001 to 1000000, got {v}"
                ));
            }
        }
        if let Some(v) = self.wake_ns {
            if !(v.is_finite() && (0.0..=1e6).contains(&v)) {
                return Err(format!(
                    "wake_ns must be a number from 0 to 1000000, got {v}"
                ));
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
        };
        assert!(bad.validate().unwrap_err().contains("instruction_ns"));
        let bad = RuntimeCosts {
            instruction_ns: None,
            wake_ns: Some(f64::NAN),
        };
        assert!(bad.validate().unwrap_err().contains("wake_ns"));
        assert!(RuntimeCosts::NONE.validate().is_ok());
    }
}
