//! `gilsim compare A.json B.json`: do two sweeps' configurations differ
//! beyond noise? Cells are matched on every parameter the two files
//! share; the parameters whose values differ between the files (the
//! policy, the switch interval, the engine's cores...) are what is being
//! compared. Each matched pair gets Welch's 95% interval of the
//! difference of means ([`super::stats::Diff`]).

use super::results::{Cell, SweepResults};
use super::stats::{Diff, Summary};
use crate::error::Error;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The figure compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    /// Wall time (lower is better).
    Wall,
    /// Speedup over the fewest threads (higher is better).
    Speedup,
    /// GIL holder changes.
    Switches,
    /// Share of time waiting for the GIL.
    GilWait,
}

impl Figure {
    fn of(self, c: &Cell) -> Summary {
        match self {
            Figure::Wall => c.wall_ns.scaled(1e-6),
            Figure::Speedup => c.speedup,
            Figure::Switches => c.switches,
            Figure::GilWait => c.gil_wait_share.scaled(100.0),
        }
    }

    /// What the figure is, for the table's title.
    pub fn describe(self) -> &'static str {
        match self {
            Figure::Wall => "wall time (ms)",
            Figure::Speedup => "speedup",
            Figure::Switches => "GIL switches",
            Figure::GilWait => "time waiting for the GIL (%)",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Figure::Wall => "ms",
            Figure::Speedup => "x",
            Figure::Switches => "",
            Figure::GilWait => "%",
        }
    }
}

/// One matched pair of cells.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    /// The shared parameters that vary within the files (what tells
    /// pairs apart).
    pub cell: String,
    /// A's summary.
    pub a: Summary,
    /// B's summary.
    pub b: Summary,
    /// B against A.
    pub diff: Diff,
}

/// The whole comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The figure compared.
    pub figure: Figure,
    /// What differs between the files: `parameter: A value(s) -> B value(s)`.
    pub differs_in: Vec<String>,
    /// Every matched pair.
    pub pairs: Vec<Pair>,
    /// Cells of A with no match in B, and of B with none in A.
    pub unmatched: usize,
}

/// The parameters of a cell, by name, as text.
fn params(c: &Cell, engine: &str) -> Vec<(&'static str, String)> {
    let opt = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
    vec![
        ("engine", engine.to_string()),
        ("workload", c.workload.clone()),
        ("scaling", c.scaling.clone()),
        ("runtime", c.runtime.clone().unwrap_or_else(|| "-".into())),
        ("mode", c.mode.clone()),
        ("policy", c.policy.clone()),
        (
            "switch interval",
            c.switch_interval_ns
                .map_or("-".into(), crate::duration::format_ns),
        ),
        ("check interval", opt(c.check_interval)),
        ("cores", c.cores.to_string()),
        ("threads", c.threads.to_string()),
    ]
}

fn values(r: &SweepResults, i: usize) -> BTreeSet<String> {
    r.cells
        .iter()
        .map(|c| params(c, &r.header.engine)[i].1.clone())
        .collect()
}

/// Compares `b` against `a` on `figure`.
pub fn compare(a: &SweepResults, b: &SweepResults, figure: Figure) -> Result<Comparison, Error> {
    let names: Vec<&str> = params(&a.cells[0], "").iter().map(|p| p.0).collect();
    // A parameter is matched on when both files hold the same values of it.
    let mut matched = Vec::new();
    let mut differs_in = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (va, vb) = (values(a, i), values(b, i));
        if va == vb {
            matched.push(i);
        } else {
            let show = |v: &BTreeSet<String>| v.iter().cloned().collect::<Vec<_>>().join(",");
            differs_in.push(format!("{name}: {} -> {}", show(&va), show(&vb)));
        }
    }
    if differs_in.is_empty() {
        differs_in.push("nothing (the same grid): repeated measurements".into());
    }
    let key = |r: &SweepResults, c: &Cell| -> Vec<String> {
        let p = params(c, &r.header.engine);
        matched.iter().map(|&i| p[i].1.clone()).collect()
    };
    let mut in_b: HashMap<Vec<String>, Vec<&Cell>> = HashMap::new();
    for c in &b.cells {
        in_b.entry(key(b, c)).or_default().push(c);
    }
    // Parameters that vary within A name the pairs.
    let varying: Vec<usize> = matched
        .iter()
        .copied()
        .filter(|&i| values(a, i).len() > 1)
        .collect();
    let mut pairs = Vec::new();
    let mut unmatched = 0;
    let mut used = 0;
    for c in &a.cells {
        let k = key(a, c);
        match in_b.get(&k).map(Vec::as_slice) {
            Some([other]) => {
                used += 1;
                let p = params(c, &a.header.engine);
                let cell = varying
                    .iter()
                    .map(|&i| format!("{} {}", p[i].1, p[i].0))
                    .collect::<Vec<_>>()
                    .join(", ");
                let (sa, sb) = (figure.of(c), figure.of(other));
                if sa.n == 0 || sb.n == 0 {
                    unmatched += 1;
                    continue;
                }
                pairs.push(Pair {
                    cell: if cell.is_empty() { "all".into() } else { cell },
                    a: sa,
                    b: sb,
                    diff: Diff::welch(&sa, &sb),
                });
            }
            Some(_) => {
                return Err(Error::Usage(format!(
                    "the files differ in more than one way per cell ({}): compare files that differ in one parameter, or in one value of several",
                    differs_in.join("; ")
                )))
            }
            None => unmatched += 1,
        }
    }
    unmatched += b.cells.len() - used;
    if pairs.is_empty() {
        return Err(Error::Usage(format!(
            "no cell of one file matches a cell of the other (they differ in {})",
            differs_in.join("; ")
        )));
    }
    Ok(Comparison {
        figure,
        differs_in,
        pairs,
        unmatched,
    })
}

