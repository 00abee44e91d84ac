//! Linking gilsim's library modules (`crate::stdlib`) into a program: every
//! library module the program imports, directly or through another library
//! module, is compiled with its globals and functions named `MODULE.NAME`
//! and appended, its function and global references relocated — one
//! program, one global table, as a linker would. `IMPORT_NAME` runs a
//! module's code at its first import ([`crate::vm`]'s import step) and
//! hands out a module object that reads and writes those globals.

use crate::bytecode::program::{ModuleInfo, Source};
use crate::bytecode::{Function, Global, Op};
use crate::diag::Diagnostics;
use crate::vm::Value;

/// What linking adds to a program besides functions and globals.
pub(crate) struct Linked {
    pub(crate) sources: Vec<Source>,
    pub(crate) modules: Vec<ModuleInfo>,
}

/// The modules `IMPORT_NAME` names in these functions.
fn imports(functions: &[Function]) -> Vec<String> {
    let mut out = Vec::new();
    for f in functions {
        for op in &f.code {
            if let Op::ImportName(n) = op {
                if let Some(Value::Str(s)) = f.consts.get(*n as usize) {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

/// The library modules `name` needs: its packages first, then itself.
fn with_packages(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split('.').collect();
    (1..=parts.len()).map(|k| parts[..k].join(".")).collect()
}

/// Compiles and appends every library module the program imports.
pub(crate) fn link(
    functions: &mut Vec<Function>,
    globals: &mut Vec<Global>,
) -> Result<Linked, Diagnostics> {
    let mut linked = Linked {
        sources: Vec::new(),
        modules: Vec::new(),
    };
    let mut todo: Vec<String> = imports(functions);
    todo.reverse();
    while let Some(want) = todo.pop() {
        for name in with_packages(&want) {
            if linked.modules.iter().any(|m| m.name == name) {
                continue;
            }
            let Some((file, src)) = crate::stdlib::source(&name) else {
                continue;
            };
            let (mut funcs, globs) =
                super::compile_library(file, &src, &name).map_err(|mut d| {
                    d.file = crate::stdlib::display_name(file);
                    d
                })?;
            let (fbase, gbase) = (functions.len() as u32, globals.len() as u32);
            let source = linked.sources.len() as u16 + 1;
            let mut init = None;
            for (i, f) in funcs.iter_mut().enumerate() {
                if f.name == format!("{name}.{}", super::MODULE) {
                    init = Some(fbase + i as u32);
                }
                f.source = source;
                for op in &mut f.code {
                    match op {
                        Op::Call { func, .. } | Op::StartThread { func, .. } => *func += fbase,
                        Op::MakeFunction { code, .. } => *code += fbase,
                        Op::LoadGlobal(g) | Op::StoreGlobal(g) | Op::DeleteGlobal(g) => *g += gbase,
                        _ => {}
                    }
                }
            }
            let prefix = format!("{name}.");
            let names = globs
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let short = g.name.strip_prefix(&prefix).unwrap_or(&g.name);
                    (short.to_string(), gbase + i as u32)
                })
                .collect();
            todo.extend(imports(&funcs));
            functions.extend(funcs);
            globals.extend(globs);
            let slot = globals.len() as u32;
            globals.push(Global {
                name: format!("{name}.(module)"),
                init: Value::Unbound,
                span: crate::diag::Span::new(0, 0, 0),
            });
            linked.sources.push(Source {
                file: crate::stdlib::display_name(file),
                lines: src.lines().map(str::to_string).collect(),
            });
            linked.modules.push(ModuleInfo {
                name: name.clone(),
                init: init.expect("a compiled module has its module function"),
                slot,
                names,
            });
        }
    }
    // A package's attribute for each submodule (`concurrent.futures`).
    for i in 0..linked.modules.len() {
        let name = linked.modules[i].name.clone();
        let Some((parent, child)) = name.rsplit_once('.') else {
            continue;
        };
        let Some(p) = linked.modules.iter().position(|m| m.name == parent) else {
            continue;
        };
        if !linked.modules[p].names.iter().any(|(n, _)| n == child) {
            let slot = globals.len() as u32;
            globals.push(Global {
                name: name.clone(),
                init: Value::Unbound,
                span: crate::diag::Span::new(0, 0, 0),
            });
            linked.modules[p].names.push((child.to_string(), slot));
        }
    }
    Ok(linked)
}
