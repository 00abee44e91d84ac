//! One interpreter thread's state: its frames and value stack, its
//! counters and what it is part of. The dispatch loop that runs it is in
//! [`super::interp`]; building one is in [`super::thread`].

use super::frame::Frame;
use super::globals::Globals;
use super::output::Output;
use super::value::Value;
use crate::bytecode::Program;
use std::sync::Arc;

/// One interpreter thread.
pub struct Interp {
    pub(crate) program: Arc<Program>,
    pub(crate) globals: Arc<Globals>,
    pub(crate) out: Arc<dyn Output>,
    // invariant: while a frame is active, stack.len() >= base + nlocals and
    // capacity covers base + nlocals + max_stack (reserved on entry).
    pub(crate) stack: Vec<Value>,
    // invariant: innermost last; empty once the entry function returned.
    pub(crate) frames: Vec<Frame>,
    pub(crate) recursion_limit: u32,
    pub(crate) instructions: u64,
    pub(crate) calls: u64,
    /// Exceptions being handled (`except` bodies), innermost last.
    pub(crate) exc_info: Vec<Value>,
    /// A call to make before the first instruction (a thread started on a
    /// callable rather than a function index).
    pub(crate) start: Option<(Value, crate::vm::native::Args)>,
    /// Text printed without a newline yet (`print(x, end="")`).
    pub(crate) partial: String,
    /// The thread's ident (its id in the run's world), set by the engine.
    pub(crate) ident: u32,
    /// Output is dropped (a child process re-running the module's code).
    pub(crate) muted: bool,
    /// The exit step of a main thread (see [`super::exit_hook`]).
    pub(crate) at_exit: super::exit_hook::AtExit,
    /// The generators of the generator frames, innermost last.
    pub(crate) gens: Vec<Value>,
    /// Its container operations on shared and private objects (counted
    /// only in free mode under a costly profile).
    pub(crate) sharing: super::owner::Sharing,
}
