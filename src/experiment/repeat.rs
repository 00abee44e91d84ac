//! Repeated runs of an experiment's configurations: which runs to make —
//! one per seed on the virtual engine (`--seeds`), repetitions on the real
//! one (`--reps`) — and each figure as a [`Summary`] over them, read back
//! from files that may predate repetition (a plain number is a summary of
//! one run) and checked before anything is drawn.

use super::stats::Summary;
use crate::spec::EngineConfig;
use serde::{Deserialize, Deserializer};

/// One run of every configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunId {
    /// Its index, from 0, in the order the runs are made.
    pub rep: u32,
    /// The virtual engine's seed; `None` on the real engine.
    pub seed: Option<u64>,
}

impl RunId {
    /// The one run of an experiment that is not repeated: the engine's
    /// own seed.
    pub const ONCE: RunId = RunId { rep: 0, seed: None };

    /// The engine of this run: `engine` with this run's seed, if it has one.
    pub fn engine(&self, engine: &EngineConfig) -> EngineConfig {
        let mut e = engine.clone();
        if let Some(s) = self.seed {
            e.seed = s;
        }
        e
    }

    /// The seed this run records: its own, the engine's on the virtual
    /// engine, none on the real one.
    pub fn recorded_seed(&self, engine: &EngineConfig) -> Option<u64> {
        engine
            .is_virtual()
            .then(|| self.seed.unwrap_or(engine.seed))
    }
}

/// The runs to make of each configuration, from `--seeds` and `--reps`
/// (and whether `--seed` was given): on the virtual engine one per seed
/// listed, or `--reps N` seeds from `--seed` (default 1) up, as a sweep's
/// repetitions; on the real engine `--reps N` repetitions (`--seeds` is an
/// error there). Neither: one run. The error is a usage message.
pub fn plan(
    engine: &EngineConfig,
    seeds: Option<&[u64]>,
    reps: Option<u32>,
    seed_given: bool,
) -> Result<Vec<RunId>, String> {
    let runs = |seeds: &mut dyn Iterator<Item = Option<u64>>| {
        seeds
            .enumerate()
            .map(|(rep, seed)| RunId {
                rep: rep as u32,
                seed,
            })
            .collect()
    };
    match (seeds, reps) {
        (Some(_), Some(_)) => {
            Err("--seeds and --reps both say how many runs to make: give one".into())
        }
        (Some(_), None) if !engine.is_virtual() => Err(
            "--seeds applies to the virtual engine only (add --engine virtual); on the real \
             engine --reps N repeats each configuration"
                .into(),
        ),
        (Some(_), None) if seed_given => {
            Err("--seed and --seeds both given: --seeds lists every seed to run".into())
        }
        (Some(list), None) => Ok(runs(&mut list.iter().map(|s| Some(*s)))),
        (None, Some(n)) if engine.is_virtual() => {
            let base = engine.seed;
            base.checked_add(u64::from(n) - 1).ok_or_else(|| {
                format!("--reps {n} from --seed {base}: the seeds would pass 2^64 - 1")
            })?;
            Ok(runs(&mut (0..u64::from(n)).map(|i| Some(base + i))))
        }
        (None, Some(n)) => Ok(runs(&mut (0..n).map(|_| None))),
        (None, None) => Ok(vec![RunId::ONCE]),
    }
}

/// Reads a figure written as a [`Summary`], or as a plain number by a
/// gilsim from before repeated runs (a summary of that one run).
pub fn summary_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Summary, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Figure {
        Number(f64),
        Summary(Summary),
    }
    match Figure::deserialize(d) {
        Ok(Figure::Number(x)) => Ok(Summary::of(&[x])),
        Ok(Figure::Summary(s)) => Ok(s),
        Err(_) => Err(serde::de::Error::custom(
            "a figure is a number or a summary {n, mean, sd, median, min, max, ci_lo, ci_hi}",
        )),
    }
}

/// Checks a summary read from a file: `n` at least 1 and at most
/// [`super::seeds::MAX_SEEDS`], every figure finite; the mean (named
/// `what`), median, min and max within `lo..=hi`; `min <= median <= max`,
/// `min <= mean <= max` and `ci_lo <= mean <= ci_hi` (up to rounding); a
/// standard deviation >= 0 and within `hi - lo`. The interval's ends may
/// pass `lo` and `hi` (a mean near 0 with some spread), by at most the
/// range again.
pub fn check_summary(what: &str, s: &Summary, lo: f64, hi: f64) -> Result<(), String> {
    use super::results::check_range;
    if s.n == 0 || s.n as usize > super::seeds::MAX_SEEDS {
        return Err(format!(
            "{what}.n is {}, not from 1 to {}",
            s.n,
            super::seeds::MAX_SEEDS
        ));
    }
    check_range(what, s.mean, lo, hi)?;
    for (name, v) in [("median", s.median), ("min", s.min), ("max", s.max)] {
        check_range(&format!("{what}.{name}"), v, lo, hi)?;
    }
    let span = hi - lo;
    check_range(&format!("{what}.sd"), s.sd, 0.0, span)?;
    for (name, v) in [("ci_lo", s.ci_lo), ("ci_hi", s.ci_hi)] {
        check_range(&format!("{what}.{name}"), v, lo - span, hi + span)?;
    }
    let slack = 1e-9 * s.max.abs().max(s.min.abs()).max(1e-300);
    let le = |a: f64, b: f64| a <= b + slack;
    if !(le(s.min, s.median) && le(s.median, s.max)) {
        return Err(format!(
            "{what}: min {}, median {}, max {} are out of order",
            s.min, s.median, s.max
        ));
    }
    if !(le(s.min, s.mean) && le(s.mean, s.max)) {
        return Err(format!(
            "{what}: the mean {} lies outside min..max ({}..{})",
            s.mean, s.min, s.max
        ));
    }
    if !(le(s.ci_lo, s.mean) && le(s.mean, s.ci_hi)) {
        return Err(format!(
            "{what}: the mean {} lies outside its interval {}..{}",
            s.mean, s.ci_lo, s.ci_hi
        ));
    }
    Ok(())
}

