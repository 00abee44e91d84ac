//! `gilsim sweep`, `merge`, `compare` and `report`: grids of runs, their
//! shards joined, two sweeps compared, and the main job.

use super::args::{EngineArg, ModeArg};
use super::preset::dedup;
use crate::engine::{self, Mode};
use crate::error::{check_writable, exit, Error};
use crate::experiment::compare::{self, Figure};
use crate::experiment::grid::{parse_shard, SweepConfig};
use crate::experiment::results::{Shard, SweepResults};
use crate::experiment::seeds::SeedList;
use crate::experiment::sweep::run_sweep;
use crate::experiment::workload::{Scaling, Workload};
use crate::gil::PolicyId;
use crate::plot::cut_to;
use crate::runtime::Runtime;
use std::path::{Path, PathBuf};

/// `gilsim sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// A workload NAME=FILE[@ENTRY]:ARGS (repeatable); FILE is a .pyasm
    /// or .py program; default: the built-in cpu=countdown and io=io_wait
    /// workloads.
    #[arg(long = "workload", value_name = "SPEC")]
    pub workloads: Vec<String>,
    /// Runtime presets to sweep instead of modes, policies and intervals
    /// (`cpython-3.11,cpython-2.7,ruby-3.3,ocaml-4.14`; `gilsim runtimes`
    /// lists them): each sets its points' mode, policy, intervals,
    /// free-threading profile and runtime costs, as `run --runtime` does,
    /// so --modes, --policies, --switch-intervals, --check-intervals and
    /// --free-threading are refused beside it.
    #[arg(
        long = "runtimes",
        visible_alias = "runtime",
        value_name = "LIST",
        value_delimiter = ','
    )]
    pub runtimes: Vec<String>,
    /// Modes to sweep [default: gil,free].
    #[arg(long, visible_alias = "mode", value_enum, value_delimiter = ',')]
    pub modes: Vec<ModeArg>,
    /// GIL policies to sweep in gil and process modes, comma-separated,
    /// with parameters if any: `newgil,fifo,'io-priority(boost=2ms)'`
    /// [default: newgil].
    #[arg(long = "policies", visible_alias = "policy", value_name = "LIST")]
    pub policies: Vec<String>,
    /// Free mode's costs: one profile for every free-mode point (help
    /// text from `FreeProfileId::help`).
    #[arg(long, value_name = "NAME", help = crate::spec::FreeProfileId::help())]
    pub free_threading: Option<String>,
    /// Switch intervals to sweep (each more than 0, at most 1 hour)
    /// [default: 5ms].
    #[arg(long = "switch-intervals", visible_alias = "switch-interval", value_delimiter = ',', value_parser = crate::duration::parse_switch_interval)]
    pub switch_intervals: Vec<u64>,
    /// Check intervals to sweep for tick-based policies (instructions)
    /// [default: 100]; an error when no swept policy uses one.
    #[arg(long = "check-intervals", visible_alias = "check-interval", value_delimiter = ',', value_parser = clap::value_parser!(u64).range(1..))]
    pub check_intervals: Vec<u64>,
    /// Thread counts (the fewest is the baseline for speedups).
    #[arg(long, value_delimiter = ',', default_value = "1,2,4,8,16", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub threads: Vec<u32>,
    /// Scalings: strong (fixed total work) and/or weak (fixed work per thread).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "strong,weak")]
    pub scaling: Vec<Scaling>,
    /// Repetitions per seed (1 to 1000).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=super::MAX_REPS))]
    pub reps: u32,
    /// real: OS threads and the wall clock; virtual: a deterministic
    /// simulation over a virtual clock.
    #[arg(long, value_enum, default_value = "real")]
    pub engine: EngineArg,
    /// Virtual engine: seeds, each a run of every cell (`1..20`, `1,3,7`)
    /// [default: 1].
    #[arg(long = "seeds", visible_alias = "seed", value_name = "LIST", value_parser = |s: &str| s.parse::<SeedList>())]
    pub seeds: Option<SeedList>,
    /// Virtual engine: simulated core counts to sweep [default: this
    /// machine's].
    #[arg(long, value_delimiter = ',', value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub cores: Vec<u32>,
    /// Virtual engine: a cost-model file written by `gilsim calibrate`.
    #[arg(long, value_name = "FILE")]
    pub cost_model: Option<PathBuf>,
    /// Virtual engine: runs at once [default: this machine's cores]; the
    /// results are the same for any value. The real engine runs one at a time.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub jobs: Option<u32>,
    /// Run only shard K of N (K from 0): a deterministic 1/N of the runs;
    /// join the shards with `gilsim merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,
    /// Output prefix: writes PREFIX.json, PREFIX.csv (a row per run),
    /// PREFIX.cells.csv (a row per cell) and PREFIX.threads.csv.
    #[arg(short, long, default_value = "sweep")]
    pub out: PathBuf,
}

