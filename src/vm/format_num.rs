//! The pure core of formatting: parsing a format spec (the format
//! specification mini-language) and laying out ints, floats and strings
//! by it, digit for digit as CPython 3.11's `Python/formatter_unicode.c`
//! and `PyOS_double_to_string` do (the `%`-formatting counterparts live
//! in `super::percent`). Nothing here touches the interpreter, so it is
//! tested directly against strings CPython printed.

use crate::vm::trap::TrapKind;

/// Widths and precisions above this fail with `MemoryError` instead of
/// allocating (CPython would try to, and a program that asks for this
/// much padding is not simulating anything useful).
pub const MAX_WIDTH: i64 = 1 << 26;

/// Digit grouping requested by a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// None.
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three decimal digits, every four binary/octal/hex ones.
    Underscore,
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The fill character (`' '` unless given, `'0'` for the `0` flag).
    pub fill: char,
    /// `<`, `>`, `^` or `=` (the type's default when not given).
    pub align: char,
    /// `+`, `-`, `' '`, or `'\0'` when not given.
    pub sign: char,
    /// `z`: negative zero prints as zero.
    pub no_neg_0: bool,
    /// `#`: the alternate form.
    pub alt: bool,
    /// Minimum width, -1 when not given.
    pub width: i64,
    /// Digit grouping.
    pub grouping: Grouping,
    /// Precision, -1 when not given.
    pub precision: i64,
    /// The presentation type (the type's default when not given; `'\0'`
    /// for a float without one).
    pub ty: char,
}

fn value_error(msg: String) -> TrapKind {
    TrapKind::Builtin("ValueError", msg)
}

/// The `MemoryError` for a width or precision above [`MAX_WIDTH`].
pub fn too_big() -> TrapKind {
    TrapKind::Builtin("MemoryError", String::new())
}

/// A type code as CPython's messages show it: itself when printable
/// ASCII, else `\x..`.
fn code(c: char) -> String {
    if (c as u32) > 32 && (c as u32) < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", c as u32)
    }
}

/// `ValueError: Unknown format code 'q' for object of type 'int'`.
pub fn unknown_code(ty: char, type_name: &str) -> TrapKind {
    value_error(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        code(ty)
    ))
}

/// Reads a decimal integer at the start of `c`: (value, digits read).
fn get_integer(c: &[char]) -> Result<(i64, usize), TrapKind> {
    let mut acc: i64 = 0;
    let mut n = 0;
    while let Some(d) = c
        .get(n)
        .and_then(|ch| ch.to_digit(10).filter(|_| ch.is_ascii()))
    {
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(d as i64))
            .ok_or_else(|| value_error("Too many decimal digits in format string".into()))?;
        n += 1;
    }
    Ok((acc, n))
}

/// Parses `spec` for a value whose type defaults to `default_ty` and
/// `default_align` (`'d'`/`'>'` for ints, `'\0'`/`'>'` for floats,
/// `'s'`/`'<'` for strings), with CPython's errors naming `type_name`.
pub fn parse_spec(
    spec: &str,
    default_ty: char,
    default_align: char,
    type_name: &str,
) -> Result<Spec, TrapKind> {
    let c: Vec<char> = spec.chars().collect();
    let n = c.len();
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        sign: '\0',
        no_neg_0: false,
        alt: false,
        width: -1,
        grouping: Grouping::None,
        precision: -1,
        ty: default_ty,
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    let (mut fill_given, mut align_given) = (false, false);
    let mut pos = 0;
    if n >= 2 && is_align(c[1]) {
        (s.fill, s.align, fill_given, align_given, pos) = (c[0], c[1], true, true, 2);
    } else if n >= 1 && is_align(c[0]) {
        (s.align, align_given, pos) = (c[0], true, 1);
    }
    if pos < n && matches!(c[pos], '+' | '-' | ' ') {
        s.sign = c[pos];
        pos += 1;
    }
    if pos < n && c[pos] == 'z' {
        s.no_neg_0 = true;
        pos += 1;
    }
    if pos < n && c[pos] == '#' {
        s.alt = true;
        pos += 1;
    }
    if !fill_given && pos < n && c[pos] == '0' {
        s.fill = '0';
        if !align_given && default_align == '>' {
            s.align = '=';
        }
        pos += 1;
    }
    let (w, k) = get_integer(&c[pos..])?;
    if k > 0 {
        s.width = w;
        pos += k;
    }
    let both = || value_error("Cannot specify both ',' and '_'.".into());
    if pos < n && c[pos] == ',' {
        s.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < n && c[pos] == '_' {
        if s.grouping != Grouping::None {
            return Err(both());
        }
        s.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < n && c[pos] == ',' && s.grouping == Grouping::Underscore {
        return Err(both());
    }
    if pos < n && c[pos] == '.' {
        pos += 1;
        let (p, k) = get_integer(&c[pos..])?;
        if k == 0 {
            return Err(value_error("Format specifier missing precision".into()));
        }
        s.precision = p;
        pos += k;
    }
    if n - pos > 1 {
        return Err(value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        )));
    }
    if n - pos == 1 {
        s.ty = c[pos];
    }
    if s.grouping != Grouping::None {
        let ok = match s.ty {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => true,
            'b' | 'o' | 'x' | 'X' => s.grouping == Grouping::Underscore,
            _ => false,
        };
        if !ok {
            let g = if s.grouping == Grouping::Comma {
                ','
            } else {
                '_'
            };
            return Err(value_error(format!(
                "Cannot specify '{g}' with '{}'.",
                code(s.ty)
            )));
        }
    }
    Ok(s)
}

