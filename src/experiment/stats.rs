//! Statistics of repeated measurements: a [`Summary`] (n, mean, standard
//! deviation, median, min, max and a 95% confidence interval of the mean)
//! and [`Diff`], Welch's comparison of two samples.
//!
//! # Method
//!
//! The confidence interval is Student's t-interval of the mean,
//! `mean ± t(0.975, n-1) · sd / √n`, with the sample standard deviation
//! (`n - 1` in the denominator). It assumes runs are independent draws of
//! roughly normal noise — true enough for wall times over seeds of the
//! virtual engine and for repetitions on a quiet machine; with one run the
//! interval is the single value and says nothing (n = 1 is reported).
//! Two samples differ *beyond noise* when the 95% Welch interval of the
//! difference of their means (Welch–Satterthwaite degrees of freedom)
//! excludes zero. No random numbers are drawn, so every figure is the
//! same on every machine.

use serde::{Deserialize, Serialize};

/// The confidence level of every interval.
pub const CONFIDENCE: f64 = 0.95;

/// How the intervals are computed, as recorded in results files.
pub const CI_METHOD: &str = "95% Student t-interval of the mean (sample sd, n-1 df)";

/// n, mean, sd, median, min, max and the 95% confidence interval of the
/// mean of a sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Sample size.
    pub n: u32,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (0 when n < 2).
    pub sd: f64,
    /// Median (the mean of the middle two when n is even).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Lower end of the 95% confidence interval of the mean.
    pub ci_lo: f64,
    /// Upper end of the 95% confidence interval of the mean.
    pub ci_hi: f64,
}

impl Summary {
    /// The summary of `xs` (all zero for an empty sample).
    pub fn of(xs: &[f64]) -> Summary {
        if xs.is_empty() {
            return Summary::default();
        }
        let n = xs.len();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = if n > 1 {
            xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        } else {
            0.0
        };
        let sd = var.sqrt();
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        let half = if n > 1 {
            t_quantile_975(n as f64 - 1.0) * sd / (n as f64).sqrt()
        } else {
            0.0
        };
        Summary {
            n: n as u32,
            mean,
            sd,
            median,
            min: sorted[0],
            max: sorted[n - 1],
            ci_lo: mean - half,
            ci_hi: mean + half,
        }
    }

    /// The summary of integer measurements.
    pub fn of_u64(xs: &[u64]) -> Summary {
        Summary::of(&xs.iter().map(|&x| x as f64).collect::<Vec<_>>())
    }

    /// Half the width of the confidence interval.
    pub fn half_width(&self) -> f64 {
        (self.ci_hi - self.ci_lo) / 2.0
    }

    /// Every figure multiplied by `k` (> 0): a change of unit.
    pub fn scaled(&self, k: f64) -> Summary {
        Summary {
            n: self.n,
            mean: self.mean * k,
            sd: self.sd * k,
            median: self.median * k,
            min: self.min * k,
            max: self.max * k,
            ci_lo: self.ci_lo * k,
            ci_hi: self.ci_hi * k,
        }
    }
}

/// Student's t quantile at 0.975 for `df` degrees of freedom (> 0):
/// exact table values to 30, then the Cornish-Fisher expansion (error
/// below 1e-4 from 30 on), tending to the normal 1.95996.
pub fn t_quantile_975(df: f64) -> f64 {
    const TABLE: [f64; 30] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010,
        2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];
    if df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df < 30.0 {
        // Welch's df is fractional: interpolate between table rows (in
        // 1/df, where t is nearly linear).
        let lo = df.floor().max(1.0);
        let hi = lo + 1.0;
        let (tl, th) = (TABLE[lo as usize - 1], TABLE[hi as usize - 1]);
        if df <= 1.0 {
            return TABLE[0];
        }
        let w = (1.0 / lo - 1.0 / df) / (1.0 / lo - 1.0 / hi);
        return tl + w * (th - tl);
    }
    let z: f64 = 1.959_963_985;
    let z3 = z.powi(3);
    let z5 = z.powi(5);
    let z7 = z.powi(7);
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
}

/// Welch's comparison of two samples' means.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// `mean(b) - mean(a)`.
    pub diff: f64,
    /// The difference relative to `mean(a)` (NaN if that is 0).
    pub relative: f64,
    /// Lower end of the 95% Welch interval of the difference.
    pub ci_lo: f64,
    /// Upper end of the 95% Welch interval of the difference.
    pub ci_hi: f64,
    /// Welch–Satterthwaite degrees of freedom (infinite when both samples
    /// have no spread).
    pub df: f64,
    /// Whether the interval excludes 0: the means differ beyond noise.
    pub significant: bool,
}

