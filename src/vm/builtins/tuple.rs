//! The methods of `tuple` values: `index` and `count`.

use super::core::{arity, no_kw};
use super::list::{count_in, find, index_bounds};
use crate::vm::native::{Args, Flow, NativeFn};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

crate::native!(INDEX, "index", "tuple.index", index);
crate::native!(COUNT, "count", "tuple.count", count);

/// The methods, looked up by name.
pub static METHODS: &[&NativeFn] = &[&INDEX, &COUNT];

/// The receiver (`args.pos[0]`) as a tuple's items, keywords refused.
fn recv(a: &Args, name: &str) -> Result<Arc<Vec<Value>>, TrapKind> {
    no_kw(a, &format!("tuple.{name}"))?;
    match a.pos.first() {
        Some(Value::Tuple(t)) => Ok(Arc::clone(t)),
        Some(other) => Err(TrapKind::Type(format!(
            "descriptor '{name}' for 'tuple' objects doesn't apply to a '{}' object",
            other.class_name()
        ))),
        None => Err(TrapKind::Type(format!(
            "unbound method tuple.{name}() needs an argument"
        ))),
    }
}

fn index(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let t = recv(&a, "index")?;
    arity(a.pos.len() - 1, "index", 1, 3)?;
    let (start, stop) = index_bounds(vm, &a.pos[2..], t.len())?;
    match find(vm, &t, &a.pos[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(TrapKind::Value("tuple.index(x): x not in tuple").into()),
    }
}

fn count(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let t = recv(&a, "count")?;
    arity(a.pos.len() - 1, "tuple.count", 1, 1)?;
    Ok(Value::Int(count_in(vm, &t, &a.pos[1])?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::builtins::core::{check_cases, s};

    #[test]
    fn methods_are_index_and_count() {
        let names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        assert_eq!(names, ["index", "count"]);
    }

    #[test]
    #[rustfmt::skip]
    fn methods_behave_like_cpython() {
        let i = Value::Int;
        let t = || Value::tuple(vec![i(1), i(2), i(1)]);
        let e = Vec::new;
        check_cases(vec![
            (&INDEX, vec![t(), i(2)], e(), "1"),
            (&INDEX, vec![t(), i(1), i(1)], e(), "2"),
            (&INDEX, vec![t(), i(3)], e(), "ValueError: tuple.index(x): x not in tuple"),
            (&INDEX, vec![t(), i(1), s("a")], e(), "TypeError: slice indices must be integers or have an __index__ method"),
            (&COUNT, vec![t(), i(1)], e(), "2"),
            (&COUNT, vec![t(), Value::Float(1.0)], e(), "2"),
            (&COUNT, vec![t()], e(), "TypeError: tuple.count() takes exactly one argument (0 given)"),
        ]);
    }
}
