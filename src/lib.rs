//! gilsim: a simulator of Python's Global Interpreter Lock.
//!
//! A small stack-based bytecode VM ([`vm`]) runs programs assembled from
//! `.pyasm` text ([`asm`]) into verified [`bytecode::Program`]s. The data
//! flows one way: source -> `Program` (immutable, shared) -> interpreter
//! threads driven by an engine -> a report.

pub mod asm;
pub mod bytecode;
pub mod cli;
pub mod diag;
pub mod duration;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod gil;
pub mod metrics;
pub mod plot;
pub mod py;
pub mod runtime;
pub mod spec;
pub mod stdlib;
pub mod trace;
pub mod validate;
pub mod vm;

pub use error::Error;
