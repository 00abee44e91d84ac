//! Log axes that mark only what they label: a tick, a label and a light
//! grid line at each of a few round values (1-2-5 of each decade, or 1-3,
//! or the decades alone, as many as the axis has room for), and nothing
//! between them. plotters' own log axis puts a grid line at every minor
//! step (2, 3, ... 9) whether labelled or not, which makes a busy grid.

use super::style::Style;
use plotters::coord::combinators::{BindKeyPoints, IntoLogRange, LogCoord, WithKeyPoints};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// Mantissas of the ticks in one decade, finest first; a set is taken
/// only if its labels are far enough apart on the axis.
const STEPS: [&[f64]; 4] = [
    &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    &[1.0, 2.0, 5.0],
    &[1.0, 3.0],
    &[1.0],
];

/// Labels closer than this many label heights are too close.
const GAP: f64 = 1.5;

/// The round values to mark on a log axis from `lo` to `hi` (both > 0)
/// that is `axis_px` pixels long with labels `label_px` pixels tall: the
/// finest of 1-2-5, 1-3 and decades (every decade, else every 2nd, 3rd,
/// ...) whose neighbours stay [`GAP`] label heights apart; every integer
/// mantissa only on an axis of less than a decade, where 1-2-5 would give
/// fewer than three marks; on an axis too short for any of them, its
/// first and last decade.
pub fn log_ticks(lo: f64, hi: f64, axis_px: f64, label_px: f64) -> Vec<f64> {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !(lo > 0.0 && hi.is_finite()) || hi <= lo {
        return Vec::new();
    }
    let decades = (hi / lo).log10();
    // The least gap between two labels, in decades.
    let need = GAP * label_px / axis_px.max(1.0) * decades;
    let (e0, e1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let within = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let ticks_of = |ms: &[f64], every: i32| -> Vec<f64> {
        let mut v = Vec::new();
        for e in e0..=e1 {
            if (e - e0) % every != 0 {
                continue;
            }
            for m in ms {
                let t = m * 10f64.powi(e);
                if within(t) {
                    v.push(t);
                }
            }
        }
        v
    };
    let least_gap = |ts: &[f64]| {
        ts.windows(2)
            .map(|w| (w[1] / w[0]).log10())
            .fold(f64::INFINITY, f64::min)
    };
    let fits = |ts: &[f64]| ts.len() >= 2 && least_gap(ts) >= need;
    let one_two_five = ticks_of(STEPS[1], 1);
    for (i, ms) in STEPS.iter().enumerate() {
        if i == 0 && one_two_five.len() >= 3 {
            continue;
        }
        let ts = ticks_of(ms, 1);
        if fits(&ts) {
            return ts;
        }
    }
    for every in 2..=(e1 - e0).max(2) {
        let ts = ticks_of(&[1.0], every);
        if fits(&ts) {
            return ts;
        }
    }
    // No room for even that: the first and last decade, to show the scale.
    let decades = ticks_of(&[1.0], 1);
    match (decades.first(), decades.last()) {
        (Some(a), Some(b)) if a != b => vec![*a, *b],
        _ => decades,
    }
}

/// A log axis from `lo` to `hi` marked at [`log_ticks`] for an axis
/// `axis_px` pixels long with the mesh labels of `style`.
pub fn log_axis(lo: f64, hi: f64, axis_px: i32, style: &Style) -> WithKeyPoints<LogCoord<f64>> {
    let ticks = log_ticks(lo, hi, axis_px as f64, style.px(16.0) as f64);
    (lo..hi).log_scale().with_key_points(ticks)
}

/// A linear axis with a tick (and label) at each of `marks` and nowhere
/// else: the rows of a chart of rows, where a column of rows shorter than
/// the axis must not have ticks below its last row.
pub struct Marked {
    inner: RangedCoordf64,
    marks: Vec<f64>,
}

impl Marked {
    /// The axis over `range`, marked at `marks`.
    pub fn new(range: Range<f64>, marks: Vec<f64>) -> Marked {
        Marked {
            inner: range.into(),
            marks,
        }
    }
}

impl Ranged for Marked {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.marks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

impl ValueFormatter<f64> for Marked {
    fn format(value: &f64) -> String {
        RangedCoordf64::format(value)
    }
}

/// A log axis label: the value without float noise (0.3, not
/// 0.30000000000000004; 20, not 20.000000000000004).
pub fn log_label(v: &f64) -> String {
    if *v >= 1.0 {
        format!("{v:.0}")
    } else {
        let digits = (-v.log10().floor()).max(0.0) as usize + 1;
        let s = format!("{v:.digits$}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x / y - 1.0).abs() < 1e-9)
    }

    #[test]
    fn a_tall_axis_marks_one_two_five_and_a_short_one_fewer() {
        let t = log_ticks(1.0, 100.0, 400.0, 16.0);
        assert!(
            close(&t, &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]),
            "{t:?}"
        );
        let t = log_ticks(1.0, 100.0, 110.0, 16.0);
        assert!(close(&t, &[1.0, 3.0, 10.0, 30.0, 100.0]), "{t:?}");
        let t = log_ticks(1.0, 100.0, 60.0, 16.0);
        assert!(close(&t, &[1.0, 10.0, 100.0]), "{t:?}");
        let t = log_ticks(0.001, 1000.0, 100.0, 16.0);
        assert!(
            close(&t, &[0.001, 0.1, 10.0, 1000.0]),
            "every other decade: {t:?}"
        );
        let t = log_ticks(1.0, 45.0, 10.0, 16.0);
        assert!(close(&t, &[1.0, 10.0]), "{t:?}");
    }

    #[test]
    fn ticks_are_distinct_within_range_and_far_enough_apart() {
        for (lo, hi, px) in [
            (0.001, 40.0, 200.0),
            (2.0, 300.0, 180.0),
            (1.0, 1e6, 500.0),
            (0.05, 0.7, 300.0),
        ] {
            let t = log_ticks(lo, hi, px, 16.0);
            assert!(t.len() >= 2, "{lo} {hi}: {t:?}");
            assert!(
                t.iter().all(|v| *v >= lo * 0.999 && *v <= hi * 1.001),
                "{t:?}"
            );
            for w in t.windows(2) {
                let gap = (w[1] / w[0]).log10() / (hi / lo).log10() * px;
                assert!(gap >= 16.0 * GAP - 1e-6, "{lo} {hi}: {t:?}");
            }
        }
    }

    #[test]
    fn less_than_a_decade_takes_every_whole_mantissa_that_fits() {
        let t = log_ticks(20.0, 90.0, 400.0, 16.0);
        assert!(t.len() >= 3, "{t:?}");
        assert!(t.contains(&20.0) && t.contains(&50.0), "{t:?}");
    }

    #[test]
    fn labels_carry_no_float_noise() {
        assert_eq!(log_label(&(3.0 * 10f64.powi(-1))), "0.3");
        assert_eq!(log_label(&(2.0 * 10f64.powi(-3))), "0.002");
        assert_eq!(log_label(&(2.0 * 10f64.powi(1))), "20");
        assert_eq!(log_label(&1.0), "1");
        assert_eq!(log_label(&1000.0), "1000");
    }
}
