//! `str.format` and `str.format_map`: the replacement-field parser
//! (`{name.attr[key]!r:spec}`), automatic and manual numbering, and the
//! attribute and item lookups a field name makes, with CPython 3.11's
//! error messages.

use super::format::{conversion, format_value, value_error, Kwargs};
use super::interp::Interp;
use super::object::{exc, Object};
use super::trap::TrapKind;
use super::value::Value;

/// Automatic (`{}`) versus manual (`{0}`) field numbering.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Unset,
    Auto(i64),
    Manual,
}

/// `fmt.format(*args, **kwargs)`; `args` is `None` for `format_map`,
/// where positional fields are an error.
pub fn str_format(
    vm: &mut Interp,
    fmt: &str,
    args: Option<&[Value]>,
    kwargs: Kwargs<'_>,
) -> Result<String, TrapKind> {
    let mut st = Formatter {
        vm,
        args,
        kwargs,
        numbering: Numbering::Unset,
    };
    st.build(fmt, 2)
}

struct Formatter<'v, 'a> {
    vm: &'v mut Interp,
    args: Option<&'a [Value]>,
    kwargs: Kwargs<'a>,
    numbering: Numbering,
}

/// The digits-only integer of a field name part, `None` if not all digits.
fn field_integer(s: &str) -> Result<Option<i64>, TrapKind> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| value_error("Too many decimal digits in format string"))
}

impl Formatter<'_, '_> {
    /// CPython's `build_string` / `MarkupIterator`: literal text, `{{`
    /// and `}}`, and replacement fields, `depth` levels of nested specs.
    fn build(&mut self, s: &str, depth: i32) -> Result<String, TrapKind> {
        if depth <= 0 {
            return Err(value_error("Max string recursion exceeded"));
        }
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < b.len() {
            let start = i;
            let mut c = 0u8;
            let mut markup = false;
            while i < b.len() {
                c = b[i];
                i += 1;
                if c == b'{' || c == b'}' {
                    markup = true;
                    break;
                }
            }
            let at_end = i >= b.len();
            if c == b'}' && (at_end || b[i] != b'}') {
                return Err(value_error("Single '}' encountered in format string"));
            }
            if at_end && c == b'{' {
                return Err(value_error("Single '{' encountered in format string"));
            }
            if !markup {
                out.push_str(&s[start..]);
                break;
            }
            if b[i] == c {
                out.push_str(&s[start..i]);
                i += 1;
                continue;
            }
            out.push_str(&s[start..i - 1]);
            i = self.field(s, i, depth, &mut out)?;
        }
        Ok(out)
    }

    /// Parses and renders the field starting at byte `i` (after its `{`);
    /// returns the position after its closing `}`.
    fn field(
        &mut self,
        s: &str,
        mut i: usize,
        depth: i32,
        out: &mut String,
    ) -> Result<usize, TrapKind> {
        let b = s.as_bytes();
        let name_start = i;
        let mut c = 0u8;
        while i < b.len() {
            c = b[i];
            i += 1;
            match c {
                b'{' => return Err(value_error("unexpected '{' in field name")),
                b'[' => {
                    while i < b.len() && b[i] != b']' {
                        i += 1;
                    }
                }
                b'}' | b':' | b'!' => break,
                _ => {}
            }
        }
        // Every delimiter breaks the loop: any other last character means
        // the string ended inside the field name.
        if !matches!(c, b'}' | b':' | b'!') {
            return Err(value_error("expected '}' before end of string"));
        }
        let name = &s[name_start..i - 1];
        let mut conv = None;
        let mut spec = "";
        let mut expand = false;
        if c == b'!' || c == b':' {
            let mut has_spec = true;
            if c == b'!' {
                let Some(ch) = s[i..].chars().next() else {
                    return Err(value_error(
                        "end of string while looking for conversion specifier",
                    ));
                };
                conv = Some(ch);
                i += ch.len_utf8();
                if i < b.len() {
                    let next = b[i];
                    i += 1;
                    if next == b'}' {
                        has_spec = false;
                    } else if next != b':' {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                }
            }
            if has_spec {
                let spec_start = i;
                let mut count = 1;
                loop {
                    let Some(&ch) = b.get(i) else {
                        return Err(value_error("unmatched '{' in format spec"));
                    };
                    i += 1;
                    if ch == b'{' {
                        expand = true;
                        count += 1;
                    } else if ch == b'}' {
                        count -= 1;
                        if count == 0 {
                            spec = &s[spec_start..i - 1];
                            break;
                        }
                    }
                }
            }
        }
        let obj = self.field_object(name)?;
        let obj = match conv {
            Some(c) => Value::str(conversion(self.vm, &obj, c)?),
            None => obj,
        };
        let text = if expand {
            let spec = self.build(spec, depth - 1)?;
            format_value(self.vm, &obj, &spec)?
        } else {
            format_value(self.vm, &obj, spec)?
        };
        out.push_str(&text);
        Ok(i)
    }

    /// The object a field name (`0`, `name`, `0.attr[key]`) stands for.
    fn field_object(&mut self, name: &str) -> Result<Value, TrapKind> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let first = &name[..first_end];
        let index = field_integer(first)?;
        let numeric = first.is_empty() || index.is_some();
        if numeric {
            if self.numbering == Numbering::Unset {
                self.numbering = if first.is_empty() {
                    Numbering::Auto(0)
                } else {
                    Numbering::Manual
                };
            }
            match (self.numbering, first.is_empty()) {
                (Numbering::Manual, true) => return Err(value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )),
                (Numbering::Auto(_), false) => return Err(value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                )),
                _ => {}
            }
        }
        let mut obj = if numeric {
            let idx = match (index, self.numbering) {
                (Some(i), _) => i,
                (None, Numbering::Auto(n)) => {
                    self.numbering = Numbering::Auto(n + 1);
                    n
                }
                _ => 0,
            };
            let Some(args) = self.args else {
                return Err(value_error("Format string contains positional fields"));
            };
            match args.get(idx as usize) {
                Some(v) => v.clone(),
                None => {
                    return Err(TrapKind::Builtin(
                        "IndexError",
                        format!("Replacement index {idx} out of range for positional args tuple"),
                    ))
                }
            }
        } else {
            match self.kwargs {
                Kwargs::Pairs(kw) => match kw.iter().find(|(k, _)| &**k == first) {
                    Some((_, v)) => v.clone(),
                    None => return Err(exc::raise("KeyError", vec![Value::str(first)])),
                },
                Kwargs::Map(m) => getitem(self.vm, m, &Value::str(first))?,
            }
        };
        let rest = &name[first_end..];
        let rb = rest.as_bytes();
        let mut i = 0;
        while i < rb.len() {
            let c = rb[i];
            i += 1;
            let start = i;
            let part = match c {
                b'.' => {
                    while i < rb.len() && rb[i] != b'.' && rb[i] != b'[' {
                        i += 1;
                    }
                    &rest[start..i]
                }
                b'[' => {
                    while i < rb.len() && rb[i] != b']' {
                        i += 1;
                    }
                    if i >= rb.len() {
                        return Err(value_error("Missing ']' in format string"));
                    }
                    i += 1;
                    &rest[start..i - 1]
                }
                _ => {
                    return Err(value_error(
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ))
                }
            };
            if part.is_empty() {
                return Err(value_error("Empty attribute in format string"));
            }
            obj = if c == b'.' {
                getattr(&obj, part)?
            } else {
                let key = match field_integer(part)? {
                    Some(n) => Value::Int(n),
                    None => Value::str(part),
                };
                getitem(self.vm, &obj, &key)?
            };
        }
        Ok(obj)
    }
}

