//! A sweep's grid: the lists of every axis ([`SweepConfig`]), the points
//! they span ([`Point`], in one canonical order), the runs of each point
//! (one per seed × repetition: [`Unit`]), which of them a shard runs, and
//! the command that makes the same grid again.
//!
//! Axes that mean nothing for a point collapse instead of multiplying it:
//! free and async modes have no GIL, so no policy, switch interval or
//! check interval; only tick-based policies have a check interval.
//!
//! A sweep of runtime presets (`--runtimes`) replaces the mode, policy
//! and interval axes by one: each runtime is a point's mode, policy,
//! intervals and free-threading profile at once.

use super::results::{Header, Shard};
use super::seeds::format_seeds;
use super::workload::{Scaling, Workload};
use crate::duration::format_ns;
use crate::engine::{EngineConfig, Mode, RunConfig};
use crate::error::Error;
use crate::gil::{PolicyId, DEFAULT_CHECK_INTERVAL};
use crate::runtime::Runtime;
use crate::spec::FreeProfileId;

/// What to sweep: every axis a list, run as their product.
#[derive(Clone, Debug)]
pub struct SweepConfig {
    /// The workloads.
    pub workloads: Vec<Workload>,
    /// Runtime presets; when any, they replace the modes, policies and
    /// intervals below (which then list what the runtimes set).
    pub runtimes: Vec<&'static Runtime>,
    /// The modes.
    pub modes: Vec<Mode>,
    /// GIL policies (modes with a GIL).
    pub policies: Vec<PolicyId>,
    /// What free mode costs: one profile for every free-mode point.
    pub free_profile: FreeProfileId,
    /// Switch intervals (ns; modes with a GIL).
    pub switch_intervals_ns: Vec<u64>,
    /// Check intervals (tick-based policies); empty: the default, 100.
    pub check_intervals: Vec<u64>,
    /// Thread counts (include 1: speedups are relative to the fewest).
    pub threads: Vec<u32>,
    /// Simulated cores (virtual engine); ignored on the real engine.
    pub cores: Vec<u32>,
    /// Scalings.
    pub scalings: Vec<Scaling>,
    /// Seeds (virtual engine; the real engine takes one, for `random`).
    pub seeds: Vec<u64>,
    /// Repetitions per seed.
    pub repetitions: u32,
    /// The engine and, for the virtual one, its cost model (cores and
    /// seed come from the axes).
    pub engine: EngineConfig,
    /// Runs at once (virtual engine only; the real engine measures one
    /// run at a time).
    pub jobs: usize,
    /// Run only this shard of the runs.
    pub shard: Option<Shard>,
}

impl SweepConfig {
    /// The default sweep: the built-in CPU- and IO-bound workloads under
    /// every model ([`Mode::ALL`]: threads with the GIL, free-threaded,
    /// asyncio, processes, subinterpreters), 1..16 threads, strong and
    /// weak scaling, 5 repetitions.
    pub fn default_sweep() -> SweepConfig {
        SweepConfig {
            workloads: super::workload::defaults(),
            runtimes: vec![],
            modes: Mode::ALL.to_vec(),
            policies: vec![PolicyId::NEWGIL],
            free_profile: FreeProfileId::default(),
            switch_intervals_ns: vec![crate::engine::DEFAULT_SWITCH_INTERVAL_NS],
            check_intervals: vec![],
            threads: vec![1, 2, 4, 8, 16],
            cores: vec![],
            scalings: vec![Scaling::Strong, Scaling::Weak],
            seeds: vec![crate::engine::DEFAULT_SEED],
            repetitions: 5,
            engine: EngineConfig::default(),
            jobs: 1,
            shard: None,
        }
    }

    /// The core counts swept: the list on the virtual engine (default: the
    /// engine's), this machine's on the real one.
    pub fn core_axis(&self) -> Vec<u32> {
        if self.engine.is_virtual() && !self.cores.is_empty() {
            self.cores.clone()
        } else {
            vec![self.engine.cores]
        }
    }

    fn check_axis(&self) -> Vec<u64> {
        if self.check_intervals.is_empty() {
            vec![DEFAULT_CHECK_INTERVAL]
        } else {
            self.check_intervals.clone()
        }
    }

