//! The methods of `str` values, with CPython 3.11's results and error
//! messages. Indices count code points, as in Python (a fast path when
//! the text is ASCII). The string algorithms are plain functions over
//! `&str`, tested directly; the natives unpack arguments and call them.
//!
//! Unicode character classes follow Python where it is cheap: whitespace
//! (`\x1c`-`\x1f` included), decimal/digit/numeric via small tables, and
//! case mapping (titlecase, final sigma, case folding) by rules; `isalpha`
//! and `isidentifier` of non-ASCII text use Rust's Alphabetic property.

use crate::vm::format::{self, Kwargs};
use crate::vm::format_num::MAX_WIDTH;
use crate::vm::interp::Interp;
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::{Dict, DictMap, List, Object};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use std::sync::Arc;

type R = Result<Value, Flow>;

macro_rules! methods {
    ($($id:ident $name:literal $f:ident;)*) => {
        $(
            #[doc = concat!("`str.", $name, "`.")]
            pub static $id: NativeFn = NativeFn {
                name: $name,
                qualname: concat!("str.", $name),
                call: $f,
                ty: None,
            };
        )*
        /// The methods, looked up by name.
        pub static METHODS: &[&NativeFn] = &[$(&$id),*];
    };
}

methods! {
    JOIN "join" m_join; SPLIT "split" m_split; RSPLIT "rsplit" m_rsplit;
    SPLITLINES "splitlines" m_splitlines; STRIP "strip" m_strip; LSTRIP "lstrip" m_lstrip;
    RSTRIP "rstrip" m_rstrip; STARTSWITH "startswith" m_startswith; ENDSWITH "endswith" m_endswith;
    UPPER "upper" m_upper; LOWER "lower" m_lower; CAPITALIZE "capitalize" m_capitalize;
    TITLE "title" m_title; SWAPCASE "swapcase" m_swapcase; CASEFOLD "casefold" m_casefold;
    REPLACE "replace" m_replace; FIND "find" m_find; RFIND "rfind" m_rfind; INDEX "index" m_index;
    RINDEX "rindex" m_rindex; COUNT "count" m_count; ISDIGIT "isdigit" m_isdigit;
    ISALPHA "isalpha" m_isalpha; ISALNUM "isalnum" m_isalnum; ISSPACE "isspace" m_isspace;
    ISUPPER "isupper" m_isupper; ISLOWER "islower" m_islower; ISIDENTIFIER "isidentifier" m_isidentifier;
    ISNUMERIC "isnumeric" m_isnumeric; ISDECIMAL "isdecimal" m_isdecimal; ISTITLE "istitle" m_istitle;
    ISASCII "isascii" m_isascii; ISPRINTABLE "isprintable" m_isprintable; CENTER "center" m_center;
    LJUST "ljust" m_ljust; RJUST "rjust" m_rjust; ZFILL "zfill" m_zfill; PARTITION "partition" m_partition;
    RPARTITION "rpartition" m_rpartition; FORMAT "format" m_format; FORMAT_MAP "format_map" m_format_map;
    ENCODE "encode" m_encode; EXPANDTABS "expandtabs" m_expandtabs; REMOVEPREFIX "removeprefix" m_removeprefix;
    REMOVESUFFIX "removesuffix" m_removesuffix; TRANSLATE "translate" m_translate; MAKETRANS "maketrans" m_maketrans;
}

// ----- argument handling -----

/// How a method takes its arguments (each kind words its errors differently in CPython).
#[derive(Clone, Copy)]
enum Sig {
    NoArgs,
    One,
    /// Argument Clinic, positional only: `strip expected at most 1 argument, got 2`.
    Range(usize, usize),
    /// `PyArg_ParseTuple`: `find() takes at least 1 argument (0 given)`.
    Old(usize, usize),
}

/// A `TypeError` raised by a native.
fn type_err(msg: impl Into<String>) -> Flow {
    TrapKind::Type(msg.into()).into()
}

/// A `ValueError` with a fixed message, raised by a native.
fn value_err(msg: &'static str) -> Flow {
    TrapKind::Value(msg).into()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The receiver and the positional arguments after it, checked against `sig`.
fn args(a: &Args, name: &str, sig: Sig) -> Result<(Arc<String>, Vec<Value>), TrapKind> {
    let this = receiver(a, name)?;
    let n = a.pos.len() - 1;
    let (old, min, max) = match sig {
        Sig::NoArgs => (false, 0, 0),
        Sig::One => (false, 1, 1),
        Sig::Range(lo, hi) => (false, lo, hi),
        Sig::Old(lo, hi) => (true, lo, hi),
    };
    let msg = if !a.kw.is_empty() {
        Some(if old {
            format!("{name}() takes no keyword arguments")
        } else {
            format!("str.{name}() takes no keyword arguments")
        })
    } else if n >= min && n <= max {
        None
    } else {
        Some(match sig {
            Sig::NoArgs => format!("str.{name}() takes no arguments ({n} given)"),
            Sig::One => format!("str.{name}() takes exactly one argument ({n} given)"),
            Sig::Range(..) if n < min => format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            ),
            Sig::Range(..) => format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            ),
            Sig::Old(..) if n < min => format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                plural(min)
            ),
            Sig::Old(..) => format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                plural(max)
            ),
        })
    };
    match msg {
        Some(m) => Err(TrapKind::Type(m)),
        None => Ok((this, a.pos[1..].to_vec())),
    }
}

fn receiver(a: &Args, name: &str) -> Result<Arc<String>, TrapKind> {
    match a.pos.first() {
        Some(Value::Str(s)) => Ok(Arc::clone(s)),
        Some(other) => Err(TrapKind::Type(format!(
            "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
            other.class_name()
        ))),
        None => Err(TrapKind::Type(format!(
            "unbound method str.{name}() needs an argument"
        ))),
    }
}

/// Receiver and parameters `names` of a method taking keywords (Argument
/// Clinic's messages), `None` where not given.
fn kw_args(
    a: &Args,
    name: &str,
    names: &[&str],
) -> Result<(Arc<String>, Vec<Option<Value>>), TrapKind> {
    let this = receiver(a, name)?;
    let pos = a.pos.len() - 1;
    let total = pos + a.kw.len();
    if total > names.len() {
        let what = if pos == 0 { " keyword" } else { "" };
        return Err(TrapKind::Type(
            format!(
                "{name}() takes at most {} {what}argument{} ({total} given)",
                names.len(),
                plural(names.len())
            )
            .replace("  ", " "),
        ));
    }
    let mut out: Vec<Option<Value>> = a.pos[1..].iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    for (k, v) in &a.kw {
        match names.iter().position(|n| *n == &**k) {
            None => {
                return Err(TrapKind::Type(format!(
                    "'{k}' is an invalid keyword argument for {name}()"
                )))
            }
            Some(i) if i < pos => {
                return Err(TrapKind::Type(format!(
                    "argument for {name}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
        }
    }
    Ok((this, out))
}

/// A str argument, or `TypeError: {prefix}must be str, not int`.
fn want_str<'a>(v: &'a Value, prefix: &str) -> Result<&'a str, TrapKind> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(TrapKind::Type(format!(
            "{prefix}must be str, not {}",
            other.class_name()
        ))),
    }
}

/// A `start`/`end` argument: `None`, an int or an `__index__` object.
fn slice_index(vm: &mut Interp, v: Option<&Value>) -> Result<Option<i64>, TrapKind> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::Instance(_))) => {
            vm.index_of(v).map(Some).map_err(|_| {
                TrapKind::Type(
                    "slice indices must be integers or None or have an __index__ method".into(),
                )
            })
        }
        Some(_) => Err(TrapKind::Type(
            "slice indices must be integers or None or have an __index__ method".into(),
        )),
    }
}

fn width_arg(vm: &mut Interp, v: &Value) -> Result<i64, TrapKind> {
    let w = vm.index_of(v)?;
    if w > MAX_WIDTH {
        return Err(TrapKind::Builtin("MemoryError", String::new()));
    }
    Ok(w)
}

fn list_of(parts: Vec<&str>) -> Value {
    List::value(parts.into_iter().map(Value::str).collect())
}

// ----- code-point indexing and searching -----

/// Number of code points.
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Byte offset of code point `ci` (the end if past it).
pub fn byte_at(s: &str, ci: usize) -> usize {
    if s.is_ascii() {
        ci.min(s.len())
    } else {
        s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
    }
}

/// CPython's `ADJUST_INDICES`: slice bounds made non-negative, `end`
/// clamped to `len` (`start` is not).
pub fn adjust(start: Option<i64>, end: Option<i64>, len: i64) -> (i64, i64) {
    let fix = |i: i64| if i < 0 { (i + len).max(0) } else { i };
    (
        fix(start.unwrap_or(0)),
        end.map_or(len, |e| fix(e).min(len)),
    )
}

