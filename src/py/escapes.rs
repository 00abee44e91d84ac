//! Escapes in string literals: the ones CPython's parser rejects when it
//! decodes a literal ([`bad_escape`]), and lone surrogates, which CPython
//! accepts and gilsim's strings cannot hold ([`surrogate`]).

use super::tokens::StrTok;

/// The first escape in string `s` that CPython cannot decode: the offset
/// of its backslash, its length in bytes and CPython's message. `name_at`
/// is where ruff found a `\N{...}` name it does not know, if it did (the
/// names are ruff's to look up).
pub(super) fn bad_escape(
    src: &str,
    s: &StrTok,
    name_at: Option<usize>,
) -> Option<(usize, usize, String)> {
    if s.raw {
        return None;
    }
    let b = src.as_bytes();
    let (body, end) = s.body;
    // Positions are counted in the buffer CPython decodes, where every
    // non-ASCII character is spelled `\UXXXXXXXX` and a backslash before
    // one `\u005c`. In an f-string each literal part is decoded alone.
    let width = |i: usize| -> usize {
        if b[i] >= 0x80 {
            10
        } else {
            1
        }
    };
    let mut pos = 0usize;
    let mut i = body;
    let mut depth = 0usize;
    while i < end {
        let c = b[i];
        if s.fstring && (c == b'{' || c == b'}') {
            if b.get(i + 1) == Some(&c) && depth == 0 {
                i += 2;
                pos = 0;
                continue;
            }
            depth = if c == b'{' {
                depth + 1
            } else {
                depth.saturating_sub(1)
            };
            i += 1;
            pos = 0;
            continue;
        }
        if depth > 0 {
            i += 1;
            continue;
        }
        if c != b'\\' {
            pos += width(i);
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let at = i;
        let start = pos;
        let &e = b.get(i + 1).filter(|_| i + 1 < end)?;
        if e >= 0x80 {
            pos += 6;
            i += 1;
            continue;
        }
        let hex = match e {
            b'x' => Some((2, "truncated \\xXX escape")),
            b'u' if !s.bytes => Some((4, "truncated \\uXXXX escape")),
            b'U' if !s.bytes => Some((8, "truncated \\UXXXXXXXX escape")),
            _ => None,
        };
        if let Some((n, message)) = hex {
            let digits = b[i + 2..end]
                .iter()
                .take(n)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits < n {
                if s.bytes {
                    return Some((
                        at,
                        2 + digits,
                        format!(
                            "SyntaxError: (value error) invalid \\x escape at position {}",
                            at - body
                        ),
                    ));
                }
                return Some((
                    at,
                    2 + digits,
                    codec_error(start, start + 2 + digits, message),
                ));
            }
            let text = &src[i + 2..i + 2 + n];
            let value = u32::from_str_radix(text, 16).unwrap_or(0);
            if value > 0x10ffff {
                return Some((
                    at,
                    2 + n,
                    codec_error(start, start + 2 + n, "illegal Unicode character"),
                ));
            }
            i += 2 + n;
            pos += 2 + n;
            continue;
        }
        if e == b'N' && !s.bytes {
            let malformed = "malformed \\N character escape";
            if i + 2 >= end || b[i + 2] != b'{' {
                return Some((at, 2, codec_error(start, start + 2, malformed)));
            }
            let Some(close) = b[i + 3..end]
                .iter()
                .position(|&c| c == b'}')
                .map(|k| i + 3 + k)
            else {
                let total: usize = start
                    + 3
                    + (i + 3..end)
                        .filter(|&k| (b[k] & 0xc0) != 0x80)
                        .map(width)
                        .sum::<usize>();
                return Some((at, end - at, codec_error(start, total, malformed)));
            };
            let name_width: usize = (i + 3..close)
                .filter(|&k| (b[k] & 0xc0) != 0x80)
                .map(width)
                .sum();
            if close == i + 3 {
                return Some((at, 3, codec_error(start, start + 3, malformed)));
            }
            if name_at.is_some_and(|n| n >= i && n <= close) {
                return Some((
                    at,
                    close + 1 - at,
                    codec_error(
                        start,
                        start + 4 + name_width,
                        "unknown Unicode character name",
                    ),
                ));
            }
            pos += 4 + name_width;
            i = close + 1;
            continue;
        }
        pos += 2;
        i += 2;
    }
    None
}

/// The text of CPython's `UnicodeDecodeError` for the bytes `a..b` of the
/// decoded buffer, after `(unicode error)`.
fn codec_error(a: usize, b: usize, reason: &str) -> String {
    let b = b.max(a + 1);
    if b == a + 1 {
        format!("SyntaxError: (unicode error) 'unicodeescape' codec can't decode byte 0x5c in position {a}: {reason}")
    } else {
        format!(
            "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {reason}",
            a,
            b - 1
        )
    }
}

/// The first `\uD800`-`\uDFFF` escape (or its `\U` spelling) in a string
/// literal: CPython makes a lone surrogate of it, gilsim's strings cannot
/// hold one (ruff reads it as U+FFFD).
pub(super) fn surrogate(src: &str, s: &StrTok) -> Option<(usize, usize)> {
    if s.raw || s.bytes {
        return None;
    }
    let b = src.as_bytes();
    let (mut i, end) = s.body;
    while i < end {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let n = match b.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        let digits = src.get(i + 2..(i + 2 + n).min(end)).unwrap_or("");
        if digits.len() == n && digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(digits, 16).unwrap_or(0);
            if (0xd800..=0xdfff).contains(&v) {
                return Some((i, 2 + n));
            }
        }
        i += 2;
    }
    None
}
