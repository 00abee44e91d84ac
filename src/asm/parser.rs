//! The `.pyasm` parser: tokens into functions and globals, with every name
//! (label, local, global, function) resolved to an index. Errors are
//! collected, not thrown: one bad line does not hide the next.

use super::lexer::{lex_line, TokKind, Token};
use crate::bytecode::{Function, Global};
use crate::diag::{Diagnostic, Span};
use crate::vm::value::Value;

/// A parsed but unresolved instruction.
pub(crate) struct RawInstr {
    pub(crate) mnemonic: String,
    pub(crate) span: Span,
    pub(crate) operands: Vec<Token>,
}

/// A function as written, before names are resolved.
pub(crate) struct RawFunc {
    pub(crate) name: String,
    pub(crate) span: Span,
    pub(crate) params: Vec<(String, Span)>,
    pub(crate) labels: Vec<(String, Span, u32)>,
    pub(crate) code: Vec<RawInstr>,
    pub(crate) ended: bool,
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

/// Parses a single constant, as given to `--arg` or `.global`.
pub fn parse_constant(text: &str) -> Result<Value, String> {
    let toks = lex_line(text, 1).map_err(|d| d.message)?;
    match toks.as_slice() {
        [t] => const_value(t).ok_or_else(|| {
            format!("'{text}' is not a constant (int, float, \"str\", True, False or None)")
        }),
        [] => Err("empty constant".into()),
        _ => Err(format!("'{text}' is not a single constant")),
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

fn open_func(prog: &mut RawProgram) -> Option<&mut RawFunc> {
    prog.funcs.last_mut().filter(|f| !f.ended)
}

pub(crate) fn ident(t: &Token) -> Option<&str> {
    match &t.kind {
        TokKind::Ident(s) => Some(s),
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

fn parse_directive(
    d: String,
    span: Span,
    args: &[Token],
    prog: &mut RawProgram,
) -> Result<(), Diagnostic> {
    match d.as_str() {
        ".func" => {
            if let Some(f) = open_func(prog) {
                let name = f.name.clone();
                f.ended = true; // recover: treat the new .func as closing the old one
                return Err(Diagnostic::new(
                    span,
                    format!(".func inside function '{name}' (missing .end)"),
                ));
            }
            let (name, params) = parse_signature(span, args)?;
            prog.funcs.push(RawFunc {
                name,
                span,
                params,
                labels: vec![],
                code: vec![],
                ended: false,
            });
            Ok(())
        }
        ".end" => {
            if let Some(t) = args.first() {
                return Err(Diagnostic::new(
                    t.span,
                    format!("unexpected {} after .end", t.kind.describe()),
                ));
            }
            match open_func(prog) {
                Some(f) => {
                    f.ended = true;
                    Ok(())
                }
                None => Err(Diagnostic::new(span, ".end without a matching .func")),
            }
        }
        ".global" => {
            if open_func(prog).is_some() {
                return Err(Diagnostic::new(
                    span,
                    ".global inside a function (declare globals at top level)",
                ));
            }
            let usage = "expected .global NAME = CONSTANT";
            let (Some(name), Some(eq), Some(value)) = (args.first(), args.get(1), args.get(2))
            else {
                return Err(Diagnostic::new(args.last().map_or(span, |t| t.span), usage));
            };
            let Some(n) = ident(name) else {
                return Err(Diagnostic::new(name.span, usage));
            };
            if eq.kind != TokKind::Sym("=".into()) {
                return Err(Diagnostic::new(eq.span, usage));
            }
            let Some(v) = const_value(value) else {
                return Err(Diagnostic::new(
                    value.span,
                    format!("expected a constant, found {}", value.kind.describe()),
                ));
            };
            if let Some(extra) = args.get(3) {
                return Err(Diagnostic::new(
                    extra.span,
                    format!("unexpected {} after the constant", extra.kind.describe()),
                ));
            }
            prog.globals.push((n.to_string(), name.span, v));
            Ok(())
        }
        _ => Err(Diagnostic::new(
            span,
            format!("unknown directive '{d}' (expected .func, .end or .global)"),
        )),
    }
}

/// `name(a, b)` after `.func`.
fn parse_signature(
    span: Span,
    args: &[Token],
) -> Result<(String, Vec<(String, Span)>), Diagnostic> {
    let usage = |s: Span| Diagnostic::new(s, "expected .func NAME(PARAM, ...)");
    let name = args
        .first()
        .and_then(ident)
        .ok_or_else(|| usage(args.first().map_or(span, |t| t.span)))?;
    match args.get(1) {
        Some(Token {
            kind: TokKind::LParen,
            ..
        }) => {}
        other => return Err(usage(other.map_or(args[0].span, |t| t.span))),
    }
    let mut params: Vec<(String, Span)> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut i = 2;
    loop {
        let Some(t) = args.get(i) else {
            return Err(usage(args[i - 1].span));
        };
        match (&t.kind, params.is_empty() && i == 2) {
            (TokKind::RParen, _) => break,
            (TokKind::Ident(p), _) => {
                if !seen.insert(p) {
                    return Err(Diagnostic::new(
                        t.span,
                        format!("duplicate parameter '{p}'"),
                    ));
                }
                params.push((p.clone(), t.span));
                match args.get(i + 1).map(|t| &t.kind) {
                    Some(TokKind::Comma) => i += 2,
                    Some(TokKind::RParen) => {
                        i += 1;
                        break;
                    }
                    _ => return Err(usage(args.get(i + 1).map_or(t.span, |t| t.span))),
                }
            }
            _ => return Err(usage(t.span)),
        }
    }
    if let Some(extra) = args.get(i + 1) {
        return Err(Diagnostic::new(
            extra.span,
            format!(
                "unexpected {} after the parameter list",
                extra.kind.describe()
            ),
        ));
    }
    if params.len() > u16::MAX as usize {
        return Err(Diagnostic::new(span, "too many parameters"));
    }
    Ok((name.to_string(), params))
}
