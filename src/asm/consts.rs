//! A function's constant pool during resolution: the key that makes two
//! constants one entry, the pool itself (with `.consts` entries and `#N`
//! pins), and the `LOAD_CONST` / `LOAD_BUILTIN` operands that fill it.

use super::lexer::{TokKind, Token};
use super::parser::{const_expr, RawInstr, CONST_KINDS};
use super::resolve::{expect_operands, ident_operand};
use crate::bytecode::Op;
use crate::diag::Diagnostic;
use crate::vm::value::Value;
use std::collections::HashMap;

/// What makes two constants the same entry of a function's constant table
/// (as [`Value::same_const`]: `1`, `1.0` and `True` stay apart, floats
/// compare by bits; builtins, one static native or one shared class each,
/// by identity).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(std::sync::Arc<String>),
    Tuple(Vec<ConstKey>),
    Native(usize),
    Class(usize),
}

impl ConstKey {
    /// The key of a constant the assembler can write; `None` for other
    /// values (lists, functions...).
    pub(crate) fn of(v: &Value) -> Option<ConstKey> {
        Some(match v {
            Value::None => ConstKey::None,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Int(i) => ConstKey::Int(*i),
            Value::Float(f) => ConstKey::Float(f.to_bits()),
            Value::Str(s) => ConstKey::Str(s.clone()),
            Value::Tuple(t) => ConstKey::Tuple(t.iter().map(ConstKey::of).collect::<Option<_>>()?),
            Value::Native(n) => ConstKey::Native(*n as *const _ as usize),
            Value::Class(c) => ConstKey::Class(std::sync::Arc::as_ptr(c) as usize),
            // Not constants the parser makes.
            _ => return None,
        })
    }
}

/// A function's constant table, with an index to find a constant again in
/// constant time.
#[derive(Default)]
pub(super) struct Consts {
    /// The constants, in pool order.
    pub(super) values: Vec<Value>,
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

    /// The index of `v`: entry `#N` of the pool when pinned there (it must
    /// hold an equal constant), else as [`Consts::add`].
    pub(super) fn add_at(&mut self, v: Value, pin: Pin) -> Result<u32, Diagnostic> {
        let Some((n, span)) = pin else {
            return Ok(self.add(v));
        };
        let same = |c: &Value| match (ConstKey::of(c), ConstKey::of(&v)) {
            (Some(a), Some(b)) => a == b,
            _ => c.same_const(&v),
        };
        match self.values.get(n as usize) {
            Some(c) if same(c) => Ok(n),
            Some(c) => Err(Diagnostic::new(
                span,
                format!("constant #{n} is {}, not this constant", c.to_literal()),
            )),
            None => Err(Diagnostic::new(
                span,
                format!(
                    "there is no constant #{n} (the pool has {} so far; list it with .consts)",
                    self.values.len()
                ),
            )),
        }
    }

    /// Appends `v` (a `.consts` entry), even if an equal constant is
    /// already there; `add` finds the first of equal entries.
    pub(super) fn push(&mut self, v: Value) {
        let i = self.values.len() as u32;
        if let Some(k) = ConstKey::of(&v) {
            self.index.entry(k).or_insert(i);
        }
        self.values.push(v);
    }
}

/// A `#N` after a constant operand: the pool entry it must be, and where.
pub(super) type Pin = Option<(u32, crate::diag::Span)>;

/// Runs `f` on the instruction without a trailing `#N`, given as the pin.
pub(super) fn with_slot(
    ins: &RawInstr,
    f: impl FnOnce(&RawInstr, Pin) -> Result<Op, Diagnostic>,
) -> Result<Op, Diagnostic> {
    match ins.operands.last() {
        Some(Token {
            kind: TokKind::Slot(n),
            span,
        }) if ins.operands.len() > 1 => {
            let bare = RawInstr {
                mnemonic: ins.mnemonic.clone(),
                span: ins.span,
                operands: ins.operands[..ins.operands.len() - 1].to_vec(),
            };
            f(&bare, Some((*n, *span)))
        }
        _ => f(ins, None),
    }
}

/// `LOAD_CONST value`: the value's index in `consts`, added there unless an
/// equal constant already is. The value is a literal or a tuple of
/// constants.
pub(super) fn load_const(ins: &RawInstr, consts: &mut Consts, pin: Pin) -> Result<Op, Diagnostic> {
    let is_tuple = ins
        .operands
        .first()
        .is_some_and(|t| t.kind == TokKind::LParen);
    if !is_tuple {
        expect_operands(ins, 1, "a constant")?;
    }
    let t = &ins.operands[0];
    if let TokKind::Ident(name) = &t.kind {
        if !matches!(name.as_str(), "True" | "False" | "None")
            && crate::vm::builtins::builtin(name).is_some()
        {
            return Err(Diagnostic::new(
                t.span,
                format!(
                    "expected a constant ({CONST_KINDS}), found builtin '{name}' (load it with LOAD_BUILTIN {name})"
                ),
            ));
        }
    }
    let mut i = 0;
    let v = const_expr(&ins.operands, &mut i, false)?;
    if let Some(extra) = ins.operands.get(i) {
        return Err(Diagnostic::new(
            extra.span,
            format!(
                "{} takes 1 operand (a constant): unexpected {} after the tuple",
                ins.mnemonic,
                extra.kind.describe()
            ),
        ));
    }
    Ok(Op::LoadConst(consts.add_at(v, pin)?))
}

/// `LOAD_BUILTIN name`: a `LOAD_CONST` of the builtin function, type or
/// exception class `name` (`len`, `int`, `ValueError`, `object`).
pub(super) fn load_builtin(
    ins: &RawInstr,
    consts: &mut Consts,
    pin: Pin,
) -> Result<Op, Diagnostic> {
    expect_operands(ins, 1, "a builtin name")?;
    let t = &ins.operands[0];
    let name = ident_operand(t, "a builtin name")?;
    let v = crate::vm::builtins::builtin(name)
        .ok_or_else(|| Diagnostic::new(t.span, format!("unknown builtin '{name}'")))?;
    Ok(Op::LoadConst(consts.add_at(v, pin)?))
}
