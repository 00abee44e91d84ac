//! The `.pyasm` parser: tokens into functions and globals, with every name
//! (label, local, global, function) resolved to an index. Errors are
//! collected, not thrown: one bad line does not hide the next.

use super::lexer::{lex_line, TokKind, Token};
use crate::bytecode::{Function, Global};
use crate::diag::{Diagnostic, Span};
use crate::vm::value::Value;

use super::directives::parse_directive;
pub(crate) use super::signature::Signature;

/// A parsed but unresolved instruction.
pub(crate) struct RawInstr {
    pub(crate) mnemonic: String,
    pub(crate) span: Span,
    pub(crate) operands: Vec<Token>,
}

/// `.handler START END TARGET depth=N level=M`, labels unresolved.
pub(crate) struct RawHandler {
    pub(crate) start: (String, Span),
    pub(crate) end: (String, Span),
    pub(crate) target: (String, Span),
    pub(crate) depth: u32,
    pub(crate) level: u32,
}

/// A function as written, before names are resolved.
pub(crate) struct RawFunc {
    pub(crate) name: String,
    pub(crate) span: Span,
    /// `#N` after the parameters: the function's index in the program,
    /// which lets functions share a name (`"<lambda>"`).
    pub(crate) index: Option<(u32, Span)>,
    pub(crate) sig: Signature,
    pub(crate) labels: Vec<(String, Span, u32)>,
    pub(crate) code: Vec<RawInstr>,
    pub(crate) ended: bool,
    /// Where `.generator`, `.coroutine` or `.async_generator` was given,
    /// and the code flag it sets.
    pub(crate) code_kind: Option<(Span, u16)>,
    /// Locals named by `.locals`, `.cells` and `.frees`, in the order
    /// written: they are numbered after the parameters, before the
    /// `STORE_FAST` targets.
    pub(crate) declared: Vec<(String, Span)>,
    /// Which of `.locals`, `.cells` and `.frees` listed each name (bits
    /// 1, 2, 4), to find a name listed twice in constant time.
    pub(crate) listed: std::collections::HashMap<String, u8>,
    /// `.cells` names, in order.
    pub(crate) cells: Vec<(String, Span)>,
    /// `.frees` names, in order.
    pub(crate) frees: Vec<(String, Span)>,
    /// `.consts`: the start of the constant pool, in order.
    pub(crate) consts: Vec<Value>,
    /// `.handler` lines, innermost first.
    pub(crate) handlers: Vec<RawHandler>,
}

/// The whole file, as written.
#[derive(Default)]
pub(crate) struct RawProgram {
    pub(crate) globals: Vec<(String, Span, Value)>,
    pub(crate) funcs: Vec<RawFunc>,
}

/// Parses and resolves a source text. Returns functions and globals ready
/// for verification, or the errors found.
pub fn parse(src: &str) -> Result<(Vec<Function>, Vec<Global>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let raw = parse_lines(src, &mut errors);
    let out = super::resolve::resolve(raw, &mut errors);
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|d| (d.span.line, d.span.col));
        Err(errors)
    }
}

/// Parses a single constant, as given to `--arg` or `.global`: a literal
/// or a tuple of constants (`(1, "a")`).
pub fn parse_constant(text: &str) -> Result<Value, String> {
    let toks = lex_line(text, 1).map_err(|d| d.message)?;
    match toks.as_slice() {
        [] => Err("empty constant".into()),
        [t] => const_value(t).ok_or_else(|| {
            format!("'{text}' is not a constant (int, float, \"str\", True, False or None)")
        }),
        [t, ..] if t.kind == TokKind::LParen => {
            let mut i = 0;
            let v = const_expr(&toks, &mut i, false).map_err(|d| d.message)?;
            if i == toks.len() {
                Ok(v)
            } else {
                Err(format!("'{text}' is not a single constant"))
            }
        }
        _ => Err(format!("'{text}' is not a single constant")),
    }
}

/// How deep constant tuples may nest (the parser recurses).
const MAX_CONST_DEPTH: u32 = 64;

/// The description of a constant used in error messages.
pub(crate) const CONST_KINDS: &str = "int, float, \"str\", True, False, None or a tuple";

/// Parses one constant starting at `toks[*i]` and moves `*i` past it: a
/// literal, or a tuple `(a, b)`, `(a,)`, `()` whose items are constants or
/// builtin names (`(ValueError, TypeError)`). `builtin_names` also allows a
/// builtin name at the top (the `.consts` list).
pub(crate) fn const_expr(
    toks: &[Token],
    i: &mut usize,
    builtin_names: bool,
) -> Result<Value, Diagnostic> {
    const_at(toks, i, builtin_names, 0)
}

