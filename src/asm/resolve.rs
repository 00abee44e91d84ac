//! Name resolution: the parsed functions' labels, locals, globals,
//! constants and callees turned into indices, and each instruction's
//! operands checked against its opcode, collecting every error.

use super::lexer::{TokKind, Token};
use super::parser::{ident, name_tok, RawFunc, RawHandler, RawInstr, RawProgram};
use crate::bytecode::program::{Handler, FLAG_VARARGS, FLAG_VARKW};
use crate::bytecode::{BinOp, CmpOp, Function, Global, Op, OperandKind};
use crate::diag::Diagnostic;
use crate::vm::value::Value;
use std::collections::HashMap;

pub(crate) use super::consts::ConstKey;
use super::consts::{load_builtin, load_const, with_slot, Consts, Pin};

/// Index tables shared by every function's resolution.
struct Names {
    globals: HashMap<String, u32>,
    /// Each function name's definitions (more than one only when each
    /// carries its index `#N`).
    funcs: HashMap<String, Vec<u32>>,
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
        if let Some((n, span)) = f.index {
            if n as usize != i {
                errors.push(Diagnostic::new(
                    span,
                    format!("function '{}' is function #{i}, not #{n}", f.name),
                ));
            }
        }
        let defs = names.funcs.entry(f.name.clone()).or_default();
        if let Some(&first) = defs.first() {
            if f.index.is_none() || raw.funcs[first as usize].index.is_none() {
                errors.push(Diagnostic::new(
                    f.span,
                    format!(
                        "function '{}' is defined twice (functions sharing a name need \
                         their index: .func NAME(...) #N)",
                        f.name
                    ),
                ));
                continue;
            }
        }
        defs.push(i as u32);
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
    // Locals: parameters (positional, keyword-only, *args, **kwargs), the
    // names of .locals, .cells and .frees, then every STORE_FAST or
    // STORE_DEREF target in order of first use. Names are found through a
    // map: a function may have tens of thousands of locals, and assembly
    // stays linear in its size.
    let mut local_names: Vec<String> = Vec::new();
    let mut locals: HashMap<&str, u32> = HashMap::new();
    let stored = f
        .code
        .iter()
        .filter(|ins| ins.mnemonic == "STORE_FAST" || ins.mnemonic == "STORE_DEREF")
        .filter_map(|ins| ins.operands.first().and_then(name_tok));
    let params = f.sig.layout().map(|(p, _)| p.as_str());
    let declared = f.declared.iter().map(|(p, _)| p.as_str());
    for n in params.chain(declared).chain(stored) {
        if let std::collections::hash_map::Entry::Vacant(e) = locals.entry(n) {
            e.insert(local_names.len() as u32);
            local_names.push(n.to_string());
        }
    }
    let mut consts = Consts::default();
    for v in &f.consts {
        consts.push(v.clone());
    }
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
    let mut handlers = Vec::with_capacity(f.handlers.len());
    for h in &f.handlers {
        match handler(h, &f, &labels, code.len()) {
            Ok(h) => handlers.push(h),
            Err(d) => errors.push(d),
        }
    }
    let index = |n: &(String, _)| locals.get(n.0.as_str()).copied().unwrap_or(0);
    let mut func = Function::new(&f.name, f.sig.positional.len() as u16, local_names, f.span);
    func.nkwonly = f.sig.kwonly.len() as u16;
    func.nposonly = f.sig.posonly as u16;
    let flag = |on: bool, flag: u16| if on { flag } else { 0 };
    func.flags = flag(f.sig.varargs.is_some(), FLAG_VARARGS)
        | flag(f.sig.varkw.is_some(), FLAG_VARKW)
        | f.code_kind.map_or(0, |(_, k)| k);
    func.cells = f.cells.iter().map(index).collect();
    func.frees = f.frees.iter().map(index).collect();
    func.handlers = handlers;
    func.consts = consts.values;
    func.code = code;
    func.spans = spans;
    func
}

/// One `.handler` line: its labels resolved, checked to cover a range in
/// order and to continue at an instruction.
fn handler(
    h: &RawHandler,
    f: &RawFunc,
    labels: &HashMap<&str, u32>,
    len: usize,
) -> Result<Handler, Diagnostic> {
    let at = |(name, span): &(String, crate::diag::Span)| {
        labels.get(name.as_str()).copied().ok_or_else(|| {
            Diagnostic::new(*span, format!("undefined label '{name}' in '{}'", f.name))
        })
    };
    let (start, end, target) = (at(&h.start)?, at(&h.end)?, at(&h.target)?);
    if end < start {
        return Err(Diagnostic::new(
            h.end.1,
            format!(
                "handler END '{}' comes before its START '{}' (END is the first instruction not covered)",
                h.end.0, h.start.0
            ),
        ));
    }
    if target as usize >= len {
        return Err(Diagnostic::new(
            h.target.1,
            format!(
                "handler TARGET '{}' is past the last instruction of '{}'",
                h.target.0, f.name
            ),
        ));
    }
    Ok(Handler {
        start,
        end,
        target,
        depth: h.depth,
        level: h.level,
    })
}

