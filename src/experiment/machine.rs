//! What machine a result was measured on.

use serde::{Deserialize, Serialize};

/// The machine a sweep ran on.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Machine {
    /// Logical cores available to the process.
    pub cores: u32,
    /// CPU model name (from /proc/cpuinfo), or "unknown".
    pub cpu_model: String,
    /// Operating system and architecture.
    pub os: String,
}

impl Machine {
    /// Describes this machine.
    pub fn this() -> Machine {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
            cpu_model,
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        }
    }

    /// The machine an engine measures on: this one, or the simulated one.
    pub fn for_engine(ec: &crate::engine::EngineConfig) -> Machine {
        if ec.is_virtual() {
            Machine::simulated(ec)
        } else {
            Machine::this()
        }
    }

    /// Describes the machine the virtual engine simulates.
    pub fn simulated(ec: &crate::engine::EngineConfig) -> Machine {
        Machine {
            cores: ec.cores,
            cpu_model: format!("virtual engine, seed {}", ec.seed),
            os: format!("cost model: {}", ec.cost.calibrated_on),
        }
    }
}