/// Splits a policy list on the commas outside parentheses.
pub fn split_policies(lists: &[String]) -> Result<Vec<PolicyId>, Error> {
    let mut out = Vec::new();
    for list in lists {
        let (mut depth, mut start) = (0i32, 0);
        let mut items = Vec::new();
        for (i, ch) in list.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&list[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&list[start..]);
        for item in items {
            let p: PolicyId = item
                .trim()
                .parse()
                .map_err(|e| Error::Usage(format!("--policies: {e}")))?;
            if out.contains(&p) {
                return Err(Error::Usage(format!("--policies: {p} is listed twice")));
            }
            out.push(p);
        }
    }
    Ok(out)
}

impl SweepArgs {
    /// The `--runtimes` presets, each once; refused beside the flags
    /// whose axes they replace, or when a name is unknown (exit 64).
    fn runtimes(&self) -> Result<Vec<&'static Runtime>, Error> {
        let out = super::preset::presets(&self.runtimes, "--runtimes")?;
        if out.is_empty() {
            return Ok(out);
        }
        for (given, flag) in [
            (!self.modes.is_empty(), "--modes"),
            (!self.policies.is_empty(), "--policies"),
            (!self.switch_intervals.is_empty(), "--switch-intervals"),
            (!self.check_intervals.is_empty(), "--check-intervals"),
        ] {
            if given {
                return Err(Error::Usage(format!(
                    "--runtimes sets each point's mode, policy and intervals: drop {flag} \
                     (or sweep --modes/--policies without --runtimes)"
                )));
            }
        }
        Ok(out)
    }
}

/// The default number of jobs: this machine's cores.
fn default_jobs() -> usize {
    crate::engine::host_cores() as usize
}

