//! Free mode's single-thread overhead on real threads (`--free-threading`):
//! each bytecode slice is followed by `overhead` × the CPU time it took of
//! busy CPU, so a thread computes `1 + overhead` times as long — what the
//! free-threaded interpreter costs CPython's bytecode (40% in 3.13t, 8% in
//! 3.14t; sources on [`crate::spec::FreeCosts`]). The slice is measured on
//! the thread's own CPU clock, so time the OS gave other processes is not
//! counted (on a loaded machine the wall clock would overcharge).
//!
//! The other costs need nothing added here: the VM's lists, dicts, sets
//! and instances are behind a per-object lock in every mode (see
//! [`crate::vm::object`]), and on real cores threads touching the same
//! object really do move its cache lines between them.

/// Instructions per slice in free mode when the overhead is paid: slices
/// end at the first eval-breaker point past it, so the busy CPU is spread
/// over the run in pieces of about a millisecond rather than paid once at
/// the end of a long slice, and the clock is read rarely.
pub(super) const SLICE_BUDGET: u64 = 1_000_000;

/// This thread's CPU time (ns): its own clock where the OS has one, the
/// wall clock elsewhere.
pub(super) fn cpu_now() -> u64 {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec that outlives the
        // call, and CLOCK_THREAD_CPUTIME_ID is a clock every supported
        // unix has; the call writes nothing else.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64;
        }
    }
    wall_now()
}

/// Nanoseconds on a monotonic wall clock (the fallback).
fn wall_now() -> u64 {
    use std::sync::OnceLock;
    static T0: OnceLock<std::time::Instant> = OnceLock::new();
    T0.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
}

/// Spends `overhead` × the CPU time used since `start` (from [`cpu_now`])
/// busy on this thread.
pub(super) fn pay(start: u64, overhead: f64) {
    let extra = (cpu_now().saturating_sub(start) as f64 * overhead) as u64;
    let begin = cpu_now();
    while cpu_now().saturating_sub(begin) < extra {
        std::hint::spin_loop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_spends_the_overhead_on_the_cpu_clock() {
        let start = cpu_now();
        // 1 ms of work, then an overhead of 100%: 2 ms of CPU in all.
        while cpu_now() - start < 1_000_000 {
            std::hint::spin_loop();
        }
        let worked = cpu_now() - start;
        pay(start, 1.0);
        let spent = cpu_now() - start;
        assert!(spent >= 2 * worked, "worked {worked} ns, spent {spent} ns");
    }
}
