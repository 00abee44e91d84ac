//! The syntax tree of the supported Python subset.

use crate::bytecode::{BinOp, CmpOp};
use crate::diag::Span;
use crate::vm::Value;

/// An expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A name.
    Name(String, Span),
    /// A literal.
    Const(Value, Span),
    /// `a op b`.
    Bin(BinOp, Box<Expr>, Box<Expr>, Span),
    /// `-a` (`neg` true) or `+a`.
    Unary(bool, Box<Expr>, Span),
    /// `not a`.
    Not(Box<Expr>, Span),
    /// `a and b and ...` (`and_` true) or `a or b or ...`.
    Bool(bool, Vec<Expr>, Span),
    /// `a < b <= c ...`.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>, Span),
    /// `f(args, key=value)`.
    Call(Box<Expr>, Vec<Expr>, Vec<(String, Expr)>, Span),
    /// `a.name`.
    Attr(Box<Expr>, String, Span),
    /// `(a, b)`.
    Tuple(Vec<Expr>, Span),
}

impl Expr {
    /// Where the expression starts.
    pub fn span(&self) -> Span {
        match self {
            Expr::Name(_, s)
            | Expr::Const(_, s)
            | Expr::Bin(_, _, _, s)
            | Expr::Unary(_, _, s)
            | Expr::Not(_, s)
            | Expr::Bool(_, _, s)
            | Expr::Compare(_, _, s)
            | Expr::Call(_, _, _, s)
            | Expr::Attr(_, _, s)
            | Expr::Tuple(_, s) => *s,
        }
    }

    /// `module.name` as a dotted string, for `time.sleep` and the like.
    pub fn dotted(&self) -> Option<String> {
        match self {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Attr(base, n, _) => base.dotted().map(|b| format!("{b}.{n}")),
            _ => None,
        }
    }
}

/// A statement.
#[derive(Clone, Debug)]
pub enum Stmt {
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `a = b = value`.
    Assign(Vec<(String, Span)>, Expr),
    /// `a op= value`.
    AugAssign(String, Span, BinOp, Expr),
    /// `if` / `elif` / `else`.
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `while cond:` (and where `while` is).
    While(Expr, Vec<Stmt>, Span),
    /// `for var in range(args):`.
    For(String, Span, Vec<Expr>, Vec<Stmt>, Span),
    /// `break`.
    Break(Span),
    /// `continue`.
    Continue(Span),
    /// `pass`.
    Pass,
    /// `return [value]`.
    Return(Option<Expr>, Span),
    /// `global a, b`.
    Global(Vec<String>, Span),
    /// `def name(params):`.
    Def(String, Vec<(String, Span)>, Vec<Stmt>, Span),
    /// `with lock:`.
    With(Expr, Vec<Stmt>, Span),
    /// `import m` / `from m import a, b`: (module, names imported as).
    Import(String, Vec<String>, Span),
}
