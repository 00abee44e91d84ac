//! `await` and `async for`, compiled as CPython 3.11 compiles them (the
//! `async with` form of `with` is in [`super::handlers`], async
//! comprehensions in [`super::comprehensions`]).
//!
//! An `await` is `GET_AWAITABLE` and then the `SEND` loop `yield from`
//! uses: what the awaited iterator yields is passed up by the
//! `YIELD_VALUE` of every frame in the chain, to whoever drives the
//! outermost coroutine; what it returns is the expression's value.
//!
//! ```text
//!     <expr>
//!     GET_AWAITABLE 0
//!     LOAD_CONST None
//! L1: SEND L2          ; it v -> it y   or   it v -> result (jump)
//!     YIELD_VALUE
//!     JUMP_BACKWARD L1
//! L2:
//! ```
//!
//! `async for x in it: body` gets the next value by awaiting
//! `GET_ANEXT`'s awaitable inside an exception-table region whose handler,
//! `END_ASYNC_FOR`, ends the loop on `StopAsyncIteration`.

use super::codegen::{Block, Ctx, Unit, R};
use crate::bytecode::Op;
use crate::diag::Span;
use crate::vm::Value;
use ruff_python_ast as ast;

impl<'a> Ctx<'a> {
    /// The `SEND` loop driving the iterator on top with `None` first:
    /// `it -> result`, yielding what it yields (`yield from`, `await`).
    pub(super) fn send_loop(&mut self, u: &mut Unit<'a>, span: Span) {
        u.constant(Value::None, span);
        let send = u.here();
        let s = u.emit(Op::Send(0), span);
        u.emit(Op::YieldValue, span);
        u.emit(Op::JumpBackward(send), span);
        u.patch_here(s);
    }

    /// Awaits the value on top: `o -> result`. `at` is `GET_AWAITABLE`'s
    /// operand (0 `await`, 1 `__aenter__`'s result, 2 `__aexit__`'s).
    pub(super) fn await_top(&mut self, u: &mut Unit<'a>, at: u32, span: Span) {
        u.emit(Op::GetAwaitable(at), span);
        self.send_loop(u, span);
    }

    /// `await e`.
    pub(super) fn await_expr(&mut self, u: &mut Unit<'a>, e: &'a ast::Expr, span: Span) -> R<()> {
        self.expr(u, e)?;
        self.await_top(u, 0, span);
        Ok(())
    }

    /// Emits one step of an `async for` over the async iterator on top
    /// (the operand stack holding `u.depth` items with it): the next
    /// value, pushed, in a region whose handler is given by the returned
    /// region index (close it at the `END_ASYNC_FOR`).
    pub(super) fn async_next(&mut self, u: &mut Unit<'a>, span: Span) -> usize {
        let r = u.open_region();
        u.emit(Op::GetAnext, span);
        self.await_top(u, 0, span);
        u.pause_region(r);
        r
    }

    /// `async for target in iter: body [else: orelse]`.
    pub(super) fn async_for(&mut self, u: &mut Unit<'a>, f: &'a ast::StmtFor, span: Span) -> R<()> {
        self.expr(u, &f.iter)?;
        u.emit(Op::GetAiter, span);
        u.depth += 1;
        let top = u.here();
        let r = self.async_next(u, span);
        u.blocks.push(Block::Loop {
            cont: top,
            breaks: vec![],
            iter: true,
        });
        self.store(u, &f.target)?;
        self.stmts(u, &f.body)?;
        u.emit(Op::JumpBackward(top), span);
        let Some(Block::Loop { breaks, .. }) = u.blocks.pop() else {
            unreachable!("the loop block is on top")
        };
        let end = u.here();
        u.close_region(r, end);
        u.emit(Op::EndAsyncFor, span);
        u.depth -= 1;
        self.stmts(u, &f.orelse)?;
        for b in breaks {
            u.patch_here(b);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::bytecode::program::{
        FLAGS_SUSPENDED, FLAG_ASYNC_GENERATOR, FLAG_COROUTINE, FLAG_GENERATOR,
    };
    use crate::bytecode::{Function, Op, Program};

    fn compile(src: &str) -> Program {
        crate::py::compile_source("t.py", src).unwrap_or_else(|d| panic!("{d}"))
    }

    fn func<'p>(p: &'p Program, name: &str) -> &'p Function {
        let i = p
            .function_index(name)
            .unwrap_or_else(|| panic!("no {name}"));
        &p.functions()[i as usize]
    }

