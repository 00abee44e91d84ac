//! The cost model: how much virtual time each thing takes in the virtual
//! engine — bytecode, calls, native work, GIL operations, and what the OS
//! adds: wake-up latency, timer overshoot, context switches, time slices.
//!
//! [`CostModel::default`] holds figures measured on the machine gilsim was
//! developed on by `gilsim calibrate` (see docs/reference/cost-model.md); `gilsim calibrate
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
    /// Starting a subinterpreter (interp mode, `concurrent.interpreters`),
    /// before it runs bytecode: CPython's `_interpreters.create()` and a
    /// first exec, measured (docs/results.md, subinterpreters). Older cost-model
    /// files without it get this default.
    #[serde(default = "default_interp_start_ns")]
    pub interp_start_ns: f64,
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
            interp_start_ns: default_interp_start_ns(),
            jitter: 0.34,
            calibrated_on: "built-in: gilsim calibrate on a 2-core AMD EPYC (shared), 2026-11-24"
                .into(),
        }
    }
}

/// `interp_start_ns`'s default: `process_start_ns` (gilsim's own worker
/// start) times CPython's ratio of an interpreter start to a process
/// start, measured side by side by `benches/interp_startup.py` under
/// CPython 3.13: `_interpreters.create()` + a first `run_string` against
/// a `multiprocessing` spawn start + join, 0.18 (11 ms / 63 ms on a shared
/// 2-core machine; docs/results.md, subinterpreters). Anchored on the process
/// start so that a virtual run keeps CPython's order — a thread starts
/// faster than an interpreter, an interpreter faster than a process.
pub fn default_interp_start_ns() -> f64 {
    DEFAULT_INTERP_START_NS
}

/// See [`default_interp_start_ns`].
pub const DEFAULT_INTERP_START_NS: f64 = 306_000.0;

impl CostModel {
    /// Each figure's plausible range, inclusive: a model outside these is
    /// a mistake (a unit slip, a typo), not a machine, and would make
    /// virtual time meaningless or a run endless. Latencies up to 1 s, the
    /// OS time slice and wake-up granularity up to 10 s, start-ups up to
    /// 10 s, an instruction up to 1 ms.
    pub const RANGES: [(&'static str, f64, f64); 14] = [
        ("instruction_ns", 1e-3, 1e6),
        ("call_ns", 0.0, 1e6),
        ("native_unit_ns", 0.0, 1e9),
        ("gil_op_ns", 0.0, 1e6),
        ("signal_ns", 0.0, 1e6),
        ("wakeup_ns", 0.0, 1e9),
        ("timer_overshoot_ns", 0.0, 1e9),
        ("context_switch_ns", 0.0, 1e9),
        ("os_quantum_ns", 1e3, 1e10),
        ("wakeup_granularity_ns", 0.0, 1e10),
        ("thread_start_ns", 0.0, 1e10),
        ("process_start_ns", 0.0, 1e10),
        ("interp_start_ns", 0.0, 1e10),
        ("jitter", 0.0, 0.99),
    ];

    fn figures(&self) -> [f64; 14] {
        [
            self.instruction_ns,
            self.call_ns,
            self.native_unit_ns,
            self.gil_op_ns,
            self.signal_ns,
            self.wakeup_ns,
            self.timer_overshoot_ns,
            self.context_switch_ns,
            self.os_quantum_ns,
            self.wakeup_granularity_ns,
            self.thread_start_ns,
            self.process_start_ns,
            self.interp_start_ns,
            self.jitter,
        ]
    }

    /// Checks that every figure is a finite number in its plausible range
    /// ([`CostModel::RANGES`]); the error names the first that is not.
    pub fn validate(&self) -> Result<(), String> {
        self.out_of_range().map_or(Ok(()), |(_, msg)| Err(msg))
    }

    /// The first figure out of its range: its name, and what is wrong.
    fn out_of_range(&self) -> Option<(&'static str, String)> {
        Self::RANGES
            .iter()
            .zip(self.figures())
            .find(|((_, lo, hi), v)| !(v.is_finite() && *lo <= *v && *v <= *hi))
            .map(|((name, lo, hi), v)| {
                (
                    *name,
                    format!("{name} must be a number from {lo} to {hi}, got {v}"),
                )
            })
    }

    /// Reads and checks a cost-model file; errors say where: the parser's
    /// line and column, or the line and column of the figure out of range.
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
        if let Some((name, msg)) = model.out_of_range() {
            let key = format!("\"{name}\"");
            let (line, col) = text.find(&key).map_or((1, 1), |at| {
                let before = &text[..at];
                let line = before.matches('\n').count() + 1;
                let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                (line, col)
            });
            return Err(Error::Usage(format!(
                "{}:{line}:{col}: {msg}",
                path.display()
            )));
        }
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
    fn a_model_written_before_interp_start_ns_still_loads() {
        let mut m = serde_json::to_value(CostModel::default()).unwrap();
        m.as_object_mut().unwrap().remove("interp_start_ns");
        let m: CostModel = serde_json::from_value(m).unwrap();
        assert_eq!(m.interp_start_ns, DEFAULT_INTERP_START_NS);
        let m = CostModel {
            interp_start_ns: -5.0,
            ..CostModel::default()
        };
        assert!(m.validate().unwrap_err().contains("interp_start_ns"));
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
        for (name, v) in [
            ("instruction_ns", 1e18),
            ("gil_op_ns", 1e12),
            ("timer_overshoot_ns", 1e300),
        ] {
            let mut m = serde_json::to_value(CostModel::default()).unwrap();
            m[name] = v.into();
            let m: CostModel = serde_json::from_value(m).unwrap();
            assert!(m.validate().unwrap_err().starts_with(name), "{name}");
        }
    }

    #[test]
    fn a_figure_out_of_range_is_reported_at_its_line_and_column() {
        let dir = std::env::temp_dir().join(format!("gilsim-cost-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("m.json");
        let text = serde_json::to_string_pretty(&CostModel::default())
            .unwrap()
            .replace("\"gil_op_ns\": 75.0", "\"gil_op_ns\": 1e12");
        std::fs::write(&p, text).unwrap();
        let e = CostModel::load(&p).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            e.contains("m.json:5:3: gil_op_ns must be a number from 0 to 1000000"),
            "{e}"
        );
    }
}
