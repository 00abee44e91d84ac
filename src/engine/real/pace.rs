//! A runtime's own costs on real threads ([`crate::spec::RuntimeCosts`]):
//! gilsim's interpreter is several times faster per instruction than
//! CPython 2.7's, so a preset that gives the modelled interpreter's speed
//! makes each thread run no faster than that — bytecode runs in chunks of
//! [`CHUNK`] instructions, each followed by busy waiting until it has
//! taken `instructions × instruction_ns` of wall time — and a release
//! that leaves a waiter asleep on the lock spins `wake_ns`, what Python
//! 2's `sem_post` system call costs the releasing thread.
//!
//! Busy waiting, not sleeping: the modelled interpreter would be using
//! the CPU, and the OS must see a running thread.

use std::time::Instant;

/// Instructions per chunk when pacing: short enough that the pacing is
/// smooth at a 100-tick check interval, long enough that reading the
/// clock costs little.
pub(super) const CHUNK: u64 = 256;

/// Spins until `ns` nanoseconds have passed since `since`.
pub(super) fn spin_until(since: Instant, ns: f64) {
    if ns <= 0.0 {
        return;
    }
    let ns = ns as u128;
    while since.elapsed().as_nanos() < ns {
        std::hint::spin_loop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spin_until_waits_at_least_the_time_asked() {
        let t0 = Instant::now();
        spin_until(t0, 200_000.0);
        assert!(t0.elapsed().as_nanos() >= 200_000);
        // Nothing to wait for: returns at once.
        spin_until(t0, 0.0);
    }
}
