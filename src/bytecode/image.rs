//! A program as data: [`ProgramImage`] holds everything [`Program::new`]
//! needs (file name, source lines, functions, globals) in a serde form, so a
//! verified program can cross a process boundary without being re-parsed.
//!
//! An image is untrusted: [`ProgramImage::build`] runs the verifier again
//! (through [`Program::new`]), and rejects constants that cannot be
//! constants, so whatever the bytes held, the result is a verified program
//! or [`Diagnostics`], never a panic. Floats travel as their bit pattern and
//! come back bit-exact (NaN payloads, infinities, `-0.0`).

use super::op::Op;
use super::program::Handler;
use super::program::{Function, Global, ModuleInfo, Program, Source};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::vm::Value;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A [`Program`] taken apart into plain, serializable data. Made by
/// [`Program::image`]; turned back into a program only by
/// [`ProgramImage::build`], which verifies it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramImage {
    file: String,
    lines: Vec<String>,
    functions: Vec<FunctionImage>,
    globals: Vec<GlobalImage>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    modules: Vec<ModuleInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct FunctionImage {
    name: String,
    nparams: u16,
    local_names: Vec<String>,
    consts: Vec<Const>,
    code: Vec<Op>,
    spans: Vec<Span>,
    span: Span,
    nkwonly: u16,
    #[serde(default)]
    nposonly: u16,
    flags: u16,
    cells: Vec<u32>,
    frees: Vec<u32>,
    handlers: Vec<Handler>,
    #[serde(default)]
    source: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct GlobalImage {
    name: String,
    init: Const,
    span: Span,
}

/// A constant or a global's initial value. A float is its `to_bits()`
/// (JSON has no NaN or infinity). `Invalid` keeps [`Program::image`] total
/// for a value that cannot be a constant (a thread, a lock, unbound: named
/// by its type); [`ProgramImage::build`] rejects it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Const {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    /// A builtin by name (`len`, `ValueError`).
    Builtin(String),
    Tuple(Vec<Const>),
    /// A global not yet assigned (a module's names before its code runs).
    Unbound,
    Invalid(String),
}

impl Const {
    fn of(v: &Value) -> Const {
        match v {
            Value::None => Const::None,
            Value::Bool(b) => Const::Bool(*b),
            Value::Int(i) => Const::Int(*i),
            Value::Float(x) => Const::Float(x.to_bits()),
            Value::Str(s) => Const::Str(s.to_string()),
            Value::Tuple(t) => Const::Tuple(t.iter().map(Const::of).collect()),
            Value::Unbound => Const::Unbound,
            Value::Native(n) if crate::vm::builtins::builtin(n.name).is_some_and(|b| b.is(v)) => {
                Const::Builtin(n.name.to_string())
            }
            Value::Class(c) if crate::vm::builtins::builtin(&c.name).is_some_and(|b| b.is(v)) => {
                Const::Builtin(c.name.to_string())
            }
            other => Const::Invalid(other.type_name().to_string()),
        }
    }

    /// The value, or the type name of what cannot be a constant.
    fn value(self) -> Result<Value, String> {
        Ok(match self {
            Const::None => Value::None,
            Const::Bool(b) => Value::Bool(b),
            Const::Int(i) => Value::Int(i),
            Const::Float(bits) => Value::Float(f64::from_bits(bits)),
            Const::Str(s) => Value::Str(Arc::new(s)),
            Const::Builtin(name) => crate::vm::builtins::builtin(&name)
                .ok_or_else(|| format!("unknown builtin {name}"))?,
            Const::Tuple(items) => Value::tuple(
                items
                    .into_iter()
                    .map(Const::value)
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Const::Unbound => Value::Unbound,
            Const::Invalid(kind) => return Err(kind),
        })
    }
}

impl ProgramImage {
    /// The image of a program's parts (what [`Program::image`] returns).
    pub(super) fn of(p: &Program) -> ProgramImage {
        let (file, lines, functions, globals) = (p.file(), p.lines(), p.functions(), p.globals());
        ProgramImage {
            sources: p.sources().to_vec(),
            modules: p.modules().to_vec(),
            file: file.to_string(),
            lines: lines.to_vec(),
            functions: functions
                .iter()
                .map(|f| FunctionImage {
                    name: f.name.clone(),
                    nparams: f.nparams,
                    local_names: f.local_names.clone(),
                    consts: f.consts.iter().map(Const::of).collect(),
                    code: f.code.clone(),
                    spans: f.spans.clone(),
                    span: f.span,
                    nkwonly: f.nkwonly,
                    nposonly: f.nposonly,
                    flags: f.flags,
                    cells: f.cells.clone(),
                    frees: f.frees.clone(),
                    handlers: f.handlers.clone(),
                    source: f.source,
                })
                .collect(),
            globals: globals
                .iter()
                .map(|g| GlobalImage {
                    name: g.name.clone(),
                    init: Const::of(&g.init),
                    span: g.span,
                })
                .collect(),
        }
    }