struct Ctx<'a> {
    f: &'a RawFunc,
    names: &'a Names,
    labels: &'a HashMap<&'a str, u32>,
    locals: &'a HashMap<&'a str, u32>,
}

/// Checks that `ins` has exactly `n` operands (`what` names them in the
/// error).
pub(super) fn expect_operands(ins: &RawInstr, n: usize, what: &str) -> Result<(), Diagnostic> {
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
        if ins.mnemonic == "LOAD_BUILTIN" {
            return with_slot(ins, |ins, pin| load_builtin(ins, consts, pin));
        }
        let Some(&(_, kind)) = crate::bytecode::op::MNEMONICS
            .iter()
            .find(|(m, _)| *m == ins.mnemonic)
        else {
            return Err(unknown_opcode(ins));
        };
        match kind {
            OperandKind::None => no_operand(ins),
            OperandKind::Const => with_slot(ins, |ins, pin| load_const(ins, consts, pin)),
            OperandKind::Local => self.local(ins),
            OperandKind::Global => self.global(ins),
            OperandKind::Count => counted(ins),
            OperandKind::BinOp => binary_op(ins),
            OperandKind::CmpOp => compare_op(ins),
            OperandKind::Label => self.jump(ins),
            OperandKind::FuncArgs => self.call(ins),
            OperandKind::Name => with_slot(ins, |ins, pin| named(ins, consts, pin)),
            OperandKind::FuncFlags => self.make_function(ins),
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
                    "local '{name}' is never assigned in '{}' (not a parameter, not declared, no STORE_FAST)",
                    self.f.name
                ),
            )
        })?;
        Ok(match ins.mnemonic.as_str() {
            "LOAD_FAST" => Op::LoadFast(idx),
            "LOAD_DEREF" => Op::LoadDeref(idx),
            "STORE_DEREF" => Op::StoreDeref(idx),
            "DELETE_DEREF" => Op::DeleteDeref(idx),
            "LOAD_CLOSURE" => Op::LoadClosure(idx),
            "DELETE_FAST" => Op::DeleteFast(idx),
            _ => Op::StoreFast(idx),
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
        Ok(match ins.mnemonic.as_str() {
            "LOAD_GLOBAL" => Op::LoadGlobal(idx),
            "DELETE_GLOBAL" => Op::DeleteGlobal(idx),
            _ => Op::StoreGlobal(idx),
        })
    }

    /// A jump to a label of this function.
    fn jump(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        expect_operands(ins, 1, "a label")?;
        let t = &ins.operands[0];
        let name = ident_operand(t, "a label")?;
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
            "FOR_ITER" => Op::ForIter(target),
            "SEND" => Op::Send(target),
            _ => Op::PopJumpIfTrue(target),
        })
    }

    /// The function an instruction names, `NAME` or `NAME #N` (for
    /// functions sharing a name), and the operands after it.
    fn function<'i>(
        &self,
        ins: &'i RawInstr,
        n: usize,
        what: &str,
    ) -> Result<(u32, &'i [Token]), Diagnostic> {
        let pinned = matches!(
            ins.operands.get(1),
            Some(Token {
                kind: TokKind::Slot(_),
                ..
            })
        );
        if pinned {
            let bare = RawInstr {
                mnemonic: ins.mnemonic.clone(),
                span: ins.span,
                operands: ins.operands[1..].to_vec(),
            };
            expect_operands(&bare, n, what)?;
        } else {
            expect_operands(ins, n, what)?;
        }
        let t = &ins.operands[0];
        let name = name_operand(t, "a function name")?;
        let defs = self
            .names
            .funcs
            .get(name)
            .ok_or_else(|| Diagnostic::new(t.span, format!("undefined function '{name}'")))?;
        let rest = &ins.operands[1 + pinned as usize..];
        match (&ins.operands[1].kind, defs.as_slice()) {
            (TokKind::Slot(i), _) if defs.contains(i) => Ok((*i, rest)),
            (TokKind::Slot(i), _) => Err(Diagnostic::new(
                ins.operands[1].span,
                format!("function #{i} is not named '{name}'"),
            )),
            (_, [only]) => Ok((*only, rest)),
            (_, all) => {
                let which: Vec<String> = all.iter().map(|i| format!("#{i}")).collect();
                Err(Diagnostic::new(
                    t.span,
                    format!(
                        "{} functions are named '{name}' ({}): say which, as in {} {} {} ...",
                        all.len(),
                        which.join(", "),
                        ins.mnemonic,
                        match t.kind {
                            TokKind::Ident(_) => name.to_string(),
                            _ => crate::vm::value::quote_str(name),
                        },
                        which[0]
                    ),
                ))
            }
        }
    }

    /// `CALL` / `START_THREAD func nargs`: a function of the program and an
    /// argument count.
    fn call(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        let (func, rest) = self.function(ins, 2, "a function name and an argument count")?;
        let nargs = count(&rest[0], u16::MAX as i64)? as u16;
        Ok(if ins.mnemonic == "CALL" {
            Op::Call { func, nargs }
        } else {
            Op::StartThread { func, nargs }
        })
    }
}