/// A figure for a table: `mean ± half-width` of its 95% interval with
/// `prec` decimals after scaling by `k`, or the plain value for one run.
pub fn pm(s: &Summary, k: f64, prec: usize) -> String {
    if s.n > 1 {
        format!("{:.prec$} ± {:.prec$}", s.mean * k, s.half_width() * k)
    } else {
        format!("{:.prec$}", s.mean * k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_follow_the_engine() {
        let virt = EngineConfig {
            seed: 7,
            ..EngineConfig::virtual_machine(2)
        };
        let real = EngineConfig::default();
        let seeds: Vec<Option<u64>> = plan(&virt, Some(&[3, 1]), None, false)
            .unwrap()
            .iter()
            .map(|r| r.seed)
            .collect();
        assert_eq!(seeds, [Some(3), Some(1)]);
        let reps = plan(&virt, None, Some(3), true).unwrap();
        assert_eq!(
            reps.iter().map(|r| (r.rep, r.seed)).collect::<Vec<_>>(),
            [(0, Some(7)), (1, Some(8)), (2, Some(9))]
        );
        assert_eq!(plan(&real, None, Some(2), false).unwrap().len(), 2);
        assert_eq!(plan(&real, None, None, false).unwrap(), [RunId::ONCE]);
        assert_eq!(RunId::ONCE.recorded_seed(&virt), Some(7));
        assert_eq!(RunId::ONCE.recorded_seed(&real), None);
        for (e, s, r, given, fragment) in [
            (&real, Some(&[1u64][..]), None, false, "virtual engine only"),
            (&virt, Some(&[1][..]), Some(2), false, "give one"),
            (&virt, Some(&[1][..]), None, true, "--seed and --seeds"),
        ] {
            let err = plan(e, s, r, given).unwrap_err();
            assert!(err.contains(fragment), "{err}");
        }
        let top = EngineConfig {
            seed: u64::MAX,
            ..EngineConfig::virtual_machine(1)
        };
        assert!(plan(&top, None, Some(2), true).is_err());
        assert_eq!(plan(&top, None, Some(1), true).unwrap().len(), 1);
    }

    #[test]
    fn old_numbers_read_as_one_run() {
        #[derive(Deserialize)]
        struct F {
            #[serde(deserialize_with = "summary_or_number")]
            x: Summary,
        }
        let f: F = serde_json::from_str(r#"{"x": 2.5}"#).unwrap();
        assert_eq!((f.x.n, f.x.mean, f.x.ci_hi), (1, 2.5, 2.5));
        let s = Summary::of(&[1.0, 2.0, 4.0]);
        let text = format!(r#"{{"x": {}}}"#, serde_json::to_string(&s).unwrap());
        assert_eq!(serde_json::from_str::<F>(&text).unwrap().x, s);
        let e = serde_json::from_str::<F>(r#"{"x": "many"}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("a figure is a number or a summary"), "{e}");
    }

    #[test]
    fn summaries_are_checked() {
        let s = Summary::of(&[0.1, 0.1, 0.1]);
        check_summary("loss", &s, 0.0, 1.0).unwrap();
        // A mean near 0 with spread: the interval may start below it.
        check_summary("loss", &Summary::of(&[0.0, 0.0, 0.03]), 0.0, 1.0).unwrap();
        let bad = [
            (Summary { n: 0, ..s }, "loss.n is 0"),
            (Summary { mean: 2.0, ..s }, "loss is 2, above 1"),
            (Summary { max: f64::NAN, ..s }, "loss.max is NaN"),
            (Summary { min: 0.2, ..s }, "out of order"),
            (Summary { ci_hi: 0.05, ..s }, "outside its interval"),
            (Summary { sd: -1.0, ..s }, "loss.sd is -1"),
        ];
        for (b, fragment) in bad {
            let e = check_summary("loss", &b, 0.0, 1.0).unwrap_err();
            assert!(e.contains(fragment), "{fragment}: {e}");
        }
        assert_eq!(pm(&s, 100.0, 1), "10.0 ± 0.0");
        assert_eq!(pm(&Summary::of(&[3.0]), 1.0, 2), "3.00");
    }
}
