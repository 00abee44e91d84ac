//! Experiments: sweeps of workloads x modes x thread counts x repetitions,
//! their results (JSON and CSV, with a header recording the machine and
//! every setting), and the built-in default sweep behind `gilsim report`;
//! the convoy and ccbench experiments, repeated over seed lists
//! ([`seeds`]) or repetitions ([`repeat`]) and summarised ([`stats`]).

pub mod ccbench;
pub mod convoy;
pub mod machine;
pub mod mix;
pub mod repeat;
pub mod results;
pub mod seeds;
pub mod stats;
pub mod sweep;
pub mod timelines;
pub mod workload;
