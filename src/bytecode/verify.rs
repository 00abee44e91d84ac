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
use super::program::Function;
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
        Op::Yield => (0, 0),
    }
}

/// Verifies every function, setting `max_stack`; returns the problems found.
pub fn verify(functions: &mut [Function], nglobals: usize) -> Vec<Diagnostic> {
    let arities: Vec<(String, u16)> = functions
        .iter()
        .map(|f| (f.name.clone(), f.nparams))
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
    arities: &[(String, u16)],
    errors: &mut Vec<Diagnostic>,
) {
    if f.local_names.len() < f.nparams as usize || f.local_names.len() > u32::MAX as usize {
        errors.push(Diagnostic::new(
            f.span,
            format!("function '{}' has fewer locals than parameters", f.name),
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
    for (pc, op) in f.code.iter().enumerate() {
        let err = |msg: String| Diagnostic::new(span_at(f, pc), msg);
        let bad = match *op {
            Op::LoadConst(i) if i as usize >= f.consts.len() => {
                Some(format!("constant index {i} out of range"))
            }
            Op::LoadFast(i) | Op::StoreFast(i) if i as usize >= f.local_names.len() => {
                Some(format!("local index {i} out of range"))
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
                    Some((name, arity)) if *arity != nargs => Some(format!(
                        "{} passes {nargs} argument{} but '{name}' takes {arity}",
                        op.mnemonic(),
                        if nargs == 1 { "" } else { "s" }
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
            _ => succ[0] = Some(pc + 1),
        }
        for s in succ.into_iter().flatten() {
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
