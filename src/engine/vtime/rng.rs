//! The virtual engine's only source of randomness: SplitMix64, seeded by
//! `--seed`, so that every random choice (the jitter of wake-up latencies)
//! is replayed exactly by the same seed on any machine.

/// A seeded SplitMix64 generator (Steele, Lea and Flood, 2014).
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `mean_ns` spread uniformly by ±`jitter` (a fraction), rounded to
    /// whole nanoseconds.
    pub fn jittered(&mut self, mean_ns: f64, jitter: f64) -> u64 {
        if jitter <= 0.0 {
            return mean_ns.round() as u64;
        }
        let f = 1.0 + jitter * (2.0 * self.unit() - 1.0);
        (mean_ns * f).max(0.0).round() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence_and_another_seed_does_not() {
        let a: Vec<u64> = (0..4)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..4)
            .scan(Rng::new(8), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn jitter_stays_within_its_bounds() {
        let mut r = Rng::new(1);
        let v: Vec<u64> = (0..10_000).map(|_| r.jittered(1000.0, 0.25)).collect();
        assert!(v.iter().all(|x| (750..=1250).contains(x)));
        let mean = v.iter().sum::<u64>() as f64 / v.len() as f64;
        assert!((mean - 1000.0).abs() < 10.0, "mean {mean}");
        assert_eq!(r.jittered(1000.0, 0.0), 1000);
    }
}