/// Fails for widths too large to honour.
fn check_width(spec: &Spec) -> Result<(), TrapKind> {
    if spec.width > MAX_WIDTH {
        return Err(too_big());
    }
    Ok(())
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: `digits` with `sep`
/// every `size` digits from the right (no separator when `sep` is
/// `None`), left-padded with zeros (grouped too) to at least `min_width`.
pub fn group_digits(digits: &str, min_width: i64, sep: Option<char>, size: i64) -> String {
    let d = digits.as_bytes();
    let mut pos = d.len();
    let mut remaining = d.len() as i64;
    let mut min_width = min_width;
    let mut out: Vec<u8> = Vec::with_capacity(d.len() + min_width.max(0) as usize);
    let mut use_sep = false;
    let emit = |out: &mut Vec<u8>, len: i64, remaining: i64, pos: &mut usize, use_sep: bool| {
        let zeros = (len - remaining).max(0);
        let chars = remaining.min(len).max(0);
        if let (true, Some(s)) = (use_sep, sep) {
            out.push(s as u8);
        }
        for _ in 0..chars {
            *pos -= 1;
            out.push(d[*pos]);
        }
        out.extend(std::iter::repeat_n(b'0', zeros as usize));
        chars
    };
    let mut done = false;
    if sep.is_some() {
        loop {
            let len = size.min(remaining.max(min_width).max(1));
            remaining -= emit(&mut out, len, remaining, &mut pos, use_sep);
            use_sep = true;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                done = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !done {
        let len = remaining.max(min_width).max(1);
        emit(&mut out, len, remaining, &mut pos, use_sep);
    }
    out.reverse();
    // Only ASCII digits and the ASCII separators were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Lays a number out: `<pad><sign><prefix><pad><grouped digits><rest><pad>`,
/// `rest` being the decimal point, fraction, exponent or `%` (or the
/// character of a `c` format).
fn layout(
    spec: &Spec,
    negative: bool,
    prefix: &str,
    digits: &str,
    rest: &str,
) -> Result<String, TrapKind> {
    check_width(spec)?;
    let sign = match spec.sign {
        '+' => Some(if negative { '-' } else { '+' }),
        ' ' => Some(if negative { '-' } else { ' ' }),
        _ => negative.then_some('-'),
    };
    let non_digit = sign.is_some() as i64 + prefix.len() as i64 + rest.chars().count() as i64;
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digit
    } else {
        0
    };
    let (sep, size) = match spec.grouping {
        Grouping::None => (None, 0),
        Grouping::Comma => (Some(','), 3),
        Grouping::Underscore if matches!(spec.ty, 'b' | 'o' | 'x' | 'X') => (Some('_'), 4),
        Grouping::Underscore => (Some('_'), 3),
    };
    let grouped = if digits.is_empty() {
        String::new()
    } else {
        group_digits(digits, min_width, sep, size)
    };
    let pad = (spec.width - non_digit - grouped.len() as i64).max(0) as usize;
    let (left, mid, right) = match spec.align {
        '<' => (0, 0, pad),
        '^' => (pad / 2, 0, pad - pad / 2),
        '=' => (0, pad, 0),
        _ => (pad, 0, 0),
    };
    let mut out = String::with_capacity(pad + grouped.len() + rest.len() + 4);
    out.extend(std::iter::repeat_n(spec.fill, left));
    out.extend(sign);
    out.push_str(prefix);
    out.extend(std::iter::repeat_n(spec.fill, mid));
    out.push_str(&grouped);
    out.push_str(rest);
    out.extend(std::iter::repeat_n(spec.fill, right));
    Ok(out)
}

/// `format(x, spec)` for an int (or a bool, `type_name` saying which),
/// `spec` parsed with default type `'d'`.
pub fn format_int(x: i64, spec: &Spec, type_name: &str) -> Result<String, TrapKind> {
    match spec.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float(x as f64, spec, type_name),
        other => return Err(unknown_code(other, type_name)),
    }
    if spec.precision != -1 {
        return Err(value_error(
            "Precision not allowed in integer format specifier".into(),
        ));
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier".into(),
        ));
    }
    let m = x.unsigned_abs();
    let (prefix, digits) = match spec.ty {
        'c' => {
            if spec.sign != '\0' {
                return Err(value_error(
                    "Sign not allowed with integer format specifier 'c'".into(),
                ));
            }
            if spec.alt {
                return Err(value_error(
                    "Alternate form (#) not allowed with integer format specifier 'c'".into(),
                ));
            }
            if !(0..=0x10ffff).contains(&x) {
                return Err(TrapKind::Overflow("%c arg not in range(0x110000)"));
            }
            // A lone surrogate cannot live in a UTF-8 string.
            let ch = char::from_u32(x as u32).unwrap_or('\u{fffd}');
            return layout(spec, false, "", "", &ch.to_string());
        }
        'b' => ("0b", format!("{m:b}")),
        'o' => ("0o", format!("{m:o}")),
        'x' => ("0x", format!("{m:x}")),
        'X' => ("0X", format!("{m:X}")),
        _ => ("", m.to_string()),
    };
    layout(spec, x < 0, if spec.alt { prefix } else { "" }, &digits, "")
}

