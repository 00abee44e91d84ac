use gilsim::asm::assemble;
use gilsim::bytecode::Program;
use gilsim::run::{run_single, RunOptions};
use gilsim::vm::{Capture, Value};
use std::sync::Arc;

/// Assembles `src`, panicking with the rendered diagnostics on failure.
pub fn program(src: &str) -> Arc<Program> {
    match assemble("test.pyasm", src) {
        Ok(p) => Arc::new(p),
        Err(d) => panic!("assembly failed:\n{d}"),
    }
}

/// The outcome of running a program: printed lines, then either the
/// returned value (as a literal) or the error.
pub struct Ran {
    pub lines: Vec<String>,
    pub result: Result<String, gilsim::Error>,
}

/// Runs `main` with `args`, capturing output.
pub fn run_with(p: Arc<Program>, args: Vec<Value>) -> Ran {
    let out = Arc::new(Capture::default());
    let opts = RunOptions {
        args,
        ..RunOptions::default()
    };
    let result = run_single(p, &opts, out.clone()).map(|r| r.returned.to_literal());
    Ran {
        lines: out.lines(),
        result,
    }
}

/// Assembles and runs `main()` of `src`.
pub fn run(src: &str) -> Ran {
    run_with(program(src), vec![])
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
