//! The policies `--policy` accepts, and [`PolicyId`], a policy with its
//! parameters, chosen once — on the command line or in a results file —
//! and passed around typed from then on. Registering a policy is one
//! entry in [`REGISTRY`], with its parameters: `--help`, error messages,
//! parsing and the experiments list it from here.
//!
//! A `PolicyId` is written `name` or `name(k=v,...)` ([`super::params`]);
//! its canonical form ([`fmt::Display`], and how it serialises) is the
//! name alone when every parameter is at its default, else the name with
//! the parameters that are not, in declaration order. Parsing the
//! canonical form gives the same `PolicyId` back.

use super::params::{self, Param, ParamProblem, Values};
use super::{fair_share, fifo, gvl, io_priority, masterlock, newgil, ticks, Policy, PolicyConfig};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A policy's entry in the registry.
pub struct Entry {
    /// The name `--policy` accepts.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Its parameters, at most [`params::MAX_PARAMS`].
    pub params: &'static [Param],
    /// Builds one, for one GIL, from the settings and the parameters'
    /// values (in declaration order).
    pub build: fn(PolicyConfig, &Values) -> Box<dyn Policy>,
    /// A lock for Python: CPython's, or a proposal for it. The
    /// experiments' default "every policy" is these ([`PolicyId::python`]);
    /// other runtimes' locks (`gvl`, `masterlock`) run when named.
    pub python: bool,
}

/// Every policy `--policy` accepts, the default first.
pub const REGISTRY: &[Entry] = &[
    Entry {
        name: "newgil",
        about: "CPython >= 3.2: timed waits, drop requests, forced switching",
        params: newgil::PARAMS,
        build: |c, v| Box::new(newgil::NewGil::with(c, v)),
        python: true,
    },
    Entry {
        name: "ticks",
        about: "Python <= 3.1: release and re-request every --check-interval instructions",
        params: ticks::PARAMS,
        build: |c, v| Box::new(ticks::Ticks::with(c, v)),
        python: true,
    },
    Entry {
        name: "fifo",
        about: "fair: a release hands the GIL to the longest waiter",
        params: &[],
        build: |c, _| Box::new(fifo::Fifo::new(c)),
        python: true,
    },
    Entry {
        name: "io-priority",
        about: "2010 proposal: a thread back from IO preempts a CPU-bound holder at once",
        params: io_priority::PARAMS,
        build: |c, v| Box::new(io_priority::IoPriority::with(c, v)),
        python: true,
    },
    Entry {
        name: "fair-share",
        about: "fair by use: the GIL goes to the thread that has held it least",
        params: fair_share::PARAMS,
        build: |c, v| Box::new(fair_share::FairShare::with(c, v)),
        python: true,
    },
    Entry {
        name: "gvl",
        about: "Ruby 3.3: FIFO ready queue, the holder yields after a 100 ms quantum",
        params: gvl::PARAMS,
        build: |c, v| Box::new(gvl::Gvl::with(c, v)),
        python: false,
    },
    Entry {
        name: "masterlock",
        about: "OCaml 4.14: with waiters, the holder yields at every 50 ms tick",
        params: masterlock::PARAMS,
        build: |c, v| Box::new(masterlock::MasterLock::with(c, v)),
        python: false,
    },
];

// Every entry fits in a PolicyId.
const _: () = {
    let mut i = 0;
    while i < REGISTRY.len() {
        assert!(REGISTRY[i].params.len() <= params::MAX_PARAMS);
        i += 1;
    }
    assert!(REGISTRY.len() <= u8::MAX as usize);
};

/// Why a policy's spelling was refused. Each message says what is wrong
/// and, for a known policy, lists its parameters with their kinds and
/// defaults.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// No policy of that name.
    #[error("unknown policy '{name}' (policies: {})", PolicyId::names())]
    UnknownPolicy {
        /// The name given.
        name: String,
    },
    /// Parentheses missing, nested or followed by more text.
    #[error("policy '{spec}': unbalanced parentheses (write name or name(k=v,...), e.g. io-priority(boost=2ms))")]
    Unbalanced {
        /// The whole spelling given.
        spec: String,
    },
    /// Something wrong inside a known policy's parentheses.
    #[error(
        "policy {policy}: {problem} ({policy}'s parameters: {})",
        params::summary(params)
    )]
    Param {
        /// The policy.
        policy: &'static str,
        /// Its parameters, for the message.
        params: &'static [Param],
        /// What is wrong.
        problem: ParamProblem,
    },
    /// A parameter and the flag that also sets it disagree.
    #[error("{flag} {flag_value} and --policy {policy} disagree: give the value once")]
    FlagConflict {
        /// The flag, e.g. `--check-interval`.
        flag: &'static str,
        /// The flag's value.
        flag_value: u64,
        /// The policy as given, canonical.
        policy: String,
    },
}

/// A registered policy with its parameters' values. `Copy`, compared and
/// hashed by policy and values; serialises as its canonical spelling.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyId {
    // invariant: a REGISTRY index.
    id: u8,
    // invariant: valid values of the entry's parameters in declaration
    // order (defaults where not given), 0 in unused slots.
    values: Values,
}

impl PolicyId {
    /// `newgil`, CPython's GIL and the default.
    pub const NEWGIL: PolicyId = PolicyId::defaults(0);

    const fn defaults(id: u8) -> PolicyId {
        PolicyId {
            id,
            values: params::defaults(REGISTRY[id as usize].params),
        }
    }

    /// Every registered policy with default parameters, in registry order.
    pub fn all() -> impl Iterator<Item = PolicyId> {
        (0..REGISTRY.len() as u8).map(PolicyId::defaults)
    }

