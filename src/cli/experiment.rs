//! `gilsim experiment`: the convoy and ccbench experiments (and `load`,
//! in its own module) from their flags, a `--runtime` preset's lock in
//! place of `--policies`/`--switch-intervals` where one is given.

use super::{check_all_writable, draw_chart, load, policies, preset, write_json, ExperimentKind};
use crate::engine;
use crate::error::{check_writable, exit, Error};

/// Runs the experiment `kind` names; its exit code.
pub(super) fn experiment(kind: ExperimentKind) -> Result<i32, Error> {
    use crate::experiment::{ccbench, convoy};
    match kind {
        ExperimentKind::Load(a) => return load::load(*a),
        ExperimentKind::Convoy {
            policies: names,
            switch_intervals,
            old_intervals,
            runtime,
            out,
            engine,
            repeat,
            chart,
        } => {
            let given: Vec<u64> = switch_intervals.into_iter().chain(old_intervals).collect();
            let preset = preset::gil_preset(
                "convoy",
                runtime.as_deref(),
                !names.is_empty(),
                !given.is_empty(),
            )?;
            let (policies, intervals_ns) = match (preset, given.is_empty()) {
                (Some((_, g)), true) => (vec![g.policy], vec![g.switch_interval_ns]),
                (Some((_, g)), false) => (vec![g.policy], given),
                (None, true) => (
                    policies(names)?,
                    convoy::ConvoyConfig::default().intervals_ns,
                ),
                (None, false) => (policies(names)?, given),
            };
            let output = chart.output()?;
            let config = engine.config()?;
            let cfg = convoy::ConvoyConfig {
                policies,
                intervals_ns,
                runs: repeat.runs(&engine, &config)?,
                engine: config,
                ..Default::default()
            };
            let (json, csv) = (out.with_extension("json"), out.with_extension("csv"));
            check_all_writable(&[&json, &csv])?;
            for f in output.files(&out) {
                check_writable(&f)?;
            }
            let r = convoy::run_under(&cfg, preset.map(|p| p.0))?;
            out!("{}", convoy::table(&r));
            write_json(&json, &r)?;
            r.write_csv(&csv)?;
            outln!("wrote {}", csv.display());
            draw_chart(
                &crate::plot::convoy::ConvoyChart { results: &r },
                &out,
                &output,
            )?;
        }
        ExperimentKind::Ccbench {
            policies: names,
            switch_interval,
            runtime,
            ms,
            out,
            engine: flags,
            repeat,
        } => {
            let preset = preset::gil_preset(
                "ccbench",
                runtime.as_deref(),
                !names.is_empty(),
                switch_interval.is_some(),
            )?;
            let (policies, switch_interval) = match preset {
                Some((_, g)) => (
                    vec![g.policy],
                    switch_interval.unwrap_or(g.switch_interval_ns),
                ),
                None => (
                    policies(names)?,
                    switch_interval.unwrap_or(engine::DEFAULT_SWITCH_INTERVAL_NS),
                ),
            };
            let engine = flags.config()?;
            let runs = repeat.runs(&flags, &engine)?;
            let json = out.with_extension("json");
            check_writable(&json)?;
            let r = ccbench::run_under(
                &policies,
                switch_interval,
                ms,
                &engine,
                &runs,
                preset.map(|p| p.0),
            )?;
            out!("{}", ccbench::tables(&r));
            write_json(&json, &r)?;
        }
    }
    Ok(exit::OK)
}
