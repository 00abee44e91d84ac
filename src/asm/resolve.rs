//! Name resolution: the parsed functions' labels, locals, globals,
//! constants and callees turned into indices, and each instruction's
//! operands checked against its opcode, collecting every error.

use super::lexer::{TokKind, Token};
use super::parser::{const_value, ident, RawFunc, RawInstr, RawProgram};
use crate::bytecode::{BinOp, CmpOp, Function, Global, Op, OperandKind};
use crate::diag::Diagnostic;
use crate::vm::value::Value;
use std::collections::HashMap;

/// Index tables shared by every function's resolution.
struct Names {
    globals: HashMap<String, u32>,
    funcs: HashMap<String, u32>,
}

pub(crate) fn resolve(
    raw: RawProgram,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Function>, Vec<Global>) {
    let mut names = Names {
        globals: HashMap::new(),
        funcs: HashMap::new(),
    };
    let mut globals = Vec::new();
    for (name, span, init) in raw.globals {
        if names.globals.contains_key(&name) {
            errors.push(Diagnostic::new(
                span,
                format!("global '{name}' is declared twice"),
            ));
            continue;
        }
        names.globals.insert(name.clone(), globals.len() as u32);
        globals.push(Global { name, init, span });
    }
    for (i, f) in raw.funcs.iter().enumerate() {
        if names.funcs.contains_key(&f.name) {
            errors.push(Diagnostic::new(
                f.span,
                format!("function '{}' is defined twice", f.name),
            ));
        } else {
            names.funcs.insert(f.name.clone(), i as u32);
        }
    }
    let functions = raw
        .funcs
        .into_iter()
        .map(|f| resolve_func(f, &names, errors))
        .collect();
    (functions, globals)
}

fn resolve_func(f: RawFunc, names: &Names, errors: &mut Vec<Diagnostic>) -> Function {
    let mut labels: HashMap<&str, u32> = HashMap::new();
    for (name, span, at) in &f.labels {
        if labels.insert(name, *at).is_some() {
            errors.push(Diagnostic::new(
                *span,
                format!("label '{name}' is defined twice in '{}'", f.name),
            ));
        }
    }
    // Locals: parameters, then every STORE_FAST target in order of first
    // use. Names are found through a map: a function may have tens of
    // thousands of locals, and assembly stays linear in its size.
    let mut local_names: Vec<String> = Vec::new();
    let mut locals: HashMap<&str, u32> = HashMap::new();
    let stored = f
        .code
        .iter()
        .filter(|ins| ins.mnemonic == "STORE_FAST")
        .filter_map(|ins| ins.operands.first().and_then(ident));
    for n in f.params.iter().map(|(p, _)| p.as_str()).chain(stored) {
        if let std::collections::hash_map::Entry::Vacant(e) = locals.entry(n) {
            e.insert(local_names.len() as u32);
            local_names.push(n.to_string());
        }
    }
    let mut consts = Consts::default();
    let mut code = Vec::with_capacity(f.code.len());
    let mut spans = Vec::with_capacity(f.code.len());
    for ins in &f.code {
        let ctx = Ctx {
            f: &f,
            names,
            labels: &labels,
            locals: &locals,
        };
        match ctx.instruction(ins, &mut consts) {
            Ok(op) => code.push(op),
            Err(d) => {
                errors.push(d);
                code.push(Op::PopTop); // placeholder; the program is rejected anyway
            }
        }
        spans.push(ins.span);
    }
    Function {
        name: f.name,
        nparams: f.params.len() as u16,
        local_names,
        consts: consts.values,
        code,
        spans,
        span: f.span,
        max_stack: 0,
        quick: Vec::new(),
    }
}

struct Ctx<'a> {
    f: &'a RawFunc,
    names: &'a Names,
    labels: &'a HashMap<&'a str, u32>,
    locals: &'a HashMap<&'a str, u32>,
}

/// What makes two constants the same entry of a function's constant table
/// (as [`Value::same_const`]: `1`, `1.0` and `True` stay apart, floats
/// compare by bits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(std::sync::Arc<String>),
}

impl ConstKey {
    fn of(v: &Value) -> Option<ConstKey> {
        Some(match v {
            Value::None => ConstKey::None,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.clone()),
            // Not constants the parser makes.
            _ => return None,
        })
    }
}

/// A function's constant table, with an index to find a constant again in
/// constant time.
#[derive(Default)]
struct Consts {
    values: Vec<Value>,
    index: HashMap<ConstKey, u32>,
}

