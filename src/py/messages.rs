//! Syntax errors in CPython's words: which error CPython 3.11 reports for
//! a file that does not parse, in its text, at its position.
//!
//! ruff's parser recovers and reports every error it meets, in its own
//! words; CPython stops at one, chosen by how its tokenizer and parser
//! interleave: the parser asks the tokenizer for tokens as it goes, and
//! after a parser error it tokenizes the rest of the file, so an error
//! the tokenizer raises (an unterminated string, a malformed number, a
//! stray bracket) wins over a parser error anywhere before it, while one
//! it only flags (tabs and spaces mixed, an unindent to no outer level)
//! counts only if the parser got that far. [`syntax_errors`] replays
//! that choice with [`checks::scan`] (CPython's tokenizer, for its
//! errors) and ruff's errors (for the parser's), and words each the way
//! CPython does. Where CPython's message is only "invalid syntax", ruff's
//! more precise reason follows it in parentheses.

use super::checks::{self, Scan, TokError};
use super::LineIndex;
use crate::diag::Diagnostic;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::Expr;
use ruff_python_parser::{
    InterpolatedStringErrorType as FStr, LexicalErrorType as Lex, ParseError, ParseErrorType as P,
};
use ruff_text_size::{TextRange, TextSize};

/// The message for a parse error ruff reported as `m`, without its
/// context: the fallback where [`syntax_errors`] has nothing better.
pub fn syntax_message(m: &str) -> String {
    let known = [
        (
            "Unexpected indentation",
            "IndentationError: unexpected indent",
        ),
        (
            "unindent does not match any outer indentation level",
            "IndentationError: unindent does not match any outer indentation level",
        ),
        (
            "missing closing quote in string literal",
            "SyntaxError: unterminated string literal",
        ),
        (
            "Expected a newline after line continuation character",
            "SyntaxError: unexpected character after line continuation character",
        ),
        (
            "unexpected EOF while parsing",
            "SyntaxError: unexpected EOF while parsing",
        ),
    ];
    if let Some((_, c)) = known.iter().find(|(r, _)| *r == m) {
        return c.to_string();
    }
    if m.starts_with("Expected `:`, found") {
        return "SyntaxError: expected ':'".into();
    }
    format!("SyntaxError: invalid syntax ({})", detail(m))
}

/// ruff's wording as a detail: backquotes as CPython's quotes, no
/// capital first letter.
fn detail(m: &str) -> String {
    let m = m.replace('`', "'");
    let mut cs = m.chars();
    match (cs.next(), cs.clone().next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(cs).collect()
        }
        _ => m,
    }
}

fn range(a: usize, b: usize) -> TextRange {
    TextRange::new(TextSize::new(a as u32), TextSize::new(b as u32))
}

fn start(r: TextRange) -> usize {
    usize::from(r.start())
}

/// One parser error: where it counts from, what it says, and whether it
/// is an unexpected indent (after which CPython looks no further).
struct ParserError {
    at: usize,
    diag: Diagnostic,
    indent: bool,
}

