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
    spin_while_before(|| since.elapsed().as_nanos(), ns);
}

/// Spins until `elapsed()` reaches `ns`; returns how many times it read
/// the clock (0 when there is nothing to wait for).
fn spin_while_before(mut elapsed: impl FnMut() -> u128, ns: f64) -> u64 {
    if ns <= 0.0 {
        return 0;
    }
    let ns = ns as u128;
    let mut reads = 1;
    while elapsed() < ns {
        reads += 1;
        std::hint::spin_loop();
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spinning_stops_exactly_when_the_clock_reaches_the_time_asked() {
        // A clock that advances 100 ns per read.
        let mut t = 0u128;
        let clock = |t: &mut u128| {
            *t += 100;
            *t
        };
        assert_eq!(spin_while_before(|| clock(&mut t), 1_000.0), 10);
        assert_eq!(t, 1_000);
        // Nothing to wait for: the clock is not even read.
        assert_eq!(spin_while_before(|| clock(&mut t), 0.0), 0);
        assert_eq!(spin_while_before(|| clock(&mut t), -5.0), 0);
        assert_eq!(t, 1_000);
    }
}
