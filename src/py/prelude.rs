//! The prelude: the Python half of the builtins (src/vm/builtins/prelude.py),
//! compiled once and appended to every program, `.py` or `.pyasm`, so a
//! native can tail-call it ([`crate::vm::Interp::prelude`]). Its functions
//! are named `prelude.NAME`; `dis` leaves them out and the assembler puts
//! them back, so disassembly still round-trips.

use crate::bytecode::{Function, Op};
use std::sync::LazyLock;

/// The prelude's source.
pub const SOURCE: &str = include_str!("../vm/builtins/prelude.py");

/// The prefix of prelude function names.
pub const PREFIX: &str = "prelude.";

static FUNCTIONS: LazyLock<Result<Vec<Function>, String>> = LazyLock::new(compile);

fn compile() -> Result<Vec<Function>, String> {
    let (funcs, globals) =
        super::compile_unverified("prelude.py", SOURCE).map_err(|d| d.to_string())?;
    // Drop the module function; keep the defs, renumbered from 0.
    let keep: Vec<usize> = (0..funcs.len())
        .filter(|&i| funcs[i].name != super::MODULE)
        .collect();
    let new_index = |old: u32| {
        keep.iter()
            .position(|&k| k == old as usize)
            .map(|p| p as u32)
    };
    let mut out = Vec::new();
    for &i in &keep {
        let mut f = funcs[i].clone();
        for op in &mut f.code {
            match op {
                Op::Call { func, .. } | Op::StartThread { func, .. } => {
                    *func = new_index(*func).ok_or("prelude calls its module")?;
                }
                Op::MakeFunction { code, .. } => {
                    *code = new_index(*code).ok_or("prelude makes its module")?;
                }
                Op::LoadGlobal(_) | Op::StoreGlobal(_) | Op::DeleteGlobal(_) => {
                    let g = globals.iter().map(|g| g.name.as_str()).collect::<Vec<_>>();
                    return Err(format!(
                        "prelude function '{}' uses a global (one of {g:?}): prelude code may use only builtins and its own functions",
                        f.name
                    ));
                }
                _ => {}
            }
        }
        f.name = format!("{PREFIX}{}", f.name);
        f.source = crate::bytecode::program::PRELUDE_SOURCE;
        out.push(f);
    }
    Ok(out)
}

/// Appends the prelude to a program's functions, relocated after them.
pub fn append(functions: &mut Vec<Function>) {
    let base = functions.len() as u32;
    let Ok(prelude) = &*FUNCTIONS else { return };
    for f in prelude {
        let mut f = f.clone();
        for op in &mut f.code {
            match op {
                Op::Call { func, .. } | Op::StartThread { func, .. } => *func += base,
                Op::MakeFunction { code, .. } => *code += base,
                _ => {}
            }
        }
        functions.push(f);
    }
}

/// Appends the prelude when some function may reach it: one whose
/// constants hold a builtin (every `.py` program; a `.pyasm` program only
/// when it loads builtins with `LOAD_BUILTIN`). Plain bytecode programs
/// stay as written.
pub fn append_if_needed(functions: &mut Vec<Function>) {
    let needs = functions.iter().any(|f| {
        f.consts
            .iter()
            .any(|c| matches!(c, crate::vm::Value::Native(_) | crate::vm::Value::Class(_)))
    });
    let has = functions.iter().any(|f| f.name.starts_with(PREFIX));
    if needs && !has {
        append(functions);
    }
}

/// The prelude compiles, and uses no globals (checked by a test).
pub fn check() -> Result<usize, String> {
    FUNCTIONS.as_ref().map(Vec::len).map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prelude_compiles_without_globals() {
        let n = super::check().unwrap_or_else(|e| panic!("{e}"));
        assert!(n >= 10, "only {n} prelude functions");
    }
}
