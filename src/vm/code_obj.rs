//! Introspection of callables: a function's `__code__` (a read-only code
//! object with CPython's `co_*` fields, enough for
//! `asyncio.iscoroutinefunction` and `inspect`-style checks), its
//! `__qualname__` and defaults, and a bound method's `__self__`,
//! `__func__`, `__name__` and `__qualname__`.

use super::interp::Interp;
use super::object::{FuncObj, Object};
use super::trap::TrapKind;
use super::value::Value;
use crate::bytecode::program::{
    FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_GENERATOR, FLAG_VARARGS, FLAG_VARKW,
};
use crate::bytecode::Function;

/// CPython's `co_flags` bits.
pub const CO_OPTIMIZED: i64 = 0x1;
/// `CO_NEWLOCALS`.
pub const CO_NEWLOCALS: i64 = 0x2;
/// `CO_VARARGS`: `*args`.
pub const CO_VARARGS: i64 = 0x4;
/// `CO_VARKEYWORDS`: `**kwargs`.
pub const CO_VARKEYWORDS: i64 = 0x8;
/// `CO_NESTED`: defined inside another function.
pub const CO_NESTED: i64 = 0x10;
/// `CO_GENERATOR`.
pub const CO_GENERATOR: i64 = 0x20;
/// `CO_COROUTINE`.
pub const CO_COROUTINE: i64 = 0x80;
/// `CO_ASYNC_GENERATOR`.
pub const CO_ASYNC_GENERATOR: i64 = 0x200;

/// `co_flags` of a function's code, as CPython computes them.
pub fn co_flags(f: &Function) -> i64 {
    let mut flags = CO_OPTIMIZED | CO_NEWLOCALS;
    if f.flags & FLAG_VARARGS != 0 {
        flags |= CO_VARARGS;
    }
    if f.flags & FLAG_VARKW != 0 {
        flags |= CO_VARKEYWORDS;
    }
    if f.name.contains("<locals>") {
        flags |= CO_NESTED;
    }
    if f.flags & FLAG_GENERATOR != 0 {
        flags |= CO_GENERATOR;
    }
    if f.flags & FLAG_COROUTINE != 0 {
        flags |= CO_COROUTINE;
    }
    if f.flags & FLAG_ASYNC_GENERATOR != 0 {
        flags |= CO_ASYNC_GENERATOR;
    }
    flags
}

/// `co_varnames`: the parameters in CPython's order (positional,
/// keyword-only, `*args`, `**kwargs`), then the other locals that are
/// neither cells nor free variables (the compiler's hidden temporaries,
/// named with a leading `.`, left out).
fn co_varnames(f: &Function) -> Vec<Value> {
    let np = f.nparams as usize + f.nkwonly as usize;
    let nargs = f.nargs_total().min(f.local_names.len());
    let mut order: Vec<usize> = (0..np.min(nargs)).collect();
    order.extend(np..nargs);
    let mut names: Vec<Value> = order
        .iter()
        .map(|&i| Value::str(f.local_names[i].clone()))
        .collect();
    for (i, n) in f.local_names.iter().enumerate().skip(nargs) {
        let captured = f.cells.contains(&(i as u32)) || f.frees.contains(&(i as u32));
        if !captured && !n.starts_with('.') {
            names.push(Value::str(n.clone()));
        }
    }
    names
}

impl Interp {
    /// `code.name` for a code object of function `code`.
    pub(crate) fn code_attr(&mut self, o: &Value, code: u32, name: &str) -> Option<Value> {
        let prog = std::sync::Arc::clone(&self.program);
        let f = prog.functions().get(code as usize)?;
        let short = || f.name.rsplit('.').next().unwrap_or(&f.name).to_string();
        Some(match name {
            "co_flags" => Value::Int(co_flags(f)),
            "co_name" => Value::str(short()),
            "co_qualname" => Value::str(prog.qualname(code)),
            "co_argcount" => Value::Int(f.nparams as i64),
            "co_posonlyargcount" => Value::Int(f.nposonly as i64),
            "co_kwonlyargcount" => Value::Int(f.nkwonly as i64),
            "co_varnames" => Value::tuple(co_varnames(f)),
            "co_nlocals" => Value::Int(co_varnames(f).len() as i64),
            "co_filename" => Value::str(prog.file_of(f)),
            "co_firstlineno" => Value::Int(f.span.line as i64),
            _ => {
                let _ = o;
                return None;
            }
        })
    }

    /// `f.name` for the attributes a function has besides the ones set on it.
    pub(crate) fn func_attr(&mut self, f: &FuncObj, name: &str) -> Option<Value> {
        Some(match name {
            "__name__" => Value::str(f.name.to_string()),
            "__qualname__" => Value::str(self.program.qualname(f.code)),
            "__code__" => Value::obj(Object::Code(f.code)),
            "__defaults__" if f.defaults.is_empty() => Value::None,
            "__defaults__" => Value::tuple(f.defaults.clone()),
            "__kwdefaults__" if f.kwdefaults.is_empty() => Value::None,
            "__kwdefaults__" => {
                let mut m = super::object::DictMap::default();
                for (k, v) in &f.kwdefaults {
                    m.insert(Value::str(k.to_string()), v.clone()).ok()?;
                }
                super::object::Dict::value(m)
            }
            _ => return None,
        })
    }

    /// `m.name` for a bound method: its receiver and function, then the
    /// function's attributes (as CPython's method objects forward them).
    pub(crate) fn bound_attr(
        &mut self,
        o: &Value,
        obj: &Value,
        func: &Value,
        name: &str,
    ) -> Result<Value, TrapKind> {
        match name {
            "__self__" => Ok(obj.clone()),
            "__func__" => Ok(func.clone()),
            // (CPython's error then names the function: `'function'
            // object has no attribute ...`.)
            _ => {
                let _ = o;
                self.getattr(func, name)
            }
        }
    }
}
