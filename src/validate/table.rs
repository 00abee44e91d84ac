//! `gilsim validate`'s results: one row per interpreter and figure, with
//! the real figure, gilsim's on both engines and their deviations; as a
//! text table, and as JSON that `gilsim plot validate` redraws.

use super::{per_round, Options, Side, Values};
use crate::error::Error;
use crate::experiment::machine::Machine;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A figure's values over the rounds on one side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stat {
    /// The median: the figure.
    pub median: f64,
    /// The smallest round's value.
    pub min: f64,
    /// The largest round's value.
    pub max: f64,
    /// Every round's value, in order.
    pub rounds: Vec<f64>,
}

impl Stat {
    /// The statistics of `v` (not empty).
    pub fn of(v: &[f64]) -> Stat {
        let mut s = v.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        let n = s.len();
        let median = if n == 0 {
            f64::NAN
        } else if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2.0
        };
        Stat {
            median,
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            rounds: v.to_vec(),
        }
    }
}

/// One row: a figure of one interpreter, real and modelled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The interpreter, e.g. `3.11` or `2.7`.
    pub python: String,
    /// The runtime preset gilsim ran it with.
    pub runtime: String,
    /// The figure.
    pub figure: String,
    /// Its family (`cpu`, `io`, `convoy`, `pipeline`).
    pub family: String,
    /// The largest relative deviation allowed, if it has a target.
    pub target: Option<f64>,
    /// Measured on the real interpreter.
    pub real: Stat,
    /// gilsim's real engine.
    pub gilsim_real: Stat,
    /// gilsim's virtual engine.
    pub gilsim_virtual: Stat,
    /// gilsim real / real - 1.
    pub deviation_real: f64,
    /// gilsim virtual / real - 1.
    pub deviation_virtual: f64,
}

impl Row {
    /// Whether both engines are within the target (`None`: no target).
    pub fn within(&self) -> Option<bool> {
        self.target.map(|t| {
            self.deviation_real.abs() <= t + 1e-12 && self.deviation_virtual.abs() <= t + 1e-12
        })
    }
}

/// Everything `gilsim validate` measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateResults {
    /// gilsim's version.
    pub gilsim_version: String,
    /// The machine it ran on.
    pub machine: Machine,
    /// Rounds per figure.
    pub rounds: u32,
    /// Simulated cores of the virtual engine.
    pub cores: u32,
    /// The interpreters, as found.
    pub pythons: Vec<super::Python>,
    /// The rows, interpreter by interpreter.
    pub rows: Vec<Row>,
}

/// The rows made from what the runs gave.
pub fn build(opts: &Options, values: &Values) -> ValidateResults {
    let mut rows = Vec::new();
    for (i, py) in opts.pythons.iter().enumerate() {
        for f in super::figures_of(opts, py) {
            let stat = |side| Stat::of(&per_round(values, i, side, &f));
            let (real, gr, gv) = (
                stat(Side::Python),
                stat(Side::GilsimReal),
                stat(Side::GilsimVirtual),
            );
            rows.push(Row {
                python: py.short(),
                runtime: py.runtime.clone(),
                figure: f.name.clone(),
                family: f.family.to_string(),
                target: f.target,
                deviation_real: gr.median / real.median - 1.0,
                deviation_virtual: gv.median / real.median - 1.0,
                real,
                gilsim_real: gr,
                gilsim_virtual: gv,
            });
        }
    }
    ValidateResults {
        gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
        machine: Machine::this(),
        rounds: opts.rounds,
        cores: opts.cores,
        pythons: opts.pythons.clone(),
        rows,
    }
}

fn num(v: f64) -> String {
    if !v.is_finite() {
        "-".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{:+.1}%", v * 100.0)
    } else {
        "-".into()
    }
}

impl ValidateResults {
    /// The rows with a target that a deviation misses.
    pub fn missed(&self) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|r| r.within() == Some(false))
            .collect()
    }

    /// The table as text: one line per row, then a verdict.
    pub fn text(&self) -> String {
        let mut s = format!(
            "gilsim {} validate: {} round{} per figure, medians; virtual engine on {} cores; {} ({} cores)\n",
            self.gilsim_version,
            self.rounds,
            if self.rounds == 1 { "" } else { "s" },
            self.cores,
            self.machine.cpu_model,
            self.machine.cores
        );
        for p in &self.pythons {
            s += &format!(
                "  python {} = {} ({}), modelled by --runtime {}\n",
                p.short(),
                p.binary.display(),
                p.version,
                p.runtime
            );
        }
        let w = self
            .rows
            .iter()
            .map(|r| r.figure.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        s += &format!(
            "\n{:<4} {:<w$} {:>9} {:>9} {:>9} {:>8} {:>8} {:>6}  ok\n",
            "py", "figure", "real", "gs real", "gs virt", "dev real", "dev virt", "target"
        );
        for r in &self.rows {
            s += &format!(
                "{:<4} {:<w$} {:>9} {:>9} {:>9} {:>8} {:>8} {:>6}  {}\n",
                r.python,
                r.figure,
                num(r.real.median),
                num(r.gilsim_real.median),
                num(r.gilsim_virtual.median),
                pct(r.deviation_real),
                pct(r.deviation_virtual),
                r.target
                    .map_or("-".into(), |t| format!("±{:.0}%", t * 100.0)),
                match r.within() {
                    Some(true) => "yes",
                    Some(false) => "NO",
                    None => "",
                }
            );
        }
        let targeted = self.rows.iter().filter(|r| r.target.is_some()).count();
        let missed = self.missed().len();
        s += &format!(
            "\n{} of {targeted} figures with a target are within it on both engines{}\n",
            targeted - missed,
            if missed == 0 {
                "."
            } else {
                "; the rows marked NO miss it."
            }
        );
        s
    }

    /// Writes the results as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).expect("results serialise");
        std::fs::write(path, text + "\n").map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads results written by [`ValidateResults::save`].
    pub fn load(path: &Path) -> Result<ValidateResults, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let r: ValidateResults = serde_json::from_str(&text).map_err(|e| Error::Results {
            path: path.to_path_buf(),
            message: format!("{}:{}: not validate results: {e}", e.line(), e.column()),
        })?;
        if r.rows.is_empty() {
            return Err(Error::Results {
                path: path.to_path_buf(),
                message: "no rows".into(),
            });
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(Stat::of(&[3.0, 1.0, 2.0]).median, 2.0);
        assert_eq!(Stat::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
        let s = Stat::of(&[2.0, 5.0]);
        assert_eq!((s.min, s.max, s.rounds.clone()), (2.0, 5.0, vec![2.0, 5.0]));
    }

    fn row(dr: f64, dv: f64, target: Option<f64>) -> Row {
        let s = Stat::of(&[1.0]);
        Row {
            python: "3.11".into(),
            runtime: "cpython-3.11".into(),
            figure: "f".into(),
            family: "cpu".into(),
            target,
            real: s.clone(),
            gilsim_real: s.clone(),
            gilsim_virtual: s,
            deviation_real: dr,
            deviation_virtual: dv,
        }
    }

    #[test]
    fn a_row_is_within_only_if_both_engines_are() {
        assert_eq!(row(0.05, -0.09, Some(0.10)).within(), Some(true));
        assert_eq!(row(0.05, -0.11, Some(0.10)).within(), Some(false));
        assert_eq!(row(0.12, 0.0, Some(0.10)).within(), Some(false));
        assert_eq!(row(0.5, 0.5, None).within(), None);
        assert_eq!(row(f64::NAN, 0.0, Some(0.1)).within(), Some(false));
    }
}
