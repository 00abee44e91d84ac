//! The cost model: how much virtual time each thing takes in the virtual
//! engine — bytecode, calls, native work, GIL operations, and what the OS
//! adds: wake-up latency, timer overshoot, context switches, time slices.
//!
//! [`CostModel::default`] holds figures measured on the machine gilsim was
//! developed on by `gilsim calibrate` (see README); `gilsim calibrate
//! --output FILE` measures this machine and `--cost-model FILE` uses the
//! result. The file is JSON; every field is in nanoseconds except
//! `jitter`, a fraction.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Virtual-time costs. Latencies are spread by ±`jitter` with the run's
/// seeded generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    /// Virtual time per bytecode instruction (as counted by the
    /// interpreter: a fused superinstruction counts each part).
    pub instruction_ns: f64,
    /// Extra time per function call (frame push and return).
    pub call_ns: f64,
    /// Time per unit of native work (`CALL_NATIVE`).
    pub native_unit_ns: f64,
    /// CPU time of one uncontended GIL drop or take (mutex and bookkeeping).
    pub gil_op_ns: f64,
    /// Extra CPU time of a release that wakes a sleeping waiter (the futex
    /// wake system call) or hands over to a waiter running on another core
    /// (contention for the lock's state): what makes the GIL battle slow.
    pub signal_ns: f64,
    /// From a wake-up (signal, lock release, thread end) to the woken
    /// thread running on an idle core.
    pub wakeup_ns: f64,
    /// How late a timed sleep or timed wait ends: timer slack and wake-up.
    pub timer_overshoot_ns: f64,
    /// Switching a core from one thread to another.
    pub context_switch_ns: f64,
    /// The OS time slice: a thread runs this long before a runnable thread
    /// waiting for a core may take its turn.
    pub os_quantum_ns: f64,
    /// A woken thread preempts a running one at once (rather than waiting
    /// for a core) if it has used this much less CPU time (CFS's
    /// wake-up granularity).
    pub wakeup_granularity_ns: f64,
    /// Starting an OS thread (`START_THREAD`), charged to the starter.
    pub thread_start_ns: f64,
    /// Starting a worker process (process mode), before it runs bytecode.
    pub process_start_ns: f64,
    /// Relative spread of every latency: each is drawn uniformly from
    /// mean × (1 ± jitter).
    pub jitter: f64,
    /// Where and how the figures were measured (free text).
    #[serde(default)]
    pub calibrated_on: String,
}

impl Default for CostModel {
    /// Measured by `gilsim calibrate` on gilsim's development machine (2
    /// cores, AMD EPYC, shared; 2026-11-24), rounded. The OS time slice,
    /// wake-up granularity and context-switch cost are Linux's defaults.
    fn default() -> Self {
        CostModel {
            instruction_ns: 0.99,
            call_ns: 14.0,
            native_unit_ns: 990.0,
            gil_op_ns: 75.0,
            signal_ns: 196.0,
            wakeup_ns: 11_200.0,
            timer_overshoot_ns: 81_400.0,
            context_switch_ns: 2_000.0,
            os_quantum_ns: 3_000_000.0,
            wakeup_granularity_ns: 1_000_000.0,
            thread_start_ns: 28_900.0,
            process_start_ns: 1_700_000.0,
            jitter: 0.34,
            calibrated_on: "built-in: gilsim calibrate on a 2-core AMD EPYC (shared), 2026-11-24"
                .into(),
        }
    }
}

impl CostModel {
    /// Checks that every figure is usable: finite, not negative, a positive
    /// instruction cost and time slice, jitter below 1.
    pub fn validate(&self) -> Result<(), String> {
        let fields = [
            ("instruction_ns", self.instruction_ns),
            ("call_ns", self.call_ns),
            ("native_unit_ns", self.native_unit_ns),
            ("gil_op_ns", self.gil_op_ns),
            ("signal_ns", self.signal_ns),
            ("wakeup_ns", self.wakeup_ns),
            ("timer_overshoot_ns", self.timer_overshoot_ns),
            ("context_switch_ns", self.context_switch_ns),
            ("os_quantum_ns", self.os_quantum_ns),
            ("wakeup_granularity_ns", self.wakeup_granularity_ns),
            ("thread_start_ns", self.thread_start_ns),
            ("process_start_ns", self.process_start_ns),
            ("jitter", self.jitter),
        ];
        for (name, v) in fields {
            if !v.is_finite() || v < 0.0 {
                return Err(format!("{name} must be a finite number >= 0, got {v}"));
            }
        }
        if self.instruction_ns <= 0.0 {
            return Err("instruction_ns must be > 0".into());
        }
        if self.os_quantum_ns < 1_000.0 {
            return Err("os_quantum_ns must be at least 1000 (1 us)".into());
        }
        if self.jitter >= 1.0 {
            return Err(format!("jitter must be below 1, got {}", self.jitter));
        }
        Ok(())
    }

    /// Reads and checks a cost-model file.
    pub fn load(path: &Path) -> Result<CostModel, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let model: CostModel = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{}:{}:{}: not a cost model: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        model
            .validate()
            .map_err(|m| Error::Usage(format!("{}: {m}", path.display())))?;
        Ok(model)
    }

    /// Writes the cost model as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).expect("a cost model always serialises");
        std::fs::write(path, text + "\n").map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Virtual time of `instructions` instructions that made `calls` calls.
    pub fn bytecode_ns(&self, instructions: u64, calls: u64) -> u64 {
        (instructions as f64 * self.instruction_ns + calls as f64 * self.call_ns).round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_survive_a_round_trip() {
        let m = CostModel::default();
        m.validate().unwrap();
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<CostModel>(&text).unwrap(), m);
    }

    #[test]
    fn bad_figures_are_refused_by_name() {
        let m = CostModel {
            wakeup_ns: -1.0,
            ..CostModel::default()
        };
        assert!(m.validate().unwrap_err().contains("wakeup_ns"));
        let m = CostModel {
            jitter: 1.5,
            ..CostModel::default()
        };
        assert!(m.validate().unwrap_err().contains("jitter"));
        let m = CostModel {
            instruction_ns: 0.0,
            ..CostModel::default()
        };
        assert!(m.validate().is_err());
    }
}
