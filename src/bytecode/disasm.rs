//! The disassembler: a program back to canonical `.pyasm` text.
//!
//! The output assembles to a program with the same code
//! ([`Program::same_code`]), so `dis` of `dis` output is identical. Jump
//! targets become labels `L<index>`; each instruction carries its index as
//! a comment (tracebacks name instructions by index).

use super::op::Op;
use super::program::{Function, Program};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Disassembles a whole program.
pub fn disassemble(p: &Program) -> String {
    let mut out = String::new();
    for g in p.globals() {
        let _ = writeln!(out, ".global {} = {}", g.name, g.init.to_literal());
    }
    for (i, f) in p.functions().iter().enumerate() {
        if i > 0 || !p.globals().is_empty() {
            out.push('\n');
        }
        function(&mut out, p, f);
    }
    out
}

/// One instruction as `dis` prints it, operands by name (`LOAD_FAST n`).
pub fn instruction(p: &Program, f: &Function, op: &Op) -> String {
    let label = |t: u32| format!("L{t}");
    let operand = match *op {
        Op::LoadConst(i) => f.consts[i as usize].to_literal(),
        Op::LoadFast(i) | Op::StoreFast(i) => f.local_names[i as usize].clone(),
        Op::LoadGlobal(i) | Op::StoreGlobal(i) => p.globals()[i as usize].name.clone(),
        Op::Copy(n) | Op::Swap(n) | Op::Print(n) => n.to_string(),
        Op::BinaryOp(b) => b.symbol().to_string(),
        Op::CompareOp(c) => c.symbol().to_string(),
        Op::JumpForward(t) | Op::JumpBackward(t) | Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
            label(t)
        }
        Op::Call { func, nargs } | Op::StartThread { func, nargs } => {
            format!("{} {nargs}", p.functions()[func as usize].name)
        }
        Op::PopTop
        | Op::UnaryNegative
        | Op::UnaryNot
        | Op::ReturnValue
        | Op::JoinThread
        | Op::NewLock
        | Op::LockAcquire
        | Op::LockRelease
        | Op::IoWait
        | Op::CallNative
        | Op::Yield => String::new(),
    };
    if operand.is_empty() {
        op.mnemonic().to_string()
    } else {
        format!("{} {operand}", op.mnemonic())
    }
}

fn function(out: &mut String, p: &Program, f: &Function) {
    let params = f.local_names[..f.nparams as usize].join(", ");
    let _ = writeln!(out, ".func {}({params})", f.name);
    let targets: BTreeSet<u32> = f.code.iter().filter_map(Op::jump_target).collect();
    for (i, op) in f.code.iter().enumerate() {
        if targets.contains(&(i as u32)) {
            let _ = writeln!(out, "L{i}:");
        }
        let text = instruction(p, f, op);
        let _ = writeln!(out, "    {text:<32} ; {i}");
    }
    out.push_str(".end\n");
}
