//! The requests of one run, drawn from a seed: when they arrive (a
//! Poisson process, open loop) or how long each client thinks before
//! sending them (closed loop), and what each needs (CPU work, IO time).
//!
//! Every quantity comes from its own stream of the seed, and arrivals are
//! unit-rate gaps scaled by the offered load: for one seed, every load,
//! policy and switch interval sees the same requests in the same order
//! (common random numbers), so curves differ by the server, not by luck.

use super::dist::{unit_exp, Dist};
use crate::engine::vtime::rng::Rng;

/// The independent streams of a seed.
#[derive(Clone, Copy)]
enum Stream {
    Gaps = 1,
    Cpu = 2,
    Io = 3,
    Think = 4,
}

/// The generator of `stream` for `seed`.
fn rng(seed: u64, stream: Stream) -> Rng {
    // One SplitMix64 step scrambles (seed, stream) into a starting state.
    let mut r = Rng::new(seed ^ (stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    Rng::new(r.next_u64())
}

/// The requests of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// Open loop: each request's arrival (s from the start), increasing.
    /// Closed loop: the think time before each request (s).
    pub times_s: Vec<f64>,
    /// Each request's CPU work (ns at the calibrated speed).
    pub cpu_ns: Vec<u64>,
    /// Each request's IO time (ns), after its CPU work.
    pub io_ns: Vec<u64>,
}

/// How many requests a run has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Count {
    /// Exactly this many.
    Requests(u32),
    /// As many as arrive within this long (ns; open loop only).
    Duration(u64),
}

fn demands(seed: u64, n: usize, cpu: &Dist, io: &Dist) -> (Vec<u64>, Vec<u64>) {
    let (mut rc, mut ri) = (rng(seed, Stream::Cpu), rng(seed, Stream::Io));
    (
        (0..n).map(|_| cpu.sample(&mut rc)).collect(),
        (0..n).map(|_| io.sample(&mut ri)).collect(),
    )
}

/// An open-loop schedule: Poisson arrivals at `rate` requests/s (> 0),
/// the first one gap after the start.
pub fn open(seed: u64, rate: f64, count: Count, cpu: &Dist, io: &Dist) -> Schedule {
    let mut gaps = rng(seed, Stream::Gaps);
    let mut times_s = Vec::new();
    let mut t = 0.0;
    loop {
        match count {
            Count::Requests(n) if times_s.len() >= n as usize => break,
            _ => {}
        }
        t += unit_exp(&mut gaps) / rate;
        if let Count::Duration(ns) = count {
            if t * 1e9 >= ns as f64 {
                break;
            }
        }
        times_s.push(t);
    }
    let (cpu_ns, io_ns) = demands(seed, times_s.len(), cpu, io);
    Schedule {
        times_s,
        cpu_ns,
        io_ns,
    }
}

/// A closed-loop schedule of `n` requests: each one's think time.
pub fn closed(seed: u64, n: u32, think: &Dist, cpu: &Dist, io: &Dist) -> Schedule {
    let mut r = rng(seed, Stream::Think);
    let times_s = (0..n).map(|_| think.sample(&mut r) as f64 / 1e9).collect();
    let (cpu_ns, io_ns) = demands(seed, n as usize, cpu, io);
    Schedule {
        times_s,
        cpu_ns,
        io_ns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CPU: Dist = Dist::Exp(1_000_000);
    const IO: Dist = Dist::Fixed(2_000_000);

    #[test]
    fn poisson_arrivals_come_at_the_offered_rate() {
        // 20,000 arrivals at 500/s: the mean rate within 2%, the gaps'
        // coefficient of variation near 1 (exponential).
        let s = open(7, 500.0, Count::Requests(20_000), &CPU, &IO);
        assert_eq!(s.times_s.len(), 20_000);
        let rate = 20_000.0 / s.times_s.last().unwrap();
        assert!((rate - 500.0).abs() / 500.0 < 0.02, "rate {rate}");
        let gaps: Vec<f64> = s.times_s.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|g| *g >= 0.0));
        let m = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let sd = (gaps.iter().map(|g| (g - m).powi(2)).sum::<f64>() / gaps.len() as f64).sqrt();
        assert!((sd / m - 1.0).abs() < 0.03, "cv {}", sd / m);
        // A duration gives as many as arrive in it: about rate x duration.
        let d = open(7, 500.0, Count::Duration(10_000_000_000), &CPU, &IO);
        assert!((d.times_s.len() as f64 - 5000.0).abs() < 250.0);
        assert!(*d.times_s.last().unwrap() < 10.0);
        assert_eq!(d.cpu_ns.len(), d.times_s.len());
    }

    #[test]
    fn a_seed_fixes_the_requests_and_loads_only_scale_the_gaps() {
        let a = open(3, 100.0, Count::Requests(50), &CPU, &IO);
        assert_eq!(a, open(3, 100.0, Count::Requests(50), &CPU, &IO));
        assert_ne!(a, open(4, 100.0, Count::Requests(50), &CPU, &IO));
        let b = open(3, 400.0, Count::Requests(50), &CPU, &IO);
        assert_eq!(a.cpu_ns, b.cpu_ns);
        for (x, y) in a.times_s.iter().zip(&b.times_s) {
            assert!((x / 4.0 - y).abs() < 1e-12);
        }
        let c = closed(3, 50, &Dist::Exp(10_000_000), &CPU, &IO);
        assert_eq!((c.cpu_ns.clone(), c.io_ns.clone()), (a.cpu_ns, a.io_ns));
        assert!(c.times_s.iter().all(|t| *t >= 0.0));
    }
}