impl Consts {
    /// The index of `v`, added unless an equal constant already is.
    fn add(&mut self, v: Value) -> u32 {
        let key = ConstKey::of(&v);
        let found = match &key {
            Some(k) => self.index.get(k).copied(),
            None => self
                .values
                .iter()
                .position(|c| c.same_const(&v))
                .map(|i| i as u32),
        };
        found.unwrap_or_else(|| {
            let i = self.values.len() as u32;
            self.values.push(v);
            if let Some(k) = key {
                self.index.insert(k, i);
            }
            i
        })
    }
}

fn expect_operands(ins: &RawInstr, n: usize, what: &str) -> Result<(), Diagnostic> {
    if ins.operands.len() == n {
        return Ok(());
    }
    let span = ins.operands.get(n).map_or(ins.span, |t| t.span);
    let got = ins.operands.len();
    let msg = match n {
        0 => format!("{} takes no operand, got {got}", ins.mnemonic),
        1 => format!("{} takes 1 operand ({what}), got {got}", ins.mnemonic),
        _ => format!("{} takes {n} operands ({what}), got {got}", ins.mnemonic),
    };
    Err(Diagnostic::new(span, msg))
}

impl Ctx<'_> {
    /// Resolves one instruction: finds its opcode's operand kind and hands
    /// it to that kind's resolver.
    fn instruction(&self, ins: &RawInstr, consts: &mut Consts) -> Result<Op, Diagnostic> {
        let Some(&(_, kind)) = crate::bytecode::op::MNEMONICS
            .iter()
            .find(|(m, _)| *m == ins.mnemonic)
        else {
            return Err(unknown_opcode(ins));
        };
        match kind {
            OperandKind::None => no_operand(ins),
            OperandKind::Const => load_const(ins, consts),
            OperandKind::Local => self.local(ins),
            OperandKind::Global => self.global(ins),
            OperandKind::Count => counted(ins),
            OperandKind::BinOp => binary_op(ins),
            OperandKind::CmpOp => compare_op(ins),
            OperandKind::Label => self.jump(ins),
            OperandKind::FuncArgs => self.call(ins),
        }
    }

    /// `LOAD_FAST` / `STORE_FAST name`: the name's index among the locals.
    fn local(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        expect_operands(ins, 1, "a local name")?;
        let t = &ins.operands[0];
        let name = name_operand(t, "a local name")?;
        let idx = *self.locals.get(name).ok_or_else(|| {
            Diagnostic::new(
                t.span,
                format!(
                    "local '{name}' is never assigned in '{}' (not a parameter, no STORE_FAST)",
                    self.f.name
                ),
            )
        })?;
        Ok(if ins.mnemonic == "LOAD_FAST" {
            Op::LoadFast(idx)
        } else {
            Op::StoreFast(idx)
        })
    }

    /// `LOAD_GLOBAL` / `STORE_GLOBAL name`: the index of a declared global.
    fn global(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        expect_operands(ins, 1, "a global name")?;
        let t = &ins.operands[0];
        let name = name_operand(t, "a global name")?;
        let idx = *self.names.globals.get(name).ok_or_else(|| {
            Diagnostic::new(
                t.span,
                format!("undefined global '{name}' (declare it with .global {name} = ...)"),
            )
        })?;
        Ok(if ins.mnemonic == "LOAD_GLOBAL" {
            Op::LoadGlobal(idx)
        } else {
            Op::StoreGlobal(idx)
        })
    }

    /// A jump to a label of this function.
    fn jump(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        expect_operands(ins, 1, "a label")?;
        let t = &ins.operands[0];
        let name = name_operand(t, "a label")?;
        let target = *self.labels.get(name).ok_or_else(|| {
            Diagnostic::new(
                t.span,
                format!("undefined label '{name}' in '{}'", self.f.name),
            )
        })?;
        Ok(match ins.mnemonic.as_str() {
            "JUMP_FORWARD" => Op::JumpForward(target),
            "JUMP_BACKWARD" => Op::JumpBackward(target),
            "POP_JUMP_IF_FALSE" => Op::PopJumpIfFalse(target),
            _ => Op::PopJumpIfTrue(target),
        })
    }

    /// `CALL` / `START_THREAD func nargs`: a function of the program and an
    /// argument count.
    fn call(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        expect_operands(ins, 2, "a function name and an argument count")?;
        let t = &ins.operands[0];
        let name = name_operand(t, "a function name")?;
        let func = *self
            .names
            .funcs
            .get(name)
            .ok_or_else(|| Diagnostic::new(t.span, format!("undefined function '{name}'")))?;
        let nargs = count(&ins.operands[1], u16::MAX as i64)? as u16;
        Ok(if ins.mnemonic == "CALL" {
            Op::Call { func, nargs }
        } else {
            Op::StartThread { func, nargs }
        })
    }
}