/// The comparison as a readable table. Each mean is printed to the
/// precision of its interval's half-width, and each difference with its
/// interval at a precision where the interval's two ends read apart
/// whenever they differ ([`interval_decimals`]).
pub fn table(c: &Comparison) -> String {
    use std::fmt::Write;
    let u = c.figure.unit();
    let mut s = format!(
        "comparing {} (B against A; 95% Welch intervals of the difference of means)\ndiffers in: {}\n",
        c.figure.describe(),
        c.differs_in.join("; ")
    );
    let show = |x: &Summary| {
        let (mean, hw) = mean_pm(x.mean, x.half_width());
        format!("{mean} ± {hw} ({})", x.n)
    };
    let mut differ = 0;
    let rows: Vec<[String; 5]> = c
        .pairs
        .iter()
        .map(|p| {
            let verdict = if p.diff.significant {
                differ += 1;
                "differs"
            } else {
                "within noise"
            };
            [
                p.cell.clone(),
                show(&p.a),
                show(&p.b),
                diff_text(&p.diff, u),
                verdict.to_string(),
            ]
        })
        .collect();
    let head = [
        "cell",
        "A mean ± ci (n)",
        "B mean ± ci (n)",
        "B - A [95% ci] (relative)",
        "verdict",
    ];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let _ = writeln!(
        s,
        "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {}",
        head[0], head[1], head[2], head[3], head[4]
    );
    for r in &rows {
        let _ = writeln!(
            s,
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {}",
            r[0], r[1], r[2], r[3], r[4]
        );
    }
    let _ = writeln!(
        s,
        "{differ} of {} cells differ beyond noise{}",
        c.pairs.len(),
        if c.unmatched > 0 {
            format!("; {} cells had no match", c.unmatched)
        } else {
            String::new()
        }
    );
    s
}

/// The most decimals a figure is printed with: past it, two `f64`s of
/// the magnitudes compared here read apart if they differ at all.
const MAX_DECIMALS: usize = 20;

/// Decimals that show `v` to `sig` significant digits (none for 0 and
/// for numbers that have `sig` digits before the point).
fn sig_decimals(v: f64, sig: i32) -> usize {
    let a = v.abs();
    if a == 0.0 || !a.is_finite() {
        return 0;
    }
    ((sig - 1 - a.log10().floor() as i32).max(0) as usize).min(MAX_DECIMALS)
}

/// Decimals at which an interval `[lo, hi]` prints: three significant
/// digits of its larger end, and more while the two ends would read the
/// same though they differ — `[-198.36, -198.02]`, never `[-198, -198]`.
/// Equal ends stay at three digits.
pub fn interval_decimals(lo: f64, hi: f64) -> usize {
    let mut d = sig_decimals(lo.abs().max(hi.abs()), 3);
    while lo != hi && d < MAX_DECIMALS && format!("{lo:.d$}") == format!("{hi:.d$}") {
        d += 1;
    }
    d
}

/// A difference with its interval, both ends and the point estimate at
/// the interval's precision, then the relative difference:
/// `-198.19 [-198.36, -198.02]ms (-87.2%)`.
pub fn diff_text(d: &Diff, unit: &str) -> String {
    let k = interval_decimals(d.ci_lo, d.ci_hi);
    let rel = if d.relative.is_finite() {
        format!(" ({:+.1}%)", d.relative * 100.0)
    } else {
        String::new()
    };
    format!(
        "{:.k$} [{:.k$}, {:.k$}]{unit}{rel}",
        d.diff, d.ci_lo, d.ci_hi
    )
}

