//! The interpreter's dispatch loop: it runs one interpreter thread (its
//! state is [`Interp`], in [`super::thread_state`]) in *slices*.
//!
//! A slice runs until an eval-breaker point finds the breaker set or the
//! instruction budget spent (backward jumps and calls, as in CPython >=
//! 3.10), until the entry function returns, or until a runtime error.
//! There is no global VM: an engine owns one [`Interp`] per thread and
//! decides, between slices, who runs.
//!
//! The loop trusts the verifier: stack depths, jump targets and every
//! operand index were proven valid before a [`crate::bytecode::Program`] could exist, so
//! the hot path does not check them again.

use super::ops;
use super::request::{expected, io_duration, Request};
use super::trap::{Trap, TrapKind};
use super::value::Value;
use crate::bytecode::quicken::{Inst, Src};
use crate::bytecode::Op;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;

pub use super::frame::Outcome;
pub(crate) use super::frame::{Frame, FrameKind};
pub(crate) use super::slots::Ctl;
use super::slots::{load, pop_truthy, print_line, self_pop_result, SavedPos};
pub use super::thread_state::Interp;

impl Interp {
    /// Runs one slice. At each eval-breaker point (a backward jump or a
    /// call) the slice ends with [`Outcome::Interrupted`] if `breaker` is set
    /// (one relaxed load) or at least `budget` instructions ran in it.
    /// An exception unwinds to its handler; one that escapes the thread's
    /// first frame ends the thread with its traceback.
    pub fn run_slice(&mut self, breaker: &AtomicBool, budget: u64) -> Result<Outcome, Trap> {
        let r = self.run_slice_inner(breaker, budget);
        if self.at_exit.is_off() {
            return r;
        }
        self.exit_step(r, breaker, budget)
    }

