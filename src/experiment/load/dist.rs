//! Distributions of request demands (CPU work, IO time, think time) and
//! their spec syntax, drawn from a seeded generator so that a seed fixes
//! every request.
//!
//! | spec | meaning |
//! |---|---|
//! | `fixed:1ms` or `1ms` | always 1 ms (`0` for none) |
//! | `exp:2ms` | exponential with mean 2 ms |
//! | `uniform:1ms:3ms` | uniform between 1 and 3 ms |
//! | `bimodal:0.9:200us:5ms` | 200 µs with probability 0.9, else 5 ms |
//!
//! Durations are written as everywhere in gilsim (`5ms`, `100us`, `2s`,
//! `0.001`: see [`crate::duration::parse_ns`]).

use crate::engine::vtime::rng::Rng;

/// The longest value a distribution may take or have as its mean: one
/// minute per request.
pub const MAX_DEMAND_NS: u64 = 60_000_000_000;

/// A distribution of durations (ns).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// Always the same.
    Fixed(u64),
    /// Exponential with this mean.
    Exp(u64),
    /// Uniform between the two (inclusive).
    Uniform(u64, u64),
    /// `a` with probability `p`, else `b`.
    Bimodal {
        /// Probability of `a`, in [0, 1].
        p: f64,
        /// The first value.
        a: u64,
        /// The second value.
        b: u64,
    },
}

const SYNTAX: &str =
    "fixed:1ms (or 1ms), exp:2ms, uniform:1ms:3ms, bimodal:0.9:200us:5ms (200us with probability 0.9, else 5ms)";

fn duration(spec: &str, text: &str) -> Result<u64, String> {
    let ns = crate::duration::parse_ns(text).map_err(|e| format!("'{spec}': {e}"))?;
    if ns > MAX_DEMAND_NS {
        return Err(format!(
            "'{spec}': {text} is too long (at most {} s per request)",
            MAX_DEMAND_NS / 1_000_000_000
        ));
    }
    Ok(ns)
}

impl Dist {
    /// Parses a spec (see the module's table).
    pub fn parse(spec: &str) -> Result<Dist, String> {
        let parts: Vec<&str> = spec.trim().split(':').map(str::trim).collect();
        let want = |n: usize| {
            if parts.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "'{spec}': {} takes {} value{} (forms: {SYNTAX})",
                    parts[0],
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ))
            }
        };
        let d = match parts[0] {
            "fixed" => {
                want(2)?;
                Dist::Fixed(duration(spec, parts[1])?)
            }
            "exp" => {
                want(2)?;
                Dist::Exp(duration(spec, parts[1])?)
            }
            "uniform" => {
                want(3)?;
                let (lo, hi) = (duration(spec, parts[1])?, duration(spec, parts[2])?);
                if lo > hi {
                    return Err(format!("'{spec}': the low end is above the high end"));
                }
                Dist::Uniform(lo, hi)
            }
            "bimodal" => {
                want(4)?;
                let p: f64 = parts[1]
                    .parse()
                    .map_err(|_| format!("'{spec}': '{}' is not a probability", parts[1]))?;
                if !(0.0..=1.0).contains(&p) {
                    return Err(format!("'{spec}': the probability must be between 0 and 1"));
                }
                Dist::Bimodal {
                    p,
                    a: duration(spec, parts[2])?,
                    b: duration(spec, parts[3])?,
                }
            }
            _ if parts.len() == 1 => Dist::Fixed(
                duration(spec, parts[0])
                    .map_err(|e| format!("{e}; or a distribution: {SYNTAX}"))?,
            ),
            other => {
                return Err(format!(
                    "'{spec}': unknown distribution '{other}' (forms: {SYNTAX})"
                ))
            }
        };
        Ok(d)
    }

    /// The mean (ns).
    pub fn mean_ns(&self) -> f64 {
        match *self {
            Dist::Fixed(v) | Dist::Exp(v) => v as f64,
            Dist::Uniform(lo, hi) => (lo as f64 + hi as f64) / 2.0,
            Dist::Bimodal { p, a, b } => p * a as f64 + (1.0 - p) * b as f64,
        }
    }

    /// One draw (ns), rounded to whole nanoseconds.
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        match *self {
            Dist::Fixed(v) => v,
            Dist::Exp(mean) => (mean as f64 * unit_exp(rng)).round() as u64,
            Dist::Uniform(lo, hi) => lo + (rng.unit() * (hi - lo + 1) as f64) as u64,
            Dist::Bimodal { p, a, b } => {
                if rng.unit() < p {
                    a
                } else {
                    b
                }
            }
        }
    }
}

