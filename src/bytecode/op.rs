//! The instruction set: one [`Op`] per instruction, named after CPython's
//! `dis` opcodes where a counterpart exists.
//!
//! Operands are resolved by the assembler into indices (locals, constants,
//! globals, functions) and absolute instruction indices (jump targets), so
//! the interpreter never looks a name up. The verifier checks every index
//! before a program may run; the dispatch loop relies on that.

pub use super::operators::{BinOp, CmpOp};

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
    /// `LOAD_DEREF x` — push the content of cell local `x` (a closure variable). Stack: `-> v`.
    LoadDeref(u32),
    /// `STORE_DEREF x` — pop into the cell held in local `x`. Stack: `v ->`.
    StoreDeref(u32),
    /// `DELETE_DEREF x` — empty the cell held in local `x`.
    DeleteDeref(u32),
    /// `LOAD_CLOSURE x` — push the cell itself held in local `x` (to build a closure). Stack: `-> cell`.
    LoadClosure(u32),
    /// `DELETE_FAST x` — unbind local `x` (`del x`).
    DeleteFast(u32),
    /// `DELETE_GLOBAL g` — unbind global `g`.
    DeleteGlobal(u32),
    /// `LOAD_ATTR name` — replace an object with its attribute. Stack: `o -> o.name`.
    LoadAttr(u32),
    /// `STORE_ATTR name` — `o.name = v`. Stack: `v o ->`.
    StoreAttr(u32),
    /// `DELETE_ATTR name` — `del o.name`. Stack: `o ->`.
    DeleteAttr(u32),
    /// `LOAD_METHOD name` — push the method and its receiver (or the attribute and NULL), for `CALL_METHOD`. Stack: `o -> meth self`.
    LoadMethod(u32),
    /// `CALL_FUNCTION n` — call the callable under `n` arguments. An eval-breaker point. Stack: `f a1 .. an -> r`.
    CallFunction(u32),
    /// `CALL_METHOD n` — call what `LOAD_METHOD` pushed with `n` more arguments. An eval-breaker point. Stack: `meth self a1 .. an -> r`.
    CallMethod(u32),
    /// `CALL_FUNCTION_KW n` — call with `n` arguments, the last ones named by the tuple on top. Stack: `f a1 .. an names -> r`.
    CallFunctionKw(u32),
    /// `CALL_FUNCTION_EX flags` — call with a tuple of arguments and, if `flags & 1`, a dict of keywords. Stack: `f args [kwargs] -> r`.
    CallFunctionEx(u32),
    /// `BINARY_SUBSCR` — `o[k]`. Stack: `o k -> v`.
    BinarySubscr,
    /// `STORE_SUBSCR` — `o[k] = v`. Stack: `v o k ->`.
    StoreSubscr,
    /// `DELETE_SUBSCR` — `del o[k]`. Stack: `o k ->`.
    DeleteSubscr,
    /// `BUILD_TUPLE n` — a tuple of the top `n` values. Stack: `a1 .. an -> t`.
    BuildTuple(u32),
    /// `BUILD_LIST n` — a list of the top `n` values. Stack: `a1 .. an -> l`.
    BuildList(u32),
    /// `BUILD_SET n` — a set of the top `n` values. Stack: `a1 .. an -> s`.
    BuildSet(u32),
    /// `BUILD_MAP n` — a dict of `n` key/value pairs. Stack: `k1 v1 .. kn vn -> d`.
    BuildMap(u32),
    /// `BUILD_SLICE n` — a slice of 2 or 3 values. Stack: `a b [c] -> slice`.
    BuildSlice(u32),
    /// `BUILD_STRING n` — concatenate `n` strings (f-strings). Stack: `s1 .. sn -> s`.
    BuildString(u32),
    /// `LIST_APPEND i` — append the top to the list `i` deep (comprehensions). Stack: `.. l .. v -> .. l ..`.
    ListAppend(u32),
    /// `SET_ADD i` — add the top to the set `i` deep. Stack: `v ->`.
    SetAdd(u32),
    /// `MAP_ADD i` — add a key/value pair to the dict `i` deep. Stack: `k v ->`.
    MapAdd(u32),
    /// `LIST_EXTEND i` — extend the list `i` deep with an iterable (`[*a]`). Stack: `it ->`.
    ListExtend(u32),
    /// `SET_UPDATE i` — update the set `i` deep with an iterable. Stack: `it ->`.
    SetUpdate(u32),
    /// `DICT_UPDATE i` — update the dict `i` deep with a mapping (`{**d}`). Stack: `m ->`.
    DictUpdate(u32),
    /// `LIST_TO_TUPLE` — a tuple of a list's items. Stack: `l -> t`.
    ListToTuple,
    /// `FORMAT_VALUE flags` — format a value for an f-string: conversion `flags & 3` (1 str, 2 repr, 3 ascii), with the spec on top if `flags & 4`. Stack: `v [spec] -> s`.
    FormatValue(u32),
    /// `UNPACK_SEQUENCE n` — unpack an iterable of exactly `n` items, first item on top. Stack: `it -> an .. a1`.
    UnpackSequence(u32),
    /// `UNPACK_EX before + 256 * after` — starred unpacking: `before` items, a list of the rest, `after` items. Stack: `it -> ..`.
    UnpackEx(u32),
    /// `GET_ITER` — `iter(o)`. Stack: `o -> it`.
    GetIter,
    /// `FOR_ITER label` — push the iterator's next value, or pop the iterator and jump when it is exhausted. Stack: `it -> it v` or `it ->`.
    ForIter(u32),
    /// `CONTAINS_OP invert` — `a in b` (or `not in` when 1). Stack: `a b -> bool`.
    ContainsOp(u32),
    /// `IS_OP invert` — `a is b` (or `is not` when 1). Stack: `a b -> bool`.
    IsOp(u32),
    /// `UNARY_POSITIVE` — `+v`. Stack: `v -> +v`.
    UnaryPositive,
    /// `UNARY_INVERT` — `~v`. Stack: `v -> ~v`.
    UnaryInvert,
    /// `MAKE_FUNCTION f flags` — a function object for code `f`; `flags` 1: defaults tuple, 2: keyword defaults dict, 8: closure tuple, each popped in that order from below. Stack: `[defaults] [kwdefaults] [closure] -> func`.
    MakeFunction { code: u32, flags: u16 },
    /// `BUILD_CLASS n` — a class from its namespace dict, name and `n` bases. Stack: `ns name b1 .. bn -> class`.
    BuildClass(u32),
    /// `LOAD_LOCALS` — a dict of the frame's bound locals (ends a class body). Stack: `-> dict`.
    LoadLocals,
    /// `RAISE_VARARGS n` — `raise` (0: re-raise the exception being handled), `raise e` (1), `raise e from c` (2). Stack: `[e [c]] ->`.
    RaiseVarargs(u32),
    /// `PUSH_EXC_INFO` — start handling the exception on top (what a bare `raise` re-raises). Stack unchanged.
    PushExcInfo,
    /// `POP_EXCEPT` — stop handling the innermost exception.
    PopExcept,
    /// `CHECK_EXC_MATCH` — does the exception match the class (or tuple of classes) on top? Stack: `e cls -> e bool`.
    CheckExcMatch,
    /// `RERAISE` — raise the exception on top again, keeping its traceback. Stack: `e ->`.
    Reraise,
    /// `YIELD_VALUE` — suspend the generator, yielding the top; resumes with the sent value. Stack: `v -> sent`.
    YieldValue,
    /// `GET_YIELD_FROM_ITER` — `iter(o)` for `yield from`. Stack: `o -> it`.
    GetYieldFromIter,
    /// `SEND label` — send the top into the sub-iterator: push what it yields, or pop it, push its return value and jump. Stack: `it v -> it y` or `it v -> r`.
    Send(u32),
    /// `NOP` — nothing.
    Nop,
    /// `IMPORT_NAME name` — push the module `name` (gilsim's own `time`,
    /// `math`, `sys`, `random`, `threading`...). Stack: `-> module`.
    ImportName(u32),
    /// `GET_AWAITABLE where` — the iterator `await o` drives: a coroutine
    /// itself, else what `type(o).__await__(o)` returns (an iterator).
    /// `where` says what is awaited, for the error message: 0 an `await`
    /// expression, 1 the result of `__aenter__`, 2 of `__aexit__`.
    /// Stack: `o -> it`.
    GetAwaitable(u32),
    /// `BEFORE_ASYNC_WITH` — start `async with`: push `type(m).__aexit__`
    /// bound to `m`, then call `type(m).__aenter__(m)` (its result, still
    /// to be awaited, is pushed). Stack: `m -> exit res`.
    BeforeAsyncWith,
    /// `GET_AITER` — `type(o).__aiter__(o)` for `async for`; the result
    /// must have `__anext__`. Stack: `o -> aiter`.
    GetAiter,
    /// `GET_ANEXT` — the awaitable of the next step of `async for`:
    /// `type(aiter).__anext__(aiter)`, made awaitable as by
    /// `GET_AWAITABLE`. Stack: `aiter -> aiter awaitable`.
    GetAnext,
    /// `END_ASYNC_FOR` — the handler ending `async for`: a
    /// `StopAsyncIteration` pops both and continues; any other exception
    /// is raised again, keeping its traceback. Stack: `aiter exc ->`.
    EndAsyncFor,
    /// `ASYNC_GEN_WRAP` — mark the value an async generator yields (as
    /// opposed to what an `await` inside it passes up), so the awaitable
    /// of `__anext__` finishes with it. Stack: `v -> wrapped`.
    AsyncGenWrap,
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
    /// An attribute or method name (kept in the constant pool as a str).
    Name,
    /// A function name followed by `MAKE_FUNCTION` flags.
    FuncFlags,
}