    fn run_slice_inner(&mut self, breaker: &AtomicBool, budget: u64) -> Result<Outcome, Trap> {
        if let Some((f, args)) = self.start.take() {
            match self.call_value(f, args, FrameKind::Call, 0) {
                Ok(()) if self.frames.is_empty() => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    return Ok(Outcome::Returned(v));
                }
                Ok(()) => {}
                Err(crate::vm::native::Flow::Raise(k)) => return Err(self.trap(k)),
                Err(crate::vm::native::Flow::Request(r)) => return Ok(Outcome::Request(r)),
                Err(crate::vm::native::Flow::Call { .. }) => {}
            }
        }
        loop {
            match self.run_inner(breaker, budget, 0) {
                Ok(o) => {
                    if let Outcome::Returned(_) = o {
                        self.flush_output();
                    }
                    return Ok(o);
                }
                Err(kind) => match self.unwind(kind, 0) {
                    Ok(()) => continue,
                    Err(kind) => {
                        self.flush_output();
                        return Err(self.trap(kind));
                    }
                },
            }
        }
    }

    /// The dispatch loop: runs until an outcome, or until the frame count
    /// drops to `floor` (a nested call's frame returned: its value is the
    /// outcome `Returned`). Errors leave the state saved for [`Interp::unwind`].
    pub(crate) fn run_inner(
        &mut self,
        breaker: &AtomicBool,
        budget: u64,
        floor: usize,
    ) -> Result<Outcome, TrapKind> {
        let Some(entry_frame) = self.frames.last() else {
            return Ok(Outcome::Returned(Value::None));
        };
        let entry_frame = (entry_frame.func, entry_frame.pc, entry_frame.base);
        let entry_frame = SavedPos {
            func: entry_frame.0,
            pc: entry_frame.1,
            base: entry_frame.2,
        };
        let prog = Arc::clone(&self.program);
        let funcs = prog.functions();
        let globals_arc = Arc::clone(&self.globals);
        let globals = &*globals_arc;
        let mut stack = std::mem::take(&mut self.stack);
        let mut f = &funcs[entry_frame.func as usize];
        let mut code: &[Inst] = &f.quick;
        let mut consts: &[Value] = &f.consts;
        let mut pc = entry_frame.pc as usize;
        let mut n: u64 = 0;

        // The loop keeps the stack as raw pointers in registers: `ptr` is
        // the buffer, `sp` one past the top, `locals` the frame's first
        // local. While it runs the Vec's len is 0, so the loop owns the
        // values in [ptr, sp); a panic can then only leak them, never drop
        // them twice. `sync!` hands them back to the Vec around the few
        // operations that resize it (call, return, print).
        //
        // SAFETY (every `unsafe` in the loop relies on this): the verifier
        // proved each instruction finds the operand depth it pops and that
        // a function never exceeds `max_stack` operands; each frame's entry
        // reserved `nlocals + max_stack` slots above its base; local indices
        // are < nlocals; pc stays in bounds (jump targets are in range and
        // every path ends in RETURN_VALUE). So every read below is of an
        // initialised slot in [ptr, sp) and every write is within capacity.
        let mut len = stack.len();
        let mut ptr = stack.as_mut_ptr();
        // SAFETY: shrinking len never exposes uninitialised memory.
        unsafe { stack.set_len(0) };
        // SAFETY: len <= capacity.
        let mut sp = unsafe { ptr.add(len) };
        let mut locals = unsafe { ptr.add(entry_frame.base as usize) };
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                unsafe {
                    sp.write(v);
                    sp = sp.add(1);
                }
            }};
        }
        macro_rules! pop {
            () => {
                unsafe {
                    sp = sp.sub(1);
                    sp.read()
                }
            };
        }
        macro_rules! top {
            () => {
                unsafe { &mut *sp.sub(1) }
            };
        }
        // Runs `$body` with the Vec owning [ptr, sp), then re-derives the
        // pointers (the body may reallocate).
        macro_rules! sync {
            ($body:block) => {{
                len = unsafe { sp.offset_from(ptr) } as usize;
                unsafe { stack.set_len(len) };
                let r = $body;
                len = stack.len();
                ptr = stack.as_mut_ptr();
                unsafe { stack.set_len(0) };
                sp = unsafe { ptr.add(len) };
                r
            }};
        }

        // The int value of a fused instruction's operand, if it is an int.
        macro_rules! int_src {
            ($s:expr) => {
                match $s {
                    Src::Local(i) => match unsafe { &*locals.add(i as usize) } {
                        Value::Int(x) => Some(*x),
                        _ => None,
                    },
                    Src::Const(i) => match unsafe { consts.get_unchecked(i as usize) } {
                        Value::Int(x) => Some(*x),
                        _ => None,
                    },
                }
            };
        }
        // A fused instruction's slow path: run just its first original op.
        macro_rules! first_op {
            () => {
                unsafe { *f.code.get_unchecked(pc - 1) }
            };
        }

        macro_rules! slow {
            ($other:expr) => {{
                let other: Op = $other;
                // Everything else: the slow path, on the state saved
                // back into `self`.
                len = unsafe { sp.offset_from(ptr) } as usize;
                unsafe { stack.set_len(len) };
                self.stack = std::mem::take(&mut stack);
                if let Some(fr) = self.frames.last_mut() {
                    fr.pc = pc as u32;
                }
                let r = self.exec(other, floor);
                stack = std::mem::take(&mut self.stack);
                len = stack.len();
                ptr = stack.as_mut_ptr();
                unsafe { stack.set_len(0) };
                sp = unsafe { ptr.add(len) };
                match r {
                    Ok(Ctl::Next) => {}
                    Ok(Ctl::Out(o)) => break Ok(o),
                    Err(e) => break Err(e),
                }
                if self.frames.len() <= floor {
                    // A nested call's frame finished inside the slow path.
                    break Ok(Outcome::Returned(self_pop_result(&mut sp)));
                }
                let fr = self.frames.last().expect("above the floor");
                f = &funcs[fr.func as usize];
                code = &f.quick;
                consts = &f.consts;
                pc = fr.pc as usize;
                locals = unsafe { ptr.add(fr.base as usize) };
                if matches!(
                    other,
                    Op::CallFunction(_)
                        | Op::CallMethod(_)
                        | Op::CallFunctionKw(_)
                        | Op::CallFunctionEx(_)
                ) && (breaker.load(Relaxed) || n >= budget)
                {
                    break Ok(Outcome::Interrupted);
                }
            }};
        }

        let result: Result<Outcome, TrapKind> = 'dispatch: loop {
            debug_assert!(pc < code.len());
            let inst = unsafe { *code.get_unchecked(pc) };
            pc += 1;
            n += 1;
            let op = match inst {
                Inst::Plain(op) => op,
                Inst::CompareJump2 {
                    a,
                    b,
                    op,
                    jump_if,
                    target,
                } => {
                    if let (Some(x), Some(y)) = (int_src!(a), int_src!(b)) {
                        n += 3;
                        pc = if ops::int_compare(op, x, y) == jump_if {
                            target as usize
                        } else {
                            pc + 3
                        };
                        continue;
                    }
                    first_op!()
                }
                Inst::BinaryStore2 { a, b, op, dst } => {
                    if let (Some(x), Some(y)) = (int_src!(a), int_src!(b)) {
                        if let Some(r) = ops::int_fast(op, x, y) {
                            match unsafe { &mut *locals.add(dst as usize) } {
                                Value::Int(d) => *d = r,
                                slot => *slot = Value::Int(r),
                            }
                            n += 3;
                            pc += 3;
                            continue;
                        }
                    }
                    first_op!()
                }
                Inst::Binary2 { a, b, op } => {
                    if let (Some(x), Some(y)) = (int_src!(a), int_src!(b)) {
                        if let Some(r) = ops::int_fast(op, x, y) {
                            push!(Value::Int(r));
                            n += 2;
                            pc += 2;
                            continue;
                        }
                    }
                    first_op!()
                }
                Inst::CompareJump {
                    op,
                    jump_if,
                    target,
                } => {
                    let (a, b) = unsafe { (&*sp.sub(2), &*sp.sub(1)) };
                    if let (Value::Int(x), Value::Int(y)) = (a, b) {
                        let r = ops::int_compare(op, *x, *y);
                        // SAFETY: both are ints: nothing to drop.
                        sp = unsafe { sp.sub(2) };
                        n += 1;
                        pc = if r == jump_if {
                            target as usize
                        } else {
                            pc + 1
                        };
                        continue;
                    }
                    first_op!()
                }
            };
            let slow_op: Op = 'fast: {
                match op {
                    Op::LoadConst(i) => push!(load(unsafe { consts.get_unchecked(i as usize) })),
                    Op::LoadFast(i) => {
                        let v = unsafe { &*locals.add(i as usize) };
                        if let Value::Unbound = v {
                            break 'dispatch Err(TrapKind::UnboundLocal(
                                f.local_names[i as usize].clone(),
                            ));
                        }
                        push!(load(v));
                    }
                    Op::StoreFast(i) => {
                        let (slot, v) = unsafe { (&mut *locals.add(i as usize), &*sp.sub(1)) };
                        if let (Value::Int(dst), Value::Int(src)) = (&mut *slot, v) {
                            *dst = *src;
                            // SAFETY: the popped value is an int: nothing to drop.
                            sp = unsafe { sp.sub(1) };
                            continue 'dispatch;
                        }
                        *slot = pop!();
                    }
                    Op::LoadGlobal(i) => {
                        let v = match globals.load(i) {
                            Value::Unbound => match super::globals::unbound(&prog, i) {
                                Ok(b) => b,
                                Err(k) => break 'dispatch Err(k),
                            },
                            v => v,
                        };
                        push!(v)
                    }
                    Op::StoreGlobal(i) => globals.store(i, pop!()),
                    Op::PopTop => drop(pop!()),
                    Op::Copy(k) => push!(unsafe { &*sp.sub(k as usize) }.clone()),
                    Op::Swap(k) => unsafe { std::ptr::swap(sp.sub(1), sp.sub(k as usize)) },
                    Op::BinaryOp(o) => {
                        // Operands are inspected in place: moving a just-pushed
                        // value out whole defeats store forwarding.
                        let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                        if let (Value::Int(x), Value::Int(y)) = (&mut *a, b) {
                            if let Some(r) = ops::int_fast(o, *x, *y) {
                                *x = r;
                                // SAFETY: `b` is an int: no destructor to run.
                                sp = unsafe { sp.sub(1) };
                                continue 'dispatch;
                            }
                        }
                        if let (Value::Float(_) | Value::Int(_), Value::Float(_) | Value::Int(_)) =
                            (&*a, b)
                        {
                            let b = pop!();
                            let a = top!();
                            match ops::binary(o, a, &b) {
                                Ok(v) => *a = v,
                                Err(e) => break 'dispatch Err(e),
                            }
                        } else {
                            break 'fast op;
                        }
                    }
                    Op::UnaryNegative | Op::UnaryNot => break 'fast op,
                    Op::CompareOp(o) => {
                        let (a, b) = unsafe { (&mut *sp.sub(2), &*sp.sub(1)) };
                        if let (Value::Int(x), Value::Int(y)) = (&*a, b) {
                            let r = ops::int_compare(o, *x, *y);
                            // SAFETY: both are ints: no destructors to run.
                            unsafe { std::ptr::write(a, Value::Bool(r)) };
                            sp = unsafe { sp.sub(1) };
                            continue 'dispatch;
                        }
                        if let (
                            Value::Instance(_)
                            | Value::List(_)
                            | Value::Tuple(_)
                            | Value::Dict(_)
                            | Value::Obj(_),
                            _,
                        )
                        | (
                            _,
                            Value::Instance(_)
                            | Value::List(_)
                            | Value::Tuple(_)
                            | Value::Dict(_)
                            | Value::Obj(_),
                        ) = (&*a, b)
                        {
                            break 'fast op;
                        } else {
                            let b = pop!();
                            let a = top!();
                            match ops::compare(o, a, &b) {
                                Ok(r) => *a = Value::Bool(r),
                                Err(e) => break 'dispatch Err(e),
                            }
                        }
                    }
                    Op::JumpForward(t) => pc = t as usize,
                    Op::JumpBackward(t) => {
                        pc = t as usize;
                        if breaker.load(Relaxed) || n >= budget {
                            break 'dispatch Ok(Outcome::Interrupted);
                        }
                    }
                    Op::PopJumpIfFalse(t) => {
                        if !pop_truthy(&mut sp) {
                            pc = t as usize;
                        }
                    }
                    Op::PopJumpIfTrue(t) => {
                        if pop_truthy(&mut sp) {
                            pc = t as usize;
                        }
                    }
                    Op::Call { func, nargs } => {
                        if self.frames.len() >= self.recursion_limit as usize {
                            break 'dispatch Err(TrapKind::Recursion(self.recursion_limit));
                        }
                        if let Some(caller) = self.frames.last_mut() {
                            caller.pc = pc as u32;
                        }
                        f = &funcs[func as usize];
                        let base = unsafe { sp.offset_from(ptr) } as usize - nargs as usize;
                        sync!({
                            stack.reserve(f.local_names.len() + f.max_stack() as usize);
                            stack.resize(base + f.local_names.len(), Value::Unbound);
                        });
                        locals = unsafe { ptr.add(base) };
                        self.frames.push(Frame {
                            func,
                            pc: 0,
                            base: base as u32,
                            exc_base: self.exc_info.len() as u32,
                            below: 0,
                            kind: FrameKind::Call,
                        });
                        self.calls += 1;
                        code = &f.quick;
                        consts = &f.consts;
                        pc = 0;
                        if breaker.load(Relaxed) || n >= budget {
                            break 'dispatch Ok(Outcome::Interrupted);
                        }
                    }
                    Op::ReturnValue => {
                        let v = pop!();
                        let base = unsafe { locals.offset_from(ptr) } as usize;
                        let Some(done) = self.frames.pop() else {
                            break 'dispatch Ok(Outcome::Returned(v));
                        };
                        sync!({ stack.truncate(base - done.below as usize) });
                        if self.exc_info.len() > done.exc_base as usize {
                            self.exc_info.truncate(done.exc_base as usize);
                        }
                        if done.kind != FrameKind::Call {
                            // Generators and __init__: the slow path.
                            len = unsafe { sp.offset_from(ptr) } as usize;
                            unsafe { stack.set_len(len) };
                            self.stack = std::mem::take(&mut stack);
                            let r = self.returned_special(done, v);
                            stack = std::mem::take(&mut self.stack);
                            len = stack.len();
                            ptr = stack.as_mut_ptr();
                            unsafe { stack.set_len(0) };
                            sp = unsafe { ptr.add(len) };
                            if let Err(e) = r {
                                // Raised in the caller, at the caller's pc.
                                if let Some(c) = self.frames.last() {
                                    pc = c.pc as usize;
                                }
                                break 'dispatch Err(e);
                            }
                            if self.frames.len() <= floor {
                                break 'dispatch Ok(Outcome::Returned(self_pop_result(&mut sp)));
                            }
                            let caller = self.frames.last().expect("above the floor");
                            f = &funcs[caller.func as usize];
                            code = &f.quick;
                            consts = &f.consts;
                            pc = caller.pc as usize;
                            locals = unsafe { ptr.add(caller.base as usize) };
                            continue 'dispatch;
                        }
                        if self.frames.len() <= floor {
                            break 'dispatch Ok(Outcome::Returned(v));
                        }
                        let Some(caller) = self.frames.last() else {
                            break 'dispatch Ok(Outcome::Returned(v));
                        };
                        f = &funcs[caller.func as usize];
                        code = &f.quick;
                        consts = &f.consts;
                        pc = caller.pc as usize;
                        locals = unsafe { ptr.add(caller.base as usize) };
                        push!(v);
                    }
                    Op::Print(k) => {
                        let line = sync!({ print_line(&mut stack, k as usize) });
                        self.out.line(&line);
                    }
                    Op::StartThread { func, nargs } => {
                        let args = sync!({ stack.split_off(stack.len() - nargs as usize) });
                        let target = crate::vm::object::FuncObj::bare(&prog, func);
                        break 'dispatch Ok(Outcome::Request(Request::StartThread {
                            target,
                            args,
                            daemon: false,
                        }));
                    }
                    Op::JoinThread => match pop!() {
                        Value::Thread(t) => break 'dispatch Ok(Outcome::Request(Request::Join(t))),
                        v => break 'dispatch Err(expected("JOIN_THREAD", "a thread", &v)),
                    },
                    Op::NewLock => break 'dispatch Ok(Outcome::Request(Request::NewLock)),
                    Op::LockAcquire => match pop!() {
                        Value::Lock(l) => {
                            break 'dispatch Ok(Outcome::Request(Request::Acquire(l)))
                        }
                        v => break 'dispatch Err(expected("LOCK_ACQUIRE", "a lock", &v)),
                    },
                    Op::LockRelease => match pop!() {
                        Value::Lock(l) => {
                            break 'dispatch Ok(Outcome::Request(Request::Release(l)))
                        }
                        v => break 'dispatch Err(expected("LOCK_RELEASE", "a lock", &v)),
                    },
                    Op::IoWait => match io_duration(&pop!()) {
                        Ok(ns) => break 'dispatch Ok(Outcome::Request(Request::Io(ns))),
                        Err(e) => break 'dispatch Err(e),
                    },
                    Op::CallNative => {
                        let release_gil = pop!().truthy();
                        match pop!() {
                            Value::Int(w) if w >= 0 => {
                                break 'dispatch Ok(Outcome::Request(Request::Native {
                                    work: w as u64,
                                    release_gil,
                                }))
                            }
                            Value::Int(_) => {
                                break 'dispatch Err(TrapKind::Value(
                                    "native work must be non-negative",
                                ))
                            }
                            v => {
                                break 'dispatch Err(expected(
                                    "CALL_NATIVE",
                                    "an int amount of work",
                                    &v,
                                ))
                            }
                        }
                    }
                    Op::Yield => break 'dispatch Ok(Outcome::Request(Request::Yield)),
                    other => break 'fast other,
                }
                continue 'dispatch;
            };
            slow!(slow_op)
        };

        // SAFETY: [ptr, sp) are the live, initialised values.
        unsafe { stack.set_len(sp.offset_from(ptr) as usize) };
        self.instructions += n;
        self.stack = stack;
        // A frame that returned (to the thread's end or a nested call's
        // floor) took its pc with it: the frame now on top keeps its own.
        if !matches!(result, Ok(Outcome::Returned(_))) {
            if let Some(fr) = self.frames.last_mut() {
                fr.pc = pc as u32;
            }
        }
        result
    }
}
