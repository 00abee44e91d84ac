//! Quickening: the instruction stream the interpreter actually runs.
//!
//! Like CPython's specialising interpreter (PEP 659) and its
//! superinstructions, a verified function's [`Op`]s are translated once
//! into [`Inst`]s: every op has a plain counterpart at the same index, and
//! the head of a common sequence becomes one *fused* instruction that does
//! the whole sequence when its operands are ints.
//!
//! The rules that keep this invisible:
//! - indices do not move: a fused head at `i` covers `i .. i+k`; the slots
//!   after it keep their own instructions, so jumps, tracebacks and `dis`
//!   are unchanged;
//! - a sequence is fused only if no jump lands inside it;
//! - a fused instruction's slow path executes only its *first* original
//!   instruction and continues at `i+1`, so errors, types and side effects
//!   are exactly those of the plain ops;
//! - fused sequences contain no eval-breaker point (backward jump or call),
//!   and the instruction counter advances by `k`.

use super::op::{BinOp, CmpOp, Op};

/// An int operand read directly by a fused instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    /// A local slot (`LOAD_FAST`).
    Local(u16),
    /// A constant pool entry (`LOAD_CONST`).
    Const(u16),
}

/// One quickened instruction: a plain op, or a fused sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inst {
    /// A plain instruction, executed as written.
    Plain(Op),
    /// `LOAD a; LOAD b; COMPARE_OP op; POP_JUMP_IF_TRUE/FALSE target`
    /// (4 instructions): jumps when the comparison equals `jump_if`.
    CompareJump2 {
        /// Left operand.
        a: Src,
        /// Right operand.
        b: Src,
        /// The comparison.
        op: CmpOp,
        /// `true` for `POP_JUMP_IF_TRUE`.
        jump_if: bool,
        /// The jump target.
        target: u32,
    },
    /// `LOAD a; LOAD b; BINARY_OP op; STORE_FAST dst` (4 instructions).
    BinaryStore2 {
        /// Left operand.
        a: Src,
        /// Right operand.
        b: Src,
        /// The operator.
        op: BinOp,
        /// The local stored to.
        dst: u16,
    },
    /// `LOAD a; LOAD b; BINARY_OP op` (3 instructions): pushes the result.
    Binary2 {
        /// Left operand.
        a: Src,
        /// Right operand.
        b: Src,
        /// The operator.
        op: BinOp,
    },
    /// `COMPARE_OP op; POP_JUMP_IF_TRUE/FALSE target` (2 instructions) on
    /// the two values on top of the stack.
    CompareJump {
        /// The comparison.
        op: CmpOp,
        /// `true` for `POP_JUMP_IF_TRUE`.
        jump_if: bool,
        /// The jump target.
        target: u32,
    },
}

impl Inst {
    /// How many original instructions this one stands for.
    pub fn width(&self) -> u64 {
        match self {
            Inst::Plain(_) => 1,
            Inst::CompareJump { .. } => 2,
            Inst::Binary2 { .. } => 3,
            Inst::CompareJump2 { .. } | Inst::BinaryStore2 { .. } => 4,
        }
    }
}

fn src(op: &Op) -> Option<Src> {
    match *op {
        Op::LoadFast(i) => u16::try_from(i).ok().map(Src::Local),
        Op::LoadConst(i) => u16::try_from(i).ok().map(Src::Const),
        _ => None,
    }
}

fn cond_jump(op: &Op) -> Option<(bool, u32)> {
    match *op {
        Op::PopJumpIfFalse(t) => Some((false, t)),
        Op::PopJumpIfTrue(t) => Some((true, t)),
        _ => None,
    }
}

/// Quickens one verified function's code.
pub fn quicken(code: &[Op]) -> Vec<Inst> {
    let mut target = vec![false; code.len()];
    for t in code.iter().filter_map(Op::jump_target) {
        target[t as usize] = true;
    }
    // `free(i, k)`: no jump lands on i+1 .. i+k-1, so the run is one block.
    let free = |i: usize, k: usize| i + k <= code.len() && !target[i + 1..i + k].iter().any(|t| *t);
    (0..code.len())
        .map(|i| {
            let at = |k: usize| &code[i + k];
            if free(i, 4) {
                if let (Some(a), Some(b), Op::CompareOp(op), Some((jump_if, t))) =
                    (src(at(0)), src(at(1)), at(2), cond_jump(at(3)))
                {
                    return Inst::CompareJump2 {
                        a,
                        b,
                        op: *op,
                        jump_if,
                        target: t,
                    };
                }
                if let (Some(a), Some(b), Op::BinaryOp(op), Op::StoreFast(d)) =
                    (src(at(0)), src(at(1)), at(2), at(3))
                {
                    if let Ok(dst) = u16::try_from(*d) {
                        return Inst::BinaryStore2 { a, b, op: *op, dst };
                    }
                }
            }
            if free(i, 3) {
                if let (Some(a), Some(b), Op::BinaryOp(op)) = (src(at(0)), src(at(1)), at(2)) {
                    return Inst::Binary2 { a, b, op: *op };
                }
            }
            if free(i, 2) {
                if let (Op::CompareOp(op), Some((jump_if, t))) = (at(0), cond_jump(at(1))) {
                    return Inst::CompareJump {
                        op: *op,
                        jump_if,
                        target: t,
                    };
                }
            }
            Inst::Plain(code[i])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inst_is_at_most_sixteen_bytes() {
        assert!(
            std::mem::size_of::<Inst>() <= 16,
            "{}",
            std::mem::size_of::<Inst>()
        );
    }

    #[test]
    fn fuses_the_countdown_loop_but_not_across_jump_targets() {
        let code = [
            Op::LoadFast(0),
            Op::LoadConst(0),
            Op::CompareOp(CmpOp::Gt),
            Op::PopJumpIfFalse(9),
            Op::LoadFast(0),
            Op::LoadConst(1),
            Op::BinaryOp(BinOp::Sub),
            Op::StoreFast(0),
            Op::JumpBackward(0),
            Op::LoadConst(0),
            Op::ReturnValue,
        ];
        let q = quicken(&code);
        assert_eq!(q.len(), code.len());
        assert!(matches!(
            q[0],
            Inst::CompareJump2 {
                op: CmpOp::Gt,
                jump_if: false,
                target: 9,
                ..
            }
        ));
        assert!(matches!(q[2], Inst::CompareJump { .. }));
        assert!(matches!(
            q[4],
            Inst::BinaryStore2 {
                op: BinOp::Sub,
                dst: 0,
                ..
            }
        ));
        assert_eq!(q[8], Inst::Plain(Op::JumpBackward(0)));
        // A jump into the middle of a sequence prevents fusing it.
        let mut code2 = code.to_vec();
        code2[8] = Op::JumpBackward(1);
        assert!(matches!(quicken(&code2)[0], Inst::Plain(Op::LoadFast(0))));
    }
}
