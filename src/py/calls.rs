//! Compiling expressions and calls: operators, short-circuit `and`/`or`,
//! chained comparisons, and the calls gilsim knows — program functions,
//! `print`, `time.sleep`, `threading.Thread`/`Lock` and their methods,
//! `gilsim_native.work`.

use super::ast::Expr;
use super::compile::{unsupported, Builtin, MODULE, R};
use super::function::FnCompiler;
use crate::bytecode::verify::MAX_STACK;
use crate::bytecode::{BinOp, Op};
use crate::diag::{Diagnostic, Span};
use crate::vm::Value;

impl FnCompiler<'_> {
    pub(super) fn thread_target(
        &self,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
    ) -> R<(u32, u16, Vec<Expr>)> {
        if !args.is_empty() {
            return Err(unsupported(
                span,
                "positional arguments to Thread (use target= and args=)",
            ));
        }
        let mut target = None;
        let mut targs = Vec::new();
        for (k, v) in kw {
            match (k.as_str(), v) {
                ("target", Expr::Name(n, s)) => {
                    let &(i, arity) = self.m.funcs.get(n).ok_or_else(|| {
                        unsupported(*s, "a Thread target that is not a function of the program")
                    })?;
                    target = Some((i, arity, *s));
                }
                ("args", Expr::Tuple(items, _)) => targs = items.clone(),
                ("args", other) => {
                    return Err(unsupported(
                        other.span(),
                        "Thread args that are not a literal tuple",
                    ))
                }
                (other, v) => {
                    return Err(unsupported(
                        v.span(),
                        &format!("the Thread argument '{other}'"),
                    ))
                }
            }
        }
        let (i, arity, tspan) =
            target.ok_or_else(|| Diagnostic::new(span, "Thread needs target="))?;
        if arity as usize != targs.len() {
            return Err(Diagnostic::new(
                tspan,
                format!(
                    "TypeError: the target takes {arity} positional arguments but args gives {}",
                    targs.len()
                ),
            ));
        }
        Ok((i, arity, targs))
    }

    pub(super) fn new_thread(
        &mut self,
        var: &str,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
    ) -> R<()> {
        let (func, _, targs) = self.thread_target(args, kw, span)?;
        let mut temps = Vec::new();
        for a in &targs {
            self.expr(a)?;
            let t = self.temp("arg");
            self.store(&t, a.span())?;
            temps.push(t);
        }
        // Until started, the variable holds None.
        self.constant(Value::None, span);
        self.store(var, span)?;
        self.pending.insert(var.to_string(), (func, temps));
        Ok(())
    }

    /// Compiles an expression or call; returns whether it left a value (a
    /// statement-level call to a None-returning builtin leaves none).
    pub(super) fn call_or_expr(&mut self, e: &Expr, want: bool) -> R<bool> {
        let Expr::Call(f, args, kw, span) = e else {
            self.expr(e)?;
            return Ok(true);
        };
        let span = *span;
        // obj.method(): locks and threads.
        if let Expr::Attr(obj, method, _) = &**f {
            if self.builtin(f).is_none() {
                return self.method_call(obj, method, args, kw, span, want);
            }
        }
        if let Some(b) = self.builtin(f) {
            return self.builtin_call(b, f, args, kw, span, want);
        }
        match &**f {
            Expr::Name(n, _) if n == "print" && self.local(n).is_none() => {
                self.print_call(args, kw, span, want)
            }
            Expr::Name(n, nspan) if self.m.funcs.contains_key(n) && n != MODULE => {
                self.function_call(n, *nspan, args, kw, span)
            }
            Expr::Name(n, nspan) => Err(self.uncallable_name(n, *nspan)),
            other => Err(unsupported(
                other.span(),
                &format!(
                    "calling {}",
                    other.dotted().unwrap_or_else(|| "this".into())
                ),
            )),
        }
    }

    /// Finishes a call whose result is None: pushes None if the value is
    /// wanted; returns whether a value was left.
    fn none_result(&mut self, want: bool, span: Span) -> R<bool> {
        if want {
            self.constant(Value::None, span);
        }
        Ok(want)
    }

    /// Compiles `obj.method()` on a lock or thread: `acquire`, `release`,
    /// `join`, `start` (also straight on `threading.Thread(...)`).
    fn method_call(
        &mut self,
        obj: &Expr,
        method: &str,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
        want: bool,
    ) -> R<bool> {
        if let Expr::Call(inner_f, inner_args, inner_kw, inner_span) = obj {
            if self.builtin(inner_f) == Some(Builtin::Thread) && method == "start" {
                return self.start_new_thread(inner_args, inner_kw, *inner_span, span, want);
            }
        }
        if !args.is_empty() || !kw.is_empty() {
            return Err(unsupported(span, &format!("arguments to .{method}()")));
        }
        let Expr::Name(var, vspan) = obj else {
            return Err(unsupported(
                obj.span(),
                "methods on anything but a variable",
            ));
        };
        let op = match method {
            "acquire" if !want => Op::LockAcquire,
            "release" => Op::LockRelease,
            "join" => Op::JoinThread,
            "start" => return self.start_pending_thread(var, *vspan, span, want),
            "acquire" => return Err(unsupported(span, "using the value of lock.acquire()")),
            other => return Err(unsupported(span, &format!("the method .{other}()"))),
        };
        self.load(var, *vspan)?;
        self.emit(op, span);
        self.none_result(want, span)
    }

    /// Compiles `threading.Thread(target=..., args=...).start()`: pushes the
    /// arguments and starts the thread at once, dropping its handle.
    fn start_new_thread(
        &mut self,
        args: &[Expr],
        kw: &[(String, Expr)],
        thread_span: Span,
        span: Span,
        want: bool,
    ) -> R<bool> {
        let (func, arity, targs) = self.thread_target(args, kw, thread_span)?;
        for a in &targs {
            self.expr(a)?;
        }
        self.emit(Op::StartThread { func, nargs: arity }, span);
        self.emit(Op::PopTop, span);
        self.none_result(want, span)
    }

    /// Compiles `var.start()` for a Thread created earlier in this function
    /// (see `new_thread`): loads its saved arguments, starts it and stores
    /// the handle in `var`.
    fn start_pending_thread(&mut self, var: &str, vspan: Span, span: Span, want: bool) -> R<bool> {
        let (func, temps) = self.pending.remove(var).ok_or_else(|| {
            unsupported(span, &format!("starting '{var}': a Thread must be created in the same function, before start()"))
        })?;
        for t in &temps {
            self.load(t, span)?;
        }
        self.emit(
            Op::StartThread {
                func,
                nargs: temps.len() as u16,
            },
            span,
        );
        self.store(var, vspan)?;
        self.none_result(want, span)
    }

    /// Compiles a call to an imported builtin `b` (the callee `f`):
    /// `time.sleep`, `gilsim_native.work`, `threading.Lock`; a bare
    /// `threading.Thread` or wrong arguments are errors.
    fn builtin_call(
        &mut self,
        b: Builtin,
        f: &Expr,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
        want: bool,
    ) -> R<bool> {
        let n = args.len();
        match b {
            Builtin::Sleep if n == 1 && kw.is_empty() => {
                self.expr(&args[0])?;
                self.emit(Op::IoWait, span);
                self.none_result(want, span)
            }
            Builtin::Native if n == 2 && kw.is_empty() => {
                self.expr(&args[0])?;
                self.expr(&args[1])?;
                self.emit(Op::CallNative, span);
                self.none_result(want, span)
            }
            Builtin::Lock if n == 0 && kw.is_empty() => {
                self.emit(Op::NewLock, span);
                Ok(true)
            }
            Builtin::Thread => Err(unsupported(
                span,
                "a Thread that is neither stored in a variable nor started at once",
            )),
            _ => Err(Diagnostic::new(
                span,
                format!(
                    "TypeError: wrong arguments for {}",
                    f.dotted().unwrap_or_default()
                ),
            )),
        }
    }

    /// Compiles `print(...)`, allowing only a constant `flush=` keyword.
    fn print_call(
        &mut self,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
        want: bool,
    ) -> R<bool> {
        for (k, v) in kw {
            let ok = k == "flush" && matches!(v, Expr::Const(Value::Bool(_), _));
            if !ok {
                return Err(unsupported(v.span(), &format!("print's {k}= argument")));
            }
        }
        if args.len() > MAX_STACK as usize {
            return Err(unsupported(
                args[MAX_STACK as usize].span(),
                &format!("print() with more than {MAX_STACK} arguments"),
            ));
        }
        for a in args {
            self.expr(a)?;
        }
        self.emit(Op::Print(args.len() as u32), span);
        self.none_result(want, span)
    }

    /// Compiles a call to the program's function `n` (named at `nspan`),
    /// checking the number of positional arguments.
    fn function_call(
        &mut self,
        n: &str,
        nspan: Span,
        args: &[Expr],
        kw: &[(String, Expr)],
        span: Span,
    ) -> R<bool> {
        let (func, arity) = self.m.funcs[n];
        if !kw.is_empty() {
            return Err(unsupported(span, "keyword arguments"));
        }
        if args.len() != arity as usize {
            return Err(Diagnostic::new(
                nspan,
                format!(
                    "TypeError: {n}() takes {arity} positional arguments but {} were given",
                    args.len()
                ),
            ));
        }
        for a in args {
            self.expr(a)?;
        }
        self.emit(Op::Call { func, nargs: arity }, span);
        Ok(true)
    }

    /// The error for calling a name that is not a known function: a
    /// variable, an unsupported Python builtin, or an undefined name.
    fn uncallable_name(&self, n: &str, nspan: Span) -> Diagnostic {
        if self.local(n).is_some() || self.m.global_index.contains_key(n) {
            unsupported(nspan, "calling a variable")
        } else if [
            "len", "str", "int", "float", "abs", "min", "max", "sum", "range", "input", "open",
            "list", "dict",
        ]
        .contains(&n)
        {
            unsupported(nspan, &format!("the builtin '{n}'"))
        } else {
            Diagnostic::new(nspan, format!("name '{n}' is not defined"))
        }
    }

    pub(super) fn expr(&mut self, e: &Expr) -> R<()> {
        match e {
            Expr::Const(v, s) => self.constant(v.clone(), *s),
            Expr::Name(n, s) => self.load(n, *s)?,
            Expr::Bin(op, a, b, s) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(Op::BinaryOp(*op), *s);
            }
            Expr::Unary(neg, a, s) => match (&**a, neg) {
                (Expr::Const(Value::Int(i), _), true) if *i != i64::MIN => {
                    self.constant(Value::Int(-i), *s)
                }
                (Expr::Const(Value::Float(f), _), true) => self.constant(Value::Float(-f), *s),
                (_, true) => {
                    self.expr(a)?;
                    self.emit(Op::UnaryNegative, *s);
                }
                // Unary plus: a number stays itself, a bool becomes an int.
                (Expr::Const(Value::Int(_) | Value::Float(_), _), false) => self.expr(a)?,
                (Expr::Const(Value::Bool(b), _), false) => {
                    self.constant(Value::Int(i64::from(*b)), *s)
                }
                // There is no UNARY_POSITIVE: `v - 0` is `+v` for every int,
                // float (-0.0 included) and bool, and a TypeError for the rest.
                (_, false) => {
                    self.expr(a)?;
                    self.constant(Value::Int(0), *s);
                    self.emit(Op::BinaryOp(BinOp::Sub), *s);
                }
            },
            Expr::Not(a, s) => {
                self.expr(a)?;
                self.emit(Op::UnaryNot, *s);
            }
            Expr::Bool(and, items, s) => {
                let mut jumps = Vec::new();
                self.expr(&items[0])?;
                for item in &items[1..] {
                    self.emit(Op::Copy(1), *s);
                    jumps.push(self.emit(
                        if *and {
                            Op::PopJumpIfFalse(0)
                        } else {
                            Op::PopJumpIfTrue(0)
                        },
                        *s,
                    ));
                    self.emit(Op::PopTop, *s);
                    self.expr(item)?;
                }
                let end = self.here();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Expr::Compare(first, rest, s) => {
                self.expr(first)?;
                let mut cleanups = Vec::new();
                for (k, (op, right)) in rest.iter().enumerate() {
                    self.expr(right)?;
                    if k + 1 < rest.len() {
                        // a b -> b a b -> b (a<b): keep b for the next test.
                        self.emit(Op::Swap(2), *s);
                        self.emit(Op::Copy(2), *s);
                        self.emit(Op::CompareOp(*op), *s);
                        self.emit(Op::Copy(1), *s);
                        cleanups.push(self.emit(Op::PopJumpIfFalse(0), *s));
                        self.emit(Op::PopTop, *s);
                    } else {
                        self.emit(Op::CompareOp(*op), *s);
                    }
                }
                if !cleanups.is_empty() {
                    let skip = self.emit(Op::JumpForward(0), *s);
                    let cleanup = self.here();
                    for c in cleanups {
                        self.patch(c, cleanup);
                    }
                    // b False -> False
                    self.emit(Op::Swap(2), *s);
                    self.emit(Op::PopTop, *s);
                    let end = self.here();
                    self.patch(skip, end);
                }
            }
            Expr::Call(..) => {
                self.call_or_expr(e, true)?;
            }
            Expr::Attr(_, _, s) => return Err(unsupported(*s, "attributes outside calls")),
            Expr::Tuple(_, s) => return Err(unsupported(*s, "tuples (except Thread args=)")),
        }
        Ok(())
    }
}