impl SweepArgs {
    /// The sweep these flags ask for, checked.
    pub fn config(&self) -> Result<SweepConfig, Error> {
        let workloads = if self.workloads.is_empty() {
            crate::experiment::workload::defaults()
        } else {
            self.workloads
                .iter()
                .map(|s| Workload::parse(s))
                .collect::<Result<_, _>>()?
        };
        let virt = self.engine == EngineArg::Virtual;
        if !virt {
            for (given, flag) in [
                (self.seeds.is_some(), "--seeds"),
                (!self.cores.is_empty(), "--cores"),
                (self.cost_model.is_some(), "--cost-model"),
                (self.jobs.is_some_and(|j| j > 1), "--jobs"),
            ] {
                if given {
                    return Err(Error::Usage(format!(
                        "{flag} applies to the virtual engine only: add --engine virtual{}",
                        if flag == "--seeds" {
                            " (on the real engine, --reps repeats runs)"
                        } else if flag == "--jobs" {
                            " (real-engine runs measure the machine, one at a time)"
                        } else {
                            ""
                        }
                    )));
                }
            }
        }
        let mut engine = if virt {
            engine::EngineConfig::virtual_machine(crate::engine::host_cores())
        } else {
            engine::EngineConfig::default()
        };
        if let Some(path) = &self.cost_model {
            engine.cost = crate::engine::vtime::CostModel::load(path)?;
        }
        let runtimes = self.runtimes()?;
        let mut modes: Vec<Mode> = Vec::new();
        for m in &self.modes {
            let m = Mode::from(*m);
            if !modes.contains(&m) {
                modes.push(m);
            }
        }
        let (runtime_modes, runtime_policies, runtime_intervals) = super::preset::axes(&runtimes);
        if modes.is_empty() {
            modes = if runtimes.is_empty() {
                vec![Mode::Gil, Mode::Free]
            } else {
                runtime_modes
            };
        }
        if !runtimes.is_empty() && self.free_threading.is_some() {
            return Err(Error::Usage(
                "--free-threading beside --runtimes: each runtime sets its own profile (cpython-3.13t, cpython-3.14t)".into(),
            ));
        }
        let free_profile = match &self.free_threading {
            None => crate::spec::FreeProfileId::default(),
            Some(_) if !modes.contains(&Mode::Free) => {
                return Err(Error::Usage(
                    "--free-threading applies to free mode only: add free to --modes".into(),
                ))
            }
            Some(name) => crate::spec::FreeProfileId::parse(name).map_err(Error::Usage)?,
        };
        let (policies, switch_intervals_ns) = if runtimes.is_empty() {
            (
                if self.policies.is_empty() {
                    vec![PolicyId::NEWGIL]
                } else {
                    split_policies(&self.policies)?
                },
                if self.switch_intervals.is_empty() {
                    vec![crate::engine::DEFAULT_SWITCH_INTERVAL_NS]
                } else {
                    dedup(&self.switch_intervals)
                },
            )
        } else {
            (runtime_policies, runtime_intervals)
        };
        let cfg = SweepConfig {
            workloads,
            runtimes,
            modes,
            free_profile,
            policies,
            switch_intervals_ns,
            check_intervals: dedup(&self.check_intervals),
            threads: dedup(&self.threads),
            cores: dedup(&self.cores),
            scalings: dedup(&self.scaling),
            seeds: self
                .seeds
                .clone()
                .map_or(vec![crate::engine::DEFAULT_SEED], |s| s.0),
            repetitions: self.reps,
            engine,
            jobs: if virt {
                self.jobs.map_or_else(default_jobs, |j| j as usize)
            } else {
                1
            },
            shard: self.shard,
        };
        cfg.check()?;
        Ok(cfg)
    }
}

/// The output prefix, without a `.json` the user may have added.
fn prefix(out: &Path) -> PathBuf {
    match out.extension() {
        Some(e) if e == "json" => out.with_extension(""),
        _ => out.to_path_buf(),
    }
}

/// Writes a sweep's files and prints their names.
fn write_results(r: &SweepResults, prefix: &Path) -> Result<(), Error> {
    let files = r.write_all(prefix)?;
    outln!(
        "wrote {}",
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// `gilsim sweep`.
pub fn sweep(a: SweepArgs) -> Result<i32, Error> {
    let cfg = a.config()?;
    let prefix = prefix(&a.out);
    for f in SweepResults::files(&prefix) {
        check_writable(&f)?;
    }
    let r = run_sweep(&cfg)?;
    out!("{}", summary(&r));
    write_results(&r, &prefix)?;
    Ok(exit::OK)
}

/// `gilsim merge`.
pub fn merge(shards: &[PathBuf], out: &Path) -> Result<i32, Error> {
    let prefix = prefix(out);
    for f in SweepResults::files(&prefix) {
        check_writable(&f)?;
    }
    let r = crate::experiment::merge::merge(shards)?;
    out!("{}", summary(&r));
    write_results(&r, &prefix)?;
    Ok(exit::OK)
}

/// `gilsim compare`.
pub fn compare(
    a: &Path,
    b: &Path,
    figure: Figure,
    format: super::TableFormat,
) -> Result<i32, Error> {
    let (ra, rb) = (SweepResults::read_json(a)?, SweepResults::read_json(b)?);
    let c = compare::compare(&ra, &rb, figure)?;
    if format == super::TableFormat::Json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&c).expect("a comparison serialises")
        );
    } else {
        out!("{}", compare::table(&c));
    }
    Ok(exit::OK)
}

