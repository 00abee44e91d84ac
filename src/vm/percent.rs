//! `%`-formatting (`fmt % args`) with CPython 3.11's results and error
//! messages: the conversion parser, the argument source (tuple, mapping
//! or single value), and the numeric bodies and padding of each
//! conversion.

use super::format::{ascii_escape, value_error};
use super::format_num as num;
use super::format_str::getitem;
use super::interp::Interp;
use super::trap::TrapKind;
use super::value::Value;
use std::sync::Arc;

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
        out.push_str(&percent_pad(&body, f, width, prec, numeric, c));
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
            (percent_int_body(neg, &dec, f.alt, prec, ty), true)
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

/// The flags of one `%` conversion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PctFlags {
    /// `-`: left-justify.
    pub ljust: bool,
    /// `+`: always a sign.
    pub sign: bool,
    /// `' '`: a space for the sign of a non-negative number.
    pub blank: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero padding (numbers only).
    pub zero: bool,
}

/// CPython's `_PyUnicode_FormatLong` for `%d %o %x %X` of an integer
/// whose magnitude is the decimal string `dec` (digits only): sign, `0x`
/// / `0o` prefix when `alt`, digits zero-padded to `prec`.
pub fn percent_int_body(negative: bool, dec: &str, alt: bool, prec: i64, ty: char) -> String {
    let digits = match (ty, dec.parse::<u64>()) {
        ('o', Ok(m)) => format!("{m:o}"),
        ('x', Ok(m)) => format!("{m:x}"),
        ('X', Ok(m)) => format!("{m:X}"),
        _ => dec.to_string(),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if alt {
        match ty {
            'o' => out.push_str("0o"),
            'x' => out.push_str("0x"),
            'X' => out.push_str("0X"),
            _ => {}
        }
    }
    out.push_str(&"0".repeat((prec - digits.len() as i64).max(0) as usize));
    out.push_str(&digits);
    out
}

/// CPython's `unicode_format_arg_output`: pads a converted `%` argument
/// `body` to `width` (-1: none). `numeric` for the number conversions,
/// whose sign and `0x` prefix stay in front of zero padding; `prec`
/// truncates `s`, `r` and `a` conversions.
pub fn percent_pad(
    body: &str,
    f: PctFlags,
    width: i64,
    prec: i64,
    numeric: bool,
    ty: char,
) -> String {
    let chars: Vec<char> = body.chars().collect();
    let mut len = chars.len() as i64;
    if matches!(ty, 's' | 'r' | 'a') && prec >= 0 && len > prec {
        len = prec;
    }
    let fill = if numeric && f.zero { '0' } else { ' ' };
    let mut p = 0usize;
    let mut sign = None;
    if numeric {
        match chars.first() {
            Some(&c) if c == '-' || c == '+' => {
                sign = Some(c);
                len -= 1;
                p = 1;
            }
            _ if f.sign => sign = Some('+'),
            _ if f.blank => sign = Some(' '),
            _ => {}
        }
    }
    let mut width = width.max(len);
    let mut out = String::with_capacity(width.max(0) as usize + 2);
    if let Some(s) = sign {
        if fill != ' ' {
            out.push(s);
        }
        if width > len {
            width -= 1;
        }
    }
    let prefix = f.alt && matches!(ty, 'x' | 'X' | 'o') && chars.len() >= p + 2;
    if prefix {
        if fill != ' ' {
            out.extend(&chars[p..p + 2]);
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len && !f.ljust {
        out.extend(std::iter::repeat_n(fill, (width - len) as usize));
        width = len;
    }
    if fill == ' ' {
        out.extend(sign);
        if prefix {
            out.extend(&chars[p..p + 2]);
        }
    }
    let start = if prefix { p + 2 } else { p };
    out.extend(chars[start..].iter().take(len.max(0) as usize));
    if width > len {
        out.extend(std::iter::repeat_n(' ', (width - len) as usize));
    }
    out
}

#[cfg(test)]
#[path = "percent_tests.rs"]
mod tests;