impl Diff {
    /// Compares `a` and `b` (each with n >= 1). With no spread on either
    /// side the difference is exact and any non-zero difference counts;
    /// with one run on a side that has spread elsewhere, that side's
    /// variance is unknown and the other side's stands in for it.
    pub fn welch(a: &Summary, b: &Summary) -> Diff {
        let diff = b.mean - a.mean;
        let relative = if a.mean != 0.0 {
            diff / a.mean
        } else {
            f64::NAN
        };
        let var = |s: &Summary, other: &Summary| {
            if s.n > 1 {
                s.sd * s.sd
            } else {
                other.sd * other.sd
            }
        };
        let (va, vb) = (var(a, b), var(b, a));
        let (na, nb) = (a.n.max(1) as f64, b.n.max(1) as f64);
        let se2 = va / na + vb / nb;
        if se2 == 0.0 {
            return Diff {
                diff,
                relative,
                ci_lo: diff,
                ci_hi: diff,
                df: f64::INFINITY,
                significant: diff != 0.0,
            };
        }
        let denom =
            (va / na).powi(2) / (na - 1.0).max(1.0) + (vb / nb).powi(2) / (nb - 1.0).max(1.0);
        let df = se2 * se2 / denom;
        let half = t_quantile_975(df) * se2.sqrt();
        Diff {
            diff,
            relative,
            ci_lo: diff - half,
            ci_hi: diff + half,
            df,
            significant: diff - half > 0.0 || diff + half < 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn a_summary_matches_hand_computed_figures() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd sqrt(32/7).
        let s = Summary::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.n, 8);
        assert!(close(s.mean, 5.0, 1e-12));
        assert!(close(s.sd, (32.0f64 / 7.0).sqrt(), 1e-12));
        assert!(close(s.median, 4.5, 1e-12));
        assert_eq!((s.min, s.max), (2.0, 9.0));
        // t(0.975, 7) = 2.3646.
        let half = 2.3646 * s.sd / 8f64.sqrt();
        assert!(close(s.ci_lo, 5.0 - half, 1e-9) && close(s.ci_hi, 5.0 + half, 1e-9));
        let one = Summary::of(&[3.0]);
        assert_eq!((one.n, one.sd, one.ci_lo, one.ci_hi), (1, 0.0, 3.0, 3.0));
        assert_eq!(Summary::of(&[]).n, 0);
        assert!(close(Summary::of(&[1.0, 2.0, 3.0]).median, 2.0, 0.0));
    }

    #[test]
    fn t_quantiles_follow_the_table_and_tend_to_the_normal() {
        assert!(close(t_quantile_975(1.0), 12.7062, 1e-9));
        assert!(close(t_quantile_975(10.0), 2.2281, 1e-9));
        // Published: t(0.975, 40) = 2.0211, t(0.975, 120) = 1.9799.
        assert!(close(t_quantile_975(40.0), 2.0211, 2e-4));
        assert!(close(t_quantile_975(120.0), 1.9799, 2e-4));
        assert!(close(t_quantile_975(1e9), 1.96, 1e-3));
        let mid = t_quantile_975(4.5);
        assert!(mid < t_quantile_975(4.0) && mid > t_quantile_975(5.0));
        // Monotone decreasing across the table's end.
        assert!(t_quantile_975(29.5) > t_quantile_975(30.0));
        assert!(t_quantile_975(30.0) > t_quantile_975(31.0));
    }

    #[test]
    fn welch_tells_noise_from_a_shift() {
        let a = Summary::of(&[10.0, 11.0, 9.0, 10.5, 9.5]);
        let same = Summary::of(&[10.2, 9.8, 10.9, 9.3, 10.1]);
        let shifted = Summary::of(&[14.0, 15.0, 13.0, 14.5, 13.5]);
        assert!(!Diff::welch(&a, &same).significant);
        let d = Diff::welch(&a, &shifted);
        assert!(d.significant && close(d.diff, 4.0, 1e-12) && close(d.relative, 0.4, 1e-12));
        assert!(d.ci_lo > 0.0 && d.ci_hi > d.ci_lo);
        // Equal variances and sizes: df = 2(n-1) = 8.
        assert!(close(d.df, 8.0, 1e-9));
        // Exact samples: any difference is real, none is not.
        let x = Summary::of(&[5.0, 5.0]);
        let y = Summary::of(&[6.0, 6.0]);
        assert!(Diff::welch(&x, &y).significant && !Diff::welch(&x, &x).significant);
    }
}
