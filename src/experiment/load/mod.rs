//! `gilsim experiment load`: a request server under open-loop (Poisson)
//! or closed-loop load, for each policy, switch interval and offered load,
//! over several seeds.
//!
//! Each request needs some CPU work (a pure-Python loop) and then some IO
//! (a sleep); a pool of interpreter threads, asyncio tasks or processes
//! serves them (programs/load/server.py, built in). Each run reports the
//! throughput and the latency percentiles of its requests; each point (a
//! policy, interval and load) summarises them over the seeds with a 95%
//! confidence interval ([`crate::experiment::stats`]).
//!
//! Latency is measured from the *scheduled* arrival (open loop) or the
//! *intended* send time (closed loop: the previous reply plus the think
//! time) to the completion, so time a request waits in the queue — or
//! waits for the dispatcher, itself a Python thread, to get the GIL —
//! counts. Measuring from when the server got round to the request would
//! hide exactly that (coordinated omission).

pub mod arrivals;
pub mod dist;
pub mod results;
pub mod server;

use super::machine::Machine;
use super::stats::{Summary, CI_METHOD};
use crate::engine::EngineConfig;
use crate::error::Error;
use crate::gil::PolicyId;
use arrivals::{Count, Schedule};
use dist::Dist;
pub use results::LoadResults;
use results::{LoadPoint, LoadRun};
pub use server::ServerKind;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// An offered load as given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Load {
    /// Requests per second.
    Rate(f64),
    /// A share of the server's CPU capacity (`0.5` for `50%`).
    Util(f64),
}

/// The largest offered load in requests/s.
pub const MAX_RATE: f64 = 10_000_000.0;
/// The largest offered load as a share of capacity (1000%).
pub const MAX_UTIL: f64 = 10.0;
/// The most requests in one run.
pub const MAX_REQUESTS: u64 = 1_000_000;
/// The most CPU work in one run (ns): one hour, at the calibrated speed.
pub const MAX_CPU_PER_RUN_NS: f64 = 3.6e12;
/// The longest span of arrivals (or of think times) in one run: one hour.
pub const MAX_SPAN_NS: f64 = 3.6e12;
/// The most workers, and the most clients.
pub const MAX_WORKERS: u32 = 4096;
/// The most seeds.
pub const MAX_SEEDS: usize = 1000;

impl Load {
    /// Parses `800` or `800/s` (requests/s) or `80%` (of capacity).
    pub fn parse(text: &str) -> Result<Load, String> {
        let t = text.trim();
        let (num, util) = match t.strip_suffix('%') {
            Some(n) => (n, true),
            None => (t.strip_suffix("/s").unwrap_or(t), false),
        };
        let v: f64 = num.trim().parse().map_err(|_| {
            format!("'{text}' is not a load (requests/s like 800, or a share of capacity like 80%)")
        })?;
        if !v.is_finite() || v <= 0.0 {
            return Err(format!("'{text}': a load must be a finite number above 0"));
        }
        if util {
            let u = v / 100.0;
            if u > MAX_UTIL {
                return Err(format!("'{text}': at most {}%", MAX_UTIL * 100.0));
            }
            Ok(Load::Util(u))
        } else if v > MAX_RATE {
            Err(format!("'{text}': at most {MAX_RATE} requests/s"))
        } else {
            Ok(Load::Rate(v))
        }
    }

