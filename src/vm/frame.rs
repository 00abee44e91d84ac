//! What a slice of bytecode ends with ([`Outcome`]), and the activation
//! records an interpreter thread keeps ([`Frame`], [`FrameKind`]).
//!
//! Generators, coroutines and async generators run in ordinary frames
//! whose kind says what their driver expects; their objects are the
//! `Interp::gens` stack, one per such frame.

use super::request::Request;
use super::value::Value;

/// How a slice ended.
#[derive(Debug)]
pub enum Outcome {
    /// The entry function returned this value; the thread is done.
    Returned(Value),
    /// An eval-breaker point found the breaker set or the budget spent. The
    /// state is saved; the next slice continues where this one stopped.
    Interrupted,
    /// A concurrency instruction needs the engine. Its operands are already
    /// popped and checked; the engine carries it out (pushing a result with
    /// [`Interp::push`] where the instruction has one, or failing it with
    /// [`Interp::raise`]) and then runs the next slice.
    Request(Request),
}

/// One activation record. Its locals are `stack[base .. base + nlocals]`;
/// its operand stack lies above them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub(crate) func: u32,
    // invariant: for the innermost frame, only up to date between slices;
    // for callers, the index after their CALL.
    pub(crate) pc: u32,
    pub(crate) base: u32,
    /// Length of the thread's handled-exception stack at entry.
    pub(crate) exc_base: u32,
    /// Slots below `base` the call left (the callable, a NULL) that a
    /// return removes.
    pub(crate) below: u8,
    /// What the caller expects when this frame returns or yields; the
    /// generator kinds mark a generator's frame, whose generator object is
    /// the top of `Interp::gens`.
    pub(crate) kind: FrameKind,
}

impl FrameKind {
    /// True for the frame of a running generator.
    pub(crate) fn is_gen(self) -> bool {
        matches!(
            self,
            FrameKind::GenNext | FrameKind::GenFor | FrameKind::GenSend
        )
    }
}

/// What a frame's caller expects of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// A call: the return value is the call's result.
    Call,
    /// `__init__` of a new instance: the instance (already on the caller's
    /// stack) is the result; the return value must be `None`.
    Init,
    /// `next(gen)` / `gen.send(v)` / `coro.throw(e)`: a yield is the
    /// result, a return is `StopIteration` (for an async generator, its
    /// awaitable's rules: src/vm/asyncgen.rs).
    GenNext,
    /// `FOR_ITER` over a generator: a yield continues the loop, a return
    /// ends it.
    GenFor,
    /// A property setter or `__setitem__` written in Python, run as a
    /// frame for `STORE_ATTR` / `STORE_SUBSCR` (so it may block): its
    /// return value is dropped.
    Setter,
    /// `FOR_ITER` over an object whose `__next__` is Python code, run as
    /// a frame (so it may block, like any call): its return value is the
    /// loop's next item; a `StopIteration` leaving it ends the loop.
    ForNext,
    /// `SEND` (`yield from`, `await`): a yield is passed up, a return is
    /// the expression's value.
    GenSend,
    /// Not a running frame: one that has just yielded (its object already
    /// suspended) while an exception is raised in the frame that drove
    /// it — an async generator's awaitable ending as it yields. The
    /// unwinder passes it by; nothing else ever sees it on top.
    Yielded,
}