/// `format(x, spec)` for a float, `spec` parsed with default type `'\0'`.
pub fn format_float(x: f64, spec: &Spec, type_name: &str) -> Result<String, TrapKind> {
    let ty = spec.ty;
    if !matches!(ty, '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
        return Err(unknown_code(ty, type_name));
    }
    if spec.precision > i32::MAX as i64 {
        return Err(value_error("precision too big".into()));
    }
    if spec.precision > MAX_WIDTH {
        return Err(too_big());
    }
    let (mut t, mut default_prec, add_dot_0) = match ty {
        '\0' => ('r', 0, true),
        'n' => ('g', 6, false),
        '%' => ('f', 6, false),
        other => (other.to_ascii_lowercase(), 6, false),
    };
    if ty == '\0' && spec.precision >= 0 {
        t = 'g';
        default_prec = spec.precision;
    }
    let prec = if spec.precision < 0 {
        default_prec
    } else {
        spec.precision
    } as usize;
    let val = if ty == '%' { x * 100.0 } else { x };
    let mut body = float_body(val.abs(), t, prec, spec.alt, add_dot_0);
    if matches!(ty, 'E' | 'F' | 'G') {
        body.make_ascii_uppercase();
    }
    let negative =
        val.is_sign_negative() && !val.is_nan() && !(spec.no_neg_0 && is_zero_body(&body));
    if ty == '%' {
        body.push('%');
    }
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(split);
    layout(spec, negative, "", digits, rest)
}

/// True when a formatted magnitude rounded to zero (`0.00`, `0e+00`).
fn is_zero_body(body: &str) -> bool {
    body.split(['e', 'E'])
        .next()
        .is_some_and(|m| m.chars().all(|c| c == '0' || c == '.'))
}