    /// Rebuilds the program through [`Program::new`], so the verifier runs
    /// again. Constants that cannot be constants and functions whose source
    /// positions do not match their code are errors too.
    pub fn build(self) -> Result<Program, Diagnostics> {
        let mut errors = Vec::new();
        let mut functions = Vec::with_capacity(self.functions.len());
        for f in self.functions {
            if f.spans.len() != f.code.len() {
                let (name, n, m) = (&f.name, f.spans.len(), f.code.len());
                let msg =
                    format!("function '{name}' has {n} source positions for {m} instructions");
                errors.push(Diagnostic::new(f.span, msg));
            }
            let mut consts = Vec::with_capacity(f.consts.len());
            for (i, c) in f.consts.into_iter().enumerate() {
                // Only a global may start unbound; a constant is a value.
                let c = match c {
                    Const::Unbound => Const::Invalid("unbound".into()),
                    c => c,
                };
                consts.push(c.value().unwrap_or_else(|kind| {
                    let msg = format!("constant {i} of '{}' is a {kind}, not a constant", f.name);
                    errors.push(Diagnostic::new(f.span, msg));
                    Value::None
                }));
            }
            let mut func = Function::new(&f.name, f.nparams, f.local_names, f.span);
            func.consts = consts;
            func.code = f.code;
            func.spans = f.spans;
            func.nkwonly = f.nkwonly;
            func.nposonly = f.nposonly;
            func.flags = f.flags;
            func.cells = f.cells;
            func.frees = f.frees;
            func.handlers = f.handlers;
            func.source = f.source;
            functions.push(func);
        }
        let mut globals = Vec::with_capacity(self.globals.len());
        for GlobalImage { name, init, span } in self.globals {
            let init = init.value().unwrap_or_else(|kind| {
                let msg = format!("global '{name}' is a {kind}, not a constant");
                errors.push(Diagnostic::new(span, msg));
                Value::None
            });
            globals.push(Global { name, init, span });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|d| (d.span.line, d.span.col));
            let (file, lines) = (self.file, self.lines);
            return Err(Diagnostics {
                file,
                errors,
                lines,
            });
        }
        Program::linked(
            &self.file,
            self.lines,
            functions,
            globals,
            self.sources,
            self.modules,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(p: &Program) -> Program {
        let json = serde_json::to_string(&p.image()).unwrap();
        let image: ProgramImage = serde_json::from_str(&json).unwrap();
        image.build().unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn every_sample_round_trips_through_json() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/programs");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let (file, text) = (
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            );
            let p = match path.extension().and_then(|e| e.to_str()) {
                Some("pyasm") => crate::asm::assemble(&file, &text),
                // The CPython stand-in for CALL_NATIVE, not a gilsim program.
                Some("py") if !file.ends_with("gilsim_native.py") => {
                    crate::py::compile_source(&file, &text)
                }
                _ => continue,
            };
            let p = p.unwrap_or_else(|d| panic!("{d}"));
            let q = round_trip(&p);
            assert!(p.same_code(&q) && p.file() == q.file(), "{file}");
            assert_eq!(p.image(), q.image(), "{file}: spans or lines differ");
            for line in 0..=text.lines().count() as u32 + 1 {
                assert_eq!(p.source_line(line), q.source_line(line));
            }
            n += 1;
        }
        assert!(n >= 20, "only {n} samples");
    }