/// An exponential draw of mean 1 (inverse transform; `unit()` < 1, so
/// the logarithm is finite: at most about 37).
pub fn unit_exp(rng: &mut Rng) -> f64 {
    -(1.0 - rng.unit()).ln()
}

/// A duration as the spec syntax writes it: the largest unit that keeps
/// it whole (`5ms`, `200us`, `1500ns`).
pub fn show_ns(ns: u64) -> String {
    match ns {
        0 => "0".into(),
        n if n % 1_000_000_000 == 0 => format!("{}s", n / 1_000_000_000),
        n if n % 1_000_000 == 0 => format!("{}ms", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{}us", n / 1_000),
        n => format!("{n}ns"),
    }
}

impl std::fmt::Display for Dist {
    /// The canonical spec: parsing it gives the same distribution.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Dist::Fixed(v) => write!(f, "fixed:{}", show_ns(v)),
            Dist::Exp(v) => write!(f, "exp:{}", show_ns(v)),
            Dist::Uniform(lo, hi) => write!(f, "uniform:{}:{}", show_ns(lo), show_ns(hi)),
            Dist::Bimodal { p, a, b } => {
                write!(f, "bimodal:{p}:{}:{}", show_ns(a), show_ns(b))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_of(d: &Dist, n: usize) -> f64 {
        let mut r = Rng::new(42);
        (0..n).map(|_| d.sample(&mut r) as f64).sum::<f64>() / n as f64
    }

    #[test]
    fn specs_parse_and_print_back() {
        for (spec, d) in [
            ("fixed:1ms", Dist::Fixed(1_000_000)),
            ("1ms", Dist::Fixed(1_000_000)),
            ("0", Dist::Fixed(0)),
            ("exp:2ms", Dist::Exp(2_000_000)),
            ("uniform:1ms:3ms", Dist::Uniform(1_000_000, 3_000_000)),
            (
                "bimodal:0.9:200us:5ms",
                Dist::Bimodal {
                    p: 0.9,
                    a: 200_000,
                    b: 5_000_000,
                },
            ),
        ] {
            assert_eq!(Dist::parse(spec), Ok(d), "{spec}");
            assert_eq!(Dist::parse(&d.to_string()), Ok(d));
        }
        assert_eq!(Dist::Exp(1500).to_string(), "exp:1500ns");
        assert_eq!(Dist::Fixed(2_000_000_000).to_string(), "fixed:2s");
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        for (bad, says) in [
            ("exp", "takes 1 value"),
            ("exp:1ms:2ms", "takes 1 value"),
            ("exp:-1ms", "finite number >= 0"),
            ("gauss:1ms", "unknown distribution"),
            ("bimodal:1.5:1ms:2ms", "between 0 and 1"),
            ("bimodal:x:1ms:2ms", "not a probability"),
            ("bimodal:0.5:1ms", "takes 3 values"),
            ("uniform:3ms:1ms", "low end is above"),
            ("fixed:2h", "unknown unit"),
            ("exp:61s", "too long"),
            ("", "not a duration"),
            ("lots", "not a duration"),
        ] {
            let e = Dist::parse(bad).unwrap_err();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }

    #[test]
    fn sample_means_match_the_distributions() {
        let n = 200_000;
        for d in [
            Dist::Exp(2_000_000),
            Dist::Uniform(1_000_000, 3_000_000),
            Dist::Bimodal {
                p: 0.9,
                a: 200_000,
                b: 5_000_000,
            },
        ] {
            let m = mean_of(&d, n);
            let rel = (m - d.mean_ns()).abs() / d.mean_ns();
            assert!(rel < 0.01, "{d}: sample mean {m}, mean {}", d.mean_ns());
        }
        assert_eq!(mean_of(&Dist::Fixed(7), 10), 7.0);
        // Bimodal hits each value with its probability.
        let d = Dist::Bimodal { p: 0.9, a: 1, b: 2 };
        let mut r = Rng::new(3);
        let ones = (0..100_000).filter(|_| d.sample(&mut r) == 1).count();
        assert!((ones as f64 / 100_000.0 - 0.9).abs() < 0.005, "{ones}");
    }
}
