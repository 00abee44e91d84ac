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

/// A function's parameters as written: `.func f(a, b, *args, c, **kw)`.
#[derive(Default)]
pub(crate) struct Signature {
    /// `a b`: the positional parameters.
    pub(crate) positional: Vec<(String, Span)>,
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
    pub(crate) fn layout(&self) -> impl Iterator<Item = &(String, Span)> {
        self.positional
            .iter()
            .chain(&self.kwonly)
            .chain(&self.varargs)
            .chain(&self.varkw)
    }
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
    /// Where `.generator` was given.
    pub(crate) generator: Option<Span>,
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
            let (name, sig, index) = parse_signature(span, args)?;
            prog.funcs.push(RawFunc {
                name,
                span,
                index,
                sig,
                labels: vec![],
                code: vec![],
                ended: false,
                generator: None,
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
        ".generator" | ".locals" | ".cells" | ".frees" | ".consts" | ".handler" => {
            let Some(f) = open_func(prog) else {
                return Err(Diagnostic::new(
                    span,
                    format!("{d} outside a function (put it between .func and .end)"),
                ));
            };
            match d.as_str() {
                ".generator" => {
                    if let Some(t) = args.first() {
                        return Err(Diagnostic::new(
                            t.span,
                            format!("unexpected {} after .generator", t.kind.describe()),
                        ));
                    }
                    if f.generator.is_some() {
                        return Err(Diagnostic::new(
                            span,
                            format!("function '{}' is already marked .generator", f.name),
                        ));
                    }
                    f.generator = Some(span);
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
                "unknown directive '{d}' (expected .func, .end, .global, .generator, .locals, \
                 .cells, .frees, .consts or .handler)"
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

/// A `.func` line: name, signature, and the `#N` index if given.
type FuncHeader = (String, Signature, Option<(u32, Span)>);

/// `name(a, b, *args, c, **kw)` after `.func`, maybe followed by the
/// function's index `#N`; a bare `*` starts the keyword-only parameters
/// without taking extra positionals.
fn parse_signature(
    span: Span,
    args: &[Token],
) -> Result<FuncHeader, Diagnostic> {
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
