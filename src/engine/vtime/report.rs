//! Turns a finished simulation into the same [`RunReport`] and [`Trace`]
//! the real engine produces, with virtual nanoseconds for wall-clock ones.

use super::sim::{Place, Sim};
use crate::bytecode::Program;
use crate::metrics::{
    histogram, jain, Percentiles, RunEnd, RunReport, ThreadReport, VirtualMachine,
};
use crate::trace::{self, ThreadTrace, Trace};
use std::sync::Arc;

/// The report (and the trace, if the run was traced) of a finished run.
pub(super) fn build(
    mut sim: Sim,
    program: &Arc<Program>,
    timed_out: bool,
) -> (RunReport, Option<Trace>) {
    let now = sim.now;
    // Threads cut short by the timeout: close their open spans.
    for t in 0..sim.threads.len() {
        let th = &mut sim.threads[t];
        if let Some(i) = &th.interp {
            th.m.instructions = i.instructions();
        }
        if th.holding {
            th.holding = false;
            if sim.domains[th.domain].gil.is_some() {
                th.m.gil_hold_ns += now - th.held_since;
            }
            let since = th.held_since;
            sim.span(t as u32, trace::Activity::Running, since);
        }
    }
    let deadlock = if timed_out {
        None
    } else if sim.threads.iter().any(|t| t.place != Place::Done) {
        sim.deadlock_report()
    } else {
        None
    };
    let all = |f: fn(&crate::metrics::ThreadMetrics) -> &Vec<u64>| -> Vec<u64> {
        sim.threads
            .iter()
            .flat_map(|t| f(&t.m).iter().copied())
            .collect()
    };
    let (waits, io_back) = (all(|m| &m.gil_waits), all(|m| &m.io_reacquire));
    let harness: Vec<f64> = sim
        .threads
        .iter()
        .take(sim.cfg.threads as usize)
        .map(|t| t.m.instructions as f64)
        .collect();
    let threads: Vec<ThreadReport> = sim
        .threads
        .iter()
        .enumerate()
        .map(|(id, t)| ThreadReport::new(id as u32, t.name.clone(), t.end, &t.m))
        .collect();
    let end = if deadlock.is_some() {
        RunEnd::Deadlock
    } else if timed_out {
        RunEnd::Timeout
    } else if !sim.errors.is_empty() {
        RunEnd::Error
    } else {
        RunEnd::Ok
    };
    let cfg = &sim.cfg;
    let gils = || sim.domains.iter().filter_map(|d| d.gil.as_ref());
    let policy = match cfg.mode {
        crate::engine::Mode::Free | crate::engine::Mode::Async => "none".to_string(),
        _ => cfg.policy.clone(),
    };
    let machine = VirtualMachine {
        cores: if sim.os { sim.cores } else { 1 },
        seed: cfg.engine.seed,
        cost: sim.cost.clone(),
    };
    let report = RunReport {
        mode: cfg.mode.name().to_string(),
        policy: policy.clone(),
        engine: "virtual".into(),
        machine: Some(machine),
        switch_interval_ns: cfg.switch_interval_ns,
        wall_ns: now,
        switches: gils().map(|g| g.core.switch_number.saturating_sub(1)).sum(),
        max_parallel: sim.max_parallel,
        end,
        errors: sim.errors.clone(),
        deadlock,
        gil_idle_ns: gils().map(|g| g.idle_ns).sum(),
        fairness: jain(&harness),
        gil_wait_histogram: histogram(&waits),
        io_reacquire_histogram: histogram(&io_back),
        io_reacquire_ns: Percentiles::of(&io_back),
        threads,
    };
    let trace = sim.tracing.then(|| {
        let mut waiters: Vec<(u64, u32)> = Vec::new();
        for g in sim.domains.iter_mut().filter_map(|d| d.gil.as_mut()) {
            waiters.extend(g.waiter_log.take().unwrap_or_default());
        }
        waiters.sort_by_key(|w| w.0);
        let threads = sim
            .threads
            .iter_mut()
            .enumerate()
            .map(|(id, t)| ThreadTrace {
                tid: id as u32,
                name: t.name.clone(),
                events: t.trace.take().unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        Trace {
            threads,
            waiters,
            meta: serde_json::json!({
                "program": program.file(),
                "mode": cfg.mode.name(),
                "policy": policy,
                "switch_interval_ns": cfg.switch_interval_ns,
                "threads": cfg.threads,
                "wall_ns": now,
                "engine": "virtual",
                "cores": cfg.engine.cores,
                "seed": cfg.engine.seed,
            }),
        }
    });
    (report, trace)
}
