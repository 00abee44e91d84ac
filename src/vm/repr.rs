//! `repr()` and `str()` of values, as CPython writes them. One routine
//! walks containers; what an instance shows is asked of a hook, so the
//! interpreter can run a class's `__repr__` while this module stays free of
//! it. Self-containing lists and dicts print `[...]` / `{...}`.

use super::object::{exc, Object};
use super::trap::TrapKind;
use super::value::{float_repr, Value};
use std::fmt::Write;

/// What to do with an instance (or class) met while writing a repr: return
/// its text, or `None` for the default `<__main__.X object at 0x...>`.
pub type Hook<'a> = dyn FnMut(&Value) -> Result<Option<String>, TrapKind> + 'a;

/// Python's `repr(s)` of a string: single quotes unless the text has a
/// single quote and no double one; escapes for backslash, control and
/// non-printable characters.
pub fn str_literal(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// `repr(v)` without calling Python code.
pub fn repr_plain(v: &Value) -> String {
    repr_with(v, &mut |_| Ok(None)).unwrap_or_else(|_| "<?>".into())
}

/// `str(v)` without calling Python code.
pub fn str_plain(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Instance(i) if i.class.is_exception => {
            let t = exc::plain_text(v);
            match t.split_once(": ") {
                Some((_, m)) => m.to_string(),
                None => String::new(),
            }
        }
        other => repr_plain(other),
    }
}

/// `repr(v)`, asking `hook` about instances.
pub fn repr_with(v: &Value, hook: &mut Hook<'_>) -> Result<String, TrapKind> {
    let mut out = String::new();
    let mut seen = Vec::new();
    write_repr(&mut out, v, hook, &mut seen)?;
    Ok(out)
}

fn write_seq(
    out: &mut String,
    items: &[Value],
    open: &str,
    close: &str,
    hook: &mut Hook<'_>,
    seen: &mut Vec<u64>,
) -> Result<(), TrapKind> {
    out.push_str(open);
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(out, x, hook, seen)?;
    }
    out.push_str(close);
    Ok(())
}

fn write_repr(
    out: &mut String,
    v: &Value,
    hook: &mut Hook<'_>,
    seen: &mut Vec<u64>,
) -> Result<(), TrapKind> {
    if seen.len() > 1000 {
        return Err(TrapKind::Recursion(1000));
    }
    match v {
        Value::Str(s) => out.push_str(&str_literal(s)),
        Value::Float(f) => out.push_str(&float_repr(*f)),
        Value::Tuple(t) => {
            if t.len() == 1 {
                out.push('(');
                write_repr(out, &t[0], hook, seen)?;
                out.push_str(",)");
            } else {
                write_seq(out, t, "(", ")", hook, seen)?;
            }
        }
        Value::List(l) => {
            let id = v.identity();
            if seen.contains(&id) {
                out.push_str("[...]");
                return Ok(());
            }
            let items = l.snapshot();
            seen.push(id);
            let r = write_seq(out, &items, "[", "]", hook, seen);
            seen.pop();
            r?;
        }
        Value::Dict(d) => {
            let id = v.identity();
            if seen.contains(&id) {
                out.push_str("{...}");
                return Ok(());
            }
            let entries: Vec<(Value, Value)> = d
                .map
                .lock()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            seen.push(id);
            out.push('{');
            for (i, (k, x)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, k, hook, seen)?;
                out.push_str(": ");
                write_repr(out, x, hook, seen)?;
            }
            out.push('}');
            seen.pop();
        }
        Value::Instance(_) | Value::Class(_) => match hook(v)? {
            Some(s) => out.push_str(&s),
            None => out.push_str(&default_repr(v)),
        },
        Value::Obj(o) => match &**o {
            Object::Set { map, frozen } => {
                let items: Vec<Value> = map.map.lock().keys().cloned().collect();
                let items = super::object::dict::set_order(items);
                match (items.is_empty(), frozen) {
                    (true, false) => out.push_str("set()"),
                    (true, true) => out.push_str("frozenset()"),
                    (false, false) => write_seq(out, &items, "{", "}", hook, seen)?,
                    (false, true) => write_seq(out, &items, "frozenset({", "})", hook, seen)?,
                }
            }
            Object::Range(r) => {
                if r.step == 1 {
                    let _ = write!(out, "range({}, {})", r.start, r.stop);
                } else {
                    let _ = write!(out, "range({}, {}, {})", r.start, r.stop, r.step);
                }
            }
            Object::Slice(a, b, c) => {
                out.push_str("slice(");
                write_repr(out, a, hook, seen)?;
                out.push_str(", ");
                write_repr(out, b, hook, seen)?;
                out.push_str(", ");
                write_repr(out, c, hook, seen)?;
                out.push(')');
            }
            Object::Bytes(b) => out.push_str(&bytes_literal(b)),
            Object::Bound { obj, func } => {
                let name = match func {
                    Value::Func(f) => f.name.to_string(),
                    Value::Native(n) => n.name.to_string(),
                    _ => "?".into(),
                };
                let owner = match obj {
                    Value::Instance(i) => format!("{}.{}", i.class.name, name),
                    _ => name,
                };
                let _ = write!(out, "<bound method {owner} of ");
                write_repr(out, obj, hook, seen)?;
                out.push('>');
            }
            Object::Module(m) => {
                let _ = write!(out, "<module '{}' (built-in)>", m.name);
            }
            Object::PyModule { name, .. } => {
                // A package's file is its `__init__.py`, as CPython shows.
                let file = crate::stdlib::MODULES
                    .iter()
                    .find(|(n, _, _)| **n == **name)
                    .map_or_else(|| format!("{}.py", name.replace('.', "/")), |m| m.1.into());
                let _ = write!(out, "<module '{name}' from '<gilsim stdlib>/{file}'>");
            }
            Object::Generator(g) | Object::Coroutine(g) | Object::AsyncGen(g) => {
                let _ = write!(
                    out,
                    "<{} object {} at {:#x}>",
                    o.type_name(),
                    g.qualname,
                    g.id
                );
            }
            Object::NativeBound { obj, func } => {
                let _ = write!(
                    out,
                    "<built-in method {} of {} object at {:#x}>",
                    func.name,
                    obj.type_name(),
                    obj.identity()
                );
            }
            other => {
                let _ = write!(out, "<{} object at {:#x}>", other.type_name(), v.identity());
            }
        },
        Value::Func(f) => {
            let _ = write!(out, "<function {} at {:#x}>", f.name, v.identity());
        }
        Value::Native(n) => match n.ty {
            Some(_) => {
                let _ = write!(out, "<class '{}'>", n.name);
            }
            None => {
                let _ = write!(out, "<built-in function {}>", n.name);
            }
        },
        other => {
            let _ = write!(out, "{other}");
        }
    }
    Ok(())
}

