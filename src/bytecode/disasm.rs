//! The disassembler: a program back to canonical `.pyasm` text.
//!
//! The output assembles to a program with the same code
//! ([`Program::same_code`]), so `dis` of `dis` output is identical. Jump
//! targets and the exception table's bounds become labels `L<index>`; each
//! instruction carries its index as a comment (tracebacks name
//! instructions by index). A function's metadata comes first, as
//! directives: `.generator`, `.locals` (only when the locals are not
//! numbered as the assembler numbers them by itself), `.cells`, `.frees`,
//! `.consts` (only when the constant pool is not in order of first use)
//! and `.handler`. Constants that are builtins print as `LOAD_BUILTIN
//! name` (or their name inside a tuple); names that are not identifiers
//! print quoted. Indices `#N` appear only where a name or constant alone
//! is ambiguous: functions sharing a name (`.func "<lambda>"() #3`,
//! `MAKE_FUNCTION "<lambda>" #3 0`) and equal constants listed twice in
//! `.consts` (`LOAD_CONST ("a",) #5`).

use super::op::Op;
use super::program::{
    Function, Program, FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_GENERATOR, FLAG_VARARGS,
    FLAG_VARKW,
};
use crate::asm::resolve::ConstKey;
use crate::vm::value::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

/// Disassembles a whole program.
pub fn disassemble(p: &Program) -> String {
    let mut out = String::new();
    for g in p.globals() {
        let _ = writeln!(out, ".global {} = {}", name(&g.name), literal(&g.init));
    }
    let mut count: HashMap<&str, u32> = HashMap::new();
    for f in p.functions() {
        *count.entry(f.name.as_str()).or_default() += 1;
    }
    let shared: Vec<bool> = p
        .functions()
        .iter()
        .map(|f| count[f.name.as_str()] > 1)
        .collect();
    for (i, f) in p.functions().iter().enumerate() {
        // The prelude is part of every program; the assembler adds it back.
        if f.name.starts_with(crate::py::prelude::PREFIX) {
            continue;
        }
        if i > 0 || !p.globals().is_empty() {
            out.push('\n');
        }
        function(&mut out, p, i, &shared);
    }
    out
}

/// One instruction as `dis` prints it, operands by name (`LOAD_FAST n`).
pub fn instruction(p: &Program, f: &Function, op: &Op) -> String {
    let shared = |i: u32| {
        let name = &p.functions()[i as usize].name;
        p.functions().iter().filter(|g| g.name == *name).count() > 1
    };
    instruction_in(p, f, op, &shared)
}

/// A function as an operand: its name, and its index `#N` when other
/// functions share the name (`shared` says whether function `i` does).
fn func_ref(p: &Program, i: u32, shared: &dyn Fn(u32) -> bool) -> String {
    let n = name(&p.functions()[i as usize].name);
    if shared(i) {
        format!("{n} #{i}")
    } else {
        n
    }
}

