//! Formatting values: `format(v, spec)` and f-string replacement fields
//! ([`format_value`], [`conversion`]), `str.format` / `str.format_map`
//! ([`str_format`]) and `%`-formatting ([`percent`]), with CPython 3.11's
//! results and error messages. The spec mini-language and the digit work
//! live in [`super::format_num`]; this module dispatches on values and
//! calls back into Python (`__format__`, `__str__`, `__repr__`) through
//! the interpreter.

use super::format_num::{self as num, parse_spec, PctFlags};
use super::interp::Interp;
use super::object::{exc, Object};
use super::trap::TrapKind;
use super::value::{float_repr, Value};
use std::sync::Arc;

fn value_error(msg: impl Into<String>) -> TrapKind {
    TrapKind::Builtin("ValueError", msg.into())
}

/// `format(v, spec)`: what `FORMAT_VALUE` with a spec and the builtin
/// `format` compute. Instances use their class's `__format__` if it has
/// one; other objects accept only an empty spec (then `str(v)`).
pub fn format_value(vm: &mut Interp, v: &Value, spec: &str) -> Result<String, TrapKind> {
    match v {
        Value::Str(s) if spec.is_empty() => Ok(s.to_string()),
        Value::Str(s) => num::format_str(s, &parse_spec(spec, 's', '<', "str")?),
        Value::Int(i) if spec.is_empty() => Ok(i.to_string()),
        Value::Int(i) => num::format_int(*i, &parse_spec(spec, 'd', '>', "int")?, "int"),
        Value::Bool(b) if spec.is_empty() => Ok(if *b { "True" } else { "False" }.into()),
        Value::Bool(b) => num::format_int(*b as i64, &parse_spec(spec, 'd', '>', "bool")?, "bool"),
        Value::Float(x) if spec.is_empty() => Ok(float_repr(*x)),
        Value::Float(x) => num::format_float(*x, &parse_spec(spec, '\0', '>', "float")?, "float"),
        Value::Instance(_) => match vm.call_dunder(v, "__format__", vec![Value::str(spec)])? {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(TrapKind::Type(format!(
                "__format__ must return a str, not {}",
                other.class_name()
            ))),
            None => object_format(vm, v, spec),
        },
        _ => object_format(vm, v, spec),
    }
}

/// `object.__format__`: `str(v)` for an empty spec, else a `TypeError`.
fn object_format(vm: &mut Interp, v: &Value, spec: &str) -> Result<String, TrapKind> {
    if !spec.is_empty() {
        return Err(TrapKind::Type(format!(
            "unsupported format string passed to {}.__format__",
            v.class_name()
        )));
    }
    vm.str(v)
}

/// The `!r`, `!s` and `!a` conversions of f-strings and `str.format`.
pub fn conversion(vm: &mut Interp, v: &Value, c: char) -> Result<String, TrapKind> {
    match c {
        'r' => vm.repr(v),
        's' => vm.str(v),
        'a' => Ok(ascii_escape(&vm.repr(v)?)),
        c if (c as u32) > 32 && (c as u32) < 127 => {
            Err(value_error(format!("Unknown conversion specifier {c}")))
        }
        c => Err(value_error(format!(
            "Unknown conversion specifier \\x{:x}",
            c as u32
        ))),
    }
}

