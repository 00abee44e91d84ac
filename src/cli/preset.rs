//! Runtime presets on the command line: `--runtime NAME` for the commands
//! that run under one lock (`run`, `experiment convoy`, `ccbench`,
//! `load`), `--runtimes LIST` for those that sweep presets (`sweep`,
//! `report`). One reading of the names and one check of the flags given
//! beside a preset ([`Runtime::check_flags`], whose rules are the table in
//! [`crate::runtime`]), so every command refuses and overrides alike.

use crate::engine::Mode;
use crate::error::Error;
use crate::experiment::grid::GilSetting;
use crate::gil::PolicyId;
use crate::runtime::{Runtime, RuntimeError};

/// The flags given beside `--runtime` that a preset also decides.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Beside {
    /// `--mode`, when given.
    pub mode: Option<Mode>,
    /// Whether `--policy` (or `--policies`) was given.
    pub policy: bool,
    /// Whether `--switch-interval` (or `--switch-intervals`) was given.
    pub switch_interval: bool,
    /// Whether `--check-interval` was given.
    pub check_interval: bool,
}

fn usage(e: RuntimeError) -> Error {
    Error::Usage(e.to_string())
}

/// The `--runtime` preset named, if any, checked against the flags given
/// beside it: an unknown name, a `--policy`, a contradicting `--mode` or
/// an interval the preset's policy does not have is a usage error (exit
/// 64); an interval it has overrides the preset's (the caller applies it).
pub(super) fn preset(
    name: Option<&str>,
    beside: Beside,
) -> Result<Option<&'static Runtime>, Error> {
    let Some(name) = name else {
        return Ok(None);
    };
    let r = Runtime::parse(name.trim()).map_err(usage)?;
    r.check_flags(
        beside.mode,
        beside.policy,
        beside.switch_interval,
        beside.check_interval,
    )
    .map_err(usage)?;
    Ok(Some(r))
}

/// `--runtime` of an experiment that measures one GIL under policies and
/// switch intervals (`experiment convoy`, `ccbench`, `load`): the preset
/// checked as [`preset`] checks it (`--policies` is refused beside it,
/// `--switch-intervals` overrides its interval where its policy has one),
/// with the GIL setting it gives. A preset without a GIL (the
/// free-threaded builds) is refused: the experiment has nothing to measure.
pub(super) fn gil_preset(
    command: &str,
    name: Option<&str>,
    policies_given: bool,
    switch_intervals_given: bool,
) -> Result<Option<(&'static Runtime, GilSetting)>, Error> {
    let beside = Beside {
        policy: policies_given,
        switch_interval: switch_intervals_given,
        ..Beside::default()
    };
    let Some(r) = preset(name, beside)? else {
        return Ok(None);
    };
    match crate::experiment::runtimes::gil_setting(r) {
        Some(g) => Ok(Some((r, g))),
        None => Err(Error::Usage(format!(
            "--runtime {} runs in {} mode, without a GIL: experiment {command} measures \
             how a GIL schedules threads; give a runtime with one ({}), or compare \
             free-threaded builds with `gilsim sweep --runtimes`",
            r.name,
            r.mode(),
            Runtime::all()
                .iter()
                .filter(|r| r.policy().is_some())
                .map(|r| r.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The `--runtimes` presets named (a list, or the flag repeated), each
/// once, in the order given; an unknown name is a usage error (exit 64)
/// naming `flag`.
pub(super) fn presets(names: &[String], flag: &str) -> Result<Vec<&'static Runtime>, Error> {
    let mut out: Vec<&'static Runtime> = Vec::new();
    for name in names {
        let r = Runtime::parse(name.trim()).map_err(|e| Error::Usage(format!("{flag}: {e}")))?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// What a sweep over `runtimes` lists as its modes, policies and switch
/// intervals: each that some runtime sets, once, in order.
pub(super) fn axes(runtimes: &[&'static Runtime]) -> (Vec<Mode>, Vec<PolicyId>, Vec<u64>) {
    let gil: Vec<GilSetting> = runtimes
        .iter()
        .filter_map(|r| crate::experiment::runtimes::gil_setting(r))
        .collect();
    (
        dedup(&runtimes.iter().map(|r| r.mode()).collect::<Vec<_>>()),
        dedup(&gil.iter().map(|g| g.policy).collect::<Vec<_>>()),
        dedup(&gil.iter().map(|g| g.switch_interval_ns).collect::<Vec<_>>()),
    )
}

/// `v` without repeats, in first-seen order.
pub(super) fn dedup<T: PartialEq + Clone>(v: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in v {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}