/// A mean and the half-width of its interval, both to the precision of
/// the half-width (two significant digits of it, and at least the mean's
/// three): `227.36 ± 0.14`, or `227 ± 0` with no spread.
pub fn mean_pm(mean: f64, half_width: f64) -> (String, String) {
    let k = sig_decimals(mean, 3).max(sig_decimals(half_width, 2));
    (format!("{mean:.k$}"), format!("{half_width:.k$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(diff: f64, lo: f64, hi: f64, relative: f64) -> Diff {
        Diff {
            diff,
            relative,
            ci_lo: lo,
            ci_hi: hi,
            df: 8.0,
            significant: lo > 0.0 || hi < 0.0,
        }
    }

    /// The two ends of a printed interval.
    fn ends(text: &str) -> (String, String) {
        let inner = &text[text.find('[').unwrap() + 1..text.find(']').unwrap()];
        let (lo, hi) = inner.split_once(", ").unwrap();
        (lo.to_string(), hi.to_string())
    }

    #[test]
    fn a_narrow_interval_keeps_its_width() {
        // The case that printed `[-198, -198]ms`: one decimal tells the
        // ends apart.
        let t = diff_text(&diff(-198.19, -198.36, -198.02, -0.872), "ms");
        assert_eq!(t, "-198.2 [-198.4, -198.0]ms (-87.2%)");
        // Here it takes two.
        let t = diff_text(&diff(-81.92, -81.93, -81.91, -0.793), "ms");
        assert_eq!(t, "-81.92 [-81.93, -81.91]ms (-79.3%)");
    }

    #[test]
    fn ends_that_differ_always_read_apart() {
        for (lo, hi) in [
            (-198.36, -198.02),
            (1000.0, 1000.4),
            (123_456.7, 123_456.71),
            (0.000_12, 0.000_13),
            (5.0, 5.000_000_1),
            (-1e-9, 1e-9),
            (1e6, 1e6 + 1e-6),
            (99.996, 99.9961),
        ] {
            let t = diff_text(&diff((lo + hi) / 2.0, lo, hi, 0.1), "");
            let (a, b) = ends(&t);
            assert_ne!(a, b, "{lo} and {hi} print alike: {t}");
            // The point estimate has the ends' precision.
            let point = t.split(' ').next().unwrap();
            let decimals = |x: &str| x.split_once('.').map_or(0, |(_, f)| f.len());
            assert_eq!(decimals(point), decimals(&a), "{t}");
            assert_eq!(decimals(&a), decimals(&b), "{t}");
        }
    }

    #[test]
    fn wide_and_exact_intervals_stay_short() {
        assert_eq!(
            diff_text(&diff(-20.0, -35.2, -4.8, -0.1), "%"),
            "-20.0 [-35.2, -4.8]% (-10.0%)"
        );
        assert_eq!(
            diff_text(&diff(-150.0, -160.0, -140.0, f64::NAN), "ms"),
            "-150 [-160, -140]ms"
        );
        // No spread on either side: the difference is exact, the ends equal.
        assert_eq!(
            diff_text(&diff(-198.0, -198.0, -198.0, -0.5), "x"),
            "-198 [-198, -198]x (-50.0%)"
        );
        assert_eq!(interval_decimals(0.0, 0.0), 0);
        assert_eq!(interval_decimals(2.5, 2.5), 2);
    }

    #[test]
    fn means_print_to_their_half_widths_precision() {
        assert_eq!(mean_pm(227.3612, 0.141), ("227.36".into(), "0.14".into()));
        assert_eq!(mean_pm(29.04, 0.112), ("29.04".into(), "0.11".into()));
        assert_eq!(mean_pm(227.0, 0.0), ("227".into(), "0".into()));
        assert_eq!(mean_pm(1.234, 25.0), ("1.23".into(), "25.00".into()));
        assert_eq!(mean_pm(0.0, 0.0), ("0".into(), "0".into()));
        assert_eq!(mean_pm(0.141, 0.0), ("0.141".into(), "0.000".into()));
    }

    #[test]
    fn the_table_shows_the_point_estimate_and_a_wide_enough_interval() {
        let a = Summary::of(&[198.2, 198.3, 198.4, 198.5, 198.6]);
        let b = Summary::of(&[0.20, 0.21, 0.22, 0.23, 0.24]);
        let c = Comparison {
            figure: Figure::Wall,
            differs_in: vec!["policy: newgil -> io-priority".into()],
            pairs: vec![Pair {
                cell: "1 threads".into(),
                a,
                b,
                diff: Diff::welch(&a, &b),
            }],
            unmatched: 0,
        };
        let t = table(&c);
        let row = t.lines().find(|l| l.starts_with("1 threads")).unwrap();
        let (lo, hi) = ends(row);
        assert_ne!(lo, hi, "{t}");
        assert!(row.contains("-198.2 [-198.4, -198.0]ms (-99.9%)"), "{t}");
        assert!(row.contains("198.40 ± 0.20 (5)"), "{t}");
        assert!(row.ends_with("differs"), "{t}");
        // Every row lines up under the header.
        let head = t.lines().nth(2).unwrap();
        assert_eq!(head.find("verdict"), row.find("differs"), "{t}");
    }
}
