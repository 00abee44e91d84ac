//! `gilsim experiment load`: its flags and the command. Every value is
//! checked here, before any work, as a usage error (exit 64) naming the
//! flag.

use super::args::EngineArgs;
use crate::error::{check_writable, Error};
use crate::experiment::load::arrivals::Count;
use crate::experiment::load::dist::Dist;
use crate::experiment::load::results::LoadResults;
use crate::experiment::load::{self, Load, LoadConfig, ServerKind};
use std::path::{Path, PathBuf};

/// `gilsim experiment load`.
#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Policies, comma-separated, with parameters if any:
    /// `newgil,'io-priority(boost=1ms,demote=2)'` [default:
    /// newgil,io-priority].
    #[arg(long, visible_alias = "policy", value_name = "LIST")]
    pub policies: Vec<String>,
    /// Switch intervals (each more than 0, at most 1 hour) [default:
    /// 5ms,1ms,500us, or the --runtime's].
    #[arg(
        long,
        visible_alias = "switch-interval",
        value_name = "LIST",
        value_delimiter = ','
    )]
    pub switch_intervals: Vec<String>,
    /// A runtime preset with a GIL (cpython-3.11, cpython-2.7, ruby-3.3,
    /// ocaml-4.14, ...; `gilsim runtimes` lists them): its policy, switch
    /// interval and costs, as `run --runtime` sets them.
    /// --switch-intervals overrides its interval where its policy has one;
    /// --policies is refused beside it.
    #[arg(long, value_name = "NAME")]
    pub runtime: Option<String>,
    /// Open loop: offered loads, in requests/s (`800`, `800/s`) or as a
    /// share of the server's CPU capacity, 1 / mean CPU demand (`80%`)
    /// [default: 10%,20%,...,90%].
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub loads: Vec<String>,
    /// Closed loop instead: numbers of clients, each sending a request,
    /// waiting for the reply and thinking (--think) before the next.
    #[arg(long, value_delimiter = ',', conflicts_with = "loads")]
    pub clients: Vec<u32>,
    /// Closed loop: think time between a reply and the next request.
    #[arg(long, default_value = "exp:10ms", requires = "clients")]
    pub think: String,
    /// Seeds, one run per point each: a list and ranges (`1..5`, `1,4,9`,
    /// `1..3,10`). Each seed draws the schedule and, on the virtual
    /// engine, the engine's random choices.
    #[arg(long, default_value = "1..3")]
    pub seeds: String,
    /// Workers serving requests (threads, tasks or processes).
    #[arg(long, default_value_t = 16)]
    pub workers: u32,
    /// CPU work per request: fixed:1ms (or 1ms), exp:2ms,
    /// uniform:1ms:3ms, bimodal:P:A:B (A with probability P, else B).
    #[arg(long, default_value = "bimodal:0.9:100us:5ms")]
    pub cpu: String,
    /// IO time per request, after its CPU work (same syntax; 0 for none).
    #[arg(long, default_value = "2ms")]
    pub io: String,
    /// Requests per run.
    #[arg(long, default_value_t = 2000, conflicts_with = "duration")]
    pub requests: u32,
    /// Open loop: as many requests as arrive in this long instead (e.g. 2s).
    #[arg(long)]
    pub duration: Option<String>,
    /// Who serves the requests.
    #[arg(long, value_enum, default_value = "threads")]
    pub server: ServerKind,
    /// Runs at once on the virtual engine [default: this machine's cores;
    /// always 1 on the real engine].
    #[arg(long)]
    pub jobs: Option<u32>,
    /// Redraw PREFIX.svg and PREFIX.png (and print the table) from a
    /// results file written by an earlier run, instead of running.
    #[arg(long, value_name = "FILE.json")]
    pub replot: Option<PathBuf>,
    /// Output prefix: PREFIX.json, PREFIX.csv (one row per run),
    /// PREFIX.summary.csv (one per point), PREFIX.svg and PREFIX.png.
    #[arg(short, long, default_value = "load")]
    pub out: PathBuf,
    /// How the chart looks.
    #[command(flatten)]
    pub chart: super::chart_args::ChartArgs,
    /// Engine flags (use --seeds, not --seed).
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// The most values in --loads, --clients and --switch-intervals.
pub const MAX_LEVELS: usize = 64;

/// The most `--jobs`, as for `sweep` and `report`.
const MAX_JOBS: u32 = 4096;

/// `--policies` when not given.
const DEFAULT_POLICIES: &str = "newgil,io-priority";

/// `--switch-intervals` when not given (and no `--runtime`).
const DEFAULT_SWITCH_INTERVALS: [&str; 3] = ["5ms", "1ms", "500us"];

fn dist(flag: &str, text: &str) -> Result<Dist, Error> {
    Dist::parse(text).map_err(|e| Error::Usage(format!("--{flag}: {e}")))
}

