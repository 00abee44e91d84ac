//! The sample timelines of `gilsim report`: the convoy program traced
//! under `newgil`, and beside `io-priority`.

use crate::engine::RunConfig;
use crate::error::Error;
use crate::gil::PolicyId;
use crate::plot::timeline::{draw, TimelineData};
use crate::vm::{Capture, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Traces programs/convoy.pyasm (30 waits of 0.5 ms beside 10M count-down
/// iterations) under each policy, writes the traces and draws the
/// timelines into `dir`; returns the files written.
pub fn convoy_timelines(
    dir: &Path,
    engine: &crate::engine::EngineConfig,
    output: &crate::plot::Output,
) -> Result<Vec<PathBuf>, Error> {
    let program = Arc::new(
        crate::asm::assemble(
            "programs/convoy.pyasm",
            include_str!("../../programs/convoy.pyasm"),
        )
        .expect("the built-in sample assembles"),
    );
    let mut files = Vec::new();
    let mut data = Vec::new();
    for policy in ["newgil", "io-priority"] {
        let cfg = RunConfig {
            args: vec![Value::Int(30), Value::Float(0.0005), Value::Int(10_000_000)],
            policy: PolicyId::named(policy).expect("a registered policy"),
            engine: engine.clone(),
            trace: true,
            ..RunConfig::default()
        };
        let sink = Arc::new(Capture::default());
        let crate::engine::RunOutput { report, trace } =
            crate::engine::run(Arc::clone(&program), &cfg, sink.clone(), sink)?;
        if report.end != crate::metrics::RunEnd::Ok {
            return Err(Error::Experiment(format!(
                "convoy under {policy} ended {:?}",
                report.end
            )));
        }
        let path = dir.join(format!("trace_convoy_{policy}.json"));
        trace.expect("tracing was on").write(&path)?;
        data.push(TimelineData::read(&path)?);
        files.push(path);
    }
    for (name, slice) in [
        ("timeline_convoy", &data[..1]),
        ("timeline_convoy_policies", &data[..]),
    ] {
        // --series picks lines of the sweep's charts, not these threads.
        let style = crate::plot::Style {
            series: Vec::new(),
            ..output.style.clone()
        };
        for f in &output.formats {
            let out = dir.join(format!("{name}.{}", f.extension()));
            draw(slice, &out, 0.0, Some(40.0), &style)?;
            files.push(out);
        }
    }
    Ok(files)
}
