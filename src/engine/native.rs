//! Native work: CPU work done outside the bytecode loop, as a C extension
//! would (`CALL_NATIVE`). A unit is a fixed amount of integer mixing, about
//! a microsecond of CPU on the machine docs/results.md's figures come from; it is
//! real work, so on a slower machine it takes longer, as C code would.

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Mixing rounds per unit of work.
pub const ROUNDS_PER_UNIT: u64 = 400;

/// Does `units` of work; gives up early (returning false) if `stop` is set,
/// checked every 1,000 units.
pub fn work(units: u64, stop: &AtomicBool) -> bool {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ units;
    let mut done = 0;
    while done < units {
        let chunk = (units - done).min(1_000);
        for _ in 0..chunk * ROUNDS_PER_UNIT {
            // xorshift64*: a dependent chain the compiler cannot skip.
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        }
        done += chunk;
        std::hint::black_box(x);
        if stop.load(Relaxed) {
            return false;
        }
    }
    true
}
