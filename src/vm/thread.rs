//! An interpreter thread's life around the dispatch loop: making one (for
//! a function index or any callable), what engines and natives read and
//! set on it, printing, and raising an engine's error into it.

use super::globals::Globals;
use super::interp::{Frame, FrameKind, Interp};
use super::output::Output;
use super::trap::{Trap, TrapKind};
use super::value::Value;
use crate::bytecode::Program;
use std::sync::Arc;

impl Interp {
    /// A thread about to call function `entry` with `args`. Fails with a
    /// `TypeError` if the argument count does not match, as Python would.
    pub fn new(
        program: Arc<Program>,
        globals: Arc<Globals>,
        out: Arc<dyn Output>,
        entry: u32,
        args: Vec<Value>,
        recursion_limit: u32,
    ) -> Result<Interp, TrapKind> {
        let f = program
            .functions()
            .get(entry as usize)
            .ok_or_else(|| TrapKind::Type(format!("no function with index {entry}")))?;
        if args.len() != f.nparams as usize {
            return Err(TrapKind::Type(format!(
                "{}() takes {} positional argument{} but {} {} given",
                f.name,
                f.nparams,
                if f.nparams == 1 { "" } else { "s" },
                args.len(),
                if args.len() == 1 { "was" } else { "were" }
            )));
        }
        let mut stack = Vec::with_capacity(f.local_names.len() + f.max_stack() as usize + 16);
        stack.extend(args);
        stack.resize(f.local_names.len(), Value::Unbound);
        Ok(Interp {
            program,
            globals,
            out,
            stack,
            frames: vec![Frame {
                func: entry,
                pc: 0,
                base: 0,
                exc_base: 0,
                below: 0,
                kind: FrameKind::Call,
            }],
            recursion_limit: recursion_limit.max(1),
            instructions: 0,
            calls: 0,
            exc_info: vec![],
            start: None,
            partial: String::new(),
            at_exit: Default::default(),
            ident: 0,
            muted: false,
            gens: vec![],
            sharing: Default::default(),
        })
    }

    /// A thread about to call any callable (a function, bound method,
    /// class...) with `args`, as `threading.Thread` starts its target.
    pub fn new_call(
        program: Arc<Program>,
        globals: Arc<Globals>,
        out: Arc<dyn Output>,
        callable: Value,
        args: crate::vm::native::Args,
        recursion_limit: u32,
    ) -> Interp {
        Interp {
            program,
            globals,
            out,
            stack: Vec::with_capacity(64),
            frames: vec![],
            recursion_limit: recursion_limit.max(1),
            instructions: 0,
            calls: 0,
            exc_info: vec![],
            start: Some((callable, args)),
            partial: String::new(),
            at_exit: Default::default(),
            ident: 0,
            muted: false,
            gens: vec![],
            sharing: Default::default(),
        }
    }

    /// The run's shared state (globals, RNG, ...).
    pub fn globals(&self) -> &Arc<Globals> {
        &self.globals
    }

    /// The output stream.
    pub fn out(&self) -> &Arc<dyn Output> {
        &self.out
    }

    /// Instructions executed so far.
    pub fn instructions(&self) -> u64 {
        self.instructions
    }

    /// Function calls made so far (`CALL` instructions that pushed a
    /// frame). The virtual-time engine charges each one extra.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// Turns counting of container operations on and off (free mode's
    /// costs; see [`super::owner`]).
    pub fn count_sharing(&mut self, on: bool) {
        self.sharing.on = on;
    }

    /// Container operations so far, and how many touched shared objects.
    pub fn sharing(&self) -> super::owner::Sharing {
        self.sharing
    }

    /// Counts one container operation on `v` if it is a mutable container
    /// (list, dict, set, instance); anything else is not counted.
    #[inline]
    pub(crate) fn touch(&mut self, v: &Value) {
        if !self.sharing.on {
            return;
        }
        let owner = match v {
            Value::List(l) => &l.owner,
            Value::Dict(d) => &d.owner,
            Value::Instance(i) => &i.owner,
            Value::Obj(o) => match &**o {
                super::object::Object::Set { map, frozen: false } => &map.owner,
                _ => return,
            },
            _ => return,
        };
        self.sharing.touch(owner, self.ident);
    }

    /// True once the entry function has returned (or a trap ended the thread).
    pub fn is_done(&self) -> bool {
        self.frames.is_empty() && self.start.is_none()
    }

    /// The program this thread runs.
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Pushes the result of a [`Request`] (a thread handle, a new lock).
    /// The verifier reserved the slot: these instructions push one value.
    pub fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    /// Sets the thread's ident (`threading.get_ident()`): its id in the
    /// run's world.
    pub fn set_ident(&mut self, id: u32) {
        self.ident = id;
    }

    /// The thread's ident.
    pub fn ident(&self) -> u32 {
        self.ident
    }

    /// The recursion limit.
    pub fn recursion_limit(&self) -> u32 {
        self.recursion_limit
    }

    /// Writes printed text: whole lines go out at once, a trailing partial
    /// line waits for the rest (or the thread's end).
    pub fn write_text(&mut self, text: &str, to_stderr: bool) {
        if self.muted {
            return;
        }
        if to_stderr {
            crate::vm::output::write_stderr(text);
            return;
        }
        self.partial.push_str(text);
        while let Some(i) = self.partial.find('\n') {
            let line: String = self.partial.drain(..=i).collect();
            self.out.line(&line[..line.len() - 1]);
        }
    }

    /// Writes out a partial line left at the thread's end.
    pub fn flush_output(&mut self) {
        if !self.partial.is_empty() {
            let rest = std::mem::take(&mut self.partial);
            self.out.line(&rest);
        }
    }

    /// Fails the instruction that made the last [`Request`] with `kind`,
    /// raised as a Python exception (releasing an unlocked lock is a
    /// catchable `RuntimeError`, as in CPython). `None` when a handler took
    /// it: the thread goes on with its next slice. Otherwise the thread has
    /// ended and this is its traceback.
    pub fn raise(&mut self, kind: TrapKind) -> Option<Trap> {
        match self.unwind(kind, 0) {
            Ok(()) => None,
            Err(kind) => {
                self.flush_output();
                Some(self.trap(kind))
            }
        }
    }

    /// The prelude function `name` (Python code compiled into every
    /// program; see src/vm/builtins/prelude.py), for a native to tail-call
    /// with [`crate::vm::native::Flow::Call`].
    pub fn prelude(&mut self, name: &str) -> Result<Value, TrapKind> {
        let full = format!("{}{name}", crate::py::prelude::PREFIX);
        match self.program.function_index(&full) {
            Some(i) => Ok(crate::vm::object::FuncObj::bare(&self.program, i)),
            None => Err(TrapKind::Runtime(format!(
                "internal: no prelude function {name} in this program"
            ))),
        }
    }
}
