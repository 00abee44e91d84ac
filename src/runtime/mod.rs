//! Runtime presets (`--runtime NAME`): a real interpreter's lock as one
//! bundle of settings — the mode it implies, a GIL policy with its
//! parameters, the switch or check interval, and for free-threaded builds
//! the free-threading profile. Each preset is a policy of src/gil/ plus
//! data with its sources ([`presets::PRESETS`]); `gilsim runtimes` lists
//! them.
//!
//! The lookup is a small public API, for the command line and for tools
//! that map real interpreters to presets:
//!
//! ```
//! use gilsim::runtime::Runtime;
//! use gilsim::spec::RunConfig;
//! let mut cfg = RunConfig::default();
//! Runtime::by_name("cpython-2.7").unwrap().apply(&mut cfg);
//! assert_eq!(cfg.policy.to_string(), "ticks(check=450)");
//! ```
//!
//! How a preset combines with explicit flags (`gilsim run`, `sweep`):
//!
//! | flag                 | with `--runtime R`                                             |
//! |----------------------|----------------------------------------------------------------|
//! | `--mode M`           | accepted if R allows M ([`Runtime::allows_mode`]), else refused (exit 64) |
//! | `--policy P`         | refused: R is a policy choice; use one or the other            |
//! | `--switch-interval`  | overrides R's if R's policy uses one (the CPython 3 GILs), else refused |
//! | `--check-interval`   | overrides R's if R's policy uses one (`cpython-2.7`), else refused |

mod presets;

pub use presets::PRESETS;

use crate::gil::PolicyId;
use crate::spec::{FreeProfileId, Mode, RunConfig, RuntimeCosts};

/// The lock a runtime has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeLock {
    /// One global lock scheduled by a gilsim policy (gil mode).
    Gil {
        /// The policy's spelling, with parameters if any.
        policy: &'static str,
        /// The switch interval (ns), for policies that use one.
        switch_interval_ns: u64,
        /// The check interval, for tick-based policies.
        check_interval: Option<u64>,
    },
    /// No global lock (free mode), costed by a free-threading profile.
    Free {
        /// The profile's name ([`FreeProfileId::by_name`]).
        profile: &'static str,
    },
}

/// One preset: a named runtime's lock, with the sources of its figures.
#[derive(Debug, PartialEq)]
pub struct Runtime {
    /// The name `--runtime` accepts (`cpython-3.11`).
    pub name: &'static str,
    /// One line for listings.
    pub about: &'static str,
    /// Its lock and figures.
    pub lock: RuntimeLock,
    /// Its own costs where they matter to its lock: its speed and what a
    /// wake costs (only `cpython-2.7`'s tick battle needs them).
    pub costs: RuntimeCosts,
    /// Where the figures come from: files and constants in the runtime's
    /// source, documentation URLs.
    pub sources: &'static [&'static str],
}

// Presets are compile-time data whose cost figures are finite (tested),
// so equality is reflexive.
impl Eq for Runtime {}

/// Why `--runtime` (with other flags) was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuntimeError {
    /// No preset of that name.
    #[error(
        "unknown runtime '{name}' (runtimes: {}; `gilsim runtimes` describes them)",
        Runtime::names()
    )]
    Unknown {
        /// The name given.
        name: String,
    },
    /// A flag the preset contradicts or already decides.
    #[error("--runtime {runtime} {problem}")]
    Conflict {
        /// The preset.
        runtime: &'static str,
        /// What is wrong, e.g. "runs in free mode: --mode gil contradicts it".
        problem: String,
    },
}

