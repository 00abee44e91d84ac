//! `--seeds` and `--reps`, the flags that repeat an experiment's runs,
//! shared by `experiment convoy` and `experiment ccbench`.

use super::args::{EngineArgs, MAX_REPS};
use crate::error::Error;
use crate::experiment::repeat::{plan, RunId};
use crate::experiment::seeds::SeedList;

/// How many runs of each configuration to make.
#[derive(Clone, Debug, clap::Args)]
pub struct RepeatArgs {
    /// Virtual engine: one run of every configuration per seed, e.g.
    /// 1..5, 1,3,7 or 1..3,10 (ranges include both ends; at most 10000
    /// seeds, none twice); each figure is then summarised over the runs
    /// (mean, 95% confidence interval).
    #[arg(long, value_name = "LIST", value_parser = |s: &str| s.parse::<SeedList>())]
    pub seeds: Option<SeedList>,
    /// Runs of every configuration (1 to 1000): repetitions on the real
    /// engine; on the virtual engine the seeds --seed (default 1) and up.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_REPS))]
    pub reps: Option<u32>,
}

impl RepeatArgs {
    /// The runs these flags ask for, checked against the engine flags
    /// (usage errors: `--seeds` on the real engine, with `--reps` or with
    /// `--seed`).
    pub fn runs(
        &self,
        engine: &EngineArgs,
        config: &crate::engine::EngineConfig,
    ) -> Result<Vec<RunId>, Error> {
        plan(
            config,
            self.seeds.as_ref().map(|s| &s.0[..]),
            self.reps,
            engine.seed.is_some(),
        )
        .map_err(Error::Usage)
    }
}
