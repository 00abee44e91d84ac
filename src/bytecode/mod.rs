//! The bytecode: instructions ([`Op`]), programs ([`Program`]), the verifier
//! that guards the interpreter, the disassembler, and program images
//! ([`ProgramImage`]: a program as data, to cross a process boundary).

pub mod disasm;
pub mod image;
pub mod op;
pub mod operators;
pub mod program;
pub mod quicken;
pub mod verify;

pub use image::ProgramImage;
pub use op::{BinOp, CmpOp, Op, OperandKind};
pub use program::{Function, Global, Program};
