//! Experiments: sweeps over grids of workloads, modes, policies, switch
//! intervals, thread counts, cores and seeds; their results (JSON and tidy
//! CSV, with a header recording the machine, every axis and the command);
//! statistics over runs ([`stats`]); sharding and merging; comparisons;
//! the built-in default sweep behind `gilsim report`; and the convoy and
//! ccbench experiments, repeated over seed lists ([`seeds`]) or
//! repetitions ([`repeat`]).

pub mod aggregate;
pub mod ccbench;
pub mod compare;
pub mod convoy;
pub mod grid;
pub mod load;
pub mod machine;
pub mod merge;
pub mod mix;
pub mod repeat;
pub mod results;
pub mod results_check;
pub mod runtimes;
pub mod seeds;
pub mod stats;
pub mod sweep;
pub mod tidy;
pub mod timelines;
pub mod workload;
