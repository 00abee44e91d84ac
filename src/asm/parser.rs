//! The `.pyasm` parser: tokens into functions and globals, with every name
//! (label, local, global, function) resolved to an index. Errors are
//! collected, not thrown: one bad line does not hide the next.

use super::lexer::{lex_line, TokKind, Token};
use crate::bytecode::{BinOp, CmpOp, Function, Global, Op, OperandKind};
use crate::diag::{Diagnostic, Span};
use crate::vm::value::Value;
use std::collections::HashMap;

/// A parsed but unresolved instruction.
struct RawInstr {
    mnemonic: String,
    span: Span,
    operands: Vec<Token>,
}

/// A function as written, before names are resolved.
struct RawFunc {
    name: String,
    span: Span,
    params: Vec<(String, Span)>,
    labels: Vec<(String, Span, u32)>,
    code: Vec<RawInstr>,
    ended: bool,
}

/// The whole file, as written.
#[derive(Default)]
struct RawProgram {
    globals: Vec<(String, Span, Value)>,
    funcs: Vec<RawFunc>,
}

/// Parses and resolves a source text. Returns functions and globals ready
/// for verification, or the errors found.
pub fn parse(src: &str) -> Result<(Vec<Function>, Vec<Global>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let raw = parse_lines(src, &mut errors);
    let out = resolve(raw, &mut errors);
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|d| (d.span.line, d.span.col));
        Err(errors)
    }
}

/// Parses a single constant, as given to `--arg` or `.global`.
pub fn parse_constant(text: &str) -> Result<Value, String> {
    let toks = lex_line(text, 1).map_err(|d| d.message)?;
    match toks.as_slice() {
        [t] => const_value(t).ok_or_else(|| {
            format!("'{text}' is not a constant (int, float, \"str\", True, False or None)")
        }),
        [] => Err("empty constant".into()),
        _ => Err(format!("'{text}' is not a single constant")),
    }
}

fn const_value(t: &Token) -> Option<Value> {
    Some(match &t.kind {
        TokKind::Int(i) => Value::Int(*i),
        TokKind::Float(f) => Value::Float(*f),
        TokKind::Str(s) => Value::str(s.clone()),
        TokKind::Ident(s) if s == "True" => Value::Bool(true),
        TokKind::Ident(s) if s == "False" => Value::Bool(false),
        TokKind::Ident(s) if s == "None" => Value::None,
        _ => return None,
    })
}

fn parse_lines(src: &str, errors: &mut Vec<Diagnostic>) -> RawProgram {
    let mut prog = RawProgram::default();
    for (idx, text) in src.lines().enumerate() {
        let line = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let toks = match lex_line(text, line) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        if let Err(d) = parse_line(toks, &mut prog) {
            errors.push(d);
        }
    }
    if let Some(f) = prog.funcs.last() {
        if !f.ended {
            errors.push(Diagnostic::new(
                f.span,
                format!("function '{}' has no closing .end", f.name),
            ));
        }
    }
    prog
}

fn open_func(prog: &mut RawProgram) -> Option<&mut RawFunc> {
    prog.funcs.last_mut().filter(|f| !f.ended)
}

fn ident(t: &Token) -> Option<&str> {
    match &t.kind {
        TokKind::Ident(s) => Some(s),
        _ => None,
    }
}

fn parse_line(toks: Vec<Token>, prog: &mut RawProgram) -> Result<(), Diagnostic> {
    let Some(first) = toks.first() else {
        return Ok(());
    };
    if let TokKind::Directive(d) = &first.kind {
        return parse_directive(d.clone(), first.span, &toks[1..], prog);
    }
    let mut rest = &toks[..];
    // A label: `name:`, optionally followed by an instruction.
    if let (
        Some(name),
        Some(Token {
            kind: TokKind::Colon,
            ..
        }),
    ) = (ident(first), toks.get(1))
    {
        let Some(f) = open_func(prog) else {
            return Err(Diagnostic::new(
                first.span,
                "label outside a function (.func ... .end)",
            ));
        };
        let at = f.code.len() as u32;
        f.labels.push((name.to_string(), first.span, at));
        rest = &toks[2..];
    }
    let Some(op) = rest.first() else {
        return Ok(());
    };
    let Some(mnemonic) = ident(op) else {
        return Err(Diagnostic::new(
            op.span,
            format!("expected an opcode, found {}", op.kind.describe()),
        ));
    };
    let Some(f) = open_func(prog) else {
        return Err(Diagnostic::new(
            op.span,
            "instruction outside a function (.func ... .end)",
        ));
    };
    f.code.push(RawInstr {
        mnemonic: mnemonic.to_string(),
        span: op.span,
        operands: rest[1..].to_vec(),
    });
    Ok(())
}