fn instruction_in(p: &Program, f: &Function, op: &Op, shared: &dyn Fn(u32) -> bool) -> String {
    let label = |t: u32| format!("L{t}");
    let operand = match *op {
        Op::LoadConst(i) => {
            let c = &f.consts[i as usize];
            if let Some(name) = builtin_name(c) {
                return format!("LOAD_BUILTIN {name}");
            }
            literal(c)
        }
        Op::LoadFast(i) | Op::StoreFast(i) => name(&f.local_names[i as usize]),
        Op::LoadGlobal(i) | Op::StoreGlobal(i) => name(&p.globals()[i as usize].name),
        Op::Copy(n) | Op::Swap(n) | Op::Print(n) => n.to_string(),
        Op::BinaryOp(b) => b.symbol().to_string(),
        Op::CompareOp(c) => c.symbol().to_string(),
        Op::JumpForward(t) | Op::JumpBackward(t) | Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
            label(t)
        }
        Op::Call { func, nargs } | Op::StartThread { func, nargs } => {
            format!("{} {nargs}", func_ref(p, func, shared))
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
        Op::LoadDeref(i)
        | Op::StoreDeref(i)
        | Op::DeleteDeref(i)
        | Op::LoadClosure(i)
        | Op::DeleteFast(i) => name(&f.local_names[i as usize]),
        Op::DeleteGlobal(i) => name(&p.globals()[i as usize].name),
        Op::LoadAttr(i)
        | Op::StoreAttr(i)
        | Op::DeleteAttr(i)
        | Op::LoadMethod(i)
        | Op::ImportName(i) => match &f.consts[i as usize] {
            Value::Str(s) => name(s),
            other => literal(other),
        },
        Op::ForIter(t) | Op::Send(t) => label(t),
        Op::MakeFunction { code, flags } => {
            format!("{} {flags}", func_ref(p, code, shared))
        }
        Op::CallFunction(n)
        | Op::CallMethod(n)
        | Op::CallFunctionKw(n)
        | Op::CallFunctionEx(n)
        | Op::BuildTuple(n)
        | Op::BuildList(n)
        | Op::BuildSet(n)
        | Op::BuildMap(n)
        | Op::BuildSlice(n)
        | Op::BuildString(n)
        | Op::ListAppend(n)
        | Op::SetAdd(n)
        | Op::MapAdd(n)
        | Op::ListExtend(n)
        | Op::SetUpdate(n)
        | Op::DictUpdate(n)
        | Op::FormatValue(n)
        | Op::UnpackSequence(n)
        | Op::UnpackEx(n)
        | Op::ContainsOp(n)
        | Op::IsOp(n)
        | Op::BuildClass(n)
        | Op::RaiseVarargs(n)
        | Op::GetAwaitable(n) => n.to_string(),
        Op::BinarySubscr
        | Op::StoreSubscr
        | Op::DeleteSubscr
        | Op::ListToTuple
        | Op::GetIter
        | Op::UnaryPositive
        | Op::UnaryInvert
        | Op::LoadLocals
        | Op::PushExcInfo
        | Op::PopExcept
        | Op::CheckExcMatch
        | Op::Reraise
        | Op::YieldValue
        | Op::GetYieldFromIter
        | Op::Nop
        | Op::BeforeAsyncWith
        | Op::GetAiter
        | Op::GetAnext
        | Op::EndAsyncFor
        | Op::AsyncGenWrap => String::new(),
    };
    if operand.is_empty() {
        op.mnemonic().to_string()
    } else {
        format!("{} {operand}", op.mnemonic())
    }
}

/// The builtin's name if `v` is the builtin function, type or exception
/// class [`crate::vm::builtins::builtin`] finds by that name.
fn builtin_name(v: &Value) -> Option<&str> {
    let name: &str = match v {
        Value::Native(n) => n.name,
        Value::Class(c) => &c.name,
        _ => return None,
    };
    let found = crate::vm::builtins::builtin(name)?;
    (ConstKey::of(&found)? == ConstKey::of(v)?).then_some(name)
}