/// `ascii()` of a repr: non-ASCII characters as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// Where `str.format` finds named fields: the call's keyword arguments,
/// or `format_map`'s mapping.
#[derive(Clone, Copy)]
pub enum Kwargs<'a> {
    /// `str.format(**kwargs)`.
    Pairs(&'a [(Arc<str>, Value)]),
    /// `str.format_map(mapping)`.
    Map(&'a Value),
}

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

/// The argument source of a `%` format: a tuple's items in turn, or one
/// value used once (also after a `%(key)` lookup).
enum PctArgs {
    Tuple(Arc<Vec<Value>>, usize),
    Single(Value, bool),
}

impl PctArgs {
    fn next(&mut self) -> Result<Value, TrapKind> {
        let v = match self {
            PctArgs::Tuple(t, i) if *i < t.len() => {
                *i += 1;
                Some(t[*i - 1].clone())
            }
            PctArgs::Single(v, used @ false) => {
                *used = true;
                Some(v.clone())
            }
            _ => None,
        };
        v.ok_or_else(|| TrapKind::Type("not enough arguments for format string".into()))
    }

    fn all_used(&self) -> bool {
        match self {
            PctArgs::Tuple(t, i) => *i >= t.len(),
            PctArgs::Single(_, used) => *used,
        }
    }
}

/// `fmt % args`: `args` a tuple (one value per conversion), a mapping
/// (for `%(name)s`), or any single value.
pub fn percent(vm: &mut Interp, fmt: &str, args: &Value) -> Result<String, TrapKind> {
    let mapping = match args {
        Value::Dict(_) | Value::List(_) => true,
        Value::Instance(i) => i.class.lookup("__getitem__").is_some(),
        _ => false,
    };
    let mut src = match args {
        Value::Tuple(t) => PctArgs::Tuple(Arc::clone(t), 0),
        other => PctArgs::Single(other.clone(), false),
    };
    let chars: Vec<char> = fmt.chars().collect();
    let n = chars.len();
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut i = 0;
    let incomplete = || value_error("incomplete format");
    while i < n {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        if chars.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let next = |i: &mut usize| -> Result<char, TrapKind> {
            let c = chars.get(*i).copied().ok_or_else(incomplete)?;
            *i += 1;
            Ok(c)
        };
        if chars.get(i) == Some(&'(') {
            if !mapping {
                return Err(TrapKind::Type("format requires a mapping".into()));
            }
            i += 1;
            let key_start = i;
            let mut depth = 1;
            while depth > 0 {
                match chars.get(i) {
                    None => return Err(value_error("incomplete format key")),
                    Some(')') => depth -= 1,
                    Some('(') => depth += 1,
                    _ => {}
                }
                i += 1;
            }
            let key: String = chars[key_start..i - 1].iter().collect();
            src = PctArgs::Single(getitem(vm, args, &Value::str(key))?, false);
        }
        let mut f = PctFlags::default();
        let mut c = next(&mut i)?;
        loop {
            match c {
                '-' => f.ljust = true,
                '+' => f.sign = true,
                ' ' => f.blank = true,
                '#' => f.alt = true,
                '0' => f.zero = true,
                _ => break,
            }
            c = next(&mut i)?;
        }
        let mut width = -1i64;
        if c == '*' {
            width = match src.next()? {
                Value::Int(w) => w,
                Value::Bool(b) => b as i64,
                _ => return Err(TrapKind::Type("* wants int".into())),
            };
            if width < 0 {
                f.ljust = true;
                width = width.saturating_neg();
            }
            c = next(&mut i)?;
        } else if c.is_ascii_digit() {
            width = 0;
            while c.is_ascii_digit() {
                width = width
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(c as i64 - '0' as i64))
                    .ok_or_else(|| value_error("width too big"))?;
                c = next(&mut i)?;
            }
        }
        let mut prec = -1i64;
        if c == '.' {
            prec = 0;
            c = next(&mut i)?;
            if c == '*' {
                prec = match src.next()? {
                    Value::Int(p) if p > i32::MAX as i64 || p < i32::MIN as i64 => {
                        return Err(TrapKind::Overflow(
                            "Python int too large to convert to C int",
                        ))
                    }
                    Value::Int(p) => p.max(0),
                    Value::Bool(b) => b as i64,
                    _ => return Err(TrapKind::Type("* wants int".into())),
                };
                c = next(&mut i)?;
            } else {
                while c.is_ascii_digit() {
                    prec = prec * 10 + (c as i64 - '0' as i64);
                    if prec > i32::MAX as i64 {
                        return Err(value_error("precision too big"));
                    }
                    c = next(&mut i)?;
                }
            }
        }
        if matches!(c, 'h' | 'l' | 'L') {
            c = next(&mut i)?;
        }
        if width > num::MAX_WIDTH || prec > num::MAX_WIDTH {
            return Err(num::too_big());
        }
        let v = src.next()?;
        let (body, numeric) = percent_convert(vm, &v, c, f, prec, i - 1)?;
        out.push_str(&num::percent_pad(&body, f, width, prec, numeric, c));
    }
    if !mapping && !src.all_used() {
        return Err(TrapKind::Type(
            "not all arguments converted during string formatting".into(),
        ));
    }
    Ok(out)
}