fn const_at(
    toks: &[Token],
    i: &mut usize,
    builtin_names: bool,
    depth: u32,
) -> Result<Value, Diagnostic> {
    let Some(t) = toks.get(*i) else {
        let span = toks.last().map_or(Span::default(), |t| t.span);
        return Err(Diagnostic::new(
            span,
            format!("expected a constant ({CONST_KINDS}) here"),
        ));
    };
    if let Some(v) = const_value(t) {
        *i += 1;
        return Ok(v);
    }
    match &t.kind {
        TokKind::Ident(name) if builtin_names => match crate::vm::builtins::builtin(name) {
            Some(v) => {
                *i += 1;
                Ok(v)
            }
            None => Err(Diagnostic::new(
                t.span,
                format!("'{name}' is not a constant ({CONST_KINDS}) or a builtin name"),
            )),
        },
        TokKind::LParen => {
            if depth >= MAX_CONST_DEPTH {
                return Err(Diagnostic::new(
                    t.span,
                    format!("constant tuples nest at most {MAX_CONST_DEPTH} deep"),
                ));
            }
            let open = t.span;
            *i += 1;
            let mut items = Vec::new();
            let mut trailing_comma = false;
            loop {
                match toks.get(*i).map(|t| &t.kind) {
                    Some(TokKind::RParen) => {
                        let close = toks[*i].span;
                        *i += 1;
                        if items.len() == 1 && !trailing_comma {
                            return Err(Diagnostic::new(
                                close,
                                "a tuple of one item needs a trailing comma: (x,)",
                            ));
                        }
                        return Ok(Value::tuple(items));
                    }
                    None => {
                        return Err(Diagnostic::new(open, "unclosed tuple: missing ')'"));
                    }
                    Some(_) => {}
                }
                items.push(const_at(toks, i, true, depth + 1)?);
                match toks.get(*i).map(|t| &t.kind) {
                    Some(TokKind::Comma) => {
                        *i += 1;
                        trailing_comma = true;
                    }
                    Some(TokKind::RParen) => trailing_comma = false,
                    Some(other) => {
                        return Err(Diagnostic::new(
                            toks[*i].span,
                            format!("expected ',' or ')' in a tuple, found {}", other.describe()),
                        ));
                    }
                    None => {
                        return Err(Diagnostic::new(open, "unclosed tuple: missing ')'"));
                    }
                }
            }
        }
        other => Err(Diagnostic::new(
            t.span,
            format!(
                "expected a constant ({CONST_KINDS}), found {}",
                other.describe()
            ),
        )),
    }
}

pub(crate) fn const_value(t: &Token) -> Option<Value> {
    Some(match &t.kind {
        TokKind::Int(i) => Value::Int(*i),
        TokKind::Float(f) => Value::Float(*f),
        TokKind::Str(s) => Value::str(s.clone()),
        TokKind::Ident(s) if s == "True" => Value::Bool(true),
        TokKind::Ident(s) if s == "False" => Value::Bool(false),
        TokKind::Ident(s) if s == "None" => Value::None,
        // How `dis` writes an infinite float constant (`1e999` in Python).
        TokKind::Ident(s) if s == "inf" => Value::Float(f64::INFINITY),
        _ => return None,
    })
}

fn parse_lines(src: &str, errors: &mut Vec<Diagnostic>) -> RawProgram {
    let mut prog = RawProgram::default();
    for (idx, text) in src.lines().enumerate() {
        let line = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let toks = match lex_line(text, line) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        if let Err(d) = parse_line(toks, &mut prog) {
            errors.push(d);
        }
    }
    if let Some(f) = prog.funcs.last() {
        if !f.ended {
            errors.push(Diagnostic::new(
                f.span,
                format!("function '{}' has no closing .end", f.name),
            ));
        }
    }
    prog
}

/// The function being defined (after `.func`, before its `.end`), if any.
pub(super) fn open_func(prog: &mut RawProgram) -> Option<&mut RawFunc> {
    prog.funcs.last_mut().filter(|f| !f.ended)
}

pub(crate) fn ident(t: &Token) -> Option<&str> {
    match &t.kind {
        TokKind::Ident(s) => Some(s),
        _ => None,
    }
}

/// A name of a function, parameter, local, global or attribute: an
/// identifier, or a string literal for a name that is not one
/// (`"<lambda>"`, `".t0"`).
pub(crate) fn name_tok(t: &Token) -> Option<&str> {
    match &t.kind {
        TokKind::Ident(s) | TokKind::Str(s) => Some(s),
        _ => None,
    }
}

fn parse_line(toks: Vec<Token>, prog: &mut RawProgram) -> Result<(), Diagnostic> {
    let Some(first) = toks.first() else {
        return Ok(());
    };
    if let TokKind::Directive(d) = &first.kind {
        return parse_directive(d.clone(), first.span, &toks[1..], prog);
    }
    let mut rest = &toks[..];
    // A label: `name:`, optionally followed by an instruction.
    if let (
        Some(name),
        Some(Token {
            kind: TokKind::Colon,
            ..
        }),
    ) = (ident(first), toks.get(1))
    {
        let Some(f) = open_func(prog) else {
            return Err(Diagnostic::new(
                first.span,
                "label outside a function (.func ... .end)",
            ));
        };
        let at = f.code.len() as u32;
        f.labels.push((name.to_string(), first.span, at));
        rest = &toks[2..];
    }
    let Some(op) = rest.first() else {
        return Ok(());
    };
    let Some(mnemonic) = ident(op) else {
        return Err(Diagnostic::new(
            op.span,
            format!("expected an opcode, found {}", op.kind.describe()),
        ));
    };
    let Some(f) = open_func(prog) else {
        return Err(Diagnostic::new(
            op.span,
            "instruction outside a function (.func ... .end)",
        ));
    };
    f.code.push(RawInstr {
        mnemonic: mnemonic.to_string(),
        span: op.span,
        operands: rest[1..].to_vec(),
    });
    Ok(())
}