    #[test]
    fn async_def_is_a_coroutine_and_with_yield_an_async_generator() {
        let p = compile(
            "async def c():\n    return 1\nasync def g():\n    yield 1\ndef h():\n    yield 2\n",
        );
        assert_eq!(func(&p, "c").flags & FLAGS_SUSPENDED, FLAG_COROUTINE);
        assert_eq!(func(&p, "g").flags & FLAGS_SUSPENDED, FLAG_ASYNC_GENERATOR);
        assert_eq!(func(&p, "h").flags & FLAGS_SUSPENDED, FLAG_GENERATOR);
        let g = &func(&p, "g").code;
        let wrap = g
            .iter()
            .position(|op| *op == Op::AsyncGenWrap)
            .expect("wrapped");
        assert_eq!(g[wrap + 1], Op::YieldValue);
        assert!(!func(&p, "h").code.contains(&Op::AsyncGenWrap));
    }

    #[test]
    fn await_is_get_awaitable_then_the_send_loop() {
        let p = compile("async def c(x):\n    return await x\n");
        let code = &func(&p, "c").code;
        let at = code
            .iter()
            .position(|op| *op == Op::GetAwaitable(0))
            .expect("GET_AWAITABLE 0");
        assert!(matches!(code[at + 1], Op::LoadConst(_)));
        let Op::Send(exit) = code[at + 2] else {
            panic!("SEND after GET_AWAITABLE: {code:?}")
        };
        assert_eq!(code[at + 3], Op::YieldValue);
        assert_eq!(code[at + 4], Op::JumpBackward(at as u32 + 2));
        assert_eq!(exit, at as u32 + 5);
    }

    #[test]
    fn async_with_awaits_enter_and_exit() {
        let p = compile("async def c(m):\n    async with m as v:\n        pass\n");
        let code = &func(&p, "c").code;
        assert!(code.contains(&Op::BeforeAsyncWith));
        assert!(code.contains(&Op::GetAwaitable(1)));
        // The normal exit and the exceptional one each await __aexit__.
        assert_eq!(
            code.iter().filter(|op| **op == Op::GetAwaitable(2)).count(),
            2
        );
    }

    #[test]
    fn async_for_ends_in_a_handler() {
        let p = compile("async def c(it):\n    async for x in it:\n        pass\n");
        let f = func(&p, "c");
        let end = f
            .code
            .iter()
            .position(|op| *op == Op::EndAsyncFor)
            .expect("END_ASYNC_FOR") as u32;
        let anext = f.code.iter().position(|op| *op == Op::GetAnext).unwrap() as u32;
        let h = f
            .handlers
            .iter()
            .find(|h| h.target == end)
            .expect("handler");
        assert_eq!((h.start, h.depth), (anext, 1));
        assert!(f.code.contains(&Op::GetAiter));
    }

    #[test]
    fn async_comprehensions_are_coroutines_awaited_where_called() {
        let p = compile("async def c(it):\n    return [x async for x in it]\n");
        let comp = func(&p, "c.<locals>.<listcomp>");
        assert_eq!(comp.flags & FLAGS_SUSPENDED, FLAG_COROUTINE);
        let code = &func(&p, "c").code;
        let call = code
            .iter()
            .position(|op| *op == Op::CallFunction(1))
            .expect("the call");
        assert_eq!(code[call - 1], Op::GetAiter);
        assert_eq!(code[call + 1], Op::GetAwaitable(0));
        let p = compile("def g(it):\n    return (x async for x in it)\n");
        assert_eq!(
            func(&p, "g.<locals>.<genexpr>").flags & FLAGS_SUSPENDED,
            FLAG_ASYNC_GENERATOR
        );
    }

    #[test]
    fn misplaced_async_constructs_are_cpythons_syntax_errors() {
        for (src, want) in [
            (
                "def f():\n    async with x:\n        pass\n",
                "'async with' outside async function",
            ),
            (
                "async for x in y:\n    pass\n",
                "'async for' outside async function",
            ),
            (
                "def f():\n    return [await x for x in y]\n",
                "asynchronous comprehension outside of an asynchronous function",
            ),
            (
                "async def f():\n    yield 1\n    return 2\n",
                "'return' with value in async generator",
            ),
        ] {
            let e = crate::py::compile_source("t.py", src)
                .expect_err(src)
                .to_string();
            assert!(e.contains(want), "{src:?}: {e}");
        }
    }
}