/// `s.find(sub, start, end)` (or `rfind` when `rev`): a code-point index or -1.
pub fn find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>, rev: bool) -> i64 {
    let (start, end) = adjust(start, end, char_len(s) as i64);
    if end - start < char_len(sub) as i64 {
        return -1;
    }
    let (b0, b1) = (byte_at(s, start as usize), byte_at(s, end as usize));
    let hay = &s[b0..b1];
    let hit = if rev { hay.rfind(sub) } else { hay.find(sub) };
    hit.map_or(-1, |b| start + char_len(&hay[..b]) as i64)
}

/// `s.count(sub, start, end)`.
pub fn count(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let (start, end) = adjust(start, end, char_len(s) as i64);
    if end < start {
        return 0;
    }
    if sub.is_empty() {
        return end - start + 1;
    }
    s[byte_at(s, start as usize)..byte_at(s, end as usize)]
        .matches(sub)
        .count() as i64
}

/// CPython's `tailmatch`: `s[start:end]` starts (or, `at_end`, ends) with `sub`.
pub fn tailmatch(s: &str, sub: &str, start: Option<i64>, end: Option<i64>, at_end: bool) -> bool {
    let (start, end) = adjust(start, end, char_len(s) as i64);
    if end - (char_len(sub) as i64) < start {
        return false;
    }
    let hay = &s[byte_at(s, start as usize)..byte_at(s, end as usize)];
    if at_end {
        hay.ends_with(sub)
    } else {
        hay.starts_with(sub)
    }
}

// ----- splitting, stripping, padding -----

/// Python's whitespace: Unicode White_Space plus the ASCII separators `\x1c`-`\x1f`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `s.split()` / `s.split(None, maxsplit)`.
pub fn split_ws(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(is_space);
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    while !rest.is_empty() && left > 0 {
        let end = rest.find(is_space).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_space);
        left -= 1;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// `s.rsplit()` / `s.rsplit(None, maxsplit)`.
pub fn rsplit_ws(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(is_space);
    let mut left = if maxsplit < 0 { i64::MAX } else { maxsplit };
    while !rest.is_empty() && left > 0 {
        let start = rest.rfind(is_space).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(is_space);
        left -= 1;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out.reverse();
    out
}

/// `s.split(sep, maxsplit)` / `s.rsplit(sep, maxsplit)` for a non-empty `sep`.
pub fn split_sep<'a>(s: &'a str, sep: &str, maxsplit: i64, rev: bool) -> Vec<&'a str> {
    let n = if maxsplit < 0 {
        usize::MAX
    } else {
        (maxsplit as u64).saturating_add(1).min(usize::MAX as u64) as usize
    };
    if rev {
        let mut v: Vec<&str> = s.rsplitn(n, sep).collect();
        v.reverse();
        v
    } else {
        s.splitn(n, sep).collect()
    }
}

/// `s.splitlines(keepends)`: lines end at `\n`, `\r`, `\r\n`, `\v`, `\f`,
/// `\x1c`-`\x1e`, `\x85`, U+2028 and U+2029.
pub fn splitlines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            continue;
        }
        let mut eol = i + c.len_utf8();
        if c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n') {
            it.next();
            eol += 1;
        }
        out.push(&s[start..if keepends { eol } else { i }]);
        start = eol;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `s.replace(old, new, count)`; `MemoryError` past 1 GiB of result.
pub fn replace(s: &str, old: &str, new: &str, count: i64) -> Result<String, TrapKind> {
    let max = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let hits = if old.is_empty() {
        char_len(s) + 1
    } else {
        s.matches(old).count()
    }
    .min(max);
    let size = (s.len() as u128) + (hits as u128) * (new.len() as u128);
    if size > 1 << 30 {
        return Err(TrapKind::Builtin("MemoryError", String::new()));
    }
    if !old.is_empty() {
        return Ok(s.replacen(old, new, hits));
    }
    let mut out = String::with_capacity(size as usize);
    let mut left = hits;
    for c in s.chars() {
        if left > 0 {
            out.push_str(new);
            left -= 1;
        }
        out.push(c);
    }
    if left > 0 {
        out.push_str(new);
    }
    Ok(out)
}

/// `s.expandtabs(tabsize)`: columns restart after `\n` and `\r`.
pub fn expandtabs(s: &str, tabsize: i64) -> Result<String, TrapKind> {
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let n = tabsize - col % tabsize;
                if n.saturating_add(out.len() as i64) > MAX_WIDTH {
                    return Err(TrapKind::Builtin("MemoryError", String::new()));
                }
                out.extend(std::iter::repeat_n(' ', n as usize));
                col += n;
            }
        } else {
            out.push(c);
            col = if c == '\n' || c == '\r' { 0 } else { col + 1 };
        }
    }
    Ok(out)
}

/// `s.center(width, fill)`: CPython puts the odd pad on the left when `width` is odd.
pub fn center(s: &str, width: i64, fill: char) -> String {
    let len = char_len(s) as i64;
    if width <= len {
        return s.to_string();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    let pad = |n: i64| std::iter::repeat_n(fill, n as usize).collect::<String>();
    format!("{}{s}{}", pad(left), pad(marg - left))
}

/// `s.zfill(width)`: zeros after a leading sign.
pub fn zfill(s: &str, width: i64) -> String {
    let len = char_len(s) as i64;
    if width <= len {
        return s.to_string();
    }
    let zeros = "0".repeat((width - len) as usize);
    match s.strip_prefix(['+', '-']) {
        Some(rest) => format!("{}{zeros}{rest}", &s[..1]),
        None => format!("{zeros}{s}"),
    }
}

// ----- Unicode character classes and case -----

/// First code points of the non-ASCII blocks of ten decimal digits (Nd), Unicode 14.
const DECIMAL_BLOCKS: &[u32] = &[
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Digits that are not decimal (superscripts, circled digits...), Unicode 14.
const DIGIT_RANGES: &[(u32, u32)] = &[
    (0xb2, 0xb3),
    (0xb9, 0xb9),
    (0x1369, 0x1371),
    (0x19da, 0x19da),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247c),
    (0x2488, 0x2490),
    (0x24ea, 0x24ea),
    (0x24f5, 0x24fd),
    (0x24ff, 0x24ff),
    (0x2776, 0x277e),
    (0x2780, 0x2788),
    (0x278a, 0x2792),
    (0x10a40, 0x10a43),
    (0x10e60, 0x10e68),
    (0x11052, 0x1105a),
    (0x1f100, 0x1f10a),
];

/// Ideographs (category Lo) with a numeric value, Unicode 14.
const NUMERIC_IDEOGRAPHS: &[u32] = &[
    0x3405, 0x3483, 0x382a, 0x3b4d, 0x4e00, 0x4e03, 0x4e07, 0x4e09, 0x4e5d, 0x4e8c, 0x4e94, 0x4e96,
    0x4ebf, 0x4ec0, 0x4edf, 0x4ee8, 0x4f0d, 0x4f70, 0x5104, 0x5146, 0x5169, 0x516b, 0x516d, 0x5341,
    0x5343, 0x5344, 0x5345, 0x534c, 0x53c1, 0x53c2, 0x53c3, 0x53c4, 0x56db, 0x58f1, 0x58f9, 0x5e7a,
    0x5efe, 0x5eff, 0x5f0c, 0x5f0d, 0x5f0e, 0x5f10, 0x62fe, 0x634c, 0x67d2, 0x6f06, 0x7396, 0x767e,
    0x8086, 0x842c, 0x8cae, 0x8cb3, 0x8d30, 0x9621, 0x9646, 0x964c, 0x9678, 0x96f6, 0xf96b, 0xf973,
    0xf978, 0xf9b2, 0xf9d1, 0xf9d3, 0xf9fd, 0x20001, 0x20064, 0x200e2, 0x20121, 0x2092a, 0x20983,
    0x2098c, 0x2099c, 0x20aea, 0x20afd, 0x20b19, 0x22390, 0x22998, 0x23b1b, 0x2626d, 0x2f890,
];

/// `str.isdecimal` of one character (category Nd).
pub fn is_decimal(c: char) -> bool {
    let n = c as u32;
    c.is_ascii_digit() || (n >= 0x660 && DECIMAL_BLOCKS.iter().any(|&b| n >= b && n < b + 10))
}

/// `str.isdigit` of one character.
pub fn is_digit(c: char) -> bool {
    is_decimal(c)
        || DIGIT_RANGES
            .iter()
            .any(|&(a, b)| (a..=b).contains(&(c as u32)))
}

/// `str.isnumeric` of one character.
pub fn is_numeric(c: char) -> bool {
    c.is_numeric() || NUMERIC_IDEOGRAPHS.binary_search(&(c as u32)).is_ok()
}

/// `str.isalpha` of one character (letters, not letter-like numerals).
pub fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic() && !c.is_numeric())
}

