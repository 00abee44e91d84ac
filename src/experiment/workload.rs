//! Workloads: a program and its arguments, one of which is the amount of
//! work, scaled per thread count.
//!
//! Spec syntax (`--workload`): `NAME=FILE[@ENTRY]:ARG,ARG,...` (ENTRY
//! defaults to `main`) where exactly one
//! argument is written `%TOTAL`: the work amount. In strong scaling each of
//! N threads gets `TOTAL / N`; in weak scaling each gets `TOTAL`. Other
//! arguments are constants. Example: `io=programs/io_wait.pyasm:%64,0.002`.

use crate::asm::{assemble, parse_constant};
use crate::bytecode::Program;
use crate::error::Error;
use crate::vm::Value;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One argument of a workload's entry function.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A constant, the same for every run.
    Fixed(Value),
    /// The work amount: the total for one thread.
    Work(u64),
}

/// A workload ready to run.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Short name (`cpu`, `io`).
    pub name: String,
    /// The spec it was parsed from (recorded in result headers).
    pub spec: String,
    /// The assembled program.
    pub program: Arc<Program>,
    /// The function each thread calls.
    pub entry: String,
    /// The entry function's arguments.
    pub args: Vec<Arg>,
}

/// How work is divided as threads are added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Scaling {
    /// Fixed total work split over N threads: ideal wall time falls as 1/N.
    Strong,
    /// Fixed work per thread: ideal wall time stays flat.
    Weak,
}

impl Scaling {
    /// The name used in results.
    pub fn name(self) -> &'static str {
        match self {
            Scaling::Strong => "strong",
            Scaling::Weak => "weak",
        }
    }
}

impl Workload {
    /// Parses a `NAME=FILE:ARGS` spec, reading and assembling FILE.
    pub fn parse(spec: &str) -> Result<Workload, Error> {
        let bad = |m: &str| {
            Error::Usage(format!(
                "--workload {spec}: {m} (expected NAME=FILE[@ENTRY]:ARG,...; one ARG is %TOTAL, the work)"
            ))
        };
        let (name, rest) = spec.split_once('=').ok_or_else(|| bad("no '='"))?;
        let (file, args) = rest
            .split_once(':')
            .ok_or_else(|| bad("no ':' after the file"))?;
        let (file, entry) = file.split_once('@').unwrap_or((file, "main"));
        if name.is_empty() || file.is_empty() || entry.is_empty() {
            return Err(bad("empty name, file or entry"));
        }
        let program = Arc::new(crate::error::load_program(std::path::Path::new(file))?);
        Self::build(name, spec, program, entry, args).map_err(|m| bad(&m))
    }

    /// A workload over one of the sample programs built into the binary.
    pub fn builtin(name: &str, file: &str, source: &str, args: &str) -> Workload {
        let program = Arc::new(assemble(file, source).expect("built-in samples assemble"));
        let spec = format!("{name}={file}:{args}");
        Self::build(name, &spec, program, "main", args).expect("built-in workloads are well formed")
    }

    fn build(
        name: &str,
        spec: &str,
        program: Arc<Program>,
        entry: &str,
        args: &str,
    ) -> Result<Workload, String> {
        let args: Vec<Arg> = args
            .split(',')
            .filter(|a| !a.trim().is_empty())
            .map(|a| match a.trim().strip_prefix('%') {
                Some(total) => total
                    .parse::<u64>()
                    .map(Arg::Work)
                    .map_err(|_| format!("'%{total}' is not a whole number of work units")),
                None => parse_constant(a.trim()).map(Arg::Fixed),
            })
            .collect::<Result<_, _>>()?;
        if args.iter().filter(|a| matches!(a, Arg::Work(_))).count() != 1 {
            return Err("exactly one argument must be %TOTAL".into());
        }
        let f = program
            .function_index(entry)
            .ok_or_else(|| format!("the program has no function '{entry}'"))?;
        let nparams = program.functions()[f as usize].nparams as usize;
        if nparams != args.len() {
            return Err(format!(
                "{entry} takes {nparams} arguments, the spec gives {}",
                args.len()
            ));
        }
        Ok(Workload {
            name: name.to_string(),
            spec: spec.to_string(),
            program,
            entry: entry.to_string(),
            args,
        })
    }

    /// The work amount each thread gets with `threads` threads.
    pub fn work_per_thread(&self, scaling: Scaling, threads: u32) -> u64 {
        let total = self.args.iter().find_map(|a| match a {
            Arg::Work(w) => Some(*w),
            Arg::Fixed(_) => None,
        });
        let total = total.unwrap_or(1);
        match scaling {
            Scaling::Strong => (total / threads.max(1) as u64).max(1),
            Scaling::Weak => total,
        }
    }

    /// The entry arguments with the work amount filled in.
    pub fn args_with(&self, work: u64) -> Vec<Value> {
        self.args
            .iter()
            .map(|a| match a {
                Arg::Fixed(v) => v.clone(),
                Arg::Work(_) => Value::Int(work as i64),
            })
            .collect()
    }
}

/// The default workloads of `gilsim sweep` and `gilsim report`: the
/// CPU-bound count-down loop and IO-bound waits, built into the binary so
/// they run from any directory.
pub fn defaults() -> Vec<Workload> {
    vec![
        Workload::builtin(
            "cpu",
            "programs/countdown.pyasm",
            include_str!("../../programs/countdown.pyasm"),
            "%12000000",
        ),
        Workload::builtin(
            "io",
            "programs/io_wait.pyasm",
            include_str!("../../programs/io_wait.pyasm"),
            "%64,0.002",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_is_split_for_strong_scaling_and_kept_for_weak() {
        let w = &defaults()[1];
        assert_eq!(w.work_per_thread(Scaling::Strong, 16), 4);
        assert_eq!(w.work_per_thread(Scaling::Weak, 16), 64);
        assert_eq!(w.args_with(4)[0].to_literal(), "4");
        assert_eq!(w.args_with(4)[1].to_literal(), "0.002");
    }
}
