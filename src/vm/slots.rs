//! The dispatch loop's small helpers on raw stack slots: copying a value
//! out, popping truthiness or a nested call's result, printing the top
//! values, and what the slow path tells the loop.

use super::frame::Outcome;
use super::value::Value;

/// Where the innermost frame was, copied out of `frames`.
pub(super) struct SavedPos {
    pub(super) func: u32,
    pub(super) pc: u32,
    pub(super) base: u32,
}

/// A copy of a value for pushing, reading an int's tag and payload as two
/// 8-byte loads (a 16-byte load of a value whose halves were just stored
/// separately stalls on store forwarding).
#[inline(always)]
pub(super) fn load(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Int(*i),
        other => other.clone(),
    }
}

/// Pops the value a finished nested call left on the stack.
#[inline(never)]
pub(super) fn self_pop_result(sp: &mut *mut Value) -> Value {
    // SAFETY: the slow path pushed the call's result before returning.
    unsafe {
        *sp = sp.sub(1);
        sp.read()
    }
}

/// What the slow path tells the loop.
pub(crate) enum Ctl {
    /// Continue with the innermost frame (which may have changed).
    Next,
    /// End the slice with this outcome.
    Out(Outcome),
}

/// Pops the top of the stack and returns its truthiness, reading the tag
/// in place (bools first: they come from `COMPARE_OP`).
#[inline(always)]
pub(super) fn pop_truthy(sp: &mut *mut Value) -> bool {
    // SAFETY: called only where the verifier proved a value is on the stack.
    unsafe {
        *sp = sp.sub(1);
        let v = &mut **sp;
        if let Value::Bool(b) = v {
            return *b;
        }
        let t = v.truthy();
        std::ptr::drop_in_place(v);
        t
    }
}

/// Pops `k` values and joins their `str()` with spaces, like `print`.
pub(super) fn print_line(stack: &mut Vec<Value>, k: usize) -> String {
    use std::fmt::Write;
    let mut line = String::new();
    for (i, v) in stack.drain(stack.len() - k..).enumerate() {
        if i > 0 {
            line.push(' ');
        }
        let _ = write!(line, "{v}");
    }
    line
}