    /// Refuses grids that are empty or ask for what the engine cannot do.
    pub fn check(&self) -> Result<(), Error> {
        let usage = |m: &str| Err(Error::Usage(m.into()));
        if self.workloads.is_empty()
            || self.modes.is_empty()
            || self.threads.is_empty()
            || self.scalings.is_empty()
            || self.policies.is_empty()
            || self.switch_intervals_ns.is_empty()
            || self.seeds.is_empty()
        {
            return usage("a sweep needs at least one workload, mode, policy, switch interval, thread count, scaling and seed");
        }
        if self.repetitions == 0 {
            return usage("--reps must be at least 1");
        }
        if !self.engine.is_virtual() {
            if self.cores.len() > 1 || self.cores.iter().any(|c| *c != self.engine.cores) {
                return usage("--cores applies to the virtual engine only: add --engine virtual");
            }
            if self.seeds.len() > 1 {
                return usage("--seeds applies to the virtual engine only (add --engine virtual); on the real engine use --reps");
            }
            if self.jobs > 1 {
                return usage("--jobs applies to the virtual engine only: real-engine runs measure the machine, one at a time");
            }
        }
        let ticks_swept = self.modes.iter().any(|m| m.has_policy())
            && self.policies.iter().any(|p| p.uses_check_interval());
        if !self.check_intervals.is_empty() && !ticks_swept {
            let users: Vec<&str> = PolicyId::all()
                .filter(|p| p.uses_check_interval())
                .map(PolicyId::name)
                .collect();
            return Err(Error::Usage(format!(
                "--check-intervals applies to --policies {} (in gil or process mode) only",
                users.join(", ")
            )));
        }
        let mut names = std::collections::HashSet::new();
        for w in &self.workloads {
            if !names.insert(&w.name) {
                return Err(Error::Usage(format!(
                    "two workloads are named '{}': give each its own NAME",
                    w.name
                )));
            }
        }
        Ok(())
    }

    /// Every point of the grid, in canonical order: workload, scaling,
    /// runtime, mode, policy, switch interval, check interval, cores,
    /// threads.
    pub fn points(&self) -> Vec<Point> {
        let mut v = Vec::new();
        for w in 0..self.workloads.len() {
            for &scaling in &self.scalings {
                for (runtime, mode, gil) in self.variants() {
                    for &cores in &self.core_axis() {
                        for &threads in &self.threads {
                            v.push(Point {
                                workload: w,
                                scaling,
                                runtime,
                                mode,
                                gil,
                                threads,
                                cores,
                            });
                        }
                    }
                }
            }
        }
        v
    }

    /// The ways the threads run together, in order: each runtime with its
    /// settings, or else modes × their GIL settings.
    #[allow(clippy::type_complexity)]
    fn variants(&self) -> Vec<(Option<&'static Runtime>, Mode, Option<GilSetting>)> {
        if self.runtimes.is_empty() {
            return self
                .modes
                .iter()
                .flat_map(|&m| self.gil_settings(m).into_iter().map(move |g| (None, m, g)))
                .collect();
        }
        self.runtimes
            .iter()
            .map(|&r| (Some(r), r.mode(), super::runtimes::gil_setting(r)))
            .collect()
    }

    /// The GIL settings of a mode: none without a GIL, else policies ×
    /// intervals × (check intervals, for tick-based policies).
    fn gil_settings(&self, mode: Mode) -> Vec<Option<GilSetting>> {
        if !mode.has_policy() {
            return vec![None];
        }
        let mut v = Vec::new();
        for &policy in &self.policies {
            for &interval in &self.switch_intervals_ns {
                if policy.uses_check_interval() {
                    for c in self.check_axis() {
                        v.push(Some(GilSetting {
                            policy,
                            switch_interval_ns: interval,
                            check_interval: Some(c),
                        }));
                    }
                } else {
                    v.push(Some(GilSetting {
                        policy,
                        switch_interval_ns: interval,
                        check_interval: None,
                    }));
                }
            }
        }
        v
    }

    /// Runs per point.
    pub fn runs_per_point(&self) -> usize {
        self.seeds.len() * self.repetitions as usize
    }

    /// Every run of the grid, in canonical order (point, then seed, then
    /// repetition), keeping only this shard's: unit `i` belongs to shard
    /// `i % count`, so every shard gets a fair mix of points.
    pub fn units(&self, points: &[Point]) -> Vec<Unit> {
        let per = self.runs_per_point();
        let mut v = Vec::new();
        for p in 0..points.len() {
            for (s, &seed) in self.seeds.iter().enumerate() {
                for rep in 0..self.repetitions {
                    let index = p * per + s * self.repetitions as usize + rep as usize;
                    if self
                        .shard
                        .is_none_or(|sh| index % sh.count as usize == sh.index as usize)
                    {
                        v.push(Unit {
                            point: p,
                            seed,
                            rep,
                        });
                    }
                }
            }
        }
        v
    }