/// The syntax errors of `src` as CPython would report them, given the
/// errors ruff's parser found (the first is CPython's choice; ruff's
/// others follow when CPython's choice is one of them). Empty if the
/// source parses and tokenizes as CPython's does.
pub fn syntax_errors(src: &str, lines: &LineIndex, errors: &[ParseError]) -> Vec<Diagnostic> {
    let scan = checks::scan(src, lines);
    let mut tok = scan.error.clone();
    // A character no identifier may hold stops CPython's tokenizer; ruff
    // finds those (it knows Unicode's identifier classes).
    for e in errors {
        if let P::Lexical(Lex::UnrecognizedToken { tok: ch }) = &e.error {
            let at = start(e.location);
            if !ch.is_ascii() && tok.as_ref().is_none_or(|t| at < t.start) {
                tok = Some(TokError {
                    at,
                    len: ch.len_utf8(),
                    start: at,
                    message: invalid_char(*ch),
                    raised: true,
                    open: None,
                });
            }
        }
    }
    let mut parser: Vec<ParserError> = errors
        .iter()
        .filter_map(|e| parser_error(src, lines, &scan, e))
        .collect();
    parser.sort_by_key(|p| p.at);
    let tok_diag =
        |t: &TokError| Diagnostic::new(lines.span(range(t.at, t.at + t.len)), t.message.clone());
    let chosen: Vec<Diagnostic> = match (&tok, parser.first()) {
        (Some(t), None) => vec![tok_diag(t)],
        (Some(t), Some(p)) if p.at >= t.start => vec![tok_diag(t)],
        (Some(t), Some(p)) if !p.indent => {
            let p_line = p.diag.span.line;
            if t.raised {
                vec![tok_diag(t)]
            } else if let Some(open) = t.open.filter(|o| p_line > o.line) {
                vec![Diagnostic::new(
                    lines.span(range(open.at, open.at + 1)),
                    format!("SyntaxError: '{}' was never closed", open.ch as char),
                )]
            } else {
                parser.into_iter().map(|p| p.diag).collect()
            }
        }
        _ => parser.into_iter().map(|p| p.diag).collect(),
    };
    if chosen.is_empty() {
        // ruff rejects what CPython's tokenizer, as replayed, accepts:
        // ruff's words, then.
        return errors
            .iter()
            .map(|e| Diagnostic::new(lines.span(e.location), syntax_message(&e.error.to_string())))
            .collect();
    }
    chosen
}

/// CPython's message for a character that can be no part of a name.
fn invalid_char(c: char) -> String {
    let format_char = matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e000}'..='\u{f8ff}'
        | '\u{f0000}'..='\u{10ffff}' | '\u{e0001}'..='\u{e007f}');
    if c.is_control() || (c.is_whitespace() && c != ' ') || format_char {
        format!(
            "SyntaxError: invalid non-printable character U+{:04X}",
            c as u32
        )
    } else {
        format!("SyntaxError: invalid character '{c}' (U+{:04X})", c as u32)
    }
}

