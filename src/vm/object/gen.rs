//! Suspended frames as objects: generators, coroutines and async
//! generators ([`GenObj`], one struct for the three, told apart by the
//! [`Object`] variant holding it), the `coroutine_wrapper` that
//! `coro.__await__()` returns, and the awaitables an async generator's
//! `__anext__`, `asend`, `athrow` and `aclose` make ([`AgAwait`]).
//!
//! The interpreter resumes and suspends all three kinds the same way
//! (src/vm/generator.rs); what differs is who may drive them: a
//! generator is an iterator, a coroutine is awaited or driven by `send`
//! and `throw`, an async generator only through its awaitables.

use super::{FuncObj, Object};
use crate::vm::value::Value;
use parking_lot::Mutex;
use std::sync::Arc;

/// A generator, coroutine or async generator: a suspended frame.
#[derive(Debug)]
pub struct GenObj {
    /// The function it runs.
    pub func: Arc<FuncObj>,
    /// The function's `__qualname__` (`Cls.meth`, `f.<locals>.g`), for
    /// its repr and messages.
    pub qualname: Arc<str>,
    /// Its saved state.
    pub state: Mutex<GenState>,
    /// Identity.
    pub id: u64,
}

/// A suspended frame between resumptions.
#[derive(Debug, Default)]
pub struct GenState {
    /// Locals then operand stack, as they were at the last `YIELD_VALUE`.
    pub saved: Vec<Value>,
    /// Where to continue.
    pub pc: u32,
    /// Resumed at least once.
    pub started: bool,
    /// Running now (re-entry is a `ValueError`).
    pub running: bool,
    /// Returned or raised: every further `next` is `StopIteration`.
    pub finished: bool,
    /// The exceptions its frame was handling (`except` bodies it is
    /// suspended in), restored when it resumes (CPython's `gi_exc_state`).
    pub exc: Vec<Value>,
    /// Async generators: the awaitable ([`AgAwait`]) driving it now, from
    /// its first step to its end (CPython's `ag_running_async`).
    pub driver: Option<Value>,
    /// Async generators: `aclose` began, or it ended with
    /// `StopAsyncIteration` or `GeneratorExit` (CPython's `ag_closed`).
    pub closed: bool,
}

/// Which of the three a [`GenObj`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    /// `def` with `yield`.
    Generator,
    /// `async def` without `yield`.
    Coroutine,
    /// `async def` with `yield`.
    AsyncGen,
}

impl GenKind {
    /// The Python type name (`generator`, `coroutine`, `async_generator`).
    pub fn type_name(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGen => "async_generator",
        }
    }

    /// How CPython's messages name it (`async generator` in two words).
    pub fn describe(self) -> &'static str {
        match self {
            GenKind::AsyncGen => "async generator",
            other => other.type_name(),
        }
    }
}

/// What an async generator's awaitable does once driven.
#[derive(Debug)]
pub enum AgOp {
    /// `__anext__()` (sends `None`) or `asend(v)`.
    Send(Value),
    /// `athrow(typ, val)`: the exception to raise inside, made from
    /// these (as `throw` makes it) when first driven.
    Throw(Value, Value),
    /// `aclose()`: raise `GeneratorExit` inside; done when it leaves.
    Close,
}

/// Where an awaitable of an async generator is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwaitState {
    /// Made, not yet driven.
    Init,
    /// Driven at least once, not finished.
    Iter,
    /// Finished: driving it again is a `RuntimeError`.
    Closed,
}

/// The awaitable `agen.__anext__()`, `asend`, `athrow` or `aclose` makes
/// (CPython's `async_generator_asend` / `async_generator_athrow`).
#[derive(Debug)]
pub struct AgAwait {
    /// The async generator it drives.
    pub gen: Value,
    /// What its first step does.
    pub op: AgOp,
    /// Its state.
    pub state: Mutex<AwaitState>,
}

impl AgAwait {
    /// The Python type name.
    pub fn type_name(&self) -> &'static str {
        match self.op {
            AgOp::Send(_) => "async_generator_asend",
            _ => "async_generator_athrow",
        }
    }

    /// The method names a reuse error names.
    pub fn reuse_message(&self) -> &'static str {
        match self.op {
            AgOp::Send(_) => "cannot reuse already awaited __anext__()/asend()",
            _ => "cannot reuse already awaited aclose()/athrow()",
        }
    }
}

impl Object {
    /// The suspended frame of a generator, coroutine or async generator,
    /// and which it is.
    pub fn suspended(&self) -> Option<(&GenObj, GenKind)> {
        match self {
            Object::Generator(g) => Some((g, GenKind::Generator)),
            Object::Coroutine(g) => Some((g, GenKind::Coroutine)),
            Object::AsyncGen(g) => Some((g, GenKind::AsyncGen)),
            _ => None,
        }
    }
}

impl Value {
    /// The suspended frame this value holds, if it is a generator,
    /// coroutine or async generator.
    pub fn suspended(&self) -> Option<(&GenObj, GenKind)> {
        match self {
            Value::Obj(o) => o.suspended(),
            _ => None,
        }
    }
}
