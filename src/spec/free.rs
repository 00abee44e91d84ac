//! Free-threading profiles: what free mode costs, as a named build of
//! free-threaded CPython pays it (`--free-threading NAME`). `ideal` costs
//! nothing — threads run at full speed and never contend.
//!
//! A profile's [`FreeCosts`] are four figures, each sourced on its field:
//! the single-thread overhead of the free-threaded interpreter (a fraction
//! of bytecode time), and three prices in *instructions* — multiples of the
//! cost model's `instruction_ns` — for a container operation's per-object
//! lock, for touching an object shared with another thread (atomic rather
//! than biased reference counting), and for each other thread touching
//! shared objects on another core at the same moment (the cache line and
//! the lock move between cores). The prices are hardware costs measured in
//! nanoseconds and converted at CPython 3.11's speed on this machine, about
//! 3 ns per bytecode (docs/internals/performance.md: the count-down loop runs about
//! 3x slower in CPython than in gilsim, whose `instruction_ns` is 0.99 ns),
//! so that they weigh against bytecode as much as they do in CPython.

use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Which free-threaded CPython free mode imitates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FreeProfileId {
    /// No cost at all: perfect scaling (gilsim before profiles).
    #[serde(rename = "ideal")]
    Ideal,
    /// CPython 3.13t: the specializing interpreter off, per-object locks.
    #[serde(rename = "3.13t")]
    Cp313t,
    /// CPython 3.14t: specialization back on, per-object locks.
    #[default]
    #[serde(rename = "3.14t")]
    Cp314t,
}

/// What free mode costs under one profile (see the module notes).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeCosts {
    /// Extra time per bytecode, as a fraction of its cost: the free-threaded
    /// interpreter's single-thread overhead. 3.13t: "about 40% on the
    /// pyperformance suite", the specializing adaptive interpreter being
    /// disabled in the free-threaded build (CPython 3.13,
    /// Doc/howto/free-threading-python.rst, *Single-threaded performance*).
    /// 3.14t: 8% — "roughly 5-10%, depending on the platform and C
    /// compiler" (What's New in Python 3.14, PEP 779); the 3.14 HOWTO
    /// gives "from about 1% on macOS aarch64 to 8% on x86-64 Linux", the
    /// platform gilsim is calibrated on.
    pub overhead: f64,
    /// Per container operation on a list, dict, set or instance: its
    /// per-object lock (PEP 703 *critical sections*: a one-byte `PyMutex`,
    /// uncontended lock and unlock each one compare-and-swap; reads take an
    /// optimistic path that still does an atomic reference-count
    /// increment). An uncontended lock and unlock measured 6.0 ns on this
    /// machine (2-core AMD EPYC, 2026-11-25), about 2 CPython bytecodes: 2
    /// instructions.
    pub lock_instr: f64,
    /// Extra per operation on an object another thread has touched too:
    /// PEP 703's biased reference counting makes the owner's increments
    /// plain and every other thread's atomic (`ob_ref_shared`). One atomic
    /// add measured 2.9 ns here, about one bytecode: 1 instruction.
    pub shared_instr: f64,
    /// Extra per operation on a shared object for each other thread of the
    /// same interpreter running on another core at that moment: the object's
    /// cache line (its lock and reference counts) moves between cores, and
    /// the lock is contended. A transfer of a modified line between cores
    /// takes tens to over a hundred ns on AMD EPYC (Velten et al., *Memory
    /// Performance of AMD EPYC Rome and Intel Cascade Lake SP Server
    /// Processors*, ICPE 2022, arXiv:2204.03290); taken as 45 ns: 15
    /// instructions. CPython's Tools/ftscalingbench exists because such
    /// "reference count contention or lock contention" keeps patterns that
    /// ought to scale from scaling.
    pub contention_instr: f64,
}

impl FreeCosts {
    /// Nothing at all: the `ideal` profile.
    pub const NONE: FreeCosts = FreeCosts {
        overhead: 0.0,
        lock_instr: 0.0,
        shared_instr: 0.0,
        contention_instr: 0.0,
    };

    /// Whether container operations cost anything (so they must be counted).
    pub fn counts_touches(&self) -> bool {
        self.lock_instr > 0.0 || self.shared_instr > 0.0 || self.contention_instr > 0.0
    }