    /// Requests/s against a capacity of `capacity` requests/s.
    pub fn rate(self, capacity: f64) -> f64 {
        match self {
            Load::Rate(r) => r,
            Load::Util(u) => u * capacity,
        }
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct LoadConfig {
    /// Policies.
    pub policies: Vec<PolicyId>,
    /// Switch intervals (ns).
    pub intervals_ns: Vec<u64>,
    /// Open loop: offered loads (empty in a closed loop).
    pub loads: Vec<Load>,
    /// Closed loop: client counts (empty in an open loop).
    pub clients: Vec<u32>,
    /// Closed loop: think time between a reply and the next request.
    pub think: Dist,
    /// Seeds: one run per point each.
    pub seeds: Vec<u64>,
    /// Workers in the pool.
    pub workers: u32,
    /// CPU demand per request.
    pub cpu: Dist,
    /// IO time per request.
    pub io: Dist,
    /// Requests per run.
    pub count: Count,
    /// How requests are served.
    pub server: ServerKind,
    /// The engine.
    pub engine: EngineConfig,
    /// Runs at once (virtual engine only; the real engine runs one at a
    /// time so runs do not disturb each other's timing).
    pub jobs: u32,
    /// The runtime preset modelled (`--runtime`), if any: its costs apply
    /// to every run and to the calibration of the CPU loop, and its name
    /// is recorded. Its policy and switch interval are in `policies` and
    /// `intervals_ns`.
    pub runtime: Option<&'static crate::runtime::Runtime>,
}

fn usage(m: String) -> Error {
    Error::Usage(m)
}

impl LoadConfig {
    /// Whether this is a closed loop.
    pub fn closed(&self) -> bool {
        !self.clients.is_empty()
    }

    /// The server's CPU capacity (requests/s): its GIL domains over the
    /// mean CPU demand (infinite with no CPU demand).
    pub fn capacity_rps(&self) -> f64 {
        let domains = match self.server {
            ServerKind::Threads | ServerKind::Asyncio => 1,
            ServerKind::Processes => self.workers.min(self.engine.cores).max(1),
        };
        domains as f64 * 1e9 / self.cpu.mean_ns()
    }

    /// Checks every setting, as a usage error naming the flag.
    pub fn check(&self) -> Result<(), Error> {
        if self.policies.is_empty() || self.intervals_ns.is_empty() {
            return Err(usage(
                "--policies and --switch-intervals need at least one value".into(),
            ));
        }
        if self.seeds.is_empty() || self.seeds.len() > MAX_SEEDS {
            return Err(usage(format!("--seeds: 1 to {MAX_SEEDS} seeds")));
        }
        if self.workers == 0 || self.workers > MAX_WORKERS {
            return Err(usage(format!(
                "--workers must be between 1 and {MAX_WORKERS}, got {}",
                self.workers
            )));
        }
        if self.jobs == 0 || (self.jobs > 1 && !self.engine.is_virtual()) {
            return Err(usage(
                "--jobs: at least 1, and only 1 on the real engine (parallel runs would disturb each other's timing)".into(),
            ));
        }
        match (self.loads.is_empty(), self.clients.is_empty()) {
            (true, true) => {
                return Err(usage(
                    "give --loads (open loop) or --clients (closed loop)".into(),
                ))
            }
            (false, false) => {
                return Err(usage(
                    "--loads (open loop) and --clients (closed loop) exclude each other".into(),
                ))
            }
            _ => {}
        }
        if let Some(c) = self.clients.iter().find(|c| **c == 0 || **c > MAX_WORKERS) {
            return Err(usage(format!(
                "--clients must be between 1 and {MAX_WORKERS}, got {c}"
            )));
        }
        let (n, cpu) = (self.max_requests(), self.cpu.mean_ns());
        if n == 0 {
            return Err(usage("a run needs at least one request".into()));
        }
        if n > MAX_REQUESTS {
            return Err(usage(format!(
                "about {n} requests per run: at most {MAX_REQUESTS} (lower --requests, --duration or the load)"
            )));
        }
        if self.closed() {
            if let Count::Duration(_) = self.count {
                return Err(usage(
                    "--duration is for an open loop; a closed loop takes --requests".into(),
                ));
            }
            if let Some(&c) = self.clients.iter().find(|&&c| c as u64 > n) {
                return Err(usage(format!(
                    "{c} clients for {n} requests: every client needs a request"
                )));
            }
        }
        let work = n as f64 * cpu;
        if work > MAX_CPU_PER_RUN_NS {
            return Err(usage(format!(
                "{n} requests of {} CPU on average are {:.0} s of CPU work per run: at most {} s",
                self.cpu,
                work / 1e9,
                MAX_CPU_PER_RUN_NS / 1e9
            )));
        }
        if self.loads.iter().any(|l| matches!(l, Load::Util(_))) && cpu == 0.0 {
            return Err(usage(
                "a load in % needs some CPU demand (--cpu): capacity is 1 / mean CPU".into(),
            ));
        }
        let span = if self.closed() {
            n as f64 * self.think.mean_ns() / *self.clients.iter().min().unwrap_or(&1) as f64
        } else {
            let slowest = self
                .loads
                .iter()
                .map(|l| l.rate(self.capacity_rps()))
                .fold(f64::INFINITY, f64::min);
            match self.count {
                Count::Requests(r) => r as f64 / slowest * 1e9,
                Count::Duration(d) => d as f64,
            }
        };
        if span > MAX_SPAN_NS {
            return Err(usage(format!(
                "arrivals would span about {:.0} s per run: at most {} s (raise the load or lower --requests/--duration)",
                span / 1e9,
                MAX_SPAN_NS / 1e9
            )));
        }
        Ok(())
    }

    /// The most requests any run has (an estimate for --duration).
    fn max_requests(&self) -> u64 {
        match self.count {
            Count::Requests(n) => n as u64,
            Count::Duration(d) => {
                let fastest = self
                    .loads
                    .iter()
                    .map(|l| l.rate(self.capacity_rps()))
                    .fold(0.0, f64::max);
                // Poisson: mean rate x duration, plus a generous margin.
                let mean = fastest * d as f64 / 1e9;
                (mean + 6.0 * mean.sqrt() + 1.0).min(u64::MAX as f64 / 2.0) as u64
            }
        }
    }
}

/// One point and seed to run.
#[derive(Clone, Copy)]
struct Job {
    policy: PolicyId,
    interval: u64,
    level: usize,
    seed: u64,
}

/// Runs the experiment; `progress` is called after each run with the
/// number done and the total.
pub fn run(
    cfg: &LoadConfig,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<LoadResults, Error> {
    cfg.check()?;
    let costs = cfg.runtime.map_or(
        crate::spec::RuntimeCosts::NONE,
        crate::runtime::Runtime::costs,
    );
    let iter_ns = server::calibrate(&cfg.engine, costs)?;
    let capacity = cfg.capacity_rps();
    let levels = if cfg.closed() {
        cfg.clients.len()
    } else {
        cfg.loads.len()
    };
    let mut jobs = Vec::new();
    for &policy in &cfg.policies {
        for &interval in &cfg.intervals_ns {
            for level in 0..levels {
                for &seed in &cfg.seeds {
                    jobs.push(Job {
                        policy,
                        interval,
                        level,
                        seed,
                    });
                }
            }
        }
    }
    let schedule = |j: &Job| -> Schedule {
        if cfg.closed() {
            let Count::Requests(n) = cfg.count else {
                unreachable!("checked")
            };
            arrivals::closed(j.seed, n, &cfg.think, &cfg.cpu, &cfg.io)
        } else {
            let rate = cfg.loads[j.level].rate(capacity);
            arrivals::open(j.seed, rate, cfg.count, &cfg.cpu, &cfg.io)
        }
    };
    let one = |j: &Job| -> Result<LoadRun, Error> {
        let s = schedule(j);
        if s.cpu_ns.is_empty() {
            return Err(usage(format!(
                "no request arrives within --duration at {:.3} requests/s (seed {}): raise the load or the duration",
                cfg.loads[j.level].rate(capacity),
                j.seed
            )));
        }
        let mut engine = cfg.engine.clone();
        engine.seed = j.seed;
        let clients = if cfg.closed() {
            cfg.clients[j.level]
        } else {
            0
        };
        let mut r = server::run_one(&server::RunSpec {
            server: cfg.server,
            workers: cfg.workers,
            clients,
            schedule: &s,
            iter_ns,
            policy: j.policy,
            switch_interval_ns: j.interval,
            engine,
            runtime_costs: costs,
            short_ns: cfg.cpu.mean_ns(),
        })?;
        if cfg.closed() {
            r.clients = Some(clients);
        } else {
            let rate = cfg.loads[j.level].rate(capacity);
            r.offered_rps = Some(rate);
            r.offered_util = capacity.is_finite().then_some(rate / capacity);
        }
        Ok(r)
    };
    let runs = run_jobs(&jobs, cfg.jobs, &one, progress)?;
    let points = runs
        .chunks(cfg.seeds.len())
        .map(|rs| {
            let f =
                |g: &dyn Fn(&LoadRun) -> f64| Summary::of(&rs.iter().map(g).collect::<Vec<_>>());
            let r0 = &rs[0];
            LoadPoint {
                policy: r0.policy,
                switch_interval_ns: r0.switch_interval_ns,
                offered_rps: r0.offered_rps,
                offered_util: r0.offered_util,
                clients: r0.clients,
                throughput_rps: f(&|r| r.throughput_rps),
                mean_ns: f(&|r| r.mean_ns),
                p50_ns: f(&|r| r.p50_ns as f64),
                p99_ns: f(&|r| r.p99_ns as f64),
                p999_ns: f(&|r| r.p999_ns as f64),
                short_p50_ns: f(&|r| r.short_p50_ns as f64),
                short_p99_ns: f(&|r| r.short_p99_ns as f64),
            }
        })
        .collect();
    let (requests, duration_ns) = match cfg.count {
        Count::Requests(n) => (Some(n), None),
        Count::Duration(d) => (None, Some(d)),
    };
    Ok(LoadResults {
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine: machine(&cfg.engine),
        engine: cfg.engine.engine.name().to_string(),
        runtime: cfg.runtime.map(|r| r.name.to_string()),
        server: cfg.server.name().to_string(),
        loop_kind: if cfg.closed() { "closed" } else { "open" }.to_string(),
        workers: cfg.workers,
        cpu: cfg.cpu.to_string(),
        io: cfg.io.to_string(),
        think: cfg.closed().then(|| cfg.think.to_string()),
        cpu_mean_ns: cfg.cpu.mean_ns(),
        io_mean_ns: cfg.io.mean_ns(),
        requests,
        duration_ns,
        seeds: cfg.seeds.clone(),
        iter_ns,
        capacity_rps: if capacity.is_finite() { capacity } else { 0.0 },
        ci_method: CI_METHOD.to_string(),
        points,
        runs,
    })
}

/// The machine, without the one engine seed [`Machine::simulated`] names:
/// each run here has its own (`seeds`).
fn machine(engine: &EngineConfig) -> Machine {
    let mut m = Machine::for_engine(engine);
    if engine.is_virtual() {
        m.cpu_model = "virtual engine, one seed per run (see seeds)".into();
    }
    m
}

/// Runs every job, `jobs` at a time, keeping their order; stops at the
/// first error.
fn run_jobs(
    all: &[Job],
    jobs: u32,
    one: &(dyn Fn(&Job) -> Result<LoadRun, Error> + Sync),
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<LoadRun>, Error> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let slots: Mutex<Vec<Option<Result<LoadRun, Error>>>> =
        Mutex::new((0..all.len()).map(|_| None).collect());
    let work = || {
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(j) = all.get(i) else { break };
            let r = one(j);
            if r.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            slots.lock().expect("no job panics holding it")[i] = Some(r);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, all.len());
        }
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs.min(all.len() as u32).max(1))
            .map(|k| {
                std::thread::Builder::new()
                    .name(format!("load-{k}"))
                    .stack_size(64 << 20)
                    .spawn_scoped(s, work)
                    .expect("a thread starts")
            })
            .collect();
        for h in handles {
            if let Err(p) = h.join() {
                std::panic::resume_unwind(p);
            }
        }
    });
    let slots = slots.into_inner().expect("no job panicked");
    // The first error in job order, so the message does not depend on timing.
    let mut out = Vec::with_capacity(all.len());
    for s in slots {
        match s {
            Some(r) => out.push(r?),
            None => return Err(Error::Experiment("a run was not done".into())),
        }
    }
    Ok(out)
}
