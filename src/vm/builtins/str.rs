//! The methods of `str` values, with CPython 3.11's results and error
//! messages. Indices count code points, as in Python (a fast path when
//! the text is ASCII). The string algorithms are plain functions over
//! `&str`, tested directly; the natives unpack arguments and call them.
//!
//! Unicode character classes follow Python where it is cheap: whitespace
//! (`\x1c`-`\x1f` included), decimal/digit/numeric via small tables, and
//! case mapping (titlecase, final sigma, case folding) by rules; `isalpha`
//! and `isidentifier` of non-ASCII text use Rust's Alphabetic property.

use super::str_args::*;
use super::str_text::*;
use crate::vm::format::{self, Kwargs};
use crate::vm::interp::Interp;
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::object::{Dict, DictMap, Object};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;

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
#[path = "str_tests.rs"]
mod tests;
