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
//! - [`calibrate`]: measuring the [`CostModel`] on the real engine;
//!   [`rng`]: the seeded generator.
//!
//! It hands the shared report builder the same raw records as every engine.
//!
//! Processes are separate GIL domains (own globals, own GIL) sharing the
//! simulated cores, each starting after `process_start_ns`; so are
//! subinterpreters (interp mode, `concurrent.interpreters`), each starting
//! after `interp_start_ns` ([`domains`]); asyncio is one
//! domain whose "GIL" is the event loop, passed on only where a task waits,
//! with no OS in between (one thread).

pub mod calibrate;
mod cpu;
mod domains;
mod free;
mod requests;
pub mod rng;
mod sim;
mod vgil;

pub use crate::spec::CostModel;

use super::report::RawRun;
use crate::bytecode::Program;
use crate::error::Error;
use crate::gil::cooperative::Cooperative;
use crate::spec::{Mode, RunConfig};
use crate::trace;
use crate::vm::Output;
use sim::{Kind, Sim, Stop};
use std::sync::Arc;
use vgil::Domain;

/// Runs a program in virtual time (`entry` was checked by the caller).
pub fn run(
    program: Arc<Program>,
    cfg: &RunConfig,
    entry: u32,
    out: Arc<dyn Output>,
    err: Arc<dyn Output>,
) -> Result<RawRun, Error> {
    let ec = &cfg.engine;
    ec.cost
        .validate()
        .map_err(|m| Error::Usage(format!("cost model: {m}")))?;
    if ec.cores == 0 {
        return Err(Error::Usage("--cores must be at least 1".into()));
    }
    let policy = || cfg.policy.build(cfg.policy_config());
    let init = super::module_init(&program, cfg, &out)?;
    let globals = || super::new_globals(&program, cfg, &init);
    let domains: Vec<Domain> = match cfg.mode {
        Mode::Gil => vec![Domain::new(globals(), Some(policy()), cfg.trace)],
        Mode::Free => vec![Domain::new(globals(), None, cfg.trace)],
        Mode::Async => vec![Domain::new(
            globals(),
            Some(Box::new(Cooperative::default())),
            cfg.trace,
        )],
        Mode::Process | Mode::Interp => (0..cfg.threads as usize)
            .map(|d| {
                let g = super::domain_globals(&program, cfg, &init, d)?;
                Ok(Domain::new(g, Some(policy()), cfg.trace))
            })
            .collect::<Result<_, Error>>()?,
    };
    let harness_domains = domains.len();
    let mut sim = Sim::new(cfg, Arc::clone(&program), out, err, domains);
    for d in 0..harness_domains {
        sim.subinterps.domain(d, true);
    }
    crate::engine::ModuleState::make_locks(&program, &init, &mut sim.world);
    // The harness threads start one after another, as the real engine
    // spawns them; process-mode workers and interp-mode interpreters then
    // pay their start-up.
    let startup_ns = match cfg.mode {
        Mode::Process => Some(sim.cost.process_start_ns),
        Mode::Interp => Some(sim.cost.interp_start_ns),
        _ => None,
    };
    let mut at = 0;
    for i in 0..cfg.threads {
        let domain = if cfg.mode.domain_per_thread() {
            i as usize
        } else {
            0
        };
        let target = sim.interps.entry(entry);
        let t = sim
            .spawn(
                crate::engine::harness_name(i),
                true,
                target,
                cfg.args.clone(),
                domain,
            )
            .map_err(|k| Error::Usage(k.to_string()))?;
        if let Some(ns) = startup_ns {
            let startup = sim.latency(ns);
            let th = &mut sim.threads[t as usize];
            th.rec.m.startup_ns = startup;
            th.next = sim::Next::Busy {
                left: startup,
                then: sim::Then::Take,
                what: None,
                since: 0,
            };
        }
        sim.schedule(at, t, Kind::Wake { timed_out: false });
        at = at.saturating_add(sim.latency(sim.cost.thread_start_ns));
    }
    let stop = sim.run_loop();
    Ok(finish(sim, stop))
}

/// The raw records of a finished simulation: threads cut short by the
/// timeout close their open spans; threads that could not go on although
/// nothing is left to happen are a deadlock.
fn finish(mut sim: Sim, stop: Stop) -> RawRun {
    let timed_out = stop == Stop::Timeout;
    let now = sim.clock.now;
    for t in 0..sim.threads.len() {
        let th = &mut sim.threads[t];
        if let Some(i) = &th.interp {
            th.rec.m.instructions = i.instructions();
        }
        if th.holding {
            th.holding = false;
            if sim.domains[th.domain].gil.is_some() {
                th.rec.m.gil.hold_ns += now - th.held_since;
            }
            let since = th.held_since;
            sim.span(t as u32, trace::Activity::Running, since);
        }
    }
    if stop == Stop::Settled && !sim.world.all_done() {
        sim.world.declare_deadlock();
    }
    let mut raw = RawRun {
        wall_ns: now,
        timed_out,
        errors: std::mem::take(&mut sim.errors),
        exit_code: sim.exit_code,
        deadlock: sim.world.deadlock().map(str::to_string),
        max_parallel: sim.os.max_parallel,
        ..RawRun::default()
    };
    for (i, d) in sim.domains.iter_mut().enumerate() {
        if let Some(g) = &mut d.gil {
            raw.add_gil(i as u32 + 1, &mut g.gil);
        }
    }
    raw.threads = sim.threads.into_iter().map(|t| t.rec).collect();
    raw
}
