//! The virtual-time engine (`--engine virtual`): the same interpreter and
//! the same GIL policies as the real engine, driven by a discrete-event
//! simulation over a virtual clock instead of OS threads. Nothing reads a
//! wall clock, every random choice comes from `--seed`, and the machine is
//! whatever `--cores` and the [`CostModel`] say — so a run gives
//! byte-identical JSON and traces on any computer, and can show a 16-core
//! or a 64-core machine on a laptop.
//!
//! - [`sim`]: the clock, the event queues, the threads, the step function;
//! - [`cpu`]: the OS — cores, run queue, time slices, wake-up preemption;
//! - [`vgil`]: take_gil / drop_gil over a [`crate::gil::Policy`];
//! - [`requests`]: IO, locks, joins, native work, threads starting and
//!   ending;
//! - [`report`]: the run's [`RunReport`] and [`Trace`];
//! - [`cost`]: the cost model; [`calibrate`]: measuring it on the real
//!   engine; [`rng`]: the seeded generator.
//!
//! Processes are separate GIL domains (own globals, own GIL) sharing the
//! simulated cores, each starting after `process_start_ns`; asyncio is one
//! domain whose "GIL" is the event loop, passed on only where a task waits,
//! with no OS in between (one thread).

pub mod calibrate;
pub mod cost;
mod cpu;
mod report;
mod requests;
pub mod rng;
mod sim;
mod vgil;

pub use cost::CostModel;

use super::{Mode, RunConfig};
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::{self, PolicyConfig};
use crate::metrics::RunReport;
use crate::trace::Trace;
use crate::vm::{Globals, Output};
use sim::{Kind, Sim};
use std::collections::{BinaryHeap, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use vgil::{Cooperative, Domain};

/// Runs a program in virtual time (`entry` was checked by the caller);
/// records a [`Trace`] when `tracing`.
pub fn run_traced(
    program: Arc<Program>,
    cfg: &RunConfig,
    entry: u32,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
    tracing: bool,
) -> Result<(RunReport, Option<Trace>), Error> {
    let ec = &cfg.engine;
    ec.cost
        .validate()
        .map_err(|m| Error::Usage(format!("cost model: {m}")))?;
    if ec.cores == 0 {
        return Err(Error::Usage("--cores must be at least 1".into()));
    }
    let pc = PolicyConfig {
        switch_interval_ns: cfg.switch_interval_ns,
        check_interval: cfg.check_interval,
    };
    let policy = || -> Result<Box<dyn gil::Policy>, Error> {
        gil::by_name(&cfg.policy, pc).ok_or_else(|| {
            Error::Usage(format!(
                "unknown policy '{}' (policies: {})",
                cfg.policy,
                gil::names()
            ))
        })
    };
    let domains: Vec<Domain> = match cfg.mode {
        Mode::Gil => vec![Domain::new(
            Arc::new(Globals::new(&program)),
            Some(policy()?),
            tracing,
        )],
        Mode::Free => vec![Domain::new(Arc::new(Globals::new(&program)), None, tracing)],
        Mode::Async => vec![Domain::new(
            Arc::new(Globals::new(&program)),
            Some(Box::new(Cooperative::default())),
            tracing,
        )],
        Mode::Process => (0..cfg.threads)
            .map(|_| {
                Ok(Domain::new(
                    Arc::new(Globals::new(&program)),
                    Some(policy()?),
                    tracing,
                ))
            })
            .collect::<Result<_, Error>>()?,
    };
    let os = cfg.mode != Mode::Async;
    let mut sim = Sim {
        cost: ec.cost.clone(),
        cfg: cfg.clone(),
        program: Arc::clone(&program),
        out,
        err,
        os,
        cores: ec.cores,
        now: 0,
        seq: 0,
        events: BinaryHeap::new(),
        runs: BinaryHeap::new(),
        rng: rng::Rng::new(ec.seed),
        threads: Vec::new(),
        free_cores: ec.cores,
        on_core: Vec::new(),
        runq: VecDeque::new(),
        domains,
        locks: Vec::new(),
        lock_waiters: Vec::new(),
        joiners: Vec::new(),
        errors: Vec::new(),
        started: 0,
        executing: 0,
        max_parallel: 0,
        deadline: cfg.timeout_ns,
        tracing,
        never: AtomicBool::new(false),
        at_once: AtomicBool::new(true),
    };
    // The harness threads start one after another, as the real engine
    // spawns them; process-mode workers then pay their start-up.
    let mut at = 0;
    for i in 0..cfg.threads {
        let domain = if cfg.mode == Mode::Process {
            i as usize
        } else {
            0
        };
        let t = sim
            .spawn(format!("main-{i}"), entry, cfg.args.clone(), domain)
            .map_err(|k| Error::Usage(k.to_string()))?;
        if cfg.mode == Mode::Process {
            let startup = sim.latency(sim.cost.process_start_ns);
            let th = &mut sim.threads[t as usize];
            th.m.startup_ns = startup;
            th.next = sim::Next::Busy {
                left: startup,
                then: sim::Then::Take,
                what: None,
                since: 0,
            };
        }
        sim.schedule(at, t, Kind::Wake { timed_out: false });
        at += sim.latency(sim.cost.thread_start_ns);
    }
    let timed_out = sim.run_loop();
    Ok(report::build(sim, &program, timed_out))
}