/// Opcode mnemonics and their operand kinds, in the order docs/reference/pyasm.md lists them.
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
    ("LOAD_DEREF", OperandKind::Local),
    ("STORE_DEREF", OperandKind::Local),
    ("DELETE_DEREF", OperandKind::Local),
    ("LOAD_CLOSURE", OperandKind::Local),
    ("DELETE_FAST", OperandKind::Local),
    ("DELETE_GLOBAL", OperandKind::Global),
    ("LOAD_ATTR", OperandKind::Name),
    ("STORE_ATTR", OperandKind::Name),
    ("DELETE_ATTR", OperandKind::Name),
    ("LOAD_METHOD", OperandKind::Name),
    ("CALL_FUNCTION", OperandKind::Count),
    ("CALL_METHOD", OperandKind::Count),
    ("CALL_FUNCTION_KW", OperandKind::Count),
    ("CALL_FUNCTION_EX", OperandKind::Count),
    ("BINARY_SUBSCR", OperandKind::None),
    ("STORE_SUBSCR", OperandKind::None),
    ("DELETE_SUBSCR", OperandKind::None),
    ("BUILD_TUPLE", OperandKind::Count),
    ("BUILD_LIST", OperandKind::Count),
    ("BUILD_SET", OperandKind::Count),
    ("BUILD_MAP", OperandKind::Count),
    ("BUILD_SLICE", OperandKind::Count),
    ("BUILD_STRING", OperandKind::Count),
    ("LIST_APPEND", OperandKind::Count),
    ("SET_ADD", OperandKind::Count),
    ("MAP_ADD", OperandKind::Count),
    ("LIST_EXTEND", OperandKind::Count),
    ("SET_UPDATE", OperandKind::Count),
    ("DICT_UPDATE", OperandKind::Count),
    ("LIST_TO_TUPLE", OperandKind::None),
    ("FORMAT_VALUE", OperandKind::Count),
    ("UNPACK_SEQUENCE", OperandKind::Count),
    ("UNPACK_EX", OperandKind::Count),
    ("GET_ITER", OperandKind::None),
    ("FOR_ITER", OperandKind::Label),
    ("CONTAINS_OP", OperandKind::Count),
    ("IS_OP", OperandKind::Count),
    ("UNARY_POSITIVE", OperandKind::None),
    ("UNARY_INVERT", OperandKind::None),
    ("MAKE_FUNCTION", OperandKind::FuncFlags),
    ("BUILD_CLASS", OperandKind::Count),
    ("LOAD_LOCALS", OperandKind::None),
    ("RAISE_VARARGS", OperandKind::Count),
    ("PUSH_EXC_INFO", OperandKind::None),
    ("POP_EXCEPT", OperandKind::None),
    ("CHECK_EXC_MATCH", OperandKind::None),
    ("RERAISE", OperandKind::None),
    ("YIELD_VALUE", OperandKind::None),
    ("GET_YIELD_FROM_ITER", OperandKind::None),
    ("SEND", OperandKind::Label),
    ("NOP", OperandKind::None),
    ("IMPORT_NAME", OperandKind::Name),
    ("GET_AWAITABLE", OperandKind::Count),
    ("BEFORE_ASYNC_WITH", OperandKind::None),
    ("GET_AITER", OperandKind::None),
    ("GET_ANEXT", OperandKind::None),
    ("END_ASYNC_FOR", OperandKind::None),
    ("ASYNC_GEN_WRAP", OperandKind::None),
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
            Op::LoadDeref(_) => "LOAD_DEREF",
            Op::StoreDeref(_) => "STORE_DEREF",
            Op::DeleteDeref(_) => "DELETE_DEREF",
            Op::LoadClosure(_) => "LOAD_CLOSURE",
            Op::DeleteFast(_) => "DELETE_FAST",
            Op::DeleteGlobal(_) => "DELETE_GLOBAL",
            Op::LoadAttr(_) => "LOAD_ATTR",
            Op::StoreAttr(_) => "STORE_ATTR",
            Op::DeleteAttr(_) => "DELETE_ATTR",
            Op::LoadMethod(_) => "LOAD_METHOD",
            Op::CallFunction(_) => "CALL_FUNCTION",
            Op::CallMethod(_) => "CALL_METHOD",
            Op::CallFunctionKw(_) => "CALL_FUNCTION_KW",
            Op::CallFunctionEx(_) => "CALL_FUNCTION_EX",
            Op::BinarySubscr => "BINARY_SUBSCR",
            Op::StoreSubscr => "STORE_SUBSCR",
            Op::DeleteSubscr => "DELETE_SUBSCR",
            Op::BuildTuple(_) => "BUILD_TUPLE",
            Op::BuildList(_) => "BUILD_LIST",
            Op::BuildSet(_) => "BUILD_SET",
            Op::BuildMap(_) => "BUILD_MAP",
            Op::BuildSlice(_) => "BUILD_SLICE",
            Op::BuildString(_) => "BUILD_STRING",
            Op::ListAppend(_) => "LIST_APPEND",
            Op::SetAdd(_) => "SET_ADD",
            Op::MapAdd(_) => "MAP_ADD",
            Op::ListExtend(_) => "LIST_EXTEND",
            Op::SetUpdate(_) => "SET_UPDATE",
            Op::DictUpdate(_) => "DICT_UPDATE",
            Op::ListToTuple => "LIST_TO_TUPLE",
            Op::FormatValue(_) => "FORMAT_VALUE",
            Op::UnpackSequence(_) => "UNPACK_SEQUENCE",
            Op::UnpackEx(_) => "UNPACK_EX",
            Op::GetIter => "GET_ITER",
            Op::ForIter(_) => "FOR_ITER",
            Op::ContainsOp(_) => "CONTAINS_OP",
            Op::IsOp(_) => "IS_OP",
            Op::UnaryPositive => "UNARY_POSITIVE",
            Op::UnaryInvert => "UNARY_INVERT",
            Op::MakeFunction { .. } => "MAKE_FUNCTION",
            Op::BuildClass(_) => "BUILD_CLASS",
            Op::LoadLocals => "LOAD_LOCALS",
            Op::RaiseVarargs(_) => "RAISE_VARARGS",
            Op::PushExcInfo => "PUSH_EXC_INFO",
            Op::PopExcept => "POP_EXCEPT",
            Op::CheckExcMatch => "CHECK_EXC_MATCH",
            Op::Reraise => "RERAISE",
            Op::YieldValue => "YIELD_VALUE",
            Op::GetYieldFromIter => "GET_YIELD_FROM_ITER",
            Op::Send(_) => "SEND",
            Op::Nop => "NOP",
            Op::ImportName(_) => "IMPORT_NAME",
            Op::GetAwaitable(_) => "GET_AWAITABLE",
            Op::BeforeAsyncWith => "BEFORE_ASYNC_WITH",
            Op::GetAiter => "GET_AITER",
            Op::GetAnext => "GET_ANEXT",
            Op::EndAsyncFor => "END_ASYNC_FOR",
            Op::AsyncGenWrap => "ASYNC_GEN_WRAP",
        }
    }

    /// The jump target, for the four jump instructions.
    pub fn jump_target(&self) -> Option<u32> {
        match *self {
            Op::JumpForward(t)
            | Op::JumpBackward(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::ForIter(t)
            | Op::Send(t) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_eight_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 8);
    }
}
