//! The policies `--policy` accepts, and [`PolicyId`], a policy chosen by
//! name once — on the command line or in a results file — and passed
//! around typed from then on. Registering a policy is one entry in
//! [`REGISTRY`]: `--help`, error messages and the experiments list it
//! from here.

use super::{fifo, io_priority, newgil, ticks, Policy, PolicyConfig};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A policy's entry in the registry.
pub struct Entry {
    /// The name `--policy` accepts.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Whether `--check-interval` means something to it.
    pub uses_check_interval: bool,
    /// Builds one, for one GIL.
    pub build: fn(PolicyConfig) -> Box<dyn Policy>,
}

/// Every policy `--policy` accepts, the default first.
pub const REGISTRY: &[Entry] = &[
    Entry {
        name: "newgil",
        about: "CPython >= 3.2: timed waits, drop requests, forced switching",
        uses_check_interval: false,
        build: |c| Box::new(newgil::NewGil::new(c)),
    },
    Entry {
        name: "ticks",
        about: "Python <= 3.1: release and re-request every --check-interval instructions",
        uses_check_interval: true,
        build: |c| Box::new(ticks::Ticks::new(c)),
    },
    Entry {
        name: "fifo",
        about: "fair: a release hands the GIL to the longest waiter",
        uses_check_interval: false,
        build: |c| Box::new(fifo::Fifo::new(c)),
    },
    Entry {
        name: "io-priority",
        about: "2010 proposal: a thread back from IO preempts a CPU-bound holder at once",
        uses_check_interval: false,
        build: |c| Box::new(io_priority::IoPriority::new(c)),
    },
];

/// A registered policy. Serialises as its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyId(u8);

impl PolicyId {
    /// `newgil`, CPython's GIL and the default.
    pub const NEWGIL: PolicyId = PolicyId(0);

    /// Every registered policy, in registry order.
    pub fn all() -> impl Iterator<Item = PolicyId> {
        (0..REGISTRY.len() as u8).map(PolicyId)
    }

    /// The policy called `name`, if registered.
    pub fn named(name: &str) -> Option<PolicyId> {
        REGISTRY
            .iter()
            .position(|e| e.name == name)
            .map(|i| PolicyId(i as u8))
    }

    fn entry(self) -> &'static Entry {
        &REGISTRY[self.0 as usize]
    }

    /// The name `--policy` spells.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// Whether `--check-interval` means something to this policy.
    pub fn uses_check_interval(self) -> bool {
        self.entry().uses_check_interval
    }

    /// A new policy object of this kind.
    pub fn build(self, cfg: PolicyConfig) -> Box<dyn Policy> {
        (self.entry().build)(cfg)
    }

    /// The registered names, comma-separated.
    pub fn names() -> String {
        REGISTRY
            .iter()
            .map(|e| e.name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A `--help` paragraph listing every policy with its description.
    pub fn help() -> String {
        let mut s = String::from(
            "The GIL scheduling policy of gil and process modes (an error in free and async \
             modes, which have no GIL) [default: newgil]:",
        );
        for e in REGISTRY {
            s.push_str(&format!("\n  {:<12} {}", e.name, e.about));
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
        f.write_str(self.name())
    }
}

impl FromStr for PolicyId {
    type Err = String;

    /// Looks a policy up by name; the error lists the registered ones.
    fn from_str(s: &str) -> Result<PolicyId, String> {
        PolicyId::named(s)
            .ok_or_else(|| format!("unknown policy '{s}' (policies: {})", PolicyId::names()))
    }
}

impl PartialEq<&str> for PolicyId {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl Serialize for PolicyId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for PolicyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PolicyId, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_name_parses_back_to_its_id() {
        for p in PolicyId::all() {
            assert_eq!(p.name().parse::<PolicyId>(), Ok(p));
            assert_eq!(p.build(PolicyConfig::default()).name(), p.name());
            assert!(PolicyId::help().contains(p.name()));
        }
        assert_eq!(PolicyId::default(), "newgil");
        let e = "nope".parse::<PolicyId>().unwrap_err();
        assert_eq!(
            e,
            "unknown policy 'nope' (policies: newgil, ticks, fifo, io-priority)"
        );
    }
}
