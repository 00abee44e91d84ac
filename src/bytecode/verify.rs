//! The verifier: proves a program safe to run before it may run.
//!
//! For every function it checks that each operand indexes something that
//! exists, that jumps land inside the function in the direction their name
//! says, that the operand stack has the same depth on every path into an
//! instruction and never underflows (a worklist over the control-flow graph,
//! like CPython's `stackdepth()` in the compiler), that no path falls off the
//! end without `RETURN_VALUE`, and that every `CALL` passes as many
//! arguments as the callee has parameters. It also records each function's
//! maximum stack depth. The interpreter's dispatch loop relies on all of
//! this instead of checking again.

use super::op::Op;
use super::program::{Function, FLAGS_SUSPENDED};
use crate::diag::{Diagnostic, Span};

/// The most operand-stack slots one function may use.
pub const MAX_STACK: u32 = 1 << 16;

/// `(pops, pushes)` of one instruction; `pops` is also the depth it needs.
fn stack_effect(op: &Op) -> (u32, u32) {
    match *op {
        Op::LoadConst(_) | Op::LoadFast(_) | Op::LoadGlobal(_) => (0, 1),
        Op::StoreFast(_) | Op::StoreGlobal(_) | Op::PopTop => (1, 0),
        Op::Copy(n) => (n, n + 1),
        Op::Swap(n) => (n, n),
        Op::BinaryOp(_) | Op::CompareOp(_) => (2, 1),
        Op::UnaryNegative | Op::UnaryNot => (1, 1),
        Op::JumpForward(_) | Op::JumpBackward(_) => (0, 0),
        Op::PopJumpIfFalse(_) | Op::PopJumpIfTrue(_) => (1, 0),
        Op::Call { nargs, .. } => (nargs as u32, 1),
        Op::ReturnValue => (1, 0),
        Op::Print(n) => (n, 0),
        Op::StartThread { nargs, .. } => (nargs as u32, 1),
        Op::JoinThread | Op::LockAcquire | Op::LockRelease | Op::IoWait => (1, 0),
        Op::NewLock => (0, 1),
        Op::CallNative => (2, 0),
        Op::Yield | Op::Nop | Op::PushExcInfo | Op::PopExcept => (0, 0),
        Op::LoadDeref(_) | Op::LoadClosure(_) | Op::LoadLocals | Op::ImportName(_) => (0, 1),
        Op::StoreDeref(_) => (1, 0),
        Op::DeleteDeref(_) | Op::DeleteFast(_) | Op::DeleteGlobal(_) => (0, 0),
        Op::LoadAttr(_) => (1, 1),
        Op::StoreAttr(_) => (2, 0),
        Op::DeleteAttr(_) => (1, 0),
        Op::LoadMethod(_) => (1, 2),
        Op::CallFunction(n) => (n + 1, 1),
        Op::CallMethod(n) => (n + 2, 1),
        Op::CallFunctionKw(n) => (n + 2, 1),
        Op::CallFunctionEx(f) => (2 + (f & 1), 1),
        Op::BinarySubscr => (2, 1),
        Op::StoreSubscr => (3, 0),
        Op::DeleteSubscr => (2, 0),
        Op::BuildTuple(n) | Op::BuildList(n) | Op::BuildSet(n) | Op::BuildString(n) => (n, 1),
        Op::BuildMap(n) => (2 * n, 1),
        Op::BuildSlice(n) => (n, 1),
        // The container lies `i` deep below the value(s) popped.
        Op::ListAppend(i)
        | Op::SetAdd(i)
        | Op::ListExtend(i)
        | Op::SetUpdate(i)
        | Op::DictUpdate(i) => (i + 1, i),
        Op::MapAdd(i) => (i + 2, i),
        Op::ListToTuple | Op::GetIter | Op::GetYieldFromIter => (1, 1),
        Op::FormatValue(f) => (1 + ((f >> 2) & 1), 1),
        Op::UnpackSequence(n) => (1, n),
        Op::UnpackEx(n) => (1, (n & 0xff) + (n >> 8) + 1),
        Op::ForIter(_) => (1, 2),
        Op::ContainsOp(_) | Op::IsOp(_) => (2, 1),
        Op::UnaryPositive | Op::UnaryInvert => (1, 1),
        Op::MakeFunction { flags, .. } => (
            (flags & 1 != 0) as u32 + (flags & 2 != 0) as u32 + (flags & 8 != 0) as u32,
            1,
        ),
        Op::BuildClass(n) => (n + 2, 1),
        Op::RaiseVarargs(n) => (n, 0),
        Op::CheckExcMatch => (2, 2),
        Op::Reraise => (1, 0),
        Op::YieldValue => (1, 1),
        Op::Send(_) => (2, 2),
        Op::GetAwaitable(_) | Op::GetAiter | Op::AsyncGenWrap => (1, 1),
        Op::BeforeAsyncWith | Op::GetAnext => (1, 2),
        Op::EndAsyncFor => (2, 0),
    }
}

