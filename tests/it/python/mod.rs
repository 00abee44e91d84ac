//! The Python front end: golden disassembly for each construct; every
//! error with its position; the twins in programs/ print the same under
//! CPython (python3) and gilsim; `.py` files through the command line.

use crate::common::{python3, repo_path, TempDir};
use gilsim::bytecode::disasm;
use gilsim::py::compile_source;
use std::process::Command;

mod errors;
mod golden;
mod twins;