/// `<__main__.X object at 0x...>` or `<class '__main__.X'>`.
pub fn default_repr(v: &Value) -> String {
    match v {
        Value::Instance(i) if i.class.is_exception => {
            let args = exc::args_of(v);
            let inner = match args.as_slice() {
                [a] => repr_plain(a),
                many => {
                    let t = repr_plain(&Value::tuple(many.to_vec()));
                    t[1..t.len() - 1].to_string()
                }
            };
            format!("{}({inner})", i.class.name)
        }
        Value::Instance(i) => format!(
            "<{}.{} object at {:#x}>",
            i.class
                .module()
                .map_or("__main__".into(), |m| m.to_string()),
            i.class.name,
            v.identity()
        ),
        Value::Class(c) if c.is_exception && is_builtin_exc(c) => format!("<class '{}'>", c.name),
        Value::Class(c) if &*c.name == "object" => "<class 'object'>".into(),
        Value::Class(c) => format!(
            "<class '{}.{}'>",
            c.module().map_or("__main__".into(), |m| m.to_string()),
            c.name
        ),
        other => repr_plain(other),
    }
}

fn is_builtin_exc(c: &std::sync::Arc<super::object::ClassObj>) -> bool {
    exc::classes().iter().any(|b| std::sync::Arc::ptr_eq(b, c))
}

/// `repr(b)` of bytes: `b'...'` with CPython's escapes.
pub fn bytes_literal(b: &[u8]) -> String {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(q);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == q => {
                out.push('\\');
                out.push(q);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(q);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::object::List;

    #[test]
    fn strings_choose_quotes_like_cpython() {
        assert_eq!(str_literal("a"), "'a'");
        assert_eq!(str_literal("it's"), "\"it's\"");
        assert_eq!(str_literal("'\""), "'\\'\"'");
        assert_eq!(str_literal("a\nb\\"), "'a\\nb\\\\'");
    }

    #[test]
    fn containers_nest_and_self_reference() {
        let l = List::value(vec![Value::Int(1), Value::str("x")]);
        let t = Value::tuple(vec![Value::Float(0.5)]);
        if let Value::List(inner) = &l {
            inner.items.lock().push(t);
            inner.items.lock().push(l.clone());
        }
        assert_eq!(repr_plain(&l), "[1, 'x', (0.5,), [...]]");
    }
}