/// Titlecase letters (category Lt): `ǅ`, `ǈ`, `ǋ`, `ǲ` and Greek with prosgegrammeni.
pub fn is_titlecase(c: char) -> bool {
    matches!(c as u32, 0x1c5 | 0x1c8 | 0x1cb | 0x1f2 | 0x1f88..=0x1f8f | 0x1f98..=0x1f9f
        | 0x1fa8..=0x1faf | 0x1fbc | 0x1fcc | 0x1ffc)
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

/// An approximation of Unicode's Case_Ignorable, for the final-sigma rule.
fn is_case_ignorable(c: char) -> bool {
    matches!(c, '\'' | '.' | ':' | '^' | '`' | '\u{a8}' | '\u{ad}' | '\u{af}' | '\u{b4}' | '\u{b7}'
        | '\u{b8}' | '\u{2019}' | '\u{2027}' | '\u{2b0}'..='\u{36f}' | '\u{200b}'..='\u{200f}')
}

/// Lowercase of `chars[i]`, with Greek capital sigma becoming final `ς`
/// after a cased letter and not before one.
fn lower_at(chars: &[char], i: usize, out: &mut String) {
    if chars[i] != 'Σ' {
        out.extend(chars[i].to_lowercase());
        return;
    }
    let before = chars[..i].iter().rev().find(|c| !is_case_ignorable(**c));
    let after = chars[i + 1..].iter().find(|c| !is_case_ignorable(**c));
    let fin = before.is_some_and(|c| is_cased(*c)) && !after.is_some_and(|c| is_cased(*c));
    out.push(if fin { 'ς' } else { 'σ' });
}

/// Full titlecase mapping of one character.
fn push_title(c: char, out: &mut String) {
    let n = c as u32;
    let single = match n {
        0x1c4..=0x1c6 => Some(0x1c5),
        0x1c7..=0x1c9 => Some(0x1c8),
        0x1ca..=0x1cc => Some(0x1cb),
        0x1f1..=0x1f3 => Some(0x1f2),
        0x10d0..=0x10fa | 0x10fd..=0x10ff => Some(n),
        0x1f80..=0x1faf => Some(n | 0x8),
        0x1fb3 | 0x1fbc => Some(0x1fbc),
        0x1fc3 | 0x1fcc => Some(0x1fcc),
        0x1ff3 | 0x1ffc => Some(0x1ffc),
        _ => None,
    };
    if let Some(t) = single.and_then(char::from_u32) {
        out.push(t);
        return;
    }
    // The uppercase expansion, lowercased after its first cased letter
    // (`ß` -> `Ss`, `ﬁ` -> `Fi`, `ŉ` -> `ʼN`); iota subscript stays one.
    let mut seen_cased = false;
    for u in c.to_uppercase() {
        if u == 'Ι' && seen_cased && (0x1f00..=0x1fff).contains(&n) {
            out.push('\u{345}');
        } else if seen_cased {
            out.extend(u.to_lowercase());
        } else {
            out.push(u);
        }
        seen_cased |= is_cased(u);
    }
}

/// `s.title()`.
pub fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            lower_at(&chars, i, &mut out);
        } else {
            push_title(c, &mut out);
        }
        prev_cased = is_cased(c);
    }
    out
}

/// `s.capitalize()`: the first character titlecased, the rest lowercased.
pub fn capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(chars[0], &mut out);
        } else {
            lower_at(&chars, i, &mut out);
        }
    }
    out
}

/// `s.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            lower_at(&chars, i, &mut out);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `s.casefold()`: full case folding, computed as lowercase of uppercase
/// of lowercase (`ß` -> `ss`, `ẞ` -> `ss`, `ς` -> `σ`), except dotless `ı`
/// and Cherokee, which fold to uppercase.
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'ı' || (0x13a0..=0x13f5).contains(&n) {
            out.push(c);
        } else if (0x13f8..=0x13fd).contains(&n) || (0xab70..=0xabbf).contains(&n) {
            out.extend(c.to_uppercase());
        } else {
            let lower = c.to_lowercase().flat_map(char::to_uppercase);
            out.extend(lower.flat_map(char::to_lowercase));
        }
    }
    out
}

/// CPython's `isupper`/`islower`: some cased character, none of the other case.
fn case_test(s: &str, upper: bool) -> bool {
    let mut cased = false;
    for c in s.chars() {
        let (this, other) = if upper {
            (c.is_uppercase(), c.is_lowercase())
        } else {
            (c.is_lowercase(), c.is_uppercase())
        };
        if other || is_titlecase(c) {
            return false;
        }
        cased |= this;
    }
    cased
}

/// `s.istitle()`.
pub fn istitle(s: &str) -> bool {
    let (mut cased, mut prev) = (false, false);
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if prev {
                return false;
            }
            (prev, cased) = (true, true);
        } else if c.is_lowercase() {
            if !prev {
                return false;
            }
            (prev, cased) = (true, true);
        } else {
            prev = false;
        }
    }
    cased
}

/// `s.isidentifier()` (non-ASCII letters by the Alphabetic property).
pub fn isidentifier_of(s: &str) -> bool {
    let mut it = s.chars();
    let start_ok = |c: char| c == '_' || is_alpha(c) || (!c.is_ascii() && c.is_alphabetic());
    it.next().is_some_and(start_ok)
        && it.all(|c| {
            start_ok(c)
                || c.is_ascii_digit()
                || (!c.is_ascii() && (c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)))
        })
}

fn printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c as u32, 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891
            | 0x8e2 | 0x180e | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x206f | 0xfeff
            | 0xfff9..=0xfffb | 0xe000..=0xf8ff | 0x110bd | 0x110cd | 0x13430..=0x1343f
            | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a | 0xe0001..=0xe007f))
}

// ----- the natives -----

fn m_join(vm: &mut Interp, a: Args) -> R {
    let (sep, p) = args(&a, "join", Sig::One)?;
    let items = vm.iter_values(&p[0]).map_err(|e| match e {
        TrapKind::Type(m) if m.ends_with("is not iterable") => {
            TrapKind::Type("can only join an iterable".into())
        }
        other => other,
    })?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        let Value::Str(s) = v else {
            return Err(type_err(format!(
                "sequence item {i}: expected str instance, {} found",
                v.class_name()
            )));
        };
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(s);
    }
    Ok(Value::str(out))
}

fn split_impl(vm: &mut Interp, a: Args, name: &str, rev: bool) -> R {
    let (s, p) = kw_args(&a, name, &["sep", "maxsplit"])?;
    let maxsplit = match &p[1] {
        Some(v) => vm.index_of(v)?,
        None => -1,
    };
    Ok(list_of(match &p[0] {
        None | Some(Value::None) if rev => rsplit_ws(&s, maxsplit),
        None | Some(Value::None) => split_ws(&s, maxsplit),
        Some(Value::Str(sep)) if sep.is_empty() => return Err(value_err("empty separator")),
        Some(Value::Str(sep)) => split_sep(&s, sep, maxsplit, rev),
        Some(other) => {
            return Err(type_err(format!(
                "must be str or None, not {}",
                other.class_name()
            )))
        }
    }))
}

fn m_split(vm: &mut Interp, a: Args) -> R {
    split_impl(vm, a, "split", false)
}

fn m_rsplit(vm: &mut Interp, a: Args) -> R {
    split_impl(vm, a, "rsplit", true)
}

fn m_splitlines(vm: &mut Interp, a: Args) -> R {
    let (s, p) = kw_args(&a, "splitlines", &["keepends"])?;
    let keep = match &p[0] {
        Some(v) => vm.index_of(v)? != 0,
        None => false,
    };
    Ok(list_of(splitlines(&s, keep)))
}

fn strip_impl(a: Args, name: &str, left: bool, right: bool) -> R {
    let (s, p) = args(&a, name, Sig::Range(0, 1))?;
    let chars: Option<Vec<char>> = match p.first() {
        None | Some(Value::None) => None,
        Some(Value::Str(c)) => Some(c.chars().collect()),
        Some(_) => return Err(type_err(format!("{name} arg must be None or str"))),
    };
    let pred = |c: char| {
        chars
            .as_ref()
            .map_or_else(|| is_space(c), |set| set.contains(&c))
    };
    let mut t: &str = &s;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    Ok(Value::str(t))
}

fn m_strip(_: &mut Interp, a: Args) -> R {
    strip_impl(a, "strip", true, true)
}

fn m_lstrip(_: &mut Interp, a: Args) -> R {
    strip_impl(a, "lstrip", true, false)
}

fn m_rstrip(_: &mut Interp, a: Args) -> R {
    strip_impl(a, "rstrip", false, true)
}