/// A ruff error as CPython's parser would word it; None for lexical
/// errors the tokenizer replay reports in its own way.
fn parser_error(src: &str, lines: &LineIndex, scan: &Scan, e: &ParseError) -> Option<ParserError> {
    let at = start(e.location);
    let plain = |msg: String| {
        Some(ParserError {
            at,
            diag: Diagnostic::new(lines.span(e.location), msg),
            indent: false,
        })
    };
    let generic = || {
        plain(format!(
            "SyntaxError: invalid syntax ({})",
            detail(&e.error.to_string())
        ))
    };
    if !matches!(e.error, P::Lexical(_))
        && scan.in_brackets(at)
        && at > 0
        && src.as_bytes()[at - 1] == b'\n'
    {
        // ruff closed a bracket at a line end to recover; CPython reads on,
        // and its parser fails on the line's first token.
        let next = next_token(src, at);
        return Some(ParserError {
            at: next,
            diag: Diagnostic::new(
                lines.span(range(next, next + 1)),
                "SyntaxError: invalid syntax",
            ),
            indent: false,
        });
    }
    if !matches!(e.error, P::Lexical(_)) && unexpected_indent(src, scan, at) {
        // ruff's error is at an indentation CPython's tokenizer makes an
        // INDENT token of, which its parser rejects first.
        return Some(ParserError {
            at,
            diag: Diagnostic::new(
                lines.span(e.location),
                "IndentationError: unexpected indent",
            ),
            indent: true,
        });
    }
    match &e.error {
        P::Lexical(k) => match k {
            Lex::UnicodeError | Lex::MissingUnicodeLbrace | Lex::MissingUnicodeRbrace => {
                let found = scan
                    .string_at(src, at)
                    .and_then(|s| checks::bad_escape(src, s, Some(at)).map(|x| (s.start, x)));
                match found {
                    Some((s_start, (a, len, msg))) => Some(ParserError {
                        at: s_start.max(a.min(at)),
                        diag: Diagnostic::new(lines.span(range(a, a + len)), msg),
                        indent: false,
                    }),
                    None => plain(format!("SyntaxError: (unicode error) {}", detail(&k.to_string()))),
                }
            }
            Lex::UnrecognizedToken { tok } if tok.is_ascii() => plain("SyntaxError: invalid syntax".into()),
            Lex::InvalidByteLiteral => {
                let r = scan
                    .string_at(src, at)
                    .map_or(e.location, |s| range(s.start, s.body.1 + 1));
                Some(ParserError {
                    at,
                    diag: Diagnostic::new(
                        lines.span(r),
                        "SyntaxError: bytes can only contain ASCII literal characters",
                    ),
                    indent: false,
                })
            }
            Lex::FStringError(f) => fstring(f).map_or_else(|| None, plain),
            Lex::TStringError(_) => generic(),
            // Strings, numbers, indentation, continuations, the end of
            // the file and stray characters are the tokenizer's.
            _ => None,
        },
        P::UnexpectedIndentation => Some(ParserError {
            at,
            diag: Diagnostic::new(lines.span(e.location), "IndentationError: unexpected indent"),
            indent: true,
        }),
        // ruff ends an unclosed bracket at the line's end when the next
        // line looks like a statement; to CPython that line end is no
        // token, and its parser fails on the next token instead.
        P::ExpectedToken { found: TokenKind::Newline, .. } if scan.in_brackets(at) => {
            let next = next_token(src, at);
            Some(ParserError {
                at: next,
                diag: Diagnostic::new(
                    lines.span(range(next, next + 1)),
                    "SyntaxError: invalid syntax",
                ),
                indent: false,
            })
        }
        P::ExpectedToken { expected: TokenKind::Comma, found } if starts_expression(*found) => {
            match forgotten_comma(src, scan, at, *found) {
                Some(a) => Some(ParserError {
                    at: a,
                    diag: Diagnostic::new(
                        lines.span(range(a, usize::from(e.location.end()))),
                        "SyntaxError: invalid syntax. Perhaps you forgot a comma?",
                    ),
                    indent: false,
                }),
                None => generic(),
            }
        }
        P::ExpectedToken { expected, found } => match expected {
            TokenKind::Colon => plain("SyntaxError: expected ':'".into()),
            TokenKind::Lpar if *found != TokenKind::Newline => plain("SyntaxError: expected '('".into()),
            TokenKind::Else if *found != TokenKind::Colon => {
                plain("SyntaxError: expected 'else' after 'if' expression".into())
            }
            _ => generic(),
        },
        P::OtherError(m) if m.starts_with("Expected an indented block after ") => {
            let what = m["Expected an indented block after ".len()..]
                .replace("`class` definition", "class definition")
                .replace("`case` block", "`case` statement")
                .replace(" clause", " statement")
                .replace('`', "'");
            // ruff points at the statement that should have been
            // indented, or at the header's line end when a dedent or the
            // end of the file follows it; CPython at the next statement,
            // or the file's last line.
            let (header, r) = match scan.logical_line_of(at) {
                Some(l) if l == at => (scan.logical_line_before(at), e.location),
                other => {
                    let r = match scan.logical_line_after(at) {
                        Some(next) => range(next, next + 1),
                        None => {
                            let last = src.trim_end().len();
                            let line_start = src[..last].rfind('\n').map_or(0, |i| i + 1);
                            if line_start > at { range(line_start, line_start + 1) } else { e.location }
                        }
                    };
                    (other, r)
                }
            };
            let on = header.map(|h| format!(" on line {}", lines.pos(h).0)).unwrap_or_default();
            Some(ParserError {
                at: start(r),
                diag: Diagnostic::new(
                    lines.span(r),
                    format!("IndentationError: expected an indented block after {what}{on}"),
                ),
                indent: false,
            })
        }
        P::OtherError(m) if m == "Expected `except` or `finally` after `try` block" => {
            plain("SyntaxError: expected 'except' or 'finally' block".into())
        }
        P::SimpleStatementsOnSameLine => match python2_statement(src, scan, at) {
            Some((stmt_at, word)) => Some(ParserError {
                at,
                diag: Diagnostic::new(
                    lines.span(range(stmt_at, line_end(src, stmt_at))),
                    format!("SyntaxError: Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
                ),
                indent: false,
            }),
            None => generic(),
        },
        P::InvalidAssignmentTarget => {
            let kind = expr_kind(src, e.location);
            if first_target_then_equals(src, scan, e.location)
                && !matches!(kind.as_str(), "tuple" | "list" | "generator expression" | "True" | "False" | "None")
            {
                plain(format!(
                    "SyntaxError: cannot assign to {kind} here. Maybe you meant '==' instead of '='?"
                ))
            } else {
                plain(format!("SyntaxError: cannot assign to {kind}"))
            }
        }
        P::InvalidNamedAssignmentTarget => plain(format!(
            "SyntaxError: cannot use assignment expressions with {}",
            expr_kind(src, e.location)
        )),
        P::InvalidAugmentedAssignmentTarget => plain(format!(
            "SyntaxError: '{}' is an illegal expression for augmented assignment",
            expr_kind(src, e.location)
        )),
        P::InvalidDeleteTarget => plain(format!("SyntaxError: cannot delete {}", expr_kind(src, e.location))),
        P::InvalidAnnotatedAssignmentTarget => match expr_kind(src, e.location).as_str() {
            k @ ("tuple" | "list") => plain(format!("SyntaxError: only single target (not {k}) can be annotated")),
            _ => plain("SyntaxError: illegal target for annotation".into()),
        },
        P::PositionalAfterKeywordArgument => plain("SyntaxError: positional argument follows keyword argument".into()),
        P::PositionalAfterKeywordUnpacking => {
            plain("SyntaxError: positional argument follows keyword argument unpacking".into())
        }
        P::InvalidArgumentUnpackingOrder => {
            plain("SyntaxError: iterable argument unpacking follows keyword argument unpacking".into())
        }
        P::NonDefaultParamAfterDefaultParam => plain("SyntaxError: non-default argument follows default argument".into()),
        P::ParamAfterVarKeywordParam => plain("SyntaxError: arguments cannot follow var-keyword argument".into()),
        P::ExpectedKeywordParam => plain("SyntaxError: named arguments must follow bare *".into()),
        P::VarParameterWithDefault => {
            let kw = src[..at.min(src.len())].trim_end().rsplit([',', '(']).next().is_some_and(|p| p.trim_start().starts_with("**"));
            let what = if kw { "var-keyword" } else { "var-positional" };
            plain(format!("SyntaxError: {what} argument cannot have default value"))
        }
        P::InvalidStarredExpressionUsage => plain("SyntaxError: cannot use starred expression here".into()),
        P::UnparenthesizedGeneratorExpression => plain("SyntaxError: Generator expression must be parenthesized".into()),
        P::IterableUnpackingInComprehension => {
            plain("SyntaxError: iterable unpacking cannot be used in comprehension".into())
        }
        P::FStringError(f) => fstring(f).map_or_else(generic, plain),
        _ => generic(),
    }
}

/// CPython 3.11's words for an f-string error, where they differ.
fn fstring(f: &FStr) -> Option<String> {
    Some(match f {
        FStr::UnclosedLbrace => "SyntaxError: f-string: expecting '}'".into(),
        FStr::SingleRbrace => "SyntaxError: f-string: single '}' is not allowed".into(),
        FStr::InvalidConversionFlag => {
            "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'".into()
        }
        // An unterminated f-string is an unterminated string to CPython
        // 3.11's tokenizer, which reports it.
        FStr::UnterminatedString | FStr::UnterminatedTripleQuotedString => return None,
        other => format!("SyntaxError: f-string: {}", detail(&other.to_string())),
    })
}

/// The offset of the first token after offset `at`: past blanks, line
/// ends, comments and line continuations.
fn next_token(src: &str, at: usize) -> usize {
    let b = src.as_bytes();
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\x0c' | b'\n' => i += 1,
            b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i.min(src.len())
}

/// True if offset `at` starts a line indented deeper than the logical
/// line before it, which does not open a block.
fn unexpected_indent(src: &str, scan: &Scan, at: usize) -> bool {
    let b = src.as_bytes();
    if at >= b.len() || (at > 0 && b[at - 1] != b'\n') || !matches!(b[at], b' ' | b'\t' | b'\x0c') {
        return false;
    }
    let first = at
        + b[at..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\x0c'))
            .count();
    if scan.logical_line_of(first) != Some(first) {
        return false;
    }
    let Some(prev) = scan.logical_line_before(first) else {
        return false;
    };
    let column = |tok: usize| {
        let line = src[..tok].rfind('\n').map_or(0, |i| i + 1);
        b[line..tok].iter().fold(0usize, |col, c| match c {
            b'\t' => (col / 8 + 1) * 8,
            b'\x0c' => 0,
            _ => col + 1,
        })
    };
    let opens_block = src[prev..first]
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim_end())
        .rfind(|l| !l.is_empty())
        .is_some_and(|l| l.ends_with(':'));
    column(first) > column(prev) && !opens_block
}

/// True for the tokens an expression may start with.
fn starts_expression(t: TokenKind) -> bool {
    matches!(
        t,
        TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringStart
            | TokenKind::None
            | TokenKind::True
            | TokenKind::False
            | TokenKind::Ellipsis
            | TokenKind::Lambda
            | TokenKind::Await
    )
}

/// Two expressions side by side in brackets, the second at `b`: where
/// the first starts, if CPython would suggest a comma between them (not
/// in a `def`'s parameters, not a name before a string as in `print "x"`).
fn forgotten_comma(src: &str, scan: &Scan, b: usize, found: TokenKind) -> Option<usize> {
    let open = scan.innermost_bracket(b)?;
    let before = src[..open].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if before[..word_start].trim_end().ends_with("def") && word_start > 0 {
        return None;
    }
    // Back to the previous comma or the bracket, over nested brackets and
    // strings.
    let bytes = src.as_bytes();
    let mut i = b;
    let mut depth = 0usize;
    while i > open + 1 {
        i -= 1;
        if let Some(s) = scan.string_at(src, i) {
            if s.start > open {
                i = s.start;
                continue;
            }
        }
        match bytes[i] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
            b',' if depth == 0 => {
                i += 1;
                break;
            }
            _ => {}
        }
    }
    let a = next_token(src, i.max(open + 1));
    if a >= b {
        return None;
    }
    let first = &src[a..b].trim_end();
    let simple_name = first.chars().all(|c| c.is_alphanumeric() || c == '_');
    let soft = ["match", "case", "type", "_"].iter().any(|k| {
        first
            .strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    });
    (!(soft || simple_name && found == TokenKind::String)).then_some(a)
}