/// CPython's `PyOS_double_to_string` of a non-negative `x` (or NaN)
/// without the sign: `t` is `'e'`, `'f'`, `'g'` or `'r'` (repr), `prec`
/// its precision (ignored for `'r'`), `alt` the `#` flag, `add_dot_0`
/// the `.0` of an integral value (the empty format type).
pub fn float_body(x: f64, t: char, prec: usize, alt: bool, add_dot_0: bool) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return "inf".into();
    }
    match t {
        'f' => {
            let mut s = format!("{x:.prec$}");
            if alt && prec == 0 {
                s.push('.');
            }
            s
        }
        'e' => {
            let s = format!("{x:.prec$e}");
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let mut out = m.to_string();
            if alt && prec == 0 {
                out.push('.');
            }
            push_exponent(&mut out, e.parse().unwrap_or(0));
            out
        }
        _ => {
            let p = prec.max(1);
            let sci = if t == 'r' {
                format!("{x:e}")
            } else {
                format!("{x:.prec$e}", prec = p - 1)
            };
            let (m, e) = sci.split_once('e').unwrap_or((&sci, "0"));
            let mut digits: String = m.chars().filter(|c| *c != '.').collect();
            while digits.len() > 1 && digits.ends_with('0') {
                digits.pop();
            }
            let decpt = e.parse::<i64>().unwrap_or(0) + 1;
            let p = p as i64;
            let use_exp = if t == 'r' {
                decpt <= -4 || decpt > 16
            } else {
                decpt <= -4 || decpt > if add_dot_0 { p - 1 } else { p }
            };
            let vend = if t == 'g' && alt {
                p
            } else {
                digits.len() as i64
            };
            compose(&digits, decpt, use_exp, vend, alt, add_dot_0)
        }
    }
}

/// `e+05`-style exponent: sign always, at least two digits.
fn push_exponent(out: &mut String, exp: i64) {
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
}

/// The tail of CPython's `format_float_short`: writes the slice
/// `vdigits[start..end]` of `digits` padded with zeros both ways, the
/// decimal point after `decpt` digits, and the exponent if `use_exp`.
fn compose(
    digits: &str,
    decpt: i64,
    use_exp: bool,
    vend: i64,
    alt: bool,
    add_dot_0: bool,
) -> String {
    let zeros = |n: i64| "0".repeat(n.max(0) as usize);
    let len = digits.len() as i64;
    let (decpt, exp) = if use_exp { (1, decpt - 1) } else { (decpt, 0) };
    let vstart = if decpt <= 0 { decpt - 1 } else { 0 };
    let vend = if !use_exp && add_dot_0 {
        vend.max(decpt + 1)
    } else {
        vend.max(decpt)
    };
    let mut out = String::new();
    if decpt <= 0 {
        out.push_str(&zeros(decpt - vstart));
        out.push('.');
        out.push_str(&zeros(-decpt));
    } else {
        out.push_str(&zeros(-vstart));
    }
    if 0 < decpt && decpt <= len {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(digits);
    }
    if len < decpt {
        out.push_str(&zeros(decpt - len));
        out.push('.');
        out.push_str(&zeros(vend - decpt));
    } else {
        out.push_str(&zeros(vend - len));
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        push_exponent(&mut out, exp);
    }
    out
}

/// `format(s, spec)` for a string, `spec` parsed with default type `'s'`.
pub fn format_str(s: &str, spec: &Spec) -> Result<String, TrapKind> {
    if spec.ty != 's' {
        return Err(unknown_code(spec.ty, "str"));
    }
    let err = |m: &str| Err(value_error(m.into()));
    match spec.sign {
        ' ' => return err("Space not allowed in string format specifier"),
        '\0' => {}
        _ => return err("Sign not allowed in string format specifier"),
    }
    if spec.no_neg_0 {
        return err("Negative zero coercion (z) not allowed in string format specifier");
    }
    if spec.alt {
        return err("Alternate form (#) not allowed in string format specifier");
    }
    if spec.align == '=' {
        return err("'=' alignment not allowed in string format specifier");
    }
    check_width(spec)?;
    let mut text = s;
    let mut len = s.chars().count();
    if spec.precision >= 0 && len > spec.precision as usize {
        len = spec.precision as usize;
        text = match s.char_indices().nth(len) {
            Some((i, _)) => &s[..i],
            None => s,
        };
    }
    Ok(pad(text, len, spec.width, spec.fill, spec.align))
}

/// `text` (of `len` characters) padded with `fill` to `width`, aligned by
/// `align` (`<`, `>`, `^`; centred text leans left).
pub fn pad(text: &str, len: usize, width: i64, fill: char, align: char) -> String {
    let padding = (width - len as i64).max(0) as usize;
    let (left, right) = match align {
        '>' => (padding, 0),
        '^' => (padding / 2, padding - padding / 2),
        _ => (0, padding),
    };
    let mut out = String::with_capacity(text.len() + padding * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, right));
    out
}

#[cfg(test)]
#[path = "format_num_tests.rs"]
mod tests;