/// `obj.name` for the objects whose attributes are plain data: instances
/// (their own attributes, then the class's), classes and modules.
fn getattr(obj: &Value, name: &str) -> Result<Value, TrapKind> {
    let found = match obj {
        Value::Instance(i) => {
            let own = i.attrs.lock().get(name).cloned();
            own.or_else(|| {
                i.class.lookup(name).map(|f| match f {
                    Value::Func(_) => Value::obj(Object::Bound {
                        obj: obj.clone(),
                        func: f,
                    }),
                    other => other,
                })
            })
        }
        Value::Class(c) => c.lookup(name),
        Value::Obj(o) => match &**o {
            Object::Module(m) => m
                .attrs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone()),
            _ => None,
        },
        _ => None,
    };
    found.ok_or_else(|| {
        TrapKind::Builtin(
            "AttributeError",
            format!("'{}' object has no attribute '{name}'", obj.class_name()),
        )
    })
}

/// `obj[key]` for the builtin containers (and instances with
/// `__getitem__`), with CPython's errors.
pub fn getitem(vm: &mut Interp, obj: &Value, key: &Value) -> Result<Value, TrapKind> {
    let index_error =
        |what: &str| TrapKind::Builtin("IndexError", format!("{what} index out of range"));
    match (obj, key) {
        (Value::List(l), Value::Int(i)) => {
            let items = l.items.lock();
            let i = if *i < 0 { *i + items.len() as i64 } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i).cloned())
                .ok_or_else(|| index_error("list"))
        }
        (Value::Tuple(t), Value::Int(i)) => {
            let i = if *i < 0 { *i + t.len() as i64 } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| t.get(i).cloned())
                .ok_or_else(|| index_error("tuple"))
        }
        (Value::Str(s), Value::Int(i)) => {
            let n = s.chars().count() as i64;
            let i = if *i < 0 { *i + n } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| s.chars().nth(i))
                .map(|c| Value::str(c.to_string()))
                .ok_or_else(|| index_error("string"))
        }
        (Value::List(_) | Value::Tuple(_), k) => Err(TrapKind::Type(format!(
            "{} indices must be integers or slices, not {}",
            obj.type_name(),
            k.class_name()
        ))),
        (Value::Str(_), k) => Err(TrapKind::Type(format!(
            "string indices must be integers, not '{}'",
            k.class_name()
        ))),
        (Value::Dict(d), k) => {
            let found = d.map.lock().get(k)?.cloned();
            found.ok_or_else(|| exc::raise("KeyError", vec![k.clone()]))
        }
        (Value::Instance(_), k) => match vm.call_dunder(obj, "__getitem__", vec![k.clone()])? {
            Some(v) => Ok(v),
            None => Err(not_subscriptable(obj)),
        },
        _ => Err(not_subscriptable(obj)),
    }
}

fn not_subscriptable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("'{}' object is not subscriptable", v.class_name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_integers_are_digits_only() {
        assert_eq!(field_integer("12"), Ok(Some(12)));
        assert_eq!(field_integer("-1"), Ok(None));
        assert_eq!(field_integer(""), Ok(None));
        assert_eq!(field_integer("1a"), Ok(None));
        assert_eq!(
            field_integer("99999999999999999999"),
            Err(value_error("Too many decimal digits in format string"))
        );
    }
}