fn many<T>(flag: &str, v: Vec<T>) -> Result<Vec<T>, Error> {
    if v.len() > MAX_LEVELS {
        return Err(Error::Usage(format!(
            "--{flag}: at most {MAX_LEVELS} values"
        )));
    }
    Ok(v)
}

/// The experiment these flags ask for, checked.
pub fn config(a: &LoadArgs) -> Result<LoadConfig, Error> {
    let usage = |m: String| Error::Usage(m);
    if a.engine.seed.is_some() {
        return Err(usage(
            "experiment load takes --seeds (a list), not --seed".into(),
        ));
    }
    let engine = a.engine.config()?;
    let preset = super::preset::gil_preset(
        "load",
        a.runtime.as_deref(),
        !a.policies.is_empty(),
        !a.switch_intervals.is_empty(),
    )?;
    let policies = match preset {
        Some((_, g)) => vec![g.policy],
        None if a.policies.is_empty() => super::split_policies(&[DEFAULT_POLICIES.into()])?,
        None => super::split_policies(&a.policies)?,
    };
    let intervals_ns = match preset {
        Some((_, g)) if a.switch_intervals.is_empty() => vec![g.switch_interval_ns],
        _ => {
            let given: Vec<&str> = if a.switch_intervals.is_empty() {
                DEFAULT_SWITCH_INTERVALS.to_vec()
            } else {
                a.switch_intervals.iter().map(String::as_str).collect()
            };
            given
                .iter()
                .map(|s| {
                    crate::duration::parse_switch_interval(s)
                        .map_err(|e| usage(format!("--switch-intervals: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    let loads = a
        .loads
        .iter()
        .map(|s| Load::parse(s).map_err(|e| usage(format!("--loads: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let loads = if loads.is_empty() && a.clients.is_empty() {
        [
            "10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%",
        ]
        .iter()
        .map(|s| Load::parse(s).expect("valid defaults"))
        .collect()
    } else {
        loads
    };
    let count = match &a.duration {
        Some(d) => Count::Duration(
            crate::duration::parse_positive_ns(d).map_err(|e| usage(format!("--duration: {e}")))?,
        ),
        None => Count::Requests(a.requests),
    };
    let jobs = match a.jobs {
        // The range of `sweep --jobs` and `report --jobs`; 0 is refused
        // by the check, with the real engine's rule.
        Some(j) if j > MAX_JOBS => {
            return Err(usage(format!(
                "--jobs: at most {MAX_JOBS} runs at once, got {j}"
            )))
        }
        Some(j) => j,
        None if engine.is_virtual() => crate::engine::host_cores(),
        None => 1,
    };
    Ok(LoadConfig {
        policies: many("policies", policies)?,
        intervals_ns: many("switch-intervals", intervals_ns)?,
        loads: many("loads", loads)?,
        clients: many("clients", a.clients.clone())?,
        think: dist("think", &a.think)?,
        seeds: crate::experiment::seeds::parse_seeds(&a.seeds)
            .map_err(|e| usage(format!("--seeds {e}")))?,
        workers: a.workers,
        cpu: dist("cpu", &a.cpu)?,
        io: dist("io", &a.io)?,
        count,
        server: a.server,
        engine,
        jobs,
        runtime: preset.map(|p| p.0),
    })
}

/// Runs `gilsim experiment load`.
pub fn load(a: LoadArgs) -> Result<i32, Error> {
    if let Some(path) = &a.replot {
        let r = LoadResults::read_json(path)?;
        out!("{}", r.table());
        return plot(&r, &a.out, &a.chart.output()?);
    }
    let cfg = config(&a)?;
    cfg.check()?;
    let json = a.out.with_extension("json");
    let csv = a.out.with_extension("csv");
    let summary = a.out.with_extension("summary.csv");
    let output = a.chart.output()?;
    for p in [&json, &csv, &summary] {
        check_writable(p)?;
    }
    for p in output.files(&a.out) {
        check_writable(&p)?;
    }
    let bar = progress_bar();
    let r = load::run(&cfg, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let r = r?;
    out!("{}", r.table());
    let text = serde_json::to_string_pretty(&r).expect("results always serialise") + "\n";
    std::fs::write(&json, text).map_err(|source| Error::Write {
        path: json.clone(),
        source,
    })?;
    r.write_runs_csv(&csv)?;
    r.write_points_csv(&summary)?;
    for f in [&json, &csv, &summary] {
        outln!("wrote {}", f.display());
    }
    plot(&r, &a.out, &output)
}

fn plot(r: &LoadResults, out: &Path, output: &crate::plot::Output) -> Result<i32, Error> {
    super::draw_chart(&crate::plot::load::LoadChart { results: r }, out, output)
}

/// A progress bar on stderr when it is a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} runs")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar
}