/// `gilsim report`: the default sweep (over `runtimes` instead of the
/// modes when any are named, as `sweep --runtimes` does), its charts and
/// the convoy timelines.
pub fn report(
    out: &Path,
    reps: u32,
    runtimes: &[String],
    ea: &super::EngineArgs,
    jobs: Option<u32>,
    output: &crate::plot::Output,
) -> Result<i32, Error> {
    let runtimes = super::preset::presets(runtimes, "--runtimes")?;
    let engine = ea.config()?;
    if !engine.is_virtual() && jobs.is_some_and(|j| j > 1) {
        return Err(Error::Usage(
            "--jobs applies to the virtual engine only: real-engine runs measure the machine, one at a time".into(),
        ));
    }
    let mut cfg = SweepConfig {
        engine: engine.clone(),
        jobs: if engine.is_virtual() {
            jobs.map_or_else(default_jobs, |j| j as usize)
        } else {
            1
        },
        cores: vec![engine.cores],
        ..SweepConfig::default_sweep()
    };
    if !runtimes.is_empty() {
        (cfg.modes, cfg.policies, cfg.switch_intervals_ns) = super::preset::axes(&runtimes);
        cfg.runtimes = runtimes;
    }
    // On the virtual engine seeds are the repetitions: 1..reps.
    if engine.is_virtual() {
        cfg.seeds = (engine.seed..engine.seed.saturating_add(reps as u64)).collect();
        cfg.repetitions = 1;
    } else {
        cfg.repetitions = reps;
    }
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let prefix = out.join("results");
    // The directory may exist and still not be writable.
    for f in SweepResults::files(&prefix) {
        check_writable(&f)?;
    }
    let r = run_sweep(&cfg)?;
    out!("{}", summary(&r));
    write_results(&r, &prefix)?;
    for f in crate::plot::sweep::plot_all(&r, out, output)? {
        outln!("wrote {}", f.display());
    }
    for f in crate::experiment::timelines::convoy_timelines(out, &engine, output)? {
        outln!("wrote {}", f.display());
    }
    Ok(exit::OK)
}

/// A readable table of a sweep's cells: means with the half-width of
/// their 95% intervals.
pub fn summary(r: &SweepResults) -> String {
    use std::fmt::Write;
    let h = &r.header;
    let gil_axes =
        h.policies.len() > 1 || h.switch_intervals_ns.len() > 1 || !h.check_intervals.is_empty();
    let many_cores = h.cores.len() > 1;
    let mut s = format!(
        "sweep on {} ({} engine, {} cores), {} runs per cell; ± is the half-width of the 95% t-interval\n",
        h.machine.cpu_model,
        h.engine,
        h.cores.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        h.seeds.len() * h.repetitions as usize,
    );
    let runtimes = !h.runtimes.is_empty();
    let _ = write!(s, "{:<10} {:<7} ", "workload", "scaling");
    if runtimes {
        let _ = write!(s, "{:<13} ", "runtime");
    }
    let _ = write!(s, "{:<7} ", "mode");
    if gil_axes {
        let _ = write!(s, "{:<22} {:>8} ", "policy", "interval");
    }
    if many_cores {
        let _ = write!(s, "{:>5} ", "cores");
    }
    let _ = writeln!(
        s,
        "{:>7} {:>20} {:>16} {:>10} {:>9} {:>9}",
        "threads", "wall ms", "speedup", "efficiency", "gil wait", "switches"
    );
    for c in &r.cells {
        let _ = write!(s, "{:<10} {:<7} ", cut_to(&c.workload, 10), c.scaling);
        if runtimes {
            let _ = write!(s, "{:<13} ", c.runtime.as_deref().unwrap_or("-"));
        }
        let _ = write!(s, "{:<7} ", c.mode);
        if gil_axes {
            let interval = c
                .switch_interval_ns
                .map_or("-".into(), crate::duration::format_ns);
            let _ = write!(s, "{:<22} {:>8} ", cut_to(&c.policy, 22), interval);
        }
        if many_cores {
            let _ = write!(s, "{:>5} ", c.cores);
        }
        let wall = c.wall_ns.scaled(1e-6);
        let speedup = if c.speedup.n > 0 {
            format!("{:.2} ± {:.2}", c.speedup.mean, c.speedup.half_width())
        } else {
            "-".into()
        };
        let _ = writeln!(
            s,
            "{:>7} {:>20} {:>16} {:>9.0}% {:>8.0}% {:>9.0}",
            c.threads,
            format!("{:.2} ± {:.2}", wall.mean, wall.half_width()),
            speedup,
            c.efficiency * 100.0,
            c.gil_wait_share.mean * 100.0,
            c.switches.mean
        );
    }
    s
}