    /// How one run of `p` is configured.
    pub fn run_config(&self, p: &Point, u: &Unit) -> RunConfig {
        let w = &self.workloads[p.workload];
        let mut engine = self.engine.clone();
        engine.seed = run_seed(u.seed, u.rep);
        engine.cores = p.cores;
        let gil = p.gil.unwrap_or(GilSetting {
            policy: PolicyId::NEWGIL,
            switch_interval_ns: crate::engine::DEFAULT_SWITCH_INTERVAL_NS,
            check_interval: None,
        });
        RunConfig {
            entry: w.entry.clone(),
            args: w.args_with(w.work_per_thread(p.scaling, p.threads)),
            threads: p.threads,
            mode: p.mode,
            policy: gil.policy,
            free_profile: p
                .runtime
                .and_then(Runtime::free_profile)
                .unwrap_or(self.free_profile),
            // A preset's own costs, as `run --runtime` pays them.
            runtime_costs: p
                .runtime
                .map_or(crate::spec::RuntimeCosts::NONE, Runtime::costs),
            switch_interval_ns: gil.switch_interval_ns,
            check_interval: gil.check_interval.unwrap_or(DEFAULT_CHECK_INTERVAL),
            max_threads: p.threads.max(crate::engine::DEFAULT_MAX_THREADS),
            engine,
            ..RunConfig::default()
        }
    }

    /// Whether free mode is among the modes (so the profile matters).
    fn sweeps_free(&self) -> bool {
        self.modes.contains(&Mode::Free)
    }

    /// The results header of this grid.
    pub fn header(&self) -> Header {
        let virt = self.engine.is_virtual();
        let cores = self.core_axis();
        let machine = if virt {
            super::machine::Machine {
                cores: cores.iter().copied().max().unwrap_or(1),
                cpu_model: "virtual engine".into(),
                os: format!("cost model: {}", self.engine.cost.calibrated_on),
            }
        } else {
            super::machine::Machine::this()
        };
        let uses_check = self.modes.iter().any(|m| m.has_policy())
            && self.policies.iter().any(|p| p.uses_check_interval());
        if !self.runtimes.is_empty() {
            return self.runtime_header(machine, cores);
        }
        Header {
            gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
            machine,
            engine: self.engine.engine.name().to_string(),
            command: self.command(),
            workloads: self.workloads.iter().map(|w| w.spec.clone()).collect(),
            runtimes: vec![],
            modes: self.modes.iter().map(|m| m.name().to_string()).collect(),
            policies: self.policies.iter().map(|p| p.to_string()).collect(),
            free_threading: self
                .sweeps_free()
                .then(|| self.free_profile.name().to_string()),
            switch_intervals_ns: self.switch_intervals_ns.clone(),
            check_intervals: if uses_check {
                self.check_axis()
            } else {
                vec![]
            },
            threads: self.threads.clone(),
            cores,
            scalings: self.scalings.iter().map(|s| s.name().to_string()).collect(),
            seeds: self.seeds.clone(),
            repetitions: self.repetitions,
            cost_model: virt.then(|| self.engine.cost.clone()),
            ci_method: super::stats::CI_METHOD.to_string(),
            shard: self.shard,
        }
    }

    /// A `gilsim sweep` command for this grid (its cost model, if not the
    /// built-in one, is recorded in the header instead: `--cost-model FILE`).
    pub fn command(&self) -> String {
        let list = |v: Vec<String>| v.join(",");
        let mut c = String::from("gilsim sweep");
        let mut flag = |name: &str, value: String| {
            c.push_str(&format!(" --{name} {}", shell_quote(&value)));
        };
        flag("engine", self.engine.engine.name().into());
        for w in &self.workloads {
            flag("workload", w.spec.clone());
        }
        if !self.runtimes.is_empty() {
            flag(
                "runtimes",
                list(self.runtimes.iter().map(|r| r.name.into()).collect()),
            );
        } else {
            flag(
                "modes",
                list(self.modes.iter().map(|m| m.name().into()).collect()),
            );
        }
        if self.runtimes.is_empty() && self.sweeps_free() {
            flag("free-threading", self.free_profile.name().into());
        }
        if self.runtimes.is_empty() && self.modes.iter().any(|m| m.has_policy()) {
            flag(
                "policies",
                list(self.policies.iter().map(|p| p.to_string()).collect()),
            );
            flag(
                "switch-intervals",
                list(
                    self.switch_intervals_ns
                        .iter()
                        .map(|n| format_ns(*n))
                        .collect(),
                ),
            );
            if !self.check_intervals.is_empty() {
                flag(
                    "check-intervals",
                    list(self.check_intervals.iter().map(u64::to_string).collect()),
                );
            }
        }
        flag(
            "threads",
            list(self.threads.iter().map(u32::to_string).collect()),
        );
        flag(
            "scaling",
            list(self.scalings.iter().map(|s| s.name().into()).collect()),
        );
        if self.engine.is_virtual() {
            flag(
                "cores",
                list(self.core_axis().iter().map(u32::to_string).collect()),
            );
            flag("seeds", format_seeds(&self.seeds));
        }
        flag("reps", self.repetitions.to_string());
        if self.engine.is_virtual() && self.engine.cost != crate::spec::CostModel::default() {
            flag("cost-model", "COST_MODEL.json".into());
        }
        c
    }
}