fn ends_impl(vm: &mut Interp, a: Args, name: &str, at_end: bool) -> R {
    let (s, p) = args(&a, name, Sig::Old(1, 3))?;
    let (start, end) = (slice_index(vm, p.get(1))?, slice_index(vm, p.get(2))?);
    match &p[0] {
        Value::Str(sub) => Ok(Value::Bool(tailmatch(&s, sub, start, end, at_end))),
        Value::Tuple(t) => {
            for v in t.iter() {
                let Value::Str(sub) = v else {
                    return Err(type_err(format!(
                        "tuple for {name} must only contain str, not {}",
                        v.class_name()
                    )));
                };
                if tailmatch(&s, sub, start, end, at_end) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(type_err(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            other.class_name()
        ))),
    }
}

fn m_startswith(vm: &mut Interp, a: Args) -> R {
    ends_impl(vm, a, "startswith", false)
}

fn m_endswith(vm: &mut Interp, a: Args) -> R {
    ends_impl(vm, a, "endswith", true)
}

/// Declares a no-argument method mapping the text to a new value.
macro_rules! unary {
    ($($f:ident $name:literal |$s:ident| $body:expr;)*) => {$(
        fn $f(_: &mut Interp, a: Args) -> R {
            let ($s, _) = args(&a, $name, Sig::NoArgs)?;
            let $s: &str = &$s;
            Ok($body)
        }
    )*};
}

fn all_nonempty(s: &str, p: impl Fn(char) -> bool) -> Value {
    Value::Bool(!s.is_empty() && s.chars().all(p))
}

unary! {
    m_upper "upper" |s| Value::str(s.to_uppercase());
    m_lower "lower" |s| Value::str(s.to_lowercase());
    m_capitalize "capitalize" |s| Value::str(capitalize(s));
    m_title "title" |s| Value::str(title(s));
    m_swapcase "swapcase" |s| Value::str(swapcase(s));
    m_casefold "casefold" |s| Value::str(casefold(s));
    m_isdigit "isdigit" |s| all_nonempty(s, is_digit);
    m_isalpha "isalpha" |s| all_nonempty(s, is_alpha);
    m_isalnum "isalnum" |s| all_nonempty(s, |c| is_alpha(c) || is_numeric(c));
    m_isspace "isspace" |s| all_nonempty(s, is_space);
    m_isupper "isupper" |s| Value::Bool(case_test(s, true));
    m_islower "islower" |s| Value::Bool(case_test(s, false));
    m_isidentifier "isidentifier" |s| Value::Bool(isidentifier_of(s));
    m_isnumeric "isnumeric" |s| all_nonempty(s, is_numeric);
    m_isdecimal "isdecimal" |s| all_nonempty(s, is_decimal);
    m_istitle "istitle" |s| Value::Bool(istitle(s));
    m_isascii "isascii" |s| Value::Bool(s.is_ascii());
    m_isprintable "isprintable" |s| Value::Bool(s.chars().all(printable));
}

fn m_replace(vm: &mut Interp, a: Args) -> R {
    let (s, p) = args(&a, "replace", Sig::Range(2, 3))?;
    let old = want_str(&p[0], "replace() argument 1 ")?;
    let new = want_str(&p[1], "replace() argument 2 ")?;
    let n = match p.get(2) {
        Some(v) => vm.index_of(v)?,
        None => -1,
    };
    Ok(Value::str(replace(&s, old, new, n)?))
}

fn find_impl(vm: &mut Interp, a: Args, name: &str, rev: bool, raise: bool) -> R {
    let (s, p) = args(&a, name, Sig::Old(1, 3))?;
    let sub = want_str(&p[0], "")?;
    let (start, end) = (slice_index(vm, p.get(1))?, slice_index(vm, p.get(2))?);
    let mut i = find(&s, sub, start, end, rev);
    if rev && sub.is_empty() && i >= 0 {
        i = adjust(start, end, char_len(&s) as i64).1;
    }
    if i < 0 && raise {
        return Err(value_err("substring not found"));
    }
    Ok(Value::Int(i))
}

fn m_find(vm: &mut Interp, a: Args) -> R {
    find_impl(vm, a, "find", false, false)
}

fn m_rfind(vm: &mut Interp, a: Args) -> R {
    find_impl(vm, a, "rfind", true, false)
}

fn m_index(vm: &mut Interp, a: Args) -> R {
    find_impl(vm, a, "index", false, true)
}

fn m_rindex(vm: &mut Interp, a: Args) -> R {
    find_impl(vm, a, "rindex", true, true)
}

fn m_count(vm: &mut Interp, a: Args) -> R {
    let (s, p) = args(&a, "count", Sig::Old(1, 3))?;
    let sub = want_str(&p[0], "")?;
    let (start, end) = (slice_index(vm, p.get(1))?, slice_index(vm, p.get(2))?);
    Ok(Value::Int(count(&s, sub, start, end)))
}

fn pad_impl(vm: &mut Interp, a: Args, name: &str) -> R {
    let (s, p) = args(&a, name, Sig::Range(1, 2))?;
    let width = width_arg(vm, &p[0])?;
    let fill = match p.get(1) {
        None => ' ',
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(Value::Str(_)) => {
            return Err(type_err(
                "The fill character must be exactly one character long",
            ))
        }
        Some(o) => {
            return Err(type_err(format!(
                "The fill character must be a unicode character, not {}",
                o.class_name()
            )))
        }
    };
    let len = char_len(&s);
    Ok(Value::str(match name {
        "center" => center(&s, width, fill),
        "ljust" => crate::vm::format_num::pad(&s, len, width, fill, '<'),
        _ => crate::vm::format_num::pad(&s, len, width, fill, '>'),
    }))
}

fn m_center(vm: &mut Interp, a: Args) -> R {
    pad_impl(vm, a, "center")
}

fn m_ljust(vm: &mut Interp, a: Args) -> R {
    pad_impl(vm, a, "ljust")
}

fn m_rjust(vm: &mut Interp, a: Args) -> R {
    pad_impl(vm, a, "rjust")
}

fn m_zfill(vm: &mut Interp, a: Args) -> R {
    let (s, p) = args(&a, "zfill", Sig::One)?;
    let width = width_arg(vm, &p[0])?;
    Ok(Value::str(zfill(&s, width)))
}

fn partition_impl(a: Args, name: &str, rev: bool) -> R {
    let (s, p) = args(&a, name, Sig::One)?;
    let sep = want_str(&p[0], "")?;
    if sep.is_empty() {
        return Err(value_err("empty separator"));
    }
    let hit = if rev { s.rfind(sep) } else { s.find(sep) };
    let parts = match hit {
        Some(i) => [&s[..i], sep, &s[i + sep.len()..]],
        None if rev => ["", "", &s[..]],
        None => [&s[..], "", ""],
    };
    Ok(Value::tuple(parts.iter().map(|x| Value::str(*x)).collect()))
}

fn m_partition(_: &mut Interp, a: Args) -> R {
    partition_impl(a, "partition", false)
}

fn m_rpartition(_: &mut Interp, a: Args) -> R {
    partition_impl(a, "rpartition", true)
}

fn m_format(vm: &mut Interp, a: Args) -> R {
    let s = receiver(&a, "format")?;
    Ok(Value::str(format::str_format(
        vm,
        &s,
        Some(&a.pos[1..]),
        Kwargs::Pairs(&a.kw),
    )?))
}

fn m_format_map(vm: &mut Interp, a: Args) -> R {
    let (s, p) = args(&a, "format_map", Sig::One)?;
    Ok(Value::str(format::str_format(
        vm,
        &s,
        None,
        Kwargs::Map(&p[0]),
    )?))
}

fn m_encode(_: &mut Interp, a: Args) -> R {
    let (s, p) = kw_args(&a, "encode", &["encoding", "errors"])?;
    let enc = match &p[0] {
        None => "utf-8".to_string(),
        Some(v) => want_str(v, "encode() argument 'encoding' ")?.to_string(),
    };
    let errors = match &p[1] {
        None => "strict".to_string(),
        Some(v) => want_str(v, "encode() argument 'errors' ")?.to_string(),
    };
    let limit = match enc.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" | "u8" | "utf" => None,
        "ascii" | "us-ascii" => Some((128u32, "ascii")),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => Some((256, "latin-1")),
        _ => {
            return Err(TrapKind::Builtin("LookupError", format!("unknown encoding: {enc}")).into())
        }
    };
    let bytes = match limit {
        None => s.as_bytes().to_vec(),
        Some((max, codec)) => {
            let mut out = Vec::with_capacity(s.len());
            for (i, c) in s.chars().enumerate() {
                match c as u32 {
                    n if n < max => out.push(n as u8),
                    _ if errors == "ignore" => {}
                    _ if errors == "replace" => out.push(b'?'),
                    _ => {
                        let shown = format::ascii_escape(&c.to_string());
                        return Err(TrapKind::Builtin("UnicodeError", format!(
                            "'{codec}' codec can't encode character '{shown}' in position {i}: ordinal not in range({max})"
                        )).into());
                    }
                }
            }
            out
        }
    };
    Ok(Value::obj(Object::Bytes(bytes)))
}

fn m_expandtabs(vm: &mut Interp, a: Args) -> R {
    let (s, p) = kw_args(&a, "expandtabs", &["tabsize"])?;
    let size = match &p[0] {
        Some(v) => vm.index_of(v)?,
        None => 8,
    };
    Ok(Value::str(expandtabs(&s, size)?))
}

