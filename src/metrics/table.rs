//! The readable end-of-run table.

use super::{RunEnd, RunReport};
use crate::spec::Mode;
use std::fmt::Write;

fn ms(ns: u64) -> String {
    format!("{:.2}", ns as f64 / 1e6)
}

/// Renders a report as a table, one row per thread.
pub fn render(r: &RunReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "mode {} | policy {} | switch interval {} ms | wall {} ms | {} switches | max parallel {} | {}",
        r.mode,
        super::policy_name(r.policy),
        ms(r.switch_interval_ns),
        ms(r.wall_ns),
        r.switches,
        r.max_parallel,
        match r.end {
            RunEnd::Ok => "ok",
            RunEnd::Error => "ERROR",
            RunEnd::Deadlock => "DEADLOCK",
            RunEnd::Timeout => "TIMEOUT",
        }
    );
    if let Some(p) = r.free_threading {
        let c = p.costs();
        let _ = writeln!(
            s,
            "free-threading {p}: {:.0}% single-thread overhead; per container operation {} + {} + {} \
             instructions (per-object lock, shared object, per contending thread)",
            c.overhead * 100.0,
            c.lock_instr,
            c.shared_instr,
            c.contention_instr
        );
    }
    if let Some(m) = &r.machine {
        let _ = writeln!(
            s,
            "virtual engine: {} simulated cores, seed {}, times are virtual | cost model: {}",
            m.cores, m.seed, m.cost.calibrated_on
        );
    }
    if r.mode == Mode::Gil {
        let _ = writeln!(
            s,
            "GIL idle while threads waited {} ms | fairness (Jain, harness threads) {:.3} | IO back p50/p99 {}/{} ms",
            ms(r.gil_idle_ns),
            r.fairness,
            ms(r.io_reacquire_ns.p50),
            ms(r.io_reacquire_ns.p99)
        );
    }
    let _ = writeln!(
        s,
        "{:>3} {:<18} {:>12} {:>6} {:>10} {:>9} {:>10} {:>6} {:>6} {:>6} {:>7} {:>9} {:>15}",
        "id",
        "thread",
        "instructions",
        "takes",
        "wait ms",
        "wait max",
        "hold ms",
        "drops",
        "volunt",
        "wasted",
        "io ops",
        "io ms",
        "io back p50/p99"
    );
    for t in &r.threads {
        let _ = writeln!(
            s,
            "{:>3} {:<18} {:>12} {:>6} {:>10} {:>9} {:>10} {:>6} {:>6} {:>6} {:>7} {:>9} {:>15}",
            t.id,
            truncate(&t.name, 18),
            t.instructions,
            t.gil_acquisitions,
            ms(t.gil_wait_ns),
            ms(t.gil_wait_max_ns),
            ms(t.gil_hold_ns),
            t.drop_requests,
            t.voluntary_releases,
            t.wasted_wakeups,
            t.io_ops,
            ms(t.io_ns),
            format!(
                "{}/{}",
                ms(t.io_reacquire_ns.p50),
                ms(t.io_reacquire_ns.p99)
            ),
        );
    }
    if r.mode.domain_per_thread() {
        let ups: Vec<u64> = r
            .threads
            .iter()
            .map(|t| t.startup_ns)
            .filter(|n| *n > 0)
            .collect();
        let p = super::Percentiles::of(&ups);
        let what = if r.mode == Mode::Process {
            "worker start-up (process spawned -> ready)"
        } else {
            "interpreter start-up (created -> running)"
        };
        let _ = writeln!(s, "{what} p50 {} ms, max {} ms", ms(p.p50), ms(p.max));
    }
    for (name, h) in [
        ("GIL waits", &r.gil_wait_histogram),
        ("IO back", &r.io_reacquire_histogram),
    ] {
        if h.iter().any(|b| b.count > 0) {
            let _ = writeln!(s, "{name:<9} {}", histogram_line(h));
        }
    }
    // Where threads blocked in the library, by operation.
    let blocked: Vec<&super::ThreadReport> =
        r.threads.iter().filter(|t| !t.waits.is_empty()).collect();
    if !blocked.is_empty() {
        let _ = writeln!(s, "blocked in (count x time):");
        for t in blocked {
            let list: Vec<String> = t
                .waits
                .iter()
                .map(|w| format!("{} {}x {} ms", w.op, w.count, ms(w.ns)))
                .collect();
            let _ = writeln!(s, "  {:<18} {}", cut_name(&t.name), list.join(", "));
        }
    }
    s
}

/// A thread name cut to the table's column.
fn cut_name(n: &str) -> String {
    if n.chars().count() <= 18 {
        n.to_string()
    } else {
        let mut c: String = n.chars().take(17).collect();
        c.push('…');
        c
    }
}

/// A histogram as `<=1us:12 <=2us:3 ...`, non-empty buckets only.
fn histogram_line(h: &[super::Bucket]) -> String {
    h.iter()
        .filter(|b| b.count > 0)
        .map(|b| {
            let le = if b.le_ns >= 1_000_000 {
                format!("{:.1}ms", b.le_ns as f64 / 1e6)
            } else {
                format!("{}us", b.le_ns / 1_000)
            };
            format!("<={le}:{}", b.count)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