/// `s` as one shell word: unchanged when it is plain, else single-quoted.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=:,.%/@+".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The GIL settings of a point in a mode with a GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GilSetting {
    /// The policy.
    pub policy: PolicyId,
    /// The switch interval (ns).
    pub switch_interval_ns: u64,
    /// The check interval, for tick-based policies.
    pub check_interval: Option<u64>,
}

/// One point of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// Index into [`SweepConfig::workloads`].
    pub workload: usize,
    /// Scaling.
    pub scaling: Scaling,
    /// The runtime preset that set its mode and GIL settings, if any.
    pub runtime: Option<&'static Runtime>,
    /// Mode.
    pub mode: Mode,
    /// GIL settings; `None` without a GIL.
    pub gil: Option<GilSetting>,
    /// Threads.
    pub threads: u32,
    /// Cores.
    pub cores: u32,
}

/// One run of a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Index into the points.
    pub point: usize,
    /// The seed.
    pub seed: u64,
    /// The repetition of this seed.
    pub rep: u32,
}

/// The engine seed of repetition `rep` of `seed`: the seed itself for the
/// first (so `gilsim run --seed S` replays a sweep's run of seed S), then
/// a well-mixed derivative (SplitMix64), so repetitions of one seed never
/// coincide with another listed seed's runs.
pub fn run_seed(seed: u64, rep: u32) -> u64 {
    if rep == 0 {
        return seed;
    }
    let mut z = seed ^ (rep as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Parses `--shard K/N`: shard K (from 0) of N.
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let bad = || {
        format!(
            "'{text}' is not a shard: write K/N, 0 <= K < N (e.g. 0/8, or $SLURM_ARRAY_TASK_ID/64)"
        )
    };
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let (index, count): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if count == 0 || index >= count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_units_without_overlap_or_loss() {
        let mut cfg = SweepConfig::default_sweep();
        cfg.seeds = vec![1, 2, 3];
        cfg.repetitions = 2;
        let points = cfg.points();
        let all = cfg.units(&points);
        assert_eq!(all.len(), points.len() * 6);
        let mut joined = Vec::new();
        for k in 0..7 {
            cfg.shard = Some(Shard { index: k, count: 7 });
            joined.extend(cfg.units(&points));
        }
        joined.sort_by_key(|u| (u.point, u.seed, u.rep));
        let mut all_sorted = all.clone();
        all_sorted.sort_by_key(|u| (u.point, u.seed, u.rep));
        assert_eq!(joined, all_sorted);
    }

    #[test]
    fn modes_without_a_gil_do_not_multiply_by_policies() {
        let mut cfg = SweepConfig::default_sweep();
        cfg.workloads.truncate(1);
        cfg.scalings = vec![Scaling::Strong];
        cfg.threads = vec![1, 2];
        cfg.modes = vec![Mode::Gil, Mode::Free];
        cfg.policies = vec!["newgil".parse().unwrap(), "ticks".parse().unwrap()];
        cfg.switch_intervals_ns = vec![5_000_000, 1_000_000];
        cfg.check_intervals = vec![100, 1000];
        // gil: newgil x 2 intervals + ticks x 2 intervals x 2 checks = 6
        // settings; free: 1. Each x 2 thread counts.
        assert_eq!(cfg.points().len(), (6 + 1) * 2);
        assert!(cfg.command().contains(
            "--policies newgil,ticks --switch-intervals 5ms,1ms --check-intervals 100,1000"
        ));
    }

    #[test]
    fn seeds_and_shards_parse() {
        assert_eq!(run_seed(7, 0), 7);
        assert_ne!(run_seed(7, 1), run_seed(8, 0));
        assert_eq!(parse_shard("3/8"), Ok(Shard { index: 3, count: 8 }));
        for bad in ["8/8", "1", "a/2", "0/0", "-1/4"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        assert_eq!(shell_quote("a(b=2ms)"), "'a(b=2ms)'");
        assert_eq!(shell_quote("cpu=x.pyasm:%10"), "cpu=x.pyasm:%10");
    }
}