    /// A one-function program with a float constant and a float global.
    fn tiny() -> ProgramImage {
        let src = ".global g = 1.5\n.func main(n)\n    LOAD_CONST 2.5\n    RETURN_VALUE\n.end\n";
        crate::asm::assemble("tiny.pyasm", src).unwrap().image()
    }

    fn rejected(tamper: impl FnOnce(&mut ProgramImage), needle: &str) {
        let mut image = tiny();
        tamper(&mut image);
        let d = image.build().expect_err("tampered");
        assert!(d.errors.iter().any(|e| e.message.contains(needle)), "{d}");
    }

    #[test]
    fn floats_round_trip_bit_exactly() {
        let nan_payload = f64::from_bits(0x7ff0_0000_dead_beef);
        for x in [
            f64::NAN,
            -f64::NAN,
            nan_payload,
            f64::INFINITY,
            -f64::INFINITY,
            -0.0,
            5e-324,
        ] {
            let mut image = tiny();
            image.functions[0].consts[0] = Const::of(&Value::Float(x));
            image.globals[0].init = Const::of(&Value::Float(x));
            let q = round_trip(&image.build().unwrap());
            for v in [&q.functions()[0].consts[0], &q.globals()[0].init] {
                assert!(
                    matches!(v, Value::Float(y) if y.to_bits() == x.to_bits()),
                    "{v:?}"
                );
            }
        }
    }

    #[test]
    fn tampered_images_are_rejected_with_diagnostics() {
        let ops = [
            (Op::JumpForward(99), "jump target 99 is past the end"),
            (Op::LoadFast(7), "local index 7 out of range"),
            (Op::LoadConst(1), "constant index 1 out of range"),
            (Op::LoadGlobal(1), "global index 1 out of range"),
            (Op::ReturnValue, "stack underflow"),
        ];
        for (op, needle) in ops {
            rejected(|i| i.functions[0].code[0] = op, needle);
        }
        rejected(|i| i.functions[0].local_names.clear(), "fewer locals than");
        rejected(
            |i| i.functions[0].spans.truncate(1),
            "1 source positions for 2",
        );
        for v in [Value::Thread(1), Value::Lock(2)] {
            let c = Const::of(&v);
            rejected(
                |i| i.functions[0].consts[0] = c.clone(),
                "constant 0 of 'main' is a",
            );
            rejected(|i| i.globals[0].init = c, "global 'g' is a");
        }
        // A global may start unbound (a module's names before its code
        // runs); a constant may not.
        rejected(
            |i| i.functions[0].consts[0] = Const::of(&Value::Unbound),
            "constant 0 of 'main' is a unbound",
        );
        let json = serde_json::to_string(&tiny()).unwrap();
        let json = json.replace(r#"{"Float":4609434218613702656}"#, r#"{"Invalid":"lock"}"#);
        let from_json = |i: &mut ProgramImage| *i = serde_json::from_str(&json).unwrap();
        rejected(from_json, "global 'g' is a lock, not a constant");
    }

    #[test]
    fn garbage_json_is_a_serde_error() {
        let good = serde_json::to_string(&tiny()).unwrap();
        let edits = [
            ("4612811918334230528", "2.5"),
            ("\"ReturnValue\"", "\"ReturnTwice\""),
            ("\"nparams\":1", "\"nparams\":70000"),
        ];
        let mut bad: Vec<String> = edits.iter().map(|(a, b)| good.replace(a, b)).collect();
        assert!(bad.iter().all(|b| *b != good), "every edit applies");
        bad.extend(["", "not json", "{}", "[1]", &good[..good.len() / 2]].map(String::from));
        for text in bad {
            assert!(
                serde_json::from_str::<ProgramImage>(&text).is_err(),
                "{text}"
            );
        }
    }
}