/// One `%` conversion of `v` by type `c` (at character `at` of the
/// format): its text before padding, and whether it is a number.
fn percent_convert(
    vm: &mut Interp,
    v: &Value,
    c: char,
    f: PctFlags,
    prec: i64,
    at: usize,
) -> Result<(String, bool), TrapKind> {
    Ok(match c {
        's' => (vm.str(v)?, false),
        'r' => (vm.repr(v)?, false),
        'a' => (ascii_escape(&vm.repr(v)?), false),
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let (neg, dec) = percent_integer(vm, v, c)?;
            let ty = if matches!(c, 'i' | 'u') { 'd' } else { c };
            (num::percent_int_body(neg, &dec, f.alt, prec, ty), true)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match v {
                Value::Float(x) => *x,
                Value::Int(i) => *i as f64,
                Value::Bool(b) => *b as i64 as f64,
                Value::Instance(_) => match vm.call_dunder(v, "__float__", vec![])? {
                    Some(Value::Float(x)) => x,
                    _ => return Err(real_required(v)),
                },
                _ => return Err(real_required(v)),
            };
            let prec = if prec < 0 { 6 } else { prec as usize };
            let mut body = num::float_body(x.abs(), c.to_ascii_lowercase(), prec, f.alt, false);
            if c.is_ascii_uppercase() {
                body.make_ascii_uppercase();
            }
            if x.is_sign_negative() && !x.is_nan() {
                body.insert(0, '-');
            }
            (body, true)
        }
        'c' => {
            let ch = match v {
                Value::Int(_) | Value::Bool(_) => {
                    let n = if let Value::Int(n) = v {
                        *n
                    } else {
                        v.truthy() as i64
                    };
                    if !(0..=0x10ffff).contains(&n) {
                        return Err(TrapKind::Overflow("%c arg not in range(0x110000)"));
                    }
                    char::from_u32(n as u32).unwrap_or('\u{fffd}')
                }
                Value::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                _ => return Err(TrapKind::Type("%c requires int or char".into())),
            };
            (ch.to_string(), false)
        }
        other => {
            let shown = if (31..=126).contains(&(other as u32)) {
                other
            } else {
                '?'
            };
            return Err(value_error(format!(
                "unsupported format character '{shown}' (0x{:x}) at index {at}",
                other as u32
            )));
        }
    })
}

fn real_required(v: &Value) -> TrapKind {
    TrapKind::Type(format!("must be real number, not {}", v.class_name()))
}