fn remove_impl(a: Args, name: &str, suffix: bool) -> R {
    let (s, p) = args(&a, name, Sig::One)?;
    let affix = want_str(&p[0], &format!("{name}() argument "))?;
    let out = if suffix {
        s.strip_suffix(affix)
    } else {
        s.strip_prefix(affix)
    };
    Ok(match out {
        Some(t) => Value::str(t),
        None => Value::Str(s),
    })
}

fn m_removeprefix(_: &mut Interp, a: Args) -> R {
    remove_impl(a, "removeprefix", false)
}

fn m_removesuffix(_: &mut Interp, a: Args) -> R {
    remove_impl(a, "removesuffix", true)
}

fn m_translate(vm: &mut Interp, a: Args) -> R {
    let (s, p) = args(&a, "translate", Sig::One)?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let key = Value::Int(c as i64);
        let mapped = match format::getitem(vm, &p[0], &key) {
            Ok(v) => v,
            Err(e) if crate::vm::runtime::is_exc(&e, "LookupError") => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match mapped {
            Value::None => {}
            Value::Str(t) => out.push_str(&t),
            Value::Int(n) => match u32::try_from(n).ok().filter(|n| *n < 0x110000) {
                Some(n) => out.push(char::from_u32(n).unwrap_or('\u{fffd}')),
                None => return Err(value_err("character mapping must be in range(0x110000)")),
            },
            _ => {
                return Err(type_err(
                    "character mapping must return integer, None or str",
                ))
            }
        }
    }
    Ok(Value::str(out))
}

