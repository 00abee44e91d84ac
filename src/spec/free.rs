//! Free-threading profiles: what free mode costs, as a named build of
//! free-threaded CPython pays it (`--free-threading NAME`). `ideal` costs
//! nothing — threads run at full speed and never contend.

use serde::{Deserialize, Serialize};

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

impl FreeProfileId {
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
}