/// A constant as `.pyasm` writes it; builtins by name (inside tuples and
/// `.consts`).
fn literal(v: &Value) -> String {
    if let Some(name) = builtin_name(v) {
        return name.to_string();
    }
    match v {
        Value::Tuple(t) => {
            let items: Vec<String> = t.iter().map(literal).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        other => other.to_literal(),
    }
}

/// A name as `.pyasm` writes it: quoted unless it is an identifier.
fn name(s: &str) -> String {
    if is_identifier(s) {
        s.to_string()
    } else {
        crate::vm::value::quote_str(s)
    }
}

/// True if the assembler's lexer reads `s` as one name.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The parameter list as written: `a, b, *args, c, **kw`.
fn signature(f: &Function) -> String {
    let np = f.nparams as usize;
    let nk = f.nkwonly as usize;
    let names = &f.local_names;
    let mut params: Vec<String> = names[..np].iter().map(|n| name(n)).collect();
    if f.nposonly > 0 {
        params.insert((f.nposonly as usize).min(np), "/".into());
    }
    let mut slot = np + nk;
    if f.flags & FLAG_VARARGS != 0 {
        params.push(format!("*{}", name(&names[slot])));
        slot += 1;
    } else if nk > 0 {
        params.push("*".into());
    }
    params.extend(names[np..np + nk].iter().map(|n| name(n)));
    if f.flags & FLAG_VARKW != 0 {
        params.push(format!("**{}", name(&names[slot])));
    }
    params.join(", ")
}

/// True when the assembler, given the parameters, `.cells`, `.frees` and
/// the code, numbers the locals as `f` does without a `.locals` line.
fn locals_implied(f: &Function) -> bool {
    let name = |i: u32| f.local_names[i as usize].as_str();
    let nargs = f.nargs_total().min(f.local_names.len());
    let params = f.local_names[..nargs].iter().map(String::as_str);
    let declared = f.cells.iter().chain(&f.frees).map(|&i| name(i));
    let stored = f.code.iter().filter_map(|op| match *op {
        Op::StoreFast(i) | Op::StoreDeref(i) => Some(name(i)),
        _ => None,
    });
    let mut seen: HashSet<&str> = HashSet::new();
    let order: Vec<&str> = params
        .chain(declared)
        .chain(stored)
        .filter(|n| seen.insert(n))
        .collect();
    order.len() == f.local_names.len() && order.iter().zip(&f.local_names).all(|(a, b)| *a == b)
}

/// The constant-pool index an instruction takes, if any.
fn const_operand(op: &Op) -> Option<u32> {
    match *op {
        Op::LoadConst(i)
        | Op::LoadAttr(i)
        | Op::StoreAttr(i)
        | Op::DeleteAttr(i)
        | Op::LoadMethod(i)
        | Op::ImportName(i) => Some(i),
        _ => None,
    }
}

/// True when the assembler, adding constants in order of first use,
/// builds `f`'s constant pool without a `.consts` line.
fn consts_implied(f: &Function) -> bool {
    let mut keyed: HashMap<ConstKey, u32> = HashMap::new();
    let mut unkeyed: Vec<u32> = Vec::new();
    let mut next = 0u32;
    for op in &f.code {
        let Some(i) = const_operand(op) else {
            continue;
        };
        let v = &f.consts[i as usize];
        let at = match ConstKey::of(v) {
            Some(k) => *keyed.entry(k).or_insert(next),
            None => unkeyed
                .iter()
                .copied()
                .find(|&j| f.consts[j as usize].same_const(v))
                .unwrap_or_else(|| {
                    unkeyed.push(next);
                    next
                }),
        };
        if at == next {
            next += 1;
        }
        if at != i {
            return false;
        }
    }
    next as usize == f.consts.len()
}

fn function(out: &mut String, p: &Program, index: usize, shared: &[bool]) {
    let f = &p.functions()[index];
    let pin = if shared[index] {
        format!(" #{index}")
    } else {
        String::new()
    };
    let _ = writeln!(out, ".func {}({}){pin}", name(&f.name), signature(f));
    let shared = |i: u32| shared[i as usize];
    let nargs = f.nargs_total().min(f.local_names.len());
    let names = |ix: &mut dyn Iterator<Item = &String>| -> String {
        ix.map(|n| name(n)).collect::<Vec<_>>().join(" ")
    };
    let at = |ix: &[u32]| -> String { names(&mut ix.iter().map(|&i| &f.local_names[i as usize])) };
    if f.flags & FLAG_GENERATOR != 0 {
        out.push_str("    .generator\n");
    }
    if f.flags & FLAG_COROUTINE != 0 {
        out.push_str("    .coroutine\n");
    }
    if f.flags & FLAG_ASYNC_GENERATOR != 0 {
        out.push_str("    .async_generator\n");
    }
    if !locals_implied(f) {
        let _ = writeln!(
            out,
            "    .locals {}",
            names(&mut f.local_names[nargs..].iter())
        );
    }
    if !f.cells.is_empty() {
        let _ = writeln!(out, "    .cells {}", at(&f.cells));
    }
    if !f.frees.is_empty() {
        let _ = writeln!(out, "    .frees {}", at(&f.frees));
    }
    // With the pool listed, an instruction names its entry with `#N`
    // where an equal constant comes first in the pool.
    let mut first: Option<HashMap<ConstKey, u32>> = None;
    if !consts_implied(f) {
        let all: Vec<String> = f.consts.iter().map(literal).collect();
        let _ = writeln!(out, "    .consts {}", all.join(", "));
        let mut m = HashMap::new();
        for (i, c) in f.consts.iter().enumerate() {
            if let Some(k) = ConstKey::of(c) {
                m.entry(k).or_insert(i as u32);
            }
        }
        first = Some(m);
    }
    for h in &f.handlers {
        let _ = writeln!(
            out,
            "    .handler L{} L{} L{} depth={} level={}",
            h.start, h.end, h.target, h.depth, h.level
        );
    }
    let mut targets: BTreeSet<u32> = f.code.iter().filter_map(Op::jump_target).collect();
    for h in &f.handlers {
        targets.extend([h.start, h.end, h.target]);
    }
    for (i, op) in f.code.iter().enumerate() {
        if targets.contains(&(i as u32)) {
            let _ = writeln!(out, "L{i}:");
        }
        let mut text = instruction_in(p, f, op, &shared);
        if let (Some(first), Some(c)) = (&first, const_operand(op)) {
            let at = ConstKey::of(&f.consts[c as usize]).and_then(|k| first.get(&k).copied());
            if at.is_some_and(|at| at != c) {
                let _ = write!(text, " #{c}");
            }
        }
        let _ = writeln!(out, "    {text:<32} ; {i}");
    }
    if targets.contains(&(f.code.len() as u32)) {
        let _ = writeln!(out, "L{}:", f.code.len());
    }
    out.push_str(".end\n");
}
