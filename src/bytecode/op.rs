//! The instruction set: one [`Op`] per instruction, named after CPython's
//! `dis` opcodes where a counterpart exists.
//!
//! Operands are resolved by the assembler into indices (locals, constants,
//! globals, functions) and absolute instruction indices (jump targets), so
//! the interpreter never looks a name up. The verifier checks every index
//! before a program may run; the dispatch loop relies on that.

use std::fmt;

/// One instruction. `Op` is `Copy` and 8 bytes (a test pins the size): the
/// dispatch loop reads it by value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Op {
    /// `LOAD_CONST c` — push constant `c` of the function's constant pool. Stack: `-> c`.
    LoadConst(u32),
    /// `LOAD_FAST x` — push local `x`; an unbound local is an `UnboundLocalError`. Stack: `-> x`.
    LoadFast(u32),
    /// `STORE_FAST x` — pop into local `x` (which this creates, as in Python). Stack: `v ->`.
    StoreFast(u32),
    /// `LOAD_GLOBAL g` — push shared global `g` (one atomic read). Stack: `-> g`.
    LoadGlobal(u32),
    /// `STORE_GLOBAL g` — pop into shared global `g` (one atomic write). Stack: `v ->`.
    StoreGlobal(u32),
    /// `POP_TOP` — discard the top of stack. Stack: `v ->`.
    PopTop,
    /// `COPY n` — push a copy of the n-th item from the top (n >= 1). Stack: `.. a ->  .. a a`.
    Copy(u32),
    /// `SWAP n` — swap the top with the n-th item from the top (n >= 2).
    Swap(u32),
    /// `BINARY_OP op` — pop `b`, pop `a`, push `a op b`. Stack: `a b -> r`.
    BinaryOp(BinOp),
    /// `UNARY_NEGATIVE` — push `-v`. Stack: `v -> -v`.
    UnaryNegative,
    /// `UNARY_NOT` — push `not v` (a bool). Stack: `v -> bool`.
    UnaryNot,
    /// `COMPARE_OP op` — pop `b`, pop `a`, push `a op b` (a bool). Stack: `a b -> bool`.
    CompareOp(CmpOp),
    /// `JUMP_FORWARD label` — continue at a later instruction. Not an eval-breaker point.
    JumpForward(u32),
    /// `JUMP_BACKWARD label` — continue at an earlier (or the same) instruction.
    /// An eval-breaker point, as in CPython >= 3.10.
    JumpBackward(u32),
    /// `POP_JUMP_IF_FALSE label` — pop `v`; jump if `v` is falsy. Stack: `v ->`.
    PopJumpIfFalse(u32),
    /// `POP_JUMP_IF_TRUE label` — pop `v`; jump if `v` is truthy. Stack: `v ->`.
    PopJumpIfTrue(u32),
    /// `CALL f n` — call function `f` of the program with the top `n` values as
    /// arguments (n must equal f's parameter count). An eval-breaker point.
    /// Stack: `a1 .. an -> result`.
    Call {
        /// Index of the callee in the program's function table.
        func: u32,
        /// Number of arguments taken from the stack.
        nargs: u16,
    },
    /// `RETURN_VALUE` — pop `v` and return it to the caller. Stack: `v ->`.
    ReturnValue,
    /// `PRINT n` — pop `n` values and print them space-separated on one line,
    /// like `print(a, b)`. Stack: `a1 .. an ->`.
    Print(u32),
    /// `START_THREAD f n` — start a new interpreter thread running function
    /// `f` with the top `n` values as arguments, like
    /// `threading.Thread(target=f, args=...).start()`. Pushes its handle.
    /// Stack: `a1 .. an -> thread`.
    StartThread {
        /// Index of the thread's function in the program's function table.
        func: u32,
        /// Number of arguments taken from the stack.
        nargs: u16,
    },
    /// `JOIN_THREAD` — pop a thread handle and wait until that thread ends
    /// (the GIL is released while waiting). Stack: `thread ->`.
    JoinThread,
    /// `NEW_LOCK` — push a new unlocked lock, like `threading.Lock()`.
    /// Stack: `-> lock`.
    NewLock,
    /// `LOCK_ACQUIRE` — pop a lock and acquire it, waiting (GIL released)
    /// while another thread holds it. Stack: `lock ->`.
    LockAcquire,
    /// `LOCK_RELEASE` — pop a lock and release it; releasing an unlocked
    /// lock is a `RuntimeError`. Stack: `lock ->`.
    LockRelease,
    /// `IO_WAIT` — pop a duration in seconds and block that long with the
    /// GIL released, like `time.sleep` or a socket read. Stack: `secs ->`.
    IoWait,
    /// `CALL_NATIVE` — pop a flag and a work amount and do that much CPU
    /// work outside the bytecode loop, like a C extension: holding the GIL
    /// (flag false: not preemptible, like a long C call) or releasing it
    /// (flag true, as hashlib or zlib do on large buffers). One unit of work
    /// is about a microsecond of CPU. Stack: `work release ->`.
    CallNative,
    /// `YIELD` — release the GIL and take it again at once, like
    /// `time.sleep(0)`. Stack unchanged.
    Yield,
}

/// The operators of `BINARY_OP`, spelled as in Python source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division: always a float)
    TrueDiv,
    /// `//` (floor division)
    FloorDiv,
    /// `%` (modulo with the sign of the divisor)
    Mod,
    /// `**`
    Pow,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
}

