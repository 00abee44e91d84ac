//! The instructions of `await`, `async with` and `async for`
//! (`GET_AWAITABLE`, `BEFORE_ASYNC_WITH`, `GET_AITER`, `GET_ANEXT`,
//! `END_ASYNC_FOR`, `ASYNC_GEN_WRAP`), with CPython 3.11's lookups (on
//! the type, not the instance) and messages. The awaiting itself is the
//! `SEND` loop `yield from` uses (src/vm/coroutine.rs).

use super::interp::{Ctl, FrameKind, Interp};
use super::native::Args;
use super::object::{exc, Object};
use super::trap::{PyExc, TrapKind};
use super::value::Value;
use crate::bytecode::Op;

impl Interp {
    /// Runs one of the async instructions.
    pub(crate) fn exec_async(&mut self, op: Op) -> Result<Ctl, TrapKind> {
        match op {
            Op::GetAwaitable(at) => {
                let o = self.pop();
                let it = self.awaitable(&o, at)?;
                self.stack.push(it);
            }
            Op::BeforeAsyncWith => {
                let m = self.pop();
                let (enter, exit) = self.async_cm(&m)?;
                self.stack.push(exit);
                let r = self.call_value(enter, Args::default(), FrameKind::Call, 0);
                return self.call_flow(r);
            }
            Op::GetAiter => {
                let o = self.pop();
                let it = self.aiter(&o)?;
                self.stack.push(it);
            }
            Op::GetAnext => {
                let it = self.top().clone();
                let a = self.anext_awaitable(&it)?;
                self.stack.push(a);
            }
            Op::EndAsyncFor => {
                let e = self.pop();
                if !is_instance_of(&e, "StopAsyncIteration") {
                    let text = exc::plain_text(&e);
                    return Err(TrapKind::Raised {
                        exc: PyExc(e),
                        text,
                    });
                }
                self.pop();
            }
            Op::AsyncGenWrap => {
                let v = self.pop();
                self.stack.push(Value::obj(Object::AgValue(v)));
            }
            other => {
                return Err(TrapKind::Runtime(format!(
                    "internal: {} is not an async instruction",
                    other.mnemonic()
                )))
            }
        }
        Ok(Ctl::Next)
    }

    /// The iterator `await o` drives (CPython's `_PyCoro_GetAwaitableIter`
    /// and `GET_AWAITABLE`); `at` names what is awaited in the message
    /// (0 an `await`, 1 `__aenter__`'s result, 2 `__aexit__`'s).
    pub(crate) fn awaitable(&mut self, o: &Value, at: u32) -> Result<Value, TrapKind> {
        if let Value::Obj(ob) = o {
            match &**ob {
                Object::Coroutine(_) => {
                    if self.delegate_of(o).is_some() {
                        return Err(TrapKind::Runtime(
                            "coroutine is being awaited already".into(),
                        ));
                    }
                    return Ok(o.clone());
                }
                Object::AgAwait(_) => return Ok(o.clone()),
                _ => {}
            }
        }
        let Some(await_fn) = type_attr(o, "__await__") else {
            let ty = o.class_name();
            return Err(TrapKind::Type(match at {
                1 => format!("'async with' received an object from __aenter__ that does not implement __await__: {ty}"),
                2 => format!("'async with' received an object from __aexit__ that does not implement __await__: {ty}"),
                _ => format!("object {ty} can't be used in 'await' expression"),
            }));
        };
        let it = self.call(&await_fn, Args::new(vec![o.clone()]))?;
        if let Value::Obj(r) = &it {
            if let Object::Coroutine(_) = &**r {
                return Err(TrapKind::Type("__await__() returned a coroutine".into()));
            }
        }
        if !is_iterator(&it) {
            return Err(TrapKind::Type(format!(
                "__await__() returned non-iterator of type '{}'",
                it.class_name()
            )));
        }
        Ok(it)
    }

    /// `async with m`: `m.__aenter__` and `m.__aexit__`, bound, looked up
    /// on its type.
    fn async_cm(&mut self, m: &Value) -> Result<(Value, Value), TrapKind> {
        let no = |extra: &str| {
            TrapKind::Type(format!(
                "'{}' object does not support the asynchronous context manager protocol{extra}",
                m.class_name()
            ))
        };
        let enter = type_attr(m, "__aenter__").ok_or_else(|| no(""))?;
        let exit = type_attr(m, "__aexit__").ok_or_else(|| no(" (missed __aexit__ method)"))?;
        Ok((bind(m, enter), bind(m, exit)))
    }

    /// `GET_AITER`: `type(o).__aiter__(o)`, which must have `__anext__`.
    fn aiter(&mut self, o: &Value) -> Result<Value, TrapKind> {
        let it = if is_async_gen(o) {
            o.clone()
        } else {
            let Some(f) = type_attr(o, "__aiter__") else {
                return Err(TrapKind::Type(format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    o.class_name()
                )));
            };
            self.call(&f, Args::new(vec![o.clone()]))?
        };
        if !is_async_gen(&it) && type_attr(&it, "__anext__").is_none() {
            return Err(TrapKind::Type(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                it.class_name()
            )));
        }
        Ok(it)
    }

    /// `GET_ANEXT`: the awaitable of `async for`'s next step.
    fn anext_awaitable(&mut self, it: &Value) -> Result<Value, TrapKind> {
        if is_async_gen(it) {
            return Ok(super::asyncgen::anext(it));
        }
        let Some(f) = type_attr(it, "__anext__") else {
            return Err(TrapKind::Type(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                it.class_name()
            )));
        };
        let next = self.call(&f, Args::new(vec![it.clone()]))?;
        self.awaitable(&next, 0).map_err(|cause| {
            let e = exc::instance(
                exc::class("TypeError"),
                vec![Value::str(format!(
                    "'async for' received an invalid object from __anext__: {}",
                    next.class_name()
                ))],
            );
            super::unwind::set_cause(&e, Some(exc::to_value(&cause)));
            let text = exc::plain_text(&e);
            TrapKind::Raised {
                exc: PyExc(e),
                text,
            }
        })
    }
}

/// Attribute `name` of `v`'s type (a special method: the instance's own
/// attributes do not count); only classes defined in Python have these.
fn type_attr(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Instance(i) => i.class.lookup(name),
        _ => None,
    }
}

/// `f` found on `m`'s type, bound to `m`.
fn bind(m: &Value, f: Value) -> Value {
    match m {
        Value::Instance(i) => super::attr::bind_to(m, f, &i.class),
        _ => f,
    }
}

fn is_async_gen(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, Object::AsyncGen(_)))
}

fn is_instance_of(e: &Value, class: &str) -> bool {
    matches!(e, Value::Instance(i) if i.class.is_subclass(&exc::class(class)))
}

/// True for an iterator: something `next()` accepts.
pub(crate) fn is_iterator(v: &Value) -> bool {
    match v {
        Value::Obj(o) => matches!(
            &**o,
            Object::Iter(_) | Object::Generator(_) | Object::CoroWrapper(_) | Object::AgAwait(_)
        ),
        Value::Instance(i) => i.class.lookup("__next__").is_some(),
        _ => false,
    }
}
