//! The pure text algorithms behind the `str` methods, over `&str`:
//! code-point indexing and searching, splitting, stripping and padding,
//! and Unicode character classes and case mapping, with CPython 3.11's
//! results. Nothing here touches the interpreter.

use crate::vm::format_num::MAX_WIDTH;
use crate::vm::trap::TrapKind;

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
pub(super) fn case_test(s: &str, upper: bool) -> bool {
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

/// `str.isprintable` of one character: printable ASCII, else neither a
/// control, whitespace other than space, nor one of the format and
/// private-use code points CPython treats as unprintable.
pub(super) fn printable(c: char) -> bool {
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