/// `str.maketrans(x[, y[, z]])`, called on a string (the receiver is ignored).
fn m_maketrans(_: &mut Interp, a: Args) -> R {
    let (_, p) = args(&a, "maketrans", Sig::Range(1, 3))?;
    let mut map = DictMap::default();
    if p.len() == 1 {
        let Value::Dict(d) = &p[0] else {
            return Err(type_err(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        let entries: Vec<(Value, Value)> = d
            .map
            .lock()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in entries {
            let key = match &k {
                Value::Str(s) if s.chars().count() == 1 => {
                    Value::Int(s.chars().next().map_or(0, |c| c as i64))
                }
                Value::Str(_) => {
                    return Err(value_err(
                        "string keys in translate table must be of length 1",
                    ))
                }
                Value::Int(_) | Value::Bool(_) => k.clone(),
                _ => {
                    return Err(type_err(
                        "keys in translate table must be strings or integers",
                    ))
                }
            };
            map.insert(key, v)?;
        }
        return Ok(Dict::value(map));
    }
    let y = want_str(&p[1], "maketrans() argument 2 ")?;
    let z = match p.get(2) {
        Some(v) => Some(want_str(v, "maketrans() argument 3 ")?),
        None => None,
    };
    let Value::Str(x) = &p[0] else {
        return Err(type_err(
            "first maketrans argument must be a string if there is a second argument",
        ));
    };
    if char_len(x) != char_len(y) {
        return Err(value_err(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (f, t) in x.chars().zip(y.chars()) {
        map.insert(Value::Int(f as i64), Value::Int(t as i64))?;
    }
    for c in z.unwrap_or("").chars() {
        map.insert(Value::Int(c as i64), Value::None)?;
    }
    Ok(Dict::value(map))
}

#[cfg(test)]
mod tests {
    //! Expected values are what CPython 3.11 returned for the same calls.
    use super::*;

    #[test]
    fn whitespace_splits_like_cpython() {
        let cases: &[(Vec<&str>, &[&str])] = &[
            (split_ws("  a  b  c  ", 1), &["a", "b  c  "]),
            (rsplit_ws("  a  b  c  ", 1), &["  a  b", "c"]),
            (split_ws("  a  b  c  ", -1), &["a", "b", "c"]),
            (rsplit_ws("  a  b  c  ", -1), &["a", "b", "c"]),
            (split_ws("", -1), &[]),
            (rsplit_ws("   ", -1), &[]),
            (
                split_ws("a\u{1c}b\u{3000}c\u{85}d", -1),
                &["a", "b", "c", "d"],
            ),
            (
                rsplit_ws("a\u{1c}b\u{3000}c\u{85}d", -1),
                &["a", "b", "c", "d"],
            ),
            (split_ws(" a b ", 0), &["a b "]),
            (rsplit_ws(" a b ", 0), &[" a b"]),
            (split_ws("a  b  c", 2), &["a", "b", "c"]),
            (rsplit_ws("a  b  c", 2), &["a", "b", "c"]),
            (split_sep("a,b,,c", ",", -1, false), &["a", "b", "", "c"]),
            (split_sep("a,b,,c", ",", 1, false), &["a", "b,,c"]),
            (split_sep("a,b,,c", ",", 1, true), &["a,b,", "c"]),
            (split_sep("aaa", "aa", -1, false), &["", "a"]),
            (split_sep("aaa", "aa", -1, true), &["a", ""]),
            (split_sep("", ",", -1, false), &[""]),
            (split_sep("a--b--c", "--", 1, true), &["a--b", "c"]),
            (split_sep("héé", "é", -1, true), &["h", "", ""]),
            (split_sep(",a,", ",", -1, false), &["", "a", ""]),
            (
                splitlines(
                    "a\r\nb\rc\nd\x0be\x0cf\x1cg\x1dh\x1ei\u{85}j\u{2028}k\u{2029}l",
                    false,
                ),
                &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"],
            ),
            (splitlines("a\nb\n", true), &["a\n", "b\n"]),
            (splitlines("", false), &[]),
            (splitlines("\n\n", false), &["", ""]),
            (splitlines("a\r\r\nb", true), &["a\r", "\r\n", "b"]),
            (splitlines("x\x1fy", false), &["x\x1fy"]),
        ];
        for (i, (got, want)) in cases.iter().enumerate() {
            assert_eq!(got, want, "case {i}");
        }
    }

    #[test]
    fn searches_count_code_points() {
        let finds = [
            (find("héllo", "l", None, None, false), 2),
            (find("héllo", "l", None, None, true), 3),
            (find("héllo", "l", Some(3), None, false), 3),
            (find("abc", "", Some(5), None, false), -1),
            (find("abc", "", Some(3), None, false), 3),
            (find("abc", "c", Some(-1), None, true), 2),
            (find("abc", "a", Some(-10), Some(-2), false), 0),
            (find("abcabc", "bc", None, Some(-1), true), 1),
            (find("héllo wörld", "ö", None, None, false), 7),
            (find("abc", "d", None, None, true), -1),
            (count("abc", "", None, None), 4),
            (count("abc", "", Some(5), None), 0),
            (count("abc", "", Some(3), None), 1),
            (count("abc", "", Some(2), Some(1)), 0),
            (count("aaaa", "aa", None, None), 2),
            (count("héhéhé", "hé", Some(1), None), 2),
        ];
        for (i, (got, want)) in finds.iter().enumerate() {
            assert_eq!(got, want, "case {i}");
        }
        let matches = [
            (tailmatch("abc", "", Some(3), None, false), true),
            (tailmatch("abc", "", Some(4), None, true), false),
            (tailmatch("abc", "b", Some(1), None, false), true),
            (tailmatch("abc", "bc", None, Some(-1), true), false),
            (tailmatch("héllo", "llo", None, None, true), true),
            (tailmatch("héllo", "é", Some(1), Some(2), false), true),
        ];
        for (i, (got, want)) in matches.iter().enumerate() {
            assert_eq!(got, want, "tailmatch case {i}");
        }
    }

    #[test]
    fn replace_pad_and_tabs_like_cpython() {
        for (s, old, new, n, want) in [
            ("abc", "", "-", -1, "-a-b-c-"),
            ("abc", "", "-", 2, "-a-bc"),
            ("abc", "b", "x", 0, "abc"),
            ("aaa", "a", "bb", 2, "bbbba"),
            ("héllo", "l", "L", -1, "héLLo"),
            ("", "", "x", -1, "x"),
        ] {
            assert_eq!(replace(s, old, new, n).as_deref(), Ok(want));
        }
        let huge = "x".repeat(1 << 20);
        assert!(replace(&"a".repeat(2000), "", &huge, -1).is_err());
        for (s, t, want) in [
            ("a\tb\n\tc", 4, "a   b\n    c"),
            ("a\tb", 0, "ab"),
            ("a\tb", -1, "ab"),
            ("ab\tc\r\td", 8, "ab      c\r        d"),
            ("é\tx", 3, "é  x"),
        ] {
            assert_eq!(expandtabs(s, t).as_deref(), Ok(want));
        }
        for (s, w, want) in [
            ("abc", 6, "*abc**"),
            ("ab", 5, "**ab*"),
            ("x", 4, "*x**"),
            ("abc", 2, "abc"),
            ("é", 4, "*é**"),
        ] {
            assert_eq!(center(s, w, '*'), want);
        }
        for (s, w, want) in [
            ("-42", 6, "-00042"),
            ("+", 3, "+00"),
            ("abc", 2, "abc"),
            ("42", 5, "00042"),
            ("", 3, "000"),
        ] {
            assert_eq!(zfill(s, w), want);
        }
    }

    #[test]
    fn case_mappings_like_cpython() {
        // (s, title, capitalize, swapcase, casefold, lower, upper)
        let cases = [
            (
                "they're bill's",
                "They'Re Bill'S",
                "They're bill's",
                "THEY'RE BILL'S",
                "they're bill's",
                "they're bill's",
                "THEY'RE BILL'S",
            ),
            ("ßa", "Ssa", "Ssa", "SSA", "ssa", "ßa", "SSA"),
            (
                "ǆa dž", "ǅa Dž", "ǅa dž", "ǄA DŽ", "ǆa dž", "ǆa dž", "ǄA DŽ",
            ),
            (
                "hELLO wORLD",
                "Hello World",
                "Hello world",
                "Hello World",
                "hello world",
                "hello world",
                "HELLO WORLD",
            ),
            ("ΑΣ.", "Ας.", "Ας.", "ας.", "ασ.", "ας.", "ΑΣ."),
            ("ΑΣ Σ", "Ας Σ", "Ας σ", "ας σ", "ασ σ", "ας σ", "ΑΣ Σ"),
            ("aΣb", "Aσb", "Aσb", "AσB", "aσb", "aσb", "AΣB"),
            (
                "ΣΑΣ ΟΔΟΣ",
                "Σας Οδος",
                "Σας οδος",
                "σας οδος",
                "σασ οδοσ",
                "σας οδος",
                "ΣΑΣ ΟΔΟΣ",
            ),
            (
                "ﬁne ŉ", "Fine ʼN", "Fine ŉ", "FINE ʼN", "fine ʼn", "ﬁne ŉ", "FINE ʼN",
            ),
            ("ᾳ ᾲ", "ᾼ Ὰͅ", "ᾼ ᾲ", "ΑΙ ᾺΙ", "αι ὰι", "ᾳ ᾲ", "ΑΙ ᾺΙ"),
            ("ǈ", "ǈ", "ǈ", "ǈ", "ǉ", "ǉ", "Ǉ"),
            (
                "123abc", "123Abc", "123abc", "123ABC", "123abc", "123abc", "123ABC",
            ),
            ("ﬃ ẞ", "Ffi ẞ", "Ffi ß", "FFI ß", "ffi ss", "ﬃ ß", "FFI ẞ"),
        ];
        for (s, t, c, sw, cf, lo, up) in cases {
            assert_eq!(
                (
                    title(s),
                    capitalize(s),
                    swapcase(s),
                    casefold(s),
                    s.to_lowercase(),
                    s.to_uppercase()
                ),
                (
                    t.into(),
                    c.into(),
                    sw.into(),
                    cf.into(),
                    lo.into(),
                    up.into()
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn predicates_like_cpython() {
        // istitle isupper islower isidentifier isdigit isdecimal isnumeric isalpha isalnum isspace isprintable
        let cases: &[(&str, [u8; 11])] = &[
            ("Hello World", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            ("ǅa", [1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1]),
            ("ABC1", [0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1]),
            ("abc!", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
            ("a1_", [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]),
            ("1a", [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]),
            ("²", [0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1]),
            ("½", [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1]),
            ("一", [0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1]),
            ("\x1c", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
            ("", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            ("HeLLo", [0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1]),
            ("Ⅻ", [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1]),
            ("٣", [0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1]),
            ("é", [0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1]),
        ];
        let all = |s: &str, p: fn(char) -> bool| !s.is_empty() && s.chars().all(p);
        for &(s, want) in cases {
            let got = [
                istitle(s),
                case_test(s, true),
                case_test(s, false),
                isidentifier_of(s),
                all(s, is_digit),
                all(s, is_decimal),
                all(s, is_numeric),
                all(s, is_alpha),
                all(s, |c| is_alpha(c) || is_numeric(c)),
                all(s, is_space),
                s.chars().all(printable),
            ];
            assert_eq!(got.map(u8::from), want, "{s:?}");
        }
    }

    #[test]
    fn indices_adjust_like_cpython() {
        assert_eq!(adjust(None, None, 3), (0, 3));
        assert_eq!(adjust(Some(-10), Some(10), 3), (0, 3));
        assert_eq!(adjust(Some(5), Some(-1), 3), (5, 2));
        assert_eq!(byte_at("héllo", 2), 3);
        assert_eq!(byte_at("héllo", 9), 6);
        assert_eq!(char_len("héllo"), 5);
    }

    /// A dict value for the cases below.
    fn d(items: Vec<(Value, Value)>) -> Value {
        let mut m = DictMap::default();
        for (k, v) in items {
            m.insert(k, v).expect("hashable");
        }
        Dict::value(m)
    }

    #[test]
    fn methods_match_cpython() {
        use crate::vm::builtins::core::{check_cases, l, s};
        check_cases(vec![
            (&JOIN, vec![s(", "), l(vec![s("a"), s("b"), s("c")])], vec![], "'a, b, c'"),
            (&JOIN, vec![s(""), Value::tuple(vec![s("x"), s("y")])], vec![], "'xy'"),
            (&JOIN, vec![s("-"), s("abc")], vec![], "'a-b-c'"),
            (&JOIN, vec![s(""), Value::Int(5)], vec![], "TypeError: can only join an iterable"),
            (&JOIN, vec![s(","), l(vec![s("a"), Value::Int(2)])], vec![], "TypeError: sequence item 1: expected str instance, int found"),
            (&JOIN, vec![s(""), d(vec![(s("k"), Value::Int(1)), (s("j"), Value::Int(2))])], vec![], "'kj'"),
            (&JOIN, vec![s("")], vec![], "TypeError: str.join() takes exactly one argument (0 given)"),
            (&SPLIT, vec![s("a b  c")], vec![], "['a', 'b', 'c']"),
            (&SPLIT, vec![s("a,b,,c"), s(",")], vec![], "['a', 'b', '', 'c']"),
            (&SPLIT, vec![s("a,b,c"), s(",")], vec![("maxsplit", Value::Int(1))], "['a', 'b,c']"),
            (&SPLIT, vec![s("a b c")], vec![("sep", Value::None), ("maxsplit", Value::Int(1))], "['a', 'b c']"),
            (&SPLIT, vec![s("x"), s("")], vec![], "ValueError: empty separator"),
            (&SPLIT, vec![s("x"), Value::Int(1)], vec![], "TypeError: must be str or None, not int"),
            (&SPLIT, vec![s("a b"), s(" "), Value::Int(1), Value::Int(2)], vec![], "TypeError: split() takes at most 2 arguments (3 given)"),
            (&SPLIT, vec![s("a b"), s(" ")], vec![("sep", s(" "))], "TypeError: argument for split() given by name ('sep') and position (1)"),
            (&SPLIT, vec![s("a b")], vec![("foo", Value::Int(1))], "TypeError: 'foo' is an invalid keyword argument for split()"),
            (&SPLIT, vec![s("a b"), s(" "), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&RSPLIT, vec![s("a b c"), Value::None, Value::Int(1)], vec![], "['a b', 'c']"),
            (&RSPLIT, vec![s("a,b,c"), s(",")], vec![("maxsplit", Value::Int(1))], "['a,b', 'c']"),
            (&SPLITLINES, vec![s("a\u{a}b\u{d}\u{a}c")], vec![], "['a', 'b', 'c']"),
            (&SPLITLINES, vec![s("a\u{a}b\u{d}\u{a}c"), Value::Bool(true)], vec![], "['a\\n', 'b\\r\\n', 'c']"),
            (&SPLITLINES, vec![s("a\u{a}b")], vec![("keepends", Value::Int(1))], "['a\\n', 'b']"),
            (&SPLITLINES, vec![s("a"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&STRIP, vec![s("  ab  ")], vec![], "'ab'"),
            (&STRIP, vec![s("xxabyx"), s("xy")], vec![], "'ab'"),
            (&LSTRIP, vec![s("  ab  ")], vec![], "'ab  '"),
            (&RSTRIP, vec![s("  ab  "), Value::None], vec![], "'  ab'"),
            (&STRIP, vec![s("ab"), Value::Int(5)], vec![], "TypeError: strip arg must be None or str"),
            (&STRIP, vec![s("ab"), s("a"), s("b")], vec![], "TypeError: strip expected at most 1 argument, got 2"),
            (&STRIP, vec![s("\u{1c} ab　")], vec![], "'ab'"),
            (&STARTSWITH, vec![s("abc"), s("ab")], vec![], "True"),
            (&STARTSWITH, vec![s("abc"), Value::tuple(vec![s("x"), s("a")])], vec![], "True"),
            (&STARTSWITH, vec![s("abc"), s("b"), Value::Int(1)], vec![], "True"),
            (&STARTSWITH, vec![s("abc"), Value::tuple(vec![s("x"), Value::Int(1)])], vec![], "TypeError: tuple for startswith must only contain str, not int"),
            (&STARTSWITH, vec![s("abc"), Value::Int(1)], vec![], "TypeError: startswith first arg must be str or a tuple of str, not int"),
            (&STARTSWITH, vec![s("abc")], vec![], "TypeError: startswith() takes at least 1 argument (0 given)"),
            (&STARTSWITH, vec![s("abc"), s("a"), s("x")], vec![], "TypeError: slice indices must be integers or None or have an __index__ method"),
            (&ENDSWITH, vec![s("abc"), s("bc")], vec![], "True"),
            (&ENDSWITH, vec![s("abc"), s("b"), Value::Int(0), Value::Int(2)], vec![], "True"),
            (&ENDSWITH, vec![s("abc"), s(""), Value::Int(4)], vec![], "False"),
            (&ENDSWITH, vec![s("abc"), s("c"), Value::None, Value::None], vec![], "True"),
            (&UPPER, vec![s("héllo")], vec![], "'HÉLLO'"),
            (&LOWER, vec![s("HÉLLO")], vec![], "'héllo'"),
            (&UPPER, vec![s("a"), Value::Int(1)], vec![], "TypeError: str.upper() takes no arguments (1 given)"),
            (&TITLE, vec![s("hello world")], vec![], "'Hello World'"),
            (&CAPITALIZE, vec![s("hELLO")], vec![], "'Hello'"),
            (&SWAPCASE, vec![s("Hello")], vec![], "'hELLO'"),
            (&CASEFOLD, vec![s("Straße")], vec![], "'strasse'"),
            (&REPLACE, vec![s("aaa"), s("a"), s("b")], vec![], "'bbb'"),
            (&REPLACE, vec![s("aaa"), s("a"), s("b"), Value::Int(2)], vec![], "'bba'"),
            (&REPLACE, vec![s("abc"), s(""), s("-")], vec![], "'-a-b-c-'"),
            (&REPLACE, vec![s("abc"), Value::Int(1), s("b")], vec![], "TypeError: replace() argument 1 must be str, not int"),
            (&REPLACE, vec![s("abc"), s("a"), Value::Int(2)], vec![], "TypeError: replace() argument 2 must be str, not int"),
            (&REPLACE, vec![s("abc"), s("a")], vec![], "TypeError: replace expected at least 2 arguments, got 1"),
            (&REPLACE, vec![s("abc"), s("a"), s("b"), s("c")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&FIND, vec![s("héllo"), s("l")], vec![], "2"),
            (&FIND, vec![s("héllo"), s("l"), Value::Int(3)], vec![], "3"),
            (&FIND, vec![s("abc"), s("z")], vec![], "-1"),
            (&FIND, vec![s("abc"), Value::Int(1)], vec![], "TypeError: must be str, not int"),
            (&FIND, vec![s("abc")], vec![], "TypeError: find() takes at least 1 argument (0 given)"),
            (&FIND, vec![s("abc"), s("a"), s("x")], vec![], "TypeError: slice indices must be integers or None or have an __index__ method"),
            (&RFIND, vec![s("héllo"), s("l")], vec![], "3"),
            (&RFIND, vec![s("abc"), s("")], vec![], "3"),
            (&RFIND, vec![s("abc"), s(""), Value::Int(1), Value::Int(2)], vec![], "2"),
            (&INDEX, vec![s("abc"), s("c")], vec![], "2"),
            (&INDEX, vec![s("abc"), s("z")], vec![], "ValueError: substring not found"),
            (&RINDEX, vec![s("abcb"), s("b")], vec![], "3"),
            (&COUNT, vec![s("aaaa"), s("aa")], vec![], "2"),
            (&COUNT, vec![s("abc"), s("")], vec![], "4"),
            (&COUNT, vec![s("abc"), s("")], vec![("start", Value::Int(1))], "TypeError: count() takes no keyword arguments"),
            (&ISDIGIT, vec![s("123")], vec![], "True"),
            (&ISDIGIT, vec![s("")], vec![], "False"),
            (&ISALPHA, vec![s("abc")], vec![], "True"),
            (&ISALNUM, vec![s("ab1")], vec![], "True"),
            (&ISSPACE, vec![s(" \u{9}")], vec![], "True"),
            (&ISUPPER, vec![s("ABC")], vec![], "True"),
            (&ISLOWER, vec![s("abc")], vec![], "True"),
            (&ISIDENTIFIER, vec![s("_a1")], vec![], "True"),
            (&ISNUMERIC, vec![s("½")], vec![], "True"),
            (&ISDECIMAL, vec![s("٣")], vec![], "True"),
            (&ISTITLE, vec![s("Hello World")], vec![], "True"),
            (&ISASCII, vec![s("é")], vec![], "False"),
            (&ISPRINTABLE, vec![s("a\u{a}")], vec![], "False"),
            (&CENTER, vec![s("ab"), Value::Int(5)], vec![], "'  ab '"),
            (&CENTER, vec![s("ab"), Value::Int(6), s("*")], vec![], "'**ab**'"),
            (&CENTER, vec![s("ab"), Value::Int(1)], vec![], "'ab'"),
            (&CENTER, vec![s("x"), Value::Int(5), s("ab")], vec![], "TypeError: The fill character must be exactly one character long"),
            (&CENTER, vec![s("x"), Value::Int(5), Value::Int(1)], vec![], "TypeError: The fill character must be a unicode character, not int"),
            (&CENTER, vec![s("x"), s("5")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&CENTER, vec![s("x")], vec![], "TypeError: center expected at least 1 argument, got 0"),
            (&LJUST, vec![s("ab"), Value::Int(5), s(".")], vec![], "'ab...'"),
            (&RJUST, vec![s("ab"), Value::Int(5)], vec![], "'   ab'"),
            (&RJUST, vec![s("ab"), Value::Int(-3)], vec![], "'ab'"),
            (&ZFILL, vec![s("-42"), Value::Int(6)], vec![], "'-00042'"),
            (&ZFILL, vec![s("42"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&PARTITION, vec![s("a=b=c"), s("=")], vec![], "('a', '=', 'b=c')"),
            (&PARTITION, vec![s("abc"), s("=")], vec![], "('abc', '', '')"),
            (&RPARTITION, vec![s("a=b=c"), s("=")], vec![], "('a=b', '=', 'c')"),
            (&RPARTITION, vec![s("abc"), s("=")], vec![], "('', '', 'abc')"),
            (&PARTITION, vec![s("x"), s("")], vec![], "ValueError: empty separator"),
            (&PARTITION, vec![s("x"), Value::Int(1)], vec![], "TypeError: must be str, not int"),
            (&FORMAT, vec![s("{} {}"), Value::Int(1), s("a")], vec![], "'1 a'"),
            (&FORMAT, vec![s("{0}{1}{0}"), s("a"), s("b")], vec![], "'aba'"),
            (&FORMAT, vec![s("{x}-{y!r}")], vec![("x", Value::Int(1)), ("y", s("z"))], "\"1-'z'\""),
            (&FORMAT, vec![s("{:>5}|{:<5}|{:^5}"), Value::Int(1), Value::Int(2), Value::Int(3)], vec![], "'    1|2    |  3  '"),
            (&FORMAT, vec![s("{0[1]} {0[a]}"), d(vec![(Value::Int(1), s("one")), (s("a"), s("A"))])], vec![], "'one A'"),
            (&FORMAT, vec![s("{:{}}"), s("a"), Value::Int(5)], vec![], "'a    '"),
            (&FORMAT, vec![s("{0:>{w}.{p}f}"), Value::Float(3.14149)], vec![("w", Value::Int(10)), ("p", Value::Int(2))], "'      3.14'"),
            (&FORMAT, vec![s("{!a}"), s("é")], vec![], "\"'\\\\xe9'\""),
            (&FORMAT, vec![s("{{}}{{{0}}}"), Value::Int(5)], vec![], "'{}{5}'"),
            (&FORMAT, vec![s("{0[1]}"), s("ab")], vec![], "'b'"),
            (&FORMAT, vec![s("{0[5]}"), s("ab")], vec![], "IndexError: string index out of range"),
            (&FORMAT, vec![s("{0[x]}"), l(vec![Value::Int(1)])], vec![], "TypeError: list indices must be integers or slices, not str"),
            (&FORMAT, vec![s("{0[9]}"), Value::tuple(vec![Value::Int(1)])], vec![], "IndexError: tuple index out of range"),
            (&FORMAT, vec![s("{0.x}"), Value::Int(1)], vec![], "AttributeError: 'int' object has no attribute 'x'"),
            (&FORMAT, vec![s("{}{1}"), Value::Int(1), Value::Int(2)], vec![], "ValueError: cannot switch from automatic field numbering to manual field specification"),
            (&FORMAT, vec![s("{1}{}"), Value::Int(1), Value::Int(2)], vec![], "ValueError: cannot switch from manual field specification to automatic field numbering"),
            (&FORMAT, vec![s("{")], vec![], "ValueError: Single '{' encountered in format string"),
            (&FORMAT, vec![s("}")], vec![], "ValueError: Single '}' encountered in format string"),
            (&FORMAT, vec![s("{0")], vec![], "ValueError: expected '}' before end of string"),
            (&FORMAT, vec![s("{!}"), Value::Int(1)], vec![], "ValueError: unmatched '{' in format spec"),
            (&FORMAT, vec![s("{0!x}"), Value::Int(1)], vec![], "ValueError: Unknown conversion specifier x"),
            (&FORMAT, vec![s("{0!rx}"), Value::Int(1)], vec![], "ValueError: expected ':' after conversion specifier"),
            (&FORMAT, vec![s("{0:{1:{2}}}"), Value::Int(1), Value::Int(2), Value::Int(3)], vec![], "ValueError: Max string recursion exceeded"),
            (&FORMAT, vec![s("{a{b}c}")], vec![], "ValueError: unexpected '{' in field name"),
            (&FORMAT, vec![s("{2}"), Value::Int(1)], vec![], "IndexError: Replacement index 2 out of range for positional args tuple"),
            (&FORMAT, vec![s("{x}")], vec![], "KeyError: 'x'"),
            (&FORMAT, vec![s("{0[}"), Value::Int(1)], vec![], "ValueError: expected '}' before end of string"),
            (&FORMAT, vec![s("{0]}"), l(vec![Value::Int(1)])], vec![], "KeyError: '0]'"),
            (&FORMAT, vec![s("{0.}"), Value::Int(1)], vec![], "ValueError: Empty attribute in format string"),
            (&FORMAT, vec![s("{0[]}"), Value::Int(1)], vec![], "ValueError: Empty attribute in format string"),
            (&FORMAT, vec![s("{0[0]x}"), l(vec![Value::Int(1)])], vec![], "ValueError: Only '.' or '[' may follow ']' in format field specifier"),
            (&FORMAT, vec![s("{:}}"), Value::Int(1)], vec![], "ValueError: Single '}' encountered in format string"),
            (&FORMAT, vec![s("{0:{{}}}"), Value::Int(1)], vec![], "ValueError: Invalid format specifier '{}' for object of type 'int'"),
            (&FORMAT, vec![s("x{0}y}}z"), Value::Int(1)], vec![], "'x1y}z'"),
            (&FORMAT, vec![s("{:,} {:_b} {:+.2e} {:08.3f} {:%}"), Value::Int(1234567), Value::Int(10), Value::Float(12345.678), Value::Float(-3.14149), Value::Float(0.25)], vec![], "'1,234,567 1010 +1.23e+04 -003.141 25.000000%'"),
            (&FORMAT, vec![s("{:d}"), s("a")], vec![], "ValueError: Unknown format code 'd' for object of type 'str'"),
            (&FORMAT, vec![s("{:s}"), Value::None], vec![], "TypeError: unsupported format string passed to NoneType.__format__"),
            (&FORMAT, vec![s("{}"), Value::None], vec![], "'None'"),
            (&FORMAT, vec![s("{:5}|{:<5}|"), Value::Bool(true), Value::None], vec![], "TypeError: unsupported format string passed to NoneType.__format__"),
            (&FORMAT, vec![s("{0[0]}"), d(vec![(Value::Int(0), s("a"))])], vec![], "'a'"),
            (&FORMAT, vec![s("{0[1]}"), d(vec![(s("1"), s("a"))])], vec![], "KeyError: 1"),
            (&FORMAT, vec![s("{0[-1]}"), l(vec![Value::Int(1)])], vec![], "TypeError: list indices must be integers or slices, not str"),
            (&FORMAT, vec![s("{:99999999999999999999}"), Value::Int(1)], vec![], "ValueError: Too many decimal digits in format string"),
            (&FORMAT, vec![s("{99999999999999999999}"), Value::Int(1)], vec![], "ValueError: Too many decimal digits in format string"),
            (&FORMAT_MAP, vec![s("{x}"), d(vec![(s("x"), Value::Int(1))])], vec![], "'1'"),
            (&FORMAT_MAP, vec![s("{0}"), d(vec![])], vec![], "ValueError: Format string contains positional fields"),
            (&FORMAT_MAP, vec![s("{}"), d(vec![])], vec![], "ValueError: Format string contains positional fields"),
            (&FORMAT_MAP, vec![s("{y}"), d(vec![(s("x"), Value::Int(1))])], vec![], "KeyError: 'y'"),
            (&ENCODE, vec![s("hé")], vec![], "b'h\\xc3\\xa9'"),
            (&ENCODE, vec![s("ab"), s("ascii")], vec![], "b'ab'"),
            (&ENCODE, vec![s("é"), s("ascii")], vec![], "UnicodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"),
            (&ENCODE, vec![s("é"), s("latin-1")], vec![], "b'\\xe9'"),
            (&ENCODE, vec![s("é"), s("UTF_8")], vec![], "b'\\xc3\\xa9'"),
            (&ENCODE, vec![s("é"), s("x")], vec![], "LookupError: unknown encoding: x"),
            (&ENCODE, vec![s("é"), Value::Int(5)], vec![], "TypeError: encode() argument 'encoding' must be str, not int"),
            (&ENCODE, vec![s("é")], vec![("errors", Value::Int(5))], "TypeError: encode() argument 'errors' must be str, not int"),
            (&ENCODE, vec![s("é€x"), s("ascii"), s("replace")], vec![], "b'??x'"),
            (&ENCODE, vec![s("é€x"), s("ascii"), s("ignore")], vec![], "b'x'"),
            (&EXPANDTABS, vec![s("a\u{9}b")], vec![], "'a       b'"),
            (&EXPANDTABS, vec![s("a\u{9}b"), Value::Int(4)], vec![], "'a   b'"),
            (&EXPANDTABS, vec![s("a\u{9}b")], vec![("tabsize", Value::Int(2))], "'a b'"),
            (&EXPANDTABS, vec![s("a\u{9}b"), s("x")], vec![], "TypeError: 'str' object cannot be interpreted as an integer"),
            (&REMOVEPREFIX, vec![s("abc"), s("ab")], vec![], "'c'"),
            (&REMOVEPREFIX, vec![s("abc"), s("x")], vec![], "'abc'"),
            (&REMOVESUFFIX, vec![s("abc"), s("bc")], vec![], "'a'"),
            (&REMOVEPREFIX, vec![s("abc"), Value::Int(5)], vec![], "TypeError: removeprefix() argument must be str, not int"),
            (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), s("X")), (Value::Int(98), Value::None), (Value::Int(99), Value::Int(100))])], vec![], "'Xd'"),
            (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), Value::Int(1114112))])], vec![], "ValueError: character mapping must be in range(0x110000)"),
            (&TRANSLATE, vec![s("abc"), d(vec![(Value::Int(97), Value::Float(1.5))])], vec![], "TypeError: character mapping must return integer, None or str"),
            (&TRANSLATE, vec![s("abc"), l(vec![Value::None, s("x")])], vec![], "'abc'"),
            (&TRANSLATE, vec![s("abc"), Value::Int(5)], vec![], "TypeError: 'int' object is not subscriptable"),
            (&MAKETRANS, vec![s(""), d(vec![(s("a"), Value::Int(1)), (Value::Int(98), s("x")), (s("c"), Value::None)])], vec![], "{97: 1, 98: 'x', 99: None}"),
            (&MAKETRANS, vec![s(""), s("ab"), s("cd")], vec![], "{97: 99, 98: 100}"),
            (&MAKETRANS, vec![s(""), s("ab"), s("cd"), s("e")], vec![], "{97: 99, 98: 100, 101: None}"),
            (&MAKETRANS, vec![s(""), Value::Int(5), s("a")], vec![], "TypeError: first maketrans argument must be a string if there is a second argument"),
            (&MAKETRANS, vec![s(""), s("ab"), s("a")], vec![], "ValueError: the first two maketrans arguments must have equal length"),
            (&MAKETRANS, vec![s(""), s("ab"), s("cd"), Value::Int(5)], vec![], "TypeError: maketrans() argument 3 must be str, not int"),
            (&MAKETRANS, vec![s(""), d(vec![(s("ab"), Value::Int(1))])], vec![], "ValueError: string keys in translate table must be of length 1"),
            (&MAKETRANS, vec![s(""), d(vec![(Value::Float(5.0), Value::Int(1))])], vec![], "TypeError: keys in translate table must be strings or integers"),
            (&MAKETRANS, vec![s(""), Value::Int(5)], vec![], "TypeError: if you give only one argument to maketrans it must be a dict"),
        ]);
    }
}