fn parse_directive(
    d: String,
    span: Span,
    args: &[Token],
    prog: &mut RawProgram,
) -> Result<(), Diagnostic> {
    match d.as_str() {
        ".func" => {
            if let Some(f) = open_func(prog) {
                let name = f.name.clone();
                f.ended = true; // recover: treat the new .func as closing the old one
                return Err(Diagnostic::new(
                    span,
                    format!(".func inside function '{name}' (missing .end)"),
                ));
            }
            let (name, params) = parse_signature(span, args)?;
            prog.funcs.push(RawFunc {
                name,
                span,
                params,
                labels: vec![],
                code: vec![],
                ended: false,
            });
            Ok(())
        }
        ".end" => {
            if let Some(t) = args.first() {
                return Err(Diagnostic::new(
                    t.span,
                    format!("unexpected {} after .end", t.kind.describe()),
                ));
            }
            match open_func(prog) {
                Some(f) => {
                    f.ended = true;
                    Ok(())
                }
                None => Err(Diagnostic::new(span, ".end without a matching .func")),
            }
        }
        ".global" => {
            if open_func(prog).is_some() {
                return Err(Diagnostic::new(
                    span,
                    ".global inside a function (declare globals at top level)",
                ));
            }
            let usage = "expected .global NAME = CONSTANT";
            let (Some(name), Some(eq), Some(value)) = (args.first(), args.get(1), args.get(2))
            else {
                return Err(Diagnostic::new(args.last().map_or(span, |t| t.span), usage));
            };
            let Some(n) = ident(name) else {
                return Err(Diagnostic::new(name.span, usage));
            };
            if eq.kind != TokKind::Sym("=".into()) {
                return Err(Diagnostic::new(eq.span, usage));
            }
            let Some(v) = const_value(value) else {
                return Err(Diagnostic::new(
                    value.span,
                    format!("expected a constant, found {}", value.kind.describe()),
                ));
            };
            if let Some(extra) = args.get(3) {
                return Err(Diagnostic::new(
                    extra.span,
                    format!("unexpected {} after the constant", extra.kind.describe()),
                ));
            }
            prog.globals.push((n.to_string(), name.span, v));
            Ok(())
        }
        _ => Err(Diagnostic::new(
            span,
            format!("unknown directive '{d}' (expected .func, .end or .global)"),
        )),
    }
}

/// `name(a, b)` after `.func`.
fn parse_signature(
    span: Span,
    args: &[Token],
) -> Result<(String, Vec<(String, Span)>), Diagnostic> {
    let usage = |s: Span| Diagnostic::new(s, "expected .func NAME(PARAM, ...)");
    let name = args
        .first()
        .and_then(ident)
        .ok_or_else(|| usage(args.first().map_or(span, |t| t.span)))?;
    match args.get(1) {
        Some(Token {
            kind: TokKind::LParen,
            ..
        }) => {}
        other => return Err(usage(other.map_or(args[0].span, |t| t.span))),
    }
    let mut params: Vec<(String, Span)> = Vec::new();
    let mut i = 2;
    loop {
        let Some(t) = args.get(i) else {
            return Err(usage(args[i - 1].span));
        };
        match (&t.kind, params.is_empty() && i == 2) {
            (TokKind::RParen, _) => break,
            (TokKind::Ident(p), _) => {
                if params.iter().any(|(q, _)| q == p) {
                    return Err(Diagnostic::new(
                        t.span,
                        format!("duplicate parameter '{p}'"),
                    ));
                }
                params.push((p.clone(), t.span));
                match args.get(i + 1).map(|t| &t.kind) {
                    Some(TokKind::Comma) => i += 2,
                    Some(TokKind::RParen) => {
                        i += 1;
                        break;
                    }
                    _ => return Err(usage(args.get(i + 1).map_or(t.span, |t| t.span))),
                }
            }
            _ => return Err(usage(t.span)),
        }
    }
    if let Some(extra) = args.get(i + 1) {
        return Err(Diagnostic::new(
            extra.span,
            format!(
                "unexpected {} after the parameter list",
                extra.kind.describe()
            ),
        ));
    }
    if params.len() > u16::MAX as usize {
        return Err(Diagnostic::new(span, "too many parameters"));
    }
    Ok((name.to_string(), params))
}

/// Index tables shared by every function's resolution.
struct Names {
    globals: HashMap<String, u32>,
    funcs: HashMap<String, u32>,
}