/// Verifies every function, setting `max_stack`; returns the problems found.
pub fn verify(functions: &mut [Function], nglobals: usize) -> Vec<Diagnostic> {
    let arities: Vec<(String, u16, bool)> = functions
        .iter()
        .map(|f| (f.name.clone(), f.nparams, f.is_simple()))
        .collect();
    let mut errors = Vec::new();
    for f in functions.iter_mut() {
        let before = errors.len();
        check_operands(f, nglobals, &arities, &mut errors);
        if errors.len() == before {
            match stack_depths(f) {
                Ok(max) => f.max_stack = max,
                Err(d) => errors.push(d),
            }
        }
    }
    errors.sort_by_key(|d| (d.span.line, d.span.col));
    errors
}

fn span_at(f: &Function, pc: usize) -> Span {
    f.spans.get(pc).copied().unwrap_or(f.span)
}

fn check_operands(
    f: &Function,
    nglobals: usize,
    arities: &[(String, u16, bool)],
    errors: &mut Vec<Diagnostic>,
) {
    if f.local_names.len() < f.nparams as usize || f.local_names.len() > u32::MAX as usize {
        errors.push(Diagnostic::new(
            f.span,
            format!("function '{}' has fewer locals than parameters", f.name),
        ));
    }
    if f.nposonly > f.nparams {
        errors.push(Diagnostic::new(
            f.span,
            format!(
                "function '{}' has more positional-only parameters than parameters",
                f.name
            ),
        ));
    }
    if (f.flags & FLAGS_SUSPENDED).count_ones() > 1 {
        errors.push(Diagnostic::new(
            f.span,
            format!(
                "function '{}' is marked more than one of generator, coroutine and async generator",
                f.name
            ),
        ));
    }
    if f.code.is_empty() {
        errors.push(Diagnostic::new(
            f.span,
            format!(
                "function '{}' has no instructions (it must end in RETURN_VALUE)",
                f.name
            ),
        ));
    }
    let len = f.code.len();
    let nloc = f.local_names.len();
    if f.nargs_total() > nloc || f.cells.iter().chain(&f.frees).any(|&i| i as usize >= nloc) {
        errors.push(Diagnostic::new(
            f.span,
            format!(
                "function '{}' names a parameter, cell or free variable past its locals",
                f.name
            ),
        ));
    }
    for h in &f.handlers {
        if h.start > h.end
            || h.end as usize > len
            || h.target as usize >= len
            || h.depth > MAX_STACK
        {
            errors.push(Diagnostic::new(
                f.span,
                format!(
                    "function '{}' has an exception handler out of range",
                    f.name
                ),
            ));
        }
    }
    for (pc, op) in f.code.iter().enumerate() {
        let err = |msg: String| Diagnostic::new(span_at(f, pc), msg);
        let bad = match *op {
            Op::LoadConst(i) if i as usize >= f.consts.len() => {
                Some(format!("constant index {i} out of range"))
            }
            Op::LoadFast(i)
            | Op::StoreFast(i)
            | Op::DeleteFast(i)
            | Op::LoadDeref(i)
            | Op::StoreDeref(i)
            | Op::DeleteDeref(i)
            | Op::LoadClosure(i)
                if i as usize >= f.local_names.len() =>
            {
                Some(format!("local index {i} out of range"))
            }
            Op::LoadAttr(i)
            | Op::StoreAttr(i)
            | Op::DeleteAttr(i)
            | Op::LoadMethod(i)
            | Op::ImportName(i)
                if !matches!(f.consts.get(i as usize), Some(crate::vm::Value::Str(_))) =>
            {
                Some(format!(
                    "{} needs a name (a str constant) at index {i}",
                    op.mnemonic()
                ))
            }
            Op::DeleteGlobal(i) if i as usize >= nglobals => {
                Some(format!("global index {i} out of range"))
            }
            Op::MakeFunction { code, .. } if code as usize >= arities.len() => {
                Some(format!("function index {code} out of range"))
            }
            Op::BuildSlice(n) if !(2..=3).contains(&n) => {
                Some(format!("BUILD_SLICE needs 2 or 3, got {n}"))
            }
            Op::RaiseVarargs(n) if n > 2 => Some(format!("RAISE_VARARGS needs 0, 1 or 2, got {n}")),
            Op::GetAwaitable(n) if n > 2 => Some(format!("GET_AWAITABLE needs 0, 1 or 2, got {n}")),
            Op::BuildTuple(n)
            | Op::BuildList(n)
            | Op::BuildSet(n)
            | Op::BuildString(n)
            | Op::BuildMap(n)
            | Op::CallFunction(n)
            | Op::CallMethod(n)
            | Op::CallFunctionKw(n)
            | Op::BuildClass(n)
            | Op::UnpackSequence(n)
                if n > MAX_STACK / 2 =>
            {
                Some(format!("{} count {n} too large", op.mnemonic()))
            }
            Op::UnpackEx(n) if n > 0xffff => Some(format!("UNPACK_EX operand {n} too large")),
            Op::ListAppend(i)
            | Op::SetAdd(i)
            | Op::MapAdd(i)
            | Op::ListExtend(i)
            | Op::SetUpdate(i)
            | Op::DictUpdate(i)
                if i == 0 || i > MAX_STACK =>
            {
                Some(format!(
                    "{} needs 1 <= i <= {MAX_STACK}, got {i}",
                    op.mnemonic()
                ))
            }
            Op::LoadGlobal(i) | Op::StoreGlobal(i) if i as usize >= nglobals => {
                Some(format!("global index {i} out of range"))
            }
            Op::Copy(n) if !(1..=MAX_STACK).contains(&n) => {
                Some(format!("COPY needs 1 <= n <= {MAX_STACK}, got {n}"))
            }
            Op::Swap(n) if !(2..=MAX_STACK).contains(&n) => {
                Some(format!("SWAP needs 2 <= n <= {MAX_STACK}, got {n}"))
            }
            Op::Print(n) if n > MAX_STACK => Some(format!("PRINT needs n <= {MAX_STACK}, got {n}")),
            Op::Call { func, nargs } | Op::StartThread { func, nargs } => {
                match arities.get(func as usize) {
                    None => Some(format!("function index {func} out of range")),
                    Some((name, arity, _)) if *arity != nargs => Some(format!(
                        "{} passes {nargs} argument{} but '{name}' takes {arity}",
                        op.mnemonic(),
                        if nargs == 1 { "" } else { "s" }
                    )),
                    Some((name, _, false)) => Some(format!(
                        "{} needs a plain function, but '{name}' has cells, free variables, keyword-only or variable parameters or is a generator or coroutine (use MAKE_FUNCTION and CALL_FUNCTION)",
                        op.mnemonic()
                    )),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(msg) = bad {
            errors.push(err(msg));
        }
        if let Some(t) = op.jump_target() {
            let t = t as usize;
            let msg = if t >= len {
                Some(format!("jump target {t} is past the end of '{}'", f.name))
            } else {
                match op {
                    Op::JumpForward(_) if t <= pc => Some(
                        "JUMP_FORWARD must jump to a later instruction (use JUMP_BACKWARD)".into(),
                    ),
                    Op::ForIter(_) | Op::Send(_) if t <= pc => {
                        Some(format!("{} must jump forward", op.mnemonic()))
                    }
                    Op::JumpBackward(_) if t > pc => Some(
                        "JUMP_BACKWARD must jump to an earlier instruction (use JUMP_FORWARD)"
                            .into(),
                    ),
                    _ => None,
                }
            };
            if let Some(m) = msg {
                errors.push(err(m));
            }
        }
    }
}

/// Computes the maximum stack depth, checking consistency on every path.
fn stack_depths(f: &Function) -> Result<u32, Diagnostic> {
    let n = f.code.len();
    let mut depth: Vec<Option<u32>> = vec![None; n];
    let mut work = vec![0usize];
    depth[0] = Some(0);
    let mut max = 0u32;
    while let Some(pc) = work.pop() {
        let d = depth[pc].expect("queued instructions have a depth");
        let op = &f.code[pc];
        let (pops, pushes) = stack_effect(op);
        if d < pops {
            return Err(Diagnostic::new(
                span_at(f, pc),
                format!(
                    "stack underflow: {} needs {pops} value{} but the stack holds {d} here",
                    op.mnemonic(),
                    if pops == 1 { "" } else { "s" }
                ),
            ));
        }
        let after = d - pops + pushes;
        if after > MAX_STACK {
            return Err(Diagnostic::new(
                span_at(f, pc),
                format!("stack deeper than {MAX_STACK}"),
            ));
        }
        max = max.max(after);
        let mut succ: [Option<usize>; 2] = [None, None];
        match *op {
            Op::ReturnValue => {}
            Op::JumpForward(t) | Op::JumpBackward(t) => succ[0] = Some(t as usize),
            Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                succ = [Some(pc + 1), Some(t as usize)];
            }
            Op::RaiseVarargs(_) | Op::Reraise => {}
            _ => succ[0] = Some(pc + 1),
        }
        // FOR_ITER and SEND leave a different depth on their exit edge.
        let mut edges: Vec<(usize, u32)> = succ.into_iter().flatten().map(|s| (s, after)).collect();
        match *op {
            Op::ForIter(t) => {
                edges = vec![(pc + 1, after), (t as usize, d - 1)];
            }
            Op::Send(t) => {
                edges = vec![(pc + 1, after), (t as usize, d - 1)];
            }
            _ => {}
        }
        // Every covered instruction may raise into its handlers.
        for h in &f.handlers {
            if (h.start as usize..h.end as usize).contains(&pc) {
                edges.push((h.target as usize, h.depth + 1));
                max = max.max(h.depth + 1);
            }
        }
        for (s, after) in edges {
            if s >= n {
                return Err(Diagnostic::new(
                    span_at(f, pc),
                    format!(
                        "execution can run past the end of '{}' without RETURN_VALUE",
                        f.name
                    ),
                ));
            }
            match depth[s] {
                None => {
                    depth[s] = Some(after);
                    work.push(s);
                }
                Some(prev) if prev != after => {
                    return Err(Diagnostic::new(
                        span_at(f, s),
                        format!(
                            "inconsistent stack depth: {prev} on one path into this instruction, {after} on the path from instruction {pc}"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    Ok(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::program::{FLAG_COROUTINE, FLAG_GENERATOR};
    use crate::vm::Value;

    fn function(code: Vec<Op>, flags: u16) -> Function {
        let mut f = Function::new("f", 0, vec![], Span::new(1, 1, 1));
        f.consts = vec![Value::None];
        f.spans = vec![Span::new(1, 1, 1); code.len()];
        f.code = code;
        f.flags = flags;
        f
    }

    #[test]
    fn async_instructions_have_their_stack_effects() {
        // async with: m -> exit res; awaited; async for: aiter -> aiter aw.
        let code = vec![
            Op::LoadConst(0),
            Op::BeforeAsyncWith,
            Op::GetAwaitable(1),
            Op::AsyncGenWrap,
            Op::GetAiter,
            Op::GetAnext,
            Op::EndAsyncFor,
            Op::ReturnValue,
        ];
        let mut fs = [function(code, FLAG_COROUTINE)];
        let e = verify(&mut fs, 0);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(fs[0].max_stack(), 3);
    }

    #[test]
    fn bad_async_code_is_rejected() {
        let mut fs = [function(
            vec![Op::LoadConst(0), Op::GetAwaitable(3), Op::ReturnValue],
            0,
        )];
        let e = verify(&mut fs, 0);
        assert!(
            e[0].message.contains("GET_AWAITABLE needs 0, 1 or 2"),
            "{e:?}"
        );
        let mut fs = [function(
            vec![Op::LoadConst(0), Op::ReturnValue],
            FLAG_GENERATOR | FLAG_COROUTINE,
        )];
        let e = verify(&mut fs, 0);
        assert!(e[0].message.contains("more than one of"), "{e:?}");
    }
}