impl BinOp {
    /// Every operator, in a fixed order.
    pub const ALL: [BinOp; 12] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::TrueDiv,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::And,
        BinOp::Or,
        BinOp::Xor,
        BinOp::LShift,
        BinOp::RShift,
    ];

    /// The operator as written in Python source (`+`, `//`, ...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
        }
    }

    /// Parses a symbol; the in-place spellings `dis` shows (`-=`, `+=`, ...)
    /// are accepted too and mean the same for gilsim's immutable values.
    pub fn from_symbol(s: &str) -> Option<BinOp> {
        let s = s.strip_suffix('=').filter(|r| !r.is_empty()).unwrap_or(s);
        BinOp::ALL.into_iter().find(|op| op.symbol() == s)
    }
}

/// The operators of `COMPARE_OP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Every comparison, in a fixed order.
    pub const ALL: [CmpOp; 6] = [
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    /// The operator as written in Python source.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Parses a symbol.
    pub fn from_symbol(s: &str) -> Option<CmpOp> {
        CmpOp::ALL.into_iter().find(|op| op.symbol() == s)
    }
}

/// The kind of operand an opcode takes in the text format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// No operand.
    None,
    /// A constant literal.
    Const,
    /// A local variable name.
    Local,
    /// A declared global name.
    Global,
    /// A small non-negative count.
    Count,
    /// A `BINARY_OP` operator symbol.
    BinOp,
    /// A `COMPARE_OP` operator symbol.
    CmpOp,
    /// A label in the same function.
    Label,
    /// A function name followed by an argument count.
    FuncArgs,
}

/// Opcode mnemonics and their operand kinds, in the order README lists them.
pub const MNEMONICS: &[(&str, OperandKind)] = &[
    ("LOAD_CONST", OperandKind::Const),
    ("LOAD_FAST", OperandKind::Local),
    ("STORE_FAST", OperandKind::Local),
    ("LOAD_GLOBAL", OperandKind::Global),
    ("STORE_GLOBAL", OperandKind::Global),
    ("POP_TOP", OperandKind::None),
    ("COPY", OperandKind::Count),
    ("SWAP", OperandKind::Count),
    ("BINARY_OP", OperandKind::BinOp),
    ("UNARY_NEGATIVE", OperandKind::None),
    ("UNARY_NOT", OperandKind::None),
    ("COMPARE_OP", OperandKind::CmpOp),
    ("JUMP_FORWARD", OperandKind::Label),
    ("JUMP_BACKWARD", OperandKind::Label),
    ("POP_JUMP_IF_FALSE", OperandKind::Label),
    ("POP_JUMP_IF_TRUE", OperandKind::Label),
    ("CALL", OperandKind::FuncArgs),
    ("RETURN_VALUE", OperandKind::None),
    ("PRINT", OperandKind::Count),
    ("START_THREAD", OperandKind::FuncArgs),
    ("JOIN_THREAD", OperandKind::None),
    ("NEW_LOCK", OperandKind::None),
    ("LOCK_ACQUIRE", OperandKind::None),
    ("LOCK_RELEASE", OperandKind::None),
    ("IO_WAIT", OperandKind::None),
    ("CALL_NATIVE", OperandKind::None),
    ("YIELD", OperandKind::None),
];

impl Op {
    /// The mnemonic as written in `.pyasm` and `dis` output.
    pub fn mnemonic(&self) -> &'static str {
        match self {
            Op::LoadConst(_) => "LOAD_CONST",
            Op::LoadFast(_) => "LOAD_FAST",
            Op::StoreFast(_) => "STORE_FAST",
            Op::LoadGlobal(_) => "LOAD_GLOBAL",
            Op::StoreGlobal(_) => "STORE_GLOBAL",
            Op::PopTop => "POP_TOP",
            Op::Copy(_) => "COPY",
            Op::Swap(_) => "SWAP",
            Op::BinaryOp(_) => "BINARY_OP",
            Op::UnaryNegative => "UNARY_NEGATIVE",
            Op::UnaryNot => "UNARY_NOT",
            Op::CompareOp(_) => "COMPARE_OP",
            Op::JumpForward(_) => "JUMP_FORWARD",
            Op::JumpBackward(_) => "JUMP_BACKWARD",
            Op::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE",
            Op::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE",
            Op::Call { .. } => "CALL",
            Op::ReturnValue => "RETURN_VALUE",
            Op::Print(_) => "PRINT",
            Op::StartThread { .. } => "START_THREAD",
            Op::JoinThread => "JOIN_THREAD",
            Op::NewLock => "NEW_LOCK",
            Op::LockAcquire => "LOCK_ACQUIRE",
            Op::LockRelease => "LOCK_RELEASE",
            Op::IoWait => "IO_WAIT",
            Op::CallNative => "CALL_NATIVE",
            Op::Yield => "YIELD",
        }
    }

    /// The jump target, for the four jump instructions.
    pub fn jump_target(&self) -> Option<u32> {
        match *self {
            Op::JumpForward(t)
            | Op::JumpBackward(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t) => Some(t),
            _ => None,
        }
    }
}

impl fmt::Display for BinOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 8);
    }

    #[test]
    fn symbols_round_trip() {
        for op in BinOp::ALL {
            assert_eq!(BinOp::from_symbol(op.symbol()), Some(op));
            assert_eq!(BinOp::from_symbol(&format!("{}=", op.symbol())), Some(op));
        }
        for op in CmpOp::ALL {
            assert_eq!(CmpOp::from_symbol(op.symbol()), Some(op));
        }
        assert_eq!(BinOp::from_symbol("="), None);
        assert_eq!(BinOp::from_symbol("<"), None);
    }
}