impl Runtime {
    /// The preset called `name`, if any.
    pub fn by_name(name: &str) -> Option<&'static Runtime> {
        PRESETS.iter().find(|r| r.name == name)
    }

    /// The preset called `name`, or an error listing the presets.
    pub fn parse(name: &str) -> Result<&'static Runtime, RuntimeError> {
        Runtime::by_name(name).ok_or_else(|| RuntimeError::Unknown {
            name: name.to_string(),
        })
    }

    /// Every preset, the default (`cpython-3.11`) first.
    pub fn all() -> &'static [Runtime] {
        PRESETS
    }

    /// The default preset: `cpython-3.11`, which is gilsim's defaults.
    pub fn default_runtime() -> &'static Runtime {
        &PRESETS[0]
    }

    /// The preset names, comma-separated.
    pub fn names() -> String {
        PRESETS
            .iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The mode it implies: gil, or free for free-threaded builds.
    pub fn mode(&self) -> Mode {
        match self.lock {
            RuntimeLock::Gil { .. } => Mode::Gil,
            RuntimeLock::Free { .. } => Mode::Free,
        }
    }

    /// Whether it can run in `mode`: its own, and for a runtime with a GIL
    /// also process mode (each worker process under the runtime's lock,
    /// as `multiprocessing` runs them).
    pub fn allows_mode(&self, mode: Mode) -> bool {
        mode == self.mode() || (self.mode() == Mode::Gil && mode == Mode::Process)
    }

    /// Its policy, with the check interval in it for tick-based policies
    /// (as `--policy ticks --check-interval 100` makes it); `None` without
    /// a GIL.
    pub fn policy(&self) -> Option<PolicyId> {
        let RuntimeLock::Gil {
            policy,
            check_interval,
            ..
        } = self.lock
        else {
            return None;
        };
        let p = PolicyId::parse(policy).expect("every preset's policy parses (tested)");
        Some(match check_interval {
            Some(n) => p
                .with_flag("--check-interval", n)
                .expect("every preset's check interval is valid (tested)"),
            None => p,
        })
    }

    /// Its switch interval (ns), if its policy uses one.
    pub fn switch_interval_ns(&self) -> Option<u64> {
        match self.lock {
            RuntimeLock::Gil {
                switch_interval_ns, ..
            } if self.uses_switch_interval() => Some(switch_interval_ns),
            _ => None,
        }
    }

    /// Its check interval, for tick-based policies.
    pub fn check_interval(&self) -> Option<u64> {
        match self.lock {
            RuntimeLock::Gil { check_interval, .. } => check_interval,
            RuntimeLock::Free { .. } => None,
        }
    }

    /// Whether its policy reads the switch interval (CPython 3's GIL does;
    /// the tick, GVL and master-lock policies have their own periods).
    pub fn uses_switch_interval(&self) -> bool {
        matches!(self.lock, RuntimeLock::Gil { policy, .. } if policy == "newgil")
    }

    /// Its own costs (speed, wakes); none for most.
    pub fn costs(&self) -> RuntimeCosts {
        self.costs
    }

    /// Its free-threading profile, for free-threaded builds.
    pub fn free_profile(&self) -> Option<FreeProfileId> {
        match self.lock {
            RuntimeLock::Free { profile } => Some(
                FreeProfileId::by_name(profile).expect("every preset's profile exists (tested)"),
            ),
            RuntimeLock::Gil { .. } => None,
        }
    }

    /// Sets `cfg`'s mode, policy, switch and check intervals and free
    /// profile to this runtime's (what it does not have keeps gilsim's
    /// defaults); everything else in `cfg` is left alone.
    pub fn apply(&self, cfg: &mut RunConfig) {
        let d = RunConfig::default();
        cfg.mode = self.mode();
        cfg.policy = self.policy().unwrap_or(d.policy);
        cfg.switch_interval_ns = self.switch_interval_ns().unwrap_or(d.switch_interval_ns);
        cfg.check_interval = self.check_interval().unwrap_or(d.check_interval);
        cfg.free_profile = self.free_profile().unwrap_or(d.free_profile);
        cfg.runtime_costs = self.costs;
    }

    /// Checks flags given beside `--runtime` (see the module's table):
    /// `mode` and `policy` when given explicitly, and whether a switch or
    /// check interval was.
    pub fn check_flags(
        &self,
        mode: Option<Mode>,
        policy_given: bool,
        switch_interval_given: bool,
        check_interval_given: bool,
    ) -> Result<(), RuntimeError> {
        let conflict = |problem: String| RuntimeError::Conflict {
            runtime: self.name,
            problem,
        };
        if let Some(m) = mode {
            if !self.allows_mode(m) {
                let also = if self.mode() == Mode::Gil {
                    " (or process)"
                } else {
                    ""
                };
                return Err(conflict(format!(
                    "runs in {} mode{also}: --mode {m} contradicts it",
                    self.mode()
                )));
            }
        }
        if policy_given {
            return Err(conflict(
                "already sets the policy: give --runtime or --policy, not both".into(),
            ));
        }
        if switch_interval_given && !self.uses_switch_interval() {
            return Err(conflict(match self.policy() {
                Some(p) => format!(
                    "uses policy {p}, which has no switch interval: drop --switch-interval \
                     (or use --policy with its parameters)"
                ),
                None => "has no GIL: --switch-interval means nothing".into(),
            }));
        }
        if check_interval_given && self.check_interval().is_none() {
            return Err(conflict(
                "has no check interval (only cpython-2.7 has): drop --check-interval".into(),
            ));
        }
        Ok(())
    }

    /// What its lock is, in a few words: `newgil, 5ms`, `ticks(check=450)`,
    /// `free, profile 3.13t`.
    pub fn summary(&self) -> String {
        match (self.policy(), self.switch_interval_ns(), self.lock) {
            (Some(p), Some(ns), _) => format!("{p}, {}", crate::duration::format_ns(ns)),
            (Some(p), None, _) => p.to_string(),
            (None, _, RuntimeLock::Free { profile }) => format!("free, profile {profile}"),
            (None, _, RuntimeLock::Gil { .. }) => unreachable!("a GIL runtime has a policy"),
        }
    }

    /// The listing `gilsim runtimes` prints: each preset, what it sets,
    /// and its sources.
    pub fn listing() -> String {
        let mut s = String::new();
        for r in PRESETS {
            s.push_str(&format!("{:<14} {}\n", r.name, r.about));
            s.push_str(&format!("{:<14} sets: {}\n", "", r.summary()));
            for src in r.sources {
                s.push_str(&format!("{:<14} source: {src}\n", ""));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_resolves_to_its_documented_settings() {
        let settings: Vec<(&str, String)> = PRESETS.iter().map(|r| (r.name, r.summary())).collect();
        assert_eq!(
            settings,
            [
                ("cpython-3.11", "newgil, 5ms"),
                ("cpython-3.12", "newgil, 5ms"),
                ("cpython-3.13", "newgil, 5ms"),
                ("cpython-2.7", "ticks(check=450)"),
                ("cpython-3.13t", "free, profile 3.13t"),
                ("cpython-3.14t", "free, profile 3.14t"),
                ("ruby-3.3", "gvl"),
                ("ocaml-4.14", "masterlock"),
            ]
            .map(|(n, s)| (n, s.to_string()))
        );
        for r in PRESETS {
            assert!(!r.sources.is_empty(), "{}", r.name);
            assert_eq!(Runtime::by_name(r.name), Some(r));
        }
    }

    #[test]
    fn the_default_runtime_is_gilsims_defaults() {
        let mut cfg = RunConfig::default();
        Runtime::default_runtime().apply(&mut cfg);
        let d = RunConfig::default();
        assert_eq!(
            (
                cfg.mode,
                cfg.policy,
                cfg.switch_interval_ns,
                cfg.check_interval
            ),
            (d.mode, d.policy, d.switch_interval_ns, d.check_interval)
        );
    }

    #[test]
    fn free_threaded_builds_set_free_mode_and_their_profile() {
        let mut cfg = RunConfig::default();
        Runtime::by_name("cpython-3.13t").unwrap().apply(&mut cfg);
        assert_eq!(cfg.mode, Mode::Free);
        assert_eq!(cfg.free_profile, FreeProfileId::Cp313t);
        assert_eq!(cfg.effective_policy(), None);
    }

    #[test]
    fn contradicting_flags_are_refused_with_reasons() {
        let t = Runtime::by_name("cpython-3.14t").unwrap();
        let e = t
            .check_flags(Some(Mode::Gil), false, false, false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--runtime cpython-3.14t runs in free mode: --mode gil contradicts it"
        );
        assert!(t.check_flags(Some(Mode::Free), false, false, false).is_ok());
        let gil = Runtime::by_name("ocaml-4.14").unwrap();
        assert!(gil
            .check_flags(Some(Mode::Process), false, false, false)
            .is_ok());
        let e = gil
            .check_flags(Some(Mode::Async), false, false, false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "--runtime ocaml-4.14 runs in gil mode (or process): --mode async contradicts it"
        );
        let ruby = Runtime::by_name("ruby-3.3").unwrap();
        assert!(ruby.check_flags(None, true, false, false).is_err());
        assert!(ruby.check_flags(None, false, true, false).is_err());
        assert!(ruby.check_flags(None, false, false, true).is_err());
        let py3 = Runtime::default_runtime();
        assert!(py3.check_flags(None, false, true, false).is_ok());
        let py2 = Runtime::by_name("cpython-2.7").unwrap();
        assert!(py2.check_flags(None, false, false, true).is_ok());
        assert!(py2.check_flags(None, false, true, false).is_err());
        let e = Runtime::parse("jython").unwrap_err().to_string();
        assert!(
            e.starts_with("unknown runtime 'jython' (runtimes: cpython-3.11, "),
            "{e}"
        );
    }

    #[test]
    fn every_presets_costs_are_plausible() {
        for r in Runtime::all() {
            r.costs()
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", r.name));
        }
    }
}