/// `LOAD_ATTR name` and the other opcodes naming an attribute, method or
/// module: the name goes into the constant pool as a str.
fn named(ins: &RawInstr, consts: &mut Consts, pin: Pin) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a name")?;
    let t = &ins.operands[0];
    let name = name_operand(t, "a name")?;
    let i = consts.add_at(Value::str(name), pin)?;
    Ok(match ins.mnemonic.as_str() {
        "LOAD_ATTR" => Op::LoadAttr(i),
        "STORE_ATTR" => Op::StoreAttr(i),
        "DELETE_ATTR" => Op::DeleteAttr(i),
        "LOAD_METHOD" => Op::LoadMethod(i),
        _ => Op::ImportName(i),
    })
}

impl Ctx<'_> {
    /// `MAKE_FUNCTION func flags`.
    fn make_function(&self, ins: &RawInstr) -> Result<Op, Diagnostic> {
        let (code, rest) = self.function(ins, 2, "a function name and flags")?;
        let flags = count(&rest[0], 15)? as u16;
        Ok(Op::MakeFunction { code, flags })
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
        "BINARY_SUBSCR" => Op::BinarySubscr,
        "STORE_SUBSCR" => Op::StoreSubscr,
        "DELETE_SUBSCR" => Op::DeleteSubscr,
        "LIST_TO_TUPLE" => Op::ListToTuple,
        "GET_ITER" => Op::GetIter,
        "UNARY_POSITIVE" => Op::UnaryPositive,
        "UNARY_INVERT" => Op::UnaryInvert,
        "LOAD_LOCALS" => Op::LoadLocals,
        "PUSH_EXC_INFO" => Op::PushExcInfo,
        "POP_EXCEPT" => Op::PopExcept,
        "CHECK_EXC_MATCH" => Op::CheckExcMatch,
        "RERAISE" => Op::Reraise,
        "YIELD_VALUE" => Op::YieldValue,
        "GET_YIELD_FROM_ITER" => Op::GetYieldFromIter,
        "NOP" => Op::Nop,
        "BEFORE_ASYNC_WITH" => Op::BeforeAsyncWith,
        "GET_AITER" => Op::GetAiter,
        "GET_ANEXT" => Op::GetAnext,
        "END_ASYNC_FOR" => Op::EndAsyncFor,
        "ASYNC_GEN_WRAP" => Op::AsyncGenWrap,
        _ => Op::ReturnValue,
    })
}

/// `COPY`, `SWAP` or `PRINT` with a count.
fn counted(ins: &RawInstr) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a count")?;
    let n = count(&ins.operands[0], u32::MAX as i64)? as u32;
    Ok(match ins.mnemonic.as_str() {
        "COPY" => Op::Copy(n),
        "SWAP" => Op::Swap(n),
        "CALL_FUNCTION" => Op::CallFunction(n),
        "CALL_METHOD" => Op::CallMethod(n),
        "CALL_FUNCTION_KW" => Op::CallFunctionKw(n),
        "CALL_FUNCTION_EX" => Op::CallFunctionEx(n),
        "BUILD_TUPLE" => Op::BuildTuple(n),
        "BUILD_LIST" => Op::BuildList(n),
        "BUILD_SET" => Op::BuildSet(n),
        "BUILD_MAP" => Op::BuildMap(n),
        "BUILD_SLICE" => Op::BuildSlice(n),
        "BUILD_STRING" => Op::BuildString(n),
        "LIST_APPEND" => Op::ListAppend(n),
        "SET_ADD" => Op::SetAdd(n),
        "MAP_ADD" => Op::MapAdd(n),
        "LIST_EXTEND" => Op::ListExtend(n),
        "SET_UPDATE" => Op::SetUpdate(n),
        "DICT_UPDATE" => Op::DictUpdate(n),
        "FORMAT_VALUE" => Op::FormatValue(n),
        "UNPACK_SEQUENCE" => Op::UnpackSequence(n),
        "UNPACK_EX" => Op::UnpackEx(n),
        "CONTAINS_OP" => Op::ContainsOp(n),
        "IS_OP" => Op::IsOp(n),
        "BUILD_CLASS" => Op::BuildClass(n),
        "RAISE_VARARGS" => Op::RaiseVarargs(n),
        "GET_AWAITABLE" => Op::GetAwaitable(n),
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
    name_tok(t).ok_or_else(|| {
        Diagnostic::new(
            t.span,
            format!("expected {what}, found {}", t.kind.describe()),
        )
    })
}

/// The identifier (not a quoted name) in `t`, or an error saying `what`
/// was expected there.
pub(super) fn ident_operand<'t>(t: &'t Token, what: &str) -> Result<&'t str, Diagnostic> {
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
        .map(|(m, _)| *m)
        .chain(["LOAD_BUILTIN"])
        .find(|m| *m == upper)
        .map(|m| format!(" (opcodes are upper case: did you mean {m}?)"))
        .unwrap_or_default();
    Diagnostic::new(ins.span, format!("unknown opcode '{}'{hint}", ins.mnemonic))
}
