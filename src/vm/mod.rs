//! The virtual machine: values, operator semantics, shared globals, output,
//! runtime errors, and the interpreter that runs one thread of bytecode.

pub mod asyncgen;
pub mod attr;
pub mod await_ops;
pub mod blocking;
pub mod build;
pub mod builtins;
pub mod call;
pub mod code_obj;
pub mod coroutine;
pub mod dunder_frames;
pub mod exec;
pub mod exit_hook;
pub mod format;
pub mod format_num;
mod format_str;
pub mod frame;
pub mod generator;
pub mod globals;
pub mod import;
pub mod interp;
pub mod native;
pub mod object;
pub mod ops;
pub mod output;
pub mod owner;
mod percent;
pub mod pickle;
pub mod repr;
pub mod request;
pub mod runtime;
pub mod slots;
pub mod subscr;
pub mod thread;
mod thread_state;
pub mod trap;
pub mod unwind;
pub mod value;

pub use globals::Globals;
pub use interp::{Interp, Outcome};
pub use output::{Capture, Output, Stdout};
pub use request::Request;
pub use trap::{TraceEntry, Trap, TrapKind};
pub use value::Value;
