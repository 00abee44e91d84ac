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

/// The comparison as a readable table.
pub fn table(c: &Comparison) -> String {
    use std::fmt::Write;
    let u = c.figure.unit();
    let mut s = format!(
        "comparing {} (B against A; 95% Welch intervals of the difference of means)\ndiffers in: {}\n",
        c.figure.describe(),
        c.differs_in.join("; ")
    );
    let width = c
        .pairs
        .iter()
        .map(|p| p.cell.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        s,
        "{:<width$}  {:>22}  {:>22}  {:>24}  verdict",
        "cell", "A mean ± ci (n)", "B mean ± ci (n)", "B - A (95% ci)"
    );
    let show = |x: &Summary| format!("{} ± {} ({})", fmt(x.mean), fmt(x.half_width()), x.n);
    let mut differ = 0;
    for p in &c.pairs {
        let rel = if p.diff.relative.is_finite() {
            format!("{:+.1}%", p.diff.relative * 100.0)
        } else {
            "".into()
        };
        let verdict = if p.diff.significant {
            differ += 1;
            "differs"
        } else {
            "within noise"
        };
        let _ = writeln!(
            s,
            "{:<width$}  {:>22}  {:>22}  {:>24}  {verdict}",
            p.cell,
            show(&p.a),
            show(&p.b),
            format!("{rel} [{}, {}]{u}", fmt(p.diff.ci_lo), fmt(p.diff.ci_hi)),
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

/// A figure with three significant digits or so.
fn fmt(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 || a == 0.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}
