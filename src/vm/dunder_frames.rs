//! Dunders written in Python that instructions call as frames of the
//! dispatch loop, not as nested runs: a property's getter or setter
//! (`LOAD_ATTR`, `STORE_ATTR`), `__getitem__`/`__setitem__`
//! (`BINARY_SUBSCR`, `STORE_SUBSCR`), `__iter__` (`GET_ITER`), `__next__`
//! (`FOR_ITER`), and `__len__` (the builtin `len`, as a tail call). As
//! frames they may block — take a lock, wait on a queue — like any call,
//! which a thread-safe class needs. Their results are not checked as
//! CPython checks them (that `__iter__` returns an iterator, `__len__` a
//! non-negative int).

use super::interp::{Ctl, FrameKind, Interp};
use super::native::Args;
use super::object::Object;
use super::trap::TrapKind;
use super::value::Value;

/// Which function of a property an attribute access calls.
#[derive(Clone, Copy)]
pub(super) enum Access {
    /// `o.name`: the getter.
    Get,
    /// `o.name = v`: the setter.
    Set,
}

/// The getter or setter of a property written in Python that `o.name`
/// uses, if any (a property on the class takes precedence over the
/// instance's own attributes, as a data descriptor does).
pub(super) fn python_property(o: &Value, name: &str, access: Access) -> Option<Value> {
    let Value::Instance(i) = o else { return None };
    let Value::Obj(p) = i.class.lookup(name)? else {
        return None;
    };
    let Object::Property { get, set, .. } = &*p else {
        return None;
    };
    match (access, get, set) {
        (Access::Get, f @ Value::Func(_), _) | (Access::Set, _, f @ Value::Func(_)) => {
            Some(f.clone())
        }
        _ => None,
    }
}

/// Dunder `name` of an instance's class when it is written in Python.
pub(crate) fn python_dunder(o: &Value, name: &str) -> Option<Value> {
    let Value::Instance(i) = o else { return None };
    match i.class.lookup(name)? {
        f @ Value::Func(_) => Some(f),
        _ => None,
    }
}

impl Interp {
    /// Calls `f(args)` as a frame whose return the caller expects as
    /// `kind` says (a result for `Call`, dropped for `Setter`, the next
    /// item for `ForNext`).
    pub(super) fn dunder_frame(
        &mut self,
        f: Value,
        args: Vec<Value>,
        kind: FrameKind,
    ) -> Result<Ctl, TrapKind> {
        let r = self.call_value(f, Args::new(args), kind, 0);
        self.call_flow(r)
    }
}
