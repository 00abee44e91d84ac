//! The interpreters of a run, as `concurrent.interpreters` sees them: a
//! clock-free table both engines keep beside their GIL domains (index =
//! domain = interpreter id), answering every `_interp` op that needs no
//! thread started ([`InterpTable::answer`]) and checking the ones that do.
//!
//! | state   | made by                                   | `close()`            | calls     |
//! |---------|-------------------------------------------|----------------------|-----------|
//! | harness | the run: the main interpreter, interp mode's | `"notowned"` error | yes       |
//! | idle    | `create()`, no call running                 | → closed             | yes       |
//! | running | `create()`, `calls` > 0                     | `"running"` error    | yes       |
//! | closed  | `close()`                                   | `"notfound"` error   | `"notfound"` |
//!
//! Domains that are not interpreters of this module (multiprocessing
//! children) have no entry: every op on them is `"notfound"`.

use crate::vm::request::InterpOp;
use crate::vm::Value;

/// One interpreter's entry.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    /// Not an interpreter `concurrent.interpreters` knows (a process).
    None,
    /// Made by the run itself, running its harness code for ever.
    Harness,
    /// Made by `create()`; invariant: `calls` counts calls started and
    /// not yet `Done`.
    Created { calls: u32 },
    /// Closed.
    Closed,
}

/// The run's interpreters.
#[derive(Debug, Default)]
pub struct InterpTable {
    entries: Vec<Entry>,
}

/// What an engine does for an op the table cannot answer alone.
#[derive(Debug)]
pub enum Todo {
    /// Push this value.
    Push(Value),
    /// Make a new interpreter (domain) with this bootstrap blob, then
    /// [`InterpTable::created`] it and push its id.
    Create(Vec<u8>),
    /// Start a thread in interpreter `id` calling `_run(blob)` (the call
    /// is counted already), then push `None`.
    Call(u32, Vec<u8>),
}

/// An error code for `concurrent.interpreters` to raise.
fn code(c: &str) -> Value {
    Value::str(c)
}

impl InterpTable {
    /// Domain `d` exists: a harness interpreter (`harness`), or one that
    /// is none of this module's business (a process).
    pub fn domain(&mut self, d: usize, harness: bool) {
        self.grow(d);
        self.entries[d] = if harness { Entry::Harness } else { Entry::None };
    }

    /// Domain `d` is a new interpreter made by `create()`.
    pub fn created(&mut self, d: usize) {
        self.grow(d);
        self.entries[d] = Entry::Created { calls: 0 };
    }

    fn grow(&mut self, d: usize) {
        if self.entries.len() <= d {
            self.entries.resize(d + 1, Entry::None);
        }
    }

    fn get(&self, id: u32) -> &Entry {
        self.entries.get(id as usize).unwrap_or(&Entry::None)
    }

    /// Whether `id` names a live interpreter.
    fn live(&self, id: u32) -> bool {
        matches!(self.get(id), Entry::Harness | Entry::Created { .. })
    }

    /// Carries out `op` for a thread of interpreter `current`, as far as
    /// a table can: the value to push, or what the engine must do.
    pub fn answer(&mut self, op: InterpOp, current: usize) -> Todo {
        match op {
            InterpOp::Create { blob } => Todo::Create(blob),
            InterpOp::Call { id, blob } => match self.entries.get_mut(id as usize) {
                Some(Entry::Created { calls }) => {
                    *calls += 1;
                    Todo::Call(id, blob)
                }
                Some(Entry::Harness) => Todo::Call(id, blob),
                _ => Todo::Push(code("notfound")),
            },
            InterpOp::Done(id) => {
                if let Some(Entry::Created { calls }) = self.entries.get_mut(id as usize) {
                    *calls = calls.saturating_sub(1);
                }
                Todo::Push(Value::None)
            }
            InterpOp::Close(id) => Todo::Push(match self.get(id) {
                _ if id as usize == current && self.live(id) => code("current"),
                Entry::Harness => code("notowned"),
                Entry::Created { calls } if *calls > 0 => code("running"),
                Entry::Created { .. } => {
                    self.entries[id as usize] = Entry::Closed;
                    Value::None
                }
                Entry::None | Entry::Closed => code("notfound"),
            }),
            InterpOp::IsRunning(id) => Todo::Push(match self.get(id) {
                Entry::Harness => Value::Bool(true),
                Entry::Created { calls } => Value::Bool(*calls > 0),
                Entry::None | Entry::Closed => code("notfound"),
            }),
            InterpOp::List => Todo::Push(Value::tuple(
                (0..self.entries.len() as u32)
                    .filter(|&i| self.live(i))
                    .map(|i| Value::Int(i as i64))
                    .collect(),
            )),
            InterpOp::Current => Todo::Push(Value::Int(current as i64)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push(t: Todo) -> String {
        match t {
            Todo::Push(v) => v.to_literal(),
            other => panic!("expected a value, got {other:?}"),
        }
    }

    #[test]
    fn a_created_interpreter_runs_calls_and_closes_only_when_idle() {
        let mut t = InterpTable::default();
        t.domain(0, true);
        t.created(1);
        assert!(matches!(
            t.answer(
                InterpOp::Call {
                    id: 1,
                    blob: vec![]
                },
                0
            ),
            Todo::Call(1, _)
        ));
        assert_eq!(push(t.answer(InterpOp::IsRunning(1), 0)), "True");
        assert_eq!(push(t.answer(InterpOp::Close(1), 0)), "\"running\"");
        assert_eq!(push(t.answer(InterpOp::Done(1), 1)), "None");
        assert_eq!(push(t.answer(InterpOp::IsRunning(1), 0)), "False");
        assert_eq!(push(t.answer(InterpOp::List, 0)), "(0, 1)");
        assert_eq!(push(t.answer(InterpOp::Close(1), 0)), "None");
        assert_eq!(push(t.answer(InterpOp::Close(1), 0)), "\"notfound\"");
        assert_eq!(push(t.answer(InterpOp::List, 0)), "(0,)");
        let call = t.answer(
            InterpOp::Call {
                id: 1,
                blob: vec![],
            },
            0,
        );
        assert_eq!(push(call), "\"notfound\"");
    }

    #[test]
    fn the_main_interpreter_and_processes_cannot_be_closed() {
        let mut t = InterpTable::default();
        t.domain(0, true);
        t.domain(1, false);
        t.created(2);
        assert_eq!(push(t.answer(InterpOp::Close(0), 0)), "\"current\"");
        assert_eq!(push(t.answer(InterpOp::Close(0), 2)), "\"notowned\"");
        assert_eq!(push(t.answer(InterpOp::Close(2), 2)), "\"current\"");
        assert_eq!(push(t.answer(InterpOp::Close(1), 0)), "\"notfound\"");
        assert_eq!(push(t.answer(InterpOp::IsRunning(0), 2)), "True");
        assert_eq!(push(t.answer(InterpOp::IsRunning(7), 0)), "\"notfound\"");
        assert_eq!(push(t.answer(InterpOp::Current, 2)), "2");
        assert_eq!(push(t.answer(InterpOp::List, 0)), "(0, 2)");
    }
}
