use gilsim::asm::assemble;
use gilsim::bytecode::Program;
use gilsim::engine::{Mode, RunConfig};
use gilsim::metrics::RunReport;
use gilsim::vm::{Capture, Value};
use std::sync::Arc;

/// Assembles `src`, panicking with the rendered diagnostics on failure.
pub fn program(src: &str) -> Arc<Program> {
    match assemble("test.pyasm", src) {
        Ok(p) => Arc::new(p),
        Err(d) => panic!("assembly failed:\n{d}"),
    }
}

/// The outcome of running a program: printed lines, stderr lines, and the
/// report (or the setup error).
pub struct Ran {
    pub lines: Vec<String>,
    pub errors: Vec<String>,
    pub report: Result<RunReport, gilsim::Error>,
}

impl Ran {
    /// The report, which must exist.
    pub fn report(&self) -> &RunReport {
        self.report.as_ref().expect("the run started")
    }
}

/// Runs a program with a configuration, capturing output.
pub fn run_cfg(p: Arc<Program>, cfg: &RunConfig) -> Ran {
    let out = Arc::new(Capture::default());
    let err = Arc::new(Capture::default());
    let report = gilsim::engine::run(p, cfg, out.clone(), err.clone()).map(|o| o.report);
    Ran {
        lines: out.lines(),
        errors: err.lines(),
        report,
    }
}

/// Runs `main(args)` on one thread in gil mode.
pub fn run_with(p: Arc<Program>, args: Vec<Value>) -> Ran {
    run_cfg(
        p,
        &RunConfig {
            args,
            ..RunConfig::default()
        },
    )
}

/// Runs `main(args)` on `threads` harness threads in `mode`.
pub fn run_mode(p: Arc<Program>, args: Vec<Value>, threads: u32, mode: Mode) -> Ran {
    run_cfg(
        p,
        &RunConfig {
            args,
            threads,
            mode,
            ..RunConfig::default()
        },
    )
}

/// Assembles and runs `main()` of `src`.
pub fn run(src: &str) -> Ran {
    run_with(program(src), vec![])
}

/// The first runtime error message of a run (`Kind: message`).
pub fn first_error(r: &Ran) -> String {
    let rep = r.report();
    rep.errors.first().cloned().unwrap_or_default()
}

/// The error message of a failed assembly of `src`.
pub fn asm_error(src: &str) -> String {
    match assemble("bad.pyasm", src) {
        Ok(_) => panic!("expected an assembly error for:\n{src}"),
        Err(d) => d.to_string(),
    }
}

/// Path of a file in the repository.
pub fn repo_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Reads and assembles a sample from programs/.
pub fn sample(name: &str) -> Arc<Program> {
    let path = repo_path(&format!("programs/{name}"));
    let src = std::fs::read_to_string(&path).unwrap();
    Arc::new(assemble(&path.display().to_string(), &src).unwrap_or_else(|d| panic!("{d}")))
}
