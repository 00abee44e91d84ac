//! The bytecode: instructions ([`Op`]), programs ([`Program`]), the verifier
//! that guards the interpreter, and the disassembler.

pub mod disasm;
pub mod op;
pub mod program;
pub mod quicken;
pub mod verify;

pub use op::{BinOp, CmpOp, Op, OperandKind};
pub use program::{Function, Global, Program};