/// The end of the line holding offset `at`.
fn line_end(src: &str, at: usize) -> usize {
    src[at.min(src.len())..]
        .find('\n')
        .map_or(src.len(), |i| at + i)
}

/// `print x` or `exec x`: the start of the statement and the word, if
/// the error at `at` is right after such a word opening its line.
fn python2_statement<'s>(src: &'s str, scan: &Scan, at: usize) -> Option<(usize, &'s str)> {
    let l = scan.logical_line_of(at)?;
    let head = src.get(l..at)?;
    let word = head.trim_end();
    (matches!(word, "print" | "exec") && head.len() > word.len())
        .then_some((l, &src[l..l + word.len()]))
}

/// True if the invalid target at `r` opens its statement and `=` (not
/// `==`) follows it: CPython then suggests `==`.
fn first_target_then_equals(src: &str, scan: &Scan, r: TextRange) -> bool {
    let (a, b) = (start(r), usize::from(r.end()));
    let opens = scan.logical_line_of(a) == Some(a);
    let rest = src.get(b..).unwrap_or("").trim_start_matches([' ', '\t']);
    opens && rest.starts_with('=') && !rest.starts_with("==")
}

/// What CPython calls the expression at `r` in its messages.
fn expr_kind(src: &str, r: TextRange) -> String {
    let text = src.get(start(r)..usize::from(r.end())).unwrap_or("");
    let Ok(parsed) = ruff_python_parser::parse_expression(text.trim()) else {
        let t = text.trim();
        return match t {
            "True" | "False" | "None" => t.to_string(),
            _ if t.starts_with('*') => "starred".to_string(),
            _ => "expression".to_string(),
        };
    };
    expr_name(parsed.expr()).to_string()
}

/// CPython's `_PyPegen_get_expr_name`.
fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::BooleanLiteral(b) if b.value => "True",
        Expr::BooleanLiteral(_) => "False",
        Expr::NoneLiteral(_) => "None",
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        _ => "literal",
    }
}
