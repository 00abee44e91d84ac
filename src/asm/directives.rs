//! The directives of a `.pyasm` file: `.func`/`.end`, `.global`,
//! `.generator`/`.coroutine`/`.async_generator`, `.locals`/`.cells`/`.frees`,
//! `.consts` and `.handler`,
//! each checked and recorded on the program being parsed.

use super::lexer::{TokKind, Token};
use super::parser::{
    const_expr, const_value, ident, name_tok, open_func, RawFunc, RawHandler, RawProgram,
};
use super::signature::parse_signature;
use crate::bytecode::program::{FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_GENERATOR};
use crate::diag::{Diagnostic, Span};
use crate::vm::value::Value;

/// The directive that sets code flag `k` (one of the three code kinds).
pub(crate) fn kind_directive(k: u16) -> &'static str {
    match k {
        FLAG_COROUTINE => ".coroutine",
        FLAG_ASYNC_GENERATOR => ".async_generator",
        _ => ".generator",
    }
}

/// One directive line (`.func`, `.end`, `.global`, `.locals`, ...)
/// applied to `prog`; `args` are the tokens after the directive.
pub(super) fn parse_directive(
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
            let (name, sig, index) = parse_signature(span, args)?;
            prog.funcs.push(RawFunc {
                name,
                span,
                index,
                sig,
                labels: vec![],
                code: vec![],
                ended: false,
                code_kind: None,
                declared: vec![],
                listed: Default::default(),
                cells: vec![],
                frees: vec![],
                consts: vec![],
                handlers: vec![],
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
        ".global" => parse_global(span, args, prog),
        ".generator" | ".coroutine" | ".async_generator" | ".locals" | ".cells" | ".frees"
        | ".consts" | ".handler" => {
            let Some(f) = open_func(prog) else {
                return Err(Diagnostic::new(
                    span,
                    format!("{d} outside a function (put it between .func and .end)"),
                ));
            };
            match d.as_str() {
                ".generator" | ".coroutine" | ".async_generator" => {
                    if let Some(t) = args.first() {
                        return Err(Diagnostic::new(
                            t.span,
                            format!("unexpected {} after {d}", t.kind.describe()),
                        ));
                    }
                    if let Some((_, k)) = f.code_kind {
                        return Err(Diagnostic::new(
                            span,
                            format!(
                                "function '{}' is already marked {}",
                                f.name,
                                kind_directive(k)
                            ),
                        ));
                    }
                    let flag = match d.as_str() {
                        ".generator" => FLAG_GENERATOR,
                        ".coroutine" => FLAG_COROUTINE,
                        _ => FLAG_ASYNC_GENERATOR,
                    };
                    f.code_kind = Some((span, flag));
                    Ok(())
                }
                ".consts" => {
                    let mut i = 0;
                    let mut values = Vec::new();
                    while i < args.len() {
                        values.push(const_expr(args, &mut i, true)?);
                        match args.get(i) {
                            None => {}
                            Some(Token {
                                kind: TokKind::Comma,
                                ..
                            }) => i += 1,
                            Some(t) => {
                                return Err(Diagnostic::new(
                                    t.span,
                                    format!(
                                        "expected ',' between constants, found {}",
                                        t.kind.describe()
                                    ),
                                ))
                            }
                        }
                    }
                    if values.is_empty() {
                        return Err(Diagnostic::new(
                            span,
                            "expected .consts CONSTANT, ... (builtin names allowed)",
                        ));
                    }
                    f.consts.extend(values);
                    Ok(())
                }
                ".handler" => {
                    let h = parse_handler(span, args)?;
                    f.handlers.push(h);
                    Ok(())
                }
                _ => local_list(&d, span, args, f),
            }
        }
        _ => Err(Diagnostic::new(
            span,
            format!(
                "unknown directive '{d}' (expected .func, .end, .global, .generator, .coroutine, \
                 .async_generator, .locals, .cells, .frees, .consts or .handler)"
            ),
        )),
    }
}

/// `.global NAME = CONSTANT`.
fn parse_global(span: Span, args: &[Token], prog: &mut RawProgram) -> Result<(), Diagnostic> {
    if open_func(prog).is_some() {
        return Err(Diagnostic::new(
            span,
            ".global inside a function (declare globals at top level)",
        ));
    }
    let usage = "expected .global NAME = CONSTANT";
    let (Some(name), Some(eq), Some(value)) = (args.first(), args.get(1), args.get(2)) else {
        return Err(Diagnostic::new(args.last().map_or(span, |t| t.span), usage));
    };
    let Some(n) = name_tok(name) else {
        return Err(Diagnostic::new(name.span, usage));
    };
    if eq.kind != TokKind::Sym("=".into()) {
        return Err(Diagnostic::new(eq.span, usage));
    }
    let mut next = 3;
    let is = |i: usize, k: TokKind| args.get(i).is_some_and(|t| t.kind == k);
    let v = if is(2, TokKind::Sym("<".into()))
        && is(3, TokKind::Ident("unbound".into()))
        && is(4, TokKind::Sym(">".into()))
    {
        // A global with no value yet: reading it is a NameError.
        next = 5;
        Value::Unbound
    } else if value.kind == TokKind::LParen {
        let mut i = 2;
        let v = const_expr(args, &mut i, false)?;
        next = i;
        v
    } else {
        const_value(value).ok_or_else(|| {
            Diagnostic::new(
                value.span,
                format!("expected a constant, found {}", value.kind.describe()),
            )
        })?
    };
    if let Some(extra) = args.get(next) {
        return Err(Diagnostic::new(
            extra.span,
            format!("unexpected {} after the constant", extra.kind.describe()),
        ));
    }
    prog.globals.push((n.to_string(), name.span, v));
    Ok(())
}

/// `.locals`, `.cells` or `.frees` followed by local names (spaces or
/// commas between them).
fn local_list(d: &str, span: Span, args: &[Token], f: &mut RawFunc) -> Result<(), Diagnostic> {
    let mut names: Vec<(String, Span)> = Vec::new();
    for t in args {
        match &t.kind {
            TokKind::Comma => {}
            TokKind::Ident(n) | TokKind::Str(n) => names.push((n.clone(), t.span)),
            other => {
                return Err(Diagnostic::new(
                    t.span,
                    format!(
                        "expected a local name after {d}, found {}",
                        other.describe()
                    ),
                ))
            }
        }
    }
    if names.is_empty() {
        return Err(Diagnostic::new(span, format!("expected {d} NAME ...")));
    }
    const LOCALS: u8 = 1;
    const CELLS: u8 = 2;
    const FREES: u8 = 4;
    let this = match d {
        ".locals" => LOCALS,
        ".cells" => CELLS,
        _ => FREES,
    };
    let params: std::collections::HashSet<&str> = if this == LOCALS {
        f.sig.layout().map(|(p, _)| p.as_str()).collect()
    } else {
        Default::default()
    };
    for (n, s) in &names {
        let before = f.listed.get(n).copied().unwrap_or(0);
        let dup = if params.contains(n.as_str()) {
            Some(format!(
                "'{n}' is a parameter: .locals lists the other locals"
            ))
        } else if before & this != 0 {
            Some(format!("'{n}' is listed twice in {d}"))
        } else if this != LOCALS && before & (CELLS | FREES) != 0 {
            Some(format!(
                "'{n}' is both a cell (.cells) and a free variable (.frees)"
            ))
        } else {
            None
        };
        if let Some(m) = dup {
            return Err(Diagnostic::new(*s, m));
        }
        f.listed.insert(n.clone(), before | this);
        match this {
            CELLS => f.cells.push((n.clone(), *s)),
            FREES => f.frees.push((n.clone(), *s)),
            _ => {}
        }
        f.declared.push((n.clone(), *s));
    }
    Ok(())
}

/// `.handler START END TARGET depth=N level=M` (`depth` and `level`
/// default to 0, in either order).
fn parse_handler(span: Span, args: &[Token]) -> Result<RawHandler, Diagnostic> {
    let usage = "expected .handler START END TARGET depth=N level=M \
                 (labels; END is the first instruction not covered)";
    let mut labels = Vec::new();
    let mut i = 0;
    while labels.len() < 3 {
        let Some(t) = args.get(i) else {
            return Err(Diagnostic::new(args.last().map_or(span, |t| t.span), usage));
        };
        match ident(t) {
            Some(n) if args.get(i + 1).map(|t| &t.kind) != Some(&TokKind::Sym("=".into())) => {
                labels.push((n.to_string(), t.span));
                i += 1;
            }
            _ => return Err(Diagnostic::new(t.span, usage)),
        }
    }
    let mut depth: Option<u32> = None;
    let mut level: Option<u32> = None;
    while let Some(t) = args.get(i) {
        let key = ident(t).filter(|k| *k == "depth" || *k == "level");
        let (Some(key), Some(eq), Some(val)) = (key, args.get(i + 1), args.get(i + 2)) else {
            return Err(Diagnostic::new(
                t.span,
                format!(
                    "unexpected {} in .handler (expected depth=N or level=M)",
                    t.kind.describe()
                ),
            ));
        };
        if eq.kind != TokKind::Sym("=".into()) {
            return Err(Diagnostic::new(eq.span, format!("expected {key}=N")));
        }
        let n = match val.kind {
            TokKind::Int(n) if (0..=u32::MAX as i64).contains(&n) => n as u32,
            _ => {
                return Err(Diagnostic::new(
                    val.span,
                    format!(
                        "{key} must be a count (0 to {}), found {}",
                        u32::MAX,
                        val.kind.describe()
                    ),
                ))
            }
        };
        let slot = if key == "depth" {
            &mut depth
        } else {
            &mut level
        };
        if slot.replace(n).is_some() {
            return Err(Diagnostic::new(t.span, format!("{key} is given twice")));
        }
        i += 3;
    }
    let mut labels = labels.into_iter();
    let (Some(start), Some(end), Some(target)) = (labels.next(), labels.next(), labels.next())
    else {
        return Err(Diagnostic::new(span, usage));
    };
    Ok(RawHandler {
        start,
        end,
        target,
        depth: depth.unwrap_or(0),
        level: level.unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use crate::bytecode::disasm::disassemble;
    use crate::bytecode::program::{FLAG_ASYNC_GENERATOR, FLAG_COROUTINE};

    const CORO: &str = ".func c()\n    .coroutine\n    LOAD_CONST None\n    GET_AWAITABLE 0\n    LOAD_CONST None\nl:\n    SEND done\n    YIELD_VALUE\n    JUMP_BACKWARD l\ndone:\n    RETURN_VALUE\n.end\n.func g()\n    .async_generator\n    LOAD_CONST 1\n    ASYNC_GEN_WRAP\n    YIELD_VALUE\n    RETURN_VALUE\n.end\n";

    #[test]
    fn code_kind_directives_set_flags_and_round_trip() {
        let p = crate::asm::assemble("t.pyasm", CORO).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(p.functions()[0].flags, FLAG_COROUTINE);
        assert_eq!(p.functions()[1].flags, FLAG_ASYNC_GENERATOR);
        let text = disassemble(&p);
        assert!(text.contains("    .coroutine\n") && text.contains("    .async_generator\n"));
        let q = crate::asm::assemble("dis.pyasm", &text).unwrap_or_else(|d| panic!("{d}"));
        assert!(p.same_code(&q), "{text}");
        assert_eq!(disassemble(&q), text);
    }

    #[test]
    fn one_code_kind_per_function() {
        let src = ".func f()\n    .coroutine\n    .generator\n    LOAD_CONST None\n    RETURN_VALUE\n.end\n";
        let e = crate::asm::assemble("t.pyasm", src).expect_err("rejected");
        assert!(e.to_string().contains("already marked .coroutine"), "{e}");
    }
}