    /// Whether the profile costs nothing at all.
    pub fn is_free(&self) -> bool {
        *self == FreeCosts::NONE
    }
}

impl FreeProfileId {
    /// The profile's figures (sources on [`FreeCosts`]' fields). 3.13t and
    /// 3.14t share the hardware prices: both lock per object and count
    /// references the same way; 3.14t's gain is its interpreter.
    pub fn costs(self) -> FreeCosts {
        let hardware = FreeCosts {
            overhead: 0.0,
            lock_instr: 2.0,
            shared_instr: 1.0,
            contention_instr: 15.0,
        };
        match self {
            FreeProfileId::Ideal => FreeCosts::NONE,
            FreeProfileId::Cp313t => FreeCosts {
                overhead: 0.40,
                ..hardware
            },
            FreeProfileId::Cp314t => FreeCosts {
                overhead: 0.08,
                ..hardware
            },
        }
    }

    /// `--free-threading`'s help: what it does and every profile.
    pub fn help() -> String {
        let mut s = String::from(
            "Free mode only: which free-threaded CPython to imitate, and so what \
             free mode costs [default: 3.14t]:",
        );
        for p in Self::ALL {
            let c = p.costs();
            let _ = write!(
                s,
                "\n  {:<6} {:.0}% single-thread overhead; per container operation {} + {} + {} \
                 instructions (per-object lock, shared object, per contending thread)",
                p.name(),
                c.overhead * 100.0,
                c.lock_instr,
                c.shared_instr,
                c.contention_instr
            );
        }
        s
    }

    /// The profile called `name`, or a usage message listing the profiles.
    pub fn parse(name: &str) -> Result<FreeProfileId, String> {
        Self::by_name(name).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|p| p.name()).collect();
            format!(
                "unknown free-threading profile '{name}': expected one of {}",
                names.join(", ")
            )
        })
    }

    /// Every profile, in `--free-threading`'s order.
    pub const ALL: [FreeProfileId; 3] = [
        FreeProfileId::Ideal,
        FreeProfileId::Cp313t,
        FreeProfileId::Cp314t,
    ];

    /// The profile's name as `--free-threading` spells it.
    pub fn name(self) -> &'static str {
        match self {
            FreeProfileId::Ideal => "ideal",
            FreeProfileId::Cp313t => "3.13t",
            FreeProfileId::Cp314t => "3.14t",
        }
    }

    /// The profile called `name`, if any.
    pub fn by_name(name: &str) -> Option<FreeProfileId> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl std::fmt::Display for FreeProfileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in FreeProfileId::ALL {
            assert_eq!(FreeProfileId::by_name(p.name()), Some(p));
            let j = serde_json::to_string(&p).unwrap();
            assert_eq!(j, format!("\"{}\"", p.name()));
        }
        assert_eq!(FreeProfileId::by_name("3.12t"), None);
    }

    #[test]
    fn ideal_costs_nothing_and_the_builds_cost_what_cpython_reports() {
        assert!(FreeProfileId::Ideal.costs().is_free());
        assert!(!FreeProfileId::Ideal.costs().counts_touches());
        let t13 = FreeProfileId::Cp313t.costs();
        let t14 = FreeProfileId::Cp314t.costs();
        assert_eq!(t13.overhead, 0.40);
        assert!((0.05..=0.10).contains(&t14.overhead));
        assert!(t13.counts_touches() && t14.counts_touches());
        // Contention costs far more than an uncontended lock, which costs
        // more than a shared reference count.
        assert!(t14.contention_instr > t14.lock_instr && t14.lock_instr > t14.shared_instr);
        assert_eq!(FreeProfileId::default(), FreeProfileId::Cp314t);
    }

    #[test]
    fn a_bad_name_is_refused_with_the_list() {
        let e = FreeProfileId::parse("3.12t").unwrap_err();
        assert!(e.contains("ideal, 3.13t, 3.14t"), "{e}");
        assert_eq!(FreeProfileId::parse("3.13t"), Ok(FreeProfileId::Cp313t));
        assert!(FreeProfileId::help().contains("3.13t  40%"));
    }
}
