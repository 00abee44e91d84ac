//! `.func` headers: the function's name, its parameters as written
//! (`f(a, b, *args, c, **kw)`) and the optional `#N` index.

use super::lexer::{TokKind, Token};
use super::parser::name_tok;
use crate::diag::{Diagnostic, Span};

/// A function's parameters as written: `.func f(a, b, *args, c, **kw)`.
#[derive(Default)]
pub(crate) struct Signature {
    /// `a b`: the positional parameters.
    pub(crate) positional: Vec<(String, Span)>,
    /// How many of them are positional-only (written before a `/`).
    pub(crate) posonly: usize,
    /// `*args`, if any.
    pub(crate) varargs: Option<(String, Span)>,
    /// `c`: the keyword-only parameters (after `*` or `*args`).
    pub(crate) kwonly: Vec<(String, Span)>,
    /// `**kw`, if any.
    pub(crate) varkw: Option<(String, Span)>,
}

impl Signature {
    /// The parameters in the order they are numbered as locals (as
    /// [`Function::nargs_total`] lays them out): positional, keyword-only,
    /// `*args`, `**kwargs`.
    ///
    /// [`Function::nargs_total`]: crate::bytecode::Function::nargs_total
    pub(crate) fn layout(&self) -> impl Iterator<Item = &(String, Span)> {
        self.positional
            .iter()
            .chain(&self.kwonly)
            .chain(&self.varargs)
            .chain(&self.varkw)
    }
}

/// A `.func` line: name, signature, and the `#N` index if given.
pub(super) type FuncHeader = (String, Signature, Option<(u32, Span)>);

/// `name(a, b, *args, c, **kw)` after `.func`, maybe followed by the
/// function's index `#N`; a bare `*` starts the keyword-only parameters
/// without taking extra positionals.
pub(super) fn parse_signature(span: Span, args: &[Token]) -> Result<FuncHeader, Diagnostic> {
    let usage = |s: Span| Diagnostic::new(s, "expected .func NAME(PARAM, ...)");
    let name = args
        .first()
        .and_then(name_tok)
        .ok_or_else(|| usage(args.first().map_or(span, |t| t.span)))?;
    match args.get(1) {
        Some(Token {
            kind: TokKind::LParen,
            ..
        }) => {}
        other => return Err(usage(other.map_or(args[0].span, |t| t.span))),
    }
    let bare_star_msg = "a bare * must be followed by a keyword-only parameter";
    let mut sig = Signature::default();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Seen `*` or `*args`; a bare `*` still waiting for its first keyword-only parameter.
    let mut star = false;
    let mut bare_star: Option<Span> = None;
    let mut i = 2;
    loop {
        let Some(t) = args.get(i) else {
            return Err(usage(args[i - 1].span));
        };
        let (stars, name_at) = match &t.kind {
            TokKind::RParen => break,
            TokKind::Sym(s) if s == "/" => {
                if star || sig.posonly > 0 || sig.positional.is_empty() {
                    return Err(Diagnostic::new(
                        t.span,
                        "/ must follow the positional parameters, once",
                    ));
                }
                sig.posonly = sig.positional.len();
                match args.get(i + 1).map(|t| &t.kind) {
                    Some(TokKind::Comma) => i += 2,
                    Some(TokKind::RParen) => {
                        i += 1;
                        break;
                    }
                    _ => return Err(usage(args.get(i + 1).map_or(t.span, |t| t.span))),
                }
                continue;
            }
            TokKind::Ident(_) | TokKind::Str(_) => (0, Some(t)),
            TokKind::Sym(s) if s == "*" || s == "**" => {
                let n = if s == "*" { 1 } else { 2 };
                match args.get(i + 1) {
                    Some(nt) if name_tok(nt).is_some() => {
                        i += 1;
                        (n, Some(nt))
                    }
                    _ if n == 1 => (1, None),
                    other => {
                        return Err(Diagnostic::new(
                            other.map_or(t.span, |t| t.span),
                            "expected a name after ** (as in **kwargs)",
                        ))
                    }
                }
            }
            _ => return Err(usage(t.span)),
        };
        if let Some((kw, _)) = &sig.varkw {
            return Err(Diagnostic::new(
                t.span,
                format!("parameter after **{kw} (**kwargs must be the last parameter)"),
            ));
        }
        let param = match name_at {
            Some(nt) => {
                let p = name_tok(nt).unwrap_or_default();
                if !seen.insert(p) {
                    return Err(Diagnostic::new(
                        nt.span,
                        format!("duplicate parameter '{p}'"),
                    ));
                }
                Some((p.to_string(), nt.span))
            }
            None => None,
        };
        match (stars, param) {
            (0, Some(p)) if star => {
                bare_star = None;
                sig.kwonly.push(p);
            }
            (0, Some(p)) => sig.positional.push(p),
            (1, p) => {
                if star {
                    return Err(Diagnostic::new(t.span, "only one * or *args is allowed"));
                }
                star = true;
                match p {
                    Some(p) => sig.varargs = Some(p),
                    None => bare_star = Some(t.span),
                }
            }
            (_, p) => {
                if let Some(s) = bare_star {
                    return Err(Diagnostic::new(s, bare_star_msg));
                }
                sig.varkw = p;
            }
        }
        match args.get(i + 1).map(|t| &t.kind) {
            Some(TokKind::Comma) => i += 2,
            Some(TokKind::RParen) => {
                i += 1;
                break;
            }
            _ => return Err(usage(args.get(i + 1).map_or(args[i].span, |t| t.span))),
        }
    }
    if let Some(s) = bare_star {
        return Err(Diagnostic::new(s, bare_star_msg));
    }
    let mut index = None;
    if let Some(Token {
        kind: TokKind::Slot(n),
        span,
    }) = args.get(i + 1)
    {
        index = Some((*n, *span));
        i += 1;
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
    if sig.positional.len() > u16::MAX as usize || sig.kwonly.len() > u16::MAX as usize {
        return Err(Diagnostic::new(span, "too many parameters"));
    }
    Ok((name.to_string(), sig, index))
}