    /// The policies for Python's GIL (CPython's and proposals for it),
    /// with default parameters, in registry order: what the experiments
    /// run when no `--policies` are given.
    pub fn python() -> impl Iterator<Item = PolicyId> {
        PolicyId::all().filter(|p| p.entry().python)
    }

    /// The policy called `name` (a bare name), with default parameters.
    pub fn named(name: &str) -> Option<PolicyId> {
        REGISTRY
            .iter()
            .position(|e| e.name == name)
            .map(|i| PolicyId::defaults(i as u8))
    }

    /// Reads `name` or `name(k=v,...)`: the typed form of [`FromStr`].
    pub fn parse(spec: &str) -> Result<PolicyId, PolicyError> {
        let (name, inner) = params::split_spec(spec).ok_or_else(|| PolicyError::Unbalanced {
            spec: spec.to_string(),
        })?;
        let mut p = PolicyId::named(name).ok_or_else(|| PolicyError::UnknownPolicy {
            name: name.to_string(),
        })?;
        if let Some(inner) = inner {
            p.values = params::read_values(p.params(), inner).map_err(|e| p.error(e))?;
        }
        Ok(p)
    }

    fn error(self, problem: ParamProblem) -> PolicyError {
        PolicyError::Param {
            policy: self.name(),
            params: self.params(),
            problem,
        }
    }

    fn entry(self) -> &'static Entry {
        &REGISTRY[self.id as usize]
    }

    /// The bare registry name, without parameters (`io-priority`).
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The canonical spelling with parameters (`io-priority(boost=2ms)`);
    /// the same as [`fmt::Display`].
    pub fn spec(self) -> String {
        self.to_string()
    }

    /// The parameters this policy declares.
    pub fn params(self) -> &'static [Param] {
        self.entry().params
    }

    /// The value of parameter `name` (durations in ns, choices as the
    /// word's index), if the policy declares it.
    pub fn param(self, name: &str) -> Option<u64> {
        let i = self.params().iter().position(|p| p.name == name)?;
        Some(self.values[i])
    }

    /// This policy with parameter `name` set to `value`, range-checked.
    pub fn with(self, name: &str, value: u64) -> Result<PolicyId, PolicyError> {
        let i = self
            .params()
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| self.error(ParamProblem::Unknown(name.to_string())))?;
        let p = &self.params()[i];
        if value < p.min || value > p.max {
            return Err(self.error(ParamProblem::OutOfRange {
                param: p.name,
                value: p.kind.format(value),
                range: p.range_text(),
            }));
        }
        let mut out = self;
        out.values[i] = value;
        Ok(out)
    }

    /// Whether `flag` (e.g. `--check-interval`) sets one of its parameters.
    pub fn takes_flag(self, flag: &str) -> bool {
        self.params().iter().any(|p| p.from_flag == Some(flag))
    }

    /// This policy with `flag`'s value in the parameter it sets, unless
    /// that parameter was given another value (an error: which one
    /// wins would be a guess). Unchanged if no parameter takes `flag`.
    pub fn with_flag(self, flag: &'static str, value: u64) -> Result<PolicyId, PolicyError> {
        let Some(p) = self.params().iter().find(|p| p.from_flag == Some(flag)) else {
            return Ok(self);
        };
        let current = self.param(p.name).unwrap_or(p.default);
        if !p.is_default(current) && current != value {
            return Err(PolicyError::FlagConflict {
                flag,
                flag_value: value,
                policy: self.spec(),
            });
        }
        self.with(p.name, value)
    }

    /// Whether `--check-interval` means something to this policy.
    pub fn uses_check_interval(self) -> bool {
        self.takes_flag("--check-interval")
    }

    /// A new policy object of this kind, with these parameters.
    pub fn build(self, cfg: PolicyConfig) -> Box<dyn Policy> {
        (self.entry().build)(cfg, &self.values)
    }

    /// The registered names, comma-separated.
    pub fn names() -> String {
        REGISTRY
            .iter()
            .map(|e| e.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A `--help` paragraph listing every policy with its description and
    /// its parameters.
    pub fn help() -> String {
        let mut s = String::from(
            "The GIL scheduling policy of gil and process modes (an error in free and async \
             modes, which have no GIL) [default: newgil]. Parameters go in parentheses, \
             e.g. 'io-priority(boost=2ms,demote=2)'; those not given keep their defaults:",
        );
        for e in REGISTRY {
            s.push_str(&format!("\n  {:<12} {}", e.name, e.about));
            s.push_str(&params::help_lines(e.params, "    "));
        }
        s
    }
}

impl Default for PolicyId {
    fn default() -> Self {
        PolicyId::NEWGIL
    }
}

impl fmt::Display for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        let set = params::write_values(self.params(), &self.values);
        if !set.is_empty() {
            write!(f, "({set})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PolicyId({self})")
    }
}

impl FromStr for PolicyId {
    type Err = String;

    /// [`PolicyId::parse`], its error as a message.
    fn from_str(s: &str) -> Result<PolicyId, String> {
        PolicyId::parse(s).map_err(|e| e.to_string())
    }
}

impl PartialEq<&str> for PolicyId {
    /// Equal to the policy `other` spells (`io-priority(boost=0)` is
    /// `io-priority`); never to a spelling that does not parse.
    fn eq(&self, other: &&str) -> bool {
        PolicyId::parse(other).is_ok_and(|p| p == *self)
    }
}

impl Serialize for PolicyId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PolicyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PolicyId, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "registry_tests.rs"]
mod tests;