/// The integer a `%d`/`%x` conversion shows: (negative, decimal digits).
/// Floats truncate for `%d` (any size: their digits are exact).
fn percent_integer(vm: &mut Interp, v: &Value, c: char) -> Result<(bool, String), TrapKind> {
    let hex = matches!(c, 'o' | 'x' | 'X');
    let wrong = || {
        TrapKind::Type(if hex {
            format!(
                "%{c} format: an integer is required, not {}",
                v.class_name()
            )
        } else {
            format!(
                "%{c} format: a real number is required, not {}",
                v.class_name()
            )
        })
    };
    let int = |i: i64| (i < 0, i.unsigned_abs().to_string());
    match v {
        Value::Int(i) => Ok(int(*i)),
        Value::Bool(b) => Ok(int(*b as i64)),
        Value::Float(_) if hex => Err(wrong()),
        Value::Float(x) if x.is_nan() => Err(value_error("cannot convert float NaN to integer")),
        Value::Float(x) if x.is_infinite() => Err(TrapKind::Overflow(
            "cannot convert float infinity to integer",
        )),
        Value::Float(x) => {
            let t = x.trunc();
            Ok((t < 0.0, format!("{:.0}", t.abs())))
        }
        Value::Instance(_) => {
            let r = match vm.call_dunder(v, "__index__", vec![])? {
                Some(r) => Some(r),
                None if !hex => vm.call_dunder(v, "__int__", vec![])?,
                None => None,
            };
            match r {
                Some(Value::Int(i)) => Ok(int(i)),
                Some(Value::Bool(b)) => Ok(int(b as i64)),
                _ => Err(wrong()),
            }
        }
        _ => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::num::{percent_pad, PctFlags};
    use super::*;

    #[test]
    fn ascii_escapes_by_width() {
        assert_eq!(ascii_escape("'é€😀'"), "'\\xe9\\u20ac\\U0001f600'");
        assert_eq!(ascii_escape("plain"), "plain");
    }

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

    fn flags(s: &str) -> PctFlags {
        PctFlags {
            ljust: s.contains('-'),
            sign: s.contains('+'),
            blank: s.contains(' '),
            alt: s.contains('#'),
            zero: s.contains('0'),
        }
    }

    #[test]
    fn percent_padding_matches_cpython() {
        // (flags, width, prec, numeric, type, body, what CPython printed)
        let cases: &[(&str, i64, i64, bool, char, &str, &str)] = &[
            ("-0", 5, -1, true, 'd', "-3", "-3   "),
            ("0", 5, -1, true, 'd', "-3", "-0003"),
            ("+", -1, 3, true, 'd', "005", "+005"),
            ("#", -1, 5, true, 'x', "0x000ff", "0x000ff"),
            ("0", 5, -1, true, 'f', "inf", "00inf"),
            ("-", 6, 2, true, 'f', "3.14", "3.14  "),
            (" ", -1, -1, true, 'd', "5", " 5"),
            ("", 3, -1, false, 'c', "x", "  x"),
            ("", -1, 2, false, 's', "abc", "ab"),
            ("", 5, -1, false, 's', "ab", "   ab"),
            ("-", 5, -1, false, 's', "ab", "ab   "),
            ("0", 5, -1, false, 's', "ab", "   ab"),
            ("#", 5, -1, true, 'x', "0xff", " 0xff"),
            ("-#", 8, -1, true, 'x', "0xff", "0xff    "),
            ("+ ", -1, -1, true, 'd', "5", "+5"),
            ("-+", 8, 2, true, 'f', "3.14", "+3.14   "),
            ("0", 8, 2, true, 'f', "-3.14", "-0003.14"),
            ("+0", 8, 2, true, 'f', "3.14", "+0003.14"),
            ("0", 10, 3, true, 'd', "-005", "-000000005"),
            ("#0", 10, -1, true, 'x', "0xff", "0x000000ff"),
            (" 0", 5, -1, true, 'd', "5", " 0005"),
            ("#", -1, -1, true, 'X', "-0XFF", "-0XFF"),
        ];
        for &(fl, w, p, numeric, ty, body, want) in cases {
            assert_eq!(
                percent_pad(body, flags(fl), w, p, numeric, ty),
                want,
                "%{fl}{w}.{p}{ty} of {body:?}"
            );
        }
    }

    #[test]
    fn percent_int_bodies() {
        use super::num::percent_int_body;
        assert_eq!(percent_int_body(false, "255", true, 5, 'x'), "0x000ff");
        assert_eq!(percent_int_body(true, "255", true, -1, 'X'), "-0XFF");
        assert_eq!(percent_int_body(false, "8", true, -1, 'o'), "0o10");
        assert_eq!(percent_int_body(true, "5", false, 3, 'd'), "-005");
        assert_eq!(percent_int_body(false, "0", true, -1, 'x'), "0x0");
        assert_eq!(
            percent_int_body(false, "100000000000000000000", false, -1, 'd'),
            "100000000000000000000"
        );
    }

    /// A dict value for the cases below.
    fn d(items: Vec<(Value, Value)>) -> Value {
        let mut m = crate::vm::object::DictMap::default();
        for (k, v) in items {
            m.insert(k, v).expect("hashable");
        }
        crate::vm::object::Dict::value(m)
    }

    #[test]
    fn percent_matches_cpython() {
        use crate::vm::builtins::core::{l, s, test_vm};
        let mut vm = test_vm();
        // (format, right operand, repr of CPython's result or its error)
        let cases: Vec<(&str, Value, &str)> = vec![
            (
                "%5%",
                Value::tuple(vec![Value::Int(1)]),
                "ValueError: unsupported format character '%' (0x25) at index 2",
            ),
            (
                "%5%",
                Value::tuple(vec![]),
                "TypeError: not enough arguments for format string",
            ),
            ("%-05d", Value::Int(-3), "'-3   '"),
            ("%05d", Value::Int(-3), "'-0003'"),
            ("%+.3d", Value::Int(5), "'+005'"),
            ("%#.5x", Value::Int(255), "'0x000ff'"),
            ("%#o", Value::Int(8), "'0o10'"),
            ("%x", Value::Int(-255), "'-ff'"),
            ("%#X", Value::Int(-255), "'-0XFF'"),
            ("%05f", Value::Float(f64::INFINITY), "'00inf'"),
            ("%-6.2f|", Value::Float(3.14149), "'3.14  |'"),
            ("% d", Value::Int(5), "' 5'"),
            ("%c", Value::Int(65), "'A'"),
            ("%c", s("x"), "'x'"),
            ("%3c", s("x"), "'  x'"),
            ("%.2s", s("abc"), "'ab'"),
            ("%5s", s("ab"), "'   ab'"),
            ("%-5s|", s("ab"), "'ab   |'"),
            ("%r", s("a"), "\"'a'\""),
            ("%a", s("é"), "\"'\\\\xe9'\""),
            (
                "%(a)s %(b)d",
                d(vec![(s("a"), Value::Int(1)), (s("b"), Value::Int(2))]),
                "'1 2'",
            ),
            ("%s", l(vec![Value::Int(1), Value::Int(2)]), "'[1, 2]'"),
            ("x", l(vec![Value::Int(1)]), "'x'"),
            ("x", d(vec![]), "'x'"),
            ("%d", Value::Float(3.7), "'3'"),
            ("%d", Value::Float(-3.7), "'-3'"),
            ("%d", Value::Float(1e+20), "'100000000000000000000'"),
            (
                "%i",
                s("x"),
                "TypeError: %i format: a real number is required, not str",
            ),
            (
                "%u",
                s("x"),
                "TypeError: %u format: a real number is required, not str",
            ),
            (
                "%x",
                s("x"),
                "TypeError: %x format: an integer is required, not str",
            ),
            (
                "%x",
                Value::Float(3.0),
                "TypeError: %x format: an integer is required, not float",
            ),
            ("%f", s("x"), "TypeError: must be real number, not str"),
            ("%c", s("xy"), "TypeError: %c requires int or char"),
            (
                "%c",
                Value::Int(-1),
                "OverflowError: %c arg not in range(0x110000)",
            ),
            (
                "%*d",
                Value::tuple(vec![Value::Int(5), Value::Int(3)]),
                "'    3'",
            ),
            (
                "%-*d|",
                Value::tuple(vec![Value::Int(5), Value::Int(3)]),
                "'3    |'",
            ),
            (
                "%*d|",
                Value::tuple(vec![Value::Int(-5), Value::Int(3)]),
                "'3    |'",
            ),
            (
                "%.*f",
                Value::tuple(vec![Value::Int(2), Value::Float(3.14149)]),
                "'3.14'",
            ),
            (
                "%*d",
                Value::tuple(vec![s("a"), Value::Int(3)]),
                "TypeError: * wants int",
            ),
            (
                "%(a)s %s",
                d(vec![(s("a"), Value::Int(1))]),
                "TypeError: not enough arguments for format string",
            ),
            (
                "%(a)s",
                Value::tuple(vec![Value::Int(1)]),
                "TypeError: format requires a mapping",
            ),
            (
                "%z",
                Value::Int(1),
                "ValueError: unsupported format character 'z' (0x7a) at index 1",
            ),
            (
                "%é",
                Value::Int(1),
                "ValueError: unsupported format character '?' (0xe9) at index 1",
            ),
            ("%", Value::Int(1), "ValueError: incomplete format"),
            (
                "abc",
                Value::Int(5),
                "TypeError: not all arguments converted during string formatting",
            ),
            (
                "%s %s",
                Value::Int(1),
                "TypeError: not enough arguments for format string",
            ),
            ("%d", Value::Bool(true), "'1'"),
            ("%s", Value::Bool(true), "'True'"),
            ("%e", Value::Float(12345.678), "'1.234568e+04'"),
            ("%g", Value::Float(1e-05), "'1e-05'"),
            ("%G", Value::Float(1e+20), "'1E+20'"),
            ("%#g", Value::Float(1.0), "'1.00000'"),
            ("%10.3e", Value::Float(1234.5), "' 1.234e+03'"),
            ("%#x", Value::Int(0), "'0x0'"),
            ("%o", Value::Int(-8), "'-10'"),
            ("%.0f", Value::Float(0.5), "'0'"),
            (
                "%d",
                Value::Float(f64::INFINITY),
                "OverflowError: cannot convert float infinity to integer",
            ),
            (
                "%d",
                Value::Float(f64::NAN),
                "ValueError: cannot convert float NaN to integer",
            ),
            (
                "%(a)",
                d(vec![(s("a"), Value::Int(1))]),
                "ValueError: incomplete format",
            ),
            (
                "%(a",
                d(vec![(s("a"), Value::Int(1))]),
                "ValueError: incomplete format key",
            ),
            ("%(a)s", d(vec![]), "KeyError: 'a'"),
            (
                "%s",
                Value::tuple(vec![]),
                "TypeError: not enough arguments for format string",
            ),
            ("%.3d", Value::Int(-5), "'-005'"),
            ("%010.3d", Value::Int(-5), "'-000000005'"),
            ("%#010x", Value::Int(255), "'0x000000ff'"),
            ("% 05d", Value::Int(5), "' 0005'"),
            ("%+05d", Value::Int(5), "'+0005'"),
            ("%ld", Value::Int(5), "'5'"),
            (
                "%5.1%",
                Value::tuple(vec![]),
                "TypeError: not enough arguments for format string",
            ),
            (
                "%d",
                s(""),
                "TypeError: %d format: a real number is required, not str",
            ),
            ("%%", Value::tuple(vec![]), "'%'"),
            ("%s%%", Value::tuple(vec![Value::Int(1)]), "'1%'"),
            ("%((a))s", d(vec![(s("(a)"), Value::Int(1))]), "'1'"),
            (
                "%(a)s",
                l(vec![Value::Int(1)]),
                "TypeError: list indices must be integers or slices, not str",
            ),
            (
                "%s %r %a",
                Value::tuple(vec![s("é"), s("é"), s("é")]),
                "\"é 'é' '\\\\xe9'\"",
            ),
            ("%F", Value::Float(f64::NAN), "'NAN'"),
            ("%.3F", Value::Float(f64::NEG_INFINITY), "'-INF'"),
            ("%-+8.2f|", Value::Float(3.14149), "'+3.14   |'"),
            ("%08.2f", Value::Float(-3.14149), "'-0003.14'"),
            (
                "%5.1f%%",
                Value::tuple(vec![Value::Float(99.44)]),
                "' 99.4%'",
            ),
            ("%c", Value::Bool(true), "'\\x01'"),
            ("%-3c|", Value::Int(65), "'A  |'"),
            ("%s", Value::None, "'None'"),
            ("%.1s", Value::None, "'N'"),
            ("%x", Value::Bool(true), "'1'"),
            (
                "%3$s",
                Value::Int(1),
                "ValueError: unsupported format character '$' (0x24) at index 2",
            ),
            (
                "%.2147483648f",
                Value::Float(1.0),
                "ValueError: precision too big",
            ),
            (
                "%99999999999999999999d",
                Value::Int(1),
                "ValueError: width too big",
            ),
            ("%E", Value::Float(0.0), "'0.000000E+00'"),
            ("%g", Value::Float(-0.0), "'-0'"),
            ("%.0e", Value::Float(15.0), "'2e+01'"),
            ("%#.0e", Value::Float(15.0), "'2.e+01'"),
            ("%.3g", Value::Float(1234567.0), "'1.23e+06'"),
            ("%#.3g", Value::Float(1.0), "'1.00'"),
        ];
        for (fmt, args, want) in cases {
            let got = match percent(&mut vm, fmt, &args) {
                Ok(t) => crate::vm::repr::str_literal(&t),
                Err(e) => e.to_string(),
            };
            assert_eq!(got, want, "{fmt:?} % {args:?}");
        }
    }
}
