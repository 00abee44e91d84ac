//! Experiments: sweeps of workloads x modes x thread counts x repetitions,
//! their results (JSON and CSV, with a header recording the machine and
//! every setting), and the built-in default sweep behind `gilsim report`.

pub mod ccbench;
pub mod convoy;
pub mod load;
pub mod machine;
pub mod mix;
pub mod results;
pub mod stats;
pub mod sweep;
pub mod timelines;
pub mod workload;