fn resolve(raw: RawProgram, errors: &mut Vec<Diagnostic>) -> (Vec<Function>, Vec<Global>) {
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
    // Locals: parameters, then every STORE_FAST target in order of first use.
    let mut local_names: Vec<String> = f.params.iter().map(|(p, _)| p.clone()).collect();
    for ins in &f.code {
        if ins.mnemonic == "STORE_FAST" {
            if let Some(n) = ins.operands.first().and_then(ident) {
                if !local_names.iter().any(|l| l == n) {
                    local_names.push(n.to_string());
                }
            }
        }
    }
    let mut consts: Vec<Value> = Vec::new();
    let mut code = Vec::with_capacity(f.code.len());
    let mut spans = Vec::with_capacity(f.code.len());
    for ins in &f.code {
        let ctx = Ctx {
            f: &f,
            names,
            labels: &labels,
            locals: &local_names,
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
        consts,
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
    locals: &'a [String],
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
    fn instruction(&self, ins: &RawInstr, consts: &mut Vec<Value>) -> Result<Op, Diagnostic> {
        let Some(&(_, kind)) = crate::bytecode::op::MNEMONICS
            .iter()
            .find(|(m, _)| *m == ins.mnemonic)
        else {
            return Err(unknown_opcode(ins));
        };
        let m = ins.mnemonic.as_str();
        let operand = || &ins.operands[0];
        Ok(match kind {
            OperandKind::None => {
                expect_operands(ins, 0, "")?;
                match m {
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
                }
            }
            OperandKind::Const => {
                expect_operands(ins, 1, "a constant")?;
                let v = const_value(operand()).ok_or_else(|| {
                    Diagnostic::new(operand().span, format!("expected a constant (int, float, \"str\", True, False, None), found {}", operand().kind.describe()))
                })?;
                let idx = match consts.iter().position(|c| c.same_const(&v)) {
                    Some(i) => i,
                    None => {
                        consts.push(v);
                        consts.len() - 1
                    }
                };
                Op::LoadConst(idx as u32)
            }
            OperandKind::Local => {
                expect_operands(ins, 1, "a local name")?;
                let t = operand();
                let name = ident(t).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("expected a local name, found {}", t.kind.describe()),
                    )
                })?;
                let idx = self.locals.iter().position(|l| l == name).ok_or_else(|| {
                    Diagnostic::new(t.span, format!("local '{name}' is never assigned in '{}' (not a parameter, no STORE_FAST)", self.f.name))
                })? as u32;
                if m == "LOAD_FAST" {
                    Op::LoadFast(idx)
                } else {
                    Op::StoreFast(idx)
                }
            }
            OperandKind::Global => {
                expect_operands(ins, 1, "a global name")?;
                let t = operand();
                let name = ident(t).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("expected a global name, found {}", t.kind.describe()),
                    )
                })?;
                let idx = *self.names.globals.get(name).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("undefined global '{name}' (declare it with .global {name} = ...)"),
                    )
                })?;
                if m == "LOAD_GLOBAL" {
                    Op::LoadGlobal(idx)
                } else {
                    Op::StoreGlobal(idx)
                }
            }
            OperandKind::Count => {
                expect_operands(ins, 1, "a count")?;
                let n = count(operand(), u32::MAX as i64)? as u32;
                match m {
                    "COPY" => Op::Copy(n),
                    "SWAP" => Op::Swap(n),
                    _ => Op::Print(n),
                }
            }
            OperandKind::BinOp => {
                expect_operands(ins, 1, "an operator such as + or //")?;
                let t = operand();
                let op = match &t.kind {
                    TokKind::Sym(s) => BinOp::from_symbol(s),
                    _ => None,
                };
                Op::BinaryOp(op.ok_or_else(|| Diagnostic::new(t.span, format!("unknown BINARY_OP operator {} (expected one of + - * / // % ** & | ^ << >>)", t.kind.describe())))?)
            }
            OperandKind::CmpOp => {
                expect_operands(ins, 1, "a comparison such as <")?;
                let t = operand();
                let op = match &t.kind {
                    TokKind::Sym(s) => CmpOp::from_symbol(s),
                    _ => None,
                };
                Op::CompareOp(op.ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!(
                            "unknown COMPARE_OP operator {} (expected one of < <= == != > >=)",
                            t.kind.describe()
                        ),
                    )
                })?)
            }
            OperandKind::Label => {
                expect_operands(ins, 1, "a label")?;
                let t = operand();
                let name = ident(t).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("expected a label, found {}", t.kind.describe()),
                    )
                })?;
                let target = *self.labels.get(name).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("undefined label '{name}' in '{}'", self.f.name),
                    )
                })?;
                match m {
                    "JUMP_FORWARD" => Op::JumpForward(target),
                    "JUMP_BACKWARD" => Op::JumpBackward(target),
                    "POP_JUMP_IF_FALSE" => Op::PopJumpIfFalse(target),
                    _ => Op::PopJumpIfTrue(target),
                }
            }
            OperandKind::FuncArgs => {
                expect_operands(ins, 2, "a function name and an argument count")?;
                let t = operand();
                let name = ident(t).ok_or_else(|| {
                    Diagnostic::new(
                        t.span,
                        format!("expected a function name, found {}", t.kind.describe()),
                    )
                })?;
                let func = *self.names.funcs.get(name).ok_or_else(|| {
                    Diagnostic::new(t.span, format!("undefined function '{name}'"))
                })?;
                let nargs = count(&ins.operands[1], u16::MAX as i64)? as u16;
                if m == "CALL" {
                    Op::Call { func, nargs }
                } else {
                    Op::StartThread { func, nargs }
                }
            }
        })
    }
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
