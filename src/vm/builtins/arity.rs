//! CPython's messages for a builtin called with the wrong arguments: too
//! many or too few positional ones, keywords where none are taken, and an
//! unknown keyword. Shared by every builtin file (through
//! [`super::core`]).

use crate::vm::native::Args;
use crate::vm::TrapKind;

/// Checks a positional argument count `n` against `min..=max` with
/// CPython's messages (`len() takes exactly one argument (2 given)`,
/// `insert expected 2 arguments, got 1`, `get expected at most 2
/// arguments, got 3`). `func` is the name the message shows: a qualified
/// name (`list.append`) for the one-argument and no-argument forms.
pub(crate) fn arity(n: usize, func: &str, min: usize, max: usize) -> Result<(), TrapKind> {
    if n >= min && n <= max {
        return Ok(());
    }
    let s = |k: usize| if k == 1 { "" } else { "s" };
    Err(TrapKind::Type(if min == max {
        match min {
            0 => format!("{func}() takes no arguments ({n} given)"),
            1 => format!("{func}() takes exactly one argument ({n} given)"),
            _ => format!("{func} expected {min} arguments, got {n}"),
        }
    } else if n < min {
        format!("{func} expected at least {min} argument{}, got {n}", s(min))
    } else {
        format!("{func} expected at most {max} argument{}, got {n}", s(max))
    }))
}

/// Fails with `func() takes no keyword arguments` if any were given.
pub(crate) fn no_kw(a: &Args, func: &str) -> Result<(), TrapKind> {
    if a.kw.is_empty() {
        Ok(())
    } else {
        Err(TrapKind::Type(format!(
            "{func}() takes no keyword arguments"
        )))
    }
}

/// Fails with `'k' is an invalid keyword argument for func()` if keywords
/// remain after the known ones were taken.
pub(crate) fn invalid_kw(a: &Args, func: &str) -> Result<(), TrapKind> {
    match a.kw.first() {
        None => Ok(()),
        Some((k, _)) => Err(TrapKind::Type(format!(
            "'{k}' is an invalid keyword argument for {func}()"
        ))),
    }
}
