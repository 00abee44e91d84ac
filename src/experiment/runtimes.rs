//! Sweeps over runtime presets (`sweep --runtimes`): the GIL setting a
//! runtime gives a point, and the results header of such a sweep, whose
//! mode, policy and interval lists are what the runtimes set.

use super::grid::{GilSetting, SweepConfig};
use super::machine::Machine;
use super::results::Header;
use crate::gil::DEFAULT_CHECK_INTERVAL;
use crate::runtime::Runtime;

/// The GIL setting runtime `r` gives a point; `None` without a GIL.
pub fn gil_setting(r: &Runtime) -> Option<GilSetting> {
    let policy = r.policy()?;
    Some(GilSetting {
        policy,
        switch_interval_ns: r
            .switch_interval_ns()
            .unwrap_or(crate::engine::DEFAULT_SWITCH_INTERVAL_NS),
        check_interval: policy
            .uses_check_interval()
            .then(|| r.check_interval().unwrap_or(DEFAULT_CHECK_INTERVAL)),
    })
}

/// `v` with `x` appended unless already there.
fn push_new<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl SweepConfig {
    /// The header of a sweep over runtimes: the runtimes in order, and the
    /// modes, policies and intervals they set, each listed once.
    pub(super) fn runtime_header(&self, machine: Machine, cores: Vec<u32>) -> Header {
        let (mut modes, mut policies, mut intervals, mut checks) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for r in &self.runtimes {
            push_new(&mut modes, r.mode().name().to_string());
            if let Some(g) = gil_setting(r) {
                push_new(&mut policies, g.policy.to_string());
                push_new(&mut intervals, g.switch_interval_ns);
                if let Some(c) = g.check_interval {
                    push_new(&mut checks, c);
                }
            }
        }
        Header {
            gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
            machine,
            engine: self.engine.engine.name().to_string(),
            command: self.command(),
            workloads: self.workloads.iter().map(|w| w.spec.clone()).collect(),
            runtimes: self.runtimes.iter().map(|r| r.name.to_string()).collect(),
            modes,
            policies,
            // Each runtime names its own profile.
            free_threading: None,
            switch_intervals_ns: intervals,
            check_intervals: checks,
            threads: self.threads.clone(),
            cores,
            scalings: self.scalings.iter().map(|s| s.name().to_string()).collect(),
            seeds: self.seeds.clone(),
            repetitions: self.repetitions,
            cost_model: self.engine.is_virtual().then(|| self.engine.cost.clone()),
            ci_method: super::stats::CI_METHOD.to_string(),
            shard: self.shard,
        }
    }
}