/// An opcode that takes no operand.
fn no_operand(ins: &RawInstr) -> Result<Op, Diagnostic> {
    expect_operands(ins, 0, "")?;
    Ok(match ins.mnemonic.as_str() {
        "POP_TOP" => Op::PopTop,
        "UNARY_NEGATIVE" => Op::UnaryNegative,
        "UNARY_NOT" => Op::UnaryNot,
        "JOIN_THREAD" => Op::JoinThread,
        "NEW_LOCK" => Op::NewLock,
        "LOCK_ACQUIRE" => Op::LockAcquire,
        "LOCK_RELEASE" => Op::LockRelease,
        "IO_WAIT" => Op::IoWait,
        "CALL_NATIVE" => Op::CallNative,
        "YIELD" => Op::Yield,
        _ => Op::ReturnValue,
    })
}

/// `LOAD_CONST value`: the value's index in `consts`, added there unless an
/// equal constant already is.
fn load_const(ins: &RawInstr, consts: &mut Consts) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a constant")?;
    let t = &ins.operands[0];
    let v = const_value(t).ok_or_else(|| {
        Diagnostic::new(
            t.span,
            format!(
                "expected a constant (int, float, \"str\", True, False, None), found {}",
                t.kind.describe()
            ),
        )
    })?;
    Ok(Op::LoadConst(consts.add(v)))
}

/// `COPY`, `SWAP` or `PRINT` with a count.
fn counted(ins: &RawInstr) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a count")?;
    let n = count(&ins.operands[0], u32::MAX as i64)? as u32;
    Ok(match ins.mnemonic.as_str() {
        "COPY" => Op::Copy(n),
        "SWAP" => Op::Swap(n),
        _ => Op::Print(n),
    })
}

/// `BINARY_OP` with its operator symbol.
fn binary_op(ins: &RawInstr) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "an operator such as + or //")?;
    let t = &ins.operands[0];
    let op = match &t.kind {
        TokKind::Sym(s) => BinOp::from_symbol(s),
        _ => None,
    };
    Ok(Op::BinaryOp(op.ok_or_else(|| {
        Diagnostic::new(
            t.span,
            format!(
                "unknown BINARY_OP operator {} (expected one of + - * / // % ** & | ^ << >>)",
                t.kind.describe()
            ),
        )
    })?))
}

/// `COMPARE_OP` with its comparison symbol.
fn compare_op(ins: &RawInstr) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a comparison such as <")?;
    let t = &ins.operands[0];
    let op = match &t.kind {
        TokKind::Sym(s) => CmpOp::from_symbol(s),
        _ => None,
    };
    Ok(Op::CompareOp(op.ok_or_else(|| {
        Diagnostic::new(
            t.span,
            format!(
                "unknown COMPARE_OP operator {} (expected one of < <= == != > >=)",
                t.kind.describe()
            ),
        )
    })?))
}

/// The identifier in `t`, or an error saying `what` was expected there.
fn name_operand<'t>(t: &'t Token, what: &str) -> Result<&'t str, Diagnostic> {
    ident(t).ok_or_else(|| {
        Diagnostic::new(
            t.span,
            format!("expected {what}, found {}", t.kind.describe()),
        )
    })
}

fn count(t: &Token, max: i64) -> Result<i64, Diagnostic> {
    match t.kind {
        TokKind::Int(n) if (0..=max).contains(&n) => Ok(n),
        TokKind::Int(n) => Err(Diagnostic::new(
            t.span,
            format!("count {n} out of range (0 to {max})"),
        )),
        _ => Err(Diagnostic::new(
            t.span,
            format!("expected a count, found {}", t.kind.describe()),
        )),
    }
}

fn unknown_opcode(ins: &RawInstr) -> Diagnostic {
    let upper = ins.mnemonic.to_ascii_uppercase();
    let hint = crate::bytecode::op::MNEMONICS
        .iter()
        .find(|(m, _)| *m == upper)
        .map(|(m, _)| format!(" (opcodes are upper case: did you mean {m}?)"))
        .unwrap_or_default();
    Diagnostic::new(ins.span, format!("unknown opcode '{}'{hint}", ins.mnemonic))
}
